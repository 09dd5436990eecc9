"""Build benchmark (issue 5): the full default report (both waves, every chapter, HTML), next to
the naive baseline measured in the same run, and a rebuild with nothing changed.

    python benchmarks/bench_build.py

- **csvalue build**: analysis once, chapters executed by papermill in parallel subprocesses,
  Jupyter Book with execution off;
- **naive baseline**: each notebook run in turn by papermill (every chapter recomputing
  nothing extra — they read the same results), then Jupyter Book executing them all again
  (``execute_notebooks: force``), as a book whose notebooks execute themselves would do;
- **cached rebuild**: ``csvalue build`` again with nothing changed.

Each variant works in its own temporary copy of the book sources.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from csvalue import build as b  # noqa: E402
from test_build import book_copy  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = book_copy(Path(tmp) / "fast")
        t0 = time.perf_counter()
        assert b.build(root=root, echo=lambda *_: None) == 0
        fast = time.perf_counter() - t0
        t0 = time.perf_counter()
        assert b.build(root=root, echo=lambda *_: None) == 0
        cached = time.perf_counter() - t0
        # the naive way: same analysis, then one notebook after the other, then JB executes again
        slow_root = book_copy(Path(tmp) / "slow")
        t0 = time.perf_counter()
        from csvalue.pipeline.analyze import analyze
        from csvalue.pipeline.results import write_results
        from csvalue.instrument.codebook import load_codebook
        from csvalue.instrument.load import load_waves

        cb = load_codebook()
        waves = [slow_root / w for w in b.DEFAULT_WAVES]
        loaded = load_waves(waves, cb)
        res = analyze(loaded, cb, sources=waves)
        write_results(res, slow_root / b.RESULTS)
        b._store(slow_root, res, loaded, cb, lambda *_: None)
        jobs = b.plan_jobs(slow_root, waves, None, None,
                           b._divisions(slow_root / b.RESULTS, cb), 20250)
        for job in jobs:
            b.run_notebook(job.source, job.output, job.parameters, slow_root, job.title)
        b.write_toc(slow_root, jobs)
        cfg = slow_root / "_config.yml"
        cfg.write_text(cfg.read_text().replace('execute_notebooks: "off"',
                                               'execute_notebooks: "force"'))
        subprocess.run([b._jupyter_book(), "build", str(slow_root), "-q"], cwd=slow_root,
                       check=True, capture_output=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
        naive = time.perf_counter() - t0
    print(f"full build {fast:.1f} s; naive baseline {naive:.1f} s — {fast / naive:.0%} of it; "
          f"rebuild with nothing changed {cached:.1f} s")


if __name__ == "__main__":
    main()
