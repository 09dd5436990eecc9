"""Loading: every format and encoding gives the same frame; every bad-input rule is explained."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings as hsettings, strategies as st

from csvalue.instrument.codebook import default_codebook_path, parse_codebook
from csvalue.errors import DataError
from csvalue.instrument.load import (REJECT_COLUMNS, load_wave, load_waves, rejects_name, require_accepted,
                          straightline_items, write_rejects)
from csvalue.instrument.synth import generate

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "csvalue" / "demo" / "waves" / "wave_2025.csv"


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    """A small wave as a user's file would hold it (Korean free text included)."""
    d = generate(60, seed=4)
    d.loc[3, "voc"] = "청구 화면이 느려요"
    return d


def write(frame: pd.DataFrame, path: Path, **kw) -> Path:
    frame.to_csv(path, index=False, **kw)
    return path


def test_every_format_and_encoding_loads_the_same_frame(small, tmp_path, codebook):
    import pyreadstat

    ref = load_wave(write(small, tmp_path / "w.csv"), codebook)
    assert ref.encoding == "utf-8" and ref.quality.rejected == 0
    files = {
        "utf-8-sig": write(small, tmp_path / "bom.csv", encoding="utf-8-sig"),
        "cp949": write(small, tmp_path / "kr.csv", encoding="cp949"),
        "excel": tmp_path / "w.xlsx",
        "parquet": tmp_path / "w.parquet",
        "spss": tmp_path / "w.sav",
    }
    small.to_excel(files["excel"], index=False)
    small.to_parquet(files["parquet"], index=False)
    # SPSS: categories stored as labelled numeric codes, as SPSS users keep them
    sav = small.copy()
    labels = {}
    for cat in ("division", "customer_type", "region", "age_band", "volume", "maintenance"):
        item = codebook.item(cat)
        code_of = {c: i + 1 for i, c in enumerate(item.categories)}
        sav[cat] = sav[cat].map(code_of).astype(float)
        labels[cat] = {i + 1: en for i, (c, en, ko) in enumerate(item.category_labels)}
    sav["wave"] = sav["wave"].astype(str)
    sav["voc"] = sav["voc"].fillna("")
    pyreadstat.write_sav(sav, str(files["spss"]), variable_value_labels=labels)
    for enc, path in files.items():
        w = load_wave(path, codebook)
        assert w.encoding == enc, path
        pd.testing.assert_frame_equal(w.data, ref.data, check_dtype=False, obj=str(path))


def test_shipped_wave_copies_load_to_the_same_frame(tmp_path, codebook):
    ref = load_wave(SHIPPED, codebook)
    raw = pd.read_csv(SHIPPED, dtype=str, keep_default_na=False)
    cp = tmp_path / "wave_2025_cp949.csv"
    raw.to_csv(cp, index=False, encoding="cp949")
    xl = tmp_path / "wave_2025.xlsx"
    raw.to_excel(xl, index=False)
    for path in (cp, xl):
        pd.testing.assert_frame_equal(load_wave(path, codebook).data, ref.data,
                                      check_dtype=False)


def test_one_out_of_range_answer_rejects_exactly_that_row_and_column(small, tmp_path, codebook):
    bad = small.astype(object).copy()
    bad.loc[10, "v_stability"] = 7
    w = load_wave(write(bad, tmp_path / "w.csv"), codebook)
    assert w.quality.rows_read == 60 and w.quality.accepted == 59 and w.quality.rejected == 1
    assert list(w.rejects.columns) == REJECT_COLUMNS
    r = w.rejects.iloc[0]
    assert (r["row"], r["column"], r["value"], r["reason"]) == (12, "v_stability", "7", "out_of_range")
    assert r["resp_id"] == small.loc[10, "resp_id"]
    assert w.quality.rejected_by_reason == {"out_of_range": 1}


def test_row_problems_each_get_a_reason_and_the_row_counts_once(small, tmp_path, codebook):
    bad = small.astype(object).copy()
    bad.loc[0, "division"] = "dental"          # unknown category
    bad.loc[0, "cs"] = "very good"             # not a number, same row
    bad.loc[1, "recommend"] = 11               # out of range on 0–10
    bad.loc[2, "resp_id"] = ""                 # missing id
    w = load_wave(write(bad, tmp_path / "w.csv"), codebook)
    assert w.quality.rejected == 3 and w.quality.accepted == 57
    assert set(zip(w.rejects["row"], w.rejects["reason"])) == {
        (2, "unknown_category"), (2, "not_a_number"), (3, "out_of_range"), (4, "missing_id")}
    assert w.quality.rows_read == w.quality.accepted + w.quality.rejected


