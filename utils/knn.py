"""Notebook 02: distances between images and the k-nearest-neighbour classifier.

Tested reference code that the notebook builds step by step and later notebooks reuse.

Shapes used throughout:
    X_test  (N, D) or a stack of N images (N, H, W) / (N, H, W, C), flattened to (N, D)
    X_train (M, D) or a stack of M images of the same size, flattened to (M, D)
    dists   (N, M): dists[i, j] is the distance between test sample i and training sample j

Numbers: integer inputs (uint8 pixels!) are converted to float64 before any subtraction, so
``0 - 255`` is -255 and not 1 as it would be in uint8.  Distance matrices are float64, except
when BOTH inputs are float32: then they are float32 (half the memory, and what a GPU would use).

Conventions for k-NN:
    * neighbours are sorted by distance with a *stable* sort, so equally distant training samples
      keep their training-set order (the earlier one counts as nearer);
    * a vote that ends in a tie goes to the SMALLEST label among the tied ones.  That is the rule
      of scikit-learn's ``KNeighborsClassifier`` with ``weights="uniform"`` (it takes the first
      maximum of the class counts, and classes are sorted).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import (
    CourseInputError,
    CourseTypeError,
    as_array,
    as_finite,
    check_choice,
    check_int,
    describe,
)
from .images import pixel_distance
from .metrics import as_labels, kfold_indices
from .transforms import shift_image

__all__ = [
    "l1_distance",
    "l2_distance",
    "distances_two_loops",
    "distances_one_loop",
    "l2_distance_matrix",
    "l1_distances_chunked",
    "pairwise_distances",
    "chunk_size_for",
    "DEFAULT_CHUNK_BYTES",
    "vote",
    "KNearestNeighbor",
    "knn_predict",
    "CV_KS",
    "CV_N_TRAIN",
    "cross_validate_k",
    "best_k_from_cv",
    "Regions",
    "decision_regions",
    "make_blobs_2d",
    "ShiftExample",
    "find_shift_example",
    "learn_features",
]

METRICS = ("l1", "l2")


_ALIASES = {"manhattan": "l1", "cityblock": "l1", "euclidean": "l2"}


DEFAULT_CHUNK_BYTES = 32 * 2**20  # the chunked L1 keeps its temporary below 32 MiB by default


# ------------------------------------------------------------------------------ input checks
def metric_name(metric) -> str:
    if not isinstance(metric, str):
        raise CourseTypeError(f"`metric` should be the text 'l1' or 'l2', but got {describe(metric)}.")
    name = _ALIASES.get(metric.lower(), metric)
    try:
        return check_choice(name, "metric", METRICS)
    except CourseInputError:
        raise CourseInputError(
            f"`metric` should be 'l1' (sum of absolute differences, Manhattan) or 'l2' "
            f"(square root of the sum of squared differences, Euclidean), but got {metric!r}."
        ) from None


def _rows(x, name: str) -> np.ndarray:
    """Check a set of samples and flatten it to (N, D)."""
    arr = as_finite(x, name)
    if arr.ndim == 1:
        raise CourseInputError(
            f"`{name}` should be a set of samples, shape (N, D) or a stack of images (N, H, W), but it "
            f"is 1-D with shape {arr.shape}. For a single sample use `{name}[None]` (shape (1, D))."
        )
    if arr.ndim > 4:
        raise CourseInputError(
            f"`{name}` should be (N, D), (N, H, W) or (N, H, W, C), but has shape {arr.shape}."
        )
    if arr.shape[0] == 0 or arr.size == 0:
        raise CourseInputError(f"`{name}` is empty (shape {arr.shape}); it needs at least one sample.")
    return arr.reshape(arr.shape[0], -1)


def _work_dtype(*arrays) -> np.dtype:
    return np.dtype(np.float32) if all(a.dtype == np.float32 for a in arrays) else np.dtype(np.float64)


def _prepare(X_test, X_train):
    """Validate both sets, flatten them, and cast them to the working dtype."""
    A = _rows(X_test, "X_test")
    B = _rows(X_train, "X_train")
    if A.shape[1] != B.shape[1]:
        raise CourseInputError(
            f"`X_test` has {A.shape[1]} numbers per sample but `X_train` has {B.shape[1]}: distances need "
            f"samples of the same size (same image height, width and channels)."
        )
    dtype = _work_dtype(A, B)
    return A.astype(dtype, copy=False), B.astype(dtype, copy=False)


def _check_k(k, n_train: int) -> int:
    if isinstance(k, str):
        raise CourseTypeError(
            f"`k` should be a whole number like 3, but got the text {k!r}. Write k=3, without quotes."
        )
    k = check_int(k, "k", low=None)
    if k < 1:
        raise CourseInputError(
            f"`k` is the number of neighbours that vote, so it must be at least 1; got {k}."
        )
    if k > n_train:
        raise CourseInputError(
            f"`k`={k} is more than the {n_train} training samples: there are not that "
            f"many neighbours. Use a k between 1 and {n_train}."
        )
    return k


# --------------------------------------------------------------------- one pair of images
def l1_distance(a, b) -> float:
    """L1 (Manhattan) distance between two images: ``sum_p |a_p - b_p|``.

    a, b: arrays of the same shape (any shape, e.g. (H, W) or (H, W, 3)); uint8 is fine (it is
    converted to float64 first, so differences do not wrap around).  Returns a Python float.
    The same as notebook 01's ``images.pixel_distance(a, b, "l1")``.

    Taught in 02 · Comparing two images: the L1 distance.
    """
    return pixel_distance(a, b, "l1")


def l2_distance(a, b) -> float:
    """L2 (Euclidean) distance between two images: ``sqrt(sum_p (a_p - b_p)**2)``.

    a, b: arrays of the same shape; uint8 is converted to float64 first.  Returns a Python float.
    The same as notebook 01's ``images.pixel_distance(a, b, "l2")``.

    Taught in 02 · L1 or L2?
    """
    return pixel_distance(a, b, "l2")


def distances_two_loops(X_test, X_train, metric: str = "l2") -> np.ndarray:
    """All distances with a Python loop over test AND training samples (slow; for teaching).

    X_test: (N, D) or (N, H, W[, C]);  X_train: (M, D) or (M, H, W[, C]);  returns (N, M).

    Taught in 02 · All distances at once: two loops, one loop, no loops.
    """
    metric = metric_name(metric)
    A, B = _prepare(X_test, X_train)
    dists = np.empty((len(A), len(B)), dtype=A.dtype)
    for i in range(len(A)):
        for j in range(len(B)):
            if metric == "l1":
                dists[i, j] = np.sum(np.abs(A[i] - B[j]))
            else:
                dists[i, j] = np.sqrt(np.sum((A[i] - B[j]) ** 2))
    return dists


def distances_one_loop(X_test, X_train, metric: str = "l2") -> np.ndarray:
    """All distances with one loop over test samples; each step compares one test sample with
    every training sample at once by broadcasting (D,) against (M, D).

    X_test: (N, D) or image stack;  X_train: (M, D) or image stack;  returns (N, M).

    Taught in 02 · All distances at once: two loops, one loop, no loops.
    """
    metric = metric_name(metric)
    A, B = _prepare(X_test, X_train)
    dists = np.empty((len(A), len(B)), dtype=A.dtype)
    for i in range(len(A)):
        diff = B - A[i]  # (M, D)
        if metric == "l1":
            dists[i] = np.sum(np.abs(diff), axis=1)
        else:
            dists[i] = np.sqrt(np.sum(diff * diff, axis=1))
    return dists


def l2_distance_matrix(X_test, X_train) -> np.ndarray:
    """All L2 distances without Python loops, through ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2.

    The a.b terms for every pair are one matrix product (N, D) @ (D, M).  Rounding can make a
    squared distance of (almost) identical samples come out as a tiny negative number, so those
    are clipped to 0 before the square root.  Returns (N, M).

    Taught in 02 · All distances at once: two loops, one loop, no loops.
    """
    A, B = _prepare(X_test, X_train)
    sq_test = np.einsum("ij,ij->i", A, A)  # (N,)  ||a||^2
    sq_train = np.einsum("ij,ij->i", B, B)  # (M,)  ||b||^2
    d2 = A @ B.T  # (N, M) a.b
    d2 *= -2
    d2 += sq_test[:, None]
    d2 += sq_train[None, :]
    np.maximum(d2, 0, out=d2)
    return np.sqrt(d2, out=d2)


def chunk_size_for(n_train: int, dim: int, itemsize: int = 8, max_bytes: int = DEFAULT_CHUNK_BYTES) -> int:
    """How many test samples fit in one chunk of :func:`l1_distances_chunked` under ``max_bytes``.

    One chunk holds a (chunk_size, n_train, dim) temporary of ``itemsize``-byte numbers.

    Taught in 02 · L1 without running out of memory.
    """
    n_train = check_int(n_train, "n_train", low=1)
    dim = check_int(dim, "dim", low=1)
    itemsize = check_int(itemsize, "itemsize", low=1)
    max_bytes = check_int(max_bytes, "max_bytes", low=1)
    return max(1, max_bytes // (n_train * dim * itemsize))


def l1_distances_chunked(X_test, X_train, chunk_size: int | None = None) -> np.ndarray:
    """All L1 distances by broadcasting, a chunk of test samples at a time.

    Broadcasting all N test samples against all M training samples at once needs an (N, M, D)
    temporary: for 10,000 x 60,000 MNIST images that is 470 billion numbers.  Here the only big
    temporary is one reused (chunk_size, M, D) buffer, so the extra memory is
    ``chunk_size * M * D`` numbers (plus the (N, M) result), whatever N is.

    chunk_size: test samples per chunk; default: as many as fit in DEFAULT_CHUNK_BYTES (32 MiB).
    Returns (N, M), float64 (float32 when both inputs are float32).

    Taught in 02 · L1 without running out of memory.
    """
    A, B = _prepare(X_test, X_train)
    n, m, d = len(A), len(B), A.shape[1]
    if chunk_size is None:
        chunk_size = chunk_size_for(m, d, A.dtype.itemsize)
    else:
        if isinstance(chunk_size, str):
            raise CourseTypeError(f"`chunk_size` should be a whole number, but got the text {chunk_size!r}.")
        chunk_size = check_int(chunk_size, "chunk_size", low=1)
    chunk_size = min(chunk_size, n)
    dists = np.empty((n, m), dtype=A.dtype)
    buffer = np.empty((chunk_size, m, d), dtype=A.dtype)  # the one big temporary, reused
    for start in range(0, n, chunk_size):
        stop = min(start + chunk_size, n)
        diff = buffer[: stop - start]
        np.subtract(A[start:stop, None, :], B[None, :, :], out=diff)
        np.abs(diff, out=diff)
        np.sum(diff, axis=2, out=dists[start:stop])
    return dists


def pairwise_distances(X_test, X_train, metric: str = "l2") -> np.ndarray:
    """All distances between test and training samples with the fast versions.

    metric "l2" -> :func:`l2_distance_matrix`; "l1" -> :func:`l1_distances_chunked`.
    Returns (N, M), float64 (float32 when both inputs are float32).

    Taught in 02 · L1 without running out of memory.
    """
    metric = metric_name(metric)
    if metric == "l2":
        return l2_distance_matrix(X_test, X_train)
    return l1_distances_chunked(X_test, X_train)


# --------------------------------------------------------------------------------- voting
def vote(neighbour_labels, n_classes: int | None = None) -> tuple[int, bool]:
    """Majority vote of the k nearest neighbours' labels.

    neighbour_labels: (k,) class numbers 0, 1, 2, …  Returns ``(label, is_tie)``.
    Tie rule: when several labels share the highest count, the SMALLEST of them wins and
    ``is_tie`` is True (scikit-learn's KNeighborsClassifier does the same).
    n_classes (optional) only checks that no label is n_classes or more.

    Taught in 02 · k nearest neighbours, and ties.
    """
    labels = as_labels(neighbour_labels, "neighbour_labels")
    if labels.size == 0:
        raise CourseInputError("`neighbour_labels` is empty: a vote needs at least one neighbour (k >= 1).")
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", low=1)
        if labels.max() >= n_classes:
            raise CourseInputError(
                f"`neighbour_labels` contains {labels.max()}, but with n_classes={n_classes} "
                f"labels go from 0 to {n_classes - 1}."
            )
    counts = np.bincount(labels)
    winners = np.flatnonzero(counts == counts.max())
    return int(winners[0]), bool(len(winners) > 1)


def _vote_rows(neighbour_labels: np.ndarray, n_classes: int):
    """Vectorised :func:`vote` for (N, k) labels -> (labels (N,), ties (N,) bool)."""
    n = len(neighbour_labels)
    counts = np.zeros((n, n_classes), dtype=np.int64)
    rows = np.arange(n)
    for j in range(neighbour_labels.shape[1]):
        counts[rows, neighbour_labels[:, j]] += 1
    top = counts.max(axis=1)
    return counts.argmax(axis=1), (counts == top[:, None]).sum(axis=1) > 1  # argmax: first = smallest


# ----------------------------------------------------------------------------- classifier
class KNearestNeighbor:
    """k-nearest-neighbour classifier with deck 001's two-function API.

    >>> model = KNearestNeighbor().train(X_train, y_train)   # memorises, nothing else
    >>> y_pred = model.predict(X_test, k=3, metric="l2")

    Training stores the data (cost: nothing but memory).  Predicting compares every test sample
    with all M training samples: N x M distances of D numbers each.

    Taught in 02 · Hyperparameters: how to choose k and the distance?
    """

    def __init__(self):
        self.X_train = None
        self.y_train = None
        self.n_classes = 0

    def train(self, X, y) -> KNearestNeighbor:
        """Memorise the training data.  X: (M, D) or image stack (M, H, W[, C]); y: (M,) class numbers."""
        X = _rows(X, "X")
        y = as_labels(y, "y", n=len(X))
        self.X_train, self.y_train = X, y
        self.n_classes = int(y.max()) + 1
        return self

    def _check_trained(self):
        if self.X_train is None:
            raise CourseInputError(
                "This classifier has not been trained yet: call model.train(X_train, y_train) "
                "before predict or kneighbors."
            )

    def kneighbors(self, X, k: int = 1, metric: str = "l2", batch_size: int = 1024):
        """The k nearest training samples of each test sample.

        X: (N, D) or image stack, same D as the training data.  Returns ``(distances, indices)``,
        both (N, k), sorted nearest first by a stable sort (equal distances keep training order).
        Test samples are processed ``batch_size`` at a time to bound memory.
        """
        self._check_trained()
        k = _check_k(k, len(self.X_train))
        metric = metric_name(metric)
        dim = self.X_train.shape[1]
        if np.ndim(X) in (1, 2, 3) and np.size(X) == dim and (np.ndim(X) == 1 or np.shape(X)[0] != 1):
            raise CourseInputError(
                f"`X` looks like ONE image of shape {np.shape(X)}, but predict and kneighbors take a batch "
                f"of images, one per row. For a single image pass a batch of one: `x_test[:1]` or "
                f"`image[None]`."
            )
        A = _rows(X, "X")
        if A.shape[1] != self.X_train.shape[1]:
            raise CourseInputError(
                f"The test samples have {A.shape[1]} numbers each but the training samples have "
                f"{self.X_train.shape[1]}: use images of the same size (and flatten them the same way)."
            )
        batch_size = check_int(batch_size, "batch_size", low=1)
        dist_out = np.empty((len(A), k), dtype=_work_dtype(A, self.X_train))
        idx_out = np.empty((len(A), k), dtype=np.int64)
        for start in range(0, len(A), batch_size):
            d = pairwise_distances(A[start : start + batch_size], self.X_train, metric)
            order = np.argsort(d, axis=1, kind="stable")[:, :k]
            dist_out[start : start + batch_size] = np.take_along_axis(d, order, axis=1)
            idx_out[start : start + batch_size] = order
        return dist_out, idx_out

    def predict(self, X, k: int = 1, metric: str = "l2", return_ties: bool = False):
        """Predicted labels (N,) by majority vote of the k nearest neighbours (ties: smallest label).

        With ``return_ties=True`` also returns a boolean (N,) array marking the votes that tied.
        """
        _, idx = self.kneighbors(X, k, metric)
        labels, ties = _vote_rows(self.y_train[idx], self.n_classes)
        return (labels, ties) if return_ties else labels


def knn_predict(X_train, y_train, X_test, k: int = 1):
    """k-NN labels (N,) for X_test (N, D), from X_train (M, D) and y_train (M,), with L2 distances.

    The k nearest training samples of each test sample vote; a tie goes to the smallest label.
    The function form of :class:`KNearestNeighbor` (``train`` then ``predict``).
    Taught in 02 · k nearest neighbours, and ties.
    """
    return KNearestNeighbor().train(X_train, y_train).predict(X_test, k=k, metric="l2")


# ------------------------------------------------------------------ choosing k by validation
CV_KS = (1, 2, 3, 4, 5, 7, 9, 12, 15, 20)
"""The values of k that notebook 02's cross-validation tries (and its ``02.best_k`` exercise checks)."""

CV_N_TRAIN = 2000
"""How many training images notebook 02 takes (a seeded sample) for k-NN and its cross-validation."""


def _ks(ks) -> list:
    if isinstance(ks, (str, bytes)) or np.ndim(ks) != 1 or len(ks) == 0:
        raise CourseTypeError(
            f"`ks` should be a list of whole numbers like [1, 3, 5], but got {describe(ks)}."
        )
    return [check_int(k, "each k in `ks`", low=1) for k in ks]


def cross_validate_k(X, y, ks, n_folds: int = 5, metric: str = "l2", seed: int = 0) -> dict:
    """k-fold cross-validation of k-NN for several values of k.

    X: (n, D) or image stack; y: (n,) labels; ks: e.g. [1, 3, 5].  Each fold in turn is the
    validation set and the other folds the training set (folds from :func:`kfold_indices`).
    Returns {k: (n_folds,) array of validation accuracies}, keys in the order of ``ks``.

    Taught in 02 · Hyperparameters: how to choose k and the distance?
    """
    A = _rows(X, "X")
    y = as_labels(y, "y", n=len(A))
    ks = _ks(ks)
    metric = metric_name(metric)
    folds = kfold_indices(len(A), n_folds, seed)
    smallest_train = len(A) - max(len(f) for f in folds)
    if max(ks) > smallest_train:
        raise CourseInputError(
            f"k={max(ks)} is more than the {smallest_train} training samples of a fold; "
            f"use smaller ks or more data."
        )
    n_classes = int(y.max()) + 1
    scores = {k: np.empty(len(folds)) for k in ks}
    for f, val in enumerate(folds):
        train = np.concatenate([g for i, g in enumerate(folds) if i != f])
        train.sort()
        model = KNearestNeighbor().train(A[train], y[train])
        _, idx = model.kneighbors(A[val], k=max(ks), metric=metric)  # nearest first: prefixes are the k-NN
        for k in ks:
            pred, _ = _vote_rows(model.y_train[idx[:, :k]], n_classes)
            scores[k][f] = np.mean(pred == y[val])
    return scores


def best_k_from_cv(scores: dict) -> int:
    """The k with the highest mean cross-validation accuracy (the smallest such k if several).

    Taught in 02 · Hyperparameters: how to choose k and the distance?
    """
    if not isinstance(scores, dict) or not scores:
        raise CourseTypeError("`scores` should be the dict returned by cross_validate_k, {k: accuracies}.")
    means = {k: float(np.mean(v)) for k, v in scores.items()}
    top = max(means.values())
    return min(k for k, m in means.items() if m == top)


# ---------------------------------------------------------------- 2-D toy data and regions
def make_blobs_2d(n_classes: int = 3, n_per_class: int = 20, seed: int = 0, spread: float = 1.5):
    """Toy 2-D data: ``n_classes`` overlapping Gaussian blobs (standard deviation ``spread``) whose
    centres sit on a circle of radius 2.5.

    Returns (points (n_classes * n_per_class, 2) float64, labels (same,) int64 0..n_classes-1).

    Taught in 02 · Decision boundaries.
    """
    n_classes = check_int(n_classes, "n_classes", low=2, high=10)
    n_per_class = check_int(n_per_class, "n_per_class", low=1)
    seed = check_int(seed, "seed", low=0)
    if isinstance(spread, (str, bool)) or not np.isscalar(spread) or not spread > 0:
        raise CourseInputError(
            f"`spread` should be a positive number (the blobs' standard deviation), got {describe(spread)}."
        )
    rng = np.random.RandomState(seed)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes + np.pi / 2
    centres = 2.5 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    labels = np.repeat(np.arange(n_classes), n_per_class)
    points = centres[labels] + rng.normal(scale=float(spread), size=(len(labels), 2))
    return points, labels


class Regions(NamedTuple):
    """A k-NN decision map on a grid: xx, yy (G, G) coordinates; label (G, G) predicted class;

    Taught in 02 · Decision boundaries.
    tie (G, G) True where the vote tied (and the smallest label was taken)."""

    xx: np.ndarray
    yy: np.ndarray
    label: np.ndarray
    tie: np.ndarray


def decision_regions(
    points, labels, k: int = 1, metric: str = "l2", grid_size: int = 200, padding: float = 0.1
) -> Regions:
    """Classify every cell of a grid_size x grid_size grid covering the 2-D points (+ padding).

    points: (n, 2); labels: (n,).  Returns :class:`Regions` (xx, yy, label, tie), all (G, G).

    Taught in 02 · Decision boundaries.
    """
    pts = as_array(points, "points", ndim=2, dtype_kind="uif")
    if pts.shape[1] != 2:
        raise CourseInputError(f"`points` should be (n, 2) for a 2-D plot, but has shape {pts.shape}.")
    grid_size = check_int(grid_size, "grid_size", low=2, high=2000)
    model = KNearestNeighbor().train(pts.astype(np.float64), labels)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    pad = float(padding) * np.maximum(hi - lo, 1e-9)
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], grid_size)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], grid_size)
    xx, yy = np.meshgrid(xs, ys)
    grid = np.stack([xx.ravel(), yy.ravel()], axis=1)
    label, tie = model.predict(grid, k=k, metric=metric, return_ties=True)
    return Regions(xx, yy, label.reshape(xx.shape), tie.reshape(xx.shape))


