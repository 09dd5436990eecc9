"""csvalue.report: tables print what they format, readers see labels, headline sentences say
what the numbers support, goals are graded with their interval, charts keep text legible and
inside the frame. Small made-up results; no build needed."""

from __future__ import annotations

import doctest
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import importlib  # noqa: E402
import pkgutil  # noqa: E402

from csvalue import report  # noqa: E402
from csvalue.pipeline.results import Results  # noqa: E402
from csvalue import report as r  # noqa: E402


@pytest.mark.parametrize("name", [m.name for m in pkgutil.iter_modules(report.__path__)])
def test_doctests(name):
    module = importlib.import_module(f"csvalue.report.{name}")
    assert doctest.testmod(module).failed == 0


# ---------------------------------------------------------------------------------------
# Tables: cells are printed as formatted
# ---------------------------------------------------------------------------------------

def rows(md: str) -> list[list[str]]:
    lines = md.splitlines()
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]


def test_formatted_cells_are_not_reparsed_by_tabulate():
    t = pd.DataFrame({"CVI": [76.0, 77.3], "p": [0.0, 0.2], "loading": [-0.001, 0.512],
                      "n": [1930, 45], "n_text": ["1,930", "45"]})
    md = r.table_markdown(t, {"CVI": 1, "loading": 2})
    body = rows(md)
    assert body[0][0] == "76.0" and body[1][0] == "77.3"        # not "76" beside "77.3"
    assert body[0][1] == "<0.001" and body[1][1] == "0.200"     # not "0"
    assert body[0][2] == "0.00"                                 # not "-0" or "-0.00"
    assert body[0][3] == "1,930" and body[0][4] == "1,930"      # not "1930" beside "1,930"


def test_float_counts_and_wave_numbers():
    t = pd.DataFrame({"n": [1930.0, np.nan], "wave": [2024, 2025], "share": [12.345, 1.0]})
    body = rows(r.table_markdown(t))
    assert body[0] == ["1,930", "2024", "12.3"] and body[1][0] == "–"


def test_numeric_columns_are_right_aligned_and_text_left():
    t = pd.DataFrame({"value": ["Peace of mind"], "β": [0.31], "95% CI": ["74.6–76.0"],
                      "cell": ["76.6 (75.8–77.3)"], "Grade": ["met"]})
    rule = r.table_markdown(t).splitlines()[1].strip("|").split("|")
    assert rule[0].startswith(":") and not rule[0].endswith(":")      # text: left
    assert all(c.endswith(":") and not c.startswith(":") for c in rule[1:4])  # numbers: right
    assert rule[4].startswith(":")


@pytest.mark.parametrize("p, text", [(0.0, "<0.001"), (2e-40, "<0.001"), (0.0009, "<0.001"),
                                     (0.001, "0.001"), (0.01390, "0.014"), (0.5, "0.500"),
                                     (np.nan, "–")])
def test_format_p(p, text):
    assert r.format_p(p) == text


def test_p_phrase():
    assert r.p_phrase(1e-9) == "p < 0.001" and r.p_phrase(0.0139) == "p = 0.014"


def test_private_columns_are_refused():
    with pytest.raises(ValueError):
        r.table_markdown(pd.DataFrame({"resp_id": ["C000001"]}))


# ---------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------

def test_plural():
    assert r.plural(1, "wave") == "1 wave" and r.plural(2, "wave") == "2 waves"
    assert r.plural(0, "grid") == "0 grids" and r.plural(2_000, "respondent") == "2,000 respondents"
    assert r.plural(1, "is", "are", with_number=False) == "is"
    assert r.plural(3, "is", "are", with_number=False) == "are"


def test_join_words():
    assert r.join_words([]) == ""
    assert r.join_words(["a"]) == "a"
    assert r.join_words(["a", "b"]) == "a and b"
    assert r.join_words(["a", "b", "c"]) == "a, b and c"
    joined = r.join_words(["stable operations", "time, cost and work efficiency", "x"])
    assert joined == "stable operations; time, cost and work efficiency; and x"


