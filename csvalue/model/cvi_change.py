"""Where a year's CVI change comes from: value performance, value importance, division mix.

:func:`decompose_cvi_change` splits the company CVI change between two waves, ``C_b − C_a``,
into four parts that add up to it exactly (``book/appendix/methods.md`` states the same):

Groups g are the codebook's divisions plus one group of respondents without a division, so
that the company CVI is the share-weighted mean of the group CVIs,
``C_w = Σ_g s_wg · C_wg`` (s_wg the group's share of wave w's respondents with a CVI).

1. **Division mix** — ``Σ_g (s_bg − s_ag) · (C_ag + C_bg) / 2``: the change had every
   division kept its CVI and only the divisions' shares of the respondents moved. A group
   present in one wave only counts here alone (its CVI stands for both).
2. The change within the divisions, ``Σ_g s̄_g (C_bg − C_ag)`` with ``s̄_g = (s_ag + s_bg)/2``,
   through the company's driver model of each wave: the OLS ``CVI = α_w + Σ_v β_wv x_v`` of
   CVI on the value satisfaction items x_v (native scale, the rows that answered them all).
   With ``x̄_wgv`` the group's mean satisfaction on those rows, the model predicts
   ``P_wg = α_w + Σ_v β_wv x̄_wgv`` and leaves ``R_wg = C_wg − P_wg``; then

   - **value performance** — ``Σ_g s̄_g Σ_v β̄_v (x̄_bgv − x̄_agv)`` with β̄ the mean of the two
     waves' slopes: the CVI moved because customers rated the values differently;
   - **value importance** — ``Σ_g s̄_g [(α_b − α_a) + Σ_v x̄̄_gv (β_bv − β_av)]`` with x̄̄ the
     mean of the two waves' satisfaction: the CVI moved because the same ratings turn into CVI
     differently (the slopes and level of the driver model; the sum does not depend on where
     the satisfaction scale starts);
   - **other** — ``Σ_g s̄_g (R_bg − R_ag)``: what the company model does not carry (each
     division's own departure from it, and respondents who did not rate every value).

The midpoint (Shapley) split of each product makes the parts add up without an interaction
term, and swapping the waves changes every part's sign.

Example
-------
>>> from csvalue.instrument.codebook import load_codebook
>>> from csvalue.instrument.synth import generate
>>> from csvalue.model.indices import respondent_scores
>>> cb = load_codebook()
>>> a, b = generate(800, seed=1, wave="2024"), generate(800, seed=2, wave="2025")
>>> t = decompose_cvi_change(a, respondent_scores(a, cb), b, respondent_scores(b, cb), cb)
>>> t["part"].tolist()
['division_mix', 'value_performance', 'value_importance', 'other']
>>> bool(abs(t["points"].sum() - t["change"].iloc[0]) < 1e-9)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.errors import DataError
from csvalue.instrument.codebook import Codebook

#: The parts, in reporting order.
PARTS = ("division_mix", "value_performance", "value_importance", "other")
DECOMPOSITION_COLUMNS = ["wave_a", "wave_b", "cvi_a", "cvi_b", "change", "part", "points"]
_NO_DIVISION = "\x00none"


def _wmean(x: np.ndarray, w: np.ndarray) -> float:
    return float((x * w).sum() / w.sum())


def _wave_parts(data: pd.DataFrame, scores: pd.DataFrame, codebook: Codebook,
                weights: np.ndarray | None) -> dict:
    """One wave's groups (share, CVI, mean satisfaction of the model rows) and driver model."""
    cols = [codebook.sat(v, "value") for v in codebook.values]
    cvi = scores["cvi"].to_numpy(dtype=float)
    w = np.ones(len(cvi)) if weights is None else np.asarray(weights, dtype=float)
    group = (data["division"].astype(object).where(data["division"].notna(), _NO_DIVISION)
             .to_numpy() if "division" in data else np.full(len(cvi), _NO_DIVISION, object))
    has = ~np.isnan(cvi)
    x = data[cols].to_numpy(dtype=float)
    rows = has & ~np.isnan(x).any(axis=1)
    if rows.sum() <= len(cols) + 1:
        raise DataError(f"CVI change: {int(rows.sum())} respondents rated every value; the "
                        f"driver model of {len(cols)} values needs more")
    design = np.column_stack([np.ones(rows.sum()), x[rows]])
    sw = np.sqrt(w[rows])
    coef = np.linalg.lstsq(design * sw[:, None], cvi[rows] * sw, rcond=None)[0]
    total = w[has].sum()
    groups = {}
    for g in pd.unique(group[has]):
        in_g = has & (group == g)
        in_model = rows & (group == g)
        xbar = (np.array([_wmean(x[in_model, j], w[in_model]) for j in range(len(cols))])
                if in_model.any() else np.full(len(cols), np.nan))
        groups[g] = {"share": w[in_g].sum() / total, "cvi": _wmean(cvi[in_g], w[in_g]),
                     "xbar": xbar}
    return {"cvi": _wmean(cvi[has], w[has]), "alpha": coef[0], "beta": coef[1:],
            "groups": groups}


