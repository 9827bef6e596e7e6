"""Notebook 01: images are grids of numbers.

Tested reference code for everything notebook 01 does to an image:

* layout: :func:`split_channels`, :func:`rgb_to_bgr` / :func:`bgr_to_rgb`, :func:`to_batch`,
  :func:`from_batch`, :func:`add_channel_axis`, :func:`describe_layout`
* colour spaces: :func:`to_grayscale`, :func:`rgb_to_hsv`, :func:`rgb_to_cmyk`,
  :func:`colour_view` (the colour-space dropdown's plain function)
* looking at numbers: :func:`pixel_region`, :func:`region_bounds`, :func:`channel_mean`
* comparing images: :func:`pixel_distance`, :func:`resize_to`
* the challenges as transforms of ``(image, strength)``: :func:`viewpoint`,
  :func:`illumination`, :func:`scale`, :func:`deformation`, :func:`occlusion`, :func:`clutter`,
  plus :func:`apply_challenge`, :func:`challenge_distances` and, for intra-class variation,
  :func:`intra_class_pair`
* the dataset table of the lectures: :data:`DATASETS`, :func:`dataset_table`

Every transform returns an image with the SAME shape and dtype as its input, so the raw-pixel
distance to the original can always be measured.  ``strength`` runs from 0 (no change, the
output equals the input) to 1 (a strong change).
"""
from __future__ import annotations

import math

import numpy as np

from ._validate import (CourseInputError, CourseTypeError, as_array, as_finite, as_image, check_choice,
                        check_int)

__all__ = [
    "split_channels", "rgb_to_bgr", "bgr_to_rgb", "to_batch", "from_batch", "add_channel_axis",
    "describe_layout", "to_grayscale", "rgb_to_hsv", "rgb_to_cmyk", "channel_mean",
    "COLOUR_VIEWS", "colour_view", "pixel_region", "region_bounds", "pixel_distance", "resize_to",
    "viewpoint", "illumination", "scale", "deformation", "occlusion", "clutter",
    "CHALLENGES", "apply_challenge", "challenge_distances", "intra_class_pair",
    "DATASETS", "training_pixels", "dataset_table",
]


# ----------------------------------------------------------------------------------------------
# small internal helpers
# ----------------------------------------------------------------------------------------------
def _check_strength(strength, name: str = "strength") -> float:
    if isinstance(strength, bool) or not isinstance(strength, (int, float, np.integer, np.floating)):
        raise CourseTypeError(f"`{name}` should be a number between 0 and 1 (0 = no change, "
                              f"1 = strong change), but got {type(strength).__name__} {strength!r}.")
    s = float(strength)
    if not (0.0 <= s <= 1.0) or math.isnan(s):
        raise CourseInputError(f"`{name}` should be between 0 (no change) and 1 (strong change), "
                               f"but got {strength!r}.")
    return s


def _colour_image(img, name: str = "image") -> np.ndarray:
    arr = as_image(img, name)
    if arr.ndim != 3 or arr.shape[-1] != 3:
        raise CourseInputError(
            f"`{name}` should be a colour image of shape (H, W, 3), but got shape {arr.shape}. "
            + ("A grayscale (H, W) image has only one channel: there is nothing to split or reorder."
               if arr.ndim == 2 else "Drop an alpha channel with `image[..., :3]`."))
    return arr


def _value_max(arr: np.ndarray) -> float:
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


def _to_unit(arr: np.ndarray) -> np.ndarray:
    """Float64 copy scaled to [0, 1] (see :func:`_value_max`)."""
    return arr.astype(np.float64) / _value_max(arr)


def _restore(out: np.ndarray, like: np.ndarray, vmax: float) -> np.ndarray:
    """Turn float values in [0, vmax] back into ``like``'s dtype (rounded and clipped for ints)."""
    if like.dtype.kind == "b":
        return out > vmax / 2
    if like.dtype.kind in "ui":
        info = np.iinfo(like.dtype)
        return np.clip(np.rint(out), max(info.min, 0), min(info.max, vmax)).astype(like.dtype)
    return np.clip(out, 0.0, vmax).astype(like.dtype)


