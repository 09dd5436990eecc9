"""Result folders: the :class:`Results` of an analysis, written to and read from a directory.

- :func:`write_results` writes one CSV per table, ``rejects_<wave>.csv`` per loaded wave,
  ``quality.json`` and ``model.json`` (what ``csvalue analyze --out DIR`` leaves behind);
- :func:`read_results` reads such a folder back, and only reads;
- :func:`results_for` is the one call that may *analyse*: it returns the results of given wave
  files, analysing them into the folder first unless it already holds exactly their results
  (:func:`holds_results_of`). A chapter run on its own uses it.

The folder records what produced it in ``model.json``: the SHA-256 of every wave file and of
the codebook (:func:`file_sha256`) and the settings. :func:`json_default` is the one rule for
writing numpy and pandas values as JSON (``model.json`` here, the database's JSON columns).

Example
-------
>>> import tempfile
>>> res = Results({"indices": pd.DataFrame({"wave": ["2025", "2025"],
...                                         "scope": ["company", "division:emr"],
...                                         "index": ["cvi", "cvi"], "value": [76.6, 75.8]})},
...               {"waves": [{"wave": "2025"}]})
>>> out = tempfile.mkdtemp()
>>> [p.name for p in write_results(res, out)]
['indices.csv', 'quality.json', 'model.json']
>>> read_results(out).table("indices", wave="2025", scope="company")["value"].tolist()
[76.6]
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from csvalue.errors import CsvalueError
from csvalue.instrument.cells import csv_frame, csv_unframe, inert_workbook

#: Excel's row limit (header included); larger tables are left out of the workbook.
EXCEL_MAX_ROWS = 1_048_576
#: Columns read as text whatever they hold (wave labels such as "2025" stay labels).
TEXT_COLUMNS = ("wave", "wave_a", "wave_b")


class ResultsNotFound(CsvalueError, FileNotFoundError):
    """A directory holds no analysis results (no ``model.json``)."""


def empty_table(name: str) -> pd.DataFrame:
    """Result table ``name`` with no rows but its columns, so that its CSV still has a header
    (e.g. ``changes`` of a single wave); a table the model lists no columns for gets the one
    column ``wave``.

    Example
    -------
    >>> list(empty_table("quality").columns), list(empty_table("anything").columns)
    (['wave', 'measure', 'detail', 'n'], ['wave'])
    """
    # the model's column lists are imported here, on use, so that reading results and
    # hashing files (the book build does both) do not load the statistics stack
    from csvalue.model.impact import IMPACT_COLUMNS
    from csvalue.model.indices import CHANGE_COLUMNS, SCORE_COLUMNS, TABLE_COLUMNS

    columns = {"indices": TABLE_COLUMNS, "changes": CHANGE_COLUMNS, "impacts": IMPACT_COLUMNS,
               "respondents": SCORE_COLUMNS, "quality": ["wave", "measure", "detail", "n"]}
    return pd.DataFrame(columns=columns.get(name, ["wave"]))


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Results:
    """Every result table of an analysis (tidy DataFrames) and the model record.

    Attributes
    ----------
    tables : table name → DataFrame, in output order; the core tables are
        :data:`csvalue.pipeline.analyze.CORE_TABLES`, later steps add their own. Each table is
        also an attribute: ``results.indices``, ``results.segments`` …
    model : what was used: weights, thresholds, goals, settings, seeds, package versions,
        input file hashes, per-wave notes (written as ``model.json``).
    quality : wave label → the load quality report (``Wave.quality.as_dict()``), when the
        wave came from :func:`csvalue.instrument.load.load_wave`.
    rejects : wave label → the rejected rows of that wave
        (:data:`csvalue.instrument.load.REJECT_COLUMNS`), for every wave that came from
        :func:`csvalue.instrument.load.load_wave` (empty frame when none); written as
        ``rejects_<wave>.csv``. Respondent-level: never published in the book.

    Example
    -------
    >>> res = Results({"goals": pd.DataFrame({"wave": ["2024", "2025"], "index": "cvi",
    ...                                       "value": [75.2, 76.6]})}, {})
    >>> res.goals["value"].tolist(), res.table("goals", wave="2025")["value"].tolist()
    ([75.2, 76.6], [76.6])
    """

    tables: dict[str, pd.DataFrame]
    model: dict[str, Any]
    quality: dict[str, Any] = field(default_factory=dict)
    rejects: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        # only called when normal lookup fails: expose every table as an attribute
        if name.startswith("_") or name in ("tables", "model", "quality", "rejects"):
            raise AttributeError(name)
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(f"no result table {name!r}; tables: {list(self.tables)}") from None

    def table(self, name: str, wave: str | None = None, scope: str | None = None
              ) -> pd.DataFrame:
        """The rows of table ``name`` for one wave and one scope, renumbered from 0.

        ``wave=None`` keeps every wave and ``scope=None`` every scope; a table without a
        ``wave`` (or ``scope``) column has nothing to select on and is returned whole (the
        segment tables, for instance, are company-wide and have no scope column).

        Example
        -------
        >>> res = Results({"indices": pd.DataFrame({
        ...     "wave": ["2025", "2025"], "scope": ["company", "division:emr"],
        ...     "index": "cvi", "value": [76.6, 75.8]})}, {})
        >>> res.table("indices", "2025", "division:emr")["value"].tolist()
        [75.8]
        >>> len(res.table("indices", "2025"))
        2
        """
        if name not in self.tables:
            raise KeyError(f"no result table {name!r}; tables: {list(self.tables)}")
        out = self.tables[name]
        if wave is not None and "wave" in out:
            out = out[out["wave"].astype(str) == str(wave)]
        if scope is not None and "scope" in out:
            out = out[out["scope"] == scope]
        return out.reset_index(drop=True)

    @property
    def latest_wave(self) -> str:
        """The last wave analysed (a report's headline wave), as its label.

        Example
        -------
        >>> Results({}, {"waves": [{"wave": "2024"}, {"wave": 2025}]}).latest_wave
        '2025'
        """
        return str(self.model["waves"][-1]["wave"])

    @property
    def indices(self) -> pd.DataFrame:
        """wave, scope, index, value, se, ci_low, ci_high, n, flag."""
        return self.tables["indices"]

    @property
    def goals(self) -> pd.DataFrame:
        """Each goal (CVI, CLS, NPS) graded per wave (:func:`csvalue.model.goals.grade_goals`)."""
        return self.tables["goals"]

    @property
    def impacts(self) -> pd.DataFrame:
        """wave, scope, layer, outcome, predictor, beta, b, se, p_value, impact, … per path."""
        return self.tables["impacts"]

    @property
    def strategy_matrix(self) -> pd.DataFrame:
        """wave, scope, impact_source, n, value, importance, gap, quadrant, priority, …"""
        return self.tables["strategy_matrix"]

    @property
    def errc(self) -> pd.DataFrame:
        """wave, scope, impact_source, value, benefit, impact, satisfaction, action, …"""
        return self.tables["errc"]

    @property
    def portfolio(self) -> pd.DataFrame:
        """wave, scope, impact_source, benefit, then one action column per target value."""
        return self.tables["portfolio"]

    @property
    def tasks(self) -> pd.DataFrame:
        """wave, scope, impact_source, value, quadrant, priority, create, raise, …"""
        return self.tables["tasks"]

    @property
    def value_proposition(self) -> pd.DataFrame:
        """wave, scope, impact_source, value, level, quadrant, task, proposition, benefits, …"""
        return self.tables["value_proposition"]

    @property
    def simulation(self) -> pd.DataFrame:
        """wave, scope, impact_source, benefit, delta, gain per index (index points)."""
        return self.tables["simulation"]

    @property
    def respondents(self) -> pd.DataFrame:
        """resp_id, wave, cs100, repurchase100, recommend100, nps_score, cls, cvi, … (never
        published: for the database and the CRM)."""
        return self.tables["respondents"]


# ---------------------------------------------------------------------------------------
# Hashes and JSON
# ---------------------------------------------------------------------------------------

def _hash_chunks(chunks: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(chunk)
    return h.hexdigest()


def _file_chunks(path: str | Path, size: int = 1 << 20) -> Iterable[bytes]:
    with open(path, "rb") as fh:
        yield from iter(lambda: fh.read(size), b"")


def file_sha256(path: str | Path | None, missing_ok: bool = False) -> str | None:
    """Hex SHA-256 of a file, read in 1 MiB blocks (a wave file may be large).

    With ``missing_ok=True`` a path that cannot be read (or ``None``) gives ``None`` instead
    of an error: ``model.json`` then records no hash for an input that came from no file.

    Example
    -------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "w.csv"
    >>> _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:16], file_sha256(p.with_name("none.csv"), missing_ok=True)
    ('ba7816bf8f01cfea', None)
    """
    try:
        return _hash_chunks(_file_chunks(path))
    except (OSError, TypeError):
        if missing_ok:
            return None
        raise


def digest(*parts: bytes | str) -> str:
    """Hex SHA-256 of several parts, each followed by a NUL byte (so that ``("ab", "c")`` and
    ``("a", "bc")`` differ): a cache key over code, inputs and parameters.

    Example
    -------
    >>> digest("ab", "c") == digest("a", "bc"), len(digest(b"x"))
    (False, 64)
    """
    return _hash_chunks(piece for p in parts
                        for piece in (p.encode() if isinstance(p, str) else p, b"\0"))


def json_default(obj: Any) -> Any:
    """How a value JSON cannot write natively is written: numpy scalars as Python numbers
    (a NaN that is not already a Python float as ``null``), sets as lists, arrays and Series
    as lists, a DataFrame as its records, dates and paths as text. Anything else is an error,
    not a silent ``str()``. (``np.float64`` is a Python float: JSON writes it itself.)

    Example
    -------
    >>> json.dumps({"n": np.int64(3), "x": np.float32("nan"), "ok": np.bool_(True),
    ...             "p": Path("a/b"), "s": {2}}, default=json_default)
    '{"n": 3, "x": null, "ok": true, "p": "a/b", "s": [2]}'
    >>> json.dumps(object(), default=json_default)
    Traceback (most recent call last):
    ...
    TypeError: cannot write object as JSON
    """
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return None if math.isnan(obj) else float(obj)
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if isinstance(obj, (pd.Series, pd.Index, np.ndarray)):
        return obj.tolist()
    if isinstance(obj, pd.DataFrame):
        return obj.to_dict(orient="records")
    if isinstance(obj, (datetime, date, Path)):
        return str(obj)
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")


# ---------------------------------------------------------------------------------------
# Writing and reading a result folder
# ---------------------------------------------------------------------------------------

def write_results(results: Results, out_dir: str | Path, xlsx: bool = False) -> list[Path]:
    """Write one CSV per table, ``rejects_<wave>.csv`` per loaded wave, ``quality.json``,
    ``model.json`` (and ``results.xlsx``, without the rejects).

    CSVs are UTF-8 with a header (also when a table is empty, e.g. ``changes.csv`` of a single
    wave), no index, missing = empty. The rejects are written by
    :func:`csvalue.instrument.load.write_rejects`, as ``csvalue validate`` writes them: one
    line per problem with file, row (as a spreadsheet shows it), resp_id, column, item, value
    and reason; a wave with no rejected row gets the header only. Returns the files written.

    Example
    -------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> files = write_results(Results({"changes": pd.DataFrame()}, {}), out)
    >>> (out / "changes.csv").read_text().startswith("wave_a,wave_b,sample,index,")
    True
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    tables = {name: table if len(table.columns) else empty_table(name)
              for name, table in results.tables.items()}
    for name, table in tables.items():
        path = out / f"{name}.csv"
        csv_frame(table).to_csv(path, index=False)   # no label ever runs as a formula
        written.append(path)
    model = dict(results.model)
    if results.rejects:
        from csvalue.instrument.load import write_rejects

        inputs = [w.get("source") for w in model.get("waves", [])]
        files = {}
        for label, rejects in results.rejects.items():
            files[label] = write_rejects(rejects, label, out, inputs)
            written.append(files[label])
        # model.json names a rejects file only where one is written (a copy: results keep theirs)
        model["waves"] = [{**w, "rejects": files[w["wave"]].name} if w.get("wave") in files
                          else w for w in model.get("waves", [])]
    for name, obj in (("quality", results.quality), ("model", model)):
        path = out / f"{name}.json"
        path.write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=json_default)
                        + "\n", encoding="utf-8")
        written.append(path)
    if xlsx:
        path = out / "results.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, table in tables.items():
                if len(table) >= EXCEL_MAX_ROWS:
                    pd.DataFrame({"note": [f"{len(table):,} rows: too many for Excel; "
                                           f"see {name}.csv"]}).to_excel(
                        writer, sheet_name=name[:31], index=False)
                else:
                    table.to_excel(writer, sheet_name=name[:31], index=False)
            inert_workbook(writer.book)              # text stays text, never a formula
        written.append(path)
    return written


