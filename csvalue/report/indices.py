"""The indices and their goals, for the summary, the indices chapter and the division pages.

Goals are graded once, by :mod:`csvalue.model.goals` (the ``grade`` of ``goals.csv``); the
tables and sentences here read that verdict and put it in words (:data:`GRADE_WORDS`).

Example
-------
>>> goal_sentence("cvi", 76.56, 75.82, 77.29, 75, "met")
'CVI is 76.6 (95% CI 75.8 to 77.3) and meets its goal of 75: the whole interval lies at or above the goal.'
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.model.goals import GOAL_COLUMNS, MET, NO_ESTIMATE, NOT_MET, grade_goals
from csvalue.pipeline.results import Results
from csvalue.report.format import (INDEX_LABELS, estimate_text, format_number, interval_text,
                                   join_words, lower_first, short_number, upper_first)
from csvalue.report.impact import cls_weight_facts
from csvalue.report.labels import division_phrase, scope_label
from csvalue.report.tables import Table

#: The verdicts of :func:`csvalue.model.goals.grade` in words (a missing one is an en dash).
GRADE_WORDS = {"met": "met", "not_met": "not met",
               "within": "within the 95% interval of the goal"}


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
    interval ("76.6 (75.8–77.3)"), and a Note on small or suppressed groups when any has one.

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cs", "cvi"], "value": [77.8, 76.56], "ci_low": [76.9, 75.82],
    ...     "ci_high": [78.7, 77.29], "n": 2000, "flag": float("nan")})}, {})
    >>> index_overview(res, "2025").values.tolist()
    [['Company', 2000, '77.8 (76.9–78.7)', '76.6 (75.8–77.3)']]
    """
    t = results.table("indices", wave)
    if scopes is not None:
        t = t[t["scope"].isin(list(scopes))]
    t = t.assign(cell=[estimate_text(v, lo, hi, style="dash")
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
            .reset_index(drop=True)[GOAL_COLUMNS])


def goals_table(results: Results, wave: str, scope: str = "company") -> Table:
    """The goals for display: index, goal, result, its 95% interval, result − goal, and the
    verdict (:data:`GRADE_WORDS`).

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cls"], "value": [75.33], "ci_low": [74.63], "ci_high": [76.02]})},
    ...     {"goals": {"cls": 75.0}})
    >>> goals_table(res, "2025").display_frame().iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'Index': 'CLS', 'Goal': '75', 'Result': 75.33, '95% CI': '74.6–76.0',
     'Result − goal': '+0.3', 'Grade': 'within the 95% interval of the goal'}
    """
    g = goal_grades(results, wave, scope)
    data = pd.DataFrame({
        "index": g["index"].map(INDEX_LABELS), "goal": [short_number(v) for v in g["goal"]],
        "value": g["value"].astype(float),
        "ci": [interval_text(lo, hi, style="dash") for lo, hi in zip(g["ci_low"], g["ci_high"])],
        "margin": [format_number(m, 1, sign=True) for m in g["margin"]],
        "grade": [GRADE_WORDS.get(k, "–") for k in g["grade"]]})
    return Table(data, {"index": "Index", "goal": "Goal", "value": "Result", "ci": "95% CI",
                        "margin": "Result − goal", "grade": "Grade"})


def goal_sentence(index: str, value: float, ci_low: float, ci_high: float, goal: float,
                  grade: str) -> str:
    """One goal in words, with its verdict (``grade``, from :func:`goal_grades`). The side of
    the goal the point estimate falls on is read from the rounded number the sentence shows.

    Example
    -------
    >>> goal_sentence("cls", 75.33, 74.63, 76.02, 75, "within")
    'CLS is 75.3 (95% CI 74.6 to 76.0), above its goal of 75, but the goal lies within the 95% interval: the result cannot be told apart from the goal.'
    >>> goal_sentence("nps", float("nan"), float("nan"), float("nan"), 10, "none")
    'NPS is not reported (too few respondents); its goal is 10 points.'
    """
    name = INDEX_LABELS.get(index, index)
    unit = " points" if index == "nps" else ""
    if grade == NO_ESTIMATE:
        return (f"{name} is not reported (too few respondents); its goal is "
                f"{short_number(goal)}{unit}.")
    head = f"{name} is {estimate_text(value, ci_low, ci_high, style='words', unit=unit)}"
    if grade == MET:
        return (f"{head} and meets its goal of {short_number(goal)}{unit}: the whole interval "
                f"lies at or above the goal.")
    if grade == NOT_MET:
        return (f"{head} and falls short of its goal of {short_number(goal)}{unit}: the whole "
                f"interval lies below the goal.")
    shown = round(float(value), 1)
    side = "above" if shown > goal else ("below" if shown < goal else "at")
    return (f"{head}, {side} its goal of {short_number(goal)}{unit}, but the goal lies within "
            f"the 95% interval: the result cannot be told apart from the goal.")


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
    >>> division_goal_sentence(res, load_codebook(), "2025")
    'The EMR software division falls short of its NPS goal: 5.1 points (95% CI 0.5 to 9.8) against 10.'
    """
    scopes = [s for s in results.table("indices", wave)["scope"].unique()
              if str(s).startswith("division:") and not str(s).endswith("(missing)")]
    if not scopes:
        return None
    misses = []
    for scope in scopes:
        for g in goal_grades(results, wave, scope).itertuples():
            if g.grade == NOT_MET:
                unit = " points" if g.index == "nps" else ""
                result = estimate_text(g.value, g.ci_low, g.ci_high, style="words", unit=unit)
                misses.append(f"{division_phrase(codebook, scope.split(':', 1)[1], lower=False)} "
                              f"falls short of its {INDEX_LABELS.get(g.index, g.index)} goal: "
                              f"{result} against {short_number(g.goal)}")
    if not misses:
        noun = (lower_first(codebook.item("division").label_en) if codebook.has("division")
                else "division")
        return (f"No {noun} falls clearly short of a goal: each {noun}'s 95% interval "
                "reaches or passes every goal.")
    return upper_first(join_words(misses)) + "."
