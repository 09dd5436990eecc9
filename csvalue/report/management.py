"""The management chapter in tables, figures and words: what the survey measures, the trends
read back from the CS information database, loyalty migration, DiSC personality types and the
comparison with the main competitor. The database's tables come aggregated, as a
:class:`csvalue.pipeline.trends.TrendTables` (:func:`csvalue.report.chapter.load_trends`).

Example
-------
>>> stored_sentence(["2024", "2025"], 4000)
'The database holds 2 waves (2024 and 2025), 4,000 respondent answers in all.'
"""

from __future__ import annotations

import pandas as pd

from csvalue.instrument.codebook import Codebook, load_codebook
from csvalue.model.disc import MIXED
from csvalue.pipeline.trends import TrendTables
from csvalue.report.figures import migration_figure, note_figure
from csvalue.report.format import (INDEX_LABELS, NBSP, format_number, format_p, interval_text,
                                   join_words)
from csvalue.report.i18n import N_, Messages, _, label_language, ngettext

#: The p-value adjustments of :data:`csvalue.stats.multitest.METHODS` in words.
METHODS = Messages({"holm": N_("Holm's step-down adjustment (family-wise error rate)"),
                    "bh": N_("the Benjamini–Hochberg adjustment (false discovery rate)"),
                    "none": N_("no adjustment")})


def measurement_inventory(codebook: Codebook) -> pd.DataFrame:
    """What the survey measures, block by block, rendered from the codebook: block, items,
    scale, examples.

    Example
    -------
    >>> measurement_inventory(load_codebook()).iloc[0][["Block", "Scale"]].tolist()
    ['Profile', 'categories']
    """
    rows = []
    names = Messages({"profile": N_("Profile"), "benefit": N_("Benefit satisfaction"),
                      "benefit_expectation": N_("Benefit expectation"),
                      "value": N_("Value satisfaction"),
                      "value_expectation": N_("Value expectation"), "index": N_("Index items"),
                      "competitor": N_("Competitor"), "personality": N_("Personality (DiSC)"),
                      "voc": N_("Voice of the customer")})
    for block, name in names.items():
        items = codebook.block(block)
        if not items:
            continue
        scales = sorted({f"{it.scale[0]:g}–{it.scale[1]:g}" for it in items
                         if it.scale and it.kind == "scale"})
        rows.append({"block": name, "items": len(items),
                     "scale": ", ".join(scales) or (_("categories") if block == "profile"
                                                     else _("free text")),
                     "examples": ", ".join(it.label(label_language()) for it in items[:3])
                     + (" …" if len(items) > 3 else "")})
    heads = {"block": _("Block"), "items": _("Items"), "scale": _("Scale"),
             "examples": _("Examples")}
    return pd.DataFrame(rows, columns=list(heads)).rename(columns=heads)


# ---------------------------------------------------------------------------------------
# Trends and migration (from the database: csvalue.pipeline.trends)
# ---------------------------------------------------------------------------------------

#: How each sample of a test of change (:data:`csvalue.stats.change.SAMPLES`) reads.
SAMPLE_LABELS = Messages({"all": N_("all respondents"), "panel": N_("panel (paired)")})


def wave_pair(a: object, b: object) -> str:
    """Two waves as a table cell, ``"2024 → 2025"`` with non-breaking spaces, so that a narrow
    column never breaks it over three lines.

    Example
    -------
    >>> wave_pair("2024", 2025)
    '2024\xa0→\xa02025'
    """
    return f"{a}{NBSP}→{NBSP}{b}"