# ---------------------------------------------------------------------------------------
# Readable headers and labels
# ---------------------------------------------------------------------------------------

def test_lower_first_keeps_acronyms():
    assert r.lower_first("Peace of mind") == "peace of mind"
    assert r.lower_first("EMR software") == "EMR software"
    assert r.lower_first("A/S") == "A/S"


def test_readable_labels_ids_and_headers(codebook):
    t = pd.DataFrame({"benefit": ["convenience"], "benefits": ["convenience, speed, image"],
                      "scope": ["tenure_years:<5y"], "quadrant": ["improve"],
                      "action": ["review"], "cs": [1.0], "nps": [2.0], "cvi": [3.0],
                      "p_value": [0.01], "n_placed": [3], "stability": ["create"]})
    table = r.readable(t, codebook)
    assert list(table.data.columns) == list(t.columns)          # the data keep their names
    out = table.display_frame()
    assert list(out.columns) == ["Benefit", "Benefits that build it", "Group", "Quadrant",
                                 "Action", "CS", "NPS", "CVI", "p", "N placed",
                                 "Stable operations"]
    row = out.iloc[0]
    assert row["Benefit"] == "Ease of work"
    assert row["Benefits that build it"] == "Ease of work; Speed of work; Image and trust"
    assert row["Group"] == "Years as a customer: <5y"
    assert row["Quadrant"] == "Improve" and row["Action"] == "Review/Eliminate"
    assert not [c for c in out.columns if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", str(c))]


def test_scope_labels(codebook):
    assert r.scope_label("company", codebook) == "Company"
    assert r.scope_label("division:emr", codebook) == "Division: EMR software"
    assert r.scope_label("tenure_years:5y+", codebook) == "Years as a customer: 5y+"
    assert r.scope_label("customer_type:clinic", codebook) == "Customer type: Clinic"


# ---------------------------------------------------------------------------------------
# Made-up results
# ---------------------------------------------------------------------------------------

def index_rows(scope: str, values: dict[str, tuple[float, float, float]], n: int = 500):
    return [{"wave": "2025", "scope": scope, "index": k, "value": v, "ci_low": lo,
             "ci_high": hi, "se": 0.4, "n": n, "flag": np.nan}
            for k, (v, lo, hi) in values.items()]


def fake_results(matrix: list[tuple[str, float, float, str]], **extra) -> Results:
    """Results with indices, goals, a strategy matrix (value, importance, gap, quadrant),
    a simulation and a change in CVI."""
    company = {"cs": (77.8, 76.9, 78.7), "cvi": (76.56, 75.82, 77.29),
               "cls": (75.33, 74.63, 76.02), "nps": (7.8, 4.8, 10.8)}
    emr = {"cs": (77.5, 76.1, 78.9), "cvi": (75.8, 74.7, 77.0), "cls": (74.2, 73.1, 75.3),
           "nps": (-3.0, -9.0, 2.0)}
    indices = pd.DataFrame(index_rows("company", company) + index_rows("division:emr", emr))
    m = pd.DataFrame(matrix, columns=["value", "importance", "gap", "quadrant"])
    m["importance_cross"] = m["importance"].mean()
    m["gap_cross"] = m["gap"].mean()
    m.insert(0, "wave", "2025")
    m.insert(1, "scope", "company")
    m["priority"] = m["quadrant"].map({"improve": 1, "strengthen": 2}).fillna(3).astype(int)
    sim = pd.DataFrame({"wave": "2025", "scope": "company", "benefit": ["image", "speed", "all"],
                        "delta": 0.5, "cvi": [2.57, 1.18, 11.3]})
    changes = pd.DataFrame({"wave_a": ["2024"], "wave_b": ["2025"], "sample": ["all"],
                            "index": ["cvi"], "a": [75.214], "b": [76.557], "change": [1.343],
                            "p_value": [0.0139]})
    tables = {"indices": indices, "strategy_matrix": m, "simulation": sim, "changes": changes,
              **extra}
    model = {"waves": [{"wave": "2024"}, {"wave": "2025"}],
             "goals": {"cvi": 75.0, "cls": 75.0, "nps": 10.0},
             "settings": {"alpha": 0.05, "crosshair": "mean"},
             "cls_weights": {"repurchase": 0.43, "recommend": 0.57}}
    return Results(tables, model)


THREE_IMPROVE = [("stability", 0.335, 13.0, "improve"), ("efficiency", 0.185, 15.8, "improve"),
                 ("confidence", 0.276, 11.2, "improve"), ("reassurance", 0.312, 2.2, "strengthen"),
                 ("relationship", 0.08, 13.9, "discover"), ("revenue", 0.0, 15.2, "discover"),
                 ("leisure", 0.0, 1.1, "differentiate")]


def test_goals_are_graded_with_their_interval(codebook):
    res = fake_results(THREE_IMPROVE)
    g = r.goal_grades(res, "2025").set_index("index")
    assert g.loc["cvi", "grade"] == "met"
    assert g.loc["cls", "grade"] == "within"       # 75.3 with 74.6–76.0 is no clear pass
    assert bool(g.loc["cls", "met"])               # … though the point estimate is above
    assert g.loc["nps", "grade"] == "within"
    t = r.goals_table(res, "2025").display_frame().set_index("Index")
    assert t.loc["CLS", "Grade"] == "within the 95% interval of the goal"
    assert t.loc["CLS", "95% CI"] == "[74.6,\xa076.0]" and t.loc["CVI", "Result − goal"] == "+1.6"
    div = r.goals_table(res, "2025", "division:emr").display_frame().set_index("Index")
    assert div.loc["NPS", "Grade"] == "not met" and div.loc["NPS", "Result − goal"] == "−13.0"


# ---------------------------------------------------------------------------------------
# Chapter tables
# ---------------------------------------------------------------------------------------

def impacts_frame() -> pd.DataFrame:
    rows = []
    for outcome in ("cs", "cvi"):
        for pred, beta, p in (("stability", 0.3, 1e-9), ("revenue", -0.01, 0.7),
                              ("reassurance", 0.2, 1e-5)):
            rows.append({"wave": "2025", "scope": "company", "layer": 1, "outcome": outcome,
                         "predictor": pred, "beta": beta, "p_value": p,
                         "impact": beta if p < 0.05 else np.nan, "r2": 0.6, "n": 1930})
    for outcome, beta in (("repurchase", 0.55), ("recommend", 0.73)):
        rows.append({"wave": "2025", "scope": "company", "layer": 4, "outcome": outcome,
                     "predictor": "cs", "beta": beta, "p_value": 0.0, "impact": beta,
                     "r2": beta ** 2, "n": 2000})
    return pd.DataFrame(rows)


def test_impact_table_keeps_a_value_with_no_significant_impact(codebook):
    res = fake_results(THREE_IMPROVE, impacts=impacts_frame())
    t = r.impact_table(res, "2025", 1, codebook=codebook).set_index("Driver")
    assert "Higher revenue and profit" in t.index
    assert (t.loc["Higher revenue and profit"] == "–").all()
    assert list(t.columns) == ["CS", "CVI"] and t.loc["n", "CS"] == "1,930"


def test_cls_weight_table(codebook):
    res = fake_results(THREE_IMPROVE, impacts=impacts_frame())
    t = r.cls_weight_table(res, "2025").display_frame().set_index("Outcome")
    assert list(t.index) == ["Repurchase", "Recommend"]
    assert t.loc["Repurchase", "Share of the two βs (%)"] == pytest.approx(100 * 0.55 / 1.28)
    assert t.loc["Recommend", "CLS weight used (%)"] == pytest.approx(57.0)


def test_portfolio_shows_only_the_scopes_targets_in_grid_order(codebook):
    errc = pd.DataFrame({"wave": "2025", "scope": "division:emr",
                         "value": ["confidence", "confidence", "stability"],
                         "benefit": ["image", "cost", "image"], "action": ["create", "review",
                                                                            "maintain"]})
    portfolio = pd.DataFrame({"wave": "2025", "scope": "division:emr", "impact_source": "own",
                              "benefit": ["image", "cost"], "stability": ["maintain", None],
                              "efficiency": [None, None], "confidence": ["create", "review"]})
    res = fake_results(THREE_IMPROVE, errc=errc, portfolio=portfolio)
    t = r.portfolio_table(res, "2025", "division:emr", codebook).display_frame()
    assert list(t.columns) == ["Benefit", "Confidence at work", "Stable operations"]
    assert t.iloc[1].tolist()[1:] == ["Review/Eliminate", "–"]


def test_proposition_note_explains_a_proposal_outside_the_proposition(codebook):
    vp = pd.DataFrame({"wave": "2025", "scope": "company",
                       "value": ["stability", "relationship", "reassurance"],
                       "level": ["functional", "outcome", "emotional"],
                       "quadrant": ["improve", "discover", "strengthen"],
                       "importance": [0.3, 0.08, 0.31],
                       "task": ["improvement", "proposal", "improvement+proposal"],
                       "proposition": [False, False, True],
                       "benefits": ["image", "image, service", "accuracy"],
                       "via_values": ["", "", ""]})
    res = fake_results(THREE_IMPROVE, value_proposition=vp)
    note = r.proposition_note(res, "2025", codebook)
    assert note.startswith("Stronger patient relationships has the task “proposal” but is not")
    assert "outcome-level value" in note and "emotional and terminal" in note
    tasks, prop = r.proposition_tables(res, "2025", codebook)
    prop = prop.display_frame()
    assert list(prop.columns) == ["Proposed value", "Benefits that build it"]
    assert prop.iloc[0, 1] == "Accuracy of work"
    assert len(tasks.data.columns) <= 6


# ---------------------------------------------------------------------------------------
# Charts: legible text inside the frame
# ---------------------------------------------------------------------------------------

def texts_inside(ax) -> list[tuple[str, bool]]:
    fig = ax.figure
    fig.canvas.draw()
    rend = fig.canvas.get_renderer()
    box = ax.get_window_extent(rend)
    out = []
    for t in ax.texts:
        b = Text.get_window_extent(t, rend)
        out.append((t.get_text(), box.x0 - 1 <= b.x0 and b.x1 <= box.x1 + 1
                    and box.y0 - 1 <= b.y0 and b.y1 <= box.y1 + 1))
    return out


def print_scale(fig) -> float:
    """Figures print about 6.9 inches wide at most (the text column), never enlarged."""
    return min(1.0, 6.9 / fig.get_figwidth())


def test_errc_labels_are_legible_and_inside(codebook):
    rng = np.random.default_rng(1)
    benefits = list(codebook.benefits)
    rows = []
    for v in ("stability", "confidence", "efficiency", "reassurance"):
        imp = rng.uniform(0.03, 0.45, len(benefits))
        sat = rng.uniform(60, 72, len(benefits))
        for b, i, s in zip(benefits, imp, sat):
            rows.append({"value": v, "benefit": b, "impact": i, "satisfaction": s,
                         "action": "create", "impact_cross": imp.mean(),
                         "satisfaction_cross": sat.mean()})
    errc = pd.DataFrame(rows)
    fig = r.errc_charts(errc, ["stability", "confidence", "efficiency", "reassurance"], "ERRC",
                        codebook)
    scale = print_scale(fig)
    for ax in fig.axes[:4]:
        labels = texts_inside(ax)
        assert labels and all(inside for _, inside in labels), labels
        assert min(t.get_fontsize() for t in ax.texts) * scale >= 7.5
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert fig._suptitle.get_text() == "ERRC"


def test_matrix_labels_and_quadrant_names_inside(codebook):
    m = pd.DataFrame(THREE_IMPROVE, columns=["value", "importance", "gap", "quadrant"])
    m["importance_cross"], m["gap_cross"] = m["importance"].mean(), m["gap"].mean()
    fig = r.matrix_chart(m, "Strategy matrix", codebook)
    ax = fig.axes[0]
    labels = texts_inside(ax)
    assert all(inside for _, inside in labels), labels
    names = {t for t, _ in labels}
    assert {"Improve", "Strengthen", "Discover needs", "Differentiate"} <= names
    assert min(t.get_fontsize() for t in ax.texts) * print_scale(fig) >= 7.5
    # quadrant names do not overlap any point label
    rend = fig.canvas.get_renderer()
    corners = [Text.get_window_extent(t, rend) for t in ax.texts if t.get_text() in
               ("Improve", "Strengthen", "Discover needs", "Differentiate")]
    points = [Text.get_window_extent(t, rend) for t in ax.texts if t.get_text() not in
              ("Improve", "Strengthen", "Discover needs", "Differentiate")]
    assert not [1 for c in corners for p in points if c.overlaps(p)]


def test_trend_stars_fit_under_the_top(codebook):
    ind = pd.DataFrame({"wave": ["2024", "2025"] * 2, "index": ["cvi", "cvi", "cs", "cs"],
                        "value": [75.2, 76.6, 75.9, 77.8], "ci_low": [74.4, 75.8, 74.9, 76.9],
                        "ci_high": [76.0, 77.3, 76.9, 78.7]})
    ch = pd.DataFrame({"wave_a": ["2024"] * 2, "wave_b": ["2025"] * 2, "index": ["cvi", "cs"],
                       "sample": "all", "significant": [True, True]})
    fig = r.trend_chart(ind, ch, "Trend")
    for ax in fig.axes:
        stars = [t for t in ax.texts if t.get_text() == "*"]
        assert stars and all(inside for _, inside in texts_inside(ax))


def test_index_chart_legend_is_outside_the_axes(codebook):
    res = fake_results(THREE_IMPROVE)
    fig = r.index_chart(res, "2025", ["company", "division:emr"], "Indices", codebook)
    fig.canvas.draw()
    rend = fig.canvas.get_renderer()
    assert not [ax for ax in fig.axes if ax.get_legend() is not None]
    legend = fig.legends[0].get_window_extent(rend)
    assert not [ax for ax in fig.axes if ax.get_window_extent(rend).overlaps(legend)]


def test_heatmap_has_every_driver_and_labels(codebook):
    res = fake_results(THREE_IMPROVE, impacts=impacts_frame())
    fig = r.impact_heatmap(res, "2025", 1, "Values → indices", codebook)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Stable operations", "Higher revenue and profit", "Peace of mind"]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert sum(t.get_text() == "–" for t in ax.texts) == 2


# ---------------------------------------------------------------------------------------
# Headline sentences
# ---------------------------------------------------------------------------------------

def test_headline_goal_sentences(codebook):
    s = r.headline_findings(fake_results(THREE_IMPROVE), codebook, "2025")
    assert s[0].startswith("CVI is 76.6\xa0[75.8,\xa077.3] and meets its goal of 75")
    assert "CLS is 75.3" in s[1] and "within the 95% interval" in s[1]
    assert "meets" not in s[1]
    assert s[2].startswith("NPS is 7.8\xa0points") and "below its goal of 10 points" in s[2]


def test_summary_names_a_division_that_misses_a_goal(codebook):
    # EMR's NPS interval (-9 to 2) lies wholly below 10; its CLS interval reaches 75
    s = r.headline_findings(fake_results(THREE_IMPROVE), codebook, "2025")
    assert s[3].startswith("The EMR software division falls short of its NPS goal: ")
    assert s[3].endswith("−3.0\xa0points\xa0[−9.0,\xa02.0] against 10.")
    assert "CLS" not in s[3]
    res = fake_results(THREE_IMPROVE)
    ok = res.indices.copy()
    ok.loc[(ok["scope"] == "division:emr") & (ok["index"] == "nps"), "ci_high"] = 12.0
    s = r.headline_findings(Results({**res.tables, "indices": ok}, res.model), codebook, "2025")
    assert s[3].startswith("No division falls clearly short of a goal")


def test_matter_most_ranks_by_cvi_impact_and_lists_three(codebook):
    s = r.headline_findings(fake_results(THREE_IMPROVE), codebook, "2025")
    most = next(x for x in s if "matter most" in x)
    # the four values at or above the importance crosshair, largest β first (peace of mind's
    # 0.31 ranks second although it is a value to strengthen, not to improve)
    order = [most.index(n) for n in ("stable operations", "peace of mind", "confidence at work",
                                     "time, cost and work efficiency")]
    assert order == sorted(order) and most.startswith("The four values that matter most")
    improve = next(x for x in s if "to improve" in x)
    assert ("stable operations (gap 13.0 points); confidence at work (gap 11.2 points); and "
            "time, cost and work efficiency (gap 15.8 points) fall short") in improve
    assert improve.endswith("the values to improve.")
    strengthen = next(x for x in s if "to strengthen" in x)
    assert strengthen.startswith("Peace of mind (gap 2.2 points) is closer to expectations")
    assert "meets expectations" not in " ".join(s)   # a gap of 2.2 points is not "met"


def test_one_item_lists_are_singular(codebook):
    res = fake_results([("stability", 0.40, 13.0, "improve"), ("revenue", 0.05, 15.2, "discover"),
                        ("leisure", 0.0, 1.1, "differentiate")])
    s = r.headline_findings(res, codebook, "2025")
    most = next(x for x in s if "matters most" in x)
    assert most.startswith("The value that matters most to CVI") and "is stable operations" in most
    improve = next(x for x in s if "to improve" in x)
    assert improve.startswith("Stable operations (gap 13.0 points) falls short")
    assert improve.endswith("the value to improve.")
    assert not [x for x in s if "to strengthen" in x]


def test_strengthen_without_a_gap_meets_expectations(codebook):
    res = fake_results([("stability", 0.30, 13.0, "improve"),
                        ("reassurance", 0.31, -1.0, "strengthen"),
                        ("confidence", 0.29, -0.5, "strengthen"),
                        ("revenue", 0.0, 15.0, "discover")])
    strengthen = next(x for x in r.headline_findings(res, codebook, "2025")
                      if "to strengthen" in x)
    assert strengthen == ("Peace of mind (gap −1.0 points) and confidence at work (gap −0.5 "
                          "points) meet or exceed expectations: the values to strengthen.")


def test_change_sentence_shows_values_and_change_at_one_rounding(codebook):
    s = r.headline_findings(fake_results(THREE_IMPROVE), codebook, "2025")
    change = s[-1]
    assert change.startswith("Since 2024, CVI has risen by 1.3 points, from 75.2 to 76.6")
    assert "computed from the unrounded values" in change   # 76.6 − 75.2 would read 1.4
    assert "p = 0.014" in change
    same = r.change_sentence(pd.Series({"wave_a": "2024", "a": 75.0, "b": 76.0, "change": 1.0,
                                        "p_value": 0.2}))
    assert "unrounded" not in same and "not a significant change" in same


def test_simulation_sentence_takes_delta_from_results(codebook):
    s = r.headline_findings(fake_results(THREE_IMPROVE), codebook, "2025")
    sim = next(x for x in s if x.startswith("Of all benefits"))
    assert "image and trust by 0.5 points on its 1–5 scale" in sim and "by 2.6 index" in sim


def test_load_results_is_the_chapters_entry_to_results_for(monkeypatch):
    """The chapters' parameters reach csvalue.pipeline.results.results_for unchanged."""
    from csvalue.report import chapter

    seen = []
    monkeypatch.setattr(chapter, "results_for", lambda *a: seen.append(a) or "res")
    assert r.load_results("out", ["w.csv"], "cb.yml", "cfg.yml", 7) == "res"
    assert seen == [("out", ["w.csv"], "cb.yml", "cfg.yml", 7)]


def test_load_results_of_an_empty_folder_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no analysis results"):
        r.load_results(tmp_path / "empty")
