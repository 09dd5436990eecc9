"""One way to write a number, an interval and an estimate (csvalue.report.format)."""

from __future__ import annotations

import numpy as np
import pytest

from csvalue.report.format import (INTERVAL_STYLES, estimate_text, format_number, interval_text,
                                   is_missing, number_word, short_number)


def test_estimate_in_brackets_as_the_segment_tables_show_it():
    assert estimate_text(76.04, 73.51, 78.44) == "76.0 [73.5, 78.4]"
    assert estimate_text(-10.47, -17.88, -2.83) == "−10.5 [−17.9, −2.8]"
    assert estimate_text(np.nan, 1, 2) == "–" and estimate_text(5.0, np.nan, np.nan) == "5.0"


@pytest.mark.parametrize("style, interval, estimate", [
    ("brackets", "[−9.0, 2.0]", "−3.0 points [−9.0, 2.0]"),
    ("dash", "-9.0–2.0", "-3.0 points (-9.0–2.0)"),
    ("words", "95% CI -9.0 to 2.0", "-3.0 points (95% CI -9.0 to 2.0)"),
])
def test_every_style(style, interval, estimate):
    assert interval_text(-9.0, 2.0, style=style) == interval
    assert estimate_text(-3.0, -9.0, 2.0, style=style, unit=" points") == estimate
    assert interval_text(np.nan, 2.0, style=style) == "–"


def test_an_unknown_style_is_refused():
    assert set(INTERVAL_STYLES) == {"brackets", "dash", "words"}
    with pytest.raises(ValueError, match="interval style"):
        interval_text(1, 2, style="parens")


def test_numbers():
    assert format_number(1234.567, 2) == "1,234.57" and format_number(-0.04) == "0.0"
    assert format_number(-0.04, true_minus=True) == "0.0"       # never a signed zero
    assert format_number(-2.0, 1, true_minus=True) == "−2.0"
    assert format_number(0.0, sign=True) == "0.0" and format_number(2.25, sign=True) == "+2.2"
    assert format_number(-1.5, sign=True) == "−1.5" and format_number(None) == "–"
    assert short_number(75.0) == "75" and short_number(72.5) == "72.5"
    assert number_word(0) == "no" and number_word(10) == "ten" and number_word(11) == "11"
    assert is_missing(np.nan) and is_missing(None) and not is_missing("") and not is_missing(0)
