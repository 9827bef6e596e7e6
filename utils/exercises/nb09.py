"""Exercises of notebook 09 · Build your own teachable machine.

    09.cosine_similarity  every row of A against every row of B;   reference: teachable.cosine_similarity
    09.knn_confidences    one query's k-NN vote, shares per class;  reference: teachable.knn_confidences
    (both in utils/teachable.py)

This module holds only what the checker needs beyond the references: the test inputs, the likely
causes of a wrong answer, and the first hints.
"""

from __future__ import annotations

import numpy as np

from utils import teachable
from utils.checks import Case, Exercise, register


# ---------------------------------------------------------------------- 09.cosine_similarity
def _cosine_cases():
    rng = np.random.RandomState(9)
    a = rng.randn(4, 6)
    return [
        Case(
            (np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[2.0, 0.0], [0.0, 3.0], [-1.0, 0.0]])),
            "A = [[1, 0], [1, 1]] and B = [[2, 0], [0, 3], [-1, 0]] (same direction, right angle, opposite)",
        ),
        Case((a, 7.5 * a), "A and B = 7.5 × A: the same directions, longer"),
        Case((rng.randn(1, 3), rng.randn(5, 3))),
        Case((rng.rand(6, 64) * 4, rng.rand(9, 64) * 4), "6 and 9 embeddings of 64 positive numbers"),
        Case((rng.rand(3, 10).astype(np.float32), rng.rand(2, 10).astype(np.float32))),
    ]


def _cosine_diagnose(got, want, case):
    A, B = (np.asarray(x, dtype=np.float64) for x in case.args)
    g = np.asarray(got, dtype=np.float64)
    if g.shape == want.shape[::-1] and g.shape != want.shape:
        return "Row i should compare row i of A with every row of B: shape (N, M), so A @ B.T."
    if g.shape != want.shape:
        return "One row per row of A and one column per row of B: shape (N, M)."
    dots = A @ B.T
    if np.allclose(g, dots):
        return "Those are the plain dot products a·b: divide by the lengths |a| and |b| (np.linalg.norm)."
    if np.allclose(g, 1 - want):
        return "That is the cosine *distance* 1 − similarity; return the similarity itself."
    norm_a = np.linalg.norm(A, axis=1, keepdims=True)
    norm_b = np.linalg.norm(B, axis=1, keepdims=True)
    if np.allclose(g, dots / norm_a) or np.allclose(g, dots / norm_b.T):
        return "Only one side is divided by its length: divide by |a| AND by |b|."
    if np.allclose(g, dots / (norm_a**2 * (norm_b**2).T)):
        return "Divide by the lengths |a| |b|, not by their squares (np.linalg.norm already takes the root)."
    return (
        "Normalise every row of A and of B to length 1: divide by np.linalg.norm(..., axis=1, keepdims=True)."
    )


# ---------------------------------------------------------------------- 09.knn_confidences
def _vote_cases():
    rng = np.random.RandomState(3)
    cases = [
        Case(
            (np.array([0.9, 0.8, 0.1, 0.95]), np.array([0, 1, 1, 2]), 3, 3),
            "similarities [0.9, 0.8, 0.1, 0.95], labels [0, 1, 1, 2], k=3, 3 classes",
        ),
        Case(
            (np.array([0.2, 0.7, 0.6, 0.1, 0.65]), np.array([0, 1, 1, 0, 1]), 1, 2),
            "k=1: only the most similar example (0.7, class 1) votes",
        ),
        Case(
            (np.array([0.5, 0.4, 0.3]), np.array([0, 0, 1]), 2, 4),
            "4 classes, but the stored examples are only of classes 0 and 1 (the others get 0)",
        ),
        Case(
            (np.array([0.5, 0.5, 0.5]), np.array([2, 1, 0]), 2, 3),
            "equal similarities: the examples added first count as nearer",
        ),
    ]
    for k in (3, 5):
        sims = np.clip(rng.randn(30) * 0.3 + 0.4, -1, 1)
        cases.append(Case((sims, rng.randint(0, 4, 30), k, 4), f"30 stored examples of 4 classes, k={k}"))
    return cases


def _vote_diagnose(got, want, case):
    sims, labels, k, n_classes = case.args
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape:
        if g.ndim == 1 and len(g) < n_classes:
            return (
                f"Return one share for each of the {n_classes} classes, also for classes with no vote: "
                "np.bincount(..., minlength=n_classes)."
            )
        return f"Return one number per class: shape ({n_classes},)."
    if np.allclose(g, want * k):
        return "Those are the vote counts; the confidences are the shares: divide by k."
    least = np.argsort(sims, kind="stable")[:k]
    if np.allclose(g, np.bincount(labels[least], minlength=n_classes) / k):
        return (
            "Those are the k LEAST similar examples: np.argsort sorts smallest first, and a larger "
            "similarity means nearer. Sort -similarities (or take the end of the order)."
        )
    if not np.isclose(g.sum(), 1.0):
        return "The shares of all classes should add up to 1 (k votes, each worth 1/k)."
    return "Take the k most similar examples (np.argsort of -similarities), count their labels, divide by k."


register(
    Exercise(
        "09.cosine_similarity",
        reference=teachable.cosine_similarity,
        cases=_cosine_cases,
        diagnose=_cosine_diagnose,
        dtype="f",
        rtol=1e-6,
        atol=1e-6,
        hint="divide every row of A and of B by its length (np.linalg.norm with axis=1, keepdims=True), "
        "then all the dot products at once are one matrix product A @ B.T.",
    )
)
register(
    Exercise(
        "09.knn_confidences",
        reference=teachable.knn_confidences,
        cases=_vote_cases,
        diagnose=_vote_diagnose,
        dtype="f",
        hint="np.argsort(-similarities, kind='stable')[:k] gives the k most similar examples; count their "
        "labels with np.bincount(..., minlength=n_classes) and divide by k.",
    )
)
