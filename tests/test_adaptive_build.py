"""The book follows the instrument: builds of other surveys and of the shipped waves with each
optional block of the codebook removed exit 0, hold every chapter that applies, leave out the
rest with a sentence in the data-quality appendix, and say nothing of the source case.

Builds are slow: each reduced codebook builds only the chapters its block touches (``only``);
the airline survey is the one full build."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from csvalue.build.book import build
from csvalue.instrument.codebook import load_codebook, parse_codebook
from csvalue.report.applicable import applicable_sections, omission_table

ROOT = Path(__file__).resolve().parents[1]
AIRLINE = ROOT / "tests/fixtures/oddjob_airways"
WAVES = [ROOT / "csvalue/demo/waves/wave_2024.csv", ROOT / "csvalue/demo/waves/wave_2025.csv"]
pytestmark = pytest.mark.slow

#: words of the source case that a report of another survey must not print
SOURCE_CASE = ("clinic", "pharmac", "software vendor", "synthetic", "same 1–5", "EMR",
               "source company", "source case", "Traceback")
#: what an empty section used to print
EMPTY = ("There are 0", "rests on 0 values", "0 grids")


def shipped() -> dict:
    return yaml.safe_load((ROOT / "csvalue/demo/codebook.yml").read_text(encoding="utf-8"))


def _prune_factors(raw: dict) -> dict:
    """Factors name items; keep the items the reduced codebook still defines."""
    ids = {it.id for it in parse_codebook({**raw, "factors": {}}).items}
    factors = {}
    for fid, spec in (raw.get("factors") or {}).items():
        items = [i for i in spec["items"] if i in ids]
        if items:
            factors[fid] = {**spec, "items": items}
    raw["factors"] = factors
    return raw


def without(block: str) -> dict:
    """The shipped codebook with one optional block removed."""
    raw = copy.deepcopy(shipped())
    if block == "expectations":
        for layer in ("benefits", "values"):
            raw[layer]["expectation_prefix"] = None
        raw.pop("factors")
    elif block == "divisions":
        del raw["profile"]["division"]
    elif block == "profile":
        raw.pop("profile")
    else:
        raw.pop(block)
    return _prune_factors(raw)


def built_text(root: Path) -> dict[str, str]:
    """Each generated page's main text (tags stripped), by page name."""
    out = {}
    for p in (root / "html/book/_generated").glob("*.html"):
        html = p.read_text(encoding="utf-8")
        main = re.search(r"<main.*?</main>", html, re.S)
        out[p.stem] = " ".join(re.sub(r"<[^>]+>", " ", main.group(0) if main else html).split())
    return out


def run(tmp_path: Path, raw: dict | None, waves=None, only=None, codebook: Path | None = None):
    root = tmp_path / "out"
    if raw is not None:
        codebook = tmp_path / "codebook.yml"
        codebook.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
    log: list[str] = []
    code = build(waves or WAVES, codebook, out=root, echo=log.append, only=only, jobs=2)
    assert code == 0, "\n".join(log)
    return root, built_text(root)


def no_empty_sections(pages: dict[str, str]) -> None:
    for name, text in pages.items():
        for phrase in EMPTY:
            assert phrase not in text, (name, phrase)


def test_the_airline_survey_without_benefits_builds_a_whole_report(tmp_path):
    root, pages = run(tmp_path, None, [AIRLINE / "airlinesat.csv"],
                      codebook=AIRLINE / "codebook.yml")
    cb = load_codebook(AIRLINE / "codebook.yml")
    for chapter in ("00_summary", "01_indices", "02_impact", "03_company_tasks",
                    "05_value_proposition", "06_segmentation", "07_management",
                    "11_concept_satisfaction", "12_concept_service_quality",
                    "15_concept_retention", "16_concept_nps", "91_appendix_codebook",
                    "92_appendix_data_quality"):
        assert chapter in pages, chapter
    divisions = [p for p in pages if p.startswith("04_division_")]
    assert len(divisions) >= 2
    for name, text in pages.items():
        for word in SOURCE_CASE:
            # the codebook reference documents the tool's own keys, `synthetic` among them
            if (name, word) == ("93_appendix_codebook_reference", "synthetic"):
                continue
            assert word.lower() not in text.lower(), (name, word)
    no_empty_sections(pages)
    # a reference into a chapter or section left out shows a title, not a file or label name
    for name, text in pages.items():
        assert "08_action_plan" not in text and "fig-sim" not in text, name
    # no benefit layer: no benefits → values section, no ERRC; said once in the appendix
    assert "Benefits → values" not in pages["02_impact"]
    assert "ERRC grids" not in pages["03_company_tasks"]
    assert "no benefit layer" in pages["92_appendix_data_quality"]
    assert "single wave" in pages["92_appendix_data_quality"]
    assert "Loyalty migration" not in pages["07_management"]
    assert "Personality types" not in pages["07_management"]
    # the codebook's names: the title, the divisions' noun, the recommend scale
    index = (root / "html/index.html").read_text(encoding="utf-8")
    assert cb.name in index
    assert "Flight class tasks" in " ".join(pages[p] for p in divisions)
    assert "division" not in pages[divisions[0]].lower()
    assert "1–11" in pages["16_concept_nps"]


