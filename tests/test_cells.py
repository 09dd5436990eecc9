"""instrument.cells: text from the data never becomes a formula in a CSV file or a workbook;
numbers stay numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from csvalue.instrument.cells import csv_cell, csv_frame, inert_workbook, is_formula_like

HOSTILE = ['=HYPERLINK("http://x.example/","click")', "@SUM(1+1)*cmd|' /C calc'!A0",
           "+1+1", "-2+3", "=1+1", "\t=1", "\r=1", "-cmd"]
NUMBERS = ["-0.5", "+3", "-1e3", "0", "3.", "-.5"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_written_as_text_in_a_csv(text):
    assert csv_cell(text) == "'" + text
    frame = csv_frame(pd.DataFrame({"label": [text], "n": [3]}))
    buf = io.StringIO()
    frame.to_csv(buf, index=False, quoting=csv.QUOTE_NONNUMERIC)
    cell = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))[1][0]
    assert cell == "'" + text and not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("text", NUMBERS + ["-", "+", "a-b", "label", "", "–"])
def test_numbers_and_plain_text_are_left_alone(text):
    assert not is_formula_like(text) and csv_cell(text) == text


def test_numeric_columns_keep_their_type():
    frame = csv_frame(pd.DataFrame({"x": [-0.5, 1.5], "k": [-1, 2], "=name": ["a", "=b"]}))
    assert frame["x"].tolist() == [-0.5, 1.5] and frame["x"].dtype == float
    assert frame["k"].dtype.kind == "i"
    assert list(frame.columns) == ["x", "k", "'=name"] and frame["'=name"].tolist() == ["a", "'=b"]


def test_a_workbook_stores_formula_like_text_as_text(tmp_path):
    path = tmp_path / "t.xlsx"
    labels = [t for t in HOSTILE if "\r" not in t]   # XML keeps no bare carriage return
    table = pd.DataFrame({"label": labels, "n": range(len(labels)),
                          "share": [-0.5] * len(labels)})
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="t", index=False)
        assert inert_workbook(writer.book) == len(labels)
    book = openpyxl.load_workbook(path)          # formulas as stored, not computed
    cells = [row for row in book["t"].iter_rows(min_row=2)]
    assert [c[0].value for c in cells] == labels
    assert all(c[0].data_type == "s" and c[0].quotePrefix for c in cells)
    assert all(c[1].data_type == "n" and c[2].value == -0.5 for c in cells)


def test_without_inert_workbook_openpyxl_writes_a_formula(tmp_path):
    """The check can fail: an unprotected '=…' label is stored as a formula."""
    path = tmp_path / "raw.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"label": ["=1+1"]}).to_excel(writer, index=False)
    assert openpyxl.load_workbook(path).active["A2"].data_type == "f"


def test_results_written_and_read_back_keep_formula_like_labels(tmp_path):
    """A label that looks like a formula is written as text (CSV quote, xlsx string) and a
    chapter reading the results back sees it exactly as written."""
    import openpyxl

    from csvalue.pipeline.results import Results, read_results, write_results

    table = pd.DataFrame({"wave": ["=2025", "2025"], "scope": ["division:@x", "company"],
                          "label": ["+cmd|' /C calc'!A0", "'=already quoted"],
                          "value": [-0.5, 1.0]})
    write_results(Results({"indices": table}, {"waves": []}), tmp_path, xlsx=True)
    raw = (tmp_path / "indices.csv").read_text(encoding="utf-8")
    assert "\n'=2025," in raw
    assert not any(line.split(",")[0].startswith(("=", "+", "@")) for line in raw.splitlines())
    back = read_results(tmp_path).tables["indices"]
    pd.testing.assert_frame_equal(back, table, check_dtype=False)
    sheet = openpyxl.load_workbook(tmp_path / "results.xlsx")["indices"]
    assert [c.data_type for c in sheet[2]][:3] == ["s", "s", "s"]
