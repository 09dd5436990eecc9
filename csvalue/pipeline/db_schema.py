"""The CS information database's schema and connections: revisions, upgrades, locks, faults.

A team keeps every wave in one database for years, written by several analysts at once and
by successive csvalue releases. This module is what makes that safe; :mod:`.database` stores
and reads waves through it.

- **Revisions.** The schema is versioned with Alembic (``csvalue/pipeline/migrations``, run
  in code — no ``alembic.ini`` needed). Revision ``0001`` is the schema of csvalue 0.1.0
  (tables of :data:`metadata`, ``schema_version`` 1); every later revision also writes its
  number into ``schema_version``, the table csvalue 0.1.0 checks, so that a release that
  predates a revision refuses the database instead of writing to it.
- **Who upgrades.** A writer creates the schema in an empty database (under a lock, so
  concurrent first stores create it once). Nobody upgrades implicitly: an older schema is
  upgraded only by ``csvalue db upgrade`` (:func:`upgrade`), because the upgrade locks older
  releases out of a database the whole team shares. Readers never write at all: they need
  only ``SELECT`` and read one snapshot (:func:`reading`).
- **Locks.** Schema changes (creation, upgrade, new item columns) take one database-wide lock;
  a store takes a lock on its wave. On PostgreSQL these are transaction-scoped advisory locks
  (released by the server if the writer dies); on SQLite every write transaction is
  ``BEGIN IMMEDIATE``, which takes the file's single write lock, with a busy timeout so that
  writers queue instead of failing.
- **Faults.** A driver error (server gone, login refused, read-only, disk full, host
  unreachable) becomes a :class:`DatabaseError` that names the database without its password
  (:func:`faults`, in the words of :mod:`.db_faults`); the CLI prints it and exits 2.
"""

from __future__ import annotations

import argparse
import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from csvalue.errors import CsvalueError
from csvalue.pipeline.db_faults import describe_fault, driver_errors

#: The schema version this csvalue writes: the number the newest migration records in
#: ``schema_version`` (csvalue 0.1.0 wrote 1 and refuses any other).
SCHEMA_VERSION = 3
#: Alembic's revision table, named for csvalue so that it cannot collide with another
#: Alembic-managed application sharing the database.
VERSION_TABLE = "csvalue_alembic_version"
DEFAULT_URL = "sqlite:///data/csvalue.sqlite"
ENV_VAR = "CSVALUE_DB_URL"
#: How long a SQLite writer waits for another writer's lock before giving up (seconds).
SQLITE_BUSY_SECONDS = 120
#: How long to wait for a PostgreSQL server to answer a connection (seconds), unless the URL
#: sets ``connect_timeout`` itself.
CONNECT_TIMEOUT_SECONDS = 10
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: Per-respondent index columns (0–100; ``nps_score`` is +100/0/−100).
INDEX_COLUMNS = ("cs100", "repurchase100", "recommend100", "nps_score", "cls", "cvi",
                 "weight")   # the respondent's survey weight (revision 0003), 1 unweighted
#: Per-respondent segment columns.
SEGMENT_COLUMNS = ("value_segment", "loyalty_tier", "disc_type")


class DatabaseError(CsvalueError):
    """The database cannot be used (unreachable, refused, read-only, full, unknown schema…)."""


# ---------------------------------------------------------------------------------------
# The tables at the newest revision (the migrations create them; this describes them)
# ---------------------------------------------------------------------------------------

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

