"""Instruments that change between waves, and real files: no id column, Excel sheets, text
answers, competitor columns by their own names, messages in the file's own words."""

from __future__ import annotations

import copy

import openpyxl
import pandas as pd
import pytest
import yaml

from csvalue.errors import CodebookError, DataError
from csvalue.instrument.codebook import (common_items, default_codebook_path, load_codebook,
                                         parse_codebook)
from csvalue.instrument.load import load_wave

WAVE = "csvalue/demo/waves/wave_2025.csv"


@pytest.fixture
def raw():
    return yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small():
    return pd.read_csv(WAVE, dtype=str, keep_default_na=False).head(40)


def write_codebook(tmp_path, raw, name="cb.yml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# -- waves: and required: ------------------------------------------------------------------

def test_an_item_of_one_wave_is_required_there_only_and_absent_elsewhere_is_recorded(
        raw, small, tmp_path):
    raw["benefits"]["items"]["price"]["waves"] = [2025]
    cb = parse_codebook(raw)
    old = small.drop(columns=["b_price", "eb_price"]).assign(wave="2024")
    old.to_csv(tmp_path / "w24.csv", index=False)
    w = load_wave(tmp_path / "w24.csv", cb)
    assert "b_price" not in w.data and "b_price" in w.quality.absent_items
    assert "items not in this file" in w.quality.summary()
    # the wave that should hold it must
    old.assign(wave="2025").to_csv(tmp_path / "w25.csv", index=False)
    with pytest.raises(DataError, match="'b_price'"):
        load_wave(tmp_path / "w25.csv", cb)
    assert "b_price" not in common_items(cb, ["2024", "2025"])
    assert "b_price" in common_items(cb, ["2025"]) and "b_speed" in common_items(cb, ["2024"])
    assert not cb.for_wave("2024").has("eb_price") and "price" not in cb.for_wave("2024").benefits


def test_waves_on_a_block_apply_to_each_of_its_items(raw):
    raw["competitor"]["waves"] = ["2025"]
    cb = parse_codebook(raw)
    assert cb.item("comp_v_leisure").waves == ("2025",)
    assert not [i for i in common_items(cb, ["2024", "2025"]) if i.startswith("comp_")]


def test_a_benefit_marked_not_required_may_be_absent(raw, small, tmp_path):
    raw["benefits"]["items"]["speed"]["required"] = False
    small.drop(columns=["b_speed", "eb_speed"]).to_csv(tmp_path / "w.csv", index=False)
    w = load_wave(tmp_path / "w.csv", parse_codebook(raw))
    assert {"b_speed", "eb_speed"} <= set(w.quality.absent_items)
    with pytest.raises(DataError, match="'b_speed'"):
        load_wave(tmp_path / "w.csv")


# -- unknown keys, with file, line and a suggestion ------------------------------------------

@pytest.mark.parametrize("edit, words", [
    (lambda r: r["profile"]["division"].__setitem__("colum", "x"),
     r"profile\.division: unknown entry 'colum' \(did you mean 'column'\?\)"),
    (lambda r: r["benefits"]["items"]["speed"].__setitem__("requird", False),
     r"benefits\.items\.speed: unknown entry 'requird' \(did you mean 'required'\?\)"),
    (lambda r: r.__setitem__("instrumnet", {}), r"instrumnet: unknown block.*'instrument'"),
    (lambda r: r["values"].__setitem__("sacle", [1, 5]), r"values: unknown entry 'sacle'.*'scale'"),
    (lambda r: r.__setitem__("file", {"shet": 1}), r"file: unknown entry 'shet'.*'sheet'"),
])
def test_an_unknown_key_is_refused_with_file_line_and_suggestion(raw, tmp_path, edit, words):
    edit(raw)
    path = write_codebook(tmp_path, raw)
    with pytest.raises(CodebookError, match=rf"{path}: line \d+: {words}") as err:
        load_codebook(path)
    line = int(str(err.value).split("line ")[1].split(":")[0])
    key = (words.split("unknown entry '")[1].split("'")[0] if "unknown entry" in words
           else words.split(":")[0])
    assert key in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_yes_no_key_is_reported_with_its_line(tmp_path):
    text = default_codebook_path().read_text(encoding="utf-8").replace(
        "      premium: {label_en: Premium", "      yes: {label_en: Yes}\n"
        "      premium: {label_en: Premium")
    path = tmp_path / "cb.yml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      yes: {label_en: Yes}") + 1
    with pytest.raises(CodebookError, match=rf"line {line}: profile.maintenance.categories: the "
                                            r"key True is read by YAML as true/false"):
        load_codebook(path)


