"""The codebook: what every column of a survey wave means.

A codebook (``data/codebook.yml``) maps the columns of a survey file to the *canonical ids*
that the rest of csvalue uses, and carries each item's role, scale and labels, the benefit
and value lists, the thresholds and the goals. Analysts map a differently named survey by
editing a copy of the YAML file, never the code.

Canonical ids are fixed: ``resp_id``, ``wave``, the profile ids, ``b_<benefit>``,
``eb_<benefit>``, ``v_<value>``, ``ev_<value>``, ``cs``, ``repurchase``, ``recommend``,
``comp_cs``, ``comp_v_<value>``, the personality item ids and ``voc``. The file column of each
is whatever the codebook says (by default the same name).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import yaml

from csvalue.errors import CodebookError

#: Blocks an item can belong to.
BLOCKS = (
    "id", "profile", "benefit", "benefit_expectation", "value", "value_expectation",
    "index", "competitor", "personality", "voc",
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

    def label(self, lang: str = "en") -> str:
        """The item's label in ``"en"`` or ``"ko"``."""
        return self.label_ko if lang == "ko" else self.label_en


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
    _by_id: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {it.id: it for it in self.items})

    # -- look-ups -----------------------------------------------------------------------
    def item(self, item_id: str) -> Item:
        """The item with canonical id ``item_id`` (KeyError naming it otherwise)."""
        try:
            return self._by_id[item_id]
        except KeyError:
            raise KeyError(f"the codebook {self.source} has no item {item_id!r}") from None

    def has(self, item_id: str) -> bool:
        """Whether the codebook defines ``item_id``."""
        return item_id in self._by_id

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
        raise KeyError(f"the codebook {self.source} has no benefit or value {cid!r}")

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


# ---------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------

def default_codebook_path() -> Path:
    """Path of the shipped default codebook (``data/codebook.yml``)."""
    repo = Path(__file__).resolve().parents[2] / "data" / "codebook.yml"
    if repo.exists():
        return repo
    return Path(str(resources.files("csvalue") / "data" / "codebook.yml"))


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
    path = Path(path) if path is not None else default_codebook_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file") from None
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise CodebookError(f"{path}: a codebook is a mapping of blocks; got {type(raw).__name__}")
    return parse_codebook(raw, source=str(path))


#: Top-level entries of a codebook.
TOP_LEVEL = ("instrument", "id", "profile", "benefits", "values", "indices", "competitor",
             "personality", "voc", "thresholds", "goals", "factors", "loyalty_tiers")
