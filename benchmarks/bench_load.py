"""Loading benchmark: validate a 1,000,000-row wave file against the codebook, next to the
obvious baseline (plain ``pandas.read_csv`` of the same file, no checks), in the same run.

    python benchmarks/bench_load.py [--n 1000000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from csvalue.instrument.load import load_wave  # noqa: E402
from csvalue.instrument.synth import generate, write_csv  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(generate(a.n, seed=5), Path(tmp) / "big.csv")
        t0 = time.perf_counter()
        pd.read_csv(path)
        base = time.perf_counter() - t0
        t0 = time.perf_counter()
        w = load_wave(path)
        ours = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"n = {a.n:,}: load_wave {ours:.1f} s (validated, {w.quality.accepted:,} accepted), "
          f"pandas.read_csv {base:.1f} s — ratio {ours / base:.1f}×; peak memory {rss:,.0f} MB")


if __name__ == "__main__":
    main()