# -- no id column ---------------------------------------------------------------------------

def test_without_an_id_column_row_numbers_are_the_ids(raw, small, tmp_path):
    raw["id"]["resp_id"] = None
    cb = parse_codebook(raw)
    assert not cb.has_respondent_id
    small.drop(columns="resp_id").to_csv(tmp_path / "w.csv", index=False)
    w = load_wave(tmp_path / "w.csv", cb)
    assert w.data["resp_id"].tolist()[:3] == ["row 2", "row 3", "row 4"]
    assert w.quality.ids_from_rows and "no respondent id column" in w.quality.summary()
    assert load_wave(WAVE).quality.ids_from_rows is False


def test_an_id_block_without_resp_id_says_how_to_declare_none(raw):
    raw["id"].pop("resp_id")
    with pytest.raises(CodebookError, match="resp_id: null"):
        parse_codebook(raw)


# -- Excel sheets and header rows -----------------------------------------------------------

def workbook(path, small, cover=True, title_rows=0, sheet="응답"):
    book = openpyxl.Workbook()
    first = book.active
    if cover:
        first.title = "안내"
        first.append(["안내"])
        first.append(["이 파일은 2025년 고객 만족도 조사 결과입니다."])
        data = book.create_sheet(sheet)
    else:
        data = first
        data.title = sheet
    for k in range(title_rows):
        data.append([f"제목 {k + 1}", "x"])
    data.append(list(small.columns))
    for row in small.itertuples(index=False):
        data.append([float(v) if v.replace(".", "", 1).isdigit() else v for v in row])
    book.save(path)
    return path


def test_a_cover_sheet_is_passed_over_for_the_sheet_with_the_columns(small, tmp_path):
    w = load_wave(workbook(tmp_path / "w.xlsx", small), wave="2025")
    ref = load_wave(WAVE).data.head(40)
    pd.testing.assert_frame_equal(w.data[["resp_id", "cs", "b_speed"]],
                                  ref[["resp_id", "cs", "b_speed"]])


def test_sheet_and_header_row_from_the_codebook(raw, small, tmp_path):
    path = workbook(tmp_path / "w.xlsx", small, title_rows=2)
    raw["file"] = {"sheet": "응답", "header_row": 3}
    w = load_wave(path, parse_codebook(raw))
    assert len(w.data) == 40 and w.quality.rows_read == 40
    raw["file"] = {"sheet": 2, "header_row": 3}
    assert len(load_wave(path, parse_codebook(raw)).data) == 40
    raw["file"] = {"sheet": "응담"}
    with pytest.raises(DataError, match=r"sheet '응담'.*did you mean '응답'.*'안내', '응답'"):
        load_wave(path, parse_codebook(raw))
    raw["file"] = {"header_row": 0}
    with pytest.raises(CodebookError, match="file.header_row"):
        parse_codebook(raw)


def test_a_missing_column_message_names_the_sheet_and_the_others(small, tmp_path):
    path = workbook(tmp_path / "w.xlsx", small.drop(columns="cs"), cover=True)
    with pytest.raises(DataError, match=r"sheet '응답'; the workbook also has '안내'"):
        load_wave(path)


# -- text answers ---------------------------------------------------------------------------

