"""Exercises of notebook 07 · A convolutional network in Keras.

    07.build_deck004_model   deck 004's model in Keras 3;       reference: utils.cnn.deck004_model
    07.n_params              its parameter count, by hand;      reference: utils.cnn.deck004_param_count
    07.make_augmentation     an augmentation pipeline;          reference: utils.cnn.augmentation_pipeline
    07.top_k_accuracy        top-k accuracy from probabilities; reference: utils.metrics.top_k_accuracy

This module holds only what the checker needs beyond the references: the test inputs, the likely
causes of a wrong answer and the first hints.
"""

from __future__ import annotations

import numpy as np

from utils import cnn, metrics
from utils.checks import Case, Exercise, Wrong, register
from utils.env import import_keras


# ---------------------------------------------------------------------- 07.build_deck004_model
def _what(value) -> str:
    if isinstance(value, str):
        return "text (a str): return the model itself, not its printed form"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    return f"a {type(value).__name__}"


def _layer_spec(layer) -> tuple:
    """What matters about one layer for deck 004's model: its kind and its settings."""
    cfg = layer.get_config()
    kind = type(layer).__name__
    if kind == "Conv2D":
        return (kind, cfg["filters"], tuple(cfg["kernel_size"]), cfg["activation"])
    if kind == "MaxPooling2D":
        return (kind, tuple(cfg["pool_size"]))
    if kind == "Dense":
        return (kind, cfg["units"], cfg["activation"])
    if kind == "Dropout":
        return (kind, round(float(cfg["rate"]), 6))
    return (kind,)


def model_spec(model) -> list[tuple]:
    """A model's layers as comparable tuples, preceded by its input shape.

    Used in 07 · Deck 004's model in Keras 3 (the exercise's check).
    """
    shape = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else None
    return [("Input", shape)] + [_layer_spec(layer) for layer in model.layers]


_WORDS = {
    "Conv2D": "Conv2D(28, kernel_size=(3, 3))",
    "MaxPooling2D": "MaxPooling2D(pool_size=(2, 2))",
    "Flatten": "Flatten()",
    "Dense": "Dense",
    "Dropout": "Dropout(0.2)",
}


def _test_deck_model(candidate):
    keras = import_keras()
    model = candidate()
    if not isinstance(model, keras.Model):
        raise Wrong(
            "build_deck004_model() should return a Keras model (keras.Sequential([...])), "
            f"but it returns {_what(model)}."
        )
    got, want = model_spec(model), model_spec(cnn.deck004_model())
    if got == want:
        return
    if got[0] != want[0]:
        raise Wrong(
            "the input should be a 28×28 image with one channel, keras.Input(shape=(28, 28, 1)); "
            f"the model's input has shape {got[0][1]}."
        )
    kinds, want_kinds = [g[0] for g in got[1:]], [w[0] for w in want[1:]]
    if kinds != want_kinds:
        raise Wrong(
            "the layers should be, in this order: Conv2D, MaxPooling2D, Flatten, Dense, Dropout, Dense; "
            f"yours are {', '.join(kinds) or 'none'}."
        )
    for g, w in zip(got[1:], want[1:], strict=True):
        if g == w:
            continue
        if g[0] == "Conv2D" and g[3] != w[3]:
            raise Wrong(
                f"the deck's Conv2D has no activation (it is linear), but yours uses {g[3]!r}. "
                "Leave activation= out, as the deck does."
            )
        if g[0] == "Dense":
            raise Wrong(
                f"a Dense layer has {g[1]} units with activation {g[2]!r}; the deck's are Dense(128, "
                "activation='relu') and then Dense(10, activation='softmax')."
            )
        raise Wrong(f"a {g[0]} layer has other settings than the deck's {_WORDS.get(g[0], g[0])}.")
    raise Wrong("the model differs from the deck's; compare it layer by layer with model.summary().")


# ------------------------------------------------------------------------------ 07.n_params
def _test_n_params(candidate):
    want = cnn.deck004_param_count()
    try:
        value = int(candidate)
    except (TypeError, ValueError):
        raise Wrong(f"n_params should be a whole number, but it is a {type(candidate).__name__}.") from None
    if value != candidate:
        raise Wrong(f"n_params should be a whole number, but it is {candidate}.")
    if value == want:
        return
    no_bias = 3 * 3 * 28 + 13 * 13 * 28 * 128 + 128 * 10
    slips = {
        no_bias: "you left out the biases: every filter and every Dense unit has one more parameter.",
        280
        + 26 * 26 * 28 * 128
        + 128
        + 1290: "that flattens 26×26 maps: the pooling halves them to 13×13 first.",
        280 + 28 * 28 * 28 * 128 + 128 + 1290: "a 3×3 'valid' convolution makes 26×26 maps from 28×28, and "
        "pooling halves them to 13×13.",
        280 + 13 * 13 * 128 + 128 + 1290: "Flatten gives 13 × 13 × 28 numbers: one per position AND filter.",
        280 + 605_824 + 128 * 10: "the last Dense layer has 10 biases too.",
        280
        + 605_824
        + 1290
        + 128: "the Dropout layer has no parameters: it only switches units off while training.",
    }
    if value in slips:
        raise Wrong(slips[value])
    raise Wrong(
        f"{value:,} is not it. Add up each layer: Conv2D (3·3·1 + 1)·28, pooling and Flatten 0, "
        "Dense(128) inputs·128 + 128, Dense(10) 128·10 + 10. model.summary() shows each layer's count."
    )