#: Index ids a goal can name, and the range each goal lives on.
GOAL_RANGES = {"cs": (0, 100), "repurchase": (0, 100), "recommend": (0, 100), "cls": (0, 100),
               "cvi": (0, 100), "nps": (-100, 100)}


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
    p = _Parser(source)
    p.need(isinstance(raw, dict), "codebook", f"a codebook is a mapping of blocks; got {raw!r}")
    unknown = [k for k in raw if k not in TOP_LEVEL]
    if unknown:
        p.fail(str(unknown[0]), f"unknown block{_suggest(unknown[0], TOP_LEVEL)}; the blocks "
               f"are {', '.join(TOP_LEVEL)}")
    items: list[Item] = []

    ids = p.mapping(raw.get("id"), "id")
    p.need("resp_id" in ids, "id", "needs a resp_id entry")
    for iid in ("resp_id", "wave"):
        if ids.get(iid) is None:
            continue
        spec = p.mapping(ids[iid], f"id.{iid}")
        items.append(Item(iid, str(spec.get("column", iid)), "id", "text",
                          *_labels(spec, iid), required=iid == "resp_id"))

    for pid, spec in p.mapping(raw.get("profile"), "profile").items():
        where = f"profile.{pid}"
        spec = p.mapping(spec, where)
        required = p.flag(spec, "required", True, where)
        if "categories" in spec:
            cats = spec["categories"]
            p.need(isinstance(cats, dict) and cats, where + ".categories",
                   f"categories must be a non-empty mapping of code: labels; got {cats!r}")
            codes = tuple(str(c) for c in cats)
            clabels = tuple((str(c), *_labels(p.mapping(v, f"{where}.categories.{c}"), str(c)))
                            for c, v in cats.items())
            items.append(Item(pid, str(spec.get("column", pid)), "profile", "category",
                              *_labels(spec, pid), categories=codes, category_labels=clabels,
                              required=required))
        else:
            rng = spec.get("numeric")
            scale = p.scale(rng, where + ".numeric") if rng is not None else None
            bands = None
            if spec.get("bands"):
                bspec = p.mapping(spec["bands"], where + ".bands")
                edges = p.numbers(bspec.get("edges"), where + ".bands.edges")
                p.need(len(edges) >= 2 and all(a < b for a, b in zip(edges, edges[1:])),
                       where + ".bands.edges", f"edges must be increasing numbers, at least "
                       f"two; got {bspec.get('edges')!r}")
                labels = bspec.get("labels")
                p.need(isinstance(labels, list), where + ".bands.labels",
                       f"labels must be a list; got {labels!r}")
                labels = tuple(str(x) for x in labels)
                p.need(len(labels) == len(edges) - 1, where + ".bands",
                       "needs one label fewer than edges")
                bands = (edges, labels)
            items.append(Item(pid, str(spec.get("column", pid)), "profile", "numeric",
                              *_labels(spec, pid), scale=scale, bands=bands,
                              required=required,
                              integer=p.flag(spec, "integer", False, where)))

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
        spec = p.mapping(spec, layer)
        scale = p.scale(spec.get("scale"), f"{layer}.scale")
        whole = p.flag(spec, "integer", True, layer)
        sat_prefix = spec.get("satisfaction_prefix", sp)
        exp_prefix = spec.get("expectation_prefix", xp)
        entries = spec.get("items") or {}
        p.need(isinstance(entries, dict) and entries, f"{layer}.items", "must list at least one item")
        for cid, ispec in entries.items():
            where = f"{layer}.items.{cid}"
            ispec = p.mapping(ispec, where)
            level = ispec.get("level")
            if layer == "values" and level is not None:
                p.need(level in VALUE_LEVELS, where, f"level must be one of {VALUE_LEVELS}; "
                       f"got {level!r}")
            en, ko = _labels(ispec, cid)
            store.append(Concept(str(cid), en, ko, level, p.flag(ispec, "upper", False, where)))
            iscale = p.scale(ispec["scale"], where + ".scale") if "scale" in ispec else scale
            iwhole = p.flag(ispec, "integer", whole, where)
            items.append(Item(sp + str(cid), str(ispec.get("column", f"{sat_prefix}{cid}")), blk,
                              "scale", en, ko, scale=iscale, key=str(cid), integer=iwhole))
            if exp_prefix is not None and p.flag(ispec, "expectation", True, where):
                items.append(Item(xp + str(cid),
                                  str(ispec.get("expectation_column", f"{exp_prefix}{cid}")),
                                  xblk, "scale", f"Expected: {en}", f"기대: {ko}",
                                  scale=iscale, key=str(cid),
                                  required=p.flag(ispec, "expectation_required", True, where),
                                  integer=iwhole))
    p.need(sum(c.upper for c in value_concepts) <= 1, "values", "at most one value can be upper")

    idx = p.mapping(raw.get("indices"), "indices")
    for iid in ("cs", "repurchase", "recommend"):
        p.need(iid in idx, "indices", f"needs an entry for {iid!r}")
        spec = p.mapping(idx[iid], f"indices.{iid}")
        items.append(Item(iid, str(spec.get("column", iid)), "index", "scale", *_labels(spec, iid),
                          scale=p.scale(spec.get("scale"), f"indices.{iid}.scale"), key=iid,
                          integer=p.flag(spec, "integer", True, f"indices.{iid}")))

    comp = raw.get("competitor")
    if comp:
        comp = p.mapping(comp, "competitor")
        scale = p.scale(comp.get("scale"), "competitor.scale")
        whole = p.flag(comp, "integer", True, "competitor")
        ov = p.mapping(comp.get("overall"), "competitor.overall")
        items.append(Item("comp_cs", str(ov.get("column", "comp_cs")), "competitor", "scale",
                          *_labels(ov, "comp_cs"), scale=scale, key="cs", required=False,
                          integer=whole))
        prefix = comp.get("value_prefix", "comp_v_")
        for c in value_concepts:
            items.append(Item(f"comp_v_{c.id}", f"{prefix}{c.id}", "competitor", "scale",
                              f"Competitor: {c.label_en}", f"경쟁사: {c.label_ko}",
                              scale=scale, key=c.id, required=False, integer=whole))

    pers = raw.get("personality")
    if pers:
        pers = p.mapping(pers, "personality")
        scale = p.scale(pers.get("scale"), "personality.scale")
        whole = p.flag(pers, "integer", True, "personality")
        for iid, spec in p.mapping(pers.get("items"), "personality.items").items():
            spec = p.mapping(spec, f"personality.items.{iid}")
            sub = str(spec.get("subscale", "")).upper()
            p.need(sub in ("D", "I", "S", "C"), f"personality.items.{iid}",
                   f"subscale must be D, I, S or C; got {spec.get('subscale')!r}")
            items.append(Item(str(iid), str(spec.get("column", iid)), "personality", "scale",
                              *_labels(spec, iid), scale=scale, key=sub, required=False,
                              integer=whole))

    voc = raw.get("voc")
    if voc:
        voc = p.mapping(voc, "voc")
        items.append(Item("voc", str(voc.get("column", "voc")), "voc", "text",
                          *_labels(voc, "voc"), required=False))

    # one file column per item
    seen: dict[str, str] = {}
    for it in items:
        p.need(it.column not in seen, it.id,
               f"column {it.column!r} is already used by {seen.get(it.column)!r}")
        seen[it.column] = it.id

    thresholds = _thresholds(p, raw.get("thresholds"), {it.id: it for it in items})
    goals = _goals(p, raw.get("goals"))

    all_ids = {it.id for it in items}
    factors = []
    for fid, spec in p.mapping(raw.get("factors"), "factors").items():
        spec = p.mapping(spec, f"factors.{fid}")
        fitems_raw = spec.get("items", ())
        p.need(isinstance(fitems_raw, (list, tuple)), f"factors.{fid}.items",
               f"must be a list of item ids; got {fitems_raw!r}")
        fitems = tuple(str(x) for x in fitems_raw)
        missing = [x for x in fitems if x not in all_ids]
        p.need(not missing, f"factors.{fid}", f"names items the codebook does not define: {missing}")
        seg = p.mapping(spec.get("segment"), f"factors.{fid}.segment")
        en, ko = _labels(spec, fid)
        factors.append(Factor(str(fid), en, ko, fitems, str(seg.get("id", fid)),
                              *_labels(seg, str(seg.get("id", fid)))))

    tiers = tuple((str(t), *(_tier(p.mapping(v, f"loyalty_tiers.{t}"), str(t))))
                  for t, v in p.mapping(raw.get("loyalty_tiers"), "loyalty_tiers").items())
    inst = p.mapping(raw.get("instrument"), "instrument")
    return Codebook(
        name=str(inst.get("name", "survey")), items=tuple(items),
        benefit_concepts=tuple(benefit_concepts), value_concepts=tuple(value_concepts),
        thresholds=thresholds, goals=goals, factors=tuple(factors), tiers=tiers,
        synthetic=p.flag(inst, "synthetic", False, "instrument"), source=source,
    )


