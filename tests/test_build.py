"""The book builds from the shipped waves (HTML and PDF), caches, fails loudly, leaks nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from csvalue.build import book as b
from csvalue.build.book import build, find_chromium
from csvalue.instrument.project import BOOK, DEMO, Project

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def book_copy(dest: Path) -> Path:
    """A copy of the book's pages (``csvalue/book``) in ``dest``, to build with changed
    pages (``build(pages=…)``) without touching the package."""
    shutil.copytree(BOOK, dest, dirs_exist_ok=True)
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo project built into a temporary output folder; returns (that folder, log)."""
    out = tmp_path_factory.mktemp("out")
    log: list[str] = []
    # CI sets CSVALUE_REQUIRE_PDF: there a missing chromium fails the build instead of
    # silently leaving the PDF out.
    pdf = find_chromium() is not None or bool(os.environ.get("CSVALUE_REQUIRE_PDF"))
    code = build(out=out, echo=log.append, pdf=pdf)
    assert code == 0, "\n".join(log)
    return out, log


def html_text(root: Path) -> str:
    """Every text file published with the HTML: pages, downloadable sources, search index."""
    files = [p for p in (root / "html").rglob("*") if p.is_file()
             and p.suffix in (".html", ".ipynb", ".md", ".txt", ".js", ".json")
             and "_static" not in p.parts]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_formulas_render_from_a_local_mathjax(built):
    """MathJax comes with the book (no CDN), so formulas render offline and in the PDF."""
    root, _ = built
    page = (root / "html/book/appendix/methods.html").read_text(encoding="utf-8")
    assert "_static/mathjax/tex-svg.js" in page and "cdn.jsdelivr" not in page
    assert (root / "html/_static/mathjax/tex-svg.js").exists()
    pdf = root / b.PDF_PATH
    if pdf.exists():
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "\\frac" not in text and "\\bar" not in text, "raw LaTeX in the PDF"


def test_every_chapter_is_in_the_html(built):
    root, log = built
    html = root / "html"
    assert (html / "index.html").exists()
    for nb in (BOOK / "notebooks").glob("*.md"):
        if nb.stem == "04_division":
            for code in ("emr", "pms", "supplies"):
                assert (html / "book/_generated" / f"04_division_{code}.html").exists()
        else:
            assert (html / "book/_generated" / f"{nb.stem}.html").exists(), nb.stem
    assert "Traceback" not in html_text(root)


def test_no_respondent_ids_or_comments_are_published(built):
    root, _ = built
    waves = pd.concat([pd.read_csv(ROOT / "csvalue/demo/waves" / f"wave_{y}.csv", dtype=str,
                                   keep_default_na=False) for y in (2024, 2025)])
    ids = set(waves["resp_id"])
    comments = {v for v in waves["voc"] if v}
    assert comments, "the shipped waves carry some free text to check against"
    text = html_text(root)
    found_ids = set(re.findall(r"C\d{6}", text)) & ids
    assert not found_ids, sorted(found_ids)[:5]
    assert not [c for c in comments if c in text]
    pdf = root / b.PDF_PATH
    if pdf.exists():
        pdf_text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                  text=True).stdout
        assert not set(re.findall(r"C\d{6}", pdf_text)) & ids
        assert not [c for c in comments if c in pdf_text]


def test_tables_are_rendered_tables_and_figures_are_images(built):
    root, _ = built
    page = (root / "html/book/_generated/01_indices.html").read_text(encoding="utf-8")
    assert "<table" in page and "|:--" not in page
    assert "<img" in page and "<Figure size" not in page
    assert 'alt="Dot chart of CVI' in page


def test_pdf_exists_with_korean_text(built):
    root, _ = built
    if find_chromium() is None:
        pytest.skip("chromium is not installed (make system-deps installs it as root)")
    pdf = root / b.PDF_PATH
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 20
    # chromium draws text with the system fonts: a Korean font must be there (no tofu boxes)
    korean_fonts = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout
    assert "CJK" in korean_fonts or "Nanum" in korean_fonts, "install fonts-noto-cjk"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert len(re.findall("[가-힣]", text)) > 200   # the glossary and labels came through


def test_toc_lists_the_division_pages(built):
    import yaml

    root, _ = built
    toc = yaml.safe_load((root / b.SOURCE / "_toc.yml").read_text())
    files = [c["file"] for p in toc["parts"] for c in p["chapters"]]
    assert "book/_generated/04_division_emr" in files and files[0] == "book/_generated/00_summary"


def test_an_unchanged_rebuild_executes_nothing(built):
    root, _ = built
    log: list[str] = []
    assert build(out=root, echo=log.append) == 0
    assert not [line for line in log if line.strip().endswith(" ok")]
    assert "book unchanged" in log


