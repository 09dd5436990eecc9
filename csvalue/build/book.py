"""``csvalue build``: waves → validated, analysed → chapters executed → Jupyter Book (→ PDF).

A build reads a **report project** (:mod:`csvalue.instrument.project`: ``codebook.yml``,
``settings.yml``, ``waves/``) and writes only into its output folder ``OUT`` (the project's
``_build/``; ``--out`` chooses another):

1. **validate** the wave files (:func:`csvalue.instrument.load.load_waves`) and print their quality;
2. **analyse** them once (:func:`csvalue.pipeline.analyze.analyze`) into ``OUT/results/`` and
   the report's database ``OUT/csvalue.sqlite``;
3. **assemble** the book's source in ``OUT/source`` (:mod:`csvalue.build.source`: the pages
   the package ships, ``_config.yml`` with the report's title, ``_toc.yml``) and **execute**
   every chapter that applies with papermill on a pool of warm kernels, one per core
   (:mod:`csvalue.build.chapters`), into ``OUT/source/book/_generated/``; the division chapter
   once per division; a progress line per chapter;
4. **build** the HTML with ``jupyter-book build`` (execution off, Sphinx warnings as errors)
   into ``OUT/html``, without the pages of an earlier build that this one's table of contents
   does not hold;
5. with ``--pdf``, print the single-page HTML to ``OUT/pdf/csvalue-report.pdf`` with Debian's
   headless chromium (nothing is downloaded).

Which project: ``--project DIR``; else the current folder when it holds a ``codebook.yml``;
else, given no ``--wave`` and no ``--codebook``, the **demo project** the package ships
(``csvalue/demo``) into ``./_build`` (so ``csvalue build`` in the repository builds the
default report); ``--wave F … --codebook C`` build those files into ``./_build``.

Caching: each step records a fingerprint of its inputs (wave files, codebook, config, notebook
source, parameters and the csvalue code) in ``OUT/.csvalue-build.json``; a step whose
fingerprint is unchanged is skipped. A failing chapter names the notebook and the cell, the
build exits non-zero, and the chapters that ran are kept for the next build.

Example
-------
$ csvalue build                      # the demo project (or ./codebook.yml's) → _build/html/index.html
$ csvalue build --project survey --pdf   # survey/_build/html and survey/_build/pdf
$ csvalue build --lang ko            # the Korean edition → _build/html/ko/index.html

Editions: ``--lang`` (default: the settings' ``language``, else English) chooses the edition.
The English book is built in ``OUT/source``, the Korean one in a translated copy
(``OUT/ko/source``, :func:`csvalue.build.i18n.stage_edition`) whose chapters run with the
report's messages in Korean (``CSVALUE_LANG``), into ``OUT/html/ko`` beside the English
pages (each page's sidebar links to the same page of the other edition) and
``OUT/pdf/csvalue-report-ko.pdf``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from csvalue.build import i18n as editions
from csvalue.build import source
from csvalue.build.chapters import (Outcome, declared_in_source, execute_all,
                                     failure_notebook)
from csvalue.errors import CsvalueError
from csvalue.instrument.project import DEMO, OUTPUT, Project, is_project
from csvalue.pipeline.results import digest as _sha
from csvalue.report.format import plural
from csvalue.report.i18n import N_, _, using
from csvalue.report.inert import inert
from csvalue.report.xref import chapter_title

#: inside a build's output folder: the analysis, the report's database, the cache manifest,
#: the English edition's source tree, the HTML and the PDF
RESULTS = Path("results")
BOOK_DB = Path("csvalue.sqlite")
MANIFEST = Path(".csvalue-build.json")
SOURCE = Path("source")
HTML = Path("html")
PDF_PATH = Path("pdf/csvalue-report.pdf")
#: inside a source tree: the executed chapters, the MathJax bundle the build copies in
GENERATED = source.GENERATED
MATHJAX = Path("book/_static/mathjax/tex-svg.js")
DIVISION_NOTEBOOK = "04_division"
CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")

#: The book's table of contents: report chapters, concepts, appendices. Entries whose source
#: does not exist are left out; ``{divisions}`` expands to one page per division.
TOC_PARTS = [
    (N_("Report"), ["00_summary", "01_indices", "02_impact", "03_company_tasks", "{divisions}",
                "05_value_proposition", "06_segmentation", "07_management", "08_action_plan"]),
    (N_("Concepts"), ["11_concept_satisfaction", "12_concept_service_quality",
                  "book/concepts/moments_of_truth", "book/concepts/internal_external_customers",
                  "15_concept_retention", "16_concept_nps"]),
    (N_("Appendices"), ["book/appendix/methods", "91_appendix_codebook",
                    "92_appendix_data_quality", "93_appendix_codebook_reference",
                    "book/appendix/glossary"]),
]


class BuildError(CsvalueError):
    """A chapter or the book failed to build."""


@dataclass(frozen=True)
class Job:
    """One notebook execution: source, output and papermill parameters."""

    name: str
    source: Path
    output: Path
    parameters: dict[str, Any]
    title: str | None = None
    drop: tuple[str, ...] = ()      # cell tags of the sections that do not apply


def code_fingerprint() -> str:
    """Hash of the csvalue package (code, data files, catalogues; the book's pages are
    inputs of their own): a new version re-executes."""
    pkg = Path(__file__).resolve().parents[1]
    files = sorted(p for p in pkg.rglob("*")
                   if p.is_file() and p.suffix in (".py", ".yml", ".po")
                   and p.parent.name != "waves")
    return _sha(*(f.relative_to(pkg).as_posix().encode() + f.read_bytes() for f in files))


def input_fingerprint(waves: list[Path], codebook: Path | None, config: Path | None) -> str:
    parts = [code_fingerprint()]
    for p in [*waves, codebook, config]:
        parts.append(p.read_bytes() if p is not None else b"-")
    return _sha(*parts)


def _read_manifest(out: Path) -> dict[str, str]:
    try:
        return json.loads((out / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def _write_manifest(out: Path, manifest: dict[str, str]) -> None:
    path = out / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True))


# ---------------------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------------------

def division_page(code: str) -> str:
    """A division code as a part of a file name: the code itself when it is lower-case letters,
    digits, ``_`` and ``-`` (``emr``), else a short hash of the code, so that a code such as
    ``../x`` or ``<b>`` cannot leave the book's folder, cannot collide with another code
    (``EMR`` and ``emr`` differ on every file system), is a valid page name and carries none of
    the code's text into the page's address or scripts.

    Example
    -------
    >>> division_page("emr"), division_page("../../etc/x"), division_page("EMR") != "emr"
    ('emr', 'xf152cad9', True)
    """
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", code):
        return code
    return "x" + _sha(code)[:8]


def plan_jobs(root: Path, waves: list[Path], codebook: Path | None, config: Path | None,
              divisions: list[tuple[str, str]], seed: int,
              sections: Callable[[str], Any] | None = None,
              division_noun: str = "division", out: Path | None = None) -> list[Job]:
    """Every notebook of ``root/notebooks/`` (a source tree) as a job; the division chapter
    once per division (its page named with :func:`division_page`, titled with what the
    codebook calls its divisions). The chapters read the analysis of the build whose output
    folder is ``out`` (default ``_build``).

    ``sections`` (scope → :class:`csvalue.report.applicable.Sections`) leaves out the
    chapters that do not apply and gives each job the tags of the sections it drops.

    A job carries only the parameters its chapter declares, so its fingerprint (and whether it
    runs again) depends on just those inputs."""
    out = Path(out) if out is not None else Path(OUTPUT)
    base = {"results_dir": str(out / RESULTS), "wave": [str(w) for w in waves],
            "db_url": f"sqlite:///{out / BOOK_DB}",
            "codebook": str(codebook) if codebook else None,
            "config": str(config) if config else None, "seed": seed}
    def gates(scope: str, chapter: str) -> tuple[str, ...] | None:
        if sections is None:
            return ()
        s = sections(scope)
        return s.dropped_tags if s.chapter_applies(chapter) else None

    noun = division_noun[:1].upper() + division_noun[1:]
    jobs = []
    for src in sorted((root / "notebooks").glob("*.md")):
        declared = declared_in_source(src)
        params = {k: v for k, v in base.items() if k in declared}
        if src.stem == DIVISION_NOTEBOOK:
            for code, label in divisions:
                page = f"{src.stem}_{division_page(code)}"
                drop = gates(f"division:{code}", src.stem)
                if drop is not None:
                    jobs.append(Job(page, src, root / GENERATED / f"{page}.ipynb",
                                    {**params, "division": code},
                                    _("{noun} tasks: {division}").format(
                                        noun=inert(noun), division=inert(label)), drop))
        elif (drop := gates("company", src.stem)) is not None:
            jobs.append(Job(src.stem, src, root / GENERATED / f"{src.stem}.ipynb", params,
                            drop=drop))
    return jobs


#: parameters whose value names an input: the chapter depends on that input's content
_FILE_PARAMETERS = ("wave", "codebook", "config")
#: parameters that name the analysis' outputs: the chapter depends on everything analysed
_ANALYSIS_PARAMETERS = ("results_dir", "db_url")


def job_fingerprint(job: Job, inputs: str, code: str | None = None) -> str:
    """What a chapter's output depends on: the package code, its source and title, the
    parameters it declares and the content of the files they name; a chapter reading the
    analysis (results or database) depends on all of the analysis' inputs (``inputs``).

    So a changed settings file re-runs only the chapters that declare ``config`` or read the
    analysis, and a new wave leaves the chapters that read no wave alone."""
    parts = [code or code_fingerprint(), job.source.read_bytes(),
             json.dumps(job.parameters, sort_keys=True), job.title or "", " ".join(job.drop)]
    for key in _FILE_PARAMETERS:
        value = job.parameters.get(key)
        for f in (value if isinstance(value, list) else [value]):
            parts.append(Path(f).read_bytes() if f else b"-")
    if any(k in job.parameters for k in _ANALYSIS_PARAMETERS):
        parts.append(inputs)
    return _sha(*parts)


def write_toc(root: Path, jobs: list[Job]) -> Path:
    """``_toc.yml`` from :data:`TOC_PARTS`, with the division pages of this build."""
    have = {j.name: f"{GENERATED.as_posix()}/{j.name}" for j in jobs}
    divisions = [have[n] for n in have if n.startswith(DIVISION_NOTEBOOK + "_")]
    parts = []
    for caption, entries in TOC_PARTS:
        files = []
        for e in entries:
            if e == "{divisions}":
                files += divisions
            elif e in have:
                files.append(have[e])
            elif (root / f"{e}.md").exists():
                files.append(e)
        if files:
            parts.append({"caption": _(caption), "chapters": [{"file": f} for f in files]})
    toc = {"format": "jb-book", "root": "index", "parts": parts}
    path = root / "_toc.yml"
    text = ("# Written by `csvalue build` (csvalue/build/book.py TOC_PARTS); edit there.\n"
            + yaml.safe_dump(toc, sort_keys=False))
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def _jupyter_book() -> list[str]:
    """The command that runs Jupyter Book in this interpreter's environment: its script beside
    the interpreter, else the module (an environment whose scripts are elsewhere)."""
    exe = Path(sys.executable).with_name("jupyter-book")
    if exe.exists():
        return [str(exe)]
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        raise BuildError("jupyter-book is not installed (pip install 'jupyter-book<2')") from None
    return [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]


def _book_fingerprint(root: Path) -> str:
    static = [p for p in (root / "book" / "_static").rglob("*")
              if p.is_file() and (root / MATHJAX).parent not in p.parents]
    files = sorted([*(root / GENERATED).glob("*.ipynb"), *(root / "book").rglob("*.md"),
                    *static, root / "_config.yml", root / "_toc.yml", root / "index.md"])
    return _sha(*(f.as_posix().encode() + f.read_bytes() for f in files if f.exists()))


def install_mathjax(root: Path) -> Path:
    """Copy MathJax 3's self-contained TeX-to-SVG bundle into the book's static files.

    It comes from the ``django-static-mathjax`` wheel (MathJax 3.2, no Django needed), so the
    formulas render offline, in ``file://`` pages and in chromium's printed PDF: SVG output
    needs no web fonts, and nothing is fetched from a CDN (``mathjax_path`` in ``_config.yml``).
    """
    import mathjax

    src = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5" / "tex-svg.js"
    dest = root / MATHJAX
    if not dest.exists() or dest.stat().st_size != src.stat().st_size:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    return dest


def build_book(root: Path, builder: str = "html") -> None:
    """``jupyter-book build`` of the source tree ``root`` into ``root/_build/<builder>``."""
    install_mathjax(root)
    proc = subprocess.run([*_jupyter_book(), "build", str(root), "--builder", builder, "-W",
                           "--keep-going", "-q"], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [x for x in (proc.stdout + proc.stderr).splitlines()
                 if "WARNING" in x or "ERROR" in x or "Error" in x]
        raise BuildError("jupyter-book build failed:\n  " + "\n  ".join(lines[:20] or
                                                                      [proc.stderr[-2000:]]))


def find_chromium() -> str | None:
    for c in CHROMIUM:
        if Path(c).exists() and not c.endswith("/usr/bin/chromium"):
            return c
    return shutil.which("chromium")


def build_pdf(root: Path, out: Path) -> Path:
    """The source tree ``root``'s single-page HTML printed to an A4 PDF ``out`` by headless
    chromium (Debian package ``chromium``), with page numbers, bookmarks and a paged contents
    list (:func:`csvalue.build.pdf.print_book`)."""
    from csvalue.build.pdf import print_book

    build_book(root, "singlehtml")
    page = root / "_build" / "singlehtml" / "index.html"
    chromium = find_chromium()
    if chromium is None:
        raise BuildError("--pdf needs Debian's chromium (apt-get install chromium "
                         "fonts-noto-cjk); make report installs it when run as root")
    out.parent.mkdir(parents=True, exist_ok=True)
    print_book(chromium, page, out)
    return out


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------

#: The book's title (``_config.yml``), translated for each edition.
BOOK_TITLE = N_("Customer Value Index report")


def edition_paths(out: Path, lang: str) -> tuple[Path, Path, Path, str]:
    """Where an edition is built in the output folder ``out``: its source tree, its HTML, its
    PDF and the prefix of its entries in the build's manifest."""
    if lang == "en":
        return out / SOURCE, out / HTML, out / PDF_PATH, ""
    return (out / lang / SOURCE, out / HTML / lang,
            out / PDF_PATH.with_name(f"{PDF_PATH.stem}-{lang}.pdf"), f"{lang}:")


