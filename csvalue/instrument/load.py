"""Loading and validating a survey wave: CSV, Excel, SPSS, Parquet → accepted rows and rejects.

:func:`load_wave` reads a file (:func:`csvalue.instrument.reading.read_table`; CSV text by
:mod:`csvalue.instrument.csvtext`), maps its
columns to the codebook's canonical ids and checks every answer against the data contract
(:mod:`csvalue.instrument.answers` holds the rules for numbers, categories and missing answers):

- **file-level problems** — no such file, a folder, an empty file, a format other than the
  name says, text not in one encoding, NUL bytes, a title line above the header, a column
  named twice, a row with more or fewer cells than the header, an unclosed quote, a required
  column missing, duplicate respondent ids, a column that is not numeric at all — raise one
  :class:`~csvalue.errors.DataError` naming the file, the rows as a spreadsheet shows them, the
  column as the file names it and the value, with what to do;
- **row-level problems** — an answer outside its scale, a fractional answer on a whole-number
  scale, a category the codebook does not know, a cell that is not written as a number, a
  missing respondent id — send the row to the rejects table with one line per problem and the
  cell **as the file writes it**;
- **blank rows** (every cell empty) are not respondents: they are skipped, counted, and listed
  in the rejects table with the reason ``blank_row``.

Every row read is accounted for: ``rows_read == accepted + rejected + blank``
(:meth:`Quality.accounting`), in the summary, ``quality.csv`` and the rejects file.

Missing answers are allowed and counted per item; **straight-liners** are flagged in a
``straightliner`` column, not dropped: respondents who gave the same answer to every attitude
item they answered (satisfaction, expectation and index items on the instrument's main rating
scale — by default the 1–5 items; missing answers are ignored) and answered at least
:data:`STRAIGHTLINE_MIN_ANSWERED` of them.

Row numbers are the rows as a spreadsheet shows them: the header is row 1, the first respondent
row 2, and blank lines keep their numbers (a reject reported as row 44 is row 44 in Excel even
when row 43 is blank). A CSV record whose quoted cell holds a line break is one row.

A file whose every row is rejected cannot be analysed: :func:`require_accepted` (called by
``csvalue analyze``) stops with a :class:`~csvalue.errors.DataError` that gives the reasons
and points to the rejects file, which :func:`write_rejects` writes (``rejects_<wave>.csv``;
two files of one wave get ``rejects_<wave>_<file>.csv`` each, :func:`rejects_names`).

Example
-------
>>> w = load_wave("csvalue/demo/waves/wave_2025.csv")
>>> print(w.quality.accounting())
csvalue/demo/waves/wave_2025.csv: 2,000 rows read = 2,000 accepted + 0 rejected + 0 blank
"""

from __future__ import annotations

import argparse
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from csvalue.errors import DataError
from csvalue.instrument.cells import csv_frame
from csvalue.instrument.answers import (MISSING_TOKENS, Checked, check_category, check_number,
                                        check_text)
from csvalue.instrument.codebook import ATTITUDE_BLOCKS, Codebook, Item, load_codebook
from csvalue.instrument.decode import ENCODING_NAMES
from csvalue.instrument.csvtext import DELIMITER_NAMES
from csvalue.instrument.reading import read_table
from csvalue.instrument.table import Table, number_texts
from csvalue.instrument.wording import SHOW, listing, shown

__all__ = ["MISSING_TOKENS", "REASONS", "REJECT_COLUMNS", "Quality", "Wave", "load_wave",
           "load_waves", "rejects_name", "rejects_names", "require_accepted", "straightliners",
           "straightline_items", "write_rejects"]

#: One line per problem: ``value`` is the cell as the file writes it.
REJECT_COLUMNS = ["file", "row", "resp_id", "column", "item", "value", "reason"]
REASONS = ("missing_id", "not_a_number", "out_of_range", "not_a_whole_number",
           "unknown_category")
