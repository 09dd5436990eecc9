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
from csvalue.report.format import format_number, lower_first, p_phrase
from csvalue.report.i18n import _, label_language
from csvalue.report.inert import inert
from csvalue.report.indices import division_goal_sentence, goal_grades, goal_sentence
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
