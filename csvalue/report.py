"""What the report chapters call: read the analysis results, format tables, draw charts,
glue numbers and write the headline sentences.

The chapter notebooks never recompute: they read the tables ``csvalue analyze`` wrote
(:func:`load_results`) and display them. Tables are shown as Markdown pipe tables
(:func:`show_table`), which render the same in HTML and in the printed PDF. Numbers in prose
are glued as plain Python floats (:func:`glue_number`).

Example
-------
>>> res = load_results("_build/results")                     # doctest: +SKIP
>>> headline_findings(res, load_codebook(), "2025")[0]       # doctest: +SKIP
'The Customer Value Index is 76.6 (95% CI 75.8–77.3), above its goal of 75.'
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from csvalue.analyze import Results
from csvalue.codebook import Codebook

INDEX_LABELS = {"cs": "CS", "repurchase": "Repurchase", "recommend": "Recommend", "cls": "CLS",
                "cvi": "CVI", "nps": "NPS"}
QUADRANT_LABELS = {"improve": "Improve (개선)", "strengthen": "Strengthen (강화)",
                   "discover": "Discover needs (욕구 발견)", "differentiate": "Differentiate (차별화)"}
ACTION_LABELS = {"create": "Create (창조)", "raise": "Raise (증가)",
                 "maintain": "Maintain/Reduce (유지/감소)", "review": "Review/Eliminate (재검토/제거)"}
#: Columns whose text identifies a respondent or quotes one: never displayed.
PRIVATE = ("resp_id", "voc")


def load_results(directory: str | Path) -> Results:
    """The tables written by ``csvalue analyze --out DIR`` (wave labels kept as text).

    Example
    -------
    >>> load_results("_build/results").indices.head()        # doctest: +SKIP
    """
    d = Path(directory)
    if not (d / "model.json").exists():
        raise FileNotFoundError(f"{d}: no analysis results (run csvalue analyze --out {d})")
    model = json.loads((d / "model.json").read_text(encoding="utf-8"))
    tables = {}
    for path in sorted(d.glob("*.csv")):
        if path.stem == "respondents" or path.stem.startswith("rejects"):
            continue  # respondent-level: never loaded into a published chapter
        try:
            tables[path.stem] = pd.read_csv(path, dtype={"wave": str, "wave_a": str,
                                                         "wave_b": str},
                                            keep_default_na=False, na_values=[""])
        except pd.errors.EmptyDataError:  # e.g. no change table for a single wave
            tables[path.stem] = pd.DataFrame()
    quality = {}
    if (d / "quality.json").exists():
        quality = json.loads((d / "quality.json").read_text(encoding="utf-8"))
    return Results(tables, model, quality)


def latest_wave(results: Results) -> str:
    """The last wave analysed (the report's headline wave)."""
    return str(results.model["waves"][-1]["wave"])


def label(codebook: Codebook, cid: str, korean: bool = True) -> str:
    """English label of a codebook id, with the Korean one in parentheses."""
    en = codebook.label(cid, "en")
    ko = codebook.label(cid, "ko")
    return f"{en} ({ko})" if korean and ko and ko != en else en


def glue_number(name: str, value: Any) -> float:
    """Glue a number for ``{glue:text}`` as a plain Python float (never a numpy scalar)."""
    from myst_nb import glue

    v = float(value)
    glue(name, v, display=False)
    return v


def glue_text(name: str, text: str) -> str:
    """Glue a sentence or word for ``{glue:text}``."""
    from myst_nb import glue

    glue(name, str(text), display=False)
    return text


def plural(n: float, singular: str, plural_form: str | None = None,
           with_number: bool = True) -> str:
    """``"1 wave"``, ``"2 waves"``: the noun agreeing with ``n`` (``plural_form`` for irregular
    nouns), with the number in front unless ``with_number=False``.

    Example
    -------
    >>> plural(1, "wave"), plural(2, "wave"), plural(3, "is", "are", with_number=False)
    ('1 wave', '2 waves', 'are')
    """
    word = singular if n == 1 else (plural_form or singular + "s")
    if not with_number:
        return word
    number = f"{n:,}" if float(n).is_integer() else f"{n:,.1f}"
    return f"{number.removesuffix('.0')} {word}"


def join_words(items: Iterable[str], conjunction: str = "and") -> str:
    """A list in prose: ``"a"``, ``"a and b"``, ``"a, b and c"``. When an item itself contains
    a comma (e.g. the label "Time, cost and work efficiency"), items are separated by
    semicolons so that the list stays readable: ``"a; time, cost and work efficiency; and c"``.

    Example
    -------
    >>> join_words(["peace of mind"]), join_words(["a", "b", "c"])
    ('peace of mind', 'a, b and c')
    >>> join_words(["stable operations", "time, cost and work efficiency"])
    'stable operations; and time, cost and work efficiency'
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    if any("," in i for i in items):
        return "; ".join(items[:-1]) + f"; {conjunction} " + items[-1]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def format_p(p: float, digits: int = 3) -> str:
    """A p-value for a table: ``"<0.001"`` below 10^-digits, else rounded; NaN → en dash.

    Example
    -------
    >>> format_p(2.5e-40), format_p(0.01390), format_p(float("nan"))
    ('<0.001', '0.014', '–')
    """
    if p is None or pd.isna(p):
        return "–"
    p = float(p)
    floor = 10.0 ** -digits
    if p < floor:
        return f"<{floor:.{digits}f}"
    return f"{min(p, 1.0):.{digits}f}"


def p_phrase(p: float, digits: int = 3) -> str:
    """A p-value for prose: ``"p < 0.001"`` or ``"p = 0.014"``."""
    text = format_p(p, digits)
    return f"p < {text[1:]}" if text.startswith("<") else f"p = {text}"


def format_number(v: Any, digits: int = 1, sign: bool = False) -> str:
    """A number with thousands separators and ``digits`` decimals; never ``"-0.0"``; NaN → en
    dash; ``sign=True`` adds ``+`` to positive numbers (a change) and uses a true minus."""
    if v is None or pd.isna(v):
        return "–"
    text = f"{float(v):,.{digits}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if sign:
        text = text.replace("-", "−") if text.startswith("-") else (
            text if float(text.replace(",", "")) == 0 else "+" + text)
    return text


#: Column names shown to readers as p-values (formatted by :func:`format_p`).
P_COLUMNS = ("p", "p_value", "p-value", "p value")
_NUMBER = r"[<>≤≥+\-−]?\s?\d[\d,]*(\.\d+)?\s?%?"
#: A number, a range of two ("74.6–76.0") or a number with its interval ("76.6 (75.8–77.3)").
_NUMERIC_TEXT = re.compile(rf"{_NUMBER}(\s*–\s*{_NUMBER})?(\s*\(.*\))?")


def _is_missing(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def _numeric_column(values: pd.Series) -> bool:
    texts = [str(v).strip() for v in values if not _is_missing(v) and str(v).strip() != "–"]
    return bool(texts) and all(_NUMERIC_TEXT.fullmatch(t) for t in texts)


def table_markdown(frame: pd.DataFrame, digits: int | dict[str, int] = 1) -> str:
    """A DataFrame as a Markdown pipe table (renders in HTML and PDF alike).

    Cells are formatted here and printed as they are (tabulate never re-parses them, so
    ``"76.0"`` stays ``"76.0"``): floats with ``digits`` decimals (a dict gives them per column;
    counts, columns named ``n`` or ``n_…``, default to 0) and thousands separators, integers
    with separators (not wave or year numbers), p-value columns (:data:`P_COLUMNS`) as ``"<0.001"``, booleans as yes/no, NaN as an en dash.
    Numeric columns (and text columns whose cells are all numbers) are right-aligned.
    Private columns (:data:`PRIVATE`) are refused.

    Example
    -------
    >>> print(table_markdown(pd.DataFrame({"a": [1.234, np.nan], "p": [0.2, 1e-9]}), 2))
    |    a |      p |
    |-----:|-------:|
    | 1.23 |  0.200 |
    |    – | <0.001 |
    """
    bad = [c for c in frame.columns if str(c).lower() in PRIVATE]
    if bad:
        raise ValueError(f"refusing to publish respondent-level columns {bad}")
    out = pd.DataFrame(index=frame.index)
    align = []
    for col in frame.columns:
        s = frame[col]
        name = str(col).strip().lower()
        count = name == "n" or name.startswith("n_")
        given = digits.get(col) if isinstance(digits, dict) else (None if count else digits)
        kind = s.dtype.kind
        if name in P_COLUMNS and kind in "fiu":
            out[col] = s.map(lambda v, nd=max(given or 3, 3): format_p(v, nd))
            align.append("right")
        elif kind == "b":
            out[col] = s.map({True: "yes", False: "no"})
            align.append("left")
        elif kind == "f":
            nd = given if given is not None else (0 if count else 1)
            out[col] = s.map(lambda v, nd=nd: format_number(v, nd))
            align.append("right")
        elif kind in "iu" or str(s.dtype) in ("Int64", "Int32", "UInt64"):
            plain = "wave" in name or "year" in name
            out[col] = s.map(lambda v, plain=plain: "–" if _is_missing(v) else
                             (str(int(v)) if plain else f"{int(v):,}"))
            align.append("right")
        else:
            out[col] = s.map(lambda v: "–" if _is_missing(v) else str(v))
            align.append("right" if _numeric_column(out[col]) else "left")
    return out.to_markdown(index=False, colalign=align, disable_numparse=True)


def show_table(frame: pd.DataFrame, digits: int | dict[str, int] = 1) -> None:
    """Display :func:`table_markdown` in a notebook."""
    from IPython.display import Markdown, display

    display(Markdown(table_markdown(frame, digits)))


def glue_figure(name: str, fig: plt.Figure) -> None:
    """Glue a figure for a ``{glue:figure}`` directive (which carries caption and alt text)."""
    from myst_nb import glue

    glue(name, fig, display=False)
    plt.close(fig)


# ---------------------------------------------------------------------------------------
# Tables for the chapters
# ---------------------------------------------------------------------------------------

def one(frame: pd.DataFrame, wave: str | None = None, scope: str | None = "company") -> pd.DataFrame:
    """Rows of one wave and scope."""
    out = frame
    if wave is not None and "wave" in out:
        out = out[out["wave"].astype(str) == str(wave)]
    if scope is not None and "scope" in out:
        out = out[out["scope"] == scope]
    return out.reset_index(drop=True)


def index_overview(results: Results, wave: str, scopes: Iterable[str] | None = None,
                   codebook: Codebook | None = None) -> pd.DataFrame:
    """Indices as a wide table: one row per scope, value with its interval per index."""
    t = one(results.indices, wave, None)
    if scopes is not None:
        t = t[t["scope"].isin(list(scopes))]
    t = t.assign(cell=[("–" if pd.isna(v) else f"{v:.1f} ({lo:.1f}–{hi:.1f})")
                       for v, lo, hi in zip(t["value"], t["ci_low"], t["ci_high"])])
    wide = t.pivot_table(index="scope", columns="index", values="cell", aggfunc="first",
                         sort=False)
    n = t[t["index"] == "cs"].set_index("scope")["n"]
    flag = t[t["index"] == "cs"].set_index("scope")["flag"]
    wide = wide.reindex(columns=[k for k in INDEX_LABELS if k in wide.columns])
    wide.columns = [INDEX_LABELS[c] for c in wide.columns]
    wide.insert(0, "n", n.reindex(wide.index).astype(int))
    wide["note"] = flag.reindex(wide.index).replace({"small_base": "small base (n < 30)",
                                                     "suppressed": "suppressed (n < 5)"})
    out = wide.reset_index().rename(columns={"scope": "group"})
    out["group"] = [_scope_label(s, codebook) for s in out["group"]]
    return out


def goals_table(results: Results, wave: str) -> pd.DataFrame:
    g = one(results.goals, wave, None)
    return pd.DataFrame({"Index": g["index"].map(INDEX_LABELS), "Goal": g["goal"],
                         "Result": g["value"], "95% CI low": g["ci_low"],
                         "95% CI high": g["ci_high"],
                         "Grade": np.where(g["met"].astype(bool), "met", "not met")})


def impact_table(results: Results, wave: str, layer: int, scope: str = "company",
                 codebook: Codebook | None = None) -> pd.DataFrame:
    """Significant impacts of one layer as predictors × outcomes (– = not significant)."""
    t = one(results.impacts, wave, scope)
    t = t[t["layer"] == layer]
    wide = t.pivot_table(index="predictor", columns="outcome", values="impact", aggfunc="first",
                         sort=False)
    r2 = t.drop_duplicates("outcome").set_index("outcome")[["r2", "n"]]
    wide = wide.reindex(columns=list(dict.fromkeys(t["outcome"])))
    if codebook is not None:
        wide.index = [label(codebook, p, False) for p in wide.index]
        wide.columns = [INDEX_LABELS.get(c, label(codebook, c, False)) for c in wide.columns]
    cells = wide.map(lambda v: "–" if pd.isna(v) else f"{v:.3f}")
    foot = pd.DataFrame([[f"{v:.3f}" for v in r2["r2"]], [f"{int(v):,}" for v in r2["n"]]],
                        index=["R²", "n"], columns=wide.columns)
    return pd.concat([cells, foot]).reset_index().rename(columns={"index": "driver"})


# ---------------------------------------------------------------------------------------
# Charts (every one titled and labelled; captions and alt text live in the chapter)
# ---------------------------------------------------------------------------------------

def index_chart(results: Results, wave: str, scopes: list[str], title: str,
                codebook: Codebook | None = None) -> plt.Figure:
    """CVI, CLS, CS and NPS per group with 95% intervals (NPS on its own axis)."""
    t = one(results.indices, wave, None)
    t = t[t["scope"].isin(scopes)]
    fig, axes = plt.subplots(1, 2, figsize=(9, 0.5 * len(scopes) + 2), sharey=True,
                             gridspec_kw={"width_ratios": [3, 1]})
    names = [_scope_label(s, codebook) for s in scopes]
    y = np.arange(len(scopes))
    for k, (idx, color) in enumerate((("cvi", "#1f4e79"), ("cls", "#2e86c1"), ("cs", "#85c1e9"))):
        part = t[t["index"] == idx].set_index("scope").reindex(scopes)
        err = np.vstack([part["value"] - part["ci_low"], part["ci_high"] - part["value"]])
        axes[0].errorbar(part["value"], y + (k - 1) * 0.22, xerr=err, fmt="o", color=color,
                         label=INDEX_LABELS[idx], capsize=3)
    part = t[t["index"] == "nps"].set_index("scope").reindex(scopes)
    err = np.vstack([part["value"] - part["ci_low"], part["ci_high"] - part["value"]])
    axes[1].errorbar(part["value"], y, xerr=err, fmt="s", color="#c0392b", capsize=3)
    axes[1].axvline(0, color="grey", lw=0.8)
    axes[0].set_yticks(y, names)
    axes[0].invert_yaxis()
    axes[0].set_xlabel("index (0–100), 95% interval")
    axes[1].set_xlabel("NPS (−100…100)")
    axes[0].legend(loc="lower left", fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def _scope_label(scope: str, codebook: Codebook | None) -> str:
    if scope == "company" or codebook is None or ":" not in scope:
        return "Company" if scope == "company" else scope
    cat, lev = scope.split(":", 1)
    item = codebook.item(cat) if codebook.has(cat) else None
    if item is not None:
        for code, en, _ko in item.category_labels:
            if code == lev:
                return f"{item.label_en}: {en}"
    return f"{cat}: {lev}"


def matrix_chart(matrix: pd.DataFrame, title: str, codebook: Codebook | None = None) -> plt.Figure:
    """The strategy matrix: importance (CVI impact) × gap, crosshairs, quadrant names."""
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    cx, cy = float(matrix["importance_cross"].iloc[0]), float(matrix["gap_cross"].iloc[0])
    colors = {"improve": "#c0392b", "strengthen": "#1f4e79", "discover": "#d68910",
              "differentiate": "#7f8c8d"}
    ax.scatter(matrix["importance"], matrix["gap"], s=70,
               c=[colors[q] for q in matrix["quadrant"]], zorder=3)
    for r in matrix.itertuples():
        name = codebook.label(r.value, "en") if codebook else r.value
        ax.annotate(name, (r.importance, r.gap), textcoords="offset points", xytext=(6, 4),
                    fontsize=9)
    ax.axvline(cx, color="grey", ls="--", lw=1)
    ax.axhline(cy, color="grey", ls="--", lw=1)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for q, (x, y, ha, va) in {"improve": (x1, y1, "right", "top"),
                              "strengthen": (x1, y0, "right", "bottom"),
                              "discover": (x0, y1, "left", "top"),
                              "differentiate": (x0, y0, "left", "bottom")}.items():
        ax.text(x, y, QUADRANT_LABELS[q].split(" (")[0], ha=ha, va=va, color=colors[q],
                fontsize=10, fontweight="bold", alpha=0.8)
    ax.set_xlabel("Importance: significant impact on CVI (standardized β)")
    ax.set_ylabel("Gap: expectation − satisfaction (0–100 points)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def errc_charts(errc: pd.DataFrame, values: list[str], title: str,
                codebook: Codebook | None = None) -> plt.Figure:
    """The ERRC grids of several target values as panels of one titled figure."""
    n = max(len(values), 1)
    cols = 2 if n > 1 else 1
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6 * cols, 4.2 * rows), squeeze=False)
    colors = {"create": "#1e8449", "raise": "#c0392b", "maintain": "#2e86c1", "review": "#7f8c8d"}
    for ax, value in zip(axes.ravel(), values):
        g = errc[errc["value"] == value]
        ax.scatter(g["impact"], g["satisfaction"], s=50, c=[colors[a] for a in g["action"]],
                   zorder=3)
        for r in g.itertuples():
            name = codebook.label(r.benefit, "en") if codebook else r.benefit
            ax.annotate(f"{name}: {r.action}", (r.impact, r.satisfaction),
                        textcoords="offset points", xytext=(4, 3), fontsize=7)
        if len(g):
            ax.axvline(float(g["impact_cross"].iloc[0]), color="grey", ls="--", lw=1)
            ax.axhline(float(g["satisfaction_cross"].iloc[0]), color="grey", ls="--", lw=1)
        ax.set_title(codebook.label(value, "en") if codebook else value, fontsize=10)
        ax.set_xlabel("impact on the value (β)")
        ax.set_ylabel("benefit satisfaction (0–100)")
    for ax in axes.ravel()[len(values):]:
        ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def bar_chart(frame: pd.DataFrame, x: str, y: str, title: str, xlabel: str, ylabel: str,
              color: str = "#2e86c1") -> plt.Figure:
    """A horizontal bar chart of one column (e.g. simulation gains, shares)."""
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(frame) + 1.5))
    ax.barh(frame[x].astype(str), frame[y], color=color)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    for i, v in enumerate(frame[y]):
        ax.text(v, i, f" {v:.1f}", va="center", fontsize=8)
    fig.tight_layout()
    return fig


def trend_chart(indices: pd.DataFrame, changes: pd.DataFrame, title: str) -> plt.Figure:
    """Each index across waves with 95% intervals; a star marks a significant change from the
    previous wave (independent samples, p < .05)."""
    names = [i for i in ("cvi", "cls", "cs", "nps") if i in set(indices["index"])]
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 3.4), squeeze=False)
    for ax, idx in zip(axes[0], names):
        t = indices[indices["index"] == idx].sort_values("wave")
        x = np.arange(len(t))
        err = np.vstack([t["value"] - t["ci_low"], t["ci_high"] - t["value"]])
        ax.errorbar(x, t["value"], yerr=err, fmt="o-", capsize=4, color="#1f4e79")
        ax.set_xticks(x, t["wave"].astype(str))
        ax.set_title(INDEX_LABELS[idx])
        ax.set_xlabel("wave")
        ax.set_ylabel("NPS points" if idx == "nps" else "index (0–100)")
        if len(changes):
            sig = changes[(changes["index"] == idx) & (changes["design"] == "independent")
                          & changes["significant"].astype(bool)]
            for wb in sig["wave_b"].astype(str):
                k = list(t["wave"].astype(str)).index(wb)
                ax.annotate("*", (k, t["ci_high"].iloc[k]), ha="center", fontsize=14,
                            color="#c0392b")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def migration_chart(matrix: pd.DataFrame, title: str, codebook: Codebook | None = None
                    ) -> plt.Figure:
    """Heat map of the loyalty-tier migration (row shares in %) with counts in the cells."""
    tiers = list(matrix["from_tier"])
    shares = matrix[[f"{t}_pct" for t in tiers]].to_numpy(float)
    counts = matrix[tiers].to_numpy(int)
    names = [codebook.label(t, "en") if codebook else t for t in tiers]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    im = ax.imshow(np.nan_to_num(shares), cmap="Blues", vmin=0, vmax=100)
    for i in range(len(tiers)):
        for j in range(len(tiers)):
            pct = "" if np.isnan(shares[i, j]) else f"{shares[i, j]:.0f}%"
            ax.text(j, i, f"{pct}\n(n={counts[i, j]})", ha="center", va="center", fontsize=8,
                    color="white" if np.nan_to_num(shares[i, j]) > 60 else "black")
    ax.set_xticks(range(len(tiers)), names)
    ax.set_yticks(range(len(tiers)), names)
    ax.set_xlabel("tier in the later wave")
    ax.set_ylabel("tier in the earlier wave")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="share of the row (%)")
    fig.tight_layout()
    return fig


def measurement_inventory(codebook: Codebook) -> pd.DataFrame:
    """What the survey measures, block by block, rendered from the codebook."""
    rows = []
    names = {"profile": "Profile", "benefit": "Benefit satisfaction",
             "benefit_expectation": "Benefit expectation", "value": "Value satisfaction",
             "value_expectation": "Value expectation", "index": "Index items",
             "competitor": "Competitor", "personality": "Personality (DiSC)",
             "voc": "Voice of the customer"}
    for block, name in names.items():
        items = codebook.block(block)
        if not items:
            continue
        scales = sorted({f"{it.scale[0]:g}–{it.scale[1]:g}" for it in items
                         if it.scale and it.kind == "scale"})
        rows.append({"block": name, "items": len(items),
                     "scale": ", ".join(scales) or ("categories" if block == "profile"
                                                     else "free text"),
                     "examples": ", ".join(it.label_en for it in items[:3])
                     + (" …" if len(items) > 3 else "")})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------
# Headline sentences
# ---------------------------------------------------------------------------------------

def headline_findings(results: Results, codebook: Codebook, wave: str | None = None) -> list[str]:
    """The executive summary's findings as sentences generated from the results.

    Example
    -------
    >>> headline_findings(load_results("_build/results"), load_codebook())  # doctest: +SKIP
    """
    wave = wave or latest_wave(results)
    out = []
    g = one(results.goals, wave, None).set_index("index")
    for idx in ("cvi", "cls", "nps"):
        if idx not in g.index:
            continue
        r = g.loc[idx]
        verdict = "meets" if bool(r["met"]) else "falls short of"
        unit = " points" if idx == "nps" else ""
        out.append(f"{INDEX_LABELS[idx]} is {r['value']:.1f}{unit} (95% CI {r['ci_low']:.1f} to "
                   f"{r['ci_high']:.1f}) and {verdict} its goal of {r['goal']:.0f}{unit}.")
    m = one(results.strategy_matrix, wave)
    for q in ("improve", "strengthen"):
        vals = [codebook.label(v, "en").lower() for v in m.loc[m["quadrant"] == q, "value"]]
        if vals:
            out.append(f"{QUADRANT_LABELS[q].split(' (')[0]}: {', '.join(vals)} "
                       f"{'matter most to CVI' if q == 'improve' else 'matters to CVI'} "
                       f"{'and fall short of expectations' if q == 'improve' else 'and already meets expectations'}.")
    sim = one(results.simulation, wave)
    sim = sim[sim["benefit"] != "all"]
    if len(sim) and "cvi" in sim:
        best = sim.loc[sim["cvi"].idxmax()]
        out.append(f"Of all benefits, raising {codebook.label(best['benefit'], 'en').lower()} by "
                   f"{best['delta']:.1f} points would lift CVI the most: "
                   f"+{best['cvi']:.1f} points.")
    if "changes" in results.tables and len(results.changes):
        c = results.changes
        c = c[(c["wave_b"] == wave) & (c["sample"] == "all") & (c["index"] == "cvi")]
        if len(c):
            r = c.iloc[0]
            sig = "a significant" if r["p_value"] < 0.05 else "not a significant"
            out.append(f"Since {r['wave_a']}, CVI moved by {r['change']:+.1f} points "
                       f"({sig} change, p = {r['p_value']:.3f}).")
    return out
