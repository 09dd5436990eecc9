"""Impact (driver) analysis: the four layers of DESIGN §3.

For each model ``Y ~ X₁ … X_p`` (listwise complete rows):

- standardized OLS coefficients (beta) with classical standard errors and p-values, as SPSS
  reports them (the t of a beta equals the t of its unstandardized b), unstandardized b and
  its se, R², adjusted R², n and VIFs;
- the **impact**: beta where p < alpha, else empty (the source prints "–");
- Johnson's relative weights (a symmetric eigen-decomposition of the predictor correlations)
  and the exact Shapley/LMG decomposition of R² over all 2^p subsets — both as shares of R²;
- bootstrap 95% percentile intervals of the betas, seeded and vectorised over resamples.

Everything is computed from the correlation matrix of the complete rows, so a model on a
million respondents costs one pass over the data.

Layers (:func:`impact_layers`): 1 values → cs, repurchase, nps, cls, cvi; 2 the other values
→ the upper value; 3 benefits → each value; 4 cs → repurchase and cs → recommend.

Example
-------
>>> rng = np.random.default_rng(0)
>>> X = pd.DataFrame(rng.normal(size=(500, 2)), columns=["a", "b"])
>>> y = 0.5 * X["a"] + rng.normal(size=500)
>>> fit = fit_impact(X.assign(y=y), "y", ["a", "b"])
>>> round(float(fit.beta["a"]), 2), bool(np.isnan(fit.impact["b"]))
(0.46, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd
from scipy import stats

from csvalue.instrument.codebook import Codebook
from csvalue.errors import ConfigError, DataError
from csvalue.instrument.settings import Settings

MAX_SHAPLEY_PREDICTORS = 15
IMPACT_COLUMNS = ["wave", "scope", "layer", "outcome", "predictor", "beta", "b", "se", "p_value",
                  "impact", "relative_weight", "shapley", "ci_low", "ci_high", "vif", "r2",
                  "adj_r2", "n"]
LAYER1_OUTCOMES = ("cs", "repurchase", "nps", "cls", "cvi")


@dataclass(frozen=True)
class ImpactFit:
    """One standardized regression. Series are indexed by predictor."""

    outcome: str
    beta: pd.Series
    b: pd.Series
    se_b: pd.Series
    se_beta: pd.Series
    p_value: pd.Series
    impact: pd.Series
    vif: pd.Series
    r2: float
    adj_r2: float
    n: int
    corr: np.ndarray  # (p+1)×(p+1) correlations, outcome last
    sd: np.ndarray    # standard deviations, outcome last


def _complete(data: pd.DataFrame, outcome: str, predictors: list[str]) -> np.ndarray:
    missing = [c for c in [*predictors, outcome] if c not in data]
    if missing:
        raise DataError(f"impact model {outcome} ~ {predictors}: no column(s) {missing}")
    arr = data[[*predictors, outcome]].to_numpy(dtype=float)
    return arr[~np.isnan(arr).any(axis=1)]


def fit_impact(data: pd.DataFrame, outcome: str, predictors: list[str],
               alpha: float = 0.05) -> ImpactFit:
    """Standardized OLS of ``outcome`` on ``predictors`` with SPSS-style inference.

    Raises DataError when fewer complete rows than predictors + 2, or a constant column.

    Example
    -------
    >>> d = pd.DataFrame({"x": [1., 2, 3, 4, 5], "z": [2., 1, 4, 3, 5], "y": [1., 3, 2, 5, 4]})
    >>> f = fit_impact(d, "y", ["x", "z"])
    >>> round(f.r2, 3), f.n
    (0.961, 5)
    """
    arr = _complete(data, outcome, predictors)
    n, p = len(arr), len(predictors)
    if n < p + 2:
        raise DataError(f"impact model {outcome} ~ {' + '.join(predictors)}: {n} complete rows "
                        f"for {p} predictors; need at least {p + 2}")
    mean = arr.mean(axis=0)
    centred = arr - mean
    cov = centred.T @ centred / (n - 1)
    sd = np.sqrt(np.diag(cov))
    if (sd == 0).any():
        const = [c for c, s in zip([*predictors, outcome], sd) if s == 0]
        raise DataError(f"impact model {outcome}: no variation in {const} ({n} rows)")
    corr = cov / np.outer(sd, sd)
    return _fit_from_corr(outcome, predictors, corr, sd, n, alpha)


def _fit_from_corr(outcome: str, predictors: list[str], corr: np.ndarray, sd: np.ndarray,
                   n: int, alpha: float) -> ImpactFit:
    p = len(predictors)
    rxx, rxy = corr[:p, :p], corr[:p, p]
    inv = np.linalg.pinv(rxx)
    beta = inv @ rxy
    r2 = float(rxy @ beta)
    dfe = n - p - 1
    se_beta = np.sqrt(np.maximum((1 - r2) / dfe * np.diag(inv), 0)) if dfe > 0 else np.full(p, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / se_beta
    pval = 2 * stats.t.sf(np.abs(t), dfe) if dfe > 0 else np.full(p, np.nan)
    scale = sd[p] / sd[:p]
    idx = pd.Index(predictors, name="predictor")
    beta_s = pd.Series(beta, idx)
    return ImpactFit(
        outcome=outcome, beta=beta_s, b=pd.Series(beta * scale, idx),
        se_b=pd.Series(se_beta * scale, idx), se_beta=pd.Series(se_beta, idx),
        p_value=pd.Series(pval, idx), impact=beta_s.where(pval < alpha),
        vif=pd.Series(np.diag(inv), idx), r2=r2,
        adj_r2=1 - (1 - r2) * (n - 1) / dfe if dfe > 0 else np.nan, n=n, corr=corr, sd=sd)


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


def shapley_r2(corr: np.ndarray) -> np.ndarray:
    """Exact Shapley (LMG) decomposition of R², as shares of R² (sums to 1).

    ``LMG_j = Σ_{S ⊆ P∖j} |S|!(p−|S|−1)!/p! · (R²(S ∪ j) − R²(S))`` over all 2^p subsets.
    Raises ConfigError beyond :data:`MAX_SHAPLEY_PREDICTORS` predictors.

    Example
    -------
    >>> r = np.array([[1, 0, .3], [0, 1, .4], [.3, .4, 1]])
    >>> shapley_r2(r).round(2).tolist()
    [0.36, 0.64]
    """
    p = corr.shape[0] - 1
    if p > MAX_SHAPLEY_PREDICTORS:
        raise ConfigError(f"Shapley decomposition over {p} predictors needs 2^{p} models; the "
                          f"limit is {MAX_SHAPLEY_PREDICTORS} — use relative weights instead")
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
                    chunk: int = 200) -> np.ndarray:
    """Standardized betas of ``n_boot`` bootstrap resamples, shape (n_boot, p).

    Vectorised: each resample is a row of multiplicity weights (how often each respondent is
    drawn); weighted moments of all resamples of a chunk come from one matrix product, and
    the normal equations of all resamples are solved at once.

    Example
    -------
    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(300, 2)); y = X @ [0.5, 0.0] + rng.normal(size=300)
    >>> bootstrap_betas(X, y, 200, seed=2).shape
    (200, 2)
    """
    data = np.column_stack([X, y]).astype(float)
    n, q = data.shape
    p = q - 1
    rng = np.random.default_rng(seed)
    # products of every pair of columns, once: n × q(q+1)/2
    iu = np.triu_indices(q)
    prods = data[:, iu[0]] * data[:, iu[1]]
    out = np.empty((n_boot, p))
    for start in range(0, n_boot, chunk):
        m = min(chunk, n_boot - start)
        draws = rng.integers(0, n, size=(m, n)) + (np.arange(m) * n)[:, None]
        w = np.bincount(draws.ravel(), minlength=m * n).reshape(m, n).astype(float)
        s1 = w @ data / n                                             # m × q means
        s2 = w @ prods / n                                            # m × pairs
        cov = np.empty((m, q, q))
        cov[:, iu[0], iu[1]] = s2 - s1[:, iu[0]] * s1[:, iu[1]]
        cov[:, iu[1], iu[0]] = cov[:, iu[0], iu[1]]
        sd = np.sqrt(np.einsum("mii->mi", cov))
        corr = cov / (sd[:, :, None] * sd[:, None, :])
        out[start:start + m] = np.linalg.solve(corr[:, :p, :p], corr[:, :p, p:])[..., 0]
    return out


def model_table(data: pd.DataFrame, outcome: str, predictors: list[str], settings: Settings,
                layer: int, bootstrap: bool = True, seed_offset: int = 0) -> pd.DataFrame:
    """One model as rows of the impacts table (without wave and scope).

    Beyond :data:`MAX_SHAPLEY_PREDICTORS` predictors the ``shapley`` column is left empty
    (2^p models) and the relative weights stand in; :func:`shapley_notes` says so for the
    analysis notes. With ``settings.n_boot == 0`` (or ``bootstrap=False``) the intervals are
    empty."""
    fit = fit_impact(data, outcome, predictors, settings.alpha)
    rw = relative_weights(fit.corr) if len(predictors) > 1 else np.ones(1)
    sh = (shapley_r2(fit.corr) if len(predictors) <= MAX_SHAPLEY_PREDICTORS
          else np.full(len(predictors), np.nan)) if len(predictors) > 1 else np.ones(1)
    lo = hi = np.full(len(predictors), np.nan)
    if bootstrap and settings.n_boot > 0:
        arr = _complete(data, outcome, predictors)
        boots = bootstrap_betas(arr[:, :-1], arr[:, -1], settings.n_boot,
                                settings.seed + seed_offset)
        lo, hi = np.percentile(boots, [2.5, 97.5], axis=0)
    return pd.DataFrame({
        "layer": layer, "outcome": outcome, "predictor": predictors,
        "beta": fit.beta.to_numpy(), "b": fit.b.to_numpy(), "se": fit.se_b.to_numpy(),
        "p_value": fit.p_value.to_numpy(), "impact": fit.impact.to_numpy(),
        "relative_weight": rw, "shapley": sh, "ci_low": lo, "ci_high": hi,
        "vif": fit.vif.to_numpy() if len(predictors) > 1 else np.ones(1),
        "r2": fit.r2, "adj_r2": fit.adj_r2, "n": fit.n})


def shapley_notes(codebook: Codebook) -> list[str]:
    """One note per model of :func:`layer_models` whose Shapley decomposition is not
    computed (more than :data:`MAX_SHAPLEY_PREDICTORS` predictors).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> shapley_notes(load_codebook())
    []
    """
    return [f"impacts layer {layer}, {out}: shapley not computed: {len(preds)} predictors > "
            f"{MAX_SHAPLEY_PREDICTORS} (2^{len(preds)} models); relative_weight gives the "
            f"collinearity-robust importance instead"
            for layer, out, _col, preds in layer_models(codebook)
            if len(preds) > MAX_SHAPLEY_PREDICTORS]


def layer_models(codebook: Codebook) -> list[tuple[int, str, str, list[str]]]:
    """The models of the four layers: (layer, outcome id, outcome column, predictor columns).

    Outcome ids are codebook ids (cs, repurchase, nps, cls, cvi, recommend, value ids);
    predictor columns are the satisfaction columns of values (v_*) or benefits (b_*).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> [m[:2] for m in layer_models(load_codebook())][:3]
    [(1, 'cs'), (1, 'repurchase'), (1, 'nps')]
    """
    vals = list(codebook.values)
    vcols = [codebook.sat(v, "value") for v in vals]
    models = []
    for out in LAYER1_OUTCOMES:
        col = {"nps": "nps_score"}.get(out, out)
        models.append((1, out, col, vcols))
    upper = codebook.upper_value
    if upper and len(vals) > 1:
        models.append((2, upper, codebook.sat(upper, "value"),
                       [codebook.sat(v, "value") for v in vals if v != upper]))
    if codebook.benefits:
        bcols = [codebook.sat(b, "benefit") for b in codebook.benefits]
        for v in vals:
            models.append((3, v, codebook.sat(v, "value"), bcols))
    models.append((4, "repurchase", "repurchase", ["cs"]))
    models.append((4, "recommend", "recommend", ["cs"]))
    return models


def impact_layers(data: pd.DataFrame, scores: pd.DataFrame, codebook: Codebook,
                  settings: Settings | None = None, *, scope: str = "company",
                  bootstrap: bool = True) -> pd.DataFrame:
    """Every model of the four layers for one wave and scope, as one tidy table.

    Parameters
    ----------
    data : one wave (or one division of it): satisfaction items, cs, repurchase, recommend.
    scores : :func:`csvalue.model.indices.respondent_scores` of ``data`` (nps_score, cls, cvi).
    codebook, settings : the instrument; alpha, n_boot and seed.
    scope : written to the ``scope`` column (``company``, ``division:<id>``, …).
    bootstrap : compute the bootstrap intervals (``settings.n_boot`` resamples).

    Returns
    -------
    DataFrame with :data:`IMPACT_COLUMNS`: predictor ids are value or benefit ids (``cs`` in
    layer 4); ``b`` is per native scale point of the predictor, in native points of cs,
    repurchase, recommend and values, and in index points of nps, cls and cvi.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> from csvalue.model.indices import respondent_scores
    >>> from csvalue.instrument.synth import generate
    >>> cb = load_codebook(); w = generate(800, seed=2)
    >>> t = impact_layers(w, respondent_scores(w, cb), cb, bootstrap=False)
    >>> sorted(t["layer"].unique().tolist())
    [1, 2, 3, 4]
    """
    settings = settings or Settings()
    frame = data.copy()
    for col in ("nps_score", "cls", "cvi"):
        frame[col] = scores[col].to_numpy()
    col_to_id = {codebook.sat(v, "value"): v for v in codebook.values}
    col_to_id.update({codebook.sat(b, "benefit"): b for b in codebook.benefits})
    parts = []
    for i, (layer, out, col, preds) in enumerate(layer_models(codebook)):
        t = model_table(frame, col, preds, settings, layer, bootstrap, seed_offset=i)
        t["outcome"] = out
        t["predictor"] = [col_to_id.get(c, c) for c in preds]
        parts.append(t)
    table = pd.concat(parts, ignore_index=True)
    waves = scores["wave"].astype(str).unique()
    table.insert(0, "scope", scope)
    table.insert(0, "wave", waves[0] if len(waves) == 1 else ",".join(sorted(waves)))
    return table[IMPACT_COLUMNS]
