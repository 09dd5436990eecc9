"""Numbers and words for readers: p-values, numbers, plurals, lists, index names.

A light module (pandas only) shared by the display helpers of :mod:`csvalue.report` and the
chapter tables built in :mod:`csvalue.model.segments`, :mod:`csvalue.pipeline.trends`,
:mod:`csvalue.model.disc` and :mod:`csvalue.model.competitor`, so that every table writes a p-value, a
change or a list the same way.
"""

from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

#: Display names of the index ids.
INDEX_LABELS = {"cs": "CS", "repurchase": "Repurchase", "recommend": "Recommend", "cls": "CLS",
                "cvi": "CVI", "nps": "NPS"}


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


def join_words(items: Iterable[str], conjunction: str = "and") -> str:
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


def format_number(v: Any, digits: int = 1, sign: bool = False) -> str:
    """A number with thousands separators and ``digits`` decimals; never ``"-0.0"``; NaN → en
    dash; ``sign=True`` adds ``+`` to positive numbers (a change) and uses a true minus."""
    if v is None or pd.isna(v):
        return "–"
    text = f"{float(v):,.{digits}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if sign:
        text = text.replace("-", "−") if text.startswith("-") else (
            text if float(text.replace(",", "")) == 0 else "+" + text)
    return text
