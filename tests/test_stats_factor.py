"""csvalue.stats.factor against R psych, factor_analyzer and independent code."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment

from csvalue.errors import ConfigError, DataError
from csvalue.stats.factor import (bartlett, choose_n_factors, correlation, extract, kmo,
                                  parallel_analysis, regression_score_weights)

from conftest import DATA

PSYCH = DATA / "psych_fa_reference"

# Tolerance for agreement with R psych: both minimise the same objective (minres / ML) with
# different optimisers (R optim vs scipy L-BFGS-B); measured differences are ≤ 2e-5. 1e-3 is
# fifty times that and still ten times below the 0.01 that would change a printed loading.
TOL = 1e-3


@pytest.fixture(scope="module")
def test07():
    return pd.read_csv(PSYCH / "test07.csv")


def _match_columns(ours: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Reorder and re-sign ``ref``'s columns to ours (psych's factor order/sign may differ)."""
    k = ours.shape[1]
    cost = -np.abs(np.corrcoef(ours.T, ref.T)[:k, k:])
    _, cols = linear_sum_assignment(cost)
    ref = ref[:, cols]
    return ref * np.sign((ours * ref).sum(axis=0))


@pytest.mark.parametrize("fm,method", [("uls", "minres"), ("ml", "ml")])
@pytest.mark.parametrize("rotation", ["none", "varimax", "promax"])
def test_loadings_and_communalities_match_r_psych(test07, fm, method, rotation):
    lam, phi, h2 = extract(test07.corr().to_numpy(), 3, rotation=rotation, method=method)
    tag = f"{fm}_{rotation}_3_test07.csv"
    ref = pd.read_csv(PSYCH / "expected" / f"loading_{tag}", index_col=0).to_numpy()
    ref_h2 = pd.read_csv(PSYCH / "expected" / f"communalities_{tag}", index_col=0).to_numpy().ravel()
    np.testing.assert_allclose(lam, _match_columns(lam, ref), atol=TOL)
    np.testing.assert_allclose(h2, ref_h2, atol=TOL)
    # for any rotation the communalities are the diagonal of Λ Φ Λᵀ
    np.testing.assert_allclose(np.einsum("ij,jk,ik->i", lam, phi, lam), ref_h2, atol=TOL)


def test_kmo_and_bartlett_match_factor_analyzer(test07):
    from factor_analyzer.factor_analyzer import calculate_bartlett_sphericity, calculate_kmo

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        per_item, overall = calculate_kmo(test07)
        chi2, p = calculate_bartlett_sphericity(test07)
    ours, ours_items = kmo(test07.corr().to_numpy())
    assert ours == pytest.approx(overall, abs=1e-12)
    np.testing.assert_allclose(ours_items, per_item, atol=1e-12)
    b = bartlett(test07.corr().to_numpy(), len(test07))
    assert b["chi2"] == pytest.approx(chi2, rel=1e-10)
    assert b["df"] == 23 * 22 / 2
    assert b["p"] == pytest.approx(p)


def test_kmo_hand_computed():
    # 2 items: partial correlation = the correlation itself, so KMO = 0.5 exactly
    r = np.array([[1.0, 0.6], [0.6, 1.0]])
    assert kmo(r)[0] == pytest.approx(0.5)
    # identity has no shared variance; Bartlett's chi2 is 0
    assert bartlett(np.eye(4), 100)["chi2"] == pytest.approx(0.0)


def test_parallel_analysis_random_eigenvalues_match_simulated_data():
    # Wishart draws vs the eigenvalues of real standard-normal samples of the same size
    n, p, it = 150, 6, 400
    pa = parallel_analysis(np.eye(p), n, seed=1, n_iter=it, quantile=0.5)
    rng = np.random.default_rng(2)
    sims = np.array([np.sort(np.linalg.eigvalsh(np.corrcoef(rng.normal(size=(n, p)), rowvar=False)))[::-1]
                     for _ in range(it)])
    np.testing.assert_allclose(pa["random"], np.median(sims, axis=0), atol=0.03)


def test_parallel_analysis_is_seeded():
    r = np.corrcoef(np.random.default_rng(0).normal(size=(100, 5)), rowvar=False)
    a, b = parallel_analysis(r, 100, seed=4), parallel_analysis(r, 100, seed=4)
    pd.testing.assert_frame_equal(a, b)


def test_n_factors_rules(test07):
    r = test07.corr().to_numpy()
    eig = parallel_analysis(r, len(test07), seed=1)
    k, rule = choose_n_factors(eig, "kaiser")
    assert k == int((np.linalg.eigvalsh(r) > 1).sum())
    assert choose_n_factors(eig, 3) == (3, "fixed (3)")
    kp, _ = choose_n_factors(eig, "parallel")
    obs, rnd = eig["observed"].to_numpy(), eig["random"].to_numpy()
    assert (obs[:kp] > rnd[:kp]).all() and obs[kp] <= rnd[kp]
    with pytest.raises(ConfigError):
        choose_n_factors(eig, "scree")


def test_correlation_is_numpys_and_refuses_constant_items():
    x = np.random.default_rng(3).normal(size=(50, 4))
    r, mean, sd = correlation(x)
    np.testing.assert_allclose(r, np.corrcoef(x, rowvar=False))
    np.testing.assert_allclose(sd, x.std(axis=0, ddof=1))
    np.testing.assert_allclose(mean, x.mean(axis=0))
    with pytest.raises(DataError, match="constant items at positions \\[1\\]"):
        correlation(np.column_stack([x[:, 0], np.ones(50)]))


def test_regression_score_weights_reproduce_factor_analyzers_scores(test07):
    from factor_analyzer import FactorAnalyzer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fa = FactorAnalyzer(n_factors=3, rotation="varimax", method="minres").fit(test07)
        ref = fa.transform(test07)
    x = test07.to_numpy(dtype=float)
    z = (x - x.mean(axis=0)) / x.std(axis=0)       # factor_analyzer standardizes with ddof=0
    w = regression_score_weights(np.corrcoef(x, rowvar=False), fa.loadings_, np.eye(3))
    np.testing.assert_allclose(z @ w, ref, atol=1e-8)
