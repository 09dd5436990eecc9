"""Reading a survey file into its cells: CSV text, Excel, SPSS, Parquet.

:func:`read_table` returns a :class:`~csvalue.instrument.table.Table`: the header as the file
names its columns, the cells of every column the codebook knows (by the row number a
spreadsheet shows), and the blank rows. Nothing is checked against the codebook here except
which columns to keep; what the *file* gets wrong is a :class:`~csvalue.errors.DataError`
naming the file (and the row, column and value), in plain words, with what to do:

- a folder given as a file, an empty file;
- a format other than the file's name promises, read from its first bytes (a CSV named
  ``.xlsx``, a legacy ``.xls``, a compressed file, a PDF);
- a damaged workbook, SPSS or Parquet file;
- for CSV text, the structure problems of :mod:`csvalue.instrument.csvtext`.

An Excel formula is read as the value Excel computed when it saved the file; a formula never
computed (a workbook written by a program) is kept as its text (``=1+1``), to be rejected as
written rather than read as a missing answer.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from csvalue.errors import DataError
from csvalue.instrument.codebook import Codebook
from csvalue.instrument.csvtext import read_csv
from csvalue.instrument.decode import FORMAT_NAMES, sniff_format
from csvalue.instrument.table import (HEADER_SEARCH, Table, cell_text, check_duplicates,
                                      check_header_below, drop_empty_unnamed, header_names,
                                      input_error, wanted_positions)
from csvalue.instrument.wording import os_message, shown

#: File name endings → the format they promise (anything else is read as CSV text).
SUFFIX_FORMATS = {".xlsx": "zip", ".xlsm": "zip", ".xls": "ole", ".sav": "sav",
                  ".zsav": "sav", ".parquet": "parquet", ".pq": "parquet"}


# ---------------------------------------------------------------------------------------
# The file and its format
# ---------------------------------------------------------------------------------------

def _bytes(path: Path) -> bytes:
    if path.is_dir():
        raise input_error(path, "is a folder, not a file; give the survey file inside it")
    if not path.exists():
        raise input_error(path, "no such file")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataError(os_message(err)) from None
    if not raw:
        raise input_error(path, "the file is empty")
    return raw


def _check_format(path: Path, raw: bytes) -> str:
    """The format the bytes hold, when the file's name promises the same; else a DataError."""
    actual = sniff_format(raw[:16])
    if actual == "parquet" and not raw.endswith(b"PAR1"):
        actual = "text"                 # a CSV whose first column happens to be "PAR1…"
    suffix = path.suffix.lower()
    named = SUFFIX_FORMATS.get(suffix, "text")
    if actual == "ole":
        raise input_error(path, f"holds {FORMAT_NAMES['ole']}, which csvalue does not read: open it "
                          "in Excel and save it as an Excel Workbook (.xlsx) or CSV UTF-8, "
                          "without a password")
    if actual == named:
        return actual
    holds = FORMAT_NAMES[actual]
    if actual in ("gzip", "bzip2", "xz", "7z") or (actual == "zip" and named == "text"):
        advice = ("if it is an Excel workbook, rename it to .xlsx; if it is a compressed "
                  "file, unpack it first" if actual == "zip" else "unpack it first")
    elif actual == "text":
        advice = "rename it to .csv (csvalue reads it as CSV text)"
    elif actual == "pdf":
        advice = "export the data from its source as CSV UTF-8 or .xlsx"
    else:
        ending = {"zip": ".xlsx", "sav": ".sav", "parquet": ".parquet"}[actual]
        advice = f"rename it to {ending}"
    raise input_error(path, f"the name ends in {suffix or '(no extension)'} but the file holds "
                      f"{holds}; {advice}")


