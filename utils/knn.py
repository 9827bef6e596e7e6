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

from ._validate import CourseInputError, CourseTypeError, as_array, as_finite, check_choice, check_int
from .images import pixel_distance

__all__ = [
    "l1_distance", "l2_distance",
    "distances_two_loops", "distances_one_loop", "distances_no_loops", "l1_distances_chunked",
    "pairwise_distances", "chunk_size_for", "DEFAULT_CHUNK_BYTES",
    "vote", "KNearestNeighbor", "accuracy", "confusion_matrix",
    "kfold_indices", "cross_validate_k", "best_k_from_cv", "subsample",
    "Regions", "decision_regions", "make_blobs_2d",
    "shift_image", "ShiftExample", "find_shift_example",
    "plot_decision_regions", "show_decision_regions", "plot_neighbour_gallery",
    "plot_confusion_matrix", "plot_cv_accuracy",
]

METRICS = ("l1", "l2")
_ALIASES = {"manhattan": "l1", "cityblock": "l1", "euclidean": "l2"}
DEFAULT_CHUNK_BYTES = 32 * 2**20   # the chunked L1 keeps its temporary below 32 MiB by default


# ------------------------------------------------------------------------------ input checks
def _metric(metric) -> str:
    if not isinstance(metric, str):
        raise CourseTypeError(f"`metric` should be the text 'l1' or 'l2', but got {metric!r}.")
    name = _ALIASES.get(metric.lower(), metric)
    try:
        return check_choice(name, "metric", METRICS)
    except CourseInputError:
        raise CourseInputError(
            f"`metric` should be 'l1' (sum of absolute differences, Manhattan) or 'l2' "
            f"(square root of the sum of squared differences, Euclidean), but got {metric!r}.") from None


def _numbers(x, name: str) -> np.ndarray:
    return as_finite(x, name)


def _rows(x, name: str) -> np.ndarray:
    """Check a set of samples and flatten it to (N, D)."""
    arr = _numbers(x, name)
    if arr.ndim == 1:
        raise CourseInputError(
            f"`{name}` should be a set of samples, shape (N, D) or a stack of images (N, H, W), but it "
            f"is 1-D with shape {arr.shape}. For a single sample use `{name}[None]` (shape (1, D)).")
    if arr.ndim > 4:
        raise CourseInputError(f"`{name}` should be (N, D), (N, H, W) or (N, H, W, C), but has shape {arr.shape}.")
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
            f"samples of the same size (same image height, width and channels).")
    dtype = _work_dtype(A, B)
    return A.astype(dtype, copy=False), B.astype(dtype, copy=False)


def _labels(y, name: str, n: int | None = None) -> np.ndarray:
    arr = as_array(y, name, ndim=1, dtype_kind="uif",
                   hint="Labels are class numbers 0, 1, 2, … in a 1-D array.")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise CourseTypeError(f"`{name}` should hold whole class numbers (0, 1, 2, …), but it holds "
                                  f"fractions. Use the class index, not a probability.")
    arr = arr.astype(np.int64)
    if arr.size and arr.min() < 0:
        raise CourseInputError(f"`{name}` should hold class numbers 0, 1, 2, …, but contains {arr.min()}.")
    if n is not None and len(arr) != n:
        raise CourseInputError(f"There are {n} samples but {len(arr)} labels in `{name}`: "
                               f"every sample needs exactly one label.")
    return arr


def _check_k(k, n_train: int) -> int:
    if isinstance(k, str):
        raise CourseTypeError(f"`k` should be a whole number like 3, but got the text {k!r}. "
                              f"Write k=3, without quotes.")
    k = check_int(k, "k", low=None)
    if k < 1:
        raise CourseInputError(f"`k` is the number of neighbours that vote, so it must be at least 1; got {k}.")
    if k > n_train:
        raise CourseInputError(f"`k`={k} is more than the {n_train} training samples: there are not that "
                               f"many neighbours. Use a k between 1 and {n_train}.")
    return k


