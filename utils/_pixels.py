"""Small numeric helpers shared by the image modules (value ranges, dtypes, argument checks).

Private to the package: notebooks use :mod:`utils.images` and :mod:`utils.transforms`.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import CourseInputError, CourseTypeError, as_image, describe


def check_strength(strength, name: str = "strength") -> float:
    if isinstance(strength, bool) or not isinstance(strength, (int, float, np.integer, np.floating)):
        raise CourseTypeError(
            f"`{name}` should be a number between 0 and 1 (0 = no change, "
            f"1 = strong change), but got {describe(strength)}."
        )
    s = float(strength)
    if not (0.0 <= s <= 1.0) or math.isnan(s):
        raise CourseInputError(
            f"`{name}` should be between 0 (no change) and 1 (strong change), but got {describe(strength)}."
        )
    return s


def colour_image(img, name: str = "image") -> np.ndarray:
    arr = as_image(img, name)
    if arr.ndim != 3 or arr.shape[-1] != 3:
        raise CourseInputError(
            f"`{name}` should be a colour image of shape (H, W, 3), but got shape {arr.shape}. "
            + (
                "A grayscale (H, W) image has only one channel: there is nothing to split or reorder."
                if arr.ndim == 2
                else "Drop an alpha channel with `image[..., :3]`."
            )
        )
    return arr


def value_max(arr: np.ndarray) -> float:
    """The brightest value an image of this dtype can hold, as the course reads it.

    uint8 -> 255; bool -> 1; other integers -> 255 if every value fits, else the dtype's maximum;
    floats -> 1.0 if every value is in [0, 1] (the usual float convention), else 255.
    """
    if arr.dtype == np.uint8:
        return 255.0
    if arr.dtype.kind == "b":
        return 1.0
    if arr.dtype.kind in "ui":
        return 255.0 if arr.size == 0 or arr.max() <= 255 else float(np.iinfo(arr.dtype).max)
    return 1.0 if arr.size == 0 or (np.nanmin(arr) >= 0 and np.nanmax(arr) <= 1.0) else 255.0


def to_unit(arr: np.ndarray) -> np.ndarray:
    """Float64 copy scaled to [0, 1] (see :func:`value_max`)."""
    return arr.astype(np.float64) / value_max(arr)


def restore(out: np.ndarray, like: np.ndarray, vmax: float) -> np.ndarray:
    """Turn float values in [0, vmax] back into ``like``'s dtype (rounded and clipped for ints)."""
    if like.dtype.kind == "b":
        return out > vmax / 2
    if like.dtype.kind in "ui":
        info = np.iinfo(like.dtype)
        return np.clip(np.rint(out), max(info.min, 0), min(info.max, vmax)).astype(like.dtype)
    return np.clip(out, 0.0, vmax).astype(like.dtype)
