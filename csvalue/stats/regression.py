"""Standardized regression and the importance of its predictors, from a correlation matrix.

For a model ``y ~ x₁ … x_p`` on the listwise-complete rows:

- :func:`standardized_ols` — standardized OLS coefficients (beta) with classical standard
  errors and p-values as SPSS reports them (the t of a beta equals the t of its
  unstandardized b), unstandardized b and its se, R², adjusted R², n and VIFs;
- :func:`variance_inflation` — the VIFs, the diagonal of the inverse predictor correlations;
- :func:`relative_weights` — Johnson's relative weights, as shares of R²;
- :func:`subset_r2` and :func:`shapley_r2` — R² of every subset and the exact Shapley (LMG)
  decomposition of R² over all 2^p subsets, as shares of R²;
- :func:`bootstrap_betas` — the betas of many bootstrap resamples, seeded and vectorised.

Everything is computed from the correlation matrix of the complete rows, so a model on a
million respondents costs one pass over the data.

With survey weights the model is weighted least squares: the matrix is the weighted
correlation matrix (:func:`csvalue.stats.weights.weighted_corr`; relative weights and
Shapley follow from it), the classical standard errors use Kish's effective sample size of
the complete rows in place of ``n``, and the bootstrap resamples respondents, each carrying
its weight. A file whose rows are repeated k times and the same file with weight k give the
same betas, relative weights and Shapley shares.

Example
-------
>>> rng = np.random.default_rng(0)
>>> X = pd.DataFrame(rng.normal(size=(500, 2)), columns=["a", "b"])
>>> fit = standardized_ols(X.assign(y=0.5 * X["a"] + rng.normal(size=500)), "y", ["a", "b"])
>>> round(float(fit.beta["a"]), 2), bool(fit.p_value["b"] > 0.05)
(0.46, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from csvalue.errors import ConfigError, DataError
from csvalue.stats.intervals import two_sided_p
from csvalue.stats.weights import kish_n, unit_weights, weighted_moments

#: The exact Shapley decomposition fits 2^p models; beyond this many predictors it is refused.
MAX_SHAPLEY_PREDICTORS = 15


@dataclass(frozen=True)
class OlsFit:
    """One standardized regression. Series are indexed by predictor.

    beta, se_beta : standardized coefficients and their standard errors.
    b, se_b : unstandardized coefficients (outcome units per predictor unit) and theirs.
    p_value : two-sided p of each coefficient (t on n − p − 1 df).
    vif : variance inflation factors.
    r2, adj_r2, n : fit and complete rows.
    corr : (p+1)×(p+1) correlations of the complete rows, outcome last; sd : their standard
        deviations (ddof=1), outcome last.
    n_effective : Kish's effective size of the complete rows (``n`` unweighted), the base of
        the standard errors.
    """

    outcome: str
    beta: pd.Series
    b: pd.Series
    se_b: pd.Series
    se_beta: pd.Series
    p_value: pd.Series
    vif: pd.Series
    r2: float
    adj_r2: float
    n: int
    corr: np.ndarray
    sd: np.ndarray
    n_effective: float | None = None


def complete_rows(data: pd.DataFrame, outcome: str, predictors: list[str],
                  weights: np.ndarray | None = None) -> np.ndarray:
    """The rows of ``predictors`` and ``outcome`` (last column) with no missing value.

    Raises DataError when a column is absent. With ``weights`` (one per row of ``data``)
    they are appended as the last column, after the outcome.

    Example
    -------
    >>> d = pd.DataFrame({"x": [1.0, np.nan, 3.0], "y": [2.0, 1.0, 4.0]})
    >>> complete_rows(d, "y", ["x"]).tolist()
    [[1.0, 2.0], [3.0, 4.0]]
    """
    missing = [c for c in [*predictors, outcome] if c not in data]
    if missing:
        raise DataError(f"regression {outcome} ~ {' + '.join(predictors)}: no column(s) "
                        f"{missing}")
    arr = data[[*predictors, outcome]].to_numpy(dtype=float)
    keep = ~np.isnan(arr).any(axis=1)
    if weights is not None:
        return np.column_stack([arr, np.asarray(weights, dtype=float)])[keep]
    return arr[keep]


def standardized_ols(data: pd.DataFrame, outcome: str, predictors: list[str],
                     weights: np.ndarray | None = None) -> OlsFit:
    """Standardized OLS of ``outcome`` on ``predictors`` (listwise-complete rows), with
    SPSS-style inference.

    Raises DataError when there are fewer complete rows than predictors + 2, or a column
    does not vary.

    Example
    -------
    >>> d = pd.DataFrame({"x": [1., 2, 3, 4, 5], "z": [2., 1, 4, 3, 5], "y": [1., 3, 2, 5, 4]})
    >>> f = standardized_ols(d, "y", ["x", "z"])
    >>> round(f.r2, 3), f.n
    (0.961, 5)

    Weighted least squares: weight 2 on a row is that row twice.

    >>> g = standardized_ols(d, "y", ["x", "z"], weights=np.array([2.0, 1, 1, 1, 1]))
    >>> h = standardized_ols(pd.concat([d.iloc[:1], d]), "y", ["x", "z"])
    >>> bool(np.allclose(g.beta, h.beta)), g.n, round(g.n_effective, 3)
    (True, 5, 4.5)
    """
    weighted = not unit_weights(weights)
    arr = complete_rows(data, outcome, predictors, weights if weighted else None)
    if weighted:
        arr, w = arr[:, :-1], arr[:, -1]
    n, p = len(arr), len(predictors)
    if n < p + 2:
        raise DataError(f"regression {outcome} ~ {' + '.join(predictors)}: {n} complete rows "
                        f"for {p} predictors; need at least {p + 2}")
    if weighted:
        _, cov = weighted_moments(arr, w)
    else:
        mean = arr.mean(axis=0)
        centred = arr - mean
        cov = centred.T @ centred / (n - 1)
    sd = np.sqrt(np.diag(cov))
    if (sd == 0).any():
        const = [c for c, s in zip([*predictors, outcome], sd) if s == 0]
        raise DataError(f"regression {outcome}: no variation in {const} ({n} rows)")
    corr = cov / np.outer(sd, sd)
    return ols_from_corr(outcome, predictors, corr, sd, n, kish_n(w) if weighted else None)


def ols_from_corr(outcome: str, predictors: list[str], corr: np.ndarray, sd: np.ndarray,
                  n: int, n_effective: float | None = None) -> OlsFit:
    """:func:`standardized_ols` from the correlations and standard deviations of ``n``
    complete rows (predictors first, outcome last).

    ``beta = R⁻¹xx r_xy``, ``R² = r_xyᵀ beta``, ``se(beta_j) = √((1 − R²)/(n − p − 1) · R⁻¹xx_jj)``;
    the unstandardized ``b`` and its se are scaled by ``sd_y / sd_x``. With
    ``n_effective`` (weighted rows) the standard errors, p-values and adjusted R² use it in
    place of ``n``.

    Example
    -------
    >>> r = np.array([[1, 0, .3], [0, 1, .4], [.3, .4, 1]])
    >>> f = ols_from_corr("y", ["a", "b"], r, np.ones(3), 100)
    >>> f.beta.round(2).tolist(), round(f.r2, 2)
    ([0.3, 0.4], 0.25)
    """
    p = len(predictors)
    rxx, rxy = corr[:p, :p], corr[:p, p]
    inv = np.linalg.pinv(rxx)
    beta = inv @ rxy
    r2 = float(rxy @ beta)
    base = n if n_effective is None else n_effective
    dfe = base - p - 1
    se_beta = (np.sqrt(np.maximum((1 - r2) / dfe * np.diag(inv), 0)) if dfe > 0
               else np.full(p, np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / se_beta
    pval = two_sided_p(t, dfe) if dfe > 0 else np.full(p, np.nan)
    scale = sd[p] / sd[:p]
    idx = pd.Index(predictors, name="predictor")
    return OlsFit(
        outcome=outcome, beta=pd.Series(beta, idx), b=pd.Series(beta * scale, idx),
        se_b=pd.Series(se_beta * scale, idx), se_beta=pd.Series(se_beta, idx),
        p_value=pd.Series(pval, idx), vif=pd.Series(variance_inflation(corr[:p, :p]), idx),
        r2=r2, adj_r2=1 - (1 - r2) * (base - 1) / dfe if dfe > 0 else np.nan, n=n, corr=corr,
        sd=sd, n_effective=float(base))


def variance_inflation(corr_xx: np.ndarray) -> np.ndarray:
    """Variance inflation factors: the diagonal of the inverse of the predictors'
    correlation matrix, ``VIF_j = 1 / (1 − R²_j)`` with ``R²_j`` of predictor j on the others.

    Example
    -------
    >>> variance_inflation(np.array([[1, .6], [.6, 1]])).round(4).tolist()
    [1.5625, 1.5625]
    """
    return np.diag(np.linalg.pinv(corr_xx))


def relative_weights(corr: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights as shares of R² (they sum to 1).

    ``corr`` is the (p+1)×(p+1) correlation matrix with the outcome last. With
    ``Rxx = Q Λ Qᵀ`` and ``Λ^{1/2}`` the predictors' orthogonal counterparts have loadings
    ``Z = Q Λ^{1/2} Qᵀ``; the outcome's betas on them are ``Z⁻¹ r_xy``; each predictor's raw
    weight is ``Σ_k Z_jk² β_k²`` and the raw weights sum to R².

    Example
    -------
    >>> r = np.array([[1, 0, .3], [0, 1, .4], [.3, .4, 1]])
    >>> relative_weights(r).round(2).tolist()   # orthogonal predictors: r² shares
    [0.36, 0.64]
    """
    p = corr.shape[0] - 1
    lam, q = np.linalg.eigh(corr[:p, :p])
    lam = np.clip(lam, 0, None)
    z = q @ np.diag(np.sqrt(lam)) @ q.T
    bz = np.linalg.pinv(z) @ corr[:p, p]
    raw = (z ** 2) @ (bz ** 2)
    total = raw.sum()
    return raw / total if total > 0 else np.full(p, np.nan)


