"""Goals: whether an index meets its goal, decided once, by its 95% interval.

A goal ("CVI at least 75") is met when the whole 95% interval of the index lies at or above
it, not met when the whole interval lies below it, and otherwise the result cannot be told
apart from the goal: the goal lies within the interval. :func:`grade` is that rule;
:func:`grade_goals` applies it to an index table, giving ``goals.csv``. The report's goal
tables and sentences read this verdict (the ``grade`` column) rather than deciding again.

Example
-------
>>> t = pd.DataFrame({"wave": "2025", "scope": "company", "index": ["cvi", "cls", "nps"],
...                   "value": [76.6, 75.3, 4.6], "ci_low": [75.8, 74.6, 1.5],
...                   "ci_high": [77.3, 76.0, 7.6]})
>>> grade_goals(t, {"cvi": 75, "cls": 75, "nps": 10})[["index", "met", "grade"]].values.tolist()
[['cvi', True, 'met'], ['cls', True, 'within'], ['nps', False, 'not_met']]
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

#: The verdicts of :func:`grade`: the whole interval at or above the goal, wholly below it,
#: the goal inside the interval, or no estimate (a suppressed or missing value).
MET, NOT_MET, WITHIN, NO_ESTIMATE = "met", "not_met", "within", "none"
GRADE_VALUES = (MET, NOT_MET, WITHIN, NO_ESTIMATE)
#: Columns of :func:`grade_goals` (``goals.csv``), in order.
GOAL_COLUMNS = ["wave", "index", "goal", "value", "ci_low", "ci_high", "met", "margin", "grade",
                "n", "n_effective"]


def _missing(v: object) -> bool:
    return v is None or bool(pd.isna(v))


def grade(value: float, ci_low: float, ci_high: float, goal: float) -> str:
    """The verdict on one goal: :data:`MET` when the whole 95% interval is at or above the
    goal, :data:`NOT_MET` when it is wholly below, :data:`WITHIN` when the goal lies inside
    the interval (the result cannot be told apart from the goal), :data:`NO_ESTIMATE` when the
    estimate, its interval or the goal is missing.

    Example
    -------
    >>> grade(76.6, 75.8, 77.3, 75), grade(75.3, 74.6, 76.0, 75), grade(4.6, 1.5, 7.6, 10)
    ('met', 'within', 'not_met')
    >>> grade(float("nan"), float("nan"), float("nan"), 75)
    'none'
    """
    if any(_missing(v) for v in (value, ci_low, ci_high, goal)):
        return NO_ESTIMATE
    if ci_low >= goal:
        return MET
    if ci_high < goal:
        return NOT_MET
    return WITHIN


def grade_goals(table: pd.DataFrame, goals: Mapping[str, float], scope: str = "company"
                ) -> pd.DataFrame:
    """The goals graded per wave for one scope of an index table.

    Parameters
    ----------
    table : an index table (:func:`csvalue.model.indices.index_table`: wave, scope, index,
        value, ci_low, ci_high, …).
    goals : index id → goal (the codebook's ``goals``, or ``model.json``'s).
    scope : the scope graded (``"company"``; a division such as ``"division:emr"``).

    Returns
    -------
    :data:`GOAL_COLUMNS`: wave, index, goal, value, ci_low, ci_high, ``met`` (the point
    estimate at or above the goal), ``margin`` (value − goal), ``grade`` (the verdict of
    :func:`grade`, by the 95% interval) and the interval's base, ``n`` and ``n_effective``
    (blank when the table has none), in the rows' order of ``table``.

    Example
    -------
    >>> t = pd.DataFrame({"wave": "2025", "scope": ["company", "division:emr"],
    ...                   "index": "nps", "value": [7.8, -3.0], "ci_low": [4.8, -9.0],
    ...                   "ci_high": [10.8, 2.0]})
    >>> grade_goals(t, {"nps": 10}, "division:emr")[["value", "margin", "grade"]].values.tolist()
    [[-3.0, -13.0, 'not_met']]
    """
    rows = table[(table["scope"] == scope) & table["index"].isin(list(goals))]
    out = rows[["wave", "index", "value", "ci_low", "ci_high"]].copy()
    out.insert(2, "goal", out["index"].map(dict(goals)).astype(float))
    out["met"] = out["value"] >= out["goal"]
    out["margin"] = out["value"] - out["goal"]
    out["grade"] = [grade(v, lo, hi, g) for v, lo, hi, g in
                    zip(out["value"], out["ci_low"], out["ci_high"], out["goal"])]
    for col in ("n", "n_effective"):   # the base of the interval the grade reads
        out[col] = rows[col].to_numpy() if col in rows else float("nan")
    return out.reset_index(drop=True)
