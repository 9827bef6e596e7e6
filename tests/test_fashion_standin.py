"""Tests for utils.fashion_standin: the drawn last-resort stand-in for Fashion-MNIST."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.errors import CourseInputError, CourseTypeError
from utils.fashion_standin import FASHION_CLASS_NAMES, make_fashion_standin


@pytest.fixture(scope="module")
def data():
    return make_fashion_standin(1000, 300, seed=0)


def _digest(*arrays):
    h = hashlib.sha256()
    for a in arrays:
        h.update(a.tobytes())
    return h.hexdigest()


# ------------------------------------------------------------------------------ shapes and labels
def test_class_names_match_fashion_mnist():
    assert FASHION_CLASS_NAMES == [
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ]


def test_shapes_dtypes_and_label_range(data):
    (x_train, y_train), (x_test, y_test) = data
    assert x_train.shape == (1000, 28, 28) and x_test.shape == (300, 28, 28)
    assert y_train.shape == (1000,) and y_test.shape == (300,)
    for arr in (x_train, y_train, x_test, y_test):
        assert arr.dtype == np.uint8
    assert set(np.unique(y_train)) == set(range(10)) == set(np.unique(y_test))


def test_defaults_give_6000_and_1000():
    (x_train, y_train), (x_test, y_test) = make_fashion_standin()
    assert len(x_train) == len(y_train) == 6000 and len(x_test) == len(y_test) == 1000
    assert np.all(np.bincount(y_train, minlength=10) == 600)


@settings(max_examples=20, deadline=None)
@given(n_train=st.integers(10, 73), n_test=st.integers(10, 41), seed=st.integers(0, 2**32 - 1))
def test_classes_are_balanced_for_any_size(n_train, n_test, seed):
    (x_train, y_train), (x_test, y_test) = make_fashion_standin(n_train, n_test, seed)
    assert len(x_train) == n_train and len(x_test) == n_test
    for y in (y_train, y_test):
        counts = np.bincount(y, minlength=10)
        assert counts.max() - counts.min() <= 1 and counts.sum() == len(y)


def test_labels_are_shuffled(data):
    (_, y_train), _ = data
    assert not np.all(np.diff(y_train.astype(int)) >= 0)
    assert not np.array_equal(y_train[:10], np.arange(10))


# ------------------------------------------------------------------------------ what the pictures look like
def test_light_garment_on_black_background(data):
    (x_train, _), _ = data
    border = np.concatenate(
        [x_train[:, 0, :], x_train[:, -1, :], x_train[:, :, 0], x_train[:, :, -1]], axis=1
    )
    assert border.mean() < 10, "the frame of the pictures should be (nearly) black background"
    assert (x_train == 0).mean() > 0.3, "a good part of each picture should be exactly 0 (background)"
    assert x_train.reshape(len(x_train), -1).max(axis=1).min() >= 40, "every picture needs a visible garment"
    assert x_train.max() > 200, "some garments should be bright"


def test_every_picture_has_variation(data):
    (x_train, y_train), _ = data
    for label in range(10):
        group = x_train[y_train == label].reshape(-1, 28 * 28)
        assert len(np.unique(group, axis=0)) == len(group), f"repeated pictures in class {label}"


def test_shapes_of_classes_match_their_names(data):
    """Label meanings as in Fashion-MNIST: trousers are tall and narrow, sneakers and sandals low and wide."""
    (x_train, y_train), _ = data

    def median_box(label):
        heights, widths = [], []
        for img in x_train[y_train == label]:
            rows, cols = np.flatnonzero(img.max(axis=1) > 30), np.flatnonzero(img.max(axis=0) > 30)
            heights.append(rows[-1] - rows[0] + 1)
            widths.append(cols[-1] - cols[0] + 1)
        return np.median(heights), np.median(widths)

    h, w = median_box(FASHION_CLASS_NAMES.index("Trouser"))
    assert h > 1.5 * w
    for name in ("Sneaker", "Sandal"):
        h, w = median_box(FASHION_CLASS_NAMES.index(name))
        assert w > 1.4 * h, name
    h, w = median_box(FASHION_CLASS_NAMES.index("Ankle boot"))
    assert h > 18 and w > 18

    # Sandals are strappy: much less of their bounding box is covered than for sneakers.
    def median_fill(label):
        fills = []
        for img in x_train[y_train == label]:
            mask = img > 30
            rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
            fills.append(mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].mean())
        return np.median(fills)

    assert median_fill(FASHION_CLASS_NAMES.index("Sandal")) < 0.85 * median_fill(
        FASHION_CLASS_NAMES.index("Sneaker")
    )


# ------------------------------------------------------------------------------ determinism
def test_same_seed_same_bytes():
    first = make_fashion_standin(50, 20, seed=7)
    second = make_fashion_standin(50, 20, seed=7)
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_known_checksum():
    """Guards 'same bytes on every platform'.  If you changed the drawing on purpose, update the digest."""
    (x_train, y_train), (x_test, y_test) = make_fashion_standin(20, 10, seed=0)
    assert (
        _digest(x_train, y_train, x_test, y_test)
        == "5ec16328889ea70d9fbc7b91e8f8e868b71b28642d451972e88e057f66609d50"
    )


def test_different_seed_differs():
    (a, _), _ = make_fashion_standin(50, 20, seed=0)
    (b, _), _ = make_fashion_standin(50, 20, seed=1)
    assert not np.array_equal(a, b)


def test_seed_accepts_numpy_integers_and_whole_floats():
    (a, _), _ = make_fashion_standin(20, 10, seed=np.int64(3))
    (b, _), _ = make_fashion_standin(20.0, 10, seed=3)
    assert np.array_equal(a, b)


def test_train_and_test_come_from_different_streams(data):
    (x_train, _), (x_test, _) = data
    assert not np.array_equal(x_train[:300], x_test)
    train_set = {img.tobytes() for img in x_train}
    assert not any(img.tobytes() in train_set for img in x_test), "a test picture is a copy of a training one"


def test_test_split_does_not_depend_on_train_size():
    _, (x_a, y_a) = make_fashion_standin(20, 30, seed=5)
    _, (x_b, y_b) = make_fashion_standin(40, 30, seed=5)
    assert np.array_equal(x_a, x_b) and np.array_equal(y_a, y_b)


# ------------------------------------------------------------------------------ learnable, but not trivially
def test_one_nearest_neighbour_learns_but_is_not_perfect(data):
    from sklearn.neighbors import KNeighborsClassifier

    (x_train, y_train), (x_test, y_test) = data
    knn = KNeighborsClassifier(n_neighbors=1).fit(
        x_train.reshape(len(x_train), -1).astype(np.float32), y_train
    )
    predicted = knn.predict(x_test.reshape(len(x_test), -1).astype(np.float32))
    accuracy = (predicted == y_test).mean()
    assert 0.5 <= accuracy <= 0.98, accuracy
    # The tops (T-shirt, Pullover, Coat, Shirt) should be the ones that get confused, as in the real data.
    tops = np.isin(y_test, [0, 2, 4, 6])
    assert (predicted[tops] == y_test[tops]).mean() < (predicted[~tops] == y_test[~tops]).mean()


# ------------------------------------------------------------------------------ bad arguments
@pytest.mark.parametrize(
    "kwargs, error, phrase",
    [
        ({"n_train": "100"}, CourseTypeError, "`n_train` should be a whole number"),
        ({"n_train": 2.5}, CourseTypeError, "`n_train` should be a whole number"),
        ({"n_train": True}, CourseTypeError, "`n_train` should be a whole number"),
        ({"n_train": None}, CourseTypeError, "`n_train` should be a whole number"),
        ({"n_test": [10]}, CourseTypeError, "`n_test` should be a whole number"),
        ({"n_train": 9}, CourseInputError, "`n_train` … between 10 and 200000, but got 9"),
        ({"n_test": 0}, CourseInputError, "`n_test` … between 10 and"),
        ({"n_test": -5}, CourseInputError, "but got -5"),
        ({"n_train": 10**9}, CourseInputError, "`n_train` … between 10 and"),
        ({"seed": -1}, CourseInputError, "`seed` … between 0 and 4294967295"),
        ({"seed": 2**32}, CourseInputError, "`seed` … between 0 and"),
        ({"seed": "zero"}, CourseTypeError, "`seed` should be a whole number"),
    ],
)
def test_bad_arguments_have_helpful_messages(kwargs, error, phrase):
    with pytest.raises(error) as info:
        make_fashion_standin(**{"n_train": 20, "n_test": 10, **kwargs})
    message = str(info.value)
    for part in phrase.split(" … "):  # the argument's name first, then what was expected
        assert part in message, (part, message)
    assert message.startswith(phrase.split(" … ")[0]) or not phrase.startswith("`")


def test_errors_are_ordinary_value_and_type_errors():
    with pytest.raises(ValueError):
        make_fashion_standin(n_train=3)
    with pytest.raises(TypeError):
        make_fashion_standin(n_test="ten")
