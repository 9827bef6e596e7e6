"""Exercises of notebook 02 (nearest neighbour and k-NN).

    02.l1_distance         L1 distance of two images (deck 001's 4x4 example gives 456)
    02.l2_distance_matrix  all L2 distances without Python loops
    02.knn_predict         k-NN prediction with the tie rule (smallest label wins)
    02.best_k              the k chosen by 5-fold cross-validation on the notebook's digits
"""
from __future__ import annotations

import collections
import contextlib
import functools
import io
import os
import sys

import numpy as np

from utils import knn
from utils.checks import Exercise, Wrong, register

# Deck 001's worked example: a 4x4 test image and a 4x4 training image; their L1 distance is 456.
DECK_TEST_IMAGE = np.array([[56, 32, 10, 18], [90, 23, 128, 133],
                            [24, 26, 178, 200], [2, 0, 255, 220]], dtype=np.uint8)
DECK_TRAIN_IMAGE = np.array([[10, 20, 24, 17], [8, 10, 89, 100],
                             [12, 16, 178, 170], [4, 32, 233, 112]], dtype=np.uint8)

# The cross-validation of notebook 02 (keep in step with notebooks/02_nearest_neighbour.ipynb):
# training images = knn.subsample(x_train, y_train, CV_N_TRAIN, seed=0) of load_mnist(),
# then knn.cross_validate_k(x, y, CV_KS, n_folds=5, metric="l2", seed=0).
CV_N_TRAIN = 2000
CV_KS = (1, 2, 3, 4, 5, 7, 9, 12, 15, 20)


def _number(got, what: str) -> float:
    """The candidate's result as a float, or Wrong when it is not one number."""
    arr = np.asarray(got) if not isinstance(got, str) else None
    if arr is None or arr.dtype.kind not in "uifb" or arr.size != 1:
        shape = f" of shape {arr.shape}" if arr is not None and arr.ndim else ""
        raise Wrong(f"{what} should return one number, but returned {type(got).__name__}{shape}. "
                    f"Did you forget to add up (np.sum) all the pixel differences?")
    return float(arr.reshape(()))


# --------------------------------------------------------------------------- 02.l1_distance
def l1_distance(a, b):
    a = np.asarray(a, dtype=np.float64)      # uint8 would wrap around: 10 - 56 is 210 in uint8
    b = np.asarray(b, dtype=np.float64)
    return np.sum(np.abs(a - b))


def _test_l1(candidate):
    got = _number(candidate(DECK_TEST_IMAGE.copy(), DECK_TRAIN_IMAGE.copy()), "l1_distance")
    if not np.isclose(got, 456):
        a, b = DECK_TEST_IMAGE.astype(np.int64), DECK_TRAIN_IMAGE.astype(np.int64)
        wrapped = float(np.sum(np.abs(DECK_TEST_IMAGE - DECK_TRAIN_IMAGE)))
        if np.isclose(got, wrapped):
            raise Wrong(f"the lecture's 4x4 example gives {got:g}, not 456. The images are uint8, and uint8 "
                        f"arithmetic wraps around (10 - 56 is 210, not -46). Convert both images to a "
                        f"wider type, e.g. a.astype(np.float64), before subtracting.")
        if np.isclose(got, np.sqrt(np.sum((a - b) ** 2))) or np.isclose(got, np.sum((a - b) ** 2)):
            raise Wrong(f"you got {got:g}: that squares the differences, which is the L2 family. "
                        f"L1 adds up the absolute differences |a - b|.")
        if np.isclose(got, np.sum(a - b)):
            raise Wrong(f"you got {got:g}: positive and negative differences cancel out. Take the "
                        f"absolute value of each difference (np.abs) before adding up.")
        raise Wrong(f"the lecture's 4x4 example gives {got:g}, but the lecture says 456. Print the pixel-wise "
                    f"differences and compare them with the table of differences printed above.")
    rng = np.random.RandomState(2)
    for shape in [(3,), (5, 4), (6, 5, 3)]:
        a, b = rng.randint(0, 256, shape).astype(np.uint8), rng.randint(0, 256, shape).astype(np.uint8)
        got = _number(candidate(a.copy(), b.copy()), "l1_distance")
        want = l1_distance(a, b)
        if not np.isclose(got, want):
            raise Wrong(f"right for the 4x4 example, but for two images of shape {shape} you return {got:g} "
                        f"instead of {want:g}. Make sure you add up over every pixel of any shape.")
    a = rng.rand(4, 4) * 255
    if not np.isclose(_number(candidate(a, a.copy()), "l1_distance"), 0):
        raise Wrong("the distance between an image and an exact copy of itself should be 0.")


