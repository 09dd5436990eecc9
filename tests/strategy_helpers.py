"""Small instruments and hand-made impact tables for the strategy and simulation tests."""

from __future__ import annotations

import copy

import pandas as pd
import yaml

from csvalue.instrument.codebook import default_codebook_path, parse_codebook


def raw_codebook() -> dict:
    return yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))


def small_codebook(benefits: list[str] | None, values: dict[str, dict]):
    """The default instrument cut down to the given benefits (None = no benefit layer) and
    values (``{id: {"level": ..., "upper": ...}}``)."""
    raw = copy.deepcopy(raw_codebook())
    if benefits is None:
        raw.pop("benefits")
    else:
        raw["benefits"]["items"] = {b: {"label_en": b} for b in benefits}
    raw["values"]["items"] = {v: {"label_en": v, **spec} for v, spec in values.items()}
    raw.pop("factors", None)
    return parse_codebook(raw, source="<test>")


def impacts_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows (layer, outcome, predictor, b, impact) → an impacts table (impact None = n.s.)."""
    df = pd.DataFrame(rows, columns=["layer", "outcome", "predictor", "b", "impact"])
    df["impact"] = df["impact"].astype(float)
    return df
