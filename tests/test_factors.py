"""Factor step of the value segmentation, checked against R psych and independent code."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment

from csvalue.errors import ConfigError
from csvalue.model.factors import (LowKMOWarning, bartlett, choose_n_factors, extract,
                             fit_factor_model, kmo, name_factors, parallel_analysis)

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


def _block_data(n=1500, seed=0):
    """Six items in two clean blocks: ev_stability/ev_efficiency/eb_speed vs three others."""
    rng = np.random.default_rng(seed)
    f = rng.normal(size=(n, 2))
    cols = ["ev_stability", "ev_efficiency", "eb_speed", "ev_reassurance", "ev_confidence", "eb_image"]
    x = np.hstack([f[:, [0]] * 0.8 + 0.6 * rng.normal(size=(n, 3)),
                   f[:, [1]] * 0.8 + 0.6 * rng.normal(size=(n, 3))])
    return pd.DataFrame(x, columns=cols)


def test_fit_recovers_two_blocks_and_names_them(codebook):
    data = _block_data()
    fm = fit_factor_model(data, codebook, seed=3, items=list(data.columns))
    assert fm.n_factors == 2 and not fm.kmo_low
    prim = fm.primary_factor()
    assert prim["ev_stability"] == prim["ev_efficiency"] == "efficiency_stability"
    assert prim["ev_reassurance"] == prim["ev_confidence"] == "trust_confidence"
    # scores: regression method reproduces numpy's R⁻¹Λ weights on standardized data
    s = fm.scores(data)
    z = (data - data.mean()) / data.std()
    w = np.linalg.solve(data.corr().to_numpy(), fm.loadings.to_numpy())
    np.testing.assert_allclose(s.to_numpy(), z.to_numpy() @ w, atol=1e-8)
    assert fm.variance["proportion"].sum() == pytest.approx(fm.communalities.sum() / 6)


def test_name_factors_hungarian_and_fallback(codebook):
    items = ["eb_convenience", "eb_speed", "ev_reassurance", "ev_confidence", "eb_price", "ev_leisure"]
    lam = pd.DataFrame(
        [[0.1, 0.8, 0.0], [0.0, 0.7, 0.1], [0.7, 0.1, 0.0], [0.6, 0.2, 0.1], [0.1, 0.1, 0.5],
         [0.0, 0.2, 0.6]], index=items, columns=["f1", "f2", "f3"])
    names = name_factors(lam, codebook)
    got = dict(zip(names["_col"], names["factor"]))
    assert got == {1: "work_process", 0: "trust_confidence", 2: "leisure_basics"}
    # ordered as in the codebook
    assert names["factor"].tolist() == ["work_process", "trust_confidence", "leisure_basics"]
    # a factor whose items belong to no codebook set is named from its items
    lam2 = pd.DataFrame([[0.8, 0.0], [0.7, 0.1], [0.1, 0.9]], index=["disc_d1", "disc_d2", "eb_speed"],
                        columns=["f1", "f2"])
    n2 = name_factors(lam2, codebook)
    row = n2.set_index("_col").loc[0]
    assert row["codebook_factor"] is None and row["label_en"].startswith("Decides quickly")
    assert n2.set_index("_col").loc[1, "factor"] == "work_process"


def test_a_codebook_name_needs_most_of_its_items(codebook):
    items = ["eb_convenience", "ev_leisure", "eb_speed", "eb_accuracy", "eb_price", "eb_service"]
    # f1 holds one of work process's three items and one of leisure & basics' three
    lam = pd.DataFrame(
        [[0.7, 0.1], [0.6, 0.1], [0.1, 0.7], [0.0, 0.7], [0.2, 0.5], [0.1, 0.6]],
        index=items, columns=["f1", "f2"])
    names = name_factors(lam, codebook).set_index("_col")
    assert names.loc[0, "codebook_factor"] is None           # 1 of 3: no majority
    assert names.loc[0, "label_en"].startswith("Ease of work / Time for life")
    assert names.loc[0, "segment_en"].endswith(" seekers")
    assert names.loc[1, "codebook_factor"] == "work_process"  # 2 of 3, half of f2's items
    # loadings too small to count: no name however they are spread
    n3 = name_factors(lam * 0.4, codebook)
    assert n3["codebook_factor"].isna().all()


def test_one_general_factor_takes_no_codebook_name(codebook):
    cols = codebook.expectation_cols
    lam = pd.DataFrame({"f1": np.linspace(0.5, 0.8, len(cols))}, index=cols)
    names = name_factors(lam, codebook)
    assert names["codebook_factor"].isna().all() and names["factor"].tolist() == ["factor_1"]
    assert names.loc[0, "segment_en"].endswith(" seekers")


@pytest.mark.parametrize("seed", range(4))
def test_noise_factors_are_named_from_their_items_not_the_codebook(codebook, seed):
    rng = np.random.default_rng(seed)
    cols = codebook.expectation_cols
    data = pd.DataFrame(rng.integers(1, 6, size=(400, len(cols))).astype(float), columns=cols)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowKMOWarning)
        fm = fit_factor_model(data, codebook, seed=1)
    assert fm.names["codebook_factor"].isna().all()
    assert not set(fm.names["label_en"]) & {f.label_en for f in codebook.factors}


def test_noise_warns_low_kmo_and_still_fits(codebook):
    rng = np.random.default_rng(5)
    cols = codebook.expectation_cols
    data = pd.DataFrame(rng.integers(1, 6, size=(400, len(cols))).astype(float), columns=cols)
    with pytest.warns(LowKMOWarning, match="KMO"):
        fm = fit_factor_model(data, codebook, seed=1)
    assert fm.kmo_low and fm.n_factors >= 1
    assert fm.scores(data).notna().all().all()


def test_bad_rotation_is_a_config_error(codebook):
    with pytest.raises(ConfigError, match="rotation"):
        fit_factor_model(_block_data(), codebook, rotation="spin",
                         items=list(_block_data().columns))