def read_results(directory: str | Path) -> Results:
    """The tables written by :func:`write_results` (``csvalue analyze --out DIR``), read back.

    Reads, and nothing else. Wave labels stay text (:data:`TEXT_COLUMNS`); an empty cell is
    missing, any other text is kept as it is (a segment called "NA" stays "NA"). Respondent
    rows and rejects are left on disk: a published chapter never loads them.

    Raises
    ------
    ResultsNotFound
        when the directory holds no ``model.json``.

    Example
    -------
    >>> import tempfile
    >>> read_results(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csvalue.pipeline.results.ResultsNotFound: ...: no analysis results (run csvalue analyze --out ..., or give the chapter its wave files)
    """
    d = Path(directory)
    if not (d / "model.json").exists():
        raise ResultsNotFound(f"{d}: no analysis results (run csvalue analyze --out {d}, "
                              f"or give the chapter its wave files)")
    model = json.loads((d / "model.json").read_text(encoding="utf-8"))
    tables = {}
    for path in sorted(d.glob("*.csv")):
        if path.stem == "respondents" or path.stem.startswith("rejects"):
            continue  # respondent-level: never loaded into a published chapter
        try:
            tables[path.stem] = csv_unframe(pd.read_csv(
                path, dtype={c: str for c in TEXT_COLUMNS}, keep_default_na=False,
                na_values=[""]))
        except pd.errors.EmptyDataError:  # e.g. no change table for a single wave
            tables[path.stem] = pd.DataFrame()
    quality = {}
    if (d / "quality.json").exists():
        quality = json.loads((d / "quality.json").read_text(encoding="utf-8"))
    return Results(tables, model, quality)


