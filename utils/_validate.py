"""Input checks shared by every public helper in :mod:`utils` (the errors live in :mod:`utils.errors`).

Every message says three things: which argument was wrong, what was expected, and what to do,
in plain words on one line: arrays are described by shape and dtype (never printed), dtypes by
what they hold ("it holds text"), ranges as "at least 1" rather than "between 1 and inf".
The errors are ordinary ``TypeError`` / ``ValueError`` subclasses so ``except ValueError`` works.
"""

from __future__ import annotations

import numpy as np

from .errors import CourseInputError, CourseTypeError

__all__ = [
    "CourseInputError",
    "CourseTypeError",
    "as_array",
    "as_finite",
    "as_image",
    "check_int",
    "check_choice",
    "describe",
    "dtype_words",
]

_KIND_WORDS = {
    "u": "unsigned integers",
    "i": "integers",
    "f": "floats",
    "b": "booleans (True/False)",
    "c": "complex numbers",
    "U": "text",
    "S": "bytes",
    "O": "Python objects",
    "M": "dates",
    "m": "time spans",
    "V": "raw records",
}


def dtype_words(dtype) -> str:
    """What an array of this dtype holds, in words: ``"uint8 numbers"``, ``"text"``, ``"Python objects"``."""
    dt = np.dtype(dtype)
    if dt.kind in "uifc":
        return f"{dt} numbers"
    if dt.kind == "b":
        return "True/False values"
    return _KIND_WORDS.get(dt.kind, str(dt))


def _kinds_words(kinds: str) -> str:
    """ "uif" -> "numbers", "uifb" -> "numbers or booleans (True/False)", "ui" -> "integers"."""
    rest = kinds
    words = []
    if set("uif") <= set(kinds):
        words.append("numbers")
        rest = rest.replace("u", "").replace("i", "").replace("f", "")
    elif "u" in kinds and "i" in kinds:
        rest = rest.replace("u", "")
    words += [_KIND_WORDS.get(k, k) for k in rest]
    return " or ".join(words)


def describe(x) -> str:
    """A value described in a few words on one line, e.g. "an array of shape (28, 28) holding uint8 numbers".

    Arrays (and anything with a shape, such as a DataFrame or a tensor) are described by shape and
    what they hold, never by their printed form; short plain values are shown as they are.
    """
    if isinstance(x, np.ndarray):
        if x.ndim == 0 and x.dtype.kind in "iuf":
            return f"the number {x.item()!r}"
        return f"an array of shape {x.shape} holding {dtype_words(x.dtype)}"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of length {len(x)}"
    if isinstance(x, str):
        text = x if len(x) <= 40 else x[:40] + "…"
        return f"the text {text!r}"
    if x is None or isinstance(x, (bool, np.bool_)):
        return repr(x.item() if isinstance(x, np.generic) else x)
    if isinstance(x, (int, float, complex, np.number)):
        return f"the number {(x.item() if isinstance(x, np.generic) else x)!r}"
    shape = getattr(x, "shape", None)
    if isinstance(shape, tuple):
        return f"a {type(x).__name__} of shape {shape}"
    text = " ".join(repr(x).split())
    return f"a {type(x).__name__}" if len(text) > 60 else f"{type(x).__name__} {text}"


_describe = describe  # the name the helpers used before


def _label(name: str) -> str:
    """`name` in backticks; a phrase such as "each k in `ks`" is used as it is."""
    return name if (" " in name or "`" in name) else f"`{name}`"


def _start(name: str) -> str:
    label = _label(name)
    return label[0].upper() + label[1:] if label[0].isalpha() else label