register(Exercise(
    name="02.l1_distance", reference=l1_distance, test=_test_l1,
    hint="subtract the two images pixel by pixel, take absolute values (np.abs) and add everything up "
         "(np.sum). Mind that uint8 arithmetic wraps around."))


# -------------------------------------------------------------------- 02.l2_distance_matrix
def l2_distance_matrix(X_test, X_train):
    X_test = np.asarray(X_test, dtype=np.float64)         # (N, D)
    X_train = np.asarray(X_train, dtype=np.float64)       # (M, D)
    sq_test = np.sum(X_test ** 2, axis=1)                 # (N,)   ||a||^2
    sq_train = np.sum(X_train ** 2, axis=1)               # (M,)   ||b||^2
    d2 = sq_test[:, None] - 2 * X_test @ X_train.T + sq_train[None, :]   # (N, M)
    return np.sqrt(np.maximum(d2, 0))                     # rounding can give -0.0000001


_SKIP_DIRS = tuple({sys.prefix, sys.base_prefix, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))})


def _max_line_repeats(candidate, *args) -> int:
    """Run the candidate with a line tracer; return how often its busiest line of learner code ran.

    Only the learner's own code is counted (not NumPy, the standard library or utils).  A loop or
    comprehension over N samples runs its body N times; vectorised code runs each line once.
    """
    counts = collections.Counter()

    def local(frame, event, arg):
        if event == "line":
            counts[(frame.f_code.co_filename, frame.f_lineno)] += 1
        return local

    def calls(frame, event, arg):
        name = frame.f_code.co_filename
        if name.startswith(_SKIP_DIRS) or "site-packages" in name or name.startswith("<frozen"):
            return None
        return local

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        candidate(*args)
    except Exception:            # it passed on plain inputs already; give it the benefit of the doubt
        return 0
    finally:
        sys.settrace(previous)
    return max(counts.values(), default=0)


