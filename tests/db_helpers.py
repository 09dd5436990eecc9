"""Test helpers for the database tests: a scored wave made from the codebook."""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.pipeline import database as db
from csvalue.instrument.codebook import SCALE_BLOCKS


def scored_wave(codebook, n=60, seed=0, wave="2024", ids=None):
    """A scored wave with every codebook column: random answers on each item's scale,
    index and segment columns (the database stores, it does not compute)."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"resp_id": ids if ids is not None else [f"r{i:04d}" for i in range(n)]})
    n = len(df)
    df["wave"] = wave
    for it in codebook.block("profile"):
        if it.kind == "category":
            df[it.id] = rng.choice(it.categories, n).astype(object)
        else:
            df[it.id] = rng.uniform(*it.scale, n).round(1)
    for iid in codebook.ids(*SCALE_BLOCKS):
        lo, hi = codebook.item(iid).scale
        df[iid] = rng.integers(int(lo), int(hi) + 1, n).astype(float)
    df.loc[df.index[::7], "comp_cs"] = np.nan          # not every respondent rates the competitor
    df.loc[df.index[1], "division"] = np.nan
    df["voc"] = "private comment"
    for c in db.INDEX_COLUMNS:
        df[c] = rng.uniform(0, 100, n)
    df["value_segment"] = rng.choice(["work_value", "leisure_seeking"], n)
    df["loyalty_tier"] = rng.choice(["loyalist", "inferior"], n)
    return df
