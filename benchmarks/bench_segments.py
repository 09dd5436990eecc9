"""Scale benchmark of the value segmentation (issue 4): 1,000,000 respondents in < 30 s, < 4 GB.

Run on demand (never in the test suite):

    python benchmarks/bench_segments.py            # n = 1,000,000
    python benchmarks/bench_segments.py --n 200000 --no-write

Step 1 generates a synthetic wave with ``csvalue.synth.generate`` and caches it as Parquet
(not timed). Step 2 runs in a fresh subprocess: load the Parquet file, score respondents
(``indices.respondent_scores``), then ``segments.segment`` — factor analysis, k-means
(silhouette over k_range on a seeded sample), profiles, tiers and targeting. The time of
``segment`` alone and of scoring are reported; the memory figure is the peak resident set
size of that whole subprocess (data included), read from ``getrusage``.
Results are written to ``benchmarks/results/segments.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("CSVALUE_BENCH_CACHE", "/tmp/csvalue_bench"))


def generate(n: int, seed: int) -> Path:
    """The cached synthetic wave of ``n`` respondents (Parquet)."""
    path = CACHE / f"wave_{n}_{seed}.parquet"
    if not path.exists():
        from csvalue.synth import generate as synth

        CACHE.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        synth(n, seed).to_parquet(path)
        print(f"generated {n:,} rows in {time.perf_counter() - t:.1f} s → {path}", file=sys.stderr)
    return path


def run_step(path: Path) -> dict:
    """Load + score + segment in this process; returns timings and peak RSS."""
    import resource
    import warnings

    import pandas as pd

    from csvalue import load_codebook
    from csvalue.indices import respondent_scores
    from csvalue.segments import segment
    from csvalue.settings import Settings

    cb, st = load_codebook(), Settings()
    t0 = time.perf_counter()
    data = pd.read_parquet(path)
    t1 = time.perf_counter()
    scores = respondent_scores(data, cb, st)
    t2 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seg = segment(data, scores, cb, st)
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    return {
        "n": len(data), "load_s": t1 - t0, "score_s": t2 - t1, "segment_s": t3 - t2,
        "peak_rss_gb": peak / 1e9, "n_factors": seg.n_factors, "k": len(seg.segments),
        "kmo": seg.kmo, "shares": seg.segments.set_index("label")["share"].round(1).to_dict(),
        "warnings": list(seg.warnings),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--no-write", action="store_true", help="do not write results/segments.md")
    ap.add_argument("--step", help=argparse.SUPPRESS)  # internal: run the measured step
    args = ap.parse_args(argv)
    if args.step:
        print(json.dumps(run_step(Path(args.step))))
        return 0
    path = generate(args.n, args.seed)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, __file__, "--step", str(path)], env=env,
                         capture_output=True, text=True, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    ok = r["segment_s"] < 30 and r["peak_rss_gb"] < 4
    lines = [
        "# Segmentation benchmark",
        "",
        f"Command: `python benchmarks/bench_segments.py --n {args.n} --seed {args.seed}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}; run at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| respondents | segment() s | scoring s | load s | peak RSS GB | goal (< 30 s, < 4 GB) |",
        "|---|---|---|---|---|---|",
        f"| {r['n']:,} | {r['segment_s']:.1f} | {r['score_s']:.1f} | {r['load_s']:.1f} | "
        f"{r['peak_rss_gb']:.2f} | {'met' if ok else 'NOT met'} |",
        "",
        f"`segment()` = factor analysis (KMO {r['kmo']:.2f}, {r['n_factors']} factors, parallel "
        f"analysis) + k-means ({r['k']} segments, silhouette over k_range on a seeded sample) + "
        "profiles, loyalty tiers and targeting. Peak RSS is the whole process (data included).",
        "",
        "Segment shares (%): " + ", ".join(f"{k} {v}" for k, v in r["shares"].items()),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        (ROOT / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
        (ROOT / "benchmarks" / "results" / "segments.md").write_text(text, encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
