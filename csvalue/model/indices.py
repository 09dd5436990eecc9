"""The index model: CS, repurchase, recommend, NPS, CLS and CVI on 0–100 (DESIGN §3).

Per respondent (:func:`respondent_scores`) and aggregated per scope (:func:`index_table`):
the company, each division and each level of every profile category, with n, standard error,
95% interval, a small-base flag and suppression under the disclosure threshold. Plus two-wave
change tests (:func:`change_table`); goals are graded by :mod:`csvalue.model.goals`.

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

from dataclasses import asdict, dataclass
from typing import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from csvalue.instrument.codebook import Codebook
from csvalue.errors import DataError
from csvalue.instrument.settings import Settings

#: Index ids in reporting order; all on 0–100 except NPS (−100…100).
INDEX_IDS = ("cs", "repurchase", "recommend", "cls", "cvi", "nps")
SCORE_COLUMNS = ["resp_id", "wave", "cs100", "repurchase100", "recommend100", "nps_score",
                 "cls", "cvi"]
TABLE_COLUMNS = ["wave", "scope", "index", "value", "se", "ci_low", "ci_high", "n", "flag"]
CHANGE_COLUMNS = ["wave_a", "wave_b", "sample", "index", "a", "b", "change", "se", "ci_low",
                  "ci_high", "statistic", "p_value", "test", "n_a", "n_b"]
#: The level of a profile category for respondents without a value (scope ``division:(missing)``).
MISSING_LEVEL = "(missing)"
#: Score column behind each mean index.
_SCORE_OF = {"cs": "cs100", "repurchase": "repurchase100", "recommend": "recommend100",
             "cls": "cls", "cvi": "cvi"}
LOYALTY_ITEMS = ("repurchase", "recommend")
Z95 = float(stats.norm.ppf(0.975))


def rescale(values: pd.Series | np.ndarray, scale: tuple[float, float]) -> pd.Series | np.ndarray:
    """An answer on ``scale = (min, max)`` as 0–100: ``(x − min) / (max − min) × 100``.

    Example
    -------
    >>> rescale(np.array([1, 3, 5.0]), (1, 5)).tolist()
    [0.0, 50.0, 100.0]
    """
    lo, hi = scale
    return (values - lo) / (hi - lo) * 100.0


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
    sum to 1 (DESIGN §3, layer 4). Pairwise-complete rows.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> w = estimate_cls_weights(generate(2000, seed=1), load_codebook())
    >>> round(sum(w.values()), 12), sorted(w)
    (1.0, ['recommend', 'repurchase'])
    """
    slopes = {}
    for item in LOYALTY_ITEMS:
        pair = data[["cs", item]].astype(float).dropna()
        if len(pair) < 3 or pair.std().min() == 0:
            raise DataError(f"CLS weights: cannot estimate the slope of {item!r} on 'cs' "
                            f"({len(pair)} complete rows, or no variation); fix them in the "
                            f"config (cls_weights)")
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
    used are in ``.attrs["cls_weights"]`` and ``.attrs["cvi_weights"]``.

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
    out.attrs["cls_weights"] = weights
    out.attrs["cvi_weights"] = cw
    return out[SCORE_COLUMNS]