def _thresholds(p: "_Parser", raw: Any, by_id: dict[str, Item]) -> Thresholds:
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
            p.need(ok, where, f"must be a whole number ≥ 0 (respondents); got {v!r}")
            values[key] = int(v)
            continue
        item = by_id.get("recommend" if key in ("promoter_min", "detractor_max") else "repurchase")
        lo, hi = item.scale if item is not None and item.scale else (-np.inf, np.inf)
        p.need(_is_number(v) and lo <= v <= hi, where,
               f"must be a number on the scale of {item.id if item else 'its item'} "
               f"({lo:g}–{hi:g}); got {v!r}")
        values[key] = float(v) if not float(v).is_integer() else int(v)
    thresholds = Thresholds(**values)
    p.need(thresholds.detractor_max < thresholds.promoter_min, "thresholds",
           f"detractor_max ({thresholds.detractor_max}) must be below promoter_min "
           f"({thresholds.promoter_min})")
    p.need(thresholds.repurchase_weak <= thresholds.repurchase_strong, "thresholds",
           f"repurchase_weak ({thresholds.repurchase_weak}) must not exceed repurchase_strong "
           f"({thresholds.repurchase_strong})")
    return thresholds


def _goals(p: "_Parser", raw: Any) -> dict[str, float]:
    goals = {}
    for k, v in p.mapping(raw, "goals").items():
        p.need(k in GOAL_RANGES, f"goals.{k}", f"a goal names an index: "
               f"{', '.join(GOAL_RANGES)}{_suggest(k, tuple(GOAL_RANGES))}")
        lo, hi = GOAL_RANGES[k]
        p.need(_is_number(v) and lo <= v <= hi, f"goals.{k}",
               f"must be a number from {lo} to {hi}; got {v!r}")
        goals[str(k)] = float(v)
    return goals


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _suggest(word: Any, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _labels(spec: dict[str, Any], fallback: str) -> tuple[str, str]:
    en = str(spec.get("label_en", fallback))
    return en, str(spec.get("label_ko", en))


def _tier(spec: dict[str, Any], tid: str) -> tuple[str, str, str]:
    en = str(spec.get("label_en", tid))
    return en, str(spec.get("metal", en)), str(spec.get("label_ko", en))


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, msg: str) -> None:
        raise CodebookError(f"{self.source}: {where}: {msg}")

    def need(self, ok: Any, where: str, msg: str) -> None:
        if not ok:
            self.fail(where, msg)

    def mapping(self, spec: Any, where: str) -> dict[str, Any]:
        """``spec`` as a mapping (empty when absent); anything else is an error."""
        if spec is None:
            return {}
        self.need(isinstance(spec, dict), where, f"must be a mapping of entries; got {spec!r}")
        return spec

    def flag(self, spec: dict[str, Any], key: str, default: bool, where: str) -> bool:
        """A yes/no entry (``true``/``false``)."""
        v = spec.get(key, default)
        self.need(isinstance(v, bool), f"{where}.{key}", f"must be true or false; got {v!r}")
        return v

    def numbers(self, values: Any, where: str) -> tuple[float, ...]:
        self.need(isinstance(values, (list, tuple)) and all(_is_number(x) for x in values),
                  where, f"must be a list of numbers; got {values!r}")
        return tuple(float(x) for x in values)

    def scale(self, rng: Iterable[Any] | None, where: str) -> tuple[float, float]:
        ok = isinstance(rng, (list, tuple)) and len(rng) == 2 and all(_is_number(x) for x in rng)
        self.need(ok, where, f"a scale is [min, max] (two numbers); got {rng!r}")
        lo, hi = (float(x) for x in rng)  # type: ignore[union-attr]
        self.need(lo < hi, where, f"min must be below max; got {rng!r}")
        return lo, hi
