"""The index model: CS, repurchase, recommend, NPS, CLS and CVI on 0–100.

Per respondent (:func:`respondent_scores`) and aggregated per scope (:func:`index_table`):
the company, each division and each level of every profile category, with n, standard error,
95% interval, a small-base flag and suppression under the disclosure threshold. Plus two-wave
change tests (:func:`change_table`); goals are graded by :mod:`csvalue.model.goals`. The
statistics themselves (intervals, NPS, tests of change) are :mod:`csvalue.stats`'s; this module
applies them to the codebook's items and profile categories.

Survey weights: ``data["weight"]`` (1 for every respondent of an unweighted wave) travels
into the scores' ``weight`` column; every mean and share is weighted, every interval is built
on Kish's effective n (``n_effective`` beside ``n``), and an unweighted wave gives the
unweighted figures exactly (:mod:`csvalue.stats.weights`).

Missing answers: each index uses the respondents who answered what it needs (CS: ``cs``;
NPS: ``recommend``; CLS: both loyalty items; CVI: all three), and reports that n.
A respondent with no value for a profile category (a blank ``division`` cell, a tenure outside
the codebook's bands) counts in the company figures and in that category's
``<category>:(missing)`` scope (:data:`MISSING_LEVEL`, with the usual small-base and
suppression flags), so that the levels of a category add up to the company.

Example
-------
>>> from csvalue import load_codebook
>>> from csvalue.instrument.synth import generate
>>> cb = load_codebook()
>>> wave = generate(500, seed=1)
>>> t = index_table(wave, respondent_scores(wave, cb), cb)
>>> t.query("scope == 'company'")["index"].tolist()
['cs', 'repurchase', 'recommend', 'cls', 'cvi', 'nps']
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from csvalue.errors import DataError
from csvalue.instrument.codebook import Codebook
from csvalue.instrument.settings import Settings
from csvalue.stats.change import (mean_change, nps_change, paired_change, paired_nps_change,
                                  weighted_nps)
from csvalue.stats.intervals import group_mean_intervals
from csvalue.stats.nps import NpsEstimate, nps_counts, nps_from_counts, nps_weighted
from csvalue.stats.scales import band, rescale
from csvalue.stats.weights import unit_weights, weighted_corr

#: Index ids in reporting order; all on 0–100 except NPS (−100…100).
INDEX_IDS = ("cs", "repurchase", "recommend", "cls", "cvi", "nps")
SCORE_COLUMNS = ["resp_id", "wave", "cs100", "repurchase100", "recommend100", "nps_score",
                 "cls", "cvi", "weight"]
TABLE_COLUMNS = ["wave", "scope", "index", "value", "se", "ci_low", "ci_high", "n",
                 "n_effective", "flag"]
CHANGE_COLUMNS = ["wave_a", "wave_b", "sample", "index", "a", "b", "change", "se", "ci_low",
                  "ci_high", "statistic", "p_value", "test", "n_a", "n_b", "n_effective_a",
                  "n_effective_b"]
#: The level of a profile category for respondents without a value (scope ``division:(missing)``).
MISSING_LEVEL = "(missing)"
#: Score column behind each mean index.
_SCORE_OF = {"cs": "cs100", "repurchase": "repurchase100", "recommend": "recommend100",
             "cls": "cls", "cvi": "cvi"}
LOYALTY_ITEMS = ("repurchase", "recommend")


def nps_score(recommend: pd.Series, codebook: Codebook) -> pd.Series:
    """+100 promoter, −100 detractor, 0 passive (NaN stays NaN); cut-offs from the codebook.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> nps_score(pd.Series([10, 8, 3, np.nan]), load_codebook()).tolist()
    [100.0, 0.0, -100.0, nan]
    """
    t = codebook.thresholds
    x = recommend.astype(float)
    out = np.select([x >= t.promoter_min, x <= t.detractor_max], [100.0, -100.0], 0.0)
    return pd.Series(np.where(x.isna(), np.nan, out), index=recommend.index, name="nps_score")


def estimate_cls_weights(data: pd.DataFrame, codebook: Codebook) -> dict[str, float]:
    """CLS weights from the CS impacts: the standardized slope of each loyalty item on CS.

    A simple regression's standardized slope is the correlation; the two are normalised to
    sum to 1, so CLS stays on 0–100 and weighs each item by how much CS moves it.
    Pairwise-complete rows; weighted correlations when ``data`` has a ``weight`` column.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> w = estimate_cls_weights(generate(2000, seed=1), load_codebook())
    >>> round(sum(w.values()), 12), sorted(w)
    (1.0, ['recommend', 'repurchase'])
    """
    slopes = {}
    weighted = not unit_weights(data["weight"] if "weight" in data else None)
    for item in LOYALTY_ITEMS:
        cols = ["cs", item] + (["weight"] if weighted else [])
        pair = data[cols].astype(float).dropna()
        if len(pair) < 3 or pair[["cs", item]].std().min() == 0:
            raise DataError(f"CLS weights: cannot estimate the slope of {item!r} on 'cs' "
                            f"({len(pair)} complete rows, or no variation); fix them in the "
                            f"config (cls_weights)")
        if weighted:
            slopes[item] = float(weighted_corr(pair[["cs", item]].to_numpy(),
                                               pair["weight"].to_numpy())[0, 1])
        else:
            slopes[item] = float(pair["cs"].corr(pair[item]))
    total = sum(slopes.values())
    if total <= 0 or min(slopes.values()) < 0:
        raise DataError(f"CLS weights: CS does not raise loyalty in these data (standardized "
                        f"slopes {slopes}); fix the weights in the config (cls_weights)")
    return {k: v / total for k, v in slopes.items()}


def resolve_cls_weights(data: pd.DataFrame, codebook: Codebook,
                        settings: Settings | None = None,
                        cls_weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The CLS weights to use: given (e.g. stored from a base wave), fixed in the settings, or
    estimated from ``data``; always normalised to sum to 1."""
    w = cls_weights or (settings.cls_weights if settings else None)
    if w is None:
        return estimate_cls_weights(data, codebook)
    w = {k: float(w[k]) for k in LOYALTY_ITEMS}
    total = sum(w.values())
    return {k: v / total for k, v in w.items()}


