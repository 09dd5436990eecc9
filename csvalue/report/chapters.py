"""What the report chapters call: read the analysis results, format tables, draw charts,
glue numbers and write the headline sentences.

The chapter notebooks never recompute: they read the tables ``csvalue analyze`` wrote
(:func:`load_results`) and display them. Tables are shown as Markdown pipe tables
(:func:`show_table`), which render the same in HTML and in the printed PDF; a result table is
made readable first with :func:`readable` (codebook labels instead of ids, readable headers),
the one place that renames columns for display. Numbers in prose are glued as plain Python
floats (:func:`glue_number`); lists and counts in prose use :func:`join_words` and
:func:`plural`.

Example
-------
>>> res = load_results("_build/results")                     # doctest: +SKIP
>>> show_table(readable(one(res.tasks, "2025"), load_codebook()))   # doctest: +SKIP
>>> headline_findings(res, load_codebook(), "2025")[0]       # doctest: +SKIP
'CVI is 76.6 (95% CI 75.8 to 77.3) and meets its goal of 75: the whole interval lies at or above the goal.'
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any, Iterable

import matplotlib.pyplot as plt
from matplotlib.text import Text
from matplotlib.transforms import Bbox
import numpy as np
import pandas as pd

from csvalue.pipeline.analyze import Results
from csvalue.instrument.codebook import Codebook
from csvalue.report.format import (INDEX_LABELS, format_number, format_p, join_words, p_phrase,  # noqa: F401
                          plural)

QUADRANT_LABELS = {"improve": "Improve (개선)", "strengthen": "Strengthen (강화)",
                   "discover": "Discover needs (욕구 발견)", "differentiate": "Differentiate (차별화)"}
ACTION_LABELS = {"create": "Create (창조)", "raise": "Raise (증가)",
                 "maintain": "Maintain/Reduce (유지/감소)", "review": "Review/Eliminate (재검토/제거)"}
#: Columns whose text identifies a respondent or quotes one: never displayed.
PRIVATE = ("resp_id", "voc")


def load_results(directory: str | Path, waves: str | Path | Iterable[str | Path] | None = None,
                 codebook: str | Path | None = None, config: str | Path | None = None,
                 seed: int | None = None) -> Results:
    """The tables written by ``csvalue analyze --out DIR`` (wave labels kept as text).

    The chapters' parameters pass their ``wave``, ``codebook``, ``config`` and ``seed`` here.
    ``csvalue build`` has already analysed the waves into ``directory``, so this only reads.
    A chapter run on its own (papermill with ``-p wave new.csv -p results_dir out``) gets its
    waves analysed into ``directory`` first, when it holds no results or results of other
    files (by their SHA-256 in ``model.json``).

    Example
    -------
    >>> load_results("_build/results").indices.head()        # doctest: +SKIP
    """
    d = Path(directory)
    paths = [Path(w) for w in ([waves] if isinstance(waves, (str, Path)) else waves or [])]
    if paths:
        from csvalue.instrument.codebook import load_codebook
        from csvalue.instrument.settings import load_settings

        cb = load_codebook(codebook)
        settings = load_settings(config, **({"seed": int(seed)} if seed is not None else {}))
        if _stale(d, paths, cb, settings):
            from csvalue.pipeline.analyze import analyze, write_results
            from csvalue.instrument.load import load_waves

            write_results(analyze(load_waves(paths, cb), cb, settings, sources=paths), d)
    if not (d / "model.json").exists():
        raise FileNotFoundError(f"{d}: no analysis results (run csvalue analyze --out {d}, "
                                f"or give the chapter its wave files)")
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


def _stale(directory: Path, waves: list[Path], codebook: Codebook, settings: Any) -> bool:
    """True unless ``directory`` holds results of exactly these wave files, analysed with
    this codebook (its file's SHA-256) and these settings (seed included)."""
    from csvalue.pipeline.analyze import _sha256

    try:
        model = json.loads((directory / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True

    def same(a: Any, b: Any) -> bool:  # as model.json stores them (tuples become lists)
        return json.dumps(a, sort_keys=True, default=str) == json.dumps(
            json.loads(json.dumps(b, default=str)), sort_keys=True, default=str)

    return not ([w.get("sha256") for w in model.get("waves", [])] == [_sha256(p) for p in waves]
                and model.get("codebook", {}).get("sha256") == _sha256(codebook.source)
                and same(model.get("settings"), settings.as_dict()))


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
# Readable labels (one place for every header and id a reader sees)
# ---------------------------------------------------------------------------------------

#: Display headers of the result tables' columns (ids of indices, benefits, values and
#: profile items are labelled from :data:`INDEX_LABELS` and the codebook).
COLUMN_LABELS = {
    "value": "Value", "benefit": "Benefit", "benefits": "Benefits that build it",
    "via_values": "Values that drive it", "predictor": "Driver", "driver": "Driver",
    "outcome": "Outcome", "scope": "Group", "group": "Group", "wave": "Wave",
    "wave_a": "From wave", "wave_b": "To wave", "index": "Index", "n": "n",
    "importance": "Importance (CVI β)", "gap": "Gap (points)", "quadrant": "Quadrant",
    "priority": "Priority", "impact": "Impact (β)", "satisfaction": "Satisfaction (0–100)",
    "action": "Action", "beta": "β", "b": "b", "se": "SE", "p_value": "p", "p": "p",
    "r2": "R²", "adj_r2": "Adjusted R²", "vif": "VIF", "ci_low": "95% CI low",
    "ci_high": "95% CI high", "relative_weight": "Relative weight (% of R²)",
    "shapley": "Shapley (% of R²)", "level": "Level", "task": "Task",
    "proposition": "Proposed", "high_impact": "High CVI impact",
    "drives_upper": "Drives the upper value", "basic_factor": "Basic factor",
    "create": "Create", "raise": "Raise", "maintain": "Maintain/Reduce",
    "review": "Review/Eliminate", "delta": "Δ", "change": "Change", "goal": "Goal",
    "met": "Met (point estimate)", "margin": "Result − goal", "flag": "Note", "note": "Note",
    "share": "Share (%)", "label": "Label", "item": "Item",
}
#: Columns whose cells are one codebook id (benefit, value, index …), shown as its label.
ID_COLUMNS = ("value", "benefit", "predictor", "outcome", "driver", "item")
#: Columns whose cells are ids joined by ", " (shown as labels joined by "; ").
ID_LIST_COLUMNS = ("benefits", "via_values", "create", "raise", "maintain", "review")


def _known(codebook: Codebook | None, cid: str) -> bool:
    return codebook is not None and codebook.label(cid, "en") != cid


def id_label(cid: Any, codebook: Codebook | None = None, korean: bool = False) -> str:
    """The reader's label of an id: an index (``"cvi"`` → ``"CVI"``), a benefit, value,
    profile item, factor or segment from the codebook, else the id itself."""
    if _is_missing(cid):
        return "–"
    cid = str(cid)
    if cid in INDEX_LABELS:
        return INDEX_LABELS[cid]
    if _known(codebook, cid):
        return label(codebook, cid, korean)
    return cid


def _header(col: Any, codebook: Codebook | None) -> Any:
    if not isinstance(col, str):
        return col
    if col in COLUMN_LABELS:
        return COLUMN_LABELS[col]
    if col in INDEX_LABELS or _known(codebook, col):
        return id_label(col, codebook)
    if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", col):  # snake_case → "Snake case"
        text = col.replace("_", " ")
        return text[0].upper() + text[1:]
    return col


def readable(frame: pd.DataFrame, codebook: Codebook | None = None, *, korean: bool = False,
             rename: dict[str, str] | None = None, cells: bool = True) -> pd.DataFrame:
    """A result table made readable for display: headers and ids become labels.

    - **Headers**: ``rename`` first, then :data:`COLUMN_LABELS` (``"p_value"`` → ``"p"``,
      ``"importance"`` → ``"Importance (CVI β)"``), index ids (``"cvi"`` → ``"CVI"``),
      codebook ids (a value id as a column of the benefit portfolio → its label), and any other
      snake_case name → sentence case (``"n_placed"`` → ``"N placed"``).
    - **Cells** (``cells=True``): ids in :data:`ID_COLUMNS` become codebook labels (with the
      Korean label in parentheses when ``korean=True``), id lists in :data:`ID_LIST_COLUMNS`
      (``"convenience, speed"``) become labels joined by ``"; "``, ``scope`` becomes the group's
      label (``"tenure_years:<5y"`` → ``"Years as a customer: <5y"``), ``index`` its label,
      ``quadrant`` and ``action`` their names.

    Numbers are left alone: :func:`show_table` formats them. Any chapter may use this on any
    result table (e.g. ``show_table(readable(one(res.segment_profiles, w), cb))``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> t = pd.DataFrame({"benefit": ["image"], "create": ["convenience, speed"], "cvi": [2.5]})
    >>> readable(t, load_codebook()).to_dict("records")
    [{'Benefit': 'Image and trust', 'Create': 'Ease of work; Speed of work', 'CVI': 2.5}]
    """
    out = frame.copy()
    if cells:
        for col in out.columns:
            if not isinstance(col, str):
                continue
            if col in ID_COLUMNS:
                out[col] = [id_label(v, codebook, korean) for v in out[col]]
            elif col in ID_LIST_COLUMNS and out[col].dtype == object:
                out[col] = ["–" if _is_missing(v) or not str(v).strip() else
                            "; ".join(id_label(x.strip(), codebook, korean)
                                      for x in str(v).split(",") if x.strip())
                            for v in out[col]]
            elif col in ("scope", "group"):
                out[col] = [v if _is_missing(v) else scope_label(str(v), codebook)
                            for v in out[col]]
            elif col == "index":
                out[col] = [INDEX_LABELS.get(v, v) for v in out[col]]
            elif col == "quadrant":
                out[col] = [quadrant_name(v, korean) for v in out[col]]
            elif col == "action":
                out[col] = [action_name(v, korean) for v in out[col]]
            elif col == "level":
                out[col] = [v if _is_missing(v) else str(v).capitalize() for v in out[col]]
            elif col == "task":
                out[col] = [v if _is_missing(v) else str(v).replace("+", " + ")
                            for v in out[col]]
    rename = rename or {}
    out.columns = [rename.get(c, _header(c, codebook)) for c in out.columns]
    return out


def quadrant_name(q: Any, korean: bool = True) -> str:
    """``"improve"`` → ``"Improve (개선)"`` (``korean=False``: ``"Improve"``)."""
    if _is_missing(q):
        return "–"
    name = QUADRANT_LABELS.get(str(q), str(q))
    return name if korean else name.split(" (")[0]


def action_name(a: Any, korean: bool = True) -> str:
    """``"raise"`` → ``"Raise (증가)"`` (``korean=False``: ``"Raise"``)."""
    if _is_missing(a) or not str(a).strip():
        return "–"
    name = ACTION_LABELS.get(str(a), str(a))
    return name if korean else name.split(" (")[0]


def scope_label(scope: str, codebook: Codebook | None) -> str:
    """A scope id as readers see it: ``"company"`` → ``"Company"``,
    ``"division:emr"`` → ``"Division: EMR software"``,
    ``"tenure_years:<5y"`` → ``"Years as a customer: <5y"`` (labels from the codebook),
    ``"division:(missing)"`` → ``"Division: no answer"``."""
    if scope == "company":
        return "Company"
    if ":" not in scope:
        return scope
    cat, lev = scope.split(":", 1)
    if lev == "(missing)":   # respondents who left the profile question blank
        lev = "no answer"
    if codebook is None or not codebook.has(cat):
        return f"{cat}: {lev}"
    item = codebook.item(cat)
    level = next((en for code, en, _ko in item.category_labels if code == lev), lev)
    return f"{item.label_en}: {level}"


_scope_label = scope_label  # the old private name


def division_name(codebook: Codebook, code: str) -> str:
    """``"emr"`` → ``"EMR software"``: the division's label (for "the EMR software division")."""
    item = codebook.item("division")
    return next((en for c, en, _ko in item.category_labels if c == code), code)


def lower_first(text: str) -> str:
    """A label inside a sentence: ``"Peace of mind"`` → ``"peace of mind"``, but acronyms
    stay (``"EMR software"``, ``"A/S"``)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and text[1] != "/":
        return text[0].lower() + text[1:]
    return text


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
    th = results.model.get("thresholds", {})
    wide["Note"] = flag.reindex(wide.index).replace(
        {"small_base": f"small base (n < {th.get('small_base', 30)})",
         "suppressed": f"suppressed (n < {th.get('disclosure_min', 5)})"})
    if wide["Note"].isna().all():
        wide = wide.drop(columns="Note")
    out = wide.reset_index().rename(columns={"scope": "Group"})
    out["Group"] = [scope_label(s, codebook) for s in out["Group"]]
    return out


#: Grades of a goal read with the 95% interval in view.
GRADES = {"met": "met", "not_met": "not met",
          "within": "within the 95% interval of the goal"}


def goal_grade(value: float, ci_low: float, ci_high: float, goal: float) -> str:
    """``"met"`` when the whole 95% interval is at or above the goal, ``"not_met"`` when it is
    wholly below, ``"within"`` when the goal lies inside the interval (the result cannot be told
    apart from the goal), ``"none"`` when the estimate is missing (suppressed).

    Example
    -------
    >>> goal_grade(76.6, 75.8, 77.3, 75), goal_grade(75.3, 74.6, 76.0, 75)
    ('met', 'within')
    >>> goal_grade(4.6, 1.5, 7.6, 10)
    'not_met'
    """
    if any(_is_missing(v) for v in (value, ci_low, ci_high, goal)):
        return "none"
    if ci_low >= goal:
        return "met"
    if ci_high < goal:
        return "not_met"
    return "within"


def goal_grades(results: Results, wave: str, scope: str = "company") -> pd.DataFrame:
    """The goals (``model.json``) graded for one wave and scope, with the interval in view.

    Returns index, goal, value, ci_low, ci_high, above (point estimate ≥ goal, as ``met`` in
    ``goals.csv``), margin (value − goal) and grade (a key of :data:`GRADES`, or ``"none"``).
    Divisions and segments are graded like the company, from ``indices.csv``.
    """
    goals = results.model.get("goals") or {}
    if not goals and "goals" in results.tables:
        g = one(results.goals, wave, None)
        goals = dict(zip(g["index"], g["goal"]))
    t = one(results.indices, wave, scope).set_index("index")
    rows = []
    for idx, goal in goals.items():
        if idx not in t.index:
            continue
        r = t.loc[idx]
        v, lo, hi = (float(r[k]) if not _is_missing(r[k]) else np.nan
                     for k in ("value", "ci_low", "ci_high"))
        rows.append({"index": idx, "goal": float(goal), "value": v, "ci_low": lo, "ci_high": hi,
                     "above": bool(v >= goal) if not np.isnan(v) else None,
                     "margin": v - float(goal), "grade": goal_grade(v, lo, hi, float(goal))})
    return pd.DataFrame(rows, columns=["index", "goal", "value", "ci_low", "ci_high", "above",
                                       "margin", "grade"])


def goals_table(results: Results, wave: str, scope: str = "company") -> pd.DataFrame:
    """The goals for display: index, goal, result, 95% interval, result − goal, and the grade
    read with the interval in view (:func:`goal_grade`)."""
    g = goal_grades(results, wave, scope)
    return pd.DataFrame({
        "Index": g["index"].map(INDEX_LABELS), "Goal": [_short(v) for v in g["goal"]],
        "Result": g["value"],
        "95% CI": [f"{format_number(lo)}–{format_number(hi)}"
                   for lo, hi in zip(g["ci_low"], g["ci_high"])],
        "Result − goal": [format_number(m, 1, sign=True) for m in g["margin"]],
        "Grade": [GRADES.get(k, "–") for k in g["grade"]]})


def _short(v: float) -> str:
    """A goal or threshold as typed: 75 → "75", 72.5 → "72.5"."""
    return f"{v:g}"


def impact_frame(results: Results, wave: str, layer: int, scope: str = "company",
                 value: str = "impact") -> pd.DataFrame:
    """One layer's ``value`` column (``impact`` = β where significant, or ``beta``) as
    predictors × outcomes, keeping every predictor and outcome in the order of the results."""
    t = one(results.impacts, wave, scope)
    t = t[t["layer"] == layer]
    rows = list(dict.fromkeys(t["predictor"]))
    cols = list(dict.fromkeys(t["outcome"]))
    wide = t.set_index(["predictor", "outcome"])[value].astype(float).unstack()
    return wide.reindex(index=rows, columns=cols)


def impact_table(results: Results, wave: str, layer: int, scope: str = "company",
                 codebook: Codebook | None = None) -> pd.DataFrame:
    """Impacts of one layer as predictors × outcomes: every predictor is a row, β where it is
    significant and an en dash where it is not; R² and n close the table."""
    t = one(results.impacts, wave, scope)
    t = t[t["layer"] == layer]
    wide = impact_frame(results, wave, layer, scope)
    r2 = t.drop_duplicates("outcome").set_index("outcome")[["r2", "n"]].reindex(wide.columns)
    cells = wide.map(lambda v: "–" if pd.isna(v) else format_number(v, 3))
    foot = pd.DataFrame([[format_number(v, 3) for v in r2["r2"]],
                         [f"{int(v):,}" for v in r2["n"]]], index=["R²", "n"],
                        columns=wide.columns)
    out = pd.concat([cells, foot])
    out.index = [id_label(p, codebook) if p not in ("R²", "n") else p for p in out.index]
    out.columns = [id_label(c, codebook) for c in out.columns]
    return out.reset_index(names="Driver")


def cls_weight_table(results: Results, wave: str, scope: str = "company") -> pd.DataFrame:
    """Layer 4: the impact of CS on repurchase and on recommendation in this wave, each β's
    share of the two, and the CLS weights the indices use (``model.json``)."""
    t = one(results.impacts, wave, scope)
    t = t[(t["layer"] == 4) & (t["predictor"] == "cs")].set_index("outcome")
    weights = results.model.get("cls_weights") or {}
    outcomes = [o for o in ("repurchase", "recommend") if o in t.index]
    total = float(sum(t.loc[o, "beta"] for o in outcomes)) or np.nan
    return pd.DataFrame({
        "Outcome": [INDEX_LABELS[o] for o in outcomes],
        "β of CS": [float(t.loc[o, "beta"]) for o in outcomes],
        "p": [float(t.loc[o, "p_value"]) for o in outcomes],
        "R²": [float(t.loc[o, "r2"]) for o in outcomes],
        "n": [int(t.loc[o, "n"]) for o in outcomes],
        "Share of the two βs (%)": [100 * float(t.loc[o, "beta"]) / total for o in outcomes],
        "CLS weight used (%)": [100 * float(weights[o]) if o in weights else np.nan
                                for o in outcomes]})


def matrix_table(matrix: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """The strategy matrix for display, by priority then importance."""
    m = matrix.sort_values(["priority", "importance"], ascending=[True, False], kind="stable")
    return readable(m[["value", "importance", "gap", "quadrant", "priority"]], codebook,
                    korean=True)


def errc_table(errc: pd.DataFrame, value: str, codebook: Codebook | None = None) -> pd.DataFrame:
    """One target value's ERRC grid for display: benefit, impact, satisfaction, action."""
    g = errc[errc["value"] == value][["benefit", "impact", "satisfaction", "action"]]
    return readable(g, codebook, korean=True)


def errc_targets(errc: pd.DataFrame) -> list[str]:
    """The target values of an ERRC table in the order of its grids."""
    return list(dict.fromkeys(errc["value"]))


def portfolio_table(results: Results, wave: str, scope: str = "company",
                    codebook: Codebook | None = None) -> pd.DataFrame:
    """The benefit portfolio of one scope: a row per benefit, a column per target value of
    *that* scope in the order of its ERRC grids, the action in each cell (– = not placed)."""
    targets = errc_targets(one(results.errc, wave, scope))
    p = one(results.portfolio, wave, scope)
    out = pd.DataFrame({"benefit": p["benefit"]})
    for v in targets:
        out[v] = [action_name(a, korean=False) for a in
                  (p[v] if v in p else pd.Series([None] * len(p)))]
    return readable(out, codebook, korean=True)


def task_table(results: Results, wave: str, scope: str = "company",
               codebook: Codebook | None = None) -> pd.DataFrame:
    """Per target value: its quadrant and the benefits to create and to raise (labels)."""
    t = one(results.tasks, wave, scope)[["value", "quadrant", "create", "raise"]]
    return readable(t, codebook, korean=True, rename={"create": "Benefits to create",
                                                      "raise": "Benefits to raise"})


def simulation_table(results: Results, wave: str, codebook: Codebook | None = None,
                     scope: str = "company") -> pd.DataFrame:
    """The index gains for +Δ on each benefit alone (largest CVI gain first)."""
    sim = one(results.simulation, wave, scope)
    sim = sim[sim["benefit"] != "all"].sort_values("cvi", ascending=False, kind="stable")
    cols = [c for c in ("benefit", "cs", "repurchase", "recommend", "nps", "cls", "cvi")
            if c in sim]
    return readable(sim[cols], codebook)


def proposition_tables(results: Results, wave: str, codebook: Codebook,
                       scope: str = "company") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The value proposition in two narrow tables: the task of every value, and the proposed
    values with the benefits (and, for the upper value, the values) that build them."""
    vp = one(results.value_proposition, wave, scope)
    tasks = readable(vp[["value", "level", "quadrant", "importance", "task", "proposition"]],
                     codebook, korean=True, rename={"importance": "CVI β"})
    chosen = vp[vp["proposition"].astype(bool)]
    prop = readable(chosen[["value", "benefits", "via_values"]], codebook, korean=False,
                    rename={"value": "Proposed value"})
    if not chosen["via_values"].fillna("").astype(str).str.strip().any():
        prop = prop.drop(columns=["Values that drive it"])
    return tasks, prop


def proposition_note(results: Results, wave: str, codebook: Codebook,
                     scope: str = "company") -> str:
    """Why a value whose task includes *proposal* may still be outside the proposition: only
    values at the levels of :data:`csvalue.model.proposition.PROPOSED_LEVELS` are promised, and
    functional values are basic factors. Empty when no such value exists."""
    from csvalue.model.proposition import PROPOSED_LEVELS

    vp = one(results.value_proposition, wave, scope)
    out = vp[vp["task"].astype(str).str.contains("proposal") & ~vp["proposition"].astype(bool)]
    if out.empty:
        return ""
    names = [lower_first(codebook.label(v, "en")) for v in out["value"]]
    levels = sorted(set(out["level"].fillna("unclassified")))
    n = len(names)
    verb = lambda one_form, many: plural(n, one_form, many, with_number=False)  # noqa: E731
    return (f"{upper_first(join_words(names))} {verb('has', 'have')} the task “proposal” but "
            f"{verb('is', 'are')} not in the proposition: {verb('it is', 'they are')} "
            f"{join_words(levels, 'or')}-level {verb('value', 'values')}, and the proposition "
            f"lists only {join_words(PROPOSED_LEVELS)} values, each with the benefits that "
            f"build it. Functional values are basic factors (fixed, not advertised), so their "
            f"task never includes proposal.")


def upper_first(text: str) -> str:
    """Capitalise the first letter only (``"peace of mind"`` → ``"Peace of mind"``)."""
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------
# Charts (every one titled and labelled; captions and alt text live in the chapter)
# ---------------------------------------------------------------------------------------

#: Font sizes of the charts, in points at the figure's size. Figures are drawn about as wide
#: as the printed text column (:data:`FIG_WIDTH` inches), so these print at about their size.
FIG_WIDTH = 7.0
LABEL_SIZE = 9
CORNER_SIZE = 9


def _wrap(text: str, width: int = 18) -> str:
    return textwrap.fill(str(text), width=width, break_long_words=False)


def _pad_limits(ax: plt.Axes, xs: Iterable[float], ys: Iterable[float], xpad: float = 0.12,
                ypad: float = 0.18, include: tuple[float | None, float | None] = (None, None)
                ) -> None:
    """Axis limits around the points with room (a share of the range) on every side."""
    xs = [float(v) for v in xs if not _is_missing(v)]
    ys = [float(v) for v in ys if not _is_missing(v)]
    if include[0] is not None:
        xs.append(include[0])
    if include[1] is not None:
        ys.append(include[1])
    for vals, pad, setter in ((xs, xpad, ax.set_xlim), (ys, ypad, ax.set_ylim)):
        if not vals:
            continue
        lo, hi = min(vals), max(vals)
        span = (hi - lo) or max(abs(hi), 1.0) * 0.2
        setter(lo - pad * span, hi + pad * span)


def _corner_labels(ax: plt.Axes, names: dict[str, str], colors: dict[str, str],
                   fontsize: float = CORNER_SIZE) -> list:
    """Names in the four corners of the axes (keys ``top right`` …) in light boxes."""
    spots = {"top right": (0.99, 0.98, "right", "top"), "bottom right": (0.99, 0.02, "right",
                                                                         "bottom"),
             "top left": (0.01, 0.98, "left", "top"), "bottom left": (0.01, 0.02, "left",
                                                                      "bottom")}
    texts = []
    for corner, name in names.items():
        x, y, ha, va = spots[corner]
        color = colors.get(corner, "black")
        texts.append(ax.text(x, y, name, transform=ax.transAxes, ha=ha, va=va,
                             fontsize=fontsize, fontweight="bold", color=color, zorder=4,
                             bbox=dict(boxstyle="round,pad=0.25", fc="white", ec=color,
                                       lw=0.8, alpha=0.9)))
    return texts


def _place_labels(ax: plt.Axes, xs: Iterable[float], ys: Iterable[float], texts: list[str],
                  fontsize: float = LABEL_SIZE, avoid: Iterable[Any] = ()) -> list:
    """Label each point at the first of several offsets whose text stays inside the axes and
    overlaps no other label, no other point and none of the ``avoid`` artists (e.g. corner
    names). Call after the layout is final (limits set, ``tight_layout`` done)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    axbox = ax.get_window_extent(renderer)
    taken = [a.get_window_extent(renderer).padded(2) for a in avoid]
    pts = ax.transData.transform(np.column_stack([list(xs), list(ys)]).astype(float))
    r = 5
    dots = [Bbox.from_bounds(px - r, py - r, 2 * r, 2 * r) for px, py in pts]
    near = [(8, 0, "left", "center"), (-8, 0, "right", "center"), (0, 7, "center", "bottom"),
            (0, -7, "center", "top"), (6, 3, "left", "bottom"), (6, -3, "left", "top"),
            (-6, 3, "right", "bottom"), (-6, -3, "right", "top")]
    offsets = [(dx * k, dy * k, ha, va) for k in (1, 2.5, 4) for dx, dy, ha, va in near]
    xs, ys = list(xs), list(ys)
    placed: list[Any] = [None] * len(texts)
    # the most crowded points choose first; isolated ones find room afterwards
    gaps = [min((float(np.hypot(*(pts[i] - pts[j]))) for j in range(len(pts)) if j != i),
                default=np.inf) for i in range(len(pts))]
    for i in np.argsort(gaps, kind="stable"):
        x, y, text = xs[i], ys[i], texts[i]
        best, best_score = None, None
        for dx, dy, ha, va in offsets:
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                              ha=ha, va=va, fontsize=fontsize, zorder=5,
                              bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none",
                                        alpha=0.75),
                              arrowprops=(dict(arrowstyle="-", lw=0.5, color="grey",
                                               shrinkA=0, shrinkB=4)
                                          if abs(dy) > 8 or abs(dx) > 10 else None))
            ann.update_positions(renderer)  # the text alone, not its leader line
            box = Text.get_window_extent(ann, renderer).padded(1)
            outside = not (axbox.x0 <= box.x0 and box.x1 <= axbox.x1 and axbox.y0 <= box.y0
                           and box.y1 <= axbox.y1)
            hits = sum(box.overlaps(b) for b in taken) + sum(
                box.overlaps(d) for j, d in enumerate(dots) if j != i)
            score = 1000 * outside + hits
            if best_score is None or score < best_score:
                if best is not None:
                    best[0].remove()
                best, best_score = (ann, box), score
            else:
                ann.remove()
            if score == 0:
                break
        taken.append(best[1])
        placed[i] = best[0]
    return placed


def index_chart(results: Results, wave: str, scopes: list[str], title: str,
                codebook: Codebook | None = None) -> plt.Figure:
    """CVI, CLS, CS and NPS per group with 95% intervals (NPS on its own axis); the legend sits
    below the plot, clear of the whiskers."""
    t = one(results.indices, wave, None)
    t = t[t["scope"].isin(scopes)]
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 0.55 * len(scopes) + 2.2), sharey=True,
                             gridspec_kw={"width_ratios": [3, 1]})
    names = [_wrap(scope_label(s, codebook), 24) for s in scopes]
    y = np.arange(len(scopes))
    for k, (idx, color) in enumerate((("cvi", "#1f4e79"), ("cls", "#2e86c1"), ("cs", "#85c1e9"))):
        part = t[t["index"] == idx].set_index("scope").reindex(scopes)
        err = np.vstack([part["value"] - part["ci_low"], part["ci_high"] - part["value"]])
        axes[0].errorbar(part["value"], y + (k - 1) * 0.22, xerr=err, fmt="o", color=color,
                         label=INDEX_LABELS[idx], capsize=3)
    part = t[t["index"] == "nps"].set_index("scope").reindex(scopes)
    err = np.vstack([part["value"] - part["ci_low"], part["ci_high"] - part["value"]])
    axes[1].errorbar(part["value"], y, xerr=err, fmt="s", color="#c0392b", capsize=3,
                     label="NPS")
    axes[1].axvline(0, color="grey", lw=0.8)
    axes[0].set_yticks(y, names)
    axes[0].invert_yaxis()
    axes[0].set_xlabel("index (0–100), 95% interval")
    axes[1].set_xlabel("NPS (−100…100)")
    axes[0].set_ylabel("group")
    handles = [h for ax in axes for h in ax.get_legend_handles_labels()[0]]
    labels = [lab for ax in axes for lab in ax.get_legend_handles_labels()[1]]
    fig.suptitle(title)
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=9,
               frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def matrix_chart(matrix: pd.DataFrame, title: str, codebook: Codebook | None = None) -> plt.Figure:
    """The strategy matrix: importance (CVI impact) × gap, crosshairs at the means, quadrant
    names in the corners (clear of the points) and every value labelled inside the frame."""
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 5.2))
    cx, cy = float(matrix["importance_cross"].iloc[0]), float(matrix["gap_cross"].iloc[0])
    colors = {"improve": "#c0392b", "strengthen": "#1f4e79", "discover": "#b9770e",
              "differentiate": "#5d6d7e"}
    ax.scatter(matrix["importance"], matrix["gap"], s=60,
               c=[colors[q] for q in matrix["quadrant"]], zorder=3)
    ax.axvline(cx, color="grey", ls="--", lw=1)
    ax.axhline(cy, color="grey", ls="--", lw=1)
    _pad_limits(ax, list(matrix["importance"]) + [cx], list(matrix["gap"]) + [cy],
                xpad=0.15, ypad=0.22)
    ax.set_xlabel("Importance: significant impact on CVI (standardized β)")
    ax.set_ylabel("Gap: expectation − satisfaction (0–100 points)")
    ax.set_title(title)
    fig.tight_layout()
    corners = _corner_labels(ax, {
        "top right": quadrant_name("improve", False),
        "bottom right": quadrant_name("strengthen", False),
        "top left": quadrant_name("discover", False),
        "bottom left": quadrant_name("differentiate", False)},
        {"top right": colors["improve"], "bottom right": colors["strengthen"],
         "top left": colors["discover"], "bottom left": colors["differentiate"]})
    names = [_wrap(codebook.label(v, "en") if codebook else v, 20) for v in matrix["value"]]
    _place_labels(ax, matrix["importance"], matrix["gap"], names, avoid=corners)
    return fig


