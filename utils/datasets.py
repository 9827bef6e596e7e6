"""Datasets: one loader per dataset, real data when it can be had, an announced stand-in when not.

Every loader returns the same shapes, dtypes and label meaning whichever source it used, and
prints where the data came from.  ``COURSE_OFFLINE=1`` selects the stand-ins without touching
the network.

    >>> ds = load_mnist()                       # prints: real MNIST, or the stand-in and why
    >>> (x_train, y_train), (x_test, y_test) = ds   # unpacks like keras.datasets.mnist.load_data()
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import cache
from ._validate import CourseInputError, check_choice
from .env import data_mode, import_keras

MNIST_CLASS_NAMES = [str(d) for d in range(10)]


@dataclass
class ImageDataset:
    """Images and labels, split into train and test, plus where they came from.

    x_train: (N, H, W) or (N, H, W, 3) uint8;  y_train: (N,) uint8 class indices;
    class_names[i] is the name of label i;  source is "real" or "stand-in";  reason says why.
    """
    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: list
    source: str
    reason: str = ""
    description: str = field(default="", repr=False)

    def __iter__(self):
        yield (self.x_train, self.y_train)
        yield (self.x_test, self.y_test)

    @property
    def is_real(self) -> bool:
        return self.source == "real"

    def announcement(self) -> str:
        shape = "×".join(map(str, self.x_train.shape[1:]))
        sizes = f"{len(self.x_train):,} train / {len(self.x_test):,} test images of {shape} {self.x_train.dtype}"
        if self.is_real:
            return f"📦 {self.name}: the real dataset ({self.description}); {sizes}."
        return (f"📦 {self.name}: OFFLINE STAND-IN — {self.description}; {sizes}.\n"
                f"   Why: {self.reason}. Same shapes, dtype and label meaning as the real one, "
                f"but fewer images, so numbers will differ from the real dataset.")


def _announce(ds: ImageDataset, verbose: bool) -> ImageDataset:
    if verbose:
        print(ds.announcement())
    return ds


def _load(name, real_loader, standin_loader, verbose):
    offline, reason = data_mode()
    if not offline:
        try:
            return _announce(real_loader(), verbose)
        except cache.CorruptFileError as exc:
            reason = str(exc)
        except Exception as exc:  # no network after all, server down, …: never dead-end
            reason = f"the download failed ({type(exc).__name__}: {exc})"
        if verbose:
            print(f"⚠ Could not load the real {name}: {reason}")
    ds = standin_loader()
    ds.reason = reason
    return _announce(ds, verbose)


# --------------------------------------------------------------------------------------- MNIST
def _check_mnist_arrays(x_train, y_train, x_test, y_test, what: str):
    for arr, label in ((x_train, "x_train"), (x_test, "x_test")):
        if arr.ndim != 3 or arr.shape[1:] != (28, 28) or arr.dtype != np.uint8:
            raise cache.CorruptFileError(
                f"{what}: {label} has shape {arr.shape} and dtype {arr.dtype}, expected (N, 28, 28) uint8.")
    for arr, label in ((y_train, "y_train"), (y_test, "y_test")):
        if arr.ndim != 1 or arr.size and (arr.min() < 0 or arr.max() > 9):
            raise cache.CorruptFileError(f"{what}: {label} should be labels 0–9.")


def _real_mnist() -> ImageDataset:
    entry = cache.REGISTRY["mnist.npz"]
    cache.quarantine(entry)            # a damaged file is set aside before Keras can delete it
    keras = import_keras()
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    _check_mnist_arrays(x_train, y_train, x_test, y_test, "mnist.npz")
    return ImageDataset("MNIST", x_train, y_train.astype(np.uint8), x_test, y_test.astype(np.uint8),
                        MNIST_CLASS_NAMES, "real", "online",
                        description=f"keras.datasets.mnist, cached in {entry.path.parent}")


def _upsample_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) matrix of bilinear weights mapping n_in samples onto n_out (pixel centres aligned)."""
    centres = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5
    centres = np.clip(centres, 0, n_in - 1)
    lo = np.floor(centres).astype(int)
    hi = np.minimum(lo + 1, n_in - 1)
    frac = centres - lo
    m = np.zeros((n_out, n_in))
    m[np.arange(n_out), lo] += 1 - frac
    m[np.arange(n_out), hi] += frac
    return m


