"""Survey weights (csvalue.stats.weights and every estimator that takes them), checked against
independent numbers: a survey library (samplics, tests only), weightipy's rim weighting, the
textbook property of raking, rows repeated k times, hand examples."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import yaml

from csvalue.errors import ConfigError, DataError
from csvalue.instrument.codebook import default_codebook_path, load_codebook, parse_codebook
from csvalue.instrument.settings import Settings, load_settings
from csvalue.instrument.synth import generate
from csvalue.model.impact import model_table
from csvalue.model.indices import index_table, respondent_scores
from csvalue.stats.change import mean_change, nps_change, weighted_nps
from csvalue.stats.intervals import group_mean_intervals, mean_interval
from csvalue.stats.nps import adjusted_wald, nps_from_counts, nps_weighted
from csvalue.stats.regression import relative_weights, shapley_r2, standardized_ols
from csvalue.stats.weights import (design_effect, kish_n, rake, trim, weighted_corr,
                                   weighted_mean)


def _samplics(kind: str, y: np.ndarray, w: np.ndarray):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics.estimation import TaylorEstimator
        from samplics.utils.types import PopParam
        e = TaylorEstimator(getattr(PopParam, kind))
        e.estimate(y=y, samp_weight=w)
    return e


# -- the effective base -------------------------------------------------------------------

def test_kish_n_hand_example():
    # (1 + 1 + 2 + 4)² / (1 + 1 + 4 + 16) = 64 / 22
    assert kish_n([1, 1, 2, 4]) == pytest.approx(64 / 22)
    assert design_effect([1, 1, 2, 4]) == pytest.approx(4 * 22 / 64)
    assert kish_n(np.ones(17)) == 17.0 and design_effect(np.ones(17)) == 1.0
    assert kish_n([5, 5, 5]) == pytest.approx(3.0)     # scale free


# -- weighted means and shares against a survey library ------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weighted_mean_and_se_match_samplics(seed):
    rng = np.random.default_rng(seed)
    y = rng.normal(70, 15, 300)
    w = rng.lognormal(0, 0.5, 300)
    ours = weighted_mean(y, w)
    ref = _samplics("mean", y, w)
    assert ours.mean == pytest.approx(float(ref.point_est), rel=1e-12)
    assert ours.se == pytest.approx(float(ref.stderror), rel=1e-10)


def test_weighted_share_and_se_match_samplics():
    rng = np.random.default_rng(4)
    y = (rng.random(400) < 0.3).astype(float)
    w = rng.lognormal(0, 0.6, 400)
    ours = weighted_mean(y, w)
    ref = _samplics("prop", y, w)
    assert ours.mean == pytest.approx(ref.point_est[1.0], rel=1e-12)
    assert ours.se == pytest.approx(ref.stderror[1.0], rel=1e-10)


def test_interval_uses_the_effective_n():
    from scipy import stats
    rng = np.random.default_rng(5)
    y, w = rng.normal(50, 10, 60), rng.lognormal(0, 0.7, 60)
    m = mean_interval(y, weights=w)
    ref = _samplics("mean", y, w)
    assert m.se == pytest.approx(float(ref.stderror), rel=1e-10)
    half = stats.t.ppf(0.975, kish_n(w) - 1) * m.se
    assert (m.ci_low, m.ci_high) == pytest.approx((m.mean - half, m.mean + half))
    assert m.n == 60 and m.n_effective == pytest.approx(kish_n(w))


def test_unit_weights_give_the_unweighted_figures_exactly():
    rng = np.random.default_rng(6)
    y = np.where(rng.random(200) < 0.1, np.nan, rng.normal(60, 12, 200))
    assert mean_interval(y, weights=np.ones(200)) == mean_interval(y)
    g = pd.Series(rng.choice(list("abc"), 200), name="g")
    v = pd.DataFrame({"y": y})
    pd.testing.assert_frame_equal(group_mean_intervals(v, [g], weights=np.ones(200)),
                                  group_mean_intervals(v, [g]))


def test_group_means_weighted_match_one_group_at_a_time():
    rng = np.random.default_rng(7)
    y = np.where(rng.random(300) < 0.1, np.nan, rng.normal(60, 12, 300))
    w = rng.lognormal(0, 0.5, 300)
    g = pd.Series(rng.choice(list("ab"), 300), name="g")
    t = group_mean_intervals(pd.DataFrame({"y": y}), [g], weights=w).set_index("g")
    for level in "ab":
        one = mean_interval(y[g == level], weights=w[g == level])
        row = t.loc[level]
        assert (row["mean"], row["se"], row["ci_low"], row["n_effective"]) == pytest.approx(
            (one.mean, one.se, one.ci_low, one.n_effective), rel=1e-9)


# -- NPS ---------------------------------------------------------------------------------

def test_weighted_nps_with_unit_weights_is_the_adjusted_wald_one():
    e = nps_weighted(8.0, 7.0, 5.0, 20.0, 20)
    a = nps_from_counts(8, 7, 5)
    assert (e.nps, e.se, e.ci_low, e.ci_high) == (a.nps, a.se, a.ci_low, a.ci_high)
    lo, hi = adjusted_wald(8, 7, 5).interval()
    assert (e.ci_low, e.ci_high) == (lo, hi)


def test_weighted_nps_shares_and_effective_counts():
    scores = np.array([100.0, 100, 0, -100, -100, 0])
    w = np.array([3.0, 1, 1, 1, 2, 2])
    e = weighted_nps(scores, w)
    assert e.nps == pytest.approx(100 * (4 - 3) / 10)
    n_eff = 10 ** 2 / (9 + 1 + 1 + 1 + 4 + 4)
    assert e.n_effective == pytest.approx(n_eff)
    ref = nps_from_counts(0.4 * n_eff, 0.3 * n_eff, 0.3 * n_eff)
    assert (e.se, e.ci_low, e.ci_high) == pytest.approx((ref.se, ref.ci_low, ref.ci_high))


def test_changes_with_unit_weights_are_the_unweighted_tests():
    rng = np.random.default_rng(8)
    a, b = rng.normal(70, 10, 80), rng.normal(73, 10, 90)
    assert mean_change(a, b, weights_a=np.ones(80), weights_b=np.ones(90)) == mean_change(a, b)
    sa = rng.choice([100.0, 0, -100], 80)
    sb = rng.choice([100.0, 0, -100], 90)
    assert nps_change(sa, sb, weights_a=np.ones(80), weights_b=np.ones(90)) == nps_change(sa, sb)
    w = mean_change(a, b, weights_a=rng.lognormal(0, .5, 80), weights_b=np.ones(90))
    assert w.n_effective_a < 80 and w.n_effective_b == 90


# -- raking ------------------------------------------------------------------------------

def _sample(n=600, seed=9):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"division": rng.choice(["emr", "pms", "supplies"], n, p=[.5, .3, .2]),
                         "region": rng.choice(["seoul", "metro", "prov"], n, p=[.5, .3, .2]),
                         "type": rng.choice(["clinic", "pharmacy"], n, p=[.7, .3])})


MARGINS = {"division": {"emr": 0.4, "pms": 0.35, "supplies": 0.25},
           "region": {"seoul": 0.35, "metro": 0.30, "prov": 0.35},
           "type": {"clinic": 0.55, "pharmacy": 0.45}}


def test_raking_reproduces_the_margins():
    f = _sample()
    r = rake(f, MARGINS)
    assert r.converged and r.max_error < 1e-6
    for var, shares in MARGINS.items():
        got = r.weights.groupby(f[var]).sum() / r.weights.sum()
        for level, share in shares.items():
            assert got[level] == pytest.approx(share, abs=1e-6)
    assert r.weights.mean() == pytest.approx(1.0)


def test_raking_agrees_with_weightipy():
    weightipy = pytest.importorskip("weightipy")
    f = _sample()
    ours = rake(f, MARGINS).weights
    scheme = weightipy.scheme_from_dict({v: {k: 100 * s for k, s in t.items()}
                                         for v, t in MARGINS.items()})
    theirs = weightipy.weight(f, scheme)
    theirs = theirs / theirs.mean()
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-5)


def test_raking_textbook_property_keeps_the_odds_ratio():
    # Deming and Stephan (1940); Bishop, Fienberg and Holland ch. 3: raking a two-way table
    # to new margins keeps its cross-product ratio — the raked table is a_i · n_ij · b_j
    counts = {("a", "x"): 40, ("a", "y"): 10, ("b", "x"): 20, ("b", "y"): 30}
    rows = [k for k, c in counts.items() for _ in range(c)]
    f = pd.DataFrame(rows, columns=["r", "c"])
    r = rake(f, {"r": {"a": 0.3, "b": 0.7}, "c": {"x": 0.5, "y": 0.5}})
    cell = r.weights.groupby([f["r"], f["c"]]).sum() / r.weights.sum()
    odds = cell["a", "x"] * cell["b", "y"] / (cell["a", "y"] * cell["b", "x"])
    assert odds == pytest.approx(40 * 30 / (10 * 20), rel=1e-8)
    assert cell["a"].sum() == pytest.approx(0.3) and cell[:, "x"].sum() == pytest.approx(0.5)


def test_raking_with_trimming_keeps_the_bounds():
    f = _sample(seed=10)
    r = rake(f, {"division": {"emr": 0.1, "pms": 0.1, "supplies": 0.8}}, trim_bounds=(0.5, 2.0))
    assert r.weights.min() >= 0.5 - 1e-9 and r.weights.max() <= 2.0 + 1e-9
    assert not r.converged and r.max_error > 0.01 and r.trimmed > 0   # bounds too tight: said
    loose = rake(f, MARGINS, trim_bounds=(0.3, 3.0))
    assert loose.converged and loose.trimmed == 0
    t = trim([1.0, 1.0, 1.0, 9.0], (0.5, 2.0))
    assert t.max() <= 2.0 + 1e-9 and t.mean() == pytest.approx(1.0)


def test_raking_refuses_bad_margins():
    f = _sample()
    with pytest.raises(DataError, match="no target share"):
        rake(f, {"division": {"emr": 0.5, "pms": 0.5}})
    with pytest.raises(ConfigError, match="add up"):
        rake(f, {"division": {"emr": 0.5, "pms": 0.4, "supplies": 0.4}})
    with pytest.raises(ConfigError, match="adding up to 1"):
        load_settings(weighting={"margins": {"division": {"emr": 0.5}}})
    with pytest.raises(ConfigError, match="trim"):
        load_settings(weighting={"margins": {"division": {"emr": 1.0}}, "trim": [2, 3]})


# -- impacts: weight k = the row repeated k times -------------------------------------------

def test_weighted_relative_weights_and_shapley_equal_repeated_rows():
    rng = np.random.default_rng(11)
    n = 120
    x = rng.normal(size=(n, 3))
    x[:, 1] += 0.6 * x[:, 0]
    y = x @ [0.5, 0.3, 0.1] + rng.normal(size=n)
    d = pd.DataFrame(x, columns=["a", "b", "c"]).assign(y=y)
    k = rng.integers(1, 4, n)
    repeated = d.loc[d.index.repeat(k)]
    fw = standardized_ols(d, "y", ["a", "b", "c"], weights=k.astype(float))
    fr = standardized_ols(repeated, "y", ["a", "b", "c"])
    np.testing.assert_allclose(fw.corr, fr.corr, rtol=1e-10)
    np.testing.assert_allclose(fw.beta, fr.beta, rtol=1e-10)
    np.testing.assert_allclose(relative_weights(fw.corr), relative_weights(fr.corr), rtol=1e-10)
    np.testing.assert_allclose(shapley_r2(fw.corr), shapley_r2(fr.corr), rtol=1e-10)
    np.testing.assert_allclose(weighted_corr(x, k), fr.corr[:3, :3], rtol=1e-10)
    assert fw.n == n and fw.n_effective == pytest.approx(kish_n(k))


def test_model_table_weighted_bootstrap_and_unit_weights():
    rng = np.random.default_rng(12)
    d = pd.DataFrame(rng.normal(size=(300, 2)), columns=["a", "b"])
    d["y"] = 0.5 * d["a"] + rng.normal(size=300)
    st = Settings(n_boot=200)
    plain = model_table(d, "y", ["a", "b"], st, layer=1)
    unit = model_table(d.assign(weight=1.0), "y", ["a", "b"], st, layer=1)
    pd.testing.assert_frame_equal(plain, unit)
    w = model_table(d.assign(weight=rng.lognormal(0, .5, 300)), "y", ["a", "b"], st, layer=1)
    assert (w["n_effective"] < 300).all() and (w["ci_low"] < w["beta"]).all()
    assert (w["beta"] < w["ci_high"]).all()


# -- the codebook's weight column and the index table --------------------------------------

def _weighted_codebook(tmp_path):
    raw = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    raw["weight"] = {"column": "wgt"}
    path = tmp_path / "codebook.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_codebook(path)


def test_codebook_weight_column_loads_and_bad_weights_are_named(tmp_path):
    from csvalue.instrument.load import load_wave
    cb = _weighted_codebook(tmp_path)
    assert cb.item("weight").column == "wgt"
    wave = generate(50, seed=3)
    raw = wave.rename(columns={it.id: it.column for it in cb.items if it.id in wave})
    raw["wgt"] = np.linspace(0.5, 2.0, 50)
    raw.to_csv(tmp_path / "w.csv", index=False)
    assert load_wave(tmp_path / "w.csv", cb).data["weight"].tolist() == pytest.approx(
        raw["wgt"].tolist())
    raw["wgt"] = raw["wgt"].astype(object)
    raw.loc[3, "wgt"] = "0"
    raw.loc[6, "wgt"] = ""
    raw.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(DataError, match=r"bad\.csv: column 'wgt'.*row 5 '0'.*row 8"):
        load_wave(tmp_path / "bad.csv", cb)
    bad = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    bad["weight"] = {"colum": "wgt"}
    from csvalue.errors import CodebookError
    with pytest.raises(CodebookError):
        parse_codebook(bad, "x.yml")


def test_index_table_unit_weights_unchanged_and_weighted_differs():
    cb = load_codebook()
    wave = generate(600, seed=4)
    plain = index_table(wave, respondent_scores(wave, cb), cb)
    assert (plain["n_effective"] == plain["n"]).all()
    rng = np.random.default_rng(13)
    w = wave.assign(weight=rng.lognormal(0, 0.5, len(wave)))
    t = index_table(w, respondent_scores(w, cb), cb)
    comp = t[t["scope"] == "company"].set_index("index")
    cs = respondent_scores(w, cb)
    ref = weighted_mean(cs["cs100"], cs["weight"])
    assert comp.loc["cs", "value"] == pytest.approx(ref.mean)
    assert comp.loc["cs", "se"] == pytest.approx(ref.se)
    assert comp.loc["cs", "n_effective"] == pytest.approx(kish_n(w["weight"]))
    e = weighted_nps(cs["nps_score"], cs["weight"])
    assert comp.loc["nps", "value"] == pytest.approx(e.nps)


def test_analyze_weighted_records_the_design_effect():
    from csvalue.pipeline.analyze import analyze
    cb = load_codebook()
    a, b = generate(400, seed=5), generate(400, seed=6)
    a["wave"], b["wave"] = "2024", "2025"
    st = Settings(n_boot=0, weighting={"margins": {"division": {"emr": .5, "pms": .3,
                                                                "supplies": .2}}})
    res = analyze([a, b], cb, st)
    for rec in res.model["waves"]:
        assert rec["design_effect"] >= 1 and rec["n_effective"] <= rec["n"]
    wt = res.weights
    assert list(wt["weighting"]) == ["raked", "raked"] and wt["converged"].all()
    comp = res.indices[res.indices["scope"] == "company"]
    assert (comp["n_effective"] < comp["n"]).all()
    share = res.respondents.groupby(a["division"].tolist() + b["division"].tolist()
                                    )["weight"].sum() / res.respondents["weight"].sum()
    assert share["emr"] == pytest.approx(0.5, abs=1e-6)


def test_database_stores_each_respondents_weight(tmp_path):
    from csvalue.pipeline import database as db
    url = f"sqlite:///{tmp_path / 'cs.sqlite'}"
    scored = pd.DataFrame({"resp_id": ["a", "b"], "wave": "2025", "cs": [5.0, 3.0],
                           "cvi": [80.0, 60.0], "weight": [0.5, 1.5]})
    db.store(scored, db.WaveMeta("2025"), url)
    got = db.load_respondents(url)
    assert got.set_index("resp_id")["weight"].to_dict() == {"a": 0.5, "b": 1.5}


def test_tier_and_disc_shares_and_means_weight_like_repeated_rows():
    from csvalue.model import disc
    from csvalue.model.loyalty import tier_ids, tier_table
    cb = load_codebook()
    ids = list(tier_ids(cb))
    tiers = pd.Series([ids[0], ids[0], ids[1], ids[3]])
    w = np.array([1.0, 2.0, 1.0, 4.0])
    t = tier_table(tiers, cb, w).set_index("tier")
    rep = tier_table(tiers.repeat(w.astype(int)).reset_index(drop=True), cb).set_index("tier")
    np.testing.assert_allclose(t["share"], rep["share"])
    assert t["n"].tolist() == [2, 1, 0, 1]                       # respondents, not weights
    resp = pd.DataFrame({"disc_type": ["D", "D", "I", "S"], "cvi": [70.0, 80.0, 60.0, np.nan],
                         "weight": w})
    rep = resp.loc[resp.index.repeat(w.astype(int))].drop(columns="weight")
    np.testing.assert_allclose(disc.type_shares(resp["disc_type"], resp["weight"])["share"],
                               disc.type_shares(rep["disc_type"])["share"])
    got = disc.indices_by_type(resp, ("cvi",), disclosure_min=1).set_index("disc_type")
    want = disc.indices_by_type(rep, ("cvi",), disclosure_min=1).set_index("disc_type")
    np.testing.assert_allclose(got["cvi"], want["cvi"])


# -- segment profiles: the Rao–Scott test with weights, today's Pearson without -------------

def test_profiles_weighted_use_rao_scott_and_unit_weights_change_nothing():
    from csvalue.model.segments import profile_variables, profiles
    from csvalue.stats.contingency import rao_scott

    cb = load_codebook()
    data = generate(800, seed=9)
    rng = np.random.default_rng(9)
    seg = pd.Series(rng.choice(["a", "b", "c"], len(data)), index=data.index)
    cells0, tests0 = profiles(seg, ["a", "b", "c"], data, cb)
    cells1, tests1 = profiles(seg, ["a", "b", "c"], data, cb, np.ones(len(data)))
    pd.testing.assert_frame_equal(cells0, cells1)
    pd.testing.assert_frame_equal(tests0, tests1)
    assert (tests0["test"] == "Pearson").all() and (tests0["deff"] == 1.0).all()

    w = rng.lognormal(0, 0.6, len(data))
    cells, tests = profiles(seg, ["a", "b", "c"], data, cb, w)
    assert (tests["test"] == "Rao-Scott").all()
    var, (cat, cats) = next(iter(profile_variables(data, cb).items()))
    sc = pd.Categorical(seg, categories=["a", "b", "c"]).codes
    cc = pd.Categorical(cat, categories=cats).codes
    ok = (sc >= 0) & (cc >= 0)
    ref = rao_scott(sc[ok], cc[ok], w[ok], (3, len(cats)))
    row = tests.set_index("variable").loc[var]
    assert row["p"] == pytest.approx(ref.p) and row["chi2"] == pytest.approx(ref.chi2)
    assert row["n"] == ok.sum() and row["n_effective"] == pytest.approx(ref.n_effective)
    # shares are weighted; counts stay respondents (the disclosure rule counts people)
    mine = cells[(cells["variable"] == var) & (cells["segment"] == "a")]
    inside = ok & (sc == 0)
    share = np.bincount(cc[inside], weights=w[inside], minlength=len(cats)) / w[inside].sum()
    shown = ~mine["suppressed"].to_numpy()
    assert np.allclose(mine["pct"].to_numpy()[shown], 100 * share[shown])
    assert np.array_equal(mine["n"].to_numpy()[shown],
                          np.bincount(cc[inside], minlength=len(cats))[shown])