def _remap(img: np.ndarray, src_rows: np.ndarray, src_cols: np.ndarray, fill) -> np.ndarray:
    """Sample ``img`` (float, (H, W) or (H, W, C)) at fractional source coordinates.

    Bilinear interpolation; positions outside the image take the colour ``fill`` (one value per
    channel), blended smoothly at the border.
    """
    from scipy.ndimage import map_coordinates

    coords = np.stack([src_rows, src_cols])
    inside = map_coordinates(np.ones(img.shape[:2]), coords, order=1, mode="constant", cval=0.0)
    planes = img[..., None] if img.ndim == 2 else img
    fill = np.broadcast_to(np.asarray(fill, dtype=np.float64), (planes.shape[-1],))
    out = np.empty(src_rows.shape + (planes.shape[-1],))
    for c in range(planes.shape[-1]):
        sampled = map_coordinates(planes[..., c], coords, order=1, mode="constant", cval=0.0)
        out[..., c] = sampled + (1.0 - inside) * fill[c]
    return out[..., 0] if img.ndim == 2 else out


def _border_colour(img: np.ndarray) -> np.ndarray:
    """Median colour of the outermost pixels: a plausible 'background' to fill uncovered areas."""
    planes = img[..., None] if img.ndim == 2 else img
    border = np.concatenate([planes[0], planes[-1], planes[:, 0], planes[:, -1]])
    return np.median(border, axis=0)


def _warp_homography(img: np.ndarray, inverse: np.ndarray) -> np.ndarray:
    """Warp with a 3x3 matrix mapping OUTPUT (x=col, y=row, 1) to INPUT coordinates."""
    h, w = img.shape[:2]
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    pts = np.stack([cols.ravel(), rows.ravel(), np.ones(h * w)])
    src = inverse @ pts
    src_cols = (src[0] / src[2]).reshape(h, w)
    src_rows = (src[1] / src[2]).reshape(h, w)
    return _remap(img, src_rows, src_cols, _border_colour(img))


def _homography(src_pts, dst_pts) -> np.ndarray:
    """The 3x3 matrix taking four (x, y) points ``src_pts`` to ``dst_pts`` (direct linear solve)."""
    a, b = [], []
    for (x, y), (u, v) in zip(src_pts, dst_pts):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.extend([u, v])
    p = np.linalg.solve(np.asarray(a, float), np.asarray(b, float))
    return np.append(p, 1.0).reshape(3, 3)


# ----------------------------------------------------------------------------------------------
# layout: channels, BGR, batches
# ----------------------------------------------------------------------------------------------
def split_channels(img):
    """Return the red, green and blue planes of an (H, W, 3) image as three (H, W) arrays.

    Each plane is a view into the same memory (no copy); the dtype is unchanged.
    """
    arr = _colour_image(img)
    return arr[..., 0], arr[..., 1], arr[..., 2]


def rgb_to_bgr(img):
    """Reverse the channel order: RGB -> BGR (what OpenCV's ``cv2.imread`` gives you).

    Works on one image (H, W, 3) or a batch (N, H, W, 3).  Doing it twice gives back the input.
    """
    arr = as_image(img, "img", allow_batch=True)
    if arr.ndim not in (3, 4) or arr.shape[-1] != 3:
        raise CourseInputError(
            f"`img` should end in 3 colour channels, (H, W, 3) or (N, H, W, 3), but got shape "
            f"{arr.shape}. A grayscale image has no channel order to swap.")
    return arr[..., ::-1].copy()


def bgr_to_rgb(img):
    """Reverse the channel order back: BGR -> RGB.  The same operation as :func:`rgb_to_bgr`."""
    return rgb_to_bgr(img)


def add_channel_axis(img):
    """(H, W) grayscale -> (H, W, 1): the 3-D layout deep-learning layers expect.

    An image that already has a channel axis is returned unchanged.
    """
    arr = as_image(img, "img")
    return arr[..., None] if arr.ndim == 2 else arr


def to_batch(img):
    """One image -> a batch of one: [H, W, C] -> [1, H, W, C].

    A grayscale (H, W) image first gets a channel axis, so it becomes (1, H, W, 1): the
    [batch, height, width, channels] layout Keras expects.
    """
    arr = as_image(img, "img")
    return add_channel_axis(arr)[None, ...]


