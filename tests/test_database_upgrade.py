"""Schema revisions: a database written by csvalue 0.1.0 (tests/data/db_0.1.0) is refused for
reading until upgraded, then upgraded in place with every row kept; a newer schema is refused
with a clear message (exit 2); revision 0001 is exactly the schema 0.1.0 wrote."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys

import pytest
import sqlalchemy as sa

from conftest import DATA, ROOT
from csvalue.pipeline import database as db
from csvalue.pipeline import db_schema
from csvalue.pipeline import trends
from db_helpers import run_main, scored_wave, table_rows, write_waves

FIXTURE = DATA / "db_0.1.0"
#: the commit that wrote the fixture (csvalue 0.1.0), see tests/data/db_0.1.0/README.md
RELEASE_0_1_0 = "d66e5a2"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_db(request, tmp_path):
    """A copy of the database csvalue 0.1.0 wrote: the SQLite file, or the PostgreSQL dump
    restored into a fresh database of the session's server."""
    if request.param == "sqlite":
        path = tmp_path / "csvalue.sqlite"
        shutil.copy(FIXTURE / "csvalue.sqlite", path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    server.psql(url, FIXTURE / "csvalue.postgres.sql")
    yield url
    server.drop_database(url)


def digest(url):
    return hashlib.sha256(repr(table_rows(url, ("waves", "respondents", "voc_private",
                                                 "schema_version", db_schema.VERSION_TABLE))
                               ).encode()).hexdigest()


def test_an_old_database_is_refused_until_upgraded_then_keeps_every_row(old_db, tmp_path,
                                                                        codebook):
    before = table_rows(old_db)
    assert len(before["respondents"]) == 80 and len(before["voc_private"]) == 5
    untouched = digest(old_db)
    # readers and writers refuse, naming the way out, and change nothing
    with pytest.raises(db.DatabaseError, match="revision 0001 .*run `csvalue db upgrade`"):
        db.load_respondents(old_db)
    with pytest.raises(db.DatabaseError, match="run `csvalue db upgrade`"):
        trends.wave_indices(old_db)
    wave = write_waves(tmp_path, n=30, years=("2026",))["2026"]
    code, _, err = run_main("store", wave, "--db", old_db)
    assert code == 2 and "run `csvalue db upgrade`" in err and "Traceback" not in err
    with pytest.raises(db.DatabaseError, match="run `csvalue db upgrade`"):
        db.store(scored_wave(codebook, n=5, wave="2026"), db.WaveMeta("2026"), old_db)
    code, out, err = run_main("db", "status", "--db", old_db)
    assert code == 0 and "revision 0001 (schema version 1), older" in out
    assert "waves      2: 2024 (40), 2025 (40)" in out
    assert digest(old_db) == untouched

    code, out, err = run_main("db", "upgrade", "--db", old_db)
    assert (code, err) == (0, "")
    assert "upgraded from schema revision 0001 to 0003, every stored wave kept" in out
    after = table_rows(old_db)
    assert after["schema_version"][:1] == before["schema_version"]
    assert [v for v, _ in after["schema_version"]] == [1, 2, 3]
    for table in ("waves", "voc_private"):
        assert after[table] == before[table], table
    # revision 0003 adds each respondent's survey weight: 1 for the waves stored before
    assert sorted(r + (1.0,) for r in before["respondents"]) == sorted(after["respondents"])
    state, stored = db_schema.status(old_db)
    assert state.current and not state.legacy and stored == [("2024", 40), ("2025", 40)]

    # the new csvalue reads it (trends included) and writes to it
    resp = db.load_respondents(old_db)
    assert resp.groupby("wave").size().to_dict() == {"2024": 40, "2025": 40}
    assert set(trends.wave_indices(old_db)["wave"]) == {"2024", "2025"}
    db.store(scored_wave(codebook, n=7, wave="2026"), db.WaveMeta("2026"), old_db)
    assert db.list_waves(old_db)["n"].tolist() == [40, 40, 7]
    code, out, _ = run_main("db", "upgrade", "--db", old_db)
    assert code == 0 and "already at schema revision 0003; nothing to do" in out


def test_revision_0001_is_the_schema_csvalue_0_1_0_wrote(old_db, tmp_path, request):
    """Stamping a 0.1.0 database with revision 0001 is only right if that revision creates
    the same tables, columns, types, keys and foreign keys (item columns aside: those are
    added by stores, not by migrations)."""
    from alembic import command

    fixed = {t.name: {c.name for c in t.columns} for t in db_schema.metadata.sorted_tables}
    server = None
    if old_db.startswith("sqlite"):
        fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        fresh = server.create_database()
    engine = db_schema.engine_for(fresh, write=True)
    with engine.begin() as conn:
        command.upgrade(db_schema._alembic_config(conn), "0001")
    engine.dispose()

    def shape(url):
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            out = {}
            for t in fixed:
                cols = [(c["name"], str(c["type"]), c["nullable"])
                        for c in insp.get_columns(t) if c["name"] in fixed[t]]
                fks = [(fk["constrained_columns"], fk["referred_table"], fk["referred_columns"])
                       for fk in insp.get_foreign_keys(t)]
                out[t] = (cols, insp.get_pk_constraint(t)["constrained_columns"], fks)
        engine.dispose()
        return out

    try:
        assert shape(fresh) == shape(old_db)
    finally:
        if server is not None:
            server.drop_database(fresh)


@pytest.mark.parametrize("how", ["unknown revision", "higher schema_version"])
def test_a_newer_schema_is_refused_with_exit_2(db_url, codebook, tmp_path, how):
    """What an older release does when a newer one has upgraded the database: refuse, say
    so, change nothing."""
    db.store(scored_wave(codebook, n=6), db.WaveMeta("2024"), db_url, codebook)
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        if how == "unknown revision":
            conn.exec_driver_sql(f"UPDATE {db_schema.VERSION_TABLE} SET version_num = '0042'")
        else:
            conn.execute(db_schema.schema_version.insert(),
                         {"version": db_schema.SCHEMA_VERSION + 1, "applied_at": db_schema.now()})
    engine.dispose()
    untouched = digest(db_url)
    with pytest.raises(db.DatabaseError, match="newer than this csvalue .* upgrade csvalue"):
        db.list_waves(db_url)
    with pytest.raises(db.DatabaseError, match="written by a newer csvalue"):
        db.store(scored_wave(codebook, n=6, wave="2025"), db.WaveMeta("2025"), db_url, codebook)
    for action in ("status", "upgrade"):
        code, out, err = run_main("db", action, "--db", db_url)
        assert code == 2 and "upgrade csvalue to use it" in err and "Traceback" not in err
    assert digest(db_url) == untouched


def test_csvalue_0_1_0_refuses_an_upgraded_database(tmp_path, codebook):
    """The release that wrote the fixture, run on the database after `csvalue db upgrade`,
    refuses it instead of writing next to the releases that lock. Its database module is
    taken from git history (the commit that wrote the fixture)."""
    try:
        source = subprocess.run(["git", "-C", str(ROOT), "show",
                                 f"{RELEASE_0_1_0}:csvalue/pipeline/database.py"],
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"commit {RELEASE_0_1_0} (csvalue 0.1.0) is not in this clone's history")
    path = tmp_path / "database_0_1_0.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("database_0_1_0", path)
    old = importlib.util.module_from_spec(spec)
    sys.modules["database_0_1_0"] = old
    try:
        spec.loader.exec_module(old)
        url = f"sqlite:///{tmp_path / 'cs.sqlite'}"
        shutil.copy(FIXTURE / "csvalue.sqlite", tmp_path / "cs.sqlite")
        assert old.list_waves(url)["wave"].tolist() == ["2024", "2025"]   # before: fine
        db_schema.upgrade(url)
        with pytest.raises(old.DatabaseError, match=f"schema version {db_schema.SCHEMA_VERSION}, newer than this csvalue"):
            old.list_waves(url)
        with pytest.raises(old.DatabaseError, match="newer than this csvalue"):
            old.store(scored_wave(codebook, n=5, wave="2026"), old.WaveMeta("2026"), url, codebook)
    finally:
        sys.modules.pop("database_0_1_0", None)


def test_migrations_go_down_and_up_again(tmp_path):
    """Every revision's downgrade undoes its upgrade (to an empty database and back)."""
    from alembic import command

    url = f"sqlite:///{tmp_path / 'cs.sqlite'}"
    db_schema.upgrade(url)
    engine = db_schema.engine_for(url, write=True)
    with engine.begin() as conn:
        command.downgrade(db_schema._alembic_config(conn), "base")
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) <= {db_schema.VERSION_TABLE}
    engine.dispose()
    before, after = db_schema.upgrade(url)
    assert before.empty and after.current


def test_the_head_revision_records_this_schema_version():
    """SCHEMA_VERSION is what the newest migration writes; one revision per version."""
    assert db_schema.known_revisions() == [f"{v:04d}" for v in
                                           range(1, db_schema.SCHEMA_VERSION + 1)]
    text = next((db_schema.MIGRATIONS / "versions").glob(
        f"{db_schema.head_revision()}_*.py")).read_text()
    assert f'"version": {db_schema.SCHEMA_VERSION}' in text


def test_the_migrations_ship_with_the_package():
    """A non-editable install carries the migrations: they are packages (found by
    setuptools' package discovery), and the template is package data."""
    import tomllib

    from setuptools import find_packages

    found = find_packages(str(ROOT), include=["csvalue*"])
    assert {"csvalue.pipeline.migrations", "csvalue.pipeline.migrations.versions"} <= set(found)
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert data["package-data"]["csvalue.pipeline.migrations"] == ["script.py.mako"]
    assert (db_schema.MIGRATIONS / "env.py").exists()
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.startswith("alembic>=1.13,<2") for d in deps)