@dataclass(frozen=True)
class Inputs:
    """What a build reads and where it writes: the wave files, the codebook (None: the
    shipped one), the settings file (None: defaults) and the output folder."""

    waves: list[Path]
    codebook: Path | None
    config: Path | None
    out: Path
    what: str = ""          # the project, said in the build's first line


def build_inputs(project: str | Path | None = None, waves=None, codebook=None, config=None,
                 out: str | Path | None = None, cwd: Path | None = None) -> Inputs:
    """The inputs of ``csvalue build`` (see the module docstring for which project it reads).

    Example
    -------
    >>> import tempfile
    >>> i = build_inputs(cwd=Path(tempfile.mkdtemp()))
    >>> [w.name for w in i.waves], i.out.name, i.what
    (['wave_2024.csv', 'wave_2025.csv'], '_build', 'the demo project')
    """
    cwd = Path(cwd or Path.cwd()).resolve()
    if project is None and not waves and codebook is None and is_project(cwd):
        project = cwd
    if project is not None:
        p = Project.at(project)
        what = f"the project {p.folder}"
        default_out = p.output
    else:
        p = Project.at(DEMO)
        what = "the demo project" if not waves and codebook is None else "the given files"
        p = Project(p.folder, None, p.settings if codebook is None else None, p.waves)
        default_out = cwd / OUTPUT
    wave_paths = [Path(w).resolve() for w in waves] if waves else p.waves
    return Inputs(wave_paths, Path(codebook).resolve() if codebook else p.codebook,
                  Path(config).resolve() if config else p.settings,
                  Path(out).resolve() if out else default_out, what)


