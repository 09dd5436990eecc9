"""Goal management and the action plan in tables and words (chapter "Goals and action plan"),
read from ``goal_path.csv`` and ``action_plan.csv``.

Example
-------
>>> status_text("unreachable")
'not reachable within the caps'
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.pipeline.results import Results
from csvalue.report.format import INDEX_LABELS, format_number, join_words
from csvalue.report.i18n import N_, Messages, _
from csvalue.report.labels import id_label, initiative_text, scope_label
from csvalue.report.tables import Table

#: A goal path's status in words.
STATUS_WORDS = Messages({"met": N_("met already"), "reached": N_("reached"),
                         "unreachable": N_("not reachable within the caps")})
#: An initiative's horizon in words.
HORIZON_WORDS = Messages({"short": N_("Short term"), "medium": N_("Medium term"),
                          "long": N_("Long term")})
#: An action of the plan in words.
PLAN_ACTION_WORDS = Messages({"create": N_("Create"), "raise": N_("Raise"),
                              "": N_("Goal path only")})


def status_text(status: str) -> str:
    """A goal path's status as the reader sees it."""
    return STATUS_WORDS.get(str(status), str(status))


def _index(k: str) -> str:
    return INDEX_LABELS.get(k, k.upper())


def goal_path_table(results: Results, wave: str, codebook: Codebook) -> Table:
    """Each goal of the company and of each division: its goal, current value, the value the
    path reaches, the status and the benefits the path leans on most.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> p = pd.DataFrame({"wave": "2025", "scope": "company", "index": "nps", "goal": 10.0,
    ...     "current": 7.8, "reached": 10.0, "benefit": ["image", "speed"], "gain": [1.0, 0.3],
    ...     "status": "reached"})
    >>> goal_path_table(Results({"goal_path": p}, {}), "2025", load_codebook()
    ...                 ).display_frame().iloc[0].astype(str).tolist()
    ['Company', 'NPS', '10.0', '7.8', '10.0', 'reached', 'Image and trust 1.0; Speed of work 0.3']
    """
    p = results.table("goal_path", wave)
    rows = []
    for (scope, index), g in p.groupby(["scope", "index"], sort=False):
        top = g[g["gain"] > 0].sort_values("gain", ascending=False, kind="stable").head(3)
        rows.append({"scope": scope_label(str(scope), codebook), "index": _index(str(index)),
                     "goal": g["goal"].iloc[0], "current": g["current"].iloc[0],
                     "reached": g["reached"].iloc[0], "status": status_text(g["status"].iloc[0]),
                     "levers": "; ".join(f"{id_label(r.benefit, codebook)} "
                                         f"{format_number(r.gain)}" for r in top.itertuples())
                     or "–"})
    return Table(pd.DataFrame(rows, columns=["scope", "index", "goal", "current", "reached",
                                             "status", "levers"]),
                 {"scope": _("Group"), "index": _("Index"), "goal": _("Goal"),
                  "current": _("Now"), "reached": _("With the path"), "status": _("Status"),
                  "levers": _("Largest gains (points on 0–100)")})


def gain_table(results: Results, wave: str, codebook: Codebook, scope: str = "company"
               ) -> Table:
    """The company's path: the gain each benefit is asked for (points on 0–100) per goal not
    yet met, benefits with a gain only, largest first.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> p = pd.DataFrame({"wave": "2025", "scope": "company", "index": "nps",
    ...     "benefit": ["image", "price"], "gain": [1.0, 0.0], "status": "reached"})
    >>> gain_table(Results({"goal_path": p}, {}), "2025", load_codebook()
    ...            ).display_frame().to_dict("records")
    [{'Benefit': 'Image and trust', 'NPS gain path (points)': 1.0}]
    """
    p = results.table("goal_path", wave, scope)
    p = p[p["status"] != "met"]
    wide = p.pivot_table(index="benefit", columns="index", values="gain", sort=False)
    wide = wide[(wide > 0).any(axis=1)] if len(wide) else wide
    if len(wide):
        wide = wide.loc[wide.max(axis=1).sort_values(ascending=False, kind="stable").index]
    data = wide.reset_index()
    data.columns.name = None
    data["benefit"] = [id_label(b, codebook) for b in data["benefit"]]
    return Table(data, {"benefit": _("Benefit"),
                        **{k: _("{index} gain path (points)").format(index=_index(k))
                           for k in wide.columns}})


