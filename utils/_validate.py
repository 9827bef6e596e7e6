"""Input checks shared by every public helper in :mod:`utils` (the errors live in :mod:`utils.errors`).

Every message says three things: which argument was wrong, what was expected, and what to do.
The errors are ordinary ``TypeError`` / ``ValueError`` subclasses so ``except ValueError`` works.
"""
from __future__ import annotations

import numpy as np


from .errors import CourseInputError, CourseTypeError

__all__ = ["CourseInputError", "CourseTypeError", "as_array", "as_finite", "as_image", "check_int",
           "check_choice"]


def _describe(x) -> str:
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of length {len(x)}"
    return f"{type(x).__name__} {x!r}"[:120]


def as_array(x, name: str, *, ndim=None, dtype_kind: str | None = None, hint: str = "") -> np.ndarray:
    """Return ``x`` as a NumPy array, or raise a message a learner can act on.

    ndim: an int or a tuple of allowed ints.  dtype_kind: NumPy kind letters that are allowed,
    e.g. ``"uif"`` for unsigned/signed integers and floats, ``"b"`` for booleans.
    """
    if isinstance(x, str) or x is None:
        raise CourseTypeError(f"`{name}` should be a NumPy array, but got {_describe(x)}. {hint}".strip())
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise CourseTypeError(f"`{name}` could not be turned into a NumPy array ({exc}). "
                              f"Pass a rectangular array or nested list of numbers. {hint}".strip()) from None
    if arr.dtype == object:
        raise CourseTypeError(f"`{name}` should hold numbers, but it holds Python objects "
                              f"(often a ragged list or text). {hint}".strip())
    if dtype_kind is not None and arr.dtype.kind not in dtype_kind:
        kinds = {"u": "unsigned integers", "i": "integers", "f": "floats", "b": "booleans"}
        want = " or ".join(kinds.get(k, k) for k in dtype_kind)
        raise CourseTypeError(f"`{name}` should hold {want}, but its dtype is {arr.dtype}. {hint}".strip())
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise CourseInputError(f"`{name}` should be {want}, but got {_describe(arr)}. {hint}".strip())
    return arr


def as_finite(x, name: str) -> np.ndarray:
    """Check ``x`` holds plain numbers with no NaN or infinity (what every distance needs)."""
    arr = as_array(x, name, dtype_kind="uifb",
                   hint="Pass pixel values as numbers, e.g. a uint8 image or a float array.")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise CourseInputError(f"`{name}` contains NaN or infinity; distances need finite numbers. "
                               f"Find them with np.isnan({name}) and remove or replace them.")
    return arr


def as_image(x, name: str = "image", *, allow_batch: bool = False) -> np.ndarray:
    """Check ``x`` is an image: (H, W) grayscale or (H, W, 3) colour, numbers, not empty.

    With ``allow_batch`` a stack (N, H, W) or (N, H, W, C) is accepted too.
    """
    ndims = (2, 3, 4) if allow_batch else (2, 3)
    arr = as_array(x, name, ndim=ndims, dtype_kind="uifb",
                   hint="Images are (height, width) for grayscale or (height, width, 3) for colour.")
    if arr.size == 0:
        raise CourseInputError(f"`{name}` is empty (shape {arr.shape}); pass an image with at least one pixel.")
    if not allow_batch and arr.ndim == 3 and arr.shape[-1] not in (1, 3, 4):
        raise CourseInputError(
            f"`{name}` has shape {arr.shape}: a 3-D image should end in 1, 3 or 4 channels, "
            f"like (H, W, 3). If you passed a batch of grayscale images, take one: `{name}[0]`.")
    return arr


def check_int(x, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Check ``x`` is a whole number in [low, high] and return it as ``int``."""
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)):
        if isinstance(x, float) and float(x).is_integer():
            x = int(x)
        else:
            raise CourseTypeError(f"`{name}` should be a whole number, but got {_describe(x)}.")
    x = int(x)
    if low is not None and x < low or high is not None and x > high:
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise CourseInputError(f"`{name}` should be between {lo} and {hi}, but got {x}.")
    return x


def check_choice(x, name: str, choices) -> str:
    """Check ``x`` is one of ``choices`` (case-insensitive for strings) and return it lower-cased."""
    choices = tuple(choices)
    if not isinstance(x, str) or x.lower() not in choices:
        raise CourseInputError(f"`{name}` should be one of {', '.join(map(repr, choices))}, but got {x!r}.")
    return x.lower()
