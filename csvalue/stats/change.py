"""Tests of change between two waves, on arrays: means and NPS, independent and paired.

One vocabulary for the sample a change is measured on (:data:`SAMPLES`), used by every
change table of the package:

- ``"all"`` (:data:`ALL`): all respondents of each wave, taken as independent samples —
  :func:`mean_change` (Welch's t, unequal variances) and :func:`nps_change` (z on the
  difference of the adjusted-Wald NPS);
- ``"panel"`` (:data:`PANEL`): the respondents present in both waves, paired —
  :func:`paired_change` (paired t on the differences) and :func:`paired_nps_change`.

Every test returns one :class:`ChangeTest`, whose interval comes from
:func:`csvalue.stats.intervals.t_interval`.

Survey weights (``weights_a``, ``weights_b``; ``weights`` for a panel) make the estimates
weighted, their standard errors the linearization ones and the degrees of freedom those of
the effective sample sizes (:mod:`csvalue.stats.weights`); with every weight 1 each test is
the unweighted one.

Example
-------
>>> t = mean_change(np.array([70.0, 75, 80, 72]), np.array([78.0, 82, 85, 80]))
>>> t.sample, t.change, t.test
('all', 7.0, 'Welch t')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from csvalue.errors import DataError
from csvalue.stats.intervals import LEVEL, t_interval, two_sided_p
from csvalue.stats.nps import adjusted_wald, nps_counts, nps_from_counts, nps_weighted
from csvalue.stats.weights import unit_weights, weighted_mean

#: All respondents of each wave (independent samples).
ALL = "all"
#: The respondents present in both waves (paired).
PANEL = "panel"
#: The samples a change is tested on, in reporting order.
SAMPLES = (ALL, PANEL)


@dataclass(frozen=True)
class ChangeTest:
    """A change ``b − a`` between two waves with its standard error, interval and test.

    sample : :data:`ALL` or :data:`PANEL`.
    a, b : the estimates in the earlier and the later wave; change : ``b − a``.
    se, ci_low, ci_high : standard error and interval of the change.
    statistic, p_value, test : the test statistic, its two-sided p and the test's name.
    n_a, n_b : respondents in each wave (equal for a panel).
    n_effective_a, n_effective_b : Kish's effective sizes (``n_a``, ``n_b`` unweighted).
    """

    sample: str
    a: float
    b: float
    change: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float
    p_value: float
    test: str
    n_a: int
    n_b: int
    n_effective_a: float = np.nan
    n_effective_b: float = np.nan

    def __post_init__(self) -> None:
        # unweighted: the effective sizes are the sizes
        if np.isnan(self.n_effective_a):
            object.__setattr__(self, "n_effective_a", float(self.n_a))
        if np.isnan(self.n_effective_b):
            object.__setattr__(self, "n_effective_b", float(self.n_b))

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def _answered(values: ArrayLike) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[~np.isnan(x)]


def mean_change(a: ArrayLike, b: ArrayLike, level: float = LEVEL,
                weights_a: ArrayLike | None = None, weights_b: ArrayLike | None = None
                ) -> ChangeTest:
    """Change of a mean between independent waves: Welch's t (unequal variances).

    ``se = √(s²_a/n_a + s²_b/n_b)`` on the Welch–Satterthwaite degrees of freedom; missing
    values are left out.

    Example
    -------
    >>> t = mean_change(np.array([70.0, 75, 80, 72]), np.array([78.0, 82, 85, 80]))
    >>> round(t.change, 2), round(t.statistic, 3), (t.n_a, t.n_b)
    (7.0, 2.654, (4, 4))

    Weighted, ``se = √(se²_a + se²_b)`` of the linearization standard errors, on the
    Welch–Satterthwaite degrees of freedom of the effective sizes:

    >>> u = mean_change([70.0, 75, 80, 72], [78.0, 82, 85, 80], weights_a=[1.0] * 4,
    ...                 weights_b=[1.0, 1, 1, 3])
    >>> round(u.change, 2), round(u.n_effective_b, 2)
    (6.58, 3.0)
    """
    if not (unit_weights(weights_a) and unit_weights(weights_b)):
        return _weighted_mean_change(a, b, level, weights_a, weights_b)
    x, y = _answered(a), _answered(b)
    if len(x) < 2 or len(y) < 2:
        return _untestable(ALL, x, y, _mean(y) - _mean(x), "Welch t")
    res = stats.ttest_ind(y, x, equal_var=False)
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se = float(np.sqrt(vx + vy))
    df = (vx + vy) ** 2 / (vx ** 2 / (len(x) - 1) + vy ** 2 / (len(y) - 1))
    diff = float(y.mean() - x.mean())
    low, high = t_interval(diff, se, df, level)
    return ChangeTest(ALL, float(x.mean()), float(y.mean()), diff, se, float(low), float(high),
                      float(res.statistic), float(res.pvalue), "Welch t", len(x), len(y))


def _weighted_mean_change(a: ArrayLike, b: ArrayLike, level: float, weights_a: ArrayLike | None,
                          weights_b: ArrayLike | None) -> ChangeTest:
    ea = weighted_mean(a, np.ones(len(np.asarray(a))) if weights_a is None else weights_a)
    eb = weighted_mean(b, np.ones(len(np.asarray(b))) if weights_b is None else weights_b)
    diff = eb.mean - ea.mean
    if ea.n < 2 or eb.n < 2:
        return ChangeTest(ALL, ea.mean, eb.mean, diff, np.nan, np.nan, np.nan, np.nan, np.nan,
                          "Welch t", ea.n, eb.n, ea.n_effective, eb.n_effective)
    va, vb = ea.se ** 2, eb.se ** 2
    se = float(np.sqrt(va + vb))
    df = (va + vb) ** 2 / (va ** 2 / (ea.n_effective - 1) + vb ** 2 / (eb.n_effective - 1))
    stat = diff / se
    low, high = t_interval(diff, se, df, level)
    return ChangeTest(ALL, ea.mean, eb.mean, diff, se, float(low), float(high), float(stat),
                      float(two_sided_p(stat, df)), "Welch t", ea.n, eb.n, ea.n_effective,
                      eb.n_effective)


def paired_change(a: ArrayLike, b: ArrayLike, level: float = LEVEL,
                  weights: ArrayLike | None = None) -> ChangeTest:
    """Change over respondents in both waves: paired t on the differences ``b − a``.

    ``a`` and ``b`` are aligned by respondent; pairs with a missing side are left out.

    Example
    -------
    >>> t = paired_change(np.array([60.0, 70, 80]), np.array([65.0, 74, 86]))
    >>> t.sample, t.change, t.test, t.n_a
    ('panel', 5.0, 'paired t', 3)
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise DataError(f"paired change: {x.shape[0]} earlier and {y.shape[0]} later values; "
                        "a pair needs one of each")
    both = ~(np.isnan(x) | np.isnan(y))
    if not unit_weights(weights):
        w = np.asarray(weights, dtype=float)[both]
        x, y = x[both], y[both]
        e = weighted_mean(y - x, w)
        ma, mb = float(np.average(x, weights=w)), float(np.average(y, weights=w))
        if e.n < 2:
            return ChangeTest(PANEL, ma, mb, e.mean, np.nan, np.nan, np.nan, np.nan, np.nan,
                              "paired t", e.n, e.n, e.n_effective, e.n_effective)
        low, high = t_interval(e.mean, e.se, e.n_effective - 1, level)
        stat = e.mean / e.se
        return ChangeTest(PANEL, ma, mb, e.mean, e.se, float(low), float(high), float(stat),
                          float(two_sided_p(stat, e.n_effective - 1)), "paired t", e.n, e.n,
                          e.n_effective, e.n_effective)
    x, y = x[both], y[both]
    d = y - x
    n = len(d)
    if n < 2:
        return _untestable(PANEL, x, y, _mean(d), "paired t")
    se = float(d.std(ddof=1) / np.sqrt(n))
    with np.errstate(invalid="ignore", divide="ignore"):
        res = stats.ttest_rel(y, x)
    low, high = t_interval(float(d.mean()), se, n - 1, level)
    return ChangeTest(PANEL, float(x.mean()), float(y.mean()), float(d.mean()), se, float(low),
                      float(high), float(res.statistic), float(res.pvalue), "paired t", n, n)


