"""utils.cnn (notebook 07), its figures, and the helpers it added to utils.metrics / utils.plotting."""

from __future__ import annotations

import io

import numpy as np
import pytest

from utils import cnn, convolution, metrics
from utils.errors import CourseInputError, CourseTypeError

keras = pytest.importorskip("keras")


@pytest.fixture(scope="module")
def digits():
    rng = np.random.RandomState(0)
    x = (rng.rand(64, 28, 28) * 255).astype(np.uint8)
    y = rng.randint(0, 10, 64)
    return x, y


@pytest.fixture(scope="module")
def trained(digits):
    x, y = digits
    keras.utils.set_random_seed(0)
    model = cnn.better_model(filters=4, dropout=0.1)
    history, seconds = cnn.train_model(model, cnn.prepare_images(x), y, epochs=1, batch_size=32)
    return model


# ------------------------------------------------------------------------------ data
def test_prepare_images_is_deck004s_steps():
    x = np.arange(2 * 28 * 28, dtype=np.int64).reshape(2, 28, 28) % 256
    out = cnn.prepare_images(x.astype(np.uint8))
    assert out.shape == (2, 28, 28, 1) and out.dtype == np.float32
    np.testing.assert_array_equal(out[..., 0], (x / 255).astype(np.float32))


def test_prepare_images_refuses_bad_input():
    with pytest.raises(CourseInputError, match="already scaled"):
        cnn.prepare_images(np.zeros((2, 28, 28), np.float32) + 0.5)
    with pytest.raises(CourseInputError, match="grayscale"):
        cnn.prepare_images(np.zeros((2, 28, 28, 3), np.uint8))
    with pytest.raises(CourseTypeError):
        cnn.prepare_images("digits")


# ---------------------------------------------------------------------------- models
def test_deck004_model_matches_the_hand_count():
    model = cnn.deck004_model()
    assert model.count_params() == cnn.deck004_param_count() == 607_394
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dropout", "Dense"]
    assert model.layers[0].get_config()["activation"] == "linear"  # the deck's conv has none


def test_parameter_counts_by_hand():
    assert cnn.conv2d_param_count(3, 1, 28) == 280
    assert cnn.conv2d_param_count((5, 3), 2, 4, bias=False) == 120
    assert cnn.dense_param_count(4732, 128) == 605_824
    assert cnn.deck004_param_count(32, 32) == 280 + 15 * 15 * 28 * 128 + 128 + 1290
    with pytest.raises(CourseTypeError):
        cnn.conv2d_param_count(3, "1", 28)


def test_better_and_mlp_models():
    better = cnn.better_model()
    assert better.count_params() == 315_530
    assert better.layers[5].output.shape[1:] == (6, 6, 64)  # 'same' second conv, then pooling
    kinds = [type(layer).__name__ for layer in better.layers]
    assert kinds[:6] == ["Conv2D", "MaxPooling2D", "BatchNormalization"] * 2  # batch norm after pooling
    untrained = sum(int(np.prod(w.shape)) for w in better.non_trainable_weights)
    assert untrained == 2 * (32 + 64)  # batch norm's running means and variances
    assert cnn.conv_layer_names(better) == [layer.name for layer in better.layers if "conv" in layer.name]
    assert cnn.mlp_model().count_params() == 669_706
    assert cnn.mlp_model(hidden=64).count_params() == 784 * 64 + 64 + 650
    with pytest.raises(CourseInputError, match="below 1"):
        cnn.better_model(dropout=1.0)
    with pytest.raises(CourseTypeError, match="Keras layer"):
        cnn.better_model(augmentation="rotate")
    with pytest.raises(CourseInputError):
        cnn.deck004_model(input_shape=(28, 28))


def test_compile_model_checks_the_learning_rate():
    with pytest.raises(CourseInputError, match="above 0"):
        cnn.compile_model(cnn.deck004_model(), learning_rate=0)
    with pytest.raises(CourseTypeError):
        cnn.compile_model("model")
    with pytest.raises(CourseTypeError, match="number"):
        cnn.compile_model(cnn.deck004_model(), learning_rate="fast")


