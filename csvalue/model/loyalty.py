"""Loyalty tiers and targeting: each respondent's tier, and which value segments to target.

A respondent's tier combines repurchase intention with being a promoter (thresholds from
``codebook.thresholds``):

==============  ===========================  ==========
tier            rule                          metal
==============  ===========================  ==========
loyalist        strong repurchase + promoter  Platinum
apostle         weak repurchase + promoter    Gold
love-hate       positive, not a promoter      Iron
inferior        not positive                  Red
==============  ===========================  ==========

"Strong" is ``repurchase ≥ repurchase_strong``, "weak" is ``repurchase_weak ≤ repurchase <
repurchase_strong``, "positive" is strong or weak; a promoter has ``recommend ≥ promoter_min``.
Non-positive promoters (rare) are inferior and counted separately.

**Targeting** (the source's slides 31–32): the segments whose CLS is at or above the median
segment's are targets, and each gets its own task from its **tier mix against the other
segments**, read from the adjusted residuals of the segment × tier table (a raw share would
not tell the targets apart: the love-hate tier is the largest in almost every segment):

1. a tier below Loyalist significantly over-represented in the segment (residual above
   :data:`RESID_CRIT`; the strongest if several) is the one to move up one tier;
2. otherwise, where Loyalists are the segment's most over-represented tier, they dominate
   and the task is to **retain** them;
3. otherwise the segment's most over-represented tier below Loyalist moves up one tier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.errors import DataError

#: Tier ids from best to worst (the codebook's ``loyalty_tiers`` gives labels and metals).
TIERS = ("loyalist", "apostle", "love-hate", "inferior")
#: The task of a target whose Loyalists dominate.
RETAIN = "retain"
#: |adjusted residual| above this marks a tier over- or under-represented (5%, two-sided).
RESID_CRIT = 1.96


def tier_ids(codebook: Codebook) -> tuple[str, ...]:
    """Tier ids best-first: the codebook's order when it lists the four tiers, else TIERS."""
    ids = tuple(t[0] for t in codebook.tiers)
    return ids if set(ids) == set(TIERS) and len(ids) == 4 else TIERS