def errc_charts(errc: pd.DataFrame, values: list[str], title: str,
                codebook: Codebook | None = None) -> plt.Figure:
    """The ERRC grids of several target values as panels of one titled figure (two per row):
    the action names sit in the corners, each benefit is labelled inside its panel."""
    n = max(len(values), 1)
    cols = 2 if n > 1 else 1
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(FIG_WIDTH, 3.6 * rows + 0.5), squeeze=False)
    colors = {"create": "#1e8449", "raise": "#c0392b", "maintain": "#2e86c1", "review": "#5d6d7e"}
    panels = []
    for ax, value in zip(axes.ravel(), values):
        g = errc[errc["value"] == value]
        ax.scatter(g["impact"], g["satisfaction"], s=45, c=[colors[a] for a in g["action"]],
                   zorder=3)
        if len(g):
            ix, sy = float(g["impact_cross"].iloc[0]), float(g["satisfaction_cross"].iloc[0])
            ax.axvline(ix, color="grey", ls="--", lw=1)
            ax.axhline(sy, color="grey", ls="--", lw=1)
            _pad_limits(ax, list(g["impact"]) + [ix], list(g["satisfaction"]) + [sy],
                        xpad=0.2, ypad=0.35)
        ax.set_title(codebook.label(value, "en") if codebook else value, fontsize=10)
        ax.set_xlabel("impact on the value (β)", fontsize=9)
        ax.set_ylabel("benefit satisfaction (0–100)", fontsize=9)
        ax.tick_params(labelsize=8)
        panels.append((ax, g))
    for ax in axes.ravel()[len(values):]:
        ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    for ax, g in panels:
        corners = _corner_labels(ax, {c: action_name(a, False) for c, a in (
            ("top right", "create"), ("bottom right", "raise"), ("top left", "maintain"),
            ("bottom left", "review"))}, {"top right": colors["create"],
                                          "bottom right": colors["raise"],
                                          "top left": colors["maintain"],
                                          "bottom left": colors["review"]}, fontsize=8)
        names = [_wrap(codebook.label(b, "en") if codebook else b, 16) for b in g["benefit"]]
        _place_labels(ax, g["impact"], g["satisfaction"], names, fontsize=8.5, avoid=corners)
    return fig


