"""The lectures' worked examples as data, written once and imported wherever they are needed.

Notebooks print them, exercises test against them, and the tests check the numbers the lectures
give (for example the L1 distance 456 of deck 001's two 4×4 images).  Later notebooks add theirs
here (deck 004's X-vs-O grids, deck 002's student grades).
"""

from __future__ import annotations

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
