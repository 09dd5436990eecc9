"""The factor_analyzer / scikit-learn pair must work (factor_analyzer 0.5.1 passes
``force_all_finite``, which scikit-learn 1.8 removed).

factor_analyzer 0.5.1 calls ``check_array(..., force_all_finite=...)``, which scikit-learn 1.8
removed; pyproject pins scikit-learn < 1.8. If someone lifts the pin, this fails loudly here
rather than deep inside the segmentation.
"""

from __future__ import annotations

import warnings

import numpy as np


def test_factor_analyzer_fits_a_tiny_model_with_this_sklearn():
    from factor_analyzer import FactorAnalyzer

    rng = np.random.default_rng(3)
    f = rng.normal(size=(200, 2))
    x = np.hstack([f[:, [0]] + 0.5 * rng.normal(size=(200, 3)),
                   f[:, [1]] + 0.5 * rng.normal(size=(200, 3))])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*force_all_finite.*", category=FutureWarning)
        fa = FactorAnalyzer(n_factors=2, rotation="varimax").fit(x)
    lam = np.abs(fa.loadings_)
    # the two blocks of three items load on different factors
    assert set(lam[:3].argmax(axis=1)) != set(lam[3:].argmax(axis=1))
    assert lam.max(axis=1).min() > 0.6


def test_sklearn_is_below_1_8():
    import sklearn

    major, minor = (int(p) for p in sklearn.__version__.split(".")[:2])
    assert (major, minor) < (1, 8), "factor_analyzer 0.5.1 breaks on scikit-learn >= 1.8"
