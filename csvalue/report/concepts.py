"""The concept chapters' numbers and tables: what each teaching chapter glues into its prose
and shows, computed from the worked examples of :mod:`csvalue.report.teaching`.

Each ``…_facts`` function returns the values a chapter glues, by glue name (the chapter calls
``glue_all(…)``); each ``…_table`` function returns a :class:`~csvalue.report.tables.Table`
whose data columns keep their names, so the chapter sets decimals by data column.

Example
-------
>>> servqual_facts(teaching.servqual_gaps(*teaching.servqual_example()))["sq_overall"]
-0.6
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.report import teaching
from csvalue.report.format import interval_text, lower_first
from csvalue.report.i18n import N_, Messages, _, label_language
from csvalue.report.tables import Table
from csvalue.stats.nps import adjusted_wald

#: Headers of the disconfirmation tables' data columns (translated on look-up).
DISCONFIRMATION_HEADERS = Messages({"dissatisfied": N_("below %"),
                                    "satisfied": N_("as expected %"),
                                    "delighted": N_("above %"), "mean_gap": N_("mean P − E")})


def _headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A table's headers in the active language (``headers`` holds marked messages; a
    :class:`Messages` table unpacked with ``**`` would give them untranslated)."""
    return {k: _(v) for k, v in headers.items()}


# ---------------------------------------------------------------------------------------
# What customer satisfaction is: expectation–disconfirmation
# ---------------------------------------------------------------------------------------

def wave_disconfirmation_facts(data: pd.DataFrame, pairs: Mapping[str, tuple[str, str]],
                               shares: pd.DataFrame, codebook: Codebook
                               ) -> dict[str, float | str]:
    """What the satisfaction chapter says of the survey wave: respondents and pairs, the
    pooled shares below, at and above expectation and the mean gap (also in words), the
    items most often below and above expectation, and each respondent's verdict from the
    mean of their gaps (``cs_wave_resp_<verdict>``, % of respondents).

    ``shares`` is :func:`csvalue.report.teaching.disconfirmation_shares` of ``data`` with
    ``pairs`` (its last row pooled).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> cb = load_codebook()
    >>> d = pd.DataFrame({"eb_speed": [3.0, 4.0], "b_speed": [4.0, 4.0],
    ...                   "eb_image": [5.0, 2.0], "b_image": [3.0, 2.0]})
    >>> pairs = {"speed": ("eb_speed", "b_speed"), "image": ("eb_image", "b_image")}
    >>> facts = wave_disconfirmation_facts(d, pairs, teaching.disconfirmation_shares(d, pairs), cb)
    >>> facts["cs_wave_dis"], facts["cs_wave_worst_text"], facts["cs_wave_resp_satisfied"]
    (25.0, 'image and trust', 50.0)
    """
    pooled = shares.iloc[-1]
    worst = shares.iloc[:-1].sort_values("dissatisfied", ascending=False).iloc[0]
    best = shares.iloc[:-1].sort_values("delighted", ascending=False).iloc[0]
    verdict = (teaching.respondent_disconfirmation(data, pairs).value_counts(normalize=True)
               * 100)
    facts: dict[str, float | str] = {
        "cs_wave_n": len(data), "cs_wave_pairs": len(pairs),
        "cs_wave_dis": float(pooled["dissatisfied"]), "cs_wave_sat": float(pooled["satisfied"]),
        "cs_wave_del": float(pooled["delighted"]), "cs_wave_gap": float(pooled["mean_gap"]),
        "cs_wave_gap_text": gap_phrase(pooled["mean_gap"], "scale points", 2),
        "cs_wave_worst_dis": float(worst["dissatisfied"]),
        "cs_wave_best_del": float(best["delighted"]),
        "cs_wave_worst_text": lower_first(codebook.label(worst["item"], label_language())),
        "cs_wave_best_text": lower_first(codebook.label(best["item"], label_language()))}
    for k in teaching.DISCONFIRMATION:
        facts[f"cs_wave_resp_{k}"] = float(verdict.get(k, 0.0))
    facts["cs_wave_items_text"] = pairs_phrase(pairs, codebook)
    return facts


