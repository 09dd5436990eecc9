"""One way to write a number, an interval and an estimate (csvalue.report.format)."""

from __future__ import annotations

import numpy as np
import pytest

from csvalue.report.format import (MINUS, NBSP, estimate_text, format_number, interval_text,
                                   is_missing, number_word, short_number)


def test_one_notation_for_every_interval():
    assert estimate_text(76.04, 73.51, 78.44) == f"76.0{NBSP}[73.5,{NBSP}78.4]"
    assert estimate_text(-10.47, -17.88, -2.83) == f"−10.5{NBSP}[−17.9,{NBSP}−2.8]"
    assert estimate_text(-3.0, -9.0, 2.0, unit=" points") == (
        f"−3.0{NBSP}points{NBSP}[−9.0,{NBSP}2.0]")
    assert interval_text(-9.0, 2.0) == f"[−9.0,{NBSP}2.0]"
    assert interval_text(np.nan, 2.0) == "–"
    assert estimate_text(np.nan, 1, 2) == "–" and estimate_text(5.0, np.nan, np.nan) == "5.0"


def test_an_interval_never_breaks_and_never_carries_a_hyphen_minus():
    text = estimate_text(-1234.5, -2000.25, -3.5, 1, unit=" points")
    assert " " not in text and "-" not in text and text.count(MINUS) == 3


def test_numbers():
    assert format_number(1234.567, 2) == "1,234.57" and format_number(-0.04) == "0.0"
    assert format_number(-0.0001, 2) == "0.00"                 # never a signed zero
    assert format_number(-2.0, 1) == "−2.0" and format_number(-1234.5, 0) == "−1,234"
    assert format_number(0.0, sign=True) == "0.0" and format_number(2.25, sign=True) == "+2.2"
    assert format_number(-1.5, sign=True) == "−1.5" and format_number(None) == "–"
    assert short_number(75.0) == "75" and short_number(72.5) == "72.5"
    assert number_word(0) == "no" and number_word(10) == "ten" and number_word(11) == "11"
    assert is_missing(np.nan) and is_missing(None) and not is_missing("") and not is_missing(0)