def read_table(path: str | Path, codebook: Codebook) -> Table:
    """Read a survey file into a :class:`Table` (see the module docstring).

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> t = read_table("csvalue/demo/waves/wave_2025.csv", load_codebook())
    >>> t.fmt, t.header[:2], t.columns["b_speed"].dtype.kind, len(t.columns["resp_id"])
    ('utf-8', ('resp_id', 'wave'), 'f', 2000)
    """
    path = Path(path)
    raw = _bytes(path)
    fmt = _check_format(path, raw)
    if fmt == "text":
        return read_csv(path, raw, codebook)
    del raw
    if fmt == "zip":
        sheet, sheets = pick_sheet(path, codebook)
        table = _typed_table(path, "excel", _excel_grid(path, sheet), codebook,
                             header_in_grid=True)
        return replace(table, sheet=sheet, sheets=sheets)
    if fmt == "sav":
        return _typed_table(path, "spss", _read_sav(path, codebook), codebook)
    try:
        frame = pd.read_parquet(path)
    except Exception:  # pyarrow raises many kinds for a damaged file
        raise input_error(path, "cannot be read as Parquet: the file is damaged or not a Parquet "
                          "file; write it again") from None
    frame.columns = [cell_text(c) for c in frame.columns]
    return _typed_table(path, "parquet", frame, codebook)


# ---------------------------------------------------------------------------------------
# Typed formats: Excel, SPSS, Parquet
# ---------------------------------------------------------------------------------------

def _open_book(path: Path, values: bool) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=values)
    except Exception:  # openpyxl and zipfile raise many kinds for a damaged workbook
        raise input_error(path, "cannot be read as an Excel workbook: it is damaged or not a .xlsx "
                          "file; open it in Excel and save it again as an Excel Workbook") from None


def _sheet_header_score(sheet: Any, known: set[str], rows: int) -> int:
    """How many codebook columns the best of a sheet's first ``rows`` rows names."""
    best = 0
    for row in sheet.iter_rows(max_row=rows, values_only=True):
        best = max(best, sum(cell_text(v).strip() in known for v in row))
    return best


def pick_sheet(path: Path, codebook: Codebook) -> tuple[str, tuple[str, ...]]:
    """The worksheet to read and every sheet's name: the codebook's ``file.sheet`` (a name, or
    a number from 1), else the first sheet whose header names the most codebook columns (a
    cover sheet of notes before the answers is passed over)."""
    book = _open_book(path, values=True)
    try:
        names = tuple(book.sheetnames)
        if not names:
            raise input_error(path, "the workbook has no worksheet")
        want = codebook.sheet
        listed = ", ".join(map(shown, names))
        if isinstance(want, int):
            if want > len(names):
                raise input_error(path, f"the codebook asks for sheet {want} (file.sheet), but the "
                                  f"workbook has {len(names)}: {listed}")
            return names[want - 1], names
        if want is not None:
            if want not in names:
                near = difflib.get_close_matches(want, names, n=1, cutoff=0.5)
                raise input_error(path, f"the codebook asks for sheet {shown(want)} (file.sheet), "
                                  f"which the workbook does not have"
                                  + (f" (did you mean {shown(near[0])}?)" if near else "")
                                  + f"; its sheets are {listed}")
            return want, names
        if len(names) == 1:
            return names[0], names
        known = set(codebook.columns)
        rows = codebook.header_row or HEADER_SEARCH + 1
        scores = [_sheet_header_score(ws, known, rows) for ws in book.worksheets]
        return names[scores.index(max(scores))], names
    except DataError:
        raise
    except Exception:
        raise input_error(path, "cannot be read as an Excel workbook: a sheet is damaged; open "
                          "it in Excel and save it again") from None
    finally:
        book.close()


def _sheet_rows(path: Path, values: bool, sheet: str) -> list[tuple[Any, ...]]:
    """The rows of a worksheet: the values Excel last computed (``values``), or the cells as
    stored (a formula as its text)."""
    book = _open_book(path, values)
    try:
        return list(book[sheet].iter_rows(values_only=True))
    except Exception:
        raise input_error(path, f"cannot be read as an Excel workbook: its sheet {shown(sheet)} "
                          f"is damaged; open it in Excel and save it again") from None
    finally:
        book.close()


def _excel_grid(path: Path, sheet: str) -> pd.DataFrame:
    """A worksheet as a frame of cell values, indexed by the sheet's row numbers.

    A formula cell holds the value Excel computed when it saved the file; a formula never
    computed (a workbook written by a program) has no value, and is kept as its formula text
    (``=1+1``) so that it is rejected as written rather than read as a missing answer."""
    rows = _sheet_rows(path, True, sheet)
    if any(v is None for r in rows for v in r):
        stored = _sheet_rows(path, False, sheet)
        rows = [tuple(f if v is None and isinstance(f, str) and f.startswith("=") else v
                      for v, f in zip(r, s + (None,) * (len(r) - len(s))))
                for r, s in zip(rows, stored)]
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame.from_records([tuple(r) + (None,) * (width - len(r)) for r in rows],
                                     columns=range(width))
    grid.index = np.arange(1, len(grid) + 1)
    return grid