#: A gap in words, by unit (points of the 0–100 or 1–100 scale, or points of the items' own
#: scale) and direction; the sentence goes on with "(the) expectation".
GAP_PHRASES = {
    ("points", "below"): N_("{size} points below"),
    ("points", "above"): N_("{size} points above"),
    ("points", "at"): N_("{size} points away from"),
    ("scale points", "below"): N_("{size} scale points below"),
    ("scale points", "above"): N_("{size} scale points above"),
    ("scale points", "at"): N_("{size} scale points away from"),
}


def gap_phrase(gap: float, unit: str = "points", digits: int = 1) -> str:
    """A mean perception − expectation gap in words: ``"0.21 scale points below"``
    (``unit``: ``"points"`` or ``"scale points"``).

    Example
    -------
    >>> gap_phrase(-0.213, "scale points", 2), gap_phrase(1.0), gap_phrase(0.0)
    ('0.21 scale points below', '1.0 points above', '0.0 points away from')
    >>> from csvalue.report.i18n import using
    >>> with using("ko"):
    ...     gap_phrase(-0.213, "scale points", 2)
    '0.21 척도점 낮은 정도'
    """
    direction = "at" if round(gap, digits) == 0 else "below" if gap < 0 else "above"
    return _(GAP_PHRASES[unit, direction]).format(size=f"{abs(gap):.{digits}f}")


def pairs_phrase(pairs: Mapping[str, tuple[str, str]], codebook: Codebook) -> str:
    """What the survey asks twice, in the codebook's terms: how many benefits and values and
    on which scale (``"14 benefits and values … on the same 1–5 scale"``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> pairs_phrase(teaching.wave_pairs(load_codebook()), load_codebook())
    'each of the 14 benefits and values twice, as an expectation and as a satisfaction, on the same 1–5 scale'
    """
    ids = {sat for _exp, sat in pairs.values()}
    n_b = sum(codebook.has(i) and codebook.item(i).block == "benefit" for i in ids)
    n_v = len(ids) - n_b
    what = (_("benefits and values") if n_b and n_v else _("benefits") if n_b else _("values"))
    scales = sorted({codebook.item(i).scale for p in pairs.values() for i in p
                     if codebook.has(i) and codebook.item(i).scale})
    if len(scales) == 1:
        lo, hi = scales[0]
        on = _("on the same {lo}–{hi} scale").format(lo=f"{lo:g}", hi=f"{hi:g}")
    else:
        on = _("each on its own scale ({scales})").format(
            scales=", ".join(f"{lo:g}–{hi:g}" for lo, hi in scales))
    return _("each of the {n} {what} twice, as an expectation and as a satisfaction, "
             "{on}").format(n=len(pairs), what=what, on=on)


def wave_disconfirmation_table(shares: pd.DataFrame, pairs: Mapping[str, tuple[str, str]],
                               codebook: Codebook) -> Table:
    """The wave's disconfirmation shares for display: each item by its English and Korean
    label (the Korean edition shows the Korean label alone; the pooled row by its name),
    answers, the three shares and the mean gap.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> s = pd.DataFrame({"item": ["speed", "all items"], "n": [10, 10],
    ...     "dissatisfied": [20.0, 20.0], "satisfied": [50.0, 50.0], "delighted": [30.0, 30.0],
    ...     "mean_gap": [0.1, 0.1]})
    >>> t = wave_disconfirmation_table(s, {"speed": ("eb_speed", "b_speed")}, load_codebook())
    >>> t.display_frame().iloc[:, :2].values.tolist()
    [['Speed of work', '업무 신속'], ['all items', '']]
    """
    table = shares.copy()
    lang = label_language()
    if lang != "ko":
        table.insert(1, "Korean", [codebook.label(i, "ko") if i in pairs else ""
                                   for i in table["item"]])
    table["item"] = [codebook.label(i, lang) if i in pairs else teaching.item_name(i)
                     for i in table["item"]]
    return Table(table, {"item": _("item"), "Korean": _("Korean"),
                         **_headers(DISCONFIRMATION_HEADERS)})