# ---------------------------------------------------------------------- 07.make_augmentation
_NEEDED = {
    "RandomRotation": "rotation (keras.layers.RandomRotation)",
    "RandomTranslation": "shift (keras.layers.RandomTranslation)",
    "RandomZoom": "zoom (keras.layers.RandomZoom)",
    "GaussianNoise": "noise (keras.layers.GaussianNoise)",
    "RandomErasing": "occlusion (keras.layers.RandomErasing)",
}


def _test_augmentation(candidate):
    keras = import_keras()
    pipe = candidate()
    if not isinstance(pipe, keras.layers.Layer):
        raise Wrong(
            "make_augmentation() should return a Keras layer, e.g. keras.Sequential([...]) of "
            f"preprocessing layers, but it returns {_what(pipe)}."
        )
    layers = list(getattr(pipe, "layers", [pipe]))
    kinds = {type(layer).__name__: layer for layer in layers}
    missing = [words for name, words in _NEEDED.items() if name not in kinds]
    if missing:
        raise Wrong(f"the pipeline is missing {', '.join(missing)}.")
    rot = kinds["RandomRotation"].get_config()
    factor = rot["factor"]
    high = max(abs(float(f)) for f in (factor if isinstance(factor, (list, tuple)) else [factor]))
    if abs(high - 15 / 360) > 1e-6:
        raise Wrong(
            f"the rotation should be up to ±15 degrees, but its factor is {high:g} ({high * 360:g} degrees): "
            "RandomRotation's factor is a fraction of a full turn, so 15 degrees is 15 / 360."
        )
    for name in ("RandomRotation", "RandomTranslation", "RandomZoom"):
        cfg = kinds[name].get_config()
        if cfg.get("fill_mode") != "constant" or float(cfg.get("fill_value", 0)) != 0.0:
            raise Wrong(
                f"{name} fills the uncovered corners with {cfg.get('fill_mode')!r}; for digits on black use "
                "fill_mode='constant' (with fill_value=0), or mirrored strokes appear at the edges."
            )
    x = np.random.RandomState(0).rand(4, 28, 28, 1).astype(np.float32)
    same = np.asarray(pipe(x, training=False))
    if same.shape != x.shape or not np.allclose(same, x, atol=1e-6):
        raise Wrong("outside training (training=False) the pipeline should leave images unchanged.")
    changed = np.asarray(pipe(x, training=True))
    if changed.shape != x.shape:
        raise Wrong(f"the pipeline should keep the shape (N, 28, 28, 1), but it gives {changed.shape}.")
    if np.allclose(changed, x):
        raise Wrong("with training=True the pipeline should change the images, but they came out the same.")


# ---------------------------------------------------------------------------- 07.top_k_accuracy
def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _topk_cases():
    rng = np.random.RandomState(7)
    probs = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3], [0.2, 0.3, 0.5], [0.7, 0.1, 0.2]])
    labels = np.array([2, 2, 0, 0])
    cases = [
        Case((labels, probs, 1), "4 samples of 3 classes, k=1 (plain accuracy: 1 of 4)"),
        Case((labels, probs, 2), "the same 4 samples, k=2 (3 of 4)"),
    ]
    for n, c, k in [(50, 10, 1), (50, 10, 3), (40, 10, 5), (30, 4, 4)]:
        cases.append(
            Case((rng.randint(0, c, n), _softmax(rng.randn(n, c) * 2), k), f"{n} samples, {c} classes, k={k}")
        )
    return cases


def _topk_diagnose(got, want, case):
    y, p, k = case.args
    g = float(np.asarray(got))
    n = len(y)
    if np.isclose(g, want * n):
        return "That is a count; divide by the number of samples to get a fraction."
    lowest = np.argsort(p, axis=1)[:, :k]
    if np.isclose(g, np.mean(np.any(lowest == y[:, None], axis=1))):
        return "np.argsort sorts from smallest to largest: take the LAST k columns (or sort -probabilities)."
    if k > 1 and np.isclose(g, np.mean(np.argmax(p, axis=1) == y)):
        return "That is top-1 accuracy: count a sample as right when its label is among the k highest."
    return None


register(
    Exercise(
        "07.build_deck004_model",
        reference=cnn.deck004_model,
        cases=lambda: [Case((), "build_deck004_model()")],
        agree=lambda got, want, case: True,  # the test below compares layer by layer
        test=_test_deck_model,
        hint="a keras.Sequential list that starts with keras.Input for 28×28 images of one channel, "
        "then the deck's six layers in order (Conv2D with 28 filters of 3×3, MaxPooling2D, …); "
        "no input_shape= on any layer.",
    )
)
register(
    Exercise(
        "07.n_params",
        reference=cnn.deck004_param_count,
        test=_test_n_params,
        kind="value",
        hint="a Conv2D layer has (3·3·1 + 1) parameters per filter; a Dense layer inputs·units + units.",
        solution="n_params = (3 * 3 * 1 + 1) * 28 + (13 * 13 * 28 * 128 + 128) + (128 * 10 + 10)",
    )
)
register(
    Exercise(
        "07.make_augmentation",
        reference=cnn.augmentation_pipeline,
        cases=lambda: [Case((), "make_augmentation()")],
        agree=lambda got, want, case: True,
        test=_test_augmentation,
        hint="keras.Sequential([layers.RandomRotation(15 / 360, fill_mode='constant'), "
        "layers.RandomTranslation(0.1, 0.1, fill_mode='constant'), …]).",
    )
)
register(
    Exercise(
        "07.top_k_accuracy",
        reference=metrics.top_k_accuracy,
        cases=_topk_cases,
        diagnose=_topk_diagnose,
        hint="np.argsort(-probabilities, axis=1)[:, :k] are the k most probable classes of each row; "
        "is the true label among them? Average that over the samples.",
    )
)
