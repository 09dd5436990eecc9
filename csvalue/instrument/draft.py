"""A first codebook drafted from a survey file, and ``csvalue init``, which scaffolds a report
project around it.

:func:`draft_codebook` reads a file's column names and the answers in each column and writes a
codebook (YAML text) that loads: the scale of each rating column (the common scale that holds
the answers seen: 1–5, 1–7, 0–10, 1–11, 1–100 …), the categories of each profile column, and
the likely role of each column, guessed from its name and its answers — the respondent id, the
wave, overall satisfaction, recommendation, repurchase, expectation/satisfaction pairs (``e1`` /
``s1``, ``eb_speed`` / ``b_speed``, ``기대_속도`` / ``만족_속도``: the values, or the benefits when
the names say so), competitor and DiSC items, a free-text comment, profile items. Every guess is
marked ``# review:`` for the analyst to confirm; columns no role fits are listed at the end
(they are ignored on loading).

``csvalue init DIR --from FILE`` writes the project layout that ``csvalue build --project DIR``
reads: ``DIR/codebook.yml`` (the draft), ``DIR/settings.yml`` (the model settings, commented
defaults), ``DIR/waves/`` (every wave file; FILE is copied there) and ``DIR/README.md``; a build
writes only under ``DIR/_build/``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import shutil
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from csvalue.errors import ConfigError, DataError
from csvalue.instrument.answers import is_missing_text, parse_number
from csvalue.instrument.codebook import default_codebook_path
from csvalue.instrument.csvtext import DELIMITERS
from csvalue.instrument.decode import decode, sniff_format
from csvalue.instrument.settings import Settings
from csvalue.instrument.wording import os_message, shown

#: Rating scales a column's answers are fitted to (lowest first, then shortest).
COMMON_SCALES = ((1, 4), (1, 5), (1, 6), (1, 7), (0, 5), (0, 7), (0, 10), (1, 10), (1, 11),
                 (0, 100), (1, 100))
#: A text column with at most this many distinct answers is a category item.
MAX_CATEGORIES = 20
_ROLE_PATTERNS = {
    "resp_id": r"^(resp(ondent)?[_ ]?(id|no)|id|respid|case[_ ]?id|응답자.*|.*번호|ID)$",
    "wave": r"^(wave|차수|조사[_ ]?차수|조사[_ ]?연도|year)$",
    "cs": r"^(cs|overall[_ ]?sat(isfaction)?|sat(isfaction)?[_ ]?overall|overall|"
          r"전반.*만족.*|종합.*만족.*|만족도)$",
    "recommend": r"^(nps|recommend.*|likely[_ ]?to[_ ]?recommend|추천.*)$",
    "repurchase": r"^(repurchase.*|re[_ ]?buy|rebuy|재구매.*|재이용.*|재계약.*|loy(alty)?[_ ]?1?)$",
    "voc": r"^(voc|comments?|remarks?|의견.*|건의.*|불만.*)$",
    "division": r"^(division|사업부.*|부문.*|business[_ ]?unit)$",
}
#: Expectation and satisfaction prefixes of a pair of columns about one attribute.
_PAIRS = (("eb_", "b_", "benefits"), ("ev_", "v_", "values"), ("exp_", "sat_", "values"),
          ("exp_", "perf_", "values"), ("e_", "s_", "values"), ("e", "s", "values"),
          ("e", "p", "values"), ("혜택기대_", "혜택만족_", "benefits"),
          ("가치기대_", "가치만족_", "values"), ("기대_", "만족_", "values"),
          ("기대", "만족", "values"))
_DISC = re.compile(r"^disc_?([disc])\d*$", re.IGNORECASE)
_COMPETITOR = re.compile(r"^(comp_?|경쟁사_?)(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """What a column's answers look like."""

    name: str
    numeric: bool
    answered: int
    distinct: tuple[str, ...]        # distinct answers (up to MAX_CATEGORIES + 1)
    low: float = math.nan
    high: float = math.nan
    whole: bool = True
    unique: bool = False
    mean_length: float = 0.0

    @property
    def scale(self) -> tuple[int, int] | None:
        """The common rating scale that holds the answers (None: not a rating column)."""
        if not self.numeric or not self.whole or not self.answered:
            return None
        for lo, hi in COMMON_SCALES:
            if self.low >= lo and self.high <= hi and (lo == 1) == (self.low >= 1):
                return lo, hi
        return None


