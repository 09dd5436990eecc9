"""DiSC personality type per respondent, type shares and indices by type (how each type is
served, for readers, is :data:`csvalue.report.management.SERVICE_GUIDE`).

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


def subscale_means(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Mean answer per DiSC subscale (columns D, I, S, C present in the codebook).

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> subscale_means(generate(20, seed=1), load_codebook()).columns.tolist()
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
    >>> from csvalue.instrument.codebook import load_codebook
    >>> disc_types(df, load_codebook()).tolist()
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


def type_shares(types: pd.Series, weights: pd.Series | None = None) -> pd.DataFrame:
    """n and share (%) of each DiSC type among respondents with a type (D, I, S, C, mixed);
    the share weighted by the survey ``weights`` (aligned with ``types``) when given."""
    order = [*SUBSCALES, MIXED]
    counts = types.dropna().value_counts().reindex(order, fill_value=0)
    total = int(counts.sum())
    share = 100 * counts.to_numpy() / total if total else np.nan
    if weights is not None and not np.all(np.asarray(weights) == 1):
        w = pd.Series(np.asarray(weights, dtype=float), index=types.index)
        sizes = w.groupby(types).sum().reindex(order, fill_value=0.0)
        share = 100 * sizes.to_numpy() / sizes.sum() if sizes.sum() else np.nan
    return pd.DataFrame({"disc_type": order, "n": counts.to_numpy(), "share": share})


def indices_by_type(respondents: pd.DataFrame,
                    indices: tuple[str, ...] = ("cs100", "cls", "cvi", "nps_score"),
                    disclosure_min: int = 5) -> pd.DataFrame:
    """Mean of each index per DiSC type (n per type; cells under ``disclosure_min`` are NaN),
    weighted by the respondents' ``weight`` when they carry one.

    ``nps_score`` is the respondent score (+100/0/−100), so its mean is the type's NPS.
    The company mean is published elsewhere, so one blanked type could be worked out from
    it and the other types' means and n: when exactly one type is blanked, the next-smallest
    type is blanked too (secondary suppression).
    """
    cols = [c for c in indices if c in respondents.columns]
    df = respondents.dropna(subset=["disc_type"])
    g = df.groupby("disc_type")
    out = g[cols].mean()
    if "weight" in df and not (df["weight"].fillna(1.0) == 1).all():
        # survey weights: each type's weighted means of the answered values
        w = df["weight"].fillna(1.0).to_numpy(dtype=float)
        for c in cols:
            x = df[c].to_numpy(dtype=float)
            ok = ~np.isnan(x)
            ww = pd.Series(np.where(ok, w, 0.0), index=df.index)
            out[c] = ((ww * np.where(ok, x, 0.0)).groupby(df["disc_type"]).sum()
                      / ww.groupby(df["disc_type"]).sum())
    out.insert(0, "n", g.size())
    order = [t for t in [*SUBSCALES, MIXED] if t in out.index]
    out = out.reindex(order)
    small = out["n"] < disclosure_min
    if small.sum() == 1 and len(out) > 1:
        small[out.loc[~small, "n"].idxmin()] = True
    out.loc[small, cols] = np.nan
    return out.reset_index()