waves = sa.Table(
    "waves", metadata,
    sa.Column("wave", sa.String(100), primary_key=True),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("file_hash", sa.String(64), nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("codebook", sa.Text, nullable=False),
    sa.Column("columns", sa.JSON, nullable=False),
    sa.Column("settings", sa.JSON, nullable=False),
    sa.Column("model", sa.JSON, nullable=False),
)

respondents = sa.Table(
    "respondents", metadata,
    sa.Column("wave", sa.String(100), sa.ForeignKey("waves.wave"), primary_key=True),
    sa.Column("resp_id", sa.String(100), primary_key=True),
    *(sa.Column(c, sa.Float) for c in INDEX_COLUMNS),
    *(sa.Column(c, sa.String(100)) for c in SEGMENT_COLUMNS),
)

voc_private = sa.Table(
    "voc_private", metadata,
    sa.Column("wave", sa.String(100), sa.ForeignKey("waves.wave"), primary_key=True),
    sa.Column("resp_id", sa.String(100), primary_key=True),
    sa.Column("voc", sa.Text),
    comment="PRIVATE: verbatim customer comments; never published",
)


# ---------------------------------------------------------------------------------------
# URLs and engines
# ---------------------------------------------------------------------------------------

def resolve_url(url: str | None = None) -> str:
    """The database URL: ``url``, else ``$CSVALUE_DB_URL``, else :data:`DEFAULT_URL`.

    Example
    -------
    >>> resolve_url("sqlite:///x.sqlite")
    'sqlite:///x.sqlite'
    """
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def safe_url(url: str | None) -> str:
    """The URL as messages show it: any password replaced by ``***``.

    Example
    -------
    >>> safe_url("postgresql+psycopg://ana:s3cret@db.example/cs")
    'postgresql+psycopg://ana:***@db.example/cs'
    """
    url = resolve_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return url
    # rendering re-escapes the URL (file: URIs get %3A): only do it to hide a password
    return parsed.render_as_string(hide_password=True) if parsed.password else url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (plain or ``file:`` URI form); None for in-memory or other
    back ends.

    Example
    -------
    >>> sqlite_path("sqlite:///file:/data/cs.sqlite?mode=ro&uri=true")
    PosixPath('/data/cs.sqlite')
    >>> sqlite_path("postgresql+psycopg://h/cs") is None
    True
    """
    parsed = sa.engine.make_url(url)
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or name in ("", ":memory:"):
        return None
    if name.startswith("file:"):
        if parsed.query.get("mode") == "memory":
            return None
        name = name[len("file:"):].split("?", 1)[0]
    return Path(name).expanduser()


def engine_for(url: str | None = None, *, write: bool = False) -> Engine:
    """A SQLAlchemy engine for ``url``; nothing is checked, created or written.

    SQLite connections get real transactions, emitted by us (``BEGIN IMMEDIATE`` for a
    writer, which takes the write lock up front, so two writers queue on the busy timeout
    instead of deadlocking; plain ``BEGIN`` for a reader) and foreign keys. A writer's
    SQLite folder is created. PostgreSQL connections time out after
    :data:`CONNECT_TIMEOUT_SECONDS` unless the URL says otherwise.

    Raises
    ------
    DatabaseError
        when the URL is malformed or its driver is missing.

    Example
    -------
    >>> engine_for("sqlite:///never/created.sqlite").dialect.name   # connects on first use
    'sqlite'
    """
    url = resolve_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise DatabaseError(f"{url!r} is not a database URL: {exc}") from None
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            path = sqlite_path(url)
            if write and path is not None and parsed.query.get("mode") != "ro":
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})
            begin = "BEGIN IMMEDIATE" if write else "BEGIN"

            @sa.event.listens_for(engine, "connect")
            def _no_implicit_tx(dbapi_conn, _record):  # pragma: no cover - driver hook
                dbapi_conn.isolation_level = None
                dbapi_conn.execute("PRAGMA foreign_keys = ON")

            @sa.event.listens_for(engine, "begin")
            def _begin(conn):  # pragma: no cover - driver hook
                conn.exec_driver_sql(begin)
        else:
            args = {}
            if backend == "postgresql" and "connect_timeout" not in parsed.query:
                args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
            engine = sa.create_engine(parsed, connect_args=args)
    except (ImportError, sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise DatabaseError(f"cannot use the database {safe_url(url)}: {exc}") from None
    return engine


# ---------------------------------------------------------------------------------------
# Faults (what a driver error means: db_faults)
# ---------------------------------------------------------------------------------------

@contextmanager
def faults(url: str | None, doing: str, after: str = "") -> Iterator[None]:
    """Turn a driver error inside the block into a :class:`DatabaseError`: "``doing``: the
    database ``URL`` ``what happened``\\ ``after``" (the URL without its password)."""
    try:
        yield
    except DatabaseError:
        raise
    except driver_errors() as exc:
        raise DatabaseError(
            f"{doing}: the database {safe_url(url)} {describe_fault(exc)}{after}") from None


# ---------------------------------------------------------------------------------------
# Locks
# ---------------------------------------------------------------------------------------

def lock_key(name: str) -> int:
    """The signed 64-bit advisory-lock key of a lock name (stable across processes).

    Example
    -------
    >>> lock_key("schema") == lock_key("schema") != lock_key("wave:2025")
    True
    """
    digest = hashlib.sha256(f"csvalue:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock(conn: Connection, name: str) -> None:
    """Hold the lock ``name`` until the connection's transaction ends.

    PostgreSQL: ``pg_advisory_xact_lock`` (waits; released at commit, rollback or when the
    writer's connection dies). SQLite: nothing to do — a writer's ``BEGIN IMMEDIATE`` already
    holds the database's only write lock. Other back ends get no lock (csvalue is tested on
    SQLite and PostgreSQL).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})


# ---------------------------------------------------------------------------------------
# Revisions
# ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None))


def _alembic_config(conn: Connection | None):
    from alembic.config import Config

    cfg = Config()
    # configparser interpolates '%': a path holding one must be escaped
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    """The newest schema revision this csvalue knows (its migrations' head)."""
    return _scripts().get_current_head()


def known_revisions() -> list[str]:
    """Every revision this csvalue knows, oldest first.

    Example
    -------
    >>> known_revisions()[0], known_revisions()[-1] == head_revision()
    ('0001', True)
    """
    return [s.revision for s in reversed(list(_scripts().walk_revisions()))]


@dataclass(frozen=True)
class SchemaState:
    """The schema a database holds.

    Attributes
    ----------
    revision : its Alembic revision (``"0001"`` for a database written by csvalue 0.1.0,
        before Alembic); None when it holds no csvalue table yet.
    version : the highest ``schema_version`` number in it (None when empty).
    legacy : written before Alembic (a ``schema_version`` table, no revision table).
    head : the newest revision this csvalue knows.
    """

    revision: str | None
    version: int | None
    legacy: bool
    head: str

    @property
    def empty(self) -> bool:
        return self.revision is None

    @property
    def current(self) -> bool:
        return self.revision == self.head


def schema_state(conn: Connection, url: str | None = None) -> SchemaState:
    """Read which schema revision the database holds; only reads.

    Example
    -------
    >>> with sa.create_engine("sqlite://").connect() as conn:
    ...     schema_state(conn).empty
    True

    Raises
    ------
    DatabaseError
        for a revision or schema version newer than (or unknown to) this csvalue — it was
        written by a newer csvalue — and for csvalue-named tables without any version.
    """
    where = f"the database {safe_url(url or conn.engine.url.render_as_string())}"
    names = set(sa.inspect(conn).get_table_names())
    head = head_revision()
    version = None
    if "schema_version" in names:
        version = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
    revision = None
    if VERSION_TABLE in names:
        revision = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    newer = (revision is not None and revision not in known_revisions()) or (
        version is not None and (not isinstance(version, int) or version > SCHEMA_VERSION))
    if newer:
        raise DatabaseError(
            f"{where} has schema revision {revision or '?'} (schema version {version}), newer "
            f"than this csvalue knows (up to revision {head}, schema version "
            f"{SCHEMA_VERSION}): it was written by a newer csvalue — upgrade csvalue to use it")
    if revision is None and version is not None:
        if version != 1:
            raise DatabaseError(f"{where} has schema version {version} but no revision table "
                                f"{VERSION_TABLE}; it was not written by csvalue")
        return SchemaState("0001", 1, True, head)
    if revision is None:
        ours = names & {t.name for t in metadata.sorted_tables}
        if ours:
            raise DatabaseError(
                f"{where} has csvalue tables {sorted(ours)} but no schema_version table; it "
                "was not written by csvalue — use another database")
        return SchemaState(None, None, False, head)
    return SchemaState(revision, version, False, head)


def _require_current(state: SchemaState, url: str | None) -> None:
    if not state.empty and not state.current:
        raise DatabaseError(
            f"the database {safe_url(url)} has schema revision {state.revision} (schema version "
            f"{state.version}); this csvalue needs revision {state.head}: run `csvalue db "
            "upgrade` with the same --db URL first (it keeps every stored wave; csvalue "
            "releases older than this one then refuse the database)")


def _migrate(conn: Connection, state: SchemaState) -> None:
    """Bring the database on ``conn`` (inside its transaction, under the schema lock) to the
    head revision."""
    from alembic import command

    cfg = _alembic_config(conn)
    if state.legacy:   # csvalue 0.1.0 wrote revision 0001 without recording it
        command.stamp(cfg, state.revision)
    command.upgrade(cfg, "head")


@contextmanager
def reading(url: str | None = None) -> Iterator[Connection | None]:
    """A connection on one read-only snapshot of the database, or None when it holds no
    csvalue schema yet (or its SQLite file does not exist — which is then not created).

    Everything read inside the block sees the same committed state: a wave being stored or
    replaced meanwhile is seen whole, before or after, never half. Needs only ``SELECT``
    rights; never creates, upgrades or locks anything.

    Raises
    ------
    DatabaseError
        for a schema older than this csvalue's (run ``csvalue db upgrade``) or newer, and for
        any fault (server unreachable, login refused …), naming the database.

    Example
    -------
    >>> import tempfile
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/cs.sqlite"
    >>> with reading(url) as conn:
    ...     print(conn)
    None
    >>> writable(url).dispose()                   # a writer creates the schema
    >>> with reading(url) as conn:
    ...     conn.execute(sa.select(sa.func.count()).select_from(waves)).scalar()
    0
    """
    url = resolve_url(url)
    path = sqlite_path(url) if url.startswith("sqlite") else None
    if path is not None and not path.exists():
        yield None
        return
    engine = engine_for(url)
    try:
        with faults(url, "cannot read"):
            with engine.connect() as conn:
                if conn.dialect.name == "postgresql":
                    conn = conn.execution_options(isolation_level="REPEATABLE READ",
                                                  postgresql_readonly=True)
                with conn.begin():
                    state = schema_state(conn, url)
                    _require_current(state, url)
                    yield None if state.empty else conn
    finally:
        engine.dispose()


def writable(url: str | None = None) -> Engine:
    """A writer's engine on a database at the head revision: the schema is created when the
    database is empty (once, under the schema lock, however many writers start together).

    Raises
    ------
    DatabaseError
        for an older schema (run ``csvalue db upgrade``), a newer one, or a fault.

    Example
    -------
    >>> import tempfile
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/cs.sqlite"
    >>> writable(url).dispose()
    >>> status(url)[0].current
    True
    """
    url = resolve_url(url)
    engine = engine_for(url, write=True)
    try:
        with faults(url, "cannot open"):
            with engine.connect() as conn, conn.begin():
                state = schema_state(conn, url)
                if state.empty:
                    # wait for a concurrent creator, then look again: its tables are
                    # committed and visible once the lock is ours
                    lock(conn, "schema")
                    state = schema_state(conn, url)
                    if state.empty:
                        _migrate(conn, state)
                        state = schema_state(conn, url)
                _require_current(state, url)
    except BaseException:
        engine.dispose()
        raise
    return engine


def upgrade(url: str | None = None) -> tuple[SchemaState, SchemaState]:
    """Upgrade the database in place to this csvalue's head revision, keeping every row;
    creates the schema in an empty database. Returns the state before and after.

    Runs in one transaction under the schema lock: concurrent upgrades (or first stores)
    wait, and a failure leaves the database as it was.

    Example
    -------
    >>> import tempfile
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/cs.sqlite"
    >>> before, after = upgrade(url)
    >>> before.empty, after.revision == head_revision(), upgrade(url)[0].current
    (True, True, True)
    """
    url = resolve_url(url)
    engine = engine_for(url, write=True)
    try:
        with faults(url, "cannot upgrade", "; nothing was changed"):
            with engine.begin() as conn:
                lock(conn, "schema")
                before = schema_state(conn, url)
                if not before.current:
                    _migrate(conn, before)
                after = schema_state(conn, url)
    finally:
        engine.dispose()
    return before, after


def status(url: str | None = None) -> tuple[SchemaState, list[tuple[str, int]]]:
    """The database's schema state and its stored waves (wave, respondents); only reads, so
    it also works on an older schema.

    Example
    -------
    >>> state, stored = status("sqlite:///no/such/folder/cs.sqlite")   # nothing is created
    >>> state.empty, stored
    (True, [])
    """
    url = resolve_url(url)
    path = sqlite_path(url) if url.startswith("sqlite") else None
    if path is not None and not path.exists():
        return SchemaState(None, None, False, head_revision()), []
    engine = engine_for(url)
    try:
        with faults(url, "cannot read"):
            with engine.connect() as conn, conn.begin():
                state = schema_state(conn, url)
                stored = [] if state.empty else [
                    (str(w), int(n)) for w, n in
                    conn.execute(sa.select(waves.c.wave, waves.c.n).order_by(waves.c.wave))]
    finally:
        engine.dispose()
    return state, stored


def now() -> datetime:
    """The current time, timezone-aware UTC (what ``applied_at`` and ``stored_at`` hold)."""
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------------------------------
# CLI: csvalue db status|upgrade [--db URL]
# ---------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("status", "upgrade"),
                        help="status: the schema revision and stored waves; upgrade: bring "
                             "the schema to this csvalue's revision in place, keeping the data")
    parser.add_argument("--db", help=f"database URL (default: ${ENV_VAR} or {DEFAULT_URL})")


def command(args: argparse.Namespace) -> int:
    url = resolve_url(args.db)
    where = safe_url(url)
    if args.action == "upgrade":
        before, after = upgrade(url)
        if before.current:
            print(f"{where}: already at schema revision {after.revision}; nothing to do")
        elif before.empty:
            print(f"{where}: created the csvalue schema (revision {after.revision})")
        else:
            print(f"{where}: upgraded from schema revision {before.revision} to "
                  f"{after.revision}, every stored wave kept; csvalue releases older than "
                  "this one now refuse this database")
        return 0
    state, stored = status(url)
    print(f"database   {where}")
    if state.empty:
        print(f"schema     none yet (the first `csvalue store` creates revision {state.head})")
    else:
        note = ("current" if state.current else
                f"older than this csvalue's {state.head}: run `csvalue db upgrade`")
        print(f"schema     revision {state.revision} (schema version {state.version}), {note}")
    listed = ", ".join(f"{w} ({n:,})" for w, n in stored)
    print(f"waves      {len(stored)}" + (f": {listed}" if listed else ""))
    return 0
