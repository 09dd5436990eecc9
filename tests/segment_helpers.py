"""A small wave with a known segment structure, for the segmentation tests.

Independent of ``csvalue.instrument.synth``: each respondent belongs to one of the codebook's factors'
segments; that segment raises the expectation items of its factor (so the factor structure
is the codebook's), and repurchase/recommend shift with the segment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def latent_wave(codebook, n: int = 1200, seed: int = 0, shares=None) -> tuple[pd.DataFrame, np.ndarray]:
    """A wave of ``n`` respondents and each one's true segment (index into codebook.factors)."""
    rng = np.random.default_rng(seed)
    factors = codebook.factors
    m = len(factors)
    shares = np.full(m, 1 / m) if shares is None else np.asarray(shares) / np.sum(shares)
    truth = rng.choice(m, n, p=shares)
    # a common factor score per factor (what factor analysis finds) plus the segment's lift
    f = rng.normal(size=(n, m)) * 0.5 + 2.0 * np.eye(m)[truth]
    data = {"resp_id": [f"r{i:05d}" for i in range(n)], "wave": "test"}
    for j, fac in enumerate(factors):
        for item in fac.items:
            x = 2.2 + f[:, j] + 0.4 * rng.normal(size=n)
            data[item] = np.clip(np.rint(x), 1, 5)
    for it in codebook.block("profile"):
        if it.kind == "category":
            data[it.id] = rng.choice(list(it.categories), n)
        else:
            data[it.id] = np.round(rng.uniform(0, 20, n), 1)
    lift = np.linspace(-0.8, 0.8, m)[truth]
    data["repurchase"] = np.clip(np.rint(3.8 + lift + 0.8 * rng.normal(size=n)), 1, 5)
    data["recommend"] = np.clip(np.rint(7.2 + 2 * lift + 1.6 * rng.normal(size=n)), 0, 10)
    return pd.DataFrame(data), truth


def simple_scores(data: pd.DataFrame) -> pd.DataFrame:
    """Respondent indices for the tests (cs100 from repurchase as a stand-in, cls, cvi)."""
    rep100 = (data["repurchase"] - 1) / 4 * 100
    rec100 = data["recommend"] * 10
    cls = 0.5 * rep100 + 0.5 * rec100
    return pd.DataFrame({"resp_id": data["resp_id"], "wave": data["wave"], "cs100": rep100,
                         "cls": cls, "cvi": (rep100 + cls) / 2}, index=data.index)
