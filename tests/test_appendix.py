"""Tests of csvalue.appendix: codebook tables follow the YAML; data-quality counts by hand."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from csvalue.appendix import codebook_tables, quality_summary
from csvalue.codebook import parse_codebook


def test_codebook_tables_cover_every_item(codebook):
    tabs = codebook_tables(codebook)
    listed = {x.replace(" (optional)", "") for x in tabs["profile"]["item"]}
    listed |= set(tabs["indices"]["item"])
    listed |= set(tabs["benefits"]["satisfaction"]) | set(tabs["benefits"]["expectation"])
    listed |= set(tabs["values"]["satisfaction"]) | set(tabs["values"]["expectation"])
    for block in ("competitor", "personality", "voc"):
        listed |= set(tabs[block]["item"])
    # default codebook: file column == canonical id, so every item appears exactly once
    assert listed == {it.id for it in codebook.items}
    assert len(tabs["benefits"]) == len(codebook.benefits)
    assert tabs["values"].set_index("id").loc["leisure", "level"] == "terminal (upper)"
    assert tabs["goals"]["goal (at least)"].tolist() == [float(v) for v in codebook.goals.values()]
    assert len(tabs["loyalty_tiers"]) == 4


def test_codebook_tables_follow_an_edited_codebook(codebook):
    raw = yaml.safe_load(open(codebook.source, encoding="utf-8"))
    raw["indices"]["cs"]["column"] = "Q1_overall"
    raw["values"]["items"]["stability"]["label_en"] = "Running smoothly"
    del raw["benefits"], raw["factors"], raw["competitor"]
    tabs = codebook_tables(parse_codebook(raw))
    assert "benefits" not in tabs and "competitor" not in tabs and "factors" not in tabs
    assert "cs (file: Q1_overall)" in tabs["indices"]["item"].tolist()
    assert tabs["values"].set_index("id").loc["stability", "English"] == "Running smoothly"


def test_quality_summary_by_hand():
    # row 4 has two problems (both "out of scale"), row 9 one, row 12 two different reasons
    rej = pd.DataFrame({
        "file": ["w.csv"] * 5, "row": [4, 4, 9, 12, 12],
        "column": ["cs", "recommend", "resp_id", "cs", "region"],
        "value": ["9", "11", "r1", "0", "mars"],
        "reason": ["out of scale", "out of scale", "duplicate id", "out of scale", "unknown code"],
    })
    out = quality_summary(rej, accepted=97)
    # distinct rejected rows: 4, 9, 12 → 3; rows read = 97 + 3 = 100
    # by reason: out of scale rows {4, 12} = 2, duplicate id {9} = 1, unknown code {12} = 1
    assert out["status"].tolist() == ["accepted", "rejected", "rejected", "rejected", "rejected"]
    assert out["reason"].tolist()[1] == "out of scale"
    assert out["rows"].tolist() == [97, 2, 1, 1, 3]
    assert out["share"].tolist() == pytest.approx([97.0, 2.0, 1.0, 1.0, 3.0])


def test_quality_summary_without_rejects():
    empty = pd.DataFrame(columns=["file", "row", "column", "value", "reason"])
    out = quality_summary(empty, accepted=50)
    assert out["rows"].tolist() == [50, 0]
    assert out["share"].tolist() == [100.0, 0.0]
    with pytest.raises(ValueError, match="columns"):
        quality_summary(pd.DataFrame({"row": [1]}), 1)
