"""Exploratory factor analysis from a correlation matrix.

The model is fitted from a correlation matrix, never from the raw rows, so that a million
rows cost one pass to build the matrix and nothing more:

* :func:`correlation` — the Pearson correlations, means and standard deviations of the rows;
* sampling adequacy: :func:`kmo` (Kaiser–Meyer–Olkin, overall and per item) and
  :func:`bartlett` (Bartlett's sphericity test);
* the number of factors: :func:`parallel_analysis` (Horn's, seeded; random correlation
  matrices are drawn from the Wishart distribution, which is exactly the distribution of the
  correlation matrix of ``n`` independent normal rows, so the cost does not grow with ``n``)
  and :func:`choose_n_factors` (parallel analysis, Kaiser's eigenvalue > 1, or a fixed number);
* :func:`extract` — extraction with factor_analyzer (minres by default, as R ``psych::fa``)
  and rotation with its :class:`~factor_analyzer.rotator.Rotator` (varimax by default);
* :func:`regression_score_weights` — Thurstone's regression-method factor score weights.

Example
-------
>>> rng = np.random.default_rng(0)
>>> f = rng.normal(size=(500, 1))
>>> r, mean, sd = correlation(f + 0.7 * rng.normal(size=(500, 4)))
>>> round(kmo(r)[0], 2), bartlett(r, 500)["df"]
(0.85, 6)
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from csvalue.errors import ConfigError, DataError
from csvalue.stats.weights import unit_weights, weighted_moments

#: Parallel analysis compares each observed eigenvalue with this quantile of the random ones
#: (Glorfeld 1995; the 95th percentile keeps pure noise from yielding a spurious factor).
PARALLEL_QUANTILE = 0.95
PARALLEL_ITER = 200
#: Extraction methods :func:`extract` accepts ("uls" is psych's name for minres).
METHODS = ("minres", "ml", "uls", "principal")


def correlation(x: np.ndarray, weights: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pearson correlation, means and sds (ddof=1) of the columns of a complete array;
    weighted (:func:`csvalue.stats.weights.weighted_moments`) with survey ``weights``.

    Raises DataError when there are fewer than 3 rows or a column has no variance (its
    correlations are undefined).

    Example
    -------
    >>> r, mean, sd = correlation(np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 4.0]]))
    >>> r.round(3).tolist(), mean.tolist(), sd.round(3).tolist()
    ([[1.0, 0.655], [0.655, 1.0]], [2.0, 2.3333333333333335], [1.0, 1.528])
    """
    n = x.shape[0]
    if unit_weights(weights) or n < 3:
        mean = x.mean(axis=0)
        xc = x - mean
        cov = (xc.T @ xc) / (n - 1)
    else:
        mean, cov = weighted_moments(x, weights)
    sd = np.sqrt(np.diag(cov))
    if (sd == 0).any() or n < 3:
        constant = np.flatnonzero(sd == 0).tolist()
        raise DataError("factor analysis needs at least 3 complete rows and items that vary; "
                        f"got n={n}, constant items at positions {constant}")
    return cov / np.outer(sd, sd), mean, sd


def kmo(corr: np.ndarray) -> tuple[float, np.ndarray]:
    """Kaiser–Meyer–Olkin measure of sampling adequacy from a correlation matrix.

    Returns the overall value and the per-item values. Partial correlations come from the
    inverse correlation matrix: ``p_ij = −R⁻¹_ij / sqrt(R⁻¹_ii R⁻¹_jj)``.

    Example
    -------
    >>> r = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
    >>> round(kmo(r)[0], 3)
    0.628
    """
    inv = np.linalg.pinv(corr)
    d = np.sqrt(np.diag(inv))
    partial = -inv / np.outer(d, d)
    r2 = corr.copy() ** 2
    p2 = partial ** 2
    np.fill_diagonal(r2, 0)
    np.fill_diagonal(p2, 0)
    per_item = r2.sum(axis=0) / (r2.sum(axis=0) + p2.sum(axis=0))
    return float(r2.sum() / (r2.sum() + p2.sum())), per_item


def bartlett(corr: np.ndarray, n: int) -> dict:
    """Bartlett's test that the correlation matrix of ``n`` rows is an identity.

    ``χ² = −(n − 1 − (2p + 5)/6) · ln|R|`` on ``p(p − 1)/2`` degrees of freedom. Returns
    ``{"chi2", "df", "p"}``.

    Example
    -------
    >>> b = bartlett(np.array([[1, .5], [.5, 1]]), 100)
    >>> round(b["chi2"], 3), b["df"], b["p"] < 0.001
    (28.049, 1, True)
    """
    p = corr.shape[0]
    sign, logdet = np.linalg.slogdet(corr)
    logdet = logdet if sign > 0 else -np.inf
    chi2 = -(n - 1 - (2 * p + 5) / 6) * logdet
    df = p * (p - 1) / 2
    return {"chi2": float(chi2), "df": int(df), "p": float(stats.chi2.sf(chi2, df))}


def parallel_analysis(corr: np.ndarray, n: int, seed: int, n_iter: int = PARALLEL_ITER,
                      quantile: float = PARALLEL_QUANTILE) -> pd.DataFrame:
    """Horn's parallel analysis on principal-component eigenvalues.

    The random correlation matrices are those of ``n`` independent standard-normal rows,
    drawn directly as Wishart(n − 1, I) matrices (the sample covariance of such rows), so the
    cost does not depend on ``n``.

    Returns factor (1..p), observed and random (the ``quantile`` of the random eigenvalues).

    Example
    -------
    >>> pa = parallel_analysis(np.eye(4), 200, seed=1)
    >>> pa["factor"].tolist(), bool((pa["random"] > 1).iloc[0])
    ([1, 2, 3, 4], True)
    """
    p = corr.shape[0]
    rng = np.random.default_rng(seed)
    w = stats.wishart(df=max(n - 1, p), scale=np.eye(p)).rvs(size=n_iter, random_state=rng)
    w = w.reshape(n_iter, p, p)
    d = np.sqrt(np.einsum("kii->ki", w))
    rand_corr = w / (d[:, :, None] * d[:, None, :])
    rand_eig = np.sort(np.linalg.eigvalsh(rand_corr), axis=1)[:, ::-1]
    obs = np.sort(np.linalg.eigvalsh(corr))[::-1]
    return pd.DataFrame({"factor": np.arange(1, p + 1), "observed": obs,
                         "random": np.quantile(rand_eig, quantile, axis=0)})