def from_batch(batch, index: int = 0):
    """Take image ``index`` out of a batch (N, H, W, C) -> (H, W, C).

    A single channel is dropped, so (N, H, W, 1) gives (H, W): ready for ``plt.imshow``.
    """
    arr = as_array(batch, "batch", ndim=4, dtype_kind="uifb",
                   hint="A batch is (N, H, W, C); make one from a single image with `to_batch(img)`.")
    if arr.shape[0] == 0:
        raise CourseInputError("`batch` holds no images (N = 0); pass a batch with at least one.")
    i = check_int(index, "index", low=-arr.shape[0], high=arr.shape[0] - 1)
    out = arr[i]
    return out[..., 0] if out.shape[-1] == 1 else out


def describe_layout(arr, name: str = "array") -> str:
    """One line naming every axis, e.g. ``(300, 451, 3) uint8 -> [H, W, C] = 300 rows x ...``."""
    a = as_array(arr, "arr", ndim=(2, 3, 4), dtype_kind="uifb",
                 hint="Pass an image (H, W) or (H, W, C), or a batch (N, H, W, C).")
    letters = {2: ("H", "W"), 3: ("H", "W", "C"), 4: ("N", "H", "W", "C")}[a.ndim]
    words = {"N": "images", "H": "rows", "W": "columns", "C": "channels"}
    parts = " x ".join(f"{n:,} {words[k]}" for k, n in zip(letters, a.shape))
    return f"{name}: shape {a.shape} {a.dtype} -> [{', '.join(letters)}] = {parts}"


# ----------------------------------------------------------------------------------------------
# colour spaces
# ----------------------------------------------------------------------------------------------
GRAY_WEIGHTS = (0.299, 0.587, 0.114)   # ITU-R BT.601 luma: green looks brightest to us


def to_grayscale(img):
    """Colour (H, W, 3) -> grayscale (H, W): a weighted sum 0.299 R + 0.587 G + 0.114 B.

    The result keeps the input's dtype (uint8 stays uint8, rounded).  A grayscale input is
    returned unchanged.
    """
    arr = as_image(img, "img")
    if arr.ndim == 2:
        return arr
    arr = _colour_image(arr, "img")
    gray = arr.astype(np.float64) @ np.asarray(GRAY_WEIGHTS)
    return _restore(gray, arr, _value_max(arr))


def rgb_to_hsv(img):
    """RGB -> HSV as floats in [0, 1]: hue (the colour's angle / 360), saturation, value.

    Wraps :func:`skimage.color.rgb2hsv`.  uint8 input is read as 0..255, floats as 0..1.
    """
    from skimage.color import rgb2hsv

    arr = _colour_image(img, "img")
    return rgb2hsv(_to_unit(arr))


def rgb_to_cmyk(img):
    """RGB -> CMYK, four planes of floats in [0, 1] (shape (H, W, 4)).

    The printers' formula, with r, g, b scaled to [0, 1]::

        K = 1 - max(r, g, b)                   # how much black ink
        C = (1 - r - K) / (1 - K)              # cyan absorbs red
        M = (1 - g - K) / (1 - K)              # magenta absorbs green
        Y = (1 - b - K) / (1 - K)              # yellow absorbs blue

    For pure black (K = 1) C = M = Y = 0.  White is (0, 0, 0, 0); pure red is (0, 1, 1, 0).
    """
    arr = _colour_image(img, "img")
    rgb = _to_unit(arr)
    k = 1.0 - rgb.max(axis=-1)
    denom = 1.0 - k
    safe = np.where(denom > 0, denom, 1.0)
    cmy = np.where(denom[..., None] > 0, (1.0 - rgb - k[..., None]) / safe[..., None], 0.0)
    return np.clip(np.concatenate([cmy, k[..., None]], axis=-1), 0.0, 1.0)


def channel_mean(img):
    """The average value of each channel: an array of 3 floats (R, G, B) for a colour image."""
    arr = _colour_image(img, "img")
    return arr.reshape(-1, 3).astype(np.float64).mean(axis=0)


COLOUR_VIEWS = ("RGB", "R", "G", "B", "BGR mistake", "grayscale",
                "HSV hue", "HSV saturation", "HSV value",
                "CMYK C", "CMYK M", "CMYK Y", "CMYK K")


