"""Scale benchmark of the analysis (issue 3), run on demand from the repo root:

    python benchmarks/bench_stats.py [--n 1000000]

1. All indices (company, divisions, every profile level) plus every impact layer with relative
   weights and Shapley on ``n`` synthetic respondents (target: < 20 s, < 4 GB). Bootstrap
   intervals are left out at this size: with a million rows the sampling error is negligible
   and the report's bootstrap runs on the survey-sized wave (2,000 rows).
2. 1,000 bootstrap resamples of one 7-predictor model on 2,000 respondents: csvalue's
   vectorised ``bootstrap_betas`` against the obvious baseline, a Python loop fitting
   statsmodels OLS on each resample, both timed here (target: ≥ 10× faster).

Peak memory is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of this process (data included).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import statsmodels.api as sm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from csvalue import load_codebook  # noqa: E402
from csvalue.model.impact import impact_layers  # noqa: E402
from csvalue.stats.regression import bootstrap_betas  # noqa: E402
from csvalue.model.indices import index_table, respondent_scores  # noqa: E402
from csvalue.instrument.settings import Settings  # noqa: E402
from csvalue.instrument.synth import generate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    a = ap.parse_args()
    cb = load_codebook()
    wave = generate(a.n, seed=1)
    t0 = time.perf_counter()
    scores = respondent_scores(wave, cb)
    table = index_table(wave, scores, cb)
    t1 = time.perf_counter()
    imp = impact_layers(wave, scores, cb, Settings(), bootstrap=False)
    t2 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"n = {a.n:,}: indices {t1 - t0:.1f} s ({len(table)} rows), impact layers with "
          f"relative weights and Shapley {t2 - t1:.1f} s ({len(imp)} paths); "
          f"total {t2 - t0:.1f} s; peak memory {rss:,.0f} MB")

    small = generate(2000, seed=2)
    s = respondent_scores(small, cb)
    d = small.assign(cvi=s["cvi"])[[*cb.value_cols, "cvi"]].dropna().to_numpy()
    X, y = d[:, :-1], d[:, -1]
    t0 = time.perf_counter()
    bootstrap_betas(X, y, 1000, seed=3)
    fast = time.perf_counter() - t0
    rng = np.random.default_rng(3)
    t0 = time.perf_counter()
    for _ in range(1000):
        idx = rng.integers(0, len(y), len(y))
        zx = X[idx]
        zx = (zx - zx.mean(0)) / zx.std(0)
        zy = (y[idx] - y[idx].mean()) / y[idx].std()
        sm.OLS(zy, sm.add_constant(zx)).fit().params
    slow = time.perf_counter() - t0
    print(f"bootstrap 1,000 × 7-predictor model on {len(y):,} rows: csvalue {fast:.2f} s, "
          f"statsmodels loop {slow:.2f} s — {slow / fast:.0f}× faster")


if __name__ == "__main__":
    main()
