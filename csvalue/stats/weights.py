"""Survey weights: the effective base, weighted moments and their standard errors, raking.

A survey weight says how many customers of the population a respondent stands for. Weighted
estimates are less precise than a simple random sample of the same size: Kish's **effective
sample size** ``n_eff = (Σw)² / Σw²`` is the size of a simple random sample as precise, and the
**design effect** of the weighting is ``deff = n / n_eff = 1 + CV²(w)``. Every interval of the
package that is built from a standard error uses ``n_eff`` for its degrees of freedom
(:mod:`csvalue.stats.intervals`); with all weights equal ``n_eff = n`` and every figure is the
unweighted one.

- :func:`kish_n`, :func:`design_effect` — the effective base of a set of weights;
- :func:`weighted_mean` — a weighted mean (a share is the mean of a 0/1 indicator) with its
  Taylor-linearization standard error, as survey packages (R ``survey``, Stata ``svy``,
  ``samplics``) give it for a single-stage with-replacement design:
  ``var = n/(n−1) · Σ w²(y − ȳ)² / (Σw)²``;
- :func:`weighted_corr` — the weighted correlation matrix (what the impact models, relative
  weights, Shapley and factor analysis are computed from);
- :func:`rake` — iterative proportional fitting of weights to target margins (Deming and
  Stephan 1940), with the convergence reported, and :func:`trim` — weights bounded relative
  to their mean, the bounds reached by trimming and re-raking in turn.

Example
-------
>>> w = np.array([1.0, 1.0, 2.0, 4.0])
>>> round(kish_n(w), 4), round(design_effect(w), 4)
(2.9091, 1.375)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from csvalue.errors import ConfigError, DataError

#: Raking stops when every margin is within this of its target (absolute share) …
RAKE_TOLERANCE = 1e-10
#: … or after this many sweeps over the margins.
RAKE_MAX_ITER = 1000


def unit_weights(weights: ArrayLike | None) -> bool:
    """Whether ``weights`` are absent or all equal to 1 (an unweighted sample).

    The estimators of the package take their unweighted formulas then, so that an unweighted
    run reproduces its figures to the last bit.

    Example
    -------
    >>> unit_weights(None), unit_weights([1.0, 1.0]), unit_weights([1.0, 2.0])
    (True, True, False)
    """
    return weights is None or bool(np.all(np.asarray(weights, dtype=float) == 1.0))


def kish_n(weights: ArrayLike) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²`` of the given (non-missing) weights.

    Example
    -------
    >>> kish_n([1.0, 1.0, 1.0]), kish_n([3.0, 1.0])
    (3.0, 1.6)
    >>> kish_n([])
    0.0
    """
    w = np.asarray(weights, dtype=float)
    w = w[~np.isnan(w)]
    ss = float((w ** 2).sum())
    return float(w.sum()) ** 2 / ss if ss > 0 else 0.0


def design_effect(weights: ArrayLike) -> float:
    """Kish's design effect of weighting, ``n / n_eff = n Σw² / (Σw)²`` (1 when unweighted).

    Example
    -------
    >>> design_effect([1.0, 1.0]), round(design_effect([3.0, 1.0]), 4)
    (1.0, 1.25)
    """
    w = np.asarray(weights, dtype=float)
    w = w[~np.isnan(w)]
    n_eff = kish_n(w)
    return len(w) / n_eff if n_eff > 0 else float("nan")


@dataclass(frozen=True)
class WeightedMean:
    """A weighted mean, its linearization standard error, its count and effective count."""

    mean: float
    se: float
    n: int
    n_effective: float


def weighted_mean(values: ArrayLike, weights: ArrayLike) -> WeightedMean:
    """Weighted mean of the non-missing values and its Taylor-linearization standard error.

    ``ȳ = Σwy / Σw`` and ``var(ȳ) = n/(n−1) · Σ w²(y − ȳ)² / (Σw)²`` (the ratio estimator of a
    single-stage with-replacement design, as R ``survey``'s ``svymean`` and ``samplics``
    give it); with all weights 1 this is ``s² / n``. A share is the weighted mean of a 0/1
    indicator.

    Example
    -------
    >>> m = weighted_mean([1.0, 2.0, 4.0, np.nan], [1.0, 1.0, 2.0, 5.0])
    >>> round(m.mean, 4), round(m.se, 4), m.n, round(m.n_effective, 4)
    (2.75, 0.9622, 3, 2.6667)
    """
    y = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    keep = ~np.isnan(y) & ~np.isnan(w)
    y, w = y[keep], w[keep]
    n = len(y)
    if n == 0:
        return WeightedMean(np.nan, np.nan, 0, 0.0)
    total = w.sum()
    mean = float((w * y).sum() / total)
    if n == 1:
        return WeightedMean(mean, np.nan, 1, 1.0)
    var = n / (n - 1) * float((w ** 2 * (y - mean) ** 2).sum()) / total ** 2
    return WeightedMean(mean, float(np.sqrt(var)), n, kish_n(w))