def respondent_scores(data: pd.DataFrame, codebook: Codebook, settings: Settings | None = None,
                      *, cls_weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Every respondent's indices: cs100, repurchase100, recommend100, nps_score, cls, cvi.

    Parameters
    ----------
    data : a wave (canonical columns, native scales).
    codebook : the instrument (scales, NPS cut-offs).
    settings : model options (fixed ``cls_weights``, ``cvi_weights``); default ``Settings()``.
    cls_weights : weights to reuse (e.g. estimated on a base wave); overrides the settings.

    Returns
    -------
    DataFrame with :data:`SCORE_COLUMNS`, index aligned with ``data``; the CLS and CVI weights
    used are in ``.attrs["cls_weights"]`` and ``.attrs["cvi_weights"]``; ``weight`` is the
    respondent's survey weight (``data["weight"]``, else 1).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> d = pd.DataFrame({"resp_id": ["a", "b"], "wave": "2025", "cs": [5, 3],
    ...                   "repurchase": [5, 3], "recommend": [10, 5]})
    >>> s = respondent_scores(d, load_codebook(), cls_weights={"repurchase": .5, "recommend": .5})
    >>> s[["cs100", "nps_score", "cls", "cvi"]].values.tolist()
    [[100.0, 100.0, 100.0, 100.0], [50.0, -100.0, 50.0, 50.0]]
    """
    settings = settings or Settings()
    weights = resolve_cls_weights(data, codebook, settings, cls_weights)
    cw = {k: float(v) for k, v in settings.cvi_weights.items()}
    cw = {k: v / (cw["cs"] + cw["cls"]) for k, v in cw.items()}
    out = pd.DataFrame(index=data.index)
    out["resp_id"] = data["resp_id"].astype(str) if "resp_id" in data else data.index.astype(str)
    out["wave"] = data["wave"].astype(str) if "wave" in data else ""
    for item in ("cs", "repurchase", "recommend"):
        out[f"{item}100"] = rescale(data[item].astype(float), codebook.item(item).scale)
    out["nps_score"] = nps_score(data["recommend"], codebook)
    out["cls"] = (weights["repurchase"] * out["repurchase100"]
                  + weights["recommend"] * out["recommend100"])
    out["cvi"] = cw["cs"] * out["cs100"] + cw["cls"] * out["cls"]
    out["weight"] = data["weight"].astype(float) if "weight" in data else 1.0
    out.attrs["cls_weights"] = weights
    out.attrs["cvi_weights"] = cw
    return out[SCORE_COLUMNS]


# ---------------------------------------------------------------------------------------
# Estimates with intervals
# ---------------------------------------------------------------------------------------

def nps_estimate(recommend: pd.Series, codebook: Codebook,
                 weights: pd.Series | np.ndarray | None = None) -> NpsEstimate:
    """NPS of the answered ``recommend`` values, with se and adjusted-Wald 95% interval
    (:func:`csvalue.stats.nps.nps_from_counts`); promoters and detractors by the codebook's
    cut-offs (:func:`nps_score`).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> e = nps_estimate(pd.Series([10] * 5 + [8] * 3 + [2] * 2), load_codebook())
    >>> e.nps, round(e.se, 2), e.n
    (30.0, 24.7, 10)
    """
    scores = nps_score(recommend, codebook)
    if unit_weights(weights):
        return nps_from_counts(*nps_counts(scores))
    return weighted_nps(scores, np.asarray(weights, dtype=float))


# ---------------------------------------------------------------------------------------
# The index table
# ---------------------------------------------------------------------------------------

def scope_columns(data: pd.DataFrame, codebook: Codebook) -> dict[str, pd.Series]:
    """Every profile category present in ``data`` as a Series of level codes (numeric
    profile items with ``bands`` in the codebook are banded; others without bands skipped).
    A respondent without a value (or outside the bands) gets :data:`MISSING_LEVEL`."""
    out: dict[str, pd.Series] = {}
    for pid in codebook.profile:
        if pid not in data:
            continue
        item = codebook.item(pid)
        if item.categories:
            levels = data[pid].astype(object)
        elif item.bands:
            levels = band(data[pid], *item.bands).astype(object)
        else:
            continue
        out[pid] = levels.where(levels.notna(), MISSING_LEVEL)
    return out


def missing_profile(data: pd.DataFrame, codebook: Codebook) -> dict[str, int]:
    """Profile category → respondents with no value for it (those with any).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> missing_profile(pd.DataFrame({"division": ["emr", None, "pms"]}), load_codebook())
    {'division': 1}
    """
    counts = {cat: int((levels == MISSING_LEVEL).sum())
              for cat, levels in scope_columns(data, codebook).items()}
    return {cat: n for cat, n in counts.items() if n}


def _group_stats(scores: pd.DataFrame, keys: list[pd.Series]) -> pd.DataFrame:
    """Long table (wave, level, index, value, se, ci_low, ci_high, n, n_effective) of every
    index per group of ``keys`` = [wave, level] (rows with a missing level are left out);
    weighted by ``scores["weight"]`` when it is there."""
    keys = [pd.Series(k.to_numpy(), name=nm) for k, nm in zip(keys, ["wave", "level"])]
    # a stored respondent without a weight (an older store) counts with weight 1
    weights = scores["weight"].fillna(1.0).to_numpy(dtype=float) if "weight" in scores else None
    if unit_weights(weights):
        weights = None
    means = group_mean_intervals(scores[list(_SCORE_OF.values())], keys, weights=weights)
    means["index"] = means["variable"].map({col: idx for idx, col in _SCORE_OF.items()})
    means = means.rename(columns={"mean": "value"}).drop(columns="variable")
    sc = scores["nps_score"].to_numpy(dtype=float)
    flags = pd.DataFrame({"_p": np.where(np.isnan(sc), np.nan, sc > 0),
                          "_d": np.where(np.isnan(sc), np.nan, sc < 0)})
    g = flags.groupby(keys, sort=False, dropna=True)
    sums, n = g.sum(), g["_p"].count().to_numpy(dtype=float)
    p, d = sums["_p"].to_numpy(), sums["_d"].to_numpy()
    if weights is None:
        e = nps_from_counts(p, n - p - d, d)
    else:
        ok = ~np.isnan(sc)
        w = np.where(ok, weights, 0.0)
        ws = pd.DataFrame({"p": w * (sc > 0), "q": w * (sc == 0), "d": w * (sc < 0),
                           "w2": w * w}).groupby(keys, sort=False, dropna=True).sum()
        e = nps_weighted(ws["p"].to_numpy(), ws["q"].to_numpy(), ws["d"].to_numpy(),
                         ws["w2"].to_numpy(), n)
    nps = sums.index.to_frame(index=False).assign(
        index="nps", value=e.nps, se=e.se, ci_low=e.ci_low, ci_high=e.ci_high, n=n,
        n_effective=e.n_effective)
    return pd.concat([means, nps], ignore_index=True)


def index_table(data: pd.DataFrame, scores: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Every index for the company, each division and each profile level, per wave.

    Parameters
    ----------
    data : the wave(s) (profile columns), index-aligned with ``scores``.
    scores : :func:`respondent_scores` of ``data``.
    codebook : thresholds ``small_base`` (flag ``small_base``) and ``disclosure_min``
        (flag ``suppressed``: value, se and interval blanked).

    Returns
    -------
    Tidy DataFrame with :data:`TABLE_COLUMNS`; scope is ``company`` or ``<category>:<level>``
    (so ``division:<id>`` for divisions, and ``<category>:(missing)`` for respondents with no
    value, when there are any); index in :data:`INDEX_IDS` order within a scope.
    """
    t = codebook.thresholds
    wave = scores["wave"].astype(str)
    company = pd.Series(np.full(len(scores), "company", dtype=object))
    parts = [_group_stats(scores, [wave, company]).assign(scope="company")]
    cats = scope_columns(data, codebook)
    for cat, levels in cats.items():
        part = _group_stats(scores, [wave, levels])
        parts.append(part.assign(scope=cat + ":" + part["level"].astype(str)))
    out = pd.concat(parts, ignore_index=True).drop(columns="level")
    out["n"] = out["n"].fillna(0).astype(int)
    out["n_effective"] = out["n_effective"].fillna(0.0).astype(float)
    out["flag"] = np.select([out["n"] < t.disclosure_min, out["n"] < t.small_base],
                            ["suppressed", "small_base"], "")
    hide = out["flag"] == "suppressed"
    out.loc[hide, ["value", "se", "ci_low", "ci_high"]] = np.nan
    # stable order: wave, company first, then categories in codebook order, index order
    scope_order = {"company": 0}
    for cat in cats:
        item = codebook.item(cat)
        codes = item.categories or (item.bands[1] if item.bands else ())
        for c in (*codes, MISSING_LEVEL):
            scope_order.setdefault(f"{cat}:{c}", len(scope_order))
    out["_s"] = out["scope"].map(scope_order).fillna(len(scope_order))
    out["_i"] = out["index"].map({k: i for i, k in enumerate(INDEX_IDS)})
    out = out.sort_values(["wave", "_s", "scope", "_i"], kind="stable")
    return out[TABLE_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# Change between two waves
# ---------------------------------------------------------------------------------------

def change_table(scores_a: pd.DataFrame, scores_b: pd.DataFrame, data_a: pd.DataFrame,
                 data_b: pd.DataFrame, codebook: Codebook,
                 indices: tuple[str, ...] = INDEX_IDS) -> pd.DataFrame:
    """Company-level change of every index from wave a to wave b, on the two samples of
    :data:`csvalue.stats.change.SAMPLES`: all respondents as independent waves
    (:func:`~csvalue.stats.change.mean_change`, Welch t; NPS by
    :func:`~csvalue.stats.change.nps_change`, z on the adjusted-Wald NPS) and, over the
    respondents present in both (when there are at least two), the panel, paired
    (:func:`~csvalue.stats.change.paired_change`; for NPS
    :func:`~csvalue.stats.change.paired_nps_change` on the respondent scores +100/0/−100,
    whose mean difference is the panel's NPS change).

    Parameters
    ----------
    scores_a, scores_b : :func:`respondent_scores` of each wave (resp_id, wave, the indices).
    data_a, data_b : the waves (``recommend``, for the independent NPS test).
    codebook : the NPS cut-offs.
    indices : the indices to test, in output order (default :data:`INDEX_IDS`).

    Returns :data:`CHANGE_COLUMNS`: wave_a, wave_b, sample (``all`` | ``panel``), index, a, b,
    change, se, ci_low, ci_high, statistic, p_value, test, n_a, n_b, n_effective_a,
    n_effective_b; the ``all`` rows first. Weighted by the scores' ``weight`` (a panel by the
    later wave's).
    """
    rows = []
    wa, wb = str(scores_a["wave"].iloc[0]), str(scores_b["wave"].iloc[0])
    column = {**_SCORE_OF, "nps": "nps_score"}
    w_a = scores_a["weight"].fillna(1.0).to_numpy(dtype=float) if "weight" in scores_a else None
    w_b = scores_b["weight"].fillna(1.0).to_numpy(dtype=float) if "weight" in scores_b else None
    for idx in indices:
        if idx == "nps":
            t = nps_change(nps_score(data_a["recommend"], codebook),
                           nps_score(data_b["recommend"], codebook), weights_a=w_a,
                           weights_b=w_b)
        else:
            t = mean_change(scores_a[column[idx]], scores_b[column[idx]], weights_a=w_a,
                            weights_b=w_b)
        rows.append({"index": idx, **t.as_dict()})
    common = sorted(set(scores_a["resp_id"]) & set(scores_b["resp_id"]))
    if len(common) > 1:
        pa = scores_a.set_index("resp_id").loc[common]
        pb = scores_b.set_index("resp_id").loc[common]
        # a panel respondent counts with their weight in the later wave
        pw = pb["weight"].fillna(1.0).to_numpy(dtype=float) if "weight" in pb else None
        for idx in indices:
            test = paired_nps_change if idx == "nps" else paired_change
            rows.append({"index": idx, **test(pa[column[idx]], pb[column[idx]],
                                              weights=pw).as_dict()})
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS[2:])
    out.insert(0, "wave_b", wb)
    out.insert(0, "wave_a", wa)
    return out[CHANGE_COLUMNS]


