"""Exercises of notebook 01 · Images are grids of numbers.

    01.channel_mean   the mean of each colour channel; reference: utils.images.channel_mean
    01.bgr_to_rgb     reorder B, G, R to R, G, B;       reference: utils.images.bgr_to_rgb
    01.to_grayscale   0.299 R + 0.587 G + 0.114 B;      reference: utils.images.to_grayscale

This module holds only what the checker needs beyond the reference: the test inputs, the likely
causes of a wrong answer, and the first hints.
"""

from __future__ import annotations

import numpy as np

from utils import images
from utils.checks import Case, Exercise, register


def _tiny_bgr():
    # pure blue, pure green, pure red (stored B, G, R), then three mixed pixels
    return np.array(
        [[[255, 0, 0], [0, 255, 0], [0, 0, 255]], [[10, 20, 30], [40, 50, 60], [70, 80, 90]]], dtype=np.uint8
    )


def _random_image(seed: int, shape) -> np.ndarray:
    return np.random.RandomState(seed).randint(0, 256, size=shape).astype(np.uint8)


# ------------------------------------------------------------------------------ 01.channel_mean
def _mean_cases():
    img = np.zeros((2, 4, 3), dtype=np.uint8)
    img[..., 0] = 200  # red everywhere
    img[0, :, 1] = 255  # green on the top row only
    img[:, :2, 2] = 100  # blue on the left half
    return [
        Case(
            (img,),
            "a 2×4 test image with red 200 everywhere, green "
            "255 on the top row and blue 100 on the left half",
        ),
        Case((_random_image(2, (9, 11, 3)),), "a 9×11 colour image"),
        Case((_random_image(3, (1, 1, 3)),), "a colour image of a single pixel, shape (1, 1, 3)"),
    ]


def _mean_diagnose(got, want, case):
    image = case.args[0].astype(np.float64)
    g = np.asarray(got, dtype=np.float64)
    if g.ndim == 0:
        return (
            "That is one number, the average of ALL values with the channels mixed: keep the channels apart."
        )
    if g.shape == image.shape[:2]:
        return (
            "That is one number per pixel: you averaged over the "
            "channel axis. Average over rows and columns instead."
        )
    if g.shape in (image.shape[1:], image.shape[:1] + image.shape[2:]):
        return (
            "You averaged over only one of the two picture axes: the mean method takes several axes at once."
        )
    if g.shape == (3,) and np.allclose(g, want[::-1]):
        return "Your three numbers come out in reverse order (B, G, R): keep the channel order R, G, B."
    if g.shape == (3,) and np.allclose(g, image.sum(axis=(0, 1))):
        return "Those are the sums of each channel: divide by the number of pixels (or use .mean)."
    return None


# -------------------------------------------------------------------------------- 01.bgr_to_rgb
def _bgr_cases():
    return [
        Case((_tiny_bgr(),), "a 2×3 test image stored B, G, R (its first pixel (255, 0, 0) is pure blue)"),
        Case((_random_image(1, (5, 7, 3)),), "a 5×7 colour image"),
    ]


def _bgr_diagnose(got, want, case):
    bgr = case.args[0]
    g = np.asarray(got)
    if g.shape == (3,) + bgr.shape[:2]:
        return (
            "You moved the channel axis to the front; keep the "
            "layout (H, W, 3) and only reorder the channels."
        )
    if g.shape != bgr.shape:
        return "Only the order of the three numbers inside each pixel should change, not the image's shape."
    if np.array_equal(g, bgr):
        return (
            "The image came back unchanged: in RGB order the first pixel, pure blue, must read (0, 0, 255)."
        )
    if np.array_equal(g, bgr[::-1]) or np.array_equal(g, bgr[:, ::-1]):
        return (
            "You flipped the picture itself (its rows or columns). Leave the pixels where they "
            "are and reorder the numbers inside each pixel: which axis holds the channels?"
        )
    if any(np.array_equal(g, np.roll(bgr, s, axis=-1)) for s in (1, 2)):
        return (
            "You rotated the channels; reverse them instead: B, "
            "G, R becomes R, G, B (green stays in the middle)."
        )
    return None


# ------------------------------------------------------------------------------ 01.to_grayscale
def _gray_cases():
    swatch = np.array(
        [[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [255, 255, 255], [0, 0, 0], [128, 128, 128]]],
        dtype=np.uint8,
    )
    return [
        Case((swatch,), "a row of seven colours (red, green, blue, yellow, white, black, gray)"),
        Case((_random_image(4, (6, 7, 3)),), "a 6×7 colour image"),
    ]


def _exact_gray(image) -> np.ndarray:
    return image.astype(np.float64) @ np.asarray(images.GRAY_WEIGHTS)


def _gray_agree(got, want, case):
    """Any correct rounding of the weighted sum (np.round, np.rint or + 0.5) is right."""
    g = np.asarray(got)
    exact = _exact_gray(case.args[0])
    return g.shape == exact.shape and g.dtype.kind in "uif" and bool(np.all(np.abs(g - exact) <= 0.5 + 1e-6))


def _gray_diagnose(got, want, case):
    image = case.args[0]
    g = np.asarray(got)
    if g.shape == image.shape:
        return "Grayscale keeps one number per pixel: the result is (H, W), without the channel axis."
    if g.shape == image.shape[:2] + (1,):
        return "Drop the last axis of length 1: the result is (H, W)."
    if g.shape != image.shape[:2]:
        return "Combine the three channels of each pixel into one number: the result is (H, W)."
    exact = _exact_gray(image)
    g = g.astype(np.float64)
    if np.allclose(g, np.floor(exact + 1e-9)) or np.allclose(g, np.floor(exact)):
        return "The fractions are cut off (.astype(np.uint8) truncates): round first with np.round."
    if np.all(np.abs(g - image.astype(np.float64).mean(axis=-1)) <= 0.5 + 1e-6):
        return (
            "That is the plain average of R, G and B; the weights "
            "are 0.299, 0.587 and 0.114 (green counts most)."
        )
    if np.all(np.abs(g - _exact_gray(image[..., ::-1])) <= 0.5 + 1e-6):
        return (
            "The weights are on the wrong channels: 0.299 goes "
            "with red (channel 0), 0.114 with blue (channel 2)."
        )
    return None


register(
    Exercise(
        "01.channel_mean",
        reference=images.channel_mean,
        cases=_mean_cases,
        diagnose=_mean_diagnose,
        dtype="f",
        hint=(
            "the channels are the last axis; average over the first two (rows and columns) and keep the last."
        ),
    )
)
register(
    Exercise(
        "01.bgr_to_rgb",
        reference=images.bgr_to_rgb,
        cases=_bgr_cases,
        diagnose=_bgr_diagnose,
        dtype="same",
        hint="an image is [height, width, channels]; you only need to reorder the last axis. "
        "Slicing with a negative step reverses an axis.",
    )
)
register(
    Exercise(
        "01.to_grayscale",
        reference=images.to_grayscale,
        cases=_gray_cases,
        diagnose=_gray_diagnose,
        agree=_gray_agree,
        dtype="same",
        hint="weight each channel and add them up: 0.299 * red + 0.587 * green + 0.114 * blue (the channels "
        "are image[..., 0], image[..., 1] and image[..., 2]), then round and convert back to uint8.",
    )
)