def holds_results_of(directory: str | Path, waves: Iterable[str | Path], codebook: Any,
                     settings: Any) -> bool:
    """Whether ``directory`` holds the results of exactly these wave files (by their SHA-256,
    in this order), analysed with this codebook (its file's SHA-256) and these settings (seed
    included), as its ``model.json`` records them.

    Example
    -------
    >>> import tempfile
    >>> from csvalue import Settings, load_codebook
    >>> holds_results_of(tempfile.mkdtemp(), ["a.csv"], load_codebook(), Settings())
    False
    """
    try:
        model = json.loads((Path(directory) / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False

    def stored(obj: Any) -> str:  # as model.json stores it (tuples become lists)
        return json.dumps(json.loads(json.dumps(obj, default=json_default)), sort_keys=True)

    return ([w.get("sha256") for w in model.get("waves", [])]
            == [file_sha256(p, missing_ok=True) for p in waves]
            and model.get("codebook", {}).get("sha256")
            == file_sha256(codebook.source, missing_ok=True)
            and stored(model.get("settings")) == stored(settings.as_dict()))


def results_for(directory: str | Path,
                waves: str | Path | Iterable[str | Path] | None = None,
                codebook: str | Path | None = None, config: str | Path | None = None,
                seed: int | None = None) -> Results:
    """The results of these wave files, **analysing them and writing** ``directory`` first
    when it does not already hold exactly their results (:func:`holds_results_of`).

    This is how a chapter run on its own (papermill with ``-p wave new.csv -p results_dir
    out``) gets results; ``csvalue build`` has analysed the waves already, so there it only
    reads. Without ``waves`` it only reads (:func:`read_results`). ``codebook`` and
    ``config`` are file paths (None: the shipped codebook, the default settings); ``seed``
    overrides the settings' seed.

    Example
    -------
    >>> import tempfile
    >>> from csvalue.instrument.synth import generate, write_csv
    >>> tmp = Path(tempfile.mkdtemp())
    >>> wave = write_csv(generate(300, seed=1, wave="2024"), tmp / "w.csv")
    >>> results_for(tmp / "out", wave).latest_wave
    '2024'
    """
    paths = [Path(w) for w in ([waves] if isinstance(waves, (str, Path)) else waves or [])]
    if paths:
        from csvalue.instrument.codebook import load_codebook
        from csvalue.instrument.load import load_waves
        from csvalue.instrument.settings import load_settings
        from csvalue.pipeline.analyze import analyze  # analyze imports this module

        cb = load_codebook(codebook)
        settings = load_settings(config, **({"seed": int(seed)} if seed is not None else {}))
        if not holds_results_of(directory, paths, cb, settings):
            write_results(analyze(load_waves(paths, cb), cb, settings, sources=paths),
                          directory)
    return read_results(directory)
