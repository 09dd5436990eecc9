"""Exploratory factor analysis of the expectation items, for the value segmentation.

The statistics are :mod:`csvalue.stats.factor`'s, all from one correlation matrix (a wave of a
million respondents costs one pass to build it): sampling adequacy (KMO and Bartlett's test),
the number of factors (Horn's parallel analysis, Kaiser's eigenvalue > 1, or a fixed number),
extraction (minres by default, as R ``psych::fa``) and rotation (varimax by default). This
module fits them to the codebook's expectation items and names the factors:

* naming: factors are matched to the codebook's ``factors`` item sets by a Hungarian assignment
  (:func:`scipy.optimize.linear_sum_assignment`) and keep a set's name only when most of its
  items load saliently and highest on them (:func:`name_factors`); the others are named
  from their top-loading items;
* regression-method factor scores, computed with numpy on the standardized answers.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from csvalue.errors import DataError
from csvalue.instrument.codebook import Codebook
from csvalue.stats.factor import (bartlett, choose_n_factors, correlation, extract, kmo,
                                  parallel_analysis, regression_score_weights)
from csvalue.stats.weights import kish_n, unit_weights

#: Below this overall KMO the factor solution is not trustworthy (Kaiser 1974: "mediocre").
KMO_MIN = 0.6
#: An item counts towards a factor's name only if it loads on it at least this much (|λ|;
#: the usual salience cut-off, Tabachnick & Fidell's .32 rounded).
SALIENT_LOADING = 0.30


class LowKMOWarning(UserWarning):
    """The expectation items share too little variance for a trustworthy factor solution."""


@dataclass(frozen=True)
class FactorModel:
    """A fitted factor model of the expectation items.

    Attributes
    ----------
    items : the item ids, in codebook order.
    n : complete rows the correlation matrix was built from.
    corr : item correlation matrix (items × items).
    mean, sd : item means and standard deviations (ddof=1) used to standardize for scores.
    kmo : overall Kaiser–Meyer–Olkin measure; ``kmo_items`` per item.
    bartlett : ``{"chi2", "df", "p"}`` of Bartlett's sphericity test.
    kmo_low : whether ``kmo < KMO_MIN`` (a :class:`LowKMOWarning` was issued).
    eigen : observed eigenvalues with the parallel-analysis threshold (factor, observed, random).
    n_factors, rule : the number of factors and the rule that chose it.
    method, rotation : extraction method and rotation used.
    loadings : items × factor ids (rotated pattern loadings).
    phi : factor correlation matrix (identity for orthogonal rotations).
    communalities : per item (rotation-invariant, from the unrotated solution).
    names : factor, label_en, label_ko, codebook_factor, segment_id, segment_en, segment_ko,
        top_items, in the final factor order.
    """

    items: tuple[str, ...]
    n: int
    corr: pd.DataFrame
    mean: pd.Series
    sd: pd.Series
    kmo: float
    kmo_items: pd.Series
    bartlett: dict
    kmo_low: bool
    eigen: pd.DataFrame
    n_factors: int
    rule: str
    method: str
    rotation: str
    loadings: pd.DataFrame
    phi: pd.DataFrame
    communalities: pd.Series
    names: pd.DataFrame

    @property
    def factor_ids(self) -> list[str]:
        return list(self.loadings.columns)

    @property
    def variance(self) -> pd.DataFrame:
        """Variance explained per factor: ss_loadings, proportion, cumulative.

        For an oblique rotation the sums of squares are ``diag(Φ ΛᵀΛ)`` (as R psych prints),
        which do not add up to the common variance; the cumulative column then only orders.
        """
        lam = self.loadings.to_numpy()
        ss = np.diag(self.phi.to_numpy() @ lam.T @ lam)
        prop = ss / len(self.items)
        return pd.DataFrame({
            "factor": self.factor_ids,
            "label": self.names["label_en"].to_numpy(),
            "ss_loadings": ss, "proportion": prop, "cumulative": np.cumsum(prop),
        })

    @property
    def table(self) -> pd.DataFrame:
        """Tidy loadings: item, factor, loading, communality, primary (item's highest |loading|)."""
        lam = self.loadings
        primary = lam.abs().idxmax(axis=1)
        long = lam.rename_axis("item").reset_index().melt(
            id_vars="item", var_name="factor", value_name="loading")
        long["communality"] = long["item"].map(self.communalities)
        long["primary"] = long["factor"].to_numpy() == long["item"].map(primary).to_numpy()
        return long

    def primary_factor(self) -> pd.Series:
        """Each item's factor of highest absolute loading."""
        return self.loadings.abs().idxmax(axis=1)

    def score_weights(self) -> pd.DataFrame:
        """Regression (Thurstone) score weights ``R⁻¹ Λ Φ`` (items × factors)."""
        w = regression_score_weights(self.corr.to_numpy(), self.loadings.to_numpy(),
                                     self.phi.to_numpy())
        return pd.DataFrame(w, index=list(self.items), columns=self.factor_ids)

    def scores(self, data: pd.DataFrame) -> pd.DataFrame:
        """Regression-method factor scores of every row (NaN where an item is missing).

        Example
        -------
        >>> from csvalue.instrument.codebook import load_codebook
        >>> from csvalue.instrument.synth import generate
        >>> wave = generate(400, seed=1)
        >>> fm = fit_factor_model(wave, load_codebook(), n_factors=5, seed=1)
        >>> fm.scores(wave).columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
        ['work_process', 'efficiency_stability', 'recognition_performance', 'trust_confidence',
         'leisure_basics']
        """
        x = data[list(self.items)].to_numpy(dtype=float)
        z = (x - self.mean.to_numpy()) / self.sd.to_numpy()
        s = z @ self.score_weights().to_numpy()
        return pd.DataFrame(s, index=data.index, columns=self.factor_ids)


# ---------------------------------------------------------------------------------------
# Building blocks on the codebook (the statistics are csvalue.stats.factor's)
# ---------------------------------------------------------------------------------------

def complete_matrix(data: pd.DataFrame, items: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Answers of ``items`` as a float array and the mask of rows answering all of them."""
    missing = [c for c in items if c not in data.columns]
    if missing:
        raise DataError(f"value segmentation needs the expectation columns {missing}, "
                        "which the wave does not have")
    x = data[items].to_numpy(dtype=float)
    return x, ~np.isnan(x).any(axis=1)




def name_factors(loadings: pd.DataFrame, codebook: Codebook, top: int = 3) -> pd.DataFrame:
    """Match factors to the codebook's named item sets; name the rest from their items.

    An item *belongs* to the factor on which it has its highest absolute loading, if that
    loading is salient (≥ :data:`SALIENT_LOADING`). The score of factor j for codebook set f
    is the number of f's items belonging to j, tie-broken by the sum of f's loadings on j; the
    Hungarian assignment maximises the total. A factor keeps the codebook name of its set only
    when the match is mutual: a majority (more than half) of the set's items (those in the
    analysis) belong to the factor, and they are at least half of the items belonging to it.
    So one stray item, a single general factor or pure noise never borrows a codebook name;
    such a factor is named after its ``top`` highest-loading items.

    Returns one row per factor in the final order (codebook-matched first, in codebook order,
    then the others by variance): factor, label_en, label_ko, codebook_factor, segment_id,
    segment_en, segment_ko, top_items.
    """
    lam = loadings
    items = list(lam.index)
    n_f = lam.shape[1]
    absl = lam.abs().to_numpy()
    primary = absl.argmax(axis=1)
    salient = absl.max(axis=1) >= SALIENT_LOADING
    own = np.bincount(primary[salient], minlength=n_f)
    cb_factors = [f for f in codebook.factors if any(i in items for i in f.items)]
    assignment: dict[int, int] = {}
    if cb_factors:
        score = np.zeros((n_f, len(cb_factors)))
        hits = np.zeros((n_f, len(cb_factors)), dtype=int)
        for c, f in enumerate(cb_factors):
            rows = [items.index(i) for i in f.items if i in items]
            hits[:, c] = np.bincount(primary[rows][salient[rows]], minlength=n_f)
            # loading sums are < number of items, so hits dominate and loadings break ties
            score[:, c] = hits[:, c] * len(items) + lam.to_numpy()[rows].sum(axis=0)
        r, c = linear_sum_assignment(-score)
        for j, cf in zip(r, c):
            f = cb_factors[cf]
            n_set = sum(i in items for i in f.items)
            if 2 * hits[j, cf] > n_set and 2 * hits[j, cf] >= own[j]:
                assignment[j] = cf
    rows_out = []
    for j in range(n_f):
        col = lam.iloc[:, j]
        top_items = col.abs().sort_values(ascending=False, kind="stable").index[:top].tolist()
        if j in assignment:
            f = cb_factors[assignment[j]]
            rows_out.append({"factor": f.id, "label_en": f.label_en, "label_ko": f.label_ko,
                             "codebook_factor": f.id, "segment_id": f.segment_id,
                             "segment_en": f.segment_en, "segment_ko": f.segment_ko,
                             "top_items": top_items, "_order": codebook.factors.index(f)})
        else:
            en = " / ".join(_short(codebook, i, "en") for i in top_items)
            ko = " / ".join(_short(codebook, i, "ko") for i in top_items)
            fid = f"factor_{j + 1}"
            rows_out.append({"factor": fid, "label_en": en, "label_ko": ko,
                             "codebook_factor": None, "segment_id": f"seg_{fid}",
                             "segment_en": f"{en} seekers", "segment_ko": f"{ko} 추구형",
                             "top_items": top_items, "_order": len(codebook.factors) + j})
    out = pd.DataFrame(rows_out)
    out["_col"] = range(n_f)
    return out.sort_values("_order", kind="stable").reset_index(drop=True)


def _short(codebook: Codebook, item: str, lang: str) -> str:
    """An item's concept label without the "Expected:" prefix."""
    key = codebook.item(item).key if codebook.has(item) else None
    if key is not None:
        try:
            return codebook.concept(key).label(lang)
        except KeyError:
            pass
    return codebook.label(item, lang) if codebook.has(item) else item


# ---------------------------------------------------------------------------------------
# The whole step
# ---------------------------------------------------------------------------------------

def fit_factor_model(data: pd.DataFrame, codebook: Codebook, n_factors: str | int = "parallel",
                     rotation: str = "varimax", seed: int = 0, method: str = "minres",
                     items: list[str] | None = None) -> FactorModel:
    """Fit the factor model of the expectation items of a wave.

    Parameters
    ----------
    data : a wave with canonical columns; rows missing any expectation answer are left out of
        the correlation matrix (listwise, so the matrix is positive semi-definite). A
        ``weight`` column weights the correlations; Bartlett's test and the parallel
        analysis then use Kish's effective n.
    codebook : supplies the items (``codebook.expectation_cols``) and the factor names.
    n_factors : "parallel", "kaiser" or a number.
    rotation : "varimax" (default), "none", or any factor_analyzer rotation.
    seed : seeds the parallel analysis.
    method : "minres" (= psych "uls"/minres), "ml" or "principal".

    Warns
    -----
    LowKMOWarning
        when the overall KMO is below :data:`KMO_MIN`; ``kmo_low`` is then True.

    Example
    -------
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> fm = fit_factor_model(generate(400, seed=1), load_codebook(), seed=1)
    >>> fm.n_factors, round(fm.kmo, 2)
    (5, 0.72)
    """
    items = list(items if items is not None else codebook.expectation_cols)
    if len(items) < 3:
        raise DataError(f"factor analysis needs at least 3 expectation items; the codebook "
                        f"{codebook.source} lists {items}")
    x, ok = complete_matrix(data, items)
    x = x[ok]
    # survey weights: the weighted correlation matrix; the tests and the parallel analysis
    # on the effective n
    w = data["weight"].to_numpy(dtype=float)[ok] if "weight" in data else None
    corr, mean, sd = correlation(x, w)
    n = x.shape[0]
    n_base = n if unit_weights(w) else max(3, int(round(kish_n(w))))
    overall, per_item = kmo(corr)
    low = overall < KMO_MIN
    if low:
        warnings.warn(
            f"KMO = {overall:.2f} < {KMO_MIN}: the expectation items share too little common "
            "variance for a trustworthy factor solution; read the value segments with caution",
            LowKMOWarning, stacklevel=2)
    eigen = parallel_analysis(corr, n_base, seed)
    k, rule = choose_n_factors(eigen, n_factors)
    lam, phi, h2 = extract(corr, k, rotation, method)
    raw_ids = [f"f{j + 1}" for j in range(k)]
    loadings = pd.DataFrame(lam, index=items, columns=raw_ids)
    names = name_factors(loadings, codebook)
    order = names["_col"].to_numpy()
    ids = names["factor"].tolist()
    loadings = pd.DataFrame(lam[:, order], index=items, columns=ids)
    phi_df = pd.DataFrame(phi[np.ix_(order, order)], index=ids, columns=ids)
    return FactorModel(
        items=tuple(items), n=n,
        corr=pd.DataFrame(corr, index=items, columns=items),
        mean=pd.Series(mean, index=items), sd=pd.Series(sd, index=items),
        kmo=overall, kmo_items=pd.Series(per_item, index=items, name="kmo"),
        bartlett=bartlett(corr, n_base), kmo_low=low, eigen=eigen, n_factors=k, rule=rule,
        method=method, rotation=str(rotation), loadings=loadings, phi=phi_df,
        communalities=pd.Series(h2, index=items, name="communality"),
        names=names.drop(columns=["_order", "_col"]).reset_index(drop=True),
    )
