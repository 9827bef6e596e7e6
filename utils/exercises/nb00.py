"""Exercises of notebook 00: the warm-up."""
import numpy as np

from ..checks import Exercise, Wrong, register, returned_array


def invert(image):
    """Reference: the photographic negative of a uint8 image (white ↔ black)."""
    return 255 - image


def _test_invert(candidate):
    tiny = np.array([[0, 255], [100, 30]], dtype=np.uint8)
    got = returned_array(candidate, tiny.copy(), shape=tiny.shape,
                         shape_hint="Invert every pixel, keep the grid the same size.")
    if got[0, 0] != 255 or got[0, 1] != 0:
        raise Wrong("black (0) should become white (255) and white should become black. "
                    f"Yours turned 0 into {got[0, 0]} and 255 into {got[0, 1]}.")
    if not np.array_equal(got.astype(np.int64), 255 - tiny.astype(np.int64)):
        raise Wrong(f"100 should become 155, yours gave {got[1, 0]}. What must you add to a pixel "
                    "and its negative to get 255?")
    if got.dtype != np.uint8:
        raise Wrong(f"the values are right but the dtype is {got.dtype}; images stay uint8 "
                    "(0–255). Keep the arithmetic in uint8 or convert with .astype(np.uint8).")
    photo = np.arange(256, dtype=np.uint8).reshape(16, 16)
    if not np.array_equal(np.asarray(candidate(photo)), 255 - photo):
        raise Wrong("it works on the tiny example but not on a 16×16 image: avoid hard-coding sizes.")


register(Exercise("00.invert", test=_test_invert, reference=invert,
                  hint="255 is white and 0 is black; each pixel's negative is what is left of 255."))
