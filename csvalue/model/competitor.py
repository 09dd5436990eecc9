"""Own versus competitor: paired differences on 0–100, overall and per value.

The source's measurement model (slide 38, "issue 1") asks each customer to rate the main
competitor too. The same respondent rates both, so the comparison is paired: for each item
the difference ``own100 − competitor100`` per respondent, its mean with a 95% t interval and a
paired t-test, over the respondents who answered both (n is reported per row).
"""

from __future__ import annotations

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.stats.change import paired_change
from csvalue.stats.scales import rescale


def competitor_pairs(codebook: Codebook) -> list[tuple[str, str, str]]:
    """(row id, own item, competitor item) pairs the codebook defines: overall, then values."""
    pairs = []
    for it in codebook.block("competitor"):
        own = "cs" if it.id == "comp_cs" else it.id.removeprefix("comp_")
        if codebook.has(own):
            pairs.append(("cs" if own == "cs" else it.key, own, it.id))
    return pairs


def compare(data: pd.DataFrame, codebook: Codebook, level: float = 0.95,
            lang: str = "en") -> pd.DataFrame:
    """Own vs competitor per item: paired mean difference with interval and test.

    Returns one row per pair present in ``data``: ``item`` (``cs`` or the value id), ``label``,
    ``n`` (respondents who answered both), ``own`` and ``competitor`` (means on 0–100 over those
    respondents), ``diff`` (own − competitor), ``se``, ``lo``, ``hi`` (``level`` t interval, on
    ``n_effective − 1`` df, Kish's n of the pairs' weights),
    ``t``, ``p`` (paired t-test, two-sided). Rows with n < 2 have NaN statistics.

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> table = compare(generate(400, seed=1), load_codebook())
    >>> table[["item", "n", "diff", "lo", "hi"]].head(2).round(1)
            item    n  diff   lo   hi
    0         cs  202   2.5 -0.4  5.3
    1  stability  202   3.5  0.3  6.6
    """
    rows = []
    # survey weights: the paired differences are weighted (stats.change.paired_change)
    weights = data["weight"].fillna(1.0).to_numpy(dtype=float) if "weight" in data else None
    for rid, own, comp in competitor_pairs(codebook):
        if own not in data.columns or comp not in data.columns:
            continue
        # the competitor is the earlier side, so the change is own − competitor
        t = paired_change(rescale(data[comp].to_numpy(dtype=float), codebook.item(comp).scale),
                          rescale(data[own].to_numpy(dtype=float), codebook.item(own).scale),
                          level, weights)
        rows.append({
            "item": rid, "label": codebook.label(own if own == "cs" else rid, lang),
            "n": t.n_a, "own": t.b, "competitor": t.a, "diff": t.change, "se": t.se,
            "lo": t.ci_low, "hi": t.ci_high, "t": t.statistic, "p": t.p_value,
            "n_effective": t.n_effective_a,
        })
    return pd.DataFrame(rows, columns=["item", "label", "n", "own", "competitor", "diff", "se",
                                       "lo", "hi", "t", "p", "n_effective"])
