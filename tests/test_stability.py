"""Stable calls (csvalue.model.stability): far from the crosshair is stable, on it a coin toss."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csvalue.instrument.codebook import load_codebook
from csvalue.instrument.settings import Settings
from csvalue.instrument.synth import generate
from csvalue.model.impact import impact_layers
from csvalue.model.indices import respondent_scores
from csvalue.model.stability import call_stability, mean_draws
from csvalue.model.strategy import QUADRANT_CALLS, grid_calls, strategy_tables


def test_far_is_stable_and_on_the_crosshair_is_a_coin_toss():
    rng = np.random.default_rng(5)
    n = 20_000
    # three points with se 0.01 in importance: far above, on, far below the crosshair 0.2
    x = np.array([0.30, 0.20, 0.10]) + rng.normal(0, 0.01, (n, 3))
    y = np.array([5.0, 5.0, -5.0]) + rng.normal(0, 0.5, (n, 3))
    calls = grid_calls(x, y, 0.2, 0.0, QUADRANT_CALLS)
    observed = grid_calls(np.array([0.30, 0.20, 0.10]), np.array([5.0, 5.0, -5.0]), 0.2, 0.0,
                          QUADRANT_CALLS)
    out = call_stability(calls, observed, 0.7)
    assert out["stability"][0] >= 0.99 and out["stability"][2] >= 0.99
    assert out["stability"][1] == pytest.approx(0.5, abs=0.02)
    assert out["borderline"].tolist() == [False, True, False]
    assert out["alternative"][1] == "discover"          # high gap, low importance


def test_no_resamples_no_stability():
    out = call_stability(np.empty((0, 2)), np.array(["raise", "create"]))
    assert out["stability"].isna().all() and not out["borderline"].any()


def test_mean_draws_covariance_against_numpy():
    rng = np.random.default_rng(1)
    z = rng.multivariate_normal([0, 0], [[1, 0.8], [0.8, 1]], 2000)
    d = mean_draws(pd.DataFrame(z, columns=["a", "b"]), 20_000, seed=2)
    expected = np.cov(z.T, bias=True) / len(z)
    np.testing.assert_allclose(np.cov(d.T), expected, rtol=0.05)
    # duplicated rows ≡ weight 2 (the weighted means and their spread)
    w = mean_draws(pd.DataFrame(z[:500], columns=["a", "b"]), 20_000, seed=2,
                   weights=np.full(500, 2.0))
    np.testing.assert_allclose(w.mean(0), z[:500].mean(0), atol=0.005)


@pytest.fixture(scope="module")
def fitted():
    cb = load_codebook()
    wave = generate(1500, seed=11)
    draws: dict = {}
    impacts = impact_layers(wave, respondent_scores(wave, cb), cb, Settings(n_boot=400),
                            draws=draws)
    return cb, wave, impacts, draws


def test_a_value_on_a_fixed_crosshair_is_borderline(fitted):
    cb, wave, impacts, draws = fitted
    plain = strategy_tables(wave, impacts, cb)["strategy_matrix"]
    top = plain.sort_values("importance").iloc[-1]
    # the crosshair through the most important value's importance, far below every gap:
    # that value's call rests on its importance alone, which resamples put above and below
    m = strategy_tables(wave, impacts, cb, crosshair=(float(top["importance"]), -1e6),
                        draws=draws)["strategy_matrix"].set_index("value")
    assert m.loc[top["value"], "stability"] == pytest.approx(0.5, abs=0.1)
    assert m.loc[top["value"], "borderline"]
    assert m.loc[top["value"], "alternative"] == "discover"
    # a value with no significant impact sits at 0, far below: every resample agrees
    zero = m[m["importance"] == 0]
    assert len(zero) and (zero["stability"] >= 0.99).all()


def test_stability_columns_on_the_default_grids(fitted):
    cb, wave, impacts, draws = fitted
    tabs = strategy_tables(wave, impacts, cb, draws=draws, threshold=0.7)
    for name, call in (("strategy_matrix", "quadrant"), ("errc", "action")):
        t = tabs[name]
        assert t["stability"].between(0, 1).all()
        assert (t["borderline"] == (t["stability"] < 0.7)).all()
        assert (t["alternative"].isna() == (t["stability"] == 1)).all()
        assert (t["alternative"].dropna() != t.loc[t["alternative"].notna(), call]).all()
    # the calls themselves are those without the stability
    plain = strategy_tables(wave, impacts, cb)
    assert tabs["errc"]["action"].tolist() == plain["errc"]["action"].tolist()
    assert tabs["strategy_matrix"]["quadrant"].tolist() == plain["strategy_matrix"]["quadrant"].tolist()
