"""Exercises of notebook 03 · Hand-crafted features.

    03.rgb_histogram         a colour histogram;                reference: features.rgb_histogram
    03.gradient_magnitude    Sobel gradient magnitude;          reference: features.gradient_magnitude
    03.gradient_orientation  unsigned orientation in degrees;   reference: features.gradient_orientation
    03.cell_histogram        one HOG cell, bilinear, 9 bins;    reference: features.cell_histogram

(``features`` is ``utils.features``.)

This module holds only what the checker needs beyond the references: the test inputs, the likely
causes of a wrong answer and the first hints.
"""

from __future__ import annotations

import numpy as np

from utils import features, images
from utils.checks import Case, Exercise, register


def _photo_crop():
    from utils.datasets import sample_photo

    return sample_photo("chelsea")[100:160, 150:230]


# --------------------------------------------------------------------------- 03.rgb_histogram
def _hist_cases():
    rng = np.random.RandomState(3)
    red = np.zeros((2, 3, 3), np.uint8)
    red[..., 0] = 255
    return [
        Case((red, 4), "a 2×3 pure red image (R = 255, G = B = 0) and bins=4"),
        Case((rng.randint(0, 256, (5, 7, 3)).astype(np.uint8), 8)),
        Case((rng.randint(0, 256, (16, 9, 3)).astype(np.uint8), 5)),
        Case((_photo_crop(), 16), "a 60×80 crop of the cat photo and bins=16"),
    ]


def _hist_diagnose(got, want, case):
    image, bins = case.args
    g = np.asarray(got, dtype=np.float64)
    n = image.shape[0] * image.shape[1]
    if g.shape == (bins,) or g.shape == (3, bins):
        return "Return one long row: R's bins, then G's, then B's (np.concatenate), 3 × bins numbers."
    if g.shape != want.shape:
        return None
    if np.allclose(g, want * n):
        return (
            "Those are counts: divide each channel's counts by the number of pixels, so each part sums to 1."
        )
    if np.allclose(g, want / 3):
        return (
            "Normalise each channel on its own (divide by the number of pixels), not all 3 × bins together."
        )
    return "Use np.histogram(channel, bins=bins, range=(0, 256)) for each channel of the uint8 image."


# ------------------------------------------------------------------- 03.gradient_magnitude
def _gradient_cases():
    rng = np.random.RandomState(4)
    step = np.zeros((6, 6), np.uint8)
    step[:, 3:] = 200
    return [
        Case((step,), "a 6×6 image, dark on the left, 200 on the right (one vertical edge)"),
        Case((step.T.copy(),), "the same edge turned: dark on top, bright below"),
        Case((rng.randint(0, 256, (9, 12)).astype(np.uint8),)),
        Case((rng.rand(7, 5),), "a float image"),
        Case((images.to_grayscale(_photo_crop()),), "a grayscale crop of the cat photo"),
    ]


def _magnitude_diagnose(got, want, case):
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape:
        return None
    gx, gy = features.sobel_gradients(case.args[0])
    if np.allclose(g, want / 4):
        return (
            "Your numbers are a quarter of the right ones: skimage.filters.sobel_h / sobel_v divide by 4. "
            "Use scipy.ndimage.sobel(image, axis=1) and (image, axis=0)."
        )
    if np.allclose(g, gx**2 + gy**2):
        return "Those are squared magnitudes: take the square root (np.hypot(gx, gy) does both)."
    if np.allclose(g, np.abs(gx) + np.abs(gy)):
        return "That adds |g_x| + |g_y|; the magnitude is sqrt(g_x² + g_y²), np.hypot(gx, gy)."
    if np.allclose(g, np.abs(gx)) or np.allclose(g, np.abs(gy)):
        return "That uses only one direction: combine both, sqrt(g_x² + g_y²)."
    return (
        "Work in float64; ndimage.sobel takes an axis: g_x changes along the columns (axis 1), g_y "
        "along the rows (axis 0). The magnitude is the length of the vector (g_x, g_y)."
    )


# ----------------------------------------------------------------- 03.gradient_orientation
def _orientation_agree(got, want, case):
    g, w = np.asarray(got, dtype=np.float64), np.asarray(want)
    if g.shape != w.shape or not np.all(np.isfinite(g)) or g.min() < -1e-9 or g.max() > 180 + 1e-9:
        return False
    d = np.abs(g - w) % 180
    mag = features.gradient_magnitude(case.args[0])
    return bool(np.all((np.minimum(d, 180 - d) < 1e-6) | (mag < 1e-9)))  # 0° and 180° are one direction


