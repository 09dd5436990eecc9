"""Several writers on one database at once, as a team works: the result is that of the same
stores one after another, and readers see whole waves only.

Writers are separate processes (each with its own connections) released together by a
barrier; the `csvalue store` ones run the command's own entry point (``cli.main``).
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import time
import traceback

import numpy as np
import pytest
import sqlalchemy as sa

from csvalue.pipeline import database as db
from csvalue.pipeline import db_schema
from db_helpers import quick_config, scored_wave, write_waves

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="the concurrent writers are forked processes (not available on this platform)")

ROUNDS = 20
N = 50
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _cli_store(barrier, results, args):
    """A child: wait for the others, then run `csvalue store ARGS`; report (code, out, err)."""
    from csvalue import cli

    out, err = io.StringIO(), io.StringIO()
    barrier.wait()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(args)
        except BaseException:          # e.g. the DuplicateColumn traceback of issue 17
            code = "raised"
            err.write(traceback.format_exc())
    results.put((args[1], code, out.getvalue(), err.getvalue()))


def _call(barrier, results, fn, args, kwargs):
    """A child: wait for the others, then ``fn(*args, **kwargs)``; report the outcome."""
    barrier.wait()
    try:
        fn(*args, **kwargs)
        results.put(("ok", ""))
    except BaseException:
        results.put(("raised", traceback.format_exc()))


def run_together(target, jobs, timeout=300, method="fork"):
    """Run ``target(barrier, results, *job)`` for every job in its own process, all released
    at once; returns what each put in ``results``.

    Forked children start at once; but a child that runs the analysis (scikit-learn's
    OpenMP) must be spawned afresh, because OpenMP hangs in a child forked from a process
    that already used it — as pytest's has, after the analysis tests."""
    ctx = multiprocessing.get_context(method)
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [ctx.Process(target=target, args=(barrier, results, *job)) for job in jobs]
    for p in procs:
        p.start()
    out = [results.get(timeout=timeout) for _ in procs]
    for p in procs:
        p.join(timeout=timeout)
        assert p.exitcode == 0
    return out


@pytest.fixture(scope="module")
def four_waves(tmp_path_factory):
    folder = tmp_path_factory.mktemp("waves")
    return write_waves(folder, n=N), quick_config(folder)


def assert_as_if_one_after_another(url, years):
    """Every wave once and whole, and all scored with the weights of the one that was first:
    what storing them one after another gives."""
    stored = db.list_waves(url)
    assert stored["wave"].tolist() == sorted(years)
    resp = db.load_respondents(url)
    assert resp.groupby("wave").size().to_dict() == {y: N for y in years}
    assert stored["n"].tolist() == [N] * len(years)
    weights = [m["cls_weights"] for m in stored["model"]]
    assert all(w == weights[0] for w in weights), weights
    estimated = [m["base_wave"] for m in stored["model"]
                 if m["cls_weights_source"].startswith("estimated")]
    assert len(estimated) == 1    # the first store estimated them; the others reused them


def assert_each_wave_once_and_whole(url, sizes):
    stored = db.list_waves(url)
    assert stored["wave"].tolist() == sorted(sizes)
    assert dict(zip(stored["wave"], stored["n"])) == sizes
    assert db.load_respondents(url).groupby("wave").size().to_dict() == sizes
    state, _ = db_schema.status(url)
    assert state.current
    engine = sa.create_engine(url)
    with engine.connect() as conn:   # the schema was created once
        assert conn.exec_driver_sql("SELECT version FROM schema_version "
                                    "ORDER BY version").scalars().all() == [1, 2, 3]
    engine.dispose()


@pytest.mark.postgres
def test_four_first_stores_at_once_into_an_empty_postgres_database(postgres_server, codebook):
    """Issue 17: four analysts store four waves at the same moment into a new, empty
    PostgreSQL database — each creating the schema and adding every item column if nobody
    has yet — 20 times over: no failure, every wave present once and whole."""
    sizes = {"2022": 50, "2023": 51, "2024": 52, "2025": 53}
    frames = {w: scored_wave(codebook, n=n, seed=n, wave=w) for w, n in sizes.items()}
    for _ in range(ROUNDS):
        url = postgres_server.create_database()
        try:
            jobs = [(db.store, (frames[w], db.WaveMeta(w), url, codebook), {}) for w in sizes]
            for outcome, tb in run_together(_call, jobs):
                assert outcome == "ok", tb
            assert_each_wave_once_and_whole(url, sizes)
        finally:
            postgres_server.drop_database(url)


