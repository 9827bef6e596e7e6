import numpy as np
import pytest

from utils import cache, datasets
from utils.errors import CourseInputError


def test_mnist_standin_offline(capsys):
    ds = datasets.load_mnist()
    (x_train, y_train), (x_test, y_test) = ds
    assert x_train.shape == (1437, 28, 28) and x_test.shape == (360, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert set(np.unique(y_train)) == set(range(10)) and ds.class_names[3] == "3"
    assert ds.source == "stand-in" and not ds.is_real
    out = capsys.readouterr().out
    assert "OFFLINE STAND-IN" in out and "COURSE_OFFLINE=1" in out


def test_mnist_standin_is_deterministic_and_mnist_like():
    a, b = datasets.load_mnist(verbose=False), datasets.load_mnist(verbose=False)
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    # Like MNIST: a 4-pixel black border, a bright digit inside, 0..255.
    assert a.x_train[:, :4].max() == 0 and a.x_train[:, :, -4:].max() == 0
    assert a.x_train.max() == 255
    assert not set(map(bytes, a.x_test[:50])) & set(map(bytes, a.x_train))


def test_digits_as_mnist_rejects_wrong_shapes():
    with pytest.raises(CourseInputError, match=r"\(N, 8, 8\)"):
        datasets.digits_as_mnist(np.zeros((3, 28, 28)))
    up = datasets.digits_as_mnist(np.full((1, 8, 8), 16.0))
    assert up.shape == (1, 28, 28) and up[0, 4:24, 4:24].min() == 255


def test_fashion_standin_offline(capsys):
    ds = datasets.load_fashion_mnist()
    assert ds.x_train.shape == (6000, 28, 28) and ds.x_test.shape == (1000, 28, 28)
    assert ds.class_names[9] == "Ankle boot" and ds.source == "stand-in"
    assert "OFFLINE STAND-IN" in capsys.readouterr().out


def test_sample_photos():
    cat = datasets.sample_photo()
    assert cat.shape == (300, 451, 3) and cat.dtype == np.uint8
    assert datasets.sample_photo("camera").ndim == 2
    with pytest.raises(CourseInputError, match="'chelsea'"):
        datasets.sample_photo("dog")


# ---- the online path, with Keras replaced by fakes (no network is used) --------------------------
class _FakeMnist:
    calls = 0

    @classmethod
    def load_data(cls):
        cls.calls += 1
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


def test_real_mnist_when_online(online, monkeypatch, capsys):
    monkeypatch.setattr(datasets, "import_keras", lambda: _FakeKeras)
    ds = datasets.load_mnist()
    assert ds.is_real and ds.x_train.shape == (5, 28, 28)
    assert "the real dataset" in capsys.readouterr().out


def test_download_failure_falls_back_with_reason(online, monkeypatch, capsys):
    class NoNet:
        class datasets:
            class mnist:
                @staticmethod
                def load_data():
                    raise Exception("URL fetch failure on https://storage.googleapis.com/…: None -- [Errno -3]")
    monkeypatch.setattr(datasets, "import_keras", lambda: NoNet)
    ds = datasets.load_mnist()
    assert ds.source == "stand-in" and "download failed" in ds.reason
    out = capsys.readouterr().out
    assert "Could not load the real MNIST" in out and "OFFLINE STAND-IN" in out


def test_corrupt_cached_file_is_set_aside_not_deleted(online, monkeypatch, capsys):
    path = cache.REGISTRY["mnist.npz"].path
    path.write_bytes(b"half a download")
    monkeypatch.setattr(datasets, "import_keras", lambda: (_ for _ in ()).throw(OSError("offline")))
    ds = datasets.load_mnist()
    assert ds.source == "stand-in"
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
    assert ds.source == "stand-in" and "expected (N, 28, 28) uint8" in ds.reason


from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.just(8), st.just(8)),
              elements=st.floats(0, 16, allow_nan=False)))
def test_digits_as_mnist_properties(images8):
    out = datasets.digits_as_mnist(images8)
    assert out.shape == (len(images8), 28, 28) and out.dtype == np.uint8
    assert out[:, :4].max(initial=0) == 0 and out[:, 24:].max(initial=0) == 0     # MNIST-like border
    # Bilinear upsampling never invents ink beyond the brightest input pixel.
    assert out.max() <= np.ceil(images8.max() * 255 / 16) + 1


def test_upsample_matrix_rows_sum_to_one():
    m = datasets._upsample_matrix(8, 20)
    assert m.shape == (20, 8) and np.allclose(m.sum(axis=1), 1) and (m >= 0).all()


def _fake_fashion(monkeypatch):
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
    _fake_fashion(monkeypatch)
    ds = datasets.load_fashion_mnist()
    assert ds.is_real and ds.class_names[0] == "T-shirt/top" and ds.x_train.shape == (4, 28, 28)
    assert "Fashion-MNIST: the real dataset" in capsys.readouterr().out


def test_fashion_file_with_wrong_hash_is_caught(online, monkeypatch):
    """Keras pins no hash for Fashion-MNIST; the course checks the files it finds after loading."""
    _fake_fashion(monkeypatch)
    entry = cache.REGISTRY["t10k-labels-idx1-ubyte.gz"]
    entry.path.parent.mkdir(parents=True, exist_ok=True)

    real_quarantine = cache.quarantine
    monkeypatch.setattr(cache, "quarantine", lambda e, path=None: None)   # the bad file appears "during" loading
    entry.path.write_bytes(b"x" * entry.size)                              # right size, wrong bytes
    ds = datasets.load_fashion_mnist(verbose=False)
    assert ds.source == "stand-in" and "t10k-labels-idx1-ubyte.gz" in ds.reason and "SHA-256" in ds.reason
    monkeypatch.setattr(cache, "quarantine", real_quarantine)
    assert cache.quarantine(entry).name.endswith(".corrupt")                # and it is set aside, not deleted
