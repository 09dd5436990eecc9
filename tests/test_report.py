"""csvalue.report: tables print what they format, readers see labels, headline sentences say
what the numbers support, goals are graded with their interval, charts keep text legible and
inside the frame. Small made-up results; no build needed."""

from __future__ import annotations

import doctest
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from csvalue import report  # noqa: E402
from csvalue import report as r  # noqa: E402


def test_doctests():
    assert doctest.testmod(report).failed == 0


# ---------------------------------------------------------------------------------------
# Tables: cells are printed as formatted
# ---------------------------------------------------------------------------------------

def rows(md: str) -> list[list[str]]:
    lines = md.splitlines()
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]


def test_formatted_cells_are_not_reparsed_by_tabulate():
    t = pd.DataFrame({"CVI": [76.0, 77.3], "p": [0.0, 0.2], "loading": [-0.001, 0.512],
                      "n": [1930, 45], "n_text": ["1,930", "45"]})
    md = r.table_markdown(t, {"CVI": 1, "loading": 2})
    body = rows(md)
    assert body[0][0] == "76.0" and body[1][0] == "77.3"        # not "76" beside "77.3"
    assert body[0][1] == "<0.001" and body[1][1] == "0.200"     # not "0"
    assert body[0][2] == "0.00"                                 # not "-0" or "-0.00"
    assert body[0][3] == "1,930" and body[0][4] == "1,930"      # not "1930" beside "1,930"


def test_float_counts_and_wave_numbers():
    t = pd.DataFrame({"n": [1930.0, np.nan], "wave": [2024, 2025], "share": [12.345, 1.0]})
    body = rows(r.table_markdown(t))
    assert body[0] == ["1,930", "2024", "12.3"] and body[1][0] == "–"


def test_numeric_columns_are_right_aligned_and_text_left():
    t = pd.DataFrame({"value": ["Peace of mind"], "β": [0.31], "95% CI": ["74.6–76.0"],
                      "cell": ["76.6 (75.8–77.3)"], "Grade": ["met"]})
    rule = r.table_markdown(t).splitlines()[1].strip("|").split("|")
    assert rule[0].startswith(":") and not rule[0].endswith(":")      # text: left
    assert all(c.endswith(":") and not c.startswith(":") for c in rule[1:4])  # numbers: right
    assert rule[4].startswith(":")


@pytest.mark.parametrize("p, text", [(0.0, "<0.001"), (2e-40, "<0.001"), (0.0009, "<0.001"),
                                     (0.001, "0.001"), (0.01390, "0.014"), (0.5, "0.500"),
                                     (np.nan, "–")])
def test_format_p(p, text):
    assert r.format_p(p) == text


def test_p_phrase():
    assert r.p_phrase(1e-9) == "p < 0.001" and r.p_phrase(0.0139) == "p = 0.014"


def test_private_columns_are_refused():
    with pytest.raises(ValueError):
        r.table_markdown(pd.DataFrame({"resp_id": ["C000001"]}))


# ---------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------

def test_plural():
    assert r.plural(1, "wave") == "1 wave" and r.plural(2, "wave") == "2 waves"
    assert r.plural(0, "grid") == "0 grids" and r.plural(2_000, "respondent") == "2,000 respondents"
    assert r.plural(1, "is", "are", with_number=False) == "is"
    assert r.plural(3, "is", "are", with_number=False) == "are"


def test_join_words():
    assert r.join_words([]) == ""
    assert r.join_words(["a"]) == "a"
    assert r.join_words(["a", "b"]) == "a and b"
    assert r.join_words(["a", "b", "c"]) == "a, b and c"
    joined = r.join_words(["stable operations", "time, cost and work efficiency", "x"])
    assert joined == "stable operations; time, cost and work efficiency; and x"