def colour_view(img, view: str = "RGB"):
    """One way of looking at a colour image (the colour-space dropdown's plain function).

    Returns ``(picture, cmap, vmin, vmax, note)``: ``picture`` is what to draw, ``cmap`` its
    colour map (None for an RGB picture), and ``note`` a one-line explanation.  ``view`` is one
    of :data:`COLOUR_VIEWS`.
    """
    arr = _colour_image(img, "img")
    key = check_choice(view, "view", [v.lower() for v in COLOUR_VIEWS])
    if key == "rgb":
        return arr, None, None, None, "the picture as stored: red, green, blue"
    if key in ("r", "g", "b"):
        i = "rgb".index(key)
        plane = arr[..., i]
        return plane, "gray", 0, _value_max(arr), \
            f"channel {key.upper()} alone as brightness: bright where the picture has a lot of {key.upper()}"
    if key == "bgr mistake":
        return rgb_to_bgr(arr), None, None, None, \
            "RGB numbers read as BGR: red and blue swap places (the classic OpenCV slip)"
    if key == "grayscale":
        return to_grayscale(arr), "gray", 0, _value_max(arr), "0.299 R + 0.587 G + 0.114 B"
    if key.startswith("hsv"):
        hsv = rgb_to_hsv(arr)
        i = ("hsv hue", "hsv saturation", "hsv value").index(key)
        cmap = "hsv" if i == 0 else "gray"
        notes = ("hue: which colour, as an angle around the colour wheel (0 and 1 are both red)",
                 "saturation: how pure the colour is (0 = gray)",
                 "value: how bright the brightest channel is")
        return hsv[..., i], cmap, 0.0, 1.0, notes[i]
    cmyk = rgb_to_cmyk(arr)
    i = "cmyk".index(key[-1])
    notes = ("cyan ink", "magenta ink", "yellow ink", "black ink")
    return cmyk[..., i], "gray_r", 0.0, 1.0, f"{notes[i]}: dark = more ink"


# ----------------------------------------------------------------------------------------------
# looking at the numbers
# ----------------------------------------------------------------------------------------------
def region_bounds(shape, row: int, col: int, size: int):
    """``(row_start, row_stop, col_start, col_stop)`` of a size x size square, clipped to ``shape``."""
    if not isinstance(shape, (tuple, list)) or len(shape) < 2:
        raise CourseTypeError(f"`shape` should be an image shape like (H, W) or (H, W, 3), "
                              f"but got {shape!r}.")
    h, w = int(shape[0]), int(shape[1])
    r = check_int(row, "row", low=0, high=h - 1)
    c = check_int(col, "col", low=0, high=w - 1)
    s = check_int(size, "size", low=1)
    return r, min(r + s, h), c, min(c + s, w)


def pixel_region(img, row: int, col: int, size: int = 8):
    """The size x size block whose top-left pixel is (row, col), clipped at the image's edge.

    ``row`` counts down from the top (0 = first row), ``col`` counts from the left.  Near the
    bottom or right edge the block is smaller rather than an error.  Returns a view (no copy).
    """
    arr = as_image(img, "img")
    r0, r1, c0, c1 = region_bounds(arr.shape, row, col, size)
    return arr[r0:r1, c0:c1]


def pixel_distance(a, b, metric: str = "l1") -> float:
    """Raw-pixel distance between two images (or any two arrays) of the same shape.

    ``"l1"``: sum of absolute differences;  ``"l2"``: square root of the sum of squared differences.
    Values are cast to float64 first, so uint8 images do not wrap around (in uint8, 3 - 5 = 254).
    """
    x = as_finite(a, "a")
    y = as_finite(b, "b")
    m = check_choice(metric, "metric", ("l1", "l2"))
    if x.shape != y.shape:
        raise CourseInputError(
            f"`a` and `b` should have the same shape to compare pixel by pixel, but got {x.shape} "
            f"and {y.shape}. Resize one to the other's shape first (e.g. `resize_to(b, a.shape)`).")
    if x.size == 0:
        raise CourseInputError("`a` and `b` are empty; pass images with at least one pixel.")
    diff = x.astype(np.float64) - y.astype(np.float64)
    if m == "l1":
        return float(np.abs(diff).sum())
    return float(np.sqrt(np.square(diff).sum()))