# --------------------------------------------------------------------- one pair of images
def l1_distance(a, b) -> float:
    """L1 (Manhattan) distance between two images: ``sum_p |a_p - b_p|``.

    a, b: arrays of the same shape (any shape, e.g. (H, W) or (H, W, 3)); uint8 is fine (it is
    converted to float64 first, so differences do not wrap around).  Returns a Python float.
    The same as notebook 01's ``images.pixel_distance(a, b, "l1")``.
    """
    return pixel_distance(a, b, "l1")


def l2_distance(a, b) -> float:
    """L2 (Euclidean) distance between two images: ``sqrt(sum_p (a_p - b_p)**2)``.

    a, b: arrays of the same shape; uint8 is converted to float64 first.  Returns a Python float.
    The same as notebook 01's ``images.pixel_distance(a, b, "l2")``.
    """
    return pixel_distance(a, b, "l2")


# ------------------------------------------------------------------- all pairs at once
def distances_two_loops(X_test, X_train, metric: str = "l2") -> np.ndarray:
    """All distances with a Python loop over test AND training samples (slow; for teaching).

    X_test: (N, D) or (N, H, W[, C]);  X_train: (M, D) or (M, H, W[, C]);  returns (N, M).
    """
    metric = _metric(metric)
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
    """
    metric = _metric(metric)
    A, B = _prepare(X_test, X_train)
    dists = np.empty((len(A), len(B)), dtype=A.dtype)
    for i in range(len(A)):
        diff = B - A[i]                                   # (M, D)
        if metric == "l1":
            dists[i] = np.sum(np.abs(diff), axis=1)
        else:
            dists[i] = np.sqrt(np.sum(diff * diff, axis=1))
    return dists


def distances_no_loops(X_test, X_train) -> np.ndarray:
    """All L2 distances without Python loops, through ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2.

    The a.b terms for every pair are one matrix product (N, D) @ (D, M).  Rounding can make a
    squared distance of (almost) identical samples come out as a tiny negative number, so those
    are clipped to 0 before the square root.  Returns (N, M).
    """
    A, B = _prepare(X_test, X_train)
    sq_test = np.einsum("ij,ij->i", A, A)                 # (N,)  ||a||^2
    sq_train = np.einsum("ij,ij->i", B, B)                # (M,)  ||b||^2
    d2 = A @ B.T                                           # (N, M) a.b
    d2 *= -2
    d2 += sq_test[:, None]
    d2 += sq_train[None, :]
    np.maximum(d2, 0, out=d2)
    return np.sqrt(d2, out=d2)


def chunk_size_for(n_train: int, dim: int, itemsize: int = 8, max_bytes: int = DEFAULT_CHUNK_BYTES) -> int:
    """How many test samples fit in one chunk of :func:`l1_distances_chunked` under ``max_bytes``.

    One chunk holds a (chunk_size, n_train, dim) temporary of ``itemsize``-byte numbers.
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
    buffer = np.empty((chunk_size, m, d), dtype=A.dtype)   # the one big temporary, reused
    for start in range(0, n, chunk_size):
        stop = min(start + chunk_size, n)
        diff = buffer[: stop - start]
        np.subtract(A[start:stop, None, :], B[None, :, :], out=diff)
        np.abs(diff, out=diff)
        np.sum(diff, axis=2, out=dists[start:stop])
    return dists


def pairwise_distances(X_test, X_train, metric: str = "l2") -> np.ndarray:
    """All distances between test and training samples with the fast versions.

    metric "l2" -> :func:`distances_no_loops`; "l1" -> :func:`l1_distances_chunked`.
    Returns (N, M), float64 (float32 when both inputs are float32).
    """
    metric = _metric(metric)
    if metric == "l2":
        return distances_no_loops(X_test, X_train)
    return l1_distances_chunked(X_test, X_train)