def digits_as_mnist(images8: np.ndarray) -> np.ndarray:
    """Turn scikit-learn's 8×8 digits (values 0–16) into MNIST-like 28×28 uint8 images.

    Like MNIST, the digit fills a 20×20 box centred in a 28×28 frame (4 pixels of border).
    images8: (N, 8, 8) numbers in 0..16 -> (N, 28, 28) uint8 in 0..255.
    """
    images8 = np.asarray(images8, dtype=np.float64)
    if images8.ndim != 3 or images8.shape[1:] != (8, 8):
        raise CourseInputError(f"`images8` should have shape (N, 8, 8), got {images8.shape}.")
    up = _upsample_matrix(8, 20)
    big = np.einsum("ij,njk,lk->nil", up, images8, up)      # (N, 20, 20)
    out = np.zeros((len(images8), 28, 28), dtype=np.uint8)
    out[:, 4:24, 4:24] = np.clip(np.rint(big * (255.0 / 16.0)), 0, 255).astype(np.uint8)
    return out


def _mnist_standin() -> ImageDataset:
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = digits_as_mnist(digits.images)
    y = digits.target.astype(np.uint8)
    order = np.random.RandomState(0).permutation(len(x))
    test, train = order[:360], order[360:]
    return ImageDataset("MNIST", x[train], y[train], x[test], y[test], MNIST_CLASS_NAMES, "stand-in",
                        description="scikit-learn's 1,797 real handwritten digits (8×8), upscaled to 28×28")


def load_mnist(verbose: bool = True) -> ImageDataset:
    """Handwritten digits 0–9, 28×28 grayscale uint8 (white digit on black).

    Real: ``keras.datasets.mnist`` (60,000 train / 10,000 test).  Offline stand-in: scikit-learn's
    handwritten digits upscaled to 28×28 (1,437 train / 360 test, a fixed split).
    """
    return _load("MNIST", _real_mnist, _mnist_standin, verbose)


# ------------------------------------------------------------------------------- Fashion-MNIST
FASHION_FILES = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                 "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"]


def _real_fashion() -> ImageDataset:
    from .fashion_standin import FASHION_CLASS_NAMES
    for fname in FASHION_FILES:
        cache.quarantine(cache.REGISTRY[fname])
    keras = import_keras()
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    _check_mnist_arrays(x_train, y_train, x_test, y_test, "Fashion-MNIST")
    for fname in FASHION_FILES:           # Keras pins no hash for these; the course does
        status, detail = cache.verify(cache.REGISTRY[fname])
        if status == "corrupt":
            raise cache.CorruptFileError(f"{fname}: {detail}")
    return ImageDataset("Fashion-MNIST", x_train, y_train.astype(np.uint8), x_test,
                        y_test.astype(np.uint8), list(FASHION_CLASS_NAMES), "real", "online",
                        description="keras.datasets.fashion_mnist (Zalando Research)")


def _fashion_standin() -> ImageDataset:
    from .fashion_standin import FASHION_CLASS_NAMES, make_fashion_standin
    (x_train, y_train), (x_test, y_test) = make_fashion_standin(n_train=6000, n_test=1000, seed=0)
    return ImageDataset("Fashion-MNIST", x_train, y_train, x_test, y_test, list(FASHION_CLASS_NAMES),
                        "stand-in", description="clothing silhouettes the course draws itself (10 classes)")


def load_fashion_mnist(verbose: bool = True) -> ImageDataset:
    """Zalando's Fashion-MNIST: 10 kinds of clothing, 28×28 grayscale uint8.

    Real: ``keras.datasets.fashion_mnist`` (60,000 / 10,000).  Offline stand-in: clothing
    silhouettes generated by the course (6,000 / 1,000), same labels and class names.
    """
    return _load("Fashion-MNIST", _real_fashion, _fashion_standin, verbose)


# ------------------------------------------------------------------------------- sample photos
SAMPLE_PHOTOS = {
    "chelsea": "a tabby cat (Chelsea), 300×451 colour",
    "astronaut": "astronaut Eileen Collins, 512×512 colour",
    "coffee": "a cup of coffee, 400×600 colour",
    "rocket": "a rocket on the launch pad, 427×640 colour",
    "camera": "a man with a camera, 512×512 grayscale",
}


def sample_photo(name: str = "chelsea") -> np.ndarray:
    """A photo that ships with scikit-image (no download): (H, W, 3) uint8, or (H, W) for "camera"."""
    name = check_choice(name, "name", SAMPLE_PHOTOS)
    from skimage import data
    return np.ascontiguousarray(getattr(data, name)())