def resize_to(img, shape):
    """Resize ``img`` to ``shape[:2]`` (height, width), keeping its dtype and value range.

    Useful to compare two different photos pixel by pixel.
    """
    from skimage.transform import resize

    arr = as_image(img, "img")
    if not isinstance(shape, (tuple, list)) or len(shape) < 2:
        raise CourseTypeError(f"`shape` should be a shape like (H, W) or (H, W, 3), but got {shape!r}.")
    h = check_int(shape[0], "shape[0]", low=1)
    w = check_int(shape[1], "shape[1]", low=1)
    vmax = _value_max(arr)
    out = resize(arr.astype(np.float64), (h, w) + arr.shape[2:], order=1, mode="edge",
                 anti_aliasing=True, preserve_range=True)
    return _restore(out, arr, vmax)


# ----------------------------------------------------------------------------------------------
# the challenges
# ----------------------------------------------------------------------------------------------
def viewpoint(image, strength: float = 0.5):
    """Look at the scene from another angle: the picture plane turns away (perspective) and tilts.

    At strength 1 the right edge recedes to 60 % of its height and moves in by 30 % of the width,
    and everything is rotated by 15 degrees.  Uncovered corners take the border's colour.
    """
    arr = as_image(image, "image")
    s = _check_strength(strength)
    if s == 0:
        return arr.copy()
    h, w = arr.shape[:2]
    src = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], float)
    squeeze, shift = 0.2 * s * (h - 1), 0.3 * s * (w - 1)
    dst = np.array([[0, 0], [w - 1 - shift, squeeze], [w - 1 - shift, h - 1 - squeeze], [0, h - 1]])
    # rotate the destination corners about the centre
    theta = np.deg2rad(15.0 * s)
    centre = np.array([(w - 1) / 2, (h - 1) / 2])
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    dst = (dst - centre) @ rot.T + centre
    # zoom so the turned picture still fills most of the frame
    dst = (dst - dst.mean(axis=0)) * (1 + 0.25 * s) + centre
    inverse = _homography(dst, src)          # output -> input
    vmax = _value_max(arr)
    return _restore(_warp_homography(arr.astype(np.float64), inverse), arr, vmax)


def illumination(image, strength: float = 0.5, brighter: bool = False):
    """Change the lighting: darker (default) or, with ``brighter=True``, brighter.

    Darker: ``v -> (1 - 0.6 s) * v ** (1 + 1.5 s)`` on values scaled to [0, 1] (dimmer light and
    deeper shadows).  Brighter: ``v -> v ** (1 / (1 + 1.5 s))`` (shadows lift, highlights stay).
    """
    arr = as_image(image, "image")
    s = _check_strength(strength)
    if not isinstance(brighter, (bool, np.bool_)):
        raise CourseTypeError(f"`brighter` should be True or False, but got {brighter!r}.")
    if s == 0:
        return arr.copy()
    vmax = _value_max(arr)
    v = np.clip(arr.astype(np.float64) / vmax, 0.0, 1.0)
    out = v ** (1.0 / (1.0 + 1.5 * s)) if brighter else (1.0 - 0.6 * s) * v ** (1.0 + 1.5 * s)
    return _restore(out * vmax, arr, vmax)


def scale(image, strength: float = 0.5, zoom: str = "in"):
    """Make the object bigger or smaller while the frame stays the same size.

    ``zoom="in"``: magnify the centre by ``1 + s`` (up to 2x; the rim falls out of the frame).
    ``zoom="out"``: shrink by the same factor; the freed border takes the border's colour.
    """
    arr = as_image(image, "image")
    s = _check_strength(strength)
    z = check_choice(zoom, "zoom", ("in", "out"))
    if s == 0:
        return arr.copy()
    factor = 1.0 + s
    if z == "out":
        factor = 1.0 / factor
    h, w = arr.shape[:2]
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    cr, cc = (h - 1) / 2, (w - 1) / 2
    vmax = _value_max(arr)
    data = arr.astype(np.float64)
    if factor < 1:   # smooth before shrinking so thin strokes do not alias away
        from scipy.ndimage import gaussian_filter
        sigma = 0.5 / factor - 0.5
        data = gaussian_filter(data, sigma=(sigma, sigma) + (0,) * (arr.ndim - 2))
    out = _remap(data, cr + (rows - cr) / factor, cc + (cols - cc) / factor, _border_colour(data))
    return _restore(out, arr, vmax)


