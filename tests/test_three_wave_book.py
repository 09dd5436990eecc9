"""The report built from three waves (the shipped 2024 and 2025, the reference 2026): the
management chapter shows the all-pairs significance matrix and the CVI change decomposed for
both year-on-year changes; the indices and segment pages carry the division tests (adjusted,
the method named) and how firm the segments are."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from csvalue.build.book import build
from csvalue.pipeline.results import read_results
ROOT = Path(__file__).resolve().parents[1]
WAVES = [ROOT / "csvalue/demo/waves/wave_2024.csv", ROOT / "csvalue/demo/waves/wave_2025.csv",
         ROOT / "data/reference/synthetic/wave_2026.csv"]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("three_book")
    (root / "fast.yml").write_text("n_boot: 60\n", encoding="utf-8")
    log: list[str] = []
    code = build(WAVES, config=root / "fast.yml", out=root / "out",
                 echo=log.append, only=["01", "06", "07"])
    assert code == 0, "\n".join(log)
    return root / "out"


def page_text(root: Path, stem: str) -> str:
    page = next((root / "html").rglob(f"{stem}.html"))
    text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html.unescape(text).replace("\xa0", " "))


def test_management_page_holds_the_pair_matrix_and_both_decompositions(book):
    text = page_text(book, "07_management")
    assert "3 waves (2024, 2025 and 2026)" in text
    res = read_results(book / "results")
    dec = res.tables["trend_decomposition"]
    assert sorted(set(zip(dec["wave_a"], dec["wave_b"]))) == [("2024", "2025"),
                                                              ("2025", "2026")]
    for (wa, wb), g in dec.groupby(["wave_a", "wave_b"]):
        # each year-on-year row of the decomposition table, its change as shown (2 decimals)
        row = f"{wa} → {wb} {g['cvi_a'].iloc[0]:.2f} {g['cvi_b'].iloc[0]:.2f}"
        assert row in text, row
    # the significance matrix: one column per later wave, a row per index and earlier wave
    assert re.search(r"Index From 2025 2026 CS 2024 [^A-Z]+ CS 2025 [^A-Z]+ CLS 2024", text)
    pairs = res.tables["trend_pairs"]
    assert len(set(zip(pairs["wave_a"], pairs["wave_b"]))) == 3
    assert "adjusted over those pairs by Holm" in text


def test_indices_page_names_the_adjustment_of_the_division_tests(book):
    text = page_text(book, "01_indices")
    n = len(read_results(book / "results").table("division_tests", "2026"))
    assert f"({n} tests, p adjusted by Holm's step-down adjustment" in text


def test_segment_page_says_how_firm_the_segments_are_without_respondents(book):
    text = page_text(book, "06_segmentation")
    assert "Refitted on 60 bootstrap resamples of the respondents" in text
    assert "resp_id" not in text and "stability_resamples" not in text
