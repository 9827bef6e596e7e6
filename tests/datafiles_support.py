"""Small, made-up copies of the dataset files, for the tests of utils.cache and utils.datasets.

The real files are pinned by hash, so the tests pin these instead: ``fake_fashion`` points the
course's registry at a tiny Fashion-MNIST (6 training and 3 test images of 28×28) and returns the
bytes of its four files, both as "Keras' bytes" (gzip with a stored file name, as Keras downloads
them) and "re-compressed" (no file name, another compression level, like Debian's package).
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
from pathlib import Path

import numpy as np

from utils import cache

N_TRAIN, N_TEST = 6, 3


def idx_bytes(array: np.ndarray, magic: int | None = None) -> bytes:
    """An IDX file of unsigned bytes: magic number, one 4-byte size per dimension, the data."""
    array = np.asarray(array, np.uint8)
    magic = 0x0800 | array.ndim if magic is None else magic
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.tobytes()


def gzip_with_name(data: bytes, name: str) -> bytes:
    """gzip bytes with the original file name stored in the header, as in the files Keras downloads."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buf, mtime=1_500_000_000, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def recompress(data: bytes) -> bytes:
    """gzip bytes without a stored name and at another level: an honest re-packed copy."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def fake_arrays():
    rng = np.random.RandomState(1)
    x_train = rng.randint(0, 256, (N_TRAIN, 28, 28)).astype(np.uint8)
    x_test = rng.randint(0, 256, (N_TEST, 28, 28)).astype(np.uint8)
    y_train = np.arange(N_TRAIN, dtype=np.uint8) % 10
    y_test = np.array([9, 4, 2], dtype=np.uint8)
    return (x_train, y_train), (x_test, y_test)


def fake_fashion(monkeypatch) -> dict:
    """Pin the registry's four Fashion-MNIST entries to a tiny made-up dataset.

    Returns ``{name: {"content": …, "keras": …, "recompressed": …}}``.
    """
    (x_train, y_train), (x_test, y_test) = fake_arrays()
    contents = {
        "train-labels-idx1-ubyte.gz": y_train,
        "train-images-idx3-ubyte.gz": x_train,
        "t10k-labels-idx1-ubyte.gz": y_test,
        "t10k-images-idx3-ubyte.gz": x_test,
    }
    files = {}
    for name, array in contents.items():
        content = idx_bytes(array)
        keras_bytes = gzip_with_name(content, name[:-3])
        entry = dataclasses.replace(
            cache.REGISTRY[name],
            size=len(keras_bytes),
            sha256=hashlib.sha256(keras_bytes).hexdigest(),
            content_sha256=hashlib.sha256(content).hexdigest(),
            idx_dims=tuple(array.shape),
        )
        monkeypatch.setitem(cache.REGISTRY, name, entry)
        files[name] = {"content": content, "keras": keras_bytes, "recompressed": recompress(content)}
    return files


def write_folder(folder: Path, files: dict, kind: str = "recompressed", names=None) -> Path:
    """Write (some of) the fake files into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or files:
        (folder / name).write_bytes(files[name][kind])
    return folder


def snapshot(folder: Path) -> dict:
    """Every file under ``folder`` with its bytes' hash, size and modification time.

    Two equal snapshots prove that nothing in the folder was changed.
    """
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_size,
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
