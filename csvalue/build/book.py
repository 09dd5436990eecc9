"""``csvalue build``: waves → validated, analysed → chapters executed → Jupyter Book (→ PDF).

The steps:

1. **validate** the wave files (:func:`csvalue.instrument.load.load_waves`) and print their quality;
2. **analyse** them once (:func:`csvalue.pipeline.analyze.analyze`) into ``_build/results/``;
3. **execute** every chapter notebook of ``notebooks/`` with papermill on a pool of warm
   kernels, one per core (:mod:`csvalue.build.chapters`), into ``book/_generated/``; the
   division chapter once per division; a progress line per chapter;
4. **build** the HTML with ``jupyter-book build`` (execution off, Sphinx warnings as errors);
5. with ``--pdf``, print the single-page HTML to ``_build/pdf/csvalue-report.pdf`` with Debian's
   headless chromium (nothing is downloaded).

Caching: each step records a fingerprint of its inputs (wave files, codebook, config, notebook
source, parameters and the csvalue code) in ``_build/.csvalue-build.json``; a step whose
fingerprint is unchanged is skipped. A failing chapter names the notebook and the cell, the
build exits non-zero, and the chapters that ran are kept for the next build.

Example
-------
$ csvalue build                      # the shipped waves → _build/html/index.html
$ csvalue build --wave new.csv --pdf # a new wave, HTML and PDF
$ csvalue build --lang ko            # the Korean edition → _build/html/ko/index.html

Editions: ``--lang`` (default: the settings' ``language``, else English) chooses the edition.
The English book is built from the repository's pages; the Korean one from a translated copy
(``_build/ko/src``, :func:`csvalue.build.i18n.stage_edition`) whose chapters run with the
report's messages in Korean (``CSVALUE_LANG``), into ``_build/html/ko`` beside the English
pages (each page's sidebar links to the same page of the other edition) and
``_build/pdf/csvalue-report-ko.pdf``.
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
from csvalue.build.chapters import (Outcome, chapter_title, declared_in_source, execute_all,
                                     failure_notebook)
from csvalue.errors import CsvalueError
from csvalue.pipeline.results import digest as _sha
from csvalue.report.format import plural
from csvalue.report.i18n import N_, _, using
from csvalue.report.inert import inert

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WAVES = ("data/waves/wave_2024.csv", "data/waves/wave_2025.csv")
GENERATED = Path("book/_generated")
RESULTS = Path("_build/results")
MANIFEST = Path("_build/.csvalue-build.json")
DIVISION_NOTEBOOK = "04_division"
PDF_PATH = Path("_build/pdf/csvalue-report.pdf")
BOOK_DB = Path("_build/csvalue.sqlite")
MATHJAX = Path("book/_static/mathjax/tex-svg.js")
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
    """Hash of the csvalue package (code and data files): a new version re-executes."""
    pkg = ROOT / "csvalue"
    files = sorted(p for p in pkg.rglob("*")
                   if p.is_file() and p.suffix in (".py", ".yml", ".po"))
    return _sha(*(f.relative_to(pkg).as_posix().encode() + f.read_bytes() for f in files))


def input_fingerprint(waves: list[Path], codebook: Path | None, config: Path | None) -> str:
    parts = [code_fingerprint()]
    for p in [*waves, codebook, config]:
        parts.append(p.read_bytes() if p is not None else b"-")
    return _sha(*parts)


def _read_manifest(root: Path) -> dict[str, str]:
    try:
        return json.loads((root / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def _write_manifest(root: Path, manifest: dict[str, str]) -> None:
    path = root / MANIFEST
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
              division_noun: str = "division") -> list[Job]:
    """Every notebook of ``notebooks/`` as a job; the division chapter once per division
    (its page named with :func:`division_page`, titled with what the codebook calls its
    divisions).

    ``sections`` (scope → :class:`csvalue.report.applicable.Sections`) leaves out the
    chapters that do not apply and gives each job the tags of the sections it drops.

    A job carries only the parameters its chapter declares, so its fingerprint (and whether it
    runs again) depends on just those inputs."""
    base = {"results_dir": str(RESULTS), "wave": [str(w) for w in waves],
            "db_url": f"sqlite:///{BOOK_DB}",
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
    text = ("# Written by `csvalue build` (csvalue/build.py TOC_PARTS); edit there.\n"
            + yaml.safe_dump(toc, sort_keys=False))
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def _jupyter_book() -> str:
    exe = Path(sys.executable).with_name("jupyter-book")
    found = str(exe) if exe.exists() else shutil.which("jupyter-book")
    if not found:
        raise BuildError("jupyter-book is not installed (pip install 'jupyter-book<2')")
    return found


def _book_fingerprint(root: Path) -> str:
    static = [p for p in (root / "book" / "_static").rglob("*")
              if p.is_file() and (root / MATHJAX).parent not in p.parents]
    files = sorted([*(root / GENERATED).glob("*.ipynb"), *(root / "book").rglob("*.md"),
                    *static, root / "_config.yml", root / CONFIG, root / "_toc.yml",
                    root / "index.md"])
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
    install_mathjax(root)
    config = ["--config", str(root / CONFIG)] if (root / CONFIG).exists() else []
    proc = subprocess.run([_jupyter_book(), "build", str(root), "--builder", builder, "-W",
                           "--keep-going", "-q", *config], cwd=root, capture_output=True,
                          text=True)
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


def build_pdf(root: Path, out: Path = PDF_PATH) -> Path:
    """Single-page HTML printed to an A4 PDF by headless chromium (Debian package
    ``chromium``), with page numbers, bookmarks and a paged contents list
    (:func:`csvalue.build.pdf.print_book`)."""
    from csvalue.build.pdf import print_book

    build_book(root, "singlehtml")
    page = root / "_build" / "singlehtml" / "index.html"
    chromium = find_chromium()
    if chromium is None:
        raise BuildError("--pdf needs Debian's chromium (apt-get install chromium "
                         "fonts-noto-cjk); make report installs it when run as root")
    out = root / out
    out.parent.mkdir(parents=True, exist_ok=True)
    print_book(chromium, page, out)
    return out


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------

#: The book's title (``_config.yml``), translated for each edition.
BOOK_TITLE = N_("Customer Value Index report")


def edition_paths(root: Path, lang: str) -> tuple[Path, Path, Path, str]:
    """Where an edition is built: its source tree, its HTML, its PDF (relative to ``root``)
    and the prefix of its entries in the build's manifest."""
    if lang == "en":
        return root, root / "_build" / "html", PDF_PATH, ""
    return (root / "_build" / lang / "src", root / "_build" / "html" / lang,
            PDF_PATH.with_name(f"{PDF_PATH.stem}-{lang}.pdf"), f"{lang}:")


