"""The codebook: what every column of a survey wave means.

A codebook (a project's ``codebook.yml``; the demo's is ``csvalue/demo/codebook.yml``) maps
the columns of a survey file to the *canonical ids* that the rest of csvalue uses, and
carries each item's role, scale and labels, the benefit and value lists, the thresholds and
the goals. Analysts map a differently named survey by
editing a copy of the YAML file, never the code.

Canonical ids are fixed: ``resp_id``, ``wave``, the profile ids, ``b_<benefit>``,
``eb_<benefit>``, ``v_<value>``, ``ev_<value>``, ``cs``, ``repurchase``, ``recommend``,
``comp_cs``, ``comp_v_<value>``, the personality item ids and ``voc``. The file column of each
is whatever the codebook says (by default the same name).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from csvalue.errors import CodebookError
from csvalue.instrument.codebook_keys import (ENTRIES, GOAL_RANGES, TOP_LEVEL, Parser,
                                              is_number as _is_number, suggest as _suggest)
from csvalue.instrument.wording import brief as _r

#: Blocks an item can belong to.
BLOCKS = (
    "id", "profile", "benefit", "benefit_expectation", "value", "value_expectation",
    "index", "competitor", "personality", "voc", "weight",
)
#: Blocks whose items are answers on a numeric rating scale.
SCALE_BLOCKS = (
    "benefit", "benefit_expectation", "value", "value_expectation", "index", "competitor",
    "personality",
)
#: Blocks whose items count as attitude items (straight-lining is checked over these).
ATTITUDE_BLOCKS = ("benefit", "benefit_expectation", "value", "value_expectation", "index")
VALUE_LEVELS = ("functional", "outcome", "emotional", "terminal")


@dataclass(frozen=True)
class Item:
    """One column of a wave.

    Attributes
    ----------
    id : canonical id used inside csvalue (``"b_speed"``, ``"cs"``, ``"division"``).
    column : the column name in the survey file.
    block : one of :data:`BLOCKS`.
    kind : ``"text"``, ``"category"``, ``"numeric"`` or ``"scale"``.
    scale : ``(min, max)`` for scale and numeric items, else ``None``.
    categories : allowed codes of a category item, in codebook order.
    key : the benefit/value/index id or DiSC subscale the item measures, if any.
    required : whether a file without this column is rejected.
    integer : answers must be whole numbers (rating scales, unless the codebook says
        ``integer: false``); a fractional answer is rejected.
    waves : the wave labels whose files hold this column (None: every wave).
    answer_codes : (text in lower case, code) pairs: an answer written as a scale point's
        label (``labels:``) or a ``text_codes:`` spelling is read as that code.
    """

    id: str
    column: str
    block: str
    kind: str
    label_en: str
    label_ko: str
    scale: tuple[float, float] | None = None
    categories: tuple[str, ...] = ()
    category_labels: tuple[tuple[str, str, str], ...] = ()  # (code, en, ko)
    key: str | None = None
    required: bool = True
    bands: tuple[tuple[float, ...], tuple[str, ...]] | None = None  # numeric → profile bands
    integer: bool = False
    waves: tuple[str, ...] | None = None
    answer_codes: tuple[tuple[str, Any], ...] = ()

    def label(self, lang: str = "en") -> str:
        """The item's label in ``"en"`` or ``"ko"``."""
        return self.label_ko if lang == "ko" else self.label_en

    def in_wave(self, wave: str | None) -> bool:
        """Whether the files of ``wave`` hold this item (every item when ``wave`` is None)."""
        return self.waves is None or wave is None or str(wave) in self.waves


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs, on the native scale of the item they apply to."""

    promoter_min: float = 9
    detractor_max: float = 6
    repurchase_strong: float = 5
    repurchase_weak: float = 4
    small_base: int = 30
    disclosure_min: int = 5
    min_division_n: int = 100


@dataclass(frozen=True)
class Factor:
    """A named expectation factor and the value segment named after it."""

    id: str
    label_en: str
    label_ko: str
    items: tuple[str, ...]
    segment_id: str
    segment_en: str
    segment_ko: str


@dataclass(frozen=True)
class Concept:
    """A benefit or value: its id, labels and (values only) means–end level."""

    id: str
    label_en: str
    label_ko: str
    level: str | None = None
    upper: bool = False

    def label(self, lang: str = "en") -> str:
        return self.label_ko if lang == "ko" else self.label_en


@dataclass(frozen=True)
class Codebook:
    """A parsed codebook. Build one with :func:`load_codebook`.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.benefits[:2]
    ('convenience', 'speed')
    >>> cb.item("b_speed").scale
    (1.0, 5.0)
    """

    name: str
    items: tuple[Item, ...]
    benefit_concepts: tuple[Concept, ...]
    value_concepts: tuple[Concept, ...]
    thresholds: Thresholds
    goals: dict[str, float]
    factors: tuple[Factor, ...] = ()
    tiers: tuple[tuple[str, str, str, str], ...] = ()  # (id, label_en, metal, label_ko)
    synthetic: bool = False
    source: str = "<default>"
    name_ko: str = ""
    sheet: str | int | None = None     # the Excel sheet to read (None: the one that fits)
    header_row: int | None = None      # the Excel row of the header (None: first non-empty)
    _by_id: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {it.id: it for it in self.items})

    # -- look-ups -----------------------------------------------------------------------
    def item(self, item_id: str) -> Item:
        """The item with canonical id ``item_id`` (KeyError naming it otherwise)."""
        try:
            return self._by_id[item_id]
        except KeyError:
            raise KeyError(f"the codebook {self.source} has no item {_r(item_id)}") from None

    def has(self, item_id: str) -> bool:
        """Whether the codebook defines ``item_id``."""
        return item_id in self._by_id

    def title(self, lang: str = "en") -> str:
        """The instrument's name in ``"en"`` or ``"ko"`` (``instrument.name_ko``, else the
        name): the report's title in that edition.

        Example
        -------
        >>> cb = load_codebook()
        >>> cb.title(), cb.title("ko")
        ('CS value survey (default instrument)', '고객가치 조사 (기본 설문)')
        """
        return (self.name_ko or self.name) if lang == "ko" else self.name

    @property
    def has_respondent_id(self) -> bool:
        """Whether the files have a respondent id column (``id: {resp_id: null}`` says they
        have not: row numbers become ids, and respondents cannot be followed across waves)."""
        return "resp_id" in self._by_id

    def for_wave(self, wave: str) -> "Codebook":
        """The instrument as the files of ``wave`` hold it: items whose ``waves:`` leave this
        wave out are dropped, and so are benefits and values whose satisfaction item is.

        Example
        -------
        >>> import yaml
        >>> raw = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
        >>> raw["benefits"]["items"]["speed"]["waves"] = [2025]
        >>> cb = parse_codebook(raw)
        >>> cb.for_wave("2024").has("b_speed"), cb.for_wave("2025").has("b_speed")
        (False, True)
        """
        items = tuple(it for it in self.items if it.in_wave(wave))
        kept = {it.id for it in items}
        return replace(
            self, items=items,
            benefit_concepts=tuple(c for c in self.benefit_concepts if f"b_{c.id}" in kept),
            value_concepts=tuple(c for c in self.value_concepts if f"v_{c.id}" in kept),
            factors=tuple(f for f in self.factors if set(f.items) & kept))

    def block(self, *blocks: str) -> tuple[Item, ...]:
        """Items of the given blocks, in codebook order."""
        return tuple(it for it in self.items if it.block in blocks)

    def ids(self, *blocks: str) -> list[str]:
        """Canonical ids of the items of the given blocks."""
        return [it.id for it in self.block(*blocks)]

    @property
    def benefits(self) -> tuple[str, ...]:
        """Benefit ids (empty when the instrument has no benefit layer)."""
        return tuple(c.id for c in self.benefit_concepts)

    @property
    def values(self) -> tuple[str, ...]:
        """Value ids, in codebook order."""
        return tuple(c.id for c in self.value_concepts)

    @property
    def upper_value(self) -> str | None:
        """The upper (terminal) value id, or None."""
        return next((c.id for c in self.value_concepts if c.upper), None)

    @property
    def value_levels(self) -> dict[str, str | None]:
        return {c.id: c.level for c in self.value_concepts}

    @property
    def profile(self) -> tuple[str, ...]:
        return tuple(self.ids("profile"))

    def concept(self, cid: str) -> Concept:
        for c in self.benefit_concepts + self.value_concepts:
            if c.id == cid:
                return c
        raise KeyError(f"the codebook {self.source} has no benefit or value {_r(cid)}")

    def label(self, cid: str, lang: str = "en") -> str:
        """Label of an item id, a benefit/value id, an index id, a factor or a segment."""
        if cid in self._by_id:
            return self._by_id[cid].label(lang)
        for c in self.benefit_concepts + self.value_concepts:
            if c.id == cid:
                return c.label(lang)
        for f in self.factors:
            if f.id == cid:
                return f.label_ko if lang == "ko" else f.label_en
            if f.segment_id == cid:
                return f.segment_ko if lang == "ko" else f.segment_en
        for tid, en, metal, ko in self.tiers:
            if tid == cid:
                return ko if lang == "ko" else en
        return _INDEX_LABELS.get(cid, (cid, cid))[lang == "ko"]

    @staticmethod
    def sat(cid: str, layer: str) -> str:
        """Canonical satisfaction column of a benefit (``layer="benefit"``) or value."""
        return ("b_" if layer == "benefit" else "v_") + cid

    @staticmethod
    def exp(cid: str, layer: str) -> str:
        """Canonical expectation column of a benefit or value."""
        return ("eb_" if layer == "benefit" else "ev_") + cid

    @property
    def benefit_cols(self) -> list[str]:
        return [f"b_{b}" for b in self.benefits]

    @property
    def value_cols(self) -> list[str]:
        return [f"v_{v}" for v in self.values]

    @property
    def expectation_cols(self) -> list[str]:
        """Expectation columns present in the instrument (``eb_*`` then ``ev_*``)."""
        return self.ids("benefit_expectation", "value_expectation")

    @property
    def columns(self) -> dict[str, str]:
        """Map of file column → canonical id."""
        return {it.column: it.id for it in self.items}


_INDEX_LABELS = {
    "cs100": ("CS", "고객만족도"),
    "cls": ("CLS (loyalty)", "고객충성도"),
    "cvi": ("CVI", "고객가치지수"),
    "nps": ("NPS", "순추천지수"),
    "nps_score": ("NPS", "순추천지수"),
}


def common_items(codebook: Codebook, waves: Iterable[str]) -> list[str]:
    """Ids of the items every one of ``waves`` holds (by the codebook's ``waves:`` entries), in
    codebook order: what a comparison of those waves can use.

    Example
    -------
    >>> import yaml
    >>> raw = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    >>> raw["values"]["items"]["leisure"]["waves"] = [2025]
    >>> cb = parse_codebook(raw)
    >>> "v_leisure" in common_items(cb, ["2024", "2025"]), "v_leisure" in common_items(cb, ["2025"])
    (False, True)
    """
    labels = [str(w) for w in waves]
    return [it.id for it in codebook.items if all(it.in_wave(w) for w in labels)]


# ---------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------

def default_codebook_path() -> Path:
    """Path of the shipped default codebook: the demo project's (``csvalue/demo/codebook.yml``)."""
    from csvalue.instrument.project import CODEBOOK, DEMO

    return DEMO / CODEBOOK


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and check a codebook YAML file (the shipped default when ``path`` is None).

    Raises
    ------
    CodebookError
        naming the file and the entry that is wrong.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.upper_value
    'leisure'
    """
    from csvalue.instrument.yamlfile import parse_yaml, read_text

    path = Path(path) if path is not None else default_codebook_path()
    raw = parse_yaml(read_text(path, CodebookError, "codebook"), str(path), CodebookError)
    if not isinstance(raw, dict):
        raise CodebookError(f"{path}: a codebook is a mapping of blocks; got {type(raw).__name__}")
    return parse_codebook(raw, source=str(path))


def parse_codebook(raw: dict[str, Any], source: str = "<dict>") -> Codebook:
    """Build a :class:`Codebook` from the parsed YAML mapping.

    Every entry is checked: a block that is not a mapping, an unknown top-level block or
    threshold, a scale that is not ``[min, max]``, a threshold or goal that is not a number or
    lies outside its item's scale raise a :class:`CodebookError` naming the file, the entry,
    the value and what is allowed.

    Answers on a rating scale must be whole numbers unless the block (or the item) says
    ``integer: false``; numeric profile items (``tenure_years``) may be fractional unless they
    say ``integer: true``.
    """
    from csvalue.instrument.yamlfile import key_lines

    p = Parser(source, key_lines(raw))
    p.need(isinstance(raw, dict), "codebook", f"a codebook is a mapping of blocks; got {_r(raw)}")
    unknown = [k for k in raw if k not in TOP_LEVEL]
    if unknown:
        p.fail(str(unknown[0]), f"unknown block{_suggest(unknown[0], TOP_LEVEL)}; the blocks "
               f"are {', '.join(TOP_LEVEL)}", None)
    items: list[Item] = []

    files = p.mapping(raw.get("file"), "file", "file")
    sheet = files.get("sheet")
    p.need(sheet is None or (isinstance(sheet, str) and sheet.strip()) or (
        isinstance(sheet, int) and not isinstance(sheet, bool) and sheet >= 1), "file.sheet",
        f"must be a sheet's name or its number from 1; got {_r(sheet)}")
    header_row = files.get("header_row")
    p.need(header_row is None or (isinstance(header_row, int) and not isinstance(header_row, bool)
                                  and header_row >= 1), "file.header_row",
           f"must be a row number from 1; got {_r(header_row)}")

    ids = p.mapping(raw.get("id"), "id", "id")
    p.need("resp_id" in ids, "id", "needs a resp_id entry (write `resp_id: null` when the "
           "files have no respondent id column)")
    for iid in ("resp_id", "wave"):
        if ids.get(iid) is None:
            continue
        where = f"id.{iid}"
        spec = p.mapping(ids[iid], where, "id item")
        items.append(Item(iid, p.text(spec, "column", iid, where), "id", "text",
                          *p.labels(spec, iid, where), required=iid == "resp_id"))

    for pid, spec in p.mapping(raw.get("profile"), "profile").items():
        where = f"profile.{p.key(pid, 'profile')}"
        spec = p.mapping(spec, where, "profile item")
        required = p.flag(spec, "required", True, where)
        column = p.text(spec, "column", pid, where)
        pwaves = p.waves(spec, where, None)
        if "categories" in spec:
            both = [k for k in ("numeric", "bands", "integer") if k in spec]
            p.need(not both, where, f"an item has categories or is numeric, not both; remove "
                   f"{', '.join(both)} or categories")
            cats = spec["categories"]
            p.need(isinstance(cats, dict) and cats, where + ".categories",
                   f"categories must be a non-empty mapping of code: labels; got {_r(cats)}")
            codes = tuple(p.key(c, f"{where}.categories") for c in cats)
            clabels = tuple(
                (code, *p.labels(p.mapping(v, f"{where}.categories.{code}", "category"), code,
                                 f"{where}.categories.{code}"))
                for code, v in zip(codes, cats.values()))
            items.append(Item(pid, column, "profile", "category", *p.labels(spec, pid, where),
                              categories=codes, category_labels=clabels, required=required,
                              waves=pwaves, answer_codes=_answer_codes(p, spec, where, codes)))
        else:
            rng = spec.get("numeric")
            scale = p.scale(rng, where + ".numeric") if rng is not None else None
            bands = None
            if spec.get("bands"):
                bspec = p.mapping(spec["bands"], where + ".bands", "bands")
                edges = p.numbers(bspec.get("edges"), where + ".bands.edges")
                p.need(len(edges) >= 2 and all(a < b for a, b in zip(edges, edges[1:])),
                       where + ".bands.edges", f"edges must be increasing numbers, at least "
                       f"two; got {_r(bspec.get('edges'))}")
                labels = bspec.get("labels")
                p.need(isinstance(labels, list), where + ".bands.labels",
                       f"labels must be a list; got {_r(labels)}")
                labels = tuple(p.scalar(x, where + ".bands.labels") for x in labels)
                p.need(len(labels) == len(edges) - 1, where + ".bands",
                       "needs one label fewer than edges")
                bands = (edges, labels)
            items.append(Item(pid, column, "profile", "numeric", *p.labels(spec, pid, where),
                              scale=scale, bands=bands, required=required,
                              integer=p.flag(spec, "integer", False, where), waves=pwaves,
                              answer_codes=_answer_codes(p, spec, where, scale)))

    benefit_concepts: list[Concept] = []
    value_concepts: list[Concept] = []
    for layer, blk, xblk, sp, xp, store in (
        ("benefits", "benefit", "benefit_expectation", "b_", "eb_", benefit_concepts),
        ("values", "value", "value_expectation", "v_", "ev_", value_concepts),
    ):
        spec = raw.get(layer)
        if spec is None:
            p.need(layer != "values", layer, "the value layer is required")
            continue
        spec = p.mapping(spec, layer, "layer")
        scale = p.scale(spec.get("scale"), f"{layer}.scale")
        whole = p.flag(spec, "integer", True, layer)
        sat_prefix = p.text(spec, "satisfaction_prefix", sp, layer)
        exp_prefix = (None if spec.get("expectation_prefix", xp) is None
                      else p.text(spec, "expectation_prefix", xp, layer))
        lwaves = p.waves(spec, layer, None)
        lcodes = _answer_codes(p, spec, layer, scale)
        entries = spec.get("items") or {}
        p.need(isinstance(entries, dict) and entries, f"{layer}.items", "must list at least one item")
        for cid, ispec in entries.items():
            cid = p.key(cid, f"{layer}.items")
            where = f"{layer}.items.{cid}"
            ispec = p.mapping(ispec, where, blk)
            level = ispec.get("level")
            if level is not None:
                p.need(level in VALUE_LEVELS, where, f"level must be one of {VALUE_LEVELS}; "
                       f"got {_r(level)}")
            en, ko = p.labels(ispec, cid, where)
            store.append(Concept(cid, en, ko, level, p.flag(ispec, "upper", False, where)))
            iscale = p.scale(ispec["scale"], where + ".scale") if "scale" in ispec else scale
            iwhole = p.flag(ispec, "integer", whole, where)
            iwaves = p.waves(ispec, where, lwaves)
            icodes = _answer_codes(p, ispec, where, iscale, lcodes)
            required = p.flag(ispec, "required", True, where)
            items.append(Item(sp + cid, p.text(ispec, "column", f"{sat_prefix}{cid}", where),
                              blk, "scale", en, ko, scale=iscale, key=cid, integer=iwhole,
                              required=required, waves=iwaves, answer_codes=icodes))
            if exp_prefix is not None and p.flag(ispec, "expectation", True, where):
                items.append(Item(xp + cid,
                                  p.text(ispec, "expectation_column", f"{exp_prefix}{cid}", where),
                                  xblk, "scale", f"Expected: {en}", f"기대: {ko}",
                                  scale=iscale, key=cid, integer=iwhole, waves=iwaves,
                                  required=required and p.flag(ispec, "expectation_required",
                                                               True, where),
                                  answer_codes=icodes))
    p.need(sum(c.upper for c in value_concepts) <= 1, "values", "at most one value can be upper")

    idx = p.mapping(raw.get("indices"), "indices", "indices")
    for iid in ("cs", "repurchase", "recommend"):
        p.need(iid in idx, "indices", f"needs an entry for {_r(iid)}")
        where = f"indices.{iid}"
        spec = p.mapping(idx[iid], where, "index")
        iscale = p.scale(spec.get("scale"), f"{where}.scale")
        items.append(Item(iid, p.text(spec, "column", iid, where), "index", "scale",
                          *p.labels(spec, iid, where), scale=iscale, key=iid,
                          integer=p.flag(spec, "integer", True, where),
                          answer_codes=_answer_codes(p, spec, where, iscale)))

    comp = raw.get("competitor")
    if comp:
        comp = p.mapping(comp, "competitor", "competitor")
        scale = p.scale(comp.get("scale"), "competitor.scale")
        whole = p.flag(comp, "integer", True, "competitor")
        cwaves = p.waves(comp, "competitor", None)
        ccodes = _answer_codes(p, comp, "competitor", scale)
        ov = p.mapping(comp.get("overall"), "competitor.overall", "competitor overall")
        items.append(Item("comp_cs", p.text(ov, "column", "comp_cs", "competitor.overall"),
                          "competitor", "scale", *p.labels(ov, "comp_cs", "competitor.overall"),
                          scale=scale, key="cs", required=False, integer=whole, waves=cwaves,
                          answer_codes=ccodes))
        prefix = p.text(comp, "value_prefix", "comp_v_", "competitor")
        named = p.mapping(comp.get("items"), "competitor.items")
        known = [c.id for c in value_concepts]
        for vid in named:
            p.need(str(vid) in known, "competitor.items", f"names a value the codebook does not "
                   f"define: {_r(vid)}{_suggest(vid, known)}", vid)
        for c in value_concepts:
            where = f"competitor.items.{c.id}"
            cspec = p.mapping(named.get(c.id), where, "competitor item")
            items.append(Item(f"comp_v_{c.id}", p.text(cspec, "column", f"{prefix}{c.id}", where),
                              "competitor", "scale",
                              f"Competitor: {c.label_en}", f"경쟁사: {c.label_ko}",
                              scale=scale, key=c.id, required=False, integer=whole,
                              waves=cwaves, answer_codes=ccodes))

    pers = raw.get("personality")
    if pers:
        pers = p.mapping(pers, "personality", "personality")
        scale = p.scale(pers.get("scale"), "personality.scale")
        whole = p.flag(pers, "integer", True, "personality")
        dwaves = p.waves(pers, "personality", None)
        dcodes = _answer_codes(p, pers, "personality", scale)
        for iid, spec in p.mapping(pers.get("items"), "personality.items").items():
            iid = p.key(iid, "personality.items")
            where = f"personality.items.{iid}"
            spec = p.mapping(spec, where, "personality item")
            sub = str(spec.get("subscale", "")).upper()
            p.need(sub in ("D", "I", "S", "C"), where,
                   f"subscale must be D, I, S or C; got {_r(spec.get('subscale'))}")
            items.append(Item(iid, p.text(spec, "column", iid, where), "personality", "scale",
                              *p.labels(spec, iid, where), scale=scale, key=sub,
                              required=False, integer=whole, waves=dwaves,
                              answer_codes=dcodes))

    voc = raw.get("voc")
    if voc:
        voc = p.mapping(voc, "voc", "voc")
        items.append(Item("voc", p.text(voc, "column", "voc", "voc"), "voc", "text",
                          *p.labels(voc, "voc", "voc"), required=False,
                          waves=p.waves(voc, "voc", None)))

    weight = raw.get("weight")
    if weight is not None:
        # the survey weight: one positive number per respondent (checked by the loader)
        weight = p.mapping(weight, "weight", "weight")
        p.need("column" in weight, "weight", "names the file's weight column: "
               "weight: {column: NAME}")
        items.append(Item("weight", p.text(weight, "column", "weight", "weight"), "weight",
                          "numeric", *p.labels(weight, "survey weight", "weight")))

    # one file column per item
    seen: dict[str, str] = {}
    for it in items:
        p.need(it.column.strip() == it.column != "", it.id,
               f"column {_r(it.column)} must name a column, without spaces around it")
        p.need(it.column not in seen, it.id,
               f"column {_r(it.column)} is already used by {_r(seen.get(it.column))}")
        seen[it.column] = it.id

    thresholds = _thresholds(p, raw.get("thresholds"), {it.id: it for it in items})
    goals = _goals(p, raw.get("goals"))

    all_ids = {it.id for it in items}
    factors = []
    for fid, spec in p.mapping(raw.get("factors"), "factors").items():
        fid = p.key(fid, "factors")
        where = f"factors.{fid}"
        spec = p.mapping(spec, where, "factor")
        fitems_raw = spec.get("items", ())
        p.need(isinstance(fitems_raw, (list, tuple)), f"{where}.items",
               f"must be a list of item ids; got {_r(fitems_raw)}")
        fitems = tuple(p.scalar(x, f"{where}.items") for x in fitems_raw)
        missing = [x for x in fitems if x not in all_ids]
        p.need(not missing, where, f"names items the codebook does not define: {_r(missing)}")
        seg = p.mapping(spec.get("segment"), f"{where}.segment", "segment")
        seg_id = p.text(seg, "id", fid, f"{where}.segment")
        en, ko = p.labels(spec, fid, where)
        factors.append(Factor(fid, en, ko, fitems, seg_id,
                              *p.labels(seg, seg_id, f"{where}.segment")))

    tiers = []
    for t, v in p.mapping(raw.get("loyalty_tiers"), "loyalty_tiers").items():
        t = p.key(t, "loyalty_tiers")
        where = f"loyalty_tiers.{t}"
        spec = p.mapping(v, where, "loyalty tier")
        en = p.text(spec, "label_en", t, where)
        tiers.append((t, en, p.text(spec, "metal", en, where), p.text(spec, "label_ko", en, where)))
    inst = p.mapping(raw.get("instrument"), "instrument", "instrument")
    name = p.text(inst, "name", "survey", "instrument")
    return Codebook(
        name=name, items=tuple(items),
        benefit_concepts=tuple(benefit_concepts), value_concepts=tuple(value_concepts),
        thresholds=thresholds, goals=goals, factors=tuple(factors), tiers=tuple(tiers),
        synthetic=p.flag(inst, "synthetic", False, "instrument"), source=source,
        name_ko=p.text(inst, "name_ko", name, "instrument"),
        sheet=sheet.strip() if isinstance(sheet, str) else sheet, header_row=header_row,
    )


def _answer_codes(p: Parser, spec: dict[str, Any], where: str,
                  allowed: tuple[float, float] | tuple[str, ...] | None,
                  inherited: tuple[tuple[str, Any], ...] = ()) -> tuple[tuple[str, Any], ...]:
    """(text, code) pairs of an item or block: its ``labels:`` (scale point → text) and
    ``text_codes:`` (text → number or category code), on top of ``inherited`` (the block's).
    ``allowed`` is the item's scale, or its category codes."""
    out = dict(inherited)
    codes = allowed if allowed and isinstance(allowed[0], str) else None
    scale = None if codes is not None else allowed

    def code(v: Any, at: str, key: Any) -> Any:
        if codes is not None:
            p.need(str(v) in codes, at, f"{_r(v)} is not one of the codes "
                   f"{', '.join(codes)}{_suggest(v, codes)}", key)
            return str(v)
        ok = _is_number(v) and (scale is None or scale[0] <= v <= scale[1])
        p.need(ok, at, f"must be a number on the scale"
               + (f" ({scale[0]:g}–{scale[1]:g})" if scale else "") + f"; got {_r(v)}", key)
        return float(v)

    for point, text in p.mapping(spec.get("labels"), f"{where}.labels").items():
        value = code(point, f"{where}.labels", point)
        out[p.scalar(text, f"{where}.labels.{point}").strip().lower()] = value
    for text, v in p.mapping(spec.get("text_codes"), f"{where}.text_codes").items():
        text = p.key(text, f"{where}.text_codes")
        out[text.strip().lower()] = code(v, f"{where}.text_codes.{text}", None)
    return tuple(out.items())


def _thresholds(p: Parser, raw: Any, by_id: dict[str, Item]) -> Thresholds:
    """The thresholds block checked: numbers, counts as whole numbers ≥ 0, cut-offs on the
    scale of the item they apply to, in a sensible order."""
    th = p.mapping(raw, "thresholds")
    known = tuple(Thresholds.__dataclass_fields__)
    unknown = [k for k in th if k not in known]
    if unknown:
        p.fail("thresholds", f"unknown entries {sorted(map(str, unknown))}"
               f"{_suggest(unknown[0], known)}; known: {', '.join(known)}")
    values: dict[str, Any] = {}
    for key, v in th.items():
        where = f"thresholds.{key}"
        if key in ("small_base", "disclosure_min", "min_division_n"):
            ok = _is_number(v) and float(v) == int(v) and v >= 0
            p.need(ok, where, f"must be a whole number ≥ 0 (respondents); got {_r(v)}")
            values[key] = int(v)
            continue
        item = by_id.get("recommend" if key in ("promoter_min", "detractor_max") else "repurchase")
        lo, hi = item.scale if item is not None and item.scale else (-np.inf, np.inf)
        p.need(_is_number(v) and lo <= v <= hi, where,
               f"must be a number on the scale of {item.id if item else 'its item'} "
               f"({lo:g}–{hi:g}); got {_r(v)}")
        values[key] = float(v) if not float(v).is_integer() else int(v)
    thresholds = Thresholds(**values)
    p.need(thresholds.detractor_max < thresholds.promoter_min, "thresholds",
           f"detractor_max ({thresholds.detractor_max}) must be below promoter_min "
           f"({thresholds.promoter_min})")
    p.need(thresholds.repurchase_weak <= thresholds.repurchase_strong, "thresholds",
           f"repurchase_weak ({thresholds.repurchase_weak}) must not exceed repurchase_strong "
           f"({thresholds.repurchase_strong})")
    return thresholds


def _goals(p: Parser, raw: Any) -> dict[str, float]:
    goals = {}
    for k, v in p.mapping(raw, "goals").items():
        p.need(k in GOAL_RANGES, f"goals.{k}", f"a goal names an index: "
               f"{', '.join(GOAL_RANGES)}{_suggest(k, tuple(GOAL_RANGES))}")
        lo, hi = GOAL_RANGES[k]
        p.need(_is_number(v) and lo <= v <= hi, f"goals.{k}",
               f"must be a number from {lo} to {hi}; got {_r(v)}")
        goals[str(k)] = float(v)
    return goals
