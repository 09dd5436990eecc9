"""Confidence intervals and two-sided p-values: the one place where an estimate, its standard
error and its degrees of freedom become an interval.

Every interval of the package goes through :func:`t_interval` (Student t with ``df`` degrees
of freedom, the standard normal when ``df`` is infinite), in the manner of statsmodels'
``weightstats`` module, whose intervals all go through one generic helper. The estimators
here (:func:`mean_interval`, :func:`group_mean_intervals`) only work out the estimate, its
standard error and its degrees of freedom; when the standard error changes (survey weights,
an effective sample size), it changes in the estimator and the interval follows.

With survey weights (``weights=``) the mean's standard error is the Taylor-linearization one
(:func:`csvalue.stats.weights.weighted_mean`) and the degrees of freedom are those of Kish's
effective sample size, ``n_eff − 1``; every result says ``n`` and ``n_effective``. Without
weights, or with every weight 1, ``n_effective = n`` and the figures are the unweighted ones
to the last bit.

Example
-------
>>> import numpy as np
>>> m = mean_interval(np.array([50.0, 70.0, 60.0, np.nan]))
>>> m.mean, m.se, m.n
(60.0, 5.773502691896258, 3)
>>> [round(v, 2) for v in (m.ci_low, m.ci_high)]
[35.16, 84.84]
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from csvalue.stats.weights import unit_weights, weighted_mean

#: The confidence level of every interval the report prints.
LEVEL = 0.95


def critical_value(level: float = LEVEL, df: float | np.ndarray = np.inf) -> float | np.ndarray:
    """The two-sided critical value: the ``(1 + level) / 2`` quantile of Student's t with
    ``df`` degrees of freedom, or of the standard normal where ``df`` is infinite.

    Parameters
    ----------
    level : confidence level, e.g. 0.95.
    df : degrees of freedom (a number or an array; ``np.inf`` for a z interval). Fewer than
        one give NaN.

    Example
    -------
    >>> round(critical_value(0.95), 6), round(critical_value(0.95, 10), 6)
    (1.959964, 2.228139)
    >>> critical_value(0.95, np.array([np.inf, 1.0])).round(3).tolist()
    [1.96, 12.706]
    """
    q = 0.5 + level / 2
    df = np.asarray(df, dtype=float)
    z = float(stats.norm.ppf(q))
    if df.ndim == 0:
        return z if np.isinf(df) else float(stats.t.ppf(q, df))
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(df), z, stats.t.ppf(q, df))


def two_sided_p(statistic: float | np.ndarray, df: float | np.ndarray = np.inf
                ) -> float | np.ndarray:
    """Two-sided p-value of a t statistic with ``df`` degrees of freedom (z where infinite).

    Example
    -------
    >>> round(two_sided_p(1.959964), 4), round(two_sided_p(2.228139, 10), 4)
    (0.05, 0.05)
    """
    stat = np.abs(np.asarray(statistic, dtype=float))
    df = np.asarray(df, dtype=float)
    if df.ndim == 0 and stat.ndim == 0:
        return float(2 * (stats.norm.sf(stat) if np.isinf(df) else stats.t.sf(stat, df)))
    return np.where(np.isinf(df), 2 * stats.norm.sf(stat), 2 * stats.t.sf(stat, df))


def t_interval(estimate: float | np.ndarray, se: float | np.ndarray,
               df: float | np.ndarray = np.inf, level: float = LEVEL
               ) -> tuple[float | np.ndarray, float | np.ndarray]:
    """The interval ``estimate ± critical_value(level, df) · se``.

    Parameters
    ----------
    estimate, se : the estimate and its standard error (numbers or arrays of one shape).
    df : degrees of freedom of the t reference distribution; ``np.inf`` (the default) gives
        the z interval.
    level : confidence level.

    Returns
    -------
    (low, high), numbers or arrays like ``estimate``; NaN where the standard error or the
    degrees of freedom are missing.

    Example
    -------
    >>> [round(v, 4) for v in t_interval(10.0, 1.0, 10)]
    [7.7719, 12.2281]
    >>> [round(v, 3) for v in t_interval(0.0, 1.0)]
    [-1.96, 1.96]
    """
    half = critical_value(level, df) * se
    return estimate - half, estimate + half


def percentile_interval(draws: np.ndarray, level: float = LEVEL, axis: int = 0
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of resampled estimates (e.g. bootstrap draws): their
    ``(1 − level)/2`` and ``(1 + level)/2`` quantiles along ``axis``.

    Example
    -------
    >>> lo, hi = percentile_interval(np.arange(1001.0))
    >>> float(lo), float(hi)
    (25.0, 975.0)

    Draws that could not be computed (NaN, e.g. a bootstrap resample in which an item did not
    vary) are left out: the interval is that of the draws that exist.

    >>> float(percentile_interval(np.append(np.arange(1001.0), np.nan))[1])
    975.0
    """
    pct = 100.0 * level
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # an all-NaN column gives NaN
        return tuple(np.nanpercentile(draws, [(100.0 - pct) / 2, (100.0 + pct) / 2],
                                      axis=axis))


