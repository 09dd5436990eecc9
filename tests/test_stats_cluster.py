"""csvalue.stats.cluster: seeded k-means independent of the row order, k by silhouette."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from csvalue.errors import ConfigError, DataError
from csvalue.stats.cluster import N_INIT, canonical_order, kmeans


def _blobs(n=900, seed=0):
    rng = np.random.default_rng(seed)
    centers = np.array([[2, 0, 0], [0, 2, 0], [0, 0, 2]], dtype=float)
    lab = rng.integers(0, 3, n)
    return centers[lab] + 0.6 * rng.normal(size=(n, 3)), lab


def test_kmeans_silhouette_recovers_blobs_and_ignores_row_order():
    x, truth = _blobs()
    fit = kmeans(x, "silhouette", (2, 5), seed=7, sample_max=10_000)
    assert fit.k == 3 and fit.silhouette["k"].tolist() == [2, 3, 4, 5]
    # nearly the true partition (the blobs overlap a little)
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(truth, fit.labels) > 0.9
    perm = np.random.default_rng(1).permutation(len(x))
    fit2 = kmeans(x[perm], "silhouette", (2, 5), seed=7, sample_max=10_000)
    np.testing.assert_array_equal(fit2.labels, fit.labels[perm])
    np.testing.assert_allclose(fit2.centers, fit.centers)


def test_kmeans_on_a_sample_assigns_every_row_and_ignores_row_order():
    x, _ = _blobs(3000)
    x[5] = np.nan
    fit = kmeans(x, 3, seed=2, sample_max=500)
    assert fit.sampled == 500 and fit.labels[5] == -1 and (np.delete(fit.labels, 5) >= 0).all()
    perm = np.random.default_rng(3).permutation(len(x))
    fit2 = kmeans(x[perm], 3, seed=2, sample_max=500)
    np.testing.assert_array_equal(fit2.labels, fit.labels[perm])


def test_canonical_order_depends_only_on_the_values():
    x = np.array([[2.0, 1], [1, 5], [1, 2], [2, 0]])
    order = canonical_order(x)
    assert x[order].tolist() == sorted(x.tolist())
    perm = np.array([3, 1, 0, 2])
    np.testing.assert_array_equal(x[perm][canonical_order(x[perm])], x[order])


def test_the_chosen_k_has_the_highest_silhouette_as_sklearn_computes_it():
    x, _ = _blobs(600, seed=4)
    fit = kmeans(x, "silhouette", (2, 4), seed=3)
    xs = x[canonical_order(x)]
    for k, s in zip(fit.silhouette["k"], fit.silhouette["silhouette"]):
        km = KMeans(n_clusters=k, n_init=N_INIT, random_state=3).fit(xs)
        assert s == pytest.approx(silhouette_score(xs, km.labels_, random_state=3))
    assert fit.k == fit.silhouette.loc[fit.silhouette["silhouette"].idxmax(), "k"]


def test_bad_k_and_too_few_rows_are_clear_errors():
    x, _ = _blobs(30)
    with pytest.raises(ConfigError, match="k must be"):
        kmeans(x, "elbow")
    with pytest.raises(DataError, match="3 complete rows are too few for k = 3 to 8"):
        kmeans(x[:3], "silhouette", (3, 8))


# -- membership stability --------------------------------------------------------------------

def _two_blobs(seed=0, n=300, boundary=20):
    rng = np.random.default_rng(seed)
    left = rng.normal([-5.0, 0.0], 1.0, (n, 2))
    right = rng.normal([5.0, 0.0], 1.0, (n, 2))
    # points on the perpendicular bisector: as near to one centroid as to the other
    edge = np.column_stack([np.zeros(boundary), rng.normal(0, 1.0, boundary)])
    return np.vstack([left, right, edge])


def test_well_separated_members_are_stable_and_boundary_points_a_coin_toss():
    from csvalue.stats.cluster import _nearest, membership_stability

    x = _two_blobs()[:600]
    fit = kmeans(x, 2, seed=3)
    # points on the fitted boundary (the perpendicular bisector of the two centroids), a hair
    # to either side, with a negligible weight so that they do not move the refits
    mid, normal = fit.centers.mean(axis=0), fit.centers[1] - fit.centers[0]
    normal = normal / np.linalg.norm(normal)
    along = np.array([-normal[1], normal[0]])
    t = np.linspace(-1.5, 1.5, 20)
    edge = mid + t[:, None] * along + np.where(np.arange(20) % 2, 1e-9, -1e-9)[:, None] * normal
    rows = np.vstack([x, edge])
    labels = np.concatenate([fit.labels, _nearest(edge, fit.centers)])
    w = np.concatenate([np.ones(600), np.full(20, 1e-9)])
    s = membership_stability(rows, labels, fit.centers, 400, seed=5, sample_weight=w)
    assert s[:600].mean() >= 0.99 and np.median(s[:600]) == 1.0
    assert 0.4 <= s[600:].mean() <= 0.6
    assert ((s[600:] > 0.2) & (s[600:] < 0.8)).all()


def test_membership_stability_is_seeded_order_free_and_skips_unclustered_rows():
    from csvalue.stats.cluster import membership_stability

    x = _two_blobs(1, 150, 10)
    x[3] = np.nan
    fit = kmeans(x, 2, seed=1)
    a = membership_stability(x, fit.labels, fit.centers, 60, seed=2)
    b = membership_stability(x, fit.labels, fit.centers, 60, seed=2)
    assert np.array_equal(a, b, equal_nan=True) and np.isnan(a[3])
    perm = np.random.default_rng(0).permutation(len(x))
    c = membership_stability(x[perm], fit.labels[perm], fit.centers, 60, seed=2)
    assert np.allclose(c, a[perm], equal_nan=True)
    assert np.isnan(membership_stability(x, fit.labels, fit.centers, 0)).all()


def test_the_refit_is_scikit_learns_lloyd_from_the_same_start():
    from sklearn.cluster import KMeans

    from csvalue.stats.cluster import _lloyd

    rng = np.random.default_rng(7)
    x = np.vstack([rng.normal(m, 1.0, (100, 3)) for m in (-3, 0, 3)])
    w = rng.lognormal(0, 0.5, len(x))
    start = x[[0, 150, 299]]
    ref = KMeans(3, init=start, n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(
        x, sample_weight=w)
    assert np.allclose(_lloyd(x, w, start), ref.cluster_centers_, atol=1e-8)
