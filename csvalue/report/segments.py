"""The segmentation chapter in tables and words: the factor model, the value segments, who
they are, the loyalty tiers and the targeting, read from the tables ``csvalue analyze`` wrote
(``segmentation.csv``, ``factors.csv``, ``segments.csv``, ``segment_profiles.csv`` …).

Example
-------
>>> kmo_verdict(0.74), retention_phrase("parallel analysis"), rotation_phrase("varimax")
('middling', 'Parallel analysis retains', 'varimax rotation (orthogonal)')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import Codebook
from csvalue.model.factors import KMO_MIN
from csvalue.model.loyalty import RETAIN, tier_ids
from csvalue.model.segments import RESID_CRIT
from csvalue.pipeline.results import Results
from csvalue.report.format import INDEX_LABELS, estimate_text, lower_first, p_phrase
from csvalue.report.i18n import N_, Messages, _, label_language, ngettext
from csvalue.report.labels import category_label, segment_labels
from csvalue.report.tables import Table


# ---------------------------------------------------------------------------------------
# The factor model in words
# ---------------------------------------------------------------------------------------

#: Kaiser's (1974) labels for the overall KMO: (lower bound, label), best first.
KMO_LABELS = ((0.9, N_("marvellous")), (0.8, N_("meritorious")), (0.7, N_("middling")),
              (0.6, N_("mediocre")), (0.5, N_("miserable")))


def kmo_verdict(value: float) -> str:
    """Kaiser's label for an overall KMO: ≥ .9 marvellous, ≥ .8 meritorious, ≥ .7 middling,
    ≥ .6 mediocre, ≥ .5 miserable, else unacceptable.

    Example
    -------
    >>> kmo_verdict(0.74), kmo_verdict(0.9), kmo_verdict(0.49)
    ('middling', 'marvellous', 'unacceptable')
    """
    for bound, name in KMO_LABELS:
        if value >= bound:
            return _(name)
    return _("unacceptable")


def bartlett_verdict(p: float, alpha: float = 0.05) -> str:
    """"rejects" or "does not reject" (that the items are uncorrelated) at level ``alpha``.

    Example
    -------
    >>> bartlett_verdict(1e-30), bartlett_verdict(0.2)
    ('rejects', 'does not reject')
    """
    return _("rejects") if p < alpha else _("does not reject")


def retention_phrase(rule: str) -> str:
    """The subject and verb of "… N factors" for a rule as
    :func:`csvalue.model.factors.choose_n_factors` names it: "Parallel analysis retains",
    "Kaiser's rule (eigenvalue > 1) retains", "The settings fix the model at".

    Example
    -------
    >>> retention_phrase("eigenvalue > 1"), retention_phrase("fixed (4)")
    ("Kaiser's rule (eigenvalue > 1) retains", 'The settings fix the model at')
    """
    if rule == "parallel analysis":
        return _("Parallel analysis retains")
    if rule == "eigenvalue > 1":
        return _("Kaiser's rule (eigenvalue > 1) retains")
    if rule.startswith("fixed"):
        return _("The settings fix the model at")
    return _("The rule {rule} retains").format(rule=repr(rule))


def rotation_phrase(rotation: str | None) -> str:
    """"varimax rotation (orthogonal)", "promax rotation (oblique)" or "no rotation".

    Example
    -------
    >>> rotation_phrase("oblimin"), rotation_phrase("none")
    ('oblimin rotation (oblique)', 'no rotation')
    """
    from factor_analyzer.rotator import OBLIQUE_ROTATIONS

    if rotation in (None, "none", "None"):
        return _("no rotation")
    if rotation in OBLIQUE_ROTATIONS:
        return _("{rotation} rotation (oblique)").format(rotation=rotation)
    return _("{rotation} rotation (orthogonal)").format(rotation=rotation)


#: Extraction methods as a reader knows them.
METHOD_NAMES = Messages({"minres": N_("minimum residuals (minres)"),
                         "ml": N_("maximum likelihood"), "principal": N_("principal factors")})


def k_rule_phrase(rule: str) -> str:
    """How the number of segments was chosen (``k_rule`` of ``segmentation.csv``, written by
    :func:`csvalue.model.segments.k_rule_text`) in the active language.

    Example
    -------
    >>> k_rule_phrase("the number with the highest mean silhouette among k = 3 to 8")
    'the number with the highest mean silhouette among k = 3 to 8'
    """
    import re

    m = re.fullmatch(r"the number with the highest mean silhouette among k = (\d+) to (\d+)",
                     rule)
    if m:
        return _("the number with the highest mean silhouette among k = {low} to {high}"
                 ).format(low=m.group(1), high=m.group(2))
    if rule == "the number fixed in the settings":
        return _("the number fixed in the settings")
    return rule


def factor_facts(results: Results, wave: str) -> dict[str, float | str]:
    """What the chapter says of the factor model and the clustering, from one wave's row of
    ``segmentation.csv``: the KMO with Kaiser's label and the bar it must clear
    (:data:`csvalue.model.factors.KMO_MIN`), Bartlett's test, the retention rule, the number
    of factors, the extraction method and the rotation, and k with the rule that chose it.

    Example
    -------
    >>> res = Results({"segmentation": pd.DataFrame({"wave": "2025", "kmo": [0.74],
    ...     "bartlett_chi2": [5210.3], "bartlett_df": [91], "bartlett_p": [0.0],
    ...     "factor_rule": ["parallel analysis"], "n_factors": [5], "method": ["minres"],
    ...     "rotation": ["varimax"], "k": [5], "k_rule": ["by silhouette"]})}, {})
    >>> facts = factor_facts(res, "2025")
    >>> facts["kmo_verdict"], facts["bartlett_p"], facts["method"], facts["n_factors"]
    ('middling', 'p < 0.001', 'minimum residuals (minres)', 5.0)
    """
    s = results.table("segmentation", wave).iloc[0]
    return {"kmo": float(s["kmo"]), "kmo_verdict": kmo_verdict(s["kmo"]), "kmo_min": KMO_MIN,
            "bartlett_chi2": float(s["bartlett_chi2"]), "bartlett_df": float(s["bartlett_df"]),
            "bartlett_p": p_phrase(s["bartlett_p"]),
            "bartlett_verdict": bartlett_verdict(s["bartlett_p"]),
            "retention": retention_phrase(s["factor_rule"]), "n_factors": float(s["n_factors"]),
            "method": METHOD_NAMES.get(s["method"], s["method"]),
            "rotation": rotation_phrase(s["rotation"]), "k": float(s["k"]),
            "k_rule": k_rule_phrase(str(s["k_rule"]))}


# ---------------------------------------------------------------------------------------
# Segments
# ---------------------------------------------------------------------------------------

def segment_index_table(segments: pd.DataFrame) -> pd.DataFrame:
    """Each segment's size and CS, CLS, CVI and NPS with 95% intervals, for display.

    Columns: Segment, n, Share (%), then "<index> [95% CI]" as text ("76.0 [73.5, 78.4]",
    "–" where suppressed), and Note (small base / suppressed) when any segment has one.

    Example
    -------
    >>> seg = pd.DataFrame({"label": ["Work-value", "Small"], "n": [400, 4],
    ...     "share": [99.0, 1.0], "cvi": [76.04, np.nan], "cvi_low": [73.51, np.nan],
    ...     "cvi_high": [78.44, np.nan], "suppressed": [False, True], "small_base": False})
    >>> segment_index_table(seg).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Work-value', 400, 99.0, '76.0\xa0[73.5,\xa078.4]', ''],
     ['Small', 4, 1.0, '–', 'suppressed (n below threshold)']]
    """
    out = pd.DataFrame({_("Segment"): segment_labels(segments),
                        "n": segments["n"].to_numpy(),
                        _("Share (%)"): segments["share"].to_numpy(dtype=float)})
    for col, head in ((c, INDEX_LABELS[c]) for c in ("cs", "cls", "cvi", "nps")):
        if col in segments.columns:
            out[_("{index} [95% CI]").format(index=head)] = [
                estimate_text(v, lo, hi) for v, lo, hi in
                zip(segments[col], segments[f"{col}_low"], segments[f"{col}_high"])]
    notes = np.where(segments["suppressed"].astype(bool), _("suppressed (n below threshold)"),
                     np.where(segments["small_base"].astype(bool), _("small base"), ""))
    if notes.any():
        out[_("Note")] = notes
    return out


def representation(profiles: pd.DataFrame, segments: pd.DataFrame, codebook: Codebook
                   ) -> pd.DataFrame:
    """Who is over- and under-represented in each segment, for display.

    A category is over-represented in a segment when its adjusted standardized residual is
    above :data:`csvalue.model.segments.RESID_CRIT` (1.96) and under-represented below −1.96; suppressed cells are
    left out. Each entry reads "Customer type: Clinic (70% vs 56%)": the share of the segment
    in that category against the share of all segmented respondents (from ``expected``, which
    survives suppression), strongest residual first.

    Returns Segment, Over-represented, Under-represented (entries joined by "; ", "none").

    Example
    -------
    >>> from csvalue import load_codebook
    >>> cells = pd.DataFrame({"variable": "customer_type", "category": ["clinic", "pharmacy"],
    ...     "segment": "a", "pct": [70.0, 30.0], "expected": [56.0, 44.0],
    ...     "adj_resid": [3.1, -3.1], "suppressed": False})
    >>> representation(cells, pd.DataFrame({"segment": ["a"], "label": ["Work-value"]}),
    ...                load_codebook()).iloc[0].tolist()
    ['Work-value', 'Customer type: Clinic (70% vs 56%)', 'Customer type: Pharmacy (30% vs 44%)']
    """
    p = profiles.copy()
    p["suppressed"] = p["suppressed"].astype(bool)
    row_e = p.groupby(["variable", "segment"])["expected"].transform("sum")
    p["overall"] = 100 * p["expected"] / row_e
    p = p[~p["suppressed"] & p["adj_resid"].notna()]
    rows = []
    for sid, lab in zip(segments["segment"], segment_labels(segments, codebook)):
        g = p[p["segment"] == sid]
        cells = {}
        for side, sel in (("over", g["adj_resid"] > RESID_CRIT),
                          ("under", g["adj_resid"] < -RESID_CRIT)):
            part = g[sel].reindex(g.loc[sel, "adj_resid"].abs()
                                  .sort_values(ascending=False, kind="stable").index)
            cells[side] = "; ".join(
                _("{item}: {category} ({share}% vs {overall}%)").format(
                    item=codebook.label(r.variable, label_language()),
                    category=category_label(codebook, r.variable, r.category),
                    share=f"{r.pct:.0f}", overall=f"{r.overall:.0f}")
                for r in part.itertuples()) or _("none")
        rows.append({"segment": lab, "over": cells["over"], "under": cells["under"]})
    heads = {"segment": _("Segment"), "over": _("Over-represented"),
             "under": _("Under-represented")}
    return pd.DataFrame(rows, columns=list(heads)).rename(columns=heads)


#: Headers of :func:`profile_test_table`'s data columns.
PROFILE_TEST_HEADERS = Messages({"variable": N_("Profile variable"), "chi2": "χ²",
                                 "df": N_("df"), "p": "p", "cramers_v": N_("Cramér's V"),
                                 "n": "n", "p_adjusted": N_("p adjusted")})


def profile_test_table(tests: pd.DataFrame, codebook: Codebook) -> Table:
    """The chi-square tests of the profile cross-tabs, for display: profile variable (its
    label), χ², df, p, Cramér's V, n — decimals are set by these data columns
    (``show_table(t, {"chi2": 1, "cramers_v": 3})``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> t = pd.DataFrame({"variable": ["division"], "chi2": [53.21], "df": [6], "p": [2e-9],
    ...                   "cramers_v": [0.1234], "n": [1852]})
    >>> from csvalue.report.tables import table_markdown
    >>> print(table_markdown(profile_test_table(t, load_codebook()), {"chi2": 1, "cramers_v": 3}))
    | Profile variable   |   χ² |   df |      p |   Cramér\\'s V |     n |
    |:-------------------|-----:|-----:|-------:|--------------:|------:|
    | Division           | 53.2 |    6 | <0.001 |         0.123 | 1,852 |
    """
    data = pd.DataFrame({
        "variable": [codebook.label(v, label_language()) for v in tests["variable"]],
        "chi2": tests["chi2"].to_numpy(dtype=float),
        "df": tests["df"].to_numpy(),
        "p": tests["p"].to_numpy(dtype=float),
        "cramers_v": tests["cramers_v"].to_numpy(dtype=float),
        "n": tests["n"].to_numpy(),
    })
    if "p_adjusted" in tests:       # over the profile variables (the family of this table)
        data.insert(4, "p_adjusted", tests["p_adjusted"].to_numpy(dtype=float))
    return Table(data, dict(PROFILE_TEST_HEADERS.items()))


def loadings_table(factors: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Items × factors loadings with labels, for display: Item, then one column per factor
    (its label), items in the table's order.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> f = pd.DataFrame({"item": ["eb_speed", "eb_speed"], "factor_label": ["F1", "F2"],
    ...                   "loading": [0.71, 0.12]})
    >>> loadings_table(f, load_codebook()).values.tolist()
    [['Speed of work (expected benefit)', 0.71, 0.12]]
    """
    wide = factors.pivot_table(index="item", columns="factor_label", values="loading",
                               sort=False)
    benefits = set(codebook.ids("benefit_expectation"))
    names = []
    lang = label_language()
    for item in wide.index:
        base = codebook.item(item).key if codebook.has(item) else None
        name = codebook.label(base, lang) if base else codebook.label(item, lang)
        names.append((_("{item} (expected benefit)") if item in benefits
                      else _("{item} (expected value)")).format(item=name))
    out = wide.reset_index(drop=True)
    out.columns.name = None
    if lang == "ko":   # the factors by their Korean codebook names where the codebook has them
        ko = {f.label_en: f.label_ko for f in codebook.factors if f.label_ko}
        out.columns = [ko.get(c, c) for c in out.columns]
    out.insert(0, _("Item"), names)
    return out


def naming_list(segments: pd.DataFrame, codebook: Codebook) -> str:
    """Which factor each segment scores highest on, as a list for a sentence: the link
    between the segment names and the factor columns of the loadings table.

    Parameters
    ----------
    segments : one wave's rows of ``segments.csv`` (``label``, ``dominant_factor``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> seg = pd.DataFrame({"label": ["Work-value", "General majority"],
    ...                     "dominant_factor": ["efficiency_stability", "recognition_performance"]})
    >>> naming_list(seg, load_codebook())
    'Work-value on efficiency and stability; General majority on recognition and performance'
    """
    names = {f.id: (f.label_ko if label_language() == "ko" and f.label_ko else f.label_en)
             for f in codebook.factors}
    return "; ".join(
        _("{segment} on {factor}").format(
            segment=lab, factor=names.get(row.dominant_factor, row.dominant_factor).lower())
        if isinstance(row.dominant_factor, str)
        else _("{segment} on none in particular").format(segment=lab)
        for row, lab in zip(segments.itertuples(), segment_labels(segments, codebook)))


def segment_facts(results: Results, wave: str, codebook: Codebook) -> dict[str, str]:
    """What the chapter says of the segments: which factor names each (``seg_naming``, a
    sentence ending :func:`naming_list`).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"segments": pd.DataFrame({"wave": "2025", "label": ["Work-value"],
    ...                "dominant_factor": ["efficiency_stability"]})}, {})
    >>> segment_facts(res, "2025", load_codebook())
    {'seg_naming': 'Work-value on efficiency and stability.'}
    """
    return {"seg_naming": _("{list}.").format(
        list=naming_list(results.table("segments", wave), codebook))}


def unsegmented_note(results: Results, wave: str, codebook: Codebook) -> str:
    """:func:`unsegmented_sentence` for one wave of the results.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"segmentation": pd.DataFrame({"wave": "2025", "n_unsegmented": [0],
    ...                                              "n_respondents": [2000]})}, {})
    >>> unsegmented_note(res, "2025", load_codebook())[:50]
    'Every respondent answered all 14 expectation items'
    """
    s = results.table("segmentation", wave).iloc[0]
    return unsegmented_sentence(s["n_unsegmented"], s["n_respondents"],
                                len(codebook.expectation_cols))


def unsegmented_sentence(n_unsegmented: int, n_respondents: int, n_items: int) -> str:
    """Who has no value segment and why, as a sentence for the chapter.

    Example
    -------
    >>> unsegmented_sentence(148, 2000, 14)[:60]
    '148 of the 2,000 respondents (7.4%) have no value segment: e'
    """
    if n_unsegmented == 0:
        return _("Every respondent answered all {items} expectation items, so all "
                 "{respondents} have a value segment.").format(
            items=n_items, respondents=f"{n_respondents:,}")
    return ngettext(
        "{n} of the {respondents} respondents ({share}%) has no value segment: this "
        "respondent left at least one of the {items} expectation items unanswered, and the "
        "factor scores that place a respondent in a segment need every answer. They are left "
        "out of the segment tables, not of the loyalty tiers.",
        "{n} of the {respondents} respondents ({share}%) have no value segment: each left at "
        "least one of the {items} expectation items unanswered, and the factor scores that "
        "place a respondent in a segment need every answer. They are left out of the segment "
        "tables, not of the loyalty tiers.", int(n_unsegmented)).format(
        n=f"{n_unsegmented:,}", respondents=f"{n_respondents:,}",
        share=f"{100 * n_unsegmented / n_respondents:.1f}", items=n_items)


# ---------------------------------------------------------------------------------------
# Loyalty tiers and targeting
# ---------------------------------------------------------------------------------------

def promoter_note(results: Results, wave: str, codebook: Codebook) -> str:
    """:func:`non_positive_promoter_sentence` for one wave of the results.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"segmentation": pd.DataFrame({"wave": "2025",
    ...                                              "non_positive_promoters": [1]})}, {})
    >>> promoter_note(res, "2025", load_codebook())[:40]
    '1 promoter (recommend ≥ 9) has no positi'
    """
    seg = results.tables.get("segmentation")
    if seg is None or seg.empty or not len(results.table("segmentation", wave)):
        # no segmentation step (an instrument without expectations): no count to give
        return ""
    return non_positive_promoter_sentence(
        results.table("segmentation", wave).iloc[0]["non_positive_promoters"], codebook)


def non_positive_promoter_sentence(n: int, codebook: Codebook) -> str:
    """The rare promoters without positive repurchase intention, counted and noted: the tier
    rules count them in the worst tier, and the chapter says how many there are.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> non_positive_promoter_sentence(14, load_codebook())
    '14 promoters (recommend ≥ 9) have no positive repurchase intention (repurchase below 4): the rules count them as Inferior.'
    """
    th = codebook.thresholds
    worst = codebook.label(tier_ids(codebook)[-1], label_language())
    if n == 0:
        return _("Every promoter (recommend ≥ {promoter}) also intends to repurchase "
                 "(repurchase {weak} or more).").format(promoter=f"{th.promoter_min:g}",
                                                        weak=f"{th.repurchase_weak:g}")
    return ngettext(
        "{n} promoter (recommend ≥ {promoter}) has no positive repurchase intention "
        "(repurchase below {weak}): the rules count them as {tier}.",
        "{n} promoters (recommend ≥ {promoter}) have no positive repurchase intention "
        "(repurchase below {weak}): the rules count them as {tier}.", int(n)).format(
        n=f"{n:,}", promoter=f"{th.promoter_min:g}", weak=f"{th.repurchase_weak:g}", tier=worst)


def tier_facts(results: Results, wave: str, codebook: Codebook) -> dict[str, float]:
    """Each loyalty tier's share of the customers (``tier_loyalist``, ``tier_love_hate`` …,
    in percent) and the disclosure threshold under which the targeting table blanks a cell
    (``disclosure_min``).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> res = Results({"loyalty": pd.DataFrame({"wave": "2025",
    ...     "tier": ["loyalist", "love-hate"], "share": [15.0, 41.0]})}, {})
    >>> tier_facts(res, "2025", load_codebook())
    {'tier_loyalist': 15.0, 'tier_love_hate': 41.0, 'disclosure_min': 5.0}
    """
    facts = {f"tier_{t.tier.replace('-', '_')}": float(t.share)
             for t in results.table("loyalty", wave).itertuples()}
    facts["disclosure_min"] = float(codebook.thresholds.disclosure_min)
    return facts


def tier_display(loyalty: pd.DataFrame) -> pd.DataFrame:
    """The tier table for display: Tier, Metal, n, Share (%).

    Example
    -------
    >>> tier_display(pd.DataFrame({"label": ["Loyalist"], "metal": ["gold"], "n": [812],
    ...                            "share": [40.6]})).columns.tolist()
    ['Tier', 'Metal', 'n', 'Share (%)']
    """
    return pd.DataFrame({_("Tier"): segment_labels(loyalty), _("Metal"): loyalty["metal"].to_numpy(),
                         "n": loyalty["n"].to_numpy(),
                         _("Share (%)"): loyalty["share"].to_numpy(dtype=float)})


def targeting_display(table: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The targeting table for display: Segment, n, each tier's row share ("<Tier> (%)",
    blank where suppressed), CLS, Target (yes/no), Task with tier labels ("Love-hate →
    Apostle"; "–" for segments that are not targets).

    Example
    -------
    >>> from csvalue import load_codebook
    >>> t = pd.DataFrame({"label": ["Work-value"], "n": [400], "loyalist_pct": [40.0],
    ...     "apostle_pct": [30.0], "love-hate_pct": [20.0], "inferior_pct": [10.0],
    ...     "cls": [75.1], "target": [True], "task": ["apostle → loyalist"]})
    >>> targeting_display(t, load_codebook())[["Target", "Task"]].values.tolist()
    [['yes', 'Apostle → Loyalist']]
    """
    ids = tier_ids(codebook)
    out = pd.DataFrame({_("Segment"): segment_labels(table, codebook),
                        "n": table["n"].to_numpy()})
    for t in ids:
        out[f"{codebook.label(t, label_language())} (%)"] = table[f"{t}_pct"].to_numpy(dtype=float)
    out[_("CLS")] = table["cls"].to_numpy(dtype=float)
    out[_("Target")] = np.where(table["target"].astype(bool), _("yes"), _("no"))
    out[_("Task")] = [task_text(task, codebook) for task in table["task"]]
    if "value" in table.columns and table["value"].notna().any():
        out[value_header(table, codebook)] = table["value"].to_numpy(dtype=float)
    return out


def task_text(task: object, codebook: Codebook) -> str:
    """A target's task as the reader sees it: ``"Apostle → Loyalist"``, ``"Retain
    Loyalists"``, or "–" for a segment that is not a target.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> task_text("love-hate → apostle", load_codebook()), task_text("retain", load_codebook())
    ('Love-hate → Apostle', 'Retain Loyalists')
    """
    if not isinstance(task, str) or not task.strip():
        return "–"
    lang = label_language()
    if task == RETAIN:
        return _("Retain {tier}s").format(tier=codebook.label(tier_ids(codebook)[0], lang))
    return " → ".join(codebook.label(x.strip(), lang) for x in task.split("→"))


def value_header(table: pd.DataFrame, codebook: Codebook) -> str:
    """The header of the targeting table's value column: the value item and, for a category
    item, its category ("Daily claims: Over 100 (%)").

    Example
    -------
    >>> from csvalue import load_codebook
    >>> value_header(pd.DataFrame({"value_item": ["volume"], "value_level": ["100+"]}),
    ...              load_codebook())
    'Daily claims: Over 100 (%)'
    """
    item = str(table["value_item"].dropna().iloc[0])
    level = table["value_level"].dropna()
    level = str(level.iloc[0]) if len(level) and str(level.iloc[0]) else ""
    name = codebook.label(item, label_language())
    return (_("{item}: {category} (%)").format(item=name,
                                               category=category_label(codebook, item, level))
            if level else name)


def _tier_move(task: str, codebook: Codebook) -> str:
    """The move of a task with the tiers' metals: "move Apostles up to Loyalists (Gold →
    Platinum)", or "retain its Loyalists (Platinum)"."""
    korean = label_language() == "ko"
    meta = {t: (ko if korean and ko else en, metal) for t, en, metal, ko in codebook.tiers}
    if task == RETAIN:
        top = tier_ids(codebook)[0]
        en, metal = meta.get(top, (top, top))
        return _("retain its {tier}s ({metal})").format(tier=en, metal=metal)
    a, b = (x.strip() for x in task.split("→"))
    (ea, ma), (eb, mb) = meta.get(a, (a, a)), meta.get(b, (b, b))
    return _("move {tier} customers up to {target} ({metal} → {target_metal})").format(
        tier=ea, target=eb, metal=ma, target_metal=mb)


def target_sentences(results: Results, wave: str, codebook: Codebook) -> list[str]:
    """One sentence per target segment: its size, its task from its tier mix and, where the
    codebook has a value item, what its customers are worth against all segmented ones.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> t = pd.DataFrame({"wave": "2025", "segment": ["gm"], "label": ["General majority"],
    ...     "n": [527], "target": [True], "task": ["apostle → loyalist"], "value_item": "volume",
    ...     "value_level": "100+", "value": [24.0], "value_all": [19.0]})
    >>> s = pd.DataFrame({"wave": "2025", "segment": ["gm"], "share": [28.5], "cls": [81.3]})
    >>> target_sentences(Results({"targeting": t, "segments": s}, {}), "2025", load_codebook())
    ['General majority (28.5% of segmented customers, CLS 81.3): move Apostle customers up to Loyalist (Gold → Platinum); 24% of its customers have daily claims over 100, against 19% of all.']
    """
    t = results.table("targeting", wave)
    seg = results.table("segments", wave).set_index("segment")
    out = []
    targets = t[t["target"].astype(bool)]
    lang = label_language()
    for r, lab in zip(targets.itertuples(), segment_labels(targets, codebook)):
        share, cls = seg["share"].get(r.segment, np.nan), seg["cls"].get(r.segment, np.nan)
        text = _("{segment} ({share}% of segmented customers, CLS {cls}): {move}").format(
            segment=lab, share=f"{share:.1f}", cls=f"{cls:.1f}",
            move=_tier_move(str(r.task), codebook))
        value = getattr(r, "value", np.nan)
        if isinstance(value, float) and np.isfinite(value):
            item, level = str(r.value_item), str(r.value_level or "")
            if level:
                text += _("; {share}% of its customers have {item} {category}, against "
                          "{share_all}% of all").format(
                    share=f"{value:.0f}", item=codebook.label(item, lang).lower(),
                    category=category_label(codebook, item, level).lower(),
                    share_all=f"{r.value_all:.0f}")
            else:
                text += _("; its mean {item} is {value}, against {value_all} over all").format(
                    item=codebook.label(item, lang).lower(), value=f"{value:.1f}",
                    value_all=f"{r.value_all:.1f}")
        out.append(_("{sentence}.").format(sentence=text))
    return out


def targets_markdown(results: Results, wave: str, codebook: Codebook) -> str:
    """:func:`target_sentences` as an inert Markdown list ("" without targets)."""
    from csvalue.report.inert import inert

    return "\n".join(f"- {inert(s)}" for s in target_sentences(results, wave, codebook))


def portrait_sentences(results: Results, wave: str, codebook: Codebook,
                       most: int = 3) -> list[str]:
    """A portrait of each segment from its significant residuals: its size and CLS, the
    profile categories most over- and under-represented in it (up to ``most`` each, strongest
    first), and its most over-represented loyalty tier.

    Example
    -------
    >>> from csvalue import load_codebook
    >>> cells = pd.DataFrame({"wave": "2025", "variable": "customer_type",
    ...     "category": ["clinic", "pharmacy"], "segment": "a", "pct": [70.0, 30.0],
    ...     "expected": [56.0, 44.0], "adj_resid": [3.1, -3.1], "suppressed": False})
    >>> seg = pd.DataFrame({"wave": "2025", "segment": ["a"], "label": ["Work-value"],
    ...                     "share": [15.1], "cls": [63.7]})
    >>> tg = pd.DataFrame({"wave": "2025", "segment": ["a"], "loyalist_resid": [-6.2],
    ...     "apostle_resid": [-2.0], "love-hate_resid": [-3.8], "inferior_resid": [10.2]})
    >>> res = Results({"segment_profiles": cells, "segments": seg, "targeting": tg}, {})
    >>> portrait_sentences(res, "2025", load_codebook())
    ['Work-value (15.1%, CLS 63.7): more often customer type: Clinic (70% vs 56%); less often customer type: Pharmacy (30% vs 44%); above all Inferior customers.']
    """
    p = results.table("segment_profiles", wave).copy()
    p["suppressed"] = p["suppressed"].astype(bool)
    p["overall"] = 100 * p["expected"] / p.groupby(["variable", "segment"])["expected"].transform("sum")
    p = p[~p["suppressed"] & p["adj_resid"].notna()]
    segs = results.table("segments", wave)
    tg = results.table("targeting", wave).set_index("segment") if "targeting" in results.tables \
        else pd.DataFrame()
    ids = tier_ids(codebook)
    out = []
    for r, lab in zip(segs.itertuples(), segment_labels(segs, codebook)):
        g = p[p["segment"] == r.segment]
        parts = []
        for word, sel in ((N_("more often {categories}"), g["adj_resid"] > RESID_CRIT),
                          (N_("less often {categories}"), g["adj_resid"] < -RESID_CRIT)):
            top = g[sel].reindex(g.loc[sel, "adj_resid"].abs()
                                 .sort_values(ascending=False, kind="stable").index).head(most)
            if len(top):
                parts.append(_(word).format(categories=", ".join(
                    _("{category} ({share}% vs {overall}%)").format(
                        category=_category_phrase(codebook, c.variable, c.category),
                        share=f"{c.pct:.0f}", overall=f"{c.overall:.0f}")
                    for c in top.itertuples())))
        cols = [f"{t}_resid" for t in ids]
        if r.segment in tg.index and set(cols) <= set(tg.columns):
            resid = tg.loc[r.segment, cols].astype(float)
            if resid.notna().any() and resid.max() > 0:
                tier = ids[int(np.nanargmax(resid.to_numpy()))]
                parts.append(_("above all {tier} customers").format(
                    tier=codebook.label(tier, label_language())))
        if parts:
            text = _("{segment} ({share}%, CLS {cls}): {portrait}.")
        else:
            text = _("{segment} ({share}%, CLS {cls}): no profile category stands out.")
        out.append(text.format(segment=lab, share=f"{r.share:.1f}", cls=f"{r.cls:.1f}",
                               portrait="; ".join(parts)))
    return out


def _category_phrase(codebook: Codebook, variable: str, code: object) -> str:
    """A profile category in a sentence, as the representation table has it: "customer
    type: Clinic"."""
    return _("{item}: {category}").format(
        item=lower_first(codebook.label(variable, label_language())),
        category=category_label(codebook, variable, code))


def portraits_markdown(results: Results, wave: str, codebook: Codebook) -> str:
    """:func:`portrait_sentences` as an inert Markdown list."""
    from csvalue.report.inert import inert

    return "\n".join(f"- {inert(s)}" for s in portrait_sentences(results, wave, codebook))
