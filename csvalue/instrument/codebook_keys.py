"""Every key a codebook may hold, declared once as data, and the parser's checks of a value.

:data:`KEYS` is the one list of the codebook's keys: where each lives, its type, its default,
an example and what it does. The parser (:mod:`csvalue.instrument.codebook`) refuses any key
a place does not list (:data:`ENTRIES` is derived from :data:`KEYS`), with the nearest known
key suggested, the file and the line; :func:`codebook_reference` turns the same list into the
reference table the book's appendix shows, so that the reference cannot drift from the
checks (``tests/test_codebook_reference.py`` checks that every key the parser reads is listed,
and that every listed key is read and checked).

Places with free keys (an item id, a category code, a scale point) are written ``<id>``,
``<code>``, ``<point>`` in :attr:`Key.where`.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any, Iterable

import pandas as pd

from csvalue.errors import CodebookError
from csvalue.instrument.wording import brief as _r


def N_(message: str) -> str:
    """Mark a reader-facing text of the reference for the report's catalogue (the extraction
    of :mod:`csvalue.build.i18n` reads this module too); the report layer translates it where
    the reference is shown (:func:`csvalue.report.appendix.codebook_reference_table`). The
    instrument layer imports nothing of the report's, so the marker is this module's own."""
    return message


@dataclass(frozen=True)
class Key:
    """One codebook key.

    Attributes
    ----------
    place : the parser's name for the mapping that holds the key (a key of :data:`ENTRIES`).
    key : the key as written in the YAML file.
    type : what the value must be, in plain words.
    default : the value when the key is left out (``""``: the key is required or has no
        default; ``"—"``: the block is optional and absent by default).
    example : a value written as in the YAML file.
    meaning : what the key does.
    """

    place: str
    key: str
    type: str
    default: str
    example: str
    meaning: str


#: Where each place lives in the file (a dotted path; ``<id>`` stands for any id).
PLACES = {
    "top": N_("(top level)"),
    "instrument": "instrument",
    "file": "file",
    "id": "id",
    "id item": "id.resp_id, id.wave",
    "profile item": "profile.<id>",
    "category": "profile.<id>.categories.<code>",
    "bands": "profile.<id>.bands",
    "layer": "benefits, values",
    "benefit": "benefits.items.<id>",
    "value": "values.items.<id>",
    "indices": "indices",
    "index": "indices.cs, indices.repurchase, indices.recommend",
    "competitor": "competitor",
    "competitor overall": "competitor.overall",
    "competitor item": "competitor.items.<value id>",
    "personality": "personality",
    "personality item": "personality.items.<id>",
    "voc": "voc",
    "weight": "weight",
    "thresholds": "thresholds",
    "goals": "goals",
    "factor": "factors.<id>",
    "segment": "factors.<id>.segment",
    "loyalty tier": "loyalty_tiers.<id>",
}

_LABEL_EN = N_("label in English (tables, charts)")
_LABEL_KO = N_("label in Korean (defaults to the English label)")
_WAVES = ("waves", N_("list of wave labels"), N_("every wave"), "[2025]",
          N_("the waves that hold this column; a wave not listed is loaded without it (and says "
          "so), and trends compare only the items common to the waves they compare"))
_LABELS = ("labels", N_("mapping <point>: text"), N_("none"), "{1: 매우 불만족, 5: 매우 만족}",
           N_("the text of each scale point: a file that writes the text (\"매우 만족\") instead "
           "of the number is read as that point"))
_TEXT_CODES = ("text_codes", N_("mapping text: code"), N_("none"), "{아주 좋음: 5, 그저 그렇다: 3}",
               N_("more spellings of an answer → its number (or category code); a text answer "
               "that neither labels nor text_codes map stops the load, naming the cell"))
_REQUIRED = ("required", "true/false", "true", "false",
             N_("whether a file without this column is refused; false lets the column be absent"))
_SCALE = ("scale", N_("[min, max]"), "", "[1, 5]", N_("the answer scale (any range: 1–5, 1–7, 0–10, 1–100)"))
_INTEGER = ("integer", "true/false", "true", "false",
            N_("answers must be whole numbers (a fraction is rejected); false allows fractions"))


def _rows(place: str, *rows: tuple[str, str, str, str, str]) -> list[Key]:
    return [Key(place, *row) for row in rows]


#: Every key of a codebook (see :class:`Key`).
KEYS: tuple[Key, ...] = (
    *_rows("top",
          ("instrument", N_("mapping"), "—", "{name: Passenger survey}", N_("the survey's name")),
          ("file", N_("mapping"), "—", "{sheet: 응답, header_row: 3}",
           N_("how to read an Excel file: which sheet, which row holds the column names")),
          ("id", N_("mapping"), "", "{resp_id: {column: 응답자ID}}",
           N_("the respondent id and wave columns")),
          ("profile", N_("mapping <id>: item"), "—", "{division: {column: 사업부, categories: …}}",
           N_("respondent profile items (categories or numbers); division is the one the "
           "division chapters split by")),
          ("benefits", N_("mapping"), "—", "{scale: [1, 5], items: …}",
           N_("the benefit layer (optional: leave it out for a survey without benefits)")),
          ("values", N_("mapping"), "", "{scale: [1, 7], items: …}", N_("the value layer (required)")),
          ("indices", N_("mapping"), "", "{cs: …, repurchase: …, recommend: …}",
           N_("overall satisfaction, repurchase and recommendation items")),
          ("competitor", N_("mapping"), "—", "{scale: [1, 5], overall: {column: 경쟁사_만족}}",
           N_("satisfaction with the main competitor (optional)")),
          ("personality", N_("mapping"), "—", "{scale: [1, 5], items: …}",
           N_("DiSC personality items (optional)")),
          ("voc", N_("mapping"), "—", "{column: 건의사항}", N_("the free-text comment column (optional)")),
          ("weight", N_("mapping"), "—", "{column: 가중치}",
           N_("the survey weight column (optional; positive numbers, one per respondent)")),
          ("thresholds", N_("mapping"), "", "{promoter_min: 9}", N_("cut-offs on the items' own scales")),
          ("goals", N_("mapping"), N_("none"), "{cvi: 75, nps: 10}", N_("targets the report grades against")),
          ("factors", N_("mapping <id>: factor"), N_("none"), "{work: {items: [eb_speed], …}}",
           N_("names for expectation factors and the value segments named after them")),
          ("loyalty_tiers", N_("mapping <id>: tier"), N_("none"),
           "{loyalist: {label_en: Loyalist, metal: Platinum}}", N_("names of the loyalty tiers"))),
    *_rows("instrument",
           ("name", N_("text"), "survey", "Passenger survey", N_("the survey's name (report title)")),
           ("name_ko", N_("text"), N_("the name"), "승객 만족도 조사", N_("the survey's Korean name (the Korean edition's title)")),
           ("synthetic", "true/false", "false", "false", N_("the waves are synthetic (the report "
            "says so)"))),
    *_rows("file",
           ("sheet", N_("text or whole number"), N_("the sheet with the codebook's columns"), "응답",
            N_("the Excel sheet to read (its name, or its number from 1); without it the first "
            "sheet whose header names the codebook's columns is read")),
           ("header_row", N_("whole number ≥ 1"), N_("the first row that is not empty"), "3",
            N_("the Excel row that holds the column names (rows above it are skipped)"))),
    *_rows("id",
           ("resp_id", N_("mapping, or null"), "", "{column: 응답자ID}",
            N_("the respondent id column; resp_id: null when the file has none (row numbers "
            "become ids, and analyses that follow respondents across waves cannot run)")),
           ("wave", N_("mapping"), N_("none (the file name is the wave)"), "{column: 조사연도}",
            N_("a column holding the wave label"))),
    *_rows("id item",
           ("column", N_("text"), N_("the id"), "응답자ID", N_("the column name in the file")),
           ("label_en", N_("text"), N_("the id"), "Respondent id", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "응답자 번호", _LABEL_KO)),
    *_rows("profile item",
           ("column", N_("text"), N_("the id"), "사업부", N_("the column name in the file")),
           ("label_en", N_("text"), N_("the id"), "Division", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "사업부", _LABEL_KO),
           _REQUIRED,
           ("categories", N_("mapping <code>: labels"), N_("none (numeric)"),
            "{north: {label_en: North region}}",
            N_("the allowed answers; a cell may give the code or either label, in any case")),
           ("numeric", N_("[min, max]"), N_("none"), "[0, 60]", N_("a numeric item and its range")),
           ("bands", N_("mapping"), N_("none"), "{edges: [0, 5, 60], labels: [<5y, 5y+]}",
            N_("bands a numeric item is grouped into for profile tables")),
           ("integer", "true/false", "false", "true", N_("a numeric item's answers must be whole "
            "numbers")),
           _WAVES, _TEXT_CODES),
    *_rows("category",
           ("label_en", N_("text"), N_("the code"), "North region", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "북부 지역", _LABEL_KO)),
    *_rows("bands",
           ("edges", N_("list of increasing numbers"), "", "[0, 5, 60]", N_("band edges")),
           ("labels", N_("list of text"), "", "[<5y, 5y+]", N_("one label per band (one fewer than "
            "edges)"))),
    *_rows("layer",
           _SCALE, _INTEGER,
           ("satisfaction_prefix", N_("text"), N_("b_ (benefits), v_ (values)"), "s",
            N_("satisfaction column = prefix + item id, unless the item gives column")),
           ("expectation_prefix", N_("text, or null"), N_("eb_ (benefits), ev_ (values)"), "e",
            N_("expectation column = prefix + item id; null: the layer has no expectations")),
           ("items", N_("mapping <id>: item"), "", "{speed: {label_en: Speed}}",
            N_("the benefits or values, in report order")),
           _WAVES, _LABELS, _TEXT_CODES),
    *[Key(place, *row) for place in ("benefit", "value") for row in (
        ("column", N_("text"), N_("prefix + id"), "s1", N_("the satisfaction column in the file")),
        ("label_en", N_("text"), N_("the id"), "Punctuality", _LABEL_EN),
        ("label_ko", N_("text"), "label_en", "정시성", _LABEL_KO),
        ("scale", N_("[min, max]"), N_("the layer's scale"), "[1, 7]", N_("this item's own scale")),
        ("integer", "true/false", N_("the layer's"), "false", N_("this item's whole-number rule")),
        ("expectation", "true/false", N_("true (when the layer has expectations)"), "false",
         N_("whether the item has an expectation column")),
        ("expectation_column", N_("text"), N_("expectation prefix + id"), "e1",
         N_("the expectation column in the file")),
        ("expectation_required", "true/false", "true", "false",
         N_("whether a file without the expectation column is refused")),
        _REQUIRED, _WAVES, _LABELS, _TEXT_CODES)],
    *_rows("value",
           ("level", N_("functional, outcome, emotional or terminal"), N_("none"), "emotional",
            N_("the value's step on the means–end ladder")),
           ("upper", "true/false", "false", "true", N_("the upper (terminal) value; at most one"))),
    *_rows("indices",
           ("cs", N_("mapping"), "", "{column: overall_sat, scale: [1, 7]}",
            N_("overall satisfaction")),
           ("repurchase", N_("mapping"), "", "{column: 재구매, scale: [1, 5]}",
            N_("repurchase (or continued-use) intention")),
           ("recommend", N_("mapping"), "", "{column: nps, scale: [0, 10]}",
            N_("likelihood to recommend (NPS cut-offs in thresholds)"))),
    *_rows("index",
           ("column", N_("text"), N_("the id"), "overall_sat", N_("the column in the file")),
           _SCALE,
           ("label_en", N_("text"), N_("the id"), "Overall satisfaction", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "전반적 만족도", _LABEL_KO),
           _INTEGER, _LABELS, _TEXT_CODES),
    *_rows("competitor",
           _SCALE, _INTEGER,
           ("overall", N_("mapping"), "", "{column: comp_cs}", N_("overall satisfaction with the "
            "competitor")),
           ("value_prefix", N_("text"), "comp_v_", "경쟁사_",
            N_("competitor column of a value = prefix + value id, unless items names it")),
           ("items", N_("mapping <value id>: {column}"), N_("none"),
            "{stability: {column: 경쟁사_업무안정성}}",
            N_("competitor columns by their own names")),
           _WAVES, _LABELS, _TEXT_CODES),
    *_rows("competitor overall",
           ("column", N_("text"), "comp_cs", "경쟁사_만족", N_("the column in the file")),
           ("label_en", N_("text"), "comp_cs", "Satisfaction with the competitor", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "경쟁사 만족도", _LABEL_KO)),
    *_rows("competitor item",
           ("column", N_("text"), N_("value_prefix + value id"), "경쟁사_업무안정성",
            N_("the competitor column of this value"))),
    *_rows("personality",
           _SCALE, _INTEGER,
           ("items", N_("mapping <id>: item"), "", "{disc_d1: {subscale: D}}", N_("the DiSC items")),
           _WAVES, _LABELS, _TEXT_CODES),
    *_rows("personality item",
           ("subscale", N_("D, I, S or C"), "", "D", N_("the DiSC subscale the item measures")),
           ("column", N_("text"), N_("the id"), "성향1", N_("the column in the file")),
           ("label_en", N_("text"), N_("the id"), "Decides quickly", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "빠르게 결정한다", _LABEL_KO)),
    *_rows("voc",
           ("column", N_("text"), "voc", "건의사항", N_("the comment column in the file")),
           ("label_en", N_("text"), "voc", "Comments", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "불만 및 건의 사항", _LABEL_KO),
           _WAVES),
    *_rows("weight",
           ("column", N_("text"), "", "가중치", N_("the weight column in the file")),
           ("label_en", N_("text"), "survey weight", "Survey weight", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "가중치", _LABEL_KO)),
    *_rows("thresholds",
           ("promoter_min", N_("number on the recommend scale"), "9", "10",
            N_("recommend ≥ this is a promoter")),
           ("detractor_max", N_("number on the recommend scale"), "6", "7",
            N_("recommend ≤ this is a detractor")),
           ("repurchase_strong", N_("number on the repurchase scale"), "5", "7",
            N_("repurchase ≥ this is a strong intention")),
           ("repurchase_weak", N_("number on the repurchase scale"), "4", "6",
            N_("repurchase ≥ this (and below strong) is a weak intention")),
           ("small_base", N_("whole number ≥ 0"), "30", "30", N_("cells with fewer respondents are "
            "flagged")),
           ("disclosure_min", N_("whole number ≥ 0"), "5", "5", N_("cells with fewer respondents are "
            "suppressed")),
           ("min_division_n", N_("whole number ≥ 0"), "100", "100",
            N_("a smaller division reuses the company-wide impacts"))),
    *_rows("goals",
           ("cs", N_("number from 0 to 100"), N_("none"), "80", N_("the goal for CS (0–100)")),
           ("repurchase", N_("number from 0 to 100"), N_("none"), "80",
            N_("the goal for repurchase (0–100)")),
           ("recommend", N_("number from 0 to 100"), N_("none"), "80",
            N_("the goal for recommendation (0–100)")),
           ("cls", N_("number from 0 to 100"), N_("none"), "75", N_("the goal for CLS")),
           ("cvi", N_("number from 0 to 100"), N_("none"), "75", N_("the goal for CVI")),
           ("nps", N_("number from −100 to 100"), N_("none"), "10", N_("the goal for NPS"))),
    *_rows("factor",
           ("label_en", N_("text"), N_("the id"), "Work process", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "업무 프로세스", _LABEL_KO),
           ("items", N_("list of item ids"), "", "[eb_speed, eb_accuracy]",
            N_("the expectation items that identify the factor")),
           ("segment", N_("mapping"), "", "{id: benefit_seeking, label_en: Benefit-seeking}",
            N_("the value segment named after the factor"))),
    *_rows("segment",
           ("id", N_("text"), N_("the factor id"), "benefit_seeking", N_("the segment's id")),
           ("label_en", N_("text"), N_("the id"), "Benefit-seeking", _LABEL_EN),
           ("label_ko", N_("text"), "label_en", "혜택추구형", _LABEL_KO)),
    *_rows("loyalty tier",
           ("label_en", N_("text"), N_("the id"), "Loyalist", _LABEL_EN),
           ("metal", N_("text"), "label_en", "Platinum", N_("the tier's metal name")),
           ("label_ko", N_("text"), "label_en", "적극적 충성", _LABEL_KO)),
)

#: Place → the keys it may hold, in :data:`KEYS` order.
ENTRIES: dict[str, tuple[str, ...]] = {}
for _k in KEYS:
    ENTRIES.setdefault(_k.place, ())
    ENTRIES[_k.place] += (_k.key,)
#: Top-level blocks of a codebook.
TOP_LEVEL = ENTRIES.pop("top")
#: Index ids a goal can name, and the range each goal lives on.
GOAL_RANGES = {"cs": (0, 100), "repurchase": (0, 100), "recommend": (0, 100), "cls": (0, 100),
               "cvi": (0, 100), "nps": (-100, 100)}


def codebook_reference() -> pd.DataFrame:
    """The codebook reference: one row per key (``where``, ``key``, ``type``, ``default``,
    ``example``, ``meaning``), from :data:`KEYS`.

    Example
    -------
    >>> ref = codebook_reference()
    >>> list(ref.columns)
    ['where', 'key', 'type', 'default', 'example', 'meaning']
    >>> ref.loc[ref["key"] == "sheet", "where"].item()
    'file'
    """
    return pd.DataFrame([(PLACES[k.place], k.key, k.type, k.default, k.example, k.meaning)
                         for k in KEYS],
                        columns=["where", "key", "type", "default", "example", "meaning"])


# ---------------------------------------------------------------------------------------
# Checking values
# ---------------------------------------------------------------------------------------

def is_number(v: Any) -> bool:
    """A finite number that is not a yes/no."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def suggest(word: Any, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest option, or nothing."""
    close = difflib.get_close_matches(str(word), list(options), n=1)
    return f" (did you mean {_r(close[0])}?)" if close else ""


