"""Notebook 04's exercises tried with the wrong answers learners really write; none may pass."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_support import wrong

from utils import activations, perceptron
from utils.checks import evaluate


# ---- 04.neuron -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda x, w, w0: np.asarray(x) @ np.asarray(w) - w0, ["weighted sum", "through the step"]),
        (lambda x, w, w0: activations.step(np.asarray(x) @ np.asarray(w) + w0), ["subtracted"]),
        (lambda x, w, w0: (np.asarray(x) @ np.asarray(w) - w0 > 0).astype(float), [">= 0, not > 0"]),
        (lambda x, w, w0: activations.sigmoid(np.asarray(x) @ np.asarray(w) - w0), ["sigmoid"]),
        (lambda x, w, w0: (np.asarray(x) * np.asarray(w) - w0 >= 0).astype(float), ["shape"]),
        (lambda x, w, w0: float(np.sum(np.asarray(x) @ np.asarray(w)) - w0 >= 0), ["one number"]),
    ],
)
def test_neuron_wrong_answers(candidate, words):
    wrong("04.neuron", candidate, *words)


def test_neuron_right_answers():
    for right in (
        lambda x, w, w0: np.where(np.asarray(x) @ np.asarray(w) - w0 >= 0, 1.0, 0.0)[()],
        lambda x, w, w0: activations.step(np.dot(x, w) - w0),
        lambda x, w, w0: (np.dot(x, w) >= w0) * 1,
    ):
        assert evaluate("04.neuron", right).passed


# ---- 04.nand -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, words",
    [
        (([1, 1], 1.5), ["AND", "flip the signs"]),
        (([1, 1], 0.5), ["OR"]),
        (([-1, -1], -0.5), ["NOR"]),
        (([-1, -1], 1.5), ["4 inputs wrong", "w0"]),
        (([-1, -1], -2.5), ["1 of the 4 inputs wrong", "11 → 1"]),
        ((-1, -1, -1.5), ["pair (w, w0)"]),
        (([-1, -1, 0], -1.5), ["two weights"]),
        (([-1, -1], "-1.5"), ["one number"]),
        ("nand", ["pair (w, w0)"]),
    ],
)
def test_nand_wrong_answers(answer, words):
    wrong("04.nand", answer, *words)


def test_nand_right_answers_and_the_stub():
    for right in (([-1, -1], -1.5), ((-2.0, -2.0), -3.0), (np.array([-1.0, -1.0]), -1.2), [[-1, -1], -1]):
        assert evaluate("04.nand", right).passed, right
    res = evaluate("04.nand", ...)
    assert not res.passed and not res.attempted


# ---- 04.perceptron_update ------------------------------------------------------------------------------
def _rule(sign_w0=-1, scale=True, update_w0=True, reverse=False, always=False, strict=False):
    def update(w, x, y, lr):
        w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
        z = x @ w[1:] - w[0]
        y_hat = int(z > 0) if strict else int(z >= 0)
        error = (y_hat - y) if reverse else (y - y_hat)
        if always:
            error = 1 if y == 1 else -1
        step = (lr if scale else 1.0) * error
        new = w.copy()
        new[1:] += step * x
        if update_w0:
            new[0] += sign_w0 * step
        return new

    return update


@pytest.mark.parametrize(
    "candidate, words",
    [
        (_rule(sign_w0=+1), ["threshold moves the other way"]),
        (_rule(update_w0=False), ["threshold w0 (w[0]) should change too"]),
        (_rule(reverse=True), ["signs are reversed"]),
        (_rule(scale=False), ["learning rate"]),
        (_rule(always=True), ["already on the right side"]),
        (_rule(strict=True), ["exactly on the threshold"]),
        (lambda w, x, y, lr: perceptron.perceptron_update(w, x, y, lr)[1:], ["whole new weight vector"]),
        (
            lambda w, x, y, lr: tuple(perceptron.perceptron_update(w, x, y, lr)),
            ["tuple instead of a NumPy array"],
        ),
    ],
)
def test_perceptron_update_wrong_answers(candidate, words):
    wrong("04.perceptron_update", candidate, *words)


def test_perceptron_update_in_place_is_caught():
    def in_place(w, x, y, lr):
        y_hat = int(x @ w[1:] - w[0] >= 0)
        w[1:] += lr * (y - y_hat) * x
        w[0] -= lr * (y - y_hat)
        return w

    wrong("04.perceptron_update", in_place, "changed its input `w` in place", "copy")


def test_perceptron_update_right_answers():
    def with_augmented_x(w, x, y, lr):
        xa = np.concatenate([[-1.0], x])
        return w + lr * (y - (xa @ w >= 0)) * xa

    assert evaluate("04.perceptron_update", with_augmented_x).passed
    assert evaluate("04.perceptron_update", perceptron.perceptron_update).passed