def test_cosine_decay_falls_from_the_peak_to_zero_at_the_last_step():
    schedule = cnn.cosine_decay(0.002, epochs=5, n_train=4000)  # 5 · ceil(4000 / 128) = 160 steps
    values = [float(schedule(step)) for step in (0, 40, 80, 120, 160, 200)]
    np.testing.assert_allclose(
        values,
        [0.002, 0.002 * (1 + np.cos(np.pi / 4)) / 2, 0.001, 0.002 * (1 - np.cos(np.pi / 4)) / 2, 0, 0],
        atol=1e-9,
    )
    assert cnn.cosine_decay(0.01, 2, 100, batch_size=32).decay_steps == 2 * 4
    model = cnn.compile_model(cnn.better_model(filters=2), learning_rate=schedule)
    assert model.optimizer.learning_rate is not None
    with pytest.raises(CourseInputError, match="above 0"):
        cnn.cosine_decay(0, 5, 4000)
    with pytest.raises(CourseInputError, match="epochs"):
        cnn.cosine_decay(0.002, 0, 4000)
    with pytest.raises(CourseTypeError, match="n_train"):
        cnn.cosine_decay(0.002, 5, "4000")


# ----------------------------------------------------------------------- augmentation
def test_augmentation_changes_only_while_training():
    pipe = cnn.augmentation_pipeline(seed=1)
    kinds = [type(layer).__name__ for layer in pipe.layers]
    assert kinds == ["RandomRotation", "RandomTranslation", "RandomZoom", "RandomErasing", "GaussianNoise"]
    x = np.random.RandomState(0).rand(3, 28, 28, 1).astype(np.float32)
    np.testing.assert_allclose(np.asarray(pipe(x, training=False)), x, atol=1e-6)
    changed = np.asarray(pipe(x, training=True))
    assert changed.shape == x.shape and not np.allclose(changed, x)
    assert [type(la).__name__ for la in cnn.augmentation_pipeline(noise=0, occlusion=0).layers] == [
        "RandomRotation",
        "RandomTranslation",
        "RandomZoom",
    ]
    with pytest.raises(CourseInputError, match="rotation"):
        cnn.augmentation_pipeline(rotation=400)


# ---------------------------------------------------------------------------- training
def test_progress_callback_calls_the_function_each_epoch(digits):
    x, y = digits
    seen = []
    keras.utils.set_random_seed(0)
    model = cnn.better_model(filters=2)
    history, seconds = cnn.train_model(
        model,
        cnn.prepare_images(x),
        y,
        validation_data=(cnn.prepare_images(x[:16]), y[:16]),
        epochs=2,
        batch_size=32,
        on_epoch=lambda epoch, logs: seen.append((epoch, sorted(logs))),
    )
    assert [e for e, _ in seen] == [1, 2]
    assert "val_accuracy" in seen[0][1] and len(history["loss"]) == 2 and seconds > 0
    with pytest.raises(CourseTypeError):
        cnn.progress_callback("print")
    with pytest.raises(CourseInputError, match="validation"):
        cnn.train_model(model, cnn.prepare_images(x), y, early_stopping_patience=1)


# -------------------------------------------------------------------------- evaluation
def test_most_confused_pairs():
    cm = np.array([[5, 2, 0], [3, 4, 3], [0, 1, 9]])
    assert cnn.most_confused_pairs(cm, n=3) == [(1, 0, 3), (1, 2, 3), (0, 1, 2)]
    assert cnn.most_confused_pairs(np.eye(3, dtype=int)) == []
    with pytest.raises(CourseInputError, match="square"):
        cnn.most_confused_pairs(np.zeros((2, 3), int))


def test_top_k_accuracy():
    probs = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3], [0.2, 0.3, 0.5], [0.7, 0.1, 0.2]])
    y = np.array([2, 2, 0, 0])
    assert metrics.top_k_accuracy(y, probs, 1) == 0.25
    assert metrics.top_k_accuracy(y, probs, 2) == 0.75
    assert metrics.top_k_accuracy(y, probs, 3) == 1.0
    ties = np.array([[0.5, 0.5, 0.0]])
    assert metrics.top_k_accuracy([0], ties, 1) == 1.0 and metrics.top_k_accuracy([1], ties, 1) == 0.0
    with pytest.raises(CourseInputError):
        metrics.top_k_accuracy(y, probs, 4)
    with pytest.raises(CourseInputError, match="n_classes"):
        metrics.top_k_accuracy(y, probs[0], 1)


