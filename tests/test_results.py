"""Result folders (csvalue.pipeline.results): written and read back unchanged; reading only
reads; analysing happens only in results_for, and only when the folder does not already hold
the results of exactly these files and settings; one hash and one JSON rule for every writer."""

from __future__ import annotations

import doctest
import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from csvalue.errors import CsvalueError
from csvalue.pipeline import results as results_mod
from csvalue.pipeline.results import (Results, ResultsNotFound, digest, file_sha256,
                                      json_default, read_results, results_for, write_results)


def test_doctests():
    assert doctest.testmod(results_mod).failed == 0


def small_results() -> Results:
    indices = pd.DataFrame({"wave": ["2024", "2025", "2025"],
                            "scope": ["company", "company", "division:emr"],
                            "index": "cvi", "value": [75.2, 76.6, 75.8]})
    segments = pd.DataFrame({"wave": ["2025", "2025"], "segment": ["NA", "work"],
                             "label": ["NA", "Work-value"], "n": [10, 20]})
    respondents = pd.DataFrame({"resp_id": ["C1"], "wave": ["2025"], "cvi": [70.0]})
    return Results({"indices": indices, "segments": segments, "changes": pd.DataFrame(),
                    "respondents": respondents},
                   {"waves": [{"wave": "2024"}, {"wave": "2025"}], "seed": np.int64(7)},
                   {"2025": {"rows_read": 3}})


def test_written_results_read_back_unchanged(tmp_path):
    res = small_results()
    write_results(res, tmp_path)
    back = read_results(tmp_path)
    pd.testing.assert_frame_equal(back.indices, res.indices)
    assert back.indices["wave"].tolist() == ["2024", "2025", "2025"]       # labels, not ints
    assert back.segments["segment"].tolist() == ["NA", "work"]             # "NA" is not missing
    assert list(back.changes.columns)[:3] == ["wave_a", "wave_b", "sample"]  # header kept
    assert "respondents" not in back.tables                                # never loaded
    assert back.model["seed"] == 7 and back.quality == {"2025": {"rows_read": 3}}


def test_reading_only_reads(tmp_path):
    write_results(small_results(), tmp_path)
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}
    read_results(tmp_path)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}
    assert after == before


def test_a_folder_without_results_is_a_plain_error(tmp_path):
    with pytest.raises(ResultsNotFound, match="no analysis results") as err:
        read_results(tmp_path)
    assert isinstance(err.value, CsvalueError) and isinstance(err.value, FileNotFoundError)
    assert str(tmp_path) in str(err.value)


def test_table_by_wave_and_scope():
    res = small_results()
    assert res.table("indices", "2025", "company")["value"].tolist() == [76.6]
    assert res.table("indices", "2025")["scope"].tolist() == ["company", "division:emr"]
    assert res.table("indices", scope="company")["value"].tolist() == [75.2, 76.6]
    assert res.table("segments", "2025", "company")["n"].tolist() == [10, 20]  # no scope column
    assert res.table("indices", "2025").index.tolist() == [0, 1]
    with pytest.raises(KeyError, match="no result table 'nope'"):
        res.table("nope")
    assert res.latest_wave == "2025"


def test_file_hash_is_the_sha256_of_the_bytes(tmp_path):
    p = tmp_path / "wave.csv"
    data = bytes(range(256)) * 10_000            # more than one 1 MiB block
    p.write_bytes(data)
    assert file_sha256(p) == hashlib.sha256(data).hexdigest()
    assert file_sha256(tmp_path / "none.csv", missing_ok=True) is None
    assert file_sha256(None, missing_ok=True) is None
    with pytest.raises(OSError):
        file_sha256(tmp_path / "none.csv")


def test_digest_separates_its_parts():
    assert digest("ab", "c") == hashlib.sha256(b"ab\0c\0").hexdigest()
    assert digest("ab", "c") != digest("a", "bc") and digest(b"x") == digest("x")


def test_one_json_rule():
    out = json.loads(json.dumps({"i": np.int32(3), "f": np.float32(0.5), "nan": np.float32("nan"),
                                 "b": np.bool_(False), "a": np.array([1, 2]),
                                 "s": pd.Series([1.5]), "t": pd.Timestamp("2025-01-02"),
                                 "fs": frozenset({"x"}),
                                 "df": pd.DataFrame({"x": [1]})}, default=json_default))
    assert out == {"i": 3, "f": 0.5, "nan": None, "b": False, "a": [1, 2], "s": [1.5],
                   "t": "2025-01-02 00:00:00", "fs": ["x"], "df": [{"x": 1}]}
    with pytest.raises(TypeError, match="cannot write"):
        json.dumps({"x": object()}, default=json_default)


def test_the_database_and_the_build_use_the_same_helpers():
    from csvalue.build import book
    from csvalue.pipeline import analyze, database

    assert database.file_sha256 is file_sha256 and database.json_default is json_default
    assert book._sha is digest and analyze.file_sha256 is file_sha256
    assert not hasattr(analyze, "_sha256") and not hasattr(analyze, "_json_default")


def test_results_for_analyses_a_chapters_own_waves_once(tmp_path):
    """A chapter run on its own gets its waves analysed; results of exactly those files are
    reused, results of other files or other settings are replaced."""
    from csvalue.instrument.synth import generate, write_csv

    a = write_csv(generate(400, seed=1, wave="2024"), tmp_path / "a.csv")
    b = write_csv(generate(400, seed=2, wave="2025"), tmp_path / "b.csv")
    cfg = tmp_path / "settings.yml"
    cfg.write_text("n_boot: 20\n")                               # a quick analysis
    out = tmp_path / "results"
    assert results_for(out, [a], config=cfg).latest_wave == "2024"
    stamp = (out / "model.json").stat().st_mtime_ns
    assert results_for(out, str(a), config=cfg).latest_wave == "2024"
    assert (out / "model.json").stat().st_mtime_ns == stamp        # reused, not re-analysed
    assert results_for(out).latest_wave == "2024"                 # no waves: only reads
    assert results_for(out, [a, b], config=cfg).latest_wave == "2025"  # other files: analysed
    stamp = (out / "model.json").stat().st_mtime_ns
    results_for(out, [a, b], config=cfg, seed=7)                  # other settings: analysed
    assert (out / "model.json").stat().st_mtime_ns != stamp
    assert json.loads((out / "model.json").read_text())["seed"] == 7
    with pytest.raises(ResultsNotFound):
        results_for(tmp_path / "empty")
