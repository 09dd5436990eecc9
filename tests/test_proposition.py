"""Value proposition: task types (slide 14) and the proposition of slide 25."""

from __future__ import annotations

import doctest

import pandas as pd

import csvalue.model.proposition as proposition
from csvalue.model.proposition import PROPOSITION_COLUMNS, value_proposition
from csvalue.model.strategy import strategy_matrix
from strategy_helpers import impacts_frame

from design_tables import LEISURE, SLIDE9  # noqa: E402  (slides 9 and 7)


def _source_impacts() -> pd.DataFrame:
    rows = [(3, v, b, 1.0, imp) for v, bs in SLIDE9.items() for b, imp in bs.items()]
    rows += [(3, "stability", "price", 1.0, None)]                  # a non-significant path
    rows += [(2, "leisure", v, 1.0, imp) for v, imp in LEISURE.items()]
    rows += [(2, "leisure", "stability", 1.0, None)]
    return impacts_frame(rows)


def _source_matrix() -> pd.DataFrame:
    # the source's quadrants: importances on the side of the mean that slide 16 shows
    imp = pd.Series({"stability": .282, "efficiency": .186, "relationship": .086, "revenue": 0.0,
                     "reassurance": .257, "confidence": .239, "leisure": 0.0})
    gap = pd.Series({"stability": 14.0, "efficiency": 15.0, "relationship": 13.0, "revenue": 16.0,
                     "reassurance": 8.0, "confidence": 13.0, "leisure": 9.0})
    m = strategy_matrix(imp, gap)
    assert m.set_index("value")["quadrant"].to_dict() == {
        "stability": "improve", "efficiency": "improve", "confidence": "improve",
        "reassurance": "strengthen", "relationship": "discover", "revenue": "discover",
        "leisure": "differentiate"}
    return m


def test_doctests():
    assert doctest.testmod(proposition).failed == 0


def test_source_value_proposition(codebook):
    vp = value_proposition(_source_matrix(), _source_impacts(), codebook)
    assert list(vp.columns) == PROPOSITION_COLUMNS
    t = vp.set_index("value")
    assert t["task"].to_dict() == {
        "stability": "improvement", "efficiency": "improvement",        # basic factors
        "relationship": "proposal", "revenue": "proposal",              # drive the upper value
        "reassurance": "improvement+proposal", "confidence": "improvement+proposal",
        "leisure": "proposal"}                                          # the upper value itself
    assert t["basic_factor"].sum() == 2 and t.loc["stability", "basic_factor"]
    # slide 25: the proposition is confidence, reassurance and leisure
    assert t.index[t["proposition"]].tolist() == ["reassurance", "confidence", "leisure"]
    assert t.loc["confidence", "benefits"] == "image, accuracy, cost"
    assert t.loc["leisure", "benefits"] == "image, cost, price, service"
    assert t.loc["leisure", "via_values"] == "revenue, confidence, relationship, reassurance, efficiency"
    assert t.loc["stability", "benefits"] == "convenience, speed, image, accuracy, service, cost"
    assert not t.loc["stability", "drives_upper"] and t.loc["revenue", "drives_upper"]


def test_low_impact_and_optional_tasks(codebook):
    imp = pd.Series({"stability": 0.1, "revenue": 0.0, "reassurance": 0.1, "confidence": 0.5,
                     "relationship": 0.0})
    gap = pd.Series({"stability": 1.0, "revenue": 5.0, "reassurance": 1.0, "confidence": 5.0,
                     "relationship": 1.0})
    # fixed crosshair: importance 0.05 → stability/reassurance are strengthen with low impact
    m = strategy_matrix(imp, gap, crosshair=(0.05, 3.0))
    vp = value_proposition(m, impacts_frame([(2, "leisure", "relationship", 1.0, None)]), codebook)
    t = vp.set_index("value")
    assert t.loc["reassurance", "quadrant"] == "strengthen"
    assert t.loc["reassurance", "task"] == "improvement"      # below the mean impact (.14)
    assert t.loc["confidence", "task"] == "improvement+proposal"
    assert t.loc["revenue", "task"] == "optional"             # low impact, drives nothing
    assert t.loc["relationship", "task"] == "optional"        # n.s. path to leisure
    assert t.index[t["proposition"]].tolist() == ["confidence"]
    assert value_proposition(m.iloc[:0], impacts_frame([]), codebook).empty
