"""Strategy matrix, ERRC grids, benefit portfolio, task summary on hand-made tables."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

import csvalue.model.strategy as strategy
from csvalue.model.strategy import (
    benefit_impacts, benefit_portfolio, benefit_satisfaction, errc_grid, strategy_matrix,
    target_values, task_summary, value_gaps, value_importance,
)
from strategy_helpers import impacts_frame, small_codebook

# The source's CVI impacts (slide 7, "-" = not significant → 0) and gaps whose signs put the
# values where slide 16 shows them.
SOURCE_IMPORTANCE = pd.Series({"stability": .282, "efficiency": .136, "relationship": .086,
                               "revenue": 0.0, "reassurance": .257, "confidence": .239,
                               "leisure": 0.0})
SOURCE_GAP = pd.Series({"stability": 14.0, "efficiency": 15.0, "relationship": 13.0,
                        "revenue": 16.0, "reassurance": 8.0, "confidence": 12.5,
                        "leisure": 9.0})


def test_doctests():
    assert doctest.testmod(strategy).failed == 0


def test_strategy_matrix_reproduces_the_source_quadrants():
    m = strategy_matrix(SOURCE_IMPORTANCE, SOURCE_GAP).set_index("value")
    # crosshairs are the means across the seven values
    assert m["importance_cross"].iloc[0] == pytest.approx(SOURCE_IMPORTANCE.mean())
    assert m["gap_cross"].iloc[0] == pytest.approx(SOURCE_GAP.mean())
    assert SOURCE_IMPORTANCE.mean() == pytest.approx(0.1429, abs=1e-4)
    assert SOURCE_GAP.mean() == pytest.approx(12.5)
    # With the slide-7 CVI impacts, efficiency (.136) sits just under the mean (.143): the
    # mean crosshair puts it on the low-importance side although slide 16 shows it in Improve.
    # The quadrant follows the numbers; the source's story (efficiency in Improve) needs data
    # where efficiency's CVI impact clears the mean (the acceptance test on the shipped wave
    # checks that).
    expected = {"stability": "improve", "efficiency": "discover", "confidence": "improve",
                "reassurance": "strengthen", "relationship": "discover", "revenue": "discover",
                "leisure": "differentiate"}
    assert m["quadrant"].to_dict() == expected
    assert m["priority"].to_dict() == {v: {"improve": 1, "strengthen": 2}.get(q, 3)
                                       for v, q in expected.items()}
    # confidence sits exactly on the gap crosshair (12.5): on the crosshair counts as high
    assert m.loc["confidence", "gap"] == m.loc["confidence", "gap_cross"]


def test_matrix_keeps_order_and_columns_and_drops_missing():
    imp = pd.Series({"b": 0.1, "a": 0.5, "c": np.nan})
    gap = pd.Series({"a": 1.0, "b": 3.0, "c": 2.0})
    m = strategy_matrix(imp, gap)
    assert list(m.columns) == strategy.MATRIX_COLUMNS
    assert m["value"].tolist() == ["b", "a"]           # c has no importance → left out
    assert m["quadrant"].tolist() == ["discover", "strengthen"]


def test_matrix_ties_on_the_crosshair_count_as_high():
    imp = pd.Series({"a": 0.2, "b": 0.2, "c": 0.2})
    gap = pd.Series({"a": 5.0, "b": 5.0, "c": 5.0})
    m = strategy_matrix(imp, gap)
    assert (m["quadrant"] == "improve").all()


def test_matrix_scale_and_fixed_crosshairs():
    imp = pd.Series({"a": 0.3, "b": 0.1})
    gap = pd.Series({"a": -2.0, "b": 4.0})
    mean = strategy_matrix(imp, gap)
    scale = strategy_matrix(imp, gap, crosshair="scale")
    fixed = strategy_matrix(imp, gap, crosshair=(0.05, 10.0))
    assert mean["quadrant"].tolist() == ["strengthen", "discover"]
    assert scale["gap_cross"].iloc[0] == 0.0 and scale["importance_cross"].iloc[0] == 0.2
    assert scale["quadrant"].tolist() == ["strengthen", "discover"]
    assert fixed["quadrant"].tolist() == ["strengthen", "strengthen"]
    with pytest.raises(ValueError, match="crosshair"):
        strategy_matrix(imp, gap, crosshair="median")


def test_value_gaps_and_benefit_satisfaction_against_hand_computation(codebook):
    df = pd.DataFrame({
        "v_stability": [2.0, 4.0, np.nan, 5.0], "ev_stability": [5.0, 4.0, 5.0, np.nan],
        "v_leisure": [1.0, 1.0, 1.0, 1.0], "ev_leisure": [1.0, 3.0, 5.0, 5.0],
        "b_speed": [1.0, 2.0, 3.0, np.nan],
    })
    g = value_gaps(df, codebook)
    # pairwise per respondent: (100 - 25), (75 - 75); rows with a missing answer skipped
    assert g["stability"] == pytest.approx((75.0 + 0.0) / 2)
    assert g["leisure"] == pytest.approx((0 + 50 + 100 + 100) / 4)
    assert np.isnan(g["revenue"])                        # no columns in the frame
    s = benefit_satisfaction(df, codebook)
    assert s["speed"] == pytest.approx((0 + 25 + 50) / 3)
    assert list(s.index) == list(codebook.benefits)


def test_value_importance_zeroes_non_significant_and_absent(codebook):
    imp = impacts_frame([(1, "cvi", "stability", 10.0, .28), (1, "cvi", "efficiency", 2.0, None),
                         (1, "cs", "revenue", 5.0, .4), (3, "stability", "speed", .1, .2)])
    s = value_importance(imp, codebook)
    assert list(s.index) == list(codebook.values)
    assert s["stability"] == .28 and s["efficiency"] == 0 and s["revenue"] == 0
    assert value_importance(imp, codebook, outcome="cs")["revenue"] == .4


# ---------------------------------------------------------------------------------------
# ERRC
# ---------------------------------------------------------------------------------------

def _grid_inputs():
    # confidence ← image .425, accuracy .292, cost .144 (slide 9); reassurance ← four benefits
    bi = pd.DataFrame({
        "value": ["confidence"] * 4 + ["reassurance"] * 5,
        "benefit": ["accuracy", "cost", "image", "speed",
                    "convenience", "accuracy", "cost", "image", "service"],
        "impact": [.292, .144, .425, np.nan, .163, .247, .126, .224, .240],
    })
    sat = pd.Series({"convenience": 78.0, "speed": 74.0, "accuracy": 76.0, "cost": 62.0,
                     "image": 70.0, "service": 73.0, "price": 60.0})
    return bi, sat


def test_errc_grid_against_hand_computation():
    bi, sat = _grid_inputs()
    e = errc_grid(bi, sat, values=["confidence", "reassurance"])
    assert list(e.columns) == strategy.ERRC_COLUMNS
    conf = e[e["value"] == "confidence"].set_index("benefit")
    # crosshairs: mean impact (.292+.144+.425)/3 = .287, mean satisfaction (76+62+70)/3 = 69.33
    assert conf["impact_cross"].iloc[0] == pytest.approx(0.287)
    assert conf["satisfaction_cross"].iloc[0] == pytest.approx(208 / 3)
    assert conf["action"].to_dict() == {"accuracy": "create", "cost": "review", "image": "create"}
    assert "speed" not in conf.index                       # not significant → not placed
    assert (conf["n_placed"] == 3).all()
    re = e[e["value"] == "reassurance"].set_index("benefit")
    # impact mean .2, satisfaction mean 71.8
    assert re["action"].to_dict() == {"convenience": "maintain", "accuracy": "create",
                                      "cost": "review", "image": "raise", "service": "create"}


def test_errc_grid_edge_cases():
    bi, sat = _grid_inputs()
    # a value with no significant benefit gets no rows; one with a single benefit a 1-point grid
    bi = pd.concat([bi, pd.DataFrame({"value": ["leisure", "revenue"],
                                      "benefit": ["price", "cost"],
                                      "impact": [np.nan, .46]})])
    e = errc_grid(bi, sat, values=["leisure", "revenue"])
    assert e["value"].tolist() == ["revenue"]
    assert e["n_placed"].tolist() == [1] and e["action"].tolist() == ["create"]
    # scale crosshair puts satisfaction at 50: every benefit of these is "high satisfaction"
    e = errc_grid(bi, sat, values=["confidence"], crosshair="scale")
    assert set(e["action"]) <= {"create", "maintain"} and e["satisfaction_cross"].iloc[0] == 50
    # empty input → empty table with the columns
    empty = errc_grid(bi.iloc[:0], sat)
    assert empty.empty and list(empty.columns) == strategy.ERRC_COLUMNS


def test_portfolio_and_task_summary():
    bi, sat = _grid_inputs()
    matrix = strategy_matrix(pd.Series({"confidence": .239, "reassurance": .257, "leisure": 0.0}),
                             pd.Series({"confidence": 14.0, "reassurance": 8.0, "leisure": 9.0}))
    assert target_values(matrix) == ["confidence", "reassurance"]
    e = errc_grid(bi, sat, values=target_values(matrix))
    order = ["convenience", "speed", "accuracy", "cost", "image", "service", "price"]
    p = benefit_portfolio(e, order)
    assert list(p.columns) == ["benefit", "confidence", "reassurance"]
    assert p["benefit"].tolist() == ["convenience", "accuracy", "cost", "image", "service"]
    cell = p.set_index("benefit")
    assert cell.loc["image", "confidence"] == "create" and cell.loc["image", "reassurance"] == "raise"
    assert pd.isna(cell.loc["convenience", "confidence"])
    t = task_summary(e, matrix).set_index("value")
    assert list(t.columns) == strategy.TASK_COLUMNS[1:]
    assert t.loc["confidence", "quadrant"] == "improve"
    assert t.loc["confidence", "create"] == "image, accuracy"    # by impact, descending
    assert t.loc["confidence", "raise"] == ""
    assert t.loc["reassurance", "create"] == "accuracy, service"
    assert t.loc["reassurance", "raise"] == "image"
    assert "leisure" not in t.index


def test_no_benefit_layer_gives_no_grids():
    cb = small_codebook(None, {"stability": {"level": "functional"},
                               "leisure": {"level": "terminal", "upper": True}})
    imp = impacts_frame([(1, "cvi", "stability", 10.0, .3), (1, "cvi", "leisure", 1.0, None)])
    bi = benefit_impacts(imp, cb)
    assert bi.empty
    assert benefit_satisfaction(pd.DataFrame({"v_stability": [1.0]}), cb).empty
    m = strategy_matrix(value_importance(imp, cb), pd.Series({"stability": 5.0, "leisure": 1.0}))
    e = errc_grid(bi, benefit_satisfaction(pd.DataFrame(), cb), values=target_values(m))
    assert e.empty
    assert benefit_portfolio(e).columns.tolist() == ["benefit"]
    t = task_summary(e, m)
    assert t["value"].tolist() == ["stability"] and t["create"].tolist() == [""]