#: The rejects table's reason for a blank row (skipped, not a respondent).
BLANK_ROW = "blank_row"
FIRST_DATA_ROW = 2
#: A straight-liner answered at least this many attitude items (all the same).
STRAIGHTLINE_MIN_ANSWERED = 5
#: How many ignored column names the summary lists.
SHOW_IGNORED = 10


@dataclass(frozen=True)
class Quality:
    """The data-quality report of one loaded file.

    Attributes
    ----------
    rows_read : data rows in the file (below the header): accepted + rejected + blank.
    accepted, rejected : rows kept and rows sent to the rejects table for a problem (a row
        with several problems counts once).
    rejected_by_reason : reason → rows with at least one problem of that reason.
    missing_by_item : canonical item id → missing answers among the accepted rows.
    straightliners : accepted rows with the same answer to every attitude item answered
        (see the module docstring).
    ignored_columns : header names the codebook does not know (``""`` for an unnamed column
        that holds something).
    blank_rows : spreadsheet row numbers of rows with every cell empty (skipped).
    delimiter : the CSV delimiter (``""`` for other formats).
    columns : canonical item id → its column name in the file (as the codebook gives it), so
        that messages and tables name the file's own columns next to the ids.
    absent_items : codebook items this file does not hold: its wave is not among the item's
        ``waves:``, or the item is not required and its column is absent.
    ids_from_rows : the codebook declares no respondent id column (``resp_id: null``): the
        ids are the row numbers, and respondents cannot be followed across waves.
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
    delimiter: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    absent_items: tuple[str, ...] = ()
    ids_from_rows: bool = False

    def __post_init__(self) -> None:
        if self.rows_read != self.accepted + self.rejected + self.blank:
            raise AssertionError(f"{self.file}: {self.accounting()} does not add up")

    @property
    def blank(self) -> int:
        """Blank rows skipped."""
        return len(self.blank_rows)

    def accounting(self) -> str:
        """Every row read, accounted for, in one line.

        Example
        -------
        >>> Quality("w.csv", "2025", "utf-8", 10, 7, 2, {}, {}, 0,
        ...         blank_rows=(5,)).accounting()
        'w.csv: 10 rows read = 7 accepted + 2 rejected + 1 blank'
        """
        return (f"{self.file}: {self.rows_read:,} rows read = {self.accepted:,} accepted + "
                f"{self.rejected:,} rejected + {self.blank:,} blank")

    def as_dict(self) -> dict[str, Any]:
        out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
        out["blank"] = self.blank
        return out

    def named(self, item_id: str) -> str:
        """An item as a message names it: the id, and the file's column when it differs.

        Example
        -------
        >>> Quality("w.csv", "2025", "utf-8", 0, 0, 0, {}, {}, 0,
        ...         columns={"b_speed": "업무신속", "cs": "cs"}).named("b_speed")
        "b_speed ('업무신속')"
        """
        column = self.columns.get(item_id, item_id)
        return item_id if column == item_id else f"{item_id} ({shown(column)})"

    def to_frame(self) -> pd.DataFrame:
        """One row per count: wave, measure, detail, n, and the file's ``column`` of the item
        a count is about (tidy, for ``quality.csv``)."""
        rows = [("rows_read", "", self.rows_read), ("accepted", "", self.accepted),
                ("rejected", "", self.rejected)]
        rows += [("rejected_by_reason", r, n) for r, n in self.rejected_by_reason.items()]
        rows += [("missing", i, n) for i, n in self.missing_by_item.items() if n]
        rows += [("straightliners", "", self.straightliners)]
        if self.blank_rows:
            rows += [("blank_rows", "", len(self.blank_rows))]
        return pd.DataFrame([(self.wave, m, d, int(n),
                              self.columns.get(d, "") if m == "missing" else "")
                             for m, d, n in rows],
                            columns=["wave", "measure", "detail", "n", "column"])

    def summary(self) -> str:
        """The printed data-quality summary of ``csvalue validate``."""
        sep = (f", {DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}-separated"
               if self.delimiter not in ("", ",") else "")
        lines = [f"{self.file}  (wave {self.wave}, encoding {self.encoding}{sep})",
                 f"  rows read      {self.rows_read:>8,}  (= accepted + rejected + blank)",
                 f"  accepted       {self.accepted:>8,}",
                 f"  rejected       {self.rejected:>8,}"]
        for reason, n in self.rejected_by_reason.items():
            lines.append(f"    {reason:<20}{n:>6,} rows")
        blank = f"  blank rows     {self.blank:>8,}"
        if self.blank_rows:
            blank += (f" (skipped: row{'s' if self.blank > 1 else ''} "
                      f"{listing(self.blank_rows)})")
        lines.append(blank)
        missing = {k: v for k, v in self.missing_by_item.items() if v}
        lines.append(f"  missing answers {sum(missing.values()):>7,}"
                     + (" (by item: " + ", ".join(f"{self.named(k)} {v}"
                                                  for k, v in missing.items()) + ")"
                        if missing else ""))
        lines.append(f"  straight-liners {self.straightliners:>7,} (flagged, kept)")
        if self.absent_items:
            lines.append(f"  items not in this file: "
                         f"{listing([self.named(i) for i in self.absent_items], SHOW_IGNORED)}")
        if self.ids_from_rows:
            lines.append("  no respondent id column: row numbers are the ids (respondents "
                         "cannot be followed across waves)")
        if self.ignored_columns:
            names = [shown(c) if c else "(a column with no name)" for c in self.ignored_columns]
            lines.append(f"  columns not in the codebook, ignored: "
                         f"{listing(names, SHOW_IGNORED)}")
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
# Validation
# ---------------------------------------------------------------------------------------

def straightline_items(codebook: Codebook) -> list[str]:
    """The attitude items straight-lining is checked over: those of
    :data:`~csvalue.instrument.codebook.ATTITUDE_BLOCKS` on the scale most of them share (by
    default the 1–5 satisfaction, expectation, cs and repurchase items; not recommend's 0–10).

    Example
    -------
    >>> items = straightline_items(load_codebook())
    >>> "b_speed" in items, "recommend" in items
    (True, False)
    """
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


def _how_read(table: Table) -> str:
    enc = ENCODING_NAMES.get(table.fmt, table.fmt)
    if table.sheet is not None:
        others = [s for s in table.sheets if s != table.sheet]
        return (f"sheet {shown(table.sheet)}"
                + (f"; the workbook also has {listing(map(shown, others))}: name the sheet "
                   f"to read in the codebook (file: {{sheet: …}})" if others else ""))
    if table.delimiter is None:
        return f"read as {enc}"
    return f"read as {enc}, {DELIMITER_NAMES[table.delimiter]}-separated"


def _preliminary_label(table: Table, codebook: Codebook, wave: str | None, path: Path) -> str:
    """The wave label before the answers are checked (which items the file must hold depends
    on it): the file's ``wave`` column (its most common value), else ``wave``, else the stem."""
    if codebook.has("wave") and codebook.item("wave").column in table.columns:
        cells = table.columns[codebook.item("wave").column]
        cells = (number_texts(cells) if cells.dtype.kind == "f" else cells).astype(str).str.strip()
        cells = cells[cells != ""]
        if len(cells):
            return str(cells.mode().iloc[0])
    return wave or path.stem


def _require_columns(table: Table, codebook: Codebook, name: str, label: str) -> None:
    missing = [it for it in codebook.items if it.required and it.in_wave(label)
               and it.column not in table.columns]
    if not missing:
        return
    lower = {h.lower(): h for h in table.header if h}

    def one(it: Item) -> str:
        near = difflib.get_close_matches(it.column.lower(), list(lower), n=1, cutoff=0.75)
        return (f"{shown(it.column)} ({it.label_en})"
                + (f" — the file has {shown(lower[near[0]])}" if near else ""))

    names = [shown(h) if h else "(no name)" for h in table.header]
    raise DataError(
        f"{name}: required column{'s' if len(missing) > 1 else ''} "
        f"{listing([one(it) for it in missing])} missing; the header (row {table.header_row}, "
        f"{_how_read(table)}) names {len(table.header):,} column"
        f"{'s' if len(table.header) != 1 else ''}: {listing(names, 12)}. Map the file's "
        f"names in the codebook (column: …), or check the file's encoding and delimiter")


def _unmapped_text(table: Table, item: Item, name: str, bad: np.ndarray) -> DataError:
    """A text answer the item's ``labels:`` and ``text_codes:`` do not map."""
    col = item.column
    text = table.written(col).to_numpy()[bad]
    rows = table.columns[col].index[bad]
    values = list(dict.fromkeys(text))
    where = ", ".join(f"row {r} {shown(v)}" for r, v in zip(rows[:SHOW], text[:SHOW]))
    known = listing([shown(t) for t, _ in item.answer_codes], 8)
    return DataError(
        f"{name}: column {table.where(col)} ({item.id}) has text answer"
        f"{'s' if len(values) > 1 else ''} the codebook does not map to a code: {where}"
        f"{' …' if bad.sum() > SHOW else ''}; the codebook maps {known}. Add "
        f"{'them' if len(values) > 1 else 'it'} to the item's labels or text_codes "
        f"(e.g. text_codes: {{{str(values[0]).strip()}: 3}})")


def _check_item(table: Table, item: Item, name: str) -> Checked:
    col = item.column
    cells = table.columns[col]
    if item.kind in ("scale", "numeric"):
        checked = check_number(cells, item, lambda: table.written(col))
        answered = checked.answered()
        bad = next((m for m, r in checked.problems if r == "not_a_number"), None)
        if bad is not None and item.answer_codes:
            raise _unmapped_text(table, item, name, bad)
        # a column of text where numbers belong is the wrong column, not bad answers
        if bad is not None and answered >= 3 and bad.sum() == answered:
            text = table.written(col)
            where = ", ".join(f"row {r} {shown(v)}" for r, v in
                              zip(cells.index[bad][:SHOW], text.to_numpy()[bad][:SHOW]))
            raise DataError(f"{name}: column {table.where(col)} ({item.label_en}) is not "
                            f"numeric: {where}{' …' if bad.sum() > SHOW else ''}; its answers "
                            f"must be numbers on the scale of the codebook")
        return checked
    text = table.written(col)
    if item.categories:
        return check_category(text, item)
    checked = check_text(text, strip=item.id in ("resp_id", "wave"))
    if item.id == "resp_id":
        return Checked(checked.values, checked.missing,
                       [(checked.missing, "missing_id")] if checked.missing.any() else [])
    return checked


def _duplicate_ids(ids: pd.Series, table: Table, col: str, name: str) -> None:
    dup = ids.duplicated(keep=False).to_numpy() & ids.notna().to_numpy()
    if not dup.any():
        return
    values = ids[dup].drop_duplicates()
    where = "; ".join(f"{shown(v)} in rows {listing(ids.index[(ids == v).to_numpy()], 4)}"
                      for v in values.head(SHOW))
    raise DataError(f"{name}: column {table.where(col)} has duplicate respondent ids: {where}"
                    f"{' …' if len(values) > SHOW else ''}; every respondent needs an id of "
                    f"their own")


def _check_weights(checked: Checked, table: Table, col: str, name: str) -> None:
    """Survey weights are positive finite numbers on every row: any other cell is an error
    of the file (a weight cannot be left out like an answer)."""
    x = checked.values.to_numpy(dtype=float)
    bad = np.isnan(x) | ~np.isfinite(x) | (np.nan_to_num(x, nan=1.0) <= 0)
    if bad.any():
        text = table.written(col)
        where = ", ".join(f"row {r} {shown(v)}" for r, v in
                          zip(text.index[bad][:SHOW], text.to_numpy()[bad][:SHOW]))
        raise DataError(f"{name}: column {table.where(col)} (the survey weight) needs a "
                        f"positive number on every row: {where}"
                        f"{' …' if bad.sum() > SHOW else ''}")


def load_wave(path: str | Path, codebook: Codebook | None = None, *,
              wave: str | None = None) -> Wave:
    """Load and validate one wave file against the codebook.

    Parameters
    ----------
    path : CSV (UTF-8, UTF-8 or UTF-16 with BOM, CP949), .xlsx, .sav or .parquet file.
    codebook : the instrument (default: the shipped codebook).
    wave : the wave label when the file has no ``wave`` column (default: the file stem).

    Returns
    -------
    Wave with ``data`` (accepted rows; canonical ids; answers float on their native scale,
    NaN = missing; categories as codebook codes; a ``straightliner`` flag), ``rejects``
    (:data:`REJECT_COLUMNS`; ``row`` as a spreadsheet shows it; ``value`` as the file writes
    it) and ``quality``.

    Raises
    ------
    DataError on a file-level problem (see the module docstring).

    Example
    -------
    >>> w = load_wave("csvalue/demo/waves/wave_2024.csv")
    >>> w.label, len(w.data), w.quality.rejected
    ('2024', 2000, 0)
    """
    cb = codebook or load_codebook()
    path = Path(path)
    table = read_table(path, cb)
    name = str(path)
    first_label = _preliminary_label(table, cb, wave, path)
    _require_columns(table, cb, name, first_label)
    by_file = {it.column: it for it in cb.items}
    # an item the codebook leaves out of this wave is not read, even if a column has its name
    in_wave = {c: it for c, it in by_file.items() if it.in_wave(first_label)}
    present = [c for c in table.columns if c in in_wave]
    absent = tuple(it.id for it in cb.items if it.column not in present)
    ignored = tuple(dict.fromkeys(c for c in table.header if c and c not in by_file))
    if "" in table.columns:
        ignored += ("",)
    index = table.columns[present[0]].index if present else pd.Index([], dtype=int)
    n = len(index)
    if not n:
        blanks = len(table.blank_rows)
        raise DataError(f"{name}: the file has a header but no respondent rows"
                        + (f" (only {blanks} blank row{'s' if blanks > 1 else ''})"
                           if blanks else ""))
    rownum = index.to_numpy()
    problems: list[pd.DataFrame] = []
    data: dict[str, Any] = {}
    for col in present:
        item = by_file[col]
        checked = _check_item(table, item, name)
        if item.id == "resp_id":
            _duplicate_ids(checked.values, table, col, name)
        if item.block == "weight":
            _check_weights(checked, table, col, name)
        if checked.problems:
            text = table.written(col).to_numpy()
            for mask, reason in checked.problems:
                problems.append(pd.DataFrame({
                    "_pos": np.flatnonzero(mask), "row": rownum[mask], "column": col,
                    "item": item.id, "value": text[mask], "reason": reason}))
        data[item.id] = checked.values.to_numpy()

    frame = pd.DataFrame(data, index=index)
    if not cb.has_respondent_id:
        # no id column: the spreadsheet row is the respondent's id within this file
        frame.insert(0, "resp_id", [f"row {r}" for r in rownum])
    label = wave
    if "wave" in frame and frame["wave"].notna().any():
        labels = frame["wave"].dropna().astype(str).unique()
        if len(labels) > 1:
            waves = frame["wave"].astype("string")
            main = waves.mode().iloc[0]
            odd = np.flatnonzero((waves.notna() & (waves != main)).to_numpy())
            rows = listing(str(int(r)) for r in rownum[odd])
            which = f"row {rows} does" if len(odd) == 1 else f"rows {rows} do"
            raise DataError(f"{name}: column 'wave' holds several waves "
                            f"{listing(map(shown, sorted(labels)))}: most rows say "
                            f"{shown(main)}, {which} not; give one file per wave")
        label = labels[0]
    label = label or path.stem
    frame["wave"] = label

    rejects = (pd.concat(problems, ignore_index=True) if problems
               else pd.DataFrame(columns=["_pos", "row", "column", "item", "value", "reason"]))
    bad_rows = np.zeros(n, dtype=bool)
    if len(rejects):
        pos = rejects["_pos"].to_numpy(int)
        bad_rows[pos] = True
        ids = frame["resp_id"] if "resp_id" in frame else pd.Series(np.nan, index=frame.index)
        rejects.insert(1, "resp_id", ids.fillna("").to_numpy(dtype=object)[pos])
    else:
        rejects.insert(1, "resp_id", pd.Series(dtype=object))
    if table.blank_rows:
        blank = pd.DataFrame({"row": list(table.blank_rows), "resp_id": "", "column": "",
                              "item": "", "value": "", "reason": BLANK_ROW})
        rejects = pd.concat([rejects, blank], ignore_index=True)
    if len(rejects):
        rejects = rejects.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    rejects.insert(0, "file", name)
    rejects = rejects[REJECT_COLUMNS]

    accepted = frame.loc[~bad_rows].reset_index(drop=True)
    accepted["straightliner"] = straightliners(accepted, cb)
    real = rejects[rejects["reason"] != BLANK_ROW]
    by_reason = {r: int(real.loc[real["reason"] == r, "row"].nunique())
                 for r in REASONS if (real["reason"] == r).any()}
    answer_items = [it.id for it in cb.items
                    if it.id in accepted and it.id not in ("resp_id", "wave")]
    quality = Quality(
        file=name, wave=label, encoding=table.fmt, rows_read=n + len(table.blank_rows),
        accepted=int((~bad_rows).sum()), rejected=int(bad_rows.sum()),
        rejected_by_reason=by_reason,
        missing_by_item={i: int(accepted[i].isna().sum()) for i in answer_items
                         if cb.item(i).kind != "text"},
        straightliners=int(accepted["straightliner"].sum()), ignored_columns=ignored,
        blank_rows=table.blank_rows, delimiter=table.delimiter or "",
        columns={it.id: it.column for it in cb.items}, absent_items=absent,
        ids_from_rows=not cb.has_respondent_id)
    return Wave(accepted, rejects, quality, name, table.fmt)


def same_wave_files(waves: Sequence[Wave]) -> dict[str, list[str]]:
    """Wave label → the files that hold it, for labels held by more than one file.

    Example
    -------
    >>> w = load_wave("csvalue/demo/waves/wave_2025.csv")
    >>> same_wave_files([w, w])
    {'2025': ['csvalue/demo/waves/wave_2025.csv', 'csvalue/demo/waves/wave_2025.csv']}
    """
    files: dict[str, list[str]] = {}
    for w in waves:
        files.setdefault(w.label, []).append(w.path)
    return {label: paths for label, paths in files.items() if len(paths) > 1}


def load_waves(paths: list[str | Path], codebook: Codebook | None = None) -> list[Wave]:
    """Load several waves (oldest first); labels must differ.

    Example
    -------
    >>> [w.label for w in load_waves(["csvalue/demo/waves/wave_2024.csv",
    ...                               "csvalue/demo/waves/wave_2025.csv"])]
    ['2024', '2025']
    """
    cb = codebook or load_codebook()
    waves = [load_wave(p, cb) for p in paths]
    dup = same_wave_files(waves)
    if dup:
        raise DataError("; ".join(f"{' and '.join(files)} are all wave {shown(label)}"
                                  for label, files in dup.items())
                        + ": several files are one wave; give each wave once (or give each "
                          "file its own label in a 'wave' column)")
    return waves


# ---------------------------------------------------------------------------------------
# Rejects
# ---------------------------------------------------------------------------------------

def _safe(text: str, limit: int = 60) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "_", str(text))[:limit]