def decompose_cvi_change(data_a: pd.DataFrame, scores_a: pd.DataFrame, data_b: pd.DataFrame,
                         scores_b: pd.DataFrame, codebook: Codebook,
                         weights_a: np.ndarray | None = None,
                         weights_b: np.ndarray | None = None) -> pd.DataFrame:
    """The company CVI change from wave a to wave b in :data:`PARTS` (module docstring).

    Parameters
    ----------
    data_a, data_b : the waves (value satisfaction items, ``division``).
    scores_a, scores_b : their respondent scores (``cvi``, ``wave``), index-aligned.
    weights_a, weights_b : respondent weights (all 1 when None).

    Returns
    -------
    :data:`DECOMPOSITION_COLUMNS`: one row per part; ``points`` add up to ``change``.
    """
    a = _wave_parts(data_a, scores_a, codebook, weights_a)
    b = _wave_parts(data_b, scores_b, codebook, weights_b)
    beta_mid = (a["beta"] + b["beta"]) / 2
    parts = dict.fromkeys(PARTS, 0.0)
    for g in list(a["groups"]) + [g for g in b["groups"] if g not in a["groups"]]:
        ga, gb = a["groups"].get(g), b["groups"].get(g)
        sa, sb = (ga or {}).get("share", 0.0), (gb or {}).get("share", 0.0)
        if ga is None or gb is None:            # in one wave only: all of it is mix
            parts["division_mix"] += (sb - sa) * (gb or ga)["cvi"]
            continue
        parts["division_mix"] += (sb - sa) * (ga["cvi"] + gb["cvi"]) / 2
        mid = (sa + sb) / 2
        within = gb["cvi"] - ga["cvi"]
        if np.isnan(ga["xbar"]).any() or np.isnan(gb["xbar"]).any():
            parts["other"] += mid * within      # nobody in it rated every value
            continue
        perf = float(beta_mid @ (gb["xbar"] - ga["xbar"]))
        imp = float((b["alpha"] - a["alpha"])
                    + ((ga["xbar"] + gb["xbar"]) / 2) @ (b["beta"] - a["beta"]))
        parts["value_performance"] += mid * perf
        parts["value_importance"] += mid * imp
        parts["other"] += mid * (within - perf - imp)
    wa, wb = str(scores_a["wave"].iloc[0]), str(scores_b["wave"].iloc[0])
    return pd.DataFrame({"wave_a": wa, "wave_b": wb, "cvi_a": a["cvi"], "cvi_b": b["cvi"],
                         "change": b["cvi"] - a["cvi"], "part": list(parts),
                         "points": list(parts.values())}, columns=DECOMPOSITION_COLUMNS)
