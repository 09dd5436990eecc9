"""segment() on a wave of known structure: exported tables, scale path, disclosure control."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from csvalue.instrument.settings import Settings
from segment_helpers import latent_wave, simple_scores

# segment() takes each segment's NPS interval from the index code (stats helper)
indices = pytest.importorskip("csvalue.model.indices")

FIXED = Settings(n_factors=5, k=5, seed=5)


@pytest.fixture(scope="module")
def wave(codebook):
    return latent_wave(codebook, n=1200, seed=2)


@pytest.fixture(scope="module")
def seg(wave, codebook):
    from csvalue.model.segments import segment

    data, _ = wave
    return segment(data, simple_scores(data), codebook, FIXED)


def test_tables_have_the_issue_columns_and_agree_with_each_other(seg, wave, codebook):
    from csvalue.model.segments import TABLE_COLUMNS, segmentation_summary, segmentation_tables

    data, truth = wave
    t = segmentation_tables(seg, wave="2025")
    assert set(t) == set(TABLE_COLUMNS)
    for name, lead in TABLE_COLUMNS.items():
        assert t[name].columns.tolist()[:len(lead) + 1] == ["wave", *lead], name
        assert (t[name]["wave"] == "2025").all()
    items = codebook.expectation_cols
    assert len(t["factors"]) == len(items) * 5
    seg_t = t["segments"].set_index("segment")
    a = seg.assignments
    assert a["resp_id"].tolist() == data["resp_id"].tolist()
    counts = a["value_segment"].value_counts()
    assert seg_t["n"].to_dict() == counts.to_dict()
    assert seg_t["share"].sum() == pytest.approx(100)
    # the segment indices are the mean of the respondent scores of its members
    sc = simple_scores(data)
    for sid in seg_t.index:
        rows = (a["value_segment"] == sid).to_numpy()
        assert seg_t.loc[sid, "cls"] == pytest.approx(sc.loc[rows, "cls"].mean())
        assert seg_t.loc[sid, "cs"] == pytest.approx(sc.loc[rows, "cs100"].mean())
        assert seg_t.loc[sid, "cs_low"] < seg_t.loc[sid, "cs"] < seg_t.loc[sid, "cs_high"]
    assert np.isfinite(seg_t[["nps", "nps_low", "nps_high"]].to_numpy()).all()
    loy = t["loyalty"].set_index("tier")
    assert loy["n"].to_dict() == a["loyalty_tier"].value_counts().to_dict()
    assert loy["n"].sum() == len(data) and loy["share"].sum() == pytest.approx(100)
    promoters = data["recommend"] >= codebook.thresholds.promoter_min
    assert loy.loc["inferior", "non_positive_promoters"] == int(
        (promoters & (data["repurchase"] < codebook.thresholds.repurchase_weak)).sum())
    tg = t["targeting"].set_index("segment")
    tiers = ["loyalist", "apostle", "love-hate", "inferior"]
    assert (tg[tiers].sum(axis=1) <= tg["n"]).all()
    assert tg["task"].tolist() == seg_t["task"].tolist()
    # every segment has a named segment id of the codebook; the summary is JSON
    assert set(seg_t.index) == {f.segment_id for f in codebook.factors}
    summary = json.loads(json.dumps(segmentation_summary(seg)))
    assert summary["n_factors"] == 5 and summary["kmeans_rows"] == len(data)
    assert summary["k_rule"] == "the number fixed in the settings"
    assert summary["n_respondents"] == len(data) and summary["n_unsegmented"] == 0


def test_cells_under_the_disclosure_threshold_are_blank(seg, codebook):
    low = codebook.thresholds.disclosure_min
    tiers = ["loyalist", "apostle", "love-hate", "inferior"]
    tg = seg.targeting[tiers].to_numpy(dtype=float)
    shown = tg[~np.isnan(tg)]
    assert (shown >= low).all()
    # the generator makes loyalists rare in the lowest-CLS segment: some cell must be blank
    assert np.isnan(tg).any() and seg.targeting["suppressed"].sum() == np.isnan(tg).sum()
    cells = seg.profiles
    assert (cells.loc[~cells["suppressed"], "n"] >= low).all()
    assert cells.loc[cells["suppressed"], ["n", "pct", "adj_resid"]].isna().all().all()


def test_no_blank_cell_can_be_recovered_from_a_published_total(seg):
    """Row totals (segment n) and column totals are published: every blank cell shares its
    row and its column with another blank, so subtraction gives no blank cell away."""
    from csvalue.stats.disclosure import disclosure_safe

    tiers = ["loyalist", "apostle", "love-hate", "inferior"]
    blank = seg.targeting[tiers].isna().to_numpy()
    assert blank.any() and disclosure_safe(blank)
    for _, g in seg.profiles.groupby("variable"):
        mask = g.pivot(index="segment", columns="category", values="suppressed")
        assert disclosure_safe(mask.to_numpy(dtype=bool))
    # no row holds a lone blank, which its total minus the shown cells would give away
    lone = blank.sum(axis=1) == 1
    assert not lone.any(), seg.targeting.loc[lone, ["segment", "n", *tiers]]


def test_above_cluster_sample_max_kmeans_fits_a_sample_and_assigns_everyone(seg, wave, codebook):
    from sklearn.metrics import adjusted_rand_score

    from csvalue.model.segments import segment, segmentation_summary

    data, truth = wave
    small = Settings(n_factors=5, k=5, seed=5, cluster_sample_max=300)
    out = segment(data, simple_scores(data), codebook, small)
    s = segmentation_summary(out)
    assert s["kmeans_rows"] == 300 and s["n_factor_rows"] == len(data)
    assert any("seeded sample of 300" in w for w in out.warnings)
    assert out.assignments["value_segment"].notna().all()
    # the factor model is the full-data one: identical loadings with or without sampling
    pd.testing.assert_frame_equal(out.model.loadings, seg.model.loadings)
    # the sampled centroids give nearly the same partition as the full fit, and the truth
    assert adjusted_rand_score(seg.assignments["value_segment"],
                               out.assignments["value_segment"]) > 0.9
    assert adjusted_rand_score(truth, out.assignments["value_segment"]) > 0.8
    # and it still does not depend on the row order
    perm = np.random.default_rng(4).permutation(len(data))
    again = segment(data.iloc[perm], simple_scores(data).iloc[perm], codebook, small)
    pd.testing.assert_series_equal(again.assignments["value_segment"].sort_index(),
                                   out.assignments["value_segment"])


class _Ctx:
    """The part of ``analyze.WaveContext`` a step uses (data, scores, add, notes)."""

    def __init__(self, data, scores, codebook, settings):
        self.wave, self.data, self.scores = "w1", data, scores
        self.codebook, self.settings = codebook, settings
        self.tables, self.notes = {}, []

    def add(self, name, table):
        self.tables.setdefault(name, []).append(table.assign(wave=self.wave))


def test_segment_step_adds_the_tables_and_the_respondent_columns(wave, seg, codebook):
    from csvalue.model.segments import TABLE_COLUMNS, segment_step

    data, _ = wave
    scores = simple_scores(data).reset_index(drop=True).iloc[::-1]   # another order, same ids
    ctx = _Ctx(data, scores, codebook, FIXED)
    segment_step(ctx)
    assert set(ctx.tables) == set(TABLE_COLUMNS)
    by_id = seg.assignments.set_index("resp_id")
    got = ctx.scores.set_index("resp_id")
    assert got["value_segment"].equals(by_id.loc[got.index, "value_segment"])
    assert got["loyalty_tier"].equals(by_id.loc[got.index, "loyalty_tier"])
    assert ctx.tables["segmentation"][0].loc[0, "n_factors"] == 5


#: Raw column names that must not reach a reader (issue: readable headers in 06 and 07).
RAW = {"cramers_v", "chi2", "disc_type", "cs100", "nps_score", "how_to_serve", "wave_a",
       "ci_low", "p_value", "n_a", "cls", "label", "share", "segment", "task", "target"}


def test_chapter_tables_have_readable_headers(seg, codebook):
    from csvalue.model.segments import segmentation_tables
    from csvalue.report.segments import (loadings_table, profile_test_table, representation,
                                         segment_index_table, targeting_display, tier_display)
    from csvalue.report.tables import format_cells

    t = segmentation_tables(seg)
    tests = profile_test_table(t["segment_profile_tests"], codebook)
    shown = {
        "loadings": loadings_table(t["factors"], codebook),
        "indices": segment_index_table(t["segments"]),
        "tests": format_cells(tests.data)[0].set_axis(tests.display_frame().columns, axis=1),
        "who": representation(t["segment_profiles"], t["segments"], codebook),
        "tiers": tier_display(t["loyalty"]),
        "targeting": targeting_display(t["targeting"], codebook),
    }
    for name, frame in shown.items():
        assert not RAW & set(frame.columns), (name, frame.columns.tolist())
        assert len(frame), name
    idx = shown["indices"]
    assert idx.columns.tolist()[:3] == ["Segment", "n", "Share (%)"]
    assert {"CS [95% CI]", "CLS [95% CI]", "CVI [95% CI]", "NPS [95% CI]"} <= set(idx.columns)
    assert idx["NPS [95% CI]"].str.match("^−?[\\d.]+\xa0\\[−?[\\d.]+,\xa0−?[\\d.]+\\]$").all()
    assert set(shown["who"]["Segment"]) == set(t["segments"]["label"])
    assert shown["tests"]["p"].str.match(r"^(<0\.001|\d\.\d{3})$").all()
    assert shown["loadings"]["Item"].str.contains(r"\(expected (?:benefit|value)\)").all()
    task = shown["targeting"].set_index("Segment")["Task"]
    assert task.str.contains("→|Retain").sum() == t["segments"]["target"].sum()
    assert not task.str.contains("love-hate|apostle|inferior").any()    # labels, not ids