# --------------------------------------------------------------------------------- voting
def vote(neighbour_labels, n_classes: int | None = None) -> tuple[int, bool]:
    """Majority vote of the k nearest neighbours' labels.

    neighbour_labels: (k,) class numbers 0, 1, 2, …  Returns ``(label, is_tie)``.
    Tie rule: when several labels share the highest count, the SMALLEST of them wins and
    ``is_tie`` is True (scikit-learn's KNeighborsClassifier does the same).
    n_classes (optional) only checks that no label is n_classes or more.
    """
    labels = _labels(neighbour_labels, "neighbour_labels")
    if labels.size == 0:
        raise CourseInputError("`neighbour_labels` is empty: a vote needs at least one neighbour (k >= 1).")
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", low=1)
        if labels.max() >= n_classes:
            raise CourseInputError(f"`neighbour_labels` contains {labels.max()}, but with n_classes={n_classes} "
                                   f"labels go from 0 to {n_classes - 1}.")
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
    return counts.argmax(axis=1), (counts == top[:, None]).sum(axis=1) > 1   # argmax: first = smallest


# ----------------------------------------------------------------------------- classifier
class KNearestNeighbor:
    """k-nearest-neighbour classifier with deck 001's two-function API.

    >>> model = KNearestNeighbor().train(X_train, y_train)   # memorises, nothing else
    >>> y_pred = model.predict(X_test, k=3, metric="l2")

    Training stores the data (cost: nothing but memory).  Predicting compares every test sample
    with all M training samples: N x M distances of D numbers each.
    """

    def __init__(self):
        self.X_train = None
        self.y_train = None
        self.n_classes = 0

    def train(self, X, y) -> "KNearestNeighbor":
        """Memorise the training data.  X: (M, D) or image stack (M, H, W[, C]); y: (M,) class numbers."""
        X = _rows(X, "X")
        y = _labels(y, "y", n=len(X))
        self.X_train, self.y_train = X, y
        self.n_classes = int(y.max()) + 1
        return self

    def _check_trained(self):
        if self.X_train is None:
            raise CourseInputError("This classifier has not been trained yet: call model.train(X_train, y_train) "
                                   "before predict or kneighbors.")

    def kneighbors(self, X, k: int = 1, metric: str = "l2", batch_size: int = 1024):
        """The k nearest training samples of each test sample.

        X: (N, D) or image stack, same D as the training data.  Returns ``(distances, indices)``,
        both (N, k), sorted nearest first by a stable sort (equal distances keep training order).
        Test samples are processed ``batch_size`` at a time to bound memory.
        """
        self._check_trained()
        k = _check_k(k, len(self.X_train))
        metric = _metric(metric)
        A = _rows(X, "X")
        if A.shape[1] != self.X_train.shape[1]:
            raise CourseInputError(
                f"The test samples have {A.shape[1]} numbers each but the training samples have "
                f"{self.X_train.shape[1]}: use images of the same size (and flatten them the same way).")
        batch_size = check_int(batch_size, "batch_size", low=1)
        dist_out = np.empty((len(A), k), dtype=_work_dtype(A, self.X_train))
        idx_out = np.empty((len(A), k), dtype=np.int64)
        for start in range(0, len(A), batch_size):
            d = pairwise_distances(A[start:start + batch_size], self.X_train, metric)
            order = np.argsort(d, axis=1, kind="stable")[:, :k]
            dist_out[start:start + batch_size] = np.take_along_axis(d, order, axis=1)
            idx_out[start:start + batch_size] = order
        return dist_out, idx_out

    def predict(self, X, k: int = 1, metric: str = "l2", return_ties: bool = False):
        """Predicted labels (N,) by majority vote of the k nearest neighbours (ties: smallest label).

        With ``return_ties=True`` also returns a boolean (N,) array marking the votes that tied.
        """
        _, idx = self.kneighbors(X, k, metric)
        labels, ties = _vote_rows(self.y_train[idx], self.n_classes)
        return (labels, ties) if return_ties else labels


