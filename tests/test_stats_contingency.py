"""csvalue.stats.contingency against hand computation, scipy and statsmodels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.contingency_tables import Table

from csvalue.stats.contingency import (adjusted_residuals, chi2_independence, cramers_v,
                                       crosstab_test, expected_counts)


def test_crosstab_2x2_hand_computed():
    t = crosstab_test(np.array([[20, 10], [10, 20]]))
    # every expected count is 30·30/60 = 15: chi2 = 4 · 5²/15
    assert t["chi2"] == pytest.approx(4 * 25 / 15)
    assert t["df"] == 1 and t["n"] == 60 and t["min_expected"] == 15
    # adjusted residual = 5 / sqrt(15 · ½ · ½)
    assert t["adj_resid"][0, 0] == pytest.approx(5 / np.sqrt(15 * 0.25))
    assert t["adj_resid"][0, 1] == pytest.approx(-5 / np.sqrt(15 * 0.25))
    assert t["cramers_v"] == pytest.approx(np.sqrt(t["chi2"] / 60))
    assert (t["expected"] == 15).all()


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
    assert np.isnan(t0["adj_resid"][:, 2]).all() and np.isnan(t0["expected"][:, 2]).all()


tables = st.integers(2, 5).flatmap(lambda r: st.integers(2, 5).flatmap(
    lambda c: st.lists(st.lists(st.integers(1, 60), min_size=c, max_size=c),
                       min_size=r, max_size=r)))


@hsettings(max_examples=60, deadline=None)
@given(tables)
def test_every_statistic_matches_scipy_and_statsmodels(rows):
    o = np.array(rows)
    chi2, p, df, e = stats.chi2_contingency(o, correction=False)
    c = chi2_independence(o)
    assert (c.chi2, c.p, c.df) == (pytest.approx(chi2), pytest.approx(p), df)
    assert c.min_expected == pytest.approx(e.min()) and c.n == o.sum()
    np.testing.assert_allclose(expected_counts(o), e)
    assert cramers_v(o) == pytest.approx(association(o, method="cramer"))
    # statsmodels' standardized residuals are Haberman's adjusted residuals
    np.testing.assert_allclose(adjusted_residuals(o), Table(o).standardized_resids, rtol=1e-9,
                               atol=1e-12)


def test_a_table_with_one_nonempty_row_has_no_test():
    o = np.array([[3, 4, 5], [0, 0, 0]])
    t = crosstab_test(o)
    assert t["df"] == 0 and t["n"] == 12
    assert np.isnan([t["chi2"], t["p"], t["cramers_v"], t["min_expected"]]).all()
    assert np.isnan(t["adj_resid"]).all() and np.isnan(t["expected"]).all()


# -- the Rao–Scott corrected test of a weighted table --------------------------------------

def _samplics_cells(a, b, w):
    """Cell shares and their design covariance from samplics' Taylor estimator (tests only)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics.estimation import TaylorEstimator
        from samplics.utils.types import PopParam
        e = TaylorEstimator(PopParam.mean)
        e.estimate(y=np.array([f"{i:02d}_{j:02d}" for i, j in zip(a, b)]), samp_weight=w,
                   as_factor=True)
    keys = sorted(e.point_est)
    return (np.array([e.point_est[k] for k in keys]),
            np.array([[e.covariance[k][m] for m in keys] for k in keys]))


def _svychisq_delta(p, v, n, r, c):
    """R survey's svychisq algebra: contrasts made Euclidean-orthogonal to the main effects
    (qr.resid), on the log scale (D⁻¹ V D⁻¹ against D⁻¹ / N) — another basis than ours."""
    ri, ci = np.repeat(np.arange(r), c), np.tile(np.arange(c), r)
    x1 = np.column_stack([np.ones(r * c)] + [(ri == i) * 1.0 for i in range(1, r)]
                         + [(ci == j) * 1.0 for j in range(1, c)])
    x12 = np.column_stack([(ri == i) * (ci == j) * 1.0 for i in range(1, r)
                           for j in range(1, c)])
    q, _ = np.linalg.qr(x1)
    cm = x12 - q @ (q.T @ x12)
    idm = np.diag(1 / p)
    return np.linalg.solve(cm.T @ (idm / n) @ cm, cm.T @ idm @ v @ idm @ cm)


