"""The value proposition chapter: every value's task, the values proposed with the benefits
that build them, and why a value with a proposal task may stay outside the proposition.

Example
-------
>>> from csvalue import load_codebook
>>> res = Results({"value_proposition": pd.DataFrame({"wave": "2025", "scope": "company",
...     "value": ["leisure"], "level": ["terminal"], "task": ["proposal"],
...     "proposition": [True]})}, {})
>>> proposition_facts(res, "2025", load_codebook())["n_chosen"]
'1 value'
"""

from __future__ import annotations

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.model.proposition import PROPOSED_LEVELS
from csvalue.pipeline.results import Results
from csvalue.report.format import join_words, lower_first, upper_first
from csvalue.report.i18n import N_, _, label_language, ngettext
from csvalue.report.labels import LEVEL_WORDS, readable
from csvalue.report.tables import Table


def proposition_facts(results: Results, wave: str, codebook: Codebook,
                      scope: str = "company") -> dict[str, str]:
    """What the chapter says of the proposition: the proposed values as a list (``chosen``,
    "none" when there are none), how many (``n_chosen``, "3 values") and
    :func:`proposition_note` (``why_not``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"value_proposition": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "value": ["reassurance", "relationship"], "level": ["emotional", "outcome"],
    ...     "task": ["improvement+proposal", "optional"], "proposition": [True, False]})}, {})
    >>> proposition_facts(res, "2025", load_codebook())
    {'chosen': 'peace of mind', 'n_chosen': '1 value', 'why_not': ''}
    """
    vp = results.table("value_proposition", wave, scope)
    chosen = vp[vp["proposition"].astype(bool)]
    names = [lower_first(codebook.label(v, label_language())) for v in chosen["value"]]
    return {"chosen": join_words(names) or _("none"),
            "n_chosen": ngettext("{n} value", "{n} values", len(chosen)).format(n=len(chosen)),
            "why_not": proposition_note(results, wave, codebook, scope)}


def proposition_tables(results: Results, wave: str, codebook: Codebook,
                       scope: str = "company") -> tuple[Table, Table]:
    """The value proposition in two narrow tables: the task of every value (value, level,
    quadrant, importance, task, proposition), and the proposed values with the benefits (and,
    for the upper value, the values) that build them.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"value_proposition": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "value": ["reassurance"], "level": ["emotional"], "quadrant": ["strengthen"],
    ...     "importance": [0.31], "task": ["improvement+proposal"], "proposition": [True],
    ...     "benefits": ["accuracy"], "via_values": [""]})}, {})
    >>> tasks, prop = proposition_tables(res, "2025", load_codebook())
    >>> tasks.header("importance"), prop.display_frame().values.tolist()
    ('CVI β', [['Peace of mind', 'Accuracy of work']])
    """
    vp = results.table("value_proposition", wave, scope)
    tasks = readable(vp[["value", "level", "quadrant", "importance", "task", "proposition"]],
                     codebook, korean=True, rename={"importance": _("CVI β")})
    chosen = vp[vp["proposition"].astype(bool)]
    columns = ["value", "benefits", "via_values"]
    if not chosen["via_values"].fillna("").astype(str).str.strip().any():
        columns.remove("via_values")
    prop = readable(chosen[columns], codebook, korean=False,
                    rename={"value": _("Proposed value")})
    return tasks, prop


def proposition_note(results: Results, wave: str, codebook: Codebook,
                     scope: str = "company") -> str:
    """Why a value whose task includes *proposal* may still be outside the proposition: only
    values at the levels of :data:`csvalue.model.proposition.PROPOSED_LEVELS` are promised, and
    functional values are basic factors. Empty when no such value exists.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"value_proposition": pd.DataFrame({"wave": "2025", "scope": "company",
    ...     "value": ["relationship"], "level": ["outcome"], "task": ["proposal"],
    ...     "proposition": [False]})}, {})
    >>> proposition_note(res, "2025", load_codebook())[:75]
    'Stronger patient relationships has the task “proposal” but is not in the pr'
    """
    vp = results.table("value_proposition", wave, scope)
    out = vp[vp["task"].astype(str).str.contains("proposal") & ~vp["proposition"].astype(bool)]
    if out.empty:
        return ""
    names = [lower_first(codebook.label(v, label_language())) for v in out["value"]]
    levels = sorted(set(out["level"].fillna("unclassified")))
    return ngettext(
        "{values} has the task “proposal” but is not in the proposition: it is {levels}-level "
        "value, and the proposition lists only {proposed} values, each with the benefits that "
        "build it. Functional values are basic factors (fixed, not advertised), so their task "
        "never includes proposal.",
        "{values} have the task “proposal” but are not in the proposition: they are "
        "{levels}-level values, and the proposition lists only {proposed} values, each with "
        "the benefits that build it. Functional values are basic factors (fixed, not "
        "advertised), so their task never includes proposal.", len(names)).format(
        values=upper_first(join_words(names)),
        levels=join_words([LEVEL_WORDS.get(v, v) for v in levels], N_("or")),
        proposed=join_words([LEVEL_WORDS.get(v, v) for v in PROPOSED_LEVELS]))
