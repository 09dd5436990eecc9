"""Value segmentation: factor scores → k-means segments → profiles and targeting.

:func:`segment` is the one call: it fits the factor model of the expectation items
(:mod:`csvalue.model.factors`), clusters the factor scores with k-means, names each segment after
its dominant factor, profiles the segments (cross-tabs with chi-square, Cramér's V and
adjusted residuals; CS, CLS, CVI and NPS with intervals), assigns loyalty tiers and builds the
targeting table (:mod:`csvalue.model.loyalty`).

Stability: segment labels are the codebook's segment ids of the factors, so they do not
depend on k-means' arbitrary cluster numbers; and the fit itself does not depend on the row
order, because rows are put in a canonical order (sorted by their factor scores) before the
seeded k-means (and before drawing the seeded sample used above ``cluster_sample_max``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.model.factors import FactorModel, fit_factor_model
from csvalue.model.indices import nps_estimate
from csvalue.model.loyalty import (RESID_CRIT, loyalty_tiers, non_positive_promoters, targeting,
                                   tier_ids, tier_table)
from csvalue.errors import DataError
from csvalue.instrument.settings import Settings
from csvalue.stats.cluster import kmeans, membership_stability
from csvalue.stats.contingency import crosstab_test, rao_scott
from csvalue.stats.disclosure import (complementary_suppression, primary_suppression,
                                      suppress_small_cells)
from csvalue.stats.intervals import group_mean_intervals
from csvalue.stats.multitest import adjust_families
from csvalue.stats.scales import band
from csvalue.stats.weights import kish_n, unit_weights

#: Profile items that measure what a customer is worth, first found first used: a target's
#: value is its mean (a numeric item) or its share in the item's last, largest category.
VALUE_ITEMS = ("revenue", "volume")
#: Segment-table index column ← ``respondent_scores`` column, summarised per segment (mean
#: with a 95% t interval).
SEGMENT_INDICES = {"cs": "cs100", "cls": "cls", "cvi": "cvi"}
#: Bootstrap resamples behind the segments' membership stability (fewer when ``n_boot`` is).
MEMBERSHIP_RESAMPLES = 100


@dataclass(frozen=True)
class Segmentation:
    """Everything the value and loyalty segmentation produces (tidy tables).

    Attributes
    ----------
    model : the fitted :class:`~csvalue.model.factors.FactorModel` (correlations, eigenvalues …).
    kmo, kmo_low : overall KMO and whether it is below 0.6 (a LowKMOWarning was issued).
    kmo_items : item, kmo.
    bartlett : chi2, df, p.
    n_factors, factor_rule : number of factors and the rule that chose it.
    eigen : factor, observed, random (parallel analysis).
    factors : item, factor, loading, communality, primary (one row per item × factor).
    factor_names : factor, label_en, label_ko, codebook_factor, segment_id, top_items.
    variance : factor, label, ss_loadings, proportion, cumulative.
    silhouette : k, silhouette (empty when k is fixed).
    centroids : segment × factor mean factor scores.
    segments : segment, label, label_ko, n, share, dominant_factor, named_by, note,
        cs/cls/cvi (+ _low/_high), nps, nps_se, nps_low, nps_high, small_base, suppressed,
        target, task.
    loyalty : tier, label, metal, label_ko, n, share.
    non_positive_promoters : promoters without positive repurchase intention (counted inferior).
    targeting : segment × tier counts and row shares, cls, target, largest_tier, task.
    profiles : variable, category, segment, n, pct (of the segment), expected, adj_resid,
        represented ("over" / "under" / ""), suppressed.
    profile_tests : variable, chi2, df, p, cramers_v, n, min_expected, p_adjusted (over the
        profile variables, ``settings.p_adjust``).
    assignments : index-aligned with the wave: resp_id, wave (when the wave has them),
        value_segment, loyalty_tier.
    sampled : respondents the k-means was fitted on (fewer than those with a segment above
        ``settings.cluster_sample_max``).
    warnings : human-readable notes (low KMO, excluded rows, shared dominant factors …).
    k_rule : how k was chosen, as a noun phrase (:func:`k_rule_text`).
    """

    model: FactorModel
    kmo: float
    kmo_low: bool
    kmo_items: pd.DataFrame
    bartlett: dict
    n_factors: int
    factor_rule: str
    eigen: pd.DataFrame
    factors: pd.DataFrame
    factor_names: pd.DataFrame
    variance: pd.DataFrame
    silhouette: pd.DataFrame
    centroids: pd.DataFrame
    segments: pd.DataFrame
    loyalty: pd.DataFrame
    non_positive_promoters: int
    targeting: pd.DataFrame
    profiles: pd.DataFrame
    profile_tests: pd.DataFrame
    assignments: pd.DataFrame
    sampled: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    k_rule: str = ""


# ---------------------------------------------------------------------------------------
# Naming
# ---------------------------------------------------------------------------------------

def name_segments(centers: np.ndarray, names: pd.DataFrame) -> pd.DataFrame:
    """Name each cluster after its dominant factor's codebook segment.

    The dominant factor is the one with the highest centroid. When several clusters share
    one, the cluster with the highest centroid on it takes its name; each other one is named
    by its next-highest factor not yet used (largest centroid first), and says so in ``note``.
    If every factor is used, the cluster is named "<dominant segment> (2)" and so on.

    Returns one row per cluster (its number in ``cluster``): segment, label, label_ko,
    dominant_factor, named_by, note; ordered by the factor order of ``names``.
    """
    k, m = centers.shape
    fac = names["factor"].tolist()
    dominant = centers.argmax(axis=1)
    named_by = np.full(k, -1)
    used: set[int] = set()
    for f in range(m):
        members = np.flatnonzero(dominant == f)
        if len(members):
            named_by[members[centers[members, f].argmax()]] = f
            used.add(f)
    while (named_by < 0).any():
        rest = np.flatnonzero(named_by < 0)
        free = [f for f in range(m) if f not in used]
        if not free:
            break
        sub = centers[np.ix_(rest, free)]
        i, j = np.unravel_index(sub.argmax(), sub.shape)
        named_by[rest[i]] = free[j]
        used.add(free[j])
    rows = []
    dup_count: dict[int, int] = {}
    for c in range(k):
        d = dominant[c]
        if named_by[c] >= 0:
            f = named_by[c]
            row = names.iloc[f]
            sid, en, ko = row["segment_id"], row["segment_en"], row["segment_ko"]
            note = ("" if f == d else
                    f"shares its dominant factor ({fac[d]}) with another segment; "
                    f"named by its next factor ({fac[f]})")
            order = (f, 0)
        else:
            row = names.iloc[d]
            dup_count[d] = dup_count.get(d, 1) + 1
            sid = f"{row['segment_id']}_{dup_count[d]}"
            en, ko = f"{row['segment_en']} ({dup_count[d]})", f"{row['segment_ko']} ({dup_count[d]})"
            note = (f"more segments than factors: shares its dominant factor ({fac[d]}) and "
                    "no factor is left to name it")
            f, order = d, (d, dup_count[d])
        rows.append({"cluster": c, "segment": sid, "label": en, "label_ko": ko,
                     "dominant_factor": fac[d], "named_by": fac[f], "note": note, "_o": order})
    out = pd.DataFrame(rows)
    out = out.iloc[sorted(range(k), key=lambda i: out["_o"].iloc[i])]
    return out.drop(columns="_o").reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------------------

def profile_variables(data: pd.DataFrame, codebook: Codebook) -> dict[str, tuple[pd.Series, list[str]]]:
    """Every profile item as categories: codes of category items, bands of numeric items.

    Returns {item id: (category per row, category order)}; numeric items without bands and
    items absent from the wave are left out.
    """
    out = {}
    for it in codebook.block("profile"):
        if it.id not in data.columns:
            continue
        if it.kind == "category":
            out[it.id] = (data[it.id].astype(object), list(it.categories))
        elif it.bands is not None:
            edges, labels = it.bands
            out[it.id] = (band(data[it.id], edges, labels), list(labels))
    return out


def profiles(segments: pd.Series, order: list[str], data: pd.DataFrame, codebook: Codebook,
             weights: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segment × category cross-tabs of every profile variable.

    Parameters
    ----------
    segments : each respondent's segment id (NaN = none), index-aligned with ``data``.
    order : segment ids in table order.

    Returns
    -------
    cells : variable, category, segment, n, pct (share of the segment, %), expected,
        adj_resid, represented ("over" if > 1.96, "under" if < −1.96), suppressed (n below
        ``codebook.thresholds.disclosure_min``, or blanked so that such a cell cannot be
        recovered from the segment or category total: n, pct and residual are blanked).
    tests : variable, chi2, df, p, cramers_v, n, min_expected, test, n_effective, deff.

    With survey ``weights`` (row-aligned with ``data``): ``n`` stays the respondents (the
    disclosure rule counts people), ``pct`` is the weighted share, the test is the Rao–Scott
    second-order corrected one (:func:`csvalue.stats.contingency.rao_scott`: ``chi2`` on its
    ``df``, p of its F, ``deff`` the mean generalized design effect), Cramér's V that of the
    weighted shares, and ``expected`` and the adjusted residuals those of the weighted table
    on the effective base (Kish's n of the table's respondents). Without weights: Pearson's
    test, ``n_effective = n``, ``deff = 1``.
    """
    weighted = not unit_weights(weights)
    seg_code = pd.Categorical(segments, categories=order).codes
    disclose = codebook.thresholds.disclosure_min
    cells, tests = [], []
    for var, (cat, cats) in profile_variables(data, codebook).items():
        cat_code = pd.Categorical(cat, categories=cats).codes
        ok = (seg_code >= 0) & (cat_code >= 0)
        flat = np.bincount(seg_code[ok] * len(cats) + cat_code[ok],
                           minlength=len(order) * len(cats))
        table = flat.reshape(len(order), len(cats))
        t = crosstab_test(table)
        test = {"test": "Pearson", "n_effective": float(t["n"]), "deff": 1.0}
        shares = table
        if weighted:
            w = np.asarray(weights, dtype=float)[ok]
            shares = np.bincount(seg_code[ok] * len(cats) + cat_code[ok], weights=w,
                                 minlength=len(order) * len(cats)).reshape(table.shape)
            rs = rao_scott(seg_code[ok], cat_code[ok], w, table.shape)
            scaled = crosstab_test(shares * rs.n_effective / max(shares.sum(), 1e-300))
            k = min(int((table.sum(axis=1) > 0).sum()), int((table.sum(axis=0) > 0).sum()))
            t = {**scaled, "chi2": rs.chi2, "df": rs.df_num, "p": rs.p, "n": rs.n,
                 "cramers_v": float(np.sqrt(rs.pearson / (rs.n * (k - 1)))) if k > 1 else np.nan,
                 "expected": scaled["expected"] * rs.n / max(rs.n_effective, 1e-300),
                 "min_expected": float(np.nanmin(scaled["expected"])) * rs.n
                 / max(rs.n_effective, 1e-300) if rs.n else np.nan}
            test = {"test": "Rao-Scott", "n_effective": rs.n_effective, "deff": rs.deff}
        tests.append({"variable": var, **{k: t[k] for k in
                                          ("chi2", "df", "p", "cramers_v", "n", "min_expected")},
                      **test})
        seg_n = shares.sum(axis=1, keepdims=True)
        pct = 100 * shares / np.where(seg_n > 0, seg_n, 1)
        resid = t["adj_resid"]
        rep = np.where(resid > RESID_CRIT, "over", np.where(resid < -RESID_CRIT, "under", ""))
        # both margins are published: the segment n, and the category totals (from ``expected``)
        suppressed = complementary_suppression(table, primary_suppression(table, disclose))
        cells.append(pd.DataFrame({
            "variable": var,
            "category": np.tile(cats, len(order)),
            "segment": np.repeat(order, len(cats)),
            "n": np.where(suppressed, np.nan, table).ravel(),
            "pct": np.where(suppressed, np.nan, pct).ravel(),
            "expected": t["expected"].ravel(),
            "adj_resid": np.where(suppressed, np.nan, resid).ravel(),
            "represented": np.where(suppressed, "", rep).ravel(),
            "suppressed": suppressed.ravel(),
        }))
    cell_cols = ["variable", "category", "segment", "n", "pct", "expected", "adj_resid",
                 "represented", "suppressed"]
    test_cols = ["variable", "chi2", "df", "p", "cramers_v", "n", "min_expected", "test",
                 "n_effective", "deff"]
    return (pd.concat(cells, ignore_index=True) if cells else pd.DataFrame(columns=cell_cols),
            pd.DataFrame(tests, columns=test_cols))


