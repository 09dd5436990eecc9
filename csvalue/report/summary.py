"""The executive summary's findings, as sentences generated from the results.

Example
-------
>>> change_sentence(pd.Series({"wave_a": "2024", "a": 75.214, "b": 76.557,
...                            "change": 1.343, "p_value": 0.0139}))
'Since 2024, CVI has risen by 1.3 points, from 75.2 to 76.6 (the change is computed from the unrounded values; a significant change, p = 0.014).'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.pipeline.results import Results
from csvalue.report.format import INDEX_LABELS, format_number, lower_first, p_phrase
from csvalue.report.i18n import N_, Messages, _, label_language
from csvalue.report.inert import inert
from csvalue.report.indices import division_goal_sentence, goal_grades, goal_sentence
from csvalue.report.labels import initiative_text
from csvalue.report.strategy import matrix_sentences

#: The order of the goals in the summary: the headline index first.
GOAL_ORDER = ("cvi", "cls", "nps")


def _setting(results: Results, key: str, default: Any) -> Any:
    return (results.model.get("settings") or {}).get(key, default)


def summary_facts(results: Results, wave: str) -> dict[str, Any]:
    """What the summary's opening glues: the headline ``wave``, its respondents ``n`` (the
    company's CS base) and ``data_note``, which says whether the waves are synthetic.

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cs"], "n": [2000]})}, {"synthetic_data": False})
    >>> summary_facts(res, "2025")
    {'wave': '2025', 'n': 2000, 'data_note': 'The data are the survey waves named in the appendix on data quality.'}
    """
    company = results.table("indices", wave, "company").set_index("index")
    synthetic = bool(results.model.get("synthetic_data", False))
    note = (_("The shipped waves are synthetic: generated from the source case's "
              "model, so that every estimate can be checked against a known truth.")
            if synthetic else
            _("The data are the survey waves named in the appendix on data quality."))
    return {"wave": wave, "n": int(company.loc["cs", "n"]), "data_note": note}


def findings_markdown(results: Results, codebook: Codebook, wave: str | None = None) -> str:
    """The :func:`headline_findings` as a Markdown bullet list.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cvi"], "value": [76.56], "ci_low": [75.82], "ci_high": [77.29]})},
    ...     {"waves": [{"wave": "2025"}], "goals": {"cvi": 75.0}})
    >>> print(findings_markdown(res, load_codebook()).replace("\\xa0", " "))
    - CVI is 76\\.6 \\[75\\.8\\, 77\\.3\\] and meets its goal of 75\\: the whole interval lies at or above the goal\\.
    """
    # the findings carry labels from the codebook: each is inert Markdown
    return "\n".join(f"- {inert(s)}" for s in headline_findings(results, codebook, wave))


def change_sentence(change: pd.Series, alpha: float = 0.05, index: str | None = None) -> str:
    """A change between waves: both rounded values, the change computed from the unrounded
    values at the same rounding (noted when it differs from the difference of the rounded
    values), in points, with its test.

    Example
    -------
    >>> change_sentence(pd.Series({"wave_a": "2024", "a": 75.0, "b": 75.0, "change": 0.0,
    ...                            "p_value": 0.9}))
    'Since 2024, CVI has not changed, from 75.0 to 75.0 (not a significant change, p = 0.900).'
    """
    a, b, d = float(change["a"]), float(change["b"]), float(change["change"])
    index = index or _("CVI")
    shown = format_number(abs(d))
    rounded = format_number(abs(round(b, 1) - round(a, 1)))
    sig = (_("a significant change") if float(change["p_value"]) < alpha
           else _("not a significant change"))
    note = _("the change is computed from the unrounded values; ") if shown != rounded else ""
    if d > 0:
        text = _("Since {wave}, {index} has risen by {change} points, from {a} to {b} "
                 "({note}{test}, {p}).")
    elif d < 0:
        text = _("Since {wave}, {index} has fallen by {change} points, from {a} to {b} "
                 "({note}{test}, {p}).")
    else:
        text = _("Since {wave}, {index} has not changed, from {a} to {b} ({note}{test}, {p}).")
    return text.format(wave=change['wave_a'], index=index, change=shown, a=format_number(a),
                       b=format_number(b), note=note, test=sig, p=p_phrase(change['p_value']))


def headline_findings(results: Results, codebook: Codebook, wave: str | None = None) -> list[str]:
    """The executive summary's findings as sentences generated from the results: each goal
    with its verdict (:func:`csvalue.report.indices.goal_sentence`), the divisions that miss a
    goal, the strategy matrix (:func:`csvalue.report.strategy.matrix_sentences`), the benefit
    with the largest simulated CVI gain, and the change in CVI since the previous wave
    (:func:`change_sentence`).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["cvi"], "value": [76.56], "ci_low": [75.82], "ci_high": [77.29]})},
    ...     {"waves": [{"wave": "2025"}], "goals": {"cvi": 75.0}})
    >>> headline_findings(res, load_codebook())
    ['CVI is 76.6\\xa0[75.8,\\xa077.3] and meets its goal of 75: the whole interval lies at or above the goal.']
    """
    wave = wave or results.latest_wave
    out = []
    g = goal_grades(results, wave)
    order = {k: i for i, k in enumerate(GOAL_ORDER)}
    g = g.sort_values("index", key=lambda s: s.map(order).fillna(len(order)), kind="stable")
    for r in g.itertuples():
        out.append(goal_sentence(r.index, r.value, r.ci_low, r.ci_high, r.goal, r.grade))
    divisions = division_goal_sentence(results, codebook, wave)
    if divisions:
        out.append(divisions)
    if "strategy_matrix" in results.tables:
        out += matrix_sentences(results.table("strategy_matrix", wave, "company"), codebook,
                                _setting(results, "crosshair", "mean"))
    if "simulation" in results.tables:
        sim = results.table("simulation", wave, "company")
        sim = sim[sim["benefit"] != "all"]
        if len(sim) and "cvi" in sim:
            best = sim.loc[sim["cvi"].idxmax()]
            bid = str(best["benefit"])
            scale = ""
            if codebook.has(codebook.sat(bid, "benefit")):
                lo, hi = codebook.item(codebook.sat(bid, "benefit")).scale or (None, None)
                if lo is not None:
                    scale = _(" on its {low}–{high} scale").format(low=f"{lo:g}", high=f"{hi:g}")
            out.append(_("Of all benefits, raising satisfaction with {benefit} by {delta} "
                         "points{scale} would lift CVI the most: by {gain} index points.").format(
                benefit=lower_first(codebook.label(bid, label_language())),
                delta=format_number(best['delta']), scale=scale,
                gain=format_number(best['cvi'])))
    if "changes" in results.tables and len(results.changes):
        c = results.changes
        c = c[(c["wave_b"].astype(str) == str(wave)) & (c["sample"] == "all")
              & (c["index"] == "cvi")]
        if len(c):
            out.append(change_sentence(c.iloc[0], float(_setting(results, "alpha", 0.05))))
    return out


# ---------------------------------------------------------------------------------------
# The story in two pages: scorecard, driver chain, first tasks, targets, shortfalls
# ---------------------------------------------------------------------------------------

#: The scorecard's indices, in order (those with a goal first).
SCORECARD_ORDER = ("cvi", "cls", "nps", "cs")
#: The significance arrows of a change between waves.
ARROWS = {"up": "▲", "down": "▼", "none": "◆"}


def _arrow(change: float, p: float, alpha: float) -> str:
    if pd.isna(change) or pd.isna(p) or float(p) >= alpha:
        return ARROWS["none"]
    return ARROWS["up"] if change > 0 else ARROWS["down"]


def scorecard(results: Results, wave: str, codebook: Codebook) -> "Table":
    """The headline indices on one table: the value with its 95% interval, the goal and its
    verdict, the previous wave's value and the change with a significance arrow (▲ / ▼
    significant at the analysis' alpha, ◆ not significant).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> ind = pd.DataFrame({"wave": "2025", "scope": "company", "index": ["nps"],
    ...     "value": [7.8], "ci_low": [4.8], "ci_high": [10.8]})
    >>> g = pd.DataFrame({"wave": "2025", "index": ["nps"], "goal": [10.0], "grade": ["within"]})
    >>> ch = pd.DataFrame({"wave_a": "2024", "wave_b": "2025", "sample": "all", "index": ["nps"],
    ...     "a": [4.6], "change": [3.2], "p_value": [0.13]})
    >>> scorecard(Results({"indices": ind, "goals": g, "changes": ch}, {}), "2025",
    ...           load_codebook()).display_frame().iloc[0].tolist()
    ['NPS', '7.8\xa0[4.8,\xa010.8]', '10', 'within the 95% interval of the goal', '4.6', '◆ +3.2']
    """
    from csvalue.report.format import estimate_text
    from csvalue.report.indices import GRADE_WORDS
    from csvalue.report.tables import Table

    alpha = float(_setting(results, "alpha", 0.05))
    ind = results.table("indices", wave, "company").set_index("index")
    goals = results.table("goals", wave).set_index("index") if "goals" in results.tables \
        else pd.DataFrame()
    ch = results.changes if "changes" in results.tables else pd.DataFrame()
    if len(ch):
        ch = ch[(ch["wave_b"].astype(str) == str(wave)) & (ch["sample"] == "all")]
        ch = ch.set_index("index")
    rows = []
    for k in SCORECARD_ORDER:
        if k not in ind.index:
            continue
        r = ind.loc[k]
        has_goal = k in goals.index
        prev = ch.loc[k] if len(ch) and k in ch.index else None
        rows.append({
            "index": INDEX_LABELS.get(k, k.upper()),
            "estimate": estimate_text(r["value"], r["ci_low"], r["ci_high"]),
            "goal": format_number(goals.loc[k, "goal"], 0) if has_goal else "–",
            "verdict": GRADE_WORDS.get(str(goals.loc[k, "grade"]), "–") if has_goal else "–",
            "previous": format_number(prev["a"]) if prev is not None else "–",
            "change": (f"{_arrow(prev['change'], prev['p_value'], alpha)} "
                       f"{format_number(prev['change'], sign=True)}") if prev is not None
                      else "–"})
    return Table(pd.DataFrame(rows, columns=["index", "estimate", "goal", "verdict",
                                             "previous", "change"]),
                 {"index": _("Index"), "estimate": _("This wave [95% CI]"), "goal": _("Goal"),
                  "verdict": _("Verdict"), "previous": _("Last wave"), "change": _("Change")})


def nps_norm_sentence(results: Results, wave: str) -> str:
    """The NPS read against the CVI method's NPS benchmark (settings ``nps_norm``: the band
    it calls average, where about two thirds of customers are passives or detractors).

    Example
    -------
    >>> res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "index": ["nps"], "value": [7.8]})}, {"settings": {"nps_norm": [5.0, 10.0]}})
    >>> print(nps_norm_sentence(res, "2025"))
    By the CVI method's benchmark an NPS of 5 to 10 is average (about two thirds of customers passive or detractors): at 7.8 the company is average.
    """
    lo, hi = (float(x) for x in _setting(results, "nps_norm", (5.0, 10.0)))
    nps = float(results.table("indices", wave, "company").set_index("index").loc["nps", "value"])
    if nps < lo:
        text = _("By the CVI method's benchmark an NPS of {low} to {high} is average (about two "
                 "thirds of customers passive or detractors): at {nps} the company is below "
                 "average.")
    elif nps <= hi:
        text = _("By the CVI method's benchmark an NPS of {low} to {high} is average (about two "
                 "thirds of customers passive or detractors): at {nps} the company is average.")
    else:
        text = _("By the CVI method's benchmark an NPS of {low} to {high} is average (about two "
                 "thirds of customers passive or detractors): at {nps} the company is above "
                 "average.")
    return text.format(low=format_number(lo, 0), high=format_number(hi, 0),
                       nps=format_number(nps))


def chain_sentence(results: Results, wave: str, codebook: Codebook) -> str:
    """The driver chain that matters most: the value with the largest significant CVI impact
    and the benefit with the largest significant impact on it.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> imp = pd.DataFrame({"wave": "2025", "scope": "company", "layer": [1, 1, 3, 3],
    ...     "outcome": ["cvi", "cvi", "stability", "stability"],
    ...     "predictor": ["stability", "confidence", "convenience", "speed"],
    ...     "impact": [0.28, 0.24, 0.47, 0.22]})
    >>> chain_sentence(Results({"impacts": imp}, {}), "2025", load_codebook())
    'The chain that matters most runs from ease of work to stable operations (β 0.47) and on to CVI (β 0.28), the largest impact of any value on CVI.'
    """
    imp = results.table("impacts", wave, "company")
    to_cvi = imp[(imp["layer"] == 1) & (imp["outcome"] == "cvi")].dropna(subset=["impact"])
    if to_cvi.empty:
        return _("No value has a significant impact on CVI in this wave.")
    top = to_cvi.loc[to_cvi["impact"].idxmax()]
    value = str(top["predictor"])
    to_v = imp[(imp["layer"] == 3) & (imp["outcome"] == value)].dropna(subset=["impact"])
    vname = lower_first(codebook.label(value, label_language()))
    if to_v.empty:
        return _("The value that matters most is {value} (β {beta} on CVI); no benefit has a "
                 "significant impact on it.").format(value=vname, beta=f"{top['impact']:.2f}")
    b = to_v.loc[to_v["impact"].idxmax()]
    return _("The chain that matters most runs from {benefit} to {value} (β {beta_benefit}) "
             "and on to CVI (β {beta_value}), the largest impact of any value on CVI.").format(
        benefit=lower_first(codebook.label(str(b["predictor"]), label_language())),
        value=vname, beta_benefit=f"{b['impact']:.2f}", beta_value=f"{top['impact']:.2f}")


def first_tasks_sentence(results: Results, wave: str, codebook: Codebook, most: int = 3) -> str:
    """What to improve first: the benefits of the company's action plan, first tasks first,
    with the first initiative of each.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> a = pd.DataFrame({"wave": "2025", "scope": "company", "benefit": ["image", "image"],
    ...     "action": "create", "initiative": ["Brand events", "Shop signs"], "gain": 1.0})
    >>> first_tasks_sentence(Results({"action_plan": a}, {}), "2025", load_codebook())
    'Improve first: create image and trust (for instance: brand events).'
    """
    if "action_plan" not in results.tables:
        return ""
    a = results.table("action_plan", wave, "company")
    a = a[a["action"].fillna("").astype(str) != ""]
    firsts = a.drop_duplicates("benefit").head(most)
    if firsts.empty:
        return _("No benefit has a Create or Raise task in this wave.")
    parts = []
    for r in firsts.itertuples():
        benefit = lower_first(codebook.label(str(r.benefit), label_language()))
        initiative = initiative_text(r._asdict())
        if initiative:
            text = FIRST_TASKS_WITH.get(str(r.action), _("{action} {benefit} (for instance: "
                                                        "{initiative})"))
        else:
            text = FIRST_TASKS.get(str(r.action), _("{action} {benefit}"))
        parts.append(text.format(action=r.action, benefit=benefit,
                                 initiative=lower_first(initiative)))
    return _("Improve first: {tasks}.").format(tasks="; ".join(parts))


#: A first task in words, by its action (with and without an initiative from the catalogue).
FIRST_TASKS = Messages({"create": N_("create {benefit}"), "raise": N_("raise {benefit}")})
FIRST_TASKS_WITH = Messages({
    "create": N_("create {benefit} (for instance: {initiative})"),
    "raise": N_("raise {benefit} (for instance: {initiative})")})


def shortfall_sentences(results: Results, wave: str, codebook: Codebook, most: int = 4
                        ) -> list[str]:
    """The groups that fall short: per goal, the divisions and profile groups (and value
    segments) whose whole 95% interval lies below the goal, largest shortfall first.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> ind = pd.DataFrame({"wave": "2025", "scope": ["company", "customer_type:clinic"],
    ...     "index": "nps", "value": [7.8, 4.8], "ci_low": [4.8, 0.2], "ci_high": [10.8, 9.0],
    ...     "suppressed": False})
    >>> shortfall_sentences(Results({"indices": ind}, {"goals": {"nps": 10}}), "2025",
    ...                     load_codebook())
    ['Below the NPS goal of 10: customer type: Clinic 4.8.']
    """
    from csvalue.report.labels import scope_label, segment_labels

    goals = results.model.get("goals") or {}
    ind = results.table("indices", wave)
    ind = ind[(ind["scope"] != "company") & ~ind["scope"].astype(str).str.endswith(":(missing)")]
    if "suppressed" in ind:
        ind = ind[~ind["suppressed"].fillna(False).astype(bool)]
    seg = results.table("segments", wave) if "segments" in results.tables else pd.DataFrame()
    out = []
    for k, goal in goals.items():
        rows = ind[(ind["index"] == k) & (ind["ci_high"] < goal)]
        items = [(float(r.value), lower_first(scope_label(str(r.scope), codebook)))
                 for r in rows.itertuples()]
        if len(seg) and k in seg and f"{k}_high" in seg:
            low = seg[seg[f"{k}_high"] < goal]
            items += [(float(v), _("the {segment} segment").format(segment=lab))
                      for v, lab in zip(low[k], segment_labels(low, codebook))]
        items.sort()
        if items:
            out.append(_("Below the {index} goal of {goal}: {groups}.").format(
                index=INDEX_LABELS.get(k, k.upper()), goal=format_number(goal, 0),
                groups="; ".join(f"{name} {format_number(v)}" for v, name in items[:most])))
    return out


def story_markdown(results: Results, codebook: Codebook, wave: str | None = None) -> str:
    """The summary's story as an inert Markdown list: the NPS against its norm, the driver
    chain, what to improve first, whom to target and the groups that fall short."""
    from csvalue.report.segments import target_sentences

    wave = wave or results.latest_wave
    lines = [nps_norm_sentence(results, wave), chain_sentence(results, wave, codebook),
             first_tasks_sentence(results, wave, codebook)]
    if "targeting" in results.tables:
        targets = target_sentences(results, wave, codebook)
        if targets:
            lines.append(_("Whom to target: {targets}").format(targets=" ".join(targets)))
    lines += shortfall_sentences(results, wave, codebook)
    return "\n".join(f"- {inert(s)}" for s in lines if s)
