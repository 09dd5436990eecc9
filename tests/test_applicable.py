"""Which chapters and sections apply (fast: no build): the codebook's blocks and the results
decide, each omission has its sentence, plan_jobs and the cell gate follow them."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat.v4 as v4
import pandas as pd
import pytest

from csvalue.build.book import plan_jobs
from csvalue.instrument.project import BOOK
from csvalue.build.chapters import failure_notebook, gate_cells
from csvalue.instrument.codebook import load_codebook, parse_codebook
from csvalue.pipeline.results import Results
from csvalue.report.applicable import (CHAPTER_NEEDS, FEATURES, applicable_sections,
                                       division_noun, omission_sentences)
from test_adaptive_build import without

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("block, features", [
    ("benefits", {"benefits", "errc", "simulation"}),
    ("expectations", {"expectations", "matrix", "errc", "proposition"}),
    ("divisions", {"divisions"}),
    ("competitor", {"competitor"}),
    ("personality", {"disc"}),
    ("voc", {"voc"}),
])
def test_each_block_turns_off_its_features_with_a_sentence(block, features):
    s = applicable_sections(parse_codebook(without(block)), None)
    assert features <= set(s.omitted), s.omitted
    for f in features:
        assert s.reason(f).endswith("."), f
    assert applicable_sections(load_codebook(), None).omitted == {}


def test_the_sentences_use_the_codebooks_name_for_divisions():
    cb = load_codebook(ROOT / "tests/fixtures/oddjob_airways/codebook.yml")
    assert division_noun(cb) == "flight class"
    raw = without("expectations")
    raw["profile"]["division"]["label_en"] = "Region of sale"
    assert "region of sale tasks" in applicable_sections(parse_codebook(raw), None).reason(
        "expectations")


def test_results_decide_too():
    """An empty ERRC table (no target) leaves the grids out; one wave leaves out change."""
    cb = load_codebook()
    res = Results({"errc": pd.DataFrame(columns=["wave", "scope", "value"]),
                   "strategy_matrix": pd.DataFrame({"wave": ["2025"], "scope": ["company"],
                                                    "value": ["leisure"]})},
                  {"waves": [{"wave": "2025"}]})
    s = applicable_sections(cb, res)
    assert not s.applies("errc") and not s.applies("second_wave") and s.applies("matrix")
    assert "ERRC" in omission_sentences(cb, res)
    assert not s.applies("divisions")       # no division has a matrix
    with pytest.raises(KeyError):
        s.applies("no_such_feature")


def test_plan_jobs_leaves_out_chapters_and_carries_the_dropped_tags():
    cb = parse_codebook(without("expectations"))
    plan = plan_jobs(BOOK, [], None, None, [("emr", "EMR")], 1,
                     lambda scope: applicable_sections(cb, None, scope))
    names = {j.name for j in plan}
    company = applicable_sections(cb, None)
    for chapter in CHAPTER_NEEDS:
        if not company.chapter_applies(chapter):
            assert not any(n.startswith(chapter) for n in names), chapter
    assert not names & {"03_company_tasks", "05_value_proposition"}
    assert not [n for n in names if n.startswith("04_division")]
    # without a benefit layer there is no goal path, so no action plan
    plain = parse_codebook(without("benefits"))
    assert "08_action_plan" not in {j.name for j in plan_jobs(
        BOOK, [], None, None, [], 1, lambda scope: applicable_sections(plain, None, scope))}
    impact = next(j for j in plan if j.name == "02_impact")
    assert "if-expectations" in impact.drop
    assert {j.name for j in plan_jobs(BOOK, [], None, None, [("emr", "EMR")], 1)} >= {
        "03_company_tasks", "04_division_emr"}


def test_every_tag_in_the_chapters_names_a_feature():
    for nb in (ROOT / "csvalue" / "book" / "notebooks").glob("*.md"):
        for tag in set(__import__("re").findall(r"\bif-([a-z_]+)", nb.read_text())):
            assert tag in FEATURES, (nb.name, tag)


def test_a_tagged_heading_drops_its_section_and_nothing_else():
    cells = [v4.new_markdown_cell("# T"),
             v4.new_markdown_cell("(sec-a)=\n## A", metadata={"tags": ["if-x"]}),
             v4.new_code_cell("a = 1"), v4.new_markdown_cell("### A.1"),
             v4.new_markdown_cell("(sec-b)=\n## B"),
             v4.new_markdown_cell("para", metadata={"tags": ["if-x"]}),
             v4.new_markdown_cell("after")]
    kept = [c.source for c in gate_cells(cells, ["if-x"])]
    assert kept == ["# T", "(sec-b)=\n## B", "after"]
    assert len(gate_cells(cells, ["if-y"])) == len(cells)


def test_a_failed_chapter_page_says_what_failed_in_plain_words(tmp_path):
    out = tmp_path / "x.ipynb"
    failure_notebook("Impact analysis", "code cell 3 stopped with “<b>x</b>”", out)
    text = "".join(json.loads(out.read_text())["cells"][0]["source"])
    assert text.startswith("# Impact analysis") and "could not be built" in text
    assert "<b>" not in text
