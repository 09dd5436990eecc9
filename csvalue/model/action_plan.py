"""The action plan: initiatives per benefit, joined to the tasks and the goal path.

The source's execution strategy (slide 35) lists, for each benefit to create or raise, the
initiatives that would move it (a lighter package, call-centre support, control of the
dealers' service …). Here the initiatives come from a **catalogue** in the settings
(``initiatives``: benefit → initiatives, each with an owner and a horizon; ``source`` is the
source case's catalogue for the shipped instrument, ``csvalue/data/initiatives.yml``), and the
plan joins them to

- the **tasks** (``tasks.csv``): for which target values the benefit is to be created or
  raised (its ``action``: ``create`` before ``raise``, the first that applies);
- the **goal path** (``goal_path.csv``): the gain the benefit is asked for (``gain``, points
  on 0–100: the largest over the scope's goals, so that every goal's path is covered) and what
  that gain brings each index with a goal (``<index>_gain``, gain × per-point effect).

A benefit appears when it has a create or raise task or a gain on a goal path; one row per
initiative, or one row with no initiative when the catalogue has none for it (or there is no
catalogue: then the plan lists the benefits alone).

Example
-------
>>> from csvalue import load_codebook
>>> tasks = pd.DataFrame({"scope": "company", "value": ["stability"], "quadrant": "improve",
...                       "create": ["speed"], "raise": [""]})
>>> path = pd.DataFrame({"scope": "company", "index": "cvi", "benefit": ["speed", "price"],
...                      "gain": [2.0, 0.0], "effect": [0.2, 0.1]})
>>> cat = {"speed": [{"label_en": "Faster screens", "label_ko": "빠른 화면",
...                   "owner_en": "Product", "owner_ko": "제품", "horizon": "short"}]}
>>> action_plan(tasks, path, cat, load_codebook())[["benefit", "action", "values",
...     "initiative", "gain", "cvi_gain"]].values.tolist()
[['speed', 'create', 'stability', 'Faster screens', 2.0, 0.4]]
"""

from __future__ import annotations

from importlib import resources
from typing import Any, Mapping

import numpy as np
import pandas as pd

from csvalue.errors import ConfigError
from csvalue.instrument.codebook import Codebook

#: Leading columns of ``action_plan.csv`` (after ``wave``); ``<index>_gain`` columns follow.
ACTION_PLAN_COLUMNS = ["scope", "benefit", "action", "values", "initiative", "initiative_ko",
                       "owner", "owner_ko", "horizon", "gain"]
#: The plan's actions, in the order a benefit takes the first that applies.
PLAN_ACTIONS = ("create", "raise")


def source_catalogue() -> dict[str, Any]:
    """The source case's initiative catalogue for the shipped instrument (checked as a
    settings file's would be).

    Example
    -------
    >>> sorted(source_catalogue())[:3]
    ['accuracy', 'convenience', 'cost']
    """
    from csvalue.instrument.settings import check_initiatives
    from csvalue.instrument.yamlfile import parse_yaml

    text = resources.files("csvalue").joinpath("data/initiatives.yml").read_text("utf-8")
    return check_initiatives(parse_yaml(text, "csvalue/data/initiatives.yml", ConfigError),
                             "csvalue/data/initiatives.yml")


def catalogue(setting: str | Mapping[str, Any] | None, codebook: Codebook
              ) -> dict[str, list[dict[str, str]]]:
    """The catalogue the plan uses: benefit id → initiatives (empty: no catalogue).

    ``source`` keeps the shipped catalogue's benefits that the codebook has (it is written
    for the shipped instrument); a catalogue of one's own must name the codebook's benefits.

    Raises
    ------
    ConfigError
        when a catalogue of one's own names a benefit the codebook does not have.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> catalogue({"sped": [{"label_en": "x", "owner_en": "y", "horizon": "short"}]},
    ...           load_codebook())
    Traceback (most recent call last):
    ...
    csvalue.errors.ConfigError: settings: initiatives.sped: not a benefit of the codebook; its benefits: convenience, speed, accuracy, cost, image, service, price
    """
    if not setting:
        return {}
    if setting == "source":
        return {b: list(v) for b, v in source_catalogue().items() if b in codebook.benefits}
    unknown = [b for b in setting if b not in codebook.benefits]
    if unknown:
        raise ConfigError(f"settings: initiatives.{unknown[0]}: not a benefit of the codebook; "
                          f"its benefits: {', '.join(codebook.benefits)}")
    return {b: list(v) for b, v in setting.items()}


