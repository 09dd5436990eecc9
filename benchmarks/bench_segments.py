"""Scale benchmark of the value segmentation (issue 4): 1,000,000 respondents in < 30 s, < 4 GB.

Run on demand (never in the test suite), from the repo root:

    python benchmarks/bench_segments.py                 # n = 1,000,000, with the naive baseline
    python benchmarks/bench_segments.py --n 200000 --no-baseline --no-write

1. A wave of ``n`` respondents is generated once and cached as Parquet (not timed): with
   ``csvalue.instrument.synth.generate`` (the default synthetic instrument), or ``--data helper`` for the
   tests' latent-segment generator.
2. **csvalue**, in a fresh subprocess: load, ``indices.respondent_scores`` (timed apart), then
   ``segments.segment`` — factor model from the correlation matrix (KMO, Bartlett, parallel
   analysis on Wishart draws, minres + varimax), regression scores, k-means with k by
   silhouette over ``k_range`` fitted on a seeded sample of ``cluster_sample_max`` rows and
   every row assigned, segment indices with intervals, profiles, tiers and targeting.
   The stages are also timed one by one.
3. **naive baseline**, in another fresh subprocess on the same file: factor_analyzer on the
   raw rows (``FactorAnalyzer.fit``/``transform``, ``calculate_kmo``,
   ``calculate_bartlett_sphericity``), parallel analysis by simulating raw normal data sets
   of n rows (only ``NAIVE_PA_ITER`` of the 200 iterations are run; the time is scaled up
   and marked as such), k-means (n_init=10) on all rows for every k in ``k_range``,
   silhouette on the same 5,000-row sample (on all rows it would need n² distances).
   The naive baseline stops at the clustering; its profiles would cost what ours cost.

Peak memory is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of each subprocess (data
included). Results go to ``benchmarks/results/segments.md``.
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
sys.path.insert(0, str(ROOT))   # run as a script from anywhere, without installing csvalue
CACHE = Path(os.environ.get("CSVALUE_BENCH_CACHE", "/tmp/csvalue_bench"))
#: Iterations of the naive parallel analysis actually run (scaled to PARALLEL_ITER).
NAIVE_PA_ITER = 10


def generate(n: int, seed: int, source: str) -> Path:
    """The cached wave of ``n`` respondents (Parquet)."""
    path = CACHE / f"wave_{source}_{n}_{seed}.parquet"
    if not path.exists():
        from csvalue import load_codebook

        CACHE.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        if source == "synth":
            from csvalue.instrument.synth import generate as synth

            data = synth(n, seed=seed)
        else:
            sys.path.insert(0, str(ROOT / "tests"))
            from segment_helpers import latent_wave

            data = latent_wave(load_codebook(), n, seed)[0]
        data.to_parquet(path)
        print(f"generated {n:,} rows in {time.perf_counter() - t:.1f} s → {path}", file=sys.stderr)
    return path


def _peak_gb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9  # Linux: KiB


def run_csvalue(path: Path) -> dict:
    """Load + score + segment in this process; stage timings and peak RSS."""
    import warnings

    import numpy as np
    import pandas as pd

    from csvalue import load_codebook
    from csvalue.model.factors import fit_factor_model
    from csvalue.model.indices import respondent_scores
    from csvalue.model.segments import segment
    from csvalue.stats.cluster import kmeans
    from csvalue.instrument.settings import Settings

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
    peak_whole = _peak_gb()
    # the stages again, one by one (same calls as inside segment())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s0 = time.perf_counter()
        fm = fit_factor_model(data, cb, st.n_factors, st.rotation, seed=st.seed)
        s1 = time.perf_counter()
        fs = fm.scores(data).to_numpy()
        s2 = time.perf_counter()
        kmeans(fs, st.k, st.k_range, st.seed, st.cluster_sample_max)
        s3 = time.perf_counter()
    return {
        "n": len(data), "load_s": t1 - t0, "score_s": t2 - t1, "segment_s": t3 - t2,
        "factor_s": s1 - s0, "fscores_s": s2 - s1, "cluster_s": s3 - s2,
        "rest_s": (t3 - t2) - (s3 - s0), "peak_rss_gb": peak_whole,
        "n_factors": seg.n_factors, "k": len(seg.segments), "kmo": seg.kmo,
        "shares": seg.segments.set_index("label")["share"].round(1).to_dict(),
        "tiers": seg.loyalty.set_index("label")["share"].round(1).to_dict(),
        "labels_nan": int(np.sum(pd.isna(seg.assignments["value_segment"]))),
    }


def run_naive(path: Path) -> dict:
    """The straightforward way: factor_analyzer on raw rows, k-means on all rows."""
    import warnings

    import numpy as np
    import pandas as pd
    from factor_analyzer import FactorAnalyzer
    from factor_analyzer.factor_analyzer import calculate_bartlett_sphericity, calculate_kmo
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    from csvalue import load_codebook
    from csvalue.stats.cluster import N_INIT, SILHOUETTE_MAX
    from csvalue.stats.factor import PARALLEL_ITER
    from csvalue.instrument.settings import Settings

    cb, st = load_codebook(), Settings()
    data = pd.read_parquet(path)
    x = data[cb.expectation_cols].dropna().to_numpy(dtype=float)
    n, p = x.shape
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        calculate_kmo(x)
        calculate_bartlett_sphericity(x)
        rng = np.random.default_rng(st.seed)
        pa0 = time.perf_counter()
        for _ in range(NAIVE_PA_ITER):   # the textbook loop: simulate, correlate, eigen
            np.linalg.eigvalsh(np.corrcoef(rng.standard_normal((n, p)), rowvar=False))
        pa_s = (time.perf_counter() - pa0) * PARALLEL_ITER / NAIVE_PA_ITER
        fa0 = time.perf_counter()
        fa = FactorAnalyzer(n_factors=5, rotation="varimax", method="minres").fit(x)
        fscores = fa.transform(x)
        t1 = time.perf_counter()
        factor_s = (t1 - t0) - (fa0 - pa0) + pa_s
        sils = {}
        for k in range(st.k_range[0], st.k_range[1] + 1):
            km = KMeans(n_clusters=k, n_init=N_INIT, random_state=st.seed).fit(fscores)
            sils[k] = silhouette_score(fscores, km.labels_, sample_size=SILHOUETTE_MAX,
                                       random_state=st.seed)
        t2 = time.perf_counter()
    return {"n": n, "factor_s": factor_s, "pa_s_scaled": pa_s, "cluster_s": t2 - t1,
            "total_s": factor_s + (t2 - t1), "peak_rss_gb": _peak_gb(),
            "k": max(sils, key=sils.get)}


def _sub(step: str, path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    out = subprocess.run([sys.executable, __file__, "--step", step, "--path", str(path)],
                         env=env, capture_output=True, text=True)
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"{step} step failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--data", choices=("synth", "helper"), default="synth")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--no-write", action="store_true", help="do not write results/segments.md")
    ap.add_argument("--step", choices=("csvalue", "naive"), help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step:
        run = run_csvalue if args.step == "csvalue" else run_naive
        print(json.dumps(run(Path(args.path))))
        return 0
    path = generate(args.n, args.seed, args.data)
    r = _sub("csvalue", path)
    b = None if args.no_baseline else _sub("naive", path)
    ok = r["segment_s"] < 30 and r["peak_rss_gb"] < 4
    cmd = f"python benchmarks/bench_segments.py --n {args.n} --seed {args.seed} --data {args.data}"
    lines = [
        "# Segmentation benchmark",
        "",
        f"Command: `{cmd}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}; run at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"data: {args.data}",
        "",
        "| respondents | segment() s | factor model s | factor scores s | k-means (silhouette "
        "sweep) s | indices, profiles, tiers s | peak RSS GB | goal (< 30 s, < 4 GB) |",
        "|---|---|---|---|---|---|---|---|",
        f"| {r['n']:,} | {r['segment_s']:.1f} | {r['factor_s']:.1f} | {r['fscores_s']:.1f} | "
        f"{r['cluster_s']:.1f} | {r['rest_s']:.1f} | {r['peak_rss_gb']:.2f} | "
        f"{'met' if ok else 'NOT met'} |",
        "",
        f"Respondent scoring (indices.respondent_scores, not part of segment()): "
        f"{r['score_s']:.1f} s; Parquet load {r['load_s']:.1f} s.",
        f"Result: KMO {r['kmo']:.2f}, {r['n_factors']} factors, {r['k']} segments; "
        f"{r['labels_nan']} respondents without a segment.",
        "Segment shares (%): " + ", ".join(f"{k} {v}" for k, v in r["shares"].items()),
        "Loyalty tiers (%): " + ", ".join(f"{k} {v}" for k, v in r["tiers"].items()),
        "",
    ]
    if b:
        lines += [
            "Naive baseline (same file, same run): factor_analyzer on the raw rows and a "
            f"simulated-data parallel analysis ({NAIVE_PA_ITER} of 200 iterations run, time "
            "scaled ×{:.0f}), k-means on all rows for every k.".format(200 / NAIVE_PA_ITER),
            "",
            "| stage | naive s | csvalue s | ratio |",
            "|---|---|---|---|",
            f"| factor model (incl. parallel analysis, scores) | {b['factor_s']:.1f} "
            f"(PA {b['pa_s_scaled']:.1f}) | {r['factor_s'] + r['fscores_s']:.1f} | "
            f"{b['factor_s'] / (r['factor_s'] + r['fscores_s']):.0f}× |",
            f"| k-means, k by silhouette | {b['cluster_s']:.1f} | {r['cluster_s']:.1f} | "
            f"{b['cluster_s'] / r['cluster_s']:.1f}× |",
            f"| factor model + clustering | {b['total_s']:.1f} | "
            f"{r['factor_s'] + r['fscores_s'] + r['cluster_s']:.1f} | "
            f"{b['total_s'] / (r['factor_s'] + r['fscores_s'] + r['cluster_s']):.1f}× |",
            f"| peak RSS GB | {b['peak_rss_gb']:.2f} | {r['peak_rss_gb']:.2f} | |",
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
