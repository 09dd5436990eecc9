"""The summary's story, the goals-and-plan chapter and the targeting sentences, from one
analysis of a synthetic wave pair."""

from __future__ import annotations

import pandas as pd
import pytest

from csvalue import report as r
from csvalue.instrument.settings import load_settings
from csvalue.instrument.synth import generate
from csvalue.pipeline.analyze import analyze
from csvalue.pipeline.results import Results


@pytest.fixture(scope="module")
def res(codebook):
    a, b = generate(900, seed=21).assign(wave="2024"), generate(900, seed=22).assign(wave="2025")
    return analyze([a, b], codebook, load_settings(n_boot=0, k=5, n_factors=5))


def test_scorecard_rows_and_arrows(res, codebook):
    t = r.scorecard(res, "2025", codebook).display_frame().set_index("Index")
    assert list(t.index[:3]) == ["CVI", "CLS", "NPS"]
    ch = res.changes[(res.changes["sample"] == "all")].set_index("index")
    for k, label in (("cvi", "CVI"), ("nps", "NPS")):
        arrow = t.loc[label, "Change"][0]
        significant = ch.loc[k, "p_value"] < 0.05
        assert arrow == ("◆" if not significant else "▲" if ch.loc[k, "change"] > 0 else "▼")


@pytest.mark.parametrize("nps, word", [(3.0, "below average"), (5.0, "average"),
                                       (10.0, "average"), (12.0, "above average")])
def test_nps_is_read_against_the_norm_from_the_settings(nps, word):
    res = Results({"indices": pd.DataFrame({"wave": "1", "scope": "company", "index": ["nps"],
                                            "value": [nps]})},
                  {"settings": {"nps_norm": [5.0, 10.0]}})
    assert r.nps_norm_sentence(res, "1").endswith(f"the company is {word}.")


def test_the_story_cites_the_results(res, codebook):
    text = r.story_markdown(res, codebook, "2025")
    plan = res.table("action_plan", "2025", "company")
    first = plan.loc[plan["action"] != "", "benefit"].iloc[0]
    assert codebook.label(first, "en").lower() in text.lower()
    assert "csvalue" not in text and "_" not in text.replace("\\_", "")


def test_shortfalls_are_groups_wholly_below_a_goal(res, codebook):
    ind = res.table("indices", "2025")
    goal = res.model["goals"]["nps"]
    below = ind[(ind["index"] == "nps") & (ind["ci_high"] < goal) & (ind["scope"] != "company")]
    text = " ".join(r.shortfall_sentences(res, "2025", codebook))
    for scope in below["scope"]:
        if not scope.endswith(":(missing)"):
            assert r.lower_first(r.scope_label(scope, codebook)) in text


def test_each_target_has_a_sentence_and_each_segment_a_portrait(res, codebook):
    targets = res.table("targeting", "2025")
    assert len(r.target_sentences(res, "2025", codebook)) == int(targets["target"].sum())
    portraits = r.portrait_sentences(res, "2025", codebook)
    labels = res.table("segments", "2025")["label"]
    assert [p.split(" (")[0] for p in portraits] == labels.tolist()


def test_plan_chapter_tables(res, codebook):
    path = r.goal_path_table(res, "2025", codebook).display_frame()
    assert set(path["Status"]) <= {"met already", "reached", "not reachable within the caps"}
    plan = r.plan_table(res, "2025", codebook).display_frame()
    assert len(plan) and (plan["Initiative"] != "–").all()
    facts = r.plan_facts(res, "2025", codebook)
    assert facts["cap_text"] == "10.0 points" and facts["catalogue_note"]