def _read_sav(path: Path, codebook: Codebook) -> pd.DataFrame:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path))
    except Exception:  # pyreadstat.ReadstatError and others for a damaged file
        raise input_error(path, "cannot be read as an SPSS .sav file: it is damaged; save it again "
                          "from SPSS") from None
    cat_cols = {it.column for it in codebook.items if it.categories}
    for col, labels in (meta.variable_value_labels or {}).items():
        if col in cat_cols and col in frame:
            mapped = frame[col].map(lambda v, lab=labels: lab.get(v, v))
            frame[col] = mapped.astype(object).where(frame[col].notna())
    return frame


def _empty_cells(values: pd.Series) -> np.ndarray:
    if values.dtype.kind == "f":
        return values.isna().to_numpy()
    return (values.isna() | values.astype(str).str.strip().eq("")).to_numpy()


def _typed_column(values: pd.Series) -> pd.Series:
    """A typed column as text, or as float when every cell is a number (a yes/no cell is
    never a number: it becomes ``TRUE``/``FALSE``)."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return pd.Series([cell_text(v) for v in values], index=values.index, dtype=object)
    if pd.api.types.is_integer_dtype(values.dtype) and values.abs().max() >= 2 ** 53:
        # too large for a float to hold exactly (an id): keep the digits
        return pd.Series([cell_text(v) for v in values], index=values.index, dtype=object)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return pd.Series(values.to_numpy(dtype=float, na_value=np.nan), index=values.index)
    cells = values.to_numpy(dtype=object)

    def is_number(v: Any) -> bool:
        return (isinstance(v, (int, float, np.integer, np.floating))
                and not isinstance(v, (bool, np.bool_)))

    def is_empty(v: Any) -> bool:
        return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))

    if len(cells) and all(is_number(v) or is_empty(v) for v in cells):
        return pd.Series([np.nan if is_empty(v) else float(v) for v in cells],
                         index=values.index, dtype=float)
    return pd.Series([cell_text(v) for v in cells], index=values.index, dtype=object)


def _typed_table(path: Path, fmt: str, grid: pd.DataFrame, codebook: Codebook,
                 header_in_grid: bool = False) -> Table:
    """A Table from a typed frame: the header is the grid's first non-empty row (Excel) or
    the frame's column names (SPSS, Parquet: the header is row 1)."""
    empty = np.ones(len(grid), dtype=bool)
    for c in grid.columns:
        empty &= _empty_cells(grid[c])
    if header_in_grid:
        filled = np.flatnonzero(~empty)
        if not len(filled):
            raise input_error(path, "the worksheet is empty")
        h = int(filled[0])
        if codebook.header_row is not None:     # the codebook says where the header is
            if codebook.header_row > len(grid):
                raise input_error(path, f"the codebook puts the header on row "
                                  f"{codebook.header_row} (file.header_row), but the sheet has "
                                  f"{len(grid)} row{'s' if len(grid) != 1 else ''}")
            h = codebook.header_row - 1
        header = header_names(grid.iloc[h].tolist())
        header_row = int(grid.index[h])
        below = [(int(grid.index[k]), [cell_text(v) for v in grid.iloc[k].tolist()])
                 for k in range(h + 1, min(h + 1 + HEADER_SEARCH, len(grid)))]
        if codebook.header_row is None:
            check_header_below(path, header, header_row, below, codebook)
        body, empty = grid.iloc[h + 1:], empty[h + 1:]
    else:
        header, header_row = header_names(list(grid.columns)), 1
        body = grid.set_axis(np.arange(2, 2 + len(grid)), axis=0)
    check_duplicates(path, header, set(codebook.columns))
    columns = {header[p]: _typed_column(body.iloc[:, p].loc[~empty])
               for p in wanted_positions(header, codebook)}
    return Table(path, fmt, header, header_row, drop_empty_unnamed(columns),
                 tuple(int(r) for r in body.index[empty]), None)
