"""Notebook 01: the challenges of image classification, as transforms of ``(image, strength)``.

:func:`viewpoint`, :func:`illumination`, :func:`scale`, :func:`deformation`, :func:`occlusion`,
:func:`clutter`, plus :func:`apply_challenge`, :func:`challenge_distances`, :func:`intra_class_pair`
(intra-class variation) and :func:`shift_image` (notebook 02's shifted digit).  Later notebooks reuse
them (data augmentation in 07, robustness tests in 03 and 07).

Every transform returns an image with the SAME shape and dtype as its input, so the raw-pixel
distance to the original can always be measured.  ``strength`` runs from 0 (no change, the output
equals the input) to 1 (a strong change).  Nothing here draws.
"""

from __future__ import annotations

import math

import numpy as np

from . import _pixels
from ._validate import (
    CourseInputError,
    CourseTypeError,
    as_array,
    as_image,
    check_choice,
    check_int,
    describe,
)
from .images import pixel_distance

__all__ = [
    "viewpoint",
    "illumination",
    "scale",
    "deformation",
    "occlusion",
    "clutter",
    "CHALLENGES",
    "apply_challenge",
    "reference_like",
    "challenge_distances",
    "intra_class_pair",
    "shift_image",
]


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
    for (x, y), (u, v) in zip(src_pts, dst_pts, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.extend([u, v])
    p = np.linalg.solve(np.asarray(a, float), np.asarray(b, float))
    return np.append(p, 1.0).reshape(3, 3)


# ----------------------------------------------------------------------------------------------
# the challenges
# ----------------------------------------------------------------------------------------------
def viewpoint(image, strength: float = 0.5):
    """Look at the scene from another angle: the picture plane turns away (perspective) and tilts.

    At strength 1 the right edge recedes to 60 % of its height and moves in by 30 % of the width,
    and everything is rotated by 15 degrees.  Uncovered corners take the border's colour.

    Taught in 01 · Why recognition is hard.
    """
    arr = as_image(image, "image")
    s = _pixels.check_strength(strength)
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
    inverse = _homography(dst, src)  # output -> input
    vmax = _pixels.value_max(arr)
    return _pixels.restore(_warp_homography(arr.astype(np.float64), inverse), arr, vmax)


def illumination(image, strength: float = 0.5, brighter: bool = False):
    """Change the lighting: darker (default) or, with ``brighter=True``, brighter.

    Darker: ``v -> (1 - 0.6 s) * v ** (1 + 1.5 s)`` on values scaled to [0, 1] (dimmer light and
    deeper shadows).  Brighter: ``v -> v ** (1 / (1 + 1.5 s))`` (shadows lift, highlights stay).

    Taught in 01 · Why recognition is hard.
    """
    arr = as_image(image, "image")
    s = _pixels.check_strength(strength)
    if not isinstance(brighter, (bool, np.bool_)):
        raise CourseTypeError(f"`brighter` should be True or False, but got {describe(brighter)}.")
    if s == 0:
        return arr.copy()
    vmax = _pixels.value_max(arr)
    v = np.clip(arr.astype(np.float64) / vmax, 0.0, 1.0)
    out = v ** (1.0 / (1.0 + 1.5 * s)) if brighter else (1.0 - 0.6 * s) * v ** (1.0 + 1.5 * s)
    return _pixels.restore(out * vmax, arr, vmax)


def scale(image, strength: float = 0.5, zoom: str = "in"):
    """Make the object bigger or smaller while the frame stays the same size.

    ``zoom="in"``: magnify the centre by ``1 + s`` (up to 2x; the rim falls out of the frame).
    ``zoom="out"``: shrink by the same factor; the freed border takes the border's colour.

    Taught in 01 · Why recognition is hard.
    """
    arr = as_image(image, "image")
    s = _pixels.check_strength(strength)
    z = check_choice(zoom, "zoom", ("in", "out"))
    if s == 0:
        return arr.copy()
    factor = 1.0 + s
    if z == "out":
        factor = 1.0 / factor
    h, w = arr.shape[:2]
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    cr, cc = (h - 1) / 2, (w - 1) / 2
    vmax = _pixels.value_max(arr)
    data = arr.astype(np.float64)
    if factor < 1:  # smooth before shrinking so thin strokes do not alias away
        from scipy.ndimage import gaussian_filter

        sigma = 0.5 / factor - 0.5
        data = gaussian_filter(data, sigma=(sigma, sigma) + (0,) * (arr.ndim - 2))
    out = _remap(data, cr + (rows - cr) / factor, cc + (cols - cc) / factor, _border_colour(data))
    return _pixels.restore(out, arr, vmax)


def deformation(image, strength: float = 0.5):
    """Bend the object smoothly, like a body changing pose: a wavy displacement of every pixel.

    Each pixel moves by up to ``8 % * s`` of the image's shorter side along two crossed sine waves
    (about 1.5 waves across the image).  Lines stay connected; nothing is cut or added.

    Taught in 01 · Why recognition is hard.
    """
    arr = as_image(image, "image")
    s = _pixels.check_strength(strength)
    if s == 0:
        return arr.copy()
    h, w = arr.shape[:2]
    side = min(h, w)
    amp = 0.08 * s * side
    wavelength = side / 1.5
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    src_rows = rows + amp * np.sin(2 * np.pi * cols / wavelength + 0.7)
    src_cols = cols + amp * np.sin(2 * np.pi * rows / wavelength + 1.9)
    vmax = _pixels.value_max(arr)
    data = arr.astype(np.float64)
    return _pixels.restore(_remap(data, src_rows, src_cols, _border_colour(data)), arr, vmax)


def occlusion(image, strength: float = 0.5, centre=(0.45, 0.5), colour=None):
    """Hide part of the object behind a flat patch (something standing in front of it).

    The patch covers ``35 % * s`` of the picture's area, is centred at ``centre`` (fractions of
    height and width) and is mid-gray unless ``colour`` is given (a number, or one per channel,
    in the image's own value range).

    Taught in 01 · Why recognition is hard.
    """
    arr = as_image(image, "image")
    s = _pixels.check_strength(strength)
    if (
        not isinstance(centre, (tuple, list))
        or len(centre) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 for v in centre)
    ):
        raise CourseInputError(
            f"`centre` should be two fractions (row, col) between 0 and 1, "
            f"like (0.5, 0.5) for the middle, but got {describe(centre)}."
        )
    out = arr.copy()
    if s == 0:
        return out
    h, w = arr.shape[:2]
    frac = math.sqrt(0.35 * s)
    ph, pw = max(1, round(frac * h)), max(1, round(frac * w))
    r0 = int(np.clip(round(centre[0] * h - ph / 2), 0, h - ph))
    c0 = int(np.clip(round(centre[1] * w - pw / 2), 0, w - pw))
    vmax = _pixels.value_max(arr)
    if colour is None:
        colour = 0.5 * vmax
    fill = as_array(
        colour,
        "colour",
        ndim=(0, 1),
        dtype_kind="uif",
        hint="Give one number (gray) or one per channel, e.g. (255, 0, 0).",
    )
    channels = 1 if arr.ndim == 2 else arr.shape[-1]
    if fill.ndim == 1 and fill.shape[0] not in (1, channels):
        raise CourseInputError(f"`colour` should have 1 or {channels} values, but got {fill.shape[0]}.")
    values = fill.astype(np.float64).reshape(-1)
    if arr.ndim == 3 and values.shape[0] == 1:
        values = np.repeat(values, channels)
    region = out[r0 : r0 + ph, c0 : c0 + pw]
    patch = np.broadcast_to(values if arr.ndim == 3 else values[0], region.shape)
    out[r0 : r0 + ph, c0 : c0 + pw] = _pixels.restore(patch, arr, vmax)
    return out


