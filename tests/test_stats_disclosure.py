"""csvalue.stats.disclosure: primary and complementary suppression of published cross-tabs."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from csvalue.stats.disclosure import (complementary_suppression, disclosure_safe,
                                      primary_suppression, suppress_small_cells)


def test_primary_suppression_is_below_the_minimum_including_empty_cells():
    assert primary_suppression(np.array([[0, 4, 5, 6]]), 5).tolist() == [[True, True, False, False]]
    # nothing is blanked with a minimum of 0
    assert not primary_suppression(np.array([[0, 1]]), 0).any()


def test_suppress_small_cells_blanks_counts_and_shares_only():
    t = pd.DataFrame({"segment": ["a", "b"], "x": [3, 1], "y": [2, 0], "z": [20, 30],
                      "x_pct": [12.0, 3.2], "y_pct": [8.0, 0.0], "z_pct": [80.0, 96.8],
                      "target": [True, False]})
    out = suppress_small_cells(t, ["x", "y", "z"], 5)
    # x and y are under the threshold in both rows (0 < 5 too): each row and each of those
    # columns holds two blanks, so nothing more is needed
    assert out[["x", "y", "x_pct", "y_pct"]].isna().all().all()
    assert out["z"].tolist() == [20, 30] and out["z_pct"].tolist() == [80.0, 96.8]
    assert out["suppressed"].tolist() == [2, 2]
    assert out["target"].tolist() == [True, False] and t.loc[0, "x"] == 3   # input untouched


def test_a_lone_blank_cell_cannot_be_recovered_from_the_row_total():
    """The audit's case: n = 227 with 11 + 88 + 127 shown gives the blank cell away."""
    t = pd.DataFrame({"segment": ["a", "b", "c"], "n": [227, 300, 250],
                      "loyalist": [1, 40, 60], "apostle": [11, 30, 20],
                      "love-hate": [88, 130, 90], "inferior": [127, 100, 80]})
    cols = ["loyalist", "apostle", "love-hate", "inferior"]
    out = suppress_small_cells(t, cols, 5)
    blank = out[cols].isna().to_numpy()
    # the next-smallest cell of the row (apostle 11) goes too; then the loyalist and apostle
    # columns each hold one blank, so their smallest other cells (b 40, c 20) go as well;
    # then rows b and c each hold one blank, and their smallest other cells go
    assert blank.astype(int).tolist() == [[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]]
    assert disclosure_safe(blank)
    # every row's total minus its shown cells is shared by at least two blanks
    assert (blank.sum(axis=1) != 1).all()
    # columns are followed only when their totals are published
    rows_only = suppress_small_cells(t, cols, 5, column_totals=False)
    assert rows_only[cols].isna().to_numpy().astype(int).tolist() == [[1, 1, 0, 0],
                                                                     [0, 0, 0, 0],
                                                                     [0, 0, 0, 0]]


def _recoverable(mask):
    """Suppressed cells alone in their row or column (both margins published)."""
    return [(i, j) for i, j in zip(*np.nonzero(mask))
            if mask[i].sum() < 2 or mask[:, j].sum() < 2]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda r: st.integers(2, 6).flatmap(
    lambda c: st.lists(st.lists(st.integers(0, 40), min_size=c, max_size=c),
                       min_size=r, max_size=r))))
def test_complementary_suppression_leaves_no_cell_recoverable(rows):
    counts = np.array(rows)
    primary = counts < 5
    mask = complementary_suppression(counts, primary)
    assert (mask >= primary).all()                    # every small cell stays blank
    if len(counts) >= 2:
        # every blank has a second blank in its row and its column
        assert _recoverable(mask) == [] and disclosure_safe(mask)
    else:
        assert (mask.sum(axis=1) != 1).all()          # one row: its total is the only margin
    # stable: applying it again blanks nothing more
    assert (complementary_suppression(counts, mask) == mask).all()


def test_a_table_without_published_totals_needs_no_complement():
    counts = np.array([[3, 20], [30, 40]])
    mask = complementary_suppression(counts, primary_suppression(counts, 5), row_totals=False,
                                     column_totals=False)
    assert mask.astype(int).tolist() == [[1, 0], [0, 0]]
    assert disclosure_safe(mask, row_totals=False, column_totals=False)
    assert not disclosure_safe(mask)