def nps_change(scores_a: ArrayLike, scores_b: ArrayLike, level: float = LEVEL,
               weights_a: ArrayLike | None = None, weights_b: ArrayLike | None = None
               ) -> ChangeTest:
    """NPS change between independent waves: z on the difference of the adjusted-Wald NPS.

    Each wave's NPS and variance are those of the adjusted-Wald estimate
    (:func:`csvalue.stats.nps.adjusted_wald`: ¾ added to the promoter and detractor counts,
    3 to n); ``z = (ÑPS_b − ÑPS_a) / √(var_a + var_b)``, and the interval is centred on
    ``ÑPS_b − ÑPS_a``. The reported ``a``, ``b`` and ``change`` are the plain NPS values.

    Parameters
    ----------
    scores_a, scores_b : respondent scores (+100 promoter, 0 passive, −100 detractor; NaN
        not answered) of the earlier and the later wave.

    Example
    -------
    >>> a = np.repeat([100.0, 0, -100], [30, 40, 30])
    >>> b = np.repeat([100.0, 0, -100], [45, 35, 20])
    >>> t = nps_change(a, b)
    >>> t.change, round(t.statistic, 2), t.p_value < 0.05
    (25.0, 2.26, True)
    """
    if unit_weights(weights_a) and unit_weights(weights_b):
        ca, cb = nps_counts(scores_a), nps_counts(scores_b)
        ea, eb = nps_from_counts(*ca), nps_from_counts(*cb)
    else:
        ea, eb = weighted_nps(scores_a, weights_a), weighted_nps(scores_b, weights_b)
        ca = (ea.promoters, ea.passives, ea.detractors)
        cb = (eb.promoters, eb.passives, eb.detractors)
    wa, wb = adjusted_wald(*ca), adjusted_wald(*cb)
    se = float(np.sqrt(wa.variance + wb.variance))
    diff = wb.centre - wa.centre
    z = diff / se
    low, high = t_interval(diff, se, np.inf, level)
    return ChangeTest(ALL, ea.nps, eb.nps, eb.nps - ea.nps, se, float(low), float(high),
                      float(z), float(two_sided_p(z)), "z (adjusted Wald)", ea.n, eb.n,
                      float(ea.n_effective), float(eb.n_effective))


