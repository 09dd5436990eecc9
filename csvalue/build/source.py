"""The book's source: the pages the package ships and the source tree a build assembles.

The package carries the book in ``csvalue/book``: the chapter notebooks (``notebooks/``), the
hand-written pages (``appendix/``, ``concepts/``), the static files and templates
(``_static/``, ``_templates/``), ``index.md`` and the ``_config.yml`` a build starts from. A
build never runs in the package: it assembles a source tree under its output folder
(``OUT/source``, one per edition) laid out as the pages link to each other::

    index.md, _config.yml, _toc.yml     written by the build
    notebooks/<chapter>.md              the chapters (papermill executes them from here)
    book/appendix/…, book/concepts/…    the hand-written pages
    book/_static/…, book/_templates/…   static files (MathJax is copied in), templates
    book/_generated/<chapter>.ipynb     the executed chapters, the pages the book shows

so ``{doc}`` references (``/book/appendix/methods``) and the page catalogues
(``csvalue/locale/<lang>/pages/<page>.po``) name pages by their place in that tree.

Example
-------
>>> "notebooks/00_summary.md" in [p.as_posix() for p in pages()]
True
>>> source_place(Path("appendix/methods.md")).as_posix(), packaged(Path("book/appendix/methods.md")) == BOOK / "appendix/methods.md"
('book/appendix/methods.md', True)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable

from csvalue.instrument.project import BOOK

#: what stays at the top of the source tree (everything else of csvalue/book goes under book/)
_TOP = ("notebooks", "index.md", "_config.yml")
#: the executed chapters, inside a source tree
GENERATED = Path("book/_generated")


def source_place(packaged_rel: Path) -> Path:
    """Where a file of ``csvalue/book`` (relative to it) lies in an assembled source tree."""
    return packaged_rel if packaged_rel.parts[0] in _TOP else Path("book") / packaged_rel


def packaged(source_rel: Path, book: Path | None = None) -> Path:
    """The file of ``csvalue/book`` (or of ``book``, a folder laid out like it) that a
    source-tree path was assembled from."""
    rel = Path(source_rel)
    inside = rel if rel.parts[0] in _TOP else Path(*rel.parts[1:])
    return (book or BOOK) / inside


def _files(book: Path | None = None) -> list[Path]:
    root = book or BOOK
    return sorted(p.relative_to(root) for p in root.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def pages(book: Path | None = None) -> list[Path]:
    """The pages of the book (Markdown: chapters, hand-written pages, the title page) as
    source-tree paths, chapters first."""
    found = [source_place(p) for p in _files(book) if p.suffix == ".md"]
    return sorted(found, key=lambda p: (p.parts[0] != "notebooks", p.parts[0] == "index.md",
                                        p.as_posix()))


def static_files(book: Path | None = None) -> list[Path]:
    """The static files and templates as source-tree paths."""
    return [source_place(p) for p in _files(book) if p.parts[0] in ("_static", "_templates")]


def copy_if_changed(src: Path, dest: Path) -> bool:
    """Copy ``src`` to ``dest`` unless it holds the same bytes (a build's fingerprints and
    Sphinx's change detection stay put); True when it copied."""
    if dest.exists() and dest.stat().st_size == src.stat().st_size \
            and dest.read_bytes() == src.read_bytes():
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return True


def remove_stale_pages(stage: Path, keep: Iterable[str]) -> list[str]:
    """Remove from a source tree the executed chapters that are not in ``keep`` (page names,
    ``04_division_emr``) and their pages in the HTML Jupyter Book built there before (a
    division page of an earlier survey); returns the names removed."""
    keep = set(keep)
    gone = sorted(p.stem for p in (stage / GENERATED).glob("*.ipynb") if p.stem not in keep)
    for name in gone:
        (stage / GENERATED / f"{name}.ipynb").unlink()
    for built in (stage / "_build" / "html", stage / "_build" / "singlehtml"):
        for folder in (built / GENERATED, built / "_sources" / GENERATED):
            for f in folder.glob("*") if folder.is_dir() else ():
                if f.is_file() and f.name.split(".")[0] not in keep:
                    f.unlink()
    return gone


def mirror(src: Path, dest: Path, keep: Iterable[str] = ()) -> None:
    """Make ``dest`` hold exactly the files of ``src`` (changed files copied, files that
    ``src`` lacks removed), leaving ``dest``'s top-level folders named in ``keep`` alone (the
    other editions' HTML inside the English one)."""
    keep = set(keep)
    have = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    if dest.exists():
        for p in sorted(dest.rglob("*"), reverse=True):
            rel = p.relative_to(dest)
            if rel.parts[0] in keep:
                continue
            if p.is_file() and rel not in have:
                p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    for rel in have:
        copy_if_changed(src / rel, dest / rel)
