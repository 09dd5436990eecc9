"""Tables for readers: a result table formatted by its data columns, then shown with headers.

A chapter shows a table as a Markdown pipe table (renders the same in HTML and in the printed
PDF). The order is fixed, as in great_tables (``fmt_number`` before ``cols_label``): cells are
formatted by **data column** first — decimals chosen per data column, p-values, counts, wave
numbers recognised by the data column's name — and the display headers are put on last. So
renaming a header can never change how its numbers are rounded.

A :class:`Table` is a result table with its display headers (what
:func:`csvalue.report.labels.readable` and the chapter tables return); a plain DataFrame is
shown with its own column names as headers.

Example
-------
>>> t = Table(pd.DataFrame({"importance": [0.31234], "gap": [13.04]}),
...           {"importance": "Importance (CVI β)", "gap": "Gap (points)"})
>>> print(table_markdown(t, {"importance": 3}))
|   Importance \\(CVI β\\) |   Gap \\(points\\) |
|-----------------------:|-----------------:|
|                  0.312 |             13.0 |
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import pandas as pd

from csvalue.report.format import format_number, format_p, is_missing
from csvalue.report.i18n import _
from csvalue.report.inert import inert

#: Columns whose text identifies a respondent or quotes one: never displayed.
PRIVATE = ("resp_id", "voc")
#: Data columns shown as p-values (formatted by :func:`csvalue.report.format.format_p`).
P_COLUMNS = ("p", "p_value", "p-value", "p value", "p_adjusted")
_NUMBER = r"[<>≤≥+\-−]?\s?\d[\d,]*(\.\d+)?\s?%?"
#: A number, a range of two ("74.6–76.0") or a number with its interval ("76.6 (75.8–77.3)").
_NUMERIC_TEXT = re.compile(rf"{_NUMBER}(\s*–\s*{_NUMBER})?(\s*\(.*\))?")


@dataclass(frozen=True)
class Table:
    """A table to show: its data (data column names, cells possibly already labels) and the
    header each data column is shown under (columns not in ``headers`` keep their name).

    Example
    -------
    >>> t = Table(pd.DataFrame({"p_value": [0.01], "n": [3]}), {"p_value": "p"})
    >>> t.display_frame().columns.tolist()
    ['p', 'n']
    """

    data: pd.DataFrame
    headers: Mapping[str, str] = field(default_factory=dict)

    def header(self, column: Any) -> Any:
        """The display header of one data column.

        Example
        -------
        >>> Table(pd.DataFrame({"r2": [0.5]}), {"r2": "R²"}).header("r2")
        'R²'
        """
        return self.headers.get(column, column)

    def display_frame(self) -> pd.DataFrame:
        """The data with display headers, numbers unformatted (e.g. to inspect or to chart)."""
        return self.data.set_axis([self.header(c) for c in self.data.columns], axis=1)


def _numeric_column(values: pd.Series) -> bool:
    texts = [str(v).strip() for v in values if not is_missing(v) and str(v).strip() != "–"]
    return bool(texts) and all(_NUMERIC_TEXT.fullmatch(t) for t in texts)


def _is_count(name: str) -> bool:
    return name == "n" or name.startswith("n_")


def format_cells(frame: pd.DataFrame, digits: int | Mapping[str, int] = 1
                 ) -> tuple[pd.DataFrame, list[str]]:
    """Every cell of ``frame`` as the text a reader sees, and each column's alignment.

    Formatting is chosen by the **data column** (its name and dtype), never by a header:

    - floats: ``digits`` decimals (an int for every column, or a mapping data column →
      decimals; counts — columns named ``n`` or ``n_…`` — default to 0, others to 1) with
      thousands separators; NaN is an en dash;
    - p-value columns (:data:`P_COLUMNS`): ``"<0.001"``, at least 3 decimals;
    - integers with thousands separators, except wave and year numbers;
    - booleans as yes/no; text as it is.

    Numeric columns (and text columns whose cells are all numbers) are right-aligned, the
    rest left. A ``digits`` key that is not a data column is an error: decimals set for a
    header would silently not apply.

    Example
    -------
    >>> cells, align = format_cells(pd.DataFrame({"n": [1930.0], "wave": [2025],
    ...                                           "ok": [True], "share": [12.345]}))
    >>> cells.iloc[0].tolist(), align
    (['1,930', '2025', 'yes', '12.3'], ['right', 'right', 'left', 'right'])
    """
    if isinstance(digits, Mapping):
        unknown = [k for k in digits if k not in frame.columns]
        if unknown:
            raise ValueError(f"decimals given for {unknown}, which are not data columns of "
                             f"the table ({[str(c) for c in frame.columns]}); decimals are "
                             f"chosen by data column, before the headers are put on")
    out = pd.DataFrame(index=frame.index)
    align = []
    for i, col in enumerate(frame.columns):
        s = frame.iloc[:, i]
        name = str(col).strip().lower()
        count = _is_count(name)
        given = digits.get(col) if isinstance(digits, Mapping) else (None if count else digits)
        kind = s.dtype.kind
        if name in P_COLUMNS and kind in "fiu":
            text = s.map(lambda v, nd=max(given or 3, 3): format_p(v, nd))
            right = True
        elif kind == "b":
            text, right = s.map({True: _("yes"), False: _("no")}), False
        elif kind == "f":
            nd = given if given is not None else (0 if count else 1)
            text, right = s.map(lambda v, nd=nd: format_number(v, nd)), True
        elif kind in "iu" or str(s.dtype) in ("Int64", "Int32", "UInt64"):
            plain = "wave" in name or "year" in name
            text = s.map(lambda v, plain=plain: "–" if is_missing(v) else
                         (str(int(v)) if plain else f"{int(v):,}"))
            right = True
        else:
            text = s.map(lambda v: "–" if is_missing(v) else str(v))
            right = _numeric_column(text)
        out[i] = text
        align.append("right" if right else "left")
    out.columns = list(frame.columns)
    return out, align


def table_markdown(table: Table | pd.DataFrame, digits: int | Mapping[str, int] = 1) -> str:
    """A table as a Markdown pipe table: cells formatted by data column
    (:func:`format_cells`), then the headers of the :class:`Table` put on. Cells are printed
    as they are (tabulate never re-parses them, so ``"76.0"`` stays ``"76.0"``). Private
    columns (:data:`PRIVATE`) are refused.

    Example
    -------
    >>> import numpy as np
    >>> print(table_markdown(pd.DataFrame({"a": [1.234, np.nan], "p": [0.2, 1e-9]}), 2))
    |    a |      p |
    |-----:|-------:|
    | 1.23 |  0.200 |
    |    – | <0.001 |
    """
    t = table if isinstance(table, Table) else Table(table)
    bad = [c for c in t.data.columns if str(c).lower() in PRIVATE]
    if bad:
        raise ValueError(f"refusing to publish respondent-level columns {bad}")
    cells, align = format_cells(t.data, digits)
    # text cells and headers carry labels and codes from the user's files: inert, so that
    # nothing in them renders as Markdown, HTML or a MyST role (numbers are our own format)
    for i, side in enumerate(align):
        if side == "left":
            cells.iloc[:, i] = cells.iloc[:, i].map(inert)
    cells.columns = [inert(t.header(c)) for c in t.data.columns]
    return cells.to_markdown(index=False, colalign=align, disable_numparse=True)


def show_table(table: Table | pd.DataFrame, digits: int | Mapping[str, int] = 1) -> None:
    """Display :func:`table_markdown` in a notebook (as Markdown, so the book renders it).

    Example
    -------
    >>> show_table(pd.DataFrame({"n": [3]}))
    <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    display(Markdown(table_markdown(table, digits)))


def show_tables(tables: Iterable[Table | pd.DataFrame],
                digits: int | Mapping[str, int] = 1) -> None:
    """:func:`show_table` for each of several tables, in order (none: nothing is shown).

    Example
    -------
    >>> show_tables([pd.DataFrame({"n": [3]}), pd.DataFrame({"n": [4]})])
    <IPython.core.display.Markdown object>
    <IPython.core.display.Markdown object>
    """
    for table in tables:
        show_table(table, digits)


def show_sentence(text: str) -> None:
    """Display a plain sentence (it may hold labels from the user's files): shown as written,
    never as markup (:func:`csvalue.report.inert.inert`).

    Example
    -------
    >>> show_sentence("The <b>EMR</b> division")
    <IPython.core.display.Markdown object>
    """
    if text:   # an empty sentence shows nothing, not an empty paragraph
        show_markdown(inert(text))


def show_markdown(text: str) -> None:
    """Display Markdown written by the report itself (the book renders it as MyST); any label
    or value from the user's files in it must have been made inert where it was put in.

    Example
    -------
    >>> show_markdown("- one finding")
    <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    display(Markdown(text))
