"""Notebook 07: a convolutional network for MNIST in Keras 3, looked inside and stress-tested.

Tested reference code that the notebook builds step by step and later notebooks reuse (08 reuses the
model builders, which are plain functions returning a new, uncompiled ``keras.Sequential``).

    prepare_images        uint8 (N, 28, 28) -> float32 (N, 28, 28, 1) in [0, 1]   (deck 004's steps)
    deck004_model         Conv2D(28, 3×3) → MaxPooling2D → Flatten → Dense(128) → Dropout → Dense(10)
    better_model          two conv blocks with ReLU, pooling, batch norm and dropout
    cosine_decay          the better model's learning-rate schedule: from a peak down to 0 by the last step
    mlp_model             a fully connected network, for the parameter count comparison
    conv2d_param_count, dense_param_count, deck004_param_count   parameters by hand
    augmentation_pipeline rotation, shift, zoom, noise and occlusion as Keras preprocessing layers
    progress_callback     a Keras callback that calls a function of yours after every epoch
    most_confused_pairs, conv_layer_names, feature_maps, first_layer_filters
    rotate_images, change_images, robustness_sweep   (notebook 01's challenges, from utils.transforms)
    prepare_digit         a learner's drawing (text grid or array) or uploaded image file -> 28×28
    save_model, load_model   the ``.keras`` format

Nothing here draws; the figures are in :mod:`utils.figures.nb07` and :mod:`utils.plotting`.
Top-k accuracy lives with the other measures in :func:`utils.metrics.top_k_accuracy`.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from . import transforms
from ._validate import (
    CourseInputError,
    CourseTypeError,
    as_array,
    check_choice,
    check_int,
    describe,
)
from .env import import_keras
from .images import to_grayscale
from .metrics import as_labels

__all__ = [
    "DECK004_INDEX",
    "prepare_images",
    "deck004_model",
    "better_model",
    "mlp_model",
    "compile_model",
    "cosine_decay",
    "conv2d_param_count",
    "dense_param_count",
    "deck004_param_count",
    "augmentation_pipeline",
    "progress_callback",
    "train_model",
    "most_confused_pairs",
    "conv_layer_names",
    "feature_maps",
    "first_layer_filters",
    "rotate_images",
    "CHANGES",
    "change_images",
    "robustness_sweep",
    "prepare_digit",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_PIXELS",
    "save_model",
    "load_model",
]

DECK004_INDEX = 4444
"""The test image deck 004 predicts (``x_test[4444]``), when the test set has that many images."""

IMAGE_SHAPE = (28, 28, 1)


def _keras():
    return import_keras()


# ------------------------------------------------------------------------------------ data
def prepare_images(images) -> np.ndarray:
    """Deck 004's preparation: reshape to (N, 28, 28, 1), make float32, divide by 255.

    images: a stack (N, H, W) of uint8 pixels 0..255 (or (N, H, W, 1)).  Returns float32 in [0, 1],
    a new array (the input is not changed).

    Taught in 07 · Prepare the data.
    """
    x = as_array(
        images,
        "images",
        ndim=(3, 4),
        dtype_kind="uif",
        hint="Pass a stack of grayscale images, shape (N, 28, 28), e.g. `x_train`.",
    )
    if x.ndim == 4 and x.shape[-1] != 1:
        raise CourseInputError(
            f"`images` should be grayscale, (N, H, W) or (N, H, W, 1), but got {describe(x)}. "
            "For colour images take one channel or use utils.images.to_grayscale first."
        )
    if len(x) == 0:
        raise CourseInputError("`images` is empty: pass at least one image.")
    if x.dtype.kind == "f" and float(np.max(x)) <= 1.0 and float(np.min(x)) >= 0.0:
        raise CourseInputError(
            "`images` is already scaled to [0, 1]; dividing by 255 again would make it almost black. "
            "Pass the raw uint8 pixels (0..255), or use the prepared images as they are."
        )
    out = x.reshape(len(x), x.shape[1], x.shape[2], 1).astype(np.float32)
    return out / np.float32(255.0)


# ---------------------------------------------------------------------------------- models
def _check_shape(input_shape):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise CourseInputError(
            "`input_shape` should be (height, width, channels), like (28, 28, 1), "
            f"but got {describe(input_shape)}."
        )
    return tuple(check_int(v, "each number of `input_shape`", low=1) for v in input_shape)


def _check_rate(rate, name="dropout") -> float:
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating, np.integer)):
        raise CourseTypeError(f"`{name}` should be a fraction such as 0.25, but got {describe(rate)}.")
    rate = float(rate)
    if not 0.0 <= rate < 1.0:
        raise CourseInputError(
            f"`{name}` is the fraction of units switched off while training: at least 0 and below 1, "
            f"but got {rate}."
        )
    return rate


def deck004_model(input_shape=IMAGE_SHAPE, n_classes: int = 10):
    """Deck 004's model in Keras 3 (``keras.Input`` instead of ``input_shape=``), not compiled.

    Conv2D(28, 3×3) with NO activation → MaxPooling2D(2×2) → Flatten → Dense(128, ReLU) →
    Dropout(0.2) → Dense(n_classes, softmax).  607,394 parameters for 28×28×1 inputs and 10 classes.

    Taught in 07 · Deck 004's model in Keras 3.
    """
    keras = _keras()
    layers = keras.layers
    shape = _check_shape(input_shape)
    n_classes = check_int(n_classes, "n_classes", low=2)
    return keras.Sequential(
        [
            keras.Input(shape=shape),
            layers.Conv2D(28, kernel_size=(3, 3)),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(n_classes, activation="softmax"),
        ],
        name="deck004",
    )


def better_model(
    filters: int = 32,
    dropout: float = 0.3,
    augmentation=None,
    input_shape=IMAGE_SHAPE,
    n_classes: int = 10,
):
    """Two conv blocks (3×3 conv with ReLU, 2×2 max pooling, batch norm), then dropout and two dense layers.

    filters: filters of the first block (the second has twice as many).  dropout: the rate of both
    Dropout layers.  augmentation: optional Keras layer (e.g. :func:`augmentation_pipeline`) put first;
    it changes the images only while training.  Not compiled; train it with :func:`cosine_decay`'s
    schedule (benchmarks/nb07.py: past 0.92 on the real Fashion-MNIST within 2 minutes on 2 CPU
    cores, 0.927 after 8 epochs).

    Shapes for 28×28 inputs: conv 26×26 → pool 13×13 → conv with 'same' padding 13×13 → pool 6×6,
    so Flatten gives 6·6·2·filters numbers.  The second conv keeps its border ('same'): with 'valid'
    the maps shrink to 5×5 and the model, on the same time budget, stayed about half a point lower.
    Batch norm comes *after* pooling: it has a quarter of the numbers to normalise there, which made
    an epoch on 2 CPU cores faster than conv → batch norm → pooling, at the same accuracy.
    Its running averages use momentum 0.9 (Keras' default 0.99 adapts too slowly for a few hundred
    training steps).  315,530 parameters with the defaults (192 of them are batch norm's running
    means and variances, which are not trained).

    Taught in 07 · A better model.
    """
    keras = _keras()
    layers = keras.layers
    shape = _check_shape(input_shape)
    filters = check_int(filters, "filters", low=1, high=512)
    rate = _check_rate(dropout)
    n_classes = check_int(n_classes, "n_classes", low=2)
    stack = [keras.Input(shape=shape)]
    if augmentation is not None:
        if not isinstance(augmentation, keras.layers.Layer):
            raise CourseTypeError(
                f"`augmentation` should be a Keras layer such as cnn.augmentation_pipeline(), "
                f"or None, but got {describe(augmentation)}."
            )
        stack.append(augmentation)
    for n, padding in ((filters, "valid"), (2 * filters, "same")):
        stack += [
            layers.Conv2D(n, kernel_size=(3, 3), padding=padding, activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.BatchNormalization(momentum=0.9),
        ]
    stack += [
        layers.Flatten(),
        layers.Dropout(rate),
        layers.Dense(128, activation="relu"),
        layers.Dropout(rate),
        layers.Dense(n_classes, activation="softmax"),
    ]
    return keras.Sequential(stack, name="better")


def mlp_model(hidden=(512, 512), dropout: float = 0.2, input_shape=IMAGE_SHAPE, n_classes: int = 10):
    """A fully connected network: Flatten → Dense(h, ReLU) → Dropout for each h in ``hidden`` → softmax.

    With the defaults 669,706 parameters (784·512 + 512 + 512·512 + 512 + 512·10 + 10).  Not compiled.

    Taught in 07 · A better model (the parameter counts next to a CNN's).
    """
    keras = _keras()
    layers = keras.layers
    shape = _check_shape(input_shape)
    if isinstance(hidden, (int, np.integer)):
        hidden = (hidden,)
    if not isinstance(hidden, (tuple, list)) or not hidden:
        raise CourseTypeError(
            f"`hidden` should be a tuple of layer sizes like (512, 512), but got {describe(hidden)}."
        )
    sizes = [check_int(h, "each size in `hidden`", low=1) for h in hidden]
    rate = _check_rate(dropout)
    stack = [keras.Input(shape=shape), layers.Flatten()]
    for h in sizes:
        stack += [layers.Dense(h, activation="relu"), layers.Dropout(rate)]
    stack.append(layers.Dense(check_int(n_classes, "n_classes", low=2), activation="softmax"))
    return keras.Sequential(stack, name="mlp")


def _check_learning_rate(learning_rate) -> float:
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.floating)):
        raise CourseTypeError(
            f"`learning_rate` should be a number such as 0.001, got {describe(learning_rate)}."
        )
    if not 0 < float(learning_rate) <= 1:
        raise CourseInputError(
            f"`learning_rate` should be above 0 and at most 1 (try 0.001), got {learning_rate}."
        )
    return float(learning_rate)


def cosine_decay(peak: float, epochs: int, n_train: int, batch_size: int = 128):
    """A learning rate that starts at ``peak`` and falls along half a cosine to 0 at the last step.

    Big steps while the network is far from good, ever smaller ones as it settles: with Adam at a
    fixed 0.001, the better model stalls near 0.90 on Fashion-MNIST; with this schedule (peak 0.002)
    it passes 0.92 in the same few epochs.  The schedule must know how many steps there will be:
    epochs · ceil(n_train / batch_size), so give it the ``epochs`` you will train for.
    Returns a ``keras.optimizers.schedules.CosineDecay`` to pass as Adam's ``learning_rate`` (or to
    :func:`compile_model` and :func:`train_model`).

        >>> schedule = cosine_decay(0.002, epochs=5, n_train=4000)   # 5 · 32 = 160 steps
        >>> [round(float(schedule(step)), 6) for step in (0, 80, 160)]
        [0.002, 0.001, 0.0]

    Taught in 07 · A better model.
    """
    keras = _keras()
    peak = _check_learning_rate(peak)
    epochs = check_int(epochs, "epochs", low=1, high=1000)
    n_train = check_int(n_train, "n_train", low=1)
    batch_size = check_int(batch_size, "batch_size", low=1, high=100_000)
    steps = epochs * -(-n_train // batch_size)
    return keras.optimizers.schedules.CosineDecay(peak, decay_steps=steps)


def compile_model(model, learning_rate=1e-3):
    """Compile like deck 004: Adam, sparse categorical cross-entropy, accuracy.  Returns the model.

    learning_rate: a number (Adam's step size throughout), or a schedule such as :func:`cosine_decay`'s.

    Taught in 07 · Deck 004's model in Keras 3.
    """
    keras = _keras()
    if not isinstance(model, keras.Model):
        raise CourseTypeError(f"`model` should be a Keras model, but got {describe(model)}.")
    if not isinstance(learning_rate, keras.optimizers.schedules.LearningRateSchedule):
        learning_rate = _check_learning_rate(learning_rate)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


# ----------------------------------------------------------------------- parameters by hand
def conv2d_param_count(kernel_size, in_channels: int, filters: int, bias: bool = True) -> int:
    """A Conv2D layer's parameters: (kh · kw · in_channels + 1) · filters (the +1 is each filter's bias).

    kernel_size: an int (square kernel) or (kh, kw).

    Taught in 07 · Deck 004's model in Keras 3 (its parameter count by hand).
    """
    if isinstance(kernel_size, (tuple, list)):
        if len(kernel_size) != 2:
            raise CourseInputError(
                f"`kernel_size` should be one number or (height, width), got {describe(kernel_size)}."
            )
        kh, kw = (check_int(k, "kernel_size", low=1) for k in kernel_size)
    else:
        kh = kw = check_int(kernel_size, "kernel_size", low=1)
    c = check_int(in_channels, "in_channels", low=1)
    k = check_int(filters, "filters", low=1)
    return (kh * kw * c + (1 if bias else 0)) * k


def dense_param_count(n_in: int, n_out: int, bias: bool = True) -> int:
    """A Dense layer's parameters: n_in · n_out weights plus n_out biases.

    Taught in 07 · Deck 004's model in Keras 3 (its parameter count by hand).
    """
    n_in = check_int(n_in, "n_in", low=1)
    n_out = check_int(n_out, "n_out", low=1)
    return n_in * n_out + (n_out if bias else 0)


def deck004_param_count(height: int = 28, width: int = 28, n_classes: int = 10) -> int:
    """Deck 004's parameters by hand: 280 + 0 + 0 + 605,824 + 0 + 1,290 = 607,394 for MNIST.

    Conv2D(28, 3×3) on 1 channel: (3·3·1 + 1)·28 = 280.  A 'valid' 3×3 conv makes 26×26, pooling
    halves it to 13×13, Flatten gives 13·13·28 = 4,732 numbers; Dense(128): 4,732·128 + 128;
    Dense(10): 128·10 + 10.  Pooling, Flatten and Dropout have no parameters.

    Taught in 07 · Deck 004's model in Keras 3.
    """
    h = check_int(height, "height", low=4)
    w = check_int(width, "width", low=4)
    conv = conv2d_param_count(3, 1, 28)
    flat = ((h - 2) // 2) * ((w - 2) // 2) * 28
    return (
        conv + dense_param_count(flat, 128) + dense_param_count(128, check_int(n_classes, "n_classes", low=2))
    )


# ---------------------------------------------------------------------------- augmentation
def augmentation_pipeline(
    rotation: float = 15.0,
    shift: float = 0.1,
    zoom: float = 0.1,
    noise: float = 0.05,
    occlusion: float = 0.5,
    seed: int = 0,
):
    """Random changes to training images, as Keras preprocessing layers (active only while training).

    rotation: up to ± this many degrees (RandomRotation's factor is a fraction of a full turn, so
    degrees / 360).  shift: up to ± this fraction of the height and width (RandomTranslation).  zoom:
    up to ± this fraction (RandomZoom).  Corners that come into view are black (fill_mode
    "constant"), the MNIST background.  occlusion: the probability that a rectangle of 2–20 % of the
    image is covered with flat mid-gray (0.5), like notebook 01's occlusion (RandomErasing).  noise:
    the standard deviation of added Gaussian noise, on the [0, 1] pixel scale.  A change set to 0 is
    left out.  Returns a ``keras.Sequential`` named "augmentation".

    Taught in 07 · Data augmentation.
    """
    keras = _keras()
    layers = keras.layers
    values = {}
    for name, v, high in [
        ("rotation", rotation, 180),
        ("shift", shift, 1),
        ("zoom", zoom, 1),
        ("noise", noise, 1),
        ("occlusion", occlusion, 1),
    ]:
        if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)):
            raise CourseTypeError(f"`{name}` should be a number, but got {describe(v)}.")
        if not 0 <= float(v) <= high:
            raise CourseInputError(f"`{name}` should be between 0 and {high}, but got {v}.")
        values[name] = float(v)
    seed = check_int(seed, "seed", low=0)
    fill = {"fill_mode": "constant", "fill_value": 0.0}
    stack = []
    if values["rotation"]:
        stack.append(layers.RandomRotation(values["rotation"] / 360.0, seed=seed, **fill))
    if values["shift"]:
        stack.append(layers.RandomTranslation(values["shift"], values["shift"], seed=seed + 1, **fill))
    if values["zoom"]:
        stack.append(layers.RandomZoom(values["zoom"], values["zoom"], seed=seed + 2, **fill))
    if values["occlusion"]:
        stack.append(
            layers.RandomErasing(
                factor=values["occlusion"],
                scale=(0.02, 0.2),
                fill_value=0.5,
                value_range=(0, 1),
                seed=seed + 3,
            )
        )
    if values["noise"]:
        stack.append(layers.GaussianNoise(values["noise"], seed=seed + 4))
    return keras.Sequential(stack, name="augmentation")


# ------------------------------------------------------------------------------- training
def progress_callback(on_epoch):
    """A Keras callback that calls ``on_epoch(epoch, logs)`` after every epoch (epoch counts from 1).

    ``logs`` holds that epoch's numbers ("loss", "accuracy", "val_loss", …) as plain floats.  Use it
    to print progress or redraw a plot while a model trains; the drawing is up to ``on_epoch``.

    Taught in 07 · Training curves and early stopping (the hyperparameter widget draws with it).
    """
    keras = _keras()
    if not callable(on_epoch):
        raise CourseTypeError(f"`on_epoch` should be a function (epoch, logs), but got {describe(on_epoch)}.")

    class _Progress(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            on_epoch(epoch + 1, {k: float(v) for k, v in (logs or {}).items()})

    return _Progress()


def train_model(
    model,
    x,
    y,
    validation_data=None,
    epochs: int = 5,
    batch_size: int = 128,
    learning_rate=1e-3,
    on_epoch=None,
    early_stopping_patience: int | None = None,
    verbose: int = 0,
):
    """Compile ``model`` (Adam at ``learning_rate``: a number or a schedule) and fit it.

    Returns ``(history dict, seconds)``.

    x: prepared images (N, 28, 28, 1) float32; y: labels (N,).  validation_data: (x_val, y_val) or
    None.  on_epoch: optional function called after each epoch (see :func:`progress_callback`).
    early_stopping_patience: stop after this many epochs without a better validation loss, and keep
    the best weights.  The seconds are wall time of the fit.

    Used in 07 · Hyperparameters, live (the widget's runs) and by benchmarks/nb07.py.
    """
    keras = _keras()
    x = as_array(x, "x", ndim=4, dtype_kind="f", hint="Prepare the images first: cnn.prepare_images(x).")
    y = as_labels(y, "y", n=len(x))
    epochs = check_int(epochs, "epochs", low=1, high=1000)
    batch_size = check_int(batch_size, "batch_size", low=1, high=100_000)
    compile_model(model, learning_rate)
    callbacks = []
    if on_epoch is not None:
        callbacks.append(progress_callback(on_epoch))
    if early_stopping_patience is not None:
        if validation_data is None:
            raise CourseInputError("Early stopping watches the validation loss: pass `validation_data` too.")
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor="val_loss",
                patience=check_int(early_stopping_patience, "early_stopping_patience", low=0),
                restore_best_weights=True,
            )
        )
    start = time.perf_counter()
    history = model.fit(
        x,
        y,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=validation_data,
        callbacks=callbacks,
        verbose=verbose,
    )
    return {k: [float(v) for v in vals] for k, vals in history.history.items()}, time.perf_counter() - start


# ------------------------------------------------------------------------------ evaluation
def most_confused_pairs(cm, n: int = 5) -> list[tuple[int, int, int]]:
    """The ``n`` biggest mistakes of a confusion matrix: ``[(true class, predicted class, count), …]``.

    Off-diagonal cells only, largest count first (equal counts: smaller true class, then smaller
    predicted class first); cells with 0 are left out.

    Taught in 07 · Evaluate: which digits get confused?
    """
    c = as_array(
        cm, "cm", ndim=2, dtype_kind="ui", hint="Pass a confusion matrix from utils.metrics.confusion_matrix."
    )
    if c.shape[0] != c.shape[1]:
        raise CourseInputError(f"`cm` should be square (n_classes, n_classes), but has shape {c.shape}.")
    n = check_int(n, "n", low=1)
    pairs = [(int(c[t, p]), t, p) for t in range(len(c)) for p in range(len(c)) if t != p and c[t, p] > 0]
    pairs.sort(key=lambda v: (-v[0], v[1], v[2]))
    return [(t, p, count) for count, t, p in pairs[:n]]


# ------------------------------------------------------------------------- inside the net
def _check_model(model):
    keras = _keras()
    if not isinstance(model, keras.Model):
        raise CourseTypeError(f"`model` should be a Keras model, but got {describe(model)}.")
    return keras


def conv_layer_names(model) -> list[str]:
    """The names of the model's Conv2D layers, first to last.

    Taught in 07 · Inside the network.
    """
    keras = _check_model(model)
    return [layer.name for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]


def feature_maps(model, images, layers=None) -> dict[str, np.ndarray]:
    """What each conv layer outputs for ``images``: ``{layer name: array (N, H', W', filters)}``.

    images: prepared images (N, 28, 28, 1) float32 (or one image (28, 28, 1)).  layers: names to
    return (default: every Conv2D layer).  Runs the model in inference mode (no dropout, no
    augmentation).

    Taught in 07 · Inside the network.
    """
    keras = _check_model(model)
    x = as_array(images, "images", ndim=(3, 4), dtype_kind="f", hint="Prepare them: cnn.prepare_images(x).")
    if x.ndim == 3:
        x = x[None]
    names = conv_layer_names(model) if layers is None else list(layers)
    known = [layer.name for layer in model.layers]
    missing = [nm for nm in names if nm not in known]
    if missing:
        raise CourseInputError(f"The model has no layer {missing[0]!r}; its layers are {', '.join(known)}.")
    if not names:
        raise CourseInputError("The model has no Conv2D layer, so there are no feature maps to show.")
    probe = keras.Model(inputs=model.inputs[0], outputs=[model.get_layer(nm).output for nm in names])
    outs = probe(x, training=False)
    outs = outs if isinstance(outs, (list, tuple)) else [outs]
    return {nm: np.asarray(o) for nm, o in zip(names, outs, strict=True)}


def first_layer_filters(model) -> tuple[np.ndarray, np.ndarray]:
    """The first Conv2D layer's learned weights: kernels (kh, kw, C, K) in Keras' layout, and biases (K,).

    Taught in 07 · Inside the network.
    """
    names = conv_layer_names(model)
    if not names:
        raise CourseInputError("The model has no Conv2D layer.")
    weights = model.get_layer(names[0]).get_weights()
    bias = weights[1] if len(weights) > 1 else np.zeros(weights[0].shape[-1], np.float32)
    return np.asarray(weights[0]), np.asarray(bias)


# ------------------------------------------------------------------------- robustness
def _stack(images, name="images") -> np.ndarray:
    x = as_array(
        images, name, ndim=(3, 4), dtype_kind="uif", hint="Pass a stack of images (N, 28, 28), e.g. x_test."
    )
    if x.ndim == 4:
        if x.shape[-1] != 1:
            raise CourseInputError(
                f"`{name}` should be grayscale (N, H, W) or (N, H, W, 1), got {describe(x)}."
            )
        x = x[..., 0]
    return x


def rotate_images(images, angle: float) -> np.ndarray:
    """Turn every image of a stack (N, H, W) by ``angle`` degrees (counter-clockwise) about its centre.

    Corners that come into view are black (0); same shape and dtype as the input.

    Taught in 07 · How robust is it? (accuracy vs rotation angle).
    """
    from scipy import ndimage

    x = _stack(images)
    if isinstance(angle, bool) or not isinstance(angle, (int, float, np.integer, np.floating)):
        raise CourseTypeError(
            f"`angle` should be a number of degrees, such as 30, but got {describe(angle)}."
        )
    if float(angle) == 0:
        return x.copy()
    out = ndimage.rotate(
        x.astype(np.float64), float(angle), axes=(2, 1), reshape=False, order=1, mode="constant", cval=0.0
    )
    if x.dtype.kind in "ui":
        info = np.iinfo(x.dtype)
        out = np.clip(np.rint(out), info.min, info.max)
    return out.astype(x.dtype)


def _occlude(x, level):
    return np.stack([transforms.occlusion(img, level) for img in x])


def _darken(x, level):
    return np.stack([transforms.illumination(img, level) for img in x])


CHANGES = {
    "rotation": "degrees of rotation (cnn.rotate_images)",
    "occlusion": "strength of notebook 01's occlusion: a gray patch over 35 % × strength of the image",
    "brightness": "strength of notebook 01's illumination (darker): dimmer, lower-contrast ink",
}


def change_images(images, change: str, level: float) -> np.ndarray:
    """One of :data:`CHANGES` applied to every image of a stack (N, 28, 28) uint8: same shape and dtype.

    "rotation": ``level`` degrees.  "occlusion" and "brightness": notebook 01's challenges
    (:func:`utils.transforms.occlusion`, :func:`utils.transforms.illumination`) at strength ``level``
    from 0 to 1.

    Taught in 07 · How robust is it?
    """
    x = _stack(images)
    kind = check_choice(change, "change", tuple(CHANGES))
    if kind == "rotation":
        return rotate_images(x, level)
    return (_occlude if kind == "occlusion" else _darken)(x, level)


def robustness_sweep(model, images, labels, change: str, levels):
    """Test accuracy on changed copies of ``images``: ``[{"level": v, "accuracy": a}, …]``.

    model: a Keras model, or a dict {name: model} to measure several on the same changed images
    (then the result is {name: rows}).  images: raw uint8 stack (N, 28, 28); labels (N,); change: a
    key of :data:`CHANGES`; levels: the values to try (degrees for rotation, strengths 0..1 otherwise).

    Taught in 07 · How robust is it?
    """
    models = model if isinstance(model, dict) else {"model": model}
    for m in models.values():
        _check_model(m)
    x = _stack(images)
    y = as_labels(labels, "labels", n=len(x))
    check_choice(change, "change", tuple(CHANGES))
    if isinstance(levels, (str, bytes)) or not hasattr(levels, "__iter__"):
        raise CourseTypeError(
            f"`levels` should be a list of numbers, such as [0, 15, 30], but got {describe(levels)}."
        )
    rows = {name: [] for name in models}
    for level in levels:
        changed = prepare_images(change_images(x, change, level))
        for name, m in models.items():
            probs = m.predict(changed, verbose=0, batch_size=500)
            rows[name].append(
                {"level": float(level), "accuracy": float(np.mean(np.argmax(probs, axis=1) == y))}
            )
    return rows if isinstance(model, dict) else rows["model"]


# -------------------------------------------------------------------------- a learner's digit
MAX_UPLOAD_BYTES = 20 * 2**20
"""Uploaded files above 20 MiB are refused with a message (a digit needs a few kilobytes)."""
MAX_UPLOAD_PIXELS = 40_000_000
"""Images above 40 megapixels are refused with a message (crop or shrink the photo first)."""

_INK = set("#XxO*@1")
_BLANK = set(".-_ 0")


def _from_text(drawing: str) -> np.ndarray:
    rows = [r.rstrip() for r in drawing.strip("\n").splitlines()]
    rows = [r for r in rows if r.strip()] or [""]
    width = max(len(r) for r in rows)
    bad = sorted({ch for r in rows for ch in r} - _INK - _BLANK)
    if bad:
        raise CourseInputError(
            f"The drawing contains {''.join(bad)[:10]!r}: draw ink with # and leave the background as . "
            "(one text line per row)."
        )
    return np.array([[255 if ch in _INK else 0 for ch in r.ljust(width)] for r in rows], dtype=np.uint8)


def prepare_digit(source) -> np.ndarray:
    """Turn a learner's digit into a 28×28 uint8 image the way MNIST's digits were made.

    source: a text drawing (rows of ``#`` for ink and ``.`` for background) or an image array (H, W)
    or (H, W, 3), e.g. an uploaded file decoded by :func:`utils.widgets.decode_image`.  Steps:
    grayscale; if the background is light (dark ink on paper), invert it; stretch to 0..255; crop
    to the ink; resize so the longer side is 20 pixels; paste into 28×28 with the ink's centre of
    mass at the centre.
    An empty drawing or a huge photo (over :data:`MAX_UPLOAD_PIXELS`) gives a message saying what to do.

    Taught in 07 · Save, reload, and classify your own digit.
    """
    from PIL import Image

    if isinstance(source, str):
        img = _from_text(source)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        raise CourseTypeError(
            "`source` is the bytes of a file: decode it first with utils.widgets.decode_image(data), "
            "then pass the image array."
        )
    else:
        img = as_array(
            source,
            "source",
            ndim=(2, 3),
            dtype_kind="uifb",
            hint="Pass a text drawing, an image (H, W) or (H, W, 3), or the bytes of an image file.",
        )
    if img.shape[0] * img.shape[1] > MAX_UPLOAD_PIXELS:
        raise CourseInputError(
            f"That picture is huge ({img.shape[1]}×{img.shape[0]} pixels, over {MAX_UPLOAD_PIXELS / 1e6:.0f} "
            "megapixels). Crop it around the digit (or shrink it) and try again."
        )
    if img.ndim == 3:
        if img.shape[-1] not in (1, 3, 4):
            raise CourseInputError(f"A colour image should be (H, W, 3), but got {describe(img)}.")
        img = img[..., 0] if img.shape[-1] == 1 else to_grayscale(img[..., :3])
    g = img.astype(np.float64)
    if g.size == 0 or not np.all(np.isfinite(g)):
        raise CourseInputError("The digit image is empty or holds NaN values; draw or upload a digit.")
    if np.median(g) > (g.min() + g.max()) / 2:  # a light background: dark ink on paper
        g = g.max() - g
    g = g - np.median(g)  # the background goes to 0
    g = np.clip(g, 0, None)
    if g.max() <= 0 or (g > 0.25 * g.max()).sum() < 3:
        raise CourseInputError(
            "The drawing is empty (no ink found). Draw a digit with # characters, or upload a picture "
            "of a digit: dark on light or light on dark."
        )
    g = g / g.max() * 255.0
    rows, cols = np.nonzero(g > 0.25 * 255)
    g = g[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    h, w = g.shape
    factor = 20.0 / max(h, w)
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    small = np.asarray(
        Image.fromarray(g.astype(np.float32), mode="F").resize(
            size, Image.BILINEAR if factor > 1 else Image.BOX
        )
    )
    small = np.clip(small, 0, 255)
    out = np.zeros((28, 28), np.float64)
    total = small.sum()
    rr, cc = np.indices(small.shape)
    com_r, com_c = (rr * small).sum() / total, (cc * small).sum() / total
    top = int(np.clip(round(13.5 - com_r), 0, 28 - small.shape[0]))
    left = int(np.clip(round(13.5 - com_c), 0, 28 - small.shape[1]))
    out[top : top + small.shape[0], left : left + small.shape[1]] = small
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


# ---------------------------------------------------------------------------- save and load
def _keras_path(path, must_exist: bool) -> Path:
    if not isinstance(path, (str, Path)):
        raise CourseTypeError(
            f"`path` should be a file name such as 'digits.keras', but got {describe(path)}."
        )
    p = Path(path)
    if p.suffix != ".keras":
        raise CourseInputError(
            "Keras 3 saves whole models in the .keras format: name the file like 'digits.keras', "
            f"not {p.name!r}."
        )
    if must_exist and not p.is_file():
        raise CourseInputError(
            f"There is no saved model at {str(p)!r}: save one first with cnn.save_model(model, path)."
        )
    return p


def save_model(model, path) -> Path:
    """Save the whole model (architecture, weights, optimizer state) in one ``.keras`` file; returns its path.

    Taught in 07 · Save, reload, and classify your own digit.
    """
    _check_model(model)
    p = _keras_path(path, must_exist=False)
    p.parent.mkdir(parents=True, exist_ok=True)
    model.save(p)
    return p


def load_model(path):
    """Load a model saved with :func:`save_model` (``keras.models.load_model``).

    Taught in 07 · Save, reload, and classify your own digit.
    """
    return _keras().models.load_model(_keras_path(path, must_exist=True))