def accuracy(y_true, y_pred) -> float:
    """Fraction of predictions equal to the true labels (0.0 … 1.0).  Both (N,)."""
    y_true = _labels(y_true, "y_true")
    y_pred = _labels(y_pred, "y_pred", n=len(y_true))
    if len(y_true) == 0:
        raise CourseInputError("`y_true` is empty: accuracy needs at least one prediction.")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts C (n_classes, n_classes): C[t, p] = how many samples of true class t were predicted p."""
    y_true = _labels(y_true, "y_true")
    y_pred = _labels(y_pred, "y_pred", n=len(y_true))
    if n_classes is None:
        n_classes = int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    n_classes = check_int(n_classes, "n_classes", low=1)
    if y_true.size and max(y_true.max(), y_pred.max()) >= n_classes:
        raise CourseInputError(f"A label is {max(y_true.max(), y_pred.max())} but n_classes={n_classes}.")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


# ------------------------------------------------------------------ choosing k by validation
def kfold_indices(n: int, n_folds: int = 5, seed: int = 0) -> list:
    """Split sample indices 0..n-1 into ``n_folds`` folds after a seeded shuffle.

    Returns a list of n_folds sorted index arrays of (nearly) equal size; together they hold
    every index exactly once.  Same n, n_folds and seed -> same folds.
    """
    n = check_int(n, "n", low=2)
    n_folds = check_int(n_folds, "n_folds", low=2, high=n)
    seed = check_int(seed, "seed", low=0)
    order = np.random.RandomState(seed).permutation(n)
    return [np.sort(f) for f in np.array_split(order, n_folds)]


def _ks(ks) -> list:
    if isinstance(ks, (str, bytes)) or np.ndim(ks) != 1 or len(ks) == 0:
        raise CourseTypeError(f"`ks` should be a list of whole numbers like [1, 3, 5], but got {ks!r:.60}.")
    return [check_int(k, "each k in ks", low=1) for k in ks]


def cross_validate_k(X, y, ks, n_folds: int = 5, metric: str = "l2", seed: int = 0) -> dict:
    """k-fold cross-validation of k-NN for several values of k.

    X: (n, D) or image stack; y: (n,) labels; ks: e.g. [1, 3, 5].  Each fold in turn is the
    validation set and the other folds the training set (folds from :func:`kfold_indices`).
    Returns {k: (n_folds,) array of validation accuracies}, keys in the order of ``ks``.
    """
    A = _rows(X, "X")
    y = _labels(y, "y", n=len(A))
    ks = _ks(ks)
    metric = _metric(metric)
    folds = kfold_indices(len(A), n_folds, seed)
    smallest_train = len(A) - max(len(f) for f in folds)
    if max(ks) > smallest_train:
        raise CourseInputError(f"k={max(ks)} is more than the {smallest_train} training samples of a fold; "
                               f"use smaller ks or more data.")
    n_classes = int(y.max()) + 1
    scores = {k: np.empty(len(folds)) for k in ks}
    for f, val in enumerate(folds):
        train = np.concatenate([g for i, g in enumerate(folds) if i != f])
        train.sort()
        model = KNearestNeighbor().train(A[train], y[train])
        _, idx = model.kneighbors(A[val], k=max(ks), metric=metric)   # nearest first: prefixes are the k-NN
        for k in ks:
            pred, _ = _vote_rows(model.y_train[idx[:, :k]], n_classes)
            scores[k][f] = np.mean(pred == y[val])
    return scores


def best_k_from_cv(scores: dict) -> int:
    """The k with the highest mean cross-validation accuracy (the smallest such k if several)."""
    if not isinstance(scores, dict) or not scores:
        raise CourseTypeError("`scores` should be the dict returned by cross_validate_k, {k: accuracies}.")
    means = {k: float(np.mean(v)) for k, v in scores.items()}
    top = max(means.values())
    return min(k for k, m in means.items() if m == top)


def subsample(x, y, n: int, seed: int = 0):
    """A seeded random subset of n samples (or all of them, shuffled, if there are fewer).

    x: (N, ...) samples; y: (N,) labels.  Returns (x_sub, y_sub) with min(n, N) samples.
    """
    x = _numbers(x, "x")
    y = _labels(y, "y", n=len(x))
    n = check_int(n, "n", low=1)
    seed = check_int(seed, "seed", low=0)
    order = np.random.RandomState(seed).permutation(len(x))[:n]
    return x[order], y[order]


# ---------------------------------------------------------------- 2-D toy data and regions
def make_blobs_2d(n_classes: int = 3, n_per_class: int = 20, seed: int = 0, spread: float = 1.5):
    """Toy 2-D data: ``n_classes`` overlapping Gaussian blobs (standard deviation ``spread``) whose
    centres sit on a circle of radius 2.5.

    Returns (points (n_classes * n_per_class, 2) float64, labels (same,) int64 0..n_classes-1).
    """
    n_classes = check_int(n_classes, "n_classes", low=2, high=10)
    n_per_class = check_int(n_per_class, "n_per_class", low=1)
    seed = check_int(seed, "seed", low=0)
    if isinstance(spread, (str, bool)) or not np.isscalar(spread) or not spread > 0:
        raise CourseInputError(f"`spread` should be a positive number (the blobs' standard deviation), got {spread!r}.")
    rng = np.random.RandomState(seed)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes + np.pi / 2
    centres = 2.5 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    labels = np.repeat(np.arange(n_classes), n_per_class)
    points = centres[labels] + rng.normal(scale=float(spread), size=(len(labels), 2))
    return points, labels


class Regions(NamedTuple):
    """A k-NN decision map on a grid: xx, yy (G, G) coordinates; label (G, G) predicted class;
    tie (G, G) True where the vote tied (and the smallest label was taken)."""
    xx: np.ndarray
    yy: np.ndarray
    label: np.ndarray
    tie: np.ndarray


def decision_regions(points, labels, k: int = 1, metric: str = "l2", grid_size: int = 200,
                     padding: float = 0.1) -> Regions:
    """Classify every cell of a grid_size x grid_size grid covering the 2-D points (+ padding).

    points: (n, 2); labels: (n,).  Returns :class:`Regions` (xx, yy, label, tie), all (G, G).
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
def shift_image(image, dy: int = 0, dx: int = 2, fill: int = 0) -> np.ndarray:
    """Move an image (H, W[, C]) or a stack (N, H, W) by dy rows and dx columns.

    Pixels that move out of the frame are lost; uncovered pixels become ``fill``.  Same shape
    and dtype as the input.  (A stack is recognised by ndim == 3 with a last axis not 1/3/4, or
    by ndim == 4.)
    """
    img = as_array(image, "image", ndim=(2, 3, 4), dtype_kind="uifb")
    dy = check_int(dy, "dy")
    dx = check_int(dx, "dx")
    stack = img.ndim == 4 or (img.ndim == 3 and img.shape[-1] not in (1, 3, 4))
    r, c = (1, 2) if stack else (0, 1)
    out = np.full_like(img, fill)
    h, w = img.shape[r], img.shape[c]
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src = [slice(None)] * img.ndim
    dst = [slice(None)] * img.ndim
    src[r], dst[r] = slice(max(0, -dy), h - max(0, dy)), slice(max(0, dy), h - max(0, -dy))
    src[c], dst[c] = slice(max(0, -dx), w - max(0, dx)), slice(max(0, dx), w - max(0, -dx))
    out[tuple(dst)] = img[tuple(src)]
    return out


