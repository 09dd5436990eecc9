"""The impact chapter's tables and numbers: the impact layers as drivers × outcomes, the
drivers of CVI with their shares of R², the CLS weights and the strategy simulation.

Example
-------
>>> res = Results({"impacts": pd.DataFrame({
...     "wave": "2025", "scope": "company", "layer": 1, "outcome": ["cs", "cs"],
...     "predictor": ["stability", "revenue"], "beta": [0.3, -0.01],
...     "impact": [0.3, np.nan], "r2": 0.6, "n": 1930})}, {})
>>> impact_table(res, "2025", 1)["CS"].tolist()
['0.300', '–', '0.600', '1,930']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.pipeline.results import Results
from csvalue.report.format import INDEX_LABELS, format_number, lower_first
from csvalue.report.i18n import N_, Messages, _, label_language
from csvalue.report.labels import id_label, readable
from csvalue.report.tables import Table


def impact_frame(results: Results, wave: str, layer: int, scope: str = "company",
                 value: str = "impact") -> pd.DataFrame:
    """One layer's ``value`` column (``impact`` = β where significant, or ``beta``) as
    predictors × outcomes, keeping every predictor and outcome in the order of the results.

    Example
    -------
    >>> res = Results({"impacts": pd.DataFrame({
    ...     "wave": "2025", "scope": "company", "layer": 1, "outcome": ["cs", "cvi"],
    ...     "predictor": "stability", "beta": [0.3, 0.2], "impact": [0.3, np.nan]})}, {})
    >>> impact_frame(res, "2025", 1, value="beta").to_dict("index")
    {'stability': {'cs': 0.3, 'cvi': 0.2}}
    """
    t = results.table("impacts", wave, scope)
    t = t[t["layer"] == layer]
    rows = list(dict.fromkeys(t["predictor"]))
    cols = list(dict.fromkeys(t["outcome"]))
    wide = t.set_index(["predictor", "outcome"])[value].astype(float).unstack()
    return wide.reindex(index=rows, columns=cols)


def impact_table(results: Results, wave: str, layer: int, scope: str = "company",
                 codebook: Codebook | None = None) -> pd.DataFrame:
    """Impacts of one layer as predictors × outcomes: every predictor is a row, β (3 decimals)
    where it is significant and an en dash where it is not; R² and n close the table. The
    cells are text already: the table mixes βs, R² and counts in one column."""
    t = results.table("impacts", wave, scope)
    t = t[t["layer"] == layer]
    wide = impact_frame(results, wave, layer, scope)
    r2 = t.drop_duplicates("outcome").set_index("outcome")[["r2", "n"]].reindex(wide.columns)
    cells = wide.map(lambda v: "–" if pd.isna(v) else format_number(v, 3))
    foot = pd.DataFrame([[format_number(v, 3) for v in r2["r2"]],
                         [f"{int(v):,}" for v in r2["n"]]], index=["R²", "n"],
                        columns=wide.columns)
    out = pd.concat([cells, foot])
    out.index = [id_label(p, codebook) if p not in ("R²", "n") else p for p in out.index]
    out.columns = [id_label(c, codebook) for c in out.columns]
    return out.reset_index(names=_("Driver"))


def _cvi_model(results: Results, wave: str, scope: str = "company") -> pd.DataFrame:
    return results.table("impacts", wave, scope).query("layer == 1 and outcome == 'cvi'")


def cvi_driver_facts(results: Results, wave: str, codebook: Codebook,
                     scope: str = "company") -> dict[str, float | str]:
    """What the chapter says of the values → CVI model: the strongest driver (``top_value``,
    its ``top_beta``) and the share of CVI's variance the values explain (``cvi_r2_pct``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"impacts": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "layer": 1, "outcome": "cvi", "predictor": ["stability", "reassurance"],
    ...     "beta": [0.28, 0.26], "r2": 0.61})}, {})
    >>> cvi_driver_facts(res, "2025", load_codebook())
    {'top_value': 'stable operations', 'top_beta': 0.28, 'cvi_r2_pct': 61.0}
    """
    cvi = _cvi_model(results, wave, scope)
    top = cvi.sort_values("beta", ascending=False).iloc[0]
    return {"top_value": lower_first(codebook.label(top["predictor"], label_language())),
            "top_beta": float(top["beta"]), "cvi_r2_pct": float(100 * cvi["r2"].iloc[0])}


def cvi_driver_table(results: Results, wave: str, codebook: Codebook | None = None,
                     scope: str = "company") -> Table:
    """Every value's β on CVI, significant or not, beside its p-value, its two shares of R²
    in percent (relative weight and Shapley value) and the bootstrap 95% interval of the β.

    Example
    -------
    >>> res = Results({"impacts": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "layer": 1, "outcome": "cvi", "predictor": ["stability"], "beta": [0.28],
    ...     "p_value": [1e-9], "relative_weight": [0.21], "shapley": [0.2], "ci_low": [0.23],
    ...     "ci_high": [0.33]})}, {})
    >>> t = cvi_driver_table(res, "2025")
    >>> t.display_frame().columns.tolist()[-2:], t.data["shapley"].tolist()
    (['β 95% CI low', 'β 95% CI high'], [20.0])
    """
    cvi = _cvi_model(results, wave, scope)
    share = cvi[["predictor", "beta", "p_value", "relative_weight", "shapley", "ci_low",
                 "ci_high"]].copy()
    share[["relative_weight", "shapley"]] *= 100
    return readable(share, codebook, rename={"predictor": _("Value"),
                                             "ci_low": _("β 95% CI low"),
                                             "ci_high": _("β 95% CI high")})


def cls_weight_facts(results: Results) -> dict[str, str]:
    """Where the CLS weights of this report came from (``w_source``: estimated on which
    wave, reused from the database, or set in the settings), as ``model.json`` says.

    Example
    -------
    >>> cls_weight_facts(Results({}, {"cls_weights_source": "set in the settings"}))
    {'w_source': 'set in the settings'}
    """
    return {"w_source": weight_source_text(str(results.model["cls_weights_source"]))}


def weight_source_text(source: str) -> str:
    """Where the CLS weights came from (``model.json``'s ``cls_weights_source``, written by
    :func:`csvalue.pipeline.analyze.analyze`) in the active language; a source the settings
    name in their own words stays as written.

    Example
    -------
    >>> weight_source_text("estimated on the base wave 2024 and reused for later waves")
    'estimated on the base wave 2024 and reused for later waves'
    """
    import re

    m = re.fullmatch(r"estimated on the base wave (.+) and reused for later waves", source)
    if m:
        return _("estimated on the base wave {wave} and reused for later waves").format(
            wave=m.group(1))
    return WEIGHT_SOURCES.get(source, source)


#: The fixed sources of the CLS weights in words.
WEIGHT_SOURCES = Messages({"given to analyze": N_("given to analyze"),
                           "fixed in the settings": N_("fixed in the settings"),
                           "set in the settings": N_("set in the settings")})


#: Headers of :func:`cls_weight_table`'s data columns.
CLS_WEIGHT_HEADERS = Messages({"outcome": N_("Outcome"), "beta": N_("β of CS"), "p": N_("p"),
                               "r2": N_("R²"), "n": N_("n"),
                               "share": N_("Share of the two βs (%)"),
                               "weight": N_("CLS weight used (%)")})


def cls_weight_table(results: Results, wave: str, scope: str = "company") -> Table:
    """Layer 4: the impact of CS on repurchase and on recommendation in this wave (``beta``,
    ``p``, ``r2``, ``n``), each β's ``share`` of the two, and the CLS ``weight`` the indices
    use (``model.json``), in percent.

    Example
    -------
    >>> res = Results({"impacts": pd.DataFrame({
    ...     "wave": "2025", "scope": "company", "layer": 4, "predictor": "cs",
    ...     "outcome": ["repurchase", "recommend"], "beta": [0.55, 0.73], "p_value": 0.0,
    ...     "r2": [0.3, 0.53], "n": 2000})}, {"cls_weights": {"repurchase": 0.43,
    ...                                                     "recommend": 0.57}})
    >>> cls_weight_table(res, "2025").data[["outcome", "share", "weight"]].round(1).values.tolist()
    [['Repurchase', 43.0, 43.0], ['Recommend', 57.0, 57.0]]
    """
    t = results.table("impacts", wave, scope)
    t = t[(t["layer"] == 4) & (t["predictor"] == "cs")].set_index("outcome")
    weights = results.model.get("cls_weights") or {}
    outcomes = [o for o in ("repurchase", "recommend") if o in t.index]
    total = float(sum(t.loc[o, "beta"] for o in outcomes)) or np.nan
    data = pd.DataFrame({
        "outcome": [INDEX_LABELS[o] for o in outcomes],
        "beta": [float(t.loc[o, "beta"]) for o in outcomes],
        "p": [float(t.loc[o, "p_value"]) for o in outcomes],
        "r2": [float(t.loc[o, "r2"]) for o in outcomes],
        "n": [int(t.loc[o, "n"]) for o in outcomes],
        "share": [100 * float(t.loc[o, "beta"]) / total for o in outcomes],
        "weight": [100 * float(weights[o]) if o in weights else np.nan for o in outcomes]})
    return Table(data, CLS_WEIGHT_HEADERS)


def simulation_facts(results: Results, wave: str, scope: str = "company") -> dict[str, float]:
    """The simulation step (``delta``, points on a benefit's own scale) and the CVI gain when
    every benefit rises by it at once (``all_cvi``).

    Example
    -------
    >>> res = Results({"simulation": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "benefit": ["speed", "all"], "delta": 0.5, "cvi": [1.18, 11.3]})}, {})
    >>> simulation_facts(res, "2025")
    {'delta': 0.5, 'all_cvi': 11.3}
    """
    sim = results.table("simulation", wave, scope)
    return {"delta": float(sim["delta"].iloc[0]),
            "all_cvi": float(sim.loc[sim["benefit"] == "all", "cvi"].iloc[0])}


def simulation_table(results: Results, wave: str, codebook: Codebook | None = None,
                     scope: str = "company") -> Table:
    """The index gains for +Δ on each benefit alone (largest CVI gain first): data columns
    ``benefit`` (its label) and one per index.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"simulation": pd.DataFrame({
    ...     "wave": "2025", "scope": "company", "benefit": ["speed", "image", "all"],
    ...     "delta": 0.5, "cvi": [1.18, 2.57, 11.3]})}, {})
    >>> simulation_table(res, "2025", load_codebook()).display_frame().values.tolist()
    [['Image and trust', 2.57], ['Speed of work', 1.18]]
    """
    sim = results.table("simulation", wave, scope)
    sim = sim[sim["benefit"] != "all"].sort_values("cvi", ascending=False, kind="stable")
    cols = [c for c in ("benefit", "cs", "repurchase", "recommend", "nps", "cls", "cvi")
            if c in sim]
    return readable(sim[cols], codebook)
