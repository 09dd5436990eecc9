"""Settings: every key checked with a message naming the file, key and value; model.json reuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csvalue.errors import ConfigError
from csvalue.instrument.settings import ROTATIONS, Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
WAVE = ROOT / "csvalue" / "demo" / "waves" / "wave_2025.csv"

#: (settings YAML, words the message must hold besides the file name)
BAD = [
    ("cls_weights: {repurchase: .3, recomend: .7}", ["cls_weights", "'recomend'",
                                                      "did you mean 'recommend'"]),
    ("cvi_weights: {cs: .5, loyalty: .5}", ["cvi_weights", "'loyalty'", "cs", "cls"]),
    ("crosshair: middle", ["crosshair", "'middle'", "'mean', 'scale'"]),
    ("alpha: abc", ["alpha", "'abc'", "between 0 and 1"]),
    ("seed: x", ["seed", "'x'", "whole number"]),
    ("n_boot: -5", ["n_boot", "-5", "≥ 0"]),
    ("cls_weights: {repurchase: .3, recommend: .8}", ["cls_weights", "summing to 1"]),
    ("cls_weights: {repurchase: -0.5, recommend: 1.5}", ["cls_weights.repurchase", "-0.5"]),
    ("alpha: 1.5", ["alpha", "1.5"]),
    ("simulation_paths: some", ["simulation_paths", "significant, all"]),
    ("rotation: varimx", ["rotation", "did you mean 'varimax'"]),
    ("k: 1", ["k", "≥ 2"]),
    ("k_range: [5, 3]", ["k_range", "low ≤ high"]),
    ("n_factors: lots", ["n_factors", "'parallel'"]),
    ("crosshair: [1, two]", ["crosshair", "two numbers"]),
    ("sed: 3", ["unknown key 'sed'", "did you mean 'seed'"]),
    ("- just\n- a list", ["a mapping"]),
]


@pytest.mark.parametrize("text, words", BAD)
def test_a_bad_value_names_the_file_key_value_and_what_is_allowed(text, words, tmp_path):
    path = tmp_path / "my_config.yml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    msg = str(err.value)
    assert msg.startswith(str(path)), msg
    for w in words:
        assert w in msg, (w, msg)


@pytest.mark.parametrize("text, words", BAD[:6])
def test_the_cli_exits_2_without_a_traceback(text, words, tmp_path, run_cli):
    path = tmp_path / "my_config.yml"
    path.write_text(text + "\n", encoding="utf-8")
    r = run_cli("analyze", WAVE, "--config", path, "--out", tmp_path / "out")
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and str(path) in r.stderr and words[0] in r.stderr
    assert not (tmp_path / "out").exists()


def test_good_values_are_normalised(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text("cls_weights: source\ncrosshair: [0.1, 5]\nalpha: 5e-2\nk_range: [2, 4]\n"
                    "n_boot: 0\nrotation: none\nk: 5\n", encoding="utf-8")
    s = load_settings(path)
    assert s.cls_weights == {"repurchase": 0.32, "recommend": 0.68}
    assert s.crosshair == (0.1, 5.0) and s.alpha == 0.05 and s.k_range == (2, 4)
    assert s.n_boot == 0 and s.rotation == "none" and s.k == 5
    assert load_settings(tmp_path / "c.yml", seed=9).seed == 9
    empty = tmp_path / "empty.yml"
    empty.write_text("", encoding="utf-8")
    assert load_settings(empty) == Settings()


def test_settings_built_in_code_are_checked_too():
    with pytest.raises(ConfigError, match="settings: crosshair: got 'middle'"):
        Settings(crosshair="middle")
    with pytest.raises(ConfigError, match="seed"):
        Settings(seed="x")
    # code may pass weights that do not sum to 1: they are normalised where used
    assert Settings(cls_weights={"repurchase": 1, "recommend": 3}).cls_weights == {
        "repurchase": 1.0, "recommend": 3.0}


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="no such settings file"):
        load_settings(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("seed: [1,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(bad)


def test_rotations_match_factor_analyzer():
    from factor_analyzer.rotator import POSSIBLE_ROTATIONS

    assert set(ROTATIONS) == {"none", *POSSIBLE_ROTATIONS}


def test_a_model_json_is_read_as_its_settings_with_its_cls_weights(tmp_path):
    used = {"repurchase": 0.41, "recommend": 0.59}
    model = {"waves": [{"wave": "2024"}], "base_wave": "2024", "cls_weights": used,
             "cls_weights_source": "estimated on the base wave 2024 and reused for later waves",
             "settings": Settings(seed=11, n_boot=10, crosshair=(1, 2)).as_dict(),
             "notes": []}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    s = load_settings(path)
    assert s.cls_weights == used and s.seed == 11 and s.n_boot == 10 and s.crosshair == (1, 2)
    assert s.cls_weights_source == (f"reused from {path}, where they were estimated on the "
                                    "base wave 2024 and reused for later waves")
    # a model.json written by a run that itself reused weights keeps the original source
    model2 = dict(model, settings=s.as_dict(), cls_weights_source="fixed in the settings")
    path2 = tmp_path / "model2.json"
    path2.write_text(json.dumps(model2), encoding="utf-8")
    assert load_settings(path2).cls_weights_source == s.cls_weights_source
    # its recorded settings are checked like any other
    model["settings"]["alpha"] = "abc"
    path.write_text(json.dumps(model), encoding="utf-8")
    with pytest.raises(ConfigError, match="settings recorded by a previous run.*alpha"):
        load_settings(path)