def oddjob_disconfirmation_facts(oddjob: pd.DataFrame, exact: pd.DataFrame,
                                 tolerant: pd.DataFrame) -> dict[str, float | str]:
    """What the satisfaction chapter says of the Oddjob Airways passengers: how many, the
    pooled shares with no tolerance (``cs_oj0_…``) and with the tolerance of ``tolerant``
    (``cs_oj5_…``), the mean gap (also in words) and the range of the share below
    expectation across the attributes (with the tolerance).

    Example
    -------
    >>> d = pd.DataFrame({"e1": [50.0, 60.0], "s1": [52.0, 40.0]})
    >>> shares = [teaching.disconfirmation_shares(d, {"a1": ("e1", "s1")}, tolerance=t)
    ...           for t in (0, 5)]
    >>> facts = oddjob_disconfirmation_facts(d, *shares)
    >>> facts["cs_oj0_delighted"], facts["cs_oj5_satisfied"], facts["cs_oj_gap_text"]
    (50.0, 50.0, '9.0 points below')
    """
    facts: dict[str, float | str] = {"cs_oj_n": len(oddjob)}
    for tol, frame in (("0", exact), ("5", tolerant)):
        row = frame.iloc[-1]
        for k in teaching.DISCONFIRMATION:
            facts[f"cs_oj{tol}_{k}"] = float(row[k])
    facts["cs_oj_gap"] = float(exact.iloc[-1]["mean_gap"])
    facts["cs_oj_gap_text"] = gap_phrase(exact.iloc[-1]["mean_gap"], "points")
    facts["cs_oj_min_dis"] = float(tolerant.iloc[:-1]["dissatisfied"].min())
    facts["cs_oj_max_dis"] = float(tolerant.iloc[:-1]["dissatisfied"].max())
    return facts


def oddjob_disconfirmation_table(shares: pd.DataFrame) -> Table:
    """The Oddjob Airways disconfirmation shares for display (the attributes are numbered,
    as in the published data).

    Example
    -------
    >>> s = pd.DataFrame({"item": ["attribute 1"], "n": [1065], "dissatisfied": [40.0],
    ...     "satisfied": [20.0], "delighted": [40.0], "mean_gap": [-1.2]})
    >>> oddjob_disconfirmation_table(s).display_frame().columns.tolist()
    ['attribute', 'n', 'below %', 'as expected %', 'above %', 'mean P − E']
    """
    table = shares.assign(item=[teaching.item_name(i) for i in shares["item"]])
    return Table(table, {"item": _("attribute"), **_headers(DISCONFIRMATION_HEADERS)})


# ---------------------------------------------------------------------------------------
# Service quality: SERVQUAL
# ---------------------------------------------------------------------------------------

#: The SERVQUAL tables' headers (translated where a table is made).
SERVQUAL_HEADERS = {"rank": N_("rank"), "dimension": N_("dimension"), "Korean": N_("Korean"),
                    "English": N_("English"), "covers": N_("what it covers"),
                    "expectation": N_("expectation"), "perception": N_("perception"),
                    "importance": N_("importance (points of 100)"),
                    "mean_e": N_("mean E"), "mean_p": N_("mean P"), "gap": N_("gap P − E"),
                    "weight": N_("weight"), "weighted_gap": N_("weight × gap")}


def dimension_name(dimension: str) -> str:
    """A SERVQUAL dimension id (or the ``overall`` row) as a table cell: the id in English,
    the Korean name in the Korean edition.

    Example
    -------
    >>> from csvalue.report.i18n import using
    >>> with using("ko"):
    ...     dimension_name("empathy"), dimension_name("overall")
    ('공감성', '전체')
    >>> dimension_name("empathy")
    'empathy'
    """
    if dimension == "overall":
        return _("overall")
    if label_language() == "ko":
        return {d[0]: d[2] for d in teaching.SERVQUAL_DIMENSIONS}.get(dimension, dimension)
    return dimension


def servqual_dimension_table() -> Table:
    """The five SERVQUAL dimensions ranked as the source ranks them: rank, dimension, Korean,
    what it covers (the Korean edition names each dimension in Korean and keeps the English
    term beside it).

    Example
    -------
    >>> servqual_dimension_table().data[["rank", "dimension"]].values.tolist()[0]
    [1, 'Reliability']
    """
    dims = pd.DataFrame(teaching.SERVQUAL_DIMENSIONS,
                        columns=["id", "dimension", "Korean", "covers"])
    dims["covers"] = [_(c) for c in dims["covers"]]
    dims.insert(0, "rank", range(1, len(dims) + 1))
    if label_language() == "ko":
        dims = dims.rename(columns={"dimension": "English", "Korean": "dimension"})
        dims = dims[["rank", "dimension", "English", "covers"]]
    return Table(dims.drop(columns="id", errors="ignore"), _headers(SERVQUAL_HEADERS))