def change_display(changes: pd.DataFrame) -> pd.DataFrame:
    """The tests of change for display: Waves ("2024 → 2025"), Index, Sample, Earlier, Later,
    Change, 95% CI (text "[low, high]"), p (text, "<0.001"), p adjusted (when the table has
    ``p_adjusted``), n ("2,000 / 1,990" for the earlier and later wave, one number when they
    agree).

    Example
    -------
    >>> ch = pd.DataFrame({"wave_a": ["2024"], "wave_b": ["2025"], "index": ["nps"],
    ...     "sample": ["panel"], "a": [4.6], "b": [7.8], "change": [3.2], "ci_low": [-1.2],
    ...     "ci_high": [7.6], "p_value": [0.15], "n_a": [1990], "n_b": [1990]})
    >>> change_display(ch).iloc[0][["Waves", "Sample", "95% CI", "p", "n"]].tolist()
    ['2024\xa0→\xa02025', 'panel (paired)', '[−1.2,\xa07.6]', '0.150', '1,990']
    """
    out = pd.DataFrame({
        _("Waves"): [wave_pair(a, b) for a, b in zip(changes["wave_a"], changes["wave_b"])],
        _("Index"): [INDEX_LABELS.get(k, k) for k in changes["index"]],
        _("Sample"): [SAMPLE_LABELS.get(k, k) for k in changes["sample"]],
        _("Earlier"): changes["a"].to_numpy(dtype=float),
        _("Later"): changes["b"].to_numpy(dtype=float),
        _("Change"): changes["change"].to_numpy(dtype=float),
        _("95% CI"): [interval_text(lo, hi)
                      for lo, hi in zip(changes["ci_low"], changes["ci_high"])],
        "p": [format_p(v) for v in changes["p_value"]],
        "n": [f"{int(a):,}" if a == b else f"{int(a):,} / {int(b):,}"
              for a, b in zip(changes["n_a"], changes["n_b"])],
    })
    if "p_adjusted" in changes:
        out.insert(8, _("p adjusted"), [format_p(v) for v in changes["p_adjusted"]])
    return out


def index_display(indices: pd.DataFrame) -> pd.DataFrame:
    """:func:`csvalue.pipeline.trends.wave_indices` for display: Wave, Index, Value, 95% CI, n.

    Example
    -------
    >>> ind = pd.DataFrame({"wave": [2025], "index": ["cvi"], "value": [76.6], "ci_low": [75.8],
    ...                     "ci_high": [77.3], "n": [2000]})
    >>> index_display(ind).values.tolist()
    [['2025', 'CVI', 76.6, '[75.8,\xa077.3]', 2000]]
    """
    return pd.DataFrame({
        _("Wave"): indices["wave"].astype(str).to_numpy(),
        _("Index"): [INDEX_LABELS.get(k, k) for k in indices["index"]],
        _("Value"): indices["value"].to_numpy(dtype=float),
        _("95% CI"): [interval_text(lo, hi)
                      for lo, hi in zip(indices["ci_low"], indices["ci_high"])],
        "n": indices["n"].to_numpy(),
    })


def trend_table(trends: TrendTables) -> pd.DataFrame:
    """The trend table of the chapter: the tests of change (:func:`change_display`), or,
    with one stored wave, its indices (:func:`index_display`).

    Example
    -------
    >>> ind = pd.DataFrame({"wave": ["2025"], "index": ["cvi"], "value": [76.6],
    ...                     "ci_low": [75.8], "ci_high": [77.3], "n": [2000]})
    >>> one = TrendTables(("2025",), 2000, ind, pd.DataFrame(), None, None, None, None,
    ...                   pd.DataFrame())
    >>> trend_table(one).columns.tolist()
    ['Wave', 'Index', 'Value', '95% CI', 'n']
    """
    if trends.pairs is not None and len(trends.pairs):
        shown = trends.pairs[trends.pairs["previous"] | trends.pairs["base"]]
        return change_display(shown.sort_values(["wave_b", "wave_a"], ascending=[True, False],
                                                kind="stable"))
    if len(trends.changes):
        return change_display(trends.changes)
    return index_display(trends.indices)


def adjustment_facts(trends: TrendTables) -> dict[str, str]:
    """How the p-values of the trend families were adjusted, for the chapter's prose:
    ``p_adjust_method`` (e.g. "Holm's step-down adjustment (family-wise error rate)").

    Example
    -------
    >>> one = TrendTables(("2025",), 2000, pd.DataFrame(), pd.DataFrame(), None, None, None,
    ...                   None, pd.DataFrame(), p_adjust="bh")
    >>> adjustment_facts(one)["p_adjust_method"]
    'the Benjamini–Hochberg adjustment (false discovery rate)'
    """
    return {"p_adjust_method": METHODS.get(trends.p_adjust, trends.p_adjust)}


def results_adjustment_facts(results) -> dict[str, str]:
    """:func:`adjustment_facts` of an analysis (its settings' ``p_adjust``), for a chapter
    that reads the results rather than the trends (the segment profile tests).

    Example
    -------
    >>> from csvalue.pipeline.results import Results
    >>> results_adjustment_facts(Results({}, {"settings": {"p_adjust": "holm"}}))
    {'p_adjust_method': "Holm's step-down adjustment (family-wise error rate)"}
    """
    method = str(results.model.get("settings", {}).get("p_adjust", "holm"))
    return {"p_adjust_method": METHODS.get(method, method)}


