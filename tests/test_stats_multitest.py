"""csvalue.stats.multitest against statsmodels.stats.multitest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from csvalue.errors import DataError
from csvalue.stats.multitest import adjust, adjust_families, benjamini_hochberg, holm


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("ours, theirs", [(holm, "holm"), (benjamini_hochberg, "fdr_bh")])
def test_against_statsmodels(seed, ours, theirs):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 60))
    # a mix of tiny, moderate and null p-values, with ties
    p = np.concatenate([rng.uniform(0, 0.01, m // 3), rng.uniform(0, 1, m - m // 3)])
    p[: m // 5] = p[0]
    rng.shuffle(p)
    expected = multipletests(p, method=theirs)[1]
    np.testing.assert_allclose(ours(p), expected, rtol=1e-12, atol=1e-15)


def test_missing_p_left_out_of_the_family():
    p = np.array([0.01, np.nan, 0.02, 0.5])
    out = adjust(p, "holm")
    assert np.isnan(out[1])
    np.testing.assert_allclose(out[[0, 2, 3]], multipletests(p[[0, 2, 3]], method="holm")[1])
    assert np.array_equal(adjust(p, "none"), p, equal_nan=True)


def test_bad_input():
    with pytest.raises(DataError, match="between 0 and 1"):
        holm([0.2, 1.5])
    with pytest.raises(DataError, match="p_adjust is one of"):
        adjust([0.2], "bonferroni")


def test_families_adjusted_separately():
    t = pd.DataFrame({"wave": ["a"] * 3 + ["b"] * 2, "p_value": [0.01, 0.02, 0.03, 0.01, 0.2]})
    out = adjust_families(t, ["wave"], "bh")
    np.testing.assert_allclose(out["p_adjusted"][:3], multipletests(t["p_value"][:3], method="fdr_bh")[1])
    np.testing.assert_allclose(out["p_adjusted"][3:], multipletests(t["p_value"][3:], method="fdr_bh")[1])
    assert list(out["p_value"]) == list(t["p_value"])
    assert adjust_families(t.iloc[:0], ["wave"])["p_adjusted"].empty