def _orientation_diagnose(got, want, case):
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape:
        return None
    gx, gy = features.sobel_gradients(case.args[0])
    signed = np.rad2deg(np.arctan2(gy, gx))
    if np.allclose(g, np.deg2rad(want)) or np.allclose(g, np.arctan2(gy, gx)):
        return "Those are radians: convert to degrees with np.rad2deg (or np.degrees)."
    if np.allclose(g, signed):
        return (
            "Those are signed angles from -180 to 180. HOG's orientations are unsigned: an edge and its "
            "opposite are one direction, so reduce with % 180."
        )
    if np.allclose(g % 180, np.rad2deg(np.arctan2(gx, gy)) % 180):
        return "The arguments are swapped: np.arctan2 takes (y, x), that is (g_y, g_x)."
    if g.min() < 0 or g.max() > 180:
        return "Unsigned orientations lie between 0 and 180 degrees: use % 180."
    return "Use np.rad2deg(np.arctan2(g_y, g_x)) % 180 with the Sobel gradients g_x and g_y."


# ------------------------------------------------------------------------ 03.cell_histogram
def _cell_cases():
    rng = np.random.RandomState(5)
    one = np.ones((1, 1))
    mag, ori = features.hog_gradients(images.to_grayscale(_photo_crop()))
    return [
        Case((one * 2.0, one * 30.0), "one pixel of magnitude 2 at exactly 30° (the centre of bin 1)"),
        Case((one, one * 25.0), "one pixel at 25°: between the centres 10° (bin 0) and 30° (bin 1)"),
        Case((one, one * 5.0), "one pixel at 5°: between bin 0 (centre 10°) and the last bin (170°)"),
        Case((one, one * 178.0), "one pixel at 178°: between the last bin (170°) and bin 0 (190° = 10°)"),
        Case((rng.rand(8, 8) * 100, rng.rand(8, 8) * 180), "a random 8×8 cell"),
        Case((mag[16:24, 24:32], ori[16:24, 24:32]), "an 8×8 cell of the cat photo"),
    ]


def _cell_diagnose(got, want, case):
    mag, ori = case.args
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape:
        return "Return the 9 bins: an array of shape (9,)."
    angle = float(np.ravel(ori)[0])
    if mag.size == 1 and (angle < 10 or angle > 170):
        return (
            "The bins wrap around: below 10° or above 170° an angle sits between the last bin (centre "
            "170°) and bin 0 (centre 10°, that is 190°). Take the bin numbers modulo 9."
        )
    if np.allclose(g, features.cell_histogram(mag, ori, vote="nearest")):
        return (
            "That puts every vote into one bin. The bilinear vote splits it between the two bins whose "
            "centres (10°, 30°, …, 170°) are nearest, in proportion to closeness."
        )
    if np.isclose(g.sum(), want.sum()) and not np.allclose(g, want):
        return (
            "The total is right but the split is not. Bin i's centre is (i + 0.5) · 20°; an angle between "
            "two centres gives (1 - f) to the lower bin and f to the upper, with f = distance from the "
            "lower centre / 20; below 10° or above 170° the bins wrap around (bin 8 and bin 0)."
        )
    if np.isclose(g.sum(), want.sum() / mag.size):
        return (
            "That is an average: add up the votes (the sum of the magnitudes), do not divide by the pixels."
        )
    if np.isclose(g.sum(), 1.0):
        return "Do not normalise the cell: return the sums of the votes (HOG normalises later, per block)."
    return "Each pixel's vote is its gradient magnitude, split between the two nearest bin centres."


register(
    Exercise(
        "03.rgb_histogram",
        reference=features.rgb_histogram,
        cases=_hist_cases,
        diagnose=_hist_diagnose,
        dtype="f",
        hint="for each channel c, np.histogram(image[..., c], bins=bins, range=(0, 256)) counts the pixels; "
        "divide by the number of pixels and join the three with np.concatenate.",
    )
)
register(
    Exercise(
        "03.gradient_magnitude",
        reference=features.gradient_magnitude,
        cases=_gradient_cases,
        diagnose=_magnitude_diagnose,
        dtype="f",
        hint="work in float64 (np.asarray(..., dtype=np.float64)); scipy's ndimage.sobel measures the "
        "change along one axis: axis 1 (across the columns) gives g_x, axis 0 gives g_y; then the "
        "length sqrt(g_x² + g_y²) at every pixel.",
    )
)
register(
    Exercise(
        "03.gradient_orientation",
        reference=features.gradient_orientation,
        cases=_gradient_cases,
        diagnose=_orientation_diagnose,
        agree=_orientation_agree,
        dtype="f",
        hint="with the same g_x and g_y, np.arctan2(g_y, g_x) gives the angle in radians; convert to degrees "
        "and make it unsigned with % 180.",
    )
)
register(
    Exercise(
        "03.cell_histogram",
        reference=features.cell_histogram,
        cases=_cell_cases,
        diagnose=_cell_diagnose,
        dtype="f",
        hint="flatten both arrays; for each angle find its position p = angle / 20 - 0.5 between bin "
        "centres: bin floor(p) gets magnitude · (1 - frac) and the next bin (mod 9) gets magnitude · frac.",
    )
)
