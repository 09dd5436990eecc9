"""Relative weights and Shapley/LMG against numbers published by R packages on ``mtcars``.

Data and sources: ``tests/data/published_importance/README.md``. Every expected value is
copied at its printed precision, and compared with an absolute tolerance of half a unit in
its last printed digit (plus 1e-9 for float noise).

- Johnson's relative weights: R ``rwa`` (README and introduction vignette),
  ``mpg ~ cyl + disp + hp + gear`` and ``mpg ~ cyl + disp + hp + gear + wt``.
- LMG: R ``relaimpo::calc.relimp(mpg ~ am + vs + cyl, type = "lmg")`` and ``domir::domin``
  as printed in the domir README. relaimpo's lmg (``rela=FALSE``) is in raw R² units, while
  our :func:`shapley_r2` returns shares of R², so the test multiplies by R² explicitly.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csvalue.stats.regression import relative_weights, shapley_r2, standardized_ols, subset_r2

DATA = Path(__file__).resolve().parent / "data" / "published_importance" / "mtcars.csv"


def tol(printed: str) -> float:
    """Half a unit in the last printed digit of ``printed``, plus float slack."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return 0.5 * 10.0 ** -decimals + 1e-9


def check(got, printed: list[str], what: str) -> None:
    expected = np.array([float(s) for s in printed])
    got = np.asarray(got, dtype=float)
    bounds = np.array([tol(s) for s in printed])
    bad = np.abs(got - expected) > bounds
    assert not bad.any(), (f"{what}: expected {expected[bad].tolist()}, got {got[bad].tolist()} "
                           f"(tolerance {bounds[bad].tolist()})")


@pytest.fixture(scope="module")
def mtcars() -> pd.DataFrame:
    return pd.read_csv(DATA)


def test_mtcars_copy_matches_published_summaries(mtcars):
    assert mtcars.shape == (32, 12)
    d = mtcars.drop(columns="model")
    # R summary(mtcars), printed to 4 significant digits.
    check(d.mean(), ["20.09", "6.188", "230.7", "146.7", "3.597", "3.217", "17.85", "0.4375",
                     "0.4062", "3.688", "2.812"], "column means")
    check(d.median(), ["19.20", "6.000", "196.3", "123.0", "3.695", "3.325", "17.71", "0.0000",
                       "0.0000", "4.000", "2.000"], "column medians")
    # relaimpo prints "Total response variance: 36.3241".
    check([d["mpg"].var(ddof=1)], ["36.3241"], "var(mpg)")


# --- Johnson's relative weights: R rwa ----------------------------------------------------

RWA_CASES = {
    # predictors: (Raw.RelWeight, Rescaled.RelWeight, rsquare), in predictor order
    ("cyl", "disp", "hp", "gear"): (
        ["0.2284797", "0.2221469", "0.2321744", "0.0963886"],
        ["29.32274", "28.50999", "29.79691", "12.37037"],
        "0.7791896"),
    ("cyl", "disp", "hp", "gear", "wt"): (
        ["0.18833374", "0.16479802", "0.18809142", "0.07345304", "0.23642417"],
        ["22.128264", "19.362936", "22.099792", "8.630361", "27.778646"],
        None),  # R² not printed for this model; the raw weights sum to it
}


@pytest.mark.parametrize("predictors", list(RWA_CASES), ids=lambda p: "+".join(p))
def test_relative_weights_match_r_rwa(mtcars, predictors):
    raw, rescaled, r2 = RWA_CASES[predictors]
    fit = standardized_ols(mtcars, "mpg", list(predictors))
    assert fit.n == 32
    if r2 is not None:
        check([fit.r2], [r2], "R² of the full model")
    shares = relative_weights(fit.corr)          # shares of R² (sum to 1)
    check(shares * 100, rescaled, f"relative_weights % of R², mpg ~ {predictors}")
    check(shares * fit.r2, raw, f"relative_weights raw (× R²), mpg ~ {predictors}")


def test_rwa_model_coefficients_match_published_lm(mtcars):
    """The same vignette prints lm(mpg ~ cyl + disp + hp + gear): checks the data we fit."""
    fit = standardized_ols(mtcars, "mpg", ["cyl", "disp", "hp", "gear"])
    check(fit.b, ["-0.86624", "-0.01190", "-0.03050", "1.42306"], "lm coefficients")
    check(fit.se_b, ["0.84941", "0.01190", "0.01982", "1.21053"], "lm standard errors")
    check([fit.adj_r2], ["0.7465"], "adjusted R²")


# --- LMG / Shapley: R relaimpo (calc.relimp type="lmg") and domir::domin ---------------

LMG_PREDICTORS = ["am", "vs", "cyl"]
LMG_RAW = ["0.1774892", "0.2027032", "0.3817849"]        # relaimpo lmg, rela=FALSE (R² units)
LMG_STANDARDIZED = ["0.2329324", "0.2660226", "0.5010450"]  # domin "Standardized"
LMG_R2 = "0.7619773"                                     # domin "Overall Fit Statistic"
CONDITIONAL = {                                          # domin, subset sizes 0, 1, 2
    "am": ["0.3597989", "0.1389842", "0.033684441"],
    "vs": ["0.4409477", "0.1641982", "0.002963748"],
    "cyl": ["0.7261800", "0.3432799", "0.075894823"],
}


@pytest.fixture(scope="module")
def lmg_fit(mtcars):
    return standardized_ols(mtcars, "mpg", LMG_PREDICTORS)


def test_lmg_full_model_matches_relaimpo(lmg_fit):
    check([lmg_fit.r2], [LMG_R2], "R² of mpg ~ am + vs + cyl")
    check(lmg_fit.b, ["3.026480", "1.294614", "-2.137632"], "relaimpo 3Xs coefficients")


def test_shapley_matches_relaimpo_lmg(lmg_fit):
    shares = shapley_r2(lmg_fit.corr)            # shares of R²
    check(shares * lmg_fit.r2, LMG_RAW, "shapley_r2 × R² vs relaimpo lmg (raw R² parts)")
    check(shares, LMG_STANDARDIZED, "shapley_r2 shares vs domin standardized")


def test_subset_r2_matches_domin_conditional_dominance(lmg_fit):
    p = len(LMG_PREDICTORS)
    r2 = subset_r2(lmg_fit.corr)
    for j, name in enumerate(LMG_PREDICTORS):
        others = [k for k in range(p) if k != j]
        means = []
        for size in range(p):
            gains = [r2[sum(1 << k for k in s) | (1 << j)] - r2[sum(1 << k for k in s)]
                     for s in combinations(others, size)]
            means.append(np.mean(gains))
        check(means, CONDITIONAL[name], f"conditional dominance of {name}")
