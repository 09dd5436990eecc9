"""The report functions the chapters call: what they glue, show and say, each checked against
the result tables it reads (or a hand computation)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from csvalue import report as r
from csvalue.pipeline.results import Results
from csvalue.pipeline.trends import TrendTables
from csvalue.report import appendix, concepts, teaching
from csvalue.report import xref
from csvalue.report.inert import inert


@pytest.fixture
def glued(monkeypatch):
    """Every glue call as (name, value), in order."""
    import myst_nb

    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: calls.append(
        (name, value)))
    return calls


@pytest.fixture
def shown(monkeypatch):
    """Every display call's Markdown text, in order."""
    import IPython.display

    out: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: out.append(obj.data))
    return out


def test_glue_all_glues_in_order_text_as_text_and_numbers_as_plain_floats(glued):
    last = r.glue_all({"wave": "2025", "n": np.int64(2000), "share": np.float64(0.5)})
    assert glued == [("wave", "2025"), ("n", 2000.0), ("share", 0.5)]
    assert all(type(v) in (str, float) for _, v in glued) and last == 0.5
    assert r.glue_all({}) is None


def company_indices():
    return pd.DataFrame({"wave": "2025", "scope": ["company"] * 4 + ["division:emr"] * 4,
                         "index": ["cvi", "cls", "cs", "nps"] * 2,
                         "value": [76.6, 75.3, 77.8, 7.8, 75.8, 74.2, 76.9, 5.1],
                         "n": [1990, 1995, 2000, 2000, 830, 835, 838, 838]})


def test_index_and_division_facts_are_the_rows_of_the_indices_table(codebook):
    model = {"cls_weights": {"repurchase": 0.43, "recommend": 0.57},
             "cls_weights_source": "estimated on 2024",
             "thresholds": {"small_base": 30, "disclosure_min": 5}}
    res = Results({"indices": company_indices()}, model)
    facts = r.index_facts(res, "2025")
    assert [facts[k] for k in ("cvi", "cls", "cs", "nps")] == [76.6, 75.3, 77.8, 7.8]
    assert (facts["w_rep"], facts["w_source"], facts["disclosure_min"]) == (
        0.43, "estimated on 2024", 5)
    div = r.division_facts(res, "2025", "emr", codebook)
    assert div == {"division_name": "the EMR software division", "cvi": 75.8, "cls": 74.2,
                   "nps": 5.1, "n": 838}   # n: the CS base, as the chapter has always said
    assert r.division_scopes(res, "2025") == ["company", "division:emr"]
    assert r.group_scopes(res, "2025") == []


def test_quadrant_facts_name_the_values_of_each_quadrant(codebook):
    m = pd.DataFrame({"value": ["stability", "efficiency", "leisure"],
                      "quadrant": ["improve", "improve", "differentiate"],
                      "impact_source": "own"})
    facts = r.quadrant_facts(m, codebook)
    assert facts["q_improve"] == r.join_words(
        [r.lower_first(codebook.label(v, "en")) for v in ("stability", "efficiency")])
    assert facts["q_strengthen"] == facts["q_discover"] == "none"
    assert facts["source_note"] == ""
    borrowed = r.quadrant_facts(m.assign(impact_source="company"), codebook)["source_note"]
    assert "too small to estimate its own impacts" in borrowed


def test_the_errc_tables_come_in_grid_order_each_under_its_value(codebook, shown):
    e = pd.DataFrame({"value": ["reassurance", "stability", "stability"],
                      "benefit": ["image", "speed", "cost"], "impact": [0.3, 0.2, 0.1],
                      "satisfaction": [70.0, 60.0, 65.0], "action": ["create", "raise", "review"]})
    r.show_errc_tables(e, codebook)
    # the names come from the codebook: shown as written, never as markup
    assert shown[0] == f"**{inert(r.label(codebook, 'reassurance'))}**"
    assert shown[2] == f"**{inert(r.label(codebook, 'stability'))}**"
    assert shown[3] == r.table_markdown(r.errc_table(e, "stability", codebook),
                                        {"impact": 3, "satisfaction": 1})
    assert r.grids_sentence(e) == ("There are 2 grids, one per target value, in the order of "
                                   "priority.")
    assert r.grids_sentence(e.iloc[:1]).startswith("There is 1 grid,")