def as_array(x, name: str, *, ndim=None, dtype_kind: str | None = None, hint: str = "") -> np.ndarray:
    """Return ``x`` as a NumPy array, or raise a message a learner can act on.

    ndim: an int or a tuple of allowed ints.  dtype_kind: NumPy kind letters that are allowed,
    e.g. ``"uif"`` for unsigned/signed integers and floats, ``"b"`` for booleans.
    """
    if isinstance(x, str) or x is None:
        raise CourseTypeError(
            f"{_start(name)} should be a NumPy array, but got {describe(x)}. {hint}".strip()
        )
    try:
        arr = np.asarray(x)
    except Exception:  # ragged lists and the like
        raise CourseTypeError(
            f"{_start(name)} could not be turned into a NumPy array: its rows "
            "have different lengths or it mixes numbers with other things. "
            f"Pass a rectangular array or nested list of numbers. {hint}".strip()
        ) from None
    if arr.dtype == object:
        raise CourseTypeError(
            f"{_start(name)} should hold numbers, but it holds "
            f"Python objects (often a ragged list or text). {hint}".strip()
        )
    if dtype_kind is not None and arr.dtype.kind not in dtype_kind:
        want = _kinds_words(dtype_kind)
        raise CourseTypeError(
            f"{_start(name)} should hold {want}, but it holds "
            f"{dtype_words(arr.dtype)} (dtype {arr.dtype}). {hint}".strip()
        )
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise CourseInputError(
                f"{_start(name)} should be {want}, but got {describe(arr)}. {hint}".strip()
            )
    return arr


def as_finite(x, name: str) -> np.ndarray:
    """Check ``x`` holds plain numbers with no NaN or infinity (what every distance needs)."""
    arr = as_array(
        x, name, dtype_kind="uifb", hint="Pass pixel values as numbers, e.g. a uint8 image or a float array."
    )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise CourseInputError(
            f"{_start(name)} contains NaN or infinity; distances need finite "
            f"numbers. Find them with np.isnan({name}) and remove or replace them."
        )
    return arr


def as_image(x, name: str = "image", *, allow_batch: bool = False) -> np.ndarray:
    """Check ``x`` is an image: (H, W) grayscale or (H, W, 3) colour, numbers, not empty.

    With ``allow_batch`` a stack (N, H, W) or (N, H, W, C) is accepted too.
    """
    ndims = (2, 3, 4) if allow_batch else (2, 3)
    arr = as_array(
        x,
        name,
        ndim=ndims,
        dtype_kind="uifb",
        hint="Images are (height, width) for grayscale or (height, width, 3) for colour.",
    )
    if arr.size == 0:
        raise CourseInputError(
            f"{_start(name)} is empty (shape {arr.shape}); pass an image with at least one pixel."
        )
    if not allow_batch and arr.ndim == 3 and arr.shape[-1] not in (1, 3, 4):
        raise CourseInputError(
            f"{_start(name)} has shape {arr.shape}: a 3-D image should end in 1, 3 or 4 channels, "
            f"like (H, W, 3). If you passed a batch of grayscale images, take one: `{name}[0]`."
        )
    return arr


def _range_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"between {low} and {high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}"


def check_int(x, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Check ``x`` is a whole number in [low, high] and return it as ``int``.

    ``name`` is the argument's name (shown in backticks) or a phrase such as "each k in `ks`".
    """
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)):
        if isinstance(x, (float, np.floating)) and float(x).is_integer():
            x = int(x)
        else:
            raise CourseTypeError(f"{_start(name)} should be a whole number, but got {describe(x)}.")
    x = int(x)
    if low is not None and x < low or high is not None and x > high:
        raise CourseInputError(
            f"{_start(name)} should be a whole number {_range_words(low, high)}, but got {x}."
        )
    return x


def check_choice(x, name: str, choices) -> str:
    """Check ``x`` is one of ``choices`` (case-insensitive for strings) and return it lower-cased."""
    choices = tuple(choices)
    if not isinstance(x, str) or x.lower() not in choices:
        got = repr(x) if isinstance(x, str) and len(x) <= 40 else describe(x)
        raise CourseInputError(
            f"{_start(name)} should be one of {', '.join(map(repr, choices))}, but got {got}."
        )
    return x.lower()
