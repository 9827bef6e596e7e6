"""Exercises of notebook 06 · Convolution by hand.

    06.correlate1d    slide a 1-D kernel, multiply, add;      reference: utils.convolution.correlate1d
    06.output_shape   deck 000's 32×32×3 image, six 5×5×3 filters: the shape of the output (a value,
                      computed with utils.convolution.output_size)
    06.correlate2d    one 2-D kernel with stride and padding; reference: utils.convolution.correlate2d
    06.max_pool2d     2×2 max pooling with stride 2;          reference: utils.convolution.max_pool2d

This module holds only what the checker needs beyond the references: the test inputs, the likely
causes of a wrong answer and the first hints.  The lecture's numbers come from utils.lecture_examples.
"""

from __future__ import annotations

import numpy as np

from utils import convolution, lecture_examples
from utils.checks import Case, Exercise, Wrong, register


def _same(got, want) -> bool:
    g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    return g.shape == w.shape and np.allclose(g, w)


# ---------------------------------------------------------------------------- 06.correlate1d
def _c1_cases():
    rng = np.random.RandomState(6)
    return [
        Case((lecture_examples.CONV1D_A.copy(), lecture_examples.CONV1D_B.copy()), "the lecture's a and b"),
        Case((rng.randn(10), rng.randn(4))),
        Case((rng.randn(5), rng.randn(5)), "a kernel as long as the signal (one output number)"),
        Case((np.array([1.0, 0, 0, 0, 2, 0]), np.array([0.0, 1, -1])), "a kernel that is not symmetric"),
        Case(
            (np.array([200, 250, 180, 90, 255], dtype=np.uint8), np.array([2, 3], dtype=np.uint8)),
            "uint8 pixels and a uint8 kernel",
        ),
    ]


def _c1_diagnose(got, want, case):
    a, b = (np.asarray(x, dtype=np.float64) for x in case.args)
    n = len(np.ravel(got))
    if _same(got, np.convolve(a, b, "valid")) and not _same(got, want):
        return (
            "That flips the kernel first (np.convolve, the textbook convolution). Deep-learning layers and "
            "the lecture slide the kernel as it is: output i = sum of a[i:i+len(b)] * b."
        )
    if n == len(a) + len(b) - 1:
        return "Only the positions where the kernel fits completely count: len(a) - len(b) + 1 outputs."
    if n == len(a):
        return "That keeps one output per input number; without padding there are len(a) - len(b) + 1."
    if n == len(a) - len(b):
        return "One output short: the last position, where the kernel ends at the last number, counts too."
    return None


# ---------------------------------------------------------------------------- 06.output_shape
def _output_shape():
    side = convolution.output_size(32, 5, "valid", 1)
    return (side, side, 6)


def _test_output_shape(candidate):
    want = _output_shape()
    if isinstance(candidate, np.ndarray):
        candidate = tuple(candidate.tolist())
    if not isinstance(candidate, (tuple, list)):
        raise Wrong(
            f"give the shape as a tuple of three numbers (height, width, depth), like (10, 10, 4); got "
            f"{type(candidate).__name__} {candidate!r}."
        )
    got = tuple(candidate)
    if len(got) == 2:
        raise Wrong(
            f"{got} is one activation map; six filters give six maps stacked: add the depth "
            "as a third number."
        )
    if len(got) != 3:
        raise Wrong(f"a shape (height, width, depth) has three numbers, but {got} has {len(got)}.")
    try:
        got = tuple(float(v) for v in got)
    except (TypeError, ValueError):
        raise Wrong(f"every entry of the shape should be a number, but got {candidate!r}.") from None
    if got == want:
        return
    if got[:2] == want[:2]:
        raise Wrong(
            f"the height and width are right; the depth of the output is the number of filters (6), "
            f"not {got[2]:g}. Each filter already covers all 3 colour channels."
        )
    if got[0] == 32 - 5:
        raise Wrong("(W - F)/S + 1: you left out the + 1 (the first position of the filter counts too).")
    if got[0] == 32:
        raise Wrong(
            "32 would need padding ('same'); without padding a 5-wide filter fits 32 - 5 + 1 positions."
        )
    raise Wrong(
        f"{got[0]:g} is not the output width: use (W - F + 2P)/S + 1 with W = 32, F = 5, P = 0, S = 1."
    )


