"""The CS information database: every scored wave, per respondent, in a real database.

Slide 41 of the source describes the database the yearly survey feeds: per customer the
*profile*, the *activity* (tenure, products, maintenance), the *attitudes* (every answer), the
*indices* (CS, CLS, CVI, NPS) and the *segments* (loyalty tier, value segment, personality
type). This module writes that with SQLAlchemy Core to a SQLite file by default
(``sqlite:///data/csvalue.sqlite``) or to any SQLAlchemy URL (PostgreSQL for a team), chosen by
argument, ``--db URL`` or the ``CSVALUE_DB_URL`` environment variable.

Tables (schema version :data:`SCHEMA_VERSION`, recorded in ``schema_version``):

``waves``
    one row per stored wave: ``wave`` (key), ``file``, ``file_hash`` (sha256), ``n``,
    ``stored_at``, ``codebook``, ``columns`` (JSON: which stored column belongs to profile,
    activity, attitudes, indices, segments), ``settings`` and ``model`` (JSON: weights,
    thresholds, versions — what produced the scores).
``respondents``
    one row per respondent and wave, key ``(wave, resp_id)``: the fixed index and segment
    columns (:data:`INDEX_COLUMNS`, :data:`SEGMENT_COLUMNS`) and one column per codebook item
    (profile ids, answer ids such as ``b_speed``, ``comp_cs``, ``disc_d1``). Item columns are
    added (``ALTER TABLE … ADD COLUMN``) the first time an instrument uses them, so any
    codebook fits without a schema change.
``voc_private``
    free-text comments, only when asked for (``keep_voc=True``). Private: never read by
    :func:`load_respondents` and never published.

Storing a wave that is already there replaces it inside one transaction (delete, then insert,
in ``engine.begin()``): a reader sees the old copy or the new one, never both and never half.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from csvalue.instrument.codebook import SCALE_BLOCKS, Codebook, load_codebook
from csvalue.errors import CsvalueError

#: The schema this csvalue writes and reads. Bump it (and add a step to ``_MIGRATIONS``)
#: whenever a fixed table or column changes.
SCHEMA_VERSION = 1
#: Versions this csvalue can read (older ones are upgraded in place by ``_MIGRATIONS``).
KNOWN_VERSIONS = (1,)
DEFAULT_URL = "sqlite:///data/csvalue.sqlite"
ENV_VAR = "CSVALUE_DB_URL"

#: Per-respondent index columns (0–100; ``nps_score`` is +100/0/−100).
INDEX_COLUMNS = ("cs100", "repurchase100", "recommend100", "nps_score", "cls", "cvi")
#: Per-respondent segment columns.
SEGMENT_COLUMNS = ("value_segment", "loyalty_tier", "disc_type")
#: Profile ids that describe the customer's *activity* with the company (slide 41: tenure,
#: products used, service plan); every other profile item is *profile*.
ACTIVITY_IDS = ("division", "tenure_years", "maintenance")

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class DatabaseError(CsvalueError):
    """The database cannot be used (unknown schema version, bad URL, incompatible column)."""


# ---------------------------------------------------------------------------------------
# Fixed tables
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

#: Upgrades from an older schema version to the next: ``{old_version: fn(conn)}``.
_MIGRATIONS: dict[int, Any] = {}


# ---------------------------------------------------------------------------------------
# Engine and schema
# ---------------------------------------------------------------------------------------

def resolve_url(url: str | None = None) -> str:
    """The database URL: ``url``, else ``$CSVALUE_DB_URL``, else :data:`DEFAULT_URL`.

    Example
    -------
    >>> resolve_url("sqlite:///x.sqlite")
    'sqlite:///x.sqlite'
    """
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def engine_for(url: str | None = None) -> Engine:
    """A SQLAlchemy engine for ``url`` whose schema is checked (and created on first use).

    SQLite gets real transactions (``BEGIN`` emitted by us, so DDL and DML of one
    ``engine.begin()`` block commit or roll back together) and its parent folder created.

    Raises
    ------
    DatabaseError
        when the URL is malformed, the server cannot be reached, or the database has a
        schema version this csvalue does not know.
    """
    url = resolve_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise DatabaseError(f"{url!r} is not a database URL: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed)

        @sa.event.listens_for(engine, "connect")
        def _no_implicit_tx(dbapi_conn, _record):  # pragma: no cover - driver hook
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA foreign_keys = ON")

        @sa.event.listens_for(engine, "begin")
        def _begin(conn):  # pragma: no cover - driver hook
            conn.exec_driver_sql("BEGIN")
    else:
        try:
            engine = sa.create_engine(parsed)
        except (ImportError, sa.exc.ArgumentError) as exc:
            raise DatabaseError(f"cannot use {parsed.render_as_string()}: {exc}") from None
    try:
        ensure_schema(engine)
    except sa.exc.OperationalError as exc:
        raise DatabaseError(
            f"cannot open the database {parsed.render_as_string()}: {exc.orig}") from None
    return engine


def ensure_schema(engine: Engine) -> int:
    """Create the tables on first use; check (and upgrade) an existing schema's version.

    Returns the schema version. Raises :class:`DatabaseError` for a newer or unknown
    version, or for csvalue tables without a ``schema_version`` table.
    """
    with engine.begin() as conn:
        names = set(sa.inspect(conn).get_table_names())
        if "schema_version" not in names:
            ours = names & {t.name for t in metadata.sorted_tables}
            if ours:
                raise DatabaseError(
                    f"{_where(engine)} has csvalue tables {sorted(ours)} but no schema_version "
                    "table; it was not written by csvalue — use another database")
            metadata.create_all(conn)
            conn.execute(schema_version.insert(), {"version": SCHEMA_VERSION,
                                                   "applied_at": _now()})
            return SCHEMA_VERSION
        found = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
        if found not in KNOWN_VERSIONS:
            newer = isinstance(found, int) and found > SCHEMA_VERSION
            raise DatabaseError(
                f"{_where(engine)} has schema version {found!r}, "
                + ("newer than" if newer else "unknown to")
                + f" this csvalue (which reads versions {list(KNOWN_VERSIONS)}); "
                + ("upgrade csvalue" if newer else "use another database"))
        while found < SCHEMA_VERSION:  # pragma: no cover - no older version exists yet
            _MIGRATIONS[found](conn)
            found += 1
            conn.execute(schema_version.insert(), {"version": found, "applied_at": _now()})
        return int(found)


def _where(engine: Engine) -> str:
    return f"the database {engine.url.render_as_string()}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------------------------------
# Storing a wave
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WaveMeta:
    """What is stored about a wave besides its respondents.

    Attributes
    ----------
    wave : the wave id (key of the ``waves`` table).
    file : the survey file it came from.
    file_hash : sha256 of that file ("" when not from a file).
    settings : the analysis settings used (``Settings.as_dict()``).
    model : weights, thresholds and versions that produced the scores.
    """

    wave: str
    file: str = ""
    file_hash: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | Path, wave: str, settings: dict[str, Any] | None = None,
                  model: dict[str, Any] | None = None) -> "WaveMeta":
        """Metadata for a wave read from ``path`` (the file's sha256 is computed here)."""
        return cls(str(wave), str(path), file_sha256(path), dict(settings or {}),
                   dict(model or {}))


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class StoreResult:
    """What :func:`store` wrote: wave id, respondent count, URL, whether a copy was replaced."""

    wave: str
    n: int
    url: str
    replaced: bool
    seconds: float


def stored_columns(scored: pd.DataFrame, codebook: Codebook) -> dict[str, list[str]]:
    """The columns of ``scored`` that are stored, by group (profile, activity, attitudes,
    indices, segments), in codebook order.

    Example
    -------
    >>> stored_columns(pd.DataFrame(columns=["resp_id", "division", "cs", "cvi"]),
    ...                load_codebook())["attitudes"]
    ['cs']
    """
    present = set(scored.columns)
    prof = [c for c in codebook.profile if c in present]
    return {
        "profile": [c for c in prof if c not in ACTIVITY_IDS],
        "activity": [c for c in prof if c in ACTIVITY_IDS],
        "attitudes": [c for c in codebook.ids(*SCALE_BLOCKS) if c in present],
        "indices": [c for c in INDEX_COLUMNS if c in present],
        "segments": [c for c in SEGMENT_COLUMNS if c in present],
    }


def store(scored: pd.DataFrame, meta: WaveMeta, url: str | None = None,
          codebook: Codebook | None = None, *, keep_voc: bool = False,
          chunksize: int = 100_000) -> StoreResult:
    """Write one scored wave, replacing any stored copy of it in the same transaction.

    Parameters
    ----------
    scored : one row per respondent: ``resp_id``, profile and answer columns (canonical ids),
        the index columns (:data:`INDEX_COLUMNS`) and any segment columns available.
        A ``disc_type`` is computed from the personality items when not given.
    meta : the wave id, file, hash, settings and model (see :class:`WaveMeta`).
    url : database URL (default :func:`resolve_url`).
    codebook : the instrument (default: the shipped codebook).
    keep_voc : also keep the ``voc`` free text, in the private ``voc_private`` table.
    chunksize : rows per bulk-insert call.

    Raises
    ------
    DatabaseError
        for a missing or duplicated ``resp_id``, a ``wave`` column that disagrees with
        ``meta.wave``, or a column name the database cannot hold.

    Example
    -------
    >>> store(results.respondents, WaveMeta.from_file("w.csv", "2025"))   # doctest: +SKIP
    StoreResult(wave='2025', n=2000, ...)
    """
    from csvalue.model.disc import disc_types

    t0 = time.perf_counter()
    codebook = codebook or load_codebook()
    wave_id = str(meta.wave)
    _check_rows(scored, wave_id)
    if "disc_type" not in scored.columns and codebook.block("personality"):
        scored = scored.assign(disc_type=disc_types(scored, codebook))
    groups = stored_columns(scored, codebook)
    item_cols = groups["profile"] + groups["activity"] + groups["attitudes"]
    fixed = list(groups["indices"]) + list(groups["segments"])
    frame = _frame(scored, wave_id, item_cols, fixed, codebook)

    url = resolve_url(url)
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            _add_item_columns(conn, frame[item_cols], codebook)
            replaced = conn.execute(
                sa.select(sa.func.count()).select_from(waves).where(waves.c.wave == wave_id)
            ).scalar() > 0
            for table in (voc_private, respondents, waves):
                conn.execute(table.delete().where(table.c.wave == wave_id))
            conn.execute(waves.insert(), {
                "wave": wave_id, "file": meta.file, "file_hash": meta.file_hash,
                "n": len(frame), "stored_at": _now(), "codebook": codebook.source,
                "columns": groups, "settings": _jsonable(meta.settings),
                "model": _jsonable(meta.model),
            })
            cols = list(frame.columns)
            for start in range(0, len(frame), chunksize):
                _insert_chunk(conn, "respondents", cols, frame.iloc[start:start + chunksize])
            if keep_voc and "voc" in scored.columns:
                voc = pd.DataFrame({"wave": wave_id, "resp_id": frame["resp_id"].to_numpy(),
                                    "voc": scored["voc"].to_numpy(dtype=object)})
                voc = voc[voc["voc"].notna() & (voc["voc"].astype(str).str.strip() != "")]
                for start in range(0, len(voc), chunksize):
                    _insert_chunk(conn, "voc_private", list(voc.columns),
                                  voc.iloc[start:start + chunksize])
    finally:
        engine.dispose()
    return StoreResult(wave_id, len(frame), url, bool(replaced), time.perf_counter() - t0)


def _check_rows(scored: pd.DataFrame, wave_id: str) -> None:
    if "resp_id" not in scored.columns:
        raise DatabaseError(f"wave {wave_id}: the scored table has no resp_id column")
    ids = scored["resp_id"]
    if ids.isna().any():
        rows = np.flatnonzero(ids.isna().to_numpy())[:5].tolist()
        raise DatabaseError(f"wave {wave_id}: resp_id is missing in rows {rows}")
    dup = ids.astype(str).duplicated(keep=False)
    if dup.any():
        raise DatabaseError(
            f"wave {wave_id}: resp_id values are repeated: {sorted(set(ids[dup].astype(str)))[:5]}")
    if "wave" in scored.columns:
        other = set(scored["wave"].dropna().astype(str)) - {wave_id}
        if other:
            raise DatabaseError(
                f"wave {wave_id}: the scored table's wave column also holds {sorted(other)[:5]}; "
                "store one wave at a time")


def _frame(scored: pd.DataFrame, wave_id: str, item_cols: list[str], fixed: list[str],
           codebook: Codebook) -> pd.DataFrame:
    """The rows to insert: wave, resp_id, items, indices, segments; numbers as float64,
    categories as str/None."""
    out = {"wave": np.full(len(scored), wave_id, dtype=object),
           "resp_id": scored["resp_id"].astype(str).to_numpy()}
    for c in item_cols + fixed:
        if c in SEGMENT_COLUMNS or _is_text(c, codebook):
            s = scored[c]
            out[c] = np.where(s.isna().to_numpy(), None, s.astype(str).to_numpy()).astype(object)
        else:
            try:
                out[c] = pd.to_numeric(scored[c], errors="raise").to_numpy(dtype=float)
            except (ValueError, TypeError) as exc:
                raise DatabaseError(f"wave {wave_id}: column {c} must be numeric: {exc}") from None
    return pd.DataFrame(out, index=None)


def _is_text(col: str, codebook: Codebook) -> bool:
    return codebook.has(col) and codebook.item(col).kind in ("category", "text")


def _add_item_columns(conn: Connection, items: pd.DataFrame, codebook: Codebook) -> None:
    """Add the item columns the table does not have yet; refuse a clash of types."""
    existing = {c["name"]: c["type"] for c in sa.inspect(conn).get_columns("respondents")}
    prep = conn.dialect.identifier_preparer
    for col in items.columns:
        if not _IDENT.match(col):
            raise DatabaseError(
                f"the item id {col!r} cannot be a database column (use lower-case letters, "
                "digits and _, at most 63 characters, in the codebook)")
        want_text = _is_text(col, codebook)
        if col in existing:
            have_text = isinstance(existing[col], sa.types.String)
            if have_text != want_text:
                raise DatabaseError(
                    f"the database column respondents.{col} holds "
                    f"{'text' if have_text else 'numbers'}, but this codebook's {col} is "
                    f"{'text' if want_text else 'numeric'}; use another database or item id")
            continue
        typ = (sa.Text() if want_text else sa.Float()).compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE respondents ADD COLUMN {prep.quote(col)} {typ}")


def _insert_chunk(conn: Connection, table: str, cols: Sequence[str], chunk: pd.DataFrame) -> None:
    """Bulk-insert a chunk on the connection's transaction, by the fastest path the driver has:
    SQLite executemany (NaN binds as NULL), PostgreSQL COPY of a CSV buffer, else
    SQLAlchemy's multi-row insert."""
    prep = conn.dialect.identifier_preparer
    collist = ", ".join(prep.quote(c) for c in cols)
    name = conn.dialect.name
    if name == "sqlite":
        marks = ", ".join("?" * len(cols))
        rows = list(zip(*(chunk[c].tolist() for c in cols)))
        conn.exec_driver_sql(f"INSERT INTO {table} ({collist}) VALUES ({marks})", rows)
    elif name == "postgresql" and conn.dialect.driver == "psycopg":
        buf = io.StringIO()
        # empty unquoted field = NULL in CSV COPY; floats are written with full precision
        chunk.to_csv(buf, index=False, header=False, na_rep="", quoting=csv.QUOTE_MINIMAL)
        dbapi = conn.connection.dbapi_connection
        with dbapi.cursor() as cur:
            with cur.copy(f"COPY {table} ({collist}) FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(buf.getvalue())
    else:
        target = sa.Table(table, sa.MetaData(), *(sa.Column(c) for c in cols))
        records = chunk.astype(object).where(chunk.notna(), None).to_dict("records")
        conn.execute(target.insert(), records)


def _jsonable(obj: Any) -> Any:
    """Settings and model dicts as plain JSON (tuples → lists, numpy scalars → Python)."""
    return json.loads(json.dumps(obj, default=_json_default))


def _json_default(o: Any) -> Any:
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    if isinstance(o, (pd.Series, pd.Index, np.ndarray)):
        return o.tolist()
    if isinstance(o, pd.DataFrame):
        return o.to_dict(orient="records")
    if isinstance(o, (datetime, Path)):
        return str(o)
    raise TypeError(f"cannot store {type(o).__name__} as JSON")


# ---------------------------------------------------------------------------------------
# Reading back
# ---------------------------------------------------------------------------------------

def list_waves(url: str | None = None) -> pd.DataFrame:
    """The stored waves, oldest id first: wave, file, file_hash, n, stored_at, codebook,
    columns, settings, model (the last three as dicts)."""
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(waves).order_by(waves.c.wave)).mappings().all()
    finally:
        engine.dispose()
    return pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in waves.columns])


