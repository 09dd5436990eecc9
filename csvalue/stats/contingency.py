"""Tests of association in an r × c contingency table of counts.

One function per statistic, in the manner of pingouin's ``contingency`` module:

- :func:`expected_counts` — the counts expected under independence;
- :func:`chi2_independence` — Pearson's chi-square test (no continuity correction);
- :func:`cramers_v` — Cramér's V, the chi-square's effect size on 0–1;
- :func:`adjusted_residuals` — Haberman's adjusted standardized residuals, cell by cell;
- :func:`crosstab_test` — all of them at once, as the profile tables use them.

Empty rows and columns (all counts zero) carry no information about association: they are
left out of every statistic and get NaN cells, and do not count as degrees of freedom.

Example
-------
>>> t = np.array([[20, 10], [10, 20]])
>>> c = chi2_independence(t)
>>> round(c.chi2, 3), c.df, round(cramers_v(t), 3), adjusted_residuals(t).round(3).tolist()
(6.667, 1, 0.333, [[2.582, -2.582], [-2.582, 2.582]])
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats


@dataclass(frozen=True)
class Chi2Test:
    """Pearson's chi-square test of independence.

    chi2, df, p : statistic, degrees of freedom (of the non-empty table) and p-value.
    n : total count; min_expected : smallest expected count (the usual check that it is ≥ 5).
    """

    chi2: float
    df: int
    p: float
    n: int
    min_expected: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _nonempty(observed: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The counts as floats with the masks of the rows and columns that hold any count."""
    o = np.asarray(observed, dtype=float)
    if o.ndim != 2:
        raise ValueError(f"a contingency table is 2-dimensional; got shape {o.shape}")
    return o, o.sum(axis=1) > 0, o.sum(axis=0) > 0


def _testable(rmask: np.ndarray, cmask: np.ndarray) -> bool:
    return int(rmask.sum()) >= 2 and int(cmask.sum()) >= 2


def expected_counts(observed: ArrayLike) -> np.ndarray:
    """Counts expected under independence, ``E_ij = r_i c_j / n``.

    Returns an array of the table's shape, NaN in empty rows and columns (and everywhere
    when fewer than two rows or columns hold counts).

    Example
    -------
    >>> expected_counts(np.array([[10, 20, 30], [20, 20, 10]])).round(2).tolist()
    [[16.36, 21.82, 21.82], [13.64, 18.18, 18.18]]
    """
    o, rmask, cmask = _nonempty(observed)
    out = np.full(o.shape, np.nan)
    if _testable(rmask, cmask):
        out[np.ix_(rmask, cmask)] = stats.contingency.expected_freq(o[np.ix_(rmask, cmask)])
    return out


def chi2_independence(observed: ArrayLike) -> Chi2Test:
    """Pearson's chi-square test that rows and columns are independent.

    No continuity correction, so the statistic is the sum of squared Pearson residuals
    ``Σ (O − E)² / E``; ``df = (r − 1)(c − 1)`` over the non-empty rows and columns. With
    fewer than two of either the test is undefined: chi2, p and min_expected are NaN, df 0.

    Example
    -------
    >>> chi2_independence(np.array([[10, 20, 30], [20, 20, 10]])).as_dict()["df"]
    2
    >>> round(chi2_independence(np.array([[10, 20, 30], [20, 20, 10]])).chi2 * 36, 6)
    451.0
    """
    o, rmask, cmask = _nonempty(observed)
    if not _testable(rmask, cmask):
        return Chi2Test(np.nan, 0, np.nan, int(o.sum()), np.nan)
    sub = o[np.ix_(rmask, cmask)]
    chi2, p, df, e = stats.chi2_contingency(sub, correction=False)
    return Chi2Test(float(chi2), int(df), float(p), int(o.sum()), float(e.min()))


def cramers_v(observed: ArrayLike) -> float:
    """Cramér's V, ``√(χ² / (n (min(r, c) − 1)))`` over the non-empty rows and columns.

    Example
    -------
    >>> round(cramers_v(np.array([[20, 10], [10, 20]])), 4)
    0.3333
    """
    o, rmask, cmask = _nonempty(observed)
    test = chi2_independence(o)
    if np.isnan(test.chi2):
        return np.nan
    k = min(int(rmask.sum()), int(cmask.sum()))
    return float(np.sqrt(test.chi2 / (o.sum() * (k - 1))))


def adjusted_residuals(observed: ArrayLike) -> np.ndarray:
    """Haberman's adjusted standardized residuals,
    ``(O − E) / √(E (1 − r_i/n) (1 − c_j/n))``, approximately standard normal under
    independence (so |residual| > 1.96 marks a cell over- or under-represented at 5%).

    Returns an array of the table's shape, NaN in empty rows and columns.

    Example
    -------
    >>> adjusted_residuals(np.array([[20, 10], [10, 20], [0, 0]])).round(3).tolist()
    [[2.582, -2.582], [-2.582, 2.582], [nan, nan]]
    """
    o, rmask, cmask = _nonempty(observed)
    out = np.full(o.shape, np.nan)
    if _testable(rmask, cmask):
        sub = o[np.ix_(rmask, cmask)]
        e = stats.contingency.expected_freq(sub)
        n = sub.sum()
        r = sub.sum(axis=1, keepdims=True) / n
        c = sub.sum(axis=0, keepdims=True) / n
        out[np.ix_(rmask, cmask)] = (sub - e) / np.sqrt(e * (1 - r) * (1 - c))
    return out


def crosstab_test(observed: ArrayLike) -> dict:
    """Chi-square test, Cramér's V, expected counts and adjusted residuals of a table.

    Returns a dict: chi2, df, p, n, min_expected (:func:`chi2_independence`), cramers_v
    (:func:`cramers_v`), expected (:func:`expected_counts`) and adj_resid
    (:func:`adjusted_residuals`), the last two as arrays of the table's shape.

    Example
    -------
    >>> t = crosstab_test(np.array([[20, 10], [10, 20]]))
    >>> round(t["chi2"], 3), round(float(t["adj_resid"][0, 0]), 3)
    (6.667, 2.582)
    """
    return {**chi2_independence(observed).as_dict(), "cramers_v": cramers_v(observed),
            "expected": expected_counts(observed), "adj_resid": adjusted_residuals(observed)}
