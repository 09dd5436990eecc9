"""Net Promoter Score from counts: the estimate, its standard error and its adjusted-Wald
interval.

Each respondent scores +100 (promoter), 0 (passive) or −100 (detractor); NPS is the mean
score, ``100 (pP − pD)``, with the plain standard error ``100 √((pP + pD − (pP − pD)²) / n)``.
The interval is the adjusted-Wald interval (Rocks 2016): add ¾ to the promoter and to the
detractor count and 3 to ``n``, then take the same mean and standard error of the adjusted
shares ± the normal critical value, clipped to [−100, 100]. It keeps its coverage in small
samples, where the plain interval strays outside ±100 and covers too rarely.

Which answers make a promoter (the cut-offs) is the instrument's business; here everything
starts from the scores or the counts.

With survey weights (:func:`nps_weighted`) the shares are weighted and the counts behind the
standard error and the adjusted-Wald interval are *effective* counts: each weighted share
times Kish's effective n, ``n_eff = (Σw)² / Σw²`` (the base of a simple random sample as
precise). With every weight 1 the effective counts are the counts and the figures are
:func:`nps_from_counts`'s.

Example
-------
>>> e = nps_from_counts(8, 7, 5)
>>> round(e.nps, 6), round(e.se, 2), round(e.ci_low, 2), round(e.ci_high, 2)
(15.0, 17.71, -18.96, 45.05)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike

from csvalue.stats.intervals import LEVEL, t_interval

#: Added to the promoter and to the detractor count by the adjusted-Wald interval (and twice
#: that plus one passive, 3 in all, to n).
ADJUST = 0.75


@dataclass(frozen=True)
class NpsEstimate:
    """NPS with its plain standard error and adjusted-Wald interval (all in NPS points).

    Fields are numbers for counts given as numbers, arrays for counts given as arrays.
    """

    nps: float | np.ndarray
    se: float | np.ndarray
    ci_low: float | np.ndarray
    ci_high: float | np.ndarray
    n: int | np.ndarray
    promoters: int | np.ndarray
    passives: int | np.ndarray
    detractors: int | np.ndarray
    n_effective: float | np.ndarray | None = None

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


@dataclass(frozen=True)
class AdjustedWald:
    """The adjusted shares behind the adjusted-Wald NPS: ``n' = n + 3``,
    ``p'P = (promoters + ¾) / n'`` and ``p'D = (detractors + ¾) / n'``.

    Fields are numbers or arrays, like the counts :func:`adjusted_wald` was given.
    """

    n: float | np.ndarray
    p_promoters: float | np.ndarray
    p_detractors: float | np.ndarray

    @property
    def centre(self) -> float | np.ndarray:
        """The adjusted NPS, ``100 (p'P − p'D)`` (the centre of the interval)."""
        return 100 * (self.p_promoters - self.p_detractors)

    @property
    def variance(self) -> float | np.ndarray:
        """Variance of the adjusted NPS in points², ``100² (p'P + p'D − (p'P − p'D)²) / n'``
        (what a test of the difference of two independent NPS adds up)."""
        p, d = self.p_promoters, self.p_detractors
        return 100 ** 2 * (p + d - (p - d) ** 2) / self.n

    @property
    def se(self) -> float | np.ndarray:
        """Standard error of the adjusted NPS in points,
        ``100 √((p'P + p'D − (p'P − p'D)²) / n')``."""
        return 100 * self._share_se()

    def interval(self, level: float = LEVEL) -> tuple[float | np.ndarray, float | np.ndarray]:
        """The adjusted-Wald interval in NPS points, clipped to [−100, 100].

        Worked on the share scale (``p'P − p'D ± z · se / 100``) and then put on points.
        """
        low, high = t_interval(self.p_promoters - self.p_detractors, self._share_se(), np.inf,
                               level)
        return np.clip(100 * low, -100, 100), np.clip(100 * high, -100, 100)

    def _share_se(self) -> float | np.ndarray:
        centre = self.p_promoters - self.p_detractors
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.sqrt((self.p_promoters + self.p_detractors - centre ** 2) / self.n)


def adjusted_wald(promoters: ArrayLike, passives: ArrayLike, detractors: ArrayLike
                  ) -> AdjustedWald:
    """The adjusted shares of the adjusted-Wald NPS (Rocks 2016) from the three counts.

    Example
    -------
    >>> a = adjusted_wald(8, 7, 5)
    >>> a.n, round(a.p_promoters, 6), a.p_detractors, round(a.centre, 4)
    (23.0, 0.380435, 0.25, 13.0435)
    >>> [round(float(v), 2) for v in a.interval()]
    [-18.96, 45.05]
    """
    promoters, passives, detractors = (np.asarray(c, dtype=float)
                                       for c in (promoters, passives, detractors))
    n_adj = promoters + passives + detractors + 4 * ADJUST
    with np.errstate(invalid="ignore", divide="ignore"):
        return AdjustedWald(_out(n_adj), _out((promoters + ADJUST) / n_adj),
                            _out((detractors + ADJUST) / n_adj))


def nps_counts(scores: ArrayLike) -> tuple[int, int, int]:
    """Promoters, passives and detractors among respondent scores (+100 / 0 / −100);
    missing scores are not counted.

    Example
    -------
    >>> nps_counts([100, 0, -100, 100, np.nan])
    (2, 1, 1)
    """
    s = np.asarray(scores, dtype=float)
    s = s[~np.isnan(s)]
    promoters, detractors = int((s > 0).sum()), int((s < 0).sum())
    return promoters, len(s) - promoters - detractors, detractors


def nps_from_counts(promoters: ArrayLike, passives: ArrayLike, detractors: ArrayLike,
                    level: float = LEVEL) -> NpsEstimate:
    """NPS, its plain standard error and its adjusted-Wald interval from the three counts.

    Parameters
    ----------
    promoters, passives, detractors : counts (numbers, or arrays of one shape for many
        groups at once).
    level : confidence level of the interval.

    Returns
    -------
    :class:`NpsEstimate`; with no answers every statistic is NaN.

    Example
    -------
    >>> e = nps_from_counts(5, 3, 2)
    >>> e.nps, round(e.se, 2), e.n
    (30.0, 24.7, 10)
    >>> nps_from_counts(np.array([5, 0]), np.array([3, 0]), np.array([2, 0])).nps.tolist()
    [30.0, nan]
    """
    p, q, d = (np.asarray(c, dtype=float) for c in (promoters, passives, detractors))
    n = p + q + d
    with np.errstate(invalid="ignore", divide="ignore"):
        pp, pd_ = p / n, d / n
        nps = 100 * (pp - pd_)
        se = 100 * np.sqrt((pp + pd_ - (pp - pd_) ** 2) / n)
        low, high = adjusted_wald(p, q, d).interval(level)
    # the adjustment alone would give an interval around 0 where nobody answered
    low, high = np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)
    count = (lambda x: int(x)) if n.ndim == 0 else (lambda x: x.astype(int))
    return NpsEstimate(_out(nps), _out(se), _out(low), _out(high), count(n), count(p),
                       count(q), count(d), _out(n))


