"""Notebook 03: hand-crafted features, from colour histograms to HOG, keypoints and bags of visual words.

Tested reference code that the notebook builds step by step and later notebooks reuse: every
extractor turns an image into a fixed-length vector that a classifier (notebook 02's k-NN, a linear
classifier) can compare.  Nothing here draws.

Conventions used throughout:
    * grayscale images are (H, W); colour images (H, W, 3) RGB; uint8 values 0..255, floats 0..1;
    * rows go down and columns go right, so a gradient's angle ``arctan2(g_row, g_col)`` is measured
      from "pointing right" towards "pointing down" (the convention of scikit-image's ``hog``);
    * orientations are UNSIGNED, in degrees in [0, 180): an edge from dark to bright and the same
      edge from bright to dark point the same way;
    * histograms are float64 and normalised: each channel's counts sum to 1.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from . import _pixels, images, knn, metrics, transforms
from ._validate import (
    CourseInputError,
    CourseTypeError,
    as_array,
    as_image,
    check_choice,
    check_int,
    describe,
)

__all__ = [
    "rgb_histogram",
    "colour_histogram",
    "histogram_distance",
    "HISTOGRAM_SPACES",
    "transformed_copies",
    "ColourMass",
    "colour_mass",
    "sobel_gradients",
    "gradient_magnitude",
    "gradient_orientation",
    "orientation_picture",
    "hog_gradients",
    "cell_histogram",
    "skimage_cell_histogram",
    "hog_length",
    "hog_features",
    "hog_batch",
    "HOG_DIGITS",
    "Keypoints",
    "detect_keypoints",
    "match_keypoints",
    "SimilarityCopy",
    "similarity_copy",
    "correct_matches",
    "TEXTURES",
    "texture_patches",
    "local_descriptors",
    "BagOfVisualWords",
    "pixel_features",
    "linear_classifier",
    "test_variants",
    "accuracy_table",
    "format_table",
]


# ------------------------------------------------------------------------------ input checks
def _gray(image, name: str = "image") -> np.ndarray:
    """A grayscale (H, W) image of numbers, or a message saying how to get one."""
    arr = as_image(image, name)
    if arr.ndim == 3:
        if arr.shape[-1] == 1:
            return arr[..., 0]
        raise CourseInputError(
            f"`{name}` is a colour image of shape {arr.shape}, but this feature works on a grayscale "
            f"(H, W) image. Convert it first: `images.to_grayscale({name})`."
        )
    return arr


def _colour(image, name: str = "image") -> np.ndarray:
    arr = as_image(image, name)
    if arr.ndim == 2:
        raise CourseInputError(
            f"`{name}` is a grayscale image of shape {arr.shape}, but a colour histogram needs a colour "
            f"(H, W, 3) image: a grayscale picture has no red, green or blue to count."
        )
    if arr.shape[-1] == 4:
        arr = arr[..., :3]
    if arr.shape[-1] != 3:
        raise CourseInputError(f"`{name}` should be (H, W, 3) RGB, but has shape {arr.shape}.")
    return arr


def _stack(images_, name: str = "images") -> np.ndarray:
    arr = as_array(
        images_,
        name,
        ndim=3,
        dtype_kind="uifb",
        hint="Pass a stack of grayscale images (N, H, W), e.g. `x_train`.",
    )
    if len(arr) == 0 or arr.size == 0:
        raise CourseInputError(f"`{name}` is empty (shape {arr.shape}); pass at least one image.")
    return arr


def _bins(bins, name: str = "bins") -> int:
    if isinstance(bins, str):
        raise CourseTypeError(f"`{name}` should be a whole number like 8, but got the text {bins!r}.")
    return check_int(bins, name, low=1, high=256)


# ------------------------------------------------------------------------------ colour
HISTOGRAM_SPACES = ("rgb", "hsv", "hue")
"""The colour spaces :func:`colour_histogram` counts in."""


def rgb_histogram(image, bins: int = 8):
    """A colour histogram: for each channel R, G, B, the share of pixels in each of ``bins`` bins.

    image: (H, W, 3) RGB, uint8 (0..255, bins over [0, 256)) or float (0..1, bins over [0, 1]).
    Returns (3 * bins,) float64: R's bins, then G's, then B's; each channel's part sums to 1.
    Where the pixels are plays no part: only how many have each colour.

    Taught in 03 · Colour histograms.
    """
    arr = _colour(image)
    bins = _bins(bins)
    top = 256 if arr.dtype.kind in "uib" else 1.0
    n = arr.shape[0] * arr.shape[1]
    parts = [np.histogram(arr[..., c], bins=bins, range=(0, top))[0] / n for c in range(3)]
    return np.concatenate(parts).astype(np.float64)


def colour_histogram(image, bins: int = 8, space: str = "rgb"):
    """A colour histogram in RGB, HSV, or of the hue alone.

    space "rgb": :func:`rgb_histogram` (3 * bins numbers).  "hsv": the same for hue, saturation and
    value (from :func:`utils.images.rgb_to_hsv`, each 0..1; 3 * bins numbers).  "hue": only the hue
    of the coloured pixels (saturation and value at least 0.2: the hue of a grey or black pixel means
    nothing), ``bins`` numbers summing to 1 (all 0 if no pixel is coloured).

    Taught in 03 · Colour histograms.
    """
    space = check_choice(space, "space", HISTOGRAM_SPACES)
    arr = _colour(image)
    bins = _bins(bins)
    if space == "rgb":
        return rgb_histogram(arr, bins)
    hsv = images.rgb_to_hsv(arr)
    if space == "hsv":
        n = hsv.shape[0] * hsv.shape[1]
        return np.concatenate([np.histogram(hsv[..., c], bins, range=(0, 1))[0] / n for c in range(3)])
    coloured = (hsv[..., 1] >= 0.2) & (hsv[..., 2] >= 0.2)
    counts = np.histogram(hsv[..., 0][coloured], bins, range=(0, 1))[0].astype(np.float64)
    return counts / max(counts.sum(), 1.0)


def histogram_distance(h1, h2, metric: str = "l1") -> float:
    """How different two histograms are: "l1" = sum |h1 - h2| (notebook 02's L1 distance), or "chi2"
    = 1/2 sum (h1 - h2)² / (h1 + h2) (bins empty in both count 0).  Same-length 1-D arrays.

    Taught in 03 · Colour histograms.
    """
    a = as_array(h1, "h1", ndim=1, dtype_kind="uif").astype(np.float64)
    b = as_array(h2, "h2", ndim=1, dtype_kind="uif").astype(np.float64)
    if a.shape != b.shape:
        raise CourseInputError(
            f"`h1` has {len(a)} bins but `h2` has {len(b)}: compare histograms made with the same "
            f"`bins` and colour space."
        )
    metric = check_choice(metric, "metric", ("l1", "chi2"))
    if metric == "l1":
        return knn.l1_distance(a, b)
    total = a + b
    safe = np.where(total > 0, total, 1.0)
    return float(0.5 * np.sum(np.where(total > 0, (a - b) ** 2 / safe, 0.0)))


def transformed_copies(image, strength: float = 0.5) -> dict:
    """Copies of a photo changed the ways notebook 01 changes them, by name.

    "mirrored" (left-right flip), "turned" (:func:`utils.transforms.viewpoint`: rotated and seen
    at an angle), "zoomed in" (:func:`utils.transforms.scale`: the centre, cropped and enlarged),
    "darker" and "brighter" (:func:`utils.transforms.illumination`).  Same shape and dtype as ``image``.

    Taught in 03 · Colour histograms.
    """
    arr = as_image(image)
    s = _pixels.check_strength(strength)
    return {
        "mirrored": arr[:, ::-1].copy(),
        "turned": transforms.viewpoint(arr, s),
        "zoomed in": transforms.scale(arr, s, zoom="in"),
        "darker": transforms.illumination(arr, s),
        "brighter": transforms.illumination(arr, s, brighter=True),
    }


class ColourMass(NamedTuple):
    """Where a colour is: ``share`` of the pixels that have it, and the centre of those pixels as
    fractions of the height (``row``, 0 = top) and width (``col``, 0 = left); NaN if none.

    Taught in 03 · Position features."""

    share: float
    row: float
    col: float


def colour_mass(image, hue_range=(0.5, 0.72), min_saturation: float = 0.25) -> ColourMass:
    """A position feature: where the pixels of one colour sit in the image.

    hue_range: (low, high) hues in 0..1 (0 red, 1/3 green, 2/3 blue; the default is blue);
    pixels with saturation and value at least ``min_saturation`` count.  Returns :class:`ColourMass`.

    Taught in 03 · Position features.
    """
    arr = _colour(image)
    if np.ndim(hue_range) != 1 or len(hue_range) != 2:
        raise CourseTypeError(
            f"`hue_range` should be two hues (low, high) in 0..1, got {describe(hue_range)}."
        )
    lo, hi = (float(h) for h in hue_range)
    if not (0 <= lo < hi <= 1):
        raise CourseInputError(f"`hue_range` should satisfy 0 <= low < high <= 1, but got ({lo}, {hi}).")
    hsv = images.rgb_to_hsv(arr)
    mask = (hsv[..., 0] >= lo) & (hsv[..., 0] <= hi)
    mask &= (hsv[..., 1] >= min_saturation) & (hsv[..., 2] >= min_saturation)
    if not mask.any():
        return ColourMass(0.0, float("nan"), float("nan"))
    rows, cols = np.nonzero(mask)
    h, w = mask.shape
    return ColourMass(
        float(mask.mean()), float(rows.mean() / (h - 1 or 1)), float(cols.mean() / (w - 1 or 1))
    )


# ---------------------------------------------------------------------------- gradients
def sobel_gradients(image):
    """Sobel gradients of a grayscale image: ``(g_x, g_y)``, two float64 (H, W) arrays.

    g_x = ``scipy.ndimage.sobel(image, axis=1)`` (change to the right: the kernel [-1, 0, 1] across,
    smoothed by [1, 2, 1] down), g_y = ``scipy.ndimage.sobel(image, axis=0)`` (change downwards).
    The image is converted to float64 first (Sobel on uint8 would wrap around); borders are mirrored.

    Taught in 03 · Gradients and edges.
    """
    from scipy import ndimage

    img = _gray(image).astype(np.float64)
    return ndimage.sobel(img, axis=1), ndimage.sobel(img, axis=0)


def gradient_magnitude(image):
    """How strong the edge is at each pixel: ``sqrt(g_x² + g_y²)`` of :func:`sobel_gradients`, (H, W).

    Taught in 03 · Gradients and edges.
    """
    gx, gy = sobel_gradients(image)
    return np.hypot(gx, gy)


def gradient_orientation(image):
    """Which way the brightness changes at each pixel, unsigned: degrees in [0, 180), (H, W) float64.

    ``degrees(arctan2(g_y, g_x)) % 180`` of :func:`sobel_gradients`; 0 = changes left-right (a
    vertical edge), 90 = changes up-down (a horizontal edge).  Where nothing changes it is 0.

    Taught in 03 · Gradients and edges.
    """
    gx, gy = sobel_gradients(image)
    return np.rad2deg(np.arctan2(gy, gx)) % 180.0


def orientation_picture(magnitude, orientation):
    """Orientation as hue, strength as brightness: an (H, W, 3) float RGB picture in [0, 1].

    Hue = orientation / 180 (so 0° red, 60° green, 120° blue, back to red at 180°); value = the
    magnitude divided by its 99th percentile (clipped); saturation 1.

    Taught in 03 · Gradients and edges.
    """
    from skimage.color import hsv2rgb

    mag = as_array(magnitude, "magnitude", ndim=2, dtype_kind="uif").astype(np.float64)
    ori = as_array(orientation, "orientation", ndim=2, dtype_kind="uif").astype(np.float64)
    if mag.shape != ori.shape:
        raise CourseInputError(
            f"`magnitude` {mag.shape} and `orientation` {ori.shape} should have one shape."
        )
    top = np.percentile(mag, 99) or 1.0
    hsv = np.stack([(ori % 180) / 180, np.ones_like(mag), np.clip(mag / top, 0, 1)], axis=-1)
    return hsv2rgb(hsv)


# ------------------------------------------------------------------------------------- HOG
def hog_gradients(image):
    """The gradients HOG uses: ``(magnitude, orientation)`` from the plain differences [-1, 0, 1].

    g_row[r] = image[r+1] - image[r-1] and g_col[c] = image[c+1] - image[c-1] (0 on the border
    rows/columns), exactly as scikit-image's ``hog`` computes them (Dalal and Triggs found this
    simplest kernel works best, better than Sobel).  orientation in degrees [0, 180).

    Taught in 03 · One HOG cell by hand.
    """
    img = _gray(image).astype(np.float64)
    g_row = np.zeros_like(img)
    g_col = np.zeros_like(img)
    g_row[1:-1, :] = img[2:, :] - img[:-2, :]
    g_col[:, 1:-1] = img[:, 2:] - img[:, :-2]
    return np.hypot(g_col, g_row), np.rad2deg(np.arctan2(g_row, g_col)) % 180


def cell_histogram(magnitude, orientation, n_bins: int = 9, vote: str = "bilinear"):
    """One HOG cell's histogram of oriented gradients: (n_bins,) float64, the sum of the votes.

    magnitude, orientation: the cell's pixels, same shape (e.g. (8, 8)), orientation in degrees
    [0, 180).  The bins split 0..180 into ``n_bins`` equal parts (20° each for 9), bin i centred at
    (i + 0.5) · width.  Each pixel votes with its magnitude:

    * vote="bilinear" (Dalal and Triggs): split between the two bins whose centres are nearest, in
      proportion to closeness; 25° votes 0.75 to bin 1 (centre 30°) and 0.25 to bin 0 (centre 10°).
      The bins wrap around: 5° votes 0.75 to bin 0 and 0.25 to the last bin (centre 170°).
    * vote="nearest": all of it into the bin the angle falls in (what scikit-image's ``hog`` does).

    Taught in 03 · One HOG cell by hand.
    """
    mag = as_array(magnitude, "magnitude", dtype_kind="uif").astype(np.float64)
    ori = as_array(orientation, "orientation", dtype_kind="uif").astype(np.float64)
    if mag.shape != ori.shape:
        raise CourseInputError(
            f"`magnitude` has shape {mag.shape} but `orientation` has {ori.shape}: one of each per pixel."
        )
    if not np.all(np.isfinite(ori)) or ori.min(initial=0) < 0 or ori.max(initial=0) > 180:
        raise CourseInputError(
            "`orientation` should hold unsigned angles in degrees, 0 to 180; reduce signed angles "
            "with `% 180` first."
        )
    n_bins = check_int(n_bins, "n_bins", low=1, high=360)
    vote = check_choice(vote, "vote", ("bilinear", "nearest"))
    mag, ori = mag.ravel(), ori.ravel() % 180
    width = 180.0 / n_bins
    if vote == "nearest":
        edges = width * np.arange(n_bins + 1)
        b = np.clip(np.searchsorted(edges, ori, side="right") - 1, 0, n_bins - 1)
        return np.bincount(b, weights=mag, minlength=n_bins).astype(np.float64)
    pos = ori / width - 0.5
    lo = np.floor(pos)
    frac = pos - lo
    lo = lo.astype(np.int64) % n_bins
    hi = (lo + 1) % n_bins
    hist = np.bincount(lo, weights=mag * (1 - frac), minlength=n_bins)
    hist += np.bincount(hi, weights=mag * frac, minlength=n_bins)
    return hist.astype(np.float64)


def _hog_params(shape, cell_size, block_size, orientations):
    if isinstance(cell_size, str) or isinstance(block_size, str):
        raise CourseTypeError("`cell_size` and `block_size` should be whole numbers like 8 and 2, not text.")
    cell_size = check_int(cell_size, "cell_size", low=2)
    block_size = check_int(block_size, "block_size", low=1)
    orientations = check_int(orientations, "orientations", low=1, high=180)
    h, w = shape[:2]
    if cell_size > min(h, w):
        raise CourseInputError(
            f"`cell_size`={cell_size} pixels is larger than the {h}×{w} image: not even one cell fits. "
            f"Use a cell size of at most {min(h, w)}."
        )
    cells = (h // cell_size, w // cell_size)
    if block_size > min(cells):
        raise CourseInputError(
            f"`block_size`={block_size} cells is more than the {cells[0]}×{cells[1]} cells of "
            f"{cell_size}×{cell_size} pixels that fit in the {h}×{w} image. Use a block size of at "
            f"most {min(cells)}, or smaller cells."
        )
    return cell_size, block_size, orientations


def skimage_cell_histogram(image, row: int, col: int, cell_size: int = 8, n_bins: int = 9):
    """scikit-image's own histogram of one cell, scaled to sum 1: (n_bins,) float64.

    Runs ``skimage.feature.hog`` on the whole image with blocks of one cell and L1 normalisation,
    and returns cell (``row``, ``col``) (counted in cells).  Compare it with
    ``cell_histogram(..., vote="nearest")`` of the same cell divided by its sum.

    Taught in 03 · One HOG cell by hand.
    """
    from skimage.feature import hog

    img = _gray(image)
    cell_size, _, n_bins = _hog_params(img.shape, cell_size, 1, n_bins)
    cells = hog(
        img,
        orientations=n_bins,
        pixels_per_cell=(cell_size, cell_size),
        cells_per_block=(1, 1),
        block_norm="L1",
        feature_vector=False,
    )
    row = check_int(row, "row", low=0, high=cells.shape[0] - 1)
    col = check_int(col, "col", low=0, high=cells.shape[1] - 1)
    cell = cells[row, col, 0, 0].astype(np.float64)  # hog divides by (sum + 1e-5): undo the 1e-5
    return cell / cell.sum() if cell.sum() > 0 else cell


def hog_length(shape, cell_size: int = 8, block_size: int = 2, orientations: int = 9) -> int:
    """How many numbers HOG gives for an image of ``shape`` (H, W): blocks × cells per block × bins.

    (H // cell) × (W // cell) cells fit; a block of block_size × block_size cells slides one cell at a
    time, so (cells down - block + 1) × (cells across - block + 1) blocks, each holding
    block² × orientations numbers.  28×28 with cells of 7, blocks of 2, 9 bins: 3 × 3 × 4 × 9 = 324.

    Taught in 03 · HOG: histograms of oriented gradients.
    """
    if not isinstance(shape, (tuple, list)) or len(shape) < 2:
        raise CourseTypeError(f"`shape` should be (H, W), like image.shape, but got {describe(shape)}.")
    h, w = check_int(shape[0], "shape[0]", low=1), check_int(shape[1], "shape[1]", low=1)
    c, b, o = _hog_params((h, w), cell_size, block_size, orientations)
    return (h // c - b + 1) * (w // c - b + 1) * b * b * o


def hog_features(
    image, cell_size: int = 8, block_size: int = 2, orientations: int = 9, visualize: bool = False
):
    """HOG of a grayscale image (scikit-image's ``hog``, L2-Hys block normalisation), with checks.

    Returns the feature vector (:func:`hog_length` numbers, float64), or with ``visualize=True``
    ``(vector, picture)``: the picture draws each cell's histogram as a star of lines, one per bin,
    perpendicular to the gradient (along the edge), brighter for stronger bins.

    Taught in 03 · HOG: histograms of oriented gradients.
    """
    from skimage.feature import hog

    img = _gray(image)
    c, b, o = _hog_params(img.shape, cell_size, block_size, orientations)
    out = hog(
        img.astype(np.float64),
        orientations=o,
        pixels_per_cell=(c, c),
        cells_per_block=(b, b),
        block_norm="L2-Hys",
        visualize=bool(visualize),
    )
    if visualize:
        return out[0].astype(np.float64), out[1]
    return out.astype(np.float64)


HOG_DIGITS = {"cell_size": 7, "block_size": 2, "orientations": 9}
"""The HOG settings notebook 03 uses on 28×28 digits: 4×4 cells of 7×7 pixels, 2×2-cell blocks, 9 bins
(324 numbers per digit)."""


def hog_batch(images_, cell_size: int = 7, block_size: int = 2, orientations: int = 9):
    """HOG of every image of a stack (N, H, W): (N, D) float64 (defaults: :data:`HOG_DIGITS`).

    Taught in 03 · Measured: pixels against HOG.
    """
    stack = _stack(images_)
    c, b, o = _hog_params(stack.shape[1:], cell_size, block_size, orientations)
    return np.stack([hog_features(img, c, b, o) for img in stack])


# ------------------------------------------------------------------------------- keypoints
class Keypoints(NamedTuple):
    """Keypoints of one image: ``points`` (K, 2) as (row, col), ``descriptors`` (K, D) (SIFT: 128
    numbers; ORB: 256 True/False), ``scales`` (K,) (how big the neighbourhood was, in pixels)
    and ``method``.

    Taught in 03 · Keypoints: SIFT."""

    points: np.ndarray
    descriptors: np.ndarray
    scales: np.ndarray
    method: str


def detect_keypoints(image, method: str = "sift", n_keypoints: int = 300) -> Keypoints:
    """Find keypoints and describe each (scikit-image's ``SIFT`` or ``ORB``) in a grayscale image.

    ORB looks for ``n_keypoints`` (the strongest corners); SIFT keeps every keypoint it finds
    (``n_keypoints`` is ignored).  Returns :class:`Keypoints`.

    Taught in 03 · Keypoints: SIFT.
    """
    from skimage.feature import ORB, SIFT

    img = _pixels.to_unit(_gray(image))
    method = check_choice(method, "method", ("sift", "orb"))
    n_keypoints = check_int(n_keypoints, "n_keypoints", low=1)
    if min(img.shape) < 32:
        raise CourseInputError(
            f"`image` is {img.shape[0]}×{img.shape[1]}: keypoints need an image at least 32 pixels on a side."
        )
    if method == "orb":
        det = ORB(n_keypoints=n_keypoints)
        det.detect_and_extract(img)
        return Keypoints(det.keypoints, det.descriptors, np.asarray(det.scales, float) * 31 / 2, "orb")
    det = SIFT()
    det.detect_and_extract(img)
    return Keypoints(det.keypoints, det.descriptors, np.asarray(det.sigmas, float) * 3.0, "sift")


def match_keypoints(a: Keypoints, b: Keypoints, max_ratio: float = 0.8) -> np.ndarray:
    """Pairs (M, 2) of indices ``[i in a, j in b]`` whose descriptors are each other's nearest
    neighbours (cross-check) and clearly nearer than the second nearest (Lowe's ratio test).

    Taught in 03 · Keypoints: SIFT.
    """
    from skimage.feature import match_descriptors

    for kp, name in ((a, "a"), (b, "b")):
        if not isinstance(kp, Keypoints):
            raise CourseTypeError(f"`{name}` should be what detect_keypoints returns, got {describe(kp)}.")
    if a.method != b.method:
        raise CourseInputError(f"`a` has {a.method} keypoints and `b` {b.method}: match the same kind.")
    if not len(a.descriptors) or not len(b.descriptors):
        return np.zeros((0, 2), dtype=np.int64)
    return match_descriptors(a.descriptors, b.descriptors, cross_check=True, max_ratio=float(max_ratio))


class SimilarityCopy(NamedTuple):
    """A turned and resized copy of an image (``image``), and ``move``: (K, 2) (row, col) points of the
    original -> where they are in the copy.

    Taught in 03 · Keypoints: SIFT."""

    image: np.ndarray
    move: object


def similarity_copy(image, angle: float = 30.0, scale: float = 0.8) -> SimilarityCopy:
    """The image turned by ``angle`` degrees (anticlockwise) and scaled by ``scale`` about its centre,
    same size, uncovered corners black (float 0..1).  Returns :class:`SimilarityCopy`.

    Taught in 03 · Keypoints: SIFT.
    """
    from skimage import transform

    img = _pixels.to_unit(_gray(image))
    if isinstance(scale, str) or not np.isscalar(scale) or not 0.2 <= float(scale) <= 5:
        raise CourseInputError(f"`scale` should be a number between 0.2 and 5, got {describe(scale)}.")
    if isinstance(angle, str) or not np.isscalar(angle):
        raise CourseTypeError(f"`angle` should be a number of degrees, got {describe(angle)}.")
    centre = np.array([img.shape[1] - 1, img.shape[0] - 1]) / 2.0  # (x, y)
    tf = (
        transform.SimilarityTransform(translation=-centre)
        + transform.SimilarityTransform(scale=float(scale), rotation=np.deg2rad(-float(angle)))
        + transform.SimilarityTransform(translation=centre)
    )
    warped = transform.warp(img, tf.inverse, output_shape=img.shape, order=1)

    def move(points):
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        return tf(pts[:, ::-1])[:, ::-1]

    return SimilarityCopy(warped, move)


def correct_matches(a: Keypoints, b: Keypoints, matches, move, tolerance: float = 3.0) -> np.ndarray:
    """Which matches are right: the point in ``a``, moved by the known change ``move``, lands within
    ``tolerance`` pixels of its partner in ``b``.  Returns (M,) True/False.

    Taught in 03 · Keypoints: SIFT.
    """
    m = np.asarray(matches, dtype=np.int64).reshape(-1, 2)
    if len(m) == 0:
        return np.zeros(0, dtype=bool)
    moved = move(a.points[m[:, 0]])
    return np.linalg.norm(moved - b.points[m[:, 1]], axis=1) <= float(tolerance)


# ---------------------------------------------------------------------- bag of visual words
TEXTURES = ("brick", "grass", "gravel")
"""Three 512×512 grayscale texture photos that ship with scikit-image (no download)."""


def texture_patches(size: int = 64):
    """Square patches of the :data:`TEXTURES` photos, for a small classification problem.

    Each photo is cut into (512 // size)² patches.  Returns ``(patches (N, size, size) uint8, labels
    (N,), is_test (N,) bool, names)``: patches from the right half of each photo are the test set,
    so no test patch overlaps a training patch.

    Taught in 03 · Bag of visual words.
    """
    from skimage import data

    size = check_int(size, "size", low=8, high=256)
    side = 512 // size
    patches, labels, is_test = [], [], []
    for label, name in enumerate(TEXTURES):
        photo = np.asarray(getattr(data, name)())[: side * size, : side * size]
        blocks = photo.reshape(side, size, side, size).swapaxes(1, 2).reshape(-1, size, size)
        patches.append(blocks)
        labels += [label] * len(blocks)
        is_test += [(i % side) >= side // 2 for i in range(len(blocks))]
    return np.concatenate(patches), np.array(labels), np.array(is_test), list(TEXTURES)


def local_descriptors(image, patch_size: int = 7, step: int = 4) -> np.ndarray:
    """Small local descriptors: every ``patch_size``² patch on a grid with ``step`` pixels between
    patches, flattened and normalised (mean 0, standard deviation 1, so brightness and contrast do
    not matter).  Returns (P, patch_size²) float64.

    Taught in 03 · Bag of visual words.
    """
    from skimage.util import view_as_windows

    img = _pixels.to_unit(_gray(image))
    patch_size = check_int(patch_size, "patch_size", low=2)
    step = check_int(step, "step", low=1)
    if patch_size > min(img.shape):
        raise CourseInputError(f"`patch_size`={patch_size} is larger than the {img.shape} image.")
    win = view_as_windows(img, (patch_size, patch_size), step=step).reshape(-1, patch_size**2)
    win = win - win.mean(axis=1, keepdims=True)
    return win / (win.std(axis=1, keepdims=True) + 1e-3)


class BagOfVisualWords:
    """A bag of visual words: a vocabulary of typical local patches, and images as word counts.

    >>> bow = BagOfVisualWords(n_words=30).fit(train_images)   # k-means on their local descriptors
    >>> H = bow.transform(test_images)                          # (N, n_words) word histograms

    ``fit`` clusters the :func:`local_descriptors` of all training images into ``n_words`` clusters
    (k-means, seeded); each cluster centre is a "visual word".  ``transform`` replaces every patch of
    an image by its nearest word and counts: the share of each word, summing to 1.  Where the words
    sit is forgotten, as a bag of words forgets the order of words in a text.

    Taught in 03 · Bag of visual words.
    """

    def __init__(self, n_words: int = 30, patch_size: int = 7, step: int = 4, seed: int = 0):
        self.n_words = check_int(n_words, "n_words", low=2, high=4096)
        self.patch_size = check_int(patch_size, "patch_size", low=2)
        self.step = check_int(step, "step", low=1)
        self.seed = check_int(seed, "seed", low=0)
        self.kmeans = None

    def _descriptors(self, images_):
        return [local_descriptors(img, self.patch_size, self.step) for img in _stack(images_)]

    def fit(self, images_) -> BagOfVisualWords:
        """Learn the vocabulary from a stack (N, H, W) of grayscale images."""
        from sklearn.cluster import KMeans

        every = np.concatenate(self._descriptors(images_))
        if len(every) < self.n_words:
            raise CourseInputError(
                f"Only {len(every)} patches for {self.n_words} words: use more images or fewer words."
            )
        self.kmeans = KMeans(self.n_words, n_init=1, random_state=self.seed).fit(every)
        return self

    @property
    def vocabulary(self) -> np.ndarray:
        """The words as little patches: (n_words, patch_size, patch_size)."""
        self._check_fitted()
        return self.kmeans.cluster_centers_.reshape(-1, self.patch_size, self.patch_size)

    def _check_fitted(self):
        if self.kmeans is None:
            raise CourseInputError(
                "This bag of words has no vocabulary yet: call bow.fit(train_images) first."
            )

    def words(self, image) -> np.ndarray:
        """The word number of each patch of one image, (P,)."""
        self._check_fitted()
        return self.kmeans.predict(local_descriptors(image, self.patch_size, self.step))

    def transform(self, images_) -> np.ndarray:
        """Word histograms (N, n_words) of a stack of images, each row summing to 1."""
        self._check_fitted()
        out = []
        for d in self._descriptors(images_):
            counts = np.bincount(self.kmeans.predict(d), minlength=self.n_words)
            out.append(counts / counts.sum())
        return np.array(out, dtype=np.float64)


# ------------------------------------------------------------------------- measured, in one table
def pixel_features(images_) -> np.ndarray:
    """Raw pixels as features: each image flattened to one row and scaled to 0..1, (N, H·W) float64.

    Taught in 03 · Measured: pixels against HOG.
    """
    stack = _stack(images_)
    return stack.reshape(len(stack), -1).astype(np.float64) / _pixels.value_max(stack)


def linear_classifier(seed: int = 0):
    """The linear classifier of notebook 03's table: scikit-learn's ``LinearSVC`` (C = 0.1, seeded).

    One weight per feature and class; the class with the highest weighted sum wins (notebook 04
    builds one from scratch).  Fast: seconds on 2,000 digits.

    Taught in 03 · Measured: pixels against HOG.
    """
    from sklearn.svm import LinearSVC

    return LinearSVC(C=0.1, random_state=check_int(seed, "seed", low=0))


def test_variants(images_, max_shift: int = 2, angle: float = 10.0, seed: int = 0) -> dict:
    """The test images as they are and in two changed copies, by name.

    "original"; "shifted 1–2 px": each image moved by (dy, dx), each drawn from -max_shift..max_shift,
    not both 0 (:func:`utils.transforms.shift_image`); "rotated ±10°": each turned by +angle or
    -angle about its centre (seeded choice).  Same shape and dtype.

    Taught in 03 · Measured: pixels against HOG.
    """
    from scipy import ndimage

    stack = _stack(images_)
    max_shift = check_int(max_shift, "max_shift", low=1)
    rng = np.random.RandomState(check_int(seed, "seed", low=0))
    shifted = np.empty_like(stack)
    for i, img in enumerate(stack):
        dy = dx = 0
        while dy == 0 and dx == 0:
            dy, dx = rng.randint(-max_shift, max_shift + 1, size=2)
        shifted[i] = transforms.shift_image(img, int(dy), int(dx))
    signs = rng.choice([-1.0, 1.0], size=len(stack))
    vmax = _pixels.value_max(stack)
    rotated = np.stack(
        [
            _pixels.restore(
                ndimage.rotate(img.astype(np.float64), s * float(angle), reshape=False, order=1), img, vmax
            )
            for img, s in zip(stack, signs, strict=True)
        ]
    )
    return {"original": stack, f"shifted 1–{max_shift} px": shifted, f"rotated ±{float(angle):g}°": rotated}


def accuracy_table(x_train, y_train, variants: dict, y_test, extractors: dict, k: int = 3, seed: int = 0):
    """Accuracy of k-NN and of a linear classifier on each kind of features and each test variant.

    extractors: {name: function(images (N, H, W)) -> (N, D) features}; variants: {name: test images}
    (e.g. from :func:`test_variants`).  Returns a list of rows, one per extractor: {"features",
    "length", "seconds" (extracting the training set and every variant), "k-NN <variant>",
    "linear <variant>" accuracies}.

    Taught in 03 · Measured: pixels against HOG.
    """
    y_train = metrics.as_labels(y_train, "y_train")
    y_test = metrics.as_labels(y_test, "y_test")
    if not isinstance(extractors, dict) or not extractors:
        raise CourseTypeError("`extractors` should be a dict {name: function(images) -> features}.")
    if not isinstance(variants, dict) or not variants:
        raise CourseTypeError("`variants` should be a dict {name: test images}, e.g. test_variants(x_test).")
    rows = []
    for name, extract in extractors.items():
        start = time.perf_counter()
        f_train = extract(x_train)
        f_tests = {v: extract(imgs) for v, imgs in variants.items()}
        row = {"features": name, "length": f_train.shape[1], "seconds": time.perf_counter() - start}
        nn = knn.KNearestNeighbor().train(f_train, y_train)
        linear = linear_classifier(seed).fit(f_train, y_train)
        for v, f in f_tests.items():
            row[f"k-NN {v}"] = metrics.accuracy(y_test, nn.predict(f, k=k))
            row[f"linear {v}"] = metrics.accuracy(y_test, linear.predict(f))
        rows.append(row)
    return rows


def format_table(rows) -> str:
    """:func:`accuracy_table`'s rows as a Markdown table: one line per features and classifier, one
    column per test variant (accuracies in %), with the feature length and extraction time (s).

    Taught in 03 · Measured: pixels against HOG.
    """
    if not rows:
        raise CourseInputError("`rows` is empty: nothing to print.")
    variants = [c[len("k-NN ") :] for c in rows[0] if c.startswith("k-NN ")]
    head = ["features", "numbers", "extraction (s)", "classifier"] + variants
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        for clf in ("k-NN", "linear"):
            cells = [str(r["features"]), str(r["length"]), f"{r['seconds']:.2f}", clf]
            lines.append("| " + " | ".join(cells + [f"{r[f'{clf} {v}']:.1%}" for v in variants]) + " |")
    return "\n".join(lines)