def subset_r2(corr: np.ndarray) -> np.ndarray:
    """R² of every subset of the predictors, indexed by bitmask (bit j = predictor j).

    Vectorised per subset size: the sub-matrices of one size are stacked and solved at once.

    Example
    -------
    >>> r = np.array([[1, 0, .3], [0, 1, .4], [.3, .4, 1]])
    >>> subset_r2(r).round(2).tolist()      # {}, {a}, {b}, {a, b}
    [0.0, 0.09, 0.16, 0.25]
    """
    p = corr.shape[0] - 1
    r2 = np.zeros(1 << p)
    for k in range(1, p + 1):
        subsets = np.array(list(combinations(range(p), k)))
        rss = corr[subsets[:, :, None], subsets[:, None, :]]          # m × k × k
        rsy = corr[subsets, p]                                         # m × k
        beta = np.linalg.solve(rss + 1e-12 * np.eye(k), rsy[..., None])[..., 0]
        masks = (1 << subsets).sum(axis=1)
        r2[masks] = (rsy * beta).sum(axis=1)
    return r2


def shapley_r2(corr: np.ndarray, max_predictors: int | None = None) -> np.ndarray:
    """Exact Shapley (LMG) decomposition of R², as shares of R² (sums to 1).

    ``LMG_j = Σ_{S ⊆ P∖j} |S|!(p−|S|−1)!/p! · (R²(S ∪ j) − R²(S))`` over all 2^p subsets.
    Raises ConfigError beyond ``max_predictors`` (default :data:`MAX_SHAPLEY_PREDICTORS`).

    Example
    -------
    >>> r = np.array([[1, 0, .3], [0, 1, .4], [.3, .4, 1]])
    >>> shapley_r2(r).round(2).tolist()
    [0.36, 0.64]
    """
    limit = MAX_SHAPLEY_PREDICTORS if max_predictors is None else max_predictors
    p = corr.shape[0] - 1
    if p > limit:
        raise ConfigError(f"Shapley decomposition over {p} predictors needs 2^{p} models; the "
                          f"limit is {limit} — use relative weights instead")
    r2 = subset_r2(corr)
    masks = np.arange(1 << p)
    size = np.array([bin(m).count("1") for m in masks])
    weight = np.array([factorial(s) * factorial(p - s - 1) / factorial(p) if s < p else 0.0
                       for s in range(p + 1)])
    out = np.empty(p)
    for j in range(p):
        without = masks[(masks & (1 << j)) == 0]
        out[j] = (weight[size[without]] * (r2[without | (1 << j)] - r2[without])).sum()
    total = r2[-1]
    return out / total if total > 0 else np.full(p, np.nan)