def impact_heatmap(results: Results, wave: str, layer: int, title: str,
                   codebook: Codebook | None = None, scope: str = "company") -> plt.Figure:
    """Heat map of one impact layer: drivers × outcomes, coloured by the significant β (grey
    with an en dash where the impact is not significant), the β printed in each cell."""
    sig = impact_frame(results, wave, layer, scope, "impact")
    nr, nc = sig.shape
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.42 * nr + 2.6))
    vals = sig.to_numpy(float)
    vmax = float(np.nanmax(np.abs(vals))) if np.isfinite(vals).any() else 1.0
    cmap = plt.get_cmap("RdBu").with_extremes(bad="#eeeeee")
    im = ax.imshow(np.ma.masked_invalid(vals), cmap=cmap, vmin=-vmax, vmax=vmax, aspect="auto")
    for i in range(nr):
        for j in range(nc):
            v = vals[i, j]
            text = "–" if np.isnan(v) else format_number(v, 2)
            dark = not np.isnan(v) and abs(v) > 0.55 * vmax
            ax.text(j, i, text, ha="center", va="center", fontsize=8.5,
                    color="white" if dark else ("#555555" if np.isnan(v) else "black"))
    names = [id_label(c, codebook) for c in sig.columns]
    slanted = max((len(n) for n in names), default=0) > 12
    ax.set_xticks(range(nc), names, fontsize=8.5, rotation=35 if slanted else 0,
                  ha="right" if slanted else "center", rotation_mode="anchor")
    ax.set_yticks(range(nr), [_wrap(id_label(p, codebook), 30) for p in sig.index], fontsize=8.5)
    ax.set_xlabel("outcome")
    ax.set_ylabel("driver")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="significant impact (standardized β)", shrink=0.9)
    fig.tight_layout()
    return fig


