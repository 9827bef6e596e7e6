"""Notebook 03's exercises (utils.exercises.nb03): the wrong answers learners really write fail with the
true cause, the right ones in several styles pass, and the solved notebook agrees with the references."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from exercise_support import right, wrong
from scipy import ndimage

from utils import checks, features
from utils.checks import evaluate

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["03.rgb_histogram", "03.gradient_magnitude", "03.gradient_orientation", "03.cell_histogram"]


def test_all_four_are_registered_with_the_concept_functions():
    assert sorted(checks.exercises_for("03")) == sorted(NAMES)
    for name in NAMES:
        ex = checks.get_exercise(name)
        assert ex.reference.__module__ == "utils.features" and ex.hint
        assert evaluate(name, ex.fallback()).passed


# ----------------------------------------------------------------------------- rgb_histogram
def _hist(image, bins, normalise=True, rng=(0, 256)):
    n = image.shape[0] * image.shape[1] if normalise else 1
    return np.concatenate([np.histogram(image[..., c], bins=bins, range=rng)[0] / n for c in range(3)])


def test_rgb_histogram_right_answers():
    right("03.rgb_histogram", _hist)

    def with_bincount(image, bins):
        idx = (image.astype(np.int64) * bins) // 256
        n = image.shape[0] * image.shape[1]
        return np.concatenate([np.bincount(idx[..., c].ravel(), minlength=bins) / n for c in range(3)])

    right("03.rgb_histogram", with_bincount)


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda image, bins: _hist(image, bins, normalise=False), ["counts", "number of pixels"]),
        (lambda image, bins: _hist(image, bins) / 3, ["each channel on its own"]),
        (lambda image, bins: _hist(image, bins, rng=None), ["range=(0, 256)"]),
        (lambda image, bins: _hist(image, bins).reshape(3, bins), ["one long row"]),
        (lambda image, bins: _hist(image, bins)[:bins], ["one long row"]),
    ],
    ids=["counts", "normalised together", "no range", "3 rows", "red only"],
)
def test_rgb_histogram_wrong_answers(candidate, words):
    wrong("03.rgb_histogram", candidate, *words)


# ------------------------------------------------------------------------ gradient_magnitude
def _sobel(image):
    image = np.asarray(image, dtype=np.float64)
    return ndimage.sobel(image, axis=1), ndimage.sobel(image, axis=0)


def test_gradient_magnitude_right_answers():
    right("03.gradient_magnitude", lambda image: np.hypot(*_sobel(image)))
    right("03.gradient_magnitude", lambda image: np.sqrt(_sobel(image)[0] ** 2 + _sobel(image)[1] ** 2))


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda im: np.hypot(ndimage.sobel(im, axis=1), ndimage.sobel(im, axis=0)), ["wraps around"]),
        (lambda im: _sobel(im)[0] ** 2 + _sobel(im)[1] ** 2, ["squared", "square root"]),
        (lambda im: np.abs(_sobel(im)[0]) + np.abs(_sobel(im)[1]), ["|g_x| + |g_y|"]),
        (lambda im: np.abs(_sobel(im)[0]), ["only one direction"]),
        (lambda im: np.hypot(*_sobel(im)) / 4, ["quarter", "scipy.ndimage.sobel"]),
    ],
    ids=["uint8 sobel", "squared", "abs sum", "x only", "skimage scale"],
)
def test_gradient_magnitude_wrong_answers(candidate, words):
    wrong("03.gradient_magnitude", candidate, *words)


# ---------------------------------------------------------------------- gradient_orientation
def test_gradient_orientation_right_answers():
    right("03.gradient_orientation", lambda im: np.rad2deg(np.arctan2(_sobel(im)[1], _sobel(im)[0])) % 180)

    def folded(im):
        gx, gy = _sobel(im)
        angle = np.degrees(np.arctan2(gy, gx))
        return np.where(angle < 0, angle + 180, angle)  # 180 stays 180: the same direction as 0

    right("03.gradient_orientation", folded)


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda im: np.rad2deg(np.arctan2(_sobel(im)[1], _sobel(im)[0])), ["signed", "% 180"]),
        (lambda im: np.arctan2(_sobel(im)[1], _sobel(im)[0]) % np.pi, ["radians"]),
        (lambda im: np.rad2deg(np.arctan2(_sobel(im)[0], _sobel(im)[1])) % 180, ["swapped"]),
    ],
    ids=["signed", "radians", "swapped"],
)
def test_gradient_orientation_wrong_answers(candidate, words):
    wrong("03.gradient_orientation", candidate, *words)


# ---------------------------------------------------------------------------- cell_histogram
def _bilinear(magnitude, orientation, wrap=True):
    m = np.ravel(magnitude).astype(float)
    p = np.ravel(orientation) / 20.0 - 0.5
    lo = np.floor(p)
    f = p - lo
    lo = lo.astype(int)
    h = np.zeros(9)
    if wrap:
        np.add.at(h, lo % 9, m * (1 - f))
        np.add.at(h, (lo + 1) % 9, m * f)
    else:
        np.add.at(h, np.clip(lo, 0, 8), m * (1 - f))
        np.add.at(h, np.clip(lo + 1, 0, 8), m * f)
    return h


def test_cell_histogram_right_answers():
    right("03.cell_histogram", _bilinear)

    def loop(magnitude, orientation):
        h = np.zeros(9)
        for m, a in zip(np.ravel(magnitude), np.ravel(orientation), strict=True):
            centre = (a - 10) / 20
            low = int(np.floor(centre))
            frac = centre - low
            h[low % 9] += m * (1 - frac)
            h[(low + 1) % 9] += m * frac
        return h

    right("03.cell_histogram", loop)


@pytest.mark.parametrize(
    "candidate, words",
    [
        (
            lambda m, o: np.bincount((np.ravel(o) // 20).astype(int) % 9, weights=np.ravel(m), minlength=9),
            ["one bin", "bilinear"],
        ),
        (lambda m, o: _bilinear(m, o, wrap=False), ["wrap around"]),
        (lambda m, o: _bilinear(m, o) / np.size(m), ["average"]),
        (lambda m, o: _bilinear(m, o) / _bilinear(m, o).sum(), ["normalise"]),
        (lambda m, o: _bilinear(m, np.ravel(o) + 10), ["split"]),
        (lambda m, o: _bilinear(m, o)[:8], ["shape (9,)"]),
    ],
    ids=["hard vote", "no wrap", "average", "normalised", "centres off", "8 bins"],
)
def test_cell_histogram_wrong_answers(candidate, words):
    wrong("03.cell_histogram", candidate, *words)


# --------------------------------------------------------- the solved notebook agrees (issue 7)
def test_the_solved_notebook_and_the_references_agree():
    path = next((ROOT / "notebooks" / "solutions").glob("03_*.ipynb"))
    names = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            names += re.findall(r"^\s*\w+\s*=\s*check\(\s*[\"'](03\.\w+)[\"']", source, re.M)
    assert sorted(names) == sorted(NAMES)
    namespace = {"np": np, "ndimage": ndimage, "features": features}
    for name in names:
        code = checks.solved_cell(name)
        assert code, name
        exec(compile(code, f"<solved notebook {name}>", "exec"), namespace)
        mine = namespace[checks.get_exercise(name).short_name]
        assert evaluate(name, mine).passed, f"{name}: {evaluate(name, mine).message}"
