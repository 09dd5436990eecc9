"""The CS information database: every scored wave, per respondent, in a real database.

Slide 41 of the source describes the database the yearly survey feeds: per customer the
*profile*, the *activity* (tenure, products, maintenance), the *attitudes* (every answer), the
*indices* (CS, CLS, CVI, NPS) and the *segments* (loyalty tier, value segment, personality
type). This module writes that with SQLAlchemy Core to a SQLite file by default
(``sqlite:///data/csvalue.sqlite``) or to any SQLAlchemy URL (PostgreSQL for a team), chosen by
argument, ``--db URL`` or the ``CSVALUE_DB_URL`` environment variable. The schema, its
revisions, locks and fault messages are :mod:`csvalue.pipeline.db_schema`'s.

Tables (revision :func:`~csvalue.pipeline.db_schema.head_revision`):

``waves``
    one row per stored wave: ``wave`` (key), ``file``, ``file_hash`` (sha256), ``n``,
    ``stored_at``, ``codebook``, ``columns`` (JSON: which stored column belongs to profile,
    activity, attitudes, indices, segments), ``settings`` and ``model`` (JSON: weights,
    thresholds, versions — what produced the scores).
``respondents``
    one row per respondent and wave, key ``(wave, resp_id)``: the fixed index and segment
    columns (:data:`INDEX_COLUMNS`, :data:`SEGMENT_COLUMNS`) and one column per codebook item
    (profile ids, answer ids such as ``b_speed``, ``comp_cs``, ``disc_d1``). Item columns are
    added (``ALTER TABLE … ADD COLUMN``, in a short transaction of its own under the schema
    lock) the first time an instrument uses them, so any codebook fits without a migration.
``voc_private``
    free-text comments, only when asked for (``keep_voc=True``). Private: never read by
    :func:`load_respondents` and never published.

Storing a wave that is already there replaces it inside one transaction (delete, then insert)
that holds the wave's lock: a reader sees the old copy or the new one, never both and never
half, and two analysts storing the same wave at once end with one copy, the later one. A
reader (:func:`list_waves`, :func:`load_respondents`) needs only ``SELECT`` rights.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from csvalue.instrument.codebook import SCALE_BLOCKS, Codebook, load_codebook
from csvalue.pipeline.db_faults import describe_fault, driver_errors, fault_of
from csvalue.pipeline.db_schema import (
    DEFAULT_URL, ENV_VAR, INDEX_COLUMNS, SEGMENT_COLUMNS, DatabaseError, lock, now, reading,
    resolve_url, respondents, safe_url, voc_private, waves, writable)
from csvalue.pipeline.results import file_sha256, json_default

#: Profile ids that describe the customer's *activity* with the company (slide 41: tenure,
#: products used, service plan); every other profile item is *profile*.
ACTIVITY_IDS = ("division", "tenure_years", "maintenance")
#: How often :func:`store_waves` re-scores when other analysts keep changing the stored
#: base-wave weights under it before it gives up.
RESCORE_ATTEMPTS = 5

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


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


@dataclass(frozen=True)
class WeightsBasis:
    """What the database lent a wave's scoring: the stored base wave's CLS weights as
    :func:`stored_cls_weights` found them before the analysis, looking past ``exclude`` (the
    waves being stored); ``found`` is None when there were none, so the weights were
    estimated. :func:`store` re-checks this inside its transaction.

    Example
    -------
    >>> WeightsBasis(("2025",), None).found is None
    True
    """

    exclude: tuple[str, ...]
    found: tuple[str, dict] | None


class StaleWeights(Exception):
    """Raised by :func:`store` when the stored base-wave weights are no longer what the wave
    was scored with (another analyst stored a wave meanwhile): score it again."""


def store(scored: pd.DataFrame, meta: WaveMeta, url: str | None = None,
          codebook: Codebook | None = None, *, keep_voc: bool = False,
          chunksize: int = 100_000, basis: WeightsBasis | None = None) -> StoreResult:
    """Write one scored wave, replacing any stored copy of it in the same transaction.

    Any number of processes may store into one database at once: the schema is created once,
    new item columns are added under the schema lock, and each wave's delete-and-insert holds
    that wave's lock, so the result is that of the same stores one after another.

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
    basis : when given, the stored weights the scores were computed from; if the database
        now lends other weights, nothing is written and :class:`StaleWeights` is raised.

    Raises
    ------
    DatabaseError
        for a missing or duplicated ``resp_id``, a ``wave`` column that disagrees with
        ``meta.wave``, a column name the database cannot hold, or a fault of the database
        (unreachable, login refused, read-only, full, connection lost) — the message names
        the database without its password, and any stored copy of the wave is unchanged.

    Example
    -------
    >>> import tempfile
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/cs.sqlite"
    >>> scored = pd.DataFrame({"resp_id": ["a", "b"], "cs": [7.0, 9.0], "cvi": [61.0, 80.5],
    ...                        "disc_type": ["D", "S"]})
    >>> res = store(scored, WaveMeta("2024"), url)
    >>> res.wave, res.n, res.replaced
    ('2024', 2, False)
    >>> store(scored.head(1), WaveMeta("2024"), url).replaced
    True
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
    wanted = _item_types(item_cols, codebook)

    url = resolve_url(url)
    engine = writable(url)
    committing = False
    try:
        _widen(engine, wanted)
        with engine.connect() as conn:
            trans = conn.begin()
            try:
                lock(conn, f"wave:{wave_id}")
                if basis is not None:
                    _check_basis(conn, basis)
                replaced = conn.execute(
                    sa.select(sa.func.count()).select_from(waves).where(waves.c.wave == wave_id)
                ).scalar() > 0
                for table in (voc_private, respondents, waves):
                    conn.execute(table.delete().where(table.c.wave == wave_id))
                conn.execute(waves.insert(), {
                    "wave": wave_id, "file": meta.file, "file_hash": meta.file_hash,
                    "n": len(frame), "stored_at": now(), "codebook": codebook.source,
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
                committing = True
                trans.commit()
            except BaseException:
                # closing the driver connection rolls the transaction back, also when the
                # server is gone (a rollback on a dead connection would raise anew)
                conn.invalidate()
                raise
    except driver_errors() as exc:
        fault, _ = fault_of(exc)
        # only a commit whose answer never arrived leaves the outcome open
        after = (f"; the connection broke while committing, so wave {wave_id} may or may not "
                 "be stored: `csvalue db status` shows what the database holds"
                 if committing and fault is not None and fault.kind == "lost" else
                 f"; nothing of wave {wave_id} was written (any stored copy of it is unchanged)")
        raise DatabaseError(f"cannot store wave {wave_id}: the database {safe_url(url)} "
                            f"{describe_fault(exc)}{after}") from None
    finally:
        engine.dispose()
    return StoreResult(wave_id, len(frame), url, bool(replaced), time.perf_counter() - t0)


def _check_basis(conn: Connection, basis: WeightsBasis) -> None:
    """Raise :class:`StaleWeights` when the database no longer lends ``basis.found``.

    Scores computed from estimated weights (nothing stored yet) are checked under the
    ``weights`` lock, so that of several first stores started together exactly one keeps
    its estimate and the others are re-scored with it — as if they had run one after
    another."""
    if basis.found is None:
        lock(conn, "weights")
    rows = conn.execute(sa.select(waves.c.wave, waves.c.model).order_by(waves.c.wave))
    found = _base_weights(rows, basis.exclude)
    if (found and found[1]) != (basis.found and basis.found[1]):
        raise StaleWeights(f"stored base-wave weights are now {found}, not {basis.found}")


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


def _item_types(item_cols: Sequence[str], codebook: Codebook) -> dict[str, bool]:
    """Each item column and whether it holds text; refuses ids that cannot be columns."""
    for col in item_cols:
        if not _IDENT.match(col):
            raise DatabaseError(
                f"the item id {col!r} cannot be a database column (use lower-case letters, "
                "digits and _, at most 63 characters, in the codebook)")
    return {col: _is_text(col, codebook) for col in item_cols}


def _widen(engine: Engine, wanted: dict[str, bool]) -> None:
    """Add the item columns ``respondents`` lacks, in a short transaction of its own.

    Only a writer that finds a column missing takes the schema lock, then looks again (a
    concurrent writer may just have added it) — so two analysts storing their first waves
    together never both add the same column. Columns are never dropped: a store that fails
    later leaves at most empty columns, which no reader selects."""
    with engine.connect() as conn, conn.begin():
        missing = _missing_columns(conn, wanted)
        if missing:
            lock(conn, "schema")
            missing = _missing_columns(conn, wanted)
        prep = conn.dialect.identifier_preparer
        for col in missing:
            typ = (sa.Text() if wanted[col] else sa.Float()).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE respondents ADD COLUMN {prep.quote(col)} {typ}")


def _missing_columns(conn: Connection, wanted: dict[str, bool]) -> list[str]:
    """The wanted item columns ``respondents`` lacks; refuses a clash of types."""
    existing = {c["name"]: c["type"] for c in sa.inspect(conn).get_columns("respondents")}
    missing = []
    for col, want_text in wanted.items():
        if col not in existing:
            missing.append(col)
            continue
        have_text = isinstance(existing[col], sa.types.String)
        if have_text != want_text:
            raise DatabaseError(
                f"the database column respondents.{col} holds "
                f"{'text' if have_text else 'numbers'}, but this codebook's {col} is "
                f"{'text' if want_text else 'numeric'}; use another database or item id")
    return missing


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
    return json.loads(json.dumps(obj, default=json_default))


# ---------------------------------------------------------------------------------------
# Reading back
# ---------------------------------------------------------------------------------------

def list_waves(url: str | None = None) -> pd.DataFrame:
    """The stored waves, oldest id first: wave, file, file_hash, n, stored_at, codebook,
    columns, settings, model (the last three as dicts). Only reads (``SELECT``); a database
    without a csvalue schema yet holds no waves.

    Example
    -------
    >>> import tempfile
    >>> list_waves(f"sqlite:///{tempfile.mkdtemp()}/none.sqlite").columns.tolist()[:4]
    ['wave', 'file', 'file_hash', 'n']
    """
    with reading(url) as conn:
        return _waves_frame(conn)


def _waves_frame(conn: Connection | None) -> pd.DataFrame:
    rows = [] if conn is None else [
        dict(r) for r in conn.execute(sa.select(waves).order_by(waves.c.wave)).mappings()]
    return pd.DataFrame(rows, columns=[c.name for c in waves.columns])


def load_respondents(url: str | None = None, waves: Iterable[str] | None = None) -> pd.DataFrame:
    """Stored respondents of ``waves`` (all when None), ordered by wave and resp_id.

    Columns: wave, resp_id, then the profile, activity and answer columns stored for those
    waves (codebook order), the index columns and the segment columns. Free text is never
    included. The waves and their respondents are read from one snapshot, so every wave
    comes back whole even while others are being stored. Only reads (``SELECT``).

    Raises
    ------
    DatabaseError
        naming waves that are not stored.

    Example
    -------
    >>> import tempfile
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/cs.sqlite"
    >>> _ = store(pd.DataFrame({"resp_id": ["b", "a"], "cs": [7.0, 9.0], "cvi": [61.0, 80.5],
    ...                         "disc_type": ["D", "S"]}), WaveMeta("2025"), url)
    >>> load_respondents(url)[["wave", "resp_id", "cs", "cvi"]].values.tolist()
    [['2025', 'a', 9.0, 80.5], ['2025', 'b', 7.0, 61.0]]
    """
    fixed = ["wave", "resp_id", *INDEX_COLUMNS, *SEGMENT_COLUMNS]
    with reading(url) as conn:
        stored = _waves_frame(conn)
        wanted = stored["wave"].tolist() if waves is None else [str(w) for w in waves]
        missing = [w for w in wanted if w not in set(stored["wave"])]
        if missing:
            raise DatabaseError(f"waves {missing} are not in the database {safe_url(url)}; "
                                f"stored: {stored['wave'].tolist()}")
        if conn is None:
            return pd.DataFrame(columns=fixed)
        items: list[str] = []
        for cols in stored.set_index("wave").loc[wanted, "columns"]:
            for group in ("profile", "activity", "attitudes"):
                items += [c for c in cols.get(group, []) if c not in items]
        table = sa.Table("respondents", sa.MetaData(), autoload_with=conn)
        cols = ["wave", "resp_id", *items, *INDEX_COLUMNS, *SEGMENT_COLUMNS]
        query = (sa.select(*(table.c[c] for c in cols))
                 .where(table.c.wave.in_(wanted))
                 .order_by(table.c.wave, table.c.resp_id))
        df = pd.read_sql(query, conn)
        numeric = [c for c in cols if not isinstance(table.c[c].type, sa.types.String)]
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
                  codebook: Codebook | None = None, *, keep_voc: bool = False,
                  basis: WeightsBasis | None = None) -> list[StoreResult]:
    """Store every wave of an analysis (:func:`csvalue.pipeline.analyze.analyze` results).

    ``datas`` are the analysed waves' data frames, in the order given to ``analyze``; the
    waves' labels, files and hashes come from ``results.model["waves"]``, and the rest of
    ``results.model`` (weights, thresholds, goals, versions) is stored with each wave.
    ``basis``: see :func:`store`.
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
        out.append(store(scored, meta, url, codebook, keep_voc=keep_voc, basis=basis))
    return out


def stored_cls_weights(url: str | None, exclude: Iterable[str] = ()) -> tuple[str, dict] | None:
    """(base wave, CLS weights) of the database's oldest stored wave not in ``exclude``.

    Trends compare like with like only if every wave is scored with the same loyalty
    weights: a wave stored later reuses the weights the database already holds.
    """
    stored = list_waves(url)
    return _base_weights(zip(stored["wave"], stored["model"]), exclude)


def _base_weights(rows: Iterable[tuple[Any, Any]],
                  exclude: Iterable[str]) -> tuple[str, dict] | None:
    """The first (wave, model) row, oldest first, not in ``exclude`` whose model has CLS
    weights: (its base wave, the weights).

    Example
    -------
    >>> _base_weights([("2024", {"base_wave": "2024", "cls_weights": {"recommend": 0.6}}),
    ...                ("2025", {"cls_weights": {"recommend": 0.5}})], exclude=["2024"])
    ('2025', {'recommend': 0.5})
    """
    skip = set(map(str, exclude))
    for wave, model in rows:
        if str(wave) in skip:
            continue
        model = model if isinstance(model, dict) else json.loads(model)
        if model.get("cls_weights"):
            return str(model.get("base_wave", wave)), dict(model["cls_weights"])
    return None


def store_waves(paths: Sequence[str | Path], codebook: Codebook, settings: Any = None,
                url: str | None = None, *, keep_voc: bool = False,
                echo=None, loaded: Sequence[Any] | None = None) -> list[StoreResult]:
    """Load (unless ``loaded`` holds them already), score (``analyze``) and store survey files,
    oldest first.

    Unless the settings fix the CLS weights, a database that already holds other waves
    lends its base wave's weights (:func:`stored_cls_weights`), so that storing 2025 on its
    own scores it as it was scored next to 2024. When another analyst stores a wave between
    that look-up and this store (four first stores into an empty database started together),
    :func:`store` notices and the waves are scored again with the weights now stored — the
    outcome of running the stores one after another.

    Example
    -------
    >>> import tempfile
    >>> from csvalue.instrument.synth import generate, write_csv
    >>> tmp = Path(tempfile.mkdtemp())
    >>> wave = write_csv(generate(300, seed=1, wave="2025"), tmp / "wave_2025.csv")
    >>> [(r.wave, r.n) for r in store_waves([wave], load_codebook(),
    ...                                     url=f"sqlite:///{tmp}/cs.sqlite")]
    [('2025', 300)]
    """
    from csvalue.pipeline.analyze import analyze
    from csvalue.instrument.load import load_wave

    if loaded is None:   # the waves of ``paths``, unless the caller loaded them already
        loaded = [load_wave(p, codebook) for p in paths]
    labels = tuple(str(w.data["wave"].iloc[0]) for w in loaded if len(w.data))
    lend = settings is None or getattr(settings, "cls_weights", None) is None
    for _ in range(RESCORE_ATTEMPTS):
        weights, basis = None, None
        if lend:
            found = stored_cls_weights(url, exclude=labels)
            basis = WeightsBasis(labels, found)
            if found:
                weights = found[1]
                if echo:
                    echo(f"CLS weights reused from the stored base wave {found[0]}: "
                         + ", ".join(f"{k} {v:.3f}" for k, v in weights.items()))
        results = analyze(loaded, codebook, settings, cls_weights=weights,
                          sources=[str(p) for p in paths], echo=echo)
        try:
            return store_results(results, [w.data for w in loaded], url, codebook,
                                 keep_voc=keep_voc, basis=basis)
        except StaleWeights:
            if echo:
                echo("another store changed the database's base-wave weights meanwhile: "
                     "scoring again with them")
    raise DatabaseError(
        f"the base-wave weights in the database {safe_url(url)} changed {RESCORE_ATTEMPTS} "
        "times while these waves were being scored; store them again")


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

    start = time.perf_counter()
    codebook = load_codebook(args.codebook)
    settings = load_settings(args.config)
    url = resolve_url(args.db)
    loaded = []
    for path in args.waves:   # every row read accounted for; rejected rows are not stored
        step = time.perf_counter()
        wave = load_wave(path, codebook)
        q = wave.quality
        rows = "1 rejected row is" if q.rejected == 1 else f"{q.rejected:,} rejected rows are"
        print(f"loaded {q.accounting()} in {time.perf_counter() - step:.1f}s"
              + (f"; the {rows} not stored (csvalue validate {path} --out DIR writes them, "
                 f"with reasons)" if q.rejected else ""), flush=True)
        loaded.append(wave)
    for res in store_waves(args.waves, codebook, settings, url, keep_voc=args.keep_voc,
                           echo=lambda line: print(line, flush=True), loaded=loaded):
        verb = "replaced" if res.replaced else "stored"
        print(f"{verb} wave {res.wave}: {res.n:,} respondents in {safe_url(url)} "
              f"(writing {res.seconds:.1f} s)")
    print(f"done in {time.perf_counter() - start:.1f} s (load, score, analyse and store)")
    return 0
