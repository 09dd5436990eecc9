"""Cross-references between the chapters in a partial book (``csvalue build --only``).

The chapters link to each other (``{doc}`02_impact```, ``{numref}`fig-sim```): in the full
book every reference resolves, and the build treats one that does not as an error (Sphinx
``-W``). A build of a few chapters leaves the others out, so their documents and labels do not
exist; this Sphinx extension (``sphinx: extra_extensions`` in ``_config.yml``) shows a reference
*into a chapter left out of the build* as its plain text instead of failing. Any other
unresolved reference — a typo, a label that no chapter defines, a reference into a chapter that
is built — still fails the build, unless the build left out the section that defines the
label because it does not apply to the survey (:mod:`csvalue.report.applicable`): then the
label is in the chapter's source but not in its executed notebook, and the reference shows as
plain text too.

A chapter is "left out" when no document of the build is named after its notebook in
``notebooks/`` (the division chapter ``04_division`` is built as ``04_division_<code>``).

Example
-------
>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> (root / "notebooks").mkdir()
>>> _ = (root / "notebooks" / "02_impact.md").write_text(
...     "---\\nkernelspec:\\n  name: python3\\n---\\n```{glue:figure} fig_sim\\n:name: fig-sim\\n"
...     "```\\n(tbl-gains)=\\n", encoding="utf-8")
>>> chapter_labels(root / "notebooks")
{'fig-sim': '02_impact', 'tbl-gains': '02_impact'}
>>> left_out(root / "notebooks", ["book/_generated/00_summary", "index"])
{'02_impact'}
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

#: A label a chapter defines: a MyST target ``(name)=`` or a figure's ``:name:`` / ``name:``.
_LABEL = re.compile(r"^\((?P<target>[^)\s]+)\)=\s*$|^\s*:?name:\s*(?P<name>[A-Za-z0-9_.:-]+)\s*$",
                    re.M)
#: The notebook's front matter (its kernel has a ``name:`` too, which is no label).
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def chapter_labels(notebooks: Path) -> dict[str, str]:
    """Every label the chapter notebooks define (lower case, as Sphinx stores them) → the
    notebook that defines it."""
    out: dict[str, str] = {}
    for path in sorted(notebooks.glob("*.md")):
        text = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
        for m in _LABEL.finditer(text):
            out[(m.group("target") or m.group("name")).lower()] = path.stem
    return out


def left_out(notebooks: Path, docnames: Iterable[str]) -> set[str]:
    """The chapter notebooks of which no document is part of the build."""
    built = {PurePosixPath(d).name for d in docnames}
    return {p.stem for p in notebooks.glob("*.md")
            if not any(b == p.stem or b.startswith(p.stem + "_") for b in built)}


def gated_out(generated: Path, chapter: str, label: str) -> bool:
    """Whether the executed notebooks of ``chapter`` in ``generated`` (the build's
    ``book/_generated``) exist and none of them defines ``label``: the section that holds it
    was left out of this build.

    Example
    -------
    >>> import tempfile
    >>> g = Path(tempfile.mkdtemp())
    >>> _ = (g / "02_impact.ipynb").write_text('{"source": "(tbl-impact-values)=\\n"}')
    >>> gated_out(g, "02_impact", "tbl-impact-upper"), gated_out(g, "02_impact", "tbl-impact-values")
    (True, False)
    """
    books = [p for p in generated.glob(f"{chapter}*.ipynb")
             if p.stem == chapter or p.stem.startswith(chapter + "_")]
    if not books:
        return False
    pattern = re.compile(r"\(" + re.escape(label) + r"\)=|name:\s*" + re.escape(label) + r"\b",
                         re.I)
    return not any(pattern.search(p.read_text(encoding="utf-8")) for p in books)


def chapter_title(source: Path) -> str:
    """The title of a chapter (its MyST notebook's first ``# `` heading, front matter aside):
    what a reference into a chapter left out shows, and the title of a failed chapter's page;
    the file's name when it has none (or does not exist).

    Example
    -------
    >>> import tempfile
    >>> nb = Path(tempfile.mkdtemp())
    >>> _ = (nb / "08_plan.md").write_text("---\\na: 1\\n---\\n\\n# Goals and action plan\\n")
    >>> chapter_title(nb / "08_plan.md"), chapter_title(nb / "09_none.md")
    ('Goals and action plan', '09_none')
    """
    if source.exists():
        text = _FRONT_MATTER.sub("", source.read_text(encoding="utf-8"))
        m = re.search(r"^# (.+)$", text, re.M)
        if m:
            return m.group(1).strip()
    return source.stem


def _shown(node: Any, contnode: Any, notebooks: Path, chapter: str) -> Any:
    """A reference that cannot link: its own text where the author wrote one, else the
    chapter's title (never a document or label name)."""
    if node.get("refexplicit"):
        return contnode
    from docutils import nodes

    return nodes.inline(text=chapter_title(notebooks / f"{chapter}.md"))


def _target_chapter(node: Any, labels: dict[str, str]) -> str | None:
    target = str(node.get("reftarget", ""))
    if node.get("reftype") == "doc":
        return PurePosixPath(target).name
    return labels.get(target.lower())


def setup(app: Any) -> dict[str, Any]:
    """Register the handler of unresolved references (Sphinx's ``missing-reference``)."""
    notebooks = Path(app.srcdir) / "notebooks"
    labels = chapter_labels(notebooks) if notebooks.is_dir() else {}

    def missing_reference(app: Any, env: Any, node: Any, contnode: Any) -> Any:
        chapter = _target_chapter(node, labels)
        if chapter and notebooks.is_dir() and chapter in left_out(notebooks, env.found_docs):
            return _shown(node, contnode, notebooks, chapter)   # text, without a link
        if (chapter and node.get("reftype") != "doc"
                and gated_out(Path(app.srcdir) / "book" / "_generated", chapter,
                              str(node.get("reftarget", "")))):
            return _shown(node, contnode, notebooks, chapter)   # its section does not apply
        return None                    # Sphinx warns as usual (an error under -W)

    app.connect("missing-reference", missing_reference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