def rejects_name(label: str, file: str | Path | None = None) -> str:
    """File name of a wave's rejects: ``rejects_<wave>.csv``, or ``rejects_<wave>_<file
    stem>.csv`` when ``file`` is given (unsafe characters → ``_``, so that no label or file
    name can leave the output folder).

    Example
    -------
    >>> rejects_name("2025"), rejects_name("2025/Q1"), rejects_name("../../x", "a/b c.csv")
    ('rejects_2025.csv', 'rejects_2025_Q1.csv', 'rejects_.._.._x_b_c.csv')
    """
    stem = f"_{_safe(Path(str(file)).stem)}" if file is not None else ""
    return f"rejects_{_safe(label)}{stem}.csv"


def rejects_names(waves: Sequence[Wave]) -> list[str]:
    """One rejects file name per wave, never the same twice: ``rejects_<wave>.csv``, with the
    file's stem (and a number if need be) when files share a wave label.

    Example
    -------
    >>> w = load_wave("csvalue/demo/waves/wave_2025.csv")
    >>> rejects_names([w, w])
    ['rejects_2025_wave_2025.csv', 'rejects_2025_wave_2025_2.csv']
    """
    shared = same_wave_files(waves)
    names: list[str] = []
    taken: set[str] = set()
    for w in waves:
        base = rejects_name(w.label, w.path if w.label in shared else None)
        name, k = base, 1
        while name.lower() in taken:        # case-insensitive file systems
            k += 1
            name = base.removesuffix(".csv") + f"_{k}.csv"
        taken.add(name.lower())
        names.append(name)
    return names


