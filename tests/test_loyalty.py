"""Loyalty tiers and targeting, on hand-built rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csvalue.instrument.codebook import parse_codebook
from csvalue.model.loyalty import (TIERS, loyalty_tiers, non_positive_promoters, targeting,
                             tier_table)


def test_tiers_follow_the_rule_table(codebook):
    df = pd.DataFrame({
        "repurchase": [5, 5, 4, 4, 3, 3, 1, np.nan, 5],
        "recommend":  [9, 8, 10, 0, 9, 6, 10, 9, np.nan],
    })
    got = loyalty_tiers(df, codebook).tolist()
    assert got == ["loyalist", "love-hate", "apostle", "love-hate", "inferior", "inferior",
                   "inferior", None, None]
    assert non_positive_promoters(df, codebook) == 2   # (3, 9) and (1, 10)


def test_thresholds_come_from_the_codebook(codebook):
    from dataclasses import replace

    cb = replace(codebook, thresholds=replace(codebook.thresholds, promoter_min=8,
                                              repurchase_strong=4, repurchase_weak=3))
    df = pd.DataFrame({"repurchase": [4, 3, 3, 2], "recommend": [8, 8, 7, 10]})
    assert loyalty_tiers(df, cb).tolist() == ["loyalist", "apostle", "love-hate", "inferior"]


def test_tier_table_counts_and_labels(codebook):
    tiers = pd.Series(["loyalist"] * 3 + ["inferior"] * 1 + [None])
    t = tier_table(tiers, codebook)
    assert t["tier"].tolist() == list(TIERS)
    assert t["n"].tolist() == [3, 0, 0, 1]
    assert t["share"].tolist() == [75.0, 0.0, 0.0, 25.0]
    assert t.set_index("tier").loc["loyalist", "metal"] == "Platinum"


def test_targeting_median_rule_and_one_tier_up(codebook):
    seg = pd.Series(["a"] * 6 + ["b"] * 4 + ["c"] * 5)
    tiers = pd.Series(["loyalist", "apostle", "apostle", "apostle", "love-hate", "inferior",
                       "love-hate", "love-hate", "inferior", "loyalist",
                       "inferior", "inferior", "inferior", "love-hate", "apostle"])
    cls = pd.Series({"a": 80.0, "b": 70.0, "c": 60.0})
    t = targeting(seg, tiers, cls, codebook).set_index("segment")
    assert t["target"].tolist() == [True, True, False]   # median segment CLS is 70
    assert t.loc["a", "task"] == "apostle → loyalist"
    assert t.loc["b", "task"] == "love-hate → apostle"
    assert t.loc["c", "task"] == "" and t.loc["c", "largest_tier"] == "inferior"
    assert t.loc["a", ["loyalist", "apostle", "love-hate", "inferior"]].tolist() == [1, 3, 1, 1]
    assert t.loc["b", "n"] == 4 and t.loc["b", "love-hate_pct"] == 50.0


def test_missing_columns_raise_a_data_error(codebook):
    from csvalue.errors import DataError

    with pytest.raises(DataError, match="recommend"):
        loyalty_tiers(pd.DataFrame({"repurchase": [5]}), codebook)


def test_each_target_gets_its_own_task_from_its_tier_mix(codebook):
    """The source's slide 32: a segment rich in Apostles moves Gold to Platinum, one where
    Loyalists dominate is retained, one of Love-hate customers moves Iron to Gold, although
    Love-hate is the largest tier in all three (counts from the shipped 2025 wave)."""
    counts = {"majority": [128, 85, 220, 94], "leisure": [62, 49, 161, 77],
              "psych": [52, 42, 190, 136], "work": [7, 23, 88, 161],
              "benefit": [20, 21, 118, 118]}
    seg, tiers = [], []
    for s, row in counts.items():
        for tier, n in zip(TIERS, row):
            seg += [s] * n
            tiers += [tier] * n
    cls = pd.Series({"majority": 81.3, "leisure": 79.2, "psych": 74.9, "work": 63.7,
                     "benefit": 70.7})
    t = targeting(pd.Series(seg), pd.Series(tiers), cls, codebook).set_index("segment")
    assert (t.loc[["majority", "leisure", "psych"], "largest_tier"] == "love-hate").all()
    assert t.loc["majority", "task"] == "apostle → loyalist"
    assert t.loc["leisure", "task"] == "retain"
    assert t.loc["psych", "task"] == "love-hate → apostle"
    assert t.loc["work", "task"] == "" and t.loc["work", "task_tier"] == "inferior"
    # the residuals are Haberman's, as the profile cross-tabs use
    from csvalue.stats.contingency import adjusted_residuals
    r = adjusted_residuals(np.array(list(counts.values()), dtype=float))
    assert t["apostle_resid"].to_numpy() == pytest.approx(r[:, 1])