def weighted_moments(arr: np.ndarray, weights: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Weighted means and covariance matrix of the columns of ``arr`` (complete rows).

    The covariance divides by ``Σw − 1`` (frequency weights): a respondent of weight k counts
    as k identical respondents, so a file whose rows are repeated k times gives the same
    matrix. Correlations do not depend on this choice.

    Example
    -------
    >>> a = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0]])
    >>> m, c = weighted_moments(a, [1.0, 1.0, 1.0])
    >>> m.tolist(), np.allclose(c, np.cov(a.T))
    ([2.0, 2.6666666666666665], True)
    """
    w = np.asarray(weights, dtype=float)
    total = w.sum()
    mean = w @ arr / total
    centred = arr - mean
    cov = (centred * w[:, None]).T @ centred / (total - 1)
    return mean, cov


def weighted_corr(arr: np.ndarray, weights: ArrayLike) -> np.ndarray:
    """Weighted Pearson correlation matrix of the columns of ``arr`` (complete rows).

    Example
    -------
    >>> a = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [3.0, 5.0]])
    >>> r2 = weighted_corr(a[:3], [1.0, 1.0, 2.0])
    >>> bool(np.allclose(r2, np.corrcoef(a.T)))
    True
    """
    _, cov = weighted_moments(arr, weights)
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / np.outer(sd, sd)


# ---------------------------------------------------------------------------------------
# Raking
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Raking:
    """Weights raked to target margins, and how the raking went.

    weights : one per row (mean 1), aligned with the frame raked.
    iterations : sweeps over the margins.
    converged : every margin within ``tolerance`` of its target.
    max_error : the largest absolute difference of a weighted share from its target.
    trimmed : rows whose weight was held at a trimming bound.
    """

    weights: pd.Series
    iterations: int
    converged: bool
    max_error: float
    trimmed: int

    def as_dict(self) -> dict[str, float | int | bool]:
        return {"iterations": self.iterations, "converged": self.converged,
                "max_error": self.max_error, "trimmed": self.trimmed}


def _targets(frame: pd.DataFrame, margins: Mapping[str, Mapping[str, float]]
             ) -> list[tuple[np.ndarray, np.ndarray, list[str]]]:
    """Per margin: the row's level position, the target shares, the level names; checked."""
    out = []
    for var, shares in margins.items():
        if var not in frame:
            raise ConfigError(f"weighting margins: no column {var!r} in the wave to rake to")
        shares = {str(k): float(v) for k, v in shares.items()}
        bad = {k: v for k, v in shares.items() if not np.isfinite(v) or v < 0}
        if bad:
            raise ConfigError(f"weighting margins.{var}: shares must be numbers ≥ 0; got {bad}")
        total = sum(shares.values())
        if abs(total - 1) > 1e-6:
            raise ConfigError(f"weighting margins.{var}: the shares add up to {total:g}, not 1")
        levels = list(shares)
        codes = frame[var].astype(object).where(frame[var].notna(), None)
        pos = codes.map({lev: i for i, lev in enumerate(levels)})
        if pos.isna().any():
            odd = sorted({str(v) for v in codes[pos.isna()]})
            raise DataError(f"weighting margins.{var}: {int(pos.isna().sum()):,} respondents "
                            f"have a level with no target share ({', '.join(odd[:5])}); give "
                            f"every level of {var} a share (0 is allowed only for a level "
                            f"nobody has)")
        target = np.array([shares[lev] for lev in levels])
        present = np.bincount(pos.to_numpy(int), minlength=len(levels))
        empty = [lev for lev, t, c in zip(levels, target, present) if t > 0 and c == 0]
        if empty:
            raise DataError(f"weighting margins.{var}: no respondent in level(s) "
                            f"{', '.join(empty)}, whose target share is above 0")
        out.append((pos.to_numpy(int), target, levels))
    return out


