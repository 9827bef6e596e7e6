"""Notebook 01: the datasets of the lectures (decks 001 and 003), as facts to print and plot.

:data:`DATASETS` (one row per dataset), :func:`training_pixels`, :func:`dataset_table`.
Loading real data is :mod:`utils.datasets`; drawing these rows is :mod:`utils.figures.nb01`.
"""

from __future__ import annotations

import math

from ._validate import CourseInputError, CourseTypeError, check_int

__all__ = ["DATASETS", "training_pixels", "short_number", "dataset_table"]


def _row(name, classes, train, val, test, h, w, c, note):
    return {
        "name": name,
        "classes": classes,
        "train_images": train,
        "val_images": val,
        "test_images": test,
        "height": h,
        "width": w,
        "channels": c,
        "train_pixels": train * h * w * c,
        "note": note,
    }


DATASETS = [
    _row(
        "MNIST",
        10,
        50_000,
        10_000,
        10_000,
        28,
        28,
        1,
        "digits 0-9, grayscale; the lecture's 50k train + 10k val = the 60,000 training images Keras ships",
    ),
    _row(
        "Fashion-MNIST",
        10,
        50_000,
        10_000,
        10_000,
        28,
        28,
        1,
        "clothing, grayscale; same sizes as MNIST (Keras: 60,000 train = 50k + 10k val)",
    ),
    _row("CIFAR-10", 10, 50_000, 0, 10_000, 32, 32, 3, "5k train / 1k test per class; 60,000 images in all"),
    _row(
        "CIFAR-100", 100, 50_000, 0, 10_000, 32, 32, 3, "500 train / 100 test per class; 20 superclasses of 5"
    ),
    _row(
        "ImageNet (ILSVRC)",
        1000,
        1_300_000,
        50_000,
        100_000,
        256,
        256,
        3,
        "~1.3K train per class; sizes vary, commonly resized to 256 (then cropped to 224)",
    ),
    _row(
        "MIT Places",
        365,
        8_000_000,
        18_250,
        328_500,
        256,
        256,
        3,
        "scene types; ~8M train; sizes vary, often resized to 256x256",
    ),
]
"""Facts as the lectures give them (deck 001; CIFAR per-class counts from deck 003).

``train_pixels = train_images * height * width * channels``.  ``val_images`` 0 = no official
validation set.  Resolutions for ImageNet and Places are the common resized training size.
"""


def training_pixels(train_images: int, height: int, width: int, channels: int) -> int:
    """Total numbers in a training set: images x height x width x channels.

    Taught in 01 · Datasets.
    """
    vals = [
        check_int(v, n, low=1)
        for v, n in (
            (train_images, "train_images"),
            (height, "height"),
            (width, "width"),
            (channels, "channels"),
        )
    ]
    return math.prod(vals)


def short_number(n: int) -> str:
    """1234567 -> '1.235M': a count with a K/M/B/T suffix.  Taught in 01 · Datasets."""
    for div, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")):
        if n >= div:
            return f"{n / div:.4g}{suffix}"
    return str(n)


def dataset_table(datasets=None, notes: bool = False) -> str:
    """The dataset rows as a fixed-width text table (deterministic, for printing).

    Taught in 01 · Datasets.
    """
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
        lines.append(
            f"{r['name']:<18} {r['classes']:>7,} {r['train_images']:>10,} "
            f"{r['test_images']:>8,} {res:>13} {short_number(px):>13}"
        )
        if notes and r.get("note"):
            lines.append(f"{'':<18}   note: {r['note']}")
    return "\n".join(lines)
