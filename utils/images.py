"""Notebook 01 (and 00): an image is a grid of numbers.

Tested reference code for what notebooks 00 and 01 do to one image; it never draws (figures are in
:mod:`utils.figures.nb00` / :mod:`utils.figures.nb01`).

* pixels: :func:`invert`, :func:`threshold` (notebook 00)
* layout: :func:`split_channels`, :func:`rgb_to_bgr` / :func:`bgr_to_rgb`, :func:`to_batch`,
  :func:`from_batch`, :func:`add_channel_axis`, :func:`describe_layout`
* colour spaces: :func:`to_grayscale`, :func:`rgb_to_hsv`, :func:`rgb_to_cmyk`,
  :func:`colour_view` (the colour-space dropdown's plain function)
* looking at numbers: :func:`pixel_region`, :func:`region_bounds`, :func:`channel_mean`
* comparing images: :func:`pixel_distance`, :func:`resize_to`

The challenges (viewpoint, illumination, …) are transforms in :mod:`utils.transforms`; the
lectures' dataset table is in :mod:`utils.dataset_facts`.
"""

from __future__ import annotations

import numpy as np

from . import _pixels
from ._validate import (
    CourseInputError,
    CourseTypeError,
    as_array,
    as_finite,
    as_image,
    check_choice,
    check_int,
    describe,
)

__all__ = [
    "invert",
    "threshold",
    "split_channels",
    "rgb_to_bgr",
    "bgr_to_rgb",
    "to_batch",
    "from_batch",
    "add_channel_axis",
    "describe_layout",
    "GRAY_WEIGHTS",
    "to_grayscale",
    "rgb_to_hsv",
    "rgb_to_cmyk",
    "channel_mean",
    "COLOUR_VIEWS",
    "colour_view",
    "pixel_region",
    "region_bounds",
    "pixel_distance",
    "resize_to",
]


# ----------------------------------------------------------------------------------------------
# pixels (notebook 00)
# ----------------------------------------------------------------------------------------------
def invert(image):
    """The photographic negative of an image: white becomes black and black white.

    uint8 in, uint8 out: each value v becomes 255 - v (for floats in [0, 1], 1 - v).  The input is
    not changed.  Taught in 00 · How exercises work.
    """
    arr = as_image(image, "image")
    vmax = _pixels.value_max(arr)
    if arr.dtype.kind == "b":
        return ~arr
    return (np.asarray(vmax, dtype=arr.dtype) - arr).astype(arr.dtype)


def threshold(image, level: int):
    """Which pixels of a grayscale image are brighter than ``level``?

    image: (H, W) numbers 0–255.  Returns ``(mask, fraction)``: a (H, W) bool array and the
    fraction of pixels above the level.  Taught in 00 · A first widget.
    """
    img = as_image(image)
    if img.ndim != 2:
        raise CourseInputError(
            f"`image` should be grayscale (H, W), got shape {img.shape}. "
            f"Average the channels first: image.mean(axis=2)."
        )
    level = check_int(level, "level", low=0, high=255)
    mask = img > level
    return mask, float(mask.mean())


# ----------------------------------------------------------------------------------------------
# layout: channels, BGR, batches
# ----------------------------------------------------------------------------------------------
def split_channels(img):
    """Return the red, green and blue planes of an (H, W, 3) image as three (H, W) arrays.

    Each plane is a view into the same memory (no copy); the dtype is unchanged.

    Taught in 01 · Channels one by one.
    """
    arr = _pixels.colour_image(img)
    return arr[..., 0], arr[..., 1], arr[..., 2]


def rgb_to_bgr(img):
    """Reverse the channel order: RGB -> BGR (what OpenCV's ``cv2.imread`` gives you).

    Works on one image (H, W, 3) or a batch (N, H, W, 3).  Doing it twice gives back the input.

    Taught in 01 · RGB or BGR?
    """
    arr = as_image(img, "img", allow_batch=True)
    if arr.ndim not in (3, 4) or arr.shape[-1] != 3:
        raise CourseInputError(
            f"`img` should end in 3 colour channels, (H, W, 3) or (N, H, W, 3), but got shape "
            f"{arr.shape}. A grayscale image has no channel order to swap."
        )
    return arr[..., ::-1].copy()


