"""The codebook parser: the default instrument and the variants an analyst maps."""

from __future__ import annotations

import copy

import pytest
import yaml

from csvalue.instrument.codebook import default_codebook_path, load_codebook, parse_codebook
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
    (lambda r: r["thresholds"].__setitem__("promoter_min", "nine"),
     r"thresholds.promoter_min: must be a number on the scale of recommend \(0–10\); got 'nine'"),
    (lambda r: r["thresholds"].__setitem__("promoter_min", 11), "promoter_min.*0–10.*11"),
    (lambda r: r["thresholds"].__setitem__("repurchase_strong", 6), "repurchase_strong.*1–5"),
    (lambda r: r["thresholds"].__setitem__("small_base", "thirty"), "small_base.*whole number"),
    (lambda r: r["thresholds"].__setitem__("disclosure_min", -1), "disclosure_min.*-1"),
    (lambda r: r.__setitem__("tresholds", {}), "tresholds: unknown block.*'thresholds'"),
    (lambda r: r["goals"].__setitem__("cvl", 70), "goals.cvl.*did you mean 'cvi'"),
    (lambda r: r["goals"].__setitem__("nps", "ten"), "goals.nps.*-100 to 100.*'ten'"),
    (lambda r: r["goals"].__setitem__("cvi", 120), "goals.cvi.*0 to 100.*120"),
    (lambda r: r["profile"]["tenure_years"]["bands"].__setitem__("edges", [0, "five", 60]),
     "profile.tenure_years.bands.edges.*'five'"),
    (lambda r: r["profile"]["tenure_years"]["bands"].__setitem__("edges", [0, 60, 5]),
     "increasing"),
    (lambda r: r["profile"].__setitem__("division", "emr"), "profile.division: must be a mapping"),
    (lambda r: r["values"].__setitem__("integer", "no"), "values.integer: must be true or false"),
    (lambda r: r["indices"].__setitem__("cs", {"scale": "1-5"}), r"indices.cs.scale.*\[min, max\]"),
    (lambda r: r["values"]["items"]["leisure"].__setitem__("level", "top"), "level must be one of"),
    (lambda r: r["personality"]["items"]["disc_d1"].__setitem__("subscale", "X"), "D, I, S or C"),
])
def test_malformed_codebooks_name_the_entry(raw, edit, words):
    edit(raw)
    with pytest.raises(CodebookError, match=words):
        parse_codebook(raw, source="cb.yml")


def test_answers_are_whole_numbers_unless_the_codebook_says_otherwise(raw, codebook):
    assert codebook.item("b_speed").integer and codebook.item("recommend").integer
    assert codebook.item("comp_cs").integer and codebook.item("disc_d1").integer
    assert not codebook.item("tenure_years").integer
    raw["values"]["integer"] = False
    raw["values"]["items"]["leisure"]["integer"] = True
    raw["indices"]["recommend"]["integer"] = False
    cb = parse_codebook(raw)
    assert not cb.item("v_stability").integer and not cb.item("ev_stability").integer
    assert cb.item("v_leisure").integer and cb.item("b_speed").integer
    assert not cb.item("recommend").integer


def test_a_bad_codebook_through_the_cli_exits_2_without_a_traceback(raw, tmp_path, run_cli):
    raw["thresholds"]["promoter_min"] = "nine"
    path = tmp_path / "my_codebook.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    r = run_cli("validate", "csvalue/demo/waves/wave_2025.csv", "--codebook", path, "--out", tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    line = path.read_text(encoding="utf-8").splitlines().index("  promoter_min: nine") + 1
    assert f"{path}: line {line}: thresholds.promoter_min" in r.stderr and "'nine'" in r.stderr


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CodebookError, match="no such codebook"):
        load_codebook(tmp_path / "nope.yml")
