"""Goals are decided once, by the 95% interval (csvalue.model.goals); goals.csv carries the
verdict and the report reads it instead of deciding again."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from csvalue.model import goals as goals_mod
from csvalue.model.goals import GOAL_COLUMNS, grade, grade_goals
from csvalue.model.indices import index_table, respondent_scores
from csvalue.instrument.synth import generate
from csvalue.pipeline.results import Results


def test_doctests():
    assert doctest.testmod(goals_mod).failed == 0


@pytest.mark.parametrize("value, low, high, goal, verdict", [
    (76.6, 75.8, 77.3, 75, "met"),
    (75.5, 75.0, 76.0, 75, "met"),          # the interval touching the goal from above: met
    (75.3, 74.6, 76.0, 75, "within"),
    (74.5, 74.0, 75.0, 75, "within"),        # touching it from below: cannot be told apart
    (4.6, 1.5, 7.6, 10, "not_met"),
    (-3.0, -9.0, 2.0, 10, "not_met"),
    (np.nan, np.nan, np.nan, 75, "none"),    # suppressed
    (76.0, np.nan, np.nan, 75, "none"),      # an estimate without an interval is not graded
])
def test_the_rule(value, low, high, goal, verdict):
    assert grade(value, low, high, goal) == verdict


@given(st.floats(-100, 100), st.floats(0, 30), st.floats(0, 30), st.floats(-100, 100))
def test_the_rule_against_the_interval_written_out(value, below, above, goal):
    low, high = value - below, value + above
    verdict = grade(value, low, high, goal)
    inside = low < goal <= high
    assert (verdict == "within") == inside
    assert (verdict == "met") == (goal <= low)
    assert (verdict == "not_met") == (high < goal)


def test_grade_goals_on_an_index_table(codebook):
    wave = generate(1500, seed=42)
    t = index_table(wave, respondent_scores(wave, codebook), codebook)
    g = grade_goals(t, codebook.goals)
    assert list(g.columns) == GOAL_COLUMNS
    assert set(g["index"]) == {"cvi", "cls", "nps"}
    comp = t[t["scope"] == "company"].set_index("index")
    for r in g.itertuples():
        lo, hi = comp.loc[r.index, "ci_low"], comp.loc[r.index, "ci_high"]
        assert r.met == (comp.loc[r.index, "value"] >= r.goal)
        assert r.margin == pytest.approx(comp.loc[r.index, "value"] - r.goal)
        assert r.grade == ("met" if lo >= r.goal else "not_met" if hi < r.goal else "within")


def test_a_division_is_graded_from_its_own_rows(codebook):
    t = pd.DataFrame({"wave": "2025", "scope": ["company", "division:emr"], "index": "nps",
                      "value": [7.8, -3.0], "ci_low": [4.8, -9.0], "ci_high": [10.8, 2.0]})
    assert grade_goals(t, {"nps": 10})["grade"].tolist() == ["within"]
    assert grade_goals(t, {"nps": 10}, "division:emr")["grade"].tolist() == ["not_met"]
    assert grade_goals(t, {"cvi": 75}).empty       # no goal for an index: no row


def test_the_report_reads_the_verdict_of_goals_csv(codebook):
    """The company's goal table shows goals.csv's grade, not one decided again: a grade the
    rule would not give (changed by hand) is what the table and the sentence show."""
    from csvalue import report as r

    indices = pd.DataFrame({"wave": "2025", "scope": "company", "index": ["cvi"],
                            "value": [76.6], "ci_low": [75.8], "ci_high": [77.3]})
    goals = grade_goals(indices, {"cvi": 75.0})
    assert goals["grade"].tolist() == ["met"]
    res = Results({"indices": indices, "goals": goals.assign(grade="within")},
                  {"goals": {"cvi": 75.0}, "waves": [{"wave": "2025"}]})
    assert r.goals_table(res, "2025").data["grade"].tolist() == [
        "within the 95% interval of the goal"]
    assert "cannot be told apart" in r.headline_findings(res, codebook)[0]
