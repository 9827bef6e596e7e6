"""Exercises of notebook 02 · Nearest neighbour and k-NN.

    02.l1_distance         L1 distance of two images;           reference: utils.knn.l1_distance
    02.l2_distance_matrix  all L2 distances without loops;      reference: utils.knn.l2_distance_matrix
    02.knn_predict         k-NN with the tie rule;              reference: utils.knn.knn_predict
    02.best_k              the k that 5-fold cross-validation picks (utils.knn.cross_validate_k on
                           utils.knn.CV_N_TRAIN digits, k in utils.knn.CV_KS)

This module holds only what the checker needs beyond the references: the test inputs, the likely
causes of a wrong answer, the first hints, and the cross-validation the value exercise is read from.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import io
import os
import sys

import numpy as np

from utils import knn, lecture_examples, metrics
from utils.checks import Case, Exercise, Wrong, register


# --------------------------------------------------------------------------- 02.l1_distance
def _l1_cases():
    rng = np.random.RandomState(2)

    def pair(shape):
        return rng.randint(0, 256, shape).astype(np.uint8), rng.randint(0, 256, shape).astype(np.uint8)

    same = rng.rand(4, 4) * 255
    return [
        Case((lecture_examples.L1_TEST_IMAGE, lecture_examples.L1_TRAIN_IMAGE), "the lecture's 4×4 example"),
        Case(pair((3,))),
        Case(pair((5, 4))),
        Case(pair((6, 5, 3))),
        Case((same, same.copy()), "a float image and an exact copy of itself"),
    ]


def _l1_diagnose(got, want, case):
    a, b = (np.asarray(x, dtype=np.float64) for x in case.args)
    if np.ndim(got) > 0:
        return "Add up the differences of every pixel into one number: np.sum with no axis."
    value = float(got)
    diff = a - b
    if np.isclose(value, np.sqrt(np.sum(diff**2))) or np.isclose(value, np.sum(diff**2)):
        return (
            "That squares the differences, which is the L2 "
            "family; L1 adds up the absolute differences |a - b|."
        )
    if np.isclose(value, np.sum(diff)) or np.isclose(value, -np.sum(diff)):
        return (
            "Positive and negative differences cancel out: take "
            "the absolute value of each (np.abs) before adding."
        )
    if np.isclose(value, np.mean(np.abs(diff))):
        return "That is the mean of the absolute differences; L1 is their sum."
    return None


# -------------------------------------------------------------------- 02.l2_distance_matrix
def _l2_cases():
    rng = np.random.RandomState(0)
    cases = [
        Case((rng.randn(n, d) * 3, rng.randn(m, d) * 3)) for n, m, d in [(1, 1, 1), (3, 5, 4), (7, 11, 20)]
    ]
    A = rng.rand(40, 30) * 255
    B = np.concatenate([rng.rand(8, 30) * 255, A[::-1]])
    cases.append(Case((A, B), "40 test samples that also appear among the 48 training samples"))
    A8, B8 = rng.randint(0, 256, (4, 16)).astype(np.uint8), rng.randint(0, 256, (6, 16)).astype(np.uint8)
    cases.append(Case((A8, B8)))
    return cases


def _l2_diagnose(got, want, case):
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape and g.shape == want.shape[::-1]:
        return "Row i should hold the distances of test sample i: shape (N test, M train)."
    if g.shape != want.shape:
        return "One row per test sample and one column per training sample: shape (N, M)."
    if np.isnan(g).any():
        return (
            "Some distances are NaN: for identical samples rounding makes ||a||² - 2a·b + ||b||² a tiny "
            "negative number, and np.sqrt of a negative number is NaN. Clip first: np.maximum(d2, 0)."
        )
    if np.allclose(g, want**2, rtol=1e-6, atol=1e-4):
        return "Those are squared distances: take the square root at the end (np.sqrt)."
    return "Check each term of ||a||² - 2·a·b + ||b||²: shapes (N, 1), (N, M) and (1, M)."


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
    except Exception:  # it passed on the plain inputs already; give it the benefit of the doubt
        return 0
    finally:
        sys.settrace(previous)
    return max(counts.values(), default=0)


def _test_no_loops(candidate):
    rng = np.random.RandomState(5)
    n_test, n_train = 8, 12
    if _max_line_repeats(candidate, rng.randn(n_test, 3), rng.randn(n_train, 3)) >= n_test:
        raise Wrong(
            "the values are right, but your code takes the samples one at a time (a Python loop or "
            "comprehension). Here the point is no loops: get all the a·b terms from one matrix "
            "product X_test @ X_train.T and combine them with the squared norms by broadcasting."
        )


# --------------------------------------------------------------------------- 02.knn_predict
_LINE_TRAIN = np.array([[0.0], [1.0], [2.0], [2.4], [10.0]])
_LINE_LABELS = np.array([2, 0, 1, 1, 3])


def _knn_cases():
    rng = np.random.RandomState(1)
    cases = [
        Case(
            (_LINE_TRAIN, _LINE_LABELS, np.array([[0.2], [2.9], [9.0]]), 1),
            "k=1 on a line (training points 0, 1, 2, 2.4, 10 "
            "labelled 2, 0, 1, 1, 3; test points 0.2, 2.9, 9)",
        ),
        Case(
            (_LINE_TRAIN, _LINE_LABELS, np.array([[1.3]]), 3),
            "k=3 at the point 1.3, whose neighbours are labelled 0 (nearest), 1 and 1",
        ),
        Case(
            (_LINE_TRAIN, _LINE_LABELS, np.array([[0.4]]), 2),
            "a tie: k=2 at the point 0.4, with one neighbour labelled 2 (nearer) and one labelled 0",
        ),
    ]
    for k in (1, 3, 4, 6):
        X_train, y_train, X_test = rng.randn(40, 6), rng.randint(0, 4, 40), rng.randn(25, 6)
        cases.append(Case((X_train, y_train, X_test, k), f"random data with 4 classes and k={k}"))
    return cases


def _knn_diagnose(got, want, case):
    X_train, y_train, X_test, k = case.args
    g = np.asarray(got)
    if g.shape != want.shape:
        return f"Return one label per test sample: shape ({len(X_test)},)."
    if k == 2 and len(X_test) == 1:
        return (
            "The rule 'ties go to the smallest label' says 0 here. np.bincount counts the "
            "votes and np.argmax returns the first (smallest) label among equal counts."
        )
    if k > 1 and np.array_equal(g, knn.knn_predict(X_train, y_train, X_test, 1)):
        return "Those are the labels of the single nearest neighbour. Vote among the k nearest."
    return (
        "Use L2 distances, the k smallest of each row (np.argsort), and the tie rule (smallest label wins)."
    )


# ------------------------------------------------------------------------------ 02.best_k
@functools.lru_cache(maxsize=1)
def cv_scores() -> dict:
    """Notebook 02's cross-validation of k: {k: 5 fold accuracies}, L2, on its digit training images.

    The same call as the notebook: ``metrics.subsample(x_train, y_train, knn.CV_N_TRAIN, seed=0)`` of
    ``load_mnist()``, then ``knn.cross_validate_k(x, y, knn.CV_KS, n_folds=5, metric="l2", seed=0)``.
    Used in 02 · Hyperparameters: how to choose k and the distance?
    """
    from utils.datasets import load_mnist

    with contextlib.redirect_stdout(io.StringIO()):
        ds = load_mnist(verbose=False)
    x, y = metrics.subsample(ds.x_train, ds.y_train, knn.CV_N_TRAIN, seed=0)
    return knn.cross_validate_k(x, y, list(knn.CV_KS), n_folds=5, metric="l2", seed=0)


def _best_k():
    return knn.best_k_from_cv(cv_scores())


def _test_best_k(candidate):
    try:
        k = float(candidate)
    except (TypeError, ValueError):
        raise Wrong(
            f"best_k should be a whole number like 7, but it is a {type(candidate).__name__}."
        ) from None
    scores = cv_scores()
    ks = list(scores)
    if not k.is_integer() or int(k) not in scores:
        raise Wrong(
            f"{candidate} is not one of the k values the cross-validation "
            f"tried ({', '.join(map(str, ks))}). Pick one of them."
        )
    k = int(k)
    means = {kk: float(np.mean(v)) for kk, v in scores.items()}
    top = max(means.values())
    if means[k] >= top - 1e-12:
        return
    best = _best_k()
    if k == ks.index(best):
        raise Wrong(
            f"{k} is the position of the best k in the list of k values tried (counting from 0), "
            "not k itself: np.argmax gives a position; look up the k at that position in the list."
        )
    if means[k] >= top - float(np.std(scores[best])):
        raise Wrong(
            f"close, but not the highest: k={k} has a mean validation accuracy of {means[k]:.4f}, "
            "and another k has a higher mean. Compare the means np.mean(cv_l2[k]) of every k."
        )
    raise Wrong(
        f"k={k} has a mean validation accuracy of {means[k]:.4f}, clearly below "
        "the best k. Look for the highest point of the mean curve in the L2 plot."
    )


register(
    Exercise(
        "02.l1_distance",
        reference=knn.l1_distance,
        cases=_l1_cases,
        diagnose=_l1_diagnose,
        hint="subtract the two images pixel by pixel, take absolute values (np.abs) and add everything up "
        "(np.sum). Mind that uint8 arithmetic wraps around.",
    )
)
register(
    Exercise(
        "02.l2_distance_matrix",
        reference=knn.l2_distance_matrix,
        cases=_l2_cases,
        diagnose=_l2_diagnose,
        test=_test_no_loops,
        dtype="f",
        rtol=1e-6,
        atol=1e-4,
        hint="expand ||a - b||² = ||a||² - 2·a·b + ||b||². The a·b terms of all pairs are one matrix product "
        "X_test @ X_train.T; the squared norms come from np.sum(X ** 2, axis=1).",
    )
)
register(
    Exercise(
        "02.knn_predict",
        reference=knn.knn_predict,
        cases=_knn_cases,
        diagnose=_knn_diagnose,
        dtype="iu",
        hint=(
            "compute all distances (your l2_distance_matrix), sort each row with np.argsort, "
            "look up the labels of the first k, and vote with np.bincount + np.argmax."
        ),
    )
)
register(
    Exercise(
        "02.best_k",
        reference=_best_k,
        test=_test_best_k,
        kind="value",
        hint="read the cross-validation plot above: which k has the highest mean validation accuracy?",
        solution="best_k = knn.best_k_from_cv(cv_l2)   # the k with the highest mean over the 5 folds",
    )
)