def nps_weighted(promoters: ArrayLike, passives: ArrayLike, detractors: ArrayLike,
                 sum_w2: ArrayLike, n: ArrayLike, level: float = LEVEL) -> NpsEstimate:
    """NPS from weighted counts: the sums of the weights of promoters, passives and
    detractors, with ``sum_w2`` the sum of the squared weights of everyone who answered and
    ``n`` their number (numbers, or arrays for many groups).

    The weighted shares make the NPS; the standard error and the adjusted-Wald interval are
    :func:`nps_from_counts`'s on the effective counts ``share × n_eff``. ``promoters``,
    ``passives`` and ``detractors`` of the result are those effective counts (floats) and
    ``n`` the respondents.

    Example
    -------
    >>> e = nps_weighted(8.0, 7.0, 5.0, 20.0, 20)     # every weight 1: the counts
    >>> a = nps_from_counts(8, 7, 5)
    >>> (e.nps, e.se, e.ci_low, e.ci_high) == (a.nps, a.se, a.ci_low, a.ci_high)
    True
    >>> e = nps_weighted(12.0, 7.0, 5.0, 40.0, 20)    # promoters weigh more
    >>> round(e.nps, 2), round(e.n_effective, 2), e.n
    (29.17, 14.4, 20)
    """
    p, q, d, w2 = (np.asarray(c, dtype=float) for c in (promoters, passives, detractors,
                                                         sum_w2))
    total = p + q + d
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = np.where(w2 > 0, total * total / w2, 0.0)
        scale = np.where(total > 0, n_eff / total, 0.0)
    e = nps_from_counts(p * scale, q * scale, d * scale, level)
    n = np.asarray(n)
    count = (lambda x: int(x)) if n.ndim == 0 else (lambda x: x.astype(int))
    return NpsEstimate(e.nps, e.se, e.ci_low, e.ci_high, count(n), _out(p * scale),
                       _out(q * scale), _out(d * scale), _out(n_eff))


def _out(x: ArrayLike) -> float | np.ndarray:
    """A 0-d result as a float, arrays as they are."""
    x = np.asarray(x)
    return float(x) if x.ndim == 0 else x
