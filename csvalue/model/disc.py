"""DiSC personality type per respondent, type shares, indices by type, and what a type needs.

The source's measurement model adds a personality check (DiSC, slide 39) so that the company
serves each customer in the way that customer prefers. The codebook's ``personality`` block
lists the items; each item's ``key`` is its subscale (D, I, S or C). A respondent's type is the
subscale with the highest mean answer; a tie at the top is ``"mixed"``; a respondent who
answered no item of some subscale has no type (``None``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook

#: DiSC subscales in the usual order.
SUBSCALES = ("D", "I", "S", "C")
#: The type given when two or more subscales share the highest mean.
MIXED = "mixed"

#: What each type means for how the customer is served (our reading of slide 39: fast vs slow
#: pace, task vs relationship orientation).
SERVICE_GUIDE = pd.DataFrame(
    [
        ("D", "Dominance", "fast, task-oriented",
         "Wants results and control. Lead with the outcome and the numbers, offer clear "
         "options and let them decide; keep meetings short and fix problems fast."),
        ("I", "Influence", "fast, relationship-oriented",
         "Wants recognition and contact. Keep up personal visits and events, share new "
         "features early, and invite them to recommend and to speak for the product."),
        ("S", "Steadiness", "slow, relationship-oriented",
         "Wants stability and reassurance. Announce changes well ahead, train patiently, "
         "keep the same contact person and a dependable after-sales routine."),
        ("C", "Conscientiousness", "slow, task-oriented",
         "Wants accuracy and proof. Give documentation, specifications and procedures in "
         "writing, answer questions precisely, and show evidence before asking for a decision."),
        (MIXED, "Mixed", "no single preference",
         "No dominant style: ask how they like to be served and record it in the customer file."),
    ],
    columns=["disc_type", "name", "style", "how_to_serve"],
)


def subscale_means(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Mean answer per DiSC subscale (columns D, I, S, C present in the codebook).

    Example
    -------
    >>> subscale_means(wave.data, cb).columns.tolist()           # doctest: +SKIP
    ['D', 'I', 'S', 'C']
    """
    items = [it for it in codebook.block("personality") if it.id in data.columns]
    subs = [s for s in SUBSCALES if any(it.key == s for it in items)]
    return pd.DataFrame(
        {s: data[[it.id for it in items if it.key == s]].astype(float).mean(axis=1) for s in subs},
        index=data.index,
    )


def disc_types(data: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """Each respondent's DiSC type: the subscale with the highest mean; ties are ``"mixed"``.

    Returns a Series named ``disc_type`` (``None`` where a subscale has no answer, and for
    every row when the wave has no personality items).

    Example
    -------
    >>> df = pd.DataFrame({"disc_d1": [5, 3], "disc_d2": [4, 3], "disc_i1": [2, 3],
    ...                    "disc_i2": [2, 3], "disc_s1": [1, 1], "disc_s2": [1, 1],
    ...                    "disc_c1": [3, 2], "disc_c2": [3, 2]})
    >>> disc_types(df, load_codebook()).tolist()                   # doctest: +SKIP
    ['D', 'mixed']
    """
    means = subscale_means(data, codebook)
    if means.empty or means.shape[1] == 0:
        return pd.Series(None, index=data.index, name="disc_type", dtype=object)
    m = means.to_numpy()
    complete = ~np.isnan(m).any(axis=1)
    top = np.nanmax(np.where(complete[:, None], m, -np.inf), axis=1)
    # means of a few integer answers: compare with a tolerance, not bit for bit
    at_top = np.isclose(m, top[:, None], rtol=0, atol=1e-9)
    n_top = at_top.sum(axis=1)
    labels = np.asarray(means.columns, dtype=object)[at_top.argmax(axis=1)]
    out = np.where(n_top > 1, MIXED, labels).astype(object)
    out[~complete] = None
    return pd.Series(out, index=data.index, name="disc_type", dtype=object)


def type_shares(types: pd.Series) -> pd.DataFrame:
    """n and share (%) of each DiSC type among respondents with a type (D, I, S, C, mixed)."""
    order = [*SUBSCALES, MIXED]
    counts = types.dropna().value_counts().reindex(order, fill_value=0)
    total = int(counts.sum())
    return pd.DataFrame({
        "disc_type": order,
        "n": counts.to_numpy(),
        "share": 100 * counts.to_numpy() / total if total else np.nan,
    })


def indices_by_type(respondents: pd.DataFrame,
                    indices: tuple[str, ...] = ("cs100", "cls", "cvi", "nps_score"),
                    disclosure_min: int = 5) -> pd.DataFrame:
    """Mean of each index per DiSC type (n per type; cells under ``disclosure_min`` are NaN).

    ``nps_score`` is the respondent score (+100/0/−100), so its mean is the type's NPS.
    The company mean is published elsewhere, so one blanked type could be worked out from
    it and the other types' means and n: when exactly one type is blanked, the next-smallest
    type is blanked too (secondary suppression).
    """
    cols = [c for c in indices if c in respondents.columns]
    df = respondents.dropna(subset=["disc_type"])
    g = df.groupby("disc_type")
    out = g[cols].mean()
    out.insert(0, "n", g.size())
    order = [t for t in [*SUBSCALES, MIXED] if t in out.index]
    out = out.reindex(order)
    small = out["n"] < disclosure_min
    if small.sum() == 1 and len(out) > 1:
        small[out.loc[~small, "n"].idxmin()] = True
    out.loc[small, cols] = np.nan
    return out.reset_index()


# ---------------------------------------------------------------------------------------
# Display: the chapter's tables with readable headers
# ---------------------------------------------------------------------------------------

#: Index columns of :func:`indices_by_type` → display header.
INDEX_HEADERS = {"cs100": "CS", "cls": "CLS", "cvi": "CVI", "nps_score": "NPS"}


def type_name(code: str) -> str:
    """"D (Dominance)", … "Mixed" for a type code."""
    names = dict(zip(SERVICE_GUIDE["disc_type"], SERVICE_GUIDE["name"]))
    name = names.get(code, str(code))
    return name if code == MIXED else f"{code} ({name})"


def shares_display(shares: pd.DataFrame) -> pd.DataFrame:
    """:func:`type_shares` for display: Type, n, Share (%)."""
    return pd.DataFrame({"Type": [type_name(t) for t in shares["disc_type"]],
                         "n": shares["n"].to_numpy(),
                         "Share (%)": shares["share"].to_numpy(dtype=float)})


def indices_display(by_type: pd.DataFrame) -> pd.DataFrame:
    """:func:`indices_by_type` for display: Type, n, CS, CLS, CVI, NPS (mean per type)."""
    out = pd.DataFrame({"Type": [type_name(t) for t in by_type["disc_type"]],
                        "n": by_type["n"].to_numpy()})
    for col, head in INDEX_HEADERS.items():
        if col in by_type.columns:
            out[head] = by_type[col].to_numpy(dtype=float)
    return out


def guide_display() -> pd.DataFrame:
    """:data:`SERVICE_GUIDE` for display: Type, Pace and focus, How to serve."""
    return pd.DataFrame({"Type": [type_name(t) for t in SERVICE_GUIDE["disc_type"]],
                         "Pace and focus": SERVICE_GUIDE["style"].to_numpy(),
                         "How to serve": SERVICE_GUIDE["how_to_serve"].to_numpy()})