def test_a_failing_chapter_names_notebook_and_cell_and_keeps_the_others(built, tmp_path):
    root, _ = built
    pages = book_copy(tmp_path / "pages")
    bad = pages / "notebooks" / "05_value_proposition.md"
    original = bad.read_text(encoding="utf-8")
    lines = original.splitlines()
    # break the first line of the third code cell
    starts = [i for i, ln in enumerate(lines) if ln.startswith("```{code-cell}")]
    body = starts[2] + 1
    while lines[body].startswith(":") or not lines[body].strip():
        body += 1
    lines[body] = "raise RuntimeError('no_such_table')"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        log: list[str] = []
        assert build(out=root, pages=pages, echo=log.append, only=["02", "05"]) == 1
        failed = [line for line in log if line.startswith("FAILED")]
        assert failed, log
        assert f"05_value_proposition.md code cell 3 (line {body + 1})" in failed[0], failed[0]
        assert "no_such_table" in failed[0]
        assert (root / b.SOURCE / b.GENERATED / "02_impact.ipynb").exists()
        # the book is still built, the failed chapter's page saying what failed, no traceback
        page = (root / "html/book/_generated/05_value_proposition.html").read_text(
            encoding="utf-8")
        assert "could not be built" in page and "no_such_table" in page
        assert "Traceback" not in page
    finally:
        bad.write_text(original, encoding="utf-8")


def test_downloadable_notebooks_hold_no_build_paths(built):
    root, _ = built
    for nb in (root / b.SOURCE / b.GENERATED).glob("*.ipynb"):
        text = nb.read_text(encoding="utf-8")
        assert str(root) not in text and "injected-parameters" not in text, nb.name


def test_a_different_wave_changes_a_glued_headline(built, tmp_path):
    """A build of other waves into a copy of the book's output folder: the headline changes,
    and the pages of the other chapters, built from the earlier waves, are gone."""
    root, _ = built
    out = shutil.copytree(root, tmp_path / "out")
    page = out / "html/book/_generated/00_summary.html"
    before = page.read_text(encoding="utf-8")
    log: list[str] = []
    code = build([DEMO / "waves/wave_2024.csv"], out=out, echo=log.append, only=["00"])
    assert code == 0, "\n".join(log)
    after = page.read_text(encoding="utf-8")
    headline = re.compile(r"CVI is ([\d.]+)")
    assert headline.search(before).group(1) != headline.search(after).group(1)
    assert "The headline wave is" in after and "2024" in after
    assert not (out / "html/book/_generated/01_indices.html").exists()
    assert not (out / b.SOURCE / b.GENERATED / "01_indices.ipynb").exists()


def test_notebooks_in_git_carry_no_outputs():
    tracked = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True,
                             text=True).stdout.split()
    for f in tracked:
        nb = json.loads((ROOT / f).read_text())
        assert all(not c.get("outputs") for c in nb["cells"]), f
    for md in (BOOK / "notebooks").glob("*.md"):
        text = md.read_text(encoding="utf-8")
        assert "```{code-cell}" in text
        assert ":tags: [parameters" in text, f"{md.name} has no parameters cell"




def test_the_book_rebuilds_when_its_stylesheet_changes(tmp_path):
    """print.css shapes the PDF: a change to it must not be served from the cache."""
    css = tmp_path / "book" / "_static" / "print.css"
    css.parent.mkdir(parents=True)
    css.write_text("h1 { color: black; }")
    before = b._book_fingerprint(tmp_path)
    css.write_text("h1 { color: navy; }")
    assert b._book_fingerprint(tmp_path) != before
    (tmp_path / b.MATHJAX).parent.mkdir(parents=True)
    (tmp_path / b.MATHJAX).write_text("// copied by the build, not a source")
    assert b._book_fingerprint(tmp_path) == b._book_fingerprint(tmp_path)


def test_a_chapter_depends_only_on_what_it_declares(tmp_path):
    """A settings file is an input of the chapters that declare ``config`` or read the analysis;
    a chapter that declares neither (the codebook appendix) keeps its fingerprint."""
    cfg = tmp_path / "settings.yml"
    cfg.write_text("seed: 7\n")
    waves = Project.at(DEMO).waves
    plain = {j.name: j for j in b.plan_jobs(BOOK, waves, None, None, [], 1)}
    tuned = {j.name: j for j in b.plan_jobs(BOOK, waves, None, cfg, [], 1)}
    assert "config" not in plain["91_appendix_codebook"].parameters
    same = b.job_fingerprint(plain["91_appendix_codebook"], "a") == \
        b.job_fingerprint(tuned["91_appendix_codebook"], "b")
    assert same
    assert b.job_fingerprint(plain["01_indices"], "a") != b.job_fingerprint(tuned["01_indices"], "b")
    # and a changed analysis re-runs a chapter that reads it, even with the same parameters
    assert b.job_fingerprint(plain["07_management"], "a") != \
        b.job_fingerprint(plain["07_management"], "b")