def bgr_to_rgb(img):
    """Reverse the channel order back: BGR -> RGB.  The same operation as :func:`rgb_to_bgr`.

    Taught in 01 · RGB or BGR?
    """
    return rgb_to_bgr(img)


def add_channel_axis(img):
    """(H, W) grayscale -> (H, W, 1): the 3-D layout deep-learning layers expect.

    An image that already has a channel axis is returned unchanged.

    Taught in 01 · One image or a batch: [H, W, C] vs [N, H, W, C].
    """
    arr = as_image(img, "img")
    return arr[..., None] if arr.ndim == 2 else arr


def to_batch(img):
    """One image -> a batch of one: [H, W, C] -> [1, H, W, C].

    A grayscale (H, W) image first gets a channel axis, so it becomes (1, H, W, 1): the
    [batch, height, width, channels] layout Keras expects.

    Taught in 01 · One image or a batch: [H, W, C] vs [N, H, W, C].
    """
    arr = as_image(img, "img")
    return add_channel_axis(arr)[None, ...]


def from_batch(batch, index: int = 0):
    """Take image ``index`` out of a batch (N, H, W, C) -> (H, W, C).

    A single channel is dropped, so (N, H, W, 1) gives (H, W): ready for ``plt.imshow``.

    Taught in 01 · One image or a batch: [H, W, C] vs [N, H, W, C].
    """
    arr = as_array(
        batch,
        "batch",
        ndim=4,
        dtype_kind="uifb",
        hint="A batch is (N, H, W, C); make one from a single image with `to_batch(img)`.",
    )
    if arr.shape[0] == 0:
        raise CourseInputError("`batch` holds no images (N = 0); pass a batch with at least one.")
    i = check_int(index, "index", low=-arr.shape[0], high=arr.shape[0] - 1)
    out = arr[i]
    return out[..., 0] if out.shape[-1] == 1 else out


def describe_layout(arr, name: str = "array") -> str:
    """One line naming every axis, e.g. ``(300, 451, 3) uint8 -> [H, W, C] = 300 rows x ...``.

    Taught in 01 · Shapes and dtypes.
    """
    a = as_array(
        arr,
        "arr",
        ndim=(2, 3, 4),
        dtype_kind="uifb",
        hint="Pass an image (H, W) or (H, W, C), or a batch (N, H, W, C).",
    )
    letters = {2: ("H", "W"), 3: ("H", "W", "C"), 4: ("N", "H", "W", "C")}[a.ndim]
    words = {"N": "images", "H": "rows", "W": "columns", "C": "channels"}
    parts = " x ".join(f"{n:,} {words[k]}" for k, n in zip(letters, a.shape, strict=True))
    return f"{name}: shape {a.shape} {a.dtype} -> [{', '.join(letters)}] = {parts}"


# ----------------------------------------------------------------------------------------------
# colour spaces
# ----------------------------------------------------------------------------------------------
GRAY_WEIGHTS = (0.299, 0.587, 0.114)  # ITU-R BT.601 luma: green looks brightest to us


def to_grayscale(img):
    """Colour (H, W, 3) -> grayscale (H, W): a weighted sum 0.299 R + 0.587 G + 0.114 B.

    The result keeps the input's dtype (uint8 stays uint8, rounded).  A grayscale input is
    returned unchanged.

    Taught in 01 · Colour spaces: RGB, HSV, CMYK.
    """
    arr = as_image(img, "img")
    if arr.ndim == 2:
        return arr
    arr = _pixels.colour_image(arr, "img")
    gray = arr.astype(np.float64) @ np.asarray(GRAY_WEIGHTS)
    return _pixels.restore(gray, arr, _pixels.value_max(arr))


