"""The segmentation chapter's tables and words (csvalue.report.segments): Kaiser's labels,
the factor phrases, who is over- and under-represented, the unsegmented respondents, the
loyalty sentence and the targeting table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csvalue.model.loyalty import targeting
from csvalue.model.segments import profiles
from csvalue.report.segments import (bartlett_verdict, kmo_verdict,
                                     non_positive_promoter_sentence, profile_test_table,
                                     representation, retention_phrase, rotation_phrase,
                                     segment_index_table, targeting_display,
                                     unsegmented_sentence)
from csvalue.report.tables import format_cells


@pytest.mark.parametrize("value,label", [(0.95, "marvellous"), (0.9, "marvellous"),
                                         (0.85, "meritorious"), (0.74, "middling"),
                                         (0.6, "mediocre"), (0.55, "miserable"),
                                         (0.5, "miserable"), (0.49, "unacceptable")])
def test_kmo_verdict_uses_kaisers_labels(value, label):
    assert kmo_verdict(value) == label


def test_phrases_for_the_chapter():
    assert retention_phrase("parallel analysis") == "Parallel analysis retains"
    assert retention_phrase("eigenvalue > 1").startswith("Kaiser's rule")
    assert retention_phrase("fixed (4)") == "The settings fix the model at"
    assert all(retention_phrase(r)[0].isupper() for r in ("parallel analysis", "fixed (4)"))
    assert rotation_phrase("varimax") == "varimax rotation (orthogonal)"
    assert rotation_phrase("oblimin") == "oblimin rotation (oblique)"
    assert rotation_phrase("none") == "no rotation"
    assert bartlett_verdict(1e-30) == "rejects" and bartlett_verdict(0.2) == "does not reject"


def test_representation_names_over_and_under_represented_categories(codebook):
    data = pd.DataFrame({
        "customer_type": ["clinic"] * 50 + ["pharmacy"] * 10 + ["clinic"] * 15 + ["pharmacy"] * 25,
        "region": (["seoul", "metro", "provincial"] * 34)[:100],
    })
    seg = pd.Series(["a"] * 60 + ["b"] * 40)
    cells, _ = profiles(seg, ["a", "b"], data, codebook)
    table = pd.DataFrame({"segment": ["a", "b"], "label": ["Alpha", "Beta"]})
    rep = representation(cells, table, codebook).set_index("Segment")
    # a: 50 of 60 are clinics (83%) against 65 of 100 overall
    assert rep.loc["Alpha", "Over-represented"] == "Customer type: Clinic (83% vs 65%)"
    assert rep.loc["Alpha", "Under-represented"] == "Customer type: Pharmacy (17% vs 35%)"
    assert rep.loc["Beta", "Over-represented"].startswith("Customer type: Pharmacy")
    # region is spread evenly: in neither list
    assert not rep.apply(lambda c: c.str.contains("Region")).any().any()
    # a suppressed cell is never named, however large its residual
    cells.loc[(cells["segment"] == "a") & (cells["category"] == "clinic"), "suppressed"] = True
    rep2 = representation(cells, table, codebook).set_index("Segment")
    assert rep2.loc["Alpha", "Over-represented"] == "none"


def test_unsegmented_sentence_counts_and_gives_the_reason():
    s = unsegmented_sentence(148, 2000, 14)
    assert s.startswith("148 of the 2,000 respondents (7.4%) have no value segment")
    assert "expectation items unanswered" in s
    assert unsegmented_sentence(1, 2000, 14).startswith("1 of the 2,000 respondents (0.1%) has")
    assert unsegmented_sentence(0, 50, 14).startswith("Every respondent")


def test_non_positive_promoters_are_counted_in_a_sentence(codebook):
    s = non_positive_promoter_sentence(14, codebook)
    assert s == ("14 promoters (recommend ≥ 9) have no positive repurchase intention "
                 "(repurchase below 4): the rules count them as Inferior.")
    assert non_positive_promoter_sentence(1, codebook).startswith(
        "1 promoter (recommend ≥ 9) has")
    assert non_positive_promoter_sentence(0, codebook).startswith("Every promoter")


def test_targeting_display_uses_labels(codebook):
    seg = pd.Series(["a"] * 6 + ["b"] * 4)
    tiers = pd.Series(["loyalist", "apostle", "apostle", "apostle", "love-hate", "inferior",
                       "love-hate", "love-hate", "inferior", "loyalist"])
    t = targeting(seg, tiers, pd.Series({"a": 80.0, "b": 70.0}), codebook)
    t.insert(1, "label", ["Alpha", "Beta"])
    d = targeting_display(t, codebook)
    assert d.columns.tolist() == ["Segment", "n", "Loyalist (%)", "Apostle (%)",
                                  "Love-hate (%)", "Inferior (%)", "CLS", "Target", "Task"]
    assert d["Task"].tolist() == ["Apostle → Loyalist", "–"]
    assert d["Target"].tolist() == ["yes", "no"]


def test_profile_tests_are_formatted_by_data_column(codebook):
    t = pd.DataFrame({"variable": ["division", "region"], "chi2": [53.21, 2.05],
                      "df": [6, 6], "p": [2e-9, 0.9152], "cramers_v": [0.12345, 0.0222],
                      "n": [1852, 1852]})
    table = profile_test_table(t, codebook)
    assert table.display_frame().columns.tolist() == ["Profile variable", "χ²", "df", "p",
                                                      "Cramér's V", "n"]
    cells, _ = format_cells(table.data, {"chi2": 1, "cramers_v": 3})
    assert cells["p"].tolist() == ["<0.001", "0.915"]
    assert cells["chi2"].tolist() == ["53.2", "2.0"] and cells["cramers_v"].tolist() == [
        "0.123", "0.022"]
    with pytest.raises(ValueError, match="not data columns"):
        format_cells(table.data, {"χ²": 1})                 # a header is not a data column


def test_segment_indices_with_intervals_and_notes():
    seg = pd.DataFrame({"label": ["Work-value", "Small"], "n": [400, 4], "share": [99.0, 1.0],
                        "nps": [-10.47, np.nan], "nps_low": [-17.88, np.nan],
                        "nps_high": [-2.83, np.nan], "suppressed": [False, True],
                        "small_base": [False, True]})
    t = segment_index_table(seg)
    assert t["NPS [95% CI]"].tolist() == ["−10.5\xa0[−17.9,\xa0−2.8]", "–"]
    assert t["Note"].tolist() == ["", "suppressed (n below threshold)"]
