"""Tests of csvalue.report.teaching against hand-worked arithmetic (written out in each test)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from csvalue import load_codebook
from csvalue.instrument.codebook import parse_codebook
from csvalue.errors import DataError
from csvalue.report import teaching as t


# --------------------------------------------------------------------------- disconfirmation

def test_disconfirmation_hand_worked():
    # item a: gaps p−e = 2−3=−1, 3−3=0, 5−3=+2, 4−4=0  → 1 below, 2 equal, 1 above (n=4)
    # item b: gaps 1−2=−1, NaN (e missing), 4−2=+2, 1−5=−4 → 2 below, 0 equal, 1 above (n=3)
    d = pd.DataFrame({
        "ea": [3, 3, 3, 4], "pa": [2, 3, 5, 4],
        "eb": [2, np.nan, 2, 5], "pb": [1, 4, 4, 1],
    })
    out = t.disconfirmation_shares(d, {"a": ("ea", "pa"), "b": ("eb", "pb")}).set_index("item")
    assert out.loc["a", ["n", "dissatisfied", "satisfied", "delighted"]].tolist() == [4, 25, 50, 25]
    assert out.loc["a", "mean_gap"] == pytest.approx((-1 + 0 + 2 + 0) / 4)
    assert out.loc["b", "n"] == 3
    assert out.loc["b", "dissatisfied"] == pytest.approx(100 * 2 / 3)
    assert out.loc["b", "satisfied"] == 0
    assert out.loc["b", "delighted"] == pytest.approx(100 / 3)
    assert out.loc["b", "mean_gap"] == pytest.approx((-1 + 2 - 4) / 3)
    # pooled: 7 answered pairs, 3 below, 2 equal, 2 above; gap sum = 1 + (−3) = −2
    pooled = out.loc["all items"]
    assert pooled["n"] == 7
    assert pooled[["dissatisfied", "satisfied", "delighted"]].tolist() == pytest.approx(
        [300 / 7, 200 / 7, 200 / 7])
    assert pooled["mean_gap"] == pytest.approx(-2 / 7)


def test_disconfirmation_tolerance_moves_small_gaps_to_satisfied():
    # with tolerance 1, the gaps −1 and 0 and 0 count as "as expected"; +2 and −4 do not
    d = pd.DataFrame({"e": [3, 3, 3, 4, 5], "p": [2, 3, 5, 4, 1]})
    out = t.disconfirmation_shares(d, {"x": ("e", "p")}, tolerance=1).iloc[0]
    assert out[["dissatisfied", "satisfied", "delighted"]].tolist() == [20, 60, 20]
    with pytest.raises(DataError, match="tolerance"):
        t.disconfirmation_shares(d, {"x": ("e", "p")}, tolerance=-1)
    with pytest.raises(DataError, match=r"\['nope'\]"):
        t.disconfirmation_shares(d, {"x": ("e", "nope")})


def test_wave_pairs_follow_the_codebook():
    cb = load_codebook()
    pairs = t.wave_pairs(cb)
    assert len(pairs) == len(cb.benefits) + len(cb.values)
    assert pairs["convenience"] == ("eb_convenience", "b_convenience")
    assert pairs["reassurance"] == ("ev_reassurance", "v_reassurance")
    # an instrument with no benefit layer and no expectation for one value pairs the rest only
    import yaml
    raw = yaml.safe_load(open(cb.source, encoding="utf-8"))
    del raw["benefits"]
    raw.pop("factors", None)       # the factors name benefit items that no longer exist
    raw["values"]["items"]["leisure"]["expectation"] = False
    small = parse_codebook(raw)
    assert list(t.wave_pairs(small)) == [v for v in small.values if v != "leisure"]


def test_disconfirmation_on_a_wave_frame(codebook):
    # every benefit and value answered 4 with expectation 3, except the first benefit (4 vs 5)
    rng = np.random.default_rng(1)
    pairs = t.wave_pairs(codebook)
    n = 10
    cols = {}
    for exp, sat in pairs.values():
        cols[exp], cols[sat] = np.full(n, 3.0), np.full(n, 4.0)
    first_exp, first_sat = next(iter(pairs.values()))
    cols[first_exp] = np.full(n, 5.0)
    frame = pd.DataFrame(cols).iloc[rng.permutation(n)]
    out = t.disconfirmation_shares(frame, pairs).set_index("item")
    k = len(pairs)
    assert out.iloc[0]["dissatisfied"] == 100 and out.iloc[1]["delighted"] == 100
    assert out.loc["all items", "n"] == n * k
    assert out.loc["all items", "dissatisfied"] == pytest.approx(100 / k)
    assert out.loc["all items", "delighted"] == pytest.approx(100 * (k - 1) / k)
    verdict = t.respondent_disconfirmation(frame, pairs)
    # mean gap per respondent = (−1 + (k−1)·1)/k > 0 → delighted
    assert (verdict == "delighted").all()


def test_respondent_disconfirmation_missing_and_tolerance():
    d = pd.DataFrame({"e": [3, 3, np.nan], "p": [2, 3, 4]})
    v = t.respondent_disconfirmation(d, {"x": ("e", "p")}, tolerance=0)
    assert v.iloc[0] == "dissatisfied" and v.iloc[1] == "satisfied" and pd.isna(v.iloc[2])
    v1 = t.respondent_disconfirmation(d, {"x": ("e", "p")}, tolerance=1)
    assert v1.iloc[0] == "satisfied"


def test_oddjob_disconfirmation_matches_an_independent_count():
    d = t.load_oddjob()
    assert len(d) == 1065
    out = t.disconfirmation_shares(d, t.oddjob_pairs(), tolerance=5).set_index("item")
    # independent path: pandas comparisons item by item, no shared code
    below = equal = above = 0
    for i in range(1, 24):
        gap = (d[f"s{i}"] - d[f"e{i}"]).dropna()
        lo, hi = int((gap < -5).sum()), int((gap > 5).sum())
        row = out.loc[f"attribute {i}"]
        assert row["n"] == len(gap)
        assert row["dissatisfied"] == pytest.approx(100 * lo / len(gap))
        assert row["delighted"] == pytest.approx(100 * hi / len(gap))
        below, above, equal = below + lo, above + hi, equal + len(gap) - lo - hi
    pooled = out.loc["all items"]
    assert pooled["n"] == below + equal + above
    assert pooled["satisfied"] == pytest.approx(100 * equal / (below + equal + above))
    # a wider tolerance can only move answers into "as expected"
    shares = [t.disconfirmation_shares(d, t.oddjob_pairs(), tol).iloc[-1]["satisfied"]
              for tol in (0, 5, 10, 20)]
    assert shares == sorted(shares)
    # hand-checked rows: respondent 1 rated attribute 1 at 50 against 76 expected (below),
    # respondent 2 rated it 100 against 100 (as expected)
    gap1 = d.loc[:1, "s1"] - d.loc[:1, "e1"]
    assert gap1.tolist() == [-26.0, 0.0]


def test_load_oddjob_recodes_recommend_and_reports_bad_files(tmp_path):
    d = t.load_oddjob()
    assert d["recommend"].between(0, 10).all()
    bad = tmp_path / "x.csv"
    bad.write_text("e1,s1\n1,2\n")
    with pytest.raises(DataError, match="missing"):
        t.load_oddjob(bad)
    with pytest.raises(DataError, match="no such file"):
        t.load_oddjob(tmp_path / "absent.csv")


# --------------------------------------------------------------------------- SERVQUAL

def test_servqual_worked_example_by_hand():
    scores, weights = t.servqual_example()
    out = t.servqual_gaps(scores, weights).set_index("dimension")
    # reliability    E = (7+7+6+7)/4 = 6.75, P = (5+6+5+4)/4 = 5.00, gap = −1.75
    # responsiveness E = (6+7+6+6)/4 = 6.25, P = (5+5+6+4)/4 = 5.00, gap = −1.25
    # assurance      E = (6+6+6+5)/4 = 5.75, P = (6+5+6+5)/4 = 5.50, gap = −0.25
    # empathy        E = (5+5+6+5)/4 = 5.25, P = (5+6+6+5)/4 = 5.50, gap = +0.25
    # tangibles      E = (5+6+5+6)/4 = 5.50, P = (6+6+5+5)/4 = 5.50, gap =  0.00
    assert out["gap"].drop("overall").tolist() == pytest.approx([-1.75, -1.25, -0.25, 0.25, 0.0])
    assert out.loc["reliability", "expectation"] == 6.75
    # unweighted overall gap = (−1.75 − 1.25 − 0.25 + 0.25 + 0)/5 = −3.0/5 = −0.60
    assert out.loc["overall", "gap"] == pytest.approx(-0.60)
    # weights 32, 22, 19, 17, 10 out of 100:
    # 0.32·(−1.75) + 0.22·(−1.25) + 0.19·(−0.25) + 0.17·0.25 + 0.10·0
    #   = −0.56 − 0.275 − 0.0475 + 0.0425 + 0 = −0.84
    assert out.loc["overall", "weighted_gap"] == pytest.approx(-0.84)
    assert out["weight"].drop("overall").sum() == pytest.approx(1.0)
    assert (out["n"] == 4).all()


def test_servqual_equal_weights_and_errors():
    scores, weights = t.servqual_example()
    eq = t.servqual_gaps(scores).set_index("dimension")
    # with equal weights the weighted overall gap equals the plain mean of the gaps
    assert eq.loc["overall", "weighted_gap"] == pytest.approx(eq.loc["overall", "gap"])
    with pytest.raises(DataError, match="missing"):
        t.servqual_gaps(scores, {"reliability": 1})
    with pytest.raises(DataError, match="columns"):
        t.servqual_gaps(scores.drop(columns="perception"))


def test_five_gaps_table():
    g = t.five_gaps()
    assert g["gap"].tolist() == [1, 2, 3, 4, 5]
    assert (g["where"] == "customer").sum() == 1 and g.loc[4, "where"] == "customer"
    assert [d[0] for d in t.SERVQUAL_DIMENSIONS] == [
        "reliability", "responsiveness", "assurance", "empathy", "tangibles"]


# --------------------------------------------------------------------------- retention

def test_clv_source_figures_by_hand():
    # the source: 15–20% of customers lost a year → retention 0.80 (20% churn) or 0.85 (15%).
    # margin 100 a year, discount rate 10% (assumptions of the worked example):
    # CLV(0.80) = 100 · 0.80 / (1 + 0.10 − 0.80) = 80 / 0.30 = 266.666…
    # CLV(0.85) = 100 · 0.85 / (1 + 0.10 − 0.85) = 85 / 0.25 = 340
    assert t.clv(100, 0.80, 0.10) == pytest.approx(800 / 3)
    assert t.clv(100, 0.85, 0.10) == pytest.approx(340.0)
    g = t.retention_gain(100, 0.80, 0.10, improvement=0.05)
    assert g.improved == pytest.approx(0.85)
    # gain = 340 − 266.67 = 73.33; in % of 266.67: 73.33/266.67 = 0.275
    assert g.gain == pytest.approx(340 - 800 / 3)
    assert g.gain_pct == pytest.approx(27.5)
    # expected further years as a customer r/(1−r): 0.8/0.2 = 4, 0.85/0.15 = 5.67
    assert g.lifetime == pytest.approx(4.0)
    assert g.lifetime_improved == pytest.approx(0.85 / 0.15)


def test_clv_finite_horizon_and_table():
    # 3 years, q = 0.8/1.1: 100·(q + q² + q³) = 72.7273 + 52.8926 + 38.4673 = 164.0872
    q = 0.8 / 1.1
    assert t.clv(100, 0.8, 0.1, years=3) == pytest.approx(100 * (q + q ** 2 + q ** 3))
    assert t.clv(100, 0.8, 0.1, years=3) == pytest.approx(164.0872, abs=1e-4)
    tab = t.retention_table(100, 0.8, 0.1, 3)
    assert tab["survival"].tolist() == pytest.approx([0.8, 0.64, 0.512])
    assert tab["cumulative"].iloc[-1] == pytest.approx(t.clv(100, 0.8, 0.1, years=3))
    # a long horizon converges to the open-horizon formula
    assert t.clv(100, 0.8, 0.1, years=400) == pytest.approx(t.clv(100, 0.8, 0.1))
    # zero discounting: 100 · 0.5/(1 − 0.5) = 100
    assert t.clv(100, 0.5, 0.0) == pytest.approx(100.0)
    with pytest.raises(DataError, match="retention"):
        t.clv(100, 1.0, 0.1)
    with pytest.raises(DataError, match="discount"):
        t.clv(100, 0.5, -1.0)


# --------------------------------------------------------------------------- NPS

def test_nps_by_hand_worked_example():
    answers = t.nps_example()
    # promoters (9–10): 10 9 9 10 9 10 9 10 → 8; detractors (0–6): 6 5 3 6 4 → 5; passives 7
    assert t.nps_counts(answers) == (8, 7, 5)
    r = t.nps_from_counts(8, 7, 5)
    # NPS = 8/20 − 5/20 = 40% − 25% = 15 points
    assert (r.pct_promoters, r.pct_detractors) == (40.0, 25.0)
    assert r.nps == pytest.approx(15.0)
    # se = 100·sqrt((0.40 + 0.25 − 0.15²)/20) = 100·sqrt(0.6275/20) = 100·0.177130 = 17.713
    assert r.se == pytest.approx(100 * math.sqrt(0.6275 / 20))
    assert r.se == pytest.approx(17.713, abs=1e-3)
    # adjusted Wald: n' = 23, p'P = 8.75/23 = 0.380435, p'D = 5.75/23 = 0.25,
    # centre = 0.130435, se' = sqrt((0.630435 − 0.017013)/23) = sqrt(0.026671) = 0.163311
    # 95%: 0.130435 ± 1.959964·0.163311 = 0.130435 ± 0.320084 → [−18.96, 45.05]
    assert r.ci_low == pytest.approx(-18.965, abs=1e-3)
    assert r.ci_high == pytest.approx(45.052, abs=1e-3)


def test_nps_interval_is_clipped_and_counts_checked():
    r = t.nps_from_counts(5, 0, 0)      # all promoters: NPS 100, interval stays inside ±100
    assert r.nps == 100.0 and r.ci_high == 100.0 and r.ci_low < 100.0
    with pytest.raises(DataError):
        t.nps_from_counts(0, 0, 0)
    import dataclasses
    cb = load_codebook()
    lenient = dataclasses.replace(cb, thresholds=dataclasses.replace(
        cb.thresholds, promoter_min=7, detractor_max=5))
    # cut-offs 7 / 5: 9 and 7 promote, 6 is passive, NaN is not counted
    assert t.nps_counts([9, 6, np.nan, 7], lenient) == (2, 1, 0)
    # the estimate is csvalue.stats.nps.nps_from_counts of the counts
    r = t.nps_from_counts(2, 1, 0, lenient)
    assert r.n == 3 and r.nps == pytest.approx(100 * 2 / 3)
    no_room = dataclasses.replace(cb, thresholds=dataclasses.replace(
        cb.thresholds, promoter_min=6, detractor_max=6))
    with pytest.raises(DataError, match="no room for passives"):
        t.nps_from_counts(1, 1, 1, no_room)


def test_nps_on_oddjob_by_hand_from_the_answer_frequencies():
    # frequencies of the source's 1–11 code: 1:25 2:29 3:29 4:29 5:91 6:86 7:142 8:209 9:187
    # 10:215 11:23. Recommend = code − 1, so promoters (9–10) = codes 10, 11 = 215 + 23 = 238;
    # detractors (0–6) = codes 1–7 = 25+29+29+29+91+86+142 = 431; passives 209 + 187 = 396.
    d = t.load_oddjob()
    assert t.nps_counts(d["recommend"]) == (238, 396, 431)
    r = t.nps_from_counts(238, 396, 431)
    # NPS = (238 − 431)/1065 · 100 = −193/1065 · 100 = −18.122
    assert r.nps == pytest.approx(-193 / 1065 * 100)
    assert r.ci_low < r.nps < r.ci_high


def test_read_wave_gives_canonical_ids(tmp_path, codebook):
    # a file whose satisfaction column for speed is named differently in a codebook copy
    import yaml
    from csvalue.instrument.synth import generate
    raw = yaml.safe_load(open(codebook.source, encoding="utf-8"))
    raw["benefits"]["items"]["speed"]["column"] = "Q_speed"
    cb = parse_codebook(raw)
    frame = generate(30, seed=4).rename(columns={"b_speed": "Q_speed"})
    frame.loc[0, "cs"] = 8                       # out of scale: rejected, not returned
    path = tmp_path / "w.csv"
    frame.to_csv(path, index=False)
    data = t.read_wave(path, cb)
    assert "b_speed" in data.columns and "Q_speed" not in data.columns
    assert len(data) == 29


def test_disconfirmation_chart_has_labels_and_one_bar_segment_per_share():
    d = pd.DataFrame({"e": [3, 3, 3, 4], "p": [2, 3, 5, 4]})
    shares = t.disconfirmation_shares(d, {"x": ("e", "p")})
    fig = t.disconfirmation_chart(shares, "Test", labels={"x": "Item X"})
    ax = fig.axes[0]
    assert ax.get_title() == "Test" and ax.get_xlabel() and ax.get_ylabel()
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    # two bars (item x and pooled) × three segments: 25, 50, 25 each
    assert widths == [25.0] * 4 + [50.0] * 2
    assert [tk.get_text() for tk in ax.get_yticklabels()] == ["all items", "Item X"]


def test_figure_image_is_a_png():
    d = pd.DataFrame({"e": [3, 4], "p": [2, 4]})
    img = t.figure_image(t.disconfirmation_chart(t.disconfirmation_shares(d, {"x": ("e", "p")}), "T"))
    assert img.data[:8] == b"\x89PNG\r\n\x1a\n"