def rgb_to_hsv(img):
    """RGB -> HSV as floats in [0, 1]: hue (the colour's angle / 360), saturation, value.

    Wraps :func:`skimage.color.rgb2hsv`.  uint8 input is read as 0..255, floats as 0..1.

    Taught in 01 · Colour spaces: RGB, HSV, CMYK.
    """
    from skimage.color import rgb2hsv

    arr = _pixels.colour_image(img, "img")
    return rgb2hsv(_pixels.to_unit(arr))


def rgb_to_cmyk(img):
    """RGB -> CMYK, four planes of floats in [0, 1] (shape (H, W, 4)).

    The printers' formula, with r, g, b scaled to [0, 1]::

        K = 1 - max(r, g, b)                   # how much black ink
        C = (1 - r - K) / (1 - K)              # cyan absorbs red
        M = (1 - g - K) / (1 - K)              # magenta absorbs green
        Y = (1 - b - K) / (1 - K)              # yellow absorbs blue

    For pure black (K = 1) C = M = Y = 0.  White is (0, 0, 0, 0); pure red is (0, 1, 1, 0).

    Taught in 01 · Colour spaces: RGB, HSV, CMYK.
    """
    arr = _pixels.colour_image(img, "img")
    rgb = _pixels.to_unit(arr)
    k = 1.0 - rgb.max(axis=-1)
    denom = 1.0 - k
    safe = np.where(denom > 0, denom, 1.0)
    cmy = np.where(denom[..., None] > 0, (1.0 - rgb - k[..., None]) / safe[..., None], 0.0)
    return np.clip(np.concatenate([cmy, k[..., None]], axis=-1), 0.0, 1.0)


def channel_mean(img):
    """The average value of each channel: an array of 3 floats (R, G, B) for a colour image.

    Taught in 01 · Channels one by one.
    """
    arr = _pixels.colour_image(img, "img")
    return arr.reshape(-1, 3).astype(np.float64).mean(axis=0)


COLOUR_VIEWS = (
    "RGB",
    "R",
    "G",
    "B",
    "BGR mistake",
    "grayscale",
    "HSV hue",
    "HSV saturation",
    "HSV value",
    "CMYK C",
    "CMYK M",
    "CMYK Y",
    "CMYK K",
)


def colour_view(img, view: str = "RGB"):
    """One way of looking at a colour image (the colour-space dropdown's plain function).

    Returns ``(picture, cmap, vmin, vmax, note)``: ``picture`` is what to draw, ``cmap`` its
    colour map (None for an RGB picture), and ``note`` a one-line explanation.  ``view`` is one
    of :data:`COLOUR_VIEWS`.

    Taught in 01 · Colour spaces: RGB, HSV, CMYK.
    """
    arr = _pixels.colour_image(img, "img")
    key = check_choice(view, "view", [v.lower() for v in COLOUR_VIEWS])
    if key == "rgb":
        return arr, None, None, None, "the picture as stored: red, green, blue"
    if key in ("r", "g", "b"):
        i = "rgb".index(key)
        plane = arr[..., i]
        return (
            plane,
            "gray",
            0,
            _pixels.value_max(arr),
            f"channel {key.upper()} alone as brightness: bright where the picture has a lot of {key.upper()}",
        )
    if key == "bgr mistake":
        return (
            rgb_to_bgr(arr),
            None,
            None,
            None,
            "RGB numbers read as BGR: red and blue swap places (the classic OpenCV slip)",
        )
    if key == "grayscale":
        return to_grayscale(arr), "gray", 0, _pixels.value_max(arr), "0.299 R + 0.587 G + 0.114 B"
    if key.startswith("hsv"):
        hsv = rgb_to_hsv(arr)
        i = ("hsv hue", "hsv saturation", "hsv value").index(key)
        cmap = "hsv" if i == 0 else "gray"
        notes = (
            "which colour, as an angle around the colour wheel (0 and 1 are both red)",
            "how pure the colour is (0 = gray)",
            "how bright the brightest channel is",
        )
        return hsv[..., i], cmap, 0.0, 1.0, notes[i]
    cmyk = rgb_to_cmyk(arr)
    i = "cmyk".index(key[-1])
    notes = ("cyan ink", "magenta ink", "yellow ink", "black ink")
    return cmyk[..., i], "gray_r", 0.0, 1.0, f"{notes[i]}: dark = more ink"


