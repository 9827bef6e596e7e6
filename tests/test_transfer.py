"""Tests for utils.transfer (notebook 08), the cats-vs-dogs loader and notebook 08's figures."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import datasets, lecture_examples, transfer
from utils.errors import CourseInputError, CourseTypeError
from utils.figures import nb08

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fresh_extractor():
    transfer._extractor.cache_clear()
    yield
    transfer._extractor.cache_clear()


@pytest.fixture(scope="module")
def course_cnn():
    return transfer.load_course_cnn()


# ------------------------------------------------------------------------------ softmax, sizes
def test_softmax_gives_probabilities_and_ignores_shifts():
    z = np.array([2.0, 1.0, -3.0])
    p = transfer.softmax(z)
    assert np.isclose(p.sum(), 1) and (p > 0).all() and p.argmax() == 0
    assert np.allclose(transfer.softmax(z + 1000), p)  # stable for huge logits
    batch = transfer.softmax(np.stack([z, z[::-1]]))
    assert np.allclose(batch.sum(axis=1), 1)


def test_softmax_of_log_deck_probabilities_renormalises_them():
    probs = np.array([p for _, p, _ in lecture_examples.MOBILENET_CAT_TOP5])
    assert np.allclose(transfer.softmax(np.log(probs)), probs / probs.sum())
    assert [i for _, _, i in lecture_examples.MOBILENET_CAT_TOP5] == [285, 281, 282, 761, 284]


def test_softmax_rejects_bad_input():
    with pytest.raises(CourseInputError):
        transfer.softmax(3.0)
    with pytest.raises(CourseTypeError):
        transfer.softmax("abc")


def test_stacked_3x3_and_separable_cost_match_the_formulas():
    assert transfer.stacked_3x3(1, 64) == (3, 36864, 36864)
    assert transfer.stacked_3x3(3, 64) == (7, 110592, 200704)
    standard, separable = transfer.conv_mult_adds(14, 3, 512, 512)
    assert standard == 3 * 3 * 512 * 512 * 14 * 14 == 462_422_016
    assert separable == 3 * 3 * 512 * 14 * 14 + 512 * 512 * 14 * 14 == 52_283_392
    assert np.isclose(separable / standard, 1 / 512 + 1 / 9)
    with pytest.raises(CourseInputError):
        transfer.conv_mult_adds(0, 3, 1, 1)


def test_unknown_architecture_is_named():
    with pytest.raises(CourseInputError, match="MobileNetV2"):
        transfer.imagenet_weights_status("AlexNet")
    assert transfer.imagenet_weights_status("mobilenet_v2")[0] in (True, False)


# ------------------------------------------------------------------------------ weights, offline
def test_weights_status_offline_says_so(no_local_data):
    ok, why = transfer.imagenet_weights_status("MobileNetV2")
    assert not ok and "not available offline" in why and "COURSE_OFFLINE=1" in why


def test_weights_status_sees_a_cached_file(no_local_data):
    path = no_local_data / "models" / transfer.ARCHITECTURES["VGG16"].weights_notop
    path.parent.mkdir(parents=True)
    path.write_bytes(b"x" * 10)
    ok, why = transfer.imagenet_weights_status("VGG16", include_top=False)
    assert ok and "in the Keras cache" in why
    # MobileNetV2's files are pinned by size in the registry: a wrong-sized one does not count
    bad = no_local_data / "models" / transfer.ARCHITECTURES["MobileNetV2"].weights_notop
    bad.write_bytes(b"x" * 10)
    assert not transfer.imagenet_weights_status("MobileNetV2", include_top=False)[0]


def test_offline_model_is_architecture_only_and_refuses_to_predict(no_local_data, capsys):
    loaded = transfer.load_imagenet_model("MobileNetV2", input_size=96)
    out = capsys.readouterr().out
    assert loaded.weights is None and not loaded.pretrained
    assert "random weights" in out and "meaningless for predictions" in out
    assert loaded.model.count_params() == 3_538_984  # same architecture at any input size
    with pytest.raises(CourseInputError, match="random weights"):
        transfer.predict_top(loaded, datasets.sample_photo("chelsea"))
    with pytest.raises(CourseTypeError):
        transfer.predict_top(loaded.model, datasets.sample_photo("chelsea"))


# ------------------------------------------------------------------------------ inputs
def test_prepare_image_accepts_any_size_and_channels():
    for image in (
        np.zeros((5, 7), np.uint8),
        np.full((300, 451, 3), 200, np.uint8),
        np.ones((9, 9, 4)),
        np.ones((9, 9, 1), bool),
    ):
        batch = transfer.prepare_image(image, 32)
        assert batch.shape == (1, 32, 32, 3) and batch.dtype == np.float32
        assert 0 <= batch.min() and batch.max() <= 255
    assert transfer.prepare_image(np.ones((4, 4)), 8).max() == 255  # 0..1 floats scaled
    with pytest.raises(CourseInputError):
        transfer.prepare_image(np.zeros((4, 4, 5)))
    with pytest.raises(CourseInputError):
        transfer.prepare_image(np.full((4, 4), np.nan))


def test_preprocess_input_ranges_for_the_cat():
    batch = transfer.prepare_image(datasets.sample_photo("chelsea"))
    rows = {name: (low, high) for name, low, high, _ in transfer.input_ranges(batch)}
    assert -1 <= rows["MobileNetV2"][0] < rows["MobileNetV2"][1] <= 1
    assert rows["EfficientNetB0"] == (float(batch.min()), float(batch.max()))
    assert rows["VGG16"] == rows["ResNet50"] and rows["VGG16"][0] < -100
    assert batch.max() == transfer.prepare_image(datasets.sample_photo("chelsea")).max()  # not changed


# ------------------------------------------------------------------------------ freezing, head
def test_freeze_all_but_top_counts_trainable_parameters():
    model = transfer.build_course_cnn(5, seed=0)
    assert transfer.trainable_params(model) == 60_293 and transfer.frozen_params(model) == 128
    counts = [transfer.trainable_params(transfer.freeze_all_but_top(model, n)) for n in range(6)]
    assert counts == [0, 325, 4485, 41413, 59845, 60165]
    bn = model.get_layer("bn2")
    assert not bn.trainable  # batch norm stays frozen, even with every other layer learning
    assert transfer.freeze_all_but_top(model, 99) is model
    with pytest.raises(CourseInputError):
        transfer.freeze_all_but_top(model, -1)
    with pytest.raises(CourseTypeError):
        transfer.freeze_all_but_top("model", 1)


def test_build_head_and_transfer_model(course_cnn):
    head = transfer.build_head(np.zeros((2, 64)), 5)
    assert head.count_params() == 64 * 5 + 5
    out = np.asarray(head(np.random.RandomState(0).randn(3, 64).astype(np.float32)))
    assert out.shape == (3, 5) and np.allclose(out.sum(axis=1), 1)
    base = transfer.freeze_all_but_top(transfer.embedding_model(course_cnn), 0)
    model = transfer.build_transfer_model(base, head)
    assert model.output_shape == (None, 5) and transfer.trainable_params(model) == 325
    with pytest.raises(CourseInputError):
        transfer.build_head(np.zeros((2, 64)), 1)
    with pytest.raises(CourseInputError):
        transfer.build_head(np.zeros(64), 5)


def test_trainable_mask_and_apply_mask():
    kinds = np.array(["Conv2D", "Conv2D", "BatchNormalization", "Conv2D", "Dense", "Dense"])
    assert transfer.trainable_mask(kinds, 0).tolist() == [False] * 6
    assert transfer.trainable_mask(kinds, 2).tolist() == [False, False, False, False, True, True]
    assert transfer.trainable_mask(kinds, 4).tolist() == [False, True, False, True, True, True]
    assert transfer.trainable_mask(kinds, 99).sum() == 5
    assert transfer.trainable_mask(np.array([], dtype=str), 3).shape == (0,)
    with pytest.raises(CourseTypeError):
        transfer.trainable_mask(np.zeros((2, 2)), 1)
    model = transfer.build_course_cnn(5)
    assert transfer.weight_layer_kinds(model).tolist() == kinds.tolist()
    with pytest.raises(CourseInputError, match="6 layers with weights"):
        transfer.apply_mask(model, [True, False])


def test_vgg_blocks_and_layer_kinds():
    vgg = transfer.build_architecture("VGG16", include_top=False, input_size=32)
    rows = transfer.vgg_blocks(vgg)
    assert [(b, n, f) for b, n, f, _, _ in rows] == [
        ("block1", 2, 64),
        ("block2", 2, 128),
        ("block3", 3, 256),
        ("block4", 3, 512),
        ("block5", 3, 512),
    ]
    assert all(k == "3×3" for _, _, _, k, _ in rows) and rows[-1][-1] == "1×1×512"
    small = transfer.build_architecture("MobileNetV2", include_top=False, input_size=32)
    assert transfer.layer_kinds(small)["DepthwiseConv2D"] == 17


def test_mult_adds_match_the_published_figures():
    mobilenet = transfer.build_architecture("MobileNetV2")
    assert round(transfer.mult_adds(mobilenet) / 1e6) == 301  # the MobileNetV2 paper: 300 M
    cnn = transfer.build_course_cnn(5)
    by_hand = 28 * 28 * 9 * 32 + 14 * 14 * 9 * 32 * 64 + 7 * 7 * 9 * 64 * 64 + 64 * 64 + 64 * 5
    assert transfer.mult_adds(cnn) == by_hand


# ------------------------------------------------------------------------------ the course CNN file
def test_course_cnn_file_is_small_and_verified(course_cnn):
    path = transfer.COURSE_CNN_PATH
    assert path.stat().st_size < 1_000_000
    assert hashlib.sha256(path.read_bytes()).hexdigest() == transfer.COURSE_CNN_SHA256
    assert transfer.COURSE_CNN_SHA256 in (ROOT / "data" / "README.md").read_text()
    assert course_cnn.output_shape == (None, 5) and course_cnn.count_params() == 60_421
    assert transfer.embedding_model(course_cnn).output_shape == (None, 64)


def test_course_cnn_damaged_or_missing_says_what_to_do(tmp_path):
    damaged = tmp_path / "cnn.keras"
    data = bytearray(transfer.COURSE_CNN_PATH.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(transfer.PretrainedFileError, match="damaged") as info:
        transfer.load_course_cnn(damaged)
    assert "git checkout" in str(info.value) and "pretrain_course_cnn.py" in str(info.value)
    with pytest.raises(transfer.PretrainedFileError, match="missing"):
        transfer.load_course_cnn(tmp_path / "nothing.keras")
    garbage = tmp_path / "garbage.keras"
    garbage.write_bytes(b"not a keras file")
    with pytest.raises(transfer.PretrainedFileError, match="could not be read"):
        transfer.load_course_cnn(garbage, expected_sha256="")
    assert isinstance(transfer.PretrainedFileError("x"), CourseInputError)


def test_course_cnn_recognises_its_own_classes(course_cnn):
    ds = datasets.load_fashion_mnist(verbose=False)
    if not ds.is_real:
        pytest.skip("needs the real Fashion-MNIST (dataset-fashion-mnist)")
    (_, _), (x, y) = transfer.fashion_split(ds, (0, 1, 2, 3, 4), n_per_class=1, n_test_per_class=100)
    assert transfer.accuracy(course_cnn, x, y) > 0.8


@pytest.mark.skipif(not (ROOT / ".venv-colab" / "bin" / "python").exists(), reason="no .venv-colab")
def test_course_cnn_loads_in_the_colab_keras():
    code = (
        "from utils import transfer; m = transfer.load_course_cnn(); import keras; "
        "print(keras.__version__, m.count_params())"
    )
    run = subprocess.run(
        [str(ROOT / ".venv-colab" / "bin" / "python"), "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split()[-1] == "60421"


# ------------------------------------------------------------------------------ feature extractor (09)
def test_feature_extractor_offline_uses_the_course_cnn(no_local_data, capsys):
    fx = transfer.feature_extractor()
    out = capsys.readouterr().out
    assert out.startswith("🧠 Feature extractor: ") and "not available offline" in out
    assert fx.kind == "course_cnn" and fx.input_shape == (28, 28, 1) and fx.dim == 64
    assert "MobileNetV2" in fx.why and "course's own CNN" in fx.why
    images = [
        datasets.sample_photo("chelsea"),
        np.zeros((5, 7), np.uint8),
        np.ones((30, 30, 4)),
        np.eye(9) > 0,
    ]
    emb = fx.embed(images)
    assert emb.shape == (4, 64) and emb.dtype == np.float32 and emb.flags.c_contiguous
    alone = fx.embed(datasets.sample_photo("chelsea"))
    assert np.array_equal(alone, fx.embed(datasets.sample_photo("chelsea")))  # deterministic
    assert np.allclose(emb[:1], alone, atol=1e-4)  # in a batch or alone: the same, to rounding
    assert fx.embed([]).shape == (0, 64)
    assert fx.embed(np.zeros((3, 28, 28), np.uint8)).shape == (3, 64)  # a batch of gray images
    assert fx.prepare(images).shape == (4, 28, 28, 1)
    asked = transfer.feature_extractor("course_cnn", verbose=False)
    assert "asked for" in asked.why


def test_feature_extractor_inverts_dark_on_light_and_checks_input():
    fx = transfer.feature_extractor("course_cnn", verbose=False)
    dark_on_light = np.full((28, 28), 255, np.uint8)
    dark_on_light[8:20, 8:20] = 0
    light_on_dark = 255 - dark_on_light
    assert np.array_equal(fx.prepare(dark_on_light), fx.prepare(light_on_dark))
    with pytest.raises(CourseTypeError):
        fx.embed("photo.jpg")
    with pytest.raises(CourseInputError):
        fx.embed(np.zeros((2, 2, 2, 2, 2)))
    with pytest.raises(CourseInputError):
        fx.embed([np.full((4, 4), np.inf)])
    with pytest.raises(CourseInputError):
        transfer.feature_extractor("resnet")


# ------------------------------------------------------------------------------ the experiment
def _toy_fashion(n=12):
    rng = np.random.RandomState(0)
    x = rng.randint(0, 256, (10 * n, 28, 28)).astype(np.uint8)
    y = np.repeat(np.arange(10, dtype=np.uint8), n)
    return SimpleNamespace(x_train=x, y_train=y, x_test=x.copy(), y_test=y.copy(), source="toy")


def test_fashion_split_relabels_and_keeps_the_test_set_fixed():
    ds = _toy_fashion()
    (x1, y1), (xt1, yt1) = transfer.fashion_split(ds, n_per_class=1, n_test_per_class=3)
    (x5, y5), (xt5, yt5) = transfer.fashion_split(ds, n_per_class=5, n_test_per_class=3)
    assert x1.shape == (5, 28, 28, 1) and sorted(y1) == [0, 1, 2, 3, 4]
    assert np.bincount(y5).tolist() == [5] * 5
    assert np.array_equal(xt1, xt5) and np.array_equal(yt1, yt5)
    with pytest.raises(CourseInputError, match="only 12"):
        transfer.fashion_split(ds, n_per_class=13)


def test_run_transfer_experiment_on_a_toy_set(course_cnn):
    lines = []
    before = [w.copy() for w in course_cnn.get_weights()]
    res = transfer.run_transfer_experiment(
        _toy_fashion(), course_cnn, ns=(1, 2), steps=3, n_test_per_class=4, progress=lines.append
    )
    assert len(lines) == 2 and "from scratch" in lines[0]
    assert set(res.scores) == set(transfer.METHODS)
    for n, *accs in res.rows():
        assert n in (1, 2) and all(0 <= a <= 1 for a in accs)
    assert set(res.curve("fine-tuning")) == {1, 2}
    after = course_cnn.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))  # pretrained left alone


def test_examples_needed():
    curve = {1: 0.5, 5: 0.7, 10: 0.75, 50: 0.8}
    assert transfer.examples_needed(curve, 0.72) == 10
    assert transfer.examples_needed(curve, 0.5) == 1
    assert transfer.examples_needed(curve, 0.9) == np.inf
    with pytest.raises(CourseTypeError):
        transfer.examples_needed([0.5, 0.7], 0.6)


# ------------------------------------------------------------------------------ cats vs dogs
def test_cats_vs_dogs_offline_is_announced_unavailable(no_local_data, capsys):
    ds = datasets.load_cats_vs_dogs(size=64)
    out = capsys.readouterr().out
    assert ds.source == "unavailable" and not ds.is_real
    assert ds.x_train.shape == (0, 64, 64, 3) and ds.class_names == ["cat", "dog"]
    assert "NOT AVAILABLE" in out and "COURSE_OFFLINE=1" in out and "make prefetch" in out


def test_cats_vs_dogs_reports_a_wrong_copy_in_course_data_dir(no_local_data, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / datasets.CATS_VS_DOGS_FILE).write_bytes(b"PK not really")
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    ds = datasets.load_cats_vs_dogs(size=32)
    out = capsys.readouterr().out
    assert ds.source == "unavailable" and "COURSE_DATA_DIR" in out and "bytes instead of" in out


def _tiny_zip(path: Path):
    from PIL import Image

    with zipfile.ZipFile(path, "w") as zf:
        for split in ("train", "validation"):
            for folder, value in (("cats", 30), ("dogs", 220)):
                for i in range(2):
                    buf = io.BytesIO()
                    Image.fromarray(np.full((50, 40, 3), value, np.uint8)).save(buf, "JPEG")
                    zf.writestr(f"cats_and_dogs_filtered/{split}/{folder}/{folder}.{i}.jpg", buf.getvalue())


def test_cats_vs_dogs_reader_decodes_the_zip_layout(tmp_path):
    _tiny_zip(tmp_path / "c.zip")
    (x, y), (xt, yt) = datasets._read_cats_vs_dogs(tmp_path / "c.zip", 32, None)
    assert x.shape == (4, 32, 32, 3) and x.dtype == np.uint8 and sorted(y.tolist()) == [0, 0, 1, 1]
    assert all(x[i].mean() < 100 for i in np.flatnonzero(y == 0))  # cats are the dark ones here
    assert xt.shape == (4, 32, 32, 3)


def test_cats_vs_dogs_loads_from_the_cache(no_local_data, monkeypatch, capsys):
    entry = datasets.cache.REGISTRY[datasets.CATS_VS_DOGS_FILE]
    _tiny_zip(no_local_data / "tiny.zip")
    target = no_local_data / "datasets" / datasets.CATS_VS_DOGS_FILE
    shutil.move(no_local_data / "tiny.zip", target)
    monkeypatch.setitem(
        datasets.cache.REGISTRY,
        entry.name,
        datasets.cache.CachedFile(entry.name, entry.url, entry.subdir, target.stat().st_size),
    )
    ds = datasets.load_cats_vs_dogs(size=32)
    assert ds.source == "real" and len(ds.x_train) == 4
    assert "the real dataset" in capsys.readouterr().out


# ------------------------------------------------------------------------------ figures
def test_figures_draw_and_the_widget_prints_a_changing_line(capsys):
    nb08.show_softmax(1.0)
    one = capsys.readouterr().out
    nb08.show_softmax(3.0)
    three = capsys.readouterr().out
    assert one.startswith("scale 1.00") and three.startswith("scale 3.00") and one != three
    with pytest.raises(CourseInputError):
        nb08.show_softmax(-1.0)
    photo = datasets.sample_photo("chelsea")
    nb08.show_model_input(photo, transfer.prepare_image(photo, 64), size=64)
    nb08.plot_top5(list(lecture_examples.MOBILENET_CAT_TOP5))
    rows = [
        {"model": "A", "params": 3_500_000, "size_mb": 14, "top1": 0.71, "ms": 20.0},
        {"model": "B", "params": 138_000_000, "size_mb": 528, "top1": 0.71, "ms": 200.0},
    ]
    nb08.plot_model_comparison(rows)
    res = transfer.TransferResults(
        (1, 5), (0, 1), {m: {1: [0.2, 0.3], 5: [0.5, 0.6]} for m in transfer.METHODS}
    )
    nb08.plot_transfer_curves(res)
    nb08.show_examples(np.zeros((5, 28, 28, 1), np.uint8), np.arange(5), list(transfer.FASHION_LAST5))
    assert plt.get_fignums()
    with pytest.raises(CourseTypeError):
        nb08.plot_transfer_curves({})
    assert sys.modules["utils.transfer"] is transfer
