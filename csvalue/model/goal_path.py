"""Goal management: the smallest benefit gains that reach each goal through the simulation.

The source (slides 33–34) closes its strategy with goal management: next year's target for
each index and what has to move to get there. The goals are the codebook's (``goals``: the
same targets for the next wave); the way there runs through the strategy simulation
(:mod:`csvalue.model.simulate`): each benefit's **per-point effect** on an index is the
simulated index gain for ``+delta`` on that benefit divided by ``delta`` in points on 0–100
(``simulation.csv``), and the model is linear, so gains add up:
``reached = current + Σ_j gain_j · effect_j``.

Of all the gains that close a goal's gap, the path takes the **smallest**, in the sense of the
least sum of squared gains, under a cap per benefit (settings ``goal_caps``, never beyond the
benefit's headroom to 100):

    minimise Σ gain_j²  subject to  Σ gain_j · effect_j ≥ goal − current,  0 ≤ gain_j ≤ cap_j.

Why squares and not the plain sum: the least plain sum puts the whole gap on the one benefit
with the largest effect until its cap, a plan that stands on one estimated path; the least
sum of squares spreads the gap over the benefits in proportion to their effect
(``gain_j = min(cap_j, λ · effect_j)``, the Karush–Kuhn–Tucker solution), so no benefit is
asked for much where several can each give a little. Benefits with no positive effect get
no gain. :func:`smallest_gains` finds λ with :func:`scipy.optimize.brentq`; the tests check it
against a general solver.

A goal already met by the point estimate needs no gain (status ``met``); a gap the capped
benefits cannot close is ``unreachable`` (every useful benefit at its cap, ``reached`` short
of the goal); otherwise ``reached``. A scope's path uses that scope's simulation (a small
division's runs through the company's paths, as its strategy does).

Example
-------
>>> e = pd.Series({"speed": 0.2, "image": 0.4})
>>> smallest_gains(e, 2.0, pd.Series({"speed": 10.0, "image": 10.0})).round(2).to_dict()
{'speed': 2.0, 'image': 4.0}
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from csvalue.errors import ConfigError
from csvalue.instrument.codebook import Codebook

#: Columns of ``goal_path.csv`` (after ``wave``), in order.
GOAL_PATH_COLUMNS = ["scope", "index", "goal", "current", "reached", "benefit", "gain",
                     "effect", "cap", "status"]
#: The status of a goal's path.
MET, REACHED, UNREACHABLE = "met", "reached", "unreachable"
#: The cap per benefit when the settings name none for it (points on 0–100).
DEFAULT_CAP = 10.0


def per_point_effects(simulation: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Each benefit's effect on each index per point of benefit satisfaction on 0–100.

    ``simulation`` is one wave and scope of ``simulation.csv`` (benefit, delta, one column
    per index); ``delta`` is on the benefit's own scale, so one point on 0–100 is
    ``(max − min) / 100`` of it.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> sim = pd.DataFrame({"benefit": ["speed", "all"], "delta": 0.5, "cvi": [2.5, 2.5]})
    >>> float(per_point_effects(sim, load_codebook()).loc["speed", "cvi"])   # 2.5 / 12.5
    0.2
    """
    rows = simulation[simulation["benefit"].astype(str) != "all"].set_index("benefit")
    indices = [c for c in rows.columns if c not in ("delta", "wave", "scope", "impact_source")]
    points = []
    for b, delta in rows["delta"].items():
        item = codebook.sat(str(b), "benefit")
        lo, hi = (codebook.item(item).scale if codebook.has(item) else None) or (0.0, 100.0)
        points.append(float(delta) * 100.0 / (hi - lo))
    eff = rows[indices].astype(float).div(np.array(points), axis=0)
    return eff.rename_axis("benefit")


def benefit_caps(setting: float | Mapping[str, float], codebook: Codebook,
                 satisfaction: pd.Series | None = None, where: str = "settings") -> pd.Series:
    """The cap of each benefit (points on 0–100): the settings' ``goal_caps``, and never more
    than the benefit's headroom ``100 − satisfaction``.

    Raises
    ------
    ConfigError
        when ``goal_caps`` names a benefit the codebook does not have.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> caps = benefit_caps({"default": 8, "price": 3}, load_codebook(),
    ...                     pd.Series({"speed": 95.0}))
    >>> caps[["speed", "price", "image"]].tolist()
    [5.0, 3.0, 8.0]
    """
    benefits = list(codebook.benefits)
    if isinstance(setting, Mapping):
        unknown = [k for k in setting if k != "default" and k not in benefits]
        if unknown:
            raise ConfigError(f"{where}: goal_caps.{unknown[0]}: not a benefit of the codebook "
                              f"{codebook.source}; its benefits: {', '.join(benefits)} "
                              "(or default)")
        default = float(setting.get("default", DEFAULT_CAP))
        caps = pd.Series({b: float(setting.get(b, default)) for b in benefits}, dtype=float)
    else:
        caps = pd.Series(float(setting), index=benefits, dtype=float)
    if satisfaction is not None:
        room = (100.0 - satisfaction.reindex(benefits).astype(float)).clip(lower=0.0)
        caps = caps.where(room.isna(), np.minimum(caps, room))
    return caps.rename_axis("benefit")