# ---------------------------------------------------------------------------------------
# Each division against the rest of the company
# ---------------------------------------------------------------------------------------

#: Columns of :func:`division_tests` (``division_tests.csv``).
DIVISION_TEST_COLUMNS = ["wave", "scope", "index", "value", "rest", "difference", "se",
                         "ci_low", "ci_high", "statistic", "p_value", "p_adjusted", "test",
                         "n", "n_effective", "n_rest", "n_effective_rest", "flag"]
#: A difference whose adjusted p is below this is flagged (``higher`` / ``lower``).
DIVISION_ALPHA = 0.05


def division_tests(data: pd.DataFrame, scores: pd.DataFrame, codebook: Codebook,
                   method: str = "holm", indices: tuple[str, ...] = INDEX_IDS) -> pd.DataFrame:
    """Every division against the rest of the company, index by index, with p adjusted over
    the family (all divisions × indices of a wave).

    Each test compares the division's respondents with every other respondent of the wave
    (those without a division included) as independent samples: a mean index by
    :func:`~csvalue.stats.change.mean_change` (Welch's t; weighted: linearization standard
    errors on the effective sizes' degrees of freedom), NPS by
    :func:`~csvalue.stats.change.nps_change` (z on the adjusted-Wald NPS). ``difference`` is
    division − rest. The p-values of one wave are one family, adjusted by ``method``
    (:func:`csvalue.stats.multitest.adjust`); ``flag`` is ``higher`` or ``lower`` where the
    adjusted p is below :data:`DIVISION_ALPHA`. A division under the disclosure threshold is
    not tested (no rows).

    Returns :data:`DIVISION_TEST_COLUMNS`, divisions in codebook order, indices in
    ``indices`` order; empty when the codebook has no divisions.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> cb = load_codebook()
    >>> wave = generate(600, seed=1)
    >>> t = division_tests(wave, respondent_scores(wave, cb), cb)
    >>> sorted(t["scope"].unique())[:2], len(t), bool((t["p_adjusted"] >= t["p_value"]).all())
    (['division:emr', 'division:pms'], 18, True)
    """
    from csvalue.stats.multitest import adjust

    if not (codebook.has("division") and "division" in data):
        return pd.DataFrame(columns=DIVISION_TEST_COLUMNS)
    column = {**_SCORE_OF, "nps": "nps_score"}
    w = scores["weight"].fillna(1.0).to_numpy(dtype=float) if "weight" in scores else None
    div = data["division"].astype(object).to_numpy()
    rows = []
    for code in codebook.item("division").categories:
        inside = div == code
        if inside.sum() < codebook.thresholds.disclosure_min:
            continue
        for idx in indices:
            x = scores[column[idx]].to_numpy(dtype=float)
            wi, wo = (None, None) if w is None else (w[inside], w[~inside])
            test = nps_change if idx == "nps" else mean_change
            t = test(x[~inside], x[inside], weights_a=wo, weights_b=wi)
            rows.append({"wave": str(scores["wave"].iloc[0]), "scope": f"division:{code}",
                         "index": idx, "value": t.b, "rest": t.a, "difference": t.change,
                         "se": t.se, "ci_low": t.ci_low, "ci_high": t.ci_high,
                         "statistic": t.statistic, "p_value": t.p_value, "test": t.test,
                         "n": t.n_b, "n_effective": t.n_effective_b, "n_rest": t.n_a,
                         "n_effective_rest": t.n_effective_a})
    out = pd.DataFrame(rows, columns=DIVISION_TEST_COLUMNS)
    if len(out):
        out["p_adjusted"] = adjust(out["p_value"].to_numpy(dtype=float), method)
        out["flag"] = np.where(out["p_adjusted"] < DIVISION_ALPHA,
                               np.where(out["difference"] > 0, "higher", "lower"), "")
    return out
