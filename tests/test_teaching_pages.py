"""Static checks of the teaching chapters and appendices (no execution; the book build runs them).

Every ``{glue:text}`` key a page references is glued by one of its code cells or is a key of the
facts the report's functions return for it to glue, every notebook has a ``parameters`` cell
with ``wave`` and ``codebook``, headings start at ``#`` and never skip a level, and notebooks
carry no outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "csvalue" / "book" / "notebooks").glob("1[0-9]_concept_*.md")) + sorted(
    (ROOT / "csvalue" / "book" / "notebooks").glob("9[0-9]_appendix_*.md"))
PAGES = sorted((ROOT / "csvalue" / "book" / "concepts").glob("*.md")) + sorted(
    (ROOT / "csvalue" / "book" / "appendix").glob("*.md"))

GLUE_REF = re.compile(r"\{glue:(?:text|md)\}`([A-Za-z0-9_]+)(?::[^`]*)?`")
GLUE_DEF = re.compile(r"""glue(?:_text|_number|_figure)?\(\s*f?["']([^"']+)["']""")
#: A key of a facts mapping in the report's source: ``"name": …``, ``f"name_{k}": …`` or
#: ``facts[f"name_{k}"] = …`` (what a chapter's ``glue_all(…_facts(…))`` glues).
FACT_KEY = re.compile(r"""f?["']([A-Za-z][A-Za-z0-9_]*(?:\{[^{}"']+\}[A-Za-z0-9_]*)*)["']"""
                      r"""\s*(?::|\]\s*=)""")
REPORT_SOURCE = "\n".join(p.read_text(encoding="utf-8")
                          for p in sorted((ROOT / "csvalue" / "report").glob("*.py")))
TEACHING_SOURCE = REPORT_SOURCE


def _markdown_and_code(path: Path) -> tuple[str, str, list]:
    nb = jupytext.read(path)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return md, code, nb.cells


def _glued_keys(code: str) -> set[str]:
    """Keys glued by the code cells, or by ``glue_all`` of a report function's facts
    (f-string keys keep their ``{…}`` placeholders)."""
    keys = set(GLUE_DEF.findall(code))
    if "glue_all(" in code:
        keys |= set(FACT_KEY.findall(REPORT_SOURCE))
    return keys


def _matches(ref: str, glued: set[str], code: str) -> bool:
    """Whether ``ref`` is glued: literally, or by an f-string key whose placeholder values
    each appear as a string literal in the notebook or in csvalue.report (loop values)."""
    literals = set(re.findall(r"""["']([A-Za-z0-9_]+)["']""", code + TEACHING_SOURCE))
    alternatives = "(?:" + "|".join(sorted(map(re.escape, literals))) + ")"
    for key in glued:
        if "{" not in key:
            if key == ref:
                return True
            continue
        parts = re.split(r"\{[^}]*\}", key)
        if re.fullmatch(alternatives.join(map(re.escape, parts)), ref):
            return True
    return False


def test_there_are_pages():
    assert len(NOTEBOOKS) >= 5 and len(PAGES) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_glue_keys_parameters_and_no_outputs(path):
    md, code, cells = _markdown_and_code(path)
    glued = _glued_keys(code)
    missing = [ref for ref in GLUE_REF.findall(md) if not _matches(ref, glued, code)]
    assert not missing, f"{path.name}: glue keys referenced but never glued: {missing}"
    params = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, f"{path.name}: needs exactly one cell tagged parameters"
    assert re.search(r"^wave\s*=", params[0].source, re.M)
    assert re.search(r"^codebook\s*=", params[0].source, re.M)
    assert all(not getattr(c, "outputs", None) for c in cells if c.cell_type == "code")
    assert not re.search(r"`[A-Za-z0-9_]+:[^`]*\}`", md), f"{path.name}: stray brace in a glue ref"


@pytest.mark.parametrize("path", NOTEBOOKS + PAGES, ids=lambda p: p.name)
def test_headings_start_at_one_and_do_not_skip(path):
    text = path.read_text(encoding="utf-8")
    if path.parent.name == "notebooks":
        text, _, _ = _markdown_and_code(path)
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # ignore code blocks
    levels = [len(m) for m in re.findall(r"^(#+) ", text, re.M)]
    assert levels and levels[0] == 1 and levels.count(1) == 1, f"{path.name}: one # title first"
    for a, b in zip(levels, levels[1:]):
        assert b <= a + 1, f"{path.name}: heading level jumps from {a} to {b}"


def _exists(dotted: str) -> bool:
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            fields = getattr(obj, "__dataclass_fields__", {})
            if hasattr(obj, name):
                obj = getattr(obj, name)
            elif name in fields:
                obj = fields[name]
            else:
                return False
        return True
    return False


@pytest.mark.parametrize("path", NOTEBOOKS + PAGES, ids=lambda p: p.name)
def test_named_csvalue_functions_exist(path):
    # the methods appendix and the chapters name estimators as module.function: keep them true
    names = set(re.findall(r"`(csvalue(?:\.[A-Za-z_][A-Za-z0-9_]*)+)`", path.read_text(encoding="utf-8")))
    missing = sorted(n for n in names if not _exists(n))
    assert not missing, f"{path.name} names functions that do not exist: {missing}"
