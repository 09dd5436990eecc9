"""The codebook parser: the default instrument and the variants an analyst maps."""

from __future__ import annotations

import copy

import pytest
import yaml

from csvalue.codebook import default_codebook_path, load_codebook, parse_codebook
from csvalue.errors import CodebookError


@pytest.fixture
def raw():
    return yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))


def test_default_instrument_matches_the_data_contract(codebook):
    assert len(codebook.benefits) == 7 and len(codebook.values) == 7
    assert codebook.upper_value == "leisure"
    assert codebook.value_levels["reassurance"] == "emotional"
    assert codebook.item("recommend").scale == (0.0, 10.0)
    assert codebook.item("b_price").label("ko") == "가격 적당"
    assert codebook.item("division").categories == ("emr", "pms", "supplies")
    assert [f.segment_en for f in codebook.factors][2] == "General majority"
    assert codebook.thresholds.promoter_min == 9 and codebook.goals["nps"] == 10
    # every required column of the contract is a required item
    for col in ["resp_id", "cs", "repurchase", "recommend", "b_convenience", "ev_leisure"]:
        assert codebook.item(col).required
    assert not codebook.item("voc").required and not codebook.item("comp_cs").required


def test_other_column_names_map_to_canonical_ids(raw):
    raw["indices"]["cs"]["column"] = "Q1_overall"
    raw["benefits"]["items"]["speed"]["column"] = "Q7_speed"
    cb = parse_codebook(raw)
    assert cb.item("cs").column == "Q1_overall"
    assert cb.columns["Q7_speed"] == "b_speed"


def test_fewer_items_and_another_scale(raw):
    r = copy.deepcopy(raw)
    r["benefits"]["items"] = dict(list(r["benefits"]["items"].items())[:5])
    r["values"]["items"] = dict(list(r["values"]["items"].items())[:4])
    r["values"]["scale"] = [1, 7]
    r["factors"] = {}
    cb = parse_codebook(r)
    assert len(cb.benefits) == 5 and len(cb.values) == 4
    assert cb.item("v_stability").scale == (1.0, 7.0)
    assert cb.upper_value is None
    assert not cb.has("comp_v_leisure")


def test_no_benefit_layer_and_no_optional_blocks(raw):
    for block in ("benefits", "competitor", "personality", "voc"):
        raw.pop(block)
    raw["factors"] = {}
    cb = parse_codebook(raw)
    assert cb.benefits == () and cb.benefit_cols == []
    assert not cb.block("competitor", "personality", "voc")


@pytest.mark.parametrize("edit, words", [
    (lambda r: r["indices"].pop("cs"), "'cs'"),
    (lambda r: r["values"].__setitem__("scale", [5, 1]), "values.scale"),
    (lambda r: r["thresholds"].__setitem__("promotor_min", 9), "promotor_min"),
    (lambda r: r["factors"]["work_process"]["items"].append("eb_nothing"), "eb_nothing"),
    (lambda r: r["benefits"]["items"]["speed"].__setitem__("column", "cs"), "'cs'"),
])
def test_malformed_codebooks_name_the_entry(raw, edit, words):
    edit(raw)
    with pytest.raises(CodebookError, match=words):
        parse_codebook(raw, source="cb.yml")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CodebookError, match="no such codebook"):
        load_codebook(tmp_path / "nope.yml")