class Parser:
    """The checks of one codebook's entries; every failure is a :class:`CodebookError` naming
    the file, the line (when the codebook was read from a file) and the entry."""

    def __init__(self, source: str, lines: dict[str, int] | None = None) -> None:
        self.source = source
        self.lines = lines or {}

    def line(self, where: str) -> int | None:
        """The line of an entry (dotted path), or of the nearest entry around it."""
        path = where
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return None

    def fail(self, where: str, msg: str, key: Any = None) -> None:
        line = self.line(f"{where}.{key}" if key is not None else where)
        at = f"line {line}: " if line is not None else ""
        raise CodebookError(f"{self.source}: {at}{where}: {msg}")

    def need(self, ok: Any, where: str, msg: str, key: Any = None) -> None:
        if not ok:
            self.fail(where, msg, key)

    def mapping(self, spec: Any, where: str, entries: str | None = None) -> dict[str, Any]:
        """``spec`` as a mapping (empty when absent); anything else is an error. With
        ``entries`` (a key of :data:`ENTRIES`), an entry it does not list is an error too."""
        if spec is None:
            return {}
        self.need(isinstance(spec, dict), where, f"must be a mapping of entries; got {_r(spec)}")
        if entries is not None:
            known = ENTRIES[entries]
            for key in spec:
                if key not in known:
                    self.fail(where, f"unknown entry {_r(key)}{suggest(key, known)}"
                              f"{_bool_hint(key)}; the entries here are {', '.join(known)}",
                              key)
        return spec

    def key(self, key: Any, where: str) -> str:
        """A key naming an id or a code: text, a whole number, never a YAML yes/no or null."""
        self.need(not isinstance(key, bool) and key is not None, where,
                  f"the key {_r(key)} is read by YAML as "
                  f"{'true/false' if isinstance(key, bool) else 'empty'}"
                  f"; put it in quotes (e.g. \"yes\")", key)
        self.need(isinstance(key, (str, int)), where,
                  f"a key must be text or a whole number; got {_r(key)}", key)
        return str(key)

    def scalar(self, value: Any, where: str) -> str:
        """A label or a name: text or a number, as text."""
        self.need(isinstance(value, (str, int, float)) and not isinstance(value, bool), where,
                  f"must be text; got {_r(value)}"
                  + ("; YAML reads yes/no, on/off and true/false as true or false, so put "
                     "the text in quotes" if isinstance(value, bool) else ""))
        return str(value)

    def text(self, spec: dict[str, Any], key: str, default: str, where: str) -> str:
        """The text entry ``key`` of ``spec`` (``default`` when absent)."""
        if key not in spec:
            return default
        return self.scalar(spec[key], f"{where}.{key}")

    def labels(self, spec: dict[str, Any], fallback: str, where: str) -> tuple[str, str]:
        """(English, Korean) labels; the Korean one defaults to the English one."""
        en = self.text(spec, "label_en", fallback, where)
        return en, self.text(spec, "label_ko", en, where)

    def flag(self, spec: dict[str, Any], key: str, default: bool, where: str) -> bool:
        """A yes/no entry (``true``/``false``)."""
        v = spec.get(key, default)
        self.need(isinstance(v, bool), f"{where}.{key}", f"must be true or false; got {_r(v)}")
        return v

    def numbers(self, values: Any, where: str) -> tuple[float, ...]:
        self.need(isinstance(values, (list, tuple)) and all(is_number(x) for x in values),
                  where, f"must be a list of numbers; got {_r(values)}")
        return tuple(float(x) for x in values)

    def scale(self, rng: Iterable[Any] | None, where: str) -> tuple[float, float]:
        ok = isinstance(rng, (list, tuple)) and len(rng) == 2 and all(is_number(x) for x in rng)
        self.need(ok, where, f"a scale is [min, max] (two numbers); got {_r(rng)}")
        lo, hi = (float(x) for x in rng)  # type: ignore[union-attr]
        self.need(lo < hi, where, f"min must be below max; got {_r(rng)}")
        return lo, hi

    def waves(self, spec: dict[str, Any], where: str,
              default: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """The ``waves:`` entry: wave labels as text (None: every wave)."""
        if "waves" not in spec:
            return default
        v = spec["waves"]
        ok = isinstance(v, list) and v and all(
            isinstance(x, (str, int)) and not isinstance(x, bool) for x in v)
        self.need(ok, f"{where}.waves", f"must be a list of wave labels, e.g. [2025]; got "
                  f"{_r(v)}")
        return tuple(str(x) for x in v)


def _bool_hint(key: Any) -> str:
    if isinstance(key, bool):
        return " — YAML reads a key yes/no, on/off or true/false as true or false; put it in quotes"
    return ""
