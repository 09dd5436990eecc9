"""Worked examples for the teaching chapters (book "Concepts" part).

Four small calculations that the concept chapters compute from data rather than quote:

- **expectation–disconfirmation**: for every expectation/perception pair of items, the share
  of answers where perception fell short of expectation (dissatisfied), matched it
  (satisfied) or exceeded it (delighted) — on a survey wave (``eb_``/``b_`` and ``ev_``/``v_``
  pairs of the codebook) and on the real Oddjob Airways passenger survey;
- **SERVQUAL**: the gap perception − expectation per service-quality dimension, with the
  importance-weighted overall gap, and the five gaps of the gaps model as a table;
- **retention economics**: customer lifetime value from a yearly margin, a retention rate and
  a discount rate, and what a five-point better retention is worth;
- **NPS by hand**: counts of promoters, passives and detractors → NPS with its plain standard
  error and the adjusted-Wald 95% interval, the report's own (:mod:`csvalue.stats.nps`).

Example
-------
>>> round(clv(margin=100, retention=0.80, discount=0.10), 2)
266.67
>>> round(nps_from_counts(8, 7, 5).nps, 6)
15.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import stats

from csvalue.instrument.codebook import Codebook, load_codebook
from csvalue.instrument.project import TEACHING, demo_path
from csvalue.errors import DataError
from csvalue.report.i18n import N_, _, label_language
from csvalue.stats import nps as nps_stats

#: The shipped copy of the Oddjob Airways data (``csvalue/data/teaching/README.md``).
ODDJOB_PATH = TEACHING / "airlinesat.csv"
#: The teaching data's own codebook (0–10 recommendation, promoters 9–10, detractors 0–6; the
#: Oddjob attributes on 1–100): the worked examples never use the report survey's codebook.
TEACHING_CODEBOOK = TEACHING / "codebook.yml"
#: Native scale of the Oddjob expectation and satisfaction items.
ODDJOB_SCALE = (1.0, 100.0)
#: Number of service attributes in the Oddjob survey (e1..e23, s1..s23).
ODDJOB_ATTRIBUTES = 23

DISCONFIRMATION = ("dissatisfied", "satisfied", "delighted")
#: The pooled row of :func:`disconfirmation_shares` and the Oddjob attributes' names (data
#: ids; :func:`item_name` shows them in the active language).
POOLED = N_("all items")
ATTRIBUTE = N_("attribute {n}")


# ---------------------------------------------------------------------------------------
# Data access
# ---------------------------------------------------------------------------------------

def load_oddjob(path: str | Path | None = None) -> pd.DataFrame:
    """The Oddjob Airways passenger survey: ``e1..e23``, ``s1..s23`` (1–100), ``recommend`` (0–10).

    The source codes likelihood to recommend as 1–11; it is shifted back to the usual 0–10
    scale so that the NPS cut-offs (9 and 6) apply unchanged.

    Example
    -------
    >>> d = load_oddjob()
    >>> len(d), int(d["recommend"].max())
    (1065, 10)
    """
    path = Path(path) if path is not None else ODDJOB_PATH
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError:
        raise DataError(f"{path}: no such file (the Oddjob Airways reference data)") from None
    needed = [f"e{i}" for i in range(1, ODDJOB_ATTRIBUTES + 1)]
    needed += [f"s{i}" for i in range(1, ODDJOB_ATTRIBUTES + 1)] + ["nps"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise DataError(f"{path}: columns {missing} are missing from the Oddjob Airways data")
    frame = frame.copy()
    frame[needed] = frame[needed].astype(float)
    frame["recommend"] = frame["nps"] - 1.0
    return frame.drop(columns="nps")


def teaching_codebook() -> Codebook:
    """The codebook of the concept chapters' own teaching data (:data:`TEACHING_CODEBOOK`):
    the worked NPS example and the Oddjob Airways copy are coded in it, whatever survey the
    report is built from.

    Example
    -------
    >>> cb = teaching_codebook()
    >>> cb.item("recommend").scale, cb.thresholds.promoter_min, cb.thresholds.detractor_max
    ((0.0, 10.0), 9, 6)
    """
    return load_codebook(TEACHING_CODEBOOK)


def read_wave(path: str | Path, codebook: Codebook | None = None) -> pd.DataFrame:
    """The accepted rows of one survey wave, with canonical column ids
    (:func:`csvalue.instrument.load.load_wave`: encodings, formats, row checks and rejects)."""
    from csvalue.instrument.load import load_wave

    return load_wave(path, codebook or load_codebook()).data


def chapter_codebook(codebook: str | Path | None = None) -> Codebook:
    """The codebook a teaching chapter is given (its ``codebook`` parameter; a relative path
    names a file of the shipped demo project, like the chapters' other defaults), or the
    shipped one.

    Example
    -------
    >>> chapter_codebook("codebook.yml").source == chapter_codebook().source
    True
    """
    return load_codebook(demo_path(codebook) if codebook else None)


def chapter_wave(wave: str | Path | Iterable[str | Path],
                 codebook: Codebook | None = None) -> pd.DataFrame:
    """The accepted rows of the wave a teaching chapter reads: its ``wave`` parameter, or
    the last of them when the build passes all its waves, oldest first (:func:`read_wave`).

    Example
    -------
    >>> len(chapter_wave(["waves/wave_2024.csv", "waves/wave_2025.csv"])) > 1000
    True
    """
    path = list(wave)[-1] if isinstance(wave, (list, tuple)) else wave
    return read_wave(demo_path(path), codebook)


def oddjob_pairs() -> dict[str, tuple[str, str]]:
    """Expectation/perception column pairs of the Oddjob data: ``{"attribute 1": ("e1", "s1"), ...}``."""
    return {ATTRIBUTE.format(n=i): (f"e{i}", f"s{i}") for i in range(1, ODDJOB_ATTRIBUTES + 1)}


def item_name(item: str) -> str:
    """A disconfirmation row's item as the reader sees it: the pooled row and the numbered
    Oddjob attributes in the active language, any other id as it is.

    Example
    -------
    >>> from csvalue.report.i18n import using
    >>> with using("ko"):
    ...     item_name("attribute 3"), item_name("all items"), item_name("speed")
    ('속성 3', '전체 문항', 'speed')
    """
    if item == POOLED:
        return _(POOLED)
    m = re.fullmatch(ATTRIBUTE.replace("{n}", r"(\d+)"), str(item))
    return _(ATTRIBUTE).format(n=m.group(1)) if m else item


def wave_pairs(codebook: Codebook, layers: Iterable[str] = ("benefit", "value")) -> dict[str, tuple[str, str]]:
    """Expectation/perception column pairs of a wave, keyed by benefit/value id.

    Only concepts whose expectation item the codebook defines are paired, so an instrument
    without expectations for some (or all) items simply yields fewer pairs.

    Example
    -------
    >>> pairs = wave_pairs(load_codebook())
    >>> pairs["speed"], pairs["leisure"]
    (('eb_speed', 'b_speed'), ('ev_leisure', 'v_leisure'))
    """
    pairs: dict[str, tuple[str, str]] = {}
    for layer in layers:
        ids = codebook.benefits if layer == "benefit" else codebook.values
        for cid in ids:
            exp, sat = codebook.exp(cid, layer), codebook.sat(cid, layer)
            if codebook.has(exp) and codebook.has(sat):
                pairs[cid] = (exp, sat)
    return pairs


# ---------------------------------------------------------------------------------------
# Expectation–disconfirmation
# ---------------------------------------------------------------------------------------

def disconfirmation_shares(
    data: pd.DataFrame,
    pairs: Mapping[str, tuple[str, str]],
    tolerance: float = 0.0,
    *,
    pooled_label: str = POOLED,
) -> pd.DataFrame:
    """Shares of answers below, equal to and above expectation, per item pair and pooled.

    For each respondent and pair, ``d = perceived − expected`` on the items' native scale;
    ``d < −tolerance`` is *dissatisfied* (negative disconfirmation), ``|d| ≤ tolerance``
    *satisfied* (confirmation) and ``d > tolerance`` *delighted* (positive disconfirmation).
    Answers missing either side of a pair are left out of that pair.

    Parameters
    ----------
    data : frame holding the paired columns.
    pairs : ``{item: (expected column, perceived column)}`` (see :func:`wave_pairs`,
        :func:`oddjob_pairs`).
    tolerance : how far (in scale points, ≥ 0) perception may differ from expectation and
        still count as "as expected".
    pooled_label : name of the last row, which pools every answered pair of every respondent.

    Returns
    -------
    DataFrame with columns ``item, n, dissatisfied, satisfied, delighted, mean_gap`` —
    shares in percent (they add up to 100), ``mean_gap`` the mean of ``d``.

    Example
    -------
    >>> d = pd.DataFrame({"e": [3, 3, 3, 4], "p": [2, 3, 5, 4]})
    >>> (disconfirmation_shares(d, {"x": ("e", "p")}).loc[0, ["dissatisfied", "satisfied", "delighted"]]
    ...     .astype(float).tolist())
    [25.0, 50.0, 25.0]
    """
    if not np.isfinite(tolerance) or tolerance < 0:
        raise DataError(f"disconfirmation tolerance must be a number ≥ 0; got {tolerance!r}")
    if not pairs:
        raise DataError("disconfirmation_shares needs at least one expectation/perception pair")
    missing = sorted({c for pair in pairs.values() for c in pair} - set(data.columns))
    if missing:
        raise DataError(f"the data have no columns {missing} (needed for expectation/perception pairs)")
    items = list(pairs)
    expected = data[[pairs[i][0] for i in items]].to_numpy(dtype=float)
    perceived = data[[pairs[i][1] for i in items]].to_numpy(dtype=float)
    gap = perceived - expected                       # respondents × items, NaN where unpaired
    answered = ~np.isnan(gap)
    below = answered & (gap < -tolerance)
    above = answered & (gap > tolerance)
    equal = answered & ~below & ~above

    def shares(n, lo, eq, hi, g):
        with np.errstate(invalid="ignore", divide="ignore"):
            return {
                "n": n,
                "dissatisfied": 100.0 * lo / n,
                "satisfied": 100.0 * eq / n,
                "delighted": 100.0 * hi / n,
                "mean_gap": g / n,
            }

    per_item = pd.DataFrame(shares(
        answered.sum(axis=0), below.sum(axis=0), equal.sum(axis=0), above.sum(axis=0),
        np.nansum(gap, axis=0),
    ))
    per_item.insert(0, "item", items)
    pooled = pd.DataFrame([shares(answered.sum(), below.sum(), equal.sum(), above.sum(),
                                  np.nansum(gap))])
    pooled.insert(0, "item", pooled_label)
    out = pd.concat([per_item, pooled], ignore_index=True)
    out["n"] = out["n"].astype(int)
    return out


def pair_labels(pairs: Mapping[str, tuple[str, str]], codebook: Codebook) -> dict[str, str]:
    """Each paired benefit or value by its codebook label in the edition's language (for the
    charts' axis).

    Example
    -------
    >>> pair_labels({"speed": ("eb_speed", "b_speed")}, load_codebook())
    {'speed': 'Speed of work'}
    """
    return {i: codebook.label(i, label_language()) for i in pairs}


def disconfirmation_chart(shares: pd.DataFrame, title: str, labels: Mapping[str, str] | None = None):
    """Horizontal stacked bars of the below / as expected / above shares, one bar per item.

    ``shares`` is the output of :func:`disconfirmation_shares` (the pooled last row is drawn
    as the bottom bar, set apart); items without a label in ``labels`` are named by
    :func:`item_name`. Returns the matplotlib Figure, with a title (the chapter's, translated
    there), axis labels and a legend, for the chapter to display.
    """
    from csvalue.report import figures  # noqa: F401  (the charts' fonts, Korean included)
    # a bare Figure (no pyplot): nothing is shown twice in a notebook, no backend is touched
    from matplotlib.figure import Figure

    labels = dict(labels or {})
    rows = shares.iloc[::-1]                       # first item at the top
    y = np.arange(len(rows), dtype=float)
    y[0] -= 0.6                                     # gap before the pooled bar
    fig = Figure(figsize=(7.5, 0.32 * len(rows) + 1.6))
    ax = fig.subplots()
    left = np.zeros(len(rows))
    colours = {"dissatisfied": "#c0504d", "satisfied": "#9bbb59", "delighted": "#4f81bd"}
    names = {"dissatisfied": _("below expectation"), "satisfied": _("as expected"),
             "delighted": _("above expectation")}
    for key in DISCONFIRMATION:
        ax.barh(y, rows[key], left=left, color=colours[key], label=names[key], height=0.8)
        left += rows[key].to_numpy()
    ax.set_yticks(y, [labels.get(i, item_name(i)) for i in rows["item"]])
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("share of answered expectation–satisfaction pairs (%)"))
    ax.set_ylabel(_("item"))
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 2.0 / fig.get_figheight() * 0.1),
              ncol=3, frameon=False)
    fig.tight_layout()
    return fig


def figure_image(fig, dpi: int = 150):
    """A matplotlib Figure as an IPython PNG image (what a chapter cell displays).

    Bare ``Figure`` objects have no rich display outside an inline-backend session, so the
    chapters render them to PNG explicitly; PNG prints the same in HTML and PDF.
    """
    import io

    from IPython.display import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return Image(data=buf.getvalue(), format="png")


def respondent_disconfirmation(
    data: pd.DataFrame, pairs: Mapping[str, tuple[str, str]], tolerance: float = 0.0,
) -> pd.Series:
    """Each respondent's verdict from the mean gap over the pairs they answered.

    ``mean(perceived − expected)`` below ``−tolerance`` → "dissatisfied", above ``tolerance``
    → "delighted", else "satisfied"; NaN when no pair is answered.

    Example
    -------
    >>> d = pd.DataFrame({"e1": [3, 3], "p1": [2, 4], "e2": [3, 3], "p2": [3, 4]})
    >>> respondent_disconfirmation(d, {"a": ("e1", "p1"), "b": ("e2", "p2")}).tolist()
    ['dissatisfied', 'delighted']
    """
    if not np.isfinite(tolerance) or tolerance < 0:
        raise DataError(f"disconfirmation tolerance must be a number ≥ 0; got {tolerance!r}")
    items = list(pairs)
    gap = (data[[pairs[i][1] for i in items]].to_numpy(dtype=float)
           - data[[pairs[i][0] for i in items]].to_numpy(dtype=float))
    answered = (~np.isnan(gap)).sum(axis=1)
    # mean over the answered pairs; NaN (not a warning) for a respondent who answered none
    mean_gap = np.divide(np.nansum(gap, axis=1), answered,
                         out=np.full(len(gap), np.nan), where=answered > 0)
    verdict = np.select([mean_gap < -tolerance, mean_gap > tolerance], ["dissatisfied", "delighted"],
                        "satisfied").astype(object)
    verdict[np.isnan(mean_gap)] = np.nan
    return pd.Series(verdict, index=data.index, name="disconfirmation")


# ---------------------------------------------------------------------------------------
# SERVQUAL
# ---------------------------------------------------------------------------------------

#: The five SERVQUAL dimensions: id, English label, Korean label, what it covers (a message,
#: translated where it is shown).
SERVQUAL_DIMENSIONS: tuple[tuple[str, str, str, str], ...] = (
    ("reliability", "Reliability", "신뢰성",
     N_("doing what was promised, dependably and accurately, the first time")),
    ("responsiveness", "Responsiveness", "응답성",
     N_("willingness to help and to serve promptly")),
    ("assurance", "Assurance", "확신성",
     N_("staff knowledge and courtesy that inspire trust and confidence")),
    ("empathy", "Empathy", "공감성",
     N_("individual attention and care for each customer")),
    ("tangibles", "Tangibles", "유형성",
     N_("what can be seen: facilities, equipment, materials, staff appearance")),
)


def servqual_gaps(scores: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """SERVQUAL gap per dimension (perception − expectation) and the overall gap.

    Parameters
    ----------
    scores : tidy frame ``[respondent, dimension, expectation, perception]``, one row per
        respondent and dimension (each score already averaged over the dimension's items).
    weights : importance of each dimension (e.g. points out of 100 that customers allocate);
        normalised to sum to 1. Equal weights when None.

    Returns
    -------
    One row per dimension (in :data:`SERVQUAL_DIMENSIONS` order, then any others) with
    ``dimension, n, expectation, perception, gap, weight, weighted_gap``, then a row
    ``overall`` whose ``gap`` is the unweighted mean of the dimension gaps and whose
    ``weighted_gap`` is the importance-weighted overall gap (the sum of the weighted gaps).

    Example
    -------
    >>> s = pd.DataFrame({"respondent": [1, 1], "dimension": ["reliability", "empathy"],
    ...                   "expectation": [7, 5], "perception": [5, 6]})
    >>> servqual_gaps(s)["gap"].tolist()
    [-2.0, 1.0, -0.5]
    """
    need = {"respondent", "dimension", "expectation", "perception"}
    if not need <= set(scores.columns):
        raise DataError(f"SERVQUAL scores need columns {sorted(need)}; got {list(scores.columns)}")
    order = [d[0] for d in SERVQUAL_DIMENSIONS]
    dims = [d for d in order if d in set(scores["dimension"])]
    dims += sorted(set(scores["dimension"]) - set(order))
    g = scores.groupby("dimension").agg(n=("respondent", "nunique"),
                                        expectation=("expectation", "mean"),
                                        perception=("perception", "mean")).loc[dims]
    g["gap"] = g["perception"] - g["expectation"]
    if weights is None:
        w = pd.Series(1.0, index=dims)
    else:
        unknown = sorted(set(dims) - set(weights))
        if unknown:
            raise DataError(f"SERVQUAL weights are missing for dimensions {unknown}")
        w = pd.Series({d: float(weights[d]) for d in dims})
        if (w < 0).any() or w.sum() <= 0:
            raise DataError(f"SERVQUAL weights must be ≥ 0 with a positive sum; got {dict(w)}")
    g["weight"] = w / w.sum()
    g["weighted_gap"] = g["weight"] * g["gap"]
    overall = pd.DataFrame({
        "n": [scores["respondent"].nunique()], "expectation": [g["expectation"].mean()],
        "perception": [g["perception"].mean()], "gap": [g["gap"].mean()], "weight": [1.0],
        "weighted_gap": [g["weighted_gap"].sum()],
    }, index=["overall"])
    out = pd.concat([g, overall]).rename_axis("dimension").reset_index()
    out["n"] = out["n"].astype(int)
    return out


def servqual_example() -> tuple[pd.DataFrame, dict[str, float]]:
    """The chapter's illustrative SERVQUAL survey: 4 customers rate a help desk on 1–7 scales.

    Returns the tidy scores (see :func:`servqual_gaps`) and the importance points (out of 100)
    the customers gave the five dimensions. The numbers are made up for teaching; the worked
    result is checked by hand in ``tests/test_teaching.py``.
    """
    expectation = {
        "reliability": [7, 7, 6, 7], "responsiveness": [6, 7, 6, 6], "assurance": [6, 6, 6, 5],
        "empathy": [5, 5, 6, 5], "tangibles": [5, 6, 5, 6],
    }
    perception = {
        "reliability": [5, 6, 5, 4], "responsiveness": [5, 5, 6, 4], "assurance": [6, 5, 6, 5],
        "empathy": [5, 6, 6, 5], "tangibles": [6, 6, 5, 5],
    }
    rows = [
        {"respondent": f"customer {r + 1}", "dimension": d,
         "expectation": float(expectation[d][r]), "perception": float(perception[d][r])}
        for d in expectation for r in range(4)
    ]
    weights = {"reliability": 32.0, "responsiveness": 22.0, "assurance": 19.0, "empathy": 17.0,
               "tangibles": 10.0}
    return pd.DataFrame(rows), weights


def five_gaps() -> pd.DataFrame:
    """The five gaps of the service-quality gaps model, as a table.

    Columns: ``gap`` (1–5), ``between`` and ``and`` (what is compared, English messages),
    ``ko`` (the Korean name), ``where`` (inside the firm or at the customer), ``closed_by``
    (an English message).
    """
    rows = [
        (1, N_("what customers expect"), N_("what managers think they expect"),
         "고객의 기대 vs 경영진의 인식", "firm",
         N_("listening: research, complaint analysis, contact staff reporting upward")),
        (2, N_("what managers think customers expect"),
         N_("the service as designed (standards)"),
         "경영진의 인식 vs 서비스 설계", "firm",
         N_("turning the customer's view into measurable service standards")),
        (3, N_("the service as designed"), N_("the service actually delivered"),
         "서비스 설계 vs 실제 제공 서비스", "firm",
         N_("people, tools and internal marketing that let staff meet the standard")),
        (4, N_("the service actually delivered"), N_("what the firm promised outside"),
         "서비스 제공 vs 외부 커뮤니케이션", "firm",
         N_("promising only what operations can keep")),
        (5, N_("the service the customer expected"), N_("the service the customer perceived"),
         "기대된 서비스 vs 인식된 서비스", "customer",
         N_("closing gaps 1–4; this is the gap a survey measures")),
    ]
    return pd.DataFrame(rows, columns=["gap", "between", "and", "ko", "where", "closed_by"])


# ---------------------------------------------------------------------------------------
# Retention economics
# ---------------------------------------------------------------------------------------

def _check_retention(margin: float, retention: float, discount: float) -> None:
    if not np.isfinite(margin):
        raise DataError(f"margin must be a finite number; got {margin!r}")
    if not 0 <= retention < 1:
        raise DataError(f"retention must be in [0, 1); got {retention!r}")
    if not discount > -1 or not np.isfinite(discount):
        raise DataError(f"discount rate must be > -1; got {discount!r}")


def clv(margin: float, retention: float, discount: float, years: int | None = None) -> float:
    """Customer lifetime value of one customer today.

    The customer brings ``margin`` at the end of each year they are still a customer; they
    stay from one year to the next with probability ``retention``; money a year later is
    worth ``1 / (1 + discount)`` today. With ``q = retention / (1 + discount)``::

        CLV = Σ_{t=1..T} margin · q^t  =  margin · q (1 − q^T) / (1 − q)

    and for an open horizon (``years=None``) ``CLV = margin · retention / (1 + discount −
    retention)`` (Gupta & Lehmann's formula).

    Example
    -------
    >>> round(clv(100, 0.85, 0.10), 2)
    340.0
    """
    _check_retention(margin, retention, discount)
    q = retention / (1.0 + discount)
    if years is None:
        return float(margin * retention / (1.0 + discount - retention))
    if years < 0:
        raise DataError(f"years must be ≥ 0; got {years!r}")
    t = np.arange(1, years + 1)
    return float(np.sum(margin * q ** t))


def retention_table(margin: float, retention: float, discount: float, years: int) -> pd.DataFrame:
    """Year-by-year build-up of CLV: ``year, survival, discount_factor, expected_margin, cumulative``.

    ``survival`` = retention^year (share of a starting cohort still a customer),
    ``expected_margin`` = margin × survival × discount_factor, ``cumulative`` its running sum
    (the last row equals ``clv(margin, retention, discount, years)``).
    """
    _check_retention(margin, retention, discount)
    year = np.arange(1, years + 1)
    survival = retention ** year
    factor = (1.0 + discount) ** -year.astype(float)
    expected = margin * survival * factor
    return pd.DataFrame({"year": year, "survival": survival, "discount_factor": factor,
                         "expected_margin": expected, "cumulative": np.cumsum(expected)})


@dataclass(frozen=True)
class RetentionGain:
    """What a better retention rate is worth per customer (see :func:`retention_gain`)."""

    margin: float
    discount: float
    retention: float
    improved: float
    clv: float
    clv_improved: float
    gain: float
    gain_pct: float
    lifetime: float
    lifetime_improved: float


def retention_gain(margin: float, retention: float, discount: float,
                   improvement: float = 0.05) -> RetentionGain:
    """CLV before and after raising retention by ``improvement`` (0.05 = five points).

    ``lifetime`` is the expected number of further years as a customer, ``r / (1 − r)``
    (the mean of a geometric number of renewals); the ``gain_pct`` is the CLV increase in %.

    Example
    -------
    >>> g = retention_gain(100, 0.80, 0.10)
    >>> round(g.clv, 2), round(g.clv_improved, 2), round(g.gain_pct, 1)
    (266.67, 340.0, 27.5)
    """
    improved = retention + improvement
    base, better = clv(margin, retention, discount), clv(margin, improved, discount)
    return RetentionGain(
        margin=float(margin), discount=float(discount), retention=float(retention),
        improved=float(improved), clv=base, clv_improved=better, gain=better - base,
        gain_pct=100.0 * (better - base) / base if base else float("nan"),
        lifetime=retention / (1.0 - retention), lifetime_improved=improved / (1.0 - improved),
    )


# ---------------------------------------------------------------------------------------
# NPS by hand
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NpsByHand:
    """An NPS worked from counts: shares in %, NPS in points, plain se and adjusted-Wald interval."""

    n: int
    promoters: int
    passives: int
    detractors: int
    pct_promoters: float
    pct_passives: float
    pct_detractors: float
    nps: float
    se: float
    ci_low: float
    ci_high: float


def nps_counts(recommend: Iterable[float], codebook: Codebook | None = None) -> tuple[int, int, int]:
    """Count promoters, passives and detractors with the codebook's cut-offs.

    Uses :func:`csvalue.model.indices.nps_score` (+100 / 0 / −100); missing answers are not counted.

    Example
    -------
    >>> nps_counts([10, 9, 8, 7, 6, 0, float("nan")])
    (2, 2, 2)
    """
    from csvalue.model.indices import nps_score

    score = nps_score(pd.Series(list(recommend), dtype=float), codebook or load_codebook()).dropna()
    promoters, detractors = int((score > 0).sum()), int((score < 0).sum())
    return promoters, len(score) - promoters - detractors, detractors


def nps_from_counts(promoters: int, passives: int, detractors: int,
                    codebook: Codebook | None = None) -> NpsByHand:
    """NPS = %promoters − %detractors, with the standard error and adjusted-Wald 95% interval.

    With ``pP`` and ``pD`` the promoter and detractor shares of ``n`` answers, the respondent
    score (+100, 0, −100) has mean ``NPS = 100 (pP − pD)`` and the plain standard error is
    ``100 · sqrt((pP + pD − (pP − pD)²) / n)``. The adjusted-Wald interval (Rocks 2016) adds
    ¾ to the promoter and detractor counts and 3 to ``n``, then applies the same formula
    ± 1.96·se to the adjusted shares, clipped to [−100, 100].

    The estimate itself is the report's (:func:`csvalue.stats.nps.nps_from_counts`, which
    :func:`csvalue.model.indices.nps_estimate` uses too); this function checks the counts
    against the codebook's cut-offs and adds the shares the teaching chapter shows step by step.

    Example
    -------
    >>> r = nps_from_counts(8, 7, 5)
    >>> round(r.nps, 6), round(r.se, 2), round(r.ci_low, 2), round(r.ci_high, 2)
    (15.0, 17.71, -18.96, 45.05)
    """
    codebook = codebook or load_codebook()
    counts = (promoters, passives, detractors)
    if any(c < 0 for c in counts) or sum(counts) == 0:
        raise DataError(f"NPS needs non-negative counts and at least one answer; got {counts}")
    th = codebook.thresholds
    if passives and th.promoter_min <= th.detractor_max:   # no answer between the cut-offs
        raise DataError(f"the codebook's cut-offs ({th.detractor_max}, {th.promoter_min}) leave "
                        f"no room for passives, but {passives} were given")
    e = nps_stats.nps_from_counts(promoters, passives, detractors)
    n = sum(counts)
    return NpsByHand(
        n=n, promoters=promoters, passives=passives, detractors=detractors,
        pct_promoters=100.0 * promoters / n, pct_passives=100.0 * passives / n,
        pct_detractors=100.0 * detractors / n, nps=float(e.nps), se=float(e.se),
        ci_low=float(e.ci_low), ci_high=float(e.ci_high),
    )


def nps_of(recommend: Iterable[float], codebook: Codebook | None = None) -> NpsByHand:
    """:func:`nps_from_counts` of answers to the recommendation question (:func:`nps_counts`).

    Example
    -------
    >>> round(nps_of(nps_example()).nps, 6)
    15.0
    """
    return nps_from_counts(*nps_counts(recommend, codebook), codebook)


def nps_example() -> list[int]:
    """The chapter's twenty 0–10 answers to "how likely are you to recommend us?" (made up)."""
    return [10, 9, 9, 10, 8, 7, 6, 9, 10, 5, 8, 8, 3, 9, 7, 6, 10, 7, 8, 4]
