"""The lectures' worked examples as data, written once and imported wherever they are needed.

Notebooks print them, exercises test against them, and the tests check the numbers the lectures
give (for example the L1 distance 456 of deck 001's two 4×4 images).  Later notebooks add theirs
here (deck 004's X-vs-O grids, deck 002's student grades).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = ["L1_TEST_IMAGE", "L1_TRAIN_IMAGE", "L1_DISTANCE"]

L1_TEST_IMAGE = np.array(
    [[56, 32, 10, 18], [90, 23, 128, 133], [24, 26, 178, 200], [2, 0, 255, 220]], dtype=np.uint8
)
"""Deck 001's 4×4 test image (uint8).  Taught in 02 · Comparing two images: the L1 distance."""

L1_TRAIN_IMAGE = np.array(
    [[10, 20, 24, 17], [8, 10, 89, 100], [12, 16, 178, 170], [4, 32, 233, 112]], dtype=np.uint8
)
"""Deck 001's 4×4 training image (uint8).  Taught in 02 · Comparing two images: the L1 distance."""

L1_DISTANCE = 456
"""The L1 distance between the two images, as deck 001 gives it."""

L1_TEST_IMAGE.setflags(write=False)
L1_TRAIN_IMAGE.setflags(write=False)


# ---- deck 004 (and deck 002's feature map): used from notebook 06 ----
def _grid(text: str) -> np.ndarray:
    """A table written as rows of numbers, one row per line."""
    return np.array([[float(v) for v in line.split()] for line in text.strip().splitlines()])


CONV1D_A = np.array([5, 3, 2, 5, 9, 7])
"""Deck 004's 1-D signal a.  Taught in 06 · One dimension: slide, multiply, add."""
CONV1D_B = np.array([1, 2, 3])
"""Deck 004's 1-D kernel b."""
CONV1D_RESULT = np.array([17, 22, 39, 44])
"""a * b as deck 004 computes it (the deck writes [17, 22, 39, …]; the fourth step gives 44)."""

XO_X = _grid("""
-1 -1 -1 -1 -1 -1 -1 -1 -1
-1  1 -1 -1 -1 -1 -1  1 -1
-1 -1  1 -1 -1 -1  1 -1 -1
-1 -1 -1  1 -1  1 -1 -1 -1
-1 -1 -1 -1  1 -1 -1 -1 -1
-1 -1 -1  1 -1  1 -1 -1 -1
-1 -1  1 -1 -1 -1  1 -1 -1
-1  1 -1 -1 -1 -1 -1  1 -1
-1 -1 -1 -1 -1 -1 -1 -1 -1
""").astype(np.int64)
"""Deck 004's 9×9 "X" (+1 ink, -1 background).  Taught in 06 · The lecture's X-vs-O network by hand."""

XO_O = _grid("""
-1 -1 -1 -1 -1 -1 -1 -1 -1
-1 -1 -1  1  1  1 -1 -1 -1
-1 -1  1 -1 -1 -1  1 -1 -1
-1  1 -1 -1 -1 -1 -1  1 -1
-1  1 -1 -1 -1 -1 -1  1 -1
-1  1 -1 -1 -1 -1 -1  1 -1
-1 -1  1 -1 -1 -1  1 -1 -1
-1 -1 -1  1  1  1 -1 -1 -1
-1 -1 -1 -1 -1 -1 -1 -1 -1
""").astype(np.int64)
"""A 9×9 "O" in the same style (deck 004 shows its O only as a picture, so the course drew this one)."""

XO_FILTERS = np.stack(
    [
        _grid("1 -1 -1\n-1 1 -1\n-1 -1 1"),  # the "\" diagonal
        _grid("1 -1 1\n-1 1 -1\n1 -1 1"),  # the small x
        _grid("-1 -1 1\n-1 1 -1\n1 -1 -1"),  # the "/" diagonal
    ]
).astype(np.int64)
"""Deck 004's three 3×3 filters, shape (3, 3, 3): filter i is ``XO_FILTERS[i]``."""

XO_SMALL_X = _grid("""
 1 -1 -1 -1 -1 -1  1
-1  1 -1 -1 -1  1 -1
-1 -1  1 -1  1 -1 -1
-1 -1 -1  1 -1 -1 -1
-1 -1  1 -1  1 -1 -1
-1  1 -1 -1 -1  1 -1
 1 -1 -1 -1 -1 -1  1
""").astype(np.int64)
"""Deck 004's first, 7×7 X (the deck labels it "6 x 6 image")."""

