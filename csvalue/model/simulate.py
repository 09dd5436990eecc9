"""Strategy simulation: what "+Δ points on benefit j" does to the values and the indices.

The source (slide 5) uses the impact model as a set of strategic coefficients: a change in a
benefit moves the values it drives, and the values move the indices. We propagate a change
through the **unstandardized** coefficients ``b`` of :func:`csvalue.model.impact.impact_layers`:

- layer 3, benefit → value: ``Δvalue_v = Σ_j b(j→v) · Δbenefit_j`` (native scale points);
- layer 1, value → index: ``Δindex_k = Σ_v b(v→k) · Δvalue_v``, expressed in index points:
  CS, repurchase and recommend on 0–100 (their item scale rescaled), CLS and CVI on their own
  0–100 scale, NPS in NPS points (the model of the respondent score +100/0/−100, whose mean is
  the NPS).

Decisions (documented, tested):

- By default only **significant** paths (p < alpha, the ones the report shows as impacts) carry
  the change, as in the source; ``paths="all"`` uses every estimated ``b``.
- Layer 2 (values → the upper value) is not chained after layer 3: the benefit → upper value
  regression of layer 3 already carries each benefit's whole association with the upper value,
  and adding the value → upper value paths on top would count it twice.
- The model is linear, so the effect of several changes is the sum of their effects, and a
  change on a value (a key that is a value id) enters layer 1 directly — which is how an
  instrument without a benefit layer is simulated.
- Gains are model-implied changes of the mean; they are not clipped at the scale ends.

Examples
--------
>>> from csvalue import load_codebook
>>> imp = pd.DataFrame({
...     "layer": [3, 1], "outcome": ["stability", "cvi"], "predictor": ["speed", "stability"],
...     "b": [0.4, 10.0], "impact": [0.3, 0.2]})
>>> float(simulate(imp, {"speed": 0.5}, load_codebook()).set_index("index").loc["cvi", "gain"])
2.0
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.errors import CsvalueError

#: Index outcomes of layer 1, in display order.
INDEX_OUTCOMES = ("cs", "repurchase", "recommend", "nps", "cls", "cvi")
PATHS = ("significant", "all")
SIMULATION_COLUMNS = ["index", "kind", "gain", "unit"]


def index_points_per_unit(outcome: str, codebook: Codebook) -> float:
    """Index points (0–100, NPS points) per unit of a layer-1 outcome as regressed.

    The rating items ``cs``, ``repurchase`` and ``recommend`` are regressed on their native
    scale, so one unit is ``100 / (max − min)`` index points; CLS, CVI and the NPS respondent
    score are already on their reporting scale.

    Examples
    --------
    >>> from csvalue import load_codebook
    >>> index_points_per_unit("cs", load_codebook()), index_points_per_unit("cvi", load_codebook())
    (25.0, 1.0)
    """
    if outcome in ("cs", "repurchase", "recommend") and codebook.has(outcome):
        lo, hi = codebook.item(outcome).scale  # type: ignore[misc]
        return 100.0 / (hi - lo)
    return 1.0


def _one_model(impacts: pd.DataFrame) -> pd.DataFrame:
    for col in ("wave", "scope"):
        if col in impacts and impacts[col].nunique(dropna=False) > 1:
            raise CsvalueError(
                f"simulate needs the impacts of one model set; got several {col}s: "
                f"{sorted(map(str, impacts[col].unique()))} — filter to one first")
    return impacts


def _paths(impacts: pd.DataFrame, layer: int, rows: list[str], cols: list[str], paths: str
           ) -> pd.DataFrame:
    """rows × cols matrix of unstandardized b of ``layer`` (0 where absent or excluded)."""
    if paths not in PATHS:
        raise CsvalueError(f"paths must be one of {PATHS}; got {paths!r}")
    sel = impacts[(impacts["layer"] == layer) & impacts["predictor"].isin(rows)
                  & impacts["outcome"].isin(cols)]
    b = sel["b"].astype(float)
    if paths == "significant":
        b = b.where(sel["impact"].notna(), 0.0)
    mat = pd.DataFrame({"predictor": sel["predictor"], "outcome": sel["outcome"], "b": b})
    wide = mat.pivot_table(index="predictor", columns="outcome", values="b", aggfunc="first")
    return wide.reindex(index=rows, columns=cols).fillna(0.0).astype(float)


def total_effects(impacts: pd.DataFrame, codebook: Codebook, paths: str = "significant"
                  ) -> pd.DataFrame:
    """The change of every value and index per +1 point on each benefit and each value.

    Returns a DataFrame indexed by driver (benefit ids, then value ids) with one column per
    value (native scale points) and per layer-1 index outcome present (index points).

    Examples
    --------
    >>> from csvalue import load_codebook
    >>> imp = pd.DataFrame({"layer": [3, 1], "outcome": ["stability", "cs"],
    ...                     "predictor": ["speed", "stability"], "b": [0.5, 0.2],
    ...                     "impact": [0.3, 0.2]})
    >>> float(total_effects(imp, load_codebook()).loc["speed", "cs"])  # 0.5 · 0.2 · 25
    2.5
    """
    impacts = _one_model(impacts)
    benefits, values = list(codebook.benefits), list(codebook.values)
    present = set(impacts.loc[impacts["layer"] == 1, "outcome"])
    outcomes = [k for k in INDEX_OUTCOMES if k in present]
    b3 = _paths(impacts, 3, benefits, values, paths).to_numpy()          # benefits × values
    b1 = _paths(impacts, 1, values, outcomes, paths).to_numpy()          # values × indices
    b1 = b1 * np.array([index_points_per_unit(k, codebook) for k in outcomes])
    drivers = np.vstack([b3, np.eye(len(values))])                       # (B+V) × values
    eff = np.hstack([drivers, drivers @ b1])
    return pd.DataFrame(eff, index=pd.Index(benefits + values, name="driver"),
                        columns=values + outcomes)


def simulate(impacts: pd.DataFrame, deltas: Mapping[str, float], codebook: Codebook,
             paths: str = "significant") -> pd.DataFrame:
    """Gains of every value and index for a scenario of benefit (or value) changes.

    Parameters
    ----------
    impacts : the impacts of one wave and scope (:func:`csvalue.model.impact.impact_layers`): at
        least layer, outcome, predictor, b, impact (NaN = not significant).
    deltas : ``{benefit id: Δ}`` on the benefit's own scale (e.g. ``{"speed": 0.5}`` for half
        a point on 1–5); value ids are accepted too and change that value directly.
    codebook : the instrument (benefit and value ids, index scales).
    paths : ``"significant"`` (default, as the source) or ``"all"`` estimated paths.

    Returns
    -------
    DataFrame index, kind (``value`` | ``index``), gain, unit — one row per value, then per
    index outcome present in layer 1 (cs, repurchase, nps, cls, cvi).
    """
    eff = total_effects(impacts, codebook, paths)
    unknown = [k for k in deltas if k not in eff.index]
    if unknown:
        raise CsvalueError(f"simulate: {unknown} are not benefits or values of the codebook "
                           f"{codebook.source}; known: {list(eff.index)}")
    d = pd.Series({k: float(v) for k, v in deltas.items()}).reindex(eff.index).fillna(0.0)
    gain = d.to_numpy() @ eff.to_numpy()
    values = set(codebook.values)
    kinds = ["value" if c in values else "index" for c in eff.columns]
    units = ["value scale points" if k == "value" else
             ("NPS points" if c == "nps" else "index points (0-100)")
             for c, k in zip(eff.columns, kinds)]
    return pd.DataFrame({"index": list(eff.columns), "kind": kinds, "gain": gain, "unit": units},
                        columns=SIMULATION_COLUMNS)


def simulation_table(impacts: pd.DataFrame, codebook: Codebook, delta: float = 0.5,
                     paths: str = "significant") -> pd.DataFrame:
    """Index gains for ``+delta`` points on each benefit alone, and on all benefits at once.

    Returns one row per benefit (codebook order) plus a last row ``benefit="all"``; columns
    benefit, delta, then the gain of each layer-1 index present (cs, repurchase, nps, cls,
    cvi) in index points. Empty (no rows) when the instrument has no benefit layer.

    Examples
    --------
    >>> from csvalue import load_codebook
    >>> imp = pd.DataFrame({"layer": [3, 1], "outcome": ["stability", "cvi"],
    ...                     "predictor": ["speed", "stability"], "b": [0.4, 10.0],
    ...                     "impact": [0.3, 0.2]})
    >>> t = simulation_table(imp, load_codebook(), delta=0.5).set_index("benefit")
    >>> float(t.loc["speed", "cvi"]), float(t.loc["all", "cvi"])
    (2.0, 2.0)
    """
    eff = total_effects(impacts, codebook, paths)
    indices = [c for c in eff.columns if c in INDEX_OUTCOMES]
    benefits = list(codebook.benefits)
    if not benefits:
        return pd.DataFrame(columns=["benefit", "delta", *indices])
    per = eff.loc[benefits, indices] * delta
    table = pd.concat([per, per.sum().to_frame("all").T])
    table.insert(0, "delta", float(delta))
    return table.rename_axis("benefit").reset_index()
