"""The cells of a survey file as every reader hands them on: :class:`Table`, and the checks of
its header that do not depend on the format.

Typed cells (Excel, SPSS, Parquet) become text as a spreadsheet shows them (:func:`cell_text`):
a yes/no cell is ``TRUE``/``FALSE``, never 1/0; a number has no ``.0`` and 15 significant
digits; a date is in ISO form. The header must be the first non-empty row and name each
codebook column once (:func:`check_header_below`, :func:`check_duplicates`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from csvalue.errors import DataError
from csvalue.instrument.codebook import Codebook
from csvalue.instrument.wording import SHOW, column_letter, column_name, shown

#: How many rows below the first non-empty one are searched for a header further down.
HEADER_SEARCH = 20


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
    sheet : the Excel sheet read (None for other formats); ``sheets``: every sheet's name.
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
    sheet: str | None = None
    sheets: tuple[str, ...] = ()

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
    """A number as a spreadsheet shows it: whole numbers in full (up to 2⁵³, where floats stop
    being exact), others with 15 significant digits.

    Example
    -------
    >>> number_text(3.0), number_text(0.1 + 0.2), number_text(2.0 ** 52), number_text(1e308)
    ('3', '0.3', '4503599627370496', '1e+308')
    """
    if math.isnan(x):
        return ""
    if x.is_integer() and abs(x) < 2 ** 53:
        return str(int(x))
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


def input_error(path: Path, message: str) -> DataError:
    """A DataError about ``path``."""
    return DataError(f"{path}: {message}")


# ---------------------------------------------------------------------------------------
# Header checks shared by every format
# ---------------------------------------------------------------------------------------

def header_names(cells: list[Any]) -> tuple[str, ...]:
    return tuple(cell_text(c).strip().lstrip("\ufeff").strip() for c in cells)


def check_header_below(path: Path, header: tuple[str, ...], header_row: int,
                  below: list[tuple[int, list[str]]], codebook: Codebook) -> None:
    """A title line (or notes) above the header: the id column (or, without one, the first
    required column) is named further down."""
    key = next((it for it in codebook.items if it.required), None)
    if key is None:
        return
    id_column = key.column
    if id_column in header:
        return
    for row, cells in below:
        if id_column in header_names(cells):
            first = next((c for c in header if c), "")
            raise input_error(path, f"row {row} holds the column names (it names {shown(id_column)}),"
                              f" but row {header_row} above it is not blank ({shown(first)}): "
                              f"the first non-empty row must be the header; delete the rows "
                              f"above row {row}")


def check_duplicates(path: Path, header: tuple[str, ...], known: set[str]) -> None:
    seen: dict[str, list[int]] = {}
    for pos, name in enumerate(header):
        if name in known:
            seen.setdefault(name, []).append(pos)
    dups = {n: p for n, p in seen.items() if len(p) > 1}
    if dups:
        what = "; ".join(f"{shown(n)} in columns {' and '.join(map(column_letter, p))}"
                         for n, p in list(dups.items())[:SHOW])
        raise input_error(path, f"a column is named twice, so it is not clear which one holds the "
                          f"answers: {what}; rename or delete one of each")


def wanted_positions(header: tuple[str, ...], codebook: Codebook) -> list[int]:
    """Positions to read: the codebook's columns, and unnamed ones (kept only if not empty)."""
    known = set(codebook.columns)
    return [i for i, name in enumerate(header) if name in known or not name]


def drop_empty_unnamed(columns: dict[str, pd.Series]) -> dict[str, pd.Series]:
    unnamed = columns.pop("", None)
    if unnamed is not None and (unnamed.astype(str).str.strip() != "").any():
        columns[""] = unnamed
    return columns
