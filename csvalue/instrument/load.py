"""Loading and validating a survey wave: CSV (UTF-8, UTF-8 with BOM, CP949), Excel, SPSS, Parquet.

:func:`load_wave` reads a file, maps its columns to the codebook's canonical ids and checks
every answer against the data contract (DESIGN §2):

- **file-level problems** — no such file, an empty file, undecodable text, a required column
  missing, duplicate respondent ids, a column that is not numeric at all — raise one
  :class:`~csvalue.errors.DataError` naming the file, the column and the first offending rows;
- **row-level problems** — an answer outside its scale, a fractional answer on a whole-number
  scale, a category the codebook does not know, an unparseable number, a missing respondent
  id — send the row to the rejects table with one line per problem;
  ``rows_read == accepted + rejected`` always, nothing is dropped silently;
- **blank rows** (every cell empty) are not respondents: they are skipped, and counted and
  listed in the quality report (``blank_rows``);
- missing answers are allowed and counted per item; **straight-liners** are flagged in a
  ``straightliner`` column, not dropped: respondents who gave the same answer to every attitude
  item they answered (satisfaction, expectation and index items on the instrument's main rating
  scale — by default the 1–5 items; missing answers are ignored) and answered at least
  :data:`STRAIGHTLINE_MIN_ANSWERED` of them.

Row numbers are the rows as a spreadsheet shows them: the header is row 1, the first respondent
row 2, and blank lines keep their numbers (a reject reported as row 44 is row 44 in Excel even
when row 43 is blank). A CSV record whose quoted cell holds a line break is one row.

A file whose every row is rejected cannot be analysed: :func:`require_accepted` (called by
``csvalue analyze``) stops with a :class:`~csvalue.errors.DataError` that gives the reasons
and points to the rejects file, which :func:`write_rejects` writes (``rejects_<wave>.csv``).

Example
-------
>>> w = load_wave("data/waves/wave_2025.csv")            # doctest: +SKIP
>>> print(w.quality.summary())                           # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import ATTITUDE_BLOCKS, Codebook, Item, load_codebook
from csvalue.errors import DataError

#: Cell texts read as a missing answer.
MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", ".", "-", "#n/a", "무응답"})
#: One rejected cell: ``value`` is the cell as the file holds it; in a CSV column whose every
#: cell is a number it is the number as read (``6.0`` is reported as ``6``).
REJECT_COLUMNS = ["file", "row", "resp_id", "column", "item", "value", "reason"]
REASONS = ("missing_id", "not_a_number", "out_of_range", "not_a_whole_number",
           "unknown_category")
#: How many offending rows a file-level error quotes.
SHOW = 5
FIRST_DATA_ROW = 2
#: A straight-liner answered at least this many attitude items (all the same).
STRAIGHTLINE_MIN_ANSWERED = 5


@dataclass(frozen=True)
class Quality:
    """The data-quality report of one loaded file.

    Attributes
    ----------
    rows_read : respondent rows in the file.
    accepted, rejected : rows kept and rows sent to the rejects table (a row with several
        problems counts once).
    rejected_by_reason : reason → rows with at least one problem of that reason.
    missing_by_item : canonical item id → missing answers among the accepted rows.
    straightliners : accepted rows with the same answer to every attitude item answered
        (see the module docstring).
    blank_rows : spreadsheet row numbers of rows with every cell empty (skipped, not counted
        in ``rows_read``).
    """

    file: str
    wave: str
    encoding: str
    rows_read: int
    accepted: int
    rejected: int
    rejected_by_reason: dict[str, int]
    missing_by_item: dict[str, int]
    straightliners: int
    ignored_columns: tuple[str, ...] = ()
    blank_rows: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}

    def to_frame(self) -> pd.DataFrame:
        """One row per count: wave, measure, detail, n (tidy, for ``quality.csv``)."""
        rows = [("rows_read", "", self.rows_read), ("accepted", "", self.accepted),
                ("rejected", "", self.rejected)]
        rows += [("rejected_by_reason", r, n) for r, n in self.rejected_by_reason.items()]
        rows += [("missing", i, n) for i, n in self.missing_by_item.items() if n]
        rows += [("straightliners", "", self.straightliners)]
        if self.blank_rows:
            rows += [("blank_rows", "", len(self.blank_rows))]
        return pd.DataFrame([(self.wave, m, d, int(n)) for m, d, n in rows],
                            columns=["wave", "measure", "detail", "n"])

    def summary(self) -> str:
        """The printed data-quality summary of ``csvalue validate``."""
        lines = [f"{self.file}  (wave {self.wave}, encoding {self.encoding})",
                 f"  rows read      {self.rows_read:>8,}",
                 f"  accepted       {self.accepted:>8,}",
                 f"  rejected       {self.rejected:>8,}"]
        for reason, n in self.rejected_by_reason.items():
            lines.append(f"    {reason:<20}{n:>6,} rows")
        missing = {k: v for k, v in self.missing_by_item.items() if v}
        lines.append(f"  missing answers {sum(missing.values()):>7,}"
                     + (" (by item: " + ", ".join(f"{k} {v}" for k, v in missing.items()) + ")"
                        if missing else ""))
        lines.append(f"  straight-liners {self.straightliners:>7,} (flagged, kept)")
        if self.blank_rows:
            shown = ", ".join(map(str, self.blank_rows[:SHOW]))
            lines.append(f"  blank rows      {len(self.blank_rows):>7,} (skipped: row"
                         f"{'s' if len(self.blank_rows) > 1 else ''} {shown}"
                         f"{' …' if len(self.blank_rows) > SHOW else ''})")
        if self.ignored_columns:
            lines.append(f"  columns not in the codebook, ignored: {', '.join(self.ignored_columns)}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Wave:
    """A loaded wave: accepted rows (canonical columns), rejects and the quality report."""

    data: pd.DataFrame
    rejects: pd.DataFrame
    quality: Quality
    path: str
    encoding: str

    @property
    def label(self) -> str:
        return self.quality.wave


# ---------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------

def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding that decoded it: UTF-8 (with or without BOM), else CP949."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf_err:
        try:
            return raw.decode("cp949"), "cp949"
        except UnicodeDecodeError:
            pos = utf_err.start
            raise DataError(f"{path}: the text is neither UTF-8 nor CP949 (EUC-KR); the first "
                            f"undecodable byte is at offset {pos} "
                            f"({raw[max(pos - 10, 0):pos + 10]!r}); save it as UTF-8") from None


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text ('' = missing); whole floats lose their '.0' (Excel, Parquet)."""
    out = {}
    for col in frame.columns:
        s = frame[col]
        if s.dtype.kind == "f":
            arr = s.to_numpy(dtype=float)
            text = np.full(len(arr), "", dtype=object)
            ok = ~np.isnan(arr)
            whole = ok & (np.mod(arr, 1, where=ok, out=np.ones_like(arr)) == 0)
            text[whole] = arr[whole].astype(np.int64).astype(str)
            text[ok & ~whole] = arr[ok & ~whole].astype(str)
            out[col] = text
        elif s.dtype.kind in "iub":
            out[col] = s.astype(str)
        else:
            out[col] = s.astype(object).where(s.notna(), "").astype(str)
    return pd.DataFrame(out, index=frame.index)