def test_categories_match_codes_and_labels_in_any_case(small, tmp_path, codebook):
    d = small.astype(object).copy()
    d.loc[0, "division"] = "EMR"
    d.loc[1, "division"] = "약국관리 프로그램"
    d.loc[2, "maintenance"] = " Premium "
    w = load_wave(write(d, tmp_path / "w.csv"), codebook)
    assert w.quality.rejected == 0
    assert w.data.loc[:2, "division"].tolist()[:2] == ["emr", "pms"]
    assert w.data.loc[2, "maintenance"] == "premium"


@pytest.mark.parametrize("case, message", [
    ("missing_file", "no such file"),
    ("empty", "is empty"),
    ("no_cs", "'cs'"),
    ("duplicate_ids", "duplicate respondent ids"),
    ("text_column", "'v_leisure'"),
    ("undecodable", "neither UTF-8 nor CP949"),
    ("header_only", "no respondent rows"),
])
def test_file_level_problems_fail_with_a_named_cause(case, message, small, tmp_path, codebook):
    path = tmp_path / "w.csv"
    if case == "empty":
        path.write_bytes(b"")
    elif case == "no_cs":
        write(small.drop(columns="cs"), path)
    elif case == "duplicate_ids":
        d = small.copy()
        d.loc[5, "resp_id"] = d.loc[2, "resp_id"]
        write(d, path)
    elif case == "text_column":
        d = small.astype(object).copy()
        d["v_leisure"] = "good"
        write(d, path)
    elif case == "undecodable":
        path.write_bytes(b"resp_id,cs\n\xff\xfe\xfa\xfb,3\n")
    elif case == "header_only":
        write(small.head(0), path)
    with pytest.raises(DataError, match=message) as err:
        load_wave(path, codebook)
    assert str(path) in str(err.value)
    if case == "duplicate_ids":
        assert "rows 4, 7" in str(err.value)
    if case == "text_column":
        assert "row 2 'good'" in str(err.value)


def test_cli_validate_prints_the_summary_and_writes_rejects(small, tmp_path, run_cli):
    bad = small.astype(object).copy()
    bad.loc[4, "b_speed"] = 9
    path = write(bad, tmp_path / "w.csv")
    out = tmp_path / "out"
    r = run_cli("validate", path, "--out", out)
    assert r.returncode == 0, r.stderr
    for word in ("rows read", "accepted", "rejected", "out_of_range", "straight-liners",
                 "encoding utf-8"):
        assert word in r.stdout
    rej = pd.read_csv(out / "rejects_2025.csv")
    assert rej[["row", "column", "reason"]].values.tolist() == [[6, "b_speed", "out_of_range"]]
    assert path.read_text(encoding="utf-8").count("\n") == 61   # input untouched


def test_cli_without_cs_exits_2_and_names_cs(small, tmp_path, run_cli):
    path = write(small.drop(columns="cs"), tmp_path / "w.csv")
    r = run_cli("validate", path)
    assert r.returncode == 2 and "'cs'" in r.stderr and "Traceback" not in r.stderr


def test_cli_validate_on_the_shipped_wave(run_cli, tmp_path):
    r = run_cli("validate", SHIPPED, "--out", tmp_path)
    assert r.returncode == 0 and "rows read         2,000" in r.stdout


def test_straightliners_are_flagged_not_dropped(small, tmp_path, codebook):
    items = straightline_items(codebook)
    assert "eb_speed" in items and "cs" in items and "recommend" not in items
    d = small.copy()
    d.loc[7, items] = 4                        # the same answer to every attitude item
    d.loc[8, items] = 5
    d.loc[8, items[:10]] = np.nan              # … to every one answered (missing ignored)
    d.loc[9, codebook.benefit_cols + codebook.value_cols] = 3   # only the satisfaction items
    d.loc[10, items] = np.nan
    d.loc[10, items[:4]] = 2                   # too few answered to tell
    w = load_wave(write(d, tmp_path / "w.csv"), codebook)
    assert w.quality.accepted == 60 and w.quality.straightliners == 2
    assert w.data.loc[[7, 8, 9, 10], "straightliner"].tolist() == [True, True, False, False]


