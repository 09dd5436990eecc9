"""Each division against the rest of the company, in words: the tests of
:func:`csvalue.model.indices.division_tests` (``division_tests.csv``), one family per wave,
read by their adjusted p-values and flags, with the adjustment named.

Example
-------
>>> from csvalue import load_codebook
>>> res = Results({"division_tests": pd.DataFrame({"wave": "2025",
...     "scope": ["division:emr", "division:pms"], "index": "cvi",
...     "difference": [2.14, -0.3], "p_value": [0.0004, 0.7], "p_adjusted": [0.0012, 0.7],
...     "flag": ["higher", ""]})}, {"settings": {"p_adjust": "holm"}})
>>> print(division_test_sentence(res, "2025", load_codebook()))
Each division was tested against the rest of the company, index by index (2 tests, p adjusted by Holm's step-down adjustment (family-wise error rate)). The EMR software division is higher on CVI by 2.1 points (adjusted p = 0.001). Every other difference could be chance.
"""

from __future__ import annotations

import pandas as pd  # noqa: F401  (the examples build their tables with it)

from csvalue.instrument.codebook import Codebook
from csvalue.pipeline.results import Results
from csvalue.report.format import INDEX_LABELS, format_number, join_words, p_phrase, upper_first
from csvalue.report.i18n import _, ngettext
from csvalue.report.applicable import division_noun
from csvalue.report.labels import division_phrase
from csvalue.report.management import results_adjustment_facts


def _difference(r) -> str:
    key = INDEX_LABELS.get(r.index, str(r.index).upper())
    text = (_("higher on {index} by {difference} points (adjusted {p})") if r.flag == "higher"
            else _("lower on {index} by {difference} points (adjusted {p})"))
    return text.format(index=key, difference=format_number(abs(r.difference), 1),
                       p=p_phrase(r.p_adjusted))


def division_test_sentence(results: Results, wave: str, codebook: Codebook,
                           division: str | None = None) -> str | None:
    """Which divisions differ from the rest of the company on which index once the p-values
    of the family (every division × index of the wave) are adjusted, and by which method.

    With ``division`` (a division page): that division's differences only, still adjusted
    over the whole family. None when the results have no division tests (no divisions, or
    results written before the tests existed).
    """
    t = results.tables.get("division_tests")
    if t is None or not len(t):
        return None
    t = results.table("division_tests", wave)
    if not len(t):
        return None
    family = int(t["p_value"].notna().sum())
    method = results_adjustment_facts(results)["p_adjust_method"]
    flagged = t[t["flag"].isin(["higher", "lower"])]
    noun = division_noun(codebook)   # what the codebook calls its divisions
    if division is not None:
        mine = flagged[flagged["scope"] == f"division:{division}"]
        if not len(mine):
            return _("None of its indices differs from the rest of the company beyond chance "
                     "(each tested against the others' customers, p adjusted over the {n} "
                     "tests of every {noun} by {method}).").format(n=family, method=method, noun=noun)
        return _("Against the rest of the company (p adjusted over the {n} tests of every "
                 "{noun} by {method}), it is {differences}; its other indices do not differ "
                 "beyond chance.").format(n=family, method=method, noun=noun,
                                          differences=join_words(
                     [_difference(r) for r in mine.itertuples()]))
    raw = int((t["p_value"] < 0.05).sum() - len(flagged))
    lost = (" " + ngettext("{k} test with p < .05 before the adjustment no longer passes it.",
                           "{k} tests with p < .05 before the adjustment no longer pass it.",
                           raw).format(k=raw) if raw > 0 else "")
    if not len(flagged):
        return _("No {noun} differs from the rest of the company on any index beyond "
                 "chance ({n} tests, p adjusted by {method}).").format(
            n=family, method=method, noun=noun) + lost
    parts = [_("Each {noun} was tested against the rest of the company, index by index "
               "({n} tests, p adjusted by {method}).").format(n=family, method=method,
                                                             noun=noun)]
    for scope, rows in flagged.groupby("scope", sort=False):
        parts.append(_("{division} is {differences}.").format(
            division=upper_first(division_phrase(codebook, str(scope).split(":", 1)[1])),
            differences=join_words([_difference(r) for r in rows.itertuples()])))
    parts.append(_("Every other difference could be chance.") + lost)
    return " ".join(parts)
