"""The chapter notebooks only narrate and display: one call into csvalue.report per result, no
function definitions, loops, file or database reads or plotting of their own; and their
cross-references resolve to labels defined once in the whole book."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "csvalue" / "book" / "notebooks").glob("*.md"))
BOOK = ROOT / "csvalue" / "book"
#: the hand-written pages (csvalue/book/appendix, …/concepts: book/… in the assembled source)
PAGES = sorted([*(BOOK / "appendix").glob("*.md"), *(BOOK / "concepts").glob("*.md")])
#: The chapter executed once per division: a label in it would be defined once per page.
DIVISION = "04_division"

#: What a chapter's code may import: the report layer (and the codebook loader).
ALLOWED_IMPORTS = ("csvalue.report", "csvalue")


def code_cells(path: Path) -> list[str]:
    return [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]


def markdown(path: Path) -> str:
    if path.suffix == ".md" and path.parent.name != "notebooks":
        return path.read_text(encoding="utf-8")
    return "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_code_only_calls_the_report(path):
    for source in code_cells(path):
        tree = ast.parse(source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                         ast.ClassDef)), f"{path.name}: defines a function"
            assert not isinstance(node, (ast.For, ast.While, ast.If, ast.With, ast.IfExp,
                                         ast.ListComp, ast.DictComp, ast.SetComp,
                                         ast.GeneratorExp)), \
                f"{path.name}: logic in the chapter ({type(node).__name__}): {source[:80]}"
            if isinstance(node, ast.ImportFrom):
                assert node.module in ALLOWED_IMPORTS or node.module.startswith(
                    "csvalue.report."), f"{path.name}: imports {node.module}"
            if isinstance(node, ast.Import):
                assert False, f"{path.name}: imports {[a.name for a in node.names]}"
        assert not re.search(r"\b(open|read_csv|read_sql|load_respondents|list_waves)\(|plt\.",
                             source), f"{path.name}: reads a file or draws: {source[:80]}"


def test_the_checks_see_a_definition_a_loop_and_a_stray_import():
    """The rules above reject what they are meant to (so the chapters pass for a reason)."""
    for bad in ("def show(k):\n    pass", "for k in x:\n    r.glue_number(k, 1)",
                "import matplotlib.pyplot as plt", "from csvalue.pipeline import database"):
        tree = ast.parse(bad)
        found = [n for n in ast.walk(tree) if isinstance(
            n, (ast.FunctionDef, ast.For, ast.Import))
            or (isinstance(n, ast.ImportFrom) and not n.module.startswith("csvalue.report"))]
        assert found, bad


LABEL = re.compile(r"^\((?P<target>[^)\s]+)\)=\s*$|^\s*:?name:\s*(?P<name>[A-Za-z0-9_.:-]+)\s*$",
                   re.M)
REF = re.compile(r"\{(ref|numref)\}`(?:[^`<]*<)?([^`<>]+)>?`")
DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`<>]+)>?`")


def labels() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in NOTEBOOKS + PAGES:
        text = re.sub(r"\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), flags=re.S)
        for m in LABEL.finditer(text):
            out.setdefault(m.group("target") or m.group("name"), []).append(path.stem)
    return out


def test_labels_are_defined_once_and_none_on_the_division_pages():
    found = labels()
    assert not {k: v for k, v in found.items() if len(v) > 1}
    assert not [k for k, v in found.items() if DIVISION in v], \
        "the division chapter is built once per division: its labels would collide"
    assert len([k for k in found if k.startswith("fig-")]) >= 10
    assert len([k for k in found if k.startswith("tbl-")]) >= 30


def test_every_cross_reference_has_a_target():
    found = labels()
    docs = {p.stem for p in NOTEBOOKS} | {"/book/" + p.relative_to(BOOK).with_suffix("").as_posix()
                                          for p in PAGES}
    refs = 0
    for path in NOTEBOOKS:
        text = markdown(path)
        for role, target in REF.findall(text):
            refs += 1
            assert target in found, f"{path.name}: {{{role}}} to an unknown label {target}"
            if target.startswith("tbl-") and role == "ref":
                # a table's target has no caption: the reference must bring its own text
                assert re.search(rf"\{{ref\}}`[^`<]+<{re.escape(target)}>`", text), \
                    f"{path.name}: {{ref}}`{target}` needs a text"
            assert role != "numref" or target.startswith("fig-"), f"{path.name}: {target}"
        for target in DOC.findall(text):
            refs += 1
            assert target in docs, f"{path.name}: {{doc}} to an unknown page {target}"
    assert refs >= 60


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.stem[:2] in
                                  ("00", "01", "02", "03", "05", "06", "07")],
                         ids=lambda p: p.stem)
def test_every_report_chapter_links_elsewhere_and_to_the_methods(path):
    text = markdown(path)
    assert DOC.search(text) and REF.search(text), path.name
    assert "methods" in text, f"{path.name}: no link to the methods appendix"