def servqual_answer_table(scores: pd.DataFrame, weights: Mapping[str, float]) -> Table:
    """The worked example's answers for display: per dimension (in the source's order) every
    respondent's expectation and perception, and the importance points of the dimension.

    Example
    -------
    >>> t = servqual_answer_table(*teaching.servqual_example())
    >>> t.data.iloc[0].astype(str).tolist()
    ['reliability', '7, 7, 6, 7', '5, 6, 5, 4', '32.0']
    """
    order = [d[0] for d in teaching.SERVQUAL_DIMENSIONS]
    raw = (scores.groupby("dimension")
           .agg(expectation=("expectation", lambda s: ", ".join(f"{v:.0f}" for v in s)),
                perception=("perception", lambda s: ", ".join(f"{v:.0f}" for v in s)))
           .loc[order])
    raw["importance"] = [weights[d] for d in order]
    raw = raw.reset_index()
    raw["dimension"] = [dimension_name(d) for d in raw["dimension"]]
    return Table(raw, _headers(SERVQUAL_HEADERS))


def servqual_facts(gaps: pd.DataFrame) -> dict[str, float]:
    """Each dimension's gap, mean expectation, mean perception and weight
    (``sq_gap_<dimension>``, ``sq_e_…``, ``sq_p_…``, ``sq_w_…``), and the unweighted and
    weighted overall gaps (``sq_overall``, ``sq_weighted``), from
    :func:`csvalue.report.teaching.servqual_gaps`.

    Example
    -------
    >>> facts = servqual_facts(teaching.servqual_gaps(*teaching.servqual_example()))
    >>> facts["sq_gap_reliability"], round(facts["sq_weighted"], 2)
    (-1.75, -0.84)
    """
    g = gaps.set_index("dimension")
    facts: dict[str, float] = {}
    for dim in (d[0] for d in teaching.SERVQUAL_DIMENSIONS):
        facts[f"sq_gap_{dim}"] = float(g.loc[dim, "gap"])
        facts[f"sq_e_{dim}"] = float(g.loc[dim, "expectation"])
        facts[f"sq_p_{dim}"] = float(g.loc[dim, "perception"])
        facts[f"sq_w_{dim}"] = float(g.loc[dim, "weight"])
    facts["sq_overall"] = float(g.loc["overall", "gap"])
    facts["sq_weighted"] = float(g.loc["overall", "weighted_gap"])
    return facts


def servqual_gap_table(gaps: pd.DataFrame) -> Table:
    """:func:`csvalue.report.teaching.servqual_gaps` for display.

    Example
    -------
    >>> t = servqual_gap_table(teaching.servqual_gaps(*teaching.servqual_example()))
    >>> t.display_frame().columns.tolist()[2:]
    ['mean E', 'mean P', 'gap P − E', 'weight', 'weight × gap']
    """
    h = _headers(SERVQUAL_HEADERS)
    return Table(gaps.assign(dimension=[dimension_name(d) for d in gaps["dimension"]]),
                 {"dimension": h["dimension"], "expectation": h["mean_e"],
                  "perception": h["mean_p"], "gap": h["gap"], "weight": h["weight"],
                  "weighted_gap": h["weighted_gap"]})


def five_gaps_table() -> Table:
    """The gaps model (:func:`csvalue.report.teaching.five_gaps`) for display: each gap,
    what it lies between, its Korean name (not in the Korean edition, whose other columns
    are Korean) and what closes it.

    Example
    -------
    >>> five_gaps_table().display_frame().columns.tolist()
    ['gap', 'between …', '… and', 'Korean', 'what closes it']
    """
    table = teaching.five_gaps().drop(columns="where")
    for col in ("between", "and", "closed_by"):
        table[col] = [_(t) for t in table[col]]
    if label_language() == "ko":
        table = table.drop(columns="ko")
    return Table(table, {"gap": _("gap"), "between": _("between …"), "and": _("… and"),
                         "ko": _("Korean"), "closed_by": _("what closes it")})


# ---------------------------------------------------------------------------------------
# Retention economics
# ---------------------------------------------------------------------------------------

def _retention_rates(churn_high: float, churn_low: float) -> tuple[float, float]:
    return 1.0 - churn_high, 1.0 - churn_low