def _profile(name: str, cells: pd.Series) -> Column:
    text = cells.astype(str).str.strip()
    answered = text[~text.map(is_missing_text)]
    numbers = answered.map(parse_number)
    distinct = tuple(answered.drop_duplicates().head(MAX_CATEGORIES + 1))
    numeric = len(answered) > 0 and numbers.notna().all()
    if numeric:
        x = numbers.astype(float)
        return Column(name, True, len(answered), distinct, float(x.min()), float(x.max()),
                      bool((x == x.round()).all()), answered.is_unique and len(answered) > 20)
    return Column(name, False, len(answered), distinct, unique=answered.is_unique
                  and len(answered) > 20, mean_length=float(answered.str.len().mean() or 0))


def read_columns(path: str | Path) -> list[Column]:
    """Every column of a survey file (CSV in any encoding csvalue reads, .xlsx, .parquet, .sav)
    with what its answers look like."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataError(os_message(err)) from None
    fmt = sniff_format(raw[:16])
    if fmt == "zip":
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str)
        grid = max(sheets.values(), key=lambda g: g.notna().sum(axis=1).max() if len(g) else 0)
        grid = grid.dropna(how="all").fillna("")
        frame = grid.iloc[1:].set_axis([str(c).strip() for c in grid.iloc[0]], axis=1)
    elif fmt == "parquet":
        frame = pd.read_parquet(path).astype(str)
    elif fmt == "sav":
        frame = pd.read_spss(path).astype(str)
    else:
        text = decode(raw).text.lstrip("\ufeff")
        first = next((line for line in text.splitlines() if line.strip()), "")
        delim = max(DELIMITERS, key=first.count)
        frame = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False,
                            skip_blank_lines=True)
    return [_profile(str(c).strip(), frame[c]) for c in frame.columns if str(c).strip()]


# ---------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------

def _q(text: object) -> str:
    """A YAML scalar (JSON quoting is valid YAML and keeps Korean readable)."""
    return json.dumps(str(text), ensure_ascii=False)


def _id(text: str, fallback: str) -> str:
    """An id made of the text's letters and digits, or ``fallback``."""
    ident = re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")
    if not ident:
        return fallback
    return f"a{ident}" if ident[0].isdigit() else ident


def _scale_text(scale: tuple[int, int] | tuple[float, float]) -> str:
    return f"[{scale[0]:g}, {scale[1]:g}]"


def _match(role: str, name: str) -> bool:
    return re.match(_ROLE_PATTERNS[role], name, re.IGNORECASE) is not None


def _pairs(cols: dict[str, Column]) -> list[tuple[str, str, str, str]]:
    """(layer, stem, satisfaction column, expectation column) for each pair of rating columns
    named prefix + stem, with the same scale."""
    found: list[tuple[str, str, str, str]] = []
    used: set[str] = set()
    for xp, sp, layer in _PAIRS:
        for name, col in cols.items():
            if name in used or not name.lower().startswith(xp) or col.scale is None:
                continue
            stem = name[len(xp):]
            partner = next((n for n in cols if n.lower() == (sp + stem).lower()), None)
            if stem and partner and partner not in used and cols[partner].scale is not None:
                found.append((layer, stem, partner, name))
                used |= {name, partner}
    return found


