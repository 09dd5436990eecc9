"""Seeded k-means whose result does not depend on the order of the rows.

:func:`kmeans` sorts the rows canonically (:func:`canonical_order`) before the seeded fit
(and before drawing the seeded sample it fits on above ``sample_max`` rows), so the same rows
in another order get the same clusters. With ``k="silhouette"`` it fits every k of a range
and keeps the one of highest mean silhouette.

Example
-------
>>> rng = np.random.default_rng(0)
>>> x = np.repeat(np.eye(3) * 3, 50, axis=0) + 0.3 * rng.normal(size=(150, 3))
>>> fit = kmeans(x, "silhouette", (2, 4), seed=1)
>>> fit.k, fit.silhouette["k"].tolist(), np.bincount(fit.labels).tolist()
(3, [2, 3, 4], [50, 50, 50])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from csvalue.errors import ConfigError, DataError

#: k-means restarts (at least 10, so that one unlucky start does not decide the segments).
N_INIT = 10
#: Silhouette is computed on at most this many (canonically sampled) rows: its cost is
#: quadratic and its value is stable to ±0.01 at this size.
SILHOUETTE_MAX = 5_000


@dataclass(frozen=True)
class ClusterFit:
    """k-means of the rows of an array.

    labels : cluster number per row (−1 where the row has a missing value).
    centers : k × columns centroids.
    k : the number of clusters; ``silhouette`` : k, silhouette for each k tried (empty when
        k was fixed).
    sampled : rows the model was fitted on (< the complete rows above ``sample_max``).
    """

    labels: np.ndarray
    centers: np.ndarray
    k: int
    silhouette: pd.DataFrame
    sampled: int


def canonical_order(x: np.ndarray) -> np.ndarray:
    """Row order that depends only on the rows' values (lexicographic on the columns).

    Example
    -------
    >>> canonical_order(np.array([[2, 1], [1, 5], [1, 2]])).tolist()
    [2, 1, 0]
    """
    return np.lexsort(x.T[::-1])


def kmeans(x: np.ndarray, k: str | int = "silhouette", k_range: tuple[int, int] = (3, 8),
           seed: int = 0, sample_max: int = 50_000,
           sample_weight: np.ndarray | None = None) -> ClusterFit:
    """Seeded k-means on the rows of ``x``, independent of the row order.

    Rows with a missing value get label −1. The complete rows are sorted canonically; above
    ``sample_max`` rows a seeded sample (drawn from that canonical order) is fitted and every
    row is then assigned to its nearest centroid. With ``k="silhouette"`` each k in
    ``k_range`` (inclusive, at least 2) is fitted and the k of highest mean silhouette is kept.
    Survey weights (``sample_weight``, one per row) weight the centroids (scikit-learn's
    ``sample_weight``); the silhouette that picks k is the unweighted one.

    Raises ConfigError for a ``k`` that is neither "silhouette" nor a number, and DataError
    when there are too few complete rows for any k.

    Example
    -------
    >>> x = np.array([[0.0, 0], [0, 1], [10, 10], [10, 11], [np.nan, 1]])
    >>> fit = kmeans(x, 2, seed=0)
    >>> fit.labels[:4].tolist() in ([0, 0, 1, 1], [1, 1, 0, 0]), int(fit.labels[4])
    (True, -1)
    """
    # scikit-learn costs about 0.1 s to import; imported here so that commands which never
    # cluster do not pay for it at start-up
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    ok = ~np.isnan(x).any(axis=1)
    rows = x[ok]
    n = len(rows)
    order = canonical_order(rows)
    xs = rows[order]
    ws = (None if sample_weight is None or np.all(np.asarray(sample_weight) == 1)
          else np.asarray(sample_weight, dtype=float)[ok][order])
    rng = np.random.default_rng(seed)
    if n > sample_max:
        pick = np.sort(rng.choice(n, sample_max, replace=False))
        fit_x = xs[pick]
        fit_w = ws[pick] if ws is not None else None
    else:
        fit_x, fit_w = xs, ws
    if isinstance(k, (int, np.integer)) and not isinstance(k, bool):
        ks = [int(k)]
    elif k == "silhouette":
        lo, hi = (int(v) for v in k_range)
        ks = list(range(max(2, lo), hi + 1))
        if not ks:
            raise ConfigError(f"k-means: k_range {tuple(k_range)} holds no k ≥ 2")
    else:
        raise ConfigError(f"k-means: k must be 'silhouette' or a number; got {k!r}")
    ks_all, ks = ks, [kk for kk in ks if 1 <= kk < len(fit_x)]
    if not ks:
        wanted = f"{ks_all[0]} to {ks_all[-1]}" if len(ks_all) > 1 else str(ks_all[0])
        raise DataError(f"k-means: {len(fit_x)} complete rows are too few for k = {wanted}")
    sil_rows = []
    best = None
    for kk in ks:
        km = KMeans(n_clusters=kk, n_init=N_INIT, random_state=seed).fit(
            fit_x, sample_weight=fit_w)
        if len(ks) > 1:
            n_lab = len(np.unique(km.labels_))
            s = (silhouette_score(fit_x, km.labels_, sample_size=min(len(fit_x), SILHOUETTE_MAX),
                                  random_state=seed) if n_lab > 1 else -1.0)
            sil_rows.append({"k": kk, "silhouette": float(s)})
            if best is None or s > best[0] + 1e-12:
                best = (s, km)
        else:
            best = (np.nan, km)
    km = best[1]
    labels = np.full(len(x), -1)
    lab_sorted = km.predict(xs) if n > sample_max else km.labels_
    lab = np.empty(n, dtype=int)
    lab[order] = lab_sorted
    labels[ok] = lab
    return ClusterFit(labels, km.cluster_centers_, km.n_clusters,
                      pd.DataFrame(sil_rows, columns=["k", "silhouette"]), len(fit_x))


def membership_stability(x: np.ndarray, labels: np.ndarray, centers: np.ndarray,
                         n_resamples: int = 100, seed: int = 0, sample_max: int = 50_000,
                         sample_weight: np.ndarray | None = None) -> np.ndarray:
    """How firmly each row belongs to its cluster: the share of bootstrap resamples whose
    refitted k-means puts it in the same cluster.

    Each resample draws the complete rows with replacement (in canonical order, so the result
    does not depend on the row order; at most ``sample_max`` of them), refits k-means from
    the original centroids (weighted by ``sample_weight`` when given), matches the new
    clusters to the original ones (the assignment of least total centroid distance) and
    assigns every row to its nearest new centroid. A row deep inside its cluster keeps it in
    every resample; a row on the boundary between two clusters goes either way, about half
    the time each.

    Parameters
    ----------
    x : rows × columns (rows with a missing value are not clustered).
    labels : each row's cluster (:class:`ClusterFit` ``labels``; −1 for none).
    centers : the clusters' centroids.
    n_resamples : bootstrap resamples (0: NaN for every row).
    seed : the resamples' seed.

    Returns
    -------
    One share per row of ``x`` (0–1), NaN where the row has no cluster.

    Example
    -------
    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(-4, 1, (200, 1)), rng.normal(4, 1, (200, 1)), [[0.0]]])
    >>> fit = kmeans(x, 2, seed=1)
    >>> s = membership_stability(x, fit.labels, fit.centers, 50, seed=1)
    >>> bool(s[:400].mean() > 0.99), bool(0.1 < s[400] < 0.9)
    (True, True)
    """
    from scipy.optimize import linear_sum_assignment
    from scipy.spatial.distance import cdist

    out = np.full(len(x), np.nan)
    ok = (np.asarray(labels) >= 0) & ~np.isnan(x).any(axis=1)
    if n_resamples <= 0 or ok.sum() < 2:
        return out
    rows, lab = x[ok], np.asarray(labels)[ok]
    order = canonical_order(rows)
    rows, lab = rows[order], lab[order]
    w = (None if sample_weight is None else np.asarray(sample_weight, dtype=float)[ok][order])
    k, n = len(centers), len(rows)
    size = min(n, sample_max)
    rng = np.random.default_rng(seed)
    same = np.zeros(n)
    for _ in range(n_resamples):
        pick = rng.integers(0, n, size)
        refit = _lloyd(rows[pick], None if w is None else w[pick], centers)
        own, new = linear_sum_assignment(cdist(centers, refit))
        mapping = np.empty(k, dtype=int)
        mapping[new] = own
        same += mapping[_nearest(rows, refit)] == lab
    shares = np.empty(n)
    shares[order] = same / n_resamples
    out[ok] = shares
    return out


def _nearest(rows: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Each row's nearest centroid (squared Euclidean distance)."""
    d = ((rows ** 2).sum(axis=1)[:, None] - 2 * rows @ centers.T
         + (centers ** 2).sum(axis=1)[None, :])
    return d.argmin(axis=1)


def _lloyd(rows: np.ndarray, weights: np.ndarray | None, centers: np.ndarray,
           max_iter: int = 300, tol: float = 1e-8) -> np.ndarray:
    """Lloyd's k-means iterations from ``centers`` (weighted means of the rows nearest each),
    until no centroid moves by more than ``tol``; an emptied cluster keeps its centroid."""
    w = np.ones(len(rows)) if weights is None else weights
    c = centers.astype(float).copy()
    for _ in range(max_iter):
        lab = _nearest(rows, c)
        mass = np.bincount(lab, weights=w, minlength=len(c))
        sums = np.zeros_like(c)
        np.add.at(sums, lab, rows * w[:, None])
        new = np.where(mass[:, None] > 0, sums / np.where(mass > 0, mass, 1)[:, None], c)
        if np.abs(new - c).max() <= tol:
            return new
        c = new
    return c