@pytest.mark.parametrize("seed, shape", [(1, (3, 4)), (2, (2, 2)), (3, (5, 3))])
def test_rao_scott_matches_the_svychisq_algebra_on_samplics_covariance(seed, shape):
    from csvalue.stats.contingency import rao_scott

    rng = np.random.default_rng(seed)
    r, c = shape
    n = 700
    a = rng.integers(0, r, n)
    b = (rng.integers(0, c, n) + (a == 1)) % c
    w = rng.lognormal(0, 0.7, n)
    t = rao_scott(a, b, w, shape)
    p, v = _samplics_cells(a, b, w)
    delta = _svychisq_delta(p, v, n, r, c)
    tr, tr2 = np.trace(delta), np.trace(delta @ delta)
    p0 = np.outer(p.reshape(r, c).sum(1), p.reshape(r, c).sum(0)).ravel()
    pearson = n * ((p - p0) ** 2 / p0).sum()
    d0 = tr ** 2 / tr2
    assert t.pearson == pytest.approx(pearson, rel=1e-10)
    assert t.deff == pytest.approx(tr / ((r - 1) * (c - 1)), rel=1e-9)
    assert t.df_num == pytest.approx(d0, rel=1e-9)
    assert t.df_den == pytest.approx((n - 1) * d0, rel=1e-9)
    assert t.f == pytest.approx(pearson / tr, rel=1e-9)
    assert t.p == pytest.approx(stats.f.sf(pearson / tr, d0, (n - 1) * d0), rel=1e-8)
    assert t.n_effective == pytest.approx(w.sum() ** 2 / (w ** 2).sum())


def test_rao_scott_with_equal_weights_is_pearson_up_to_n_over_n_minus_1():
    from csvalue.stats.contingency import rao_scott

    rng = np.random.default_rng(4)
    a, b = rng.integers(0, 3, 500), rng.integers(0, 4, 500)
    t = rao_scott(a, b, np.full(500, 2.5), (3, 4))
    table = np.zeros((3, 4))
    np.add.at(table, (a, b), 1)
    ref = chi2_independence(table)
    assert t.pearson == pytest.approx(ref.chi2, rel=1e-12)
    assert t.deff == pytest.approx(500 / 499, rel=1e-9)       # the n/(n−1) of the variance
    assert t.df_num == pytest.approx(6, rel=1e-9)
    assert t.first_order_p == pytest.approx(stats.chi2.sf(ref.chi2 * 499 / 500, 6), rel=1e-9)


def test_rao_scott_holds_its_size_where_the_weighted_pearson_does_not():
    """Under independence with very unequal weights, the naive Pearson test of the weighted
    shares rejects far too often; the corrected test keeps close to 5%."""
    from csvalue.stats.contingency import rao_scott

    rng = np.random.default_rng(5)
    naive = corrected = 0
    sims = 300
    for _ in range(sims):
        a, b = rng.integers(0, 3, 400), rng.integers(0, 3, 400)
        w = rng.lognormal(0, 1.0, 400)
        t = rao_scott(a, b, w, (3, 3))
        naive += stats.chi2.sf(t.pearson, 4) < 0.05
        corrected += t.p < 0.05
    assert naive / sims > 0.12
    assert 0.02 <= corrected / sims <= 0.09


def test_rao_scott_leaves_out_empty_rows_and_too_small_tables():
    from csvalue.stats.contingency import rao_scott

    rng = np.random.default_rng(6)
    a, b = rng.integers(0, 2, 300) * 2, rng.integers(0, 3, 300)   # row 1 empty
    w = rng.lognormal(0, 0.5, 300)
    full = rao_scott(a, b, w, (3, 3))
    packed = rao_scott(a // 2, b, w, (2, 3))
    assert full.p == pytest.approx(packed.p) and full.df_num == pytest.approx(packed.df_num)
    assert np.isnan(rao_scott(np.zeros(50, int), b[:50], w[:50], (3, 3)).p)
