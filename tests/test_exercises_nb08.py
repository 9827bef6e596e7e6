"""Notebook 08's exercises: the references pass, and the wrong answers learners write fail with the cause."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_support import wrong

from utils import transfer
from utils.checks import evaluate

keras = pytest.importorskip("keras")


# ---------------------------------------------------------------------------- 08.trainable_mask
def _mask_first(kinds, n_top):  # the bottom layers instead of the top ones
    mask = np.zeros(len(kinds), bool)
    mask[np.flatnonzero(np.asarray(kinds) != "BatchNormalization")[:n_top]] = True
    return mask


def _mask_with_bn(kinds, n_top):  # batch norm counted like any other layer
    mask = np.zeros(len(kinds), bool)
    if n_top:
        mask[-n_top:] = True
    return mask


def _mask_all_after(kinds, n_top):  # forgets the n_top=0 case: mask[-0:] is everything
    mask = np.zeros(len(kinds), bool)
    mask[np.flatnonzero(np.asarray(kinds) != "BatchNormalization")[-n_top:]] = True
    return mask


def _mask_ints(kinds, n_top):
    return transfer.trainable_mask(kinds, n_top).astype(int)


def test_trainable_mask_right_answers():
    assert evaluate("08.trainable_mask", transfer.trainable_mask).passed

    def with_loop(kinds, n_top):
        out, left = [], n_top
        for kind in reversed(list(kinds)):
            ok = left > 0 and kind != "BatchNormalization"
            left -= ok
            out.append(ok)
        return np.array(out[::-1], dtype=bool)

    assert evaluate("08.trainable_mask", with_loop).passed


@pytest.mark.parametrize(
    "candidate, words",
    [
        (_mask_first, ["end of the list"]),
        (_mask_with_bn, ["BatchNormalization layer is marked to learn"]),
        (_mask_all_after, ["n_top=0", "Too many layers learn"]),
        (_mask_ints, ["dtype"]),
    ],
)
def test_trainable_mask_wrong_answers(candidate, words):
    wrong("08.trainable_mask", candidate, *words)


# ------------------------------------------------------------------------------- 08.build_head
def test_build_head_right_answers():
    assert evaluate("08.build_head", transfer.build_head).passed

    def functional(features, n_classes):
        inputs = keras.Input((features.shape[1],))
        return keras.Model(inputs, keras.layers.Dense(n_classes, activation="softmax")(inputs))

    assert evaluate("08.build_head", functional).passed


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda f, n: keras.Sequential([keras.Input((f.shape[1],)), keras.layers.Dense(n)]), ["softmax"]),
        (
            lambda f, n: keras.Sequential(
                [keras.Input((f.shape[1],)), keras.layers.Dense(n, activation="softmax", use_bias=False)]
            ),
            ["no biases"],
        ),
        (
            lambda f, n: keras.Sequential(
                [
                    keras.Input((f.shape[1],)),
                    keras.layers.Dense(32, activation="relu"),
                    keras.layers.Dense(n, activation="softmax"),
                ]
            ),
            ["single Dense layer"],
        ),
        (
            lambda f, n: keras.Sequential([keras.Input((64,)), keras.layers.Dense(n, activation="softmax")]),
            ["Input"],
        ),
        (
            lambda f, n: keras.Sequential(
                [keras.Input((f.shape[1],)), keras.layers.Dense(7, activation="softmax")]
            ),
            ["shape"],
        ),
        (lambda f, n: keras.layers.Dense(n, activation="softmax"), ["Keras model"]),
        (lambda f, n: None, ["returns nothing"]),
    ],
)
def test_build_head_wrong_answers(candidate, words):
    wrong("08.build_head", candidate, *words)


# --------------------------------------------------------------------------- 08.examples_needed
def test_examples_needed_right_answers():
    assert evaluate("08.examples_needed", transfer.examples_needed).passed

    def by_filter(curve, target):
        hits = [n for n in curve if curve[n] >= target]
        return min(hits) if hits else float("inf")

    assert evaluate("08.examples_needed", by_filter).passed


@pytest.mark.parametrize(
    "candidate, words",
    [
        (
            lambda c, t: max(n for n in c if c[n] >= t) if any(v >= t for v in c.values()) else float("inf"),
            ["largest n"],
        ),
        (lambda c, t: next((n for n in c if c[n] >= t), float("inf")), ["sorted(curve)"]),
        (lambda c, t: next((c[n] for n in sorted(c) if c[n] >= t), float("inf")), ["accuracy"]),
        (lambda c, t: next((n for n in sorted(c) if c[n] > t), float("inf")), ["target 0.70"]),
        (lambda c, t: next((n for n in sorted(c) if c[n] >= t), 0), ['float("inf")']),
    ],
)
def test_examples_needed_wrong_answers(candidate, words):
    wrong("08.examples_needed", candidate, *words)