# ---------------------------------------------------------------------------- 06.correlate2d
def _c2_cases():
    rng = np.random.RandomState(62)
    return [
        Case(
            (lecture_examples.CONV_IMAGE_DECK002.copy(), lecture_examples.CONV_KERNEL_DECK002.copy(), 1, 0),
            "deck 002's 7×7 image and 3×3 kernel, stride 1, no padding",
        ),
        Case((rng.randn(7, 7), rng.randn(3, 3), 2, 0), "a 7×7 image, a 3×3 kernel, stride 2, no padding"),
        Case((rng.randn(6, 8), rng.randn(3, 3), 1, 1), "a 6×8 image, a 3×3 kernel, stride 1, padding 1"),
        Case((rng.randn(9, 9), rng.randn(5, 5), 2, 2), "a 9×9 image, a 5×5 kernel, stride 2, padding 2"),
        Case((rng.randn(5, 6), rng.randn(2, 3), 1, 0), "a 2×3 kernel (not square, not symmetric)"),
        Case(
            (rng.randint(150, 256, (6, 6)).astype(np.uint8), np.ones((3, 3), dtype=np.uint8), 1, 0),
            "uint8 pixels and a uint8 kernel of ones",
        ),
    ]


def _c2_diagnose(got, want, case):
    image, kernel, stride, padding = case.args
    img, ker = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    got = np.asarray(got)
    if _same(got, convolution.correlate2d(img, ker[::-1, ::-1], stride, padding)):
        return "That flips the kernel (true convolution); slide it as it is, like Keras' Conv2D."
    if stride > 1 and _same(got, convolution.correlate2d(img, ker, 1, padding)):
        return (
            f"That is the stride-1 result: move the kernel {stride} pixels at a time (start at i * stride)."
        )
    if padding and _same(got, convolution.correlate2d(img, ker, stride, 0)):
        return f"The padding is missing: add {padding} zero(s) on every side first (np.pad(image, padding))."
    return None


# ---------------------------------------------------------------------------- 06.max_pool2d
def _pool_cases():
    rng = np.random.RandomState(66)
    return [
        Case((np.arange(16.0).reshape(4, 4),), "a 4×4 map holding 0 … 15"),
        Case(
            (np.array(lecture_examples.XO_RELU_DECK[0][:6, :6]),), "the lecture's first map after ReLU, 6×6"
        ),
        Case((rng.randn(6, 8),), "a 6×8 map with negative numbers"),
        Case((-rng.rand(4, 2) - 1,), "a 4×2 map where every number is negative"),
        Case((rng.randn(2, 2),), "a 2×2 map (one window)"),
    ]


def _pool_diagnose(got, want, case):
    (x,) = case.args
    x = np.asarray(x, dtype=np.float64)
    got = np.asarray(got)
    if _same(got, convolution.avg_pool2d(x)):
        return "That is average pooling; max pooling keeps the largest number of each window (np.max)."
    if got.shape == (x.shape[0] - 1, x.shape[1] - 1):
        return "The windows overlap: move by 2, not 1 (stride 2), so an H×W map gives H/2 × W/2."
    if got.shape == want.shape and np.all(got >= 0) and np.any(np.asarray(want) < 0):
        return (
            "Negative maxima came out as 0: do not start from np.zeros and compare; "
            "take np.max of each window."
        )
    return None


register(
    Exercise(
        "06.correlate1d",
        reference=convolution.correlate1d,
        cases=_c1_cases,
        diagnose=_c1_diagnose,
        hint="for each position i from 0 to len(a) - len(b), multiply a[i:i + len(b)] by b and add "
        "the products (np.sum). Convert to float first: uint8 products wrap around.",
    )
)
register(
    Exercise(
        "06.output_shape",
        reference=_output_shape,
        test=_test_output_shape,
        kind="value",
        hint="(W - F + 2P)/S + 1 gives the height and the width; the depth is the number of filters.",
        solution="output_shape = (28, 28, 6)   # (32 - 5 + 0)/1 + 1 = 28, one map per filter",
    )
)
register(
    Exercise(
        "06.correlate2d",
        reference=convolution.correlate2d,
        cases=_c2_cases,
        diagnose=_c2_diagnose,
        hint="pad the image with np.pad(image, padding), work out the output size (H - kh + 2P)/S + 1, then "
        "for every (i, j) take the patch starting at (i * stride, j * stride) and sum patch * kernel.",
    )
)
register(
    Exercise(
        "06.max_pool2d",
        reference=convolution.max_pool2d,
        cases=_pool_cases,
        diagnose=_pool_diagnose,
        hint="the output is (H // 2, W // 2); output[i, j] is the largest of the 2×2 window "
        "feature_map[2*i : 2*i + 2, 2*j : 2*j + 2] (np.max).",
    )
)
