"""Tables are formatted by data column, then given their headers (csvalue.report.tables): a
header can be renamed without changing how its numbers are rounded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csvalue.report.labels import readable
from csvalue.report.tables import Table, format_cells, table_markdown


def body(md: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in md.splitlines()[2:]]


def test_renaming_a_header_does_not_change_the_rounding():
    data = pd.DataFrame({"importance": [0.31234], "n_placed": [3.0], "p_value": [0.0139]})
    plain = Table(data, {"importance": "Importance", "n_placed": "N placed", "p_value": "p"})
    odd = Table(data, {"importance": "n", "n_placed": "Share (%)", "p_value": "Gap"})
    for t in (plain, odd):
        assert body(table_markdown(t, {"importance": 3})) == [["0.312", "3", "0.014"]]
    # the headers are the Table's, in the data's order
    assert table_markdown(odd).splitlines()[0].split("|")[1].strip() == "n"


def test_decimals_for_a_header_are_refused():
    t = readable(pd.DataFrame({"importance": [0.31234], "gap": [13.04]}))
    assert t.header("importance") == "Importance (CVI β)"
    with pytest.raises(ValueError, match="not data columns"):
        table_markdown(t, {"Importance (CVI β)": 3})
    assert body(table_markdown(t, {"importance": 3, "gap": 1})) == [["0.312", "13.0"]]


def test_counts_waves_p_values_and_booleans_follow_their_data_column():
    cells, align = format_cells(pd.DataFrame({
        "n": [1930.0, np.nan], "n_a": [12.0, 3.0], "wave": [2024, 2025], "year_b": [2025, 2026],
        "p": [0.0, 0.2], "ok": [True, False], "text": ["a", None]}), 2)
    assert cells.values.tolist() == [["1,930", "12", "2024", "2025", "<0.001", "yes", "a"],
                                     ["–", "3", "2025", "2026", "0.200", "no", "–"]]
    assert align == ["right"] * 5 + ["left", "left"]


def test_a_plain_frame_keeps_its_column_names_as_headers():
    md = table_markdown(pd.DataFrame({"Share (%)": [12.345],
                                      "CVI [95% CI]": ["76.0 [73.5, 78.4]"]}))
    # the names as headers, inert (escaped punctuation renders as the characters themselves)
    assert md.splitlines()[0].replace(" ", "") == "|Share\\(\\%\\)|CVI\\[95\\%CI\\]|"
    assert md.splitlines()[1].count(":") == 2            # both right-aligned (numbers)


def test_duplicate_headers_and_private_columns():
    t = Table(pd.DataFrame({"a": [1.0], "b": [2.0]}), {"a": "x", "b": "x"})
    assert body(table_markdown(t)) == [["1.0", "2.0"]]
    with pytest.raises(ValueError, match="respondent-level"):
        table_markdown(Table(pd.DataFrame({"voc": ["good"]})))