def draft_codebook(path: str | Path) -> str:
    """A codebook (YAML text) for the survey file at ``path``, every guess marked ``# review:``.

    Example
    -------
    >>> from csvalue.instrument.codebook import parse_codebook
    >>> import yaml
    >>> text = draft_codebook("csvalue/demo/waves/wave_2025.csv")
    >>> cb = parse_codebook(yaml.safe_load(text))
    >>> cb.item("cs").column, cb.item("recommend").scale, len(cb.benefits), len(cb.values)
    ('cs', (0.0, 10.0), 7, 7)
    >>> "# review:" in text
    True
    """
    path = Path(path)
    cols = {c.name: c for c in read_columns(path)}
    taken: set[str] = set()

    def first(role: str, need=lambda c: True) -> Column | None:
        for name, col in cols.items():
            if name not in taken and _match(role, name) and need(col):
                taken.add(name)
                return col
        return None

    lines = [f"# A codebook drafted by `csvalue init` from {path.name}: every guess is marked",
             "# `# review:`; check each one against the questionnaire, then delete the mark.",
             "# The keys are listed in the report's appendix (Codebook reference).",
             "instrument:", f"  name: {_q(path.stem.replace('_', ' ').capitalize() + ' survey')}"
             "  # review: the report's title", ""]
    rid = first("resp_id", lambda c: c.unique)
    wave = first("wave")
    lines.append("id:")
    if rid is not None:
        lines.append(f"  resp_id: {{column: {_q(rid.name)}}}  # review: the respondent id")
    else:
        lines.append("  resp_id: null  # review: no id column found; row numbers become ids")
    if wave is not None:
        lines.append(f"  wave: {{column: {_q(wave.name)}}}  # review: the wave label")
    lines.append("")

    indices = {}
    for role, need in (("recommend", lambda c: c.scale is not None and c.high <= 11),
                       ("cs", lambda c: c.scale is not None),
                       ("repurchase", lambda c: c.scale is not None)):
        indices[role] = first(role, need)
    pairs = _pairs({n: c for n, c in cols.items() if n not in taken})
    taken |= {n for p in pairs for n in p[2:]}

    competitor, disc = [], []
    for name, col in cols.items():
        if name in taken or col.scale is None:
            continue
        if _DISC.match(name):
            disc.append(col)
            taken.add(name)
        elif _COMPETITOR.match(name):
            competitor.append(col)
            taken.add(name)
    # rating columns of the values' shape without expectations: values without expectations
    pair_scales = [cols[p[2]].scale for p in pairs]
    singles = [c for n, c in cols.items() if n not in taken and c.scale is not None
               and re.match(r"^(b_|v_|sat_|s_?\d)", n, re.IGNORECASE)]
    taken |= {c.name for c in singles}
    if not pairs and not singles:      # the value layer is required: the most common scale
        rating = [c for n, c in cols.items() if n not in taken and c.scale is not None]
        if rating:
            main = max(dict.fromkeys(c.scale for c in rating),
                       key=[c.scale for c in rating].count)
            singles = [c for c in rating if c.scale == main]
            taken |= {c.name for c in singles}

    voc = first("voc", lambda c: not c.numeric) or next(
        (c for n, c in cols.items() if n not in taken and not c.numeric and c.mean_length > 25),
        None)
    if voc is not None:
        taken.add(voc.name)

    # profile
    lines.append("profile:")
    division = first("division", lambda c: not c.numeric and len(c.distinct) <= MAX_CATEGORIES)
    n_profile = 0
    for col in ([division] if division else []) + [c for n, c in cols.items() if n not in taken]:
        if col.numeric and col.scale is not None and col.scale[1] <= 11:
            continue                    # a rating column no role fits: listed at the end
        if not col.numeric and len(col.distinct) > MAX_CATEGORIES:
            continue
        taken.add(col.name)
        n_profile += 1
        pid = "division" if col is division else _id(col.name, f"profile_{n_profile}")
        note = ("  # review: the division pages split by this item" if col is division
                else "  # review: a profile item")
        lines.append(f"  {_q(pid)}:{note}")
        lines.append(f"    column: {_q(col.name)}")
        lines.append(f"    label_en: {_q(col.name.replace('_', ' ').capitalize())}")
        if col.numeric:
            lo, hi = math.floor(col.low), math.ceil(col.high)
            lines.append(f"    numeric: [{min(lo, 0)}, {hi}]  # review: the range (answers seen: "
                         f"{col.low:g}–{col.high:g})")
            if col.whole:
                lines.append("    integer: true")
        else:
            lines.append("    categories:  # review: the codes and labels (answers seen)")
            codes: set[str] = set()
            for k, value in enumerate(sorted(col.distinct, key=str)):
                code = _id(value, f"c{k + 1}")
                code = code if code not in codes else f"{code}_{k + 1}"
                codes.add(code)
                lines.append(f"      {_q(code)}: {{label_en: {_q(value)}}}")
    if not n_profile:
        lines[-1] = "profile: {}"
    elif division is None:
        lines.insert(lines.index("profile:") + 1, "  # review: name one category item `division` "
                     "(the id on the left) to get a report page per division")
    lines.append("")

    # benefits and values
    layers: dict[str, list[str]] = {"benefits": [], "values": []}
    value_ids: list[str] = []
    scales: dict[str, list[tuple[int, int]]] = {"benefits": [], "values": []}
    for k, (layer, stem, sat, exp) in enumerate(pairs):
        cid = _id(stem, f"item{k + 1}")
        if layer == "values":
            value_ids.append(cid)
        label = f"Attribute {stem}" if stem.isdigit() else stem.replace("_", " ")
        layers[layer].append(f"    {_q(cid)}: {{column: {_q(sat)}, expectation_column: "
                             f"{_q(exp)}, label_en: {_q(label)}}}")
        scales[layer].append(cols[sat].scale)  # type: ignore[arg-type]
    for k, col in enumerate(singles):
        layer = "benefits" if col.name.lower().startswith("b_") else "values"
        cid = _id(re.sub(r"^(b_|v_|sat_|s_?)", "", col.name, flags=re.IGNORECASE),
                  f"single{k + 1}")
        if layer == "values":
            value_ids.append(cid)
        layers[layer].append(f"    {_q(cid)}: {{column: {_q(col.name)}, expectation: false, "
                             f"label_en: {_q(col.name)}}}")
        scales[layer].append(col.scale)  # type: ignore[arg-type]
    for layer in ("benefits", "values"):
        if not layers[layer]:
            continue
        main = max(dict.fromkeys(scales[layer]), key=scales[layer].count)
        what = "expectation/satisfaction pairs" if pair_scales else "rating columns"
        lines += [f"{layer}:  # review: {what} found by their names", f"  scale: "
                  f"{_scale_text(main)}  # review: guessed from the answers seen", "  items:"]
        lines += layers[layer]
        odd = [s for s in scales[layer] if s != main]
        if odd:
            lines.append(f"  # review: some items' answers lie on another scale ({', '.join(map(_scale_text, odd))}): give them scale: [min, max]")
        lines.append("")
    if not layers["values"]:
        lines += ["values:  # review: no rating columns found; name the value items here",
                  "  scale: [1, 5]", "  items:", "    value_1: {column: \"value_1\"}", ""]

    lines.append("indices:")
    guess_rec = indices["recommend"]
    for role, col in indices.items():
        if col is None:
            lines.append(f"  {role}: {{column: {_q(role)}, scale: [1, 5]}}  # review: no "
                         f"column found for {role}; name it here")
            continue
        lines.append(f"  {role}: {{column: {_q(col.name)}, scale: {_scale_text(col.scale)}}}  "
                     f"# review: {role} (answers seen: {col.low:g}–{col.high:g})")
    lines.append("")

    if competitor:
        overall = next((c for c in competitor if re.search(r"cs|sat|만족", c.name, re.I)),
                       competitor[0])
        lines += ["competitor:  # review: columns named for the competitor",
                  f"  scale: {_scale_text(overall.scale)}",  # type: ignore[arg-type]
                  f"  overall: {{column: {_q(overall.name)}}}"]
        named = []
        for c in competitor:
            stem = re.sub(r"^v_", "", _COMPETITOR.match(c.name).group(2),  # type: ignore[union-attr]
                          flags=re.IGNORECASE)
            vid = _id(stem, "")
            if c is not overall and vid in value_ids and c.name != f"comp_v_{vid}":
                named.append(f"    {_q(vid)}: {{column: {_q(c.name)}}}")
        if named:
            lines += ["  items:  # review: the competitor column of each value"] + named
        lines.append("")
    if disc:
        lines += ["personality:  # review: DiSC items found by their names",
                  f"  scale: {_scale_text(disc[0].scale)}", "  items:"]  # type: ignore[arg-type]
        lines += [f"    {_q(_id(c.name, 'disc'))}: {{subscale: "
                  f"{_DISC.match(c.name).group(1).upper()}, column: {_q(c.name)}}}"  # type: ignore[union-attr]
                  for c in disc]
        lines.append("")
    if voc is not None:
        lines += [f"voc: {{column: {_q(voc.name)}}}  # review: the free-text comments", ""]

    lo, hi = guess_rec.scale if guess_rec is not None and guess_rec.scale else (0, 10)
    rep = indices["repurchase"]
    rlo, rhi = rep.scale if rep is not None and rep.scale else (1, 5)
    promoter, detractor = (lo + 9, lo + 6) if hi - lo == 10 else (
        math.floor(lo + 0.9 * (hi - lo) + 0.5), math.floor(lo + 0.6 * (hi - lo) + 0.5))
    lines += ["thresholds:  # review: on the items' own scales",
              f"  promoter_min: {promoter}   # recommend ≥ this is a promoter",
              f"  detractor_max: {detractor}  # recommend ≤ this is a detractor",
              f"  repurchase_strong: {rhi}",
              f"  repurchase_weak: {math.floor(rlo + 0.75 * (rhi - rlo) + 0.5)}", ""]
    default = default_codebook_path().read_text(encoding="utf-8")
    tiers = default[default.index("loyalty_tiers:"):]
    lines += ["goals:  # review: the report's targets", "  cvi: 75", "  cls: 75", "  nps: 10", "",
              tiers.rstrip()]
    unused = [n for n in cols if n not in taken]
    if unused:
        lines += ["", "# review: columns no role fits (ignored on loading): "
                  + ", ".join(unused)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# csvalue init
# ---------------------------------------------------------------------------------------

def settings_text() -> str:
    """``settings.yml`` of a new project: every setting, commented out at its default."""
    lines = ["# Model settings (see the report's methods appendix); uncomment to change one.",
             "# An empty file keeps every default."]
    for f in fields(Settings):
        if f.name == "cls_weights_source":
            continue
        value = getattr(Settings(), f.name)
        text = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
        lines.append(f"# {f.name}: {'null' if value is None else text}")
    return "\n".join(lines) + "\n"


README = """# {name}: a csvalue report project

- `codebook.yml` — what every column of the survey files means ({how}); the keys are listed
  in the report's appendix (Codebook reference)
- `settings.yml` — model settings (commented defaults)
- `waves/` — every wave file of the survey, one file per wave (the oldest first by name)
- `_build/` — written by the build: the results and the report (HTML, PDF)

Check the codebook (every `# review:` mark), then:

    csvalue validate waves/* --codebook codebook.yml --out _build/validate
    csvalue build --project .          # from elsewhere: csvalue build --project {folder}
"""


def init_project(folder: str | Path, source: str | Path | None = None) -> Path:
    """Create a report project in ``folder`` (see the module docstring); returns the folder."""
    folder = Path(folder)
    if (folder / "codebook.yml").exists():
        raise ConfigError(f"{folder}: already holds a codebook.yml; choose a new folder")
    if source is not None and not Path(source).is_file():
        raise DataError(f"{source}: no such survey file")
    text = draft_codebook(source) if source is not None else \
        default_codebook_path().read_text(encoding="utf-8")
    (folder / "waves").mkdir(parents=True, exist_ok=True)
    (folder / "codebook.yml").write_text(text, encoding="utf-8")
    (folder / "settings.yml").write_text(settings_text(), encoding="utf-8")
    if source is not None:
        shutil.copy2(source, folder / "waves" / Path(source).name)
    how = (f"drafted from {Path(source).name}: review it" if source is not None
           else "the default instrument: edit it for your survey")
    (folder / "README.md").write_text(README.format(name=folder.name, how=how, folder=folder),
                                      encoding="utf-8")
    return folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the new project folder")
    parser.add_argument("--from", dest="source", metavar="FILE", default=None,
                        help="a survey file: the codebook is drafted from it, and it is "
                             "copied into DIR/waves/")


def command(args: argparse.Namespace) -> int:
    folder = init_project(args.folder, args.source)
    print(f"created {folder}/: codebook.yml"
          + (f" (drafted from {shown(Path(args.source).name)}: check every '# review:' mark)"
             if args.source else " (the default instrument)")
          + ", settings.yml, waves/, README.md")
    return 0
