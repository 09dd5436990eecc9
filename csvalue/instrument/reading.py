"""Reading a survey file into its cells: CSV text, Excel, SPSS, Parquet.

:func:`read_table` returns a :class:`Table`: the header as the file names its columns, the
cells of every column the codebook knows (by the row number a spreadsheet shows), and the blank
rows. Nothing is checked against the codebook here except which columns to keep; what the
file's *structure* gets wrong is a :class:`~csvalue.errors.DataError` naming the file, the row,
the column and the value, in plain words, with what to do:

- the format the bytes hold differs from the file's name (a CSV named ``.xlsx``, a legacy
  ``.xls``, a compressed file), a damaged workbook, a folder given as a file;
- text not wholly in one encoding, NUL bytes (the cells are named);
- a title line above the header, a column named twice, a row with more cells than the header
  names (an unquoted delimiter in a text cell) or fewer (a row split by a line break), a quote
  that is never closed.

CSV text may be separated by ``,``, ``;``, a tab or ``|`` (the one that splits the header into
the most codebook columns wins). Cells are text, except that a CSV answer column whose every
cell parses as a number arrives as float (fast); :meth:`Table.written` gives such a column's
cells as the file writes them, for the rejects file.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
import warnings
from dataclasses import dataclass, field
from itertools import repeat
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from csvalue.errors import DataError
from csvalue.instrument.codebook import Codebook
from csvalue.instrument.decode import FORMAT_NAMES, decode, sniff_format
from csvalue.instrument.wording import SHOW, column_letter, column_name, listing, os_message, shown

#: File name endings → the format they promise (anything else is read as CSV text).
SUFFIX_FORMATS = {".xlsx": "zip", ".xlsm": "zip", ".xls": "ole", ".sav": "sav",
                  ".zsav": "sav", ".parquet": "parquet", ".pq": "parquet"}
#: Delimiters a CSV file may use, in order of preference on a tie.
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "'|'"}
#: How many rows below the first non-empty one are searched for a header further down.
HEADER_SEARCH = 20
_BAD_CHARS = re.compile("[\x00\udc80-\udcff]")
#: Every character Python's ``str.strip()`` removes (``str.isspace``), for ``strip(chars)``.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
              + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000")


@dataclass(frozen=True)
class Table:
    """The cells of one survey file, before any answer is checked.

    Attributes
    ----------
    path : the file.
    fmt : the encoding of a text file (``"utf-8"``, ``"cp949"`` …) or the format (``"excel"``,
        ``"spss"``, ``"parquet"``).
    header : every column name as the header row gives it (whitespace stripped), in file order.
    header_row : the spreadsheet row of the header (1 unless blank rows are above it).
    columns : header name → the cells of that column (text; ``""`` = empty), for the columns
        the codebook knows and for unnamed columns that hold something (named ``""``). A CSV
        answer column whose every cell is a number is float (NaN = empty). Indexed by
        spreadsheet row; blank rows are left out.
    blank_rows : spreadsheet rows with every cell empty.
    delimiter : the CSV delimiter (None for other formats).
    """

    path: Path
    fmt: str
    header: tuple[str, ...]
    header_row: int
    columns: dict[str, pd.Series]
    blank_rows: tuple[int, ...]
    delimiter: str | None = None
    _written: Callable[[list[str]], dict[str, pd.Series]] | None = field(
        default=None, repr=False, compare=False)
    _cache: dict[str, pd.Series] = field(default_factory=dict, repr=False, compare=False)

    def position(self, name: str) -> int:
        """0-based position of a column in the header."""
        return self.header.index(name)

    def where(self, name: str) -> str:
        """The column as a message names it: ``'b_speed' (column K)``."""
        return column_name(name, self.position(name))

    def written(self, name: str) -> pd.Series:
        """The cells of a column as the file writes them (text), on the same rows as
        :attr:`columns`. For a float column of a CSV file the text is read again from the
        file (``1e308`` stays ``1e308``, ``6.0`` stays ``6.0``)."""
        col = self.columns[name]
        if col.dtype.kind != "f":
            return col
        if name not in self._cache:
            floats = [n for n, c in self.columns.items() if c.dtype.kind == "f"]
            if self._written is not None:
                self._cache.update(self._written(floats))
            else:
                self._cache.update({n: number_texts(self.columns[n]) for n in floats})
        return self._cache[name]


def number_text(x: float) -> str:
    """A number as a spreadsheet shows it: whole numbers without ``.0``, 15 significant digits.

    Example
    -------
    >>> number_text(3.0), number_text(0.1 + 0.2), number_text(1e308), number_text(float("nan"))
    ('3', '0.3', '1e+308', '')
    """
    if math.isnan(x):
        return ""
    return format(x, ".15g")


def number_texts(values: pd.Series) -> pd.Series:
    """:func:`number_text` of every cell of a float Series."""
    return pd.Series([number_text(x) for x in values.to_numpy(dtype=float)], index=values.index,
                     dtype=object)


def cell_text(value: Any) -> str:
    """A typed cell (Excel, SPSS, Parquet) as text: ``""`` for empty, ``TRUE``/``FALSE`` for a
    yes/no cell (never 1/0), numbers as :func:`number_text`, dates in ISO form.

    Example
    -------
    >>> [cell_text(v) for v in (None, True, 3, 2.5, 1e20, "x")]
    ['', 'TRUE', '3', '2.5', '1e+20', 'x']
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return number_text(float(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="surrogateescape")
    return str(value)


def _fail(path: Path, message: str) -> DataError:
    return DataError(f"{path}: {message}")


# ---------------------------------------------------------------------------------------
# The file and its format
# ---------------------------------------------------------------------------------------

def _bytes(path: Path) -> bytes:
    if path.is_dir():
        raise _fail(path, "is a folder, not a file; give the survey file inside it")
    if not path.exists():
        raise _fail(path, "no such file")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataError(os_message(err)) from None
    if not raw:
        raise _fail(path, "the file is empty")
    return raw


def _check_format(path: Path, raw: bytes) -> str:
    """The format the bytes hold, when the file's name promises the same; else a DataError."""
    actual = sniff_format(raw[:16])
    if actual == "parquet" and not raw.endswith(b"PAR1"):
        actual = "text"                 # a CSV whose first column happens to be "PAR1…"
    suffix = path.suffix.lower()
    named = SUFFIX_FORMATS.get(suffix, "text")
    if actual == "ole":
        raise _fail(path, f"holds {FORMAT_NAMES['ole']}, which csvalue does not read: open it "
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
    raise _fail(path, f"the name ends in {suffix or '(no extension)'} but the file holds "
                      f"{holds}; {advice}")


def read_table(path: str | Path, codebook: Codebook) -> Table:
    """Read a survey file into a :class:`Table` (see the module docstring).

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> t = read_table("data/waves/wave_2025.csv", load_codebook())
    >>> t.fmt, t.header[:2], t.columns["b_speed"].dtype.kind, len(t.columns["resp_id"])
    ('utf-8', ('resp_id', 'wave'), 'f', 2000)
    """
    path = Path(path)
    raw = _bytes(path)
    fmt = _check_format(path, raw)
    if fmt == "text":
        return _read_csv(path, raw, codebook)
    del raw
    if fmt == "zip":
        return _typed_table(path, "excel", _excel_grid(path), codebook, header_in_grid=True)
    if fmt == "sav":
        return _typed_table(path, "spss", _read_sav(path, codebook), codebook)
    try:
        frame = pd.read_parquet(path)
    except Exception:  # pyarrow raises many kinds for a damaged file
        raise _fail(path, "cannot be read as Parquet: the file is damaged or not a Parquet "
                          "file; write it again") from None
    frame.columns = [cell_text(c) for c in frame.columns]
    return _typed_table(path, "parquet", frame, codebook)


# ---------------------------------------------------------------------------------------
# Header checks shared by every format
# ---------------------------------------------------------------------------------------

def _names(cells: list[Any]) -> tuple[str, ...]:
    return tuple(cell_text(c).strip().lstrip("\ufeff").strip() for c in cells)


def _header_below(path: Path, header: tuple[str, ...], header_row: int,
                  below: list[tuple[int, list[str]]], codebook: Codebook) -> None:
    """A title line (or notes) above the header: the id column is named further down."""
    id_column = codebook.item("resp_id").column
    if id_column in header:
        return
    for row, cells in below:
        if id_column in _names(cells):
            first = next((c for c in header if c), "")
            raise _fail(path, f"row {row} holds the column names (it names {shown(id_column)}),"
                              f" but row {header_row} above it is not blank ({shown(first)}): "
                              f"the first non-empty row must be the header; delete the rows "
                              f"above row {row}")


def _duplicates(path: Path, header: tuple[str, ...], known: set[str]) -> None:
    seen: dict[str, list[int]] = {}
    for pos, name in enumerate(header):
        if name in known:
            seen.setdefault(name, []).append(pos)
    dups = {n: p for n, p in seen.items() if len(p) > 1}
    if dups:
        what = "; ".join(f"{shown(n)} in columns {' and '.join(map(column_letter, p))}"
                         for n, p in list(dups.items())[:SHOW])
        raise _fail(path, f"a column is named twice, so it is not clear which one holds the "
                          f"answers: {what}; rename or delete one of each")


def _wanted(header: tuple[str, ...], codebook: Codebook) -> list[int]:
    """Positions to read: the codebook's columns, and unnamed ones (kept only if not empty)."""
    known = set(codebook.columns)
    return [i for i, name in enumerate(header) if name in known or not name]


# ---------------------------------------------------------------------------------------
# CSV text
# ---------------------------------------------------------------------------------------

class _Lines:
    """The lines of a text, for :mod:`csv`, keeping count of the characters handed out."""

    def __init__(self, text: str) -> None:
        self._it = iter(io.StringIO(text, newline=""))
        self.offset = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._it)
        self.offset += len(line)
        return line


@dataclass
class _Shape:
    """What one pass over the records of a CSV text found."""

    header: tuple[str, ...] = ()
    header_row: int = 0
    body_offset: int = 0
    counts: list[int] = field(default_factory=list)
    blank: list[bool] = field(default_factory=list)
    below: list[tuple[int, list[str]]] = field(default_factory=list)    # first rows under it
    long: list[tuple[int, int, str]] = field(default_factory=list)      # row, cells, extra text
    bad: list[tuple[int, int, str]] = field(default_factory=list)       # row, position, cell
    n_bad: int = 0
    delimiter: str = ","

    @property
    def width(self) -> int:
        """The header's columns up to its last named one (unnamed trailing columns may be
        left out of a row)."""
        named = [i for i, n in enumerate(self.header) if n]
        return named[-1] + 1 if named else len(self.header)


def _delimiter(first_line: str, codebook: Codebook) -> str:
    known = set(codebook.columns)

    def score(d: str) -> int:
        return sum(c.strip().strip('"').strip() in known for c in first_line.split(d))

    best = max(DELIMITERS, key=score)
    return best if score(best) > 0 else ","


def _first_line(text: str) -> str:
    """The first line that is not blank."""
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            return text[pos:end]
        pos = end + 1
    return ""


def _quick_shape(text: str, delim: str, undecoded: bool) -> _Shape | None:
    """The shape of a text without quotes, line by line (fast); None when the text needs the
    csv module (quotes, bare carriage returns, NUL bytes, or ``undecoded`` bytes to locate)."""
    if undecoded or '"' in text or "\x00" in text or (
            "\r" in text and text.count("\r") != text.count("\r\n")):
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    n = len(lines)
    counts = np.fromiter(map(str.count, lines, repeat(delim)), dtype=np.int64, count=n) + 1
    # a blank row holds nothing but delimiters and whitespace: strip them all away
    blank = np.fromiter(map(len, map(str.strip, lines, repeat(delim + WHITESPACE))),
                        dtype=np.int64, count=n) == 0
    shape = _Shape(delimiter=delim)
    filled = np.flatnonzero(~blank)
    if not len(filled):
        return shape
    h = int(filled[0])
    shape.header = _names(lines[h].rstrip("\r").split(delim))
    shape.header_row = h + 1
    shape.body_offset = sum(len(x) + 1 for x in lines[:h + 1])
    shape.counts = counts[h + 1:].tolist()
    shape.blank = blank[h + 1:].tolist()
    width = shape.width
    shape.below = [(i + 1, lines[i].rstrip("\r").split(delim))
                   for i in range(h + 1, min(h + 1 + HEADER_SEARCH, n))]
    for i in np.flatnonzero(counts > width):
        if i > h:
            extra = delim.join(lines[i].rstrip("\r").split(delim)[width:])
            if extra.strip(delim + WHITESPACE):
                shape.long.append((int(i) + 1, int(counts[i]), extra))
    return shape


def _scan_shape(path: Path, text: str, delim: str) -> _Shape:
    """The shape of any text, record by record with :mod:`csv` (quotes, line breaks in cells)."""
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delim, strict=True)
    shape = _Shape(delimiter=delim)
    width = 0
    row = 0
    limit = csv.field_size_limit(sys.maxsize)   # a long comment is a cell, not an error
    try:
        while True:
            start = lines.offset
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                raise _fail(path, _quote_problem(row + 1, text, start, str(err))) from None
            row += 1
            joined = "".join(cells)
            if _BAD_CHARS.search(joined):
                for pos, cell in enumerate(cells):
                    if _BAD_CHARS.search(cell):
                        shape.n_bad += 1
                        if len(shape.bad) < SHOW:
                            shape.bad.append((row, pos, cell))
            blank = not joined.strip()
            if not shape.header_row:
                if not blank:
                    shape.header, shape.header_row = _names(cells), row
                    shape.body_offset = lines.offset
                    width = shape.width
                continue
            shape.counts.append(len(cells))
            shape.blank.append(blank)
            if len(shape.below) < HEADER_SEARCH:
                shape.below.append((row, cells))
            if len(cells) > width and "".join(cells[width:]).strip():
                shape.long.append((row, len(cells), delim.join(cells[width:])))
    finally:
        csv.field_size_limit(limit)
    return shape