# ------------------------------------------------------------------- inside the network
def test_feature_maps_and_conv2d_agree(trained, digits):
    x, _ = digits
    images = cnn.prepare_images(x[:2])
    maps = cnn.feature_maps(trained, images)
    names = cnn.conv_layer_names(trained)
    assert list(maps) == names
    assert maps[names[0]].shape == (2, 26, 26, 4) and maps[names[1]].shape == (2, 13, 13, 8)
    kernels, bias = cnn.first_layer_filters(trained)
    by_hand = np.maximum(convolution.conv2d(images[0], kernels, bias), 0)
    np.testing.assert_allclose(by_hand, maps[names[0]][0], atol=1e-4)
    with pytest.raises(CourseInputError, match="no layer"):
        cnn.feature_maps(trained, images, layers=["nope"])
    with pytest.raises(CourseInputError, match="no Conv2D"):
        cnn.feature_maps(cnn.mlp_model(hidden=8), images)


# ---------------------------------------------------------------------------- robustness
def test_rotate_images():
    x = np.zeros((1, 28, 28), np.uint8)
    x[0, 5:8, 14] = 255  # a mark above the centre
    turned = cnn.rotate_images(x, 90)
    assert turned.shape == x.shape and turned.dtype == np.uint8
    rows, cols = np.nonzero(turned[0] > 100)
    assert cols.mean() < 10 and abs(rows.mean() - 13.5) < 2  # counter-clockwise: the mark goes left
    np.testing.assert_array_equal(cnn.rotate_images(x, 0), x)
    with pytest.raises(CourseTypeError):
        cnn.rotate_images(x, "90")


def test_change_images_reuses_notebook_01s_challenges(digits):
    from utils import transforms

    x, _ = digits
    np.testing.assert_array_equal(
        cnn.change_images(x[:2], "occlusion", 0.5)[1], transforms.occlusion(x[1], 0.5)
    )
    np.testing.assert_array_equal(
        cnn.change_images(x[:2], "brightness", 0.5)[0], transforms.illumination(x[0], 0.5)
    )
    with pytest.raises(CourseInputError):
        cnn.change_images(x, "blur", 1)


def test_robustness_sweep(trained, digits):
    x, y = digits
    rows = cnn.robustness_sweep(trained, x[:20], y[:20], "rotation", [0, 30])
    assert [r["level"] for r in rows] == [0.0, 30.0]
    assert all(0 <= r["accuracy"] <= 1 for r in rows)
    both = cnn.robustness_sweep({"a": trained, "b": trained}, x[:20], y[:20], "rotation", [0, 30])
    assert both["a"] == both["b"] == rows
    with pytest.raises(CourseTypeError):
        cnn.robustness_sweep(trained, x, y, "rotation", 30)


# --------------------------------------------------------------------------- your digit
SEVEN = """
#######
......#
.....#.
....#..
...#...
...#...
"""


def test_prepare_digit_from_a_drawing():
    digit = cnn.prepare_digit(SEVEN)
    assert digit.shape == (28, 28) and digit.dtype == np.uint8
    rows, cols = np.nonzero(digit)
    assert max(rows.max() - rows.min(), cols.max() - cols.min()) + 1 == 20  # longer side 20 pixels
    weights = digit.astype(float)
    com = (np.indices(digit.shape) * weights).sum(axis=(1, 2)) / weights.sum()
    assert np.all(np.abs(com - 13.5) <= 1.0)


def test_prepare_digit_inverts_dark_ink_on_paper():
    paper = np.full((60, 40), 230, np.uint8)
    paper[10:50, 18:23] = 20  # a dark "1"
    digit = cnn.prepare_digit(np.stack([paper] * 3, axis=-1))
    assert digit.max() == 255 and digit[0, 0] == 0