# ------------------------------------------------------------------- pixels are not meaning
class ShiftExample(NamedTuple):
    """index: the image; other_index: the nearest image of a DIFFERENT class; distances (L2) from

    Taught in 02 · Why pixel distance is not meaning.
    image ``index`` to its own shifted copy and to that other image."""

    index: int
    other_index: int
    shift_distance: float
    other_distance: float


def find_shift_example(images, labels, dy: int = 0, dx: int = 2) -> ShiftExample:
    """The first image (in order) that is farther (L2) from itself shifted by (dy, dx) pixels than
    from some image of another class.  images: (N, H, W); labels: (N,).  Deterministic.

    Taught in 02 · Why pixel distance is not meaning.
    Computes all N x N distances, so keep N to a few thousand images."""
    imgs = as_array(images, "images", ndim=3, dtype_kind="uif")
    y = as_labels(labels, "labels", n=len(imgs))
    shifted = shift_image(imgs, dy, dx)
    flat = imgs.reshape(len(imgs), -1).astype(np.float64)
    d_shift = np.sqrt(np.sum((flat - shifted.reshape(len(imgs), -1)) ** 2, axis=1))
    d = l2_distance_matrix(flat, flat)
    d[y[:, None] == y[None, :]] = np.inf
    other = np.argmin(d, axis=1)
    d_other = d[np.arange(len(imgs)), other]
    hits = np.flatnonzero(d_shift > d_other)
    if len(hits) == 0:
        raise CourseInputError(
            f"No image is farther from its ({dy}, {dx})-shifted self than from another "
            f"class; try a bigger shift."
        )
    i = int(hits[0])
    return ShiftExample(i, int(other[i]), float(d_shift[i]), float(d_other[i]))