def test_a_fractional_answer_is_rejected_unless_the_scale_is_continuous(small, tmp_path):
    d = small.astype(object).copy()
    d.loc[2, "b_speed"] = 3.5
    d.loc[3, "recommend"] = 7.25
    d.loc[4, "tenure_years"] = 2.5             # a numeric profile item may be fractional
    path = write(d, tmp_path / "w.csv")
    w = load_wave(path)
    assert w.rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [4, "b_speed", "3.5", "not_a_whole_number"], [5, "recommend", "7.25", "not_a_whole_number"]]
    assert w.quality.rejected_by_reason == {"not_a_whole_number": 2}
    raw = raw_codebook()
    raw["benefits"]["integer"] = False
    raw["indices"]["recommend"]["integer"] = False
    w = load_wave(path, parse_codebook(raw, "continuous"))
    assert w.quality.rejected == 0 and w.data.loc[2, "b_speed"] == 3.5


def test_blank_lines_keep_the_spreadsheet_row_numbers(small, tmp_path, codebook):
    bad = small.astype(object).copy()
    bad.loc[41, "b_speed"] = 9                 # spreadsheet row 43 without blank lines
    lines = write(bad, tmp_path / "w.csv").read_text(encoding="utf-8").splitlines()
    width = len(lines[0].split(",")) - 1
    lines.insert(10, "")                       # a blank line: spreadsheet row 11
    lines.insert(20, "," * width)              # a row of empty cells: row 21
    text = "\n" + "\n".join(lines) + "\n\n"    # and a blank line above the header and at the end
    path = tmp_path / "gaps.csv"
    path.write_text(text, encoding="utf-8")
    w = load_wave(path, codebook)
    assert w.rejects[["row", "column", "reason"]].values.tolist() == [
        [12, "", "blank_row"], [22, "", "blank_row"], [46, "b_speed", "out_of_range"],
        [65, "", "blank_row"]]
    # row 46 of the file as a spreadsheet shows it holds that respondent
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        shown = list(csv.reader(fh))          # one record per spreadsheet row, blank ones too
    assert shown[46 - 1][0] == str(bad.loc[41, "resp_id"])
    q = w.quality
    assert q.rows_read == q.accepted + q.rejected + q.blank == 63 and q.blank_rows == (12, 22, 65)
    assert "blank rows" in q.summary() and "rows 12, 22, 65" in q.summary()
    assert ("blank_rows", 3) in q.to_frame()[["measure", "n"]].itertuples(index=False, name=None)
    # Excel keeps blank rows as rows too
    xl = pd.concat([bad.iloc[:5], pd.DataFrame([{}]), bad.iloc[5:]], ignore_index=True)
    xl.loc[44, "cs"] = 0                       # frame row 44 = spreadsheet row 46
    xl.to_excel(tmp_path / "w.xlsx", index=False)
    w = load_wave(tmp_path / "w.xlsx", codebook)
    assert w.quality.blank_rows == (7,)
    assert sorted(w.rejects["row"].tolist()) == [7, 44, 46]


def test_all_rows_rejected_fails_early_and_points_to_the_rejects(small, tmp_path, run_cli):
    bad = small.astype(object).copy()
    bad["cs"] = 9
    bad.loc[:4, "region"] = "mars"
    path = write(bad, tmp_path / "w.csv")
    with pytest.raises(DataError) as err:
        require_accepted(load_wave(path))
    msg = str(err.value)
    assert msg.startswith(f"{path}: all 60 rows were rejected (reasons: out_of_range 60 rows, "
                          "unknown_category 5 rows)") and "csvalue validate" in msg
    for cmd in (["validate", path, "--out", tmp_path / "v"],
                ["analyze", path, "--out", tmp_path / "a"]):
        r = run_cli(*cmd)
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert "all 60 rows were rejected" in r.stderr and "CLS" not in r.stderr
        target = tmp_path / cmd[-1].name / "rejects_2025.csv"
        assert str(target) in r.stderr
        assert len(pd.read_csv(target)) == 65


def test_rejects_files_have_a_header_even_when_empty(small, tmp_path, codebook):
    w = load_wave(write(small, tmp_path / "w.csv"), codebook)
    target = write_rejects(w.rejects, w.label, tmp_path / "out")
    assert target.name == "rejects_2025.csv"
    assert pd.read_csv(target).columns.tolist() == REJECT_COLUMNS
    assert rejects_name("2025/Q1 final") == "rejects_2025_Q1_final.csv"
    with pytest.raises(DataError, match="would overwrite the input"):
        write_rejects(w.rejects, "x", tmp_path, inputs=[tmp_path / "rejects_x.csv"])