def pair_matrix(trends: TrendTables, sample: str = "all") -> pd.DataFrame:
    """The significance matrix of every pair of waves: one row per index and earlier wave, one
    column per later wave, each cell the change ("+1.3") with a star where it is significant
    after the adjustment (p adjusted < .05), empty below the diagonal. No rows with one wave.

    Example
    -------
    >>> pairs = pd.DataFrame({"wave_a": ["2024", "2024", "2025"], "wave_b": ["2025", "2026",
    ...     "2026"], "index": "cvi", "sample": "all", "change": [1.34, 2.0, 0.66],
    ...     "significant": [True, True, False]})
    >>> t = TrendTables(("2024", "2025", "2026"), 0, pd.DataFrame(), pd.DataFrame(), None,
    ...                 None, None, None, pd.DataFrame(), pairs=pairs)
    >>> pair_matrix(t).values.tolist()
    [['CVI', '2024', '+1.3 *', '+2.0 *'], ['CVI', '2025', '', '+0.7']]
    """
    pairs = trends.pairs
    later = list(trends.waves[1:])
    index, start = _("Index"), _("From")
    if pairs is None or pairs.empty:
        return pd.DataFrame(columns=[index, start] + later)
    rows = []
    p = pairs[pairs["sample"] == sample]
    for idx in dict.fromkeys(p["index"]):
        for wa in trends.waves[:-1]:
            cells = p[(p["index"] == idx) & (p["wave_a"] == wa)].set_index("wave_b")
            row = {index: INDEX_LABELS.get(idx, idx), start: str(wa)}
            for wb in later:
                row[wb] = (format_number(cells.loc[wb, "change"], 1, sign=True)
                           + (" *" if bool(cells.loc[wb, "significant"]) else "")
                           if wb in cells.index else "")
            rows.append(row)
    return pd.DataFrame(rows, columns=[index, start] + later)


#: The parts of the CVI change (:data:`csvalue.model.cvi_change.PARTS`) as headers.
PART_HEADERS = Messages({"division_mix": N_("Division mix"),
                         "value_performance": N_("Value performance"),
                         "value_importance": N_("Value importance"), "other": N_("Other")})


def decomposition_table(trends: TrendTables) -> pd.DataFrame:
    """The CVI change of each pair of consecutive waves and its parts (index points):
    Waves, Earlier, Later, Change, Division mix, Value performance, Value importance, Other.

    Example
    -------
    >>> d = pd.DataFrame({"wave_a": "2024", "wave_b": "2025", "cvi_a": 75.2, "cvi_b": 76.6,
    ...     "change": 1.34, "part": list(PART_HEADERS), "points": [0.02, 1.8, -0.27, -0.21]})
    >>> t = TrendTables(("2024", "2025"), 0, pd.DataFrame(), pd.DataFrame(), None, None,
    ...                 None, None, pd.DataFrame(), decomposition=d)
    >>> decomposition_table(t).columns.tolist()[3:5]
    ['Change', 'Division mix']
    """
    d = trends.decomposition
    heads = [_("Waves"), _("Earlier"), _("Later"), _("Change")]
    cols = [*heads, *PART_HEADERS.values()]
    if d is None or d.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for (wa, wb), g in d.groupby(["wave_a", "wave_b"], sort=False):
        parts = g.set_index("part")["points"]
        rows.append({heads[0]: wave_pair(wa, wb), heads[1]: float(g["cvi_a"].iloc[0]),
                     heads[2]: float(g["cvi_b"].iloc[0]), heads[3]: float(g["change"].iloc[0]),
                     **{h: float(parts.get(k, float("nan"))) for k, h in PART_HEADERS.items()}})
    return pd.DataFrame(rows, columns=cols)


def decomposition_facts(trends: TrendTables) -> dict[str, float | str]:
    """What the chapter says of the latest year's CVI change: ``cvi_change`` and the part
    that moved it most (``cvi_main_part``, in words, and ``cvi_main_points``).

    Example
    -------
    >>> d = pd.DataFrame({"wave_a": "2024", "wave_b": "2025", "cvi_a": 75.2, "cvi_b": 76.6,
    ...     "change": 1.34, "part": list(PART_HEADERS), "points": [0.02, 1.8, -0.27, -0.21]})
    >>> t = TrendTables(("2024", "2025"), 0, pd.DataFrame(), pd.DataFrame(), None, None,
    ...                 None, None, pd.DataFrame(), decomposition=d)
    >>> decomposition_facts(t)
    {'cvi_change': 1.34, 'cvi_main_part': 'value performance', 'cvi_main_points': 1.8}
    """
    d = trends.decomposition
    if d is None or d.empty:
        return {"cvi_change": float("nan"), "cvi_main_part": _("none"), "cvi_main_points": 0.0}
    last = d[d["wave_b"] == d["wave_b"].iloc[-1]]
    top = last.loc[last["points"].abs().idxmax()]
    return {"cvi_change": float(top["change"]),
            "cvi_main_part": PART_HEADERS[top["part"]].lower(),
            "cvi_main_points": float(top["points"])}


