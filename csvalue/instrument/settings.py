"""Analysis settings: the model choices that are not part of the survey instrument.

Defaults live here; a YAML file passed as ``--config`` overrides any of them, e.g.::

    cls_weights: {repurchase: 0.32, recommend: 0.68}   # fixed instead of estimated
    cvi_weights: {cs: 0.5, cls: 0.5}
    seed: 7

Every key is checked when the file is read (:func:`load_settings`): an unknown key, a value of
the wrong type, a choice that does not exist or a number out of range stops with a
:class:`~csvalue.errors.ConfigError` naming the file, the key, the value and what is allowed.

Keys and what they accept:

- ``seed``: a whole number 0 … 2³²−1 (bootstrap, parallel analysis, k-means);
- ``alpha``: a number strictly between 0 and 1 (significance level of the impacts);
- ``cls_weights``: ``{repurchase: w, recommend: 1 − w}`` (numbers ≥ 0 summing to 1),
  ``source`` (the source case's 0.32 / 0.68) or empty (estimated on the base wave);
- ``cvi_weights``: ``{cs: w, cls: 1 − w}`` (numbers ≥ 0 summing to 1);
- ``n_boot``: a whole number ≥ 0 (bootstrap resamples; 0 = no impact intervals);
- ``bootstrap_rows``: a whole number ≥ 1000: a model with more complete rows than this
  resamples blocks of rows instead of rows (the cost no longer grows with the wave);
  ``bootstrap_blocks``: a whole number ≥ 100, how many blocks (each ≥ 10 rows at the switch);
- ``simulation_delta``: a number ≠ 0 ("+Δ points" per benefit);
- ``simulation_paths``: ``significant`` or ``all``;
- ``crosshair``: ``mean``, ``scale`` or ``[x, y]`` (two numbers);
- ``n_factors``: ``parallel``, ``kaiser`` or a whole number ≥ 1;
- ``rotation``: ``none`` or a factor_analyzer rotation (:data:`ROTATIONS`);
- ``k``: ``silhouette`` or a whole number ≥ 2; ``k_range``: ``[low, high]`` with 2 ≤ low ≤ high;
- ``cluster_sample_max``: a whole number ≥ 10;
- ``cls_weights_source``: a note on where fixed weights came from (set by a model.json);
- ``language``: the report's edition when ``csvalue build`` is given no ``--lang``: ``en``
  (English) or ``ko`` (Korean).
- ``p_adjust``: ``holm`` (default), ``bh`` or ``none`` — how the p-values of a family of tests
  are adjusted (:mod:`csvalue.stats.multitest`);
- ``stability_threshold``: a number strictly between 0.5 and 1 (default 0.7): a strategy call
  that fewer resamples than this share repeat is shown as borderline.
- ``weighting``: survey weights raked to target margins, e.g.
  ``{margins: {division: {emr: 0.4, pms: 0.35, lab: 0.25}}, trim: [0.3, 3.0]}``:
  ``margins`` maps a profile item to the target share of each of its levels (numbers ≥ 0
  adding up to 1); the optional ``trim`` bounds each weight to ``[low, high]`` times the
  mean weight (0 < low ≤ 1 ≤ high). The raking starts from the codebook's weight column
  when there is one (:func:`csvalue.stats.weights.rake`).
- ``goal_caps``: the most a goal path may raise one benefit, in points on 0–100: a number
  for every benefit, or ``{default: x, <benefit>: y}`` (numbers ≥ 0);
- ``initiatives``: the initiative catalogue of the action plan: ``source`` (the source case's
  initiatives for the shipped instrument), empty (no catalogue) or ``{<benefit>: [{label_en,
  label_ko, owner_en, owner_ko, horizon}, …]}`` (``label_en``, ``owner_en`` and ``horizon``
  — one of :data:`HORIZONS` — required);
- ``nps_norm``: ``[low, high]``, the NPS band the source calls average (5 to 10).

**Reusing a previous run's weights.** ``--config`` also accepts the ``model.json`` that
``csvalue analyze`` (or ``build``) wrote: its recorded ``settings`` are used, with its
``cls_weights`` (the weights that run actually used) fixed. Analysing a later wave with
``--config results/model.json`` therefore reuses the base wave's CLS weights, so that trends
compare like with like (every wave scored with the same weights); the new ``model.json`` says
where the weights came from (``cls_weights_source``).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from csvalue.errors import ConfigError
from csvalue.instrument.wording import brief as _r

#: The source case's published loyalty weights, offered as a preset (`cls_weights: source`).
SOURCE_CLS_WEIGHTS = {"repurchase": 0.32, "recommend": 0.68}
#: The keys of each weight mapping.
WEIGHT_KEYS = {"cls_weights": ("repurchase", "recommend"), "cvi_weights": ("cs", "cls")}
#: Rotations factor_analyzer 0.5 offers (tests/test_settings.py checks the list against it).
ROTATIONS = ("none", "varimax", "oblimax", "quartimax", "equamax", "geomin_ort", "promax",
             "oblimin", "quartimin", "geomin_obl")
#: Fixed choices of the text-valued settings.
CHOICES = {"simulation_paths": ("significant", "all"), "crosshair": ("mean", "scale"),
           "n_factors": ("parallel", "kaiser"), "k": ("silhouette",), "rotation": ROTATIONS,
           "language": ("en", "ko"), "p_adjust": ("holm", "bh", "none")}
SEED_MAX = 2 ** 32 - 1
#: How soon an initiative of the catalogue is to deliver.
HORIZONS = ("short", "medium", "long")
#: The entries of one initiative, and those it must have.
INITIATIVE_KEYS = ("label_en", "label_ko", "owner_en", "owner_ko", "horizon")
INITIATIVE_REQUIRED = ("label_en", "owner_en", "horizon")


@dataclass(frozen=True)
class Settings:
    """Model settings. All fields have defaults; see :func:`load_settings`.

    Values are checked on construction (a :class:`ConfigError` names the field).

    Examples
    --------
    >>> Settings().alpha
    0.05
    >>> Settings(seed=7).seed
    7
    """

    seed: int = 20240601
    alpha: float = 0.05                    # significance level for the impact filter
    cls_weights: dict[str, float] | None = None   # None = estimate from CS impacts
    cvi_weights: dict[str, float] = field(default_factory=lambda: {"cs": 0.5, "cls": 0.5})
    n_boot: int = 1000                     # bootstrap resamples for impact intervals
    bootstrap_rows: int = 20_000           # above this many rows, resample blocks of rows
    bootstrap_blocks: int = 2_000          # … this many (≥ 10 rows each at the switch)
    simulation_delta: float = 0.5          # "+Δ points" per benefit in the simulation table
    simulation_paths: str = "significant"  # paths the simulation uses: "significant" or "all"
    crosshair: str | tuple[float, float] = "mean"  # "mean", "scale" or fixed (x, y)
    n_factors: str | int = "parallel"      # "parallel", "kaiser" or a fixed number
    rotation: str = "varimax"
    k: str | int = "silhouette"            # "silhouette" or a fixed number of segments
    k_range: tuple[int, int] = (3, 8)
    cluster_sample_max: int = 50_000       # above this, fit k-means on a seeded sample
    cls_weights_source: str | None = None  # where fixed cls_weights came from (a model.json)
    language: str = "en"                   # the book's edition without --lang: "en" or "ko"
    p_adjust: str = "holm"                 # p-values of a family of tests: holm, bh or none
    stability_threshold: float = 0.7       # a call fewer resamples repeat is borderline
    weighting: dict[str, Any] | None = None  # {margins: {item: {level: share}}, trim: [lo, hi]}
    goal_caps: float | dict[str, float] = 10.0    # most a goal path raises one benefit (0–100)
    initiatives: str | dict[str, Any] | None = "source"   # the action plan's catalogue
    nps_norm: tuple[float, float] = (5.0, 10.0)  # the NPS band the source calls average

    def __post_init__(self) -> None:
        checked = check_settings({f.name: getattr(self, f.name) for f in fields(self)},
                                 "settings", weights_sum_to_one=False)
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------------------
# Checking values
# ---------------------------------------------------------------------------------------

def _fail(where: str, key: str, value: Any, allowed: str) -> ConfigError:
    return ConfigError(f"{where}: {key}: got {_r(value)}; {allowed}")


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _number(where: str, key: str, v: Any, allowed: str) -> float:
    """A finite number; numeric text is accepted (YAML 1.1 reads ``5e-2`` as text)."""
    if isinstance(v, str):
        try:
            v = float(v)
        except ValueError:
            raise _fail(where, key, v, allowed) from None
    if not _is_number(v):
        raise _fail(where, key, v, allowed)
    return float(v)


def _whole(where: str, key: str, v: Any, allowed: str, low: int, high: int | None = None) -> int:
    if not _is_number(v) or float(v) != int(v) or v < low or (high is not None and v > high):
        raise _fail(where, key, v, allowed)
    return int(v)


def _suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1)
    return f" (did you mean {_r(close[0])}?)" if close else ""


def _weights(where: str, key: str, w: Any, sum_to_one: bool) -> dict[str, float]:
    need = WEIGHT_KEYS[key]
    allowed = (f"{key} is a mapping {{{need[0]}: w, {need[1]}: 1 − w}} of numbers ≥ 0 "
               f"summing to 1" + (" (or 'source' for the source case's 0.32 / 0.68, or empty "
                                  "to estimate them)" if key == "cls_weights" else ""))
    if not isinstance(w, dict):
        raise _fail(where, key, w, allowed)
    unknown = [k for k in w if k not in need]
    if unknown:
        raise ConfigError(f"{where}: {key}: unknown key {_r(unknown[0])}"
                          f"{_suggest(unknown[0], need)}; {allowed}")
    missing = [k for k in need if k not in w]
    if missing:
        raise ConfigError(f"{where}: {key}: the key {_r(missing[0])} is missing; {allowed}")
    out = {}
    for k in need:
        v = w[k]
        if isinstance(v, str):
            try:
                v = float(v)
            except ValueError:
                pass
        if not _is_number(v) or v < 0:
            raise ConfigError(f"{where}: {key}.{k}: got {_r(w[k])}; {allowed}")
        out[k] = float(v)
    total = sum(out.values())
    if total <= 0 or (sum_to_one and abs(total - 1) > 1e-6):
        raise ConfigError(f"{where}: {key}: got {_r(w)} (sum {total:g}); {allowed}")
    return out


def _goal_caps(where: str, v: Any) -> float | dict[str, float]:
    allowed = ("goal_caps is a number of points (0–100) ≥ 0, or a mapping {default: x, "
               "<benefit id>: y} of such numbers")
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if not isinstance(k, str) or not _is_number(x) or not 0 <= x <= 100:
                raise ConfigError(f"{where}: goal_caps.{k}: got {_r(x)}; {allowed}")
            out[k] = float(x)
        return out
    if not _is_number(v) or not 0 <= v <= 100:
        raise _fail(where, "goal_caps", v, allowed)
    return float(v)


def check_initiatives(v: Any, where: str = "settings") -> str | dict[str, Any] | None:
    """The initiative catalogue checked: ``source``, empty, or benefit → initiatives.

    Benefit ids are checked against the codebook where the plan is made
    (:mod:`csvalue.model.action_plan`); here every entry's keys and values.

    Example
    -------
    >>> check_initiatives({"speed": [{"label_en": "Faster screens", "owner_en": "Product",
    ...                               "horizon": "short"}]})["speed"][0]["label_ko"]
    'Faster screens'
    >>> check_initiatives({"speed": [{"label_en": "Faster", "owner_en": "x", "horizn": "short"}]})
    Traceback (most recent call last):
    ...
    csvalue.errors.ConfigError: settings: initiatives.speed[1]: unknown key 'horizn' (did you mean 'horizon'?); an initiative has label_en, label_ko, owner_en, owner_ko, horizon (label_en, owner_en and horizon required; horizon one of short, medium, long)
    """
    allowed = (f"an initiative has {', '.join(INITIATIVE_KEYS)} (label_en, owner_en and "
               f"horizon required; horizon one of {', '.join(HORIZONS)})")
    if v is None or v == "source" or v == {}:
        return None if v == {} else v
    if not isinstance(v, dict):
        raise _fail(where, "initiatives", v, "initiatives is 'source', empty, or a mapping "
                    "of benefit ids to lists of initiatives")
    out: dict[str, Any] = {}
    for benefit, entries in v.items():
        at = f"{where}: initiatives.{benefit}"
        if not isinstance(entries, (list, tuple)) or not entries:
            raise ConfigError(f"{at}: got {_r(entries)}; a benefit lists one or more "
                              f"initiatives; {allowed}")
        checked = []
        for i, entry in enumerate(entries, 1):
            if not isinstance(entry, dict):
                raise ConfigError(f"{at}[{i}]: got {_r(entry)}; {allowed}")
            for k in entry:
                if k not in INITIATIVE_KEYS:
                    raise ConfigError(f"{at}[{i}]: unknown key {_r(k)}"
                                      f"{_suggest(k, INITIATIVE_KEYS)}; {allowed}")
            for k in INITIATIVE_REQUIRED:
                if k not in entry:
                    raise ConfigError(f"{at}[{i}]: the key {_r(k)} is missing; {allowed}")
            for k, x in entry.items():
                if not isinstance(x, str) or not x.strip():
                    raise ConfigError(f"{at}[{i}].{k}: got {_r(x)}; a non-empty text")
            if entry["horizon"] not in HORIZONS:
                raise ConfigError(f"{at}[{i}].horizon: got {_r(entry['horizon'])}"
                                  f"{_suggest(entry['horizon'], HORIZONS)}; one of "
                                  f"{', '.join(HORIZONS)}")
            checked.append({"label_en": entry["label_en"],
                            "label_ko": entry.get("label_ko", entry["label_en"]),
                            "owner_en": entry["owner_en"],
                            "owner_ko": entry.get("owner_ko", entry["owner_en"]),
                            "horizon": entry["horizon"]})
        out[str(benefit)] = checked
    return out


def check_settings(values: dict[str, Any], where: str = "settings", *,
                   weights_sum_to_one: bool = True) -> dict[str, Any]:
    """The given settings checked and normalised (tuples for pairs, floats for weights).

    ``values`` holds any subset of the :class:`Settings` fields. ``where`` (a file name) starts
    every message. ``weights_sum_to_one``: a file's weights must sum to 1; weights passed to
    :class:`Settings` in code are normalised where they are used.

    Raises
    ------
    ConfigError
        naming ``where``, the key, the value and what is allowed.

    Example
    -------
    >>> check_settings({"crosshair": [50, 0.1], "alpha": "5e-2"})
    {'crosshair': (50.0, 0.1), 'alpha': 0.05}
    """
    out: dict[str, Any] = {}
    for key, v in values.items():
        if key == "seed":
            out[key] = _whole(where, key, v, f"seed is a whole number from 0 to {SEED_MAX}",
                              0, SEED_MAX)
        elif key == "alpha":
            a = _number(where, key, v, "alpha is a number between 0 and 1 (e.g. 0.05)")
            if not 0 < a < 1:
                raise _fail(where, key, v, "alpha is a number between 0 and 1 (e.g. 0.05)")
            out[key] = a
        elif key == "cls_weights":
            if v is None:
                out[key] = None
            elif v == "source":
                out[key] = dict(SOURCE_CLS_WEIGHTS)
            else:
                out[key] = _weights(where, key, v, weights_sum_to_one)
        elif key == "cvi_weights":
            out[key] = _weights(where, key, v, weights_sum_to_one)
        elif key == "n_boot":
            out[key] = _whole(where, key, v, "n_boot is a whole number ≥ 0 (bootstrap "
                              "resamples; 0 = no impact intervals)", 0)
        elif key == "bootstrap_rows":
            out[key] = _whole(where, key, v, "bootstrap_rows is a whole number ≥ 1000 (rows "
                              "above which the bootstrap resamples blocks of rows)", 1000)
        elif key == "bootstrap_blocks":
            out[key] = _whole(where, key, v, "bootstrap_blocks is a whole number ≥ 100", 100)
        elif key == "simulation_delta":
            d = _number(where, key, v, "simulation_delta is a number of scale points ≠ 0")
            if d == 0:
                raise _fail(where, key, v, "simulation_delta is a number of scale points ≠ 0")
            out[key] = d
        elif key == "stability_threshold":
            allowed = "stability_threshold is a share between 0.5 and 1 (e.g. 0.7)"
            t = _number(where, key, v, allowed)
            if not 0.5 < t < 1:
                raise _fail(where, key, v, allowed)
            out[key] = t
        elif key in ("simulation_paths", "rotation", "language", "p_adjust"):
            text = "none" if key == "rotation" and v is None else v
            if text not in CHOICES[key]:
                raise _fail(where, key, v, f"{key} is one of {', '.join(CHOICES[key])}"
                            + (_suggest(text, CHOICES[key]) if isinstance(text, str) else ""))
            out[key] = text
        elif key == "crosshair":
            allowed = "crosshair is 'mean', 'scale' or [x, y] (two numbers)"
            if isinstance(v, str):
                if v not in CHOICES[key]:
                    raise _fail(where, key, v, allowed + _suggest(v, CHOICES[key]))
                out[key] = v
            elif isinstance(v, (list, tuple)) and len(v) == 2 and all(map(_is_number, v)):
                out[key] = (float(v[0]), float(v[1]))
            else:
                raise _fail(where, key, v, allowed)
        elif key in ("n_factors", "k"):
            low = 1 if key == "n_factors" else 2
            allowed = f"{key} is {' or '.join(repr(c) for c in CHOICES[key])} or a whole number ≥ {low}"
            if isinstance(v, str):
                if v not in CHOICES[key]:
                    raise _fail(where, key, v, allowed + _suggest(v, CHOICES[key]))
                out[key] = v
            else:
                out[key] = _whole(where, key, v, allowed, low)
        elif key == "k_range":
            allowed = "k_range is [low, high]: whole numbers with 2 ≤ low ≤ high"
            if not (isinstance(v, (list, tuple)) and len(v) == 2):
                raise _fail(where, key, v, allowed)
            lo, hi = (_whole(where, key, x, allowed, 2) for x in v)
            if lo > hi:
                raise _fail(where, key, v, allowed)
            out[key] = (lo, hi)
        elif key == "cluster_sample_max":
            out[key] = _whole(where, key, v, "cluster_sample_max is a whole number ≥ 10", 10)
        elif key == "weighting":
            out[key] = _weighting(where, v)
        elif key == "goal_caps":
            out[key] = _goal_caps(where, v)
        elif key == "initiatives":
            out[key] = check_initiatives(v, where)
        elif key == "nps_norm":
            allowed = "nps_norm is [low, high]: two NPS points with low ≤ high (e.g. [5, 10])"
            if not (isinstance(v, (list, tuple)) and len(v) == 2 and all(map(_is_number, v))
                    and v[0] <= v[1]):
                raise _fail(where, key, v, allowed)
            out[key] = (float(v[0]), float(v[1]))
        elif key == "cls_weights_source":
            if v is not None and not isinstance(v, str):
                raise _fail(where, key, v, "cls_weights_source is a text note or empty")
            out[key] = v
        else:
            known = [f.name for f in fields(Settings)]
            raise ConfigError(f"{where}: unknown key {_r(key)}{_suggest(key, known)}; "
                              f"known: {', '.join(known)}")
    return out


def _weighting(where: str, v: Any) -> dict[str, Any] | None:
    """The ``weighting`` key checked: target margins (shares adding up to 1) and trim bounds."""
    if v is None:
        return None
    allowed = ("weighting is {margins: {item: {level: share, …}, …}, trim: [low, high]} "
               "(trim optional)")
    if not isinstance(v, dict) or set(v) - {"margins", "trim"} or not v.get("margins"):
        raise _fail(where, "weighting", v, allowed)
    margins = v["margins"]
    if not isinstance(margins, dict):
        raise _fail(where, "weighting.margins", margins, allowed)
    out: dict[str, dict[str, float]] = {}
    for item, shares in margins.items():
        key = f"weighting.margins.{item}"
        if not isinstance(shares, dict) or not shares:
            raise _fail(where, key, shares, "the target share of each level: {level: share}")
        row = {str(lev): _number(where, f"{key}.{lev}", x, "a share is a number ≥ 0")
               for lev, x in shares.items()}
        if min(row.values()) < 0 or abs(sum(row.values()) - 1) > 1e-6:
            raise _fail(where, key, shares, f"the shares are numbers ≥ 0 adding up to 1 "
                        f"(these add up to {sum(row.values()):g})")
        out[str(item)] = row
    trim = v.get("trim")
    if trim is not None:
        ok = (isinstance(trim, (list, tuple)) and len(trim) == 2 and all(map(_is_number, trim))
              and 0 < trim[0] <= 1 <= trim[1])
        if not ok:
            raise _fail(where, "weighting.trim", trim, "trim is [low, high] with "
                        "0 < low ≤ 1 ≤ high (bounds of weight / mean weight)")
        trim = (float(trim[0]), float(trim[1]))
    return {"margins": out, "trim": trim}


# ---------------------------------------------------------------------------------------
# Reading a settings file
# ---------------------------------------------------------------------------------------

def _read(path: Path) -> Any:
    """A settings file parsed: YAML, or JSON for a ``.json`` file (a repeated key, a syntax
    error or an unreadable file is a :class:`ConfigError` naming the file and the line)."""
    from csvalue.instrument.yamlfile import parse_json, parse_yaml, read_text

    text = read_text(path, ConfigError, "settings")
    if path.suffix.lower() == ".json":
        return parse_json(text, str(path), ConfigError)
    return parse_yaml(text, str(path), ConfigError)


def is_model_record(data: Any) -> bool:
    """Whether a parsed settings file is a ``model.json`` written by ``csvalue analyze``."""
    return (isinstance(data, dict) and isinstance(data.get("settings"), dict)
            and "cls_weights" in data and "cls_weights_source" in data)


def _from_model(model: dict[str, Any], path: Path) -> dict[str, Any]:
    """The settings a previous run recorded, with the CLS weights it used fixed."""
    data = dict(model["settings"])
    if model.get("cls_weights") is not None:
        data["cls_weights"] = model["cls_weights"]
        data["cls_weights_source"] = data.get("cls_weights_source") or (
            f"reused from {path}, where they were {model['cls_weights_source']}")
    return data


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from a YAML file or a previous run's ``model.json`` (defaults when ``path``
    is None), then ``overrides``.

    Raises
    ------
    ConfigError
        naming the file, the unknown or malformed key, its value and what is allowed.

    Examples
    --------
    >>> load_settings(seed=7, cls_weights="source").cls_weights
    {'repurchase': 0.32, 'recommend': 0.68}
    >>> load_settings(crosshair="middle")
    Traceback (most recent call last):
    ...
    csvalue.errors.ConfigError: settings: crosshair: got 'middle'; crosshair is 'mean', 'scale' or [x, y] (two numbers)
    """
    data: dict[str, Any] = {}
    where = "settings"
    if path is not None:
        path = Path(path)
        where = str(path)
        raw = _read(path)
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: settings are a mapping of keys to values; got "
                              f"{type(raw).__name__}")
        if is_model_record(raw):
            raw = _from_model(raw, path)
            where = f"{path} (settings recorded by a previous run)"
        data = dict(raw)
    data.update(overrides)
    data = check_settings(data, where)
    return replace(Settings(), **data)
