"""Answers on a rating scale: rescaled to 0–100, or cut into labelled bands.

Example
-------
>>> import numpy as np, pandas as pd
>>> rescale(np.array([1, 3, 5.0]), (1, 5)).tolist()
[0.0, 50.0, 100.0]
>>> band(pd.Series([2, 12]), (0, 5, 60), ("<5y", "5y+")).tolist()
['<5y', '5y+']
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def rescale(values: pd.Series | np.ndarray, scale: tuple[float, float]) -> pd.Series | np.ndarray:
    """Answers on ``scale = (min, max)`` as 0–100: ``(x − min) / (max − min) × 100``.

    Parameters
    ----------
    values : answers (float; NaN stays NaN). A Series stays a Series with its index, an
        array stays an array.
    scale : the lowest and highest answer of the scale.

    Returns
    -------
    The answers on 0–100 (the lowest answer is 0, the highest 100).

    Example
    -------
    >>> rescale(np.array([1, 3, 5.0]), (1, 5)).tolist()
    [0.0, 50.0, 100.0]
    >>> rescale(pd.Series([0.0, 7.5, np.nan], index=["a", "b", "c"]), (0, 10)).to_dict()
    {'a': 0.0, 'b': 75.0, 'c': nan}
    """
    lo, hi = scale
    return (values - lo) / (hi - lo) * 100.0


def band(values: pd.Series, edges: tuple[float, ...], labels: tuple[str, ...]) -> pd.Series:
    """Numeric values into bands ``[e0, e1), [e1, e2), … [e_{m-1}, e_m]`` (last edge inclusive).

    Parameters
    ----------
    values : numbers (NaN allowed).
    edges : m + 1 increasing band edges.
    labels : the m band labels.

    Returns
    -------
    Object Series (index of ``values``) of labels; NaN for a missing value or one outside
    ``[e0, e_m]``.

    Example
    -------
    >>> band(pd.Series([0, 4.9, 5, 60, 61]), (0, 5, 60), ("<5y", "5y+")).tolist()
    ['<5y', '<5y', '5y+', '5y+', nan]
    """
    x = values.to_numpy(dtype=float)
    e = np.asarray(edges, dtype=float)
    idx = np.searchsorted(e, x, side="right") - 1
    idx = np.where(x == e[-1], len(labels) - 1, idx)
    valid = (idx >= 0) & (idx < len(labels)) & ~np.isnan(x)
    lab = np.asarray(labels, dtype=object)
    return pd.Series(np.where(valid, lab[np.clip(idx, 0, len(labels) - 1)], np.nan),
                     index=values.index, dtype=object)
