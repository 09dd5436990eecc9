"""csvalue analyze: every table with its documented columns, the source case's story on the
synthetic waves, fallbacks."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from csvalue.pipeline.analyze import analyze
from csvalue.pipeline.results import write_results
from csvalue.instrument.load import load_wave
from csvalue.instrument.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
WAVES = [ROOT / "csvalue" / "demo" / "waves" / "wave_2024.csv", ROOT / "csvalue" / "demo" / "waves" / "wave_2025.csv"]

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
    "goals": ["wave", "index", "goal", "value", "ci_low", "ci_high", "met", "margin", "grade"],
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

    from csvalue.instrument.codebook import default_codebook_path, parse_codebook

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


# ---------------------------------------------------------------------------------------
# One wave with the problems a real file has: rejected rows, blank divisions, many predictors
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def single(tmp_path_factory, codebook):
    """wave_2025 with 50 blank division cells and two rejected rows, analysed alone with the
    Shapley limit lowered to 6 predictors (so the 7-value models exceed it)."""
    import csvalue.stats.regression

    d = tmp_path_factory.mktemp("single")
    raw = pd.read_csv(WAVES[1], dtype=str, keep_default_na=False)
    raw.loc[:49, "division"] = ""
    raw.loc[60, "cs"] = "3.5"
    raw.loc[70, "b_speed"] = "9"
    path = d / "w.csv"
    raw.to_csv(path, index=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(csvalue.stats.regression, "MAX_SHAPLEY_PREDICTORS", 6)
        res = analyze([load_wave(path, codebook)], codebook, Settings(n_boot=20, k=5),
                      sources=[path])
    out = d / "out"
    write_results(res, out, xlsx=True)
    return res, out, path


def test_rejects_travel_with_the_results_and_are_written_as_validate_writes_them(
        single, run_cli, tmp_path):
    res, out, path = single
    assert res.rejects["2025"][["row", "column", "reason"]].values.tolist() == [
        [62, "cs", "not_a_whole_number"], [72, "b_speed", "out_of_range"]]
    assert res.model["waves"][0]["rejected"] == 2
    # the written model.json names the rejects file written beside it
    assert json.loads((out / "model.json").read_text())["waves"][0]["rejects"] == "rejects_2025.csv"
    r = run_cli("validate", path, "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    assert (out / "rejects_2025.csv").read_bytes() == (tmp_path / "rejects_2025.csv").read_bytes()


def test_every_table_has_its_header_even_when_empty(single):
    from openpyxl import load_workbook

    res, out, _ = single
    changes = pd.read_csv(out / "changes.csv")
    assert changes.empty and changes.columns.tolist()[:4] == ["wave_a", "wave_b", "sample", "index"]
    for csv in out.glob("*.csv"):
        header = csv.read_text(encoding="utf-8").splitlines()[0]
        assert header.count(",") >= 1, csv.name
    sheet = load_workbook(out / "results.xlsx", read_only=True)["changes"]
    assert [c.value for c in next(sheet.iter_rows())][:2] == ["wave_a", "wave_b"]


def test_respondents_without_a_division_get_their_own_scope_not_a_strategy(single):
    res, _, _ = single
    ind = res.indices[res.indices["index"] == "cs"].set_index("scope")
    assert ind.loc["division:(missing)", "n"] == 50
    divs = ind[ind.index.str.startswith("division:")]
    assert divs["n"].sum() == ind.loc["company", "n"]
    assert "division:(missing)" not in set(res.strategy_matrix["scope"])
    assert "division:(missing)" not in set(res.impacts["scope"])
    assert any("50 respondents have no division value" in n and "division:(missing)" in n
               for n in res.model["notes"])


def test_too_many_predictors_leave_shapley_empty_and_say_so(single):
    res, _, _ = single
    imp = res.impacts
    layer1 = imp[(imp["layer"] == 1) & (imp["scope"] == "company")]
    assert layer1["shapley"].isna().all() and layer1["relative_weight"].notna().all()
    layer3 = imp[(imp["layer"] == 3) & (imp["scope"] == "company")]
    assert layer3["shapley"].isna().all()      # 7 benefits > 6 too
    notes = [n for n in res.model["notes"] if "shapley not computed" in n]
    assert any("layer 1, cvi: shapley not computed: 7 predictors > 6" in n for n in notes)


def test_model_json_states_the_missing_answer_policy_per_analysis(single):
    res, out, _ = single
    policy = json.loads((out / "model.json").read_text(encoding="utf-8"))["missing_policy"]
    assert {"indices", "cls", "impacts", "segmentation", "profile"} <= set(policy)
    assert "listwise" in policy["impacts"].lower() and "repurchase and recommend" in policy["cls"]


def test_a_later_wave_reuses_the_base_waves_cls_weights_from_its_model_json(tmp_path, run_cli):
    cfg = tmp_path / "fast.yml"
    cfg.write_text("n_boot: 0\nk: 5\n", encoding="utf-8")
    r = run_cli("analyze", WAVES[0], "--config", cfg, "--out", tmp_path / "r2024")
    assert r.returncode == 0, r.stderr
    base = json.loads((tmp_path / "r2024" / "model.json").read_text(encoding="utf-8"))
    r = run_cli("analyze", WAVES[1], "--config", tmp_path / "r2024" / "model.json",
                "--out", tmp_path / "r2025")
    assert r.returncode == 0, r.stderr
    later = json.loads((tmp_path / "r2025" / "model.json").read_text(encoding="utf-8"))
    assert later["cls_weights"] == base["cls_weights"]
    assert later["cls_weights_source"].startswith("reused from ")
    assert "estimated on the base wave 2024" in later["cls_weights_source"]
    assert later["settings"]["n_boot"] == 0 and later["settings"]["k"] == 5
    # and the 2025 scores use them
    resp = pd.read_csv(tmp_path / "r2025" / "respondents.csv").dropna(subset=["cls"])
    w = base["cls_weights"]
    expected = w["repurchase"] * resp["repurchase100"] + w["recommend"] * resp["recommend100"]
    assert (resp["cls"] - expected).abs().max() < 1e-9


def test_a_division_whose_answers_cannot_carry_its_models_uses_the_company_impacts(tmp_path):
    """One item answered identically by every respondent of a division: that division falls
    back to the company-wide impacts, as a small division does, and the notes say why."""
    from csvalue import load_codebook
    from csvalue.instrument.load import load_wave
    from csvalue.pipeline.analyze import analyze

    cb = load_codebook()
    wave = load_wave(ROOT / "csvalue/demo/waves/wave_2025.csv", cb)
    data = wave.data.copy()
    data.loc[data["division"] == "supplies", "b_price"] = 4.0
    res = analyze([data], cb)
    matrix = res.strategy_matrix
    assert set(matrix.loc[matrix["scope"] == "division:supplies", "impact_source"]) == {"company"}
    assert any("division:supplies: its own impacts cannot be estimated" in n
               for n in res.model["notes"])


def test_fifteen_respondents_are_analysed_not_a_crash(tmp_path):
    import os
    import sys
    from subprocess import run

    small = tmp_path / "small.csv"
    lines = (ROOT / "csvalue/demo/waves/wave_2025.csv").read_text(encoding="utf-8").splitlines()
    small.write_text("\n".join(lines[:16]) + "\n", encoding="utf-8")
    r = run([sys.executable, "-m", "csvalue", "analyze", str(small), "--out", str(tmp_path / "o")],
            capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