def symmetry_sentence(trends: TrendTables) -> str:
    """Bowker's test on the panel's tier moves of the last two waves, as a sentence.

    Example
    -------
    >>> s = pd.DataFrame({"wave_a": ["2024"], "wave_b": ["2025"], "statistic": [4.09],
    ...                   "df": [6], "p_value": [0.665], "n": [800], "p_adjusted": [0.665]})
    >>> t = TrendTables(("2024", "2025"), 0, pd.DataFrame(), pd.DataFrame(), None, None,
    ...                 None, None, pd.DataFrame(), symmetry=s)
    >>> symmetry_sentence(t)
    "Between 2024 and 2025 the panel's tiers moved up about as often as down (Bowker's test of symmetry: χ² = 4.09, df = 6, p = 0.665)."
    """
    s = trends.symmetry
    if s is None or s.empty:
        return _("With one wave stored, no tier moves can be tested yet.")
    r = s.iloc[-1]
    p = float(r["p_adjusted"]) if "p_adjusted" in s and len(s) > 1 else float(r["p_value"])
    if not p < 0.05:
        text = _("Between {earlier} and {later} the panel's tiers moved up about as often as "
                 "down (Bowker's test of symmetry: χ² = {chi2}, df = {df}, p = {p}{adjusted}).")
    else:
        text = _("Between {earlier} and {later} the panel's tiers moved more one way than the "
                 "other (Bowker's test of symmetry: χ² = {chi2}, df = {df}, p = {p}{adjusted}).")
    return text.format(earlier=r["wave_a"], later=r["wave_b"],
                       chi2=f"{float(r['statistic']):.2f}", df=int(r["df"]), p=format_p(p),
                       adjusted=_(", adjusted over the wave pairs") if len(s) > 1 else "")


def stored_sentence(waves: list[str], n_answers: int) -> str:
    """What the database holds, e.g. "The database holds 2 waves (2024 and 2025), 4,000
    respondent answers in all."

    Example
    -------
    >>> stored_sentence(["2025"], 2000)
    'The database holds 1 wave (2025), 2,000 respondent answers in all.'
    """
    names = [str(w) for w in waves]
    held = ngettext("{n} wave", "{n} waves", len(names)).format(n=f"{len(names):,}")
    if names:
        held = _("{waves} ({names})").format(waves=held, names=join_words(names))
    return ngettext("The database holds {waves}, {n} respondent answer in all.",
                    "The database holds {waves}, {n} respondent answers in all.",
                    n_answers).format(waves=held, n=f"{n_answers:,}")


def stayed_sentence(matrix: pd.DataFrame, codebook: Codebook | None = None) -> str:
    """How many of the earlier wave's best tier are in it again, as a clause for the report:
    "49% of the earlier wave's loyalists are loyalists again", or why the share is not shown.

    Example
    -------
    >>> m = pd.DataFrame({"from_tier": ["loyalist"], "n": [100], "loyalist_pct": [48.6]})
    >>> stayed_sentence(m)
    "49% of the earlier wave's loyalists are loyalists again"
    """
    codebook = codebook or load_codebook()
    best = matrix["from_tier"].iloc[0]
    name = codebook.label(best, label_language()).lower()
    row = matrix.iloc[0]
    if row["n"] == 0:
        return _("none of the panel were {tier}s in the earlier wave").format(tier=name)
    if pd.isna(row[f"{best}_pct"]):
        return _("the share of the earlier wave's {tier}s who are {tier}s again is not shown "
                 "(too few respondents in that cell or a cell that would reveal one)"
                 ).format(tier=name)
    return _("{share}% of the earlier wave's {tier}s are {tier}s again").format(
        share=f"{row[f'{best}_pct']:.0f}", tier=name)


