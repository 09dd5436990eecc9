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
    shutil.copy(ROOT / "csvalue/book/_static/print.css", folder / "_static/print.css")
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
    # chromium drops the space where a long heading wraps ("Pharmacymanagement"): titles are
    # compared without their spaces
    heading_page = {}
    for _, title, page in marks:
        heading_page.setdefault(re.sub(r"\s", "", title), page)
    entries = contents_entries(pages[0])
    assert entries
    for title, page in entries.items():
        found = heading_page.get(re.sub(r"\s", "", title))
        assert found == page, (title, page, found)
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


# ---------------------------------------------------------------------------------------
# Charts: one colour-blind-safe palette, goal lines, one honest scale, labels that do not collide
# ---------------------------------------------------------------------------------------

def _rgb(hex_colour: str):
    import numpy as np

    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], float)


def test_the_indices_have_distinct_okabe_ito_colours():
    import colorsys
    import itertools

    from csvalue.report import figures as f

    colours = [f.INDEX_COLORS[i] for i in ("cvi", "cls", "cs", "nps")]
    assert set(colours) <= set(f.OKABE_ITO.values()) and len(set(colours)) == 4
    hues = {c: colorsys.rgb_to_hsv(*(_rgb(c) / 255))[0] * 360 for c in colours}
    for a, b in itertools.combinations(colours[:3], 2):   # CVI, CLS, CS: not three blues
        gap = abs(hues[a] - hues[b])
        assert min(gap, 360 - gap) > 30, (a, b)
    assert len(set(f.INDEX_MARKERS.values())) == 4


def trends_frame():
    import pandas as pd

    rows = {"cvi": (75.2, 76.0), "cls": (74.5, 75.3), "cs": (75.9, 77.8), "nps": (4.6, 7.8)}
    half = {"cvi": 0.8, "cls": 0.7, "cs": 0.9, "nps": 3.0}
    return pd.DataFrame([{"wave": w, "index": k, "value": v, "ci_low": v - half[k],
                          "ci_high": v + half[k]}
                         for k, vals in rows.items() for w, v in zip(("2024", "2025"), vals)])


def test_trend_panels_share_one_scale_and_show_the_goals():
    import pandas as pd

    from csvalue.report.figures import close, trend_chart

    changes = pd.DataFrame({"wave_b": ["2025"], "index": ["cs"], "sample": ["all"],
                            "significant": [True]})
    fig = trend_chart(trends_frame(), changes, "Indices by wave",
                      {"cvi": 75, "cls": 75, "nps": 10})
    axes = fig.axes
    limits = [ax.get_ylim() for ax in axes]
    spans = [hi - lo for lo, hi in limits]
    assert max(spans) - min(spans) < 1e-9          # a point is as tall in every panel
    assert limits[0] == limits[1] == limits[2]     # CVI, CLS, CS on the same axis
    # the +0.8 change of CLS and the +1.9 change of CS keep their ratio on the page
    heights = []
    for ax, (a, b) in zip(axes[1:3], ((74.5, 75.3), (75.9, 77.8))):
        y0, y1 = ax.transData.transform([(0, a), (0, b)])[:, 1]
        heights.append(y1 - y0)
    assert abs(heights[1] / heights[0] - 1.9 / 0.8) < 0.01
    goal_lines = [ln for ax in axes for ln in ax.get_lines() if ln.get_linestyle() == "--"
                  or (ln.get_ydata()[0] == ln.get_ydata()[-1] and ln.get_ydata()[0] in (75, 10))]
    assert len(goal_lines) >= 3
    assert [t.get_text() for t in axes[3].texts] == ["NPS goal 10"]
    close(fig)


def _label_boxes(ax):
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Annotation, Text

    return [(t.get_text(), Text.get_window_extent(t, renderer)) for t in ax.texts
            if isinstance(t, Annotation) and t.get_text()]


def test_errc_and_matrix_labels_do_not_collide_on_the_shipped_waves(codebook):
    from csvalue.instrument.load import load_wave
    from csvalue.instrument.settings import Settings
    from csvalue.pipeline.analyze import analyze
    from csvalue.report import section_errc_charts, section_matrix_chart
    from csvalue.report.figures import close

    res = analyze([load_wave(ROOT / "csvalue/demo/waves/wave_2025.csv", codebook)], codebook,
                  Settings(n_boot=50))
    errc, matrix = res.table("errc", "2025"), res.table("strategy_matrix", "2025")
    for scope in sorted(set(errc["scope"])):
        for fig in (section_errc_charts(errc[errc["scope"] == scope], scope, codebook),
                    section_matrix_chart(matrix[matrix["scope"] == scope], scope, codebook)):
            for ax in fig.axes:
                boxes = _label_boxes(ax)
                for i, (a, box_a) in enumerate(boxes):
                    for b, box_b in boxes[i + 1:]:
                        assert not box_a.overlaps(box_b), f"{scope}: {a!r} overlaps {b!r}"
            close(fig)
