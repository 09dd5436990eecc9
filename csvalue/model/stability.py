"""Stable calls: how often the resamples of a wave repeat each strategy-matrix quadrant and
each ERRC action.

A call is made by comparing a point with the crosshair of its grid, and a point that sits
close to the crosshair gets a call that another sample of customers could well reverse. For
every call this module counts the share of resamples that give the same call (``stability``),
names the call most of the others give (``alternative``) and marks a call below
``Settings.stability_threshold`` (0.7) as ``borderline``.

The resamples
-------------
- **Importances and benefit impacts**: the bootstrap betas the impact models already drew
  (:func:`csvalue.model.impact.impact_layers` with ``draws=``), not a second bootstrap. The
  significance filter is that of the full sample: a value whose CVI impact is not significant
  has importance 0 in every resample, and a benefit not placed in a grid stays out of it.
- **Gaps and benefit satisfaction**: means over respondents, whose sampling distribution is
  normal to high accuracy at survey sizes: each resample draws the vector of means from a
  normal with their estimated covariance (:func:`mean_draws`, seeded), which keeps the
  correlation between the items (it moves the mean crosshair with them).
- **Crosshairs**: recomputed in every resample by the rule of the grid (the mean of the
  points, or the fixed or scale centre), so a point's call is judged the way it is made.

:func:`call_stability` is the counting rule on any array of resampled calls;
:func:`matrix_stability` and :func:`errc_stability` apply it to the two grids.

Example
-------
>>> calls = np.array([["improve", "discover"]] * 9 + [["improve", "improve"]])
>>> call_stability(calls, np.array(["improve", "discover"]), 0.7)
   stability alternative  borderline
0        1.0        None       False
1        0.9     improve       False
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.model.strategy import (ACTIONS, QUADRANT_CALLS, Crosshair, _to100, grid_calls)

#: Columns the stability adds to the strategy matrix and the ERRC grid.
STABILITY_COLUMNS = ["stability", "alternative", "borderline"]


def call_stability(calls: np.ndarray, observed: np.ndarray, threshold: float = 0.7
                   ) -> pd.DataFrame:
    """The share of resamples repeating each observed call, the most frequent other call and
    whether the share is below ``threshold``.

    Parameters
    ----------
    calls : resamples × points array of calls.
    observed : the call of each point in the full sample.
    threshold : a call repeated by a smaller share is ``borderline``.

    Returns
    -------
    One row per point: ``stability`` (NaN without resamples), ``alternative`` (None when every
    resample agrees), ``borderline``.
    """
    observed = np.asarray(observed, dtype=object)
    n = len(observed)
    if calls.size == 0 or len(calls) == 0:
        return pd.DataFrame({"stability": np.full(n, np.nan), "alternative": [None] * n,
                             "borderline": np.zeros(n, dtype=bool)})
    share = (calls == observed[None, :]).mean(axis=0)
    alternative = []
    for j in range(n):
        other = calls[calls[:, j] != observed[j], j]
        if len(other):
            names, counts = np.unique(other, return_counts=True)
            alternative.append(str(names[np.argmax(counts)]))
        else:
            alternative.append(None)
    return pd.DataFrame({"stability": share, "alternative": alternative,
                         "borderline": share < threshold})


def mean_draws(values: pd.DataFrame, n_draws: int, seed: int,
               weights: np.ndarray | None = None) -> np.ndarray:
    """``n_draws`` draws (draws × columns) of the column means of ``values`` from the normal
    with their estimated covariance.

    The covariance of two means is the linearisation Σ w_r² d_ri d_rj / (W_i W_j) over the
    rows r that answered both (d the deviations from each mean, W_i the weight that answered
    column i; every w = 1 without ``weights``): each mean uses every row that answered its
    column.

    Example
    -------
    >>> rng = np.random.default_rng(0)
    >>> x = pd.DataFrame({"a": rng.normal(10, 2, 400), "b": rng.normal(0, 1, 400)})
    >>> d = mean_draws(x, 4000, seed=1)
    >>> bool(np.allclose(d.mean(axis=0), x.mean(), atol=0.01))
    True
    >>> round(float(d[:, 0].std() / (x["a"].std() / 20)), 1)     # the se of the mean
    1.0
    """
    x = values.to_numpy(dtype=float)
    ok = ~np.isnan(x)
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=float)
    wo = ok * w[:, None]
    total = wo.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(total > 0, (np.where(ok, x, 0.0) * wo).sum(axis=0) / total, np.nan)
        dev = np.where(ok, x - means, 0.0) * wo
        cov = dev.T @ dev / np.outer(total, total)
    keep = ~np.isnan(means)
    out = np.full((n_draws, x.shape[1]), np.nan)
    if keep.any():
        rng = np.random.default_rng(seed)
        sub = cov[np.ix_(keep, keep)]
        vals, vecs = np.linalg.eigh((sub + sub.T) / 2)
        root = vecs * np.sqrt(np.clip(vals, 0, None))
        out[:, keep] = means[keep] + rng.standard_normal((n_draws, keep.sum())) @ root.T
    return out


def _crosshairs(x: np.ndarray, y: np.ndarray, crosshair: Crosshair, y_centre: float
                ) -> tuple[np.ndarray, np.ndarray]:
    """Per resample, the crosshairs :func:`csvalue.model.strategy._cross` would draw."""
    if isinstance(crosshair, str):
        cx = x.mean(axis=1)
        cy = y.mean(axis=1) if crosshair == "mean" else np.full(len(y), y_centre)
        return cx, cy
    cx, cy = (float(c) for c in crosshair)
    return np.full(len(x), cx), np.full(len(y), cy)


def matrix_stability(matrix: pd.DataFrame, data: pd.DataFrame, draws: dict,
                     codebook: Codebook, crosshair: Crosshair = "mean",
                     threshold: float = 0.7, seed: int = 0,
                     weights: np.ndarray | None = None) -> pd.DataFrame:
    """The strategy matrix with :data:`STABILITY_COLUMNS`.

    Parameters
    ----------
    matrix : :func:`csvalue.model.strategy.strategy_matrix` of the scope.
    data : the scope's respondents (the gaps).
    draws : the bootstrap betas of the scope's impact models (``impact_layers(draws=…)``);
        without the CVI model's, the stability is empty (``n_boot = 0``).
    """
    out = matrix.copy()
    boots = draws.get((1, "cvi")) if draws else None
    if boots is None or matrix.empty:
        return out.assign(**call_stability(np.empty((0, len(out))), out["quadrant"]).to_dict("series"))
    values = list(codebook.values)
    pos = [values.index(v) for v in out["value"]]
    significant = out["importance"].to_numpy(float) != 0
    imp = np.where(significant, boots[:, pos], 0.0)
    diffs = pd.DataFrame({v: _to100(data, codebook.exp(v, "value"), codebook)
                          - _to100(data, codebook.sat(v, "value"), codebook)
                          for v in out["value"]})
    gaps = mean_draws(diffs, len(boots), seed, weights)
    cx, cy = _crosshairs(imp, gaps, crosshair, 0.0)
    calls = grid_calls(imp, gaps, cx[:, None], cy[:, None], QUADRANT_CALLS)
    stab = call_stability(calls, out["quadrant"].to_numpy(), threshold)
    return pd.concat([out.reset_index(drop=True), stab], axis=1)


def errc_stability(errc: pd.DataFrame, data: pd.DataFrame, draws: dict,
                   codebook: Codebook, crosshair: Crosshair = "mean",
                   threshold: float = 0.7, seed: int = 0,
                   weights: np.ndarray | None = None) -> pd.DataFrame:
    """The ERRC grids with :data:`STABILITY_COLUMNS`: each benefit's action in each value's
    grid against the resampled benefit impacts (that value's model) and satisfactions."""
    out = errc.reset_index(drop=True).copy()
    parts = []
    benefits = list(codebook.benefits)
    sat = None
    for k, (value, grid) in enumerate(out.groupby("value", sort=False)):
        boots = draws.get((3, value)) if draws else None
        if boots is None:
            parts.append(call_stability(np.empty((0, len(grid))), grid["action"])
                         .set_index(grid.index))
            continue
        if sat is None:
            sat = pd.DataFrame({b: _to100(data, codebook.sat(b, "benefit"), codebook)
                                for b in benefits})
            sat_draws = mean_draws(sat, len(boots), seed, weights)
        cols = [benefits.index(b) for b in grid["benefit"]]
        imp, s = boots[:, cols], sat_draws[:len(boots), cols]
        cx, cy = _crosshairs(imp, s, crosshair, 50.0)
        calls = grid_calls(imp, s, cx[:, None], cy[:, None], ACTIONS)
        parts.append(call_stability(calls, grid["action"].to_numpy(), threshold)
                     .set_index(grid.index))
    if not parts:
        return out.assign(stability=np.nan, alternative=None, borderline=False)
    return pd.concat([out, pd.concat(parts).sort_index()], axis=1)
