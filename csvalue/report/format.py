"""Numbers and words for readers: numbers, p-values, intervals, plurals, lists, index names.

A light module (pandas only) that every table, sentence and chart of :mod:`csvalue.report`
uses, so that a p-value, a change, an interval or a list is written the same way everywhere.

Example
-------
>>> format_number(1234.56), format_p(2e-9), format_number(-2.83)
('1,234.6', '<0.001', '−2.8')
>>> estimate_text(76.56, 75.82, 77.29).replace(NBSP, " ")
'76.6 [75.8, 77.3]'
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import pandas as pd

from csvalue.report.i18n import N_, Messages, _, number_symbols

__all__ = ["INDEX_LABELS", "MINUS", "NBSP", "estimate_text", "format_number", "format_p",
           "interval_text", "is_missing", "join_words", "lower_first", "number_word",
           "p_phrase", "plural", "short_number", "true_minus", "upper_first"]

#: Display names of the index ids.
INDEX_LABELS = Messages({"cs": N_("CS"), "repurchase": N_("Repurchase"),
                         "recommend": N_("Recommend"), "cls": N_("CLS"), "cvi": N_("CVI"),
                         "nps": N_("NPS")})


def plural(n: float, singular: str, plural_form: str | None = None,
           with_number: bool = True) -> str:
    """``"1 wave"``, ``"2 waves"``: the noun agreeing with ``n`` (``plural_form`` for irregular
    nouns), with the number in front unless ``with_number=False``.

    Example
    -------
    >>> plural(1, "wave"), plural(2, "wave"), plural(3, "is", "are", with_number=False)
    ('1 wave', '2 waves', 'are')
    """
    word = singular if n == 1 else (plural_form or singular + "s")
    if not with_number:
        return word
    number = f"{n:,}" if float(n).is_integer() else f"{n:,.1f}"
    return f"{number.removesuffix('.0')} {word}"


def join_words(items: Iterable[str], conjunction: str = N_("and")) -> str:
    """A list in prose: ``"a"``, ``"a and b"``, ``"a, b and c"``. When an item itself contains
    a comma (e.g. the label "Time, cost and work efficiency"), items are separated by
    semicolons so that the list stays readable: ``"a; time, cost and work efficiency; and c"``.

    Example
    -------
    >>> join_words(["peace of mind"]), join_words(["a", "b", "c"])
    ('peace of mind', 'a, b and c')
    >>> join_words(["stable operations", "time, cost and work efficiency"])
    'stable operations; and time, cost and work efficiency'
    """
    items = [str(i) for i in items]
    conjunction = _(conjunction)
    if len(items) <= 1:
        return "".join(items)
    if any("," in i for i in items):
        return "; ".join(items[:-1]) + f"; {conjunction} " + items[-1]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def format_p(p: float, digits: int = 3) -> str:
    """A p-value for a table: ``"<0.001"`` below 10^-digits, else rounded; NaN → en dash.

    Example
    -------
    >>> format_p(2.5e-40), format_p(0.01390), format_p(float("nan"))
    ('<0.001', '0.014', '–')
    """
    if p is None or pd.isna(p):
        return "–"
    p = float(p)
    floor = 10.0 ** -digits
    if p < floor:
        return f"<{floor:.{digits}f}"
    return f"{min(p, 1.0):.{digits}f}"


def p_phrase(p: float, digits: int = 3) -> str:
    """A p-value for prose: ``"p < 0.001"`` or ``"p = 0.014"``."""
    text = format_p(p, digits)
    return f"p < {text[1:]}" if text.startswith("<") else f"p = {text}"


def is_missing(v: Any) -> bool:
    """True for None and NaN (a missing number or cell); text, even empty, is not missing.

    Example
    -------
    >>> is_missing(None), is_missing(float("nan")), is_missing(""), is_missing(0)
    (True, True, False, False)
    """
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


#: The minus sign of every number a reader sees (U+2212, not the ASCII hyphen-minus).
MINUS = "\u2212"
#: The space inside an interval and between an estimate and its interval: non-breaking, so
#: that a narrow table cell never wraps an interval mid-range.
NBSP = "\u00a0"


def true_minus(text: str) -> str:
    """``text`` with the hyphen-minus of each negative number turned into a true minus sign: a
    hyphen directly before a digit, not after a letter, digit or another dash (so "-1.75"
    and "(-3" change, "1-5", "b-2" and "2024-25" do not).

    Example
    -------
    >>> true_minus("a gap of -1.75"), true_minus("1-5 scale, 2024-25, x-1")
    ('a gap of −1.75', '1-5 scale, 2024-25, x-1')
    """
    return _HYPHEN_NEGATIVE.sub(MINUS, text)


_HYPHEN_NEGATIVE = re.compile(r"(?<![\w\-–−.,/])-(?=\.?\d)")


def format_number(v: Any, digits: int = 1, sign: bool = False) -> str:
    """A number with thousands separators and ``digits`` decimals and a true minus sign
    (:data:`MINUS`); never ``"−0.0"``; NaN → en dash; ``sign=True`` adds ``+`` to positive
    numbers (a change).

    Example
    -------
    >>> format_number(-0.04), format_number(2.25, sign=True), format_number(-3, 0)
    ('0.0', '+2.2', '−3')
    >>> format_number(-1234.5)
    '−1,234.5'
    """
    if is_missing(v):
        return "–"
    text = f"{float(v):,.{digits}f}"
    point, group = number_symbols()
    if (point, group) != (".", ","):   # the language's own separators (Babel's CLDR data)
        text = text.translate(str.maketrans({".": point, ",": group}))
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    text = text.replace("-", MINUS)
    if sign and not text.startswith(MINUS) and float(text.replace(",", "")) != 0:
        text = "+" + text
    return text


def interval_text(low: float, high: float, digits: int = 1) -> str:
    """A 95% interval as the report writes every interval, in tables and in sentences:
    ``[low, high]`` with true minus signs and a non-breaking space after the comma; an en dash
    when either end is missing. The methods appendix says once that brackets hold the 95%
    interval.

    Example
    -------
    >>> interval_text(73.51, 78.44).replace(NBSP, " "), interval_text(-17.88, -2.83) == (
    ...     "[−17.9," + NBSP + "−2.8]")
    ('[73.5, 78.4]', True)
    >>> interval_text(float("nan"), 2.0)
    '–'
    """
    if is_missing(low) or is_missing(high):
        return "–"
    return f"[{format_number(low, digits)},{NBSP}{format_number(high, digits)}]"


def estimate_text(value: float, low: float, high: float, digits: int = 1,
                  unit: str = "") -> str:
    """An estimate with its 95% interval (:func:`interval_text`) after a non-breaking space,
    ``unit`` after the value: an en dash when the value is missing (suppressed), the value
    alone when the interval is.

    Example
    -------
    >>> estimate_text(-10.47, -17.88, -2.83).replace(NBSP, " ")
    '−10.5 [−17.9, −2.8]'
    >>> estimate_text(5.1, 0.5, 9.8, unit=" points").replace(NBSP, " ")
    '5.1 points [0.5, 9.8]'
    >>> estimate_text(float("nan"), 1, 2), estimate_text(5.0, float("nan"), float("nan"))
    ('–', '5.0')
    """
    if is_missing(value):
        return "–"
    shown = format_number(value, digits) + unit.replace(" ", NBSP)
    interval = interval_text(low, high, digits)
    return shown if interval == "–" else f"{shown}{NBSP}{interval}"


def short_number(v: float) -> str:
    """A goal or threshold as it was typed: ``75`` → ``"75"``, ``72.5`` → ``"72.5"``.

    Example
    -------
    >>> short_number(75.0), short_number(72.5)
    ('75', '72.5')
    """
    return f"{v:g}"


# ---------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------

def lower_first(text: str) -> str:
    """A label inside a sentence: ``"Peace of mind"`` → ``"peace of mind"``, but acronyms
    stay (``"EMR software"``, ``"A/S"``).

    Example
    -------
    >>> lower_first("Peace of mind"), lower_first("EMR software"), lower_first("A/S")
    ('peace of mind', 'EMR software', 'A/S')
    """
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and text[1] != "/":
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    """Capitalise the first letter only (``"peace of mind"`` → ``"Peace of mind"``).

    Example
    -------
    >>> upper_first("time, cost and work efficiency")
    'Time, cost and work efficiency'
    """
    return text[:1].upper() + text[1:]


_NUMBER_WORDS = (N_("no"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"),
                 N_("seven"), N_("eight"), N_("nine"), N_("ten"))


def number_word(n: int) -> str:
    """``3`` → ``"three"`` (up to ten; digits beyond).

    Example
    -------
    >>> number_word(3), number_word(12_000)
    ('three', '12,000')
    """
    return _(_NUMBER_WORDS[n]) if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"
