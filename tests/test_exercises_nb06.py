"""Notebook 06's exercises, tried with the wrong answers learners really write; none may pass."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_support import wrong

from utils import checks, convolution
from utils.checks import evaluate


def test_references_pass():
    for name in ("06.correlate1d", "06.correlate2d", "06.max_pool2d", "06.output_shape"):
        assert evaluate(name, checks.get_exercise(name).fallback()).passed


# ---------------------------------------------------------------------------- 06.correlate1d
def _c1_ok(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.array([np.sum(a[i : i + len(b)] * b) for i in range(len(a) - len(b) + 1)])


def _c1_no_cast(a, b):
    return np.array([np.sum(a[i : i + len(b)] * b) for i in range(len(a) - len(b) + 1)])


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda a, b: np.convolve(a, b, "valid"), ["flips the kernel"]),
        (lambda a, b: np.correlate(np.asarray(a, float), np.asarray(b, float), "full"), ["fits completely"]),
        (
            lambda a, b: np.correlate(np.asarray(a, float), np.asarray(b, float), "same"),
            ["one output per input"],
        ),
        (lambda a, b: _c1_ok(a, b)[:-1], ["One output short"]),
        (_c1_no_cast, ["uint8"]),
    ],
)
def test_correlate1d_wrong_answers(candidate, words):
    wrong("06.correlate1d", candidate, *words)


def test_correlate1d_right_answers():
    assert evaluate("06.correlate1d", _c1_ok).passed
    assert evaluate(
        "06.correlate1d", lambda a, b: np.correlate(np.asarray(a, float), np.asarray(b, float))
    ).passed


# ---------------------------------------------------------------------------- 06.output_shape
@pytest.mark.parametrize(
    "value, words",
    [
        ((28, 28, 3), ["number of filters"]),
        ((28, 28), ["one activation map"]),
        ((27, 27, 6), ["+ 1"]),
        ((32, 32, 6), ["padding"]),
        ((29, 29, 6), ["(W - F + 2P)/S + 1"]),
        (28, ["tuple of three numbers"]),
        ("(28, 28, 6)", ["tuple of three numbers"]),
        ((28, 28, 6, 1), ["three numbers"]),
    ],
)
def test_output_shape_wrong_answers(value, words):
    wrong("06.output_shape", value, *words)


def test_output_shape_right_answers():
    for value in [(28, 28, 6), [28, 28, 6], np.array([28, 28, 6]), (28.0, 28.0, 6.0)]:
        assert evaluate("06.output_shape", value).passed


# ---------------------------------------------------------------------------- 06.correlate2d
def _c2(flip=False, use_stride=True, use_padding=True, cast=True):
    def correlate2d(image, kernel, stride=1, padding=0):
        image = np.asarray(image, dtype=np.float64) if cast else np.asarray(image)
        if use_padding:
            image = np.pad(image, padding)
        if not use_stride:
            stride = 1
        k = kernel[::-1, ::-1] if flip else kernel
        kh, kw = k.shape
        oh, ow = (image.shape[0] - kh) // stride + 1, (image.shape[1] - kw) // stride + 1
        out = np.zeros((oh, ow), dtype=image.dtype)
        for i in range(oh):
            for j in range(ow):
                out[i, j] = np.sum(image[i * stride : i * stride + kh, j * stride : j * stride + kw] * k)
        return out

    return correlate2d


@pytest.mark.parametrize(
    "candidate, words",
    [
        (_c2(flip=True), ["flips the kernel"]),
        (_c2(use_stride=False), ["stride-1 result"]),
        (_c2(use_padding=False), ["padding is missing"]),
        (_c2(cast=False), ["uint8"]),
        (
            lambda image, kernel, stride=1, padding=0: convolution.correlate2d(
                image.T, kernel, stride, padding
            ),
            [],
        ),
    ],
)
def test_correlate2d_wrong_answers(candidate, words):
    wrong("06.correlate2d", candidate, *words)


def test_correlate2d_right_answer():
    assert evaluate("06.correlate2d", _c2()).passed


# ---------------------------------------------------------------------------- 06.max_pool2d
def _pool_zeros(x):
    out = np.zeros((x.shape[0] // 2, x.shape[1] // 2))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            for v in x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].ravel():
                out[i, j] = max(out[i, j], v)
    return out


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).mean(axis=(1, 3)), ["average pooling"]),
        (lambda x: convolution.max_pool2d(x, 2, 1), ["windows overlap"]),
        (_pool_zeros, ["np.zeros"]),
        (lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).max(axis=(0, 2)), ["wrong"]),
        (lambda x: x[::2, ::2], []),
    ],
)
def test_max_pool2d_wrong_answers(candidate, words):
    wrong("06.max_pool2d", candidate, *words)


def test_max_pool2d_right_answers():
    assert evaluate(
        "06.max_pool2d", lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).max(axis=(1, 3))
    ).passed
    assert evaluate("06.max_pool2d", lambda x: convolution.max_pool2d(x)).passed