def _quote_problem(row: int, text: str, start: int, err: str) -> str:
    begins = shown(text[start:start + 30].split("\n")[0])
    if "unexpected end of data" in err:
        return (f"row {row} (beginning {begins}): a cell opens with a double quote (\") that is "
                f"never closed, so the rest of the file would be one cell; close the quote or "
                f"remove it")
    if "expected after" in err:
        return (f"row {row} (beginning {begins}): a cell has text after its closing double "
                f"quote; put the whole cell in quotes and write a quote inside it as \"\"")
    return f"row {row} (beginning {begins}) cannot be read as CSV; save the file again as CSV UTF-8"


def _encoding_problem(path: Path, problem: str, shape: _Shape) -> DataError:
    cells = "; ".join(f"row {r}, {column_name(shape.header[p] if p < len(shape.header) else '', p)}"
                      f": {shown(c)}" for r, p, c in shape.bad)
    more = f" … ({shape.n_bad:,} cells in all)" if shape.n_bad > len(shape.bad) else ""
    nul = any("\x00" in c for _, _, c in shape.bad)
    if nul and not problem:
        return _fail(path, f"the file holds NUL bytes (\\x00), which no text cell can hold — it "
                           f"is damaged or not a text file: {cells}{more}; remove them (or export "
                           f"the file again) and check those answers")
    return _fail(path, f"{problem}: {cells}{more}; save the whole file in one encoding (UTF-8: "
                       f"in Excel, 'CSV UTF-8')")