def deformation(image, strength: float = 0.5):
    """Bend the object smoothly, like a body changing pose: a wavy displacement of every pixel.

    Each pixel moves by up to ``8 % * s`` of the image's shorter side along two crossed sine waves
    (about 1.5 waves across the image).  Lines stay connected; nothing is cut or added.
    """
    arr = as_image(image, "image")
    s = _check_strength(strength)
    if s == 0:
        return arr.copy()
    h, w = arr.shape[:2]
    side = min(h, w)
    amp = 0.08 * s * side
    wavelength = side / 1.5
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    src_rows = rows + amp * np.sin(2 * np.pi * cols / wavelength + 0.7)
    src_cols = cols + amp * np.sin(2 * np.pi * rows / wavelength + 1.9)
    vmax = _value_max(arr)
    data = arr.astype(np.float64)
    return _restore(_remap(data, src_rows, src_cols, _border_colour(data)), arr, vmax)


def occlusion(image, strength: float = 0.5, centre=(0.45, 0.5), colour=None):
    """Hide part of the object behind a flat patch (something standing in front of it).

    The patch covers ``35 % * s`` of the picture's area, is centred at ``centre`` (fractions of
    height and width) and is mid-gray unless ``colour`` is given (a number, or one per channel,
    in the image's own value range).
    """
    arr = as_image(image, "image")
    s = _check_strength(strength)
    if (not isinstance(centre, (tuple, list)) or len(centre) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1
                       for v in centre)):
        raise CourseInputError(f"`centre` should be two fractions (row, col) between 0 and 1, "
                               f"like (0.5, 0.5) for the middle, but got {centre!r}.")
    out = arr.copy()
    if s == 0:
        return out
    h, w = arr.shape[:2]
    frac = math.sqrt(0.35 * s)
    ph, pw = max(1, round(frac * h)), max(1, round(frac * w))
    r0 = int(np.clip(round(centre[0] * h - ph / 2), 0, h - ph))
    c0 = int(np.clip(round(centre[1] * w - pw / 2), 0, w - pw))
    vmax = _value_max(arr)
    if colour is None:
        colour = 0.5 * vmax
    fill = as_array(colour, "colour", ndim=(0, 1), dtype_kind="uif",
                    hint="Give one number (gray) or one per channel, e.g. (255, 0, 0).")
    channels = 1 if arr.ndim == 2 else arr.shape[-1]
    if fill.ndim == 1 and fill.shape[0] not in (1, channels):
        raise CourseInputError(f"`colour` should have 1 or {channels} values, but got {fill.shape[0]}.")
    values = fill.astype(np.float64).reshape(-1)
    if arr.ndim == 3 and values.shape[0] == 1:
        values = np.repeat(values, channels)
    region = out[r0:r0 + ph, c0:c0 + pw]
    patch = np.broadcast_to(values if arr.ndim == 3 else values[0], region.shape)
    out[r0:r0 + ph, c0:c0 + pw] = _restore(patch, arr, vmax)
    return out


