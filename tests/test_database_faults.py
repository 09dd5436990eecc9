"""Faults, tried for real: the server stopped or the connection dropped mid-store, a full disk,
a read-only database or login, a wrong password, an unreachable host. Each gives one clear
line naming the database without its password, exit 2, and the stored copy of the wave as it
was. And the reading side needs only SELECT rights."""

from __future__ import annotations

import os
import pwd
import socket
import subprocess

import pandas as pd
import pytest
import sqlalchemy as sa

from csvalue.pipeline import database as db
from csvalue.pipeline import db_schema
from csvalue.pipeline import trends
from db_helpers import quick_config, run_main, scored_wave, wave_snapshot, write_waves

PASSWORD = "pw-Sesame-17"


@pytest.fixture(scope="module")
def new_2024(tmp_path_factory):
    """A survey file for wave 2024 (the new copy the faulty store tries to write) and quick
    settings."""
    folder = tmp_path_factory.mktemp("faults")
    return write_waves(folder, n=60, years=("2024",), seed=3)["2024"], quick_config(folder)


def store_old_copy(url, codebook, n=30):
    """The copy of wave 2024 that must survive, and what readers see of it."""
    db.store(scored_wave(codebook, n=n, seed=1, wave="2024"),
             db.WaveMeta("2024", settings={"copy": "old"}), url, codebook)
    return wave_snapshot(url)


def assert_intact(url, before):
    waves, resp = wave_snapshot(url)
    assert waves == before[0]
    pd.testing.assert_frame_equal(resp, before[1])


def assert_clear(code, err, url, *phrases):
    """Exit 2; one line on stderr naming the database (password hidden) and saying what
    happened; no traceback."""
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("csvalue "), err
    assert db_schema.safe_url(url) in err and "Traceback" not in err
    assert PASSWORD not in err
    for phrase in phrases:
        assert phrase in err, err


def add_role(server, url, name, *grants):
    server.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}'")
    database = url.rsplit("/", 1)[1]
    server.execute(f"GRANT CONNECT ON DATABASE {database} TO {name}",
                   *(g.format(role=name) for g in grants), database=url)
    return server.role_url(url, name, PASSWORD)


def drop_role(server, url, name):
    server.execute(f"DROP OWNED BY {name}", database=url)
    server.execute(f"DROP ROLE {name}")


@pytest.fixture
def own_server():
    """A PostgreSQL server of this test's own, to stop under a running store."""
    from _postgres import Unavailable, start

    try:
        server = start()
    except Unavailable as exc:
        if os.environ.get("CSVALUE_REQUIRE_POSTGRES"):
            pytest.fail(f"CSVALUE_REQUIRE_POSTGRES is set but {exc}")
        pytest.skip(f"PostgreSQL tests need a server: {exc}")
    yield server
    server.stop()


# ---------------------------------------------------------------------------------------
# The server goes away mid-store
# ---------------------------------------------------------------------------------------

@pytest.mark.postgres
def test_the_server_stopped_mid_store(own_server, codebook, new_2024, monkeypatch):
    url = own_server.create_database()
    before = store_old_copy(url, codebook)
    real = db._insert_chunk

    def halt_then_insert(conn, table, cols, chunk):
        own_server.halt()     # the old copy is deleted in the open transaction by now
        real(conn, table, cols, chunk)

    monkeypatch.setattr(db, "_insert_chunk", halt_then_insert)
    path, config = new_2024
    code, _, err = run_main("store", path, "--db", url, "--config", config)
    monkeypatch.undo()
    assert_clear(code, err, url, "cannot store wave 2024", "went away mid-way",
                 "nothing of wave 2024 was written")
    code, _, err = run_main("db", "status", "--db", url)          # while it is down
    assert_clear(code, err, url, "cannot be reached")
    own_server.resume()
    assert_intact(url, before)


@pytest.mark.postgres
def test_the_connection_dropped_mid_store(postgres_server, db_url_pg, codebook, new_2024,
                                          monkeypatch):
    url = db_url_pg
    before = store_old_copy(url, codebook)
    real = db._insert_chunk

    def drop_then_insert(conn, table, cols, chunk):
        pid = conn.connection.dbapi_connection.info.backend_pid
        postgres_server.execute(f"SELECT pg_terminate_backend({pid})")
        real(conn, table, cols, chunk)

    monkeypatch.setattr(db, "_insert_chunk", drop_then_insert)
    path, config = new_2024
    code, _, err = run_main("store", path, "--db", url, "--config", config)
    monkeypatch.undo()
    assert_clear(code, err, url, "went away mid-way", "nothing of wave 2024 was written")
    assert_intact(url, before)