# ---------------------------------------------------------------------------------------
# Estimates with intervals
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NpsEstimate:
    """NPS with the plain standard error and the 95% adjusted-Wald interval.

    ``se = 100·sqrt((pP + pD − (pP − pD)²)/n)``; the interval adds 3 to n and ¾ to the
    promoter and detractor counts (DESIGN §3).
    """

    nps: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    promoters: int
    detractors: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _nps_from_counts(promoters, detractors, n):
    """Vectorised NPS, plain se and adjusted-Wald bounds from counts (arrays or scalars)."""
    promoters, detractors, n = (np.asarray(x, dtype=float) for x in (promoters, detractors, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        pp, pd_ = promoters / n, detractors / n
        nps = 100 * (pp - pd_)
        se = 100 * np.sqrt((pp + pd_ - (pp - pd_) ** 2) / n)
        na = n + 3
        ap, ad = (promoters + 0.75) / na, (detractors + 0.75) / na
        centre = ap - ad
        half = Z95 * np.sqrt((ap + ad - centre ** 2) / na)
        low = np.clip(100 * (centre - half), -100, 100)
        high = np.clip(100 * (centre + half), -100, 100)
    return nps, se, low, high


def nps_estimate(recommend: pd.Series, codebook: Codebook) -> NpsEstimate:
    """NPS of the answered ``recommend`` values, with se and adjusted-Wald 95% interval.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> e = nps_estimate(pd.Series([10] * 5 + [8] * 3 + [2] * 2), load_codebook())
    >>> e.nps, round(e.se, 2), e.n
    (30.0, 24.7, 10)
    """
    score = nps_score(recommend, codebook).dropna()
    n = len(score)
    p, d = int((score > 0).sum()), int((score < 0).sum())
    nps, se, low, high = (float(x) for x in _nps_from_counts(p, d, n)) if n else (np.nan,) * 4
    return NpsEstimate(nps, se, low, high, n, p, d)


def mean_estimate(values: pd.Series | np.ndarray) -> tuple[float, float, float, float, int]:
    """Mean, standard error and 95% t interval of the non-missing values: (mean, se, lo, hi, n).

    Example
    -------
    >>> m, se, lo, hi, n = mean_estimate(pd.Series([50.0, 70.0, np.nan]))
    >>> m, round(se, 3), n
    (60.0, 10.0, 2)
    """
    x = pd.Series(values, dtype=float).dropna()
    n = len(x)
    if n == 0:
        return np.nan, np.nan, np.nan, np.nan, 0
    m = float(x.mean())
    if n == 1:
        return m, np.nan, np.nan, np.nan, 1
    se = float(x.std(ddof=1) / np.sqrt(n))
    half = float(stats.t.ppf(0.975, n - 1)) * se
    return m, se, m - half, m + half, n


# ---------------------------------------------------------------------------------------
# The index table
# ---------------------------------------------------------------------------------------

def scope_columns(data: pd.DataFrame, codebook: Codebook) -> dict[str, pd.Series]:
    """Every profile category present in ``data`` as a Series of level codes (numeric
    profile items with ``bands`` in the codebook are banded; others without bands skipped).
    A respondent without a value (or outside the bands) gets :data:`MISSING_LEVEL`."""
    from csvalue.model.segments import band  # one implementation of banding

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
    """Long table (wave, level, index, value, se, ci_low, ci_high, n) of every index per
    group of ``keys`` = [wave, level] (rows with a missing level are left out)."""
    cols = list(_SCORE_OF.values())
    frame = scores[cols].copy()
    sc = scores["nps_score"]
    frame["_p"] = (sc > 0).astype(float).where(sc.notna())
    frame["_d"] = (sc < 0).astype(float).where(sc.notna())
    names = ["wave", "level"]
    frame.index = range(len(frame))
    g = frame.groupby([pd.Series(k.to_numpy(), name=nm) for k, nm in zip(keys, names)],
                      sort=False, dropna=True)
    mean, std, count = g.mean(), g.std(), g.count()
    frames = []
    for idx, col in _SCORE_OF.items():
        n = count[col].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            se = std[col].to_numpy() / np.sqrt(n)
            half = stats.t.ppf(0.975, np.maximum(n - 1, 1)) * se
        m = mean[col].to_numpy()
        frames.append(pd.DataFrame({"wave": mean.index.get_level_values(0), "level":
                                    mean.index.get_level_values(1), "index": idx, "value": m,
                                    "se": se, "ci_low": m - half, "ci_high": m + half, "n": n}))
    sums = g[["_p", "_d"]].sum()
    n = count["_p"].to_numpy(dtype=float)
    nps, se, low, high = _nps_from_counts(sums["_p"].to_numpy(), sums["_d"].to_numpy(), n)
    frames.append(pd.DataFrame({"wave": sums.index.get_level_values(0),
                                "level": sums.index.get_level_values(1), "index": "nps",
                                "value": nps, "se": se, "ci_low": low, "ci_high": high, "n": n}))
    return pd.concat(frames, ignore_index=True)


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

@dataclass(frozen=True)
class ChangeTest:
    """A change ``b − a`` of one index between two waves, with its test."""

    index: str
    a: float
    b: float
    change: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float
    p_value: float
    test: str
    n_a: int
    n_b: int

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def nps_change(recommend_a: pd.Series, recommend_b: pd.Series, codebook: Codebook) -> ChangeTest:
    """NPS change between independent waves: z on the difference of the adjusted-Wald NPS.

    Each wave's NPS and variance are computed with 3 added to n and ¾ to the promoter and
    detractor counts; ``z = (ÑPS_b − ÑPS_a) / sqrt(var_a + var_b)``. The reported ``a``, ``b``
    and ``change`` are the plain NPS values.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> a = pd.Series([10] * 30 + [7] * 40 + [3] * 30)
    >>> b = pd.Series([10] * 45 + [7] * 35 + [3] * 20)
    >>> t = nps_change(a, b, load_codebook())
    >>> t.change, round(t.statistic, 2), t.p_value < 0.05
    (25.0, 2.26, True)
    """
    ea, eb = nps_estimate(recommend_a, codebook), nps_estimate(recommend_b, codebook)

    def adjusted(e: NpsEstimate) -> tuple[float, float]:
        na = e.n + 3
        p, d = (e.promoters + 0.75) / na, (e.detractors + 0.75) / na
        return 100 * (p - d), 100 ** 2 * (p + d - (p - d) ** 2) / na

    (ca, va), (cb, vb) = adjusted(ea), adjusted(eb)
    se = float(np.sqrt(va + vb))
    z = (cb - ca) / se
    return ChangeTest("nps", ea.nps, eb.nps, eb.nps - ea.nps, se, (cb - ca) - Z95 * se,
                      (cb - ca) + Z95 * se, float(z), float(2 * stats.norm.sf(abs(z))),
                      "z (adjusted Wald)", ea.n, eb.n)


def mean_change(a: pd.Series, b: pd.Series, index: str = "") -> ChangeTest:
    """Change of a mean index between independent waves: Welch's t (unequal variances).

    Example
    -------
    >>> t = mean_change(pd.Series([70.0, 75, 80, 72]), pd.Series([78.0, 82, 85, 80]), "cvi")
    >>> round(t.change, 2), t.test
    (7.0, 'Welch t')
    """
    x, y = pd.Series(a, dtype=float).dropna(), pd.Series(b, dtype=float).dropna()
    res = stats.ttest_ind(y, x, equal_var=False)
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se = float(np.sqrt(vx + vy))
    df = (vx + vy) ** 2 / (vx ** 2 / (len(x) - 1) + vy ** 2 / (len(y) - 1))
    diff = float(y.mean() - x.mean())
    half = float(stats.t.ppf(0.975, df)) * se
    return ChangeTest(index, float(x.mean()), float(y.mean()), diff, se, diff - half,
                      diff + half, float(res.statistic), float(res.pvalue), "Welch t",
                      len(x), len(y))


def paired_change(a: pd.Series, b: pd.Series, index: str = "") -> ChangeTest:
    """Change over respondents in both waves (``a`` and ``b`` aligned by respondent): paired t
    on the differences. For NPS pass the respondent scores (+100/0/−100): the mean of their
    differences is the panel's NPS change.

    Example
    -------
    >>> t = paired_change(pd.Series([60.0, 70, 80]), pd.Series([65.0, 74, 86]), "cs")
    >>> t.change, t.test, t.n_a
    (5.0, 'paired t', 3)
    """
    pair = pd.DataFrame({"a": pd.Series(a, dtype=float).to_numpy(),
                         "b": pd.Series(b, dtype=float).to_numpy()}).dropna()
    d = pair["b"] - pair["a"]
    n = len(d)
    se = float(d.std(ddof=1) / np.sqrt(n)) if n > 1 else np.nan
    res = stats.ttest_rel(pair["b"], pair["a"]) if n > 1 else None
    half = float(stats.t.ppf(0.975, n - 1)) * se if n > 1 else np.nan
    return ChangeTest(index, float(pair["a"].mean()), float(pair["b"].mean()), float(d.mean()),
                      se, float(d.mean()) - half, float(d.mean()) + half,
                      float(res.statistic) if res else np.nan,
                      float(res.pvalue) if res else np.nan, "paired t", n, n)


def change_table(scores_a: pd.DataFrame, scores_b: pd.DataFrame, data_a: pd.DataFrame,
                 data_b: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Company-level change of every index from wave a to wave b: independent waves (Welch t;
    NPS z) and, over respondents present in both, the paired version.

    Returns :data:`CHANGE_COLUMNS`: wave_a, wave_b, sample (``all`` | ``panel``), index, a, b,
    change, se, ci_low, ci_high, statistic, p_value, test, n_a, n_b.
    """
    rows = []
    wa, wb = str(scores_a["wave"].iloc[0]), str(scores_b["wave"].iloc[0])
    for idx in INDEX_IDS:
        if idx == "nps":
            t = nps_change(data_a["recommend"], data_b["recommend"], codebook)
        else:
            t = mean_change(scores_a[_SCORE_OF[idx]], scores_b[_SCORE_OF[idx]], idx)
        rows.append({"sample": "all", **t.as_dict()})
    common = sorted(set(scores_a["resp_id"]) & set(scores_b["resp_id"]))
    if len(common) > 1:
        pa = scores_a.set_index("resp_id").loc[common]
        pb = scores_b.set_index("resp_id").loc[common]
        for idx in INDEX_IDS:
            col = "nps_score" if idx == "nps" else _SCORE_OF[idx]
            rows.append({"sample": "panel", **paired_change(pa[col], pb[col], idx).as_dict()})
    out = pd.DataFrame(rows)
    out.insert(0, "wave_b", wb)
    out.insert(0, "wave_a", wa)
    return out[CHANGE_COLUMNS]