def test_wave_label_from_column_argument_or_stem(small, tmp_path, codebook):
    assert load_wave(write(small, tmp_path / "a.csv"), codebook).label == "2025"
    no_col = write(small.drop(columns="wave"), tmp_path / "survey_2023.csv")
    assert load_wave(no_col, codebook).label == "survey_2023"
    assert load_wave(no_col, codebook, wave="2023").label == "2023"
    with pytest.raises(DataError, match="several files are one wave"):
        load_waves([tmp_path / "a.csv", tmp_path / "a.csv"], codebook)


def variant(raw: dict, **edits) -> dict:
    raw = copy.deepcopy(raw)
    for key, fn in edits.items():
        fn(raw)
    return raw


def raw_codebook() -> dict:
    return yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))


def test_codebook_variants_load_matching_files(small, tmp_path):
    raw = raw_codebook()
    # 1. other column names
    renamed = variant(raw, cs=lambda r: r["indices"]["cs"].update(column="Q1_overall"))
    cb = parse_codebook(renamed, "renamed")
    w = load_wave(write(small.rename(columns={"cs": "Q1_overall"}), tmp_path / "r.csv"), cb)
    assert "cs" in w.data and w.quality.rejected == 0
    # 2. five benefits and four values (and no factors block, which names the dropped items)
    def shrink(r):
        r["benefits"]["items"] = dict(list(r["benefits"]["items"].items())[:5])
        items = dict(list(r["values"]["items"].items())[:3])
        items["leisure"] = r["values"]["items"]["leisure"]
        r["values"]["items"] = items
        r.pop("factors")
    cb = parse_codebook(variant(raw, s=shrink), "small")
    keep = [c for c in small.columns if not c.startswith(("b_", "eb_", "v_", "ev_", "comp_v_"))
            or c in cb.columns]
    w = load_wave(write(small[keep], tmp_path / "s.csv"), cb)
    assert len(cb.benefits) == 5 and len(cb.values) == 4 and w.quality.rejected == 0
    # 3. no benefit layer at all
    cb = parse_codebook(variant(raw, b=lambda r: (r.pop("benefits"), r.pop("factors"))), "nob")
    nob = small.drop(columns=[c for c in small if c.startswith(("b_", "eb_"))])
    w = load_wave(write(nob, tmp_path / "n.csv"), cb)
    assert cb.benefits == () and w.quality.rejected == 0
    # 4. a 7-point and a 1–100 scale
    for scale, factor in (([1, 7], 1.5), ([1, 100], 20)):
        cb = parse_codebook(variant(raw, v=lambda r: r["values"].update(scale=scale)), "scale")
        d = small.copy()
        for c in cb.value_cols:
            d[c] = np.floor(d[c] * factor)
        w = load_wave(write(d, tmp_path / f"s{scale[1]}.csv"), cb)
        assert w.quality.rejected == 0 and w.data[cb.value_cols].max().max() > 5
    # 5. optional blocks dropped from the codebook and from the file
    def drop_optional(r):
        for block in ("competitor", "personality", "voc"):
            r.pop(block)
    cb = parse_codebook(variant(raw, o=drop_optional), "noopt")
    bare = small.drop(columns=[c for c in small if c.startswith(("comp_", "disc_")) or c == "voc"])
    w = load_wave(write(bare, tmp_path / "o.csv"), cb)
    assert w.quality.rejected == 0 and "voc" not in w.data
    # and the default codebook accepts a file without the optional blocks
    assert load_wave(write(bare, tmp_path / "o2.csv")).quality.rejected == 0


@hsettings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["3", "5", "6", "x", "", "0", "4.5"]), min_size=60, max_size=60))
def test_nothing_is_lost(values):
    d = generate(60, seed=1).astype(object)
    d["cs"] = values
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        w = load_wave(write(d, Path(tmp) / "w.csv"))
    q = w.quality
    assert q.rows_read == q.accepted + q.rejected == 60
    assert q.rejected == sum(v in ("6", "x", "0", "4.5") for v in values)


def test_an_empty_cell_is_reported_empty_not_as_nan(tmp_path, codebook):
    """A rejected empty cell reads '' in the rejects file (text columns keep their blanks)."""
    from csvalue.instrument.load import load_wave

    lines = (ROOT / "csvalue/demo/waves/wave_2025.csv").read_text(encoding="utf-8").splitlines()[:6]
    lines[2] = "," + lines[2].split(",", 1)[1]          # row 3: no respondent id
    path = tmp_path / "w.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rej = load_wave(path, codebook).rejects
    assert rej[["row", "column", "reason"]].values.tolist() == [[3, "resp_id", "missing_id"]]
    assert rej["value"].tolist() == [""]