class ShiftExample(NamedTuple):
    """index: the image; other_index: the nearest image of a DIFFERENT class; distances (L2) from
    image ``index`` to its own shifted copy and to that other image."""
    index: int
    other_index: int
    shift_distance: float
    other_distance: float


def find_shift_example(images, labels, dy: int = 0, dx: int = 2) -> ShiftExample:
    """The first image (in order) that is farther (L2) from itself shifted by (dy, dx) pixels than
    from some image of another class.  images: (N, H, W); labels: (N,).  Deterministic.
    Computes all N x N distances, so keep N to a few thousand images."""
    imgs = as_array(images, "images", ndim=3, dtype_kind="uif")
    y = _labels(labels, "labels", n=len(imgs))
    shifted = shift_image(imgs, dy, dx)
    flat = imgs.reshape(len(imgs), -1).astype(np.float64)
    d_shift = np.sqrt(np.sum((flat - shifted.reshape(len(imgs), -1)) ** 2, axis=1))
    d = distances_no_loops(flat, flat)
    d[y[:, None] == y[None, :]] = np.inf
    other = np.argmin(d, axis=1)
    d_other = d[np.arange(len(imgs)), other]
    hits = np.flatnonzero(d_shift > d_other)
    if len(hits) == 0:
        raise CourseInputError(f"No image is farther from its ({dy}, {dx})-shifted self than from another "
                               f"class; try a bigger shift.")
    i = int(hits[0])
    return ShiftExample(i, int(other[i]), float(d_shift[i]), float(d_other[i]))