XO_SMALL_MAP_DECK = _grid("""
 1    -0.11  0.33 -0.11  0.11
-0.11  1    -0.33  0.11 -0.11
 0.33 -0.33  0.56 -0.33  0.33
 0.11  0.11 -0.33  1    -0.11
 0.11 -0.11  0.33 -0.11  1
""")
"""XO_SMALL_X with filter 1, divided by 9, as printed in deck 004 (row 4's first 0.11 should be -0.11)."""

XO_MAP1_DECK = _grid("""
 0.78 -0.11  0.11  0.33  0.56 -0.11  0.33
-0.11  1    -0.11  0.33 -0.11  0.11 -0.11
 0.11 -0.11  1    -0.33  0.11 -0.11  0.56
 0.33  0.33 -0.33  0.56 -0.33  0.33  0.33
 0.56 -0.11  0.11 -0.33  1    -0.11  0.11
-0.11  0.11 -0.11  0.33 -0.11  1    -0.11
 0.33 -0.11  0.56  0.33  0.11 -0.11  0.78
""")
"""XO_X with filter 1, divided by 9: deck 004's 7×7 "convolution layer output" as printed."""

XO_RELU_DECK = _grid("""
0.78 0    0.11 0.33 0.56 0    0.33
0    1    0    0.33 0    0.11 0
0.11 0    1    0    0.11 0    0.56
0.33 0.33 0    0.56 0    0.33 0.33
0.56 0    0.11 0    1    0    0.11
0    0.11 0    0.33 0    1    0
0.33 0    0.56 0.33 0.11 0    0.78
0.33 0    0.11 0    0.11 0    0.33
0    0.56 0    0.33 0    0.56 0
0.11 0    0.56 0    0.56 0    0.11
0    0.33 0    1    0    0.33 0
0.11 0    0.56 0    0.56 0    0.11
0    0.56 0    0.33 0    0.56 0
0.33 0    0.11 0    0.11 0    0.33
0.33 0    0.56 0.33 0.11 0    0.78
0    0.11 0    0.33 0    1    0
0.56 0    0.11 0    1    0    0.11
0.33 0.33 0    0.56 0    0.33 0.33
0.11 0    1    0    0.11 0    0.56
0    1    0    0.33 0    0.11 0
0.78 0    0.11 0.33 0.56 0    0.33
""").reshape(3, 7, 7)
"""The three 7×7 maps after ReLU, shape (3, 7, 7), as printed in deck 004."""

XO_POOLED_DECK = _grid("""
1    0.33 0.56 0.33
0.33 1    0.33 0.56
0.56 0.33 1    0.11
0.33 0.56 0.11 0.78
0.56 0.33 0.56 0.33
0.33 1    0.56 0.11
0.56 0.56 0.56 0.11
0.33 0.11 0.11 0.33
0.33 0.56 1    0.78
0.56 0.56 1    0.33
1    1    0.11 0.56
0.78 0.33 0.56 0.33
""").reshape(3, 4, 4)
"""The three maps after 2×2 max pooling (7×7 -> 4×4), shape (3, 4, 4), as printed in deck 004."""

XO_VOTE_VECTOR_DECK = np.array([0.78, 0.56, 0.56, 0.78, 1, 0.33, 0.33, 0.33, 0.56, 0.78, 0.78, 0.56])
"""The 12 features deck 004 feeds its fully connected layer (from a deeper stack it only draws)."""

CONV_IMAGE_DECK002 = _grid("""
0 0 0 0 0 0 1
0 1 0 1 1 0 0
0 0 1 0 0 1 1
0 0 1 0 0 0 0
0 0 0 0 1 0 0
0 1 1 1 1 1 0
0 0 0 0 0 0 0
""").astype(np.int64)
"""Deck 002's 7×7 binary input image.  Taught in 06 · Kernel size, stride, padding."""

CONV_KERNEL_DECK002 = _grid("0 0 1\n1 0 0\n0 1 1").astype(np.int64)
"""Deck 002's 3×3 kernel ("random learnable weights"), stride 1."""

CONV_MAP_DECK002 = _grid("""
1 2 0 2 4
1 2 2 0 0
1 0 2 2 1
3 2 2 2 2
0 1 1 1 1
""").astype(np.int64)
"""Deck 002's 5×5 feature map as printed (row 5, column 3 reads 1; the arithmetic gives 2)."""