def build(waves: list[str | Path] | None = None, codebook: str | Path | None = None,
          config: str | Path | None = None, pdf: bool = False, jobs: int | None = None,
          out: str | Path | None = None, project: str | Path | None = None, echo=print,
          only: list[str] | None = None, lang: str | None = None,
          pages: Path | None = None) -> int:
    """Run the whole build; returns the exit code (0 = every chapter and the book built).

    ``project`` is a report project folder; ``waves``, ``codebook`` and ``config`` override
    its files (without a project: the demo project's, :func:`build_inputs`). Everything is
    written under ``out`` (default: the project's ``_build``, else ``./_build``).
    ``only`` limits the chapters to those whose name starts with one of the given prefixes
    (e.g. ``["00", "04"]``); the book then holds just those and the hand-written pages.
    ``lang`` is the edition (``"en"``, ``"ko"``; default: the settings' ``language``).
    ``pages`` is a folder laid out like ``csvalue/book`` to build instead of the shipped
    pages (a customised book, the tests)."""
    from csvalue.instrument.settings import load_settings

    inputs = build_inputs(project, waves, codebook, config, out)
    lang = lang or load_settings(inputs.config).language
    with using(lang):
        return _build_edition(inputs, pdf, jobs, echo, only, lang, pages)


def _build_edition(inputs: Inputs, pdf, jobs, echo, only, lang: str, pages) -> int:
    from csvalue.instrument.codebook import load_codebook
    from csvalue.instrument.settings import load_settings

    t0 = time.perf_counter()
    out = inputs.out
    stage, html_dir, pdf_path, key = edition_paths(out, lang)
    wave_paths, cb_path, cfg_path = inputs.waves, inputs.codebook, inputs.config
    echo(f"building {inputs.what} into {out}")
    manifest = _read_manifest(out)
    inputs_print = input_fingerprint(wave_paths, cb_path, cfg_path)
    cb = load_codebook(cb_path)
    settings = load_settings(cfg_path)

    results = out / RESULTS
    if manifest.get("analysis") != inputs_print or not (results / "model.json").exists():
        # imported here: a build with nothing to analyse never pays for the analysis' imports
        from csvalue.instrument.load import load_waves
        from csvalue.pipeline.analyze import analyze
        from csvalue.pipeline.results import write_results

        loaded = load_waves(wave_paths, cb)
        for w in loaded:
            q = w.quality
            echo(f"validated {q.accounting()} ({q.encoding})")
        step = time.perf_counter()
        res = analyze(loaded, cb, settings, sources=wave_paths, echo=echo)
        echo(f"analysed {plural(len(loaded), 'wave')} in {time.perf_counter() - step:.1f}s")
        step = time.perf_counter()
        if results.exists():
            shutil.rmtree(results)
        write_results(res, results)
        echo(f"wrote the result tables in {time.perf_counter() - step:.1f}s")
        _store(out, res, loaded, cb, echo)
        manifest["analysis"] = inputs_print
        _write_manifest(out, manifest)
    else:
        echo(f"analysis unchanged: reusing {results}")

    from csvalue.pipeline.results import read_results
    from csvalue.report.applicable import applicable_sections, division_codes, division_noun

    analysed = read_results(results)
    company = applicable_sections(cb, analysed)
    divisions = division_codes(cb, analysed) if company.applies("divisions") else []
    editions.stage_edition(stage, lang, safe_title(cb.title(lang)), pages)
    plan = plan_jobs(stage, wave_paths, cb_path, cfg_path, divisions, settings.seed,
                     lambda scope: applicable_sections(cb, analysed, scope), division_noun(cb),
                     out=out)
    code = code_fingerprint()
    prints = {j.name: job_fingerprint(j, inputs_print, code) for j in plan}
    if only:
        plan = [j for j in plan if any(j.name.startswith(p) for p in only)]
    # the pages of an earlier build that this book does not hold are removed: a division or
    # a chapter this survey does not have, and (in a build of some chapters, --only) the
    # other chapters' pages unless they are of these very inputs
    current = {n for n, f in prints.items() if manifest.get(f"{key}nb:{n}") == f}
    for name in source.remove_stale_pages(stage, current | {j.name for j in plan}):
        manifest.pop(f"{key}nb:{name}", None)
        echo(f"  {name:<28} removed (not in this report)")
    write_toc(stage, plan)
    todo = [j for j in plan if manifest.get(f"{key}nb:{j.name}") != prints[j.name]
            or not j.output.exists()]
    for j in plan:
        if j not in todo:
            echo(f"  {j.name:<28} unchanged")
    failures = []
    if todo:
        workers = jobs or os.cpu_count() or 2
        echo(f"running {plural(len(todo), 'chapter')} on {plural(min(workers, len(todo)), 'warm kernel')} …")

        def done(o: Outcome) -> None:
            echo(f"  {o.job.name:<28} {o.seconds:5.1f}s  {'ok' if o.ok else 'FAILED'}")
            if o.ok:
                manifest[f"{key}nb:{o.job.name}"] = prints[o.job.name]
            else:
                manifest.pop(f"{key}nb:{o.job.name}", None)
                failures.append(o.error)
                # the book keeps the chapter's page, saying what failed
                failure_notebook(o.job.title or chapter_title(o.job.source),
                                 _plain_failure(o.error), o.job.output)

        execute_all(todo, stage, workers, done, lang=lang)
        _write_manifest(out, manifest)

    book = _book_fingerprint(stage)
    html = html_dir / "index.html"
    if manifest.get(f"{key}book") != book or not html.exists():
        echo("building the book (jupyter-book) …")
        step = time.perf_counter()
        build_book(stage)
        # the edition's pages; the English HTML keeps the other editions' folders
        source.mirror(stage / "_build" / "html", html_dir,
                      keep=[lg for lg in EDITION_FOLDERS if lg != lang] if lang == "en" else ())
        manifest[f"{key}book"] = book
        _write_manifest(out, manifest)
        echo(f"built {html} in {time.perf_counter() - step:.1f}s")
    else:
        echo("book unchanged")
    if pdf:
        if manifest.get(f"{key}pdf") != book or not pdf_path.exists():
            echo("printing the PDF (singlehtml, then chromium) …")
            step = time.perf_counter()
            build_pdf(stage, pdf_path)
            manifest[f"{key}pdf"] = book
            _write_manifest(out, manifest)
            echo(f"printed {pdf_path} in {time.perf_counter() - step:.1f}s")
        else:
            echo("pdf unchanged")
    if failures:
        for f in failures:
            echo(f"FAILED {f}")
        echo(f"{plural(len(failures), 'chapter')} failed; their pages say so, the others are "
             f"kept in {stage / GENERATED}")
        return 1
    echo(f"done in {time.perf_counter() - t0:.1f}s")
    return 0


