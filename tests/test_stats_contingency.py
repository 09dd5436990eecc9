"""csvalue.stats.contingency against hand computation, scipy and statsmodels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.contingency_tables import Table

from csvalue.stats.contingency import (adjusted_residuals, chi2_independence, cramers_v,
                                       crosstab_test, expected_counts)


def test_crosstab_2x2_hand_computed():
    t = crosstab_test(np.array([[20, 10], [10, 20]]))
    # every expected count is 30·30/60 = 15: chi2 = 4 · 5²/15
    assert t["chi2"] == pytest.approx(4 * 25 / 15)
    assert t["df"] == 1 and t["n"] == 60 and t["min_expected"] == 15
    # adjusted residual = 5 / sqrt(15 · ½ · ½)
    assert t["adj_resid"][0, 0] == pytest.approx(5 / np.sqrt(15 * 0.25))
    assert t["adj_resid"][0, 1] == pytest.approx(-5 / np.sqrt(15 * 0.25))
    assert t["cramers_v"] == pytest.approx(np.sqrt(t["chi2"] / 60))
    assert (t["expected"] == 15).all()


def test_crosstab_2x3_hand_computed():
    t = crosstab_test(np.array([[10, 20, 30], [20, 20, 10]]))
    # rows 60, 50; columns 30, 40, 40; n = 110; chi2 = Σ (O−E)²/E = 451/36 exactly
    assert t["chi2"] == pytest.approx(451 / 36)
    assert t["df"] == 2
    e11 = 60 * 30 / 110
    assert t["adj_resid"][0, 0] == pytest.approx((10 - e11) / np.sqrt(e11 * (50 / 110) * (80 / 110)))
    e13 = 60 * 40 / 110
    assert t["adj_resid"][0, 2] == pytest.approx((30 - e13) / np.sqrt(e13 * (50 / 110) * (70 / 110)))
    assert t["cramers_v"] == pytest.approx(np.sqrt((451 / 36) / 110))
    # an empty column is left out of the test, not counted as a degree of freedom
    t0 = crosstab_test(np.array([[10, 20, 0, 30], [20, 20, 0, 10]]))
    assert t0["chi2"] == pytest.approx(451 / 36) and t0["df"] == 2
    assert np.isnan(t0["adj_resid"][:, 2]).all() and np.isnan(t0["expected"][:, 2]).all()


tables = st.integers(2, 5).flatmap(lambda r: st.integers(2, 5).flatmap(
    lambda c: st.lists(st.lists(st.integers(1, 60), min_size=c, max_size=c),
                       min_size=r, max_size=r)))


@hsettings(max_examples=60, deadline=None)
@given(tables)
def test_every_statistic_matches_scipy_and_statsmodels(rows):
    o = np.array(rows)
    chi2, p, df, e = stats.chi2_contingency(o, correction=False)
    c = chi2_independence(o)
    assert (c.chi2, c.p, c.df) == (pytest.approx(chi2), pytest.approx(p), df)
    assert c.min_expected == pytest.approx(e.min()) and c.n == o.sum()
    np.testing.assert_allclose(expected_counts(o), e)
    assert cramers_v(o) == pytest.approx(association(o, method="cramer"))
    # statsmodels' standardized residuals are Haberman's adjusted residuals
    np.testing.assert_allclose(adjusted_residuals(o), Table(o).standardized_resids, rtol=1e-9,
                               atol=1e-12)


def test_a_table_with_one_nonempty_row_has_no_test():
    o = np.array([[3, 4, 5], [0, 0, 0]])
    t = crosstab_test(o)
    assert t["df"] == 0 and t["n"] == 12
    assert np.isnan([t["chi2"], t["p"], t["cramers_v"], t["min_expected"]]).all()
    assert np.isnan(t["adj_resid"]).all() and np.isnan(t["expected"]).all()
