"""csvalue.stats.change: the tests of change against statsmodels, scipy and hand computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from csvalue.errors import DataError
from csvalue.stats.change import (ALL, PANEL, SAMPLES, ChangeTest, mean_change, nps_change,
                                  paired_change, paired_nps_change)


def test_one_vocabulary_of_samples():
    assert SAMPLES == (ALL, PANEL) == ("all", "panel")
    assert list(ChangeTest.__dataclass_fields__)[0] == "sample"


def test_nps_change_z_by_hand():
    a = np.repeat([100.0, 0, -100], [30, 40, 30])
    b = np.repeat([100.0, 0, -100], [45, 35, 20])
    t = nps_change(a, b)
    pa = da = 30.75 / 103
    pb, db = 45.75 / 103, 20.75 / 103
    va = (pa + da - (pa - da) ** 2) / 103
    vb = (pb + db - (pb - db) ** 2) / 103
    z = ((pb - db) - (pa - da)) / math.sqrt(va + vb)
    assert t.sample == ALL and t.change == 25.0 and t.statistic == pytest.approx(z)
    assert t.p_value == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(z / math.sqrt(2)))))
    centre = 100 * ((pb - db) - (pa - da))
    half = 1.959964 * 100 * math.sqrt(va + vb)
    assert (t.ci_low, t.ci_high) == pytest.approx((centre - half, centre + half), abs=1e-3)
    assert (t.a, t.b, t.n_a, t.n_b) == (0.0, 25.0, 100, 100)


def test_welch_change_matches_statsmodels_and_scipy():
    rng = np.random.default_rng(1)
    a, b = rng.normal(70, 10, 80), rng.normal(74, 15, 120)
    t = mean_change(np.append(a, np.nan), b)
    cm = CompareMeans(DescrStatsW(b), DescrStatsW(a))
    lo, hi = cm.tconfint_diff(usevar="unequal")
    stat, p, _ = cm.ttest_ind(usevar="unequal")
    assert (t.ci_low, t.ci_high) == pytest.approx((lo, hi))
    assert (t.statistic, t.p_value) == pytest.approx((stat, p))
    ref = stats.ttest_ind(b, a, equal_var=False)
    assert (t.statistic, t.p_value) == pytest.approx((ref.statistic, ref.pvalue))
    assert t.se == pytest.approx(math.sqrt(a.var(ddof=1) / 80 + b.var(ddof=1) / 120))
    assert (t.n_a, t.n_b, t.test, t.sample) == (80, 120, "Welch t", ALL)


def test_paired_change_is_the_mean_difference_with_a_paired_t():
    a = np.array([60.0, 70, 80, 55, 90, np.nan])
    b = np.array([65.0, 74, 86, 50, 95, 70])
    t = paired_change(a, b)
    d = (b - a)[:5]
    assert t.change == pytest.approx(d.mean()) and t.n_a == t.n_b == 5
    assert t.statistic == pytest.approx(d.mean() / (d.std(ddof=1) / math.sqrt(5)))
    ref = stats.ttest_rel(b[:5], a[:5])
    assert t.p_value == pytest.approx(ref.pvalue)
    assert (t.ci_low, t.ci_high) == pytest.approx(DescrStatsW(d).tconfint_mean())
    assert t.sample == PANEL


def test_paired_nps_change_is_paired_t_on_scores_and_rejects_raw_answers():
    a = np.array([0.0, -100, 100, 0, 100, -100])
    b = np.array([100.0, 0, 100, 0, 100, 0])
    t = paired_nps_change(a, b)
    assert t.change == pytest.approx(100 * (3 / 6 - 0 / 6) - 100 * (2 / 6 - 2 / 6))
    assert t == paired_change(a, b)
    with pytest.raises(DataError, match="must be \\+100, 0 or −100; got 9"):
        paired_nps_change(np.array([9.0, 10]), np.array([8.0, 7]))


def test_too_few_values_give_estimates_without_a_test():
    t = mean_change(np.array([70.0]), np.array([72.0, 75.0]))
    assert (t.a, t.b, t.change) == (70.0, 73.5, 3.5)
    assert np.isnan([t.se, t.ci_low, t.ci_high, t.statistic, t.p_value]).all()
    p = paired_change(np.array([1.0, np.nan]), np.array([4.0, 2.0]))
    assert (p.change, p.n_a) == (3.0, 1) and np.isnan(p.p_value)
    with pytest.raises(DataError, match="pair"):
        paired_change(np.array([1.0, 2.0]), np.array([1.0]))


@pytest.mark.parametrize("level", [0.9, 0.99])
def test_the_level_reaches_every_interval(level):
    rng = np.random.default_rng(3)
    a, b = rng.normal(0, 1, 40), rng.normal(0.3, 1, 40)
    cm = CompareMeans(DescrStatsW(b), DescrStatsW(a))
    assert (mean_change(a, b, level).ci_low, mean_change(a, b, level).ci_high) == \
        pytest.approx(cm.tconfint_diff(alpha=1 - level, usevar="unequal"))
    p = paired_change(a, b, level)
    assert (p.ci_low, p.ci_high) == pytest.approx(DescrStatsW(b - a).tconfint_mean(1 - level))
