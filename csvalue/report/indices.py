"""The indices and their goals, for the summary, the indices chapter and the division pages.

Goals are graded once, by :mod:`csvalue.model.goals` (the ``grade`` of ``goals.csv``); the
tables and sentences here read that verdict and put it in words (:data:`GRADE_WORDS`).

Example
-------
>>> print(goal_sentence("cvi", 76.56, 75.82, 77.29, 75, "met").replace(NBSP, " "))
CVI is 76.6 [75.8, 77.3] and meets its goal of 75: the whole interval lies at or above the goal.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.model.goals import GOAL_COLUMNS, MET, NO_ESTIMATE, NOT_MET, grade_goals
from csvalue.pipeline.results import Results
from csvalue.report.format import (INDEX_LABELS, NBSP, estimate_text, format_number, interval_text,
                                   join_words, lower_first, short_number, upper_first)
from csvalue.report.i18n import N_, Messages, _, label_language
from csvalue.report.impact import cls_weight_facts
from csvalue.report.labels import division_phrase, scope_label
from csvalue.report.tables import Table

#: The verdicts of :func:`csvalue.model.goals.grade` in words (a missing one is an en dash).
GRADE_WORDS = Messages({"met": N_("met"), "not_met": N_("not met"),
                        "within": N_("within the 95% interval of the goal")})


def division_scopes(results: Results, wave: str) -> list[str]:
    """The company followed by every division scope of one wave's indices (the chapter's
    chart and overview of the divisions).

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025",
    ...     "scope": ["company", "region:seoul", "division:emr"]})}, {})
    >>> division_scopes(res, "2025"), group_scopes(res, "2025")
    (['company', 'division:emr'], ['region:seoul'])
    """
    return ["company"] + [s for s in results.table("indices", wave)["scope"].unique()
                          if s.startswith("division:")]


def group_scopes(results: Results, wave: str) -> list[str]:
    """Every customer-group scope (profile categories, segments) of one wave's indices: all
    but the company and the divisions, in the order of the results."""
    return [s for s in results.table("indices", wave)["scope"].unique()
            if s != "company" and not s.startswith("division:")]


def index_facts(results: Results, wave: str) -> dict[str, float | str]:
    """What the indices chapter's prose cites: the company's ``cvi``, ``cls``, ``cs`` and
    ``nps``, the CLS weights (``w_rep``, ``w_rec``) and where they came from (``w_source``),
    and the thresholds ``small_base`` and ``disclosure_min``.

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cvi", "cls", "cs", "nps"], "value": [76.6, 75.3, 77.8, 7.8]})},
    ...     {"cls_weights": {"repurchase": 0.43, "recommend": 0.57},
    ...      "cls_weights_source": "estimated", "thresholds": {"small_base": 30,
    ...                                                        "disclosure_min": 5}})
    >>> index_facts(res, "2025")  # doctest: +NORMALIZE_WHITESPACE
    {'cvi': 76.6, 'cls': 75.3, 'cs': 77.8, 'nps': 7.8, 'w_rep': 0.43, 'w_rec': 0.57,
     'w_source': 'estimated', 'small_base': 30, 'disclosure_min': 5}
    """
    company = results.table("indices", wave, "company").set_index("index")
    facts: dict[str, float | str] = {k: float(company.loc[k, "value"])
                                     for k in ("cvi", "cls", "cs", "nps")}
    weights = results.model["cls_weights"]
    thresholds = results.model["thresholds"]
    facts.update({"w_rep": weights["repurchase"], "w_rec": weights["recommend"],
                  "w_source": cls_weight_facts(results)["w_source"],
                  "small_base": thresholds["small_base"],
                  "disclosure_min": thresholds["disclosure_min"]})
    return facts


def index_overview(results: Results, wave: str, scopes: Iterable[str] | None = None,
                   codebook: Codebook | None = None) -> pd.DataFrame:
    """Indices as a wide table: one row per scope (Group, n), each index's value with its
    interval ("76.6 [75.8, 77.3]", non-breaking), and a Note on small or suppressed groups when any has one.

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cs", "cvi"], "value": [77.8, 76.56], "ci_low": [76.9, 75.82],
    ...     "ci_high": [78.7, 77.29], "n": 2000, "flag": float("nan")})}, {})
    >>> index_overview(res, "2025").map(lambda v: str(v).replace(NBSP, " ")).values.tolist()
    [['Company', '2000', '77.8 [76.9, 78.7]', '76.6 [75.8, 77.3]']]
    """
    t = results.table("indices", wave)
    if scopes is not None:
        t = t[t["scope"].isin(list(scopes))]
    t = t.assign(cell=[estimate_text(v, lo, hi)
                       for v, lo, hi in zip(t["value"], t["ci_low"], t["ci_high"])])
    wide = t.pivot_table(index="scope", columns="index", values="cell", aggfunc="first",
                         sort=False)
    n = t[t["index"] == "cs"].set_index("scope")["n"]
    flag = t[t["index"] == "cs"].set_index("scope")["flag"]
    wide = wide.reindex(columns=[k for k in INDEX_LABELS if k in wide.columns])
    wide.columns = [INDEX_LABELS[c] for c in wide.columns]
    wide.insert(0, "n", n.reindex(wide.index).astype(int))
    th = results.model.get("thresholds", {})
    note, group = _("Note"), _("Group")
    wide[note] = flag.reindex(wide.index).replace(
        {"small_base": _("small base (n < {n})").format(n=th.get('small_base', 30)),
         "suppressed": _("suppressed (n < {n})").format(n=th.get('disclosure_min', 5))})
    if wide[note].isna().all():
        wide = wide.drop(columns=note)
    out = wide.reset_index().rename(columns={"scope": group})
    out[group] = [scope_label(s, codebook) for s in out[group]]
    return out


def goal_grades(results: Results, wave: str, scope: str = "company") -> pd.DataFrame:
    """The goals of one wave and scope with their verdict: :data:`GOAL_COLUMNS` of
    :func:`csvalue.model.goals.grade_goals`, in the order of the goals (``model.json``).

    The company's are read from ``goals.csv`` (its ``grade`` column); a division's or
    segment's are graded from ``indices.csv`` by the same rule. Results written before goals
    carried a grade are graded the same way.

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "index": ["nps", "cvi"],
    ...     "scope": "division:emr", "value": [-3.0, 75.8], "ci_low": [-9.0, 74.7],
    ...     "ci_high": [2.0, 77.0]})}, {"goals": {"cvi": 75.0, "nps": 10.0}})
    >>> goal_grades(res, "2025", "division:emr")[["index", "grade"]].values.tolist()
    [['cvi', 'within'], ['nps', 'not_met']]
    """
    goals = results.model.get("goals") or {}
    stored = results.tables.get("goals")
    if not goals and stored is not None and len(stored):
        g = results.table("goals", wave)
        goals = dict(zip(g["index"], g["goal"]))
    if scope == "company" and stored is not None and "grade" in stored:
        g = results.table("goals", wave)
    else:
        g = grade_goals(results.table("indices", wave), goals, scope)
    order = {k: i for i, k in enumerate(goals)}
    g = g[g["index"].isin(order)]
    return (g.sort_values("index", key=lambda s: s.map(order), kind="stable")
            .reset_index(drop=True).reindex(columns=GOAL_COLUMNS))


def goals_table(results: Results, wave: str, scope: str = "company") -> Table:
    """The goals for display: index, goal, result, its 95% interval, result − goal, and the
    verdict (:data:`GRADE_WORDS`).

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cls"], "value": [75.33], "ci_low": [74.63], "ci_high": [76.02]})},
    ...     {"goals": {"cls": 75.0}})
    >>> goals_table(res, "2025").display_frame().iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'Index': 'CLS', 'Goal': '75', 'Result': 75.33, '95% CI': '[74.6,\xa076.0]',
     'Result − goal': '+0.3', 'Grade': 'within the 95% interval of the goal'}
    """
    g = goal_grades(results, wave, scope)
    data = pd.DataFrame({
        "index": g["index"].map(INDEX_LABELS), "goal": [short_number(v) for v in g["goal"]],
        "value": g["value"].astype(float),
        "ci": [interval_text(lo, hi) for lo, hi in zip(g["ci_low"], g["ci_high"])],
        "margin": [format_number(m, 1, sign=True) for m in g["margin"]],
        "grade": [GRADE_WORDS.get(k, "–") for k in g["grade"]]})
    return Table(data, {"index": _("Index"), "goal": _("Goal"), "value": _("Result"),
                        "ci": _("95% CI"), "margin": _("Result − goal"), "grade": _("Grade")})


def goal_sentence(index: str, value: float, ci_low: float, ci_high: float, goal: float,
                  grade: str) -> str:
    """One goal in words, with its verdict (``grade``, from :func:`goal_grades`). The side of
    the goal the point estimate falls on is read from the rounded number the sentence shows.

    Example
    -------
    >>> print(goal_sentence("cls", 75.33, 74.63, 76.02, 75, "within").replace(NBSP, " "))
    CLS is 75.3 [74.6, 76.0], above its goal of 75, but the goal lies within the 95% interval: the result cannot be told apart from the goal.
    >>> goal_sentence("nps", float("nan"), float("nan"), float("nan"), 10, "none")
    'NPS is not reported (too few respondents); its goal is 10 points.'
    """
    name = INDEX_LABELS.get(index, index)
    unit = _(" points") if index == "nps" else ""
    target = f"{short_number(goal)}{unit}"
    if grade == NO_ESTIMATE:
        return _("{index} is not reported (too few respondents); its goal is {goal}."
                 ).format(index=name, goal=target)
    est = estimate_text(value, ci_low, ci_high, unit=unit)
    if grade == MET:
        return _("{index} is {estimate} and meets its goal of {goal}: the whole interval lies "
                 "at or above the goal.").format(index=name, estimate=est, goal=target)
    if grade == NOT_MET:
        return _("{index} is {estimate} and falls short of its goal of {goal}: the whole "
                 "interval lies below the goal.").format(index=name, estimate=est, goal=target)
    shown = round(float(value), 1)
    if shown > goal:
        text = _("{index} is {estimate}, above its goal of {goal}, but the goal lies within the "
                 "95% interval: the result cannot be told apart from the goal.")
    elif shown < goal:
        text = _("{index} is {estimate}, below its goal of {goal}, but the goal lies within the "
                 "95% interval: the result cannot be told apart from the goal.")
    else:
        text = _("{index} is {estimate}, at its goal of {goal}, but the goal lies within the "
                 "95% interval: the result cannot be told apart from the goal.")
    return text.format(index=name, estimate=est, goal=target)


def division_facts(results: Results, wave: str, division: str, codebook: Codebook
                   ) -> dict[str, float | str]:
    """What a division page's opening cites: ``division_name`` ("the EMR software
    division"), its ``cvi``, ``cls`` and ``nps`` and its respondents ``n`` (the CS base).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "division:emr",
    ...     "index": ["cvi", "cls", "nps", "cs"], "value": [75.8, 74.9, 5.1, 76.7],
    ...     "n": [810, 812, 812, 815]})}, {})
    >>> division_facts(res, "2025", "emr", load_codebook())
    {'division_name': 'the EMR software division', 'cvi': 75.8, 'cls': 74.9, 'nps': 5.1, 'n': 815}
    """
    row = results.table("indices", wave, f"division:{division}").set_index("index")
    facts: dict[str, float | str] = {
        "division_name": division_phrase(codebook, division)}
    facts.update({k: float(row.loc[k, "value"]) for k in ("cvi", "cls", "nps")})
    facts["n"] = int(row.loc["cs", "n"])
    return facts


def division_goal_sentence(results: Results, codebook: Codebook, wave: str) -> str | None:
    """The divisions' goals in one sentence: which division misses which goal outright (the
    verdict ``not_met``: the whole 95% interval below it), or that none does. None when there
    are no divisions.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "index": "nps",
    ...     "scope": ["company", "division:emr"], "value": [7.8, 5.1], "ci_low": [4.8, 0.5],
    ...     "ci_high": [10.8, 9.8]})}, {"goals": {"nps": 10.0}})
    >>> print(division_goal_sentence(res, load_codebook(), "2025").replace(NBSP, " "))
    The EMR software division falls short of its NPS goal: 5.1 points [0.5, 9.8] against 10.
    """
    scopes = [s for s in results.table("indices", wave)["scope"].unique()
              if str(s).startswith("division:") and not str(s).endswith("(missing)")]
    if not scopes:
        return None
    misses = []
    for scope in scopes:
        for g in goal_grades(results, wave, scope).itertuples():
            if g.grade == NOT_MET:
                unit = _(" points") if g.index == "nps" else ""
                result = estimate_text(g.value, g.ci_low, g.ci_high, unit=unit)
                misses.append(_("{division} falls short of its {index} goal: {result} against "
                                "{goal}").format(
                    division=division_phrase(codebook, scope.split(':', 1)[1], lower=False),
                    index=INDEX_LABELS.get(g.index, g.index), result=result,
                    goal=short_number(g.goal)))
    if not misses:
        noun = (lower_first(codebook.label("division", label_language()))
                if codebook.has("division") else _("division"))
        return _("No {noun} falls clearly short of a goal: each {noun}'s 95% interval "
                 "reaches or passes every goal.").format(noun=noun)
    return _("{misses}.").format(misses=upper_first(join_words(misses)))