def migration_chart(trends: TrendTables, codebook: Codebook | None = None):
    """The heat map of the loyalty-tier migration between the last two stored waves
    (:func:`csvalue.report.figures.migration_figure`); with one stored wave, a figure that
    says there is no migration yet.

    Example
    -------
    >>> from csvalue.report.figures import close
    >>> one = TrendTables(("2025",), 2000, pd.DataFrame(), pd.DataFrame(), None, None, None,
    ...                   None, pd.DataFrame())
    >>> fig = migration_chart(one)
    >>> fig.axes[0].get_title()
    'Only one wave stored: no migration yet'
    >>> close(fig)
    """
    if trends.migration is None:
        return note_figure(_("Only one wave stored: no migration yet"))
    earlier, later = trends.migration_waves
    return migration_figure(trends.migration, _("Loyalty tiers {earlier} → {later}").format(
        earlier=earlier, later=later), codebook)


def migration_facts(trends: TrendTables, codebook: Codebook | None = None
                    ) -> dict[str, float | str]:
    """What the migration section says: what became of the best tier (``loyal_stay``,
    :func:`stayed_sentence`) and how many panel respondents have a tier in both waves
    (``panel``; 0 with one stored wave).

    Example
    -------
    >>> one = TrendTables(("2025",), 2000, pd.DataFrame(), pd.DataFrame(), None, None, None,
    ...                   None, pd.DataFrame())
    >>> migration_facts(one)
    {'loyal_stay': 'no tier can be followed before a second wave is stored', 'panel': 0}
    """
    if trends.migration is None:
        return {"loyal_stay": _("no tier can be followed before a second wave is stored"),
                "panel": 0}
    return {"loyal_stay": stayed_sentence(trends.migration, codebook),
            "panel": int(trends.migration["n"].sum())}


# ---------------------------------------------------------------------------------------
# DiSC personality types (csvalue.model.disc)
# ---------------------------------------------------------------------------------------

#: What each type means for how the customer is served, read from the two axes of the DiSC
#: model (fast vs slow pace, task vs relationship orientation).
SERVICE_GUIDE = pd.DataFrame(
    [
        ("D", N_("Dominance"), N_("fast, task-oriented"),
         N_("Wants results and control. Lead with the outcome and the numbers, offer clear "
            "options and let them decide; keep meetings short and fix problems fast.")),
        ("I", N_("Influence"), N_("fast, relationship-oriented"),
         N_("Wants recognition and contact. Keep up personal visits and events, share new "
            "features early, and invite them to recommend and to speak for the product.")),
        ("S", N_("Steadiness"), N_("slow, relationship-oriented"),
         N_("Wants stability and reassurance. Announce changes well ahead, train patiently, "
            "keep the same contact person and a dependable after-sales routine.")),
        ("C", N_("Conscientiousness"), N_("slow, task-oriented"),
         N_("Wants accuracy and proof. Give documentation, specifications and procedures in "
            "writing, answer questions precisely, and show evidence before asking for a "
            "decision.")),
        (MIXED, N_("Mixed"), N_("no single preference"),
         N_("No dominant style: ask how they like to be served and record it in the customer "
            "file.")),
    ],
    columns=["disc_type", "name", "style", "how_to_serve"],
)


#: Index columns of :func:`csvalue.model.disc.indices_by_type` → display header.
INDEX_HEADERS = {"cs100": "CS", "cls": "CLS", "cvi": "CVI", "nps_score": "NPS"}


def type_name(code: str) -> str:
    """"D (Dominance)", … "Mixed" for a type code.

    Example
    -------
    >>> type_name("D"), type_name("mixed")
    ('D (Dominance)', 'Mixed')
    """
    names = dict(zip(SERVICE_GUIDE["disc_type"], SERVICE_GUIDE["name"]))
    name = _(names.get(code, str(code)))
    return name if code == MIXED else f"{code} ({name})"


def shares_display(shares: pd.DataFrame) -> pd.DataFrame:
    """:func:`csvalue.model.disc.type_shares` for display: Type, n, Share (%).

    Example
    -------
    >>> shares_display(pd.DataFrame({"disc_type": ["S"], "n": [640], "share": [32.0]})).values.tolist()
    [['S (Steadiness)', 640, 32.0]]
    """
    return pd.DataFrame({_("Type"): [type_name(t) for t in shares["disc_type"]],
                         "n": shares["n"].to_numpy(),
                         _("Share (%)"): shares["share"].to_numpy(dtype=float)})