#: the folders the other editions' HTML lies in, inside the English HTML
EDITION_FOLDERS = tuple(editions.TARGETS)


def _plain_failure(error: str) -> str:
    """A chapter's error as the failure page words it: where, then the message, no paths.

    Example
    -------
    >>> _plain_failure("notebooks/02_impact.md code cell 12 (line 162): IndexError: out of bounds")
    'code cell 12 (line 162) stopped with “out of bounds” (IndexError)'
    """
    where, _, what = error.partition(": ")
    where = re.sub(r"^\S+\.md\s*", "", where) or "the chapter"
    kind, sep, message = what.partition(": ")
    if not sep:
        kind, message = "", what
    return f"{where} stopped with “{message.strip()}”" + (f" ({kind})" if kind else "")


def safe_title(name: str) -> str:
    """``name`` without the characters that HTML or Markdown read as markup: the book's
    title (``_config.yml``, written by :func:`csvalue.build.i18n.stage_edition`) is the
    instrument's name (``instrument.name``), and the theme puts it into the pages' HTML as
    it is.

    Example
    -------
    >>> safe_title('Survey <script>alert("x")</script> & co')
    'Survey scriptalert(x)/script co'
    """
    return " ".join(re.sub(r"[<>&\"'`{}\[\]\\]", "", name).split()) or "Survey report"