def bootstrap_betas(X: np.ndarray, y: np.ndarray, n_boot: int = 1000, seed: int = 0,
                    chunk: int = 200, max_rows: int | None = None,
                    blocks: int = 2_000, weights: np.ndarray | None = None) -> np.ndarray:
    """Standardized betas of ``n_boot`` bootstrap resamples, shape (n_boot, p).

    Vectorised: each resample is a row of multiplicity weights (how often each respondent is
    drawn); weighted moments of all resamples of a chunk come from one matrix product, and
    the normal equations of all resamples are solved at once.

    With more than ``max_rows`` rows the cost of drawing every row ``n_boot`` times grows
    with the wave; :func:`block_bootstrap_betas` then resamples ``blocks`` random blocks of
    rows instead (the same estimator, of bounded cost). ``max_rows=None`` always resamples
    rows. With survey ``weights`` each drawn respondent carries its weight (the resample's
    moments are weighted by multiplicity × weight); the draws are the unweighted ones.

    Example
    -------
    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(300, 2)); y = X @ [0.5, 0.0] + rng.normal(size=300)
    >>> bootstrap_betas(X, y, 200, seed=2).shape
    (200, 2)
    """
    sw = None if unit_weights(weights) else np.asarray(weights, dtype=float)
    if max_rows is not None and len(X) > max_rows:
        return block_bootstrap_betas(X, y, n_boot, seed, blocks, chunk, sw)
    data = np.column_stack([X, y]).astype(float)
    n, q = data.shape
    rng = np.random.default_rng(seed)
    # products of every pair of columns, once: n × q(q+1)/2
    iu = np.triu_indices(q)
    prods = data[:, iu[0]] * data[:, iu[1]]
    out = np.empty((n_boot, q - 1))
    for start in range(0, n_boot, chunk):
        m = min(chunk, n_boot - start)
        draws = rng.integers(0, n, size=(m, n)) + (np.arange(m) * n)[:, None]
        w = np.bincount(draws.ravel(), minlength=m * n).reshape(m, n).astype(float)
        if sw is None:
            out[start:start + m] = _betas_from_moments(w @ data / n, w @ prods / n, iu)
        else:
            w = w * sw
            tot = w.sum(axis=1)[:, None]
            out[start:start + m] = _betas_from_moments(w @ data / tot, w @ prods / tot, iu)
    return out