def plan_table(results: Results, wave: str, codebook: Codebook, scope: str = "company"
               ) -> Table:
    """The action plan of a scope: benefit, action, for which values, initiative, owner,
    horizon, the gain asked for and what it brings each index with a goal.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> a = pd.DataFrame({"wave": "2025", "scope": "company", "benefit": ["service"],
    ...     "action": ["raise"], "values": ["reassurance"], "initiative": ["More call-centre help"],
    ...     "owner": ["Retention lead"], "horizon": ["short"], "gain": [0.5], "nps_gain": [0.22]})
    >>> plan_table(Results({"action_plan": a}, {}), "2025", load_codebook()
    ...            ).display_frame().iloc[0].astype(str).tolist()
    ['After-sales service', 'Raise', 'Peace of mind', 'More call-centre help', 'Retention lead', 'Short term', '0.5', '0.22']
    """
    a = results.table("action_plan", wave, scope)
    gains = [c for c in a.columns if c.endswith("_gain")]
    data = pd.DataFrame({
        "benefit": [id_label(b, codebook) for b in a["benefit"]],
        "action": [PLAN_ACTION_WORDS.get("" if pd.isna(x) else str(x), str(x))
                   for x in a["action"]],
        "values": ["; ".join(id_label(v.strip(), codebook) for v in str(x).split(","))
                   if isinstance(x, str) and x.strip() else "–" for x in a["values"]],
        "initiative": [initiative_text(r) or "–" for _i, r in a.iterrows()],
        "owner": [initiative_text(r, "owner") or "–" for _i, r in a.iterrows()],
        "horizon": [HORIZON_WORDS.get(str(h), "–") for h in a["horizon"]],
        "gain": a["gain"].to_numpy(dtype=float),
        **{c: a[c].to_numpy(dtype=float) for c in gains},
    })
    return Table(data, {"benefit": _("Benefit"), "action": _("Action"),
                        "values": _("For the values"), "initiative": _("Initiative"),
                        "owner": _("Owner"), "horizon": _("Horizon"),
                        "gain": _("Gain asked (points)"),
                        **{c: _("{index} change").format(index=_index(c.removesuffix("_gain")))
                           for c in gains}})


def has_catalogue(results: Results, wave: str) -> bool:
    """Whether the action plan carries initiatives (a catalogue was set)."""
    a = results.table("action_plan", wave)
    return bool(len(a)) and bool(a["initiative"].notna().any())


def plan_facts(results: Results, wave: str, codebook: Codebook) -> dict[str, Any]:
    """What the goals-and-plan chapter glues: ``cap_text`` (the cap per benefit),
    ``open_goals`` (the company's goals not met yet, in words), ``path_sentence`` and
    ``catalogue_note``.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> p = pd.DataFrame({"wave": "2025", "scope": "company", "index": ["cvi", "nps"],
    ...     "goal": [75.0, 10.0], "current": [76.6, 7.8], "reached": [76.6, 10.0],
    ...     "benefit": "image", "gain": [0.0, 1.0], "cap": 10.0, "status": ["met", "reached"]})
    >>> a = pd.DataFrame({"wave": "2025", "scope": "company", "benefit": ["image"],
    ...                   "initiative": [np.nan]})
    >>> f = plan_facts(Results({"goal_path": p, "action_plan": a},
    ...                        {"settings": {"goal_caps": 10.0}}), "2025", load_codebook())
    >>> f["open_goals"], f["path_sentence"]
    ('NPS', 'The path to the NPS goal asks for 1.0 points in all, the largest gain on image and trust (1.0 points).')
    """
    p = results.table("goal_path", wave, "company")
    caps = (results.model.get("settings") or {}).get("goal_caps", 10.0)
    if isinstance(caps, dict):
        named = [f"{id_label(b, codebook).lower()} {format_number(v)}"
                 for b, v in caps.items() if b != "default"]
        cap_text = _("{points} points").format(points=format_number(caps.get("default", 10.0)))
        if named:
            cap_text = _("{caps} ({exceptions})").format(caps=cap_text,
                                                         exceptions=join_words(named))
    else:
        cap_text = _("{points} points").format(points=format_number(caps))
    open_ = list(dict.fromkeys(p.loc[p["status"] != "met", "index"]))
    sentences = []
    for k in open_:
        g = p[p["index"] == k]
        best = g.loc[g["gain"].idxmax()]
        if g["status"].iloc[0] == "unreachable":
            sentences.append(_("Even with every useful benefit at its cap, {index} would "
                               "reach {reached}, short of its goal of {goal}.").format(
                index=_index(k), reached=format_number(g["reached"].iloc[0]),
                goal=format_number(g["goal"].iloc[0])))
        else:
            sentences.append(_("The path to the {index} goal asks for {total} points in all, "
                               "the largest gain on {benefit} ({gain} points).").format(
                index=_index(k), total=format_number(g["gain"].sum()),
                benefit=id_label(best["benefit"], codebook).lower(),
                gain=format_number(best["gain"])))
    source = (results.model.get("settings") or {}).get("initiatives") == "source"
    note = ((_("The initiatives are those of the source case's execution strategy, for the "
               "shipped instrument, in this report's words; the analysis settings can hold a "
               "catalogue of one's own.") if source else
             _("The initiatives come from the catalogue in the analysis settings."))
            if has_catalogue(results, wave) else
            _("No initiative catalogue was set for this analysis, so the plan lists the "
              "benefits without initiatives; a catalogue of initiatives per benefit, with "
              "owners and horizons, can be added to the analysis settings."))
    return {"cap_text": cap_text,
            "open_goals": join_words([_index(k) for k in open_]) if open_ else _("none"),
            "path_sentence": " ".join(sentences) or _("Every goal is met already: the path "
                                                      "asks for no gain."),
            "catalogue_note": note}