def smallest_gains(effects: pd.Series, need: float, caps: pd.Series) -> pd.Series:
    """The least-squares benefit gains whose effects add up to ``need``, each within its cap.

    Solves ``min Σ g² s.t. effects · g ≥ need, 0 ≤ g ≤ caps``: ``g = min(cap, λ · effect⁺)``
    with λ the root of ``effects · g(λ) = need``. ``need ≤ 0`` gives zeros; a need the capped
    gains cannot meet gives every useful benefit at its cap.

    Example
    -------
    >>> e = pd.Series({"a": 1.0, "b": 1.0, "c": -0.5})
    >>> smallest_gains(e, 3.0, pd.Series({"a": 1.0, "b": 5.0, "c": 5.0})).round(6).tolist()
    [1.0, 2.0, 0.0]
    >>> smallest_gains(e, 9.0, pd.Series({"a": 1.0, "b": 5.0, "c": 5.0})).tolist()
    [1.0, 5.0, 0.0]
    """
    e = effects.astype(float).fillna(0.0).clip(lower=0.0)
    cap = caps.reindex(e.index).astype(float).fillna(0.0).clip(lower=0.0)
    zero = pd.Series(0.0, index=e.index)
    if need <= 0 or not (e > 0).any():
        return zero

    def gains(lam: float) -> np.ndarray:
        return np.minimum(cap.to_numpy(), lam * e.to_numpy())

    top = float(e.to_numpy() @ cap.to_numpy())
    if top <= need:
        return pd.Series(np.where(e.to_numpy() > 0, cap.to_numpy(), 0.0), index=e.index)
    positive = e[(e > 0) & (cap > 0)]
    high = float((cap[positive.index] / positive).max())   # every useful gain at its cap
    lam = brentq(lambda x: float(e.to_numpy() @ gains(x)) - need, 0.0, high, xtol=1e-12)
    return pd.Series(gains(lam), index=e.index)


def goal_path(current: Mapping[str, float], goals: Mapping[str, float],
              effects: pd.DataFrame, caps: pd.Series, scope: str = "company") -> pd.DataFrame:
    """Each goal's path for one scope: one row per goal and benefit.

    Parameters
    ----------
    current : index id → the scope's current value (``indices.csv`` value).
    goals : index id → goal (the codebook's); goals without a simulated index are left out.
    effects : :func:`per_point_effects` of the scope.
    caps : :func:`benefit_caps`.

    Returns
    -------
    :data:`GOAL_PATH_COLUMNS`: scope, index, goal, current, reached (current + Σ gain ·
    effect), benefit, gain (points on 0–100), effect (index points per point), cap, status
    (``met`` | ``reached`` | ``unreachable``).

    Example
    -------
    >>> eff = pd.DataFrame({"cvi": [0.2, 0.4]}, index=pd.Index(["speed", "image"], name="benefit"))
    >>> p = goal_path({"cvi": 76.0}, {"cvi": 78.0}, eff, pd.Series({"speed": 10.0, "image": 10.0}))
    >>> p[["benefit", "gain", "reached", "status"]].round(1).values.tolist()
    [['speed', 2.0, 78.0, 'reached'], ['image', 4.0, 78.0, 'reached']]
    """
    rows = []
    for index, goal in goals.items():
        if index not in effects.columns or index not in current or pd.isna(current[index]):
            continue
        now = float(current[index])
        e = effects[index].astype(float)
        g = smallest_gains(e, float(goal) - now, caps)
        reached = now + float(g.to_numpy() @ e.fillna(0.0).to_numpy())
        status = (MET if now >= goal else
                  REACHED if reached >= goal - 1e-9 else UNREACHABLE)
        for b in e.index:
            rows.append({"scope": scope, "index": index, "goal": float(goal), "current": now,
                         "reached": reached, "benefit": b, "gain": float(g[b]),
                         "effect": float(e[b]), "cap": float(caps.get(b, np.nan)),
                         "status": status})
    return pd.DataFrame(rows, columns=GOAL_PATH_COLUMNS)


def goal_path_step(ctx: Any) -> None:
    """The goal-path step of ``csvalue.pipeline.analyze``: ``goal_path`` for the company and
    each division with a simulation, from this wave's ``indices`` and ``simulation`` tables.

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> from csvalue.pipeline.analyze import analyze
    >>> from csvalue.instrument.settings import Settings
    >>> res = analyze([generate(400, seed=3)], load_codebook(), Settings(n_boot=0))
    >>> sorted(res.goal_path["status"].unique()) <= ["met", "reached", "unreachable"]
    True
    """
    from csvalue.model.strategy import benefit_satisfaction

    if not ctx.codebook.benefits or "simulation" not in ctx.tables:
        return
    sims = pd.concat(ctx.tables["simulation"], ignore_index=True)
    ind = pd.concat(ctx.tables["indices"], ignore_index=True)
    pieces = []
    for scope, idx in ctx.scopes():
        sim = sims[sims["scope"] == scope]
        if sim.empty:
            continue
        now = ind[ind["scope"] == scope].set_index("index")["value"].to_dict()
        caps = benefit_caps(ctx.settings.goal_caps, ctx.codebook,
                            benefit_satisfaction(ctx.data.loc[idx], ctx.codebook))
        pieces.append(goal_path(now, ctx.codebook.goals,
                                per_point_effects(sim, ctx.codebook), caps, scope))
    if pieces:
        ctx.add("goal_path", pd.concat(pieces, ignore_index=True))
