"""Indices against hand-worked arithmetic, statsmodels/scipy, and invariance properties (the
statistics themselves: test_stats_*.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings as hsettings, strategies as st
from statsmodels.stats.weightstats import DescrStatsW

from csvalue.model.indices import (INDEX_IDS, TABLE_COLUMNS, change_table, estimate_cls_weights,
                             index_table, nps_estimate, nps_score,
                             respondent_scores)
from csvalue.stats.change import SAMPLES, mean_change, nps_change, paired_change
from csvalue.instrument.settings import Settings
from csvalue.instrument.synth import generate


@pytest.fixture(scope="module")
def wave():
    return generate(1500, seed=42)


def test_nps_cutoffs_come_from_the_codebook_and_missing_is_skipped(codebook):
    e = nps_estimate(pd.Series([9, 6, np.nan, 7]), codebook)
    assert (e.n, e.promoters, e.detractors, e.nps) == (3, 1, 1, 0.0)
    all_promoters = nps_estimate(pd.Series([10] * 20), codebook)
    assert all_promoters.nps == 100 and all_promoters.ci_high <= 100


def test_respondent_scores_by_hand(codebook):
    d = pd.DataFrame({"resp_id": ["a", "b", "c"], "wave": "2025", "cs": [5, 3, np.nan],
                      "repurchase": [4, 1, 5], "recommend": [9, 6, 10]})
    s = respondent_scores(d, codebook, cls_weights={"repurchase": 0.32, "recommend": 0.68})
    assert s["cs100"].tolist()[:2] == [100.0, 50.0] and np.isnan(s["cs100"].iloc[2])
    assert s["nps_score"].tolist() == [100.0, -100.0, 100.0]
    assert s["cls"].iloc[0] == pytest.approx(0.32 * 75 + 0.68 * 90)
    assert s["cvi"].iloc[0] == pytest.approx((100 + 0.32 * 75 + 0.68 * 90) / 2)
    assert np.isnan(s["cvi"].iloc[2])  # CVI needs CS: missing stays missing


def test_cls_weights_are_normalised_standardized_slopes(wave, codebook):
    w = estimate_cls_weights(wave, codebook)
    slopes = {}
    for item in ("repurchase", "recommend"):
        d = wave[["cs", item]].dropna()
        z = (d - d.mean()) / d.std()
        slopes[item] = sm.OLS(z[item], sm.add_constant(z["cs"])).fit().params["cs"]
    total = sum(slopes.values())
    assert w == pytest.approx({k: v / total for k, v in slopes.items()})


def test_fixed_weights_from_settings_are_used(wave, codebook):
    s = respondent_scores(wave, codebook, Settings(cls_weights={"repurchase": 1, "recommend": 3}))
    assert s.attrs["cls_weights"] == {"repurchase": 0.25, "recommend": 0.75}


def test_index_table_company_rows_equal_plain_means(wave, codebook):
    s = respondent_scores(wave, codebook)
    t = index_table(wave, s, codebook)
    assert list(t.columns) == TABLE_COLUMNS
    comp = t[t["scope"] == "company"].set_index("index")
    assert list(comp.index) == list(INDEX_IDS)
    assert comp.loc["cvi", "value"] == pytest.approx(s["cvi"].mean())
    assert comp.loc["cs", "n"] == s["cs100"].notna().sum()
    assert comp.loc["nps", "value"] == pytest.approx(nps_estimate(wave["recommend"], codebook).nps)
    # the divisions partition the company
    div = t[t["scope"].str.startswith("division:") & (t["index"] == "cs")]
    assert div["n"].sum() == comp.loc["cs", "n"]
    m, lo = s["cs100"].mean(), comp.loc["cs", "ci_low"]
    assert lo == pytest.approx(m - 1.9615 * s["cs100"].std() / math.sqrt(len(s)), abs=0.01)


def test_small_bases_are_flagged_and_tiny_cells_suppressed(codebook):
    d = generate(200, seed=3)
    d.loc[d.index[:4], "maintenance"] = "premium"
    d.loc[d.index[4:], "maintenance"] = "basic"
    d.loc[d.index[:20], "region"] = "seoul"
    d.loc[d.index[20:], "region"] = "metro"
    t = index_table(d, respondent_scores(d, codebook), codebook).set_index(["scope", "index"])
    assert t.loc[("maintenance:premium", "cs"), "flag"] == "suppressed"
    assert np.isnan(t.loc[("maintenance:premium", "cs"), "value"])
    assert t.loc[("region:seoul", "cs"), "flag"] == "small_base"
    assert not np.isnan(t.loc[("region:seoul", "cs"), "value"])
    assert t.loc[("company", "cs"), "flag"] == ""


def test_change_table_has_independent_and_panel_rows(codebook):
    from csvalue.instrument.synth import generate_waves

    w = generate_waves(600, seed=5)
    a, b = w["2024"], w["2025"]
    t = change_table(respondent_scores(a, codebook), respondent_scores(b, codebook), a, b, codebook)
    assert set(t["sample"]) == set(SAMPLES) and len(t) == 2 * len(INDEX_IDS)
    panel = t[(t["sample"] == "panel")].set_index("index")
    assert panel.loc["cs", "n_a"] == 240
    # each row is the stats test on the index's respondent column
    ids = sorted(set(a["resp_id"]) & set(b["resp_id"]))
    sa, sb = respondent_scores(a, codebook), respondent_scores(b, codebook)
    rows = t.set_index(["sample", "index"])
    want = {("all", "cvi"): mean_change(sa["cvi"], sb["cvi"]),
            ("all", "nps"): nps_change(nps_score(a["recommend"], codebook),
                                       nps_score(b["recommend"], codebook)),
            ("panel", "nps"): paired_change(sa.set_index("resp_id").loc[ids, "nps_score"],
                                            sb.set_index("resp_id").loc[ids, "nps_score"])}
    for key, test in want.items():
        got = rows.loc[key]
        assert (got["change"], got["ci_low"], got["p_value"], got["test"]) == \
            (test.change, test.ci_low, test.p_value, test.test)


@hsettings(max_examples=8, deadline=None)
@given(st.integers(0, 10_000), st.integers(20, 80))
def test_bounds_and_invariance_under_row_order_and_ids(seed, n):
    from csvalue.instrument.codebook import load_codebook

    cb = load_codebook()
    d = generate(n, seed=seed)
    t = index_table(d, respondent_scores(d, cb), cb)
    assert t[t["index"] != "nps"]["value"].dropna().between(0, 100).all()
    assert t[t["index"] == "nps"]["value"].dropna().between(-100, 100).all()
    shuffled = d.sample(frac=1, random_state=seed).reset_index(drop=True)
    shuffled["resp_id"] = [f"X{i}" for i in range(len(shuffled))]
    t2 = index_table(shuffled, respondent_scores(shuffled, cb), cb)
    pd.testing.assert_frame_equal(t, t2, check_exact=False, rtol=1e-9)


def test_respondents_without_a_profile_value_get_a_missing_scope(codebook):
    from csvalue.model.indices import MISSING_LEVEL, missing_profile

    d = generate(300, seed=8)
    d.loc[d.index[:50], "division"] = np.nan
    d.loc[d.index[50:53], "region"] = np.nan          # a tiny missing group: suppressed
    d.loc[d.index[60], "tenure_years"] = np.nan
    t = index_table(d, respondent_scores(d, codebook), codebook)
    cs = t[t["index"] == "cs"].set_index("scope")
    assert cs.loc[f"division:{MISSING_LEVEL}", "n"] == 50
    assert cs.loc[cs.index.str.startswith("division:"), "n"].sum() == cs.loc["company", "n"]
    assert cs.loc[f"region:{MISSING_LEVEL}", "flag"] == "suppressed"
    assert np.isnan(cs.loc[f"region:{MISSING_LEVEL}", "value"])
    assert cs.loc[f"division:{MISSING_LEVEL}", "flag"] == ""
    # the missing level comes after the category's own levels
    scopes = list(cs.index)
    assert scopes.index("division:supplies") + 1 == scopes.index(f"division:{MISSING_LEVEL}")
    assert missing_profile(d, codebook) == {"division": 50, "region": 3, "tenure_years": 1}
    assert f"maintenance:{MISSING_LEVEL}" not in scopes


def test_change_table_columns(codebook):
    from csvalue.model.indices import CHANGE_COLUMNS
    from csvalue.instrument.synth import generate_waves

    w = generate_waves(300, seed=2)
    a, b = w["2024"], w["2025"]
    t = change_table(respondent_scores(a, codebook), respondent_scores(b, codebook), a, b, codebook)
    assert list(t.columns) == CHANGE_COLUMNS


def test_nps_estimate_is_the_stats_estimate_of_the_codebook_counts(codebook):
    answers = pd.Series([10, 10, 9, 9, 10, 7, 8, 8, 6, 0, np.nan])
    e = nps_estimate(answers, codebook)
    assert (e.promoters, e.passives, e.detractors, e.n) == (5, 3, 2, 10)
    d = DescrStatsW(nps_score(answers, codebook).dropna().to_numpy())
    assert e.nps == pytest.approx(d.mean) and e.se == pytest.approx(d.std / math.sqrt(10))