def _store(out: Path, res, loaded, cb, echo) -> None:
    """The report's own CS information database (``OUT/csvalue.sqlite``), rewritten with
    exactly the analysed waves; the management chapter reads its trends from it."""
    from csvalue.pipeline.database import store_results

    path = out / BOOK_DB
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    start = time.perf_counter()
    store_results(res, [w.data for w in loaded], f"sqlite:///{path}", cb)
    echo(f"stored {plural(len(loaded), 'wave')} in {path} in {time.perf_counter() - start:.1f}s")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", default=None, metavar="DIR",
                        help="a report project folder (csvalue init); default: the current "
                             "folder when it holds a codebook.yml, else the shipped demo")
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="the output folder (default: the project's _build, else ./_build)")
    parser.add_argument("--wave", action="append", metavar="FILE",
                        help="a wave file (repeat for several, oldest first; default: the "
                             "project's waves/)")
    parser.add_argument("--codebook", default=None,
                        help="codebook YAML (default: the project's codebook.yml)")
    parser.add_argument("--config", default=None,
                        help="settings YAML (default: the project's settings.yml)")
    parser.add_argument("--pdf", action="store_true", help="also print the report to PDF")
    parser.add_argument("--jobs", type=int, default=None, help="parallel chapters (default: cores)")
    parser.add_argument("--lang", default=None, choices=("en", "ko"),
                        help="the edition: en or ko (default: the settings' language, else en)")
    parser.add_argument("--only", default=None, metavar="PREFIXES",
                        help="comma-separated chapter name prefixes to build (e.g. 00,04)")


def command(args: argparse.Namespace) -> int:
    only = [p.strip() for p in args.only.split(",")] if args.only else None
    return build(args.wave, args.codebook, args.config, args.pdf, args.jobs, out=args.out,
                 project=args.project, only=only, lang=args.lang)
