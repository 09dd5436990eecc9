"""The printed report: the single-page HTML book printed to an A4 PDF by headless chromium.

The page size, the margins and the page number in each page's foot come from the book's print
style sheet (``book/_static/print.css``, CSS ``@page`` rules, which chromium has honoured since
version 131); chromium writes the PDF bookmarks from the headings
(``--generate-pdf-document-outline``). The contents list gets its page numbers in a second
print: the first print tells on which page each chapter starts (the PDF's named destination of
the chapter's anchor, the target of its contents entry), the numbers are written into the
contents list and the page is printed again. The numbers sit on the entries' own lines, so the
second print breaks its pages as the first did; :func:`print_book` checks that it did and prints
once more if not (at most :data:`MAX_PRINTS` times).

Example
-------
>>> html = ('<div id="jb-print-toc"><nav><a class="reference internal" href="#document-a">A</a>'
...         '</nav></div><span id="document-a"></span><h1>A</h1>')
>>> contents_with_pages(html, {"document-a": 3})  # doctest: +ELLIPSIS
'<div id="jb-print-toc"><nav><a class="reference internal" href="#document-a">A<span class="toc-page">3</span></a></nav>...'
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from csvalue.errors import CsvalueError

#: How often :func:`print_book` prints at most (the second print normally confirms the first).
MAX_PRINTS = 3
#: The contents entries' page numbers before the first print: as wide as a real number, so the
#: first print lays the contents out as the second will.
PLACEHOLDER = "00"

#: The printed contents list of Jupyter Book's single-page HTML, up to the end of its <nav>.
_TOC = re.compile(r'(<div id="jb-print-toc">)(.*?)(</nav>)', re.S)
_ENTRY = re.compile(r'(<a class="reference internal[^"]*" href="#(document-[^"]+)">)(.*?)(</a>)',
                    re.S)


class PdfError(CsvalueError):
    """chromium could not print the book."""


_EMPTY_TOC = re.compile(r'(<div id="jb-print-toc">)\s*(</div>)')
_DOCUMENT = re.compile(r'<span id="(document-[^"]+)"></span>\s*<section[^>]*>\s*<h\d[^>]*>(.*?)'
                       r'<a class="headerlink"', re.S)


def with_contents(html: str) -> str:
    """The single-page book's HTML with a printed contents list: the theme's own (the title
    page's headings) where it has one, else one entry per chapter, each linking to the
    chapter's anchor. The theme's list comes out empty when the headings' ids are not ASCII
    (a Korean edition), so the chapters' own titles make the list there.

    Example
    -------
    >>> html = ('<div id="jb-print-toc"> </div><span id="document-a"></span><section id="id1">'
    ...         '<h2>요약<a class="headerlink" href="#id1">#</a></h2>')
    >>> out = with_contents(html)
    >>> out[out.index("<li"):out.index("</ul>")]
    '<li class="toctree-l1 toc-h1 nav-item toc-entry"><a class="reference internal nav-link" href="#document-a">요약</a></li>'
    """
    if not _EMPTY_TOC.search(html):
        return html
    from csvalue.report.i18n import _, using

    items = "".join(f'<li class="toctree-l1 toc-h1 nav-item toc-entry">'
                    f'<a class="reference internal nav-link" href="#{doc}">'
                    f'{re.sub(r"<[^>]+>", "", title).strip()}</a></li>'
                    for doc, title in _DOCUMENT.findall(html))
    if not items:
        return html
    lang = re.search(r'<html[^>]*\blang="([\w-]+)"', html)
    with using(lang.group(1) if lang and lang.group(1) in ("en", "ko") else "en"):
        heading = _("Contents")
    listed = (f'<div><h2> {heading} </h2></div><nav aria-label="Page">'
              f'<ul class="pst-show_toc_level nav section-nav flex-column">{items}</ul></nav>')
    return _EMPTY_TOC.sub(lambda m: m.group(1) + listed + m.group(2), html, count=1)


def contents_with_pages(html: str, pages: dict[str, int]) -> str:
    """The single-page book's HTML with a page number after each entry of its printed
    contents list (``pages``: anchor id → page; :data:`PLACEHOLDER` where unknown).

    Example
    -------
    >>> html = '<div id="jb-print-toc"><nav><a class="reference internal" href="#document-x">X</a></nav>'
    >>> contents_with_pages(html, {})
    '<div id="jb-print-toc"><nav><a class="reference internal" href="#document-x">X<span class="toc-page">00</span></a></nav>'
    """
    def entry(m: re.Match) -> str:
        page = pages.get(m.group(2), PLACEHOLDER)
        return f'{m.group(1)}{m.group(3)}<span class="toc-page">{page}</span>{m.group(4)}'

    def toc(m: re.Match) -> str:
        return m.group(1) + _ENTRY.sub(entry, m.group(2)) + m.group(3)

    return _TOC.sub(toc, html, count=1)


def anchor_pages(pdf: Path) -> dict[str, int]:
    """Page (1-based) of every chapter anchor (``document-…``) a link of the PDF points to:
    chromium writes the target of each internal link as a named destination."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    return {str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()
            if str(name).lstrip("/").startswith("document-")}


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks as (depth, title, page) rows, depth 0 for the top level, pages
    1-based, in reading order."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    rows: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                rows.append((depth, str(item.title),
                             reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return rows


def chromium_print(chromium: str, page: Path, out: Path) -> None:
    """Print one HTML file to ``out`` with headless chromium: CSS page size and margin boxes
    (``print.css``), no browser header or footer, bookmarks from the headings."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
             "--no-pdf-header-footer", "--generate-pdf-document-outline",
             "--allow-file-access-from-files", "--run-all-compositor-stages-before-draw",
             "--virtual-time-budget=20000", f"--print-to-pdf={out}", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.exists():
        raise PdfError(f"chromium could not print {page}: {proc.stderr[-1000:]}")


def print_book(chromium: str, page: Path, out: Path) -> dict[str, int]:
    """Print the single-page book ``page`` to ``out`` with page numbers in its contents list;
    returns the chapter anchors' pages the contents list shows."""
    html = with_contents(page.read_text(encoding="utf-8"))
    printed = page.with_name("print.html")   # beside the page: its relative links still work
    pages: dict[str, int] = {}
    for _ in range(MAX_PRINTS):
        printed.write_text(contents_with_pages(html, pages), encoding="utf-8")
        chromium_print(chromium, printed, out)
        found = anchor_pages(out)
        if found == pages:
            return pages
        pages = found
    raise PdfError(f"the contents list's page numbers did not settle after {MAX_PRINTS} prints")