def test_the_section_charts_are_titled_for_their_scope(codebook):
    m = pd.DataFrame({"value": ["stability", "reassurance"], "importance": [.2, .3],
                      "gap": [13.0, 2.2], "quadrant": ["improve", "strengthen"],
                      "importance_cross": .25, "gap_cross": 7.6})
    fig = r.section_matrix_chart(m, "division:pms", codebook)
    assert fig.axes[0].get_title() == "Strategy matrix — Pharmacy management software division"
    r.figures.close(fig)


def test_cvi_drivers_and_simulation_read_their_tables(codebook):
    impacts = pd.DataFrame({"wave": "2025", "scope": "company", "layer": 1,
                            "outcome": ["cvi", "cvi", "cs"],
                            "predictor": ["stability", "reassurance", "stability"],
                            "beta": [0.26, 0.28, 0.9], "p_value": [0.001, 0.02, 0.0],
                            "relative_weight": [0.3, 0.25, 0.5], "shapley": [0.31, 0.24, 0.5],
                            "ci_low": [0.2, 0.2, 0.8], "ci_high": [0.3, 0.35, 1.0],
                            "r2": [0.6, 0.6, 0.7]})
    sim = pd.DataFrame({"wave": "2025", "scope": "company", "benefit": ["image", "all"],
                        "delta": 0.5, "cvi": [2.5, 11.0]})
    res = Results({"impacts": impacts, "simulation": sim}, {})
    facts = r.cvi_driver_facts(res, "2025", codebook)
    assert facts["top_value"] == r.lower_first(codebook.label("reassurance", "en"))
    assert facts["top_beta"] == 0.28 and facts["cvi_r2_pct"] == pytest.approx(60.0)
    table = r.cvi_driver_table(res, "2025", codebook).data
    assert len(table) == 2 and table["relative_weight"].tolist() == [30.0, 25.0]
    assert r.simulation_facts(res, "2025") == {"delta": 0.5, "all_cvi": 11.0}


def test_segment_facts_glue_what_the_chapter_cites(codebook):
    seg = pd.DataFrame({"wave": "2025", "kmo": [0.81], "bartlett_chi2": [100.0],
                        "bartlett_df": [10], "bartlett_p": [0.2], "factor_rule": ["fixed (4)"],
                        "n_factors": [4], "method": ["ml"], "rotation": ["promax"], "k": [3],
                        "k_rule": ["fixed"], "n_unsegmented": [1], "n_respondents": [10],
                        "non_positive_promoters": [0]})
    loyalty = pd.DataFrame({"wave": "2025", "tier": ["loyalist", "apostle", "love-hate",
                                                     "inferior"], "share": [15, 11, 41, 33]})
    res = Results({"segmentation": seg, "loyalty": loyalty}, {})
    f = r.factor_facts(res, "2025")
    assert (f["kmo_verdict"], f["bartlett_verdict"], f["retention"], f["method"]) == (
        "meritorious", "does not reject", "The settings fix the model at", "maximum likelihood")
    assert f["rotation"] == "promax rotation (oblique)" and f["n_factors"] == 4.0
    tiers = r.tier_facts(res, "2025", codebook)
    assert list(tiers) == ["tier_loyalist", "tier_apostle", "tier_love_hate", "tier_inferior",
                           "disclosure_min"]
    assert sum(tiers[k] for k in list(tiers)[:4]) == 100
    assert r.unsegmented_note(res, "2025", codebook).startswith("1 of the 10 respondents")
    assert r.promoter_note(res, "2025", codebook).startswith("Every promoter")