def load_respondents(url: str | None = None, waves: Iterable[str] | None = None) -> pd.DataFrame:
    """Stored respondents of ``waves`` (all when None), ordered by wave and resp_id.

    Columns: wave, resp_id, then the profile, activity and answer columns stored for those
    waves (codebook order), the index columns and the segment columns. Free text is never
    included.

    Raises
    ------
    DatabaseError
        naming waves that are not stored.
    """
    stored = list_waves(url)
    wanted = stored["wave"].tolist() if waves is None else [str(w) for w in waves]
    missing = [w for w in wanted if w not in set(stored["wave"])]
    if missing:
        raise DatabaseError(f"waves {missing} are not in the database {resolve_url(url)}; "
                            f"stored: {stored['wave'].tolist()}")
    items: list[str] = []
    for cols in stored.set_index("wave").loc[wanted, "columns"]:
        for group in ("profile", "activity", "attitudes"):
            items += [c for c in cols.get(group, []) if c not in items]
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            table = sa.Table("respondents", sa.MetaData(), autoload_with=conn)
            cols = ["wave", "resp_id", *items, *INDEX_COLUMNS, *SEGMENT_COLUMNS]
            query = (sa.select(*(table.c[c] for c in cols))
                     .where(table.c.wave.in_(wanted))
                     .order_by(table.c.wave, table.c.resp_id))
            df = pd.read_sql(query, conn)
            numeric = [c for c in cols if not isinstance(table.c[c].type, sa.types.String)]
    finally:
        engine.dispose()
    # an all-NULL column comes back as object: make every numeric column float
    df[numeric] = df[numeric].apply(pd.to_numeric).astype(float)
    return df