def rake(frame: pd.DataFrame, margins: Mapping[str, Mapping[str, float]],
         base: ArrayLike | None = None, trim_bounds: tuple[float, float] | None = None,
         tolerance: float = RAKE_TOLERANCE, max_iter: int = RAKE_MAX_ITER) -> Raking:
    """Rake weights to target margins by iterative proportional fitting.

    Each sweep multiplies every row's weight, margin by margin, by the target share of its
    level over the current weighted share, until every weighted share is within
    ``tolerance`` of its target. With ``trim_bounds = (low, high)`` the weights relative to
    their mean are clipped to the bounds after every sweep, and the raking goes on from
    there (trimming and raking in turn, as ``anesrake`` and Turas do) until both hold (margins may then miss their targets when the bounds are
    too tight: ``converged`` is False and ``max_error`` says by how much).

    Parameters
    ----------
    frame : the respondents, with one column per margin (level codes).
    margins : column → {level: target share}; the shares of a column add up to 1.
    base : starting (design) weights; default 1.
    trim_bounds : (low, high) bounds of weight / mean weight, e.g. (0.3, 3.0).

    Returns
    -------
    :class:`Raking` with weights normalised to mean 1.

    Example
    -------
    >>> f = pd.DataFrame({"sex": list("mmmff"), "age": list("yooyo")})
    >>> r = rake(f, {"sex": {"m": .5, "f": .5}, "age": {"y": .5, "o": .5}})
    >>> r.weights.groupby(f["sex"]).sum().round(6).tolist(), r.converged
    ([2.5, 2.5], True)
    >>> r.weights.groupby(f["age"]).sum().round(6).tolist()
    [2.5, 2.5]
    """
    targets = _targets(frame, margins)
    w = np.ones(len(frame)) if base is None else np.asarray(base, dtype=float).copy()
    if not targets:
        return Raking(pd.Series(w / w.mean(), index=frame.index, name="weight"), 0, True,
                      0.0, 0)
    low = high = None
    if trim_bounds is not None:
        low, high = trim_bounds
        if not (0 < low <= 1 <= high):
            raise ConfigError(f"weighting trim: bounds must satisfy 0 < low ≤ 1 ≤ high; got "
                              f"{list(trim_bounds)}")
    iterations, error = 0, np.inf
    for _ in range(max_iter):
        iterations += 1
        for pos, target, _levels in targets:
            got = np.bincount(pos, weights=w, minlength=len(target)) / w.sum()
            with np.errstate(invalid="ignore", divide="ignore"):
                factor = np.where(got > 0, target / got, 1.0)
            w = w * factor[pos]
        if low is not None:
            # trim, then rake again on the next sweep: the two alternate until both hold
            w = trim(w, (low, high))
        error = max(float(np.abs(np.bincount(pos, weights=w, minlength=len(t)) / w.sum() - t
                                 ).max()) for pos, t, _ in targets)
        if error < tolerance:
            break
    w = w / w.mean()
    trimmed = (int(np.isclose(w, low * 1.0).sum() + np.isclose(w, high * 1.0).sum())
               if low is not None else 0)
    return Raking(pd.Series(w, index=frame.index, name="weight"), iterations,
                  bool(error < tolerance), error, trimmed)


def trim(weights: ArrayLike, bounds: tuple[float, float], max_iter: int = 100) -> np.ndarray:
    """Weights bounded to ``[low, high]`` times their mean, renormalised to mean 1.

    Clipping moves the mean, so clipping and renormalising repeat until the bounds hold.

    Example
    -------
    >>> trim([1.0, 1.0, 1.0, 9.0], (0.5, 2.0)).round(4).tolist()
    [0.6667, 0.6667, 0.6667, 2.0]
    """
    low, high = bounds
    w = np.asarray(weights, dtype=float)
    w = w / w.mean()
    for _ in range(max_iter):
        clipped = np.clip(w, low, high)
        clipped = clipped / clipped.mean()
        if np.allclose(clipped, w, rtol=0, atol=1e-12):
            break
        w = clipped
    return w