def _task_values(tasks: pd.DataFrame) -> dict[str, dict[str, list[str]]]:
    """benefit → action → the values for which the tasks give the benefit that action."""
    out: dict[str, dict[str, list[str]]] = {}
    for row in tasks.to_dict("records"):
        for action in PLAN_ACTIONS:
            cell = row.get(action)
            if not isinstance(cell, str):
                continue
            for b in (x.strip() for x in cell.split(",")):
                if b:
                    out.setdefault(b, {}).setdefault(action, []).append(str(row["value"]))
    return out


def action_plan(tasks: pd.DataFrame, path: pd.DataFrame, initiatives: Mapping[str, Any],
                codebook: Codebook, scope: str = "company") -> pd.DataFrame:
    """The action plan of one scope.

    Parameters
    ----------
    tasks : the scope's task summary (``tasks.csv``: value, create, raise …).
    path : the scope's goal path (``goal_path.csv``: index, benefit, gain, effect).
    initiatives : :func:`catalogue` (empty: the plan lists the benefits alone).

    Returns
    -------
    :data:`ACTION_PLAN_COLUMNS` then ``<index>_gain`` per goal index of ``path``: benefits
    with a task first (create before raise), each by its gain, largest first.
    """
    by_benefit = _task_values(tasks)
    indices = list(dict.fromkeys(path["index"])) if len(path) else []
    gain = path.groupby("benefit")["gain"].max() if len(path) else pd.Series(dtype=float)
    benefits = [b for b in codebook.benefits
                if b in by_benefit or float(gain.get(b, 0.0)) > 0]

    def order(b: str) -> tuple[int, float]:
        acts = by_benefit.get(b, {})
        rank = next((i for i, a in enumerate(PLAN_ACTIONS) if a in acts), len(PLAN_ACTIONS))
        return rank, -float(gain.get(b, 0.0))

    rows = []
    for b in sorted(benefits, key=order):
        acts = by_benefit.get(b, {})
        action = next((a for a in PLAN_ACTIONS if a in acts), "")
        values = list(dict.fromkeys(v for a in PLAN_ACTIONS for v in acts.get(a, [])))
        g = float(gain.get(b, 0.0))
        gains = {}
        for k in indices:
            eff = path[(path["index"] == k) & (path["benefit"] == b)]["effect"]
            gains[f"{k}_gain"] = g * float(eff.iloc[0]) if len(eff) else np.nan
        entries = initiatives.get(b) or [None]
        for entry in entries:
            rows.append({"scope": scope, "benefit": b, "action": action,
                         "values": ", ".join(values),
                         "initiative": entry["label_en"] if entry else np.nan,
                         "initiative_ko": entry["label_ko"] if entry else np.nan,
                         "owner": entry["owner_en"] if entry else np.nan,
                         "owner_ko": entry["owner_ko"] if entry else np.nan,
                         "horizon": entry["horizon"] if entry else np.nan,
                         "gain": g, **gains})
    return pd.DataFrame(rows, columns=ACTION_PLAN_COLUMNS + [f"{k}_gain" for k in indices])


def action_plan_step(ctx: Any) -> None:
    """The action-plan step of ``csvalue.pipeline.analyze`` (after the goal path): the plan of
    the company and of each division with tasks; says in the notes when there is no catalogue.
    """
    if not ctx.codebook.benefits or "tasks" not in ctx.tables:
        return
    cat = catalogue(ctx.settings.initiatives, ctx.codebook)
    tasks = pd.concat(ctx.tables["tasks"], ignore_index=True)
    paths = (pd.concat(ctx.tables["goal_path"], ignore_index=True)
             if "goal_path" in ctx.tables else pd.DataFrame(columns=["scope", "index",
                                                                     "benefit", "gain",
                                                                     "effect"]))
    pieces = []
    for scope, _ in ctx.scopes():
        t, p = tasks[tasks["scope"] == scope], paths[paths["scope"] == scope]
        if t.empty and p.empty:
            continue
        pieces.append(action_plan(t, p, cat, ctx.codebook, scope))
    if pieces:
        ctx.add("action_plan", pd.concat(pieces, ignore_index=True))
    if not cat:
        ctx.notes.append(f"wave {ctx.wave}: no initiative catalogue in the settings: the "
                         "action plan lists the benefits without initiatives")