LABELS = {1: "매우 불만족", 2: "불만족", 3: "보통", 4: "만족", 5: "매우 만족"}


def test_text_answers_map_to_codes_in_csv_and_excel(raw, small, tmp_path):
    raw["indices"]["cs"]["labels"] = LABELS
    raw["indices"]["cs"]["text_codes"] = {"아주 만족": 5}
    cb = parse_codebook(raw)
    d = small.copy()
    d["cs"] = [LABELS[int(v)] for v in d["cs"]]
    d.loc[0, "cs"] = " 아주 만족 "
    d.loc[1, "cs"] = "4"            # a number among the labels is still a number
    d.to_csv(tmp_path / "w.csv", index=False)
    ref = load_wave(WAVE).data["cs"].head(40).tolist()
    ref[0] = 5.0
    ref[1] = 4.0
    assert load_wave(tmp_path / "w.csv", cb).data["cs"].tolist() == ref
    assert load_wave(workbook(tmp_path / "w.xlsx", d), cb, wave="2025").data["cs"].tolist() == ref


def test_an_unmapped_text_answer_names_file_row_column_and_value(raw, small, tmp_path):
    raw["indices"]["cs"]["column"] = "전반적만족"
    raw["indices"]["cs"]["labels"] = LABELS
    d = small.rename(columns={"cs": "전반적만족"})
    d["전반적만족"] = [LABELS[int(v)] for v in d["전반적만족"]]
    d.loc[3, "전반적만족"] = "그저 그렇다"
    d.to_csv(tmp_path / "w.csv", index=False)
    with pytest.raises(DataError) as err:
        load_wave(tmp_path / "w.csv", parse_codebook(raw))
    msg = str(err.value)
    for words in (str(tmp_path / "w.csv"), "row 5 '그저 그렇다'", "'전반적만족' (column", "(cs)",
                  "text_codes"):
        assert words in msg, (words, msg)


def test_labels_must_be_points_on_the_scale(raw):
    raw["indices"]["cs"]["labels"] = {7: "최고"}
    with pytest.raises(CodebookError, match=r"indices.cs.labels.*scale \(1–5\); got 7"):
        parse_codebook(raw)


# -- competitor columns by their own names ------------------------------------------------

def test_competitor_columns_by_their_own_names(raw, small, tmp_path):
    raw["competitor"]["items"] = {"stability": {"column": "경쟁사_업무안정성"}}
    cb = parse_codebook(raw)
    assert cb.item("comp_v_stability").column == "경쟁사_업무안정성"
    assert cb.item("comp_v_leisure").column == "comp_v_leisure"
    small.rename(columns={"comp_v_stability": "경쟁사_업무안정성"}).to_csv(tmp_path / "w.csv",
                                                                        index=False)
    w = load_wave(tmp_path / "w.csv", cb)
    pd.testing.assert_series_equal(w.data["comp_v_stability"],
                                   load_wave(WAVE).data["comp_v_stability"].head(40))
    raw["competitor"]["items"] = {"stabilty": {"column": "x"}}
    with pytest.raises(CodebookError, match="did you mean 'stability'"):
        parse_codebook(raw)


# -- messages name the file's columns -------------------------------------------------------

def test_missing_answer_counts_name_the_file_column_next_to_the_id(raw, small, tmp_path):
    raw["benefits"]["items"]["speed"]["column"] = "업무신속"
    d = small.rename(columns={"b_speed": "업무신속"})
    d.loc[:2, "업무신속"] = ""
    d.to_csv(tmp_path / "w.csv", index=False)
    q = load_wave(tmp_path / "w.csv", parse_codebook(raw)).quality
    assert "b_speed ('업무신속') 3" in q.summary()
    frame = q.to_frame()
    assert frame.loc[frame["detail"] == "b_speed", "column"].item() == "업무신속"
    assert copy.deepcopy(q).columns["b_speed"] == "업무신속"
