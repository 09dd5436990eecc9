"""Labels: one place for every header and id a reader sees.

- codebook ids → labels (:func:`label`, :func:`id_label`), with the Korean label in
  parentheses where a chapter wants it;
- a profile category's code → its label (:func:`category_label`, the one lookup that
  :func:`scope_label` and :func:`division_name` use);
- scopes (``"division:emr"`` → ``"Division: EMR software"``), quadrants and ERRC actions;
- result tables made readable (:func:`readable`): ids in cells become labels and every data
  column gets its display header (:data:`COLUMN_LABELS`), kept beside the data so that numbers
  are still formatted by data column (:mod:`csvalue.report.tables`).

Example
-------
>>> from csvalue import load_codebook
>>> cb = load_codebook()
>>> scope_label("division:emr", cb), quadrant_name("improve"), action_name("raise", False)
('Division: EMR software', 'Improve (개선)', 'Raise')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.report.format import INDEX_LABELS, is_missing, lower_first, upper_first
from csvalue.report.i18n import N_, Messages, _, label_language
from csvalue.report.tables import Table

QUADRANT_LABELS = Messages({"improve": N_("Improve (개선)"), "strengthen": N_("Strengthen (강화)"),
                            "discover": N_("Discover needs (욕구 발견)"),
                            "differentiate": N_("Differentiate (차별화)")})
ACTION_LABELS = Messages({"create": N_("Create (창조)"), "raise": N_("Raise (증가)"),
                          "maintain": N_("Maintain/Reduce (유지/감소)"),
                          "review": N_("Review/Eliminate (재검토/제거)")})
#: The levels of the means–end hierarchy of values in words.
LEVEL_WORDS = Messages({"functional": N_("functional"), "emotional": N_("emotional"),
                        "outcome": N_("outcome"), "terminal": N_("terminal"),
                        "unclassified": N_("unclassified")})
#: The parts of a value's task (:mod:`csvalue.model.proposition`) in words.
TASK_WORDS = Messages({"improvement": N_("improvement"), "proposal": N_("proposal"),
                       "optional": N_("optional")})

#: Display headers of the result tables' data columns (ids of indices, benefits, values and
#: profile items are labelled from :data:`csvalue.report.format.INDEX_LABELS` and the codebook).
COLUMN_LABELS = Messages({
    "value": N_("Value"), "benefit": N_("Benefit"), "benefits": N_("Benefits that build it"),
    "via_values": N_("Values that drive it"), "predictor": N_("Driver"), "driver": N_("Driver"),
    "outcome": N_("Outcome"), "scope": N_("Group"), "group": N_("Group"), "wave": N_("Wave"),
    "wave_a": N_("From wave"), "wave_b": N_("To wave"), "index": N_("Index"), "n": N_("n"),
    "importance": N_("Importance (CVI β)"), "gap": N_("Gap (points)"), "quadrant": N_("Quadrant"),
    "priority": N_("Priority"), "impact": N_("Impact (β)"), "satisfaction": N_("Satisfaction (0–100)"),
    "firmness": N_("How firm (resamples)"),
    "action": N_("Action"), "beta": N_("β"), "b": N_("b"), "se": N_("SE"), "p_value": N_("p"), "p": N_("p"),
    "r2": N_("R²"), "adj_r2": N_("Adjusted R²"), "vif": N_("VIF"), "ci_low": N_("95% CI low"),
    "ci_high": N_("95% CI high"), "relative_weight": N_("Relative weight (% of R²)"),
    "shapley": N_("Shapley (% of R²)"), "level": N_("Level"), "task": N_("Task"),
    "proposition": N_("Proposed"), "high_impact": N_("High CVI impact"),
    "drives_upper": N_("Drives the upper value"), "basic_factor": N_("Basic factor"),
    "create": N_("Create"), "raise": N_("Raise"), "maintain": N_("Maintain/Reduce"),
    "review": N_("Review/Eliminate"), "delta": N_("Δ"), "change": N_("Change"), "goal": N_("Goal"),
    "met": N_("Met (point estimate)"), "margin": N_("Result − goal"), "flag": N_("Note"), "note": N_("Note"),
    "share": N_("Share (%)"), "label": N_("Label"), "item": N_("Item"),
})
#: Columns whose cells are one codebook id (benefit, value, index …), shown as its label.
ID_COLUMNS = ("value", "benefit", "predictor", "outcome", "driver", "item")
#: Columns whose cells are ids joined by ", " (shown as labels joined by "; ").
ID_LIST_COLUMNS = ("benefits", "via_values", "create", "raise", "maintain", "review")


def label(codebook: Codebook, cid: str, korean: bool = True) -> str:
    """English label of a codebook id, with the Korean one in parentheses.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> label(load_codebook(), "reassurance"), label(load_codebook(), "reassurance", False)
    ('Peace of mind (안심/심리적 안정)', 'Peace of mind')
    """
    en = codebook.label(cid, "en")
    ko = codebook.label(cid, "ko")
    if label_language() == "ko":   # the Korean edition: the Korean label alone
        return ko or en
    return f"{en} ({ko})" if korean and ko and ko != en else en


def _known(codebook: Codebook | None, cid: str) -> bool:
    return codebook is not None and codebook.label(cid, "en") != cid


def id_label(cid: Any, codebook: Codebook | None = None, korean: bool = False) -> str:
    """The reader's label of an id: an index (``"cvi"`` → ``"CVI"``), a benefit, value,
    profile item, factor or segment from the codebook, else the id itself.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> id_label("cvi"), id_label("stability", load_codebook()), id_label("xyz", load_codebook())
    ('CVI', 'Stable operations', 'xyz')
    """
    if is_missing(cid):
        return "–"
    cid = str(cid)
    if cid in INDEX_LABELS:
        return INDEX_LABELS[cid]
    if _known(codebook, cid):
        return label(codebook, cid, korean)
    return cid


def header_label(column: Any, codebook: Codebook | None = None) -> Any:
    """The display header of a data column: :data:`COLUMN_LABELS`, an index id (``"cvi"`` →
    ``"CVI"``), a codebook id (a value id as a column of the benefit portfolio → its label),
    any other snake_case name in sentence case (``"n_placed"`` → ``"N placed"``), else the
    name itself.

    Example
    -------
    >>> header_label("p_value"), header_label("nps"), header_label("n_placed"), header_label("χ²")
    ('p', 'NPS', 'N placed', 'χ²')
    """
    if not isinstance(column, str):
        return column
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    if column in INDEX_LABELS or _known(codebook, column):
        return id_label(column, codebook)
    if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", column):  # snake_case → "Snake case"
        text = column.replace("_", " ")
        return text[0].upper() + text[1:]
    return column


def category_label(codebook: Codebook | None, variable: str, code: Any) -> str:
    """The English label of a category of a profile item (``division``, ``customer_type`` …);
    the code itself when the codebook does not list it (a band label such as ``"<5y"`` is
    shown as it is).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> category_label(load_codebook(), "customer_type", "clinic")
    'Clinic'
    >>> category_label(load_codebook(), "tenure_years", "<5y"), category_label(None, "x", 3)
    ('<5y', '3')
    """
    if codebook is not None and codebook.has(variable):
        for c, en, ko in codebook.item(variable).category_labels:
            if str(c) == str(code):
                return ko if label_language() == "ko" and ko else en
    return str(code)


def scope_label(scope: str, codebook: Codebook | None) -> str:
    """A scope id as readers see it: ``"company"`` → ``"Company"``,
    ``"division:emr"`` → ``"Division: EMR software"``,
    ``"tenure_years:<5y"`` → ``"Years as a customer: <5y"`` (labels from the codebook),
    ``"division:(missing)"`` → ``"Division: no answer"``.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> scope_label("company", None), scope_label("division:(missing)", load_codebook())
    ('Company', 'Division: no answer')
    >>> scope_label("region:seoul", None)
    'region: seoul'
    """
    if scope == "company":
        return _("Company")
    if ":" not in scope:
        return scope
    cat, lev = scope.split(":", 1)
    if lev == "(missing)":   # respondents who left the profile question blank
        lev = _("no answer")
    if codebook is None or not codebook.has(cat):
        return f"{cat}: {lev}"
    return _("{item}: {category}").format(item=codebook.item(cat).label(label_language()),
                                          category=category_label(codebook, cat, lev))


def division_name(codebook: Codebook, code: str) -> str:
    """``"emr"`` → ``"EMR software"``: the division's label (for "the EMR software division").

    Example
    -------
    >>> from csvalue import load_codebook
    >>> division_name(load_codebook(), "pms")
    'Pharmacy management software'
    """
    return category_label(codebook, "division", code)


def division_phrase(codebook: Codebook, code: str, lower: bool = True) -> str:
    """A division in a sentence, in the codebook's own words: ``"the EMR software division"``
    when the codebook calls its divisions *Division*, else the category with the item's name,
    ``"Economy (flight class)"``.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> division_phrase(load_codebook(), "pms")
    'the pharmacy management software division'
    >>> division_phrase(load_codebook(), "pms", lower=False)
    'the Pharmacy management software division'
    """
    name = division_name(codebook, code)
    noun = codebook.item("division").label_en if codebook.has("division") else "Division"
    if noun.strip().lower() == "division":
        return _("the {division} division").format(division=lower_first(name) if lower else name)
    return _("{division} ({noun})").format(
        division=name, noun=lower_first(codebook.label("division", label_language())))


def quadrant_name(q: Any, korean: bool = True) -> str:
    """``"improve"`` → ``"Improve (개선)"`` (``korean=False``: ``"Improve"``).

    Example
    -------
    >>> quadrant_name("discover", korean=False), quadrant_name(None)
    ('Discover needs', '–')
    """
    if is_missing(q):
        return "–"
    name = QUADRANT_LABELS.get(str(q), str(q))
    return name if korean or label_language() == "ko" else name.split(" (")[0]


def action_name(a: Any, korean: bool = True) -> str:
    """``"raise"`` → ``"Raise (증가)"`` (``korean=False``: ``"Raise"``); empty → en dash.

    Example
    -------
    >>> action_name("maintain"), action_name("")
    ('Maintain/Reduce (유지/감소)', '–')
    """
    if is_missing(a) or not str(a).strip():
        return "–"
    name = ACTION_LABELS.get(str(a), str(a))
    return name if korean or label_language() == "ko" else name.split(" (")[0]


def label_cells(frame: pd.DataFrame, codebook: Codebook | None = None, *,
                korean: bool = False) -> pd.DataFrame:
    """The cells of a result table as readers see them, data columns kept: ids in
    :data:`ID_COLUMNS` become codebook labels (with the Korean label in parentheses when
    ``korean=True``), id lists in :data:`ID_LIST_COLUMNS` (``"convenience, speed"``) become
    labels joined by ``"; "``, ``scope`` the group's label, ``index`` its label, ``quadrant``
    and ``action`` their names, ``level`` capitalised, ``task`` spaced (``"a + b"``).
    Numbers are left alone.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> t = pd.DataFrame({"benefit": ["image"], "quadrant": ["improve"], "cvi": [2.5]})
    >>> label_cells(t, load_codebook()).values.tolist()
    [['Image and trust', 'Improve', 2.5]]
    """
    out = frame.copy()
    for col in out.columns:
        if not isinstance(col, str):
            continue
        if col in ID_COLUMNS:
            out[col] = [id_label(v, codebook, korean) for v in out[col]]
        elif col in ID_LIST_COLUMNS and out[col].dtype == object:
            out[col] = ["–" if is_missing(v) or not str(v).strip() else
                        "; ".join(id_label(x.strip(), codebook, korean)
                                  for x in str(v).split(",") if x.strip())
                        for v in out[col]]
        elif col in ("scope", "group"):
            out[col] = [v if is_missing(v) else scope_label(str(v), codebook) for v in out[col]]
        elif col == "index":
            out[col] = [INDEX_LABELS.get(v, v) for v in out[col]]
        elif col == "quadrant":
            out[col] = [quadrant_name(v, korean) for v in out[col]]
        elif col == "action":
            out[col] = [action_name(v, korean) for v in out[col]]
        elif col == "level":
            out[col] = [v if is_missing(v) else upper_first(LEVEL_WORDS.get(str(v), str(v)))
                        for v in out[col]]
        elif col == "task":
            out[col] = [v if is_missing(v) else " + ".join(TASK_WORDS.get(t, t)
                                                           for t in str(v).split("+"))
                        for v in out[col]]
    return out


def readable(frame: pd.DataFrame, codebook: Codebook | None = None, *, korean: bool = False,
             rename: dict[str, str] | None = None, cells: bool = True) -> Table:
    """A result table made readable for display: ids in cells become labels
    (:func:`label_cells`, unless ``cells=False``) and every data column gets its header —
    ``rename`` first, then :func:`header_label`.

    The data keep their column names, so :func:`csvalue.report.tables.show_table` still
    formats numbers by data column (``show_table(readable(t, cb), {"importance": 3})``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> t = pd.DataFrame({"benefit": ["image"], "create": ["convenience, speed"], "cvi": [2.5]})
    >>> readable(t, load_codebook()).display_frame().to_dict("records")
    [{'Benefit': 'Image and trust', 'Create': 'Ease of work; Speed of work', 'CVI': 2.5}]
    """
    data = label_cells(frame, codebook, korean=korean) if cells else frame.copy()
    rename = rename or {}
    return Table(data, {c: rename.get(c, header_label(c, codebook)) for c in data.columns})


def segment_labels(frame: pd.DataFrame, codebook: Codebook | None = None) -> list[str]:
    """The labels of the segments (or tiers) of a result table in the active language: the
    table's ``label_ko`` column (or the codebook's Korean label of its ``segment`` id) in the
    Korean edition, its ``label`` otherwise.

    Example
    -------
    >>> t = pd.DataFrame({"segment": ["a"], "label": ["Work-value"], "label_ko": ["업무가치형"]})
    >>> from csvalue.report.i18n import using
    >>> segment_labels(t)
    ['Work-value']
    >>> with using("ko"):
    ...     segment_labels(t)
    ['업무가치형']
    """
    out = []
    for i in range(len(frame)):
        row = frame.iloc[i]
        text = row.get("label")
        if label_language() == "ko":
            ko = row.get("label_ko")
            if is_missing(ko) or not str(ko).strip():
                sid = row.get("segment", row.get("tier"))
                ko = (codebook.label(str(sid), "ko") if codebook is not None
                      and isinstance(sid, str) and _known(codebook, str(sid)) else None)
            if not is_missing(ko) and str(ko).strip():
                text = ko
        out.append("–" if is_missing(text) else str(text))
    return out


def initiative_text(row: Any, field: str = "initiative") -> str:
    """An initiative (``field="owner"``: its owner) of the action plan in the active
    language: the catalogue's ``<field>_ko`` in the Korean edition where it has one; "" when
    the row has none.

    Example
    -------
    >>> initiative_text({"initiative": "Brand events", "initiative_ko": "브랜드 행사"})
    'Brand events'
    """
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    text = get(field)
    if label_language() == "ko":
        ko = get(f"{field}_ko")
        if isinstance(ko, str) and ko.strip():
            text = ko
    return text if isinstance(text, str) and text.strip() else ""