def retention_facts(margin: float, discount: float, churn_high: float, churn_low: float,
                    years: int) -> dict[str, float]:
    """What the retention chapter works through: the two retention rates (one minus each
    churn), the assumed margin and discount rate, the CLV at each rate with the gain, the
    expected lifetimes, and after ``years`` years the survivors of 1,000 customers and the
    CLV so far; also the numerator and denominator of each CLV formula.

    Example
    -------
    >>> facts = retention_facts(100.0, 0.10, 0.20, 0.15, 10)
    >>> [round(facts[k], 2) for k in ("ret_clv_low", "ret_clv_high", "ret_gain_pct")]
    [266.67, 340.0, 27.5]
    """
    r_low, r_high = _retention_rates(churn_high, churn_low)
    gain = teaching.retention_gain(margin, r_low, discount, improvement=r_high - r_low)
    low = teaching.retention_table(margin, r_low, discount, years)
    high = teaching.retention_table(margin, r_high, discount, years)
    return {
        "ret_r_low": r_low, "ret_r_high": r_high, "ret_margin": margin,
        "ret_discount_pct": 100 * discount, "ret_clv_low": gain.clv,
        "ret_clv_high": gain.clv_improved, "ret_gain": gain.gain, "ret_gain_pct": gain.gain_pct,
        "ret_points": 100 * (r_high - r_low), "ret_life_low": gain.lifetime,
        "ret_life_high": gain.lifetime_improved, "ret_years": years,
        "ret_surv_low": 1000 * low["survival"].iloc[-1],
        "ret_surv_high": 1000 * high["survival"].iloc[-1],
        "ret_cum_low": low["cumulative"].iloc[-1], "ret_cum_high": high["cumulative"].iloc[-1],
        "ret_denom_low": 1 + discount - r_low, "ret_denom_high": 1 + discount - r_high,
        "ret_num_low": margin * r_low, "ret_num_high": margin * r_high}


def retention_comparison(margin: float, discount: float, churn_high: float, churn_low: float,
                         years: int) -> pd.DataFrame:
    """Year by year at both retention rates: the share of the customers left and the CLV
    accumulated so far (columns named with the rates).

    Example
    -------
    >>> retention_comparison(100.0, 0.10, 0.20, 0.15, 2).columns.tolist()[1:3]
    ['share left, r = 0.80', 'share left, r = 0.85']
    """
    left, so_far = _("share left, r = {r}"), _("CLV so far, r = {r}")
    r_low, r_high = _retention_rates(churn_high, churn_low)
    low = teaching.retention_table(margin, r_low, discount, years)
    high = teaching.retention_table(margin, r_high, discount, years)
    both = low.merge(high, on="year", suffixes=("_low", "_high"))
    both = both[["year", "survival_low", "survival_high", "cumulative_low", "cumulative_high"]]
    both.columns = [_("year"), *(left.format(r=f"{r:.2f}") for r in (r_low, r_high)),
                    *(so_far.format(r=f"{r:.2f}") for r in (r_low, r_high))]
    return both


# ---------------------------------------------------------------------------------------
# NPS by hand
# ---------------------------------------------------------------------------------------

def nps_rule_facts(codebook: Codebook) -> dict[str, float]:
    """A codebook's NPS question: its scale (``nps_lo``, ``nps_hi``), cut-offs (promoters from
    ``nps_pmin``, detractors up to ``nps_dmax``, passives ``nps_qlo`` to ``nps_qhi``). The
    chapter glues the teaching data's with these keys and the survey's with
    :func:`survey_nps_rule_facts`.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> nps_rule_facts(load_codebook())
    {'nps_lo': 0.0, 'nps_hi': 10.0, 'nps_pmin': 9.0, 'nps_dmax': 6.0, 'nps_qlo': 7.0, 'nps_qhi': 8.0}
    """
    th = codebook.thresholds
    lo, hi = codebook.item("recommend").scale or (float("nan"), float("nan"))
    return {"nps_lo": float(lo), "nps_hi": float(hi), "nps_pmin": float(th.promoter_min),
            "nps_dmax": float(th.detractor_max), "nps_qlo": float(th.detractor_max + 1),
            "nps_qhi": float(th.promoter_min - 1)}


def survey_nps_rule_facts(codebook: Codebook) -> dict[str, float]:
    """:func:`nps_rule_facts` of the report survey's codebook, as ``nps_u_lo``, ``nps_u_hi``,
    ``nps_u_pmin`` and ``nps_u_dmax``.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> survey_nps_rule_facts(load_codebook())["nps_u_pmin"]
    9.0
    """
    f = nps_rule_facts(codebook)
    return {"nps_u_lo": f["nps_lo"], "nps_u_hi": f["nps_hi"], "nps_u_pmin": f["nps_pmin"],
            "nps_u_dmax": f["nps_dmax"]}