def _camouflage(arr: np.ndarray, seed: int) -> np.ndarray:
    """A busy background made from the image's own pieces: tiles shuffled, flipped and rotated."""
    h, w = arr.shape[:2]
    tile = max(2, min(h, w) // 7)
    rng = np.random.RandomState(seed)
    nr, nc = math.ceil(h / tile), math.ceil(w / tile)
    padded = np.pad(
        arr,
        [(0, nr * tile - h), (0, nc * tile - w)] + [(0, 0)] * (arr.ndim - 2),
        mode="reflect" if min(h, w) > 1 else "edge",
    )
    tiles = [
        padded[i * tile : (i + 1) * tile, j * tile : (j + 1) * tile] for i in range(nr) for j in range(nc)
    ]
    order = rng.permutation(len(tiles))
    out = np.empty_like(padded)
    for k, idx in enumerate(order):
        t = np.rot90(tiles[idx], rng.randint(4))
        if rng.rand() < 0.5:
            t = t[::-1]
        i, j = divmod(k, nc)
        out[i * tile : (i + 1) * tile, j * tile : (j + 1) * tile] = t
    return out[:h, :w]


def clutter(image, strength: float = 0.5, seed: int = 0):
    """Blend the object into a busy, camouflaging background.

    The background is the image's own texture cut into tiles and shuffled (so its colours and
    strokes match the object: camouflage).  It is mixed in with weight ``0.45 s`` at the centre
    rising to ``0.9 s`` at the edges, so the object in the middle stays partly visible.

    Taught in 01 · Why recognition is hard.
    """
    arr = as_image(image, "image")
    s = _pixels.check_strength(strength)
    seed = check_int(seed, "seed", low=0)
    if s == 0:
        return arr.copy()
    h, w = arr.shape[:2]
    vmax = _pixels.value_max(arr)
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
    return _pixels.restore(np.clip(out, 0, vmax), arr, vmax)


CHALLENGES = {
    "viewpoint": viewpoint,
    "illumination": illumination,
    "scale": scale,
    "deformation": deformation,
    "occlusion": occlusion,
    "clutter": clutter,
}


def apply_challenge(image, challenge: str, strength: float = 0.5):
    """Apply one of :data:`CHALLENGES` by name: ``apply_challenge(img, "occlusion", 0.5)``.

    Taught in 01 · Why recognition is hard.
    """
    name = check_choice(challenge, "challenge", tuple(CHALLENGES))
    return CHALLENGES[name](image, strength)


def reference_like(reference, image: np.ndarray) -> np.ndarray:
    """``reference``, checked to be an image of ``image``'s shape (a genuinely different picture to compare).

    Used in 01 · Why recognition is hard (the challenges are measured against it).
    """
    ref = as_image(reference, "reference")
    if ref.shape != image.shape:
        raise CourseInputError(
            f"`reference` should have the image's shape {image.shape}, but got {ref.shape}; "
            f"use `utils.images.resize_to(reference, image.shape)`."
        )
    return ref


def challenge_distances(image, strength: float = 0.5, reference=None, reference_name="different image"):
    """Measure every challenge: a list of rows ``{"change", "l1", "l2", "l1_per_value"}``.

    ``reference`` (optional, same shape as ``image``) is a genuinely different image; it is added
    as the last row so the challenges can be compared with it.

    Taught in 01 · Why recognition is hard.
    """
    arr = as_image(image, "image")
    s = _pixels.check_strength(strength)
    rows = []
    candidates = [(name, fn(arr, s)) for name, fn in CHALLENGES.items()]
    if reference is not None:
        candidates.append((str(reference_name), reference_like(reference, arr)))
    for name, other in candidates:
        l1 = pixel_distance(arr, other, "l1")
        rows.append(
            {"change": name, "l1": l1, "l2": pixel_distance(arr, other, "l2"), "l1_per_value": l1 / arr.size}
        )
    return rows


def intra_class_pair(images, labels, label, max_candidates: int = 200):
    """Indices ``(i, j)`` of the two most different images of one class (largest L2 distance).

    Looks at the first ``max_candidates`` images whose label is ``label``: two real examples of
    the same class that still differ a lot, pixel by pixel.

    Taught in 01 · Why recognition is hard.
    """
    x = as_array(
        images,
        "images",
        ndim=(3, 4),
        dtype_kind="uifb",
        hint="Pass a stack of images (N, H, W) or (N, H, W, C), e.g. `x_train`.",
    )
    y = as_array(
        labels,
        "labels",
        ndim=1,
        dtype_kind="ui",
        hint="Pass one whole-number label per image, e.g. `y_train`.",
    )
    if len(x) != len(y):
        raise CourseInputError(
            f"`images` and `labels` should have the same length, but got {len(x)} images and {len(y)} labels."
        )
    lab = check_int(label, "label")
    n = check_int(max_candidates, "max_candidates", low=2)
    idx = np.flatnonzero(y == lab)[:n]
    if len(idx) < 2:
        raise CourseInputError(
            f"class {lab} has {len(idx)} image(s); need at least 2. "
            f"Labels present: {sorted(set(y.tolist()))[:20]}."
        )
    flat = x[idx].reshape(len(idx), -1).astype(np.float64)
    sq = (flat**2).sum(axis=1)
    d2 = sq[:, None] + sq[None, :] - 2 * flat @ flat.T
    i, j = np.unravel_index(np.argmax(d2), d2.shape)
    i, j = sorted((int(idx[i]), int(idx[j])))
    return i, j


def shift_image(image, dy: int = 0, dx: int = 2, fill: int = 0) -> np.ndarray:
    """Move an image (H, W[, C]) or a stack (N, H, W) by dy rows and dx columns.

    Pixels that move out of the frame are lost; uncovered pixels become ``fill``.  Same shape
    and dtype as the input.  (A stack is recognised by ndim == 3 with a last axis not 1/3/4, or
    by ndim == 4.)

    Taught in 02 · Why pixel distance is not meaning.
    """
    img = as_array(image, "image", ndim=(2, 3, 4), dtype_kind="uifb")
    dy = check_int(dy, "dy")
    dx = check_int(dx, "dx")
    stack = img.ndim == 4 or (img.ndim == 3 and img.shape[-1] not in (1, 3, 4))
    r, c = (1, 2) if stack else (0, 1)
    out = np.full_like(img, fill)
    h, w = img.shape[r], img.shape[c]
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src = [slice(None)] * img.ndim
    dst = [slice(None)] * img.ndim
    src[r], dst[r] = slice(max(0, -dy), h - max(0, dy)), slice(max(0, dy), h - max(0, -dy))
    src[c], dst[c] = slice(max(0, -dx), w - max(0, dx)), slice(max(0, dx), w - max(0, -dx))
    out[tuple(dst)] = img[tuple(src)]
    return out