def bar_chart(frame: pd.DataFrame, x: str, y: str, title: str, xlabel: str, ylabel: str,
              color: str = "#2e86c1") -> plt.Figure:
    """A horizontal bar chart of one column (e.g. simulation gains, shares), values printed at
    the bar ends inside the frame."""
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.4 * len(frame) + 1.5))
    ax.barh(frame[x].astype(str), frame[y], color=color)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    top = float(np.nanmax(frame[y])) if len(frame) else 1.0
    low = min(0.0, float(np.nanmin(frame[y]))) if len(frame) else 0.0
    ax.set_xlim(low * 1.15, max(top, 0) * 1.15 or 1.0)
    for i, v in enumerate(frame[y]):
        ax.text(v, i, f" {v:.1f}", va="center", fontsize=9)
    fig.tight_layout()
    return fig


def trend_chart(indices: pd.DataFrame, changes: pd.DataFrame, title: str) -> plt.Figure:
    """Each index across waves with 95% intervals; a star marks a significant change from the
    previous wave (independent samples, p < .05). The y-limits leave room for the stars."""
    names = [i for i in ("cvi", "cls", "cs", "nps") if i in set(indices["index"])]
    fig, axes = plt.subplots(1, len(names), figsize=(max(FIG_WIDTH, 1.9 * len(names)), 3.4),
                             squeeze=False)
    for ax, idx in zip(axes[0], names):
        t = indices[indices["index"] == idx].sort_values("wave")
        x = np.arange(len(t))
        err = np.vstack([t["value"] - t["ci_low"], t["ci_high"] - t["value"]])
        ax.errorbar(x, t["value"], yerr=err, fmt="o-", capsize=4, color="#1f4e79")
        ax.set_xticks(x, t["wave"].astype(str))
        ax.set_xlim(-0.5, len(t) - 0.5)
        lo, hi = float(t["ci_low"].min()), float(t["ci_high"].max())
        span = (hi - lo) or 1.0
        ax.set_ylim(lo - 0.1 * span, hi + 0.3 * span)
        ax.set_title(INDEX_LABELS[idx])
        ax.set_xlabel("wave")
        ax.set_ylabel("NPS points" if idx == "nps" else "index (0–100)")
        if len(changes):
            sig = changes[(changes["index"] == idx) & (changes["design"] == "independent")
                          & changes["significant"].astype(bool)]
            for wb in sig["wave_b"].astype(str):
                k = list(t["wave"].astype(str)).index(wb)
                ax.annotate("*", (k, t["ci_high"].iloc[k]), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom", fontsize=14,
                            color="#c0392b")
    fig.suptitle(title)
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

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten")