# ---------------------------------------------------------------------------------------
# From survey files and analysis results to stored waves
# ---------------------------------------------------------------------------------------

def scored_frame(data: pd.DataFrame, scores: pd.DataFrame, label: str) -> pd.DataFrame:
    """One wave's answers joined with its respondent scores and segments on ``resp_id``.

    ``data`` is the loaded wave (canonical ids); ``scores`` is that wave's slice of
    ``Results.respondents`` (indices, segments).
    """
    extra = scores.drop(columns=[c for c in scores.columns if c in data.columns and c != "resp_id"])
    return (data.assign(wave=label, resp_id=data["resp_id"].astype(str))
            .merge(extra.assign(resp_id=extra["resp_id"].astype(str)), on="resp_id",
                   how="left", validate="one_to_one"))


def store_results(results: Any, datas: Sequence[pd.DataFrame], url: str | None = None,
                  codebook: Codebook | None = None, *, keep_voc: bool = False) -> list[StoreResult]:
    """Store every wave of an analysis (:func:`csvalue.pipeline.analyze.analyze` results).

    ``datas`` are the analysed waves' data frames, in the order given to ``analyze``; the
    waves' labels, files and hashes come from ``results.model["waves"]``, and the rest of
    ``results.model`` (weights, thresholds, goals, versions) is stored with each wave.
    """
    model = {k: v for k, v in results.model.items() if k != "waves"}
    settings = model.pop("settings", {})
    resp = results.respondents
    out = []
    for rec, data in zip(results.model["waves"], datas):
        label = str(rec["wave"])
        scored = scored_frame(data, resp[resp["wave"].astype(str) == label], label)
        meta = WaveMeta(label, rec.get("source") or "", rec.get("sha256") or "", settings,
                        {**model, "wave": rec})
        out.append(store(scored, meta, url, codebook, keep_voc=keep_voc))
    return out