def choose_n_factors(eigen: pd.DataFrame, rule: str | int) -> tuple[int, str]:
    """The number of factors by ``rule``: "parallel", "kaiser" or a fixed int.

    Parallel analysis keeps the leading factors whose observed eigenvalue exceeds the random
    one (stopping at the first that does not). At least one factor is always kept and at most
    p − 1, since minres cannot extract p factors from p items. Returns the number and the
    rule's name ("parallel analysis", "eigenvalue > 1", "fixed (k)").

    Example
    -------
    >>> eig = pd.DataFrame({"observed": [2.5, 1.2, 0.2, 0.1], "random": [1.3, 1.1, 0.9, 0.7]})
    >>> choose_n_factors(eig, "parallel"), choose_n_factors(eig, "kaiser")
    ((2, 'parallel analysis'), (2, 'eigenvalue > 1'))
    """
    p = len(eigen)
    if isinstance(rule, (int, np.integer)) and not isinstance(rule, bool):
        k, name = int(rule), f"fixed ({int(rule)})"
    elif rule == "parallel":
        above = (eigen["observed"] > eigen["random"]).to_numpy()
        k = int(np.argmin(above)) if not above.all() else p
        name = "parallel analysis"
    elif rule == "kaiser":
        k, name = int((eigen["observed"] > 1).sum()), "eigenvalue > 1"
    else:
        raise ConfigError(f"n_factors must be 'parallel', 'kaiser' or a number; got {rule!r}")
    return max(1, min(k, p - 1)), name


def extract(corr: np.ndarray, n_factors: int, rotation: str | None = "varimax",
            method: str = "minres") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Loadings, factor correlations and communalities from a correlation matrix.

    The unrotated solution is fitted by factor_analyzer (``is_corr_matrix=True``), then
    rotated by its :class:`Rotator`; signs are flipped so every factor's loadings sum to a
    positive number (as factor_analyzer and R psych do), and factors are ordered by the
    variance they account for. Communalities come from the unrotated loadings, which is what
    psych reports for every rotation (for oblique ones ``diag(Λ Φ Λᵀ)`` equals it).

    Example
    -------
    >>> r = np.array([[1, .6, .5, .1], [.6, 1, .5, .1], [.5, .5, 1, .1], [.1, .1, .1, 1]])
    >>> lam, phi, h2 = extract(r, 1)
    >>> lam.shape, phi.tolist(), bool(h2[0] > h2[3])
    ((4, 1), [[1.0]], True)
    """
    # factor_analyzer (with the parts of scikit-learn it uses) costs about 0.05 s to import:
    # imported here so that commands which never fit a factor model do not pay for it
    from factor_analyzer import FactorAnalyzer
    from factor_analyzer.rotator import POSSIBLE_ROTATIONS, OBLIQUE_ROTATIONS, Rotator

    rotation = "none" if rotation in (None, "none") else str(rotation)
    if rotation != "none" and rotation not in POSSIBLE_ROTATIONS:
        raise ConfigError(f"rotation must be 'none' or one of {POSSIBLE_ROTATIONS}; "
                          f"got {rotation!r}")
    if method not in METHODS:
        raise ConfigError(f"factor method must be minres, ml or principal; got {method!r}")
    method = "minres" if method == "uls" else method
    with warnings.catch_warnings():
        # factor_analyzer 0.5.1 passes sklearn's deprecated `force_all_finite` (sklearn < 1.8
        # is pinned; tests/test_dependencies.py fails loudly if the pair stops working).
        warnings.filterwarnings("ignore", message=".*force_all_finite.*", category=FutureWarning)
        fa = FactorAnalyzer(n_factors=n_factors, rotation=None, method=method,
                            is_corr_matrix=True, svd_method="lapack")
        fa.fit(corr)
    unrotated = fa.loadings_
    h2 = (unrotated ** 2).sum(axis=1)
    phi = np.eye(n_factors)
    lam = unrotated
    if rotation != "none" and n_factors > 1:
        rot = Rotator(method=rotation)
        lam = rot.fit_transform(unrotated)
        if rotation in OBLIQUE_ROTATIONS and rot.phi_ is not None:
            phi = rot.phi_
    signs = np.sign(lam.sum(axis=0))
    signs[signs == 0] = 1
    lam = lam * signs
    phi = phi * np.outer(signs, signs)
    # psych orders factors by the variance they account for
    order = np.argsort(-np.diag(phi @ lam.T @ lam), kind="stable")
    return lam[:, order], phi[np.ix_(order, order)], h2


def regression_score_weights(corr: np.ndarray, loadings: np.ndarray, phi: np.ndarray
                             ) -> np.ndarray:
    """Regression-method (Thurstone) factor score weights ``R⁻¹ Λ Φ`` (items × factors):
    standardized answers times these weights are the factor scores.

    Example
    -------
    >>> regression_score_weights(np.eye(2), np.array([[.8], [.6]]), np.eye(1)).tolist()
    [[0.8], [0.6]]
    """
    return np.linalg.solve(corr, loadings @ phi)
