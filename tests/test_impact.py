"""The impact layers on a codebook (csvalue.model.impact); the regression statistics are
tested in test_stats_regression.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csvalue.model.impact import IMPACT_COLUMNS, impact_layers, model_table
from csvalue.model.indices import respondent_scores
from csvalue.instrument.settings import Settings
from csvalue.instrument.synth import generate
from csvalue.stats.regression import standardized_ols


def test_impact_is_the_beta_where_significant():
    rng = np.random.default_rng(7)
    X = pd.DataFrame(rng.normal(size=(300, 3)), columns=["a", "b", "c"])
    d = X.assign(y=0.5 * X["a"] + 0.15 * X["b"] + rng.normal(size=300))
    for alpha in (0.05, 0.001):
        t = model_table(d, "y", ["a", "b", "c"], Settings(n_boot=0, alpha=alpha), layer=1)
        fit = standardized_ols(d, "y", ["a", "b", "c"])
        expected = fit.beta.where(fit.p_value < alpha).to_numpy()
        np.testing.assert_array_equal(t["impact"].to_numpy(), expected)
    assert t["impact"].notna().any() and t["impact"].isna().any()


def test_layers_on_a_wave(codebook):
    w = generate(1500, seed=8)
    t = impact_layers(w, respondent_scores(w, codebook), codebook, Settings(n_boot=200))
    assert list(t.columns) == IMPACT_COLUMNS
    assert set(t["layer"]) == {1, 2, 3, 4}
    for (layer, out), g in t.groupby(["layer", "outcome"]):
        if len(g) > 1:
            assert g["relative_weight"].sum() == pytest.approx(1)
            assert g["shapley"].sum() == pytest.approx(1)
    l1 = t[(t["layer"] == 1) & (t["outcome"] == "cvi")].set_index("predictor")
    assert set(l1.index) == set(codebook.values)
    assert (l1["ci_low"] <= l1["beta"]).all() and (l1["beta"] <= l1["ci_high"]).all()
    l3 = t[t["layer"] == 3]
    assert set(l3["predictor"]) == set(codebook.benefits)
    # b of CVI is in index points per value point; b of CS in CS points
    s = respondent_scores(w, codebook)
    ref = standardized_ols(w.assign(cvi=s["cvi"]), "cvi", codebook.value_cols)
    assert l1.loc["stability", "b"] == pytest.approx(ref.b["v_stability"])


def test_past_the_shapley_limit_the_model_still_fits_and_a_note_says_why():
    import copy

    import yaml

    from csvalue.instrument.codebook import default_codebook_path, parse_codebook
    from csvalue.model.impact import model_table, shapley_notes

    rng = np.random.default_rng(3)
    p = 16
    X = pd.DataFrame(rng.normal(size=(300, p)), columns=[f"x{i}" for i in range(p)])
    d = X.assign(y=X.to_numpy() @ rng.uniform(0, .3, p) + rng.normal(size=300))
    t = model_table(d, "y", list(X.columns), Settings(n_boot=0), layer=3)
    assert len(t) == p and t["shapley"].isna().all()
    assert t["relative_weight"].notna().all() and t["beta"].notna().all()
    raw = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    for i in range(p - len(raw["benefits"]["items"])):
        raw["benefits"]["items"][f"extra{i}"] = {"expectation": False}
    notes = shapley_notes(parse_codebook(raw))
    assert len(notes) == 7                     # one per value of layer 3
    assert "layer 3, stability: shapley not computed: 16 predictors > 15" in notes[0]
