"""Multiple comparisons: p-values adjusted over a family of tests.

A page that tests a *family* — every division on every index, every profile variable against
the segments, every index between every pair of waves — makes many tests at once, and some
will pass p < .05 by chance alone. The flags of such a family use adjusted p-values:

- :func:`holm` — Holm's step-down adjustment: controls the family-wise error rate (the chance
  of *any* false flag) under any dependence between the tests;
- :func:`benjamini_hochberg` — the Benjamini–Hochberg step-up adjustment: controls the false
  discovery rate (the expected share of false flags among the flags), valid for independent or
  positively dependent tests;
- :func:`adjust` — either of them (or none) by the name the settings use (:data:`METHODS`),
  skipping missing p-values;
- :func:`adjust_families` — a tidy table's ``p_adjusted`` column, adjusting within each
  family (a group of rows).

The default (``Settings.p_adjust``) is Holm: each flag of the report is read as a claim on its
own ("CVI rose"), which is the family-wise error Holm controls; the families are small (tens
of tests), where Holm costs little power; and the tests of a family share respondents (CVI
contains CS and CLS), a dependence Holm needs no assumption about.
``tests/test_stats_multitest.py`` checks both against ``statsmodels.stats.multitest``.

Example
-------
>>> p = [0.01, 0.04, 0.03, 0.005]
>>> holm(p).round(3).tolist(), benjamini_hochberg(p).round(3).tolist()
([0.03, 0.06, 0.06, 0.02], [0.02, 0.04, 0.04, 0.02])
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from csvalue.errors import DataError

#: The adjustment methods by their settings name (``p_adjust``), with how the report names them.
METHODS = {"holm": "Holm's step-down adjustment (family-wise error rate)",
           "bh": "the Benjamini–Hochberg adjustment (false discovery rate)",
           "none": "no adjustment"}


def _checked(p: ArrayLike) -> np.ndarray:
    arr = np.asarray(p, dtype=float).ravel()
    bad = arr[~np.isnan(arr) & ((arr < 0) | (arr > 1))]
    if len(bad):
        raise DataError(f"a p-value must lie between 0 and 1; got {bad[0]!r}")
    return arr


def holm(p: ArrayLike) -> np.ndarray:
    """Holm's adjusted p-values: the k-th smallest of m times (m − k + 1), made
    non-decreasing in that order and capped at 1.

    Example
    -------
    >>> holm([0.02, 0.01]).tolist()
    [0.02, 0.02]
    """
    arr = _checked(p)
    m = len(arr)
    if m == 0:
        return arr
    order = np.argsort(arr, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * arr[order])
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


def benjamini_hochberg(p: ArrayLike) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values): the k-th smallest of m times m / k,
    made non-decreasing from the largest down and capped at 1.

    Example
    -------
    >>> benjamini_hochberg([0.02, 0.01]).tolist()
    [0.02, 0.02]
    """
    arr = _checked(p)
    m = len(arr)
    if m == 0:
        return arr
    order = np.argsort(arr, kind="stable")[::-1]          # largest first
    scaled = arr[order] * m / (m - np.arange(m))           # rank of the k-th largest: m − k
    out = np.empty(m)
    out[order] = np.minimum(np.minimum.accumulate(scaled), 1.0)
    return out


def adjust(p: ArrayLike, method: str = "holm") -> np.ndarray:
    """Adjusted p-values by ``method`` (:data:`METHODS`); a missing p (NaN) stays missing
    and does not count in the family.

    Example
    -------
    >>> adjust([0.01, np.nan, 0.04], "holm").tolist()
    [0.02, nan, 0.04]
    """
    if method not in METHODS:
        raise DataError(f"p_adjust is one of {', '.join(METHODS)}; got {method!r}")
    arr = _checked(p)
    out = arr.copy()
    ok = ~np.isnan(arr)
    if method == "holm":
        out[ok] = holm(arr[ok])
    elif method == "bh":
        out[ok] = benjamini_hochberg(arr[ok])
    return out


def adjust_families(table: pd.DataFrame, family: Sequence[str], method: str = "holm",
                    p: str = "p_value", column: str = "p_adjusted") -> pd.DataFrame:
    """``table`` with ``column``: its ``p`` adjusted within each family (the rows sharing the
    values of the ``family`` columns; ``[]`` = the whole table is one family). Row order and
    the other columns are kept.

    Example
    -------
    >>> t = pd.DataFrame({"wave": ["a", "a", "b"], "p_value": [0.01, 0.04, 0.04]})
    >>> adjust_families(t, ["wave"])["p_adjusted"].tolist()
    [0.02, 0.04, 0.04]
    """
    out = table.copy()
    values = np.full(len(out), np.nan)
    if len(out):
        groups = (out.groupby(list(family), sort=False, dropna=False).indices if family
                  else {None: np.arange(len(out))})
        pv = out[p].to_numpy(dtype=float)
        for rows in groups.values():
            values[rows] = adjust(pv[rows], method)
    out[column] = values
    return out