# ----------------------------------------------------------------------------------------------
# looking at the numbers, comparing images
# ----------------------------------------------------------------------------------------------
def region_bounds(shape, row: int, col: int, size: int):
    """``(row_start, row_stop, col_start, col_stop)`` of a size x size square, clipped to ``shape``.

    Taught in 01 · The semantic gap.
    """
    if not isinstance(shape, (tuple, list)) or len(shape) < 2:
        raise CourseTypeError(
            f"`shape` should be an image shape like (H, W) or (H, W, 3), but got {describe(shape)}."
        )
    h, w = int(shape[0]), int(shape[1])
    r = check_int(row, "row", low=0, high=h - 1)
    c = check_int(col, "col", low=0, high=w - 1)
    s = check_int(size, "size", low=1)
    return r, min(r + s, h), c, min(c + s, w)


def pixel_region(img, row: int, col: int, size: int = 8):
    """The size x size block whose top-left pixel is (row, col), clipped at the image's edge.

    ``row`` counts down from the top (0 = first row), ``col`` counts from the left.  Near the
    bottom or right edge the block is smaller rather than an error.  Returns a view (no copy).

    Taught in 01 · The semantic gap.
    """
    arr = as_image(img, "img")
    r0, r1, c0, c1 = region_bounds(arr.shape, row, col, size)
    return arr[r0:r1, c0:c1]


def pixel_distance(a, b, metric: str = "l1") -> float:
    """Raw-pixel distance between two images (or any two arrays) of the same shape.

    ``"l1"``: sum of absolute differences;  ``"l2"``: square root of the sum of squared differences.
    Values are cast to float64 first, so uint8 images do not wrap around (in uint8, 3 - 5 = 254).

    Taught in 01 · The semantic gap.
    """
    x = as_finite(a, "a")
    y = as_finite(b, "b")
    m = check_choice(metric, "metric", ("l1", "l2"))
    if x.shape != y.shape:
        raise CourseInputError(
            f"`a` and `b` should have the same shape to compare pixel by pixel, but got {x.shape} "
            f"and {y.shape}. Resize one to the other's shape first (e.g. `resize_to(b, a.shape)`)."
        )
    if x.size == 0:
        raise CourseInputError("`a` and `b` are empty; pass images with at least one pixel.")
    diff = x.astype(np.float64) - y.astype(np.float64)
    if m == "l1":
        return float(np.abs(diff).sum())
    return float(np.sqrt(np.square(diff).sum()))


def resize_to(img, shape):
    """Resize ``img`` to ``shape[:2]`` (height, width), keeping its dtype and value range.

    Useful to compare two different photos pixel by pixel.

    Taught in 01 · Why recognition is hard.
    """
    from skimage.transform import resize

    arr = as_image(img, "img")
    if not isinstance(shape, (tuple, list)) or len(shape) < 2:
        raise CourseTypeError(
            f"`shape` should be a shape like (H, W) or (H, W, 3), but got {describe(shape)}."
        )
    h = check_int(shape[0], "shape[0]", low=1)
    w = check_int(shape[1], "shape[1]", low=1)
    vmax = _pixels.value_max(arr)
    out = resize(
        arr.astype(np.float64),
        (h, w) + arr.shape[2:],
        order=1,
        mode="edge",
        anti_aliasing=True,
        preserve_range=True,
    )
    return _pixels.restore(out, arr, vmax)