def number_word(n: int) -> str:
    """``3`` → ``"three"`` (up to ten; digits beyond)."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def _setting(results: Results, key: str, default: Any) -> Any:
    return (results.model.get("settings") or {}).get(key, default)


def goal_sentence(index: str, value: float, ci_low: float, ci_high: float, goal: float) -> str:
    """One goal in words, graded with its 95% interval in view (:func:`goal_grade`). The
    direction of the point estimate is read from the rounded numbers the sentence shows.

    Example
    -------
    >>> goal_sentence("cls", 75.33, 74.63, 76.02, 75)
    'CLS is 75.3 (95% CI 74.6 to 76.0), above its goal of 75, but the goal lies within the 95% interval: the result cannot be told apart from the goal.'
    """
    name = INDEX_LABELS.get(index, index)
    unit = " points" if index == "nps" else ""
    grade = goal_grade(value, ci_low, ci_high, goal)
    if grade == "none":
        return f"{name} is not reported (too few respondents); its goal is {_short(goal)}{unit}."
    head = (f"{name} is {format_number(value)}{unit} (95% CI {format_number(ci_low)} to "
            f"{format_number(ci_high)})")
    if grade == "met":
        return (f"{head} and meets its goal of {_short(goal)}{unit}: the whole interval lies "
                f"at or above the goal.")
    if grade == "not_met":
        return (f"{head} and falls short of its goal of {_short(goal)}{unit}: the whole "
                f"interval lies below the goal.")
    shown = round(float(value), 1)
    side = "above" if shown > goal else ("below" if shown < goal else "at")
    return (f"{head}, {side} its goal of {_short(goal)}{unit}, but the goal lies within the 95% "
            f"interval: the result cannot be told apart from the goal.")


def matrix_sentences(matrix: pd.DataFrame, codebook: Codebook, crosshair: Any = "mean"
                     ) -> list[str]:
    """What the strategy matrix says, in words that match its numbers: the values that matter
    most to CVI (importance at or above the crosshair, largest first, with their βs); of these,
    the ones whose gap is at or above the gap crosshair (to improve) and the ones below it (to
    strengthen), each with its gap.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> m = pd.DataFrame({"value": ["stability", "reassurance"], "importance": [.2, .3],
    ...                   "gap": [13.0, 2.2], "quadrant": ["improve", "strengthen"],
    ...                   "importance_cross": .1, "gap_cross": 10.0})
    >>> matrix_sentences(m, load_codebook())[0]
    'The two values that matter most to CVI (impact at or above the mean across the values, β ≥ 0.10) are, largest first, peace of mind (β = 0.30) and stable operations (β = 0.20).'
    """
    if matrix.empty:
        return []
    cx, cy = float(matrix["importance_cross"].iloc[0]), float(matrix["gap_cross"].iloc[0])
    where = "the mean across the values" if crosshair == "mean" else "the crosshair"
    top = matrix[matrix["quadrant"].isin(("improve", "strengthen"))]
    top = top.sort_values("importance", ascending=False, kind="stable")
    if top.empty:
        return [f"No value reaches the importance crosshair (β ≥ {cx:.2f}) on CVI."]
    name = {v: lower_first(codebook.label(v, "en")) for v in matrix["value"]}
    n = len(top)
    items = [f"{name[v]} (β = {b:.2f})" for v, b in zip(top["value"], top["importance"])]
    if n == 1:
        out = [f"The value that matters most to CVI (impact at or above {where}, "
               f"β ≥ {cx:.2f}) is {items[0]}."]
    else:
        out = [f"The {number_word(n)} values that matter most to CVI (impact at or above "
               f"{where}, β ≥ {cx:.2f}) are, largest first, {join_words(items)}."]
    lead = "Of these, " if n > 1 else ""
    gap_where = "the mean gap across the values" if crosshair == "mean" else "the gap crosshair"
    imp = top[top["quadrant"] == "improve"]
    if len(imp):
        k = len(imp)
        gaps = join_words(f"{name[v]} (gap {format_number(g)} points)"
                          for v, g in zip(imp["value"], imp["gap"]))
        verb = plural(k, "falls", "fall", with_number=False)
        out.append(f"{upper_first(lead + gaps)} {verb} short of expectations by at least "
                   f"{gap_where} ({format_number(cy)} points): the "
                   f"{plural(k, 'value', with_number=False)} to improve.")
    st = top[top["quadrant"] == "strengthen"]
    if len(st):
        k = len(st)
        gaps = join_words(f"{name[v]} (gap {format_number(g)} points)"
                          for v, g in zip(st["value"], st["gap"]))
        if (st["gap"].round(1) <= 0).all():
            state = (f"{plural(k, 'meets', 'meet', with_number=False)} or "
                     f"{plural(k, 'exceeds', 'exceed', with_number=False)} expectations")
        else:
            state = (f"{plural(k, 'is', 'are', with_number=False)} closer to expectations "
                     f"than {gap_where} ({format_number(cy)} points)")
        out.append(f"{upper_first(gaps)} {state}: the "
                   f"{plural(k, 'value', with_number=False)} to strengthen.")
    return out


def change_sentence(change: pd.Series, alpha: float = 0.05, index: str = "CVI") -> str:
    """A change between waves: both rounded values, the change computed from the unrounded
    values at the same rounding (noted when it differs from the difference of the rounded
    values), in points, with its test.

    Example
    -------
    >>> change_sentence(pd.Series({"wave_a": "2024", "a": 75.214, "b": 76.557,
    ...                            "change": 1.343, "p_value": 0.0139}))
    'Since 2024, CVI has risen by 1.3 points, from 75.2 to 76.6 (the change is computed from the unrounded values; a significant change, p = 0.014).'
    """
    a, b, d = float(change["a"]), float(change["b"]), float(change["change"])
    shown = format_number(abs(d))
    rounded = format_number(abs(round(b, 1) - round(a, 1)))
    verb = "risen" if d > 0 else ("fallen" if d < 0 else "not changed")
    sig = ("a significant change" if float(change["p_value"]) < alpha
           else "not a significant change")
    note = "the change is computed from the unrounded values; " if shown != rounded else ""
    by = f" by {shown} points" if d != 0 else ""
    return (f"Since {change['wave_a']}, {index} has {verb}{by}, from {format_number(a)} to "
            f"{format_number(b)} ({note}{sig}, {p_phrase(change['p_value'])}).")


def division_goal_sentence(results: Results, codebook: Codebook, wave: str) -> str | None:
    """The divisions' goals in one sentence: which division misses which goal outright (the
    whole 95% interval below it), or that none does. None when there are no divisions.

    Example
    -------
    >>> division_goal_sentence(load_results("_build/results"), load_codebook(), "2025")  # doctest: +SKIP
    'The EMR software division falls short of its NPS goal: 5.1 points (95% CI 0.5 to 9.8) against 10.'
    """
    scopes = [s for s in one(results.indices, wave, None)["scope"].unique()
              if str(s).startswith("division:") and not str(s).endswith("(missing)")]
    if not scopes:
        return None
    misses = []
    for scope in scopes:
        for g in goal_grades(results, wave, scope).itertuples():
            if g.grade == "not_met":
                unit = " points" if g.index == "nps" else ""
                misses.append(f"the {division_name(codebook, scope.split(':', 1)[1])} division "
                              f"falls short of its {INDEX_LABELS.get(g.index, g.index)} goal: "
                              f"{format_number(g.value)}{unit} (95% CI "
                              f"{format_number(g.ci_low)} to {format_number(g.ci_high)}) "
                              f"against {_short(g.goal)}")
    if not misses:
        return ("No division falls clearly short of a goal: each division's 95% interval "
                "reaches or passes every goal.")
    text = join_words(misses)
    return text[0].upper() + text[1:] + "."


def headline_findings(results: Results, codebook: Codebook, wave: str | None = None) -> list[str]:
    """The executive summary's findings as sentences generated from the results: each goal
    graded with its interval (:func:`goal_sentence`), the strategy matrix
    (:func:`matrix_sentences`), the benefit with the largest simulated CVI gain, and the change
    in CVI since the previous wave (:func:`change_sentence`).

    Example
    -------
    >>> headline_findings(load_results("_build/results"), load_codebook())  # doctest: +SKIP
    """
    wave = wave or latest_wave(results)
    out = []
    g = goal_grades(results, wave)
    order = {k: i for i, k in enumerate(("cvi", "cls", "nps"))}
    g = g.sort_values("index", key=lambda s: s.map(order).fillna(len(order)), kind="stable")
    for r in g.itertuples():
        out.append(goal_sentence(r.index, r.value, r.ci_low, r.ci_high, r.goal))
    divisions = division_goal_sentence(results, codebook, wave)
    if divisions:
        out.append(divisions)
    if "strategy_matrix" in results.tables:
        out += matrix_sentences(one(results.strategy_matrix, wave), codebook,
                                _setting(results, "crosshair", "mean"))
    if "simulation" in results.tables:
        sim = one(results.simulation, wave)
        sim = sim[sim["benefit"] != "all"]
        if len(sim) and "cvi" in sim:
            best = sim.loc[sim["cvi"].idxmax()]
            bid = str(best["benefit"])
            scale = ""
            if codebook.has(codebook.sat(bid, "benefit")):
                lo, hi = codebook.item(codebook.sat(bid, "benefit")).scale or (None, None)
                if lo is not None:
                    scale = f" on its {lo:g}–{hi:g} scale"
            out.append(f"Of all benefits, raising satisfaction with "
                       f"{lower_first(codebook.label(bid, 'en'))} by "
                       f"{format_number(best['delta'])} points{scale} would lift CVI the most: "
                       f"by {format_number(best['cvi'])} index points.")
    if "changes" in results.tables and len(results.changes):
        c = results.changes
        c = c[(c["wave_b"].astype(str) == str(wave)) & (c["sample"] == "all")
              & (c["index"] == "cvi")]
        if len(c):
            out.append(change_sentence(c.iloc[0], float(_setting(results, "alpha", 0.05))))
    return out
