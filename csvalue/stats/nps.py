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
                       count(q), count(d))


def _out(x: ArrayLike) -> float | np.ndarray:
    """A 0-d result as a float, arrays as they are."""
    x = np.asarray(x)
    return float(x) if x.ndim == 0 else x
