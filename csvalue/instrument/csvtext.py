"""CSV text → :class:`~csvalue.instrument.table.Table`: delimiter, structure, cells.

The structure of the text is checked before any cell is read, so that a broken file is named
for what is wrong with it, with its row as a spreadsheet shows it, rather than in a parser's
words: text not wholly in one encoding and NUL bytes (the cells that hold them are named), a
title line above the header, a row with more cells than the header names (an unquoted
delimiter in a text cell; empty cells beyond the header — a trailing delimiter — are fine) or
fewer (a row split by a line break), a quote that is never closed.

A text without quotes is checked line by line (fast); any other text record by record with
:mod:`csv` (a quoted cell may hold delimiters and line breaks). The cells are then read with
pandas' C parser: an answer column whose every cell is a number arrives as float (fast), and
:meth:`Table.written` reads such a column again as text for the rejects file.

The delimiter is ``,``, ``;``, a tab or ``|``: the one that splits the header into the most
codebook columns.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import warnings
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from csvalue.errors import DataError
from csvalue.instrument.codebook import Codebook
from csvalue.instrument.decode import decode
from csvalue.instrument.table import (HEADER_SEARCH, Table, check_duplicates, check_header_below,
                                      drop_empty_unnamed, header_names, input_error,
                                      wanted_positions)
from csvalue.instrument.wording import SHOW, column_name, listing, shown

#: Delimiters a CSV file may use, in order of preference on a tie.
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "'|'"}
_BAD_CHARS = re.compile("[\x00\udc80-\udcff]")
#: Every character Python's ``str.strip()`` removes (``str.isspace``), for ``strip(chars)``.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
              + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000")


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
    shape.header = header_names(lines[h].rstrip("\r").split(delim))
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
                raise input_error(path, _quote_problem(row + 1, text, start, str(err))) from None
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
                    shape.header, shape.header_row = header_names(cells), row
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
        return input_error(path, f"the file holds NUL bytes (\\x00), which no text cell can hold — it "
                           f"is damaged or not a text file: {cells}{more}; remove them (or export "
                           f"the file again) and check those answers")
    return input_error(path, f"{problem}: {cells}{more}; save the whole file in one encoding (UTF-8: "
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
            raise input_error(path, f"row {shape.header_row} has {width} cells but most rows have "
                              f"{common}: is row {shape.header_row} a title or a note rather "
                              f"than the column names? The first non-empty row must be the "
                              f"header; delete any rows above it")
    if shape.long:
        r, n, extra = shape.long[0]
        raise input_error(path, f"row {r} has {n} cells but the header (row {shape.header_row}) names "
                          f"{width} columns; the cells beyond them hold {shown(extra)}. A text "
                          f"cell with an unquoted {DELIMITER_NAMES[shape.delimiter]} splits in "
                          f"two: put that cell in double quotes"
                          f"{_also([x[0] for x in shape.long])}")
    if short.any():
        bad = rows[short]
        r, n = int(bad[0]), int(counts[short][0])
        raise input_error(path, f"row {r} has {n} cell{'s' if n != 1 else ''} but the header (row "
                          f"{shape.header_row}) names {width} columns: the row ends early — "
                          f"is it the rest of the row above, split by a line break inside an "
                          f"unquoted cell? Put such cells in double quotes"
                          f"{_also(bad.tolist())}")


def _also(rows: list[int]) -> str:
    """The other rows with the same problem, if any."""
    return f" (rows {listing(rows)})" if len(rows) > 1 else ""


def read_csv(path: Path, raw: bytes, codebook: Codebook) -> Table:
    """The Table of a CSV file's bytes (see the module docstring)."""
    decoded = decode(raw)
    del raw
    text = decoded.text.lstrip("\ufeff") if decoded.text.startswith("\ufeff") else decoded.text
    delim = _delimiter(_first_line(text), codebook)
    shape = _quick_shape(text, delim, bool(decoded.problem)) or _scan_shape(path, text, delim)
    if shape.n_bad:
        raise _encoding_problem(path, decoded.problem, shape)
    if not shape.header_row:
        raise input_error(path, "the file holds only blank lines (no header row)")
    check_header_below(path, shape.header, shape.header_row, shape.below, codebook)
    check_duplicates(path, shape.header, set(codebook.columns))
    _shape_problems(path, shape)
    wanted = wanted_positions(shape.header, codebook)
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
                raise input_error(path, f"cannot be read as CSV text ({shown(err, 80)}); save the "
                                  f"file again as CSV UTF-8") from None
        if len(frame) != n:
            raise input_error(path, f"the rows cannot be counted consistently ({len(frame):,} or "
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

    columns = drop_empty_unnamed({shape.header[p]: cells(frame[p], False) for p in wanted})
    del frame

    def written(names: list[str]) -> dict[str, pd.Series]:
        pos = [shape.header.index(nm) for nm in names]
        again = parse(pos, [])
        return {nm: cells(again[p], True) for nm, p in zip(names, pos)}

    return Table(path, decoded.encoding, shape.header, shape.header_row, columns,
                 tuple(int(r) for r in rows[~keep]), delim, written)
