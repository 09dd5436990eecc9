"""Value proposition: which values to improve, which to propose, and the benefits behind them.

As in the source's slides 14 and 25. Each value gets a **task type** from its
strategy-matrix quadrant × its CVI impact (high = at or above the mean across values):

==========================  ==========================  ==========================
quadrant                    high CVI impact             low CVI impact
==========================  ==========================  ==========================
improve, strengthen         improvement+proposal        improvement
discover, differentiate     proposal                    optional
==========================  ==========================  ==========================

A discover/differentiate value is also a ``proposal`` when it significantly drives the upper
(terminal) value, or is the upper value itself (slide 14: "qualitative — the end value").
Functional-level values are **basic factors**: fixed, not advertised, so ``proposal`` is
dropped from their task (``improvement+proposal`` → ``improvement``, ``proposal`` →
``improvement``). The **proposition** lists the emotional and terminal values whose task
includes ``proposal``, with the benefits that build them (their significant layer-3 benefits,
largest impact first) and, for the upper value, the values that drive it (layer 2).

Note: a simpler reading would give every improve value the task "improvement" only. Slide 14
splits the improve/strengthen row on CVI impact (개선 과제 | 개선+제안 과제) and slide 25
proposes confidence, an improve value; we follow the slides, so that the default (synthetic)
waves tell the source's story, where confidence is in the proposition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook

PROPOSITION_COLUMNS = [
    "value", "level", "quadrant", "priority", "importance", "high_impact", "drives_upper",
    "basic_factor", "task", "proposition", "benefits", "via_values",
]
#: Means–end levels whose values may be proposed (advertised).
PROPOSED_LEVELS = ("emotional", "terminal")


def _significant_drivers(impacts: pd.DataFrame, layer: int, outcome: str,
                         allowed: tuple[str, ...]) -> list[str]:
    rows = impacts[(impacts["layer"] == layer) & (impacts["outcome"] == outcome)
                   & impacts["predictor"].isin(allowed) & impacts["impact"].notna()]
    rows = rows[rows["impact"].astype(float) > 0]
    return rows.sort_values("impact", ascending=False, kind="stable")["predictor"].tolist()


def value_proposition(matrix: pd.DataFrame, impacts: pd.DataFrame, codebook: Codebook
                      ) -> pd.DataFrame:
    """Task type per value and the value proposition.

    Parameters
    ----------
    matrix : :func:`csvalue.model.strategy.strategy_matrix` of one wave and scope.
    impacts : the impacts of the same wave and scope (layers 2 and 3 are read).
    codebook : for value levels and the upper value.

    Returns
    -------
    DataFrame with columns value, level, quadrant, priority, importance, high_impact,
    drives_upper, basic_factor, task (improvement | improvement+proposal | proposal |
    optional), proposition (bool), benefits and via_values (ids joined by ", ").

    Examples
    --------
    >>> from csvalue import load_codebook
    >>> cb = load_codebook()
    >>> m = pd.DataFrame({"value": ["stability", "confidence", "leisure"],
    ...                   "importance": [.3, .3, 0.], "quadrant": ["improve", "improve",
    ...                   "differentiate"], "priority": [1, 1, 3]})
    >>> imp = pd.DataFrame({"layer": [3], "outcome": ["confidence"], "predictor": ["image"],
    ...                     "impact": [.4]})
    >>> value_proposition(m, imp, cb)[["value", "task", "proposition", "benefits"]].values.tolist()
    [['stability', 'improvement', False, ''], ['confidence', 'improvement+proposal', True, 'image'], ['leisure', 'proposal', True, '']]
    """
    if matrix.empty:
        return pd.DataFrame(columns=PROPOSITION_COLUMNS)
    upper = codebook.upper_value
    levels = codebook.value_levels
    importance = matrix["importance"].astype(float).to_numpy()
    high = importance >= importance.mean()
    drivers_of_upper = (_significant_drivers(impacts, 2, upper, codebook.values)
                        if upper is not None else [])
    values = matrix["value"].astype(str).to_numpy()
    drives_upper = np.isin(values, drivers_of_upper)
    is_upper = values == upper
    target = matrix["quadrant"].isin(("improve", "strengthen")).to_numpy()
    task = np.where(target, np.where(high, "improvement+proposal", "improvement"),
                    np.where(high | drives_upper | is_upper, "proposal", "optional"))
    basic = np.array([levels.get(v) == "functional" for v in values])
    task = np.where(basic & (task != "optional"), "improvement", task)
    proposed_level = np.array([levels.get(v) in PROPOSED_LEVELS for v in values])
    out = pd.DataFrame({
        "value": values, "level": [levels.get(v) for v in values],
        "quadrant": matrix["quadrant"].to_numpy(), "priority": matrix["priority"].to_numpy(),
        "importance": importance, "high_impact": high, "drives_upper": drives_upper,
        "basic_factor": basic, "task": task,
        "proposition": proposed_level & (np.char.find(task.astype(str), "proposal") >= 0),
        "benefits": [", ".join(_significant_drivers(impacts, 3, v, codebook.benefits))
                     for v in values],
        "via_values": [", ".join(drivers_of_upper) if v == upper else "" for v in values],
    })
    return out[PROPOSITION_COLUMNS]
