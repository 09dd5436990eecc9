"""The printed report (csvalue/build/pdf.py with book/_static/print.css), read back from the PDF:
A4 pages, a page number in each page's foot, bookmarks, and a contents list whose page numbers
are the pages the chapters start on. A small book of three chapters stands in for the report
(the whole report is checked the same way in tests/test_build.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from csvalue.build.book import find_chromium
from csvalue.build.pdf import PLACEHOLDER, anchor_pages, contents_with_pages, outline, print_book

ROOT = Path(__file__).resolve().parents[1]
A4 = (595.0, 842.0)   # points, to the nearest point


def small_book(folder: Path) -> Path:
    """A single-page book laid out like Jupyter Book's: print-only contents list, then one
    anchor and section per chapter, chapters of different lengths."""
    (folder / "_static").mkdir()
    shutil.copy(ROOT / "book/_static/print.css", folder / "_static/print.css")
    lengths = {"one": 3, "two": 70, "three": 140}   # paragraphs: 1, 2 and 3 pages or so
    toc = "".join(f'<li><a class="reference internal nav-link" href="#document-{k}">'
                  f'Chapter {k}</a></li>' for k in lengths)
    body = "".join(
        f'<span id="document-{k}"></span><section id="{k}"><h2>Chapter {k}</h2>'
        + "".join(f"<p>Paragraph {i} of chapter {k}, long enough to fill a line of text on "
                  f"an A4 page with some words.</p>" for i in range(n)) + "</section>"
        for k, n in lengths.items())
    page = folder / "index.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><link rel="stylesheet" href="_static/print.css">'
        '</head><body><div id="jb-print-docs-body"><h1>Report</h1><div id="print-main-content">'
        f'<div id="jb-print-toc"><div><h2>Contents</h2></div><nav><ul>{toc}</ul></nav></div>'
        '</div></div><article class="bd-article"><section id="intro"><h1>About</h1>'
        f'<p>Intro.</p>{body}</section></article></body></html>', encoding="utf-8")
    return page


def pdf_pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def media_boxes(pdf: Path) -> set[tuple[float, float]]:
    from pypdf import PdfReader

    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in PdfReader(str(pdf)).pages}


def contents_entries(first_page: str) -> dict[str, int]:
    """Title → page number of each line "Title ..... 12" of the contents page."""
    return {m.group(1).strip(): int(m.group(2))
            for m in re.finditer(r"^\s*(\S.*?\S)\s+(\d+)\s*$", first_page, re.M)}


def check_printed_report(pdf: Path) -> dict[str, int]:
    """What every printed report must show; returns the contents list's entries."""
    assert media_boxes(pdf) == {A4}
    pages = pdf_pages_text(pdf)
    # the page number stands alone on the last line of every page but the title page
    for i, text in enumerate(pages[1:], start=2):
        last = [line.strip() for line in text.splitlines() if line.strip()][-1]
        assert last == str(i), f"page {i} ends with {last!r}, not its number"
    marks = outline(pdf)
    assert len(marks) > 3 and {d for d, _, _ in marks} >= {0, 1}
    heading_page = {}
    for _, title, page in marks:
        heading_page.setdefault(title, page)
    entries = contents_entries(pages[0])
    assert entries
    for title, page in entries.items():
        assert heading_page.get(title) == page, (title, page, heading_page.get(title))
    return entries


def test_contents_entries_get_their_page_numbers():
    html = ('<div id="jb-print-toc"><nav><a class="reference internal nav-link" '
            'href="#document-x">X</a></nav></div><a class="reference internal" href="#document-x">'
            'not in the contents</a>')
    out = contents_with_pages(html, {"document-x": 7})
    assert out.count('<span class="toc-page">7</span>') == 1 and "contents</a>" in out
    assert PLACEHOLDER in contents_with_pages(html, {})


@pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed")
def test_a_small_book_prints_a4_with_page_numbers_bookmarks_and_a_paged_contents(tmp_path):
    page = small_book(tmp_path)
    pdf = tmp_path / "book.pdf"
    pages = print_book(find_chromium(), page, pdf)
    entries = check_printed_report(pdf)
    assert entries == {f"Chapter {k}": pages[f"document-{k}"] for k in ("one", "two", "three")}
    # the contents, then the introduction, then each chapter on a page of its own; the long
    # ones take more than one
    assert entries["Chapter one"] == 3 and entries["Chapter three"] - entries["Chapter two"] >= 2
    assert anchor_pages(pdf) == pages
    assert not (tmp_path / "print.html").read_text().count(f">{PLACEHOLDER}<")
