"""Strategic tasks: the value strategy matrix, the ERRC grids, the benefit portfolio.

As in the source case (its slides 12–23):

- **Strategy matrix** (one point per value): x = importance = the value's CVI impact
  (standardized coefficient, 0 where not significant), y = gap = mean over respondents of
  ``expectation100 − satisfaction100``. Crosshairs at the mean of each axis across the values.
  High importance + high gap → ``improve``; high importance + low gap → ``strengthen``;
  low + high → ``discover`` (discover needs); low + low → ``differentiate``. Priority 1, 2, 3, 3.
- **ERRC grid** (one per ``improve`` or ``strengthen`` value): x = a benefit's impact on that
  value, y = the benefit's mean satisfaction (0–100). Only benefits with a significant impact are
  placed; crosshairs at the means of the placed benefits. High satisfaction + high impact →
  ``create``; low satisfaction + high impact → ``raise``; high satisfaction + low impact →
  ``maintain`` (maintain/reduce); low + low → ``review`` (review/eliminate).
- **Benefit portfolio**: benefits × target values, each cell the ERRC action.
- **Task summary**: per target value, the benefits to create and to raise.

Conventions shared by both grids:

- A point exactly on a crosshair counts as *high* (``>=``), so ties never fall between quadrants.
- ``crosshair="scale"`` centres an axis on its scale instead of the item mean: the gap axis at
  0 (expectation met) and the satisfaction axis at 50 (scale midpoint). Impact axes have no
  scale midpoint (they are regression coefficients), so they keep the mean. A pair of numbers
  ``(x, y)`` fixes both crosshairs.
- A value with no significant benefit gets no grid (no rows); a value with one significant
  benefit gets a one-point grid whose point sits on both crosshairs and so reads ``create``
  under ``crosshair="mean"`` — the ``n_placed`` column says so, and the reader should take it
  as "the only lever", not as a ranking.
"""

from __future__ import annotations

from typing import Sequence, Union

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.stats.scales import rescale
from csvalue.stats.weights import unit_weights, weighted_mean

#: Quadrants of the strategy matrix and their priority: improve first, then strengthen, then
#: discover needs and differentiate alike.
PRIORITY = {"improve": 1, "strengthen": 2, "discover": 3, "differentiate": 3}
#: Quadrants whose values get an ERRC grid (the target values).
TARGET_QUADRANTS = ("improve", "strengthen")
#: ERRC actions in display order.
ACTIONS = ("create", "raise", "maintain", "review")
#: The strategy matrix's calls by (high x and y, high x only, high y only, neither); the
#: ERRC grid's are :data:`ACTIONS` in the same order.
QUADRANT_CALLS = ("improve", "strengthen", "discover", "differentiate")

Crosshair = Union[str, tuple[float, float]]

MATRIX_COLUMNS = ["value", "importance", "gap", "quadrant", "priority",
                  "importance_cross", "gap_cross"]
ERRC_COLUMNS = ["value", "benefit", "impact", "satisfaction", "action",
                "impact_cross", "satisfaction_cross", "n_placed"]
TASK_COLUMNS = ["value", "quadrant", "priority", "create", "raise", "maintain", "review"]


# ---------------------------------------------------------------------------------------
# Inputs from data and impacts
# ---------------------------------------------------------------------------------------

def _to100(data: pd.DataFrame, col: str, codebook: Codebook) -> pd.Series:
    return rescale(data[col].astype(float), codebook.item(col).scale)  # type: ignore[arg-type]


def _mean(x: pd.Series, data: pd.DataFrame) -> float:
    """Mean of the answered values, weighted by ``data["weight"]`` when the wave is weighted."""
    if "weight" not in data or unit_weights(data["weight"]):
        return float(x.mean())
    return weighted_mean(x, data["weight"]).mean


