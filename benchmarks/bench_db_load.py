"""Database load benchmark (issue 17): 8 writer processes store 10 waves of 20,000 scored
respondents each into one PostgreSQL database at the same time, while a reader builds the
trends over and over; next to the baseline of one writer storing waves one after another in
the same run.

    python benchmarks/bench_db_load.py [--writers 8] [--waves 10] [--n 20000]

The server is a throw-away PostgreSQL on loopback started like the test suite's
(``tests/_postgres.py``: fsync off). The waves are scored once, up front (scoring is not what
is measured), and stored with :func:`csvalue.pipeline.database.store` under distinct wave
ids. The reader, in a loop: reads the respondents of the two most recently stored waves with
``load_respondents``, computes their indices and change tests (``trends.wave_indices``,
``trends.change_tests``), and checks on one snapshot that every stored wave holds exactly
its ``n`` respondents. Reported: respondents and waves stored per second, the reader's round
count and time, and whether any read ever saw a wave that was not whole.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
import traceback
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _postgres import start  # noqa: E402
from csvalue import load_codebook  # noqa: E402
from csvalue.instrument.synth import generate  # noqa: E402
from csvalue.model.indices import respondent_scores  # noqa: E402
from csvalue.model.loyalty import loyalty_tiers  # noqa: E402
from csvalue.pipeline import database as db  # noqa: E402
from csvalue.pipeline import db_schema  # noqa: E402
from csvalue.pipeline import trends  # noqa: E402


def scored(n: int, seed: int, cb):
    wave = generate(n, seed=seed)
    scores = respondent_scores(wave, cb)
    out = wave.join(scores.drop(columns=["resp_id", "wave"]))
    out["loyalty_tier"] = loyalty_tiers(wave, cb).to_numpy()
    return out.drop(columns=["wave"])


def writer(barrier, done, url, frame, ids, cb):
    """Store the waves ``ids`` one after another (all with ``frame``'s respondents)."""
    barrier.wait()
    try:
        for wave in ids:
            db.store(frame, db.WaveMeta(wave), url, cb)
        done.put(("ok", ""))
    except BaseException:
        done.put(("failed", traceback.format_exc()))


def whole(url) -> tuple[int, list[str]]:
    """On one snapshot: the stored waves, and those whose respondents are not exactly n."""
    with db_schema.reading(url) as conn:
        if conn is None:
            return 0, []
        waves, resp = db_schema.waves, db_schema.respondents
        n = dict(conn.execute(sa.select(waves.c.wave, waves.c.n)).all())
        counts = dict(conn.execute(sa.select(resp.c.wave, sa.func.count())
                                   .group_by(resp.c.wave)).all())
    return len(n), sorted(w for w in set(n) | set(counts) if n.get(w) != counts.get(w))


def reader(stop, report, url, n, cb):
    rounds, broken, seconds = 0, [], []
    try:
        while not stop.is_set():
            t0 = time.perf_counter()
            stored = db.list_waves(url)
            latest = stored.sort_values("stored_at")["wave"].tolist()[-2:]
            if latest:
                resp = db.load_respondents(url, waves=latest)
                sizes = resp.groupby("wave").size().to_dict()
                broken += [w for w in latest if sizes.get(w) != n]
                trends.wave_indices(url, cb, respondents=resp)
                trends.change_tests(url, cb, respondents=resp)
            broken += whole(url)[1]
            rounds += 1
            seconds.append(time.perf_counter() - t0)
            time.sleep(0.05)
        report.put(("ok", rounds, sorted(set(broken)), seconds))
    except BaseException:
        report.put(("failed", rounds, [traceback.format_exc()], seconds))


def run(server, writers: int, waves: int, frame, cb, with_reader: bool) -> dict:
    url = server.create_database()
    db.store(frame, db.WaveMeta("base"), url, cb)       # the schema and columns exist
    ctx = multiprocessing.get_context("fork")
    barrier, done, stop, report = ctx.Barrier(writers), ctx.Queue(), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=writer, args=(barrier, done, url, frame,
                                              [f"w{i:02d}_{j:02d}" for j in range(waves)], cb))
             for i in range(writers)]
    rd = ctx.Process(target=reader, args=(stop, report, url, len(frame), cb)) \
        if with_reader else None
    if rd:
        rd.start()
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    outcomes = [done.get() for _ in procs]
    elapsed = time.perf_counter() - t0
    for p in procs:
        p.join()
    read = None
    if rd:
        stop.set()
        read = report.get()
        rd.join()
    failed = [tb for ok, tb in outcomes if ok != "ok"]
    n_waves, not_whole = whole(url)
    resp = db.list_waves(url)
    server.drop_database(url)
    return {"seconds": elapsed, "failed": failed, "waves": n_waves - 1,
            "not_whole": not_whole, "n": sorted(set(resp["n"])), "read": read}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--waves", type=int, default=10, help="waves per writer")
    ap.add_argument("--n", type=int, default=20_000, help="respondents per wave")
    a = ap.parse_args()
    cb = load_codebook()
    frame = scored(a.n, 7, cb)
    server = start()
    try:
        base = run(server, 1, a.waves, frame, cb, with_reader=False)
        load = run(server, a.writers, a.waves, frame, cb, with_reader=True)
    finally:
        server.stop()
    for name, res in (("baseline", base), ("load", load)):
        if res["failed"]:
            raise SystemExit(f"{name}: a writer failed:\n{res['failed'][0]}")
    total = a.writers * a.waves
    rate = total * a.n / load["seconds"]
    base_rate = a.waves * a.n / base["seconds"]
    status, rounds, broken, secs = load["read"]
    if status != "ok":
        raise SystemExit(f"the reader failed:\n{broken[0]}")
    print(f"{a.writers} writers x {a.waves} waves x {a.n:,} respondents into one PostgreSQL "
          f"database: {load['seconds']:.1f} s, {rate:,.0f} respondents/s, "
          f"{total / load['seconds']:.2f} waves/s; {load['waves']} waves stored, each of "
          f"n = {load['n']}; not whole at the end: {load['not_whole'] or 'none'}")
    print(f"reader: {rounds} rounds (latest two waves' indices and change tests + a whole-wave "
          f"check of every wave), {min(secs):.2f}-{max(secs):.2f} s each; waves seen not "
          f"whole: {broken or 'none'}")
    print(f"baseline, 1 writer x {a.waves} waves one after another: {base['seconds']:.1f} s, "
          f"{base_rate:,.0f} respondents/s — concurrent writers {rate / base_rate:.1f}x")
    if broken or load["not_whole"] or load["waves"] != total:
        raise SystemExit("a wave was not whole")


if __name__ == "__main__":
    main()
