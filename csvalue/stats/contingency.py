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


# ---------------------------------------------------------------------------------------
# Survey weights: the Rao–Scott corrected test
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RaoScottTest:
    """The Rao–Scott (1981, 1984) second-order corrected test of independence of a weighted
    table.

    pearson : Pearson's X² of the weighted cell shares on the respondent count,
        ``n Σ (p̂_ij − p̂_i· p̂_·j)² / (p̂_i· p̂_·j)`` (too large when weights vary).
    deff : the mean generalized design effect ``tr(Δ) / d`` (1 for a simple random sample).
    f, df_num, df_den, p : ``F = X² / tr(Δ)`` on ``d₀ = tr(Δ)² / tr(Δ²)`` and ``(n − 1) d₀``
        degrees of freedom and its p-value (R ``survey``'s ``svychisq``, samplics'
        ``Pearson-Adj``).
    chi2 : the corrected chi-square ``F · d₀``, approximately χ² on ``d₀`` df.
    first_order_chi2, first_order_p : ``X² / deff`` on ``d = (r − 1)(c − 1)`` df.
    n, n_effective : respondents in the table and Kish's effective n of their weights.
    """

    pearson: float
    deff: float
    f: float
    df_num: float
    df_den: float
    p: float
    chi2: float
    first_order_chi2: float
    first_order_p: float
    n: int
    n_effective: float


def _cell_design(rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, r: int, c: int
                 ) -> tuple[np.ndarray, np.ndarray, int]:
    """Weighted cell shares (r·c, row-major) and their linearization covariance for a
    single-stage with-replacement design (each respondent its own unit):
    ``V = n/(n−1) Σ_k z_k z_kᵀ``, ``z_k = w_k (δ_k − p̂) / Σw``."""
    n = len(rows)
    cell = rows * c + cols
    delta = np.zeros((n, r * c))
    delta[np.arange(n), cell] = 1.0
    total = weights.sum()
    p = weights @ delta / total
    z = weights[:, None] * (delta - p) / total
    return p, n / (n - 1) * (z.T @ z), n


def rao_scott(rows: ArrayLike, cols: ArrayLike, weights: ArrayLike, shape: tuple[int, int]
              ) -> RaoScottTest:
    """Rao–Scott corrected chi-square test that two categorical variables are independent,
    from respondent-level codes and survey weights.

    Parameters
    ----------
    rows, cols : each respondent's row and column code (0 … r−1, 0 … c−1; negative = not in
        the table).
    weights : the respondents' survey weights.
    shape : (r, c). Rows and columns nobody is in are left out, as in
        :func:`chi2_independence`.

    The design-effect matrix is ``Δ = (X̃ᵀ V₀ X̃)⁻¹ (X̃ᵀ V X̃)``, with ``V`` the design
    covariance of the cell shares (:func:`_cell_design`), ``V₀ = (diag p̂ − p̂p̂ᵀ)/n`` that of a
    simple random sample, and ``X̃`` the interaction columns of the saturated model made
    ``V₀``-orthogonal to the main effects (as samplics' ``CrossTabulation`` builds it).
    ``tests/test_stats_contingency.py`` checks it against R ``survey``'s formulation of
    ``svychisq`` (another basis of the same contrasts) on samplics' design covariance, and its
    size under independence with unequal weights.

    Example
    -------
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.integers(0, 2, 400), rng.integers(0, 3, 400)
    >>> t = rao_scott(a, b, np.ones(400), (2, 3))
    >>> round(t.pearson, 4) == round(chi2_independence(np.histogram2d(a, b, (2, 3))[0]).chi2, 4)
    True
    >>> round(t.deff, 4)                                  # n/(n−1) when unweighted
    1.0025
    """
    rr, cc = np.asarray(rows, dtype=int), np.asarray(cols, dtype=int)
    w = np.asarray(weights, dtype=float)
    keep = (rr >= 0) & (cc >= 0) & ~np.isnan(w) & (w > 0)
    rr, cc, w = rr[keep], cc[keep], w[keep]
    used_r, used_c = np.unique(rr), np.unique(cc)
    n = len(rr)
    nan = RaoScottTest(np.nan, np.nan, np.nan, 0.0, 0.0, np.nan, np.nan, np.nan, np.nan, n,
                       float(w.sum() ** 2 / (w ** 2).sum()) if n else 0.0)
    if len(used_r) < 2 or len(used_c) < 2 or n < 3:
        return nan
    rr, cc = np.searchsorted(used_r, rr), np.searchsorted(used_c, cc)
    r, c = len(used_r), len(used_c)
    p, v, n = _cell_design(rr, cc, w, r, c)
    pr, pc = p.reshape(r, c).sum(axis=1), p.reshape(r, c).sum(axis=0)
    p0 = np.outer(pr, pc).ravel()
    pearson = float(n * ((p - p0) ** 2 / p0).sum())
    v0 = (np.diag(p) - np.outer(p, p)) / n
    # the saturated model's columns (treatment coding, cells row-major): main effects, and
    # the interactions made V0-orthogonal to them
    ri, ci = np.repeat(np.arange(r), c), np.tile(np.arange(c), r)
    x1 = np.column_stack([np.ones(r * c)] + [(ri == i) * 1.0 for i in range(1, r)]
                         + [(ci == j) * 1.0 for j in range(1, c)])
    x2 = np.column_stack([(ri == i) * (ci == j) * 1.0 for i in range(1, r)
                          for j in range(1, c)])
    x2t = x2 - x1 @ np.linalg.pinv(x1.T @ v0 @ x1, hermitian=True) @ (x1.T @ v0 @ x2)
    delta = np.linalg.solve(x2t.T @ v0 @ x2t, x2t.T @ v @ x2t)
    d = (r - 1) * (c - 1)
    tr, tr2 = float(np.trace(delta)), float(np.trace(delta @ delta))
    if not tr > 0:
        return nan
    d0 = tr * tr / tr2
    f = pearson / tr
    first = pearson * d / tr
    return RaoScottTest(pearson, tr / d, f, d0, (n - 1) * d0,
                        float(stats.f.sf(f, d0, (n - 1) * d0)), f * d0, first,
                        float(stats.chi2.sf(first, d)), n,
                        float(w.sum() ** 2 / (w ** 2).sum()))
