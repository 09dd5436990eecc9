"""csvalue.stats.nps: NPS, its se and the adjusted-Wald interval, by hand, against the mean of
the respondent scores, and by simulated coverage."""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.weightstats import DescrStatsW

from csvalue.stats.nps import adjusted_wald, nps_counts, nps_from_counts


def test_nps_and_its_interval_by_hand():
    # 5 promoters, 3 passives, 2 detractors of 10
    e = nps_from_counts(5, 3, 2)
    assert (e.promoters, e.passives, e.detractors, e.n) == (5, 3, 2, 10)
    assert e.nps == pytest.approx(50 - 20)
    # se = 100·sqrt((.5 + .2 − .3²)/10) = 100·sqrt(.061)
    assert e.se == pytest.approx(100 * math.sqrt(0.061))
    # adjusted Wald: n = 13, p = 5.75/13, d = 2.75/13
    p, d = 5.75 / 13, 2.75 / 13
    half = 1.959964 * math.sqrt((p + d - (p - d) ** 2) / 13)
    assert e.ci_low == pytest.approx(100 * (p - d - half), abs=1e-3)
    assert e.ci_high == pytest.approx(100 * (p - d + half), abs=1e-3)
    assert (e.ci_low, e.ci_high) == pytest.approx((-19.05, 65.21), abs=0.01)


def test_nps_is_the_mean_respondent_score_with_its_plain_se():
    scores = np.repeat([100.0, 0.0, -100.0], [13, 22, 9])
    e = nps_from_counts(*nps_counts(scores))
    d = DescrStatsW(scores)
    assert e.nps == pytest.approx(d.mean)
    # the plain se is the population sd of the scores over √n (ddof = 0)
    assert e.se == pytest.approx(d.std / math.sqrt(len(scores)))


def test_adjusted_wald_is_the_plain_formula_on_weighted_pseudo_counts():
    # ¾ of a promoter, ¾ of a detractor and 1.5 passives added: the weighted mean and its
    # population variance over n + 3 are the adjusted centre and variance
    p, q, d = 8, 7, 5
    values = np.array([100.0, 0.0, -100.0])
    w = np.array([p + 0.75, q + 1.5, d + 0.75])
    centre = np.average(values, weights=w)
    var = np.average((values - centre) ** 2, weights=w) / w.sum()
    a = adjusted_wald(p, q, d)
    assert a.n == w.sum() == 23
    assert a.centre == pytest.approx(centre) and a.variance == pytest.approx(var)
    assert a.se == pytest.approx(math.sqrt(var))
    lo, hi = a.interval()
    assert (lo, hi) == pytest.approx((centre - 1.959964 * math.sqrt(var),
                                      centre + 1.959964 * math.sqrt(var)), abs=1e-4)
    assert nps_from_counts(p, q, d).ci_low == pytest.approx(lo)


def test_the_interval_is_clipped_and_empty_counts_give_nan():
    e = nps_from_counts(20, 0, 0)
    assert e.nps == 100 and e.ci_high == 100 and e.ci_low < 100
    none = nps_from_counts(0, 0, 0)
    assert none.n == 0 and np.isnan([none.nps, none.se, none.ci_low, none.ci_high]).all()


def test_counts_ignore_missing_scores():
    assert nps_counts([100, 100, 0, -100, np.nan]) == (2, 1, 1)
    assert nps_counts([]) == (0, 0, 0)


def test_vectorised_counts_give_the_scalar_results():
    p, q, d = np.array([5, 0, 30]), np.array([3, 4, 10]), np.array([2, 1, 60])
    many = nps_from_counts(p, q, d)
    for i in range(3):
        one = nps_from_counts(int(p[i]), int(q[i]), int(d[i]))
        assert (many.nps[i], many.se[i], many.ci_low[i], many.ci_high[i]) == \
            (one.nps, one.se, one.ci_low, one.ci_high)
    assert many.n.tolist() == [10, 5, 100]


@pytest.mark.parametrize("shares", [(0.4, 0.35, 0.25), (0.7, 0.2, 0.1), (0.1, 0.3, 0.6)])
def test_adjusted_wald_keeps_its_coverage_in_small_samples(shares):
    # 20 answers: the adjusted interval covers the true NPS about 95% of the time; the plain
    # NPS ± 1.96 se covers clearly less (the reason the report uses the adjusted one)
    c = np.random.default_rng(11).multinomial(20, shares, size=20_000)
    e = nps_from_counts(c[:, 0], c[:, 1], c[:, 2])
    true = 100 * (shares[0] - shares[2])
    adjusted = ((e.ci_low <= true) & (true <= e.ci_high)).mean()
    plain = ((e.nps - 1.96 * e.se <= true) & (true <= e.nps + 1.96 * e.se)).mean()
    assert 0.935 <= adjusted <= 0.97
    assert plain < adjusted
