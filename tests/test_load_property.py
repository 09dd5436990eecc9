"""Property tests of the loader: random bytes, random CSV dialects and random cell values.

Whatever the file holds, loading it ends in a :class:`CsvalueError` with a message or in a
result whose counts add up (rows read = accepted + rejected + blank, each rejected row in the
rejects table), never in another exception, and the file is left as it was.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from csvalue.errors import CsvalueError
from csvalue.instrument.answers import is_missing_text, parse_number
from csvalue.instrument.codebook import load_codebook
from csvalue.instrument.load import BLANK_ROW, load_wave

ROOT = Path(__file__).resolve().parents[1]
CB = load_codebook()
BASE = pd.read_csv(ROOT / "csvalue" / "demo" / "waves" / "wave_2025.csv", dtype=str,
                   keep_default_na=False).head(6)
FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def load_bytes(raw: bytes, suffix: str = ".csv"):
    """(wave or the CsvalueError, whether the file was left unchanged)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"w{suffix}"
        path.write_bytes(raw)
        try:
            out = load_wave(path, CB)
        except CsvalueError as err:
            out = err
        return out, path.read_bytes() == raw


def assert_accounted(w) -> None:
    q = w.quality
    assert q.rows_read == q.accepted + q.rejected + q.blank
    assert len(w.data) == q.accepted
    real = w.rejects[w.rejects["reason"] != BLANK_ROW]
    assert real["row"].nunique() == q.rejected
    assert sorted(w.rejects.loc[w.rejects["reason"] == BLANK_ROW, "row"]) == list(q.blank_rows)
    assert not set(real["row"]) & set(q.blank_rows)


def assert_message(err: CsvalueError, path_hint: str = "w.") -> None:
    msg = str(err)
    assert path_hint in msg and len(msg) < 3_000
    assert "Traceback" not in msg


@FAST
@given(st.binary(max_size=3_000))
def test_random_bytes_end_in_a_message_or_a_result_that_adds_up(raw):
    out, unchanged = load_bytes(raw)
    assert unchanged
    if isinstance(out, CsvalueError):
        assert_message(out)
    else:
        assert_accounted(out)


@FAST
@given(st.binary(min_size=1, max_size=400), st.sampled_from([".xlsx", ".sav", ".parquet",
                                                             ".xls", ".txt"]))
def test_random_bytes_under_any_name_end_in_a_message(raw, suffix):
    out, unchanged = load_bytes(raw, suffix)
    assert unchanged
    if isinstance(out, CsvalueError):
        assert_message(out)
    else:
        assert_accounted(out)


def _write_csv(frame: pd.DataFrame, delimiter: str, quoting: int, terminator: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
    writer.writerow(frame.columns)
    writer.writerows(frame.itertuples(index=False, name=None))
    return buf.getvalue()


REFERENCE = None


def reference() -> pd.DataFrame:
    global REFERENCE
    if REFERENCE is None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "w.csv"
            BASE.to_csv(path, index=False)
            REFERENCE = load_wave(path, CB).data
    return REFERENCE


@FAST
@given(delimiter=st.sampled_from([",", ";", "\t", "|"]),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
       terminator=st.sampled_from(["\n", "\r\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949", "utf-16", "utf-16-le"]),
       blank_lines=st.lists(st.integers(0, 7), max_size=3),
       trailing=st.booleans())
def test_any_csv_dialect_reads_the_same_answers(delimiter, quoting, terminator, encoding,
                                               blank_lines, trailing):
    text = _write_csv(BASE, delimiter, quoting, terminator)
    lines = text.split(terminator)[:-1]
    if trailing:     # a trailing delimiter on every data line
        lines = [lines[0]] + [x + delimiter for x in lines[1:]]
    for at in sorted(blank_lines, reverse=True):
        lines.insert(min(at, len(lines)), "")
    raw = (terminator.join(lines) + terminator).encode(encoding)
    out, unchanged = load_bytes(raw)
    assert unchanged
    assert not isinstance(out, CsvalueError), out
    assert_accounted(out)
    # a blank line above the header moves the header down; below it, it is a blank row
    assert out.quality.blank == sum(a > 0 for a in blank_lines)
    pd.testing.assert_frame_equal(out.data, reference())


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "\t", "NA", "무응답", "3", " 4 ", "6", "0", "4.5", "1e308",
                     "99999999999999999999", "-1", "TRUE", "1_0", "inf", "nan", "٣", "=1+1",
                     '"', '""', ",", "\n", "a\r\nb", "\x00", "emr", "EMR", "dental"]),
)
COLUMNS = [c for c in BASE.columns if c != "wave"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.sampled_from(COLUMNS), CELL),
                min_size=1, max_size=8))
def test_random_cell_values_are_accepted_as_written_or_rejected(edits):
    frame = BASE.copy()
    for row, column, value in edits:
        frame.loc[row, column] = value
    raw = _write_csv(frame, ",", csv.QUOTE_MINIMAL, "\n").encode("utf-8")
    out, unchanged = load_bytes(raw)
    assert unchanged
    if isinstance(out, CsvalueError):
        assert_message(out)
        return
    assert_accounted(out)
    kept = dict(zip(frame["resp_id"].str.strip(), frame.to_dict("records")))
    for _, answer in out.data.iterrows():
        written = kept[answer["resp_id"]]
        for column in COLUMNS:
            item_id = CB.columns.get(column)
            if item_id is None or CB.item(item_id).kind not in ("scale", "numeric"):
                continue
            cell = written[column]
            got = answer[item_id]
            if is_missing_text(cell):
                assert np.isnan(got)
            else:               # an accepted answer is exactly the number the cell writes
                assert got == parse_number(cell), (column, cell, got)


@pytest.mark.parametrize("cell", ["\x003", "4\x00", "3\x00\x00"])
def test_nul_cells_are_never_read_as_answers(cell):
    frame = BASE.copy()
    frame.loc[1, "b_speed"] = cell
    out, _ = load_bytes(_write_csv(frame, ",", csv.QUOTE_MINIMAL, "\n").encode())
    assert isinstance(out, CsvalueError) and "NUL" in str(out)
