"""Goal management: the smallest capped benefit gains that reach each goal (goal_path.csv)."""

from __future__ import annotations

import copy
import doctest

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize

import csvalue.model.goal_path as goal_path_mod
from csvalue.errors import ConfigError
from csvalue.instrument.codebook import parse_codebook
from csvalue.instrument.settings import Settings, load_settings
from csvalue.instrument.synth import generate
from csvalue.model.goal_path import benefit_caps, smallest_gains
from csvalue.model.simulate import simulate
from csvalue.pipeline.analyze import analyze
from csvalue.pipeline.results import read_results, write_results
from strategy_helpers import raw_codebook

WAVE = generate(800, seed=11)


def _codebook(goals: dict):
    raw = copy.deepcopy(raw_codebook())
    raw["goals"] = goals
    return parse_codebook(raw, source="<test>")


def _current(settings: Settings) -> dict:
    res = analyze([WAVE], _codebook({"cvi": 75}), settings)
    return res.table("indices", scope="company").set_index("index")["value"].to_dict()


@pytest.fixture(scope="module")
def fast():
    return Settings(n_boot=0, k=5, n_factors=5)


@pytest.fixture(scope="module")
def above(fast):
    """An analysis whose CVI and NPS goals lie above the current values."""
    now = _current(fast)
    cb = _codebook({"cvi": round(now["cvi"] + 3, 1), "nps": round(now["nps"] + 5, 1)})
    return analyze([WAVE], cb, fast), cb, now


def test_doctests():
    assert doctest.testmod(goal_path_mod).failed == 0


def test_company_path_reaches_a_goal_above_the_current_cvi(above):
    res, cb, now = above
    p = res.table("goal_path", scope="company")
    cvi = p[p["index"] == "cvi"]
    assert list(cvi["benefit"]) == list(cb.benefits)
    assert (cvi["status"] == "reached").all()
    assert cvi["current"].iloc[0] == pytest.approx(now["cvi"])
    assert cvi["reached"].iloc[0] >= cvi["goal"].iloc[0] - 1e-9
    assert cvi["reached"].iloc[0] == pytest.approx(cvi["goal"].iloc[0])   # the smallest
    assert (cvi["gain"] >= 0).all() and (cvi["gain"] <= cvi["cap"] + 1e-9).all()


def test_the_gains_applied_through_the_simulation_give_reached(above):
    res, cb, _ = above
    p = res.table("goal_path", scope="company")
    imp = res.table("impacts", scope="company")
    for index in ("cvi", "nps"):
        rows = p[p["index"] == index]
        deltas = {}
        for r in rows.itertuples():     # points on 0–100 → the benefit's own scale
            lo, hi = cb.item(cb.sat(r.benefit, "benefit")).scale
            deltas[r.benefit] = r.gain * (hi - lo) / 100
        gain = simulate(imp, deltas, cb).set_index("index").loc[index, "gain"]
        assert rows["current"].iloc[0] + gain == pytest.approx(rows["reached"].iloc[0])


def test_a_met_goal_needs_no_gain(fast):
    now = _current(fast)
    res = analyze([WAVE], _codebook({"cvi": round(now["cvi"] - 2, 1)}), fast)
    p = res.table("goal_path", scope="company")
    assert (p["status"] == "met").all() and (p["gain"] == 0).all()
    assert (p["reached"] == p["current"]).all()


def test_an_unreachable_goal_under_the_caps_says_so(fast):
    now = _current(fast)
    st = load_settings(n_boot=0, k=5, n_factors=5, goal_caps=0.5)
    res = analyze([WAVE], _codebook({"cvi": round(now["cvi"] + 10, 1)}), st)
    p = res.table("goal_path", scope="company")
    assert (p["status"] == "unreachable").all()
    assert p["reached"].iloc[0] < p["goal"].iloc[0]
    useful = p["effect"] > 0
    assert np.allclose(p.loc[useful, "gain"], 0.5) and (p.loc[~useful, "gain"] == 0).all()


def test_each_division_has_its_own_path(above):
    res, _, _ = above
    scopes = set(res.goal_path["scope"])
    assert {"company", "division:emr", "division:pms", "division:supplies"} <= scopes


def test_goal_path_is_written_and_read_back(above, tmp_path):
    res, _, _ = above
    write_results(res, tmp_path)
    back = read_results(tmp_path).goal_path
    assert list(back.columns[:9]) == ["wave", "scope", "index", "goal", "current", "reached",
                                      "benefit", "gain", "effect"]
    assert len(back) == len(res.goal_path)


@pytest.mark.parametrize("seed", range(8))
def test_smallest_gains_match_a_general_solver(seed):
    rng = np.random.default_rng(seed)
    e = pd.Series(rng.normal(0.3, 0.3, 6), index=list("abcdef"))
    cap = pd.Series(rng.uniform(0.5, 4, 6), index=e.index)
    need = 0.6 * float(e.clip(lower=0) @ cap)
    got = smallest_gains(e, need, cap)
    sol = minimize(lambda g: g @ g, cap.to_numpy(),   # from a feasible start jac=lambda g: 2 * g, method="SLSQP",
                   bounds=list(zip([0] * 6, cap)),
                   constraints=[{"type": "ineq", "fun": lambda g: g @ e.to_numpy() - need}],
                   options={"ftol": 1e-12, "maxiter": 500})
    assert sol.success
    assert got.to_numpy() == pytest.approx(sol.x, abs=1e-4)
    assert float(got @ e) == pytest.approx(need)


def test_headroom_caps_a_benefit_near_the_top(codebook):
    caps = benefit_caps(10, codebook, pd.Series({"speed": 97.0, "image": 40.0}))
    assert caps["speed"] == pytest.approx(3.0) and caps["image"] == 10


def test_goal_caps_naming_an_unknown_benefit_is_an_error(codebook):
    with pytest.raises(ConfigError, match="goal_caps.sped: not a benefit"):
        benefit_caps({"sped": 3}, codebook)


@pytest.mark.parametrize("value", [-1, 101, "many", {"speed": "x"}, [1, 2]])
def test_bad_goal_caps_are_refused(value):
    with pytest.raises(ConfigError, match="goal_caps"):
        load_settings(goal_caps=value)


def test_goal_caps_from_a_file(tmp_path):
    f = tmp_path / "s.yml"
    f.write_text("goal_caps: {default: 6, price: 2}\n")
    assert load_settings(f).goal_caps == {"default": 6.0, "price": 2.0}
