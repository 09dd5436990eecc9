"""Analysis settings: the model choices that are not part of the survey instrument.

Defaults live here; a YAML file passed as ``--config`` overrides any of them, e.g.::

    cls_weights: {repurchase: 0.32, recommend: 0.68}   # fixed instead of estimated
    cvi_weights: {cs: 0.5, cls: 0.5}
    seed: 7
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from csvalue.errors import ConfigError

#: The source case's published loyalty weights, offered as a preset (`cls_weights: source`).
SOURCE_CLS_WEIGHTS = {"repurchase": 0.32, "recommend": 0.68}


@dataclass(frozen=True)
class Settings:
    """Model settings. All fields have defaults; see :func:`load_settings`.

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
    simulation_delta: float = 0.5          # "+Δ points" per benefit in the simulation table
    simulation_paths: str = "significant"  # paths the simulation uses: "significant" or "all"
    crosshair: str = "mean"                # "mean" of the items, or "scale" (scale midpoint)
    n_factors: str | int = "parallel"      # "parallel", "kaiser" or a fixed number
    rotation: str = "varimax"
    k: str | int = "silhouette"            # "silhouette" or a fixed number of segments
    k_range: tuple[int, int] = (3, 8)
    cluster_sample_max: int = 50_000       # above this, fit k-means on a seeded sample

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from a YAML file (defaults when ``path`` is None), then ``overrides``.

    Raises
    ------
    ConfigError
        naming the file and the unknown or malformed key.
    """
    data: dict[str, Any] = {}
    if path is not None:
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such settings file") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: settings are a mapping of keys to values")
    data.update(overrides)
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path or 'settings'}: unknown keys {unknown}; known: {sorted(known)}")
    if data.get("cls_weights") == "source":
        data["cls_weights"] = dict(SOURCE_CLS_WEIGHTS)
    if "k_range" in data:
        data["k_range"] = tuple(data["k_range"])
    for key in ("cls_weights", "cvi_weights"):
        w = data.get(key)
        if w is not None:
            if not isinstance(w, dict) or abs(sum(float(v) for v in w.values()) - 1) > 1e-9:
                raise ConfigError(f"{path or 'settings'}: {key} must be a mapping summing to 1; got {w!r}")
            data[key] = {str(k): float(v) for k, v in w.items()}
    return replace(Settings(), **data)
