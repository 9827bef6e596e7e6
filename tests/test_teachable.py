"""utils.teachable: cosine similarity, the k-NN vote with confidences, the example store and its
file, the machine around an embedding function, the pixels-vs-embeddings measurement, regression."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from utils import teachable
from utils.errors import CourseInputError, CourseTypeError


def fake_embed(images):
    """A stand-in feature extractor: mean colour and a coarse 4×4 grayscale layout (D = 19)."""
    out = []
    for im in images:
        im = np.asarray(im, dtype=np.float64)
        gray = im if im.ndim == 2 else im[..., :3].mean(axis=2)
        colour = im[..., :3].reshape(-1, 3).mean(0) if im.ndim == 3 else np.repeat(gray.mean(), 3)
        h, w = gray.shape
        cells = [
            gray[i * h // 4 : (i + 1) * h // 4 + 1, j * w // 4 : (j + 1) * w // 4 + 1].mean()
            for i in range(4)
            for j in range(4)
        ]
        out.append(np.concatenate([colour, cells]) + 1.0)
    return np.array(out, dtype=np.float32)


def _store():
    store = teachable.ExampleStore(extractor="fake")
    store.add_examples("cup", np.array([[1.0, 0.0], [0.9, 0.1], [1.0, 0.2]]))
    store.add_examples("pen", np.array([[0.0, 1.0], [0.1, 1.0]]))
    return store


# ---------------------------------------------------------------------------- cosine similarity
def test_cosine_similarity_worked_values():
    sims = teachable.cosine_similarity([[1, 0], [1, 1]], [[2, 0], [0, 3], [-1, 0]])
    assert sims.shape == (2, 3)
    np.testing.assert_allclose(sims[0], [1, 0, -1])
    np.testing.assert_allclose(sims[1], [2**-0.5, 2**-0.5, -(2**-0.5)])


def test_cosine_similarity_ignores_length_and_zero_rows_are_zero():
    a = np.array([[3.0, 4.0]])
    np.testing.assert_allclose(teachable.cosine_similarity(a, 10 * a), [[1.0]])
    assert teachable.cosine_similarity([0, 0], [[1, 2]])[0, 0] == 0
    assert teachable.cosine_similarity([1, 2], [3, 4]).shape == (1, 1)


@pytest.mark.parametrize("seed", range(20))
def test_cosine_similarity_stays_in_range_and_matches_scipy(seed):
    from scipy.spatial.distance import cdist

    rng = np.random.RandomState(seed)
    a, b = rng.uniform(-100, 100, (3, 5)), rng.uniform(-100, 100, (4, 5))
    if seed % 4 == 0:
        b[1] = 0.0  # a row of zeros: similarity 0
    sims = teachable.cosine_similarity(a, b)
    assert np.all(sims <= 1) and np.all(sims >= -1)
    ok = (np.linalg.norm(a, axis=1)[:, None] > 1e-6) & (np.linalg.norm(b, axis=1)[None] > 1e-6)
    np.testing.assert_allclose(sims[ok], (1 - cdist(a, b, "cosine"))[ok], atol=1e-9)
    assert np.all(sims[~ok] == 0)


def test_cosine_similarity_bad_input():
    with pytest.raises(CourseInputError, match="same feature extractor"):
        teachable.cosine_similarity(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(CourseTypeError):
        teachable.cosine_similarity("cup", np.ones(3))
    with pytest.raises(CourseInputError, match="NaN"):
        teachable.cosine_similarity([np.nan, 1], [1, 1])
    with pytest.raises(CourseInputError, match=r"\(N, D\)"):
        teachable.cosine_similarity(np.ones((2, 2, 2)), np.ones(2))


# ---------------------------------------------------------------------------- the vote
def test_knn_confidences_shares_and_stable_order():
    conf = teachable.knn_confidences([0.9, 0.8, 0.1, 0.95], [0, 1, 1, 2], k=3, n_classes=3)
    np.testing.assert_allclose(conf, [1 / 3, 1 / 3, 1 / 3])
    assert np.argmax(conf) == 0  # the tie goes to the smallest class number
    # equal similarities: the earlier example counts as nearer
    np.testing.assert_allclose(teachable.knn_confidences([0.5, 0.5], [1, 0], 1, 2), [0, 1])
    np.testing.assert_allclose(teachable.knn_confidences([0.1, 0.9], [0, 0], 2, 3), [1, 0, 0])


def test_knn_confidences_bad_input():
    with pytest.raises(CourseInputError, match="more than the 2"):
        teachable.knn_confidences([0.1, 0.2], [0, 1], 3, 2)
    with pytest.raises(CourseInputError, match="one label per"):
        teachable.knn_confidences([0.1, 0.2], [0], 1, 2)
    with pytest.raises(CourseInputError, match="class numbers from 0 to 1"):
        teachable.knn_confidences([0.1, 0.2], [0, 2], 1, 2)
    with pytest.raises(CourseInputError, match="one query"):
        teachable.knn_confidences(np.ones((2, 2)), [0, 1], 1, 2)
    with pytest.raises(CourseTypeError, match="text"):
        teachable.knn_confidences([0.1], [0], "3", 1)
    with pytest.raises(CourseInputError, match="at least 1"):
        teachable.knn_confidences([0.1], [0], 0, 1)


# ---------------------------------------------------------------------------- the store
def test_store_add_classify_and_counts():
    store = _store()
    assert len(store) == 5 and store.dim == 2
    assert store.counts() == {"cup": 3, "pen": 2}
    pred = store.classify([1.0, 0.05], k=3)
    assert pred.label == "cup" and pred.confidence == 1.0 and pred.k == 3
    assert list(pred.confidences) == ["cup", "pen"]
    assert "prediction: cup" in pred.line() and "100%" in pred.line()
    assert store.classify([0.0, 1.0], k=99).k == 5  # k larger than the store: all of them vote
    idx, sims = store.nearest([0.0, 1.0], n=2)
    assert list(idx) == [3, 4] and sims[0] == pytest.approx(1.0)


def test_store_k_vote_shares():
    store = _store()
    pred = store.classify([0.05, 1.0], k=5)
    assert pred.confidences == pytest.approx({"cup": 0.6, "pen": 0.4})
    assert pred.label == "cup"


def test_store_class_names_are_cleaned_and_matched():
    store = _store()
    assert store.add_class("  Cup ") == 0  # the same class, whatever the case and spaces
    assert store.add_class("thumbs   up") == 2
    assert store.class_names == ["cup", "pen", "thumbs up"]
    assert store.counts()["thumbs up"] == 0
    with pytest.raises(CourseInputError, match="empty"):
        store.add_class("   ")
    with pytest.raises(CourseTypeError):
        store.add_class(3)


def test_store_remove_example_and_class():
    store = _store()
    assert "removed example 1" in store.remove_example(1)
    assert store.counts() == {"cup": 2, "pen": 2} and len(store.names) == 4
    assert "2 examples" in store.remove_class("cup")
    assert store.class_names == ["pen"] and list(store.labels) == [0, 0]
    with pytest.raises(CourseInputError, match="no example 7"):
        store.remove_example(7)
    with pytest.raises(CourseInputError, match="no class"):
        store.remove_class("cup")


def test_store_refuses_wrong_input_and_keeps_what_it_had():
    store = _store()
    with pytest.raises(CourseInputError, match="different feature extractor"):
        store.add_examples("cup", np.ones((1, 3)))
    with pytest.raises(CourseInputError, match="thumbnails"):
        store.add_examples("cup", np.ones((1, 2)), thumbnails=np.zeros((1, 8, 8, 3), np.uint8))
    with pytest.raises(CourseInputError, match="one name each"):
        store.add_examples("new", np.ones((2, 2)), names=["a"])
    assert store.counts() == {"cup": 3, "pen": 2}
    with pytest.raises(CourseInputError, match="empty"):
        teachable.ExampleStore().classify([1, 2])


# ---------------------------------------------------------------------------- the file
def test_save_and_load_round_trip(tmp_path):
    store = _store()
    store.add_examples("pen", np.array([[0.2, 0.9]]), names=["pen.png"])
    path = store.save(tmp_path / "machine.npz")
    back = teachable.ExampleStore.load(path, extractor="fake")
    assert back.class_names == store.class_names and back.names == store.names
    np.testing.assert_array_equal(back.embeddings, store.embeddings)
    np.testing.assert_array_equal(back.labels, store.labels)
    np.testing.assert_array_equal(back.thumbnails, store.thumbnails)
    assert back.classify([0.0, 1.0]).label == store.classify([0.0, 1.0]).label
    empty = teachable.ExampleStore(extractor="fake")
    assert len(teachable.ExampleStore.load(empty.save(tmp_path / "empty.npz"))) == 0


def test_save_needs_npz_and_keeps_the_old_file_when_it_fails(tmp_path, monkeypatch):
    store = _store()
    with pytest.raises(CourseInputError, match=".npz"):
        store.save(tmp_path / "machine.json")
    path = store.save(tmp_path / "machine.npz")
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(teachable.np, "save", broken)
    with pytest.raises(OSError):
        store.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["machine.npz"]  # no half-written file left


def _rewrite(path, manifest=None, drop=None, replace=None):
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    if manifest is not None:
        members["manifest.json"] = json.dumps(manifest).encode()
    if drop:
        members.pop(drop)
    members.update(replace or {})
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)


@pytest.mark.parametrize(
    "spoil, phrase",
    [
        (lambda p: p.write_bytes(b"just some text"), "not a saved teachable machine"),
        (lambda p: p.write_bytes(p.read_bytes()[:300]), "damaged"),
        (lambda p: np.savez(p, x=np.zeros(3)), "not a saved teachable machine"),
        (lambda p: _rewrite(p, manifest={"format": "something else", "version": 1}), "not a saved"),
        (lambda p: _rewrite(p, replace={"manifest.json": b"{oops"}), "damaged"),
        (lambda p: _rewrite(p, drop="labels.npy"), "labels are missing"),
        (lambda p: _rewrite(p, manifest={"format": teachable.FILE_FORMAT, "version": 99}), "newer version"),
    ],
)
def test_damaged_or_foreign_files_get_a_message(tmp_path, spoil, phrase):
    path = _store().save(tmp_path / "machine.npz")
    spoil(path)
    with pytest.raises(CourseInputError, match=phrase):
        teachable.ExampleStore.load(path)


def test_a_file_whose_arrays_disagree_with_its_manifest_is_damaged(tmp_path):
    import io

    path = _store().save(tmp_path / "machine.npz")
    buf = io.BytesIO()
    np.save(buf, np.array([0, 7, 0, 1, 1]))
    _rewrite(path, replace={"labels.npy": buf.getvalue()})
    with pytest.raises(CourseInputError, match="some labels name no class"):
        teachable.ExampleStore.load(path)


def test_load_refuses_another_extractors_embeddings_and_missing_files(tmp_path):
    path = _store().save(tmp_path / "machine.npz")
    with pytest.raises(CourseInputError, match="cannot be compared"):
        teachable.ExampleStore.load(path, extractor="MobileNetV2")
    with pytest.raises(CourseInputError, match="There is no file"):
        teachable.ExampleStore.load(tmp_path / "nope.npz")


# ---------------------------------------------------------------------------- the machine
def test_machine_adds_images_of_any_size_and_classifies():
    machine = teachable.TeachableMachine(fake_embed, name="fake")
    red = [np.full((20, 30, 3), (200, 10, 10), np.uint8), np.full((50, 40, 3), (220, 30, 20), np.uint8)]
    blue = [np.full((10, 10, 3), (10, 10, 200), np.uint8)]
    assert "added 2 example(s) to 'red'" in machine.add_images("red", red, names=["a.png", "b.png"])
    machine.add_images("blue", blue)
    assert machine.store.thumbnails.shape == (3, 64, 64, 3)
    assert machine.classify_image(np.full((8, 8, 3), (190, 0, 0), np.uint8), k=1).label == "red"
    assert machine.classify_image(np.full((8, 8, 3), (0, 0, 180), np.uint8), k=1).label == "blue"


def test_machine_save_load_keeps_the_old_store_on_a_bad_file(tmp_path):
    machine = teachable.TeachableMachine(fake_embed, name="fake")
    machine.add_images("grey", [np.full((5, 5), 90, np.uint8)])
    path = machine.save(tmp_path / "m.npz")
    (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(CourseInputError, match="damaged"):
        machine.load(tmp_path / "bad.npz")
    assert len(machine.store) == 1
    machine.store.remove_example(0)
    assert "1 examples in 1 classes" in machine.load(path)


def test_machine_checks_its_extractor():
    with pytest.raises(CourseTypeError, match="function"):
        teachable.TeachableMachine("mobilenet")
    machine = teachable.TeachableMachine(lambda images: np.ones((1, 3)))
    with pytest.raises(CourseInputError, match="one embedding per image"):
        machine.embed([np.zeros((2, 2)), np.zeros((2, 2))])
    with pytest.raises(CourseInputError, match="no images"):
        machine.embed([])


def test_thumbnail_sizes_and_types():
    assert teachable.thumbnail(np.zeros((28, 28), np.uint8)).shape == (64, 64, 3)
    assert teachable.thumbnail(np.zeros((300, 451, 4), np.uint8)).shape == (64, 64, 3)
    small = teachable.thumbnail(np.ones((10, 10)) * 1.0)
    assert small.dtype == np.uint8 and small.max() == 255
    with pytest.raises(CourseInputError, match="channels"):
        teachable.thumbnail(np.zeros((5, 5, 2)))


# ---------------------------------------------------------------------------- measuring, regression
def test_few_shot_accuracy_and_the_comparison():
    rng = np.random.RandomState(0)
    centres = rng.randn(3, 10) * 5
    y = np.repeat(np.arange(3), 20)
    x = centres[y] + rng.randn(60, 10)
    assert teachable.few_shot_accuracy(x[::2], y[::2], x[1::2], y[1::2], k=1) > 0.9
    images = np.abs(x.reshape(60, 2, 5))
    res = teachable.compare_pixels_and_embeddings(
        images[::2],
        y[::2],
        images[1::2],
        y[1::2],
        {"identity": lambda ims: np.asarray(ims).reshape(len(ims), -1)},
        n_per_class=5,
        seeds=(0, 1),
    )
    assert set(res) == {"pixels", "identity"} and len(res["pixels"]) == 2
    assert res["pixels"] == res["identity"]  # the identity embedding is the pixels
    with pytest.raises(CourseTypeError, match="dict"):
        teachable.compare_pixels_and_embeddings(images, y, images, y, {"x": 3})


def test_fit_ridge_recovers_a_linear_target():
    rng = np.random.RandomState(1)
    x = rng.randn(40, 8)
    w = rng.randn(8)
    reg = teachable.fit_ridge(x, x @ w + 3, alpha=1e-6)
    np.testing.assert_allclose(reg.predict(x[:5]), x[:5] @ w + 3, atol=1e-4)
    wide = teachable.fit_ridge(rng.randn(5, 50), np.arange(5.0), alpha=0.1)  # fewer examples than numbers
    assert wide.predict(rng.randn(2, 50)).shape == (2,)
    with pytest.raises(CourseInputError, match="positive"):
        teachable.fit_ridge(x, x @ w, alpha=0)
    with pytest.raises(CourseInputError, match="one value each"):
        teachable.fit_ridge(x, np.ones(3))
    with pytest.raises(CourseInputError, match="fitted on 8"):
        reg.predict(np.ones((1, 3)))


def test_shrink_into_frame():
    item = np.full((28, 28), 200, np.uint8)
    half = teachable.shrink_into_frame(item, 0.5)
    assert half.shape == (28, 28) and half.dtype == np.uint8
    assert (half > 0).sum() == 14 * 14
    np.testing.assert_array_equal(teachable.shrink_into_frame(item, 1.0), item)
    with pytest.raises(CourseInputError, match="at most 1"):
        teachable.shrink_into_frame(item, 1.5)


def test_extractor_from_layer_takes_an_earlier_layer():
    import dataclasses

    from utils.env import import_keras

    keras = import_keras()

    @dataclasses.dataclass
    class Extractor:  # the fields of utils.transfer.FeatureExtractor that matter here
        name: str
        why: str
        dim: int
        model: object

        def embed(self, images):
            out = np.asarray(self.model(np.asarray(images, np.float32)))
            return out.reshape(len(out), self.dim)

    inputs = keras.Input((4, 4, 1))
    hidden = keras.layers.Conv2D(2, 3, padding="same", name="conv")(inputs)
    outputs = keras.layers.Dense(3, name="embedding")(keras.layers.Flatten()(hidden))
    fx = Extractor("tiny", "A tiny network.", 3, keras.Model(inputs, outputs))
    earlier = teachable.extractor_from_layer(fx, "conv")
    assert earlier.dim == 32 and "layer 'conv'" in earlier.name and earlier.why.startswith("A tiny network.")
    assert earlier.embed(np.zeros((2, 4, 4, 1))).shape == (2, 32)
    assert fx.dim == 3  # the original is unchanged
    with pytest.raises(CourseInputError, match="no layer 'conv9'"):
        teachable.extractor_from_layer(fx, "conv9")
    with pytest.raises(CourseTypeError, match="feature_extractor"):
        teachable.extractor_from_layer(object(), "conv")


def test_store_similarities_match_cosine_similarity_and_follow_changes():
    store = _store()
    q = np.array([0.3, 0.8])
    np.testing.assert_allclose(store.similarities(q), teachable.cosine_similarity(q, store.embeddings)[0])
    store.add_examples("pen", np.array([[0.3, 0.8]]))
    assert store.similarities(q)[-1] == pytest.approx(1.0)
    store.remove_example(0)
    np.testing.assert_allclose(store.similarities(q), teachable.cosine_similarity(q, store.embeddings)[0])
    assert store.similarities([0.0, 0.0]).tolist() == [0.0] * len(store)
    with pytest.raises(CourseInputError, match="same|feature extractor"):
        store.similarities([1.0, 2.0, 3.0])
    with pytest.raises(CourseInputError, match="one embedding"):
        store.similarities(np.ones((2, 2)))
