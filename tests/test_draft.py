"""The codebook drafted from a survey file (`csvalue init --from`), the hand-checked airline
codebook it should come close to, and the Korean-header CP949 export."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from csvalue.errors import ConfigError
from csvalue.instrument.codebook import load_codebook, parse_codebook
from csvalue.instrument.draft import draft_codebook, init_project
from csvalue.instrument.load import load_wave
from csvalue.model.indices import nps_estimate

ROOT = Path(__file__).resolve().parents[1]
AIRLINE = ROOT / "data/reference/oddjob_airways/survey/airlinesat.csv"
AIRLINE_CB = ROOT / "data/reference/oddjob_airways/codebook.yml"
KOREAN = ROOT / "tests/data/korean_cp949"


def draft(path) -> "Codebook":  # noqa: F821
    text = draft_codebook(path)
    assert "# review:" in text
    return parse_codebook(yaml.safe_load(text), source=f"draft of {path}")


@pytest.fixture(scope="module")
def airline():
    return load_wave(AIRLINE, load_codebook(AIRLINE_CB))


# -- the airline survey ---------------------------------------------------------------------

def test_the_airline_codebook_loads_every_row_with_row_numbers_as_ids(airline):
    cb = load_codebook(AIRLINE_CB)
    assert not cb.has_respondent_id and cb.benefits == () and len(cb.values) == 23
    assert cb.item("recommend").scale == (1, 11) and cb.item("cs").scale == (1, 7)
    q = airline.quality
    assert (q.rows_read, q.accepted, q.rejected) == (1065, 1065, 0) and q.ids_from_rows
    raw = pd.read_csv(AIRLINE)
    # every missing answer counted, under the file's own column
    for item in ("v_a3", "ev_a14", "cs", "recommend"):
        assert q.missing_by_item[item] == raw[cb.item(item).column].isna().sum()
    assert airline.data["division"].value_counts().to_dict() == {
        "economy": 865, "business": 185, "first": 15}


def test_the_airline_indices_match_an_independent_count(airline):
    raw = pd.read_csv(AIRLINE)
    cb = load_codebook(AIRLINE_CB)
    # nps is the 0-10 answer + 1: promoters 10-11, detractors 1-7
    rec = raw["nps"].dropna()
    expected = 100 * ((rec >= 10).mean() - (rec <= 7).mean())
    assert nps_estimate(airline.data["recommend"], cb).nps == pytest.approx(expected)
    assert expected == pytest.approx(-18.12, abs=0.01)
    assert np.allclose(airline.data[["cs", "recommend"]].mean(),
                       raw[["overall_sat", "nps"]].mean())


def test_the_draft_of_the_airline_file_is_close_to_the_hand_checked_codebook():
    hand, drafted = load_codebook(AIRLINE_CB), draft(AIRLINE)
    for cb in (hand, drafted):
        assert not cb.has_respondent_id and cb.benefits == ()
    pairs = lambda cb: {(cb.item(f"v_{v}").column, cb.item(f"ev_{v}").column) for v in cb.values}
    assert pairs(drafted) == pairs(hand)
    for iid in ("cs", "repurchase", "recommend"):
        assert (drafted.item(iid).column, drafted.item(iid).scale) == \
               (hand.item(iid).column, hand.item(iid).scale)
    assert drafted.item("v_a1").scale == hand.item("v_a1").scale == (1, 100)
    assert drafted.thresholds == hand.thresholds
    assert {it.column for it in drafted.block("profile")} == {
        it.column for it in hand.block("profile")}
    w = load_wave(AIRLINE, drafted)
    assert w.quality.accepted == 1065 and not len(w.rejects)


def test_the_draft_of_the_shipped_wave_finds_both_layers_and_every_block():
    cb = draft(ROOT / "csvalue/demo/waves/wave_2025.csv")
    assert len(cb.benefits) == 7 and len(cb.values) == 7
    assert cb.item("b_speed").column == "b_speed" and cb.item("ev_leisure").column == "ev_leisure"
    assert cb.has("division") and cb.has("comp_cs") and cb.has("voc")
    assert len(cb.block("personality")) == 8 and cb.item("recommend").scale == (0, 10)
    w = load_wave(ROOT / "csvalue/demo/waves/wave_2025.csv", cb)
    assert w.quality.accepted == 2000 and not len(w.rejects)


def test_the_draft_of_a_korean_cp949_export_finds_its_pairs():
    cb = draft(KOREAN / "wave_2025_ko.csv")
    assert len(cb.benefits) == 7 and len(cb.values) == 7
    assert cb.item("b_item1").column == "혜택만족_업무편리"
    assert cb.item("cs").column == "전반적만족도" and cb.item("recommend").column == "추천의향"


# -- csvalue init ---------------------------------------------------------------------------

def test_init_writes_the_project_layout(tmp_path, run_cli):
    r = run_cli("init", tmp_path / "demo", "--from", AIRLINE)
    assert r.returncode == 0, r.stderr
    demo = tmp_path / "demo"
    assert sorted(p.name for p in demo.iterdir()) == ["README.md", "codebook.yml", "settings.yml",
                                                      "waves"]
    assert (demo / "waves/airlinesat.csv").read_bytes() == AIRLINE.read_bytes()
    assert load_codebook(demo / "codebook.yml").item("cs").column == "overall_sat"
    from csvalue.instrument.settings import Settings, load_settings
    assert load_settings(demo / "settings.yml") == Settings()
    assert "csvalue build --project" in (demo / "README.md").read_text(encoding="utf-8")
    again = run_cli("init", demo, "--from", AIRLINE)
    assert again.returncode == 2 and "already holds a codebook.yml" in again.stderr


def test_init_without_a_file_starts_from_the_default_instrument(tmp_path):
    demo = init_project(tmp_path / "empty")
    assert load_codebook(demo / "codebook.yml").benefits == load_codebook().benefits
    assert not list((demo / "waves").iterdir())
    with pytest.raises(ConfigError):
        init_project(demo)


# -- the Korean-header CP949 export ---------------------------------------------------------

def test_a_korean_header_cp949_export_loads_as_the_shipped_wave():
    cb = load_codebook(KOREAN / "codebook_ko.yml")
    w = load_wave(KOREAN / "wave_2025_ko.csv", cb)
    assert w.encoding == "cp949" and w.quality.accepted == 400 and not len(w.rejects)
    ref = load_wave(ROOT / "csvalue/demo/waves/wave_2025.csv").data.head(400)
    pd.testing.assert_frame_equal(w.data[ref.columns], ref)
    assert "b_speed ('혜택만족_업무신속')" in w.quality.summary()