def indices_display(by_type: pd.DataFrame) -> pd.DataFrame:
    """:func:`csvalue.model.disc.indices_by_type` for display: Type, n, CS, CLS, CVI, NPS
    (mean per type).

    Example
    -------
    >>> indices_display(pd.DataFrame({"disc_type": ["C"], "n": [300], "cvi": [75.5],
    ...                               "nps_score": [4.0]})).columns.tolist()
    ['Type', 'n', 'CVI', 'NPS']
    """
    out = pd.DataFrame({_("Type"): [type_name(t) for t in by_type["disc_type"]],
                        "n": by_type["n"].to_numpy()})
    for col, head in INDEX_HEADERS.items():
        if col in by_type.columns:
            out[_(head)] = by_type[col].to_numpy(dtype=float)
    return out


def guide_display() -> pd.DataFrame:
    """:data:`SERVICE_GUIDE` for display: Type, Pace and focus, How to serve.

    Example
    -------
    >>> guide_display()["Type"].tolist()
    ['D (Dominance)', 'I (Influence)', 'S (Steadiness)', 'C (Conscientiousness)', 'Mixed']
    """
    return pd.DataFrame({_("Type"): [type_name(t) for t in SERVICE_GUIDE["disc_type"]],
                         _("Pace and focus"): [_(v) for v in SERVICE_GUIDE["style"]],
                         _("How to serve"): [_(v) for v in SERVICE_GUIDE["how_to_serve"]]})


def disc_tables(trends: TrendTables) -> list[pd.DataFrame]:
    """The DiSC tables of the latest wave for display — the share of each type
    (:func:`shares_display`), each type's indices (:func:`indices_display`) and how each type
    prefers to be served (:func:`guide_display`) — or none when the wave has no DiSC types.

    Example
    -------
    >>> shares = pd.DataFrame({"disc_type": ["S"], "n": [640], "share": [100.0]})
    >>> by_type = pd.DataFrame({"disc_type": ["S"], "n": [640], "cvi": [76.1]})
    >>> t = TrendTables(("2025",), 640, pd.DataFrame(), pd.DataFrame(), None, None, shares,
    ...                 by_type, pd.DataFrame())
    >>> [d.columns[0] for d in disc_tables(t)], disc_tables(t)[2].shape
    (['Type', 'Type', 'Type'], (5, 3))
    """
    if trends.disc_shares is None:
        return []
    return [shares_display(trends.disc_shares), indices_display(trends.disc_indices),
            guide_display()]


# ---------------------------------------------------------------------------------------
# Own versus competitor (csvalue.model.competitor)
# ---------------------------------------------------------------------------------------

def compare_display(table: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """:func:`csvalue.model.competitor.compare` for display: Item, n, Own, Competitor (means,
    0–100), Difference, 95% CI (text "[low, high]"), p (text, "<0.001").

    Example
    -------
    >>> c = pd.DataFrame({"label": ["Overall satisfaction"], "n": [812], "own": [77.1],
    ...     "competitor": [71.0], "diff": [6.1], "lo": [4.9], "hi": [7.3], "p": [1e-12]})
    >>> compare_display(c).iloc[0][["95% CI", "p"]].tolist()
    ['[4.9,\xa07.3]', '<0.001']
    """
    items = table["label"]
    if label_language() != "en" and "item" in table:   # the label in the edition's language
        from csvalue.report.labels import id_label

        cb = codebook or load_codebook()
        items = pd.Series([id_label(i, cb) if id_label(i, cb) != str(i) else lab
                           for i, lab in zip(table["item"], table["label"])])
    return pd.DataFrame({
        _("Item"): items.to_numpy(),
        "n": table["n"].to_numpy(),
        _("Own"): table["own"].to_numpy(dtype=float),
        _("Competitor"): table["competitor"].to_numpy(dtype=float),
        _("Difference"): table["diff"].to_numpy(dtype=float),
        _("95% CI"): [interval_text(lo, hi) for lo, hi in zip(table["lo"], table["hi"])],
        "p": [format_p(v) for v in table["p"]],
    })


def competitor_tables(trends: TrendTables, codebook: Codebook | None = None
                      ) -> list[pd.DataFrame]:
    """The own-versus-competitor comparison of the latest wave for display
    (:func:`compare_display`), or none when nobody rated the competitor.

    Example
    -------
    >>> t = TrendTables(("2025",), 0, pd.DataFrame(), pd.DataFrame(), None, None, None, None,
    ...                 pd.DataFrame())
    >>> competitor_tables(t)
    []
    """
    return [compare_display(trends.competitor, codebook)] if len(trends.competitor) else []
