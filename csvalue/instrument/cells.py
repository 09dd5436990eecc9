"""Spreadsheet-safe cells: no text from the data becomes a formula in a CSV or a workbook.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, on import, a
tab or a carriage return) as a formula; a label such as ``=HYPERLINK("http://…")`` in a
results table would run when the file is opened (CSV injection; OWASP's guidance is followed
here). Numbers stay numbers: ``-0.5`` as a float, and a text cell that is just a number
(``"-0.5"``, ``"+3"``), are left alone.

- :func:`csv_cell` / :func:`csv_frame` — for a CSV file: a dangerous text cell is prefixed
  with a single quote (``'=1+1``), which spreadsheets show and never evaluate;
- :func:`inert_workbook` — for an ``.xlsx`` written with openpyxl (``pandas.ExcelWriter``):
  every text cell that would be read as a formula is stored as a string, marked as text
  (``quotePrefix``), so Excel shows it as written and keeps it text when edited.

Example
-------
>>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-0.5"), csv_cell(-0.5), csv_cell("a-b")
('\\'=HYPERLINK("http://x")', '-0.5', -0.5, 'a-b')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = frozenset(FORMULA_STARTS) | {"'"}
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Whether a text cell would be read as a formula (a plain number would not).

    Example
    -------
    >>> [is_formula_like(v) for v in ("=1+1", "@SUM(A1)", "+3", "-0.5", "-x", "-", "\\tx", 3)]
    [True, True, False, False, True, False, True, False]
    """
    return (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and value not in ("-", "+")         # a lone sign is no formula ("–" columns)
            and not _PLAIN_NUMBER.fullmatch(value))


def csv_cell(value: Any) -> Any:
    """A cell for a CSV file: formula-like text prefixed with ``'``, anything else as is.

    Text that already starts with quotes before a formula (``'=x``) gets one more, so that
    :func:`csv_uncell` gives back exactly what was written.

    Example
    -------
    >>> [csv_cell(v) for v in ("=x", "'=x", "'ok", "-0.5")]
    ["'=x", "''=x", "'ok", '-0.5']
    >>> all(csv_uncell(csv_cell(v)) == v for v in ("=x", "'=x", "''@y", "'ok", "-", 3))
    True
    """
    if isinstance(value, str) and is_formula_like(value.lstrip("'")):
        return "'" + value
    return value


def csv_uncell(value: Any) -> Any:
    """A cell read back from a CSV that :func:`csv_cell` wrote: the safety quote removed."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value.lstrip("'")):
        return value[1:]
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) made safe for a CSV file.

    Only object columns are examined, so numeric columns stay untouched and cheap.

    Example
    -------
    >>> csv_frame(pd.DataFrame({"label": ["=cmd", "ok"], "x": [-0.5, 1.0]})).to_dict("list")
    {'label': ["'=cmd", 'ok'], 'x': [-0.5, 1.0]}
    """
    return _map_text(frame, csv_cell)


def csv_unframe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` read back from a CSV written with :func:`csv_frame`, as it was.

    Example
    -------
    >>> f = pd.DataFrame({"label": ["=cmd", "'=x", "ok"], "x": [-0.5, 1.0, 2.0]})
    >>> csv_unframe(csv_frame(f)).equals(f)
    True
    """
    return _map_text(frame, csv_uncell)


def _map_text(frame: pd.DataFrame, cell: Any) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            values = out[col]
            # only the cells that start with a formula character or a quote can change
            risky = values.map(lambda v: isinstance(v, str) and v[:1] in _STARTS)
            if risky.any():
                out.loc[risky, col] = values[risky].map(cell)
    out.columns = [cell(c) for c in out.columns]
    return out


def inert_workbook(book: Any) -> int:
    """Store every formula-like text cell of an openpyxl workbook as text; returns how many.

    Call it on ``writer.book`` inside ``with pandas.ExcelWriter(path, engine="openpyxl") as
    writer:`` after the sheets are written (the file is saved on leaving the block).
    openpyxl reads a string that starts with ``=`` as a formula; such a cell is switched back
    to a string, and every formula-like cell gets Excel's text mark (``quotePrefix``).

    Example
    -------
    >>> import openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active.append(["=1+1", "-0.5", -0.5, "+cmd"])
    >>> inert_workbook(book), [c.data_type for c in book.active[1]]
    (2, ['s', 's', 'n', 's'])
    """
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if is_formula_like(value):
                    cell.data_type = "s"       # openpyxl made "=…" a formula ("f")
                    cell.quotePrefix = True
                    changed += 1
    return changed
