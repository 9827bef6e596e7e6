"""Measuring a classifier, for every notebook from 02 on: accuracy, confusion matrix, k-fold splits.

Taught in 02 (k-NN is the first classifier measured); reused by 03–09.  Nothing here draws:
:func:`utils.plotting.plot_confusion_matrix` draws a confusion matrix.
"""

from __future__ import annotations

import numpy as np

from ._validate import CourseInputError, CourseTypeError, as_array, as_finite, check_int

__all__ = [
    "as_labels",
    "accuracy",
    "confusion_matrix",
    "kfold_indices",
    "subsample",
    "per_class_indices",
    "top_k_accuracy",
]


def as_labels(y, name: str, n: int | None = None) -> np.ndarray:
    """Check class labels (whole numbers 0, 1, 2, … in a 1-D array, ``n`` of them) and return int64.

    Used in 02 · A nearest-neighbour classifier (every classifier's labels are checked with it).
    """
    arr = as_array(
        y, name, ndim=1, dtype_kind="uif", hint="Labels are class numbers 0, 1, 2, … in a 1-D array."
    )
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise CourseTypeError(
                f"`{name}` should hold whole class numbers (0, 1, 2, …), but it holds "
                f"fractions. Use the class index, not a probability."
            )
    arr = arr.astype(np.int64)
    if arr.size and arr.min() < 0:
        raise CourseInputError(f"`{name}` should hold class numbers 0, 1, 2, …, but contains {arr.min()}.")
    if n is not None and len(arr) != n:
        raise CourseInputError(
            f"There are {n} samples but {len(arr)} labels in `{name}`: every sample needs exactly one label."
        )
    return arr


def accuracy(y_true, y_pred) -> float:
    """Fraction of predictions equal to the true labels (0.0 … 1.0).  Both (N,).

    Taught in 02 · Hyperparameters: how to choose k and the distance?
    """
    y_true = as_labels(y_true, "y_true")
    y_pred = as_labels(y_pred, "y_pred", n=len(y_true))
    if len(y_true) == 0:
        raise CourseInputError("`y_true` is empty: accuracy needs at least one prediction.")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts C (n_classes, n_classes): C[t, p] = how many samples of true class t were predicted p.

    Taught in 02 · How good is k-NN on digits?
    """
    y_true = as_labels(y_true, "y_true")
    y_pred = as_labels(y_pred, "y_pred", n=len(y_true))
    if n_classes is None:
        n_classes = int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    n_classes = check_int(n_classes, "n_classes", low=1)
    if y_true.size and max(y_true.max(), y_pred.max()) >= n_classes:
        raise CourseInputError(f"A label is {max(y_true.max(), y_pred.max())} but n_classes={n_classes}.")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def kfold_indices(n: int, n_folds: int = 5, seed: int = 0) -> list:
    """Split sample indices 0..n-1 into ``n_folds`` folds after a seeded shuffle.

    Returns a list of n_folds sorted index arrays of (nearly) equal size; together they hold
    every index exactly once.  Same n, n_folds and seed -> same folds.

    Taught in 02 · Hyperparameters: how to choose k and the distance?
    """
    n = check_int(n, "n", low=2)
    n_folds = check_int(n_folds, "n_folds", low=2, high=n)
    seed = check_int(seed, "seed", low=0)
    order = np.random.RandomState(seed).permutation(n)
    return [np.sort(f) for f in np.array_split(order, n_folds)]


def subsample(x, y, n: int, seed: int = 0):
    """A seeded random subset of n samples (or all of them, shuffled, if there are fewer).

    x: (N, ...) samples; y: (N,) labels.  Returns (x_sub, y_sub) with min(n, N) samples.

    Taught in 02 · A nearest-neighbour classifier.
    """
    x = as_finite(x, "x")
    y = as_labels(y, "y", n=len(x))
    n = check_int(n, "n", low=1)
    seed = check_int(seed, "seed", low=0)
    order = np.random.RandomState(seed).permutation(len(x))[:n]
    return x[order], y[order]


def per_class_indices(labels, n_per_class: int, seed: int = 0) -> np.ndarray:
    """Indices of ``n_per_class`` seeded random samples of every class in ``labels``, sorted.

    labels: (N,) class numbers.  A class with fewer samples than ``n_per_class`` gives a message.
    The "only a few examples each" setting of a teachable machine.
    Taught in 02 · Why pixel distance is not meaning (and used again in 09).
    """
    y = as_labels(labels, "labels")
    n_per_class = check_int(n_per_class, "n_per_class", low=1)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.RandomState(seed)
    picked = []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        if len(members) < n_per_class:
            raise CourseInputError(
                f"class {c} has only {len(members)} samples, fewer than n_per_class="
                f"{n_per_class}. Ask for at most {len(members)} per class."
            )
        picked.append(rng.choice(members, n_per_class, replace=False))
    return np.sort(np.concatenate(picked))


# ---- used from notebook 07 ----
def top_k_accuracy(y_true, probabilities, k: int = 1) -> float:
    """Fraction of samples whose true class is among the ``k`` most probable predicted classes.

    y_true: (N,) class numbers; probabilities: (N, n_classes) scores (softmax outputs, or any
    scores where higher means more likely).  k = 1 is plain accuracy.  Equal scores: the smaller
    class counts as higher (a stable sort), so the answer never depends on chance.

    Taught in 05 · Measuring a classifier (top-k accuracy); used again in 07 and 08 (top-5).
    """
    p = as_finite(probabilities, "probabilities")
    if p.ndim != 2:
        raise CourseInputError(
            "`probabilities` should be (N, n_classes): one row of class scores per sample, "
            f"but has shape {p.shape}."
        )
    y = as_labels(y_true, "y_true", n=len(p))
    k = check_int(k, "k", low=1, high=p.shape[1])
    if len(y) == 0:
        raise CourseInputError("`y_true` is empty: top-k accuracy needs at least one sample.")
    if y.max() >= p.shape[1]:
        raise CourseInputError(f"A label is {y.max()} but `probabilities` has only {p.shape[1]} classes.")
    top = np.argsort(-p, axis=1, kind="stable")[:, :k]
    return float(np.mean(np.any(top == y[:, None], axis=1)))