# -------------------------------------------------------------------------------- plotting
def _axes(ax, figsize=(5, 4.5)):
    import matplotlib.pyplot as plt
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _class_colours(n):
    import matplotlib.pyplot as plt
    return plt.get_cmap("tab10")(np.arange(n) % 10)


def plot_decision_regions(points, labels, k: int = 1, metric: str = "l2", grid_size: int = 200,
                          ax=None, title: str | None = None, regions: Regions | None = None,
                          legend: bool = True):
    """Colour the plane by the k-NN prediction; tied cells are grey with hatching.

    points (n, 2), labels (n,).  Returns the axes.  Pass ``regions`` to reuse a computed map;
    ``legend=False`` leaves out the legend (for small panels in a grid).
    """
    ax = _axes(ax)
    labels = _labels(labels, "labels")
    reg = regions if regions is not None else decision_regions(points, labels, k, metric, grid_size)
    colours = _class_colours(int(labels.max()) + 1)
    rgb = colours[reg.label][..., :3] * 0.45 + 0.55        # pale class colours
    rgb[reg.tie] = (0.62, 0.62, 0.62)
    extent = (reg.xx.min(), reg.xx.max(), reg.yy.min(), reg.yy.max())
    ax.imshow(rgb, origin="lower", extent=extent, interpolation="nearest", aspect="auto")
    if reg.tie.any():
        ax.contourf(reg.xx, reg.yy, reg.tie.astype(float), levels=[0.5, 1.5], colors="none", hatches=["////"])
    pts = np.asarray(points, dtype=float)
    for c in range(len(colours)):
        sel = labels == c
        ax.scatter(pts[sel, 0], pts[sel, 1], s=22, color=colours[c], edgecolor="black", linewidth=0.6,
                   label=f"class {c}")
    if legend:
        from matplotlib.patches import Patch
        handles, _ = ax.get_legend_handles_labels()
        if reg.tie.any():
            handles.append(Patch(facecolor=(0.62, 0.62, 0.62), hatch="////", label="tie"))
        ax.legend(handles=handles, loc="upper right", fontsize=7, framealpha=0.8)
    ax.set_title(title if title is not None else f"k = {k}, {_metric(metric).upper()}")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def show_decision_regions(k: int = 1, metric: str = "l2", n_classes: int = 3, n_per_class: int = 15,
                          seed: int = 0, grid_size: int = 150, ax=None):
    """The decision-boundary widget's function: toy blobs, their k-NN map, and a one-line readout.

    Prints e.g. "k=4, L2, 3 classes: 2.1 % of the plane is a tied vote (grey)".  Returns the axes.
    """
    points, labels = make_blobs_2d(n_classes, n_per_class, seed)
    reg = decision_regions(points, labels, k, metric, grid_size)
    share = 100.0 * reg.tie.mean()
    print(f"k={k}, {_metric(metric).upper()}, {n_classes} classes: {share:.1f} % of the plane is a tied vote "
          f"(grey)")
    return plot_decision_regions(points, labels, k, metric, ax=ax, regions=reg)