_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")


def read_table(path: str | Path, codebook: Codebook | None = None) -> tuple[pd.DataFrame, str]:
    """Read a survey file as text cells. Returns (frame, encoding or format).

    The frame's index is each record's row number as a spreadsheet shows it (header = row 1);
    blank lines are kept (as rows of empty cells) so that they do not shift the numbering.

    SPSS value labels are applied to the codebook's category items, so a labelled code
    (e.g. 1 = "EMR software") arrives as its label and is matched to the codebook's code.

    Example
    -------
    >>> frame, enc = read_table("data/waves/wave_2025.csv")     # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise DataError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    first_row = FIRST_DATA_ROW
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            frame, enc = pd.read_excel(path, dtype=object), "excel"
        elif suffix == ".sav":
            frame, enc = _read_sav(path, codebook), "spss"
        elif suffix in (".parquet", ".pq"):
            frame, enc = pd.read_parquet(path), "parquet"
        else:
            text, enc = _decode(path.read_bytes(), path)
            lead = _LEADING_BLANK_LINES.match(text)
            if lead:  # blank lines above the header: the header is further down
                first_row += lead.group(0).count("\n")
                text = text[lead.end():]
            # the parser reads an answer column as numbers when every cell is a number or
            # blank (fast, no text round trip); any other cell keeps the column as text
            numeric = {it.column for it in (codebook.items if codebook else ())
                       if it.kind in ("scale", "numeric")}
            header = pd.read_csv(io.StringIO(text), nrows=0).columns
            as_number = [c for c in header if str(c).strip() in numeric]
            frame = pd.read_csv(io.StringIO(text), keep_default_na=False,
                                na_values={c: [""] for c in as_number},  # text cells stay ""
                                dtype={c: str for c in header if c not in as_number},
                                skipinitialspace=False, skip_blank_lines=False)
    except DataError:
        raise
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty") from None
    except Exception as err:  # a corrupt workbook, a broken CSV quote …
        raise DataError(f"{path}: cannot be read as {suffix or 'CSV'}: {err}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise DataError(f"{path}: the file has a header but no respondent rows")
    # CSV cells are text already; typed formats (Excel, SPSS, Parquet) become text here
    if enc not in ("utf-8", "utf-8-sig", "cp949"):
        frame = _as_text(frame)
    frame.index = pd.RangeIndex(first_row, first_row + len(frame))
    return frame, enc


def _read_sav(path: Path, codebook: Codebook | None) -> pd.DataFrame:
    import pyreadstat

    frame, meta = pyreadstat.read_sav(str(path))
    cb = codebook or load_codebook()
    cat_cols = {it.column for it in cb.items if it.categories}
    for col, labels in (meta.variable_value_labels or {}).items():
        if col in cat_cols and col in frame:
            mapped = frame[col].map(lambda v, lab=labels: lab.get(v, v))
            frame[col] = mapped.astype(object).where(frame[col].notna())
    return frame


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------

#: The missing tokens as they are usually typed (a hash lookup, not a string op per cell).
_MISSING_SPELLINGS = frozenset(v for t in MISSING_TOKENS
                               for v in (t, t.upper(), t.title(), f" {t}", f"{t} ", t.capitalize()))


def _missing(text: pd.Series) -> pd.Series:
    """Cells read as a missing answer (blank, NA, N/A, ., -, 무응답 …)."""
    return text.isin(_MISSING_SPELLINGS)


def _category_lookup(item: Item) -> dict[str, str]:
    """Every accepted spelling (code, English and Korean label, any case) → the code."""
    look: dict[str, str] = {}
    for code, en, ko in item.category_labels or tuple((c, c, c) for c in item.categories):
        for key in (code, en, ko):
            look.setdefault(str(key).strip().lower(), code)
    return look


def _blank_rows(raw: pd.DataFrame, id_column: str) -> np.ndarray:
    """Rows whose every cell is empty. Only rows without a respondent id are examined."""
    rid = raw[id_column]
    cand = (rid.isna() | _missing(rid)).to_numpy()
    blank = np.zeros(len(raw), dtype=bool)
    if cand.any():
        sub = raw.loc[cand]
        empty = np.ones(len(sub), dtype=bool)
        for col in sub.columns:
            empty &= sub[col].fillna("").astype(str).str.strip().eq("").to_numpy()
        blank[cand] = empty
    return blank


def straightline_items(codebook: Codebook) -> list[str]:
    """The attitude items straight-lining is checked over: those of
    :data:`~csvalue.instrument.codebook.ATTITUDE_BLOCKS` on the scale most of them share (by default the
    1–5 satisfaction, expectation, cs and repurchase items; not recommend's 0–10)."""
    items = codebook.block(*ATTITUDE_BLOCKS)
    scales = [it.scale for it in items if it.scale is not None]
    if not scales:
        return []
    main = max(dict.fromkeys(scales), key=scales.count)   # most common; first on a tie
    return [it.id for it in items if it.scale == main]


def straightliners(data: pd.DataFrame, codebook: Codebook) -> np.ndarray:
    """Respondents who gave the same answer to every attitude item they answered
    (:func:`straightline_items`; missing answers ignored) and answered at least
    :data:`STRAIGHTLINE_MIN_ANSWERED` of them (all of them when the instrument has fewer)."""
    cols = [c for c in straightline_items(codebook) if c in data]
    if len(cols) < 2:
        return np.zeros(len(data), dtype=bool)
    block = data[cols].to_numpy(dtype=float)
    answered = (~np.isnan(block)).sum(axis=1)
    hi, lo = np.fmax.reduce(block, axis=1), np.fmin.reduce(block, axis=1)
    return (answered >= min(STRAIGHTLINE_MIN_ANSWERED, len(cols))) & (hi == lo)


def load_wave(path: str | Path, codebook: Codebook | None = None, *,
              wave: str | None = None) -> Wave:
    """Load and validate one wave file against the codebook.

    Parameters
    ----------
    path : CSV (UTF-8, UTF-8-BOM, CP949), .xlsx, .sav or .parquet file.
    codebook : the instrument (default: the shipped codebook).
    wave : the wave label when the file has no ``wave`` column (default: the file stem).

    Returns
    -------
    Wave with ``data`` (accepted rows; canonical ids; answers float on their native scale,
    NaN = missing; categories as codebook codes; a ``straightliner`` flag), ``rejects``
    (:data:`REJECT_COLUMNS`; ``row`` as a spreadsheet shows it) and ``quality``.

    Raises
    ------
    DataError on a file-level problem (see the module docstring).
    """
    cb = codebook or load_codebook()
    path = Path(path)
    raw, encoding = read_table(path, cb)
    name = str(path)
    by_file = {it.column: it for it in cb.items}
    missing_required = [it for it in cb.items if it.required and it.column not in raw.columns]
    if missing_required:
        cols = ", ".join(f"'{it.column}' ({it.label_en})" for it in missing_required)
        raise DataError(f"{name}: required column{'s' if len(missing_required) > 1 else ''} "
                        f"{cols} missing; the file has {len(raw.columns)} columns: "
                        f"{', '.join(map(str, raw.columns[:12]))}"
                        f"{' …' if len(raw.columns) > 12 else ''} (map the names in the codebook)")
    dup_cols = sorted({c for c in raw.columns if list(raw.columns).count(c) > 1})
    if dup_cols:
        raise DataError(f"{name}: column name(s) {dup_cols} appear more than once")
    blank = _blank_rows(raw, cb.item("resp_id").column)
    blank_rows = tuple(int(r) for r in raw.index[blank])
    if blank.any():
        raw = raw.loc[~blank]
        if raw.empty:
            raise DataError(f"{name}: the file has a header but no respondent rows (only "
                            f"{len(blank_rows)} blank row{'s' if len(blank_rows) > 1 else ''})")
    rownum = raw.index.to_numpy()          # the spreadsheet row of each record
    present = [c for c in raw.columns if c in by_file]
    ignored = tuple(c for c in raw.columns if c not in by_file)
    n = len(raw)
    problems: list[pd.DataFrame] = []
    data: dict[str, Any] = {}

    def reject(mask: np.ndarray, item: Item, values: pd.Series, reason: str) -> None:
        if mask.any():
            problems.append(pd.DataFrame({"_pos": np.flatnonzero(mask), "row": rownum[mask],
                                          "column": item.column, "item": item.id,
                                          "value": values.to_numpy()[mask], "reason": reason}))

    for col in present:
        item = by_file[col]
        if item.kind in ("scale", "numeric") and raw[col].dtype.kind in "fiu":
            # a column the parser read as numbers: blanks are NaN, nothing is unparseable;
            # only the rejected cells are turned back into text for the rejects table
            x = raw[col].to_numpy(dtype=float)
            out = np.zeros(n, dtype=bool)
            if item.scale is not None:
                out = (x < item.scale[0]) | (x > item.scale[1])
            frac = np.zeros(n, dtype=bool)
            if item.integer:
                with np.errstate(invalid="ignore"):
                    frac = np.abs(x - np.round(x)) > 1e-9
            if out.any() or frac.any():
                cells = pd.Series(_as_text(raw[[col]].loc[out | frac])[col]).reindex(raw.index)
                reject(out, item, cells, "out_of_range")
                reject(frac, item, cells, "not_a_whole_number")
            data[item.id] = pd.Series(x, index=raw.index)
            continue
        text = raw[col].astype(str)
        if item.kind in ("scale", "numeric"):
            # fast path: blank cells are missing and the rest parse as numbers; only when
            # that fails are the cells examined one kind of problem at a time
            arr = text.to_numpy(dtype=object)
            blank_cell = arr == ""
            try:
                num = pd.Series(np.where(blank_cell, "nan", arr).astype(float), index=text.index)
            except ValueError:
                num = pd.to_numeric(text, errors="coerce")
            failed = num.isna().to_numpy()
            miss = np.zeros(len(text), dtype=bool)
            miss[blank_cell] = True
            failed &= ~blank_cell
            if failed.any():
                sub = text[failed]
                miss[failed] = _missing(sub).to_numpy()
                retry = pd.to_numeric(sub.str.strip().where(~miss[failed]), errors="coerce")
                num[failed] = retry.to_numpy()
            bad = ~miss & num.isna().to_numpy()
            answered = int((~miss).sum())
            if answered and bad.sum() == answered and answered >= 3:
                rows = rownum[bad][:SHOW]
                vals = text.to_numpy()[bad][:SHOW]
                raise DataError(f"{name}: column '{col}' ({item.label_en}) is not numeric: "
                                + ", ".join(f"row {r} '{v}'" for r, v in zip(rows, vals))
                                + (" …" if bad.sum() > SHOW else ""))
            reject(bad, item, text, "not_a_number")
            x = num.to_numpy(dtype=float)
            if item.scale is not None:
                lo, hi = item.scale
                reject((x < lo) | (x > hi), item, text, "out_of_range")
            if item.integer:
                with np.errstate(invalid="ignore"):
                    reject(np.abs(x - np.round(x)) > 1e-9, item, text, "not_a_whole_number")
            data[item.id] = num.astype(float)
            continue
        miss = _missing(text).to_numpy()
        if item.id == "resp_id":
            ids = text.str.strip()
            reject(miss, item, text, "missing_id")
            dup = ids.duplicated(keep=False).to_numpy() & ~miss
            if dup.any():
                first = ids[dup].drop_duplicates().head(SHOW)
                where = "; ".join(f"'{v}' in rows {', '.join(map(str, rownum[(ids == v).to_numpy()][:4]))}"
                                  for v in first)
                raise DataError(f"{name}: column '{col}' has duplicate respondent ids: {where}"
                                f"{' …' if ids[dup].nunique() > SHOW else ''}")
            data[item.id] = ids.where(~miss)
        elif item.categories:
            look = _category_lookup(item)
            codes = text.map(look)                 # exact spellings: one hash lookup
            odd = codes.isna().to_numpy()
            if odd.any():                          # other case or spaces: normalise those only
                codes[odd] = text[odd].str.strip().str.lower().map(look).to_numpy()
            reject(~miss & codes.isna().to_numpy(), item, text, "unknown_category")
            data[item.id] = codes.where(~miss)
        else:  # free text (voc) and other text items
            data[item.id] = text.where(~miss)

    frame = pd.DataFrame(data, index=raw.index)
    label = wave
    if "wave" in frame and frame["wave"].notna().any():
        labels = frame["wave"].dropna().astype(str).str.strip().unique()
        if len(labels) > 1:
            raise DataError(f"{name}: column 'wave' holds several waves {sorted(labels)[:5]}; "
                            f"give one file per wave")
        label = labels[0]
    label = label or path.stem
    frame["wave"] = label

    rejects = (pd.concat(problems, ignore_index=True) if problems
               else pd.DataFrame(columns=["_pos", "row", "column", "item", "value", "reason"]))
    bad_rows = np.zeros(n, dtype=bool)
    if len(rejects):
        pos = rejects["_pos"].to_numpy(int)
        bad_rows[pos] = True
        ids = frame["resp_id"] if "resp_id" in frame else pd.Series("", index=frame.index)
        rejects.insert(1, "resp_id", ids.to_numpy()[pos])
        rejects = rejects.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    else:
        rejects.insert(1, "resp_id", pd.Series(dtype=object))
    rejects.insert(0, "file", name)
    rejects = rejects[REJECT_COLUMNS]

    accepted = frame.loc[~bad_rows].reset_index(drop=True)
    accepted["straightliner"] = straightliners(accepted, cb)
    by_reason = {r: int(rejects.loc[rejects["reason"] == r, "row"].nunique())
                 for r in REASONS if (rejects["reason"] == r).any()}
    answer_items = [it.id for it in cb.items
                    if it.id in accepted and it.id not in ("resp_id", "wave")]
    quality = Quality(
        file=name, wave=label, encoding=encoding, rows_read=n, accepted=int((~bad_rows).sum()),
        rejected=int(bad_rows.sum()), rejected_by_reason=by_reason,
        missing_by_item={i: int(accepted[i].isna().sum()) for i in answer_items
                         if cb.item(i).kind != "text"},
        straightliners=int(accepted["straightliner"].sum()), ignored_columns=ignored,
        blank_rows=blank_rows)
    return Wave(accepted, rejects, quality, name, encoding)


def load_waves(paths: list[str | Path], codebook: Codebook | None = None) -> list[Wave]:
    """Load several waves (oldest first); labels must differ.

    Example
    -------
    >>> [w.label for w in load_waves(["data/waves/wave_2024.csv",
    ...                               "data/waves/wave_2025.csv"])]   # doctest: +SKIP
    ['2024', '2025']
    """
    cb = codebook or load_codebook()
    waves = [load_wave(p, cb) for p in paths]
    labels = [w.label for w in waves]
    dup = sorted({x for x in labels if labels.count(x) > 1})
    if dup:
        raise DataError(f"several files are wave {dup}: {[w.path for w in waves if w.label in dup]}")
    return waves


# ---------------------------------------------------------------------------------------
# Rejects
# ---------------------------------------------------------------------------------------

def rejects_name(label: str) -> str:
    """File name of a wave's rejects: ``rejects_<wave>.csv`` (unsafe characters → ``_``).

    Example
    -------
    >>> rejects_name("2025"), rejects_name("2025/Q1")
    ('rejects_2025.csv', 'rejects_2025_Q1.csv')
    """
    return f"rejects_{re.sub(r'[^0-9A-Za-z._-]+', '_', str(label))}.csv"


def write_rejects(rejects: pd.DataFrame, label: str, out_dir: str | Path,
                  inputs: tuple[str | Path, ...] | list[str | Path] = ()) -> Path:
    """Write one wave's rejected rows to ``out_dir/rejects_<wave>.csv`` and return the path.

    One line per problem: :data:`REJECT_COLUMNS` (file, row as a spreadsheet shows it,
    resp_id, column, item, value, reason), UTF-8, with the header even when nothing was
    rejected (so a stale file from an earlier run never survives). ``inputs`` are the survey
    files: writing over one of them is refused.

    Used by ``csvalue validate`` and by :func:`csvalue.pipeline.analyze.write_results`.
    """
    out = Path(out_dir)
    target = out / rejects_name(label)
    for f in inputs:
        if f is not None and target.resolve() == Path(f).resolve():
            raise DataError(f"{target}: would overwrite the input; choose another output folder")
    out.mkdir(parents=True, exist_ok=True)
    frame = rejects if len(rejects.columns) else pd.DataFrame(columns=REJECT_COLUMNS)
    frame.to_csv(target, index=False, encoding="utf-8")
    return target


def require_accepted(wave: Wave, rejects_file: str | Path | None = None) -> None:
    """Stop with a :class:`DataError` when every row of ``wave`` was rejected: the reasons,
    and where the rejects are (``rejects_file``, or how to write them)."""
    q = wave.quality
    if q.accepted:
        return
    reasons = ", ".join(f"{r} {n:,} row{'s' if n > 1 else ''}"
                        for r, n in q.rejected_by_reason.items())
    where = (f"see {rejects_file}" if rejects_file is not None else
             f"see the rejects (csvalue validate {q.file} --out DIR writes them)")
    raise DataError(f"{q.file}: all {q.rows_read:,} rows were rejected (reasons: {reasons}); "
                    f"{where}")


# ---------------------------------------------------------------------------------------
# csvalue validate
# ---------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="survey wave file(s)")
    parser.add_argument("--codebook", default=None, help="codebook YAML (default: shipped)")
    parser.add_argument("--out", default="results", help="folder for rejects_<wave>.csv")


def command(args: argparse.Namespace) -> int:
    cb = load_codebook(args.codebook)
    unusable = []
    for f in args.files:
        w = load_wave(f, cb)
        print(w.quality.summary())
        target = write_rejects(w.rejects, w.label, args.out, args.files)
        print(f"  rejects written to {target}" if len(w.rejects)
              else f"  no rejects ({target} holds the header only)")
        if not w.quality.accepted:
            unusable.append((w, target))
    for w, target in unusable:
        require_accepted(w, target)
    return 0