def _shape_problems(path: Path, shape: _Shape) -> None:
    width = shape.width
    counts = np.asarray(shape.counts, dtype=np.int64)
    blank = np.asarray(shape.blank, dtype=bool)
    rows = shape.header_row + 1 + np.arange(len(counts))
    filled = ~blank
    short = filled & (counts < width)
    if short.any() or shape.long:
        common = np.bincount(counts[filled]).argmax() if filled.any() else width
        if common != width and (counts[filled] == common).mean() > 0.5:
            raise _fail(path, f"row {shape.header_row} has {width} cells but most rows have "
                              f"{common}: is row {shape.header_row} a title or a note rather "
                              f"than the column names? The first non-empty row must be the "
                              f"header; delete any rows above it")
    if shape.long:
        r, n, extra = shape.long[0]
        raise _fail(path, f"row {r} has {n} cells but the header (row {shape.header_row}) names "
                          f"{width} columns; the cells beyond them hold {shown(extra)}. A text "
                          f"cell with an unquoted {DELIMITER_NAMES[shape.delimiter]} splits in "
                          f"two: put that cell in double quotes"
                          f"{_also([x[0] for x in shape.long])}")
    if short.any():
        bad = rows[short]
        r, n = int(bad[0]), int(counts[short][0])
        raise _fail(path, f"row {r} has {n} cell{'s' if n != 1 else ''} but the header (row "
                          f"{shape.header_row}) names {width} columns: the row ends early — "
                          f"is it the rest of the row above, split by a line break inside an "
                          f"unquoted cell? Put such cells in double quotes"
                          f"{_also(bad.tolist())}")


