"""Tests of csvalue.report.appendix: codebook tables follow the YAML; data-quality counts by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from csvalue.report.appendix import codebook_tables, quality_table
from csvalue.instrument.codebook import parse_codebook


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


def test_quality_table_by_hand():
    # wave 2025: 100 rows read, 97 accepted, 3 rejected (2 out of range, 1 no id);
    # 12 missing answers, 4 straight-liners. Shares of rows read: 97%, 3%, 2%, 1%, 4%.
    q = pd.DataFrame({
        "wave": "2025",
        "measure": ["rows_read", "accepted", "rejected", "rejected_by_reason",
                    "rejected_by_reason", "missing", "missing", "straightliners"],
        "detail": ["", "", "", "out_of_range", "missing_id", "cs", "b_speed", ""],
        "n": [100, 97, 3, 2, 1, 5, 7, 4]})
    out = quality_table(q)
    assert out["count"].tolist() == [
        "rows read", "accepted", "rejected", "rejected: answer outside its scale",
        "rejected: respondent id missing", "missing answers (accepted rows, all items)",
        "straight-liners (flagged, kept)"]
    assert out["rows"].tolist() == [100, 97, 3, 2, 1, 12, 4]
    shares = out["share"].tolist()
    assert shares[:5] + shares[6:] == pytest.approx([100.0, 97.0, 3.0, 2.0, 1.0, 4.0])
    assert np.isnan(shares[5])


def test_quality_table_from_a_loaded_wave(tmp_path, codebook):
    # a real load: 4 rows, one answer out of scale, one unknown division code
    load = pytest.importorskip("csvalue.instrument.load")
    from csvalue.instrument.synth import generate
    frame = generate(4, seed=3)
    frame.loc[1, "cs"] = 9
    frame.loc[2, "division"] = "mars"
    path = tmp_path / "w.csv"
    frame.to_csv(path, index=False)
    wave = load.load_wave(path, codebook)
    out = quality_table(wave.quality.to_frame()).set_index("count")
    assert out.loc["rows read", "rows"] == 4
    assert out.loc["accepted", "rows"] == 2 and out.loc["rejected", "rows"] == 2
    assert out.loc["rejected: answer outside its scale", "rows"] == 1
    assert out.loc["rejected: category code not in the codebook", "rows"] == 1
    assert out.loc["accepted", "share"] == pytest.approx(50.0)
    with pytest.raises(ValueError, match="columns"):
        quality_table(pd.DataFrame({"n": [1]}))
