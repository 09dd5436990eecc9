"""Standardized regression and predictor importance (csvalue.stats.regression) against
statsmodels, brute force, closed forms and a coverage simulation."""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import variance_inflation_factor

from csvalue.errors import ConfigError, DataError
from csvalue.instrument.settings import Settings
from csvalue.stats.regression import (block_bootstrap_betas, bootstrap_betas, relative_weights,
                                      shapley_r2,
                                      standardized_ols, subset_r2, variance_inflation)


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(7)
    n = 400
    cov = np.array([[1, .5, .3, .1], [.5, 1, .4, .2], [.3, .4, 1, .3], [.1, .2, .3, 1]])
    X = rng.multivariate_normal(np.zeros(4), cov, size=n) * [1, 2, 0.5, 3] + [3, 1, 0, 5]
    y = X @ [0.4, 0.1, 0.8, 0.0] + rng.normal(scale=1.5, size=n)
    d = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(y=y)
    d.loc[5, "b"] = np.nan  # listwise deletion
    return d


def test_betas_se_p_and_vif_match_statsmodels(frame):
    preds = ["a", "b", "c", "d"]
    fit = standardized_ols(frame, "y", preds)
    d = frame.dropna()
    z = (d - d.mean()) / d.std()
    std = sm.OLS(z["y"], sm.add_constant(z[preds])).fit()
    raw = sm.OLS(d["y"], sm.add_constant(d[preds])).fit()
    assert fit.n == len(d) == 399
    np.testing.assert_allclose(fit.beta, std.params[preds], rtol=1e-9)
    np.testing.assert_allclose(fit.se_beta, std.bse[preds], rtol=1e-9)
    np.testing.assert_allclose(fit.p_value, std.pvalues[preds], rtol=1e-7)
    np.testing.assert_allclose(fit.b, raw.params[preds], rtol=1e-9)
    np.testing.assert_allclose(fit.se_b, raw.bse[preds], rtol=1e-9)
    assert fit.r2 == pytest.approx(raw.rsquared) and fit.adj_r2 == pytest.approx(raw.rsquared_adj)
    exog = sm.add_constant(d[preds]).to_numpy()
    vif = [variance_inflation_factor(exog, i + 1) for i in range(4)]
    np.testing.assert_allclose(fit.vif, vif, rtol=1e-9)


def brute_force_lmg(d: pd.DataFrame, y: str, preds: list[str]) -> np.ndarray:
    """LMG by definition: statsmodels R² of every subset, Shapley weights."""
    p = len(preds)
    r2 = {(): 0.0}
    for k in range(1, p + 1):
        for s in combinations(preds, k):
            r2[s] = sm.OLS(d[y], sm.add_constant(d[list(s)])).fit().rsquared
    out = np.zeros(p)
    for j, x in enumerate(preds):
        others = [q for q in preds if q != x]
        for k in range(p):
            w = factorial(k) * factorial(p - k - 1) / factorial(p)
            for s in combinations(others, k):
                with_x = tuple(q for q in preds if q in s or q == x)
                out[j] += w * (r2[with_x] - r2[tuple(q for q in preds if q in s)])
    return out / r2[tuple(preds)]


def test_shapley_equals_brute_force(frame):
    preds = ["a", "b", "c", "d"]
    fit = standardized_ols(frame, "y", preds)
    mine = shapley_r2(fit.corr)
    np.testing.assert_allclose(mine, brute_force_lmg(frame.dropna(), "y", preds), rtol=1e-8)
    assert mine.sum() == pytest.approx(1.0)


def test_two_predictor_lmg_closed_form():
    # LMG_1 = ½[r1² + (R² − r2²)]  (Lindeman, Merenda & Gold 1980)
    r12, r1, r2 = 0.4, 0.5, 0.3
    corr = np.array([[1, r12, r1], [r12, 1, r2], [r1, r2, 1]])
    R2 = (r1 ** 2 + r2 ** 2 - 2 * r1 * r2 * r12) / (1 - r12 ** 2)
    lmg1 = 0.5 * (r1 ** 2 + (R2 - r2 ** 2))
    assert shapley_r2(corr)[0] == pytest.approx(lmg1 / R2)