@pytest.mark.postgres
def test_the_connection_dropped_at_commit(postgres_server, db_url_pg, codebook, monkeypatch):
    """The COMMIT never gets its answer: the message cannot promise either outcome, and
    says so (here the server never saw the COMMIT, so the old copy is what remains)."""
    before = store_old_copy(db_url_pg, codebook)
    armed = []
    real = db._insert_chunk

    def arm(conn, table, cols, chunk):      # only the wave's own transaction inserts
        armed.append(conn.connection.dbapi_connection.info.backend_pid)
        real(conn, table, cols, chunk)

    def drop_before_commit(conn):
        if armed:
            postgres_server.execute(f"SELECT pg_terminate_backend({armed.pop()})")

    monkeypatch.setattr(db, "_insert_chunk", arm)
    sa.event.listen(sa.engine.Engine, "commit", drop_before_commit)
    try:
        with pytest.raises(db.DatabaseError) as err:
            db.store(scored_wave(codebook, n=40, seed=4, wave="2024"), db.WaveMeta("2024"),
                     db_url_pg, codebook)
    finally:
        sa.event.remove(sa.engine.Engine, "commit", drop_before_commit)
    assert "went away mid-way" in str(err.value)
    assert "may or may not be stored: `csvalue db status` shows" in str(err.value)
    assert_intact(db_url_pg, before)


@pytest.fixture
def db_url_pg(postgres_server):
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


# ---------------------------------------------------------------------------------------
# A full disk
# ---------------------------------------------------------------------------------------

def test_a_full_disk_sqlite(tmp_path, codebook, new_2024):
    """SQLite's ``max_page_count`` caps the file at its current size plus one page, so the
    new rows hit SQLITE_FULL — the error, code and message SQLite gives on a full disk."""
    import sqlite3

    url = f"sqlite:///{tmp_path / 'cs.sqlite'}"
    before = store_old_copy(url, codebook, n=5)
    with sqlite3.connect(tmp_path / "cs.sqlite") as raw:
        pages = raw.execute("PRAGMA page_count").fetchone()[0]

    def cap(dbapi_conn, _record):
        if isinstance(dbapi_conn, sqlite3.Connection):
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 1}")

    sa.event.listen(sa.pool.Pool, "connect", cap)
    try:
        path, config = new_2024
        code, _, err = run_main("store", path, "--db", url, "--config", config)
    finally:
        sa.event.remove(sa.pool.Pool, "connect", cap)
    assert_clear(code, err, url, "is full: there is no space left",
                 "nothing of wave 2024 was written")
    assert_intact(url, before)


@pytest.mark.postgres
def test_a_full_disk_postgres(postgres_server, codebook):
    """The database's tables live in a tablespace on a 512 KiB tmpfs: the new copy's rows
    run out of space for real (No space left on device). Mounting needs root."""
    mnt = postgres_server.root / "small"
    mnt.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)],
                             capture_output=True, text=True) if os.geteuid() == 0 else None
    if mounted is None or mounted.returncode != 0:
        pytest.skip("a real full disk needs a small tmpfs, and mounting one needs root "
                    f"({mounted.stderr.strip() if mounted else 'not root'}); the SQLite "
                    "variant runs everywhere")
    url = None
    try:
        if postgres_server.run_as:
            owner = pwd.getpwnam("postgres")
            os.chown(mnt, owner.pw_uid, owner.pw_gid)
        postgres_server.execute(f"CREATE TABLESPACE small LOCATION '{mnt}'")
        url = postgres_server.create_database()
        postgres_server.execute(
            f"ALTER DATABASE {url.rsplit('/', 1)[1]} SET default_tablespace = small")
        before = store_old_copy(url, codebook, n=20)
        with pytest.raises(db.DatabaseError) as err:
            db.store(scored_wave(codebook, n=3000, seed=2, wave="2024"), db.WaveMeta("2024"),
                     url, codebook)
        message = str(err.value)
        assert message.startswith(f"cannot store wave 2024: the database {url} is full")
        assert "No space left on device" in message and "was written" in message
        assert_intact(url, before)
    finally:
        if url:
            postgres_server.drop_database(url)
        postgres_server.execute("DROP TABLESPACE IF EXISTS small")
        subprocess.run(["umount", str(mnt)], capture_output=True)


# ---------------------------------------------------------------------------------------
# Read-only databases and logins; wrong password; unreachable host
# ---------------------------------------------------------------------------------------