def plot_neighbour_gallery(test_images, train_images, train_labels, indices, test_labels=None,
                           distances=None, ax=None, cmap: str = "gray"):
    """One row per test image: the test image, then its k nearest training images.

    test_images (n, H, W); train_images (M, H, W); train_labels (M,); indices (n, k) from
    ``kneighbors``; distances (n, k) optional.  Neighbour labels are green when they match the
    test label and red when not.  Returns the axes.
    """
    tests = as_array(test_images, "test_images", ndim=3, dtype_kind="uifb")
    trains = as_array(train_images, "train_images", ndim=3, dtype_kind="uifb")
    ytr = _labels(train_labels, "train_labels", n=len(trains))
    idx = as_array(indices, "indices", ndim=2, dtype_kind="ui")
    if len(idx) != len(tests):
        raise CourseInputError(f"`indices` has {len(idx)} rows but there are {len(tests)} test images.")
    n, k = idx.shape
    h, w = tests.shape[1:]
    gap, sep = 2, 8
    height = n * (h + gap + 10)
    width = w + sep + k * (w + gap)
    ax = _axes(ax, figsize=(1.0 + 0.75 * (k + 1), 0.85 * n + 0.5))
    canvas = np.full((height, width), np.nan)
    for r in range(n):
        top = r * (h + gap + 10) + 10
        canvas[top:top + h, :w] = tests[r]
        for j in range(k):
            left = w + sep + j * (w + gap)
            canvas[top:top + h, left:left + w] = trains[idx[r, j]]
    lo = min(tests.min(), trains.min())
    hi = max(tests.max(), trains.max())
    ax.imshow(np.ma.masked_invalid(canvas), cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
    ax.set_facecolor("white")
    for r in range(n):
        top = r * (h + gap + 10) + 9
        name = f"test: {int(test_labels[r])}" if test_labels is not None else "test"
        ax.text(w / 2, top, name, ha="center", va="bottom", fontsize=7, fontweight="bold")
        for j in range(k):
            lab = int(ytr[idx[r, j]])
            ok = test_labels is None or lab == int(test_labels[r])
            text = f"{lab}" + (f" ({distances[r, j]:.0f})" if distances is not None else "")
            ax.text(w + sep + j * (w + gap) + w / 2, top, text, ha="center", va="bottom", fontsize=7,
                    color="green" if ok else "red")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(f"test image | its {k} nearest training images (label, distance)", fontsize=9)
    return ax


def plot_confusion_matrix(cm, class_names=None, ax=None, title: str = "confusion matrix"):
    """Show a confusion matrix (rows: true class, columns: predicted class) with its counts."""
    cm = as_array(cm, "cm", ndim=2, dtype_kind="uif")
    if cm.shape[0] != cm.shape[1]:
        raise CourseInputError(f"`cm` should be square (n_classes, n_classes), but has shape {cm.shape}.")
    n = len(cm)
    names = [str(c) for c in (class_names if class_names is not None else range(n))]
    if len(names) != n:
        raise CourseInputError(f"{len(names)} class names for a {n}x{n} confusion matrix.")
    ax = _axes(ax, figsize=(5.5, 5))
    ax.imshow(cm, cmap="Blues")
    limit = cm.max() / 2 if cm.size else 0
    for t in range(n):
        for p in range(n):
            ax.text(p, t, f"{cm[t, p]:g}", ha="center", va="center", fontsize=8,
                    color="white" if cm[t, p] > limit else "black")
    ax.set_xticks(range(n), names, fontsize=8)
    ax.set_yticks(range(n), names, fontsize=8)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    return ax


def plot_cv_accuracy(scores: dict, ax=None, title: str | None = None, label: str | None = None):
    """Cross-validation accuracy against k: every fold as a dot, mean ± std as error bars.

    scores: {k: (n_folds,) accuracies} from :func:`cross_validate_k`.  Returns the axes.
    """
    if not isinstance(scores, dict) or not scores:
        raise CourseTypeError("`scores` should be the dict returned by cross_validate_k, {k: accuracies}.")
    ax = _axes(ax, figsize=(6, 4))
    ks = np.array(list(scores), dtype=float)
    accs = [np.asarray(v, dtype=float) for v in scores.values()]
    for k, a in zip(ks, accs):
        ax.scatter(np.full(len(a), k), a, s=10, color="0.6", zorder=1)
    means = np.array([a.mean() for a in accs])
    stds = np.array([a.std() for a in accs])
    ax.errorbar(ks, means, yerr=stds, marker="o", capsize=4, zorder=2, label=label or "mean ± std over folds")
    best = best_k_from_cv(scores)
    ax.axvline(best, color="green", linestyle=":", label=f"best k = {best}")
    ax.set_xticks(ks)
    ax.set_xlabel("k (number of neighbours)")
    ax.set_ylabel("validation accuracy")
    ax.set_title(title or f"{len(accs[0])}-fold cross-validation")
    ax.legend(fontsize=8)
    return ax
