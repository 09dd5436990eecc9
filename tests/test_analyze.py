"""csvalue analyze: every table with its documented columns, the DESIGN §4 story, fallbacks."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from csvalue.analyze import analyze, write_results
from csvalue.load import load_wave
from csvalue.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
WAVES = [ROOT / "data" / "waves" / "wave_2024.csv", ROOT / "data" / "waves" / "wave_2025.csv"]

COLUMNS = {
    "indices": ["wave", "scope", "index", "value", "se", "ci_low", "ci_high", "n", "flag"],
    "impacts": ["wave", "scope", "layer", "outcome", "predictor", "beta", "b", "se", "p_value",
                "impact", "relative_weight", "shapley", "ci_low", "ci_high", "vif", "r2", "n"],
    "strategy_matrix": ["wave", "scope", "value", "importance", "gap", "quadrant", "priority"],
    "errc": ["wave", "scope", "value", "benefit", "impact", "satisfaction", "action"],
    "respondents": ["resp_id", "wave", "cs100", "repurchase100", "recommend100", "nps_score",
                    "cls", "cvi", "value_segment", "loyalty_tier"],
    "factors": ["item", "factor", "loading", "communality"],
    "segments": ["segment", "n", "share", "dominant_factor", "cs", "cls", "cvi", "nps", "target",
                 "task"],
    "loyalty": ["tier", "n", "share"],
    "value_proposition": ["wave", "scope", "value"],
    "simulation": ["wave", "scope", "benefit"],
    "changes": ["wave_a", "wave_b", "index", "change", "p_value"],
    "targeting": ["wave"],
    "quality": ["wave", "measure", "detail", "n"],
}
STORY = {"efficiency": "improve", "stability": "improve", "confidence": "improve",
         "reassurance": "strengthen", "relationship": "discover", "revenue": "discover",
         "leisure": "differentiate"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    from subprocess import run
    import os
    import sys

    d = tmp_path_factory.mktemp("results")
    r = run([sys.executable, "-m", "csvalue", "analyze", *map(str, WAVES), "--out", str(d),
             "--xlsx"], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
            capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return d


def test_every_table_is_written_with_its_columns(out):
    for name, cols in COLUMNS.items():
        t = pd.read_csv(out / f"{name}.csv")
        missing = [c for c in cols if c not in t.columns]
        assert not missing, (name, missing)
        assert len(t), name
    model = json.loads((out / "model.json").read_text())
    assert set(model) >= {"cls_weights", "thresholds", "seed", "versions", "waves"}
    assert [w["wave"] for w in model["waves"]] == ["2024", "2025"]
    assert all(w["sha256"] for w in model["waves"])
    assert (out / "results.xlsx").exists()


def test_the_latest_wave_tells_the_design_story(out):
    m = pd.read_csv(out / "strategy_matrix.csv", dtype={"wave": str})
    m = m[(m["wave"] == "2025") & (m["scope"] == "company")].set_index("value")["quadrant"]
    assert m.to_dict() == STORY
    ind = pd.read_csv(out / "indices.csv", dtype={"wave": str})
    comp = ind[(ind["wave"] == "2025") & (ind["scope"] == "company")].set_index("index")["value"]
    assert 76 <= comp["cvi"] <= 78 and 75 <= comp["cls"] <= 77 and 5 <= comp["nps"] <= 9


def test_respondents_have_segments_and_tiers(out):
    r = pd.read_csv(out / "respondents.csv", dtype={"wave": str})
    assert len(r) == 4000
    assert set(r["loyalty_tier"].dropna()) == {"loyalist", "apostle", "love-hate", "inferior"}
    assert r["value_segment"].notna().mean() > 0.9


def test_small_divisions_use_company_impacts_and_say_so(codebook):
    w = load_wave(WAVES[1], codebook)
    data = w.data.copy()
    keep = data.index[(data["division"] != "supplies").to_numpy()].tolist()
    keep += data.index[(data["division"] == "supplies").to_numpy()][:60].tolist()
    res = analyze([data.loc[sorted(keep)]], codebook, Settings(n_boot=50))
    m = res.strategy_matrix.drop_duplicates("scope").set_index("scope")["impact_source"]
    assert m["division:supplies"] == "company" and m["division:emr"] == "own"
    assert any("division:supplies has n = 60" in n for n in res.model["notes"])
    assert "division:supplies" not in set(res.impacts["scope"])


def test_same_input_same_output(tmp_path, codebook):
    w = load_wave(WAVES[1], codebook)
    st = Settings(n_boot=100)
    a = write_results(analyze([w], codebook, st), tmp_path / "a")
    b = write_results(analyze([w], codebook, st), tmp_path / "b")
    for fa, fb in zip(sorted(a), sorted(b)):
        if fa.name != "model.json":
            assert fa.read_bytes() == fb.read_bytes(), fa.name


def test_an_instrument_without_benefits_still_analyses(tmp_path):
    import copy

    import yaml

    from csvalue.codebook import default_codebook_path, parse_codebook

    raw = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    raw.pop("benefits")
    raw["factors"] = {k: v for k, v in raw["factors"].items()
                      if all(i.startswith("ev_") for i in v["items"])}
    cb = parse_codebook(raw, "no-benefits")
    data = pd.read_csv(WAVES[1], dtype={"wave": str, "resp_id": str})
    data = data.drop(columns=[c for c in data if c.startswith(("b_", "eb_"))])
    path = tmp_path / "nob.csv"
    data.to_csv(path, index=False)
    res = analyze([load_wave(path, cb)], cb, Settings(n_boot=50))
    assert set(res.impacts["layer"]) == {1, 2, 4}
    assert res.errc.empty and res.simulation.empty
    assert len(res.strategy_matrix)
