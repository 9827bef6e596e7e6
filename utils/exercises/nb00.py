"""Exercises of notebook 00 · How exercises work.

    00.invert   the photographic negative of a uint8 image; reference: utils.images.invert

This module holds only what the checker needs beyond the reference: the test inputs, the likely
causes of a wrong answer, and the first hint.
"""

from __future__ import annotations

import numpy as np

from utils import images
from utils.checks import Case, Exercise, register


def _invert_cases():
    rng = np.random.RandomState(0)
    return [
        Case(
            (np.array([[0, 255], [100, 30]], dtype=np.uint8),),
            "a 2×2 test image (black 0, white 255, 100 and 30)",
        ),
        Case(
            (np.arange(256, dtype=np.uint8).reshape(16, 16),),
            "a 16×16 image holding every value from 0 to 255",
        ),
        Case((rng.randint(0, 256, (4, 5, 3)).astype(np.uint8),), "a 4×5 colour image, shape (4, 5, 3)"),
    ]


def _invert_diagnose(got, want, case):
    image = case.args[0]
    g = np.asarray(got)
    if g.shape != image.shape:
        return "Invert every pixel and keep the grid the same size: the negative has the image's shape."
    wide, mine = image.astype(np.int64), g.astype(np.int64)
    if np.array_equal(mine, wide):
        return "The image came back unchanged: each pixel v should become 255 - v."
    if np.array_equal(mine % 256, (wide - 255) % 256):
        return "That is image - 255 (which wraps around in uint8); the negative is 255 - image."
    if np.array_equal(mine % 256, (-wide) % 256):
        return (
            "That is -image, which wraps around to 256 - v in uint8; a pixel and its negative add up to 255."
        )
    if g.dtype.kind == "f" and np.allclose(g, 1 - wide / 255):
        return "Those are fractions 0 to 1; this image holds 0 to 255, so its negative is 255 - v."
    return (
        "Black (0) should become white (255), white should become black, and 100 "
        "should become 155: what must you add to a pixel and its negative to get 255?"
    )


register(
    Exercise(
        "00.invert",
        reference=images.invert,
        cases=_invert_cases,
        diagnose=_invert_diagnose,
        dtype="same",
        hint="255 is white and 0 is black; each pixel's negative is what is left of 255.",
    )
)
