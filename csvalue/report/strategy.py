"""The strategy section, shared by the company chapter and every division page: the strategy
matrix, the ERRC grids, the benefit portfolio and the task summary, as tables, figures and in
words. Both chapters call the same functions with their scope (``"company"`` or
``"division:<code>"``): :func:`section_matrix_chart`, :func:`quadrant_facts`,
:func:`matrix_table`, :func:`grids_sentence`, :func:`section_errc_charts`,
:func:`show_errc_tables`, :func:`portfolio_table` and :func:`task_table`.

Every table is a :class:`csvalue.report.tables.Table` (data columns with their headers), so a
chapter sets decimals by data column: ``show_table(matrix_table(m, cb), {"importance": 3})``.

Example
-------
>>> from csvalue import load_codebook
>>> m = pd.DataFrame({"value": ["stability", "reassurance"], "importance": [.2, .3],
...                   "gap": [13.0, 2.2], "quadrant": ["improve", "strengthen"],
...                   "priority": [1, 2]})
>>> matrix_table(m, load_codebook()).display_frame()["Value"].tolist()
['Stable operations (업무처리 안정성)', 'Peace of mind (안심/심리적 안정)']
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.pipeline.results import Results
from csvalue.report.format import (format_number, join_words, lower_first, number_word, plural,
                                   upper_first)
from csvalue.report.figures import errc_charts, matrix_chart
from csvalue.report.i18n import _, label_language, ngettext
from csvalue.report.labels import (action_name, division_phrase, label, quadrant_name, readable,
                                   scope_label)
from csvalue.report.inert import inert
from csvalue.report.tables import Table, show_markdown, show_table

#: The quadrants of the strategy matrix in the order the section names them.
QUADRANTS = ("improve", "strengthen", "discover", "differentiate")


def section_title(scope: str, codebook: Codebook) -> str:
    """The scope as the section's chart titles name it: ``"company"``, ``"EMR software
    division"``.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> section_title("company", load_codebook()), section_title("division:emr", load_codebook())
    ('company', 'EMR software division')
    """
    if scope == "company":
        return _("company")
    if scope.startswith("division:"):
        # "EMR software division", or in the codebook's words "Economy (flight class)"
        phrase = division_phrase(codebook, scope.split(':', 1)[1], lower=False)
        return phrase[len("the "):] if phrase.startswith("the ") else phrase
    return scope_label(scope, codebook)


def quadrant_facts(matrix: pd.DataFrame, codebook: Codebook) -> dict[str, str]:
    """The values of each quadrant as a list for a sentence (``q_improve`` … ``"none"`` for
    an empty quadrant), and ``source_note``: empty, or why the scope borrows the company's
    impacts (a group too small to estimate its own, ``impact_source`` other than ``own``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> m = pd.DataFrame({"value": ["stability", "efficiency"], "quadrant": "improve",
    ...                   "impact_source": "company"})
    >>> facts = quadrant_facts(m, load_codebook())
    >>> facts["q_improve"], facts["q_strengthen"], facts["source_note"][:32]
    ('stable operations; and time, cost and work efficiency', 'none', 'This group is too small to estim')
    """
    facts = {}
    for q in QUADRANTS:
        names = [lower_first(codebook.label(v, label_language()))
                 for v in matrix.loc[matrix["quadrant"] == q, "value"]]
        facts[f"q_{q}"] = join_words(names) if names else _("none")
    source = (matrix["impact_source"].iloc[0] if "impact_source" in matrix and len(matrix)
              else "own")
    facts["source_note"] = ("" if source == "own" else
                            _("This group is too small to estimate its own impacts, so it uses "
                              "the company-wide impacts with its own gaps and satisfaction."))
    return facts


def section_matrix_chart(matrix: pd.DataFrame, scope: str, codebook: Codebook):
    """The strategy matrix of one scope, titled for its section (:func:`section_title`).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> from csvalue.report.figures import close
    >>> m = pd.DataFrame({"value": ["stability", "reassurance"], "importance": [.2, .3],
    ...                   "gap": [13.0, 2.2], "quadrant": ["improve", "strengthen"],
    ...                   "importance_cross": .25, "gap_cross": 7.6})
    >>> fig = section_matrix_chart(m, "company", load_codebook())
    >>> fig.axes[0].get_title()
    'Strategy matrix — company'
    >>> close(fig)
    """
    return matrix_chart(matrix, _("Strategy matrix — {scope}").format(
        scope=section_title(scope, codebook)), codebook)


def grids_sentence(errc: pd.DataFrame) -> str:
    """How many ERRC grids the section shows, as a sentence.

    Example
    -------
    >>> grids_sentence(pd.DataFrame({"value": ["b", "b", "a"]}))
    'There are 2 grids, one per target value, in the order of priority.'
    """
    n = len(errc_targets(errc))
    return ngettext("There is {n} grid, one per target value, in the order of priority.",
                    "There are {n} grids, one per target value, in the order of priority.",
                    n).format(n=f"{n:,}")


def section_errc_charts(errc: pd.DataFrame, scope: str, codebook: Codebook):
    """The ERRC grids of one scope's target values (:func:`errc_targets`), in one figure
    titled for its section.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> from csvalue.report.figures import close
    >>> e = pd.DataFrame({"value": "stability", "benefit": ["image", "speed"],
    ...                   "impact": [0.21, 0.15], "satisfaction": [70.2, 64.0],
    ...                   "action": ["create", "raise"], "impact_cross": 0.18,
    ...                   "satisfaction_cross": 67.1})
    >>> fig = section_errc_charts(e, "division:emr", load_codebook())
    >>> fig._suptitle.get_text(), fig.axes[0].get_title()
    ('ERRC grids — EMR software division', 'Stable operations')
    >>> close(fig)
    """
    return errc_charts(errc, errc_targets(errc),
                       _("ERRC grids — {scope}").format(scope=section_title(scope, codebook)),
                       codebook)


#: Decimals of the ERRC tables, by data column.
ERRC_DIGITS = {"impact": 3, "satisfaction": 1}


def show_errc_tables(errc: pd.DataFrame, codebook: Codebook) -> None:
    """Each target value's ERRC grid as a table (:func:`errc_table`) under its name in bold,
    in the order of the grids.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> show_errc_tables(pd.DataFrame({"value": "stability", "benefit": ["image"],
    ...     "impact": [0.21], "satisfaction": [70.2], "action": ["raise"]}), load_codebook())
    <IPython.core.display.Markdown object>
    <IPython.core.display.Markdown object>
    """
    for v in errc_targets(errc):
        show_markdown(f"**{inert(label(codebook, v))}**")
        show_table(errc_table(errc, v, codebook), ERRC_DIGITS)


def call_text(call: str, stability: float, alternative: Any, borderline: Any,
              namer: Any = action_name) -> str:
    """How firm a strategy call is, in words: the share of resamples repeating it, and for a
    borderline call the call it is borderline with (:mod:`csvalue.model.stability`).

    Example
    -------
    >>> call_text("raise", 0.61, "create", True)
    'borderline between Raise and Create (61% of resamples)'
    >>> call_text("raise", 0.995, "create", False), call_text("raise", float("nan"), None, False)
    ('stable (100% of resamples)', '–')
    """
    if pd.isna(stability):
        return "–"
    share = _("{share}% of resamples").format(share=f"{100 * float(stability):.0f}")
    if bool(borderline) and not pd.isna(alternative):
        return _("borderline between {call} and {alternative} ({share})").format(
            call=namer(call, korean=False), alternative=namer(alternative, korean=False),
            share=share)
    return (_("borderline ({share})") if bool(borderline) else _("stable ({share})")
            ).format(share=share)


def _with_stability(shown: pd.DataFrame, source: pd.DataFrame, call: str, namer: Any
                    ) -> pd.DataFrame:
    if "stability" not in source:
        return shown
    return shown.assign(firmness=[call_text(c, s, a, b, namer) for c, s, a, b in zip(
        source[call], source["stability"], source["alternative"], source["borderline"])])


def matrix_table(matrix: pd.DataFrame, codebook: Codebook | None = None) -> Table:
    """The strategy matrix for display, by priority then importance: value, importance, gap,
    quadrant, priority and, when the analysis resampled, how firm each call is
    (:func:`call_text`)."""
    m = matrix.sort_values(["priority", "importance"], ascending=[True, False], kind="stable")
    shown = _with_stability(m[["value", "importance", "gap", "quadrant", "priority"]], m,
                            "quadrant", quadrant_name)
    return readable(shown, codebook, korean=True)


def errc_table(errc: pd.DataFrame, value: str, codebook: Codebook | None = None) -> Table:
    """One target value's ERRC grid for display: benefit, impact, satisfaction, action.

    Example
    -------
    >>> e = pd.DataFrame({"value": "stability", "benefit": ["image"], "impact": [0.21],
    ...                   "satisfaction": [70.2], "action": ["raise"]})
    >>> errc_table(e, "stability").display_frame().columns.tolist()
    ['Benefit', 'Impact (β)', 'Satisfaction (0–100)', 'Action']
    """
    rows = errc[errc["value"] == value]
    g = _with_stability(rows[["benefit", "impact", "satisfaction", "action"]], rows, "action",
                        action_name)
    return readable(g, codebook, korean=True)


def errc_targets(errc: pd.DataFrame) -> list[str]:
    """The target values of an ERRC table in the order of its grids.

    Example
    -------
    >>> errc_targets(pd.DataFrame({"value": ["b", "b", "a"]}))
    ['b', 'a']
    """
    return list(dict.fromkeys(errc["value"]))


def portfolio_table(results: Results, wave: str, scope: str = "company",
                    codebook: Codebook | None = None) -> Table:
    """The benefit portfolio of one scope: a row per benefit, a column per target value of
    *that* scope in the order of its ERRC grids, the action in each cell (– = not placed).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"errc": pd.DataFrame({"wave": "2025", "scope": "company",
    ...                                      "value": ["stability"], "benefit": ["image"]}),
    ...                "portfolio": pd.DataFrame({"wave": "2025", "scope": "company",
    ...                    "benefit": ["image", "cost"], "stability": ["raise", None],
    ...                    "leisure": [None, None]})}, {})
    >>> portfolio_table(res, "2025", codebook=load_codebook()).display_frame().values.tolist()
    [['Image and trust (이미지/신뢰도)', 'Raise'], ['Cost saving and profitability (비용절감/수익성 증대)', '–']]
    """
    targets = errc_targets(results.table("errc", wave, scope))
    p = results.table("portfolio", wave, scope)
    out = pd.DataFrame({"benefit": p["benefit"]})
    for v in targets:
        out[v] = [action_name(a, korean=False) for a in
                  (p[v] if v in p else pd.Series([None] * len(p)))]
    return readable(out, codebook, korean=True)


def task_table(results: Results, wave: str, scope: str = "company",
               codebook: Codebook | None = None) -> Table:
    """Per target value: its quadrant and the benefits to create and to raise (labels).

    Example
    -------
    >>> res = Results({"tasks": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "value": ["stability"], "quadrant": ["improve"], "create": [""],
    ...     "raise": ["image, speed"]})}, {})
    >>> task_table(res, "2025").display_frame().iloc[0].tolist()
    ['stability', 'Improve (개선)', '–', 'image; speed']
    """
    t = results.table("tasks", wave, scope)[["value", "quadrant", "create", "raise"]]
    return readable(t, codebook, korean=True, rename={"create": _("Benefits to create"),
                                                      "raise": _("Benefits to raise")})


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
    where = _("the mean across the values") if crosshair == "mean" else _("the crosshair")
    top = matrix[matrix["quadrant"].isin(("improve", "strengthen"))]
    top = top.sort_values("importance", ascending=False, kind="stable")
    if top.empty:
        return [_("No value reaches the importance crosshair (β ≥ {cross}) on CVI.").format(
            cross=f"{cx:.2f}")]
    name = {v: lower_first(codebook.label(v, label_language())) for v in matrix["value"]}
    n = len(top)
    items = [f"{name[v]} (β = {b:.2f})" for v, b in zip(top["value"], top["importance"])]
    if n == 1:
        out = [_("The value that matters most to CVI (impact at or above {where}, β ≥ {cross}) "
                 "is {value}.").format(where=where, cross=f"{cx:.2f}", value=items[0])]
    else:
        out = [_("The {count} values that matter most to CVI (impact at or above {where}, "
                 "β ≥ {cross}) are, largest first, {values}.").format(
            count=number_word(n), where=where, cross=f"{cx:.2f}", values=join_words(items))]
    gap_where = (_("the mean gap across the values") if crosshair == "mean"
                 else _("the gap crosshair"))
    cross = format_number(cy)
    imp = top[top["quadrant"] == "improve"]
    if len(imp):
        k = len(imp)
        gaps = join_words(_("{value} (gap {gap} points)").format(value=name[v], gap=format_number(g))
                          for v, g in zip(imp["value"], imp["gap"]))
        if n > 1:
            text = ngettext("Of these, {values} falls short of expectations by at least "
                            "{where} ({cross} points): the value to improve.",
                            "Of these, {values} fall short of expectations by at least "
                            "{where} ({cross} points): the values to improve.", k)
        else:
            text = ngettext("{values} falls short of expectations by at least {where} "
                            "({cross} points): the value to improve.",
                            "{values} fall short of expectations by at least {where} "
                            "({cross} points): the values to improve.", k)
        out.append(upper_first(text.format(values=gaps, where=gap_where, cross=cross)))
    st = top[top["quadrant"] == "strengthen"]
    if len(st):
        k = len(st)
        gaps = join_words(_("{value} (gap {gap} points)").format(value=name[v], gap=format_number(g))
                          for v, g in zip(st["value"], st["gap"]))
        if (st["gap"].round(1) <= 0).all():
            text = ngettext("{values} meets or exceeds expectations: the value to strengthen.",
                            "{values} meet or exceed expectations: the values to strengthen.", k)
        else:
            text = ngettext("{values} is closer to expectations than {where} ({cross} points): "
                            "the value to strengthen.",
                            "{values} are closer to expectations than {where} ({cross} "
                            "points): the values to strengthen.", k)
        out.append(upper_first(text.format(values=gaps, where=gap_where, cross=cross)))
    return out
