"""Build benchmark: the command a user runs, ``csvalue build``, end to end as a process, next to
the naive baseline measured in the same run.

    python benchmarks/bench_build.py            # default waves (2 × 2,000) and 2 × 500,000
    python benchmarks/bench_build.py --small    # the default waves only

Each variant works in its own temporary output folder (the demo project) and is timed from outside
as a whole process tree; peak memory is the largest sum of the resident memory of the
command and all its children (kernels, workers, jupyter-book, chromium), sampled every 0.1 s.

- **csvalue build**: ``csvalue build`` (validate → analyse → store → chapters on warm
  kernels → Jupyter Book with execution off); then ``--pdf`` on top of it (the extra time);
  then ``csvalue build`` again with nothing changed;
- **naive baseline** (same run): the same analysis, each chapter run in turn by papermill on a
  fresh kernel, then Jupyter Book executing every notebook again
  (``execute_notebooks: force``), as a book whose notebooks execute themselves would do;
- **2 × 500,000 respondents**: ``csvalue synth --waves 2024,2025 --n 500000``, then
  ``csvalue build --wave … --wave …``; and ``csvalue store`` of one such wave into a new
  SQLite database (its printed time against the whole command's).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]

ENV = dict(os.environ, PYTHONPATH=str(ROOT))
CSVALUE = [sys.executable, "-m", "csvalue"]


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory of the whole process tree (GB), and the output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT,
                                text=True)
        top = psutil.Process(proc.pid)
        peak = 0
        while proc.poll() is None:
            try:
                tree = [top, *top.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
        secs = time.perf_counter() - start
        log.seek(0)
        out = log.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{out[-3000:]}")
    return secs, peak / 1e9, out


def folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def naive(out: Path) -> float:
    """The same analysis, papermill chapter by chapter on fresh kernels, then Jupyter Book
    executing every notebook again (in a source tree assembled as the build does)."""
    script = f"""
import sys; sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from csvalue.build import book as b
from csvalue.build.chapters import run_notebook
from csvalue.build.i18n import stage_edition
from csvalue.instrument.codebook import load_codebook
from csvalue.instrument.load import load_waves
from csvalue.instrument.project import DEMO, Project
from csvalue.pipeline.analyze import analyze
from csvalue.pipeline.results import read_results, write_results
from csvalue.report.applicable import division_codes
out = Path({str(out)!r}); stage = out / b.SOURCE; cb = load_codebook()
waves = Project.at(DEMO).waves
loaded = load_waves(waves, cb); res = analyze(loaded, cb, sources=waves)
write_results(res, out / b.RESULTS); b._store(out, res, loaded, cb, lambda *_: None)
stage_edition(stage, "en", b.safe_title(cb.name))
divisions = division_codes(cb, read_results(out / b.RESULTS))
jobs = b.plan_jobs(stage, waves, None, None, divisions, 20250, out=out)
for job in jobs:
    run_notebook(job.source, job.output, job.parameters, stage, job.title)
b.write_toc(stage, jobs)
import yaml
cfg = stage / "_config.yml"; config = yaml.safe_load(cfg.read_text(encoding="utf-8"))
config["execute"]["execute_notebooks"] = "force"
cfg.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
import subprocess
subprocess.run([*b._jupyter_book(), "build", str(stage), "-q"], cwd=stage, check=True,
               capture_output=True)
"""
    secs, _, _ = timed([sys.executable, "-c", script], out)
    return secs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the default waves only")
    parser.add_argument("--n", type=int, default=500_000, help="respondents per large wave")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = folder(tmp / "fast")   # no codebook.yml: csvalue build builds the demo here
        build, build_mem, _ = timed([*CSVALUE, "build"], root)
        pdf, _, _ = timed([*CSVALUE, "build", "--pdf"], root)
        again, _, _ = timed([*CSVALUE, "build"], root)
        base = naive(folder(tmp / "slow"))
        rows += [
            ("`csvalue build`, default waves (2 × 2,000, HTML)", f"{build:.1f} s, peak "
             f"{build_mem:.1f} GB", f"{base:.1f} s", f"{build / base:.0%}", "≤ 20 s, ≤ 15%"),
            ("`--pdf` on top of that build", f"+{pdf:.1f} s", "–", "–", "≤ +10 s"),
            ("`csvalue build` again, nothing changed", f"{again:.2f} s", "–", "–", "≤ 1 s"),
        ]
        if not args.small:
            big = tmp / "big"
            big.mkdir()
            timed([*CSVALUE, "synth", "--waves", "2024,2025", "--n", str(args.n),
                   "--out-dir", str(big)], root)
            waves = sorted(big.glob("*.csv"))
            large_root = folder(tmp / "large")
            large, large_mem, _ = timed([*CSVALUE, "build", *[a for w in waves
                                                             for a in ("--wave", str(w))]],
                                        large_root)
            store, store_mem, out = timed([*CSVALUE, "store", str(waves[-1]), "--db",
                                           f"sqlite:///{tmp / 'store.sqlite'}"], root)
            printed = next((ln for ln in out.splitlines() if ln.startswith("stored")), "")
            n = f"{args.n:,}"
            rows += [
                (f"`csvalue build`, 2 × {n} respondents", f"{large:.1f} s, peak "
                 f"{large_mem:.1f} GB", f"default build {build:.1f} s", f"{large / build:.1f}×",
                 "≤ 3×, < 8 GB"),
                (f"`csvalue store` of one {n}-respondent wave", f"{store:.1f} s, peak "
                 f"{store_mem:.1f} GB", "–", "–", f"≤ 60 s; it printed: {printed}"),
            ]
    print("| command | csvalue | baseline (same run) | ratio | goal |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