def build(waves: list[str | Path] | None = None, codebook: str | Path | None = None,
          config: str | Path | None = None, pdf: bool = False, jobs: int | None = None,
          root: Path = ROOT, echo=print, only: list[str] | None = None,
          lang: str | None = None) -> int:
    """Run the whole build; returns the exit code (0 = every chapter and the book built).

    ``only`` limits the chapters to those whose name starts with one of the given prefixes
    (e.g. ``["00", "04"]``); the book then holds just those and the hand-written pages.
    ``lang`` is the edition (``"en"``, ``"ko"``; default: the settings' ``language``)."""
    from csvalue.instrument.settings import load_settings

    lang = lang or load_settings(Path(config).resolve() if config else None).language
    with using(lang):
        return _build_edition(waves, codebook, config, pdf, jobs, root, echo, only, lang)


def _build_edition(waves, codebook, config, pdf, jobs, root: Path, echo, only, lang: str) -> int:
    from csvalue.instrument.codebook import load_codebook
    from csvalue.instrument.settings import load_settings

    t0 = time.perf_counter()
    stage, html_dir, pdf_path, key = edition_paths(root, lang)
    wave_paths = [Path(w).resolve() for w in (waves or [root / w for w in DEFAULT_WAVES])]
    cb_path = Path(codebook).resolve() if codebook else None
    cfg_path = Path(config).resolve() if config else None
    manifest = _read_manifest(root)
    inputs = input_fingerprint(wave_paths, cb_path, cfg_path)
    cb = load_codebook(cb_path)
    settings = load_settings(cfg_path)

    results = root / RESULTS
    if manifest.get("analysis") != inputs or not (results / "model.json").exists():
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
        _store(root, res, loaded, cb, echo)
        manifest["analysis"] = inputs
        _write_manifest(root, manifest)
    else:
        echo("analysis unchanged: reusing _build/results")

    from csvalue.pipeline.results import read_results
    from csvalue.report.applicable import applicable_sections, division_codes, division_noun

    analysed = read_results(results)
    company = applicable_sections(cb, analysed)
    divisions = division_codes(cb, analysed) if company.applies("divisions") else []
    if stage != root:
        editions.stage_edition(root, stage, lang, safe_title(cb.title(lang)))
    plan = plan_jobs(stage, wave_paths, cb_path, cfg_path, divisions, settings.seed,
                     lambda scope: applicable_sections(cb, analysed, scope), division_noun(cb))
    if only:
        plan = [j for j in plan if any(j.name.startswith(p) for p in only)]
    write_toc(stage, plan)
    code = code_fingerprint()
    prints = {j.name: job_fingerprint(j, inputs, code) for j in plan}
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

        execute_all(todo, root, workers, done, lang=lang)
        _write_manifest(root, manifest)
    if stage == root:
        write_config(root, cb)

    book = _book_fingerprint(stage)
    html = html_dir / "index.html"
    if manifest.get(f"{key}book") != book or not html.exists():
        echo("building the book (jupyter-book) …")
        step = time.perf_counter()
        build_book(stage)
        if stage != root:   # the edition's pages beside the English ones
            shutil.copytree(stage / "_build" / "html", html_dir, dirs_exist_ok=True)
        manifest[f"{key}book"] = book
        _write_manifest(root, manifest)
        echo(f"built {html.relative_to(root)} in {time.perf_counter() - step:.1f}s")
    else:
        echo("book unchanged")
    if pdf:
        if manifest.get(f"{key}pdf") != book or not (root / pdf_path).exists():
            echo("printing the PDF (singlehtml, then chromium) …")
            step = time.perf_counter()
            out = root / pdf_path
            build_pdf(stage, out)
            manifest[f"{key}pdf"] = book
            _write_manifest(root, manifest)
            echo(f"printed {out.relative_to(root)} in {time.perf_counter() - step:.1f}s")
        else:
            echo("pdf unchanged")
    if failures:
        for f in failures:
            echo(f"FAILED {f}")
        echo(f"{plural(len(failures), 'chapter')} failed; their pages say so, the others are "
             f"kept in {GENERATED}")
        return 1
    echo(f"done in {time.perf_counter() - t0:.1f}s")
    return 0


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