def test_the_nps_chapter_gives_the_reports_nps_for_the_survey(tmp_path):
    """The NPS chapter's survey row is the report's company NPS (the survey's own cut-offs),
    and its teaching rows keep the teaching codebook's (0–10, 9 and 6)."""
    import pandas as pd

    from csvalue.instrument.load import load_wave
    from csvalue.model.indices import nps_score
    from csvalue.report import teaching as t

    cb = load_codebook(AIRLINE / "codebook.yml")
    wave = load_wave(AIRLINE / "airlinesat.csv", cb).data
    report = float(nps_score(wave["recommend"], cb).mean())
    chapter = t.nps_of(t.chapter_wave(str(AIRLINE / "airlinesat.csv"), cb)["recommend"], cb)
    assert chapter.nps == pytest.approx(report)
    teach = t.nps_of(t.load_oddjob()["recommend"], t.teaching_codebook())
    assert teach.nps == pytest.approx(report)   # the same passengers, each in its own coding
    wrong = t.nps_of(t.load_oddjob()["recommend"], cb)   # the mix the chapter used to make
    assert wrong.nps != pytest.approx(report)
    assert isinstance(wave, pd.DataFrame)


#: block removed → the chapters whose content it changes (built with --only), the pages
#: that must be absent, and what must (not) be on the pages that are built
CASES = {
    "benefits": (["02", "03", "05", "91", "92"], [], {"02_impact": "Benefits → values",
                                                      "03_company_tasks": "ERRC grids"}),
    "expectations": (["01", "02", "03", "04", "05", "06", "11", "92"],
                     ["03_company_tasks", "05_value_proposition", "04_division_emr"],
                     {"06_segmentation": "Expectation factors",
                      "11_concept_satisfaction": "In this survey"}),
    "divisions": (["00", "01", "04", "92"], ["04_division_emr"], {"01_indices": "By division"}),
    "profile": (["01", "06", "92"], [], {"06_segmentation": "Who the segments are"}),
    "competitor": (["07", "91", "92"], [], {"07_management": "Own versus competitor"}),
    "personality": (["07", "91", "92"], [], {"07_management": "Personality types"}),
    "voc": (["91", "92"], [], {"91_appendix_codebook": "Voice of the customer"}),
}


@pytest.mark.parametrize("block", list(CASES))
def test_each_optional_block_removed_in_turn(tmp_path, block):
    only, absent, gone = CASES[block]
    raw = without(block)
    _, pages = run(tmp_path, raw, only=only)
    for page in absent:
        assert page not in pages, page
    for page, heading in gone.items():
        assert page in pages and heading not in pages[page], (page, heading)
    no_empty_sections(pages)
    sentences = applicable_sections(parse_codebook(raw), None).omitted
    assert sentences, block
    appendix = pages["92_appendix_data_quality"]
    assert any(s.split(",")[0] in appendix for s in sentences.values() if s), appendix[-800:]


def test_a_single_wave_leaves_out_change_and_migration(tmp_path):
    _, pages = run(tmp_path, None, [WAVES[-1]], only=["06", "07", "92"])
    assert "Loyalty migration" not in pages["07_management"]
    assert "single wave" in pages["92_appendix_data_quality"]


def test_the_shipped_report_leaves_nothing_out():
    assert omission_table(load_codebook(), None).empty


def test_a_korean_header_cp949_export_builds_the_same_report(tmp_path):
    """The Korean-header CP949 export (the shipped wave's first 400 rows, Korean column names,
    Korean category and scale-point labels) builds every chapter, and its figures are those of
    the same 400 rows read from the shipped file with the shipped codebook."""
    from csvalue.instrument.load import load_wave
    from csvalue.model.indices import index_table, respondent_scores
    from csvalue.pipeline.results import read_results

    ko = ROOT / "tests/data/korean_cp949"
    root, pages = run(tmp_path, None, [ko / "wave_2025_ko.csv"], codebook=ko / "codebook_ko.yml",
                      only=["00", "01", "02", "03", "06", "91", "92"])
    for chapter in ("00_summary", "01_indices", "02_impact", "03_company_tasks",
                    "06_segmentation", "91_appendix_codebook", "92_appendix_data_quality"):
        assert chapter in pages, chapter
    built = read_results(root / "results").table("indices", "2025", "company")
    cb = load_codebook()
    shipped = load_wave(WAVES[-1], cb).data.head(400)
    expected = index_table(shipped, respondent_scores(shipped, cb), cb)
    expected = expected[expected["scope"] == "company"].set_index("index")["value"]
    got = built.set_index("index")["value"]
    for index in ("cs", "cls", "cvi", "nps"):
        assert got[index] == pytest.approx(expected[index], abs=1e-9), index