def johnson_by_svd(d: pd.DataFrame, y: str, preds: list[str]) -> np.ndarray:
    """Johnson (2000) as published: X = PΔQᵀ, Z = PQᵀ, Λ = QΔQᵀ/√(n−1), β = Zᵀy…"""
    z = (d - d.mean()) / d.std()
    X, yy = z[preds].to_numpy(), z[y].to_numpy()
    P, delta, Qt = np.linalg.svd(X, full_matrices=False)
    Z = P @ Qt
    lam = Qt.T @ np.diag(delta) @ Qt / np.sqrt(len(d) - 1)
    beta = np.linalg.lstsq(Z, yy, rcond=None)[0] * np.sqrt(len(d) - 1)
    raw = (lam ** 2) @ (beta ** 2) / (len(d) - 1)
    return raw / raw.sum()


def test_relative_weights_match_the_svd_construction(frame):
    preds = ["a", "b", "c", "d"]
    fit = standardized_ols(frame, "y", preds)
    np.testing.assert_allclose(relative_weights(fit.corr),
                               johnson_by_svd(frame.dropna(), "y", preds), rtol=1e-8)


def test_orthogonal_predictors_share_r2_by_squared_correlation():
    corr = np.array([[1, 0, 0, .2], [0, 1, 0, .4], [0, 0, 1, .1], [.2, .4, .1, 1]])
    expected = np.array([.04, .16, .01]) / .21
    np.testing.assert_allclose(relative_weights(corr), expected)
    np.testing.assert_allclose(shapley_r2(corr), expected)


def test_shapley_refuses_too_many_predictors():
    with pytest.raises(ConfigError, match="16 predictors"):
        shapley_r2(np.eye(17))


def test_bootstrap_equals_a_loop_of_fits_on_the_same_resamples():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(150, 3))
    y = X @ [0.5, 0.2, 0.0] + rng.normal(size=150)
    boots = bootstrap_betas(X, y, n_boot=5, seed=11, chunk=5)
    # replay the same draws
    draws = np.random.default_rng(11).integers(0, 150, size=(5, 150))
    for k in range(5):
        d = pd.DataFrame(np.column_stack([X[draws[k]], y[draws[k]]]), columns=["a", "b", "c", "y"])
        ref = standardized_ols(d, "y", ["a", "b", "c"]).beta.to_numpy()
        np.testing.assert_allclose(boots[k], ref, rtol=1e-6, atol=1e-9)


def test_bootstrap_interval_covers_the_truth_near_95_percent():
    rng = np.random.default_rng(2024)
    hits, reps = 0, 120
    true_beta = 0.4 / np.sqrt(0.4 ** 2 + 1)  # standardized slope of y = .4x + e
    for r in range(reps):
        x = rng.normal(size=(120, 1))
        y = 0.4 * x[:, 0] + rng.normal(size=120)
        b = bootstrap_betas(x, y, n_boot=300, seed=r)[:, 0]
        lo, hi = np.percentile(b, [2.5, 97.5])
        hits += lo <= true_beta <= hi
    assert 0.88 <= hits / reps <= 0.99


def test_too_few_rows_is_a_clear_error():
    d = pd.DataFrame({"a": [1.0, 2], "b": [2.0, 1], "y": [1.0, 2]})
    with pytest.raises(DataError, match="2 complete rows for 2 predictors"):
        standardized_ols(d, "y", ["a", "b"])


def test_subset_r2_is_the_r2_of_each_subset_model(frame):
    preds = ["a", "b", "c"]
    d = frame.dropna()
    r2 = subset_r2(standardized_ols(frame, "y", preds).corr)
    for mask in range(1, 8):
        cols = [p for j, p in enumerate(preds) if mask & (1 << j)]
        assert r2[mask] == pytest.approx(sm.OLS(d["y"], sm.add_constant(d[cols])).fit().rsquared)
    assert r2[0] == 0.0