@dataclass(frozen=True)
class MeanInterval:
    """A mean with its standard error ``s / √n`` and its t interval on ``n − 1`` df
    (weighted: the linearization standard error on ``n_effective − 1`` df)."""

    mean: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    n_effective: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def mean_interval(values: pd.Series | np.ndarray, level: float = LEVEL,
                  weights: pd.Series | np.ndarray | None = None) -> MeanInterval:
    """Mean, standard error and t interval of the non-missing values.

    The standard error is ``s / √n`` (``s`` with ``ddof=1``) and the interval uses Student's t
    with ``n − 1`` degrees of freedom. One value has a mean but no standard error; none has
    neither. With ``weights`` (aligned with ``values``): the weighted mean, its
    linearization standard error and ``n_effective − 1`` degrees of freedom.

    Example
    -------
    >>> m = mean_interval(pd.Series([50.0, 70.0, np.nan]))
    >>> m.mean, m.se, m.n
    (60.0, 10.0, 2)
    >>> mean_interval(np.array([3.0])).as_dict()
    {'mean': 3.0, 'se': nan, 'ci_low': nan, 'ci_high': nan, 'n': 1, 'n_effective': 1.0}
    >>> w = mean_interval(np.array([1.0, 2.0, 4.0]), weights=np.array([1.0, 1.0, 2.0]))
    >>> round(w.mean, 4), round(w.se, 4), w.n, round(w.n_effective, 4)
    (2.75, 0.9622, 3, 2.6667)
    """
    if not unit_weights(weights):
        e = weighted_mean(values, weights)
        if e.n < 2:
            return MeanInterval(e.mean, np.nan, np.nan, np.nan, e.n, e.n_effective)
        low, high = t_interval(e.mean, e.se, e.n_effective - 1, level)
        return MeanInterval(e.mean, e.se, float(low), float(high), e.n, e.n_effective)
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return MeanInterval(np.nan, np.nan, np.nan, np.nan, 0, 0.0)
    m = float(x.mean())
    if n == 1:
        return MeanInterval(m, np.nan, np.nan, np.nan, 1, 1.0)
    se = float(x.std(ddof=1) / np.sqrt(n))
    low, high = t_interval(m, se, n - 1, level)
    return MeanInterval(m, se, float(low), float(high), n, float(n))