def loyalty_tiers(data: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """Each respondent's loyalty tier (NaN when repurchase or recommend is missing).

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> cb = load_codebook()
    >>> df = pd.DataFrame({"repurchase": [5, 4, 4, 2], "recommend": [9, 10, 7, 9]})
    >>> loyalty_tiers(df, cb)
    0     loyalist
    1      apostle
    2    love-hate
    3     inferior
    Name: loyalty_tier, dtype: object
    """
    _need(data, codebook)
    th = codebook.thresholds
    rep = data["repurchase"].to_numpy(dtype=float)
    rec = data["recommend"].to_numpy(dtype=float)
    strong = rep >= th.repurchase_strong
    weak = (rep >= th.repurchase_weak) & ~strong
    promoter = rec >= th.promoter_min
    lo, ap, lh, inf = tier_ids(codebook)
    tier = np.select([strong & promoter, weak & promoter, strong | weak], [lo, ap, lh], default=inf)
    tier = np.where(np.isnan(rep) | np.isnan(rec), None, tier)
    return pd.Series(tier, index=data.index, name="loyalty_tier", dtype=object)


def non_positive_promoters(data: pd.DataFrame, codebook: Codebook) -> int:
    """Promoters whose repurchase intention is not positive (counted among the inferior)."""
    _need(data, codebook)
    th = codebook.thresholds
    return int(((data["repurchase"] < th.repurchase_weak) & (data["recommend"] >= th.promoter_min)).sum())


def tier_table(tiers: pd.Series, codebook: Codebook,
               weights: np.ndarray | None = None) -> pd.DataFrame:
    """Tier sizes: tier, label, metal, label_ko, n, share (of respondents with a tier, %;
    weighted by the survey ``weights`` when given)."""
    ids = tier_ids(codebook)
    counts = tiers.value_counts().reindex(ids, fill_value=0)
    total = counts.sum()
    if weights is not None and not np.all(np.asarray(weights) == 1):
        sizes = pd.Series(np.asarray(weights, dtype=float), index=tiers.index).groupby(
            tiers).sum().reindex(ids, fill_value=0.0)
        share = 100 * sizes.to_numpy() / sizes.sum() if sizes.sum() else np.nan
    else:
        share = 100 * counts.to_numpy() / total if total else np.nan
    meta = {t[0]: t[1:] for t in codebook.tiers}
    return pd.DataFrame({
        "tier": ids,
        "label": [meta.get(t, (t, t, t))[0] for t in ids],
        "metal": [meta.get(t, (t, t, t))[1] for t in ids],
        "label_ko": [meta.get(t, (t, t, t))[2] for t in ids],
        "n": counts.to_numpy(),
        "share": share,
    })


def targeting(segments: pd.Series, tiers: pd.Series, segment_cls: pd.Series,
              codebook: Codebook) -> pd.DataFrame:
    """Value segment × loyalty tier table with targets and tasks.

    Parameters
    ----------
    segments : each respondent's value segment id (NaN = no segment).
    tiers : each respondent's tier (index-aligned with ``segments``).
    segment_cls : mean CLS per segment id; its order is the table's row order.

    Returns
    -------
    One row per segment: segment, n (with a tier), the count and row share (%) of each tier
    (``<tier>`` and ``<tier>_pct``), cls, target (CLS ≥ median segment CLS), largest_tier (the
    largest tier below loyalist), each tier's adjusted residual (``<tier>_resid``), task_tier
    (the tier the task addresses, by the rule above) and task (``"apostle → loyalist"`` or
    ``"retain"``, targets only).

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> seg = pd.Series(["a", "a", "b", "b", "b", None])
    >>> tier = pd.Series(["loyalist", "love-hate", "apostle", "love-hate", "love-hate",
    ...                   "inferior"])
    >>> cls_by_segment = pd.Series({"a": 80.0, "b": 70.0})     # median 75: only a is a target
    >>> t = targeting(seg, tier, cls_by_segment, load_codebook())
    >>> t[["segment", "n", "target", "task"]]  # doctest: +NORMALIZE_WHITESPACE
      segment  n  target    task
    0       a  2    True  retain
    1       b  3   False
    """
    ids = tier_ids(codebook)
    tab = pd.crosstab(segments, tiers).reindex(index=segment_cls.index, columns=list(ids),
                                               fill_value=0)
    n = tab.sum(axis=1)
    out = pd.DataFrame({"segment": segment_cls.index, "n": n.to_numpy()})
    for t in ids:
        out[t] = tab[t].to_numpy()
    for t in ids:
        out[f"{t}_pct"] = np.where(n > 0, 100 * tab[t].to_numpy() / n.replace(0, 1).to_numpy(), np.nan)
    cls = segment_cls.to_numpy(dtype=float)
    out["cls"] = cls
    median = np.nanmedian(cls) if np.isfinite(cls).any() else np.nan
    out["target"] = cls >= median
    below = tab[list(ids[1:])]
    # ties go to the better tier (the column order), which is the cheaper move
    largest = below.to_numpy().argmax(axis=1)
    out["largest_tier"] = [ids[1 + j] for j in largest]
    from csvalue.stats.contingency import adjusted_residuals

    resid = adjusted_residuals(tab.to_numpy(dtype=float))
    for j, t in enumerate(ids):
        out[f"{t}_resid"] = resid[:, j]
    out["task_tier"] = [_task_tier(row, ids, ids[1 + j]) for row, j in zip(resid, largest)]
    out["task"] = [("" if not tgt else RETAIN if t == ids[0] else f"{t} → {ids[ids.index(t) - 1]}")
                   for t, tgt in zip(out["task_tier"], out["target"])]
    return out


def _task_tier(resid: np.ndarray, ids: tuple[str, ...], largest: str) -> str:
    """The tier a segment's task addresses, from its tiers' adjusted residuals (module rule);
    ``largest`` (the largest tier below loyalist by count) when the residuals are undefined."""
    if not np.isfinite(resid).any():
        return largest
    r = np.where(np.isfinite(resid), resid, -np.inf)
    below = 1 + int(np.argmax(r[1:]))
    if r[below] > RESID_CRIT:
        return ids[below]
    if int(np.argmax(r)) == 0:
        return ids[0]
    return ids[below]


def _need(data: pd.DataFrame, codebook: Codebook) -> None:
    missing = [c for c in ("repurchase", "recommend") if c not in data.columns]
    if missing:
        raise DataError(f"loyalty tiers need the columns {missing}, which the wave does not have")