def two_wave_trends() -> TrendTables:
    ind = pd.DataFrame({"wave": ["2024", "2025"], "index": "cvi", "value": [75.2, 76.6],
                        "ci_low": [74.4, 75.8], "ci_high": [76.0, 77.3], "n": [2000, 2000]})
    ch = pd.DataFrame({"wave_a": ["2024"], "wave_b": ["2025"], "index": ["cvi"],
                       "sample": ["all"], "a": [75.2], "b": [76.6], "change": [1.4],
                       "ci_low": [0.3], "ci_high": [2.5], "p_value": [0.01], "n_a": [2000],
                       "n_b": [2000], "significant": [True]})
    tiers = ["loyalist", "apostle", "love-hate", "inferior"]
    mig = pd.DataFrame({"from_tier": tiers, "n": [100, 50, 200, 150],
                        **{t: [10.0] * 4 for t in tiers},
                        **{f"{t}_pct": [49.0, 20.0, 5.0, 1.0] for t in tiers}})
    comp = pd.DataFrame({"label": ["Overall satisfaction"], "n": [812], "own": [77.1],
                         "competitor": [71.0], "diff": [6.1], "lo": [4.9], "hi": [7.3],
                         "p": [1e-12]})
    return TrendTables(("2024", "2025"), 4000, ind, ch, mig, ("2024", "2025"), None, None, comp)


def test_the_management_tables_and_migration_facts(codebook):
    t = two_wave_trends()
    assert r.trend_table(t).iloc[0]["Waves"] == "2024\u00a0→\u00a02025"
    facts = r.migration_facts(t, codebook)
    assert facts == {"loyal_stay": "49% of the earlier wave's loyalists are loyalists again",
                     "panel": 500}
    fig = r.migration_chart(t, codebook)
    assert fig.axes[0].get_title() == "Loyalty tiers 2024 → 2025"
    r.figures.close(fig)
    assert r.disc_tables(t) == []
    assert [list(d.columns) for d in r.competitor_tables(t)][0][-1] == "p"
    one = TrendTables(("2025",), 2000, t.indices.iloc[1:], t.changes.iloc[:0], None, None,
                      None, None, t.competitor.iloc[:0])
    assert r.trend_table(one).columns.tolist() == ["Wave", "Index", "Value", "95% CI", "n"]
    assert r.migration_facts(one)["panel"] == 0 and r.competitor_tables(one) == []


def test_wave_disconfirmation_facts_count_by_hand(codebook):
    # two respondents, two pairs: gaps (+1, −2) and (0, 0) → 1 below, 2 as expected, 1 above
    d = pd.DataFrame({"eb_speed": [3.0, 4.0], "b_speed": [4.0, 4.0],
                      "eb_image": [5.0, 2.0], "b_image": [3.0, 2.0]})
    pairs = {"speed": ("eb_speed", "b_speed"), "image": ("eb_image", "b_image")}
    facts = concepts.wave_disconfirmation_facts(d, pairs, teaching.disconfirmation_shares(
        d, pairs), codebook)
    assert (facts["cs_wave_dis"], facts["cs_wave_sat"], facts["cs_wave_del"]) == (25, 50, 25)
    assert facts["cs_wave_gap"] == pytest.approx(-0.25)
    # respondent means: (1 − 2)/2 < 0 → dissatisfied; 0 → satisfied
    assert facts["cs_wave_resp_dissatisfied"] == 50 and facts["cs_wave_resp_delighted"] == 0
    assert facts["cs_wave_best_text"] == r.lower_first(codebook.label("speed"))


def test_retention_facts_are_the_closed_form_clv():
    f = concepts.retention_facts(100.0, 0.10, 0.20, 0.15, 10)
    assert f["ret_clv_low"] == pytest.approx(100 * 0.8 / (1.1 - 0.8))
    assert f["ret_clv_high"] == pytest.approx(100 * 0.85 / (1.1 - 0.85))
    assert f["ret_num_low"] / f["ret_denom_low"] == pytest.approx(f["ret_clv_low"])
    assert f["ret_surv_low"] == pytest.approx(1000 * 0.8 ** 10)
    both = concepts.retention_comparison(100.0, 0.10, 0.20, 0.15, 10)
    assert both.iloc[-1, 3] == pytest.approx(f["ret_cum_low"]) and len(both) == 10


def test_nps_example_facts_rebuild_the_standard_error():
    ex = teaching.nps_of(teaching.nps_example())
    f = concepts.nps_example_facts(ex)
    assert 100 * math.sqrt(f["nps_ex_var"]) == pytest.approx(f["nps_ex_se"])
    assert f["nps_ex_nadj"] == f["nps_ex_n"] + 3
    assert f["nps_ex_ap"] == pytest.approx((f["nps_ex_promoters"] + 0.75) / f["nps_ex_nadj"])
    table = concepts.nps_comparison({"a": ex, "b": ex})
    assert table["data"].tolist() == ["a", "b"] and table["NPS"].iloc[0] == pytest.approx(15)


