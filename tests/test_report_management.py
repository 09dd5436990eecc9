"""The management chapter's tables and words (csvalue.report.management) and the migration
heat map (csvalue.report.figures): readable headers, intervals and p-values as the chapter
shows them, DiSC types by name."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from csvalue import report as r  # noqa: E402
from csvalue.model import disc  # noqa: E402
from db_helpers import migration_matrix  # noqa: E402




def test_display_tables_have_readable_headers(codebook):
    shares = disc.type_shares(pd.Series(["D", "I", "mixed", None]))
    d = r.shares_display(shares)
    assert d.columns.tolist() == ["Type", "n", "Share (%)"]
    assert d["Type"].tolist()[:1] == ["D (Dominance)"] and d["Type"].iloc[-1] == "Mixed"
    resp = pd.DataFrame({"disc_type": ["D"] * 6 + ["I"] * 2 + ["S"] * 3 + ["C"] * 9,
                         "cs100": 70.0, "cls": 60.0, "cvi": 65.0,
                         "nps_score": [100.0, 0, 0, -100, 100, 100, 0, 0] + [0.0] * 12})
    by = r.indices_display(disc.indices_by_type(resp))
    assert by.columns.tolist() == ["Type", "n", "CS", "CLS", "CVI", "NPS"]
    assert by["NPS"].iloc[0] == pytest.approx(100 / 3) and np.isnan(by["CS"].iloc[1])
    g = r.guide_display()
    assert g.columns.tolist() == ["Type", "Pace and focus", "How to serve"]
    comp = pd.DataFrame({"item": ["cs"], "label": ["Overall satisfaction"], "n": [10],
                         "own": [70.0], "competitor": [65.0], "diff": [5.0], "se": [1.0],
                         "lo": [2.7], "hi": [7.3], "t": [5.0], "p": [0.0007]})
    c = r.compare_display(comp)
    assert c.columns.tolist() == ["Item", "n", "Own", "Competitor", "Difference", "95% CI", "p"]
    assert c["p"].tolist() == ["<0.001"] and c["95% CI"].tolist() == ["[2.7,\xa07.3]"]


def test_stored_sentence_says_wave_or_waves():
    assert r.stored_sentence(["2025"], 2000) == \
        "The database holds 1 wave (2025), 2,000 respondent answers in all."
    assert r.stored_sentence(["2024", "2025"], 4000) == \
        "The database holds 2 waves (2024 and 2025), 4,000 respondent answers in all."
    assert "wave(s)" not in r.stored_sentence(["a", "b", "c"], 3)


def test_change_display_is_readable():
    ch = pd.DataFrame({"wave_a": ["2024", "2024"], "wave_b": ["2025", "2025"],
                       "index": ["cvi", "nps"], "sample": ["all", "panel"],
                       "a": [75.2, 4.6], "b": [76.6, 7.8], "change": [1.3, 3.2],
                       "ci_low": [0.3, -1.0], "ci_high": [2.4, 7.5],
                       "p_value": [1.2e-9, 0.1234], "n_a": [2000, 800], "n_b": [1990, 800]})
    d = r.change_display(ch)
    assert d.columns.tolist() == ["Waves", "Index", "Sample", "Earlier", "Later", "Change",
                                  "95% CI", "p", "n"]
    assert d["Waves"].tolist() == ["2024\u00a0→\u00a02025"] * 2
    assert d["n"].tolist() == ["2,000 / 1,990", "800"]
    assert d["p"].tolist() == ["<0.001", "0.123"]
    assert d["95% CI"].tolist() == ["[0.3,\xa02.4]", "[−1.0,\xa07.5]"]
    assert d["Index"].tolist() == ["CVI", "NPS"]
    assert d["Sample"].tolist() == ["all respondents", "panel (paired)"]


def test_migration_figure_marks_suppressed_cells_and_stayed_sentence(codebook):
    m = migration_matrix(codebook, [[60, 25, 33, 6], [18, 27, 38, 17], [39, 26, 187, 66],
                           [3, 16, 80, 140]])
    fig = r.migration_figure(m, "t", codebook)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 16 and texts.count("–") == int(m["suppressed"].sum())
    assert not any("-92" in t for t in texts) and "48%\n(n=60)" in texts
    assert r.stayed_sentence(m, codebook) == \
        "48% of the earlier wave's loyalists are loyalists again"
    small = migration_matrix(codebook, [[3, 25, 33, 6], [18, 27, 38, 17], [39, 26, 187, 66],
                               [9, 16, 80, 140]])
    assert "not shown" in r.stayed_sentence(small, codebook)


def test_the_service_guide_names_every_type():
    assert set(r.SERVICE_GUIDE["disc_type"]) == set(disc.SUBSCALES) | {disc.MIXED}
    assert r.type_name("C") == "C (Conscientiousness)" and r.type_name(disc.MIXED) == "Mixed"