def test_four_first_stores_at_once_into_a_new_sqlite_file(tmp_path, codebook):
    sizes = {"2022": 50, "2023": 51, "2024": 52, "2025": 53}
    frames = {w: scored_wave(codebook, n=n, seed=n, wave=w) for w, n in sizes.items()}
    for r in range(5):
        url = f"sqlite:///{tmp_path / f'cs{r}.sqlite'}"
        jobs = [(db.store, (frames[w], db.WaveMeta(w), url, codebook), {}) for w in sizes]
        for outcome, tb in run_together(_call, jobs):
            assert outcome == "ok", tb
        assert_each_wave_once_and_whole(url, sizes)


@pytest.mark.slow
@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_four_store_commands_at_once_score_as_if_one_after_another(db_url, four_waves):
    """Four `csvalue store` commands (the command's entry point, analysis included) at once
    on an empty database: all succeed, and every wave is scored with the CLS weights the
    first one estimated — what running them one after another gives — rather than each
    with its own."""
    paths, config = four_waves
    jobs = [(["store", str(p), "--db", db_url, "--config", str(config)],)
            for p in paths.values()]
    for path, code, out, err in run_together(_cli_store, jobs, method="spawn"):
        assert code == 0, f"{path}: {err}"
        assert "stored wave" in out and err == ""
    assert_as_if_one_after_another(db_url, list(paths))


def _reader(stop, results, url, sizes):
    """A child reading the trends' input over and over while writers store; reports every
    wave size it saw and whether each read was whole."""
    seen, bad = set(), []
    while not stop.is_set():
        stored = db.list_waves(url)
        resp = db.load_respondents(url)
        for wave, n in resp.groupby("wave").size().items():
            seen.add(int(n))
            # one copy of one store: its size, and the values that store wrote
            if n not in sizes or not np.allclose(resp.loc[resp["wave"] == wave, "cvi"],
                                                 sizes[n]):
                bad.append((wave, int(n)))
        if len(stored) != resp["wave"].nunique():
            bad.append(("waves table and respondents disagree", len(stored)))
        time.sleep(0.01)
    results.put((sorted(seen), bad))


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_concurrent_restores_of_one_wave_leave_one_whole_copy(db_url, codebook):
    """Four analysts re-store wave 2024 at once (copies of 40, 45, 50, 55 respondents) while
    a reader keeps reading: every store succeeds, one copy remains — one of the four,
    whole — and the reader never saw a mix or a half."""
    copies = {n: scored_wave(codebook, n=n, seed=n) for n in (30, 40, 45, 50, 55)}
    sizes = {n: df.sort_values("resp_id")["cvi"].to_numpy() for n, df in copies.items()}
    db.store(copies[30], db.WaveMeta("2024"), db_url, codebook)
    ctx = multiprocessing.get_context("fork")
    stop, seen = ctx.Event(), ctx.Queue()
    reader = ctx.Process(target=_reader, args=(stop, seen, db_url, sizes))
    reader.start()
    try:
        for _ in range(3):
            jobs = [(db.store, (copies[n], db.WaveMeta("2024"), db_url, codebook),
                     {"chunksize": 10}) for n in (40, 45, 50, 55)]
            for outcome, tb in run_together(_call, jobs):
                assert outcome == "ok", tb
    finally:
        stop.set()
        sizes_seen, bad = seen.get(timeout=60)
        reader.join(timeout=60)
    assert bad == []
    assert sizes_seen and set(sizes_seen) <= set(copies)
    back = db.load_respondents(db_url)
    n = len(back)
    assert n in (40, 45, 50, 55) and db.list_waves(db_url)["n"].tolist() == [n]
    np.testing.assert_allclose(back["cvi"], sizes[n])


@pytest.mark.postgres
def test_concurrent_upgrades_of_an_old_database(postgres_server):
    """Four `csvalue db upgrade` at once on a 0.1.0 database: all succeed, it is upgraded
    once, every row kept."""
    from conftest import DATA
    from db_helpers import table_rows

    url = postgres_server.create_database()
    try:
        postgres_server.psql(url, DATA / "db_0.1.0" / "csvalue.postgres.sql")
        before = table_rows(url, ("waves", "respondents", "voc_private"))
        for outcome, tb in run_together(_call, [(db_schema.upgrade, (url,), {})] * 4):
            assert outcome == "ok", tb
        after = table_rows(url, ("waves", "respondents", "voc_private"))
        assert {k: v for k, v in after.items() if k != "respondents"} == {
            k: v for k, v in before.items() if k != "respondents"}
        # revision 0003 adds each respondent's survey weight, 1 for the waves stored before
        assert after["respondents"] == sorted((r + (1.0,) for r in before["respondents"]),
                                              key=repr)
        assert [v for v, _ in table_rows(url, ("schema_version",))["schema_version"]] == [
            1, 2, 3]
    finally:
        postgres_server.drop_database(url)
