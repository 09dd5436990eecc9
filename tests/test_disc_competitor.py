"""DiSC types and the own-vs-competitor comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from csvalue.model import competitor, disc


def disc_frame(rows):
    cols = ["disc_d1", "disc_d2", "disc_i1", "disc_i2", "disc_s1", "disc_s2", "disc_c1", "disc_c2"]
    return pd.DataFrame(rows, columns=cols, dtype=float)


def test_disc_type_is_the_highest_subscale_and_ties_are_mixed(codebook):
    df = disc_frame([
        [5, 4, 2, 2, 1, 1, 3, 3],        # D 4.5
        [3, 3, 3, 3, 1, 1, 2, 2],        # D = I = 3 → mixed
        [1, 1, 2, 2, 4, 5, 4, 4],        # S 4.5 > C 4
        [1, 2, 1, 1, 1, 1, 5, 4],        # C
        [5, 5, 5, 5, 5, 5, 5, 5],        # all tie → mixed
        [np.nan, np.nan, 5, 5, 1, 1, 1, 1],   # no D answer → no type
        [np.nan, 5, 4, 4, 1, 1, 1, 1],   # one D item is enough: D 5
    ])
    assert disc.disc_types(df, codebook).tolist() == ["D", "mixed", "S", "C", "mixed", None, "D"]


def test_disc_shares_and_indices_by_type(codebook):
    types = pd.Series(["D"] * 6 + ["I"] * 2 + ["mixed"] * 2 + [None])
    shares = disc.type_shares(types)
    assert shares.set_index("disc_type")["n"].to_dict() == {"D": 6, "I": 2, "S": 0, "C": 0, "mixed": 2}
    assert shares["share"].sum() == pytest.approx(100)
    resp = pd.DataFrame({"disc_type": types, "cvi": np.arange(11.0), "nps_score": 100.0})
    by = disc.indices_by_type(resp, disclosure_min=5).set_index("disc_type")
    assert by.loc["D", "cvi"] == pytest.approx(np.mean(range(6)))
    assert by.loc["D", "nps_score"] == 100 and by.loc["D", "n"] == 6
    assert np.isnan(by.loc["I", "cvi"])          # n = 2 is under the disclosure threshold


def test_competitor_paired_interval_matches_scipy(codebook):
    rng = np.random.default_rng(3)
    n = 200
    df = pd.DataFrame({c: rng.integers(1, 6, n).astype(float)
                       for c in ["cs", "comp_cs"] + [f"{p}{v}" for v in codebook.values
                                                     for p in ("v_", "comp_v_")]})
    df.loc[:29, "comp_cs"] = np.nan                 # 30 did not rate the competitor
    df.loc[5:9, "cs"] = np.nan
    out = competitor.compare(df, codebook).set_index("item")
    assert list(out.index) == ["cs", *codebook.values]
    ok = df["cs"].notna() & df["comp_cs"].notna()
    own, comp = (df.loc[ok, "cs"] - 1) * 25, (df.loc[ok, "comp_cs"] - 1) * 25
    ref = stats.ttest_rel(own, comp)
    ci = ref.confidence_interval(0.95)
    row = out.loc["cs"]
    assert row["n"] == ok.sum() == 170
    assert row["diff"] == pytest.approx((own - comp).mean())
    assert (row["lo"], row["hi"]) == pytest.approx((ci.low, ci.high))
    assert (row["t"], row["p"]) == pytest.approx((ref.statistic, ref.pvalue))
    v = out.loc["stability"]
    ref = stats.ttest_rel((df["v_stability"] - 1) * 25, (df["comp_v_stability"] - 1) * 25)
    assert v["n"] == n and v["p"] == pytest.approx(ref.pvalue)


def test_competitor_rows_follow_the_codebook(codebook):
    df = pd.DataFrame({"cs": [5.0, 4.0, 3.0], "comp_cs": [np.nan, np.nan, np.nan]})
    out = competitor.compare(df, codebook)
    assert out["item"].tolist() == ["cs"] and out["n"].tolist() == [0]
    assert np.isnan(out.loc[0, "diff"])


def test_a_lone_small_disc_type_takes_the_next_smallest_with_it():
    # with the company mean published, one blanked type = (N·mean − Σ others) / n: blank two
    types = pd.Series(["D"] * 6 + ["S"] * 9 + ["I"] * 2)
    resp = pd.DataFrame({"disc_type": types, "cvi": np.arange(17.0)})
    by = disc.indices_by_type(resp, disclosure_min=5).set_index("disc_type")
    assert np.isnan(by.loc["I", "cvi"]) and np.isnan(by.loc["D", "cvi"])
    assert by.loc["S", "cvi"] == pytest.approx(np.mean(range(6, 15)))
    assert by["n"].tolist() == [6, 2, 9]