def _also(rows: list[int]) -> str:
    """The other rows with the same problem, if any."""
    return f" (rows {listing(rows)})" if len(rows) > 1 else ""


def _read_csv(path: Path, raw: bytes, codebook: Codebook) -> Table:
    decoded = decode(raw)
    del raw
    text = decoded.text.lstrip("\ufeff") if decoded.text.startswith("\ufeff") else decoded.text
    delim = _delimiter(_first_line(text), codebook)
    shape = _quick_shape(text, delim, bool(decoded.problem)) or _scan_shape(path, text, delim)
    if shape.n_bad:
        raise _encoding_problem(path, decoded.problem, shape)
    if not shape.header_row:
        raise _fail(path, "the file holds only blank lines (no header row)")
    _header_below(path, shape.header, shape.header_row, shape.below, codebook)
    _duplicates(path, shape.header, set(codebook.columns))
    _shape_problems(path, shape)
    wanted = _wanted(shape.header, codebook)
    numeric = {it.column for it in codebook.items if it.kind in ("scale", "numeric")}
    as_number = [p for p in wanted if shape.header[p] in numeric]
    width = max([len(shape.header), *shape.counts])
    body = text[shape.body_offset:]
    n = len(shape.counts)

    def parse(cols: list[int], numbers: list[int]) -> pd.DataFrame:
        if not cols or not n:
            return pd.DataFrame(index=range(n), columns=cols, dtype=object).fillna("")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                frame = pd.read_csv(
                    io.StringIO(body), sep=delim, header=None, names=list(range(width)),
                    usecols=cols, dtype={p: str for p in cols if p not in numbers},
                    keep_default_na=False, na_values={p: [""] for p in numbers},
                    skip_blank_lines=False, index_col=False, engine="c")
            except (pd.errors.ParserError, ValueError, OverflowError) as err:
                raise _fail(path, f"cannot be read as CSV text ({shown(err, 80)}); save the "
                                  f"file again as CSV UTF-8") from None
        if len(frame) != n:
            raise _fail(path, f"the rows cannot be counted consistently ({len(frame):,} or "
                              f"{n:,}): check line breaks and quotes, or save the file again "
                              f"as CSV UTF-8")
        return frame

    frame = parse(wanted, as_number)
    # a numeric column that held yes/no words was read as booleans: read those again as text
    odd = [p for p in as_number if frame[p].dtype.kind == "b" or (
        frame[p].dtype.kind == "O" and frame[p].notna().any()
        and isinstance(frame[p].dropna().iloc[0], (bool, np.bool_)))]
    if odd:
        again = parse(odd, [])
        for p in odd:
            frame[p] = again[p]
    rows = shape.header_row + 1 + np.arange(n)
    keep = ~np.asarray(shape.blank, dtype=bool)
    index = pd.Index(rows[keep])

    def cells(values: pd.Series, text: bool) -> pd.Series:
        # column by column: slicing the whole frame would copy every column at once
        arr = values.to_numpy()
        if not keep.all():
            arr = arr[keep]
        if not text and values.dtype.kind in "fiu":
            return pd.Series(arr.astype(float), index=index)
        out = pd.Series(arr, index=index, dtype=object)
        return out.where(out.notna(), "").astype(str)

    columns = _drop_empty_unnamed({shape.header[p]: cells(frame[p], False) for p in wanted})
    del frame

    def written(names: list[str]) -> dict[str, pd.Series]:
        pos = [shape.header.index(nm) for nm in names]
        again = parse(pos, [])
        return {nm: cells(again[p], True) for nm, p in zip(names, pos)}

    return Table(path, decoded.encoding, shape.header, shape.header_row, columns,
                 tuple(int(r) for r in rows[~keep]), delim, written)


