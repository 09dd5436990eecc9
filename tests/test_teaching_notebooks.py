"""Execute each teaching chapter and appendix notebook (papermill, a small wave) and check its
glued numbers: every glue is a plain Python number, and the worked examples glue the values
tested by hand in tests/test_teaching.py."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
papermill = pytest.importorskip("papermill")
pytestmark = pytest.mark.slow  # each test starts a kernel (~5 s)


def small_wave(path: Path, codebook, n: int = 60, seed: int = 5) -> Path:
    """A valid wave of ``n`` respondents in the codebook's file columns (random answers)."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {}
    for it in codebook.items:
        if it.kind == "scale":
            lo, hi = it.scale
            cols[it.column] = rng.integers(int(lo), int(hi) + 1, n).astype(float)
        elif it.kind == "category":
            cols[it.column] = rng.choice(list(it.categories), n)
        elif it.kind == "numeric":
            cols[it.column] = rng.integers(0, 20, n)
    cols[codebook.item("resp_id").column] = [f"T{i:04d}" for i in range(n)]
    if codebook.has("wave"):
        cols[codebook.item("wave").column] = "test"
    if codebook.has("voc"):
        cols[codebook.item("voc").column] = ""
    pd.DataFrame(cols).to_csv(path, index=False)
    return path


def run(name: str, tmp_path: Path, monkeypatch, **params) -> dict[str, str]:
    """Execute notebooks/<name>.md; return {glue key: text/plain of the glued value}."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    src = tmp_path / f"{name}.ipynb"
    nbformat.write(jupytext.read(ROOT / "csvalue" / "book" / "notebooks" / f"{name}.md"), src)
    out = tmp_path / f"{name}.out.ipynb"
    papermill.execute_notebook(str(src), str(out), parameters=params, kernel_name="python3",
                               progress_bar=False, cwd=str(tmp_path))
    glued = {}
    for cell in nbformat.read(out, as_version=4).cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("scrapbook")
            if meta:
                glued[meta["name"]] = o["data"].get(meta.get("mime_prefix", "") + "text/plain", "")
    return glued


def assert_plain_numbers(glued: dict[str, str]) -> None:
    for key, text in glued.items():
        if key.endswith("_text"):  # a glued phrase, e.g. "2 waves"
            continue
        assert "np." not in text and "numpy" not in text, f"{key} glued a numpy scalar: {text}"
        float(text)  # every glued value here is a number


@pytest.fixture
def wave(tmp_path, codebook):
    return str(small_wave(tmp_path / "wave_test.csv", codebook))


def test_satisfaction_chapter_runs(tmp_path, monkeypatch, wave):
    g = run("11_concept_satisfaction", tmp_path, monkeypatch, wave=wave)
    assert_plain_numbers(g)
    assert float(g["cs_wave_n"]) == 60
    shares = [float(g[f"cs_wave_{k}"]) for k in ("dis", "sat", "del")]
    assert sum(shares) == pytest.approx(100)
    assert float(g["cs_oj_n"]) == 1065


def test_service_quality_chapter_runs(tmp_path, monkeypatch, wave):
    g = run("12_concept_service_quality", tmp_path, monkeypatch, wave=wave)
    assert_plain_numbers(g)
    assert float(g["sq_gap_reliability"]) == pytest.approx(-1.75)
    assert float(g["sq_overall"]) == pytest.approx(-0.60)
    assert float(g["sq_weighted"]) == pytest.approx(-0.84)


def test_retention_chapter_runs(tmp_path, monkeypatch, wave):
    g = run("15_concept_retention", tmp_path, monkeypatch, wave=wave)
    assert_plain_numbers(g)
    assert float(g["ret_clv_low"]) == pytest.approx(800 / 3)
    assert float(g["ret_clv_high"]) == pytest.approx(340.0)
    assert float(g["ret_gain_pct"]) == pytest.approx(27.5)


def test_nps_chapter_runs(tmp_path, monkeypatch, wave):
    g = run("16_concept_nps", tmp_path, monkeypatch, wave=wave)
    assert_plain_numbers(g)
    assert float(g["nps_ex_nps"]) == pytest.approx(15.0)
    assert float(g["nps_ex_se"]) == pytest.approx(17.713, abs=1e-3)
    assert float(g["nps_oj_nps"]) == pytest.approx(-193 / 1065 * 100)
    assert float(g["nps_w_n"]) == 60


def test_codebook_appendix_runs_on_an_edited_codebook(tmp_path, monkeypatch, wave, codebook):
    import yaml
    raw = yaml.safe_load(open(codebook.source, encoding="utf-8"))
    del raw["benefits"], raw["factors"]
    path = tmp_path / "cb.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    g = run("91_appendix_codebook", tmp_path, monkeypatch, wave=wave, codebook=str(path))
    assert_plain_numbers(g)
    assert float(g["cb_n_benefits"]) == 0


def test_data_quality_appendix_runs_on_loaded_waves(tmp_path, monkeypatch, codebook):
    pytest.importorskip("csvalue.instrument.load")
    from csvalue.instrument.synth import generate
    frame = generate(40, seed=2)
    frame.loc[3, "cs"] = 7                       # outside 1–5: this row is rejected
    path = tmp_path / "w.csv"
    frame.to_csv(path, index=False)
    g = run("92_appendix_data_quality", tmp_path, monkeypatch, wave=[str(path), str(path)])
    assert_plain_numbers(g)
    # the same file twice: 2 × 40 rows read, 2 × 1 rejected
    assert float(g["dq_read"]) == 80 and float(g["dq_rejected"]) == 2
    assert float(g["dq_rejected_pct"]) == pytest.approx(2.5)


def test_data_quality_appendix_reads_the_analysis_quality_csv(tmp_path, monkeypatch, codebook):
    # the counts of `csvalue analyze` (quality.csv) are used as they are: no wave is reloaded
    res = tmp_path / "results"
    res.mkdir()
    pd.DataFrame({"wave": ["2024"] * 4 + ["2025"] * 3,
                  "measure": ["rows_read", "accepted", "rejected", "rejected_by_reason",
                              "rows_read", "accepted", "rejected"],
                  "detail": ["", "", "", "out_of_range", "", "", ""],
                  "n": [50, 45, 5, 5, 30, 30, 0]}).to_csv(res / "quality.csv", index=False)
    g = run("92_appendix_data_quality", tmp_path, monkeypatch,
            wave=str(tmp_path / "no_such_file.csv"), results_dir=str(res))
    # 50 + 30 rows read, 45 + 30 accepted, 5 rejected = 5/80 = 6.25%
    assert float(g["dq_waves"]) == 2 and float(g["dq_read"]) == 80
    assert float(g["dq_rejected"]) == 5
    assert float(g["dq_rejected_pct"]) == pytest.approx(6.25)