def nps_goal_sentence(codebook: Codebook) -> str:
    """The report's NPS goal, from the survey's codebook ("" when it sets none).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> nps_goal_sentence(load_codebook())
    "The report's goal is an NPS of at least 10 points."
    """
    goal = codebook.goals.get("nps")
    if goal is None:
        return ""
    return _("The report's goal is an NPS of at least {goal} points.").format(
        goal=f"{float(goal):g}")


def answer_list(answers: list[int]) -> str:
    """Answers as a line of code-formatted numbers (Markdown).

    Example
    -------
    >>> answer_list([10, 9, 3])
    '`10` `9` `3`'
    """
    return " ".join(f"`{a}`" for a in answers)


#: The worked example's results that the NPS chapter cites (``nps_ex_<field>``).
NPS_EXAMPLE_FIELDS = ("n", "promoters", "passives", "detractors", "pct_promoters",
                      "pct_detractors", "nps", "se", "ci_low", "ci_high")


def nps_example_facts(example: teaching.NpsByHand) -> dict[str, float]:
    """The NPS worked by hand, step by step: the counts, shares, NPS, standard error and
    interval (``nps_ex_<field>``), the two shares as proportions and the pieces of the
    variance, and the adjusted-Wald counts, shares, centre and standard error.

    Example
    -------
    >>> facts = nps_example_facts(teaching.nps_of(teaching.nps_example()))
    >>> round(facts["nps_ex_nps"], 6), facts["nps_ex_nadj"], round(facts["nps_ex_seadj"], 2)
    (15.0, 23.0, 16.33)
    """
    facts = {f"nps_ex_{k}": float(getattr(example, k)) for k in NPS_EXAMPLE_FIELDS}
    p_p, p_d = example.promoters / example.n, example.detractors / example.n
    adj = adjusted_wald(example.promoters, example.passives, example.detractors)
    facts.update({"nps_ex_pp": p_p, "nps_ex_pd": p_d, "nps_ex_diff2": (p_p - p_d) ** 2,
                  "nps_ex_var": (p_p + p_d - (p_p - p_d) ** 2) / example.n,
                  "nps_ex_nadj": adj.n, "nps_ex_ap": adj.p_promoters,
                  "nps_ex_ad": adj.p_detractors, "nps_ex_centre": adj.centre,
                  "nps_ex_seadj": float(adj.se)})
    return facts


#: The survey NPS results the chapter cites (``nps_oj_<field>``, ``nps_w_<field>``).
NPS_SURVEY_FIELDS = ("n", "nps", "ci_low", "ci_high", "pct_promoters", "pct_detractors")


def nps_survey_facts(oddjob: teaching.NpsByHand, wave: teaching.NpsByHand) -> dict[str, float]:
    """The NPS of the Oddjob Airways passengers (``nps_oj_…``) and of the survey wave
    (``nps_w_…``): answers, NPS, its interval and the two shares.

    Example
    -------
    >>> ex = teaching.nps_of(teaching.nps_example())
    >>> nps_survey_facts(ex, ex)["nps_w_n"]
    20.0
    """
    return {f"nps_{key}_{k}": float(getattr(r, k))
            for key, r in (("oj", oddjob), ("w", wave)) for k in NPS_SURVEY_FIELDS}


def nps_comparison(results: Mapping[str, teaching.NpsByHand]) -> pd.DataFrame:
    """Several NPS results side by side, one row per data set (named by the keys, which the
    chapter marks for translation): answers, the three shares, NPS and its 95% interval.

    Example
    -------
    >>> row = nps_comparison({"worked example": teaching.nps_of(teaching.nps_example())}).iloc[0]
    >>> row["data"], int(row["n"]), round(float(row["NPS"]), 6), row["95% interval"]
    ('worked example', 20, 15.0, '[−19.0,\xa045.1]')
    """
    return pd.DataFrame([{_("data"): name, "n": r.n, _("promoters %"): r.pct_promoters,
                          _("passives %"): r.pct_passives, _("detractors %"): r.pct_detractors,
                          "NPS": r.nps, _("95% interval"): interval_text(r.ci_low, r.ci_high)}
                         for name, r in results.items()])