def _test_l2_matrix(candidate):
    rng = np.random.RandomState(0)
    cases = [(1, 1, 1), (3, 5, 4), (7, 11, 20), (2, 9, 64)]
    for n, m, d in cases:
        A, B = rng.randn(n, d) * 3, rng.randn(m, d) * 3
        got = np.asarray(candidate(A.copy(), B.copy()))
        want = l2_distance_matrix(A, B)
        if got.shape != (n, m):
            if got.shape == (m, n):
                raise Wrong(f"for {n} test and {m} training samples your result has shape {got.shape}: it is "
                            f"transposed. Row i should hold the distances of test sample i: shape (N, M).")
            raise Wrong(f"for {n} test and {m} training samples of {d} numbers the result should have shape "
                        f"({n}, {m}), one row per test sample and one column per training sample; "
                        f"yours has shape {got.shape}.")
        if np.allclose(got, want ** 2, rtol=1e-6, atol=1e-6) and not np.allclose(want, want ** 2):
            raise Wrong("those are squared distances: take the square root at the end (np.sqrt).")
        if not np.allclose(got, want, rtol=1e-6, atol=1e-6):
            raise Wrong(f"wrong values for {n} test x {m} training samples of {d} numbers (largest error "
                        f"{np.nanmax(np.abs(got - want)):.3g}). Check each term of "
                        f"||a||² − 2·a·b + ||b||²: shapes (N, 1), (N, M) and (1, M).")
    # identical samples: rounding makes some squared distances slightly negative
    A = rng.rand(40, 30) * 255
    B = np.concatenate([rng.rand(8, 30) * 255, A[::-1]])
    with np.errstate(invalid="ignore"):
        got = np.asarray(candidate(A.copy(), B.copy()), dtype=float)
    if np.isnan(got).any():
        raise Wrong("some distances are NaN: for identical samples rounding makes ||a||² − 2a·b + ||b||² a "
                    "tiny negative number, and np.sqrt of a negative number is NaN. Clip first: "
                    "np.maximum(d2, 0).")
    if not np.allclose(got, l2_distance_matrix(A, B), rtol=1e-6, atol=1e-3):
        raise Wrong("wrong values when some test samples also appear in the training set.")
    A8 = rng.randint(0, 256, (4, 16)).astype(np.uint8)
    B8 = rng.randint(0, 256, (6, 16)).astype(np.uint8)
    got = np.asarray(candidate(A8.copy(), B8.copy()), dtype=float)
    if not np.allclose(got, l2_distance_matrix(A8, B8), rtol=1e-6, atol=1e-6):
        raise Wrong("right for float arrays but wrong for uint8 images: uint8 arithmetic wraps around "
                    "(and a uint8 matrix product overflows). Convert with .astype(np.float64) first.")
    n_test, n_train = 8, 12
    if _max_line_repeats(candidate, rng.randn(n_test, 3), rng.randn(n_train, 3)) >= n_test:
        raise Wrong("the values are right, but your code takes the samples one at a time (a Python loop or "
                    "comprehension). Here the point is no loops: get all the a·b terms from one matrix "
                    "product X_test @ X_train.T and combine them with the squared norms by broadcasting.")


register(Exercise(
    name="02.l2_distance_matrix", reference=l2_distance_matrix, test=_test_l2_matrix,
    hint="expand ||a − b||² = ||a||² − 2·a·b + ||b||². The a·b terms of all pairs are one matrix product "
         "X_test @ X_train.T; the squared norms come from np.sum(X ** 2, axis=1)."))


# --------------------------------------------------------------------------- 02.knn_predict
def knn_predict(X_train, y_train, X_test, k=1):
    X_train = np.asarray(X_train, dtype=np.float64).reshape(len(X_train), -1)
    X_test = np.asarray(X_test, dtype=np.float64).reshape(len(X_test), -1)
    y_train = np.asarray(y_train)
    dists = l2_distance_matrix(X_test, X_train)                 # (N, M)
    nearest = np.argsort(dists, axis=1, kind="stable")[:, :k]   # (N, k) indices, nearest first
    predictions = []
    for labels in y_train[nearest]:                             # the k labels of one test sample
        counts = np.bincount(labels)                            # votes per label 0, 1, 2, ...
        predictions.append(np.argmax(counts))                   # argmax: the first, smallest, on a tie
    return np.array(predictions)