def segment_value(segments: pd.Series, order: list[str], data: pd.DataFrame,
                  codebook: Codebook) -> pd.DataFrame:
    """What each segment's customers are worth, where the codebook has a value item
    (:data:`VALUE_ITEMS`, a profile item): a numeric item's mean, or a category item's share
    (%) in its last category (the codebook lists an account size from small to large), with
    the same figure over all segmented respondents.

    Returns one row per segment of ``order``: segment, value_item, value_level (the category,
    blank for a numeric item), value, value_all; no rows without a value item.

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> d = pd.DataFrame({"volume": ["100+", "<50", "100+", "50-100"]})
    >>> segment_value(pd.Series(["a", "a", "b", "b"]), ["a", "b"], d, load_codebook()
    ...               )[["segment", "value_level", "value", "value_all"]].values.tolist()
    [['a', '100+', 50.0, 50.0], ['b', '100+', 50.0, 50.0]]
    """
    cols = ["segment", "value_item", "value_level", "value", "value_all"]
    item = next((i for i in VALUE_ITEMS if codebook.has(i) and i in data.columns
                 and codebook.item(i).block == "profile"), None)
    if item is None:
        return pd.DataFrame(columns=cols)
    it = codebook.item(item)
    if it.kind == "category":
        level = it.categories[-1]
        answered = data[item].notna()
        x = (data[item] == level).astype(float).where(answered) * 100
    else:
        level, x = "", pd.to_numeric(data[item], errors="coerce")
    seg = segments.reindex(data.index)
    by = x.groupby(seg).mean()
    return pd.DataFrame({"segment": order, "value_item": item, "value_level": level,
                         "value": by.reindex(order).to_numpy(dtype=float),
                         "value_all": float(x[seg.notna()].mean())}, columns=cols)


