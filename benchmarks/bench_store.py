"""Database benchmark (issue 6): store 1,000,000 scored respondents in SQLite (target < 60 s),
next to the obvious baseline — ``DataFrame.to_sql`` with its defaults — in the same run.

    python benchmarks/bench_store.py [--n 1000000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from csvalue.pipeline import database as db  # noqa: E402
from csvalue import load_codebook  # noqa: E402
from csvalue.model.indices import respondent_scores  # noqa: E402
from csvalue.model.loyalty import loyalty_tiers  # noqa: E402
from csvalue.instrument.synth import generate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    a = ap.parse_args()
    cb = load_codebook()
    wave = generate(a.n, seed=7)
    scores = respondent_scores(wave, cb)
    scored = wave.join(scores.drop(columns=["resp_id", "wave"]))
    scored["loyalty_tier"] = loyalty_tiers(wave, cb).to_numpy()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'cs.sqlite'}"
        t0 = time.perf_counter()
        res = db.store(scored, db.WaveMeta("2025"), url, cb)
        ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = db.store(scored, db.WaveMeta("2025"), url, cb)
        replace = time.perf_counter() - t0
        engine = sa.create_engine(f"sqlite:///{Path(tmp) / 'naive.sqlite'}")
        t0 = time.perf_counter()
        scored.drop(columns=["voc"]).to_sql("respondents", engine, index=False)
        naive = time.perf_counter() - t0
    print(f"n = {a.n:,}: csvalue store {ours:.1f} s ({res.n:,} rows), store again (replace) "
          f"{replace:.1f} s (replaced={again.replaced}); pandas to_sql {naive:.1f} s — "
          f"{naive / ours:.1f}× faster")


if __name__ == "__main__":
    main()