def test_prepare_digit_messages():
    with pytest.raises(CourseInputError, match="empty"):
        cnn.prepare_digit("....\n....")
    with pytest.raises(CourseInputError, match="empty"):
        cnn.prepare_digit(np.full((10, 10), 200, np.uint8))
    with pytest.raises(CourseInputError, match="draw ink with #"):
        cnn.prepare_digit("..7..")
    with pytest.raises(CourseInputError, match="huge"):
        cnn.prepare_digit(np.zeros((7000, 6000), np.uint8))
    with pytest.raises(CourseTypeError, match="decode"):
        cnn.prepare_digit(b"\x89PNG")


def test_read_upload(monkeypatch):
    from PIL import Image

    from utils import widgets
    from utils.figures import nb07

    buf = io.BytesIO()
    Image.fromarray(np.zeros((30, 20, 3), np.uint8)).save(buf, format="PNG")
    assert nb07.read_upload(buf.getvalue()).shape == (30, 20, 3)
    with pytest.raises(CourseInputError, match="not an image"):
        nb07.read_upload(b"hello", "notes.txt")
    monkeypatch.setattr(cnn, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(CourseInputError, match="MiB"):
        nb07.read_upload(buf.getvalue())
    assert widgets.uploaded_files({"a.png": {"content": b"x"}}) == [("a.png", b"x")]


# ---------------------------------------------------------------------------- save, load
def test_save_and_load(tmp_path, trained, digits):
    x, _ = digits
    path = cnn.save_model(trained, tmp_path / "sub" / "m.keras")
    again = cnn.load_model(path)
    images = cnn.prepare_images(x[:4])
    np.testing.assert_allclose(
        again.predict(images, verbose=0), trained.predict(images, verbose=0), atol=1e-6
    )
    with pytest.raises(CourseInputError, match=".keras"):
        cnn.save_model(trained, tmp_path / "m.h5")
    with pytest.raises(CourseInputError, match="no saved model"):
        cnn.load_model(tmp_path / "missing.keras")


# ------------------------------------------------------------------------------ figures
def test_figures_draw_and_print(trained, digits, capsys):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils import plotting
    from utils.figures import nb07

    x, y = digits
    nb07.show_feature_maps(trained, x[:3], y[:3], image=1, layer=cnn.conv_layer_names(trained)[1], channel=9)
    line = capsys.readouterr().out
    assert "image 1" in line and "8 maps of 13×13" in line and "channel 1" in line
    nb07.show_augmented(x[:2], cnn.augmentation_pipeline(), n_versions=2)
    probs = trained.predict(cnn.prepare_images(x[:10]), verbose=0)
    plotting.plot_misclassified(x[:10], y[:10], probs, n=4)
    plotting.plot_training_curves({"loss": [1, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8]})
    plotting.plot_training_curves({})
    with pytest.raises(CourseTypeError):
        plotting.plot_training_curves([1, 2])
    nb07.plot_robustness({"m": [{"level": 0, "accuracy": 0.9}, {"level": 1, "accuracy": 0.5}]}, "occlusion")
    nb07.classify_upload(trained, (), fallback=SEVEN)
    assert "nothing uploaded yet" in capsys.readouterr().out
    nb07.classify_upload(trained, ({"name": "x.txt", "content": b"nope"},), fallback=SEVEN)
    assert "✘" in capsys.readouterr().out
    plt.close("all")


def test_train_and_show_records_a_run(digits, capsys):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils.figures import nb07

    x, y = digits
    data = (cnn.prepare_images(x[:32]), y[:32], cnn.prepare_images(x[32:48]), y[32:48])
    runs = []
    nb07.show_runs(runs)
    assert "no runs yet" in capsys.readouterr().out
    nb07.train_and_show(runs, data, epochs=1, filters=2, batch_size=16)
    nb07.train_and_show(runs, data, epochs=1, filters=2, batch_size=16, augmentation=True)
    out = capsys.readouterr().out
    assert len(runs) == 2 and "run 2:" in out and "augmentation on" in out
    plt.close("all")
