"""csvalue as an installed tool: a wheel of the repository installed into a fresh virtual
environment carries everything a build needs; ``csvalue init`` + ``csvalue build --project``
make a report of another survey and write only into the project; a build into an output
folder of another survey removes that survey's pages; the repository's default is the demo.

The heavy dependencies are reused from the running environment (its site-packages are put on
the new environment's path); csvalue itself is installed from the wheel, and every command
runs without ``PYTHONPATH``, so it cannot come from the checkout."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from csvalue.build.book import build, build_inputs
from csvalue.instrument.project import DEMO

ROOT = Path(__file__).resolve().parents[1]
AIRLINE = ROOT / "data" / "reference" / "oddjob_airways" / "survey" / "airlinesat.csv"
pytestmark = pytest.mark.slow


def _files(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (bytecode caches left out) with its size."""
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> dict:
    """A fresh virtual environment with csvalue installed from a wheel of the working tree."""
    tmp = tmp_path_factory.mktemp("venv")
    # the wheel is built from a copy: building writes build/ and *.egg-info/ where it runs
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    src = tmp / "src"
    for f in listed:
        if (ROOT / f).is_file():
            (src / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, src / f)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "-w", str(tmp / "wheel"),
                    "--no-deps", "--no-build-isolation", "-q"], check=True, capture_output=True)
    wheel = next((tmp / "wheel").glob("csvalue-*.whl"))
    env_dir = tmp / "env"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, env=env)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True, env=env)
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print("
                                   "sysconfig.get_paths()['purelib'])"], capture_output=True,
                                  text=True, check=True).stdout.strip())
    # the heavy dependencies, after the new environment's own site-packages
    (purelib / "zz_reuse_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    where = subprocess.run([str(python), "-c", "import csvalue; print(csvalue.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp, check=True)
    package = Path(where.stdout.strip()).parent
    assert package.is_relative_to(env_dir), f"csvalue came from {package}, not the wheel"
    return {"python": python, "env": env, "package": package}


def csvalue(venv: dict, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv["python"]), "-m", "csvalue", *map(str, args)], cwd=cwd,
                          env=venv["env"], capture_output=True, text=True)


@pytest.fixture(scope="module")
def airline(venv, tmp_path_factory) -> dict:
    """``csvalue init demo --from <the airline survey>`` and ``csvalue build --project demo``
    in an empty folder, by the installed tool; the drafted codebook is used as drafted."""
    work = tmp_path_factory.mktemp("work")
    package_before = _files(venv["package"])
    source_before = AIRLINE.read_bytes()
    made = csvalue(venv, "init", "demo", "--from", AIRLINE, cwd=work)
    assert made.returncode == 0, made.stderr
    built = csvalue(venv, "build", "--project", "demo", "--pdf", "--jobs", "2", cwd=work)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return {"work": work, "project": work / "demo", "log": built.stdout,
            "package_changed": _files(venv["package"]) != package_before,
            "source_changed": AIRLINE.read_bytes() != source_before}


def test_an_installed_csvalue_builds_a_project_of_another_survey(airline):
    html = airline["project"] / "_build" / "html"
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "Airlinesat survey" in index            # the drafted instrument name is the title
    assert "Customer Value Index report" not in index
    summary = (html / "book" / "_generated" / "00_summary.html").read_text(encoding="utf-8")
    assert "Airlinesat survey" in summary and "Traceback" not in summary
    # the whole report of that survey: every chapter that applies to it, and the PDF
    for chapter in ("00_summary", "01_indices", "02_impact", "03_company_tasks",
                    "05_value_proposition", "06_segmentation", "07_management",
                    "11_concept_satisfaction", "16_concept_nps", "91_appendix_codebook",
                    "92_appendix_data_quality", "93_appendix_codebook_reference"):
        assert (html / "book" / "_generated" / f"{chapter}.html").exists(), chapter
    pdfs = list((airline["project"] / "_build" / "pdf").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert "demo project" not in airline["log"]


def test_the_build_writes_only_into_the_project(airline):
    assert sorted(p.name for p in airline["work"].iterdir()) == ["demo"]
    project = sorted(p.name for p in airline["project"].iterdir())
    assert project == ["README.md", "_build", "codebook.yml", "settings.yml", "waves"]
    assert sorted(p.name for p in (airline["project"] / "waves").iterdir()) == ["airlinesat.csv"]
    out = sorted(p.name for p in (airline["project"] / "_build").iterdir())
    assert {"html", "results", "source", "csvalue.sqlite"} <= set(out), out
    assert not airline["package_changed"], "the build wrote into the installed package"
    assert not airline["source_changed"]


def test_a_build_of_another_survey_removes_the_earlier_pages(airline, tmp_path):
    """The airline report's output folder, then the demo's waves built into it: the airline's
    pages go; then the airline again: the demo's division pages go."""
    out = shutil.copytree(airline["project"] / "_build", tmp_path / "out")
    generated = out / "html" / "book" / "_generated"
    assert (generated / "00_summary.html").exists()
    log: list[str] = []
    assert build([DEMO / "waves" / "wave_2025.csv"], out=out, echo=log.append, only=["04"],
                 jobs=2) == 0, "\n".join(log)
    assert (generated / "04_division_emr.html").exists()
    assert not (generated / "00_summary.html").exists()           # the airline's summary
    assert not (out / "source" / "book" / "_generated" / "00_summary.ipynb").exists()
    log = []
    assert build(project=airline["project"], out=out, echo=log.append, only=["91"],
                 jobs=2) == 0, "\n".join(log)
    assert not list(generated.glob("04_division_*")), "a division page of the other survey"
    assert not list((out / "source" / "book" / "_generated").glob("04_division_*"))
    assert (generated / "91_appendix_codebook.html").exists()
    toc = (out / "source" / "_toc.yml").read_text(encoding="utf-8")
    assert "04_division" not in toc


def test_the_repository_root_builds_the_demo_project(tmp_path):
    """No codebook.yml in the repository root: ``csvalue build`` there is the demo project
    into ./_build; ``--out`` puts it elsewhere."""
    inputs = build_inputs(cwd=ROOT)
    assert inputs.what == "the demo project" and inputs.out == ROOT / "_build"
    assert inputs.waves == sorted((DEMO / "waves").glob("wave_*.csv"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "csvalue", "build", "--only", "93",
                           "--out", str(tmp_path / "out")], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "building the demo project" in done.stdout
    index = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert "CS value survey (default instrument)" in index