def group_mean_intervals(values: pd.DataFrame, groups: Sequence[pd.Series],
                         level: float = LEVEL, weights: pd.Series | np.ndarray | None = None
                         ) -> pd.DataFrame:
    """:func:`mean_interval` of every column of ``values`` within every group, in one pass.

    Parameters
    ----------
    values : numeric columns (NaN = not answered), row-aligned by position with ``groups``.
    groups : one or more key Series (each named; the names become columns of the result).
        Rows with a missing key are left out.
    level : confidence level.
    weights : survey weights, row-aligned by position (default: unweighted); as in
        :func:`mean_interval`.

    Returns
    -------
    One row per column × group (columns in ``values`` order, groups in order of first
    appearance): the keys, ``variable``, ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n``
    (float; 0 where the group answered nothing in that column) and ``n_effective``.

    Example
    -------
    >>> v = pd.DataFrame({"x": [1.0, 2.0, 4.0, 7.0, 3.0, 5.0]})
    >>> g = pd.Series(["a", "a", "a", "b", "b", "b"], name="g")
    >>> group_mean_intervals(v, [g]).round(3)
       g variable   mean     se  ci_low  ci_high    n  n_effective
    0  a        x  2.333  0.882  -1.461    6.128  3.0          3.0
    1  b        x  5.000  1.155   0.032    9.968  3.0          3.0
    """
    if not unit_weights(weights):
        return _weighted_group_means(values, groups, np.asarray(weights, dtype=float), level)
    frame = pd.DataFrame({c: values[c].to_numpy(dtype=float) for c in values.columns})
    keys = [pd.Series(k.to_numpy(), name=k.name) for k in groups]
    g = frame.groupby(keys, sort=False, dropna=True)
    mean, std, count = g.mean(), g.std(), g.count()
    index = mean.index.to_frame(index=False)
    parts = []
    for col in frame.columns:
        n = count[col].to_numpy(dtype=float)
        m = mean[col].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            se = std[col].to_numpy() / np.sqrt(n)
        low, high = t_interval(m, se, n - 1, level)
        parts.append(index.assign(variable=col, mean=m, se=se, ci_low=low, ci_high=high, n=n,
                                  n_effective=n))
    if not parts:
        return pd.DataFrame(columns=[*index.columns, "variable", "mean", "se", "ci_low",
                                     "ci_high", "n", "n_effective"])
    return pd.concat(parts, ignore_index=True)


def _weighted_group_means(values: pd.DataFrame, groups: Sequence[pd.Series],
                          weights: np.ndarray, level: float) -> pd.DataFrame:
    """:func:`group_mean_intervals` with weights, from per-group sums in one pass:
    ``var = n/(n−1) · Σw²(y − ȳ)² / (Σw)²`` expanded into sums of w, wy, w², w²y, w²y²
    (:func:`csvalue.stats.weights.weighted_mean` row by row)."""
    keys = [pd.Series(k.to_numpy(), name=k.name) for k in groups]
    parts, index = [], None
    for col in values.columns:
        y = values[col].to_numpy(dtype=float)
        ok = ~np.isnan(y)
        w = np.where(ok, weights, 0.0)
        y0 = np.where(ok, y, 0.0)
        sums = pd.DataFrame({"n": ok.astype(float), "w": w, "wy": w * y0, "w2": w * w,
                             "w2y": w * w * y0, "w2y2": w * w * y0 * y0}
                            ).groupby(keys, sort=False, dropna=True).sum()
        index = sums.index.to_frame(index=False)
        n, sw, w2 = sums["n"].to_numpy(), sums["w"].to_numpy(), sums["w2"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            m = np.where(n > 0, sums["wy"].to_numpy() / sw, np.nan)
            ss = sums["w2y2"].to_numpy() - 2 * m * sums["w2y"].to_numpy() + m * m * w2
            se = np.where(n > 1, np.sqrt(np.maximum(n / (n - 1) * ss, 0.0)) / sw, np.nan)
            n_eff = np.where(w2 > 0, sw * sw / w2, 0.0)
        low, high = t_interval(m, se, n_eff - 1, level)
        parts.append(index.assign(variable=col, mean=m, se=se, ci_low=low, ci_high=high, n=n,
                                  n_effective=n_eff))
    if not parts:
        return group_mean_intervals(values, groups, level)
    return pd.concat(parts, ignore_index=True)
