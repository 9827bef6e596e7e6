"""Notebook 05's exercises: the wrong answers learners write fail, each with the right diagnosis."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_support import wrong

import utils.exercises.nb05  # noqa: F401  (registers the exercises)
from utils import checks
from utils.checks import evaluate


def test_every_reference_passes():
    for name in checks.exercises_for("05"):
        assert evaluate(name, checks.get_exercise(name).fallback()).passed, name
    assert set(checks.exercises_for("05")) == {
        "05.softmax",
        "05.cross_entropy",
        "05.sgd_step",
        "05.weight_gradient",
    }


def test_softmax_wrong_answers():
    wrong(
        "05.softmax", lambda z: np.exp(z) / np.sum(np.exp(z), axis=-1, keepdims=True), "overflows", "largest"
    )
    wrong("05.softmax", lambda z: np.exp(z - z.max()) / np.sum(np.exp(z - z.max())), "each row")
    wrong("05.softmax", lambda z: np.exp(z - np.max(z, axis=-1, keepdims=True)), "divide by their sum")


def test_softmax_right_answers():
    def two_lines(z):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    assert evaluate("05.softmax", two_lines).passed
    assert evaluate("05.softmax", lambda z: np.exp(z - np.logaddexp.reduce(z, axis=-1, keepdims=True))).passed


def test_cross_entropy_wrong_answers():
    wrong("05.cross_entropy", lambda t, p: -np.sum(t * np.log(p)), "mean")
    wrong("05.cross_entropy", lambda t, p: np.mean(np.sum(t * np.log(p), axis=1)), "sign")
    wrong("05.cross_entropy", lambda t, p: -np.mean(t * np.log(p)), "axis=1")
    wrong("05.cross_entropy", lambda t, p: -np.mean(np.sum(t * np.log10(p), axis=1)), "np.log")


def test_sgd_step_wrong_answers():
    wrong("05.sgd_step", lambda th, g, lr: th + lr * g, "uphill", "θ - η·ĝ")
    wrong("05.sgd_step", lambda th, g, lr: -lr * g, "add it")

    def in_place(theta, grad, learning_rate):
        theta -= learning_rate * grad
        return theta

    wrong("05.sgd_step", in_place, "in place")


def test_weight_gradient_wrong_answers():
    wrong("05.weight_gradient", lambda x, d: x.T @ d / len(x), "batch size")
    wrong("05.weight_gradient", lambda x, d: d.T @ x, "transposed")
    wrong("05.weight_gradient", lambda x, d: -(x.T @ d), "sign")


def test_weight_gradient_gradient_check_catches_an_answer_right_only_on_the_declared_cases():
    ex = checks.get_exercise("05.weight_gradient")
    cases = {id(c.args[0]) for c in ex.test_cases()}

    def cheat(x, dout):
        return x.T @ dout if id(x) in cases else np.zeros((x.shape[1], dout.shape[1]))

    with pytest.raises(checks.Wrong, match="gradient check"):
        ex.test(cheat)