def stored_cls_weights(url: str | None, exclude: Iterable[str] = ()) -> tuple[str, dict] | None:
    """(base wave, CLS weights) of the database's oldest stored wave not in ``exclude``.

    Trends compare like with like only if every wave is scored with the same loyalty
    weights (DESIGN §3): a wave stored later reuses the weights the database already holds.
    """
    try:
        stored = list_waves(url)
    except sa.exc.SQLAlchemyError:
        return None
    stored = stored[~stored["wave"].astype(str).isin(set(map(str, exclude)))]
    for _, row in stored.iterrows():
        model = row["model"] if isinstance(row["model"], dict) else json.loads(row["model"])
        if model.get("cls_weights"):
            return str(model.get("base_wave", row["wave"])), dict(model["cls_weights"])
    return None


def store_waves(paths: Sequence[str | Path], codebook: Codebook, settings: Any = None,
                url: str | None = None, *, keep_voc: bool = False,
                echo=None) -> list[StoreResult]:
    """Load, score (``analyze``) and store survey files, oldest first.

    Unless the settings fix the CLS weights, a database that already holds other waves
    lends its base wave's weights (:func:`stored_cls_weights`), so that storing 2025 on its
    own scores it as it was scored next to 2024.

    Example
    -------
    >>> store_waves(["data/waves/wave_2024.csv", "data/waves/wave_2025.csv"],
    ...             load_codebook(), url="sqlite:///_build/csvalue.sqlite")  # doctest: +SKIP
    """
    from csvalue.pipeline.analyze import analyze
    from csvalue.instrument.load import load_wave

    loaded = [load_wave(p, codebook) for p in paths]
    weights = None
    if settings is None or getattr(settings, "cls_weights", None) is None:
        labels = [str(w.data["wave"].iloc[0]) for w in loaded if len(w.data)]
        found = stored_cls_weights(url, exclude=labels)
        if found:
            weights = found[1]
            if echo:
                echo(f"CLS weights reused from the stored base wave {found[0]}: "
                     + ", ".join(f"{k} {v:.3f}" for k, v in weights.items()))
    results = analyze(loaded, codebook, settings, cls_weights=weights,
                      sources=[str(p) for p in paths])
    return store_results(results, [w.data for w in loaded], url, codebook, keep_voc=keep_voc)