def write_rejects(rejects: pd.DataFrame, label: str, out_dir: str | Path,
                  inputs: tuple[str | Path, ...] | list[str | Path] = (), *,
                  name: str | None = None) -> Path:
    """Write one wave's rejected rows to ``out_dir/rejects_<wave>.csv`` (or ``name``) and
    return the path.

    One line per problem: :data:`REJECT_COLUMNS` (file, row as a spreadsheet shows it,
    resp_id, column, item, value as the file writes it, reason), and one per blank row
    (reason ``blank_row``), UTF-8, with the header even when nothing was rejected (so a stale
    file from an earlier run never survives). ``inputs`` are the survey files: writing over
    one of them is refused.

    Used by ``csvalue validate`` and by :func:`csvalue.pipeline.analyze.write_results`.
    """
    out = Path(out_dir)
    target = out / (name or rejects_name(label))
    for f in inputs:
        if f is not None and target.resolve() == Path(f).resolve():
            raise DataError(f"{target}: would overwrite the input; choose another output folder")
    out.mkdir(parents=True, exist_ok=True)
    frame = rejects if len(rejects.columns) else pd.DataFrame(columns=REJECT_COLUMNS)
    csv_frame(frame).to_csv(target, index=False, encoding="utf-8")   # a value never a formula
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
    raise DataError(f"{q.file}: all {q.rejected:,} rows were rejected (reasons: {reasons}); "
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
    waves = [load_wave(f, cb) for f in args.files]
    names = rejects_names(waves)
    unusable = []
    for w, name in zip(waves, names):
        print(w.quality.summary())
        target = write_rejects(w.rejects, w.label, args.out, args.files, name=name)
        print(f"  rejects written to {target}" if len(w.rejects)
              else f"  no rejects ({target} holds the header only)")
        if not w.quality.accepted:
            unusable.append((w, target))
    for label, files in same_wave_files(waves).items():
        print(f"note: {' and '.join(files)} are all wave {shown(label)}; each has its own "
              f"rejects file (analyze and build take each wave once)")
    for w, target in unusable:
        require_accepted(w, target)
    return 0
