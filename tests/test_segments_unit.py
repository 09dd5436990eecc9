"""Building blocks of the value segmentation, on small hand-made inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csvalue.model.segments import name_segments, profiles
from csvalue.stats.disclosure import disclosure_safe


def test_profiles_flags_and_suppression(codebook):
    n_a, n_b = 60, 40
    data = pd.DataFrame({
        "customer_type": ["clinic"] * 50 + ["pharmacy"] * 10 + ["clinic"] * 37 + ["pharmacy"] * 3,
        "tenure_years": [1.0] * 30 + [10.0] * 30 + [2.0] * 35 + [10.0] * 5,
    })
    seg = pd.Series(["a"] * n_a + ["b"] * n_b)
    cells, tests = profiles(seg, ["a", "b"], data, codebook)
    ct = cells[cells["variable"] == "customer_type"].set_index(["segment", "category"])
    # b × pharmacy has 3 respondents < disclosure_min 5: suppressed (and, in a 2 × 2 table,
    # every other cell with it: see test_profiles_apply_complementary_suppression)
    assert ct.loc[("b", "pharmacy"), "suppressed"] and np.isnan(ct.loc[("b", "pharmacy"), "n"])
    ten = cells[cells["variable"] == "tenure_years"].set_index(["segment", "category"])
    # nearly all of b is under 5 years: strongly over-represented there
    assert ten.loc[("b", "<5y"), "represented"] == "over"
    assert ten.loc[("a", "<5y"), "represented"] == "under"
    assert ten.loc[("a", "5y+"), "pct"] == 50.0
    assert set(tests["variable"]) == {"customer_type", "tenure_years"}


def _names(m):
    return pd.DataFrame({"factor": [f"f{i}" for i in range(m)],
                         "segment_id": [f"s{i}" for i in range(m)],
                         "segment_en": [f"S{i}" for i in range(m)],
                         "segment_ko": [f"K{i}" for i in range(m)]})


def test_name_segments_shared_dominant_factor():
    centers = np.array([[1.0, 0.2, 0.0],    # dominant f0
                        [0.6, 0.5, -0.1],   # also f0, weaker → named by next factor f1
                        [0.1, 0.3, 0.4]])   # dominant f2
    out = name_segments(centers, _names(3)).set_index("cluster")
    assert out.loc[0, "segment"] == "s0" and out.loc[0, "note"] == ""
    assert out.loc[1, "segment"] == "s1" and out.loc[1, "dominant_factor"] == "f0"
    assert "next factor (f1)" in out.loc[1, "note"]
    assert out.loc[2, "segment"] == "s2"
    # more clusters than factors: numbered, and said so
    many = name_segments(np.array([[1.0, 0.0], [0.8, 0.1], [0.0, 1.0], [0.7, 0.0]]), _names(2))
    assert many["segment"].nunique() == 4 and many["note"].str.contains("more segments").any()


def test_profiles_apply_complementary_suppression(codebook):
    # b × pharmacy = 3 is small; b's only other cell (clinic) and a × pharmacy must go too,
    # otherwise 40 − 37 or the pharmacy total gives the 3 away
    data = pd.DataFrame({"customer_type": ["clinic"] * 50 + ["pharmacy"] * 10
                         + ["clinic"] * 37 + ["pharmacy"] * 3})
    seg = pd.Series(["a"] * 60 + ["b"] * 40)
    cells, _ = profiles(seg, ["a", "b"], data, codebook)
    ct = cells.set_index(["segment", "category"])
    assert ct["suppressed"].all() and ct["n"].isna().all() and ct["pct"].isna().all()
    mask = cells.pivot(index="segment", columns="category", values="suppressed").to_numpy()
    assert disclosure_safe(mask)


def test_align_scores_matches_on_resp_id_not_on_position():
    from csvalue.errors import DataError
    from csvalue.model.segments import align_scores

    data = pd.DataFrame({"resp_id": ["a", "b", "c"], "wave": "w"}, index=[10, 11, 12])
    scores = pd.DataFrame({"resp_id": ["c", "a", "b"], "wave": "w", "cls": [3.0, 1.0, 2.0]})
    out = align_scores(data, scores)
    assert out["cls"].tolist() == [1.0, 2.0, 3.0] and out.index.tolist() == [10, 11, 12]
    with pytest.raises(DataError, match="'c'"):
        align_scores(data, scores.iloc[1:])
    # without ids the index is the key
    plain = align_scores(data[[]], pd.DataFrame({"cls": [2.0, 1.0]}, index=[11, 10]))
    assert plain["cls"].tolist()[:2] == [1.0, 2.0] and np.isnan(plain["cls"].iloc[2])


def test_k_rule_and_p_value_text():
    from csvalue.report.format import format_p, p_phrase as p_text
    from csvalue.model.segments import k_rule_text

    assert k_rule_text("silhouette", (3, 8)) == \
        "the number with the highest mean silhouette among k = 3 to 8"
    assert k_rule_text(5, (3, 8)) == "the number fixed in the settings"
    assert format_p(2.5e-25) == "<0.001" and format_p(0.001) == "0.001"
    assert format_p(0.45603) == "0.456" and format_p(np.nan) == "–"
    assert p_text(1e-9) == "p < 0.001" and p_text(0.0456) == "p = 0.046"