def align_scores(data: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """``scores`` row-aligned with ``data``: by ``resp_id`` (and ``wave``) when both have it.

    ``respondent_scores`` may return a fresh index; matching on the respondent id keeps the
    segment summaries right whatever the index. Without ids, the index is used.

    Raises DataError when an id of ``data`` has no score row or appears twice in ``scores``.
    """
    keys = [c for c in ("resp_id", "wave") if c in data.columns and c in scores.columns]
    if "resp_id" not in keys:
        return scores.reindex(data.index)
    if len(scores) == len(data) and all(
            np.array_equal(scores[k].to_numpy(), data[k].to_numpy()) for k in keys):
        return scores.set_axis(data.index)   # the usual case, and cheap at a million rows
    if scores.duplicated(keys).any():
        raise DataError(f"respondent scores: duplicated {'/'.join(keys)} "
                        f"{scores.loc[scores.duplicated(keys), keys].iloc[0].tolist()}")
    idx = pd.MultiIndex.from_frame(scores[keys].astype(str))
    pos = idx.get_indexer(pd.MultiIndex.from_frame(data[keys].astype(str)))
    if (pos < 0).any():
        raise DataError(f"respondent scores: no row for resp_id "
                        f"{data['resp_id'].to_numpy()[pos < 0][0]!r}")
    out = scores.iloc[pos]
    out.index = data.index
    return out


def k_rule_text(k: str | int, k_range: tuple[int, int] = (3, 8)) -> str:
    """How the number of segments was chosen, for "… finds 5 segments, <this>".

    Example
    -------
    >>> k_rule_text("silhouette", (3, 8))
    'the number with the highest mean silhouette among k = 3 to 8'
    >>> k_rule_text(5)
    'the number fixed in the settings'
    """
    if k == "silhouette":
        lo, hi = (int(v) for v in k_range)
        return f"the number with the highest mean silhouette among k = {max(2, lo)} to {hi}"
    return "the number fixed in the settings"


# ---------------------------------------------------------------------------------------
# The whole step
# ---------------------------------------------------------------------------------------

def segment(data: pd.DataFrame, scores: pd.DataFrame, codebook: Codebook,
            settings: Settings | None = None) -> Segmentation:
    """Value segments, loyalty tiers, profiles and targeting of one wave.

    Parameters
    ----------
    data : the wave (canonical columns: expectation items, profile, repurchase, recommend).
    scores : ``csvalue.model.indices.respondent_scores(data, …)``, index-aligned with ``data``
        (columns cs100, cls, cvi used here).
    codebook, settings : instrument and model options (n_factors, rotation, k, k_range,
        cluster_sample_max, seed).

    Warns
    -----
    csvalue.model.factors.LowKMOWarning when the expectation items' KMO is below 0.6.

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> from csvalue.model.indices import respondent_scores
    >>> cb, st, wave = load_codebook(), Settings(n_factors=5, k=5), generate(400, seed=1)
    >>> seg = segment(wave, respondent_scores(wave, cb, st), cb, st)
    >>> seg.segments[["label", "share", "target"]].round(1)
                     label  share  target
    0      Benefit-seeking   15.6    True
    1           Work-value   15.8   False
    2     General majority   28.0    True
    3  Psychological-value   25.6   False
    4      Leisure-seeking   15.0    True
    """
    settings = settings or Settings()
    notes: list[str] = []
    if not codebook.expectation_cols:
        raise DataError(f"value segmentation needs expectation items; the codebook "
                        f"{codebook.source} has none")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = fit_factor_model(data, codebook, settings.n_factors, settings.rotation,
                                 seed=settings.seed)
    for w in caught:  # pass them on to the caller, and keep the message in the result
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        notes.append(str(w.message))
    excluded = len(data) - model.n
    if excluded:
        notes.append(f"{excluded} respondents missing an expectation answer have no value segment")

    fscores = model.scores(data)
    weights = data["weight"].to_numpy(dtype=float) if "weight" in data else None
    if unit_weights(weights):
        weights = None
    try:
        fit = kmeans(fscores.to_numpy(), settings.k, settings.k_range, settings.seed,
                     settings.cluster_sample_max, sample_weight=weights)
    except DataError as err:
        raise DataError(f"cannot form value segments from the respondents with complete "
                        f"expectation answers: {err}") from None
    if fit.sampled < model.n:
        notes.append(f"k-means fitted on a seeded sample of {fit.sampled:,} of {model.n:,} "
                     "respondents; every respondent assigned to the nearest centroid")
    seg_names = name_segments(fit.centers, model.names)
    notes += [f"{r.label}: {r.note}" for r in seg_names.itertuples() if r.note]
    order = seg_names["segment"].tolist()
    id_of = np.empty(fit.k, dtype=object)
    id_of[seg_names["cluster"].to_numpy()] = order
    seg = pd.Series(np.where(fit.labels >= 0, id_of[np.clip(fit.labels, 0, None)], None),
                    index=data.index, name="value_segment", dtype=object)
    centroids = pd.DataFrame(fit.centers[seg_names["cluster"].to_numpy()], index=order,
                             columns=model.factor_ids).rename_axis("segment")

    tiers = loyalty_tiers(data, codebook)
    th = codebook.thresholds
    counts = seg.value_counts().reindex(order, fill_value=0)
    table = seg_names.drop(columns="cluster").copy()
    table.insert(3, "n", counts.to_numpy())
    if weights is None:
        table.insert(4, "share", 100 * counts.to_numpy() / max(counts.sum(), 1))
    else:   # the weighted share of the segmented respondents
        wsum = pd.Series(weights, index=seg.index).groupby(seg).sum().reindex(order,
                                                                              fill_value=0)
        table.insert(4, "share", 100 * wsum.to_numpy() / max(wsum.sum(), 1e-300))
    sc = align_scores(data, scores)
    cols = {src: col for col, src in SEGMENT_INDICES.items() if src in sc.columns}
    means = group_mean_intervals(sc[list(cols)], [seg.rename("segment")], weights=weights)
    for src, col in cols.items():
        m = means[means["variable"] == src].set_index("segment").reindex(order)
        table[col], table[f"{col}_low"], table[f"{col}_high"] = (
            m["mean"].to_numpy(), m["ci_low"].to_numpy(), m["ci_high"].to_numpy())
    nps = [nps_estimate(data.loc[(seg == s).to_numpy(), "recommend"], codebook,
                        None if weights is None else weights[(seg == s).to_numpy()])
           for s in order]
    n_eff = [kish_n(weights[(seg == s).to_numpy()]) if weights is not None
             else float(c) for s, c in zip(order, counts.to_numpy())]
    table = pd.concat([table, pd.DataFrame({
        "nps": [e.nps for e in nps], "nps_se": [e.se for e in nps],
        "nps_low": [e.ci_low for e in nps], "nps_high": [e.ci_high for e in nps]})], axis=1)
    table.insert(table.columns.get_loc("n") + 1, "n_effective", n_eff)
    # how firm the membership is: per segment, the (weighted) mean share of resamples that
    # keep its respondents in it, and the share of them below the stability threshold
    resamples = min(settings.n_boot, MEMBERSHIP_RESAMPLES)
    firm = pd.Series(membership_stability(fscores.to_numpy(), fit.labels, fit.centers, resamples,
                                          settings.seed, settings.cluster_sample_max, weights),
                     index=data.index)
    wt = pd.Series(1.0 if weights is None else weights, index=data.index)
    for col, val in (("stability", firm), ("borderline", (firm < settings.stability_threshold)
                                          .where(firm.notna()).astype(float))):
        num = (val * wt).groupby(seg).sum(min_count=1)
        den = wt.where(val.notna()).groupby(seg).sum()
        table[col] = (num / den.where(den > 0)).reindex(order).to_numpy()
    table["stability_resamples"] = resamples
    table["small_base"] = table["n"] < th.small_base
    table["suppressed"] = table["n"] < th.disclosure_min
    stat_cols = [c for c in table.columns
                 if c.split("_")[0] in (*SEGMENT_INDICES, "nps", "stability", "borderline")]
    table.loc[table["suppressed"], stat_cols] = np.nan

    cls_by = table.set_index("segment")["cls"] if "cls" in table.columns else \
        pd.Series(np.nan, index=order)
    tgt = suppress_small_cells(targeting(seg, tiers, cls_by, codebook),
                               list(tier_ids(codebook)), th.disclosure_min)
    table["target"] = tgt["target"].to_numpy()
    table["task"] = tgt["task"].to_numpy()
    tgt.insert(1, "label", table["label"].to_numpy())
    worth = segment_value(seg, order, data, codebook)
    if len(worth):
        small = tgt["n"].isna() | (tgt["n"] < th.disclosure_min)
        for col in ("value_item", "value_level", "value", "value_all"):
            tgt[col] = worth[col].to_numpy()
        tgt.loc[small, "value"] = np.nan
    cells, tests = profiles(seg, order, data, codebook, weights)
    # the profile variables are one family of tests: p adjusted over them (stats.multitest)
    tests = adjust_families(tests, [], settings.p_adjust, p="p")

    npp = non_positive_promoters(data, codebook)
    if npp:
        notes.append(f"{npp} promoters without positive repurchase intention are counted as "
                     f"{tier_ids(codebook)[-1]}")
    return Segmentation(
        model=model, kmo=model.kmo, kmo_low=model.kmo_low,
        kmo_items=model.kmo_items.rename_axis("item").reset_index(),
        bartlett=model.bartlett, n_factors=model.n_factors, factor_rule=model.rule,
        eigen=model.eigen, factors=model.table, factor_names=model.names,
        variance=model.variance, silhouette=fit.silhouette, centroids=centroids,
        segments=table, loyalty=tier_table(tiers, codebook, weights), non_positive_promoters=npp,
        targeting=tgt, profiles=cells, profile_tests=tests,
        assignments=pd.concat([data[[c for c in ("resp_id", "wave") if c in data.columns]],
                               pd.DataFrame({"value_segment": seg, "loyalty_tier": tiers})],
                              axis=1),
        sampled=fit.sampled, warnings=tuple(notes),
        k_rule=k_rule_text(settings.k, settings.k_range),
    )


# ---------------------------------------------------------------------------------------
# Export: the tables ``csvalue analyze`` writes (issue 4 item 7)
# ---------------------------------------------------------------------------------------

#: Leading columns of each exported table (the contract the report reads); more follow.
TABLE_COLUMNS = {
    "factors": ["item", "factor", "loading", "communality"],
    "segments": ["segment", "n", "share", "dominant_factor", "cs", "cls", "cvi", "nps",
                 "target", "task"],
    "loyalty": ["tier", "n", "share"],
    "targeting": ["segment", "label", "n"],
    "segment_profiles": ["variable", "category", "segment", "n", "pct", "adj_resid",
                         "represented", "suppressed"],
    "segment_profile_tests": ["variable", "chi2", "df", "p", "cramers_v", "n", "p_adjusted"],
    "factor_variance": ["factor", "label", "ss_loadings", "proportion", "cumulative"],
    "factor_eigen": ["factor", "observed", "random"],
    "factor_kmo": ["item", "kmo"],
    "segment_centroids": ["segment", "factor", "centroid"],
    "segment_silhouette": ["k", "silhouette"],
    "segmentation": ["kmo", "kmo_low", "bartlett_chi2", "bartlett_df", "bartlett_p",
                     "n_factors", "factor_rule", "k", "n_factor_rows", "kmeans_rows",
                     "non_positive_promoters"],
}


def segmentation_tables(seg: Segmentation, wave: str | None = None) -> dict[str, pd.DataFrame]:
    """The segmentation tables to write, keyed by file stem (``factors`` → ``factors.csv``).

    ======================  ==============================================================
    key                     columns (leading; more follow)
    ======================  ==============================================================
    factors                 item, factor, loading, communality, primary, factor_label
    segments                segment, n, share, dominant_factor, cs, cls, cvi, nps, target,
                            task, label, label_ko, named_by, note, <index>_low/_high,
                            nps_se, nps_low, nps_high, stability (mean share of
                            resamples keeping a member in it), borderline (share of
                            members below ``stability_threshold``),
                            stability_resamples, small_base, suppressed
    loyalty                 tier, n, share, label, metal, label_ko, non_positive_promoters
    targeting               segment, label, n, <tier> counts, <tier>_pct, cls, target,
                            largest_tier, task, suppressed
    segment_profiles        variable, category, segment, n, pct, adj_resid, represented,
                            suppressed, expected
    segment_profile_tests   variable, chi2, df, p, cramers_v, n, min_expected
    factor_variance         factor, label, ss_loadings, proportion, cumulative
    factor_eigen            factor, observed, random (parallel analysis)
    factor_kmo              item, kmo (per-item sampling adequacy)
    segment_centroids       segment, factor, centroid (mean factor score)
    segment_silhouette      k, silhouette (empty when k is fixed)
    segmentation            one row: kmo, kmo_low, bartlett_chi2/_df/_p, n_factors,
                            factor_rule, k, n_factor_rows, kmeans_rows,
                            non_positive_promoters, rotation, method, k_rule,
                            n_respondents, n_unsegmented, warnings ("; ")
    ======================  ==============================================================

    Cells under ``thresholds.disclosure_min`` are already blank (segments, targeting,
    profiles). With ``wave`` every table gets a leading ``wave`` column. Respondent-level
    ``value_segment`` and ``loyalty_tier`` are in ``seg.assignments`` (with resp_id and
    wave), for respondents.csv; the model-level figures are :func:`segmentation_summary`.

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> from csvalue.model.indices import respondent_scores
    >>> cb, st, data = load_codebook(), Settings(n_factors=5, k=5), generate(400, seed=1)
    >>> tables = segmentation_tables(segment(data, respondent_scores(data, cb, st), cb, st),
    ...                              wave="2025")
    >>> list(tables)[:4], tables["segments"].columns[0]
    (['factors', 'segments', 'loyalty', 'targeting'], 'wave')
    """
    label = seg.factor_names.set_index("factor")["label_en"]
    factors = seg.factors.assign(factor_label=seg.factors["factor"].map(label))
    loyalty = seg.loyalty.assign(non_positive_promoters=np.where(
        seg.loyalty["tier"] == seg.loyalty["tier"].iloc[-1], seg.non_positive_promoters, 0))
    centroids = (seg.centroids.reset_index()
                 .melt(id_vars="segment", var_name="factor", value_name="centroid"))
    tables = {
        "factors": factors,
        "segments": seg.segments,
        "loyalty": loyalty,
        "targeting": seg.targeting,
        "segment_profiles": seg.profiles,
        "segment_profile_tests": seg.profile_tests,
        "factor_variance": seg.variance,
        "factor_eigen": seg.eigen,
        "factor_kmo": seg.kmo_items,
        "segment_centroids": centroids,
        "segment_silhouette": seg.silhouette,
        "segmentation": _summary_row(segmentation_summary(seg)),
    }
    out = {}
    for name, table in tables.items():
        lead = TABLE_COLUMNS[name]
        t = table[lead + [c for c in table.columns if c not in lead]].reset_index(drop=True)
        if wave is not None:
            t.insert(0, "wave", wave)
        out[name] = t
    return out


def segmentation_summary(seg: Segmentation) -> dict:
    """Model-level figures of the segmentation, JSON-serialisable (for ``model.json``).

    Keys: kmo, kmo_low, bartlett {chi2, df, p}, n_factors, factor_rule, rotation, method,
    n_factor_rows (complete rows of the correlation matrix), k, k_rule (:func:`k_rule_text`),
    kmeans_rows (rows k-means was fitted on), n_respondents (rows of the wave),
    n_unsegmented (respondents without a value segment: some expectation answer missing),
    non_positive_promoters, warnings.
    """
    return {
        "kmo": float(seg.kmo), "kmo_low": bool(seg.kmo_low),
        "bartlett": {k: (int(v) if k == "df" else float(v)) for k, v in seg.bartlett.items()},
        "n_factors": int(seg.n_factors), "factor_rule": seg.factor_rule,
        "rotation": seg.model.rotation, "method": seg.model.method,
        "n_factor_rows": int(seg.model.n), "k": int(len(seg.segments)),
        "k_rule": seg.k_rule, "kmeans_rows": int(seg.sampled),
        "n_respondents": int(len(seg.assignments)),
        "n_unsegmented": int(seg.assignments["value_segment"].isna().sum()),
        "non_positive_promoters": int(seg.non_positive_promoters),
        "warnings": list(seg.warnings),
    }


def _summary_row(summary: dict) -> pd.DataFrame:
    """:func:`segmentation_summary` as a one-row table (bartlett flattened, warnings joined)."""
    row = {k: v for k, v in summary.items() if k not in ("bartlett", "warnings")}
    row.update({f"bartlett_{k}": v for k, v in summary["bartlett"].items()})
    row["warnings"] = "; ".join(summary["warnings"])
    return pd.DataFrame([row])


def segment_step(ctx) -> None:
    """The segmentation step of ``csvalue.pipeline.analyze`` (one entry of ``analyze.STEPS``).

    Runs :func:`segment` on ``ctx.data`` with ``ctx.scores`` (after the scoring step), adds
    every :func:`segmentation_tables` table with ``ctx.add`` (which puts ``wave`` first),
    adds ``value_segment`` and ``loyalty_tier`` to ``ctx.scores`` (→ ``respondents.csv``)
    and the segmentation's warnings to ``ctx.notes``. A codebook without expectation items
    gives loyalty tiers only, and says so.

    Example
    -------
    >>> from types import SimpleNamespace
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> from csvalue.model.indices import respondent_scores
    >>> cb, st, data = load_codebook(), Settings(n_factors=5, k=5), generate(400, seed=1)
    >>> added = {}
    >>> ctx = SimpleNamespace(data=data, scores=respondent_scores(data, cb, st), codebook=cb,
    ...                       settings=st, wave="2025", notes=[],
    ...                       add=lambda name, table: added.setdefault(name, table))
    >>> segment_step(ctx)
    >>> "segments" in added, sorted(ctx.scores["value_segment"].dropna().unique())[:2]
    (True, ['benefit_seeking', 'general_majority'])
    """
    if not ctx.codebook.expectation_cols:
        tiers = loyalty_tiers(ctx.data, ctx.codebook)
        ctx.add("loyalty", tier_table(tiers, ctx.codebook, ctx.data.get("weight")))
        ctx.scores["loyalty_tier"] = tiers.to_numpy()
        ctx.notes.append(f"wave {ctx.wave}: the codebook has no expectation items, so there "
                         "are no value segments (loyalty tiers only)")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # each warning is also in seg.warnings → the notes
        seg = segment(ctx.data, ctx.scores, ctx.codebook, ctx.settings)
    for name, table in segmentation_tables(seg).items():
        ctx.add(name, table)
    a = seg.assignments
    if not ctx.scores.index.equals(a.index) and "resp_id" in ctx.scores and "resp_id" in a:
        a = a.set_index("resp_id").reindex(ctx.scores["resp_id"]).set_axis(ctx.scores.index)
    for col in ("value_segment", "loyalty_tier"):
        ctx.scores[col] = a[col].reindex(ctx.scores.index)
    ctx.notes.extend(f"wave {ctx.wave}: {w}" for w in seg.warnings)
