"""Building blocks of the value segmentation, on small hand-made inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csvalue.model.segments import band, cluster, crosstab_test, mean_ci, name_segments, profiles


def test_crosstab_2x2_hand_computed():
    t = crosstab_test(np.array([[20, 10], [10, 20]]))
    # every expected count is 30·30/60 = 15: chi2 = 4 · 5²/15
    assert t["chi2"] == pytest.approx(4 * 25 / 15)
    assert t["df"] == 1
    # adjusted residual = 5 / sqrt(15 · ½ · ½)
    assert t["adj_resid"][0, 0] == pytest.approx(5 / np.sqrt(15 * 0.25))
    assert t["adj_resid"][0, 1] == pytest.approx(-5 / np.sqrt(15 * 0.25))
    assert t["cramers_v"] == pytest.approx(np.sqrt(t["chi2"] / 60))


def test_crosstab_2x3_hand_computed():
    t = crosstab_test(np.array([[10, 20, 30], [20, 20, 10]]))
    # rows 60, 50; columns 30, 40, 40; n = 110; chi2 = Σ (O−E)²/E = 451/36 exactly
    assert t["chi2"] == pytest.approx(451 / 36)
    assert t["df"] == 2
    e11 = 60 * 30 / 110
    assert t["adj_resid"][0, 0] == pytest.approx((10 - e11) / np.sqrt(e11 * (50 / 110) * (80 / 110)))
    e13 = 60 * 40 / 110
    assert t["adj_resid"][0, 2] == pytest.approx((30 - e13) / np.sqrt(e13 * (50 / 110) * (70 / 110)))
    assert t["cramers_v"] == pytest.approx(np.sqrt((451 / 36) / 110))
    # an empty column is left out of the test, not counted as a degree of freedom
    t0 = crosstab_test(np.array([[10, 20, 0, 30], [20, 20, 0, 10]]))
    assert t0["chi2"] == pytest.approx(451 / 36) and t0["df"] == 2
    assert np.isnan(t0["adj_resid"][:, 2]).all()


def test_band_last_edge_inclusive():
    got = band(pd.Series([0, 4.9, 5, 60, 61, np.nan]), (0, 5, 60), ("<5y", "5y+"))
    assert got.tolist()[:4] == ["<5y", "<5y", "5y+", "5y+"]
    assert got.isna().tolist()[4:] == [True, True]


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


def test_mean_ci_matches_scipy():
    from scipy import stats

    v = pd.Series([1.0, 2.0, 4.0, 7.0, 3.0, 5.0])
    g = pd.Series(["x", "x", "x", "y", "y", "y"])
    m = mean_ci(v, g, ["x", "y", "z"])
    lo, hi = stats.t.interval(0.95, 2, loc=np.mean([1, 2, 4]), scale=stats.sem([1, 2, 4]))
    assert m.loc["x", "low"] == pytest.approx(lo) and m.loc["x", "high"] == pytest.approx(hi)
    assert m.loc["z", "n"] == 0 and np.isnan(m.loc["z", "mean"])


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


def _blobs(n=900, seed=0):
    rng = np.random.default_rng(seed)
    centers = np.array([[2, 0, 0], [0, 2, 0], [0, 0, 2]], dtype=float)
    lab = rng.integers(0, 3, n)
    return centers[lab] + 0.6 * rng.normal(size=(n, 3)), lab


def test_cluster_silhouette_recovers_blobs_and_ignores_row_order():
    x, truth = _blobs()
    fit = cluster(x, "silhouette", (2, 5), seed=7, sample_max=10_000)
    assert fit.k == 3 and fit.silhouette["k"].tolist() == [2, 3, 4, 5]
    # nearly the true partition (the blobs overlap a little)
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(truth, fit.labels) > 0.9
    perm = np.random.default_rng(1).permutation(len(x))
    fit2 = cluster(x[perm], "silhouette", (2, 5), seed=7, sample_max=10_000)
    np.testing.assert_array_equal(fit2.labels, fit.labels[perm])
    np.testing.assert_allclose(fit2.centers, fit.centers)


def test_cluster_on_a_sample_assigns_every_row_and_ignores_row_order():
    x, _ = _blobs(3000)
    x[5] = np.nan
    fit = cluster(x, 3, seed=2, sample_max=500)
    assert fit.sampled == 500 and fit.labels[5] == -1 and (np.delete(fit.labels, 5) >= 0).all()
    perm = np.random.default_rng(3).permutation(len(x))
    fit2 = cluster(x[perm], 3, seed=2, sample_max=500)
    np.testing.assert_array_equal(fit2.labels, fit.labels[perm])


def test_suppress_small_cells_blanks_counts_and_shares_only():
    from csvalue.model.segments import suppress_small_cells

    t = pd.DataFrame({"segment": ["a", "b"], "x": [3, 1], "y": [2, 0], "z": [20, 30],
                      "x_pct": [12.0, 3.2], "y_pct": [8.0, 0.0], "z_pct": [80.0, 96.8],
                      "target": [True, False]})
    out = suppress_small_cells(t, ["x", "y", "z"], 5)
    # x and y are under the threshold in both rows (0 < 5 too): each row and each of those
    # columns holds two blanks, so nothing more is needed
    assert out[["x", "y", "x_pct", "y_pct"]].isna().all().all()
    assert out["z"].tolist() == [20, 30] and out["z_pct"].tolist() == [80.0, 96.8]
    assert out["suppressed"].tolist() == [2, 2]
    assert out["target"].tolist() == [True, False] and t.loc[0, "x"] == 3   # input untouched


def test_a_lone_blank_cell_cannot_be_recovered_from_the_row_total():
    """The audit's case: n = 227 with 11 + 88 + 127 shown gives the blank cell away."""
    from csvalue.model.segments import disclosure_safe, suppress_small_cells

    t = pd.DataFrame({"segment": ["a", "b", "c"], "n": [227, 300, 250],
                      "loyalist": [1, 40, 60], "apostle": [11, 30, 20],
                      "love-hate": [88, 130, 90], "inferior": [127, 100, 80]})
    cols = ["loyalist", "apostle", "love-hate", "inferior"]
    out = suppress_small_cells(t, cols, 5)
    blank = out[cols].isna().to_numpy()
    # the next-smallest cell of the row (apostle 11) goes too; then the loyalist and apostle
    # columns each hold one blank, so their smallest other cells (b 40, c 20) go as well;
    # then rows b and c each hold one blank, and their smallest other cells go
    assert blank.astype(int).tolist() == [[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]]
    assert disclosure_safe(blank)
    # every row's total minus its shown cells is shared by at least two blanks
    assert (blank.sum(axis=1) != 1).all()
    # columns are followed only when their totals are published
    rows_only = suppress_small_cells(t, cols, 5, column_totals=False)
    assert rows_only[cols].isna().to_numpy().astype(int).tolist() == [[1, 1, 0, 0],
                                                                     [0, 0, 0, 0],
                                                                     [0, 0, 0, 0]]


def _recoverable(mask):
    """Suppressed cells alone in their row or column (both margins published)."""
    return [(i, j) for i, j in zip(*np.nonzero(mask))
            if mask[i].sum() < 2 or mask[:, j].sum() < 2]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda r: st.integers(2, 6).flatmap(
    lambda c: st.lists(st.lists(st.integers(0, 40), min_size=c, max_size=c),
                       min_size=r, max_size=r))))
def test_complementary_suppression_leaves_no_cell_recoverable(rows):
    from csvalue.model.segments import complementary_suppression, disclosure_safe

    counts = np.array(rows)
    primary = counts < 5
    mask = complementary_suppression(counts, primary)
    assert (mask >= primary).all()                    # every small cell stays blank
    if len(counts) >= 2:
        # every blank has a second blank in its row and its column
        assert _recoverable(mask) == [] and disclosure_safe(mask)
    else:
        assert (mask.sum(axis=1) != 1).all()          # one row: its total is the only margin
    # stable: applying it again blanks nothing more
    assert (complementary_suppression(counts, mask) == mask).all()


def test_profiles_apply_complementary_suppression(codebook):
    from csvalue.model.segments import disclosure_safe

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