def weighted_nps(scores: ArrayLike, weights: ArrayLike | None = None):
    """:func:`csvalue.stats.nps.nps_weighted` of respondent scores (+100 / 0 / −100) and
    their weights (default 1); missing scores are left out.

    Example
    -------
    >>> round(weighted_nps([100.0, 0, -100, np.nan], [2.0, 1, 1, 5]).nps, 2)
    25.0
    """
    s = np.asarray(scores, dtype=float)
    w = np.ones(len(s)) if weights is None else np.asarray(weights, dtype=float)
    ok = ~np.isnan(s)
    s, w = s[ok], w[ok]
    return nps_weighted(w[s > 0].sum(), w[s == 0].sum(), w[s < 0].sum(), (w ** 2).sum(),
                        len(s))


def paired_nps_change(scores_a: ArrayLike, scores_b: ArrayLike, level: float = LEVEL,
                      weights: ArrayLike | None = None) -> ChangeTest:
    """NPS change over respondents in both waves: :func:`paired_change` on the respondent
    scores, whose mean difference is the panel's NPS change.

    Raises DataError when a score is not +100, 0 or −100 (answers on the 0–10 scale passed
    by mistake would otherwise give a plausible-looking but wrong change).

    Example
    -------
    >>> t = paired_nps_change(np.array([0.0, -100, 100, 0]), np.array([100.0, 0, 100, 0]))
    >>> t.change, t.a, t.b
    (50.0, 0.0, 50.0)
    """
    for s in (scores_a, scores_b):
        x = np.asarray(s, dtype=float)
        bad = x[~np.isnan(x) & ~np.isin(x, (-100.0, 0.0, 100.0))]
        if len(bad):
            raise DataError(f"paired NPS change: respondent scores must be +100, 0 or −100; "
                            f"got {bad[0]:g}")
    return paired_change(scores_a, scores_b, level, weights)


def _mean(x: np.ndarray) -> float:
    return float(x.mean()) if len(x) else np.nan


def _untestable(sample: str, x: np.ndarray, y: np.ndarray, change: float, test: str
                ) -> ChangeTest:
    """Fewer than two values on a side: the estimates that exist, every statistic NaN."""
    return ChangeTest(sample, _mean(x), _mean(y), change, np.nan, np.nan, np.nan, np.nan,
                      np.nan, test, len(x), len(y))


@dataclass(frozen=True)
class SymmetryTest:
    """Bowker's test that a panel's square table of moves (rows: earlier category, columns:
    later) is symmetric — as many moved from i to j as from j to i, for every pair.

    statistic : Σ over i < j of (n_ij − n_ji)² / (n_ij + n_ji); df : the pairs with any move
    (n_ij + n_ji > 0); p_value : chi-square upper tail (NaN when no pair moved); n : the panel.
    """

    statistic: float
    df: int
    p_value: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def bowker_symmetry(table: ArrayLike) -> SymmetryTest:
    """Bowker's (1948) test of symmetry of a k × k table of counts (McNemar's for k = 2).

    A panel whose tiers moved up as often as down between two waves has a symmetric table;
    a small p says the moves ran one way. It equals statsmodels' ``SquareTable.symmetry``
    (``tests/test_trends_waves.py`` checks it), except that a pair of cells both empty —
    nobody moved either way between those two categories — carries no information and is not
    counted as a degree of freedom (statsmodels counts all k(k − 1)/2, a conservative p).

    Example
    -------
    >>> t = bowker_symmetry([[10, 5, 1], [2, 20, 3], [1, 1, 8]])
    >>> round(t.statistic, 3), t.df, round(t.p_value, 3)
    (2.286, 3, 0.515)
    """
    n = np.asarray(table, dtype=float)
    if n.ndim != 2 or n.shape[0] != n.shape[1]:
        raise DataError(f"a symmetry test needs a square table; got shape {n.shape}")
    iu = np.triu_indices(len(n), k=1)
    upper, lower = n[iu], n.T[iu]
    moved = (upper + lower) > 0
    stat = float(((upper - lower)[moved] ** 2 / (upper + lower)[moved]).sum())
    df = int(moved.sum())
    p = float(stats.chi2.sf(stat, df)) if df else np.nan
    return SymmetryTest(stat, df, p, int(n.sum()))
