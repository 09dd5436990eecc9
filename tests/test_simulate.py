"""Strategy simulation: a hand-computed toy model and a known-truth synthetic check."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import csvalue.model.simulate as simulate_mod
from csvalue.errors import CsvalueError
from csvalue.model.simulate import simulate, simulation_table, total_effects
from strategy_helpers import impacts_frame, small_codebook

VALUES = {"stability": {"level": "functional"}, "leisure": {"level": "terminal", "upper": True}}


@pytest.fixture(scope="module")
def toy_cb():
    return small_codebook(["convenience", "speed"], VALUES)


@pytest.fixture(scope="module")
def toy():
    # (layer, outcome, predictor, b, impact) — impact None = not significant
    return impacts_frame([
        (3, "stability", "convenience", .4, .35), (3, "stability", "speed", .2, .2),
        (3, "leisure", "convenience", .1, None), (3, "leisure", "speed", .5, .4),
        (2, "leisure", "stability", .5, .3),          # must not be chained after layer 3
        (1, "cs", "stability", .3, .3), (1, "cs", "leisure", .1, .1),
        (1, "cvi", "stability", 8.0, .3), (1, "cvi", "leisure", 4.0, None),
        (1, "nps", "stability", 30.0, .2), (1, "nps", "leisure", 20.0, .15),
        (1, "cls", "stability", 6.0, .3), (1, "cls", "leisure", 3.0, .2),
    ])


def test_doctests():
    assert doctest.testmod(simulate_mod).failed == 0


def test_toy_model_by_hand(toy, toy_cb):
    g = simulate(toy, {"convenience": 0.5}, toy_cb).set_index("index")
    assert list(g.index) == ["stability", "leisure", "cs", "nps", "cls", "cvi"]
    # Δstability = .4·.5 = .2; leisure's convenience path is not significant → 0
    assert g.loc["stability", "gain"] == pytest.approx(0.2)
    assert g.loc["leisure", "gain"] == pytest.approx(0.0)
    assert g.loc["cs", "gain"] == pytest.approx(25 * .3 * .2)          # cs on 1–5 → ×25
    assert g.loc["cvi", "gain"] == pytest.approx(8 * .2)
    assert g.loc["nps", "gain"] == pytest.approx(30 * .2)
    assert g.loc["cls", "gain"] == pytest.approx(6 * .2)
    assert g.loc["nps", "unit"] == "NPS points" and g.loc["stability", "kind"] == "value"

    a = simulate(toy, {"convenience": 0.5}, toy_cb, paths="all").set_index("index")["gain"]
    # Δleisure = .1·.5 = .05 now; every value→index path counts
    assert a["leisure"] == pytest.approx(.05)
    assert a["cs"] == pytest.approx(25 * (.3 * .2 + .1 * .05))
    assert a["cvi"] == pytest.approx(8 * .2 + 4 * .05)
    assert a["nps"] == pytest.approx(30 * .2 + 20 * .05)


def test_scenarios_add_up_and_values_can_be_moved_directly(toy, toy_cb):
    one = simulate(toy, {"convenience": 0.5}, toy_cb)["gain"].to_numpy()
    two = simulate(toy, {"speed": 0.3}, toy_cb)["gain"].to_numpy()
    both = simulate(toy, {"convenience": 0.5, "speed": 0.3}, toy_cb)["gain"].to_numpy()
    np.testing.assert_allclose(both, one + two)
    v = simulate(toy, {"leisure": 1.0}, toy_cb).set_index("index")["gain"]
    assert v["leisure"] == 1.0 and v["cs"] == pytest.approx(2.5) and v["cvi"] == 0.0


def test_simulation_table(toy, toy_cb):
    t = simulation_table(toy, toy_cb, delta=0.5).set_index("benefit")
    assert list(t.columns) == ["delta", "cs", "nps", "cls", "cvi"]
    assert list(t.index) == ["convenience", "speed", "all"]
    # speed: Δstability .1, Δleisure .25
    assert t.loc["speed", "cs"] == pytest.approx(25 * (.3 * .1 + .1 * .25))
    assert t.loc["speed", "cvi"] == pytest.approx(8 * .1)
    assert t.loc["speed", "nps"] == pytest.approx(30 * .1 + 20 * .25)
    assert t.loc["all", "cls"] == pytest.approx(t.loc["convenience", "cls"] + t.loc["speed", "cls"])
    assert (t["delta"] == 0.5).all()


def test_errors_and_no_benefit_layer(toy, toy_cb):
    with pytest.raises(CsvalueError, match="not benefits or values"):
        simulate(toy, {"price": 1.0}, toy_cb)
    with pytest.raises(CsvalueError, match="paths"):
        simulate(toy, {"speed": 1.0}, toy_cb, paths="some")
    two_scopes = pd.concat([toy.assign(scope="company"), toy.assign(scope="division:emr")])
    with pytest.raises(CsvalueError, match="scope"):
        simulate(two_scopes, {"speed": 1.0}, toy_cb)
    cb = small_codebook(None, VALUES)
    assert simulation_table(toy, cb).empty
    g = simulate(toy, {"stability": 1.0}, cb).set_index("index")["gain"]
    assert g["cvi"] == pytest.approx(8.0)
    assert list(total_effects(toy, cb).index) == ["stability", "leisure"]


# ---------------------------------------------------------------------------------------
# Known truth: data generated from linear paths, OLS recovers b, simulated gain ≈ true gain
# ---------------------------------------------------------------------------------------

def _generate(rng_seed: int, n: int, shift: dict[str, float]) -> pd.DataFrame:
    rng = np.random.default_rng(rng_seed)
    z = rng.multivariate_normal([3.5, 3.4], [[.6, .25], [.25, .5]], size=n)
    e = rng.normal(size=(n, 5))
    conv = z[:, 0] + shift.get("convenience", 0.0)
    speed = z[:, 1] + shift.get("speed", 0.0)
    stab = 1.0 + .4 * conv + .2 * speed + .5 * e[:, 0]
    leis = .5 + .1 * conv + .5 * speed + .5 * e[:, 1]
    cs = .5 + .3 * stab + .4 * leis + .4 * e[:, 2]                 # native 1–5 (continuous)
    cls = 10 + 6 * stab + 3 * leis + 5 * e[:, 3]
    cvi = ((cs - 1) * 25 + cls) / 2
    latent = 1.5 + .8 * stab + .6 * leis + 1.5 * e[:, 4]
    rec = np.clip(np.round(latent), 0, 10)
    nps = np.where(rec >= 9, 100.0, np.where(rec <= 6, -100.0, 0.0))
    return pd.DataFrame({"convenience": conv, "speed": speed, "stability": stab,
                         "leisure": leis, "cs": cs, "cls": cls, "cvi": cvi, "nps": nps})


def _ols(df: pd.DataFrame, layer: int, outcome: str, predictors: list[str]) -> pd.DataFrame:
    fit = sm.OLS(df[outcome], sm.add_constant(df[predictors])).fit()
    beta = fit.params[predictors] * df[predictors].std() / df[outcome].std()
    sig = fit.pvalues[predictors] < 0.05
    return pd.DataFrame({"layer": layer, "outcome": outcome, "predictor": predictors,
                         "b": fit.params[predictors].to_numpy(),
                         "impact": beta.where(sig).to_numpy()})


def test_simulated_gain_matches_the_true_gain_of_a_known_linear_model(toy_cb):
    n, seed, delta = 40_000, 11, {"convenience": 0.3, "speed": 0.2}
    base = _generate(seed, n, {})
    moved = _generate(seed, n, delta)              # same noise draws, benefits moved
    values = ["stability", "leisure"]
    impacts = pd.concat(
        [_ols(base, 3, v, ["convenience", "speed"]) for v in values]
        + [_ols(base, 1, k, values) for k in ("cs", "cls", "cvi", "nps")], ignore_index=True)
    sim = simulate(impacts, delta, toy_cb, paths="all").set_index("index")["gain"]
    true = moved.mean() - base.mean()
    true["cs"] *= 25                              # cs100 points
    # linear paths: the gain is recovered up to sampling error of the b's
    for k in ("stability", "leisure", "cs", "cls", "cvi"):
        assert sim[k] == pytest.approx(true[k], abs=0.02 * max(1, abs(true[k]))), k
    exact = {"stability": .4 * .3 + .2 * .2, "leisure": .1 * .3 + .5 * .2}
    assert sim["stability"] == pytest.approx(exact["stability"], abs=0.01)
    assert sim["leisure"] == pytest.approx(exact["leisure"], abs=0.01)
    # NPS is a step function of a Gaussian latent: OLS gives the average slope (Stein's lemma),
    # so the linear simulation matches the true change of the mean to first order.
    assert sim["nps"] == pytest.approx(true["nps"], abs=1.0)
    assert true["nps"] > 3
