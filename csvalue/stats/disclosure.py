"""Disclosure control of published cross-tabulations: small cells are blanked, and so are the
cells that would let a reader recover them from a published total.

- :func:`primary_suppression` — the cells blanked for their own sake (count below a minimum);
- :func:`complementary_suppression` — the secondary cells that protect them;
- :func:`disclosure_safe` — whether a blanking pattern leaves no cell recoverable;
- :func:`suppress_small_cells` — both steps on a tidy table of counts and shares.

Example
-------
>>> counts = np.array([[3, 20, 40], [15, 30, 50]])
>>> mask = complementary_suppression(counts, primary_suppression(counts, 5))
>>> mask.astype(int).tolist(), disclosure_safe(mask)
([[1, 1, 0], [1, 1, 0]], True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


def primary_suppression(counts: ArrayLike, minimum: int) -> np.ndarray:
    """The cells too small to publish: a count below ``minimum`` (empty cells included).

    Example
    -------
    >>> primary_suppression(np.array([[0, 4, 5]]), 5).tolist()
    [[True, True, False]]
    """
    return np.asarray(counts, dtype=float) < minimum


def complementary_suppression(counts: ArrayLike, primary: ArrayLike, row_totals: bool = True,
                              column_totals: bool = True) -> np.ndarray:
    """Extend a primary suppression mask so that no blanked cell can be recovered by
    subtracting the published cells from a published total (secondary suppression).

    Whenever a row (if its total is published: ``row_totals``) or a column (``column_totals``)
    holds exactly one suppressed cell, its smallest published cell is suppressed too (ties:
    the first); rows and columns are revisited until nothing changes. Afterwards each
    suppressed cell shares its row, and its column, with at least one other suppressed cell,
    unless that row or column has no published total (or no other cell).

    Parameters
    ----------
    counts : r × c cell counts.
    primary : r × c booleans, the cells blanked for their own sake (e.g. n < 5).
    row_totals, column_totals : whether the row and the column totals are published.

    Returns the r × c mask of every cell to blank (primary and secondary).

    Example
    -------
    >>> counts = np.array([[3, 20, 40], [15, 30, 50]])
    >>> complementary_suppression(counts, counts < 5).astype(int).tolist()
    [[1, 1, 0], [1, 1, 0]]
    """
    c = np.asarray(counts, dtype=float)
    mask = np.array(primary, dtype=bool)
    if c.ndim != 2 or c.shape != mask.shape:
        raise ValueError(f"counts {c.shape} and mask {mask.shape} must have one 2-d shape")
    views = [(m, v) for m, v, published in ((mask, c, row_totals), (mask.T, c.T, column_totals))
             if published]
    changed = True
    while changed:
        changed = False
        for m, v in views:        # m is mask or its transpose (a view: writes go to mask)
            for i in np.flatnonzero(m.sum(axis=1) == 1):
                shown = np.flatnonzero(~m[i])
                if len(shown):
                    m[i, shown[np.argmin(v[i, shown])]] = True
                    changed = True
    return mask


def disclosure_safe(mask: np.ndarray, row_totals: bool = True,
                    column_totals: bool = True) -> bool:
    """Whether no suppressed cell can be recovered by subtraction: each one's row and column
    hold at least two suppressed cells, or have no published total.

    Example
    -------
    >>> disclosure_safe(np.array([[True, False], [False, False]]))
    False
    >>> disclosure_safe(np.array([[True, False], [False, False]]), column_totals=False,
    ...                 row_totals=False)
    True
    """
    m = np.asarray(mask, dtype=bool)
    rows_ok = (m.sum(axis=1) != 1) | (not row_totals)
    cols_ok = (m.sum(axis=0) != 1) | (not column_totals)
    return bool(((rows_ok[:, None] & cols_ok[None, :]) | ~m).all())


def suppress_small_cells(table: pd.DataFrame, count_cols: list[str], minimum: int,
                         row_totals: bool = True, column_totals: bool = True) -> pd.DataFrame:
    """Blank cross-tab counts below the disclosure threshold, and their ``<col>_pct`` shares,
    with complementary suppression (:func:`complementary_suppression`).

    The rows of ``table`` are the rows of the cross-tab and ``count_cols`` its columns. By
    default both margins count as published (a row ``n`` in the table, column totals
    elsewhere), so a row or column never has just one blank cell. Adds ``suppressed``
    (number of blanked cells per row). Other columns are kept as they are: only what is
    published is blanked.

    Example
    -------
    >>> t = pd.DataFrame({"a": [3, 10], "b": [20, 30], "c": [40, 50]})
    >>> suppress_small_cells(t, ["a", "b", "c"], 5)[["a", "b", "c"]].to_numpy().tolist()
    [[nan, nan, 40.0], [nan, nan, 50.0]]
    """
    out = table.copy()
    counts = out[count_cols].to_numpy(dtype=float)
    blank = complementary_suppression(counts, primary_suppression(counts, minimum), row_totals,
                                      column_totals)
    for j, c in enumerate(count_cols):
        out[c] = out[c].astype(float).where(~blank[:, j])
        if f"{c}_pct" in out.columns:
            out[f"{c}_pct"] = out[f"{c}_pct"].where(~blank[:, j])
    out["suppressed"] = blank.sum(axis=1)
    return out
