"""The answers of one column checked against its codebook item: numbers, categories, text.

The rules live here, once:

- a cell is **missing** when, without the whitespace around it, it is empty or one of
  :data:`MISSING_TOKENS` in any case — one space, three spaces and a tab are all missing;
- a **number** is written with digits, an optional sign, a decimal point and an exponent
  (``3``, ``-0.5``, `` 4 ``, ``4.``, ``1e3``); anything else — ``1_0``, ``0x1``, ``inf``,
  ``TRUE``, ``3,5``, ``4\\x00`` — is ``not_a_number``, never read as some other number;
- a number outside the item's scale (``1e308``, ``99999999999999999999``) is
  ``out_of_range``; a fraction on a whole-number scale is ``not_a_whole_number``;
- a **category** matches a code, an English or a Korean label, in any case and without the
  whitespace around it; anything else is ``unknown_category``;
- an answer written as text the codebook maps (a scale point's ``labels:`` or a
  ``text_codes:`` spelling, in any case and without the whitespace around it: ``매우 만족``)
  is read as its code, in any file format.

Each check works on the distinct cell texts of a column (a column of a million answers holds
a handful of texts), so the rules cost one hash look-up per cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Item

#: Cell texts read as a missing answer (compared without surrounding whitespace, any case).
MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", ".", "-", "#n/a", "무응답"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_MISSING, _NUMBER_OK, _NOT_A_NUMBER = 1, 0, 2


@dataclass(frozen=True)
class Checked:
    """One column's answers after the checks.

    Attributes
    ----------
    values : the answers on the cells' rows: float for numbers, the codebook code for a
        category, the text for a text item; NaN where missing or rejected.
    missing : cells read as a missing answer.
    problems : (rows, reason) pairs: a boolean mask over the cells and the reject reason.
    """

    values: pd.Series
    missing: np.ndarray
    problems: list[tuple[np.ndarray, str]] = field(default_factory=list)

    def answered(self) -> int:
        """Cells that are not missing."""
        return int((~self.missing).sum())

    def rejected(self, reason: str) -> int:
        """Cells with a problem of ``reason``."""
        return int(sum(m.sum() for m, r in self.problems if r == reason))


def is_missing_text(text: str) -> bool:
    """Whether a cell text is a missing answer.

    Example
    -------
    >>> [is_missing_text(t) for t in ("", " ", "   ", "\\t", " N/A ", "무응답", "0", "x")]
    [True, True, True, True, True, True, False, False]
    """
    return text.strip().lower() in MISSING_TOKENS


def parse_number(text: str) -> float | None:
    """The number a cell text writes, or None when it is not written as a number.

    Example
    -------
    >>> [parse_number(t) for t in ("3", " -0.5 ", "4.", "1e3", "1_0", "inf", "TRUE", "4\\x00")]
    [3.0, -0.5, 4.0, 1000.0, None, None, None, None]
    """
    s = text.strip()
    return float(s) if _NUMBER.fullmatch(s) else None


def _distinct(cells: pd.Series) -> tuple[np.ndarray, pd.Index]:
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return codes, pd.Index(uniques)


def missing_mask(cells: pd.Series) -> np.ndarray:
    """Cells of a text column that are missing answers (see :func:`is_missing_text`)."""
    codes, uniques = _distinct(cells)
    miss = uniques.astype(str).str.strip().str.lower().isin(MISSING_TOKENS)
    return np.append(np.asarray(miss, dtype=bool), True)[codes]


def check_number(cells: pd.Series, item: Item,
                 written: Callable[[], pd.Series] | None = None) -> Checked:
    """Numbers of a scale or numeric item: text cells, or float cells (NaN = empty).

    ``written`` gives a float column's cells as the file writes them; it is asked only when a
    float cell is not finite (``inf`` is text a parser may have read as a number).

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> c = check_number(pd.Series(["3", " ", "7", "x", "2.5"]), load_codebook().item("cs"))
    >>> c.values.tolist()[:3], [(m.nonzero()[0].tolist(), r) for m, r in c.problems]
    ([3.0, nan, nan], [([3], 'not_a_number'), ([2], 'out_of_range'), ([4], 'not_a_whole_number')])
    """
    n = len(cells)
    if cells.dtype.kind == "f":
        x = cells.to_numpy(dtype=float).copy()
        miss = np.isnan(x)
        status = np.where(miss, _MISSING, _NUMBER_OK)
        odd = ~miss & ~np.isfinite(x)
        if odd.any():              # 'inf' in a CSV column of numbers: judge the text
            text = (written() if written is not None else pd.Series("inf", index=cells.index))
            for i in np.flatnonzero(odd):
                v = parse_number(str(text.iloc[i]))
                x[i] = np.nan if v is None else v
                status[i] = _NOT_A_NUMBER if v is None else _NUMBER_OK
    else:
        look = dict(item.answer_codes)
        codes, uniques = _distinct(cells)
        u_x = np.full(len(uniques) + 1, np.nan)
        u_status = np.full(len(uniques) + 1, _MISSING, dtype=np.int8)
        for j, u in enumerate(uniques):
            text = str(u)
            if is_missing_text(text):
                continue
            v = parse_number(text)
            if v is None and look:
                v = look.get(text.strip().lower())
            u_status[j] = _NOT_A_NUMBER if v is None else _NUMBER_OK
            if v is not None:
                u_x[j] = v
        x, status = u_x[codes], u_status[codes]
        miss = status == _MISSING
    number = status == _NUMBER_OK
    problems = [(status == _NOT_A_NUMBER, "not_a_number")]
    bad = ~number
    if item.scale is not None:
        lo, hi = item.scale
        with np.errstate(invalid="ignore"):
            out = number & ((x < lo) | (x > hi))
        problems.append((out, "out_of_range"))
        bad |= out
    else:
        out = number & ~np.isfinite(x)
        problems[0] = (problems[0][0] | out, "not_a_number")
        bad |= out
    if item.integer:
        with np.errstate(invalid="ignore"):
            frac = number & ~bad & (np.abs(x - np.round(x)) > 1e-9)
        problems.append((frac, "not_a_whole_number"))
        bad |= frac
    problems = [(m, r) for m, r in problems if m.any()]
    values = pd.Series(np.where(bad, np.nan, x), index=cells.index, dtype=float)
    return Checked(values, miss if n else np.zeros(0, dtype=bool), problems)


def category_lookup(item: Item) -> dict[str, str]:
    """Every accepted spelling (code, English and Korean label; lower case, no surrounding
    whitespace) → the code."""
    look: dict[str, str] = {}
    for code, en, ko in item.category_labels or tuple((c, c, c) for c in item.categories):
        for key in (code, en, ko):
            look.setdefault(str(key).strip().lower(), code)
    for text, code in item.answer_codes:
        look.setdefault(text, code)
    return look


def check_category(cells: pd.Series, item: Item) -> Checked:
    """Codes of a category item.

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> c = check_category(pd.Series(["EMR", " 약국관리 프로그램 ", "dental", "  "]),
    ...                    load_codebook().item("division"))
    >>> c.values.tolist(), c.missing.tolist(), c.rejected("unknown_category")
    (['emr', 'pms', nan, nan], [False, False, False, True], 1)
    """
    look = category_lookup(item)
    codes, uniques = _distinct(cells)
    u_code: list[str | None] = []
    u_miss = []
    for u in uniques:
        text = str(u)
        u_miss.append(is_missing_text(text))
        u_code.append(None if u_miss[-1] else look.get(text.strip().lower()))
    u_code.append(None)
    u_miss.append(True)
    code_arr = np.array(u_code, dtype=object)[codes]
    miss = np.array(u_miss, dtype=bool)[codes]
    unknown = ~miss & pd.isna(code_arr)
    values = pd.Series(code_arr, index=cells.index, dtype=object).where(~miss & ~unknown)
    return Checked(values, miss, [(unknown, "unknown_category")] if unknown.any() else [])


def check_text(cells: pd.Series, strip: bool = False) -> Checked:
    """A text item (an id, a comment): kept as written (``strip``: without the whitespace
    around it, as ids are matched); missing cells are NaN."""
    miss = missing_mask(cells)
    text = cells.astype(str)
    if strip:
        text = text.str.strip()
    return Checked(text.astype(object).where(~miss), miss)
