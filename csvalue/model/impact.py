"""Impact (driver) analysis: the four layers of models of the CVI.

Each model ``Y ~ X₁ … X_p`` is a standardized regression on the listwise-complete rows
(:mod:`csvalue.stats.regression`): betas with SPSS-style standard errors and p-values, b and its
se, R², adjusted R², n and VIFs, Johnson's relative weights and the exact Shapley/LMG
decomposition of R², and bootstrap 95% percentile intervals of the betas. The **impact** of a
predictor is its beta where p < alpha, else empty (the source prints "–").

Survey weights (the wave's ``weight`` column, when it has one) make every model a weighted
least squares on the weighted correlation matrix, with relative weights and Shapley from
it, standard errors on Kish's effective size (``n_effective``) and a bootstrap that resamples
respondents carrying their weights (:mod:`csvalue.stats.regression`).

Layers (:func:`layer_models`): 1 values → cs, repurchase, nps, cls, cvi; 2 the other values
→ the upper value; 3 benefits → each value; 4 cs → repurchase and cs → recommend.

Example
-------
>>> rng = np.random.default_rng(0)
>>> X = pd.DataFrame(rng.normal(size=(500, 2)), columns=["a", "b"])
>>> t = model_table(X.assign(y=0.5 * X["a"] + rng.normal(size=500)), "y", ["a", "b"],
...                 Settings(n_boot=0), layer=1)
>>> t["beta"].round(2).tolist(), t["impact"].isna().tolist()
([0.46, -0.04], [False, True])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.instrument.settings import Settings
from csvalue.stats import regression
from csvalue.stats.intervals import percentile_interval
from csvalue.stats.regression import (bootstrap_betas, complete_rows, relative_weights,
                                      shapley_r2, standardized_ols)

IMPACT_COLUMNS = ["wave", "scope", "layer", "outcome", "predictor", "beta", "b", "se", "p_value",
                  "impact", "relative_weight", "shapley", "ci_low", "ci_high", "vif", "r2",
                  "adj_r2", "n", "n_effective"]
LAYER1_OUTCOMES = ("cs", "repurchase", "nps", "cls", "cvi")


def model_table(data: pd.DataFrame, outcome: str, predictors: list[str], settings: Settings,
                layer: int, bootstrap: bool = True, seed_offset: int = 0,
                draws: dict | None = None) -> pd.DataFrame:
    """One model as rows of the impacts table (without wave and scope).

    ``draws``, when given, receives the bootstrap betas under the key ``(layer, outcome)``
    (an array resamples × predictors), so that the strategy calls can be checked against the
    same resamples (:mod:`csvalue.model.stability`) without drawing them twice.

    Beyond :data:`csvalue.stats.regression.MAX_SHAPLEY_PREDICTORS` predictors the ``shapley``
    column is left empty (2^p models) and the relative weights stand in; :func:`shapley_notes`
    says so for the analysis notes. With ``settings.n_boot == 0`` (or ``bootstrap=False``) the
    intervals are empty. A ``weight`` column in ``data`` weights the model."""
    weights = data["weight"].to_numpy(dtype=float) if "weight" in data else None
    fit = standardized_ols(data, outcome, predictors, weights)
    rw = relative_weights(fit.corr) if len(predictors) > 1 else np.ones(1)
    sh = (shapley_r2(fit.corr, regression.MAX_SHAPLEY_PREDICTORS)
          if len(predictors) <= regression.MAX_SHAPLEY_PREDICTORS
          else np.full(len(predictors), np.nan)) if len(predictors) > 1 else np.ones(1)
    lo = hi = np.full(len(predictors), np.nan)
    if bootstrap and settings.n_boot > 0:
        arr = complete_rows(data, outcome, predictors, weights)
        w = arr[:, -1] if weights is not None else None
        arr = arr[:, :-1] if weights is not None else arr
        boots = bootstrap_betas(arr[:, :-1], arr[:, -1], settings.n_boot,
                                settings.seed + seed_offset, max_rows=settings.bootstrap_rows,
                                blocks=settings.bootstrap_blocks, weights=w)
        lo, hi = percentile_interval(boots)
        if draws is not None:
            draws[(layer, outcome)] = boots
    return pd.DataFrame({
        "layer": layer, "outcome": outcome, "predictor": predictors,
        "beta": fit.beta.to_numpy(), "b": fit.b.to_numpy(), "se": fit.se_b.to_numpy(),
        "p_value": fit.p_value.to_numpy(),
        "impact": fit.beta.where(fit.p_value < settings.alpha).to_numpy(),
        "relative_weight": rw, "shapley": sh, "ci_low": lo, "ci_high": hi,
        "vif": fit.vif.to_numpy() if len(predictors) > 1 else np.ones(1),
        "r2": fit.r2, "adj_r2": fit.adj_r2, "n": fit.n, "n_effective": fit.n_effective})


def shapley_notes(codebook: Codebook) -> list[str]:
    """One note per model of :func:`layer_models` whose Shapley decomposition is not
    computed (more than :data:`csvalue.stats.regression.MAX_SHAPLEY_PREDICTORS` predictors).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> shapley_notes(load_codebook())
    []
    """
    limit = regression.MAX_SHAPLEY_PREDICTORS
    return [f"impacts layer {layer}, {out}: shapley not computed: {len(preds)} predictors > "
            f"{limit} (2^{len(preds)} models); relative_weight gives the "
            f"collinearity-robust importance instead"
            for layer, out, _col, preds in layer_models(codebook) if len(preds) > limit]


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
                  bootstrap: bool = True, draws: dict | None = None) -> pd.DataFrame:
    """Every model of the four layers for one wave and scope, as one tidy table.

    Parameters
    ----------
    data : one wave (or one division of it): satisfaction items, cs, repurchase, recommend.
    scores : :func:`csvalue.model.indices.respondent_scores` of ``data`` (nps_score, cls, cvi).
    codebook, settings : the instrument; alpha, n_boot and seed.
    scope : written to the ``scope`` column (``company``, ``division:<id>``, …).
    bootstrap : compute the bootstrap intervals (``settings.n_boot`` resamples).
    draws : when given, filled with each model's bootstrap betas, keyed ``(layer, outcome
        id)`` (see :func:`model_table`).

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
        mine: dict | None = {} if draws is not None else None
        t = model_table(frame, col, preds, settings, layer, bootstrap, seed_offset=i,
                        draws=mine)
        if mine:
            draws[(layer, out)] = mine[(layer, col)]
        t["outcome"] = out
        t["predictor"] = [col_to_id.get(c, c) for c in preds]
        parts.append(t)
    table = pd.concat(parts, ignore_index=True)
    waves = scores["wave"].astype(str).unique()
    table.insert(0, "scope", scope)
    table.insert(0, "wave", waves[0] if len(waves) == 1 else ",".join(sorted(waves)))
    return table[IMPACT_COLUMNS]