# ------------------------------------------------------------------------ learned features
def learn_features(images, labels, n_features: int = 64, seed: int = 0, max_iter: int = 40):
    """Learn a feature space from labelled images; returns ``features(images) -> (N, n_features)``.

    A one-hidden-layer network (scikit-learn's ``MLPClassifier``, ReLU, ``n_features`` units) is
    trained to classify ``images`` (N, H, W[, C]) with ``labels`` (N,); its hidden layer becomes the
    features: ``relu(x / 255 @ W + b)``.  k-NN in this space compares what the network found useful
    for telling classes apart instead of raw ink.  Seeded: same data and seed, same features.
    Notebook 09's teachable machine does the same with a network pretrained on ImageNet.
    Taught in 02 · Why pixel distance is not meaning.
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X = _rows(images, "images").astype(np.float64) / 255.0
    y = as_labels(labels, "labels", n=len(X))
    n_features = check_int(n_features, "n_features", low=1, high=4096)
    seed = check_int(seed, "seed", low=0)
    max_iter = check_int(max_iter, "max_iter", low=1)
    net = MLPClassifier(hidden_layer_sizes=(n_features,), max_iter=max_iter, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a few epochs are enough for features
        net.fit(X, y)
    W, b = net.coefs_[0], net.intercepts_[0]
    dim = X.shape[1]

    def features(new_images) -> np.ndarray:
        """(N, H, W[, C]) images -> (N, n_features) learned features (the hidden layer's ReLU)."""
        A = _rows(new_images, "images").astype(np.float64) / 255.0
        if A.shape[1] != dim:
            raise CourseInputError(
                f"These images have {A.shape[1]} numbers each, but the features were "
                f"learned on images of {dim}: use images of the same size."
            )
        return np.maximum(A @ W + b, 0.0)

    return features