def _camouflage(arr: np.ndarray, seed: int) -> np.ndarray:
    """A busy background made from the image's own pieces: tiles shuffled, flipped and rotated."""
    h, w = arr.shape[:2]
    tile = max(2, min(h, w) // 7)
    rng = np.random.RandomState(seed)
    nr, nc = math.ceil(h / tile), math.ceil(w / tile)
    padded = np.pad(arr, [(0, nr * tile - h), (0, nc * tile - w)] + [(0, 0)] * (arr.ndim - 2),
                    mode="reflect" if min(h, w) > 1 else "edge")
    tiles = [padded[i * tile:(i + 1) * tile, j * tile:(j + 1) * tile]
             for i in range(nr) for j in range(nc)]
    order = rng.permutation(len(tiles))
    out = np.empty_like(padded)
    for k, idx in enumerate(order):
        t = np.rot90(tiles[idx], rng.randint(4))
        if rng.rand() < 0.5:
            t = t[::-1]
        i, j = divmod(k, nc)
        out[i * tile:(i + 1) * tile, j * tile:(j + 1) * tile] = t
    return out[:h, :w]


def clutter(image, strength: float = 0.5, seed: int = 0):
    """Blend the object into a busy, camouflaging background.

    The background is the image's own texture cut into tiles and shuffled (so its colours and
    strokes match the object: camouflage).  It is mixed in with weight ``0.45 s`` at the centre
    rising to ``0.9 s`` at the edges, so the object in the middle stays partly visible.
    """
    arr = as_image(image, "image")
    s = _check_strength(strength)
    seed = check_int(seed, "seed", low=0)
    if s == 0:
        return arr.copy()
    h, w = arr.shape[:2]
    vmax = _value_max(arr)
    tex = _camouflage(arr.astype(np.float64), seed)
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    radius = np.sqrt(((rows - (h - 1) / 2) / (h / 2)) ** 2 + ((cols - (w - 1) / 2) / (w / 2)) ** 2)
    weight = s * (0.45 + 0.45 * np.clip(radius / math.sqrt(2), 0, 1))
    if arr.ndim == 3:
        weight = weight[..., None]
    data = arr.astype(np.float64)
    if arr.ndim == 2 or arr.shape[-1] == 1:
        # dark-background strokes (digits): add stray strokes on top instead of dimming the digit
        out = np.maximum(data, weight * tex * 1.6)
    else:
        out = (1 - weight) * data + weight * tex
    return _restore(np.clip(out, 0, vmax), arr, vmax)


CHALLENGES = {
    "viewpoint": viewpoint,
    "illumination": illumination,
    "scale": scale,
    "deformation": deformation,
    "occlusion": occlusion,
    "clutter": clutter,
}


def apply_challenge(image, challenge: str, strength: float = 0.5):
    """Apply one of :data:`CHALLENGES` by name: ``apply_challenge(img, "occlusion", 0.5)``."""
    name = check_choice(challenge, "challenge", tuple(CHALLENGES))
    return CHALLENGES[name](image, strength)


def challenge_distances(image, strength: float = 0.5, reference=None, reference_name="different image"):
    """Measure every challenge: a list of rows ``{"change", "l1", "l2", "l1_per_value"}``.

    ``reference`` (optional, same shape as ``image``) is a genuinely different image; it is added
    as the last row so the challenges can be compared with it.
    """
    arr = as_image(image, "image")
    s = _check_strength(strength)
    rows = []
    candidates = [(name, fn(arr, s)) for name, fn in CHALLENGES.items()]
    if reference is not None:
        ref = as_image(reference, "reference")
        if ref.shape != arr.shape:
            raise CourseInputError(f"`reference` should have the image's shape {arr.shape}, but got "
                                   f"{ref.shape}; use `resize_to(reference, image.shape)`.")
        candidates.append((str(reference_name), ref))
    for name, other in candidates:
        l1 = pixel_distance(arr, other, "l1")
        rows.append({"change": name, "l1": l1, "l2": pixel_distance(arr, other, "l2"),
                     "l1_per_value": l1 / arr.size})
    return rows


def intra_class_pair(images, labels, label, max_candidates: int = 200):
    """Indices ``(i, j)`` of the two most different images of one class (largest L2 distance).

    Looks at the first ``max_candidates`` images whose label is ``label``: two real examples of
    the same class that still differ a lot, pixel by pixel.
    """
    x = as_array(images, "images", ndim=(3, 4), dtype_kind="uifb",
                 hint="Pass a stack of images (N, H, W) or (N, H, W, C), e.g. `x_train`.")
    y = as_array(labels, "labels", ndim=1, dtype_kind="ui",
                 hint="Pass one whole-number label per image, e.g. `y_train`.")
    if len(x) != len(y):
        raise CourseInputError(f"`images` and `labels` should have the same length, but got "
                               f"{len(x)} images and {len(y)} labels.")
    lab = check_int(label, "label")
    n = check_int(max_candidates, "max_candidates", low=2)
    idx = np.flatnonzero(y == lab)[:n]
    if len(idx) < 2:
        raise CourseInputError(f"class {lab} has {len(idx)} image(s); need at least 2. "
                               f"Labels present: {sorted(set(y.tolist()))[:20]}.")
    flat = x[idx].reshape(len(idx), -1).astype(np.float64)
    sq = (flat ** 2).sum(axis=1)
    d2 = sq[:, None] + sq[None, :] - 2 * flat @ flat.T
    i, j = np.unravel_index(np.argmax(d2), d2.shape)
    i, j = sorted((int(idx[i]), int(idx[j])))
    return i, j


# ----------------------------------------------------------------------------------------------
# the datasets of the lectures (decks 001 and 003)
# ----------------------------------------------------------------------------------------------
def _row(name, classes, train, val, test, h, w, c, note):
    return {"name": name, "classes": classes, "train_images": train, "val_images": val,
            "test_images": test, "height": h, "width": w, "channels": c,
            "train_pixels": train * h * w * c, "note": note}


DATASETS = [
    _row("MNIST", 10, 50_000, 10_000, 10_000, 28, 28, 1,
         "digits 0-9, grayscale; the lecture's 50k train + 10k val = the 60,000 training images "
         "Keras ships"),
    _row("Fashion-MNIST", 10, 50_000, 10_000, 10_000, 28, 28, 1,
         "clothing, grayscale; same sizes as MNIST (Keras: 60,000 train = 50k + 10k val)"),
    _row("CIFAR-10", 10, 50_000, 0, 10_000, 32, 32, 3,
         "5k train / 1k test per class; 60,000 images in all"),
    _row("CIFAR-100", 100, 50_000, 0, 10_000, 32, 32, 3,
         "500 train / 100 test per class; 20 superclasses of 5"),
    _row("ImageNet (ILSVRC)", 1000, 1_300_000, 50_000, 100_000, 256, 256, 3,
         "~1.3K train per class; sizes vary, commonly resized to 256 (then cropped to 224)"),
    _row("MIT Places", 365, 8_000_000, 18_250, 328_500, 256, 256, 3,
         "scene types; ~8M train; sizes vary, often resized to 256x256"),
]
"""Facts as the lectures give them (deck 001; CIFAR per-class counts from deck 003).

``train_pixels = train_images * height * width * channels``.  ``val_images`` 0 = no official
validation set.  Resolutions for ImageNet and Places are the common resized training size.
"""


def training_pixels(train_images: int, height: int, width: int, channels: int) -> int:
    """Total numbers in a training set: images x height x width x channels."""
    vals = [check_int(v, n, low=1) for v, n in ((train_images, "train_images"), (height, "height"),
                                                 (width, "width"), (channels, "channels"))]
    return math.prod(vals)


def _short(n: int) -> str:
    for div, suffix in ((10 ** 12, "T"), (10 ** 9, "B"), (10 ** 6, "M"), (10 ** 3, "K")):
        if n >= div:
            return f"{n / div:.4g}{suffix}"
    return str(n)


def dataset_table(datasets=None, notes: bool = False) -> str:
    """The dataset rows as a fixed-width text table (deterministic, for printing)."""
    rows = DATASETS if datasets is None else datasets
    if not isinstance(rows, (list, tuple)) or not rows or not all(isinstance(r, dict) for r in rows):
        raise CourseTypeError("`datasets` should be a non-empty list of dicts like `DATASETS`.")
    need = ("name", "classes", "train_images", "test_images", "height", "width", "channels")
    for r in rows:
        missing = [k for k in need if k not in r]
        if missing:
            raise CourseInputError(f"dataset row {r.get('name', r)!r} lacks {missing}.")
    head = f"{'dataset':<18} {'classes':>7} {'train':>10} {'test':>8} {'H x W x C':>13} {'train pixels':>13}"
    lines = [head, "-" * len(head)]
    for r in rows:
        res = f"{r['height']}x{r['width']}x{r['channels']}"
        px = training_pixels(r["train_images"], r["height"], r["width"], r["channels"])
        lines.append(f"{r['name']:<18} {r['classes']:>7,} {r['train_images']:>10,} "
                     f"{r['test_images']:>8,} {res:>13} {_short(px):>13}")
        if notes and r.get("note"):
            lines.append(f"{'':<18}   note: {r['note']}")
    return "\n".join(lines)
