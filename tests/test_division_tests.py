"""Each division against the rest of the company (csvalue.model.indices.division_tests), with
the family's p adjusted: checked against scipy's Welch test, statsmodels' multipletests and,
weighted, samplics' linearization standard errors of each side."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from csvalue.instrument.codebook import load_codebook
from csvalue.instrument.synth import generate
from csvalue.model.indices import INDEX_IDS, division_tests, respondent_scores


@pytest.fixture(scope="module")
def wave():
    cb = load_codebook()
    data = generate(900, seed=11)
    return cb, data, respondent_scores(data, cb)


_COLUMN = {"cs": "cs100", "repurchase": "repurchase100", "recommend": "recommend100",
           "cls": "cls", "cvi": "cvi"}


def test_unweighted_rows_are_welch_tests_of_the_division_against_the_rest(wave):
    cb, data, scores = wave
    t = division_tests(data, scores, cb)
    divisions = [c for c in cb.item("division").categories if (data["division"] == c).any()]
    assert len(t) == len(divisions) * len(INDEX_IDS)
    for r in t[t["index"] != "nps"].itertuples():
        inside = (data["division"] == r.scope.split(":", 1)[1]).to_numpy()
        x = scores[_COLUMN[r.index]].to_numpy()
        a, b = x[inside], x[~inside]
        a, b = a[~np.isnan(a)], b[~np.isnan(b)]
        ref = stats.ttest_ind(a, b, equal_var=False)
        assert r.value == pytest.approx(a.mean()) and r.rest == pytest.approx(b.mean())
        assert r.difference == pytest.approx(a.mean() - b.mean())
        assert r.statistic == pytest.approx(ref.statistic, rel=1e-10)
        assert r.p_value == pytest.approx(ref.pvalue, rel=1e-8)
        assert (r.n, r.n_rest) == (len(a), len(b))
        assert (r.n_effective, r.n_effective_rest) == (len(a), len(b))   # unweighted


@pytest.mark.parametrize("method, sm", [("holm", "holm"), ("bh", "fdr_bh")])
def test_the_family_is_adjusted_as_statsmodels_does(wave, method, sm):
    cb, data, scores = wave
    t = division_tests(data, scores, cb, method)
    ref = multipletests(t["p_value"].to_numpy(), method=sm)[1]
    assert np.allclose(t["p_adjusted"].to_numpy(), ref, rtol=1e-12, atol=0)
    flagged = t["p_adjusted"] < 0.05
    assert (t.loc[flagged, "flag"] == np.where(t.loc[flagged, "difference"] > 0, "higher",
                                               "lower")).all()
    assert (t.loc[~flagged, "flag"] == "").all()
    none = division_tests(data, scores, cb, "none")
    assert np.array_equal(none["p_adjusted"], none["p_value"])


def test_a_real_difference_is_flagged_and_chance_is_not():
    cb = load_codebook()
    data = generate(1500, seed=3)
    scores = respondent_scores(data, cb)
    emr = (data["division"] == "emr").to_numpy()
    scores.loc[emr, "cvi"] += 8.0           # one division truly better on CVI
    t = division_tests(data, scores, cb).set_index(["scope", "index"])
    assert t.loc[("division:emr", "cvi"), "flag"] == "higher"
    assert t.loc[("division:emr", "cvi"), "p_adjusted"] < 1e-6


def test_weighted_standard_errors_are_those_of_a_survey_library(wave):
    cb, data, _ = wave
    rng = np.random.default_rng(2)
    data = data.assign(weight=rng.lognormal(0, 0.5, len(data)))
    scores = respondent_scores(data, cb)
    t = division_tests(data, scores, cb)
    w = scores["weight"].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics.estimation import TaylorEstimator
        from samplics.utils.types import PopParam

        def se(y, wt):
            ok = ~np.isnan(y)
            e = TaylorEstimator(PopParam.mean)
            e.estimate(y=y[ok], samp_weight=wt[ok])
            return float(e.point_est), float(e.stderror), float(wt[ok].sum() ** 2
                                                               / (wt[ok] ** 2).sum())

        for r in t[t["index"].isin(["cs", "cvi"])].itertuples():
            inside = (data["division"] == r.scope.split(":", 1)[1]).to_numpy()
            x = scores[_COLUMN[r.index]].to_numpy()
            ma, sa, na = se(x[inside], w[inside])
            mb, sb, nb = se(x[~inside], w[~inside])
            assert r.difference == pytest.approx(ma - mb, rel=1e-10)
            assert r.se == pytest.approx(np.hypot(sa, sb), rel=1e-9)
            assert (r.n_effective, r.n_effective_rest) == pytest.approx((na, nb))
            df = (sa ** 2 + sb ** 2) ** 2 / (sa ** 4 / (na - 1) + sb ** 4 / (nb - 1))
            assert r.p_value == pytest.approx(2 * stats.t.sf(abs(r.difference) / r.se, df),
                                              rel=1e-8)


def test_no_divisions_no_rows(wave):
    cb, data, scores = wave
    t = division_tests(data.drop(columns="division"), scores, cb)
    assert t.empty and "p_adjusted" in t.columns


def test_the_sentences_read_the_adjusted_flags_and_name_the_method(wave):
    from csvalue.pipeline.results import Results
    from csvalue.report.comparisons import division_test_sentence

    cb, data, scores = wave
    scores = scores.copy()
    scores.loc[(data["division"] == "emr").to_numpy(), "cvi"] += 8.0
    t = division_tests(data, scores, cb).assign(wave="2025")
    res = Results({"division_tests": t}, {"settings": {"p_adjust": "bh"}})
    company = division_test_sentence(res, "2025", cb)
    assert "Benjamini–Hochberg" in company and f"{len(t)} tests" in company
    assert "The EMR software division is " in company and "higher on CVI by" in company
    page = division_test_sentence(res, "2025", cb, "emr")
    assert page.startswith("Against the rest of the company") and "higher on CVI" in page
    quiet = [c for c in t["scope"].str.split(":").str[1].unique()
             if not (t.loc[t["scope"] == f"division:{c}", "flag"] != "").any()]
    if quiet:
        assert division_test_sentence(res, "2025", cb, quiet[0]).startswith("None of its")
    assert division_test_sentence(Results({}, {}), "2025", cb) is None


def test_the_sentence_counts_the_tests_the_adjustment_took_back():
    import pandas as pd

    from csvalue.pipeline.results import Results
    from csvalue.report.comparisons import division_test_sentence

    t = pd.DataFrame({"wave": "2025", "scope": ["division:emr", "division:pms", "division:emr"],
                      "index": ["cvi", "cvi", "nps"], "difference": [2.0, -1.0, 3.0],
                      "p_value": [0.001, 0.03, 0.04], "p_adjusted": [0.003, 0.06, 0.06],
                      "flag": ["higher", "", ""]})
    text = division_test_sentence(Results({"division_tests": t}, {}), "2025", load_codebook())
    assert text.endswith("2 tests with p < .05 before the adjustment no longer pass it.")
    assert "(3 tests, p adjusted by Holm" in text