for _a in (
    CONV1D_A,
    CONV1D_B,
    CONV1D_RESULT,
    XO_X,
    XO_O,
    XO_FILTERS,
    XO_SMALL_X,
    XO_SMALL_MAP_DECK,
    XO_MAP1_DECK,
    XO_RELU_DECK,
    XO_POOLED_DECK,
    XO_VOTE_VECTOR_DECK,
    CONV_IMAGE_DECK002,
    CONV_KERNEL_DECK002,
    CONV_MAP_DECK002,
):
    _a.setflags(write=False)
__all__ += [
    "CONV1D_A",
    "CONV1D_B",
    "CONV1D_RESULT",
    "XO_X",
    "XO_O",
    "XO_FILTERS",
    "XO_SMALL_X",
    "XO_SMALL_MAP_DECK",
    "XO_MAP1_DECK",
    "XO_RELU_DECK",
    "XO_POOLED_DECK",
    "XO_VOTE_VECTOR_DECK",
    "CONV_IMAGE_DECK002",
    "CONV_KERNEL_DECK002",
    "CONV_MAP_DECK002",
]


# ---- deck 002's student example: used from notebook 04 ----
STUDENTS_CSV = Path(__file__).resolve().parent.parent / "data" / "students.csv"
"""Deck 002's grades table as the course ships it: student, set, history, math, science, passed."""


class Students(NamedTuple):
    """Deck 002's students: names, sets ('train'/'validation'), grades (N, 3), passed (N,).

    Taught in 04 · The lecture's student example.
    """

    names: tuple
    sets: tuple
    grades: np.ndarray
    passed: np.ndarray
    subjects: tuple = ("History", "Math", "Science")


def student_grades(path=None) -> Students:
    """Read deck 002's students S1–S6 from ``data/students.csv`` (S1–S3 train, S4–S6 validation).

    Taught in 04 · The lecture's student example.
    """
    import csv

    with open(STUDENTS_CSV if path is None else path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    grades = np.array([[int(r["history"]), int(r["math"]), int(r["science"])] for r in rows], dtype=np.int64)
    passed = np.array([int(r["passed"]) for r in rows], dtype=np.int64)
    grades.setflags(write=False)
    passed.setflags(write=False)
    return Students(tuple(r["student"] for r in rows), tuple(r["set"] for r in rows), grades, passed)


STUDENT_THRESHOLD = 200
"""Deck 002's step: a student passes when X = bias + Σ xᵢWᵢ reaches 200."""
STUDENT_WEIGHTS = (1, -1, 1)
"""Weights (History, Math, Science) that give exactly the deck's untrained predictions Ŷ, with
:data:`STUDENT_BIAS` (the deck does not print its weights; these small whole numbers reproduce both
of its Ŷ tables)."""
STUDENT_BIAS = 150
"""The bias that goes with :data:`STUDENT_WEIGHTS`."""
STUDENT_PREDICTED_DECK = {"S1": 1, "S2": 1, "S3": 0, "S4": 1, "S5": 1, "S6": 1}
"""Deck 002's Ŷ: S1–S3 on the "How does an ANN learn?" slide, S4–S6 on the validation slide."""

__all__ += [
    "STUDENTS_CSV",
    "Students",
    "student_grades",
    "STUDENT_THRESHOLD",
    "STUDENT_WEIGHTS",
    "STUDENT_BIAS",
    "STUDENT_PREDICTED_DECK",
]


# ---- deck 001 (MobileNet): used from notebook 08 ----
MOBILENET_CAT_TOP5 = (
    ("Egyptian cat", 0.478, 285),
    ("tabby, tabby cat", 0.300, 281),
    ("tiger cat", 0.167, 282),
    ("remote control, remote", 0.016, 761),
    ("Siamese cat, Siamese", 0.008, 284),
)
"""Deck 001's MobileNet top-5 for a cat photo: (class name, probability, ImageNet class id).

Taught in 08 · ImageNet and the model zoo."""

MOBILENET_COMPARISON = (
    ("0.50 MobileNet-160", 60.2, 76, 1.32),
    ("SqueezeNet", 57.5, 1700, 1.25),
    ("AlexNet", 57.2, 720, 60.0),
)
"""Deck 001's table 9: (model, ImageNet accuracy %, million mult-adds, million parameters).

Taught in 08 · MobileNet: depthwise-separable convolutions."""

__all__ += ["MOBILENET_CAT_TOP5", "MOBILENET_COMPARISON"]