# ---------------------------------------------------------------------------------------
# CLI: csvalue store WAVE... [--codebook FILE] [--config FILE] [--db URL]
# ---------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("waves", nargs="+", metavar="WAVE", help="survey files, oldest first")
    parser.add_argument("--codebook", help="codebook YAML (default: the shipped one)")
    parser.add_argument("--config", help="analysis settings YAML")
    parser.add_argument("--db", help=f"database URL (default: ${ENV_VAR} or {DEFAULT_URL})")
    parser.add_argument("--keep-voc", action="store_true",
                        help="also keep free-text comments (private table, never published)")


def command(args: argparse.Namespace) -> int:
    from csvalue.instrument.load import load_wave
    from csvalue.instrument.settings import load_settings

    codebook = load_codebook(args.codebook)
    settings = load_settings(args.config)
    url = resolve_url(args.db)
    for path in args.waves:   # every row read accounted for; rejected rows are not stored
        q = load_wave(path, codebook).quality
        rows = "1 rejected row is" if q.rejected == 1 else f"{q.rejected:,} rejected rows are"
        print(q.accounting() + (f"; the {rows} not stored (csvalue validate {path} --out DIR "
                                f"writes them, with reasons)" if q.rejected else ""))
    for res in store_waves(args.waves, codebook, settings, url, keep_voc=args.keep_voc,
                           echo=print):
        verb = "replaced" if res.replaced else "stored"
        print(f"{verb} wave {res.wave}: {res.n} respondents in {_safe(url)} "
              f"({res.seconds:.1f} s)")
    return 0


def _safe(url: str) -> str:
    """The URL with any password hidden."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)
