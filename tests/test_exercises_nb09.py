"""Notebook 09's exercises: the learner's likely solutions pass, the wrong answers learners write do not,
and each wrong answer gets the diagnosis that fits it."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_support import wrong

from utils.checks import evaluate


# ------------------------------------------------------------------------- 09.cosine_similarity
def cosine_ok(A, B):
    A = A / np.linalg.norm(A, axis=1, keepdims=True)
    B = B / np.linalg.norm(B, axis=1, keepdims=True)
    return A @ B.T


def cosine_loops(A, B):
    out = np.zeros((len(A), len(B)))
    for i, a in enumerate(A):
        for j, b in enumerate(B):
            out[i, j] = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return out


@pytest.mark.parametrize("candidate", [cosine_ok, cosine_loops])
def test_cosine_similarity_right_answers_pass(candidate):
    assert evaluate("09.cosine_similarity", candidate).passed


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda A, B: A @ B.T, ["dot products"]),
        (lambda A, B: 1 - cosine_ok(A, B), ["distance"]),
        (lambda A, B: (A @ B.T) / np.linalg.norm(A, axis=1, keepdims=True), ["Only one side"]),
        (lambda A, B: cosine_ok(A, B).T, ["(N, M)"]),
        (
            lambda A, B: (
                (A @ B.T) / (np.sum(A**2, axis=1, keepdims=True) * np.sum(B**2, axis=1, keepdims=True).T)
            ),
            ["squares"],
        ),
        (lambda A, B: None, []),
    ],
)
def test_cosine_similarity_wrong_answers_fail_with_the_right_hint(candidate, words):
    wrong("09.cosine_similarity", candidate, *words)


# ------------------------------------------------------------------------- 09.knn_confidences
def vote_ok(similarities, labels, k, n_classes):
    nearest = np.argsort(-similarities, kind="stable")[:k]
    return np.bincount(labels[nearest], minlength=n_classes) / k


def vote_loop(similarities, labels, k, n_classes):
    order = sorted(range(len(similarities)), key=lambda i: -similarities[i])[:k]
    shares = np.zeros(n_classes)
    for i in order:
        shares[labels[i]] += 1 / k
    return shares


@pytest.mark.parametrize("candidate", [vote_ok, vote_loop])
def test_knn_confidences_right_answers_pass(candidate):
    assert evaluate("09.knn_confidences", candidate).passed


@pytest.mark.parametrize(
    "candidate, words",
    [
        (
            lambda s, y, k, n: np.bincount(y[np.argsort(-s, kind="stable")[:k]], minlength=n).astype(float),
            ["divide by k"],
        ),
        (lambda s, y, k, n: np.bincount(y[np.argsort(s, kind="stable")[:k]], minlength=n) / k, ["LEAST"]),
        (lambda s, y, k, n: np.bincount(y[np.argsort(-s, kind="stable")[:k]]) / k, ["minlength"]),
        (lambda s, y, k, n: int(np.argmax(vote_ok(s, y, k, n))), []),
    ],
)
def test_knn_confidences_wrong_answers_fail(candidate, words):
    wrong("09.knn_confidences", candidate, *words)