def block_bootstrap_betas(X: np.ndarray, y: np.ndarray, n_boot: int = 1000, seed: int = 0,
                          blocks: int = 2_000, chunk: int = 200,
                          weights: np.ndarray | None = None) -> np.ndarray:
    """Standardized betas of ``n_boot`` resamples of random blocks of rows, shape (n_boot, p).

    The rows are dealt at random (seeded) into ``blocks`` blocks of nearly equal size, and
    each block is reduced once to its sufficient statistics: its row count, the sums of the
    columns and of their pairwise products. A resample draws ``blocks`` blocks with
    replacement and adds up their statistics, so its cost does not depend on the number of
    rows. The blocks are random groups of independent respondents, so resampling them is a
    valid bootstrap of the same estimator (a cluster bootstrap whose clusters carry no
    structure); with at least 10 rows a block its intervals agree closely with those of
    :func:`bootstrap_betas` resampling rows (``tests/test_stats_regression.py`` checks this
    at the switch size). With survey ``weights`` a block's statistics are weighted sums (its
    total weight, the weighted sums and cross-products).

    Example
    -------
    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(30_000, 2)); y = X @ [0.5, 0.0] + rng.normal(size=30_000)
    >>> b = block_bootstrap_betas(X, y, 500, seed=2)
    >>> b.shape, bool(abs(b[:, 0].mean() - 0.447) < 0.01)
    ((500, 2), True)
    """
    data = np.column_stack([X, y]).astype(float)
    n, q = data.shape
    rng = np.random.default_rng(seed)
    blocks = max(1, min(blocks, n))
    iu = np.triu_indices(q)
    # deal the shuffled rows into blocks of m = ⌊n/B⌋ rows; the n − B·m left over go one each
    # to the first blocks. Each block's cross-products come from one batched matrix product.
    order = rng.permutation(n)
    shuffled = data[order]
    m = n // blocks
    full = shuffled[: blocks * m].reshape(blocks, m, q)
    rest = shuffled[blocks * m:]
    if weights is None:
        xtx = np.matmul(full.transpose(0, 2, 1), full)
        sums = full.sum(axis=1)
        count = np.full(blocks, float(m))
        xtx[: len(rest)] += rest[:, :, None] * rest[:, None, :]
        sums[: len(rest)] += rest
        count[: len(rest)] += 1
    else:
        sw = np.asarray(weights, dtype=float)[order]
        wf = sw[: blocks * m].reshape(blocks, m, 1)
        wr = sw[blocks * m:, None]
        xtx = np.matmul((full * wf).transpose(0, 2, 1), full)
        sums = (full * wf).sum(axis=1)
        count = wf[:, :, 0].sum(axis=1)
        xtx[: len(rest)] += (rest * wr)[:, :, None] * rest[:, None, :]
        sums[: len(rest)] += rest * wr
        count[: len(rest)] += wr[:, 0]
    cross = xtx[:, iu[0], iu[1]]
    out = np.empty((n_boot, q - 1))
    for start in range(0, n_boot, chunk):
        m = min(chunk, n_boot - start)
        draws = rng.integers(0, blocks, size=(m, blocks)) + (np.arange(m) * blocks)[:, None]
        w = np.bincount(draws.ravel(), minlength=m * blocks).reshape(m, blocks).astype(float)
        rows = (w @ count)[:, None]
        out[start:start + m] = _betas_from_moments(w @ sums / rows, w @ cross / rows, iu)
    return out


