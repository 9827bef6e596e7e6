"""Notebook 07's exercises: the references pass, and the wrong answers learners write fail with the cause."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_support import wrong

from utils import cnn, metrics
from utils.checks import evaluate

keras = pytest.importorskip("keras")
layers = keras.layers


def _deck(conv_activation=None, first_units=128, dropout=0.2, shape=(28, 28, 1), skip_pool=False, out=10):
    stack = [keras.Input(shape=shape), layers.Conv2D(28, kernel_size=(3, 3), activation=conv_activation)]
    if not skip_pool:
        stack.append(layers.MaxPooling2D(pool_size=(2, 2)))
    stack += [
        layers.Flatten(),
        layers.Dense(first_units, activation="relu"),
        layers.Dropout(dropout),
        layers.Dense(out, activation="softmax"),
    ]
    return keras.Sequential(stack)


# ---------------------------------------------------------------------- 07.build_deck004_model
def test_deck_model_right_answers():
    assert evaluate("07.build_deck004_model", lambda: _deck()).passed
    assert evaluate("07.build_deck004_model", cnn.deck004_model).passed


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda: _deck(conv_activation="relu"), ["no activation", "'relu'"]),
        (lambda: _deck(first_units=64), ["Dense(128"]),
        (lambda: _deck(dropout=0.5), ["Dropout(0.2)"]),
        (lambda: _deck(shape=(28, 28, 3)), ["keras.Input(shape=(28, 28, 1))"]),
        (lambda: _deck(skip_pool=True), ["in this order", "Conv2D, Flatten"]),
        (lambda: _deck(out=9), ["Dense(10"]),
        (lambda: str(_deck()), ["text"]),
        (lambda: [_deck()], ["a list"]),
    ],
)
def test_deck_model_wrong_answers(candidate, words):
    wrong("07.build_deck004_model", candidate, *words)


def test_deck_model_returning_nothing():
    wrong("07.build_deck004_model", lambda: None, "returns nothing")


# ------------------------------------------------------------------------------ 07.n_params
def test_n_params():
    assert evaluate("07.n_params", 607_394).passed
    assert evaluate("07.n_params", cnn.deck004_param_count()).passed


@pytest.mark.parametrize(
    "value, words",
    [
        (3 * 3 * 28 + 13 * 13 * 28 * 128 + 128 * 10, ["biases"]),
        (280 + 26 * 26 * 28 * 128 + 128 + 1290, ["13×13"]),
        (280 + 28 * 28 * 28 * 128 + 128 + 1290, ["26×26"]),
        (280 + 13 * 13 * 128 + 128 + 1290, ["13 × 13 × 28"]),
        (280 + 605_824 + 1280, ["10 biases"]),
        (280 + 605_824 + 1290 + 128, ["Dropout"]),
        (123, ["123 is not it"]),
        ("607394", ["without quotes"]),
        (607_394.5, ["whole number"]),
    ],
)
def test_n_params_wrong_answers(value, words):
    wrong("07.n_params", value, *words)


# ---------------------------------------------------------------------- 07.make_augmentation
def _pipe(rotation=15 / 360, fill="constant", drop=None):
    parts = {
        "RandomRotation": layers.RandomRotation(rotation, fill_mode=fill),
        "RandomTranslation": layers.RandomTranslation(0.1, 0.1, fill_mode=fill),
        "RandomZoom": layers.RandomZoom(0.1, 0.1, fill_mode=fill),
        "RandomErasing": layers.RandomErasing(factor=0.5, scale=(0.02, 0.2), value_range=(0, 1)),
        "GaussianNoise": layers.GaussianNoise(0.05),
    }
    return keras.Sequential([layer for name, layer in parts.items() if name != drop])


def test_augmentation_right_answers():
    assert evaluate("07.make_augmentation", lambda: _pipe()).passed
    assert evaluate("07.make_augmentation", cnn.augmentation_pipeline).passed


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda: _pipe(rotation=1.0), ["factor is 1 (360 degrees)", "15 / 360"]),
        (lambda: _pipe(rotation=10 / 360), ["±15 degrees", "10 degrees"]),
        (lambda: _pipe(fill="reflect"), ["fill_mode='constant'"]),
        (lambda: _pipe(drop="GaussianNoise"), ["missing noise"]),
        (lambda: _pipe(drop="RandomErasing"), ["missing occlusion"]),
        (lambda: keras.Sequential([layers.Flatten()]), ["missing rotation"]),
        (lambda: "augment", ["text"]),
    ],
)
def test_augmentation_wrong_answers(candidate, words):
    wrong("07.make_augmentation", candidate, *words)


# ---------------------------------------------------------------------------- 07.top_k_accuracy
def test_top_k_right_answers():
    def mine(y_true, probabilities, k=1):
        top = np.argsort(probabilities, axis=1)[:, ::-1][:, :k]
        return float(np.mean([y in row for y, row in zip(y_true, top, strict=True)]))

    assert evaluate("07.top_k_accuracy", mine).passed
    assert evaluate("07.top_k_accuracy", metrics.top_k_accuracy).passed


@pytest.mark.parametrize(
    "candidate, words",
    [
        (
            lambda y, p, k=1: float(np.sum(np.any(np.argsort(-p, axis=1)[:, :k] == y[:, None], axis=1))),
            ["count", "divide"],
        ),
        (
            lambda y, p, k=1: float(np.mean(np.any(np.argsort(p, axis=1)[:, :k] == y[:, None], axis=1))),
            ["smallest to largest", "LAST k"],
        ),
        (lambda y, p, k=1: float(np.mean(np.argmax(p, axis=1) == y)), ["top-1"]),
        (lambda y, p, k=1: np.any(np.argsort(-p, axis=1)[:, :k] == y[:, None], axis=1), ["one number"]),
    ],
)
def test_top_k_wrong_answers(candidate, words):
    wrong("07.top_k_accuracy", candidate, *words)
