"""Own versus competitor: paired differences on 0–100, overall and per value.

The source's measurement model (slide 38, "issue 1") asks each customer to rate the main
competitor too. The same respondent rates both, so the comparison is paired: for each item
the difference ``own100 − competitor100`` per respondent, its mean with a 95% t interval and a
paired t-test, over the respondents who answered both (n is reported per row).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from csvalue.instrument.codebook import Codebook


def rescale100(x: pd.Series | np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    """``(x − min) / (max − min) × 100`` on the item's own scale."""
    lo, hi = scale
    return (np.asarray(x, dtype=float) - lo) / (hi - lo) * 100


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
    respondents), ``diff`` (own − competitor), ``se``, ``lo``, ``hi`` (``level`` t interval),
    ``t``, ``p`` (paired t-test, two-sided). Rows with n < 2 have NaN statistics.

    Example
    -------
    >>> compare(wave.data, cb)[["item", "n", "diff", "lo", "hi"]]       # doctest: +SKIP
    """
    rows = []
    for rid, own, comp in competitor_pairs(codebook):
        if own not in data.columns or comp not in data.columns:
            continue
        a = rescale100(data[own], codebook.item(own).scale)
        b = rescale100(data[comp], codebook.item(comp).scale)
        both = ~(np.isnan(a) | np.isnan(b))
        a, b = a[both], b[both]
        d = a - b
        n = int(both.sum())
        if n >= 2:
            se = d.std(ddof=1) / np.sqrt(n)
            half = stats.t.ppf(0.5 + level / 2, n - 1) * se
            t = d.mean() / se if se > 0 else np.nan
            p = 2 * stats.t.sf(abs(t), n - 1) if se > 0 else np.nan
        else:
            se = half = t = p = np.nan
        mean = d.mean() if n else np.nan
        rows.append({
            "item": rid, "label": codebook.label(own if own == "cs" else rid, lang), "n": n,
            "own": a.mean() if n else np.nan, "competitor": b.mean() if n else np.nan,
            "diff": mean, "se": se, "lo": mean - half, "hi": mean + half, "t": t, "p": p,
        })
    return pd.DataFrame(rows, columns=["item", "label", "n", "own", "competitor", "diff", "se",
                                       "lo", "hi", "t", "p"])