def _betas_from_moments(s1: np.ndarray, s2: np.ndarray, iu: tuple[np.ndarray, np.ndarray]
                        ) -> np.ndarray:
    """Standardized betas of the last column on the others, for each row of first moments
    ``s1`` (m × q) and second moments ``s2`` (m × pairs, in ``iu`` order)."""
    m, q = s1.shape
    cov = np.empty((m, q, q))
    cov[:, iu[0], iu[1]] = s2 - s1[:, iu[0]] * s1[:, iu[1]]
    cov[:, iu[1], iu[0]] = cov[:, iu[0], iu[1]]
    with np.errstate(all="ignore"):
        sd = np.sqrt(np.einsum("mii->mi", cov))
        corr = cov / (sd[:, :, None] * sd[:, None, :])
    # a resample in which a column does not vary, or whose predictors are collinear, has no
    # betas: NaN for that resample (the interval uses the others), never an error
    ok = np.isfinite(corr).all(axis=(1, 2))
    ok[ok] = np.linalg.matrix_rank(corr[ok, :q - 1, :q - 1]) == q - 1
    out = np.full((m, q - 1), np.nan)
    if ok.any():
        out[ok] = np.linalg.solve(corr[ok, :q - 1, :q - 1], corr[ok, :q - 1, q - 1:])[..., 0]
    return out