def test_chapters_on_one_warm_kernel_do_not_see_each_other(tmp_path):
    """Two chapters in turn on one warm kernel: the second cannot see the first one's names,
    figures or matplotlib settings, and its outputs are those of a fresh kernel."""
    import nbformat

    from csvalue.build.chapters import WarmKernel, run_notebook

    def chapter(name: str, code: str) -> Path:
        path = tmp_path / f"{name}.md"
        header = (BOOK / "notebooks" / "16_concept_nps.md").read_text(encoding="utf-8")
        header = header[: header.index("---", 3) + 3]   # the chapters' own MyST front matter
        path.write_text(f"{header}\n\n# T\n\n```{{code-cell}} ipython3\n{code}\n```\n",
                        encoding="utf-8")
        return path

    first = chapter("a", "import matplotlib; import matplotlib.pyplot as plt\n"
                         "leak = 1; plt.figure(); matplotlib.rcParams['lines.linewidth'] = 9.0")
    second = chapter("b", "import matplotlib; import matplotlib.pyplot as plt\n"
                          "print('leak' in dir(), len(plt.get_fignums()), "
                          "matplotlib.rcParams['lines.linewidth'])")
    kernel = WarmKernel(tmp_path)
    try:
        kernel.run(first, tmp_path / "a.ipynb", {}, None)
        kernel.run(second, tmp_path / "b.ipynb", {}, None)
    finally:
        kernel.close()
    fresh = tmp_path / "fresh.ipynb"
    run_notebook(second, fresh, {}, tmp_path)

    def printed(path: Path) -> str:
        nb = nbformat.read(path, as_version=4)
        return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))

    assert printed(tmp_path / "b.ipynb").startswith("False 0 ")
    assert printed(tmp_path / "b.ipynb") == printed(fresh)
    assert nbformat.read(tmp_path / "b.ipynb", as_version=4).cells[1].execution_count == 1


# ---------------------------------------------------------------------------------------
# What a reader sees: one interval notation, true minus signs, no developer names; the PDF
# A4, numbered, bookmarked, with a paged contents list
# ---------------------------------------------------------------------------------------

def reader_pages(root: Path) -> dict[str, str]:
    """The visible text of every page of the HTML book (article body, no formulas)."""
    from bs4 import BeautifulSoup

    pages = {}
    for page in (root / "html").rglob("*.html"):
        if "_static" in page.parts or page.name in ("genindex.html", "search.html"):
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.find("article") or soup
        for t in main.find_all(["script", "style"]) + main.select(".math, .MathJax"):
            t.decompose()
        pages[page.name] = re.sub(r"[ \t\r\n]+", " ", main.get_text(" "))
    return pages


#: Interval notations other than "value [low, high]": "(low–high)" after a value, "95% CI low to
#: high", "interval low to high".
OTHER_INTERVALS = re.compile(r"\d\s*\(\s*[−-]?\d+\.\d+\s*[–-]\s*[−-]?\d+\.\d+\s*\)"
                             r"|(CI|interval)\s+[−-]?\d+(\.\d+)?\s+to\s+[−-]?\d")
HYPHEN_NEGATIVE = re.compile(r"(?<![\w\-–−.,/])-\d")
DEVELOPER_NAMES = re.compile(r"csvalue\.\w|\beb_|\bev_\w|:\(missing\)|model\.json"
                             r"|\b[a-z]+_[a-z_]+\(\)")


def test_reader_pages_use_one_interval_notation_and_true_minus_signs(built):
    root, _ = built
    pages = reader_pages(root)
    assert len(pages) > 15
    found = {name: OTHER_INTERVALS.findall(text) for name, text in pages.items()}
    assert not {k: v for k, v in found.items() if v}
    minus = {name: [text[max(0, m.start() - 30):m.end() + 10]
                    for m in HYPHEN_NEGATIVE.finditer(text)] for name, text in pages.items()}
    assert not {k: v for k, v in minus.items() if v}
    # the notation the report does use, with its non-breaking spaces
    assert re.search(r"\d\xa0\[−?\d+\.\d,\xa0−?\d+\.\d\]", pages["01_indices.html"])


def test_reader_pages_carry_no_developer_names(built):
    root, _ = built
    pages = reader_pages(root)
    # the codebook's own column names, and the reference of its keys, whose examples are
    # written in the codebook's item ids (eb_speed), by design
    pages.pop("91_appendix_codebook.html")
    pages.pop("93_appendix_codebook_reference.html")
    found = {name: [text[max(0, m.start() - 30):m.end() + 20]
                    for m in DEVELOPER_NAMES.finditer(text)] for name, text in pages.items()}
    assert not {k: v for k, v in found.items() if v}


def test_the_pdf_is_a4_numbered_bookmarked_with_a_paged_contents_list(built):
    from test_print import check_printed_report

    root, _ = built
    if find_chromium() is None:
        pytest.skip("chromium is not installed (make system-deps installs it as root)")
    entries = check_printed_report(root / b.PDF_PATH)
    assert {"Executive summary", "Methods and formulas"} <= set(entries)
    # the Korean words of the English edition (labels, the glossary) are set in a named,
    # embedded TrueType font, not in dozens of unnamed Type 3 fonts (a few symbols may be)
    fonts = subprocess.run(["pdffonts", str(root / b.PDF_PATH)], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert [f for f in fonts if "Nanum" in f and " yes " in f], fonts
    assert len([f for f in fonts if "Type 3" in f]) <= 5, fonts