def _drop_empty_unnamed(columns: dict[str, pd.Series]) -> dict[str, pd.Series]:
    unnamed = columns.pop("", None)
    if unnamed is not None and (unnamed.astype(str).str.strip() != "").any():
        columns[""] = unnamed
    return columns


# ---------------------------------------------------------------------------------------
# Typed formats: Excel, SPSS, Parquet
# ---------------------------------------------------------------------------------------

def _sheet_rows(path: Path, values: bool) -> list[tuple[Any, ...]]:
    """The rows of the first worksheet: the values Excel last computed (``values``), or the
    cells as stored (a formula as its text)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=values)
    except Exception:  # openpyxl and zipfile raise many kinds for a damaged workbook
        raise _fail(path, "cannot be read as an Excel workbook: it is damaged or not a .xlsx "
                          "file; open it in Excel and save it again as an Excel Workbook") from None
    try:
        if not book.worksheets:
            raise _fail(path, "the workbook has no worksheet")
        return list(book.worksheets[0].iter_rows(values_only=True))
    except DataError:
        raise
    except Exception:
        raise _fail(path, "cannot be read as an Excel workbook: its first sheet is damaged; "
                          "open it in Excel and save it again") from None
    finally:
        book.close()


def _excel_grid(path: Path) -> pd.DataFrame:
    """The first worksheet as a frame of cell values, indexed by the sheet's row numbers.

    A formula cell holds the value Excel computed when it saved the file; a formula never
    computed (a workbook written by a program) has no value, and is kept as its formula text
    (``=1+1``) so that it is rejected as written rather than read as a missing answer."""
    rows = _sheet_rows(path, values=True)
    if any(v is None for r in rows for v in r):
        stored = _sheet_rows(path, values=False)
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
        raise _fail(path, "cannot be read as an SPSS .sav file: it is damaged; save it again "
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
            raise _fail(path, "the first worksheet is empty")
        h = int(filled[0])
        header = _names(grid.iloc[h].tolist())
        header_row = int(grid.index[h])
        below = [(int(grid.index[k]), [cell_text(v) for v in grid.iloc[k].tolist()])
                 for k in range(h + 1, min(h + 1 + HEADER_SEARCH, len(grid)))]
        _header_below(path, header, header_row, below, codebook)
        body, empty = grid.iloc[h + 1:], empty[h + 1:]
    else:
        header, header_row = _names(list(grid.columns)), 1
        body = grid.set_axis(np.arange(2, 2 + len(grid)), axis=0)
    _duplicates(path, header, set(codebook.columns))
    columns = {header[p]: _typed_column(body.iloc[:, p].loc[~empty])
               for p in _wanted(header, codebook)}
    return Table(path, fmt, header, header_row, _drop_empty_unnamed(columns),
                 tuple(int(r) for r in body.index[empty]), None)