def _test_knn_predict(candidate):
    line_train = np.array([[0.0], [1.0], [2.0], [2.4], [10.0]])
    line_labels = np.array([2, 0, 1, 1, 3])
    got = np.asarray(candidate(line_train, line_labels, np.array([[0.2], [2.9], [9.0]]), 1))
    if got.shape != (3,):
        raise Wrong(f"for 3 test samples return 3 labels, shape (3,); yours has shape {got.shape}.")
    if got.tolist() != [2, 1, 3]:
        raise Wrong(f"with k=1 each test sample should get the label of its single nearest training sample: "
                    f"expected [2, 1, 3] for test points 0.2, 2.9, 9.0 on a line; got {got.tolist()}.")
    got = np.asarray(candidate(line_train, line_labels, np.array([[1.3]]), 3)).tolist()
    if got != [1]:
        raise Wrong(f"with k=3 the point 1.3 has neighbours labelled 0 (nearest), 1 and 1: the majority is 1, you "
                    f"returned {got}. Vote among the k nearest, not just the nearest one.")
    # k=2 at 0.4: neighbours 0.0 (label 2, nearer) and 1.0 (label 0): one vote each -> the tie rule
    got = np.asarray(candidate(line_train, line_labels, np.array([[0.4]]), 2)).tolist()
    if got != [0]:
        raise Wrong(f"a tie: with k=2 the point 0.4 has one neighbour of label 2 (nearer) and one of label 0, "
                    f"so the rule 'ties go to the smallest label' says 0; you returned {got}. np.bincount "
                    f"counts the votes and np.argmax returns the first (smallest) label among equal counts.")
    rng = np.random.RandomState(1)
    for k in (1, 3, 4, 6):
        X_train, y_train = rng.randn(40, 6), rng.randint(0, 4, 40)
        X_test = rng.randn(25, 6)
        got = np.asarray(candidate(X_train.copy(), y_train.copy(), X_test.copy(), k))
        want = knn_predict(X_train, y_train, X_test, k)
        if got.shape != want.shape or not np.array_equal(got, want):
            bad = int(np.sum(got != want)) if got.shape == want.shape else "all"
            raise Wrong(f"on random data with 4 classes and k={k}, {bad} of 25 predictions differ from "
                        f"the reference. Use L2 distances, the k smallest of each row (np.argsort), and "
                        f"the tie rule (smallest label wins).")


register(Exercise(
    name="02.knn_predict", reference=knn_predict, test=_test_knn_predict,
    hint="compute all distances (your l2_distance_matrix), sort each row with np.argsort, look up the labels "
         "of the first k, and vote with np.bincount + np.argmax."))


# ------------------------------------------------------------------------------ 02.best_k
@functools.lru_cache(maxsize=1)
def cv_scores() -> dict:
    """Notebook 02's cross-validation of k (5 folds, L2) on its digit training images."""
    from utils.datasets import load_mnist
    with contextlib.redirect_stdout(io.StringIO()):
        ds = load_mnist(verbose=False)
    x, y = knn.subsample(ds.x_train, ds.y_train, CV_N_TRAIN, seed=0)
    return knn.cross_validate_k(x, y, list(CV_KS), n_folds=5, metric="l2", seed=0)


def _best_k():
    return knn.best_k_from_cv(cv_scores())


def _test_best_k(candidate):
    if isinstance(candidate, str) or isinstance(candidate, bool) or np.ndim(candidate) != 0:
        raise Wrong(f"best_k should be one whole number like 7 (no quotes, no list); got {candidate!r:.40}.")
    try:
        k = float(candidate)
    except (TypeError, ValueError):
        raise Wrong(f"best_k should be a whole number, got {candidate!r:.40}.") from None
    scores = cv_scores()
    if k not in scores:
        raise Wrong(f"{candidate} is not one of the k values tried by the cross-validation "
                    f"({', '.join(map(str, scores))}). Pick one of them from the plot.")
    means = {kk: float(np.mean(v)) for kk, v in scores.items()}
    best = _best_k()
    if means[int(k)] < means[best] - float(np.std(scores[best])):
        raise Wrong(f"k={int(k)} has a mean validation accuracy of {means[int(k)]:.3f}, clearly below the best "
                    f"k in the plot. Look for the highest point of the mean curve.")


register(Exercise(
    name="02.best_k", reference=_best_k, test=_test_best_k, kind="value",
    hint="read the cross-validation plot above: which k has the highest mean validation accuracy?",
    solution="best_k = knn.best_k_from_cv(cv_l2)   # the k with the highest mean over the 5 folds"))
