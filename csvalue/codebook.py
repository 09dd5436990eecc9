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

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

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
    repo = Path(__file__).resolve().parent.parent / "data" / "codebook.yml"
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


def parse_codebook(raw: dict[str, Any], source: str = "<dict>") -> Codebook:
    """Build a :class:`Codebook` from the parsed YAML mapping."""
    p = _Parser(source)
    items: list[Item] = []

    ids = raw.get("id") or {}
    p.need(isinstance(ids, dict) and "resp_id" in ids, "id", "needs a resp_id entry")
    for iid in ("resp_id", "wave"):
        spec = ids.get(iid)
        if spec is None:
            continue
        items.append(Item(iid, str(spec.get("column", iid)), "id", "text",
                          *_labels(spec, iid), required=iid == "resp_id"))

    for pid, spec in (raw.get("profile") or {}).items():
        spec = spec or {}
        where = f"profile.{pid}"
        if "categories" in spec:
            cats = spec["categories"]
            p.need(isinstance(cats, dict) and cats, where, "categories must be a non-empty mapping")
            codes = tuple(str(c) for c in cats)
            clabels = tuple((str(c), *_labels(v or {}, str(c))) for c, v in cats.items())
            items.append(Item(pid, str(spec.get("column", pid)), "profile", "category",
                              *_labels(spec, pid), categories=codes, category_labels=clabels,
                              required=bool(spec.get("required", True))))
        else:
            rng = spec.get("numeric")
            scale = p.scale(rng, where + ".numeric") if rng is not None else None
            bands = None
            if spec.get("bands"):
                edges = tuple(float(e) for e in spec["bands"]["edges"])
                labels = tuple(str(x) for x in spec["bands"]["labels"])
                p.need(len(labels) == len(edges) - 1, where + ".bands",
                       "needs one label fewer than edges")
                bands = (edges, labels)
            items.append(Item(pid, str(spec.get("column", pid)), "profile", "numeric",
                              *_labels(spec, pid), scale=scale, bands=bands,
                              required=bool(spec.get("required", True))))

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
        scale = p.scale(spec.get("scale"), f"{layer}.scale")
        sat_prefix = spec.get("satisfaction_prefix", sp)
        exp_prefix = spec.get("expectation_prefix", xp)
        entries = spec.get("items") or {}
        p.need(isinstance(entries, dict) and entries, f"{layer}.items", "must list at least one item")
        for cid, ispec in entries.items():
            ispec = ispec or {}
            where = f"{layer}.items.{cid}"
            level = ispec.get("level")
            if layer == "values" and level is not None:
                p.need(level in VALUE_LEVELS, where, f"level must be one of {VALUE_LEVELS}")
            en, ko = _labels(ispec, cid)
            store.append(Concept(str(cid), en, ko, level, bool(ispec.get("upper", False))))
            iscale = p.scale(ispec["scale"], where + ".scale") if "scale" in ispec else scale
            items.append(Item(sp + str(cid), str(ispec.get("column", f"{sat_prefix}{cid}")), blk,
                              "scale", en, ko, scale=iscale, key=str(cid)))
            if exp_prefix is not None and ispec.get("expectation", True) is not False:
                items.append(Item(xp + str(cid),
                                  str(ispec.get("expectation_column", f"{exp_prefix}{cid}")),
                                  xblk, "scale", f"Expected: {en}", f"기대: {ko}",
                                  scale=iscale, key=str(cid),
                                  required=bool(ispec.get("expectation_required", True))))
    p.need(sum(c.upper for c in value_concepts) <= 1, "values", "at most one value can be upper")

    idx = raw.get("indices") or {}
    for iid in ("cs", "repurchase", "recommend"):
        p.need(iid in idx, "indices", f"needs an entry for {iid!r}")
        spec = idx[iid] or {}
        items.append(Item(iid, str(spec.get("column", iid)), "index", "scale", *_labels(spec, iid),
                          scale=p.scale(spec.get("scale"), f"indices.{iid}.scale"), key=iid))

    comp = raw.get("competitor")
    if comp:
        scale = p.scale(comp.get("scale"), "competitor.scale")
        ov = comp.get("overall") or {}
        items.append(Item("comp_cs", str(ov.get("column", "comp_cs")), "competitor", "scale",
                          *_labels(ov, "comp_cs"), scale=scale, key="cs", required=False))
        prefix = comp.get("value_prefix", "comp_v_")
        for c in value_concepts:
            items.append(Item(f"comp_v_{c.id}", f"{prefix}{c.id}", "competitor", "scale",
                              f"Competitor: {c.label_en}", f"경쟁사: {c.label_ko}",
                              scale=scale, key=c.id, required=False))

    pers = raw.get("personality")
    if pers:
        scale = p.scale(pers.get("scale"), "personality.scale")
        for iid, spec in (pers.get("items") or {}).items():
            spec = spec or {}
            sub = str(spec.get("subscale", "")).upper()
            p.need(sub in ("D", "I", "S", "C"), f"personality.items.{iid}", "subscale must be D, I, S or C")
            items.append(Item(str(iid), str(spec.get("column", iid)), "personality", "scale",
                              *_labels(spec, iid), scale=scale, key=sub, required=False))

    voc = raw.get("voc")
    if voc:
        items.append(Item("voc", str(voc.get("column", "voc")), "voc", "text",
                          *_labels(voc, "voc"), required=False))

    # one file column per item
    seen: dict[str, str] = {}
    for it in items:
        p.need(it.column not in seen, it.id,
               f"column {it.column!r} is already used by {seen.get(it.column)!r}")
        seen[it.column] = it.id

    th = raw.get("thresholds") or {}
    unknown = set(th) - set(Thresholds.__dataclass_fields__)
    p.need(not unknown, "thresholds", f"unknown entries {sorted(unknown)}")
    thresholds = Thresholds(**th)
    p.need(thresholds.detractor_max < thresholds.promoter_min, "thresholds",
           "detractor_max must be below promoter_min")
    p.need(thresholds.repurchase_weak <= thresholds.repurchase_strong, "thresholds",
           "repurchase_weak must not exceed repurchase_strong")

    goals = {str(k): float(v) for k, v in (raw.get("goals") or {}).items()}

    all_ids = {it.id for it in items}
    factors = []
    for fid, spec in (raw.get("factors") or {}).items():
        spec = spec or {}
        fitems = tuple(str(x) for x in spec.get("items", ()))
        missing = [x for x in fitems if x not in all_ids]
        p.need(not missing, f"factors.{fid}", f"names items the codebook does not define: {missing}")
        seg = spec.get("segment") or {}
        en, ko = _labels(spec, fid)
        factors.append(Factor(str(fid), en, ko, fitems, str(seg.get("id", fid)),
                              *_labels(seg, str(seg.get("id", fid)))))

    tiers = tuple((str(t), *(_tier(v or {}, str(t)))) for t, v in (raw.get("loyalty_tiers") or {}).items())
    inst = raw.get("instrument") or {}
    return Codebook(
        name=str(inst.get("name", "survey")), items=tuple(items),
        benefit_concepts=tuple(benefit_concepts), value_concepts=tuple(value_concepts),
        thresholds=thresholds, goals=goals, factors=tuple(factors), tiers=tiers,
        synthetic=bool(inst.get("synthetic", False)), source=source,
    )


def _labels(spec: dict[str, Any], fallback: str) -> tuple[str, str]:
    en = str(spec.get("label_en", fallback))
    return en, str(spec.get("label_ko", en))


def _tier(spec: dict[str, Any], tid: str) -> tuple[str, str, str]:
    en = str(spec.get("label_en", tid))
    return en, str(spec.get("metal", en)), str(spec.get("label_ko", en))


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def need(self, ok: bool, where: str, msg: str) -> None:
        if not ok:
            raise CodebookError(f"{self.source}: {where}: {msg}")

    def scale(self, rng: Iterable[Any] | None, where: str) -> tuple[float, float]:
        try:
            lo, hi = (float(x) for x in rng)  # type: ignore[union-attr]
        except (TypeError, ValueError):
            raise CodebookError(f"{self.source}: {where}: a scale is [min, max]; got {rng!r}") from None
        self.need(lo < hi, where, f"min must be below max; got {rng!r}")
        return lo, hi