def test_servqual_tables_keep_the_dimensions_in_the_sources_order():
    scores, weights = teaching.servqual_example()
    dims = [d[0] for d in teaching.SERVQUAL_DIMENSIONS]
    assert concepts.servqual_answer_table(scores, weights).data["dimension"].tolist() == dims
    f = concepts.servqual_facts(teaching.servqual_gaps(scores, weights))
    assert f["sq_overall"] == pytest.approx(np.mean([f[f"sq_gap_{d}"] for d in dims]))
    assert f["sq_weighted"] == pytest.approx(sum(f[f"sq_w_{d}"] * f[f"sq_gap_{d}"]
                                                 for d in dims))


def test_the_data_quality_appendix_prefers_the_analysis_counts(tmp_path, codebook):
    (tmp_path / "quality.csv").write_text(
        "wave,measure,detail,n\n2024,rows_read,,50\n2024,accepted,,45\n2024,rejected,,5\n"
        "2025,rows_read,,30\n2025,accepted,,30\n2025,rejected,,0\n", encoding="utf-8")
    counts = appendix.quality_counts(tmp_path, tmp_path / "no_such_wave.csv", codebook)
    facts = appendix.quality_facts(appendix.quality_table(counts))
    assert (facts["dq_waves"], facts["dq_read"], facts["dq_rejected"]) == (2, 80, 5)
    assert facts["dq_rejected_pct"] == pytest.approx(100 * 5 / 80)
    assert facts["dq_waves_text"] == "2 waves"


def test_the_codebook_appendix_says_when_a_block_is_missing(shown):
    appendix.show_codebook_table({"goals": pd.DataFrame({"index": ["CVI"]})}, "goals")
    appendix.show_codebook_table({}, "competitor")
    assert shown[0].startswith("| index") and shown[1] == "*This instrument has no such block.*"


class _Node(dict):
    pass


def test_xref_drops_only_references_into_chapters_left_out(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "02_impact.md").write_text("# Impact analysis\n\n(tbl-gains)=\n",
                                            encoding="utf-8")
    (notebooks / "03_company_tasks.md").write_text(":name: fig-matrix\n", encoding="utf-8")

    class App:
        srcdir = str(tmp_path)

        def connect(self, event, handler):
            self.handler = handler

    class Env:
        found_docs = {"book/_generated/03_company_tasks", "index"}

    app = App()
    xref.setup(app)
    text = object()
    # into a chapter left out: the author's own text, else the chapter's title (no link)
    explicit = _Node(reftype="ref", reftarget="tbl-gains", refexplicit=True)
    assert app.handler(app, Env, explicit, text) is text
    for node in (_Node(reftype="ref", reftarget="tbl-gains"),
                 _Node(reftype="doc", reftarget="02_impact")):
        assert app.handler(app, Env, node, text).astext() == "Impact analysis"
    # into a chapter that is built, or to a label no chapter defines: Sphinx still warns
    assert app.handler(app, Env, _Node(reftype="numref", reftarget="fig-matrix"), text) is None
    assert app.handler(app, Env, _Node(reftype="ref", reftarget="tbl-typo"), text) is None


def test_sentences_shown_as_markdown_carry_no_markup_from_the_data(codebook, shown):
    """Labels and wave names come from the user's files: a sentence with one in it is shown as
    written (every markup character escaped), never rendered as HTML, a role or a heading."""
    hostile = "<b>2025</b> {raw}`x` # h"
    r.show_sentence(r.stored_sentence([hostile], 10))
    assert "<b>" not in shown[0] and "{raw}" not in shown[0]
    assert shown[0] == inert(r.stored_sentence([hostile], 10))
    res = Results({"indices": pd.DataFrame({"wave": "2025", "scope": "company",
                                            "index": ["cvi"], "value": [76.56],
                                            "ci_low": [75.82], "ci_high": [77.29]})},
                  {"waves": [{"wave": "2025"}], "goals": {"cvi": 75.0}})
    line = r.findings_markdown(res, codebook)
    assert line.startswith("- CVI is 76\\.6\xa0\\[75\\.8")   # renders as "76.6 [75.8"
