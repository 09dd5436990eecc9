"""How far the value segments can be trusted, in words: how firm their membership is (the
``stability`` and ``borderline`` columns of ``segments.csv``, from
:func:`csvalue.stats.cluster.membership_stability`) and how their profile cross-tabs were
tested (Pearson, or Rao–Scott with survey weights). Aggregate only: no respondent's own
stability ever reaches the report.

Example
-------
>>> from csvalue.pipeline.results import Results
>>> seg = pd.DataFrame({"wave": "2025", "label": ["Work-value", "General majority"],
...                     "share": [40.0, 60.0], "stability": [0.99, 0.93],
...                     "borderline": [0.01, 0.08], "stability_resamples": 100})
>>> res = Results({"segments": seg}, {"settings": {"stability_threshold": 0.7}})
>>> print(firmness_sentence(res, "2025"))
Refitted on 100 bootstrap resamples of the respondents, 94.8% of the segmented respondents keep their segment in at least 70% of them; the others are borderline between two segments: 1.0% of Work-value and 8.0% of General majority.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.report.format import format_number, join_words
from csvalue.report.i18n import _


def _percent(share: float, digits: int = 0) -> str:
    return _("{value}%").format(value=format_number(100 * share, digits))


def firmness_sentence(results, wave: str) -> str | None:
    """How firm one wave's segments are: the (weighted) share of segmented respondents who
    keep their segment in at least the settings' ``stability_threshold`` of the resamples, and
    each segment's borderline share. None when the table has no stability (no resamples, or
    results written before it).

    Example
    -------
    >>> from csvalue.pipeline.results import Results
    >>> firm = pd.DataFrame({"wave": "2025", "label": ["A", "B"], "share": [50.0, 50.0],
    ...                      "stability": 1.0, "borderline": 0.0, "stability_resamples": 100})
    >>> print(firmness_sentence(Results({"segments": firm}, {}), "2025"))
    Refitted on 100 bootstrap resamples of the respondents, every segmented respondent keeps their segment in at least 70% of them: the segments are firm.
    """
    if "segments" not in results.tables:
        return None
    segments = results.table("segments", wave)
    threshold = float(results.model.get("settings", {}).get("stability_threshold", 0.7))
    if "borderline" not in segments or not segments["borderline"].notna().any():
        return None
    s = segments[segments["borderline"].notna()]
    weight = s["share"].to_numpy(dtype=float)
    border = s["borderline"].to_numpy(dtype=float)
    overall = float((weight * border).sum() / weight.sum()) if weight.sum() > 0 else np.nan
    resamples = int(s["stability_resamples"].iloc[0]) if "stability_resamples" in s else 0
    if not (overall > 0):
        return _("Refitted on {n} bootstrap resamples of the respondents, every segmented "
                 "respondent keeps their segment in at least {threshold} of them: the segments "
                 "are firm.").format(n=resamples, threshold=_percent(threshold))
    # one decimal: the shares are small, and a whole 0% or 100% would say none or all
    parts = [_("{share} of {segment}").format(share=_percent(b, 1), segment=lab)
             for lab, b in zip(s["label"], border)]
    return _("Refitted on {n} bootstrap resamples of the respondents, {firm} of the segmented "
             "respondents keep their segment in at least {threshold} of them; the others are "
             "borderline between two segments: {parts}.").format(
        n=resamples, firm=_percent(1 - overall, 1), threshold=_percent(threshold),
        parts=join_words(parts))


def profile_test_note(tests: pd.DataFrame) -> str | None:
    """With survey weights, how the profile cross-tabs were tested (the Rao–Scott correction
    and the range of its design effects); None for an unweighted wave (Pearson's test, as the
    page says).

    Example
    -------
    >>> t = pd.DataFrame({"test": "Rao-Scott", "deff": [1.21, 1.48]})
    >>> print(profile_test_note(t))
    The respondents are weighted: the shares are weighted shares, and each test is Pearson's chi-square with the Rao–Scott second-order correction for the weighting (mean design effects from 1.21 to 1.48; χ² and df are the corrected ones).
    >>> profile_test_note(pd.DataFrame({"test": ["Pearson"], "deff": [1.0]})) is None
    True
    """
    if "test" not in tests or not (tests["test"] == "Rao-Scott").any():
        return None
    d = tests.loc[tests["test"] == "Rao-Scott", "deff"].astype(float)
    return _("The respondents are weighted: the shares are weighted shares, and each test is "
             "Pearson's chi-square with the Rao–Scott second-order correction for the "
             "weighting (mean design effects from {low} to {high}; χ² and df are the "
             "corrected ones).").format(low=format_number(d.min(), 2),
                                        high=format_number(d.max(), 2))