def value_gaps(data: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """Mean of ``expectation100 − satisfaction100`` per value (index: value id).

    The difference is taken per respondent (so both answers come from the same person) and
    averaged over the respondents who answered both (weighted by the survey weight). A value
    without an expectation item in the codebook gets NaN.

    Examples
    --------
    >>> from csvalue import load_codebook
    >>> cb = load_codebook()
    >>> df = pd.DataFrame({"v_stability": [3.0, 5.0], "ev_stability": [5.0, 5.0]})
    >>> float(value_gaps(df, cb)["stability"])
    25.0
    """
    out = {}
    for v in codebook.values:
        s, e = codebook.sat(v, "value"), codebook.exp(v, "value")
        if codebook.has(e) and e in data and s in data:
            out[v] = _mean(_to100(data, e, codebook) - _to100(data, s, codebook), data)
        else:
            out[v] = np.nan
    return pd.Series(out, name="gap", dtype=float).rename_axis("value")


def benefit_satisfaction(data: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """Mean satisfaction (0–100) per benefit (index: benefit id; empty without a benefit layer),
    weighted by the survey weight.

    Examples
    --------
    >>> from csvalue import load_codebook
    >>> cb = load_codebook()
    >>> float(benefit_satisfaction(pd.DataFrame({"b_speed": [4.0, 5.0]}), cb)["speed"])
    87.5
    """
    out = {b: _mean(_to100(data, codebook.sat(b, "benefit"), codebook), data)
           if codebook.sat(b, "benefit") in data else np.nan for b in codebook.benefits}
    return pd.Series(out, name="satisfaction", dtype=float).rename_axis("benefit")


def _significant(impacts: pd.DataFrame) -> pd.Series:
    """The significance-filtered impact (NaN where p ≥ alpha), whatever the frame carries."""
    return impacts["impact"].astype(float)


def value_importance(impacts: pd.DataFrame, codebook: Codebook, outcome: str = "cvi") -> pd.Series:
    """Importance of each value: its significant impact on ``outcome`` (CVI), 0 otherwise.

    ``impacts`` is one model set (one wave, one scope) of :func:`csvalue.model.impact.impact_layers`.

    Examples
    --------
    >>> from csvalue import load_codebook
    >>> cb = load_codebook()
    >>> imp = pd.DataFrame({"layer": [1, 1], "outcome": ["cvi", "cvi"],
    ...                     "predictor": ["stability", "leisure"], "impact": [0.28, np.nan]})
    >>> value_importance(imp, cb)[["stability", "leisure", "revenue"]].tolist()
    [0.28, 0.0, 0.0]
    """
    rows = impacts[(impacts["layer"] == 1) & (impacts["outcome"] == outcome)]
    imp = pd.Series(_significant(rows).to_numpy(), index=rows["predictor"].to_numpy())
    return (imp.reindex(list(codebook.values)).fillna(0.0)
            .rename("importance").rename_axis("value").astype(float))


def benefit_impacts(impacts: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Layer-3 impacts as a long table ``value, benefit, impact`` (NaN = not significant).

    Examples
    --------
    >>> from csvalue import load_codebook
    >>> cb = load_codebook()
    >>> imp = pd.DataFrame({"layer": [3], "outcome": ["stability"], "predictor": ["speed"],
    ...                     "impact": [0.17]})
    >>> benefit_impacts(imp, cb).values.tolist()
    [['stability', 'speed', 0.17]]
    """
    rows = impacts[(impacts["layer"] == 3) & impacts["outcome"].isin(codebook.values)
                   & impacts["predictor"].isin(codebook.benefits)]
    return pd.DataFrame({"value": rows["outcome"].to_numpy(),
                         "benefit": rows["predictor"].to_numpy(),
                         "impact": _significant(rows).to_numpy()})


# ---------------------------------------------------------------------------------------
# The strategy matrix
# ---------------------------------------------------------------------------------------

def _high(x: np.ndarray, cross: float) -> np.ndarray:
    """At or above the crosshair; a point equal to it up to rounding counts as high."""
    return (x >= cross) | np.isclose(x, cross, rtol=1e-12, atol=1e-12)


def grid_calls(x: np.ndarray, y: np.ndarray, cx: np.ndarray | float, cy: np.ndarray | float,
               calls: Sequence[str]) -> np.ndarray:
    """The call of each point of a grid (:data:`QUADRANT_CALLS` or :data:`ACTIONS`): the
    one rule both grids and their resamples (:mod:`csvalue.model.stability`) use. ``x``, ``y``
    may be 2-D (resamples × points) with one crosshair per resample (``cx[:, None]``).

    Example
    -------
    >>> grid_calls(np.array([1.0, 0.0]), np.array([1.0, 1.0]), 0.5, 1.0, QUADRANT_CALLS).tolist()
    ['improve', 'discover']
    """
    hi_x, hi_y = _high(x, cx), _high(y, cy)
    return np.select([hi_x & hi_y, hi_x, hi_y], list(calls[:3]), calls[3])


def _cross(x: pd.Series, y: pd.Series, crosshair: Crosshair, y_scale_centre: float
           ) -> tuple[float, float]:
    if isinstance(crosshair, str):
        if crosshair == "mean":
            return float(x.mean()), float(y.mean())
        if crosshair == "scale":
            return float(x.mean()), float(y_scale_centre)
        raise ValueError(f"crosshair must be 'mean', 'scale' or (x, y); got {crosshair!r}")
    cx, cy = crosshair
    return float(cx), float(cy)


def strategy_matrix(importance: pd.Series, gap: pd.Series, crosshair: Crosshair = "mean"
                    ) -> pd.DataFrame:
    """Place every value in the strategy matrix.

    Parameters
    ----------
    importance : Series indexed by value id: CVI impact, non-significant = 0
        (:func:`value_importance`).
    gap : Series indexed by value id: mean(expectation100 − satisfaction100)
        (:func:`value_gaps`). Values missing from either Series are left out.
    crosshair : ``"mean"`` (mean across the values, the default), ``"scale"`` (gap axis at
        0, importance at its mean) or a pair ``(importance, gap)``.

    Returns
    -------
    DataFrame with columns value, importance, gap, quadrant, priority, importance_cross,
    gap_cross, in the order of ``importance``. On a crosshair counts as high.

    Examples
    --------
    >>> imp = pd.Series({"a": 0.3, "b": 0.3, "c": 0.0, "d": 0.0})
    >>> gap = pd.Series({"a": 10.0, "b": 2.0, "c": 10.0, "d": 2.0})
    >>> strategy_matrix(imp, gap)["quadrant"].tolist()
    ['improve', 'strengthen', 'discover', 'differentiate']
    """
    both = pd.DataFrame({"importance": importance, "gap": gap}).dropna()
    both = both.reindex([v for v in importance.index if v in both.index])
    if both.empty:
        return pd.DataFrame(columns=MATRIX_COLUMNS)
    cx, cy = _cross(both["importance"], both["gap"], crosshair, 0.0)
    quadrant = grid_calls(both["importance"].to_numpy(float), both["gap"].to_numpy(float),
                          cx, cy, QUADRANT_CALLS)
    out = pd.DataFrame({
        "value": both.index.astype(str), "importance": both["importance"].to_numpy(float),
        "gap": both["gap"].to_numpy(float), "quadrant": quadrant,
    })
    out["priority"] = out["quadrant"].map(PRIORITY).astype(int)
    out["importance_cross"], out["gap_cross"] = cx, cy
    return out[MATRIX_COLUMNS]


def target_values(matrix: pd.DataFrame) -> list[str]:
    """Values in the improve or strengthen quadrant, by priority then importance (descending)."""
    t = matrix[matrix["quadrant"].isin(TARGET_QUADRANTS)]
    return t.sort_values(["priority", "importance"], ascending=[True, False],
                         kind="stable")["value"].tolist()


# ---------------------------------------------------------------------------------------
# ERRC grids, portfolio, task summary
# ---------------------------------------------------------------------------------------

def errc_grid(benefit_impacts_on_value: pd.DataFrame, benefit_satisfaction: pd.Series,
              values: Sequence[str] | None = None, crosshair: Crosshair = "mean"
              ) -> pd.DataFrame:
    """The ERRC grid of each value: one row per significant benefit with its action.

    Parameters
    ----------
    benefit_impacts_on_value : long table ``value, benefit, impact`` with the significant
        impact of each benefit on each value, NaN where not significant
        (:func:`benefit_impacts`).
    benefit_satisfaction : Series indexed by benefit id, mean satisfaction 0–100
        (:func:`benefit_satisfaction`).
    values : the values to grid (the target values, :func:`target_values`); all values in the
        table when None. Order is kept.
    crosshair : ``"mean"`` (means of the placed benefits), ``"scale"`` (satisfaction at 50,
        impact at the mean) or a pair ``(impact, satisfaction)``.

    Returns
    -------
    DataFrame value, benefit, impact, satisfaction, action, impact_cross, satisfaction_cross,
    n_placed — no rows for a value without a significant benefit.

    Examples
    --------
    >>> bi = pd.DataFrame({"value": ["v"] * 3, "benefit": ["a", "b", "c"],
    ...                    "impact": [0.5, 0.1, np.nan]})
    >>> sat = pd.Series({"a": 60.0, "b": 80.0, "c": 99.0})
    >>> errc_grid(bi, sat)[["benefit", "action"]].values.tolist()
    [['a', 'raise'], ['b', 'maintain']]
    """
    bi = benefit_impacts_on_value.dropna(subset=["impact"])
    if values is None:
        values = list(dict.fromkeys(benefit_impacts_on_value["value"]))
    frames = []
    for v in values:
        g = bi[bi["value"] == v]
        sat = benefit_satisfaction.reindex(g["benefit"]).to_numpy(float)
        keep = ~np.isnan(sat)
        g, sat = g[keep], sat[keep]
        if g.empty:
            continue
        imp = g["impact"].to_numpy(float)
        cx, cy = _cross(pd.Series(imp), pd.Series(sat), crosshair, 50.0)
        action = grid_calls(imp, sat, cx, cy, ACTIONS)
        frames.append(pd.DataFrame({
            "value": v, "benefit": g["benefit"].to_numpy(), "impact": imp,
            "satisfaction": sat, "action": action, "impact_cross": cx,
            "satisfaction_cross": cy, "n_placed": len(g),
        }))
    if not frames:
        return pd.DataFrame(columns=ERRC_COLUMNS)
    return pd.concat(frames, ignore_index=True)[ERRC_COLUMNS]


def benefit_portfolio(errc: pd.DataFrame, benefits: Sequence[str] | None = None) -> pd.DataFrame:
    """Benefits × target values table of ERRC actions (the "benefit portfolio").

    Rows are the benefits placed in at least one grid (in ``benefits`` order when given, e.g.
    ``codebook.benefits``), columns ``benefit`` then one per gridded value in grid order; a cell
    is empty (NaN) where the benefit has no significant impact on that value.

    Examples
    --------
    >>> errc = pd.DataFrame({"value": ["x", "x", "y"], "benefit": ["a", "b", "a"],
    ...                      "action": ["create", "raise", "maintain"]})
    >>> benefit_portfolio(errc).fillna("-").values.tolist()
    [['a', 'create', 'maintain'], ['b', 'raise', '-']]
    """
    if errc.empty:
        return pd.DataFrame(columns=["benefit"])
    values = list(dict.fromkeys(errc["value"]))
    placed = list(dict.fromkeys(errc["benefit"]))
    order = [b for b in benefits if b in placed] if benefits is not None else placed
    wide = errc.pivot(index="benefit", columns="value", values="action")
    wide = wide.reindex(index=order, columns=values)
    wide.columns.name = None
    return wide.reset_index()


def task_summary(errc: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """Per target value (improve/strengthen), the benefits to create and to raise.

    One row per target value in priority order; ``create``/``raise``/``maintain``/``review``
    are the benefit ids of that action, joined by ``", "`` in descending impact (empty string
    when none — including a target value with no significant benefit).

    Examples
    --------
    >>> m = pd.DataFrame({"value": ["x"], "importance": [.3], "quadrant": ["improve"],
    ...                   "priority": [1]})
    >>> errc = pd.DataFrame({"value": ["x", "x"], "benefit": ["a", "b"], "impact": [.2, .5],
    ...                      "action": ["create", "create"]})
    >>> task_summary(errc, m)["create"].tolist()
    ['b, a']
    """
    rows = []
    for v in target_values(matrix):
        m = matrix.loc[matrix["value"] == v].iloc[0]
        g = errc[errc["value"] == v].sort_values("impact", ascending=False, kind="stable")
        row = {"value": v, "quadrant": m["quadrant"], "priority": int(m["priority"])}
        for a in ACTIONS:
            row[a] = ", ".join(g.loc[g["action"] == a, "benefit"].astype(str))
        rows.append(row)
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


# ---------------------------------------------------------------------------------------
# All strategy tables of one scope
# ---------------------------------------------------------------------------------------

def strategy_tables(data: pd.DataFrame, impacts: pd.DataFrame, codebook: Codebook,
                    crosshair: Crosshair = "mean", delta: float = 0.5,
                    paths: str = "significant", draws: dict | None = None,
                    threshold: float = 0.7, seed: int = 0,
                    weights: np.ndarray | None = None) -> dict[str, pd.DataFrame]:
    """Strategy matrix, ERRC grids, portfolio, task summary, value proposition and simulation.

    ``data`` gives the gaps and benefit satisfaction (the scope's own respondents);
    ``impacts`` the importances, benefit impacts and paths (the scope's own model, or the
    company's for a small division). Returns a dict with keys ``strategy_matrix``, ``errc``,
    ``portfolio``, ``tasks``, ``value_proposition`` and ``simulation``.

    ``draws`` (the bootstrap betas of ``impacts``' models, ``impact_layers(draws=…)``) adds
    to the matrix and the grids how often the resamples repeat each call
    (:mod:`csvalue.model.stability`: ``stability``, ``alternative``, ``borderline`` below
    ``threshold``; ``seed`` seeds the resampled means, ``weights`` weight them).

    Examples
    --------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.settings import Settings
    >>> from csvalue.instrument.synth import generate
    >>> from csvalue.model.impact import impact_layers
    >>> from csvalue.model.indices import respondent_scores
    >>> cb, wave = load_codebook(), generate(600, seed=1)
    >>> impacts = impact_layers(wave, respondent_scores(wave, cb), cb, Settings(),
    ...                         bootstrap=False)
    >>> tabs = strategy_tables(wave, impacts, cb)
    >>> list(tabs)
    ['strategy_matrix', 'errc', 'portfolio', 'tasks', 'value_proposition', 'simulation']
    >>> tabs["strategy_matrix"][["value", "quadrant"]]
              value       quadrant
    0     stability        improve
    1    efficiency       discover
    2  relationship       discover
    3       revenue       discover
    4   reassurance     strengthen
    5    confidence        improve
    6       leisure  differentiate
    """
    from csvalue.model.proposition import value_proposition
    from csvalue.model.simulate import simulation_table

    if isinstance(crosshair, list):  # from YAML
        crosshair = tuple(crosshair)  # type: ignore[assignment]
    matrix = strategy_matrix(value_importance(impacts, codebook), value_gaps(data, codebook),
                             crosshair)
    errc = errc_grid(benefit_impacts(impacts, codebook), benefit_satisfaction(data, codebook),
                     target_values(matrix), crosshair)
    if draws is not None:
        from csvalue.model.stability import errc_stability, matrix_stability

        matrix = matrix_stability(matrix, data, draws, codebook, crosshair, threshold, seed,
                                  weights)
        errc = errc_stability(errc, data, draws, codebook, crosshair, threshold, seed + 1,
                              weights)
    return {
        "strategy_matrix": matrix,
        "errc": errc,
        "portfolio": benefit_portfolio(errc, codebook.benefits),
        "tasks": task_summary(errc, matrix),
        "value_proposition": value_proposition(matrix, impacts, codebook),
        "simulation": simulation_table(impacts, codebook, delta, paths),
    }
