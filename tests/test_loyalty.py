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