@pytest.mark.postgres
def test_a_login_with_read_rights_only_cannot_store(postgres_server, db_url_pg, codebook,
                                                    new_2024):
    before = store_old_copy(db_url_pg, codebook)
    reader = add_role(postgres_server, db_url_pg, "reader_only",
                      "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    try:
        path, config = new_2024
        code, _, err = run_main("store", path, "--db", reader, "--config", config)
        assert_clear(code, err, reader, "refuses writes", "permission denied",
                     "nothing of wave 2024 was written")
        assert ":***@" in err
        assert_intact(db_url_pg, before)
    finally:
        drop_role(postgres_server, db_url_pg, "reader_only")


@pytest.mark.postgres
def test_a_read_only_postgres_database(postgres_server, db_url_pg, codebook, new_2024):
    """A database that only accepts read-only transactions (as a hot standby does)."""
    before = store_old_copy(db_url_pg, codebook)
    postgres_server.execute(f"ALTER DATABASE {db_url_pg.rsplit('/', 1)[1]} "
                            "SET default_transaction_read_only = on")
    path, config = new_2024
    code, _, err = run_main("store", path, "--db", db_url_pg, "--config", config)
    assert_clear(code, err, db_url_pg, "refuses writes", "read-only transaction")
    assert_intact(db_url_pg, before)


def test_a_read_only_sqlite_file(tmp_path, codebook, new_2024):
    """Opened read-only (``mode=ro``): chmod 444 would not stop root, which the tests may
    run as, so the read-only URI is what makes the file read-only here. Reading through it
    works."""
    path = tmp_path / "cs.sqlite"
    before = store_old_copy(f"sqlite:///{path}", codebook)
    ro = f"sqlite:///file:{path}?mode=ro&uri=true"
    wave, config = new_2024
    code, _, err = run_main("store", wave, "--db", ro, "--config", config)
    assert_clear(code, err, ro, "refuses writes", "readonly database")
    assert_intact(ro, before)


@pytest.mark.postgres
def test_a_wrong_password(postgres_server, db_url_pg, codebook, new_2024, run_cli):
    """In a real `csvalue store` process: exit 2, one line, the password never shown."""
    before = store_old_copy(db_url_pg, codebook)
    right = add_role(postgres_server, db_url_pg, "analyst",
                     "GRANT SELECT, INSERT, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    wrong = right.replace(PASSWORD, "not-" + PASSWORD[::-1])
    try:
        path, config = new_2024
        r = run_cli("store", path, "--db", wrong, "--config", config)
        assert_clear(r.returncode, r.stderr, wrong, "refused the login",
                     "password authentication failed for user \"analyst\"")
        assert PASSWORD[::-1] not in r.stderr and ":***@" in r.stderr
        assert_intact(db_url_pg, before)
    finally:
        drop_role(postgres_server, db_url_pg, "analyst")


def test_an_unreachable_host(new_2024, run_cli):
    """A closed loopback port, in a real process; also `csvalue db status`."""
    with socket.socket() as s:      # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://analyst:{PASSWORD}@127.0.0.1:{port}/cs"
    path, config = new_2024
    r = run_cli("store", path, "--db", url, "--config", config)
    assert_clear(r.returncode, r.stderr, url, "cannot be reached", "Connection refused")
    code, _, err = run_main("db", "status", "--db", url)
    assert_clear(code, err, url, "cannot be reached")


@pytest.mark.postgres
def test_a_database_that_does_not_exist(postgres_server, codebook):
    url = postgres_server.database_url("no_such_db")
    code, _, err = run_main("db", "upgrade", "--db", url)
    assert_clear(code, err, url, "does not exist")


# ---------------------------------------------------------------------------------------
# Reading needs only SELECT
# ---------------------------------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.slow
def test_a_select_only_login_reads_what_build_and_the_trends_read(postgres_server, db_url_pg,
                                                                 codebook, tmp_path):
    """Stored by the team's writer, read by a login with CONNECT and SELECT only: the waves,
    the respondents and every trend function, the same as the writer reads them."""
    paths = write_waves(tmp_path, n=60, years=("2024", "2025"), seed=5)
    db.store_waves(list(paths.values()), codebook, url=db_url_pg)
    reader = add_role(postgres_server, db_url_pg, "trend_reader",
                      "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    try:
        pd.testing.assert_frame_equal(db.list_waves(reader), db.list_waves(db_url_pg))
        pd.testing.assert_frame_equal(db.load_respondents(reader),
                                      db.load_respondents(db_url_pg))
        for read in (lambda u: trends.wave_indices(u, codebook),
                     lambda u: trends.change_tests(u, codebook),
                     lambda u: trends.migration(u, "2024", "2025", codebook),
                     trends.panel_size):
            pd.testing.assert_frame_equal(read(reader), read(db_url_pg))
        code, out, _ = run_main("db", "status", "--db", reader)
        assert code == 0 and "waves      2: 2024 (60), 2025 (60)" in out
        # and it cannot write (so the reads above wrote nothing)
        with pytest.raises(db.DatabaseError, match="refuses writes"):
            db.store(scored_wave(codebook, n=5, wave="2026"), db.WaveMeta("2026"), reader,
                     codebook)
    finally:
        drop_role(postgres_server, db_url_pg, "trend_reader")


@pytest.mark.postgres
def test_a_reader_never_creates_or_upgrades(postgres_server, db_url_pg):
    """On an empty database a reader finds no waves (and creates nothing); on a 0.1.0
    database it says to run `csvalue db upgrade` rather than migrating."""
    from conftest import DATA

    reader = add_role(postgres_server, db_url_pg, "early_reader",
                      "GRANT USAGE ON SCHEMA public TO {role}")
    try:
        assert db.list_waves(reader).empty and db.load_respondents(reader).empty
        postgres_server.psql(db_url_pg, DATA / "db_0.1.0" / "csvalue.postgres.sql")
        postgres_server.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO early_reader",
                                database=db_url_pg)
        with pytest.raises(db.DatabaseError, match="run `csvalue db upgrade`"):
            db.load_respondents(reader)
        assert db_schema.status(db_url_pg)[0].legacy      # still as 0.1.0 wrote it
    finally:
        drop_role(postgres_server, db_url_pg, "early_reader")
