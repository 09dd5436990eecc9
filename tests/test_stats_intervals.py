"""csvalue.stats.intervals and csvalue.stats.scales against scipy, statsmodels and numpy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings as hsettings, strategies as st
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

from csvalue.stats.intervals import (critical_value, group_mean_intervals, mean_interval,
                                     percentile_interval, t_interval, two_sided_p)
from csvalue.stats.scales import band, rescale


@pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.99])
@pytest.mark.parametrize("df", [1, 4, 30, 1000])
def test_critical_values_are_scipy_quantiles(level, df):
    assert critical_value(level, df) == pytest.approx(stats.t.ppf((1 + level) / 2, df))
    assert critical_value(level) == pytest.approx(stats.norm.ppf((1 + level) / 2))
    # vectorised: infinite df are z, finite ones t
    got = critical_value(level, np.array([np.inf, df]))
    np.testing.assert_allclose(got, [stats.norm.ppf((1 + level) / 2),
                                     stats.t.ppf((1 + level) / 2, df)])


def test_two_sided_p_matches_scipy_tests():
    x = np.array([1.2, 0.4, 2.2, 1.9, -0.3, 1.1])
    res = stats.ttest_1samp(x, 0.0)
    assert two_sided_p(res.statistic, len(x) - 1) == pytest.approx(res.pvalue)
    assert two_sided_p(-1.959963984540054) == pytest.approx(0.05)
    np.testing.assert_allclose(two_sided_p(np.array([1.0, -2.0]), 10),
                               2 * stats.t.sf([1.0, 2.0], 10))


@pytest.mark.parametrize("level", [0.9, 0.95])
def test_mean_interval_matches_statsmodels(level):
    rng = np.random.default_rng(4)
    x = rng.normal(70, 12, 37)
    m = mean_interval(np.append(x, np.nan), level)
    d = DescrStatsW(x)
    assert m.n == 37 and m.mean == pytest.approx(d.mean)
    assert m.se == pytest.approx(d.std_mean)           # s / √n with ddof = 1
    assert (m.ci_low, m.ci_high) == pytest.approx(d.tconfint_mean(alpha=1 - level))


def test_t_interval_with_infinite_df_is_statsmodels_z_interval():
    rng = np.random.default_rng(5)
    x = rng.normal(size=200)
    d = DescrStatsW(x)
    assert t_interval(d.mean, d.std_mean) == pytest.approx(d.zconfint_mean())
    lo, hi = t_interval(np.array([0.0, 1.0]), np.array([1.0, 2.0]), np.array([np.inf, 5]))
    assert lo.tolist() == pytest.approx([-stats.norm.ppf(.975), 1 - 2 * stats.t.ppf(.975, 5)])


def test_mean_interval_of_one_or_no_value():
    one = mean_interval([4.0, np.nan])
    assert (one.mean, one.n) == (4.0, 1) and np.isnan([one.se, one.ci_low, one.ci_high]).all()
    none = mean_interval(pd.Series([], dtype=float))
    assert none.n == 0 and np.isnan(none.mean)


def test_group_mean_intervals_match_statsmodels_per_group():
    v = pd.DataFrame({"x": [1.0, 2.0, 4.0, 7.0, 3.0, 5.0, np.nan],
                      "y": [10.0, 12, 11, 9, np.nan, 13, 8]})
    g = pd.Series(["a", "a", "a", "b", "b", "b", None], name="g")
    out = group_mean_intervals(v, [g]).set_index(["variable", "g"])
    assert list(out.index) == [("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")]
    for (var, grp), row in out.iterrows():
        vals = v.loc[(g == grp).to_numpy(), var].dropna().to_numpy()
        d = DescrStatsW(vals)
        assert row["n"] == len(vals) and row["mean"] == pytest.approx(d.mean)
        assert row["se"] == pytest.approx(d.std_mean)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(d.tconfint_mean())
    # and exactly what mean_interval gives one group at a time
    m = mean_interval(v.loc[:2, "x"])
    assert (out.loc[("x", "a"), "ci_low"], out.loc[("x", "a"), "ci_high"]) == \
        pytest.approx((m.ci_low, m.ci_high), rel=1e-15)


def test_group_mean_intervals_by_two_keys_leave_out_missing_keys():
    v = pd.DataFrame({"x": [1.0, 3.0, 5.0, 7.0, 9.0]})
    w = pd.Series(["1", "1", "2", "2", "2"], name="wave")
    lvl = pd.Series(["a", "a", "a", None, "a"], name="level")
    out = group_mean_intervals(v, [w, lvl])
    assert out[["wave", "level", "n"]].values.tolist() == [["1", "a", 2.0], ["2", "a", 2.0]]
    assert out["mean"].tolist() == [2.0, 7.0]


def test_percentile_interval_is_numpys():
    draws = np.random.default_rng(2).normal(size=(999, 3))
    lo, hi = percentile_interval(draws, 0.9)
    np.testing.assert_array_equal(lo, np.percentile(draws, 5, axis=0))
    np.testing.assert_array_equal(hi, np.percentile(draws, 95, axis=0))


@hsettings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=40), st.floats(0.5, 0.999))
def test_the_interval_contains_the_mean_and_widens_with_the_level(values, level):
    m = mean_interval(values, level)
    assert m.ci_low <= m.mean <= m.ci_high
    wider = mean_interval(values, min(0.9999, level + (1 - level) / 2))
    assert wider.ci_high - wider.ci_low >= m.ci_high - m.ci_low


# --------------------------------------------------------------------------- scales

def test_rescale_maps_the_scale_ends_to_0_and_100():
    assert rescale(np.array([1.0, 2, 5]), (1, 5)).tolist() == [0.0, 25.0, 100.0]
    s = rescale(pd.Series([0.0, 10.0, np.nan], index=[7, 8, 9]), (0, 10))
    assert s.index.tolist() == [7, 8, 9] and s.iloc[:2].tolist() == [0.0, 100.0]
    assert np.isnan(s.iloc[2])


def test_band_last_edge_inclusive():
    got = band(pd.Series([0, 4.9, 5, 60, 61, np.nan]), (0, 5, 60), ("<5y", "5y+"))
    assert got.tolist()[:4] == ["<5y", "<5y", "5y+", "5y+"]
    assert got.isna().tolist()[4:] == [True, True]


def test_band_agrees_with_pandas_cut():
    x = pd.Series(np.random.default_rng(1).uniform(-5, 65, 500))
    edges, labels = (0, 5, 20, 60), ("a", "b", "c")
    ref = pd.cut(x, edges, right=False, labels=labels).astype(object)
    ref[x == 60] = "c"                               # the last edge belongs to the last band
    pd.testing.assert_series_equal(band(x, edges, labels), ref.where(ref.notna(), np.nan),
                                   check_dtype=False, check_categorical=False)