#: The book's configuration as this build writes it (the title from the codebook).
CONFIG = Path("_build/_config.yml")


def safe_title(name: str) -> str:
    """``name`` without the characters that HTML or Markdown read as markup."""
    return " ".join(re.sub(r"[<>&\"'`{}\[\]\\]", "", name).split()) or "Survey report"


def write_config(root: Path, cb) -> Path:
    """``_config.yml`` with the report's title: the instrument's name (``instrument.name``).

    The theme puts the title into the pages' HTML as it is, so the characters that could make
    it markup are left out (the name comes from the user's codebook).

    Example
    -------
    >>> safe_title('Survey <script>alert("x")</script> & co')
    'Survey scriptalert(x)/script co'
    """
    raw = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    raw["title"] = safe_title(cb.name)
    path = root / CONFIG
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def _store(root: Path, res, loaded, cb, echo) -> None:
    """The report's own CS information database (``_build/csvalue.sqlite``), rewritten with
    exactly the analysed waves; the management chapter reads its trends from it."""
    from csvalue.pipeline.database import store_results

    path = root / BOOK_DB
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    start = time.perf_counter()
    store_results(res, [w.data for w in loaded], f"sqlite:///{path}", cb)
    echo(f"stored {plural(len(loaded), 'wave')} in {BOOK_DB} in {time.perf_counter() - start:.1f}s")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wave", action="append", metavar="FILE",
                        help="a wave file (repeat for several, oldest first; default: the "
                             "shipped waves)")
    parser.add_argument("--codebook", default=None, help="codebook YAML (default: shipped)")
    parser.add_argument("--config", default=None, help="settings YAML")
    parser.add_argument("--pdf", action="store_true", help="also print the report to PDF")
    parser.add_argument("--jobs", type=int, default=None, help="parallel chapters (default: cores)")
    parser.add_argument("--lang", default=None, choices=("en", "ko"),
                        help="the edition: en or ko (default: the settings' language, else en)")
    parser.add_argument("--only", default=None, metavar="PREFIXES",
                        help="comma-separated chapter name prefixes to build (e.g. 00,04)")


def command(args: argparse.Namespace) -> int:
    only = [p.strip() for p in args.only.split(",")] if args.only else None
    return build(args.wave, args.codebook, args.config, args.pdf, args.jobs, only=only,
                 lang=args.lang)

