"""The factor model of the expectation items on a codebook: fitting, scores and naming (the
statistics themselves are tested in test_stats_factor.py)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from csvalue.errors import ConfigError
from csvalue.model.factors import LowKMOWarning, fit_factor_model, name_factors


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
