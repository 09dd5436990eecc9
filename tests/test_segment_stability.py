"""Segment membership stability in the segment table and on the page (aggregate only)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import load_codebook
from csvalue.instrument.settings import Settings
from csvalue.instrument.synth import generate
from csvalue.model.indices import respondent_scores
from csvalue.model.segments import MEMBERSHIP_RESAMPLES, segment
from csvalue.pipeline.results import Results
from csvalue.report.segment_checks import firmness_sentence
from csvalue.stats.cluster import membership_stability


def test_segment_table_carries_stability_and_borderline_shares():
    cb, st, data = load_codebook(), Settings(n_factors=5, k=4, n_boot=40), generate(500, seed=4)
    seg = segment(data, respondent_scores(data, cb, st), cb, st)
    t = seg.segments
    assert ((t["stability"] > 0.5) & (t["stability"] <= 1)).all()
    assert ((t["borderline"] >= 0) & (t["borderline"] <= 1)).all()
    assert (t["stability_resamples"] == 40).all()
    # the segment's borderline share is its members' share below the threshold (recomputed)
    fs = seg.model.scores(data).to_numpy()
    labels = np.full(len(data), -1)
    codes = {s: i for i, s in enumerate(t["segment"])}
    a = seg.assignments["value_segment"]
    labels[a.notna().to_numpy()] = [codes[s] for s in a.dropna()]
    centers = seg.centroids.loc[t["segment"]].to_numpy()
    firm = membership_stability(fs, labels, centers, 40, st.seed, st.cluster_sample_max)
    # refitting from the centroids in segment order gives the same shares (the matching
    # undoes any relabelling)
    for i, r in enumerate(t.itertuples()):
        mine = firm[labels == i]
        assert r.stability == np.mean(mine) or abs(r.stability - np.mean(mine)) < 1e-12
        assert abs(r.borderline - np.mean(mine < st.stability_threshold)) < 1e-12
    res = Results({"segments": t.assign(wave="2025")}, {"settings": st.as_dict()})
    text = firmness_sentence(res, "2025")
    assert text.startswith("Refitted on 40 bootstrap resamples") and "resp_id" not in text


def test_no_resamples_no_stability_and_no_sentence():
    cb, st, data = load_codebook(), Settings(n_factors=5, k=3, n_boot=0), generate(300, seed=2)
    t = segment(data, respondent_scores(data, cb, st), cb, st).segments
    assert t["stability"].isna().all() and (t["stability_resamples"] == 0).all()
    assert firmness_sentence(Results({"segments": t.assign(wave="x")}, {}), "x") is None
    assert MEMBERSHIP_RESAMPLES == 100