def test_vif_is_one_over_one_minus_r2_of_each_predictor_on_the_others(frame):
    preds = ["a", "b", "c", "d"]
    d = frame.dropna()
    fit = standardized_ols(frame, "y", preds)
    for j, p in enumerate(preds):
        others = [q for q in preds if q != p]
        r2 = sm.OLS(d[p], sm.add_constant(d[others])).fit().rsquared
        assert variance_inflation(fit.corr[:4, :4])[j] == pytest.approx(1 / (1 - r2))


def _switch_data(n: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4)) @ np.linalg.cholesky(0.6 * np.eye(4) + 0.4).T
    return X, X @ [0.3, 0.2, 0.1, 0.0] + rng.normal(size=n)


def test_block_bootstrap_agrees_with_the_row_bootstrap_at_the_switch_size():
    """At the default switch size (20,000 rows, 2,000 blocks of 10) the two bootstraps give the
    same 95% intervals to within a tenth of their width, and both match the OLS standard error
    of the standardized betas (an independent, analytic computation)."""
    n = Settings().bootstrap_rows
    X, y = _switch_data(n)
    rows = bootstrap_betas(X, y, 1000, seed=1)
    blocks = block_bootstrap_betas(X, y, 1000, seed=1, blocks=Settings().bootstrap_blocks)
    lo_r, hi_r = np.percentile(rows, [2.5, 97.5], axis=0)
    lo_b, hi_b = np.percentile(blocks, [2.5, 97.5], axis=0)
    width = hi_r - lo_r
    assert np.all(np.abs(lo_b - lo_r) < 0.1 * width)
    assert np.all(np.abs(hi_b - hi_r) < 0.1 * width)
    # analytic: se of b × sd(x) / sd(y), from statsmodels' OLS on the raw data
    import statsmodels.api as sm

    fit = sm.OLS(y, sm.add_constant(X)).fit()
    se_beta = fit.bse[1:] * X.std(axis=0, ddof=1) / y.std(ddof=1)
    np.testing.assert_allclose(blocks.std(axis=0, ddof=1), se_beta, rtol=0.1)
    np.testing.assert_allclose(rows.std(axis=0, ddof=1), se_beta, rtol=0.1)


def test_bootstrap_resamples_rows_up_to_the_switch_and_blocks_above_it():
    X, y = _switch_data(3_000)
    same = bootstrap_betas(X, y, 50, seed=4, max_rows=3_000)
    np.testing.assert_array_equal(same, bootstrap_betas(X, y, 50, seed=4))
    above = bootstrap_betas(X, y, 50, seed=4, max_rows=2_999, blocks=300)
    np.testing.assert_array_equal(above, block_bootstrap_betas(X, y, 50, seed=4, blocks=300))
    assert not np.array_equal(same, above)


def test_block_bootstrap_does_not_depend_on_the_row_order():
    """The blocks are dealt at random, so a wave sorted by division gives the same spread as
    the same rows shuffled (a block of consecutive rows would not)."""
    X, y = _switch_data(40_000)
    order = np.argsort(X[:, 0])               # rows sorted by the first predictor
    a = block_bootstrap_betas(X[order], y[order], 400, seed=5).std(axis=0)
    b = block_bootstrap_betas(X, y, 400, seed=5).std(axis=0)
    np.testing.assert_allclose(a, b, rtol=0.15)


def test_a_resample_without_betas_is_left_out_not_an_error():
    """Tiny or near-constant data: some bootstrap resamples have a column that does not vary.
    Those resamples give NaN (never a LinAlgError) and the interval comes from the others."""
    from csvalue.stats.intervals import percentile_interval

    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=12), np.r_[np.ones(11), 2.0]])   # one row varies
    y = X[:, 0] + rng.normal(size=12)
    draws = bootstrap_betas(X, y, 300, seed=1)
    assert np.isnan(draws).any() and np.isfinite(draws).any()
    lo, hi = percentile_interval(draws)
    assert np.all(np.isfinite(lo)) and np.all(lo <= hi)
