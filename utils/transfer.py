"""Transfer learning: pretrained models, what their inputs and outputs mean, and reusing them.

Notebook 08 teaches, and this module is its tested reference code:

* **ImageNet models from the model zoo** (``keras.applications``): :func:`load_imagenet_model`
  builds one with ImageNet weights when they can be had (in the Keras cache, or downloadable when
  online) and otherwise says so plainly and builds the architecture only (random weights: right for
  parameter counts and timings, meaningless for predictions, which :func:`predict_top` refuses).
* **Inputs and outputs**: :func:`prepare_image` (any photo → the model's input size),
  :func:`preprocess` (each model's own ``preprocess_input``), :func:`softmax` (logits →
  probabilities), :func:`predict_top` (``decode_predictions``' rows: class name, probability, id).
* **Comparing models**: :func:`compare_models` (parameters, file size and top-1 from the Keras
  documentation, inference time measured here); :func:`vgg_blocks` and :func:`stacked_3x3`
  (VGG16: smaller filters, deeper); :func:`conv_mult_adds` (MobileNet's depthwise-separable saving).
* **Reusing a network**: :func:`freeze_all_but_top` and :func:`trainable_params` (which layers learn),
  :func:`build_head` (a new classifier on top), :func:`build_transfer_model` (frozen base → pooling →
  head, batch norm kept in inference mode).
* **Transfer that works offline**: the course's own small CNN (:func:`build_course_cnn`), pretrained
  on Fashion-MNIST classes 0–4 by ``tools/pretrain_course_cnn.py`` and shipped in ``data/pretrained/``
  (:func:`load_course_cnn` checks its SHA-256), reused for classes 5–9 with 1, 5, 10 or 50 examples
  per class: :func:`run_transfer_experiment` (from scratch vs frozen features + new head vs fine-tuning).
* **Embeddings** for notebook 09: :func:`feature_extractor` (MobileNetV2's penultimate layer when
  its ImageNet weights can be had, else the course CNN's, and it says which and why).

Nothing here draws; figures are in ``utils/figures/nb08.py``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import cache
from ._validate import as_array, as_image, check_choice, check_int, describe
from .env import data_mode, import_keras
from .errors import CourseInputError, CourseTypeError

_ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------------------ the model zoo
KERAS_DOCS_URL = "https://keras.io/api/applications/"


@dataclass(frozen=True)
class Architecture:
    """One ``keras.applications`` model and what the Keras documentation says about it.

    ``builder`` and ``module`` name ``keras.applications.<builder>`` and
    ``keras.applications.<module>`` (whose ``preprocess_input`` the model needs).  ``size_mb``,
    ``top1``, ``top5`` and ``params_m`` are the documentation's table (ImageNet validation set,
    224×224 input).  ``weights`` / ``weights_notop`` are the files Keras caches in
    ``$KERAS_HOME/models/``.

    Used in 08 · A model comparison.
    """

    name: str
    builder: str
    module: str
    size_mb: int
    top1: float
    top5: float
    params_m: float
    weights: str
    weights_notop: str
    input_range: str


ARCHITECTURES: dict[str, Architecture] = {
    a.name: a
    for a in [
        Architecture(
            "MobileNetV2",
            "MobileNetV2",
            "mobilenet_v2",
            14,
            0.713,
            0.901,
            3.5,
            "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5",
            "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
            "scaled to -1..1",
        ),
        Architecture(
            "EfficientNetB0",
            "EfficientNetB0",
            "efficientnet",
            29,
            0.771,
            0.933,
            5.3,
            "efficientnetb0.h5",
            "efficientnetb0_notop.h5",
            "0..255 (the model rescales inside)",
        ),
        Architecture(
            "ResNet50",
            "ResNet50",
            "resnet50",
            98,
            0.749,
            0.921,
            25.6,
            "resnet50_weights_tf_dim_ordering_tf_kernels.h5",
            "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "BGR, ImageNet mean subtracted",
        ),
        Architecture(
            "VGG16",
            "VGG16",
            "vgg16",
            528,
            0.713,
            0.901,
            138.4,
            "vgg16_weights_tf_dim_ordering_tf_kernels.h5",
            "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "BGR, ImageNet mean subtracted",
        ),
    ]
}
CLASS_INDEX_FILE = "imagenet_class_index.json"
"""The 1,000 ImageNet class names ``decode_predictions`` reads (cached in ``$KERAS_HOME/models/``)."""


def _architecture(name) -> Architecture:
    if isinstance(name, Architecture):
        return name
    if not isinstance(name, str):
        raise CourseTypeError(f"`name` should be a model name such as 'MobileNetV2', got {describe(name)}.")
    for key, arch in ARCHITECTURES.items():
        if name.lower().replace("_", "") == key.lower():
            return arch
    raise CourseInputError(
        f"`name` should be one of {', '.join(map(repr, ARCHITECTURES))}, but got {name!r}."
    )


def _weights_path(filename: str) -> Path:
    return cache.cache_dir() / "models" / filename


def _cached(filename: str) -> bool:
    """Is ``filename`` in the Keras cache and intact (checked by size/hash where the registry pins it)?"""
    entry = cache.REGISTRY.get(filename)
    if entry is not None:
        return cache.verify(entry)[0] in ("ok", "unpinned")
    path = _weights_path(filename)
    return path.is_file() and path.stat().st_size > 0


def imagenet_weights_status(name="MobileNetV2", include_top: bool = True) -> tuple[bool, str]:
    """``(available, why)``: can this model get its ImageNet weights now, without pretending?

    Available when the weights file is in the Keras cache (no network needed), or when the course
    is online (Keras downloads it on first use).  ``why`` says which, or why not, in plain words.

    Used in 08 · ImageNet and the model zoo, and by 09 (through :func:`feature_extractor`).
    """
    arch = _architecture(name)
    filename = arch.weights if include_top else arch.weights_notop
    path = _weights_path(filename)
    if _cached(filename):
        return True, f"{arch.name}'s ImageNet weights are in the Keras cache ({path})"
    offline, reason = data_mode()
    if offline:
        return False, (
            f"{arch.name}'s ImageNet weights are not available offline: {filename} is not in the Keras "
            f"cache ({path.parent}) and nothing can be downloaded ({reason})"
        )
    return True, f"{arch.name}'s ImageNet weights will be downloaded into the Keras cache ({path.parent})"


@dataclass
class LoadedModel:
    """A ``keras.applications`` model and whether it carries ImageNet weights.

    ``weights`` is "imagenet" or None (random: the architecture only); ``why`` says which and why.

    Used in 08 · ImageNet and the model zoo.
    """

    name: str
    model: object
    weights: str | None
    why: str
    input_size: int = 224

    @property
    def pretrained(self) -> bool:
        return self.weights == "imagenet"


@contextlib.contextmanager
def _keras_cache():
    """Keras reads and downloads weights under the course's cache folder for the duration."""
    from . import datasets

    cache.cache_dir().joinpath("models").mkdir(parents=True, exist_ok=True)
    with datasets._keras_pointed_at_cache():
        yield


def load_imagenet_model(
    name="MobileNetV2",
    *,
    include_top: bool = True,
    input_size: int = 224,
    pooling: str | None = None,
    classifier_activation: str | None = "softmax",
    verbose: bool = True,
) -> LoadedModel:
    """Build ``keras.applications.<name>`` with ImageNet weights when they can be had, else without.

    With the weights in the Keras cache, or online, the model is built with ``weights="imagenet"``.
    Otherwise it is built with ``weights=None`` and the message says plainly that its weights are
    random: good for parameter counts, the architecture and timings, never for predictions.
    ``classifier_activation=None`` gives logits instead of probabilities.  Prints one line.

    Taught in 08 · ImageNet and the model zoo.
    """
    arch = _architecture(name)
    input_size = check_int(input_size, "input_size", low=32, high=1024)
    keras = import_keras()
    builder = getattr(keras.applications, arch.builder)
    kwargs = {"include_top": include_top, "input_shape": (input_size, input_size, 3), "pooling": pooling}
    if include_top:
        kwargs["classifier_activation"] = classifier_activation
    available, why = imagenet_weights_status(arch, include_top)
    model, weights = None, None
    if available:
        try:
            with _keras_cache():
                model = builder(weights="imagenet", **kwargs)
            weights = "imagenet"
        except Exception as exc:  # no network after all, a size Keras has no weights for, …
            why = f"{arch.name}'s ImageNet weights could not be loaded ({type(exc).__name__}: {exc})"
    if model is None:
        model = builder(weights=None, **kwargs)
        why += (
            ". So this is the architecture only, with random weights: right for counting parameters "
            "and timing, meaningless for predictions (none are shown)"
        )
    loaded = LoadedModel(arch.name, model, weights, why + ".", input_size)
    if verbose:
        print(("✅ " if weights else "⚠ ") + loaded.why)
    return loaded


# ------------------------------------------------------------------------------ inputs, outputs
def _to_rgb_uint8(image, name: str = "image") -> np.ndarray:
    """One image as (H, W, 3) uint8: gray repeated, alpha dropped, 0..1 floats scaled to 0..255."""
    arr = as_image(image, name)
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise CourseInputError(f"`{name}` contains NaN or infinity; pass pixel values 0..255 (or 0..1).")
    if arr.ndim == 3 and arr.shape[-1] == 4:
        arr = arr[..., :3]
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim == 2:
        arr = np.repeat(arr[..., None], 3, axis=-1)
    if arr.dtype == np.uint8:
        return np.ascontiguousarray(arr)
    values = arr.astype(np.float64)
    if arr.dtype.kind == "b" or (arr.dtype.kind == "f" and values.max(initial=0.0) <= 1.0):
        values = values * 255.0
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


def _resize(rgb_or_gray: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize a uint8 image to (height, width) with Pillow (bilinear, anti-aliased)."""
    from PIL import Image

    img = Image.fromarray(rgb_or_gray)
    h, w = size
    if img.size != (w, h):
        if img.width > 4 * w and img.height > 4 * h:  # a huge photo: a fast reduce first
            img = img.reduce(max(1, min(img.width // (2 * w), img.height // (2 * h))))
        img = img.resize((w, h), Image.BILINEAR)
    return np.asarray(img)


def prepare_image(image, size: int = 224) -> np.ndarray:
    """One photo as the batch a 224×224 ImageNet model takes: (1, size, size, 3) float32, 0..255.

    Any size and (H, W) gray, (H, W, 3) or (H, W, 4) colour is accepted; the photo is resized to a
    square (its aspect ratio is not kept, as in the Keras examples).  No scaling yet: each model's
    :func:`preprocess` does that.

    Taught in 08 · ImageNet and the model zoo.
    """
    size = check_int(size, "size", low=1, high=4096)
    rgb = _to_rgb_uint8(image)
    return _resize(rgb, (size, size)).astype(np.float32)[None]


def preprocess(name, batch) -> np.ndarray:
    """Apply model ``name``'s own ``keras.applications.<module>.preprocess_input`` to a copy of ``batch``.

    MobileNetV2 scales 0..255 to -1..1; ResNet50 and VGG16 flip RGB to BGR and subtract the
    ImageNet mean colour; EfficientNetB0 passes 0..255 through (it rescales inside the model).

    Taught in 08 · ImageNet and the model zoo.
    """
    arch = _architecture(name)
    batch = as_array(batch, "batch", ndim=4, dtype_kind="uif", hint="Use prepare_image(photo) first.")
    keras = import_keras()
    module = getattr(keras.applications, arch.module)
    return np.asarray(module.preprocess_input(batch.astype(np.float32).copy()), dtype=np.float32)


def input_ranges(batch) -> list[tuple[str, float, float, str]]:
    """``[(model, min, max, what preprocess_input does), …]`` for one prepared batch, every model.

    Taught in 08 · ImageNet and the model zoo.
    """
    rows = []
    for arch in ARCHITECTURES.values():
        out = preprocess(arch, batch)
        rows.append((arch.name, float(out.min()), float(out.max()), arch.input_range))
    return rows


def softmax(logits, axis: int = -1) -> np.ndarray:
    """Probabilities from logits: exp(z - max z), divided by their sum (stable for large z).

    Taught in 08 · Logits and softmax.
    """
    z = as_array(logits, "logits", dtype_kind="uif").astype(np.float64)
    if z.ndim == 0:
        raise CourseInputError("`logits` should be a vector of scores, one per class, not one number.")
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def predict_top(loaded: LoadedModel, image, k: int = 5) -> list[tuple[str, float, int]]:
    """The top-``k`` ImageNet classes for one photo: ``[(class name, probability, class id), …]``.

    Uses ``preprocess_input`` and ``decode_predictions`` of the model's module.  Refuses a model
    without ImageNet weights: random weights give random "predictions", which mean nothing.

    Taught in 08 · ImageNet and the model zoo.
    """
    if not isinstance(loaded, LoadedModel):
        raise CourseTypeError(f"`loaded` should come from load_imagenet_model(...), got {describe(loaded)}.")
    if not loaded.pretrained:
        raise CourseInputError(
            f"{loaded.name} has random weights here (no ImageNet weights could be had), so its "
            "predictions would mean nothing. Run this where the weights are cached or online."
        )
    k = check_int(k, "k", low=1, high=1000)
    keras = import_keras()
    module = getattr(keras.applications, _architecture(loaded.name).module)
    batch = preprocess(loaded.name, prepare_image(image, loaded.input_size))
    probs = np.asarray(loaded.model(batch, training=False))
    if not np.allclose(probs.sum(axis=-1), 1.0, atol=1e-3):  # a model built for logits
        probs = softmax(probs)
    with _keras_cache():
        decoded = module.decode_predictions(probs, top=k)[0]
    index = np.argsort(-probs[0])[:k]
    return [(label, float(p), int(i)) for (_, label, p), i in zip(decoded, index, strict=True)]


# ------------------------------------------------------------------------------ comparing models
@functools.lru_cache(maxsize=8)
def build_architecture(name, include_top: bool = True, input_size: int = 224):
    """``keras.applications.<name>`` with random weights (built once per session and kept).

    Building needs no download, so parameter counts and timings are real offline.

    Used in 08 · A model comparison.
    """
    arch = _architecture(name)
    keras = import_keras()
    return getattr(keras.applications, arch.builder)(
        weights=None, include_top=include_top, input_shape=(input_size, input_size, 3)
    )


def time_inference(model, input_size: int = 224, *, batch: int = 1, repeats: int = 3) -> list[float]:
    """Milliseconds per image of ``repeats`` timed ``model.predict_on_batch(x)`` calls, after one warm-up.

    ``predict_on_batch`` runs the model as one compiled graph, as an app would; calling
    ``model(x)`` instead runs it op by op, whose Python overhead per layer made a single photo
    through MobileNetV2 look about 20 times slower than it is (~370 ms against ~19 ms on 2 cores).

    Used in 08 · A model comparison, and by make bench.
    """
    repeats = check_int(repeats, "repeats", low=1, high=100)
    batch = check_int(batch, "batch", low=1, high=256)
    x = np.random.RandomState(0).uniform(0, 255, (batch, input_size, input_size, 3)).astype(np.float32)
    model.predict_on_batch(x)  # the warm-up builds the graph
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        np.asarray(model.predict_on_batch(x))
        times.append((time.perf_counter() - start) * 1000.0 / batch)
    return times


def compare_models(names=None, *, repeats: int = 3, batch: int = 1) -> list[dict]:
    """One row per model: parameters (counted), documented size and top-1, measured CPU time.

    ``ms`` is the best of ``repeats`` timings (``ms_all`` holds them all).  Uses
    :func:`build_architecture` (random weights), which is all a timing needs.

    Taught in 08 · A model comparison.
    """
    names = list(ARCHITECTURES) if names is None else list(names)
    rows = []
    for name in names:
        arch = _architecture(name)
        model = build_architecture(arch.name)
        times = time_inference(model, 224, batch=batch, repeats=repeats)
        rows.append(
            {
                "model": arch.name,
                "params": int(model.count_params()),
                "mult_adds": mult_adds(model),
                "size_mb": arch.size_mb,
                "top1": arch.top1,
                "ms": min(times),
                "ms_all": times,
            }
        )
    return rows


def vgg_blocks(model) -> list[tuple[str, int, int, str, str]]:
    """VGG16's five blocks: ``[(block, conv layers, filters, kernel, output size), …]``.

    Taught in 08 · VGG16: smaller filters, deeper networks.
    """
    blocks: dict[str, list] = {}
    for layer in model.layers:
        prefix = layer.name.split("_")[0]
        if not prefix.startswith("block"):
            continue
        blocks.setdefault(prefix, []).append(layer)
    rows = []
    for block, layers in blocks.items():
        convs = [lay for lay in layers if type(lay).__name__ == "Conv2D"]
        out = layers[-1].output.shape
        kernel = "×".join(map(str, convs[0].kernel_size))
        rows.append((block, len(convs), int(convs[0].filters), kernel, f"{out[1]}×{out[2]}×{out[3]}"))
    return rows


def stacked_3x3(n_layers: int, channels: int) -> tuple[int, int, int]:
    """``(receptive field, weights of n stacked 3×3 convs, weights of one conv that sees as far)``.

    Each 3×3 layer (``channels`` in and out, biases left out) adds 2 pixels of view: n of them see
    (2n+1)×(2n+1) pixels with 9·n·C² weights, one (2n+1)×(2n+1) layer needs (2n+1)²·C².

    Taught in 08 · VGG16: smaller filters, deeper networks.
    """
    n = check_int(n_layers, "n_layers", low=1, high=100)
    c = check_int(channels, "channels", low=1)
    field = 2 * n + 1
    return field, 9 * n * c * c, field * field * c * c


def conv_mult_adds(size: int, kernel: int, c_in: int, c_out: int) -> tuple[int, int]:
    """``(standard, depthwise separable)`` multiply-adds of one conv layer on a size×size map.

    Standard: k²·M·N·F².  Depthwise separable (MobileNet): k²·M·F² (one k×k filter per input
    channel) + M·N·F² (a 1×1 conv mixing the channels).  Their ratio is 1/N + 1/k².

    Taught in 08 · MobileNet: depthwise-separable convolutions.
    """
    f = check_int(size, "size", low=1)
    k = check_int(kernel, "kernel", low=1)
    m = check_int(c_in, "c_in", low=1)
    n = check_int(c_out, "c_out", low=1)
    return k * k * m * n * f * f, k * k * m * f * f + m * n * f * f


def mult_adds(model) -> int:
    """Multiply-adds of one forward pass for one image: the convolution and Dense layers, added up.

    Conv2D: k_h·k_w·C_in·C_out per output position; DepthwiseConv2D: k_h·k_w·C_in·(multiplier);
    Dense: inputs·units.  (Pooling, batch norm and activations are left out; they are cheap.)

    Taught in 08 · A model comparison.
    """
    _check_model(model)
    total = 0
    for layer in model.layers:
        kind = type(layer).__name__
        if kind not in ("Conv2D", "DepthwiseConv2D", "Dense"):
            continue
        c_in = int(layer.input.shape[-1])
        out = layer.output.shape
        positions = int(np.prod([int(d) for d in out[1:-1]])) if len(out) > 2 else 1
        if kind == "Dense":
            total += positions * c_in * int(out[-1])
            continue
        kh, kw = layer.kernel_size
        per = kh * kw * c_in * (int(out[-1]) if kind == "Conv2D" else int(layer.depth_multiplier))
        total += positions * per // (int(getattr(layer, "groups", 1)) or 1)
    return int(total)


def layer_kinds(model) -> dict[str, int]:
    """How many layers of each kind a model has (``{"DepthwiseConv2D": 17, "Conv2D": 35, …}``).

    Used in 08 · MobileNet: depthwise-separable convolutions.
    """
    kinds: dict[str, int] = {}
    for layer in model.layers:
        kinds[type(layer).__name__] = kinds.get(type(layer).__name__, 0) + 1
    return kinds


# ------------------------------------------------------------------------------ freezing, heads
def _check_model(model, name: str = "model"):
    if not (hasattr(model, "layers") and hasattr(model, "trainable_weights")):
        raise CourseTypeError(f"`{name}` should be a Keras model, got {describe(model)}.")
    return model


def trainable_params(model) -> int:
    """How many numbers training may change: the sizes of the model's trainable weights, added up.

    Taught in 08 · Freezing layers.
    """
    _check_model(model)
    return int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))


def frozen_params(model) -> int:
    """How many numbers training leaves alone (non-trainable weights, batch-norm statistics included).

    Taught in 08 · Freezing layers.
    """
    _check_model(model)
    return int(sum(int(np.prod(w.shape)) for w in model.non_trainable_weights))


def trainable_mask(kinds, n_top: int) -> np.ndarray:
    """Which layers may learn: True for the last ``n_top`` kinds that are not "BatchNormalization".

    ``kinds``: the kinds of a model's layers *that have weights*, bottom to top (an array of names
    such as ``"Conv2D"``, :func:`weight_layer_kinds` gives them).  Batch-normalisation layers stay
    frozen (a frozen batch-norm layer also runs in inference mode in Keras 3, keeping the statistics
    it learned on big data).  ``n_top=0`` freezes everything.  Returns a bool array like ``kinds``.

    Taught in 08 · Freezing layers (exercise 08.trainable_mask).
    """
    names = np.asarray(kinds)
    if names.ndim != 1 or (names.size and names.dtype.kind not in "US"):
        raise CourseTypeError(
            f"`kinds` should be a 1-D array of layer kind names such as 'Conv2D', got {describe(kinds)}."
        )
    n_top = check_int(n_top, "n_top", low=0)
    learnable = np.flatnonzero(names != "BatchNormalization")
    mask = np.zeros(len(names), dtype=bool)
    if n_top:
        mask[learnable[-n_top:]] = True
    return mask


def weight_layers(model) -> list:
    """The model's layers that hold weights, bottom to top.  Used in 08 · Freezing layers."""
    _check_model(model)
    return [lay for lay in model.layers if lay.weights]


def weight_layer_kinds(model) -> np.ndarray:
    """The kinds of :func:`weight_layers` (``np.array(["Conv2D", …])``).  Used in 08 · Freezing layers."""
    return np.array([type(lay).__name__ for lay in weight_layers(model)])


def apply_mask(model, mask):
    """Freeze every layer of ``model``, then unfreeze :func:`weight_layers` where ``mask`` is True.

    Changes ``model`` in place and returns it.  Used in 08 · Freezing layers.
    """
    layers = weight_layers(model)
    flags = as_array(mask, "mask", ndim=1, dtype_kind="b")
    if len(flags) != len(layers):
        raise CourseInputError(
            f"`mask` has {len(flags)} entries but the model has {len(layers)} layers with weights."
        )
    model.trainable = True
    for layer in model.layers:
        layer.trainable = False
    for layer, flag in zip(layers, flags, strict=True):
        layer.trainable = bool(flag)
    return model


def freeze_all_but_top(model, n_top: int):
    """Freeze every layer, then let the top ``n_top`` layers that have weights learn (not batch norm).

    :func:`trainable_mask` on the model's :func:`weight_layer_kinds`, applied with :func:`apply_mask`.
    Changes ``model`` in place and returns it.

    Taught in 08 · Freezing layers.
    """
    _check_model(model)
    return apply_mask(model, trainable_mask(weight_layer_kinds(model), n_top))


def layer_table(model) -> list[tuple[str, str, int, bool]]:
    """``[(layer name, kind, parameters, trainable), …]`` for the layers that hold weights.

    Used in 08 · Freezing layers.
    """
    _check_model(model)
    return [
        (lay.name, type(lay).__name__, int(lay.count_params()), bool(lay.trainable))
        for lay in model.layers
        if lay.weights
    ]


def build_head(features, n_classes: int):
    """A new classifier for ``features`` (N, D): one Dense layer with softmax over ``n_classes``.

    Only D = ``features.shape[1]`` matters: ``D × n_classes + n_classes`` parameters.  Put it on top
    of a frozen feature extractor.

    Taught in 08 · Feature extraction: a new head (exercise 08.build_head).
    """
    features = as_array(features, "features", ndim=2, dtype_kind="uif", hint="One row of numbers per image.")
    n_classes = check_int(n_classes, "n_classes", low=2)
    keras = import_keras()
    return keras.Sequential(
        [keras.Input((features.shape[1],)), keras.layers.Dense(n_classes, activation="softmax")], name="head"
    )


def build_transfer_model(base, head, *, input_shape=None, preprocessing=None):
    """inputs → (preprocessing) → base(training=False) → head: a pretrained base under a new head.

    ``training=False`` keeps the base's batch-norm layers in inference mode even when the base is
    unfrozen for fine-tuning, as the Keras transfer-learning guide does.  ``base`` must end in a
    vector per image (a pooled output, or the course CNN's embedding model).

    Taught in 08 · Feature extraction: a new head.
    """
    _check_model(base, "base")
    _check_model(head, "head")
    keras = import_keras()
    shape = tuple(input_shape or base.input_shape[1:])
    inputs = keras.Input(shape)
    x = preprocessing(inputs) if preprocessing is not None else inputs
    x = base(x, training=False)
    return keras.Model(inputs, head(x), name=f"{base.name}_with_head")


# ------------------------------------------------------------------------------ the course's CNN
FASHION_FIRST5 = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat")
"""The classes the course CNN was pretrained on: Fashion-MNIST labels 0–4."""
FASHION_LAST5 = ("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
"""The new classes it is reused for: Fashion-MNIST labels 5–9 (relabelled 0–4)."""
COURSE_CNN_PATH = _ROOT / "data" / "pretrained" / "fashion_first5_cnn.keras"
COURSE_CNN_SHA256 = "2d7e53ed4e90ac29fef442d421c9255438626cbb175a82ae8864807598381412"
"""SHA-256 of the shipped file; ``tools/pretrain_course_cnn.py`` prints it (see data/README.md)."""
COURSE_CNN_SEED = 0
EMBEDDING_LAYER = "embedding"


class PretrainedFileError(CourseInputError):
    """The course's pretrained CNN file is missing or damaged; the message says how to get it back.

    Used in 08 · Transfer that works offline, and by 09.
    """


def build_course_cnn(n_classes: int = 5, *, seed: int | None = None):
    """The course's small CNN for 28×28 grayscale images (about 60,000 parameters).

    Rescaling → conv 32 → pool → conv 64 + batch norm → pool → conv 64 → global average pooling →
    Dense 64 named "embedding" (the penultimate layer) → Dense ``n_classes`` softmax.

    Taught in 08 · Transfer that works offline.
    """
    n_classes = check_int(n_classes, "n_classes", low=2)
    keras = import_keras()
    layers = keras.layers
    if seed is not None:
        keras.utils.set_random_seed(check_int(seed, "seed", low=0))
    inputs = keras.Input((28, 28, 1))
    x = layers.Rescaling(1.0 / 255, name="rescale")(inputs)
    x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv1")(x)
    x = layers.MaxPooling2D(name="pool1")(x)
    x = layers.Conv2D(64, 3, padding="same", use_bias=False, name="conv2")(x)
    x = layers.BatchNormalization(name="bn2")(x)
    x = layers.Activation("relu", name="relu2")(x)
    x = layers.MaxPooling2D(name="pool2")(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu", name="conv3")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Dense(64, activation="relu", name=EMBEDDING_LAYER)(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="classifier")(x)
    return keras.Model(inputs, outputs, name="course_cnn")


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_course_cnn(path=None, *, expected_sha256: str | None = None):
    """The course CNN pretrained on Fashion-MNIST classes 0–4, its SHA-256 checked first.

    The architecture is built by :func:`build_course_cnn` and the weights are read from the
    ``.keras`` file (``load_weights``), so Keras 3.13 (Colab) reads a file saved by Keras 3.15 too
    (``keras.saving.load_model`` would not: newer Keras writes settings older ones reject).

    A missing or damaged file raises :class:`PretrainedFileError` saying how to get it back
    (``git checkout data/pretrained`` or ``python tools/pretrain_course_cnn.py``).

    Taught in 08 · Transfer that works offline; used by 09 (:func:`feature_extractor`).
    """
    path = Path(path) if path is not None else COURSE_CNN_PATH
    want = COURSE_CNN_SHA256 if expected_sha256 is None else expected_sha256
    fix = (
        "Get the course's copy back with `git checkout -- data/pretrained` (or download the course "
        "again), or rebuild it with `python tools/pretrain_course_cnn.py` (about a minute)."
    )
    if not path.is_file():
        raise PretrainedFileError(f"The course's pretrained CNN is missing: {path} does not exist. {fix}")
    got = _file_sha256(path)
    if want and got != want:
        raise PretrainedFileError(
            f"The course's pretrained CNN file {path} is damaged or not the course's: its SHA-256 is "
            f"{got[:12]}…, expected {want[:12]}…. {fix}"
        )
    keras = import_keras()
    model = build_course_cnn(5)
    try:  # the weights of the .keras file into the architecture built here: any Keras 3 reads them
        model.load_weights(path)
        return model
    except Exception as exc:
        raise PretrainedFileError(
            f"{path} could not be read by Keras {keras.__version__} ({type(exc).__name__}: {exc}). {fix}"
        ) from None


def embedding_model(model):
    """The model up to its "embedding" layer: image → the penultimate layer's 64 numbers.

    Taught in 08 · Transfer that works offline.
    """
    _check_model(model)
    keras = import_keras()
    return keras.Model(model.input, model.get_layer(EMBEDDING_LAYER).output, name="course_cnn_base")


# ------------------------------------------------------------------------------ the offline experiment
EXPERIMENT_NS = (1, 5, 10, 50)
"""Examples per new class the offline experiment tries."""
METHODS = ("from scratch", "frozen features + new head", "fine-tuning")
EXPERIMENT_STEPS = 120
"""Gradient steps every method gets in the notebook (the same budget for all three)."""


def fashion_split(ds, classes=(5, 6, 7, 8, 9), *, n_per_class=None, n_test_per_class=200, seed: int = 0):
    """Images of ``classes`` only, relabelled 0, 1, …: ``(x_train, y_train), (x_test, y_test)``.

    ``n_per_class`` training images of each class (all when None) and ``n_test_per_class`` test
    images of each (all when None), picked with seeded generators; the test images depend only on
    ``seed``, not on ``n_per_class``.  Images come out (N, 28, 28, 1) uint8.

    Used in 08 · Transfer that works offline, and by tools/pretrain_course_cnn.py.
    """
    seed = check_int(seed, "seed", low=0)
    for arr, label in ((ds.y_train, "train"), (ds.y_test, "test")):
        if not np.isin(classes, arr).all():
            raise CourseInputError(f"the {label} labels lack some of the classes {tuple(classes)}.")

    def pick(x, y, n, rng):
        idx, labels = [], []
        for new, c in enumerate(classes):
            members = np.flatnonzero(y == c)
            if n is not None:
                n = check_int(n, "n_per_class", low=1)
                if len(members) < n:
                    raise CourseInputError(f"class {c} has only {len(members)} images; asked for {n}.")
                members = rng.choice(members, n, replace=False)
            idx.append(members)
            labels.append(np.full(len(members), new, np.uint8))
        order, labels = np.concatenate(idx), np.concatenate(labels)
        perm = rng.permutation(len(order))
        return x[order[perm]][..., None], labels[perm]

    train = pick(ds.x_train, ds.y_train, n_per_class, np.random.RandomState(seed))
    test = pick(ds.x_test, ds.y_test, n_test_per_class, np.random.RandomState(seed + 10_000))
    return train, test


def accuracy(model, x, y) -> float:
    """Fraction of ``x`` that ``model`` (probabilities out) labels as ``y`` (one eager call per 1,000).

    Used in 08 · Transfer that works offline.
    """
    probs = np.concatenate(
        [np.asarray(model(x[i : i + 1000], training=False)) for i in range(0, len(x), 1000)]
    )
    return float(np.mean(probs.argmax(axis=1) == np.asarray(y)))


class Trainer:
    """Compile a model once, then train it again and again from given weights (no re-tracing).

    ``train(x, y, steps=…, seed=…, weights=…)`` puts ``weights`` back (default: the weights it had
    when the trainer was made), zeroes Adam's state, and takes ``steps`` gradient steps, batches of
    at most 32.  Building and compiling a new Keras model per run costs seconds; this costs none.

    Used in 08 · Transfer that works offline (inside :func:`run_transfer_experiment`).
    """

    def __init__(self, model, lr: float):
        keras = import_keras()
        self.model = _check_model(model)
        model.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy")
        self.start = [np.array(w) for w in model.get_weights()]

    def train(self, x, y, *, steps: int, seed: int = 0, weights=None, batch_size: int = 32):
        keras = import_keras()
        steps = check_int(steps, "steps", low=1)
        self.model.set_weights(self.start if weights is None else weights)
        for v in self.model.optimizer.variables:
            if "learning_rate" not in v.path:
                v.assign(np.zeros(v.shape, dtype=v.dtype))
        keras.utils.set_random_seed(seed)
        batch = min(batch_size, len(x))
        rng = np.random.RandomState(seed)
        passes = math.ceil(steps * batch / len(x))  # reshuffled passes, laid end to end: one fit call
        order = np.concatenate([rng.permutation(len(x)) for _ in range(passes)])[: steps * batch]
        self.model.fit(x[order], np.asarray(y)[order], batch_size=batch, epochs=1, verbose=0, shuffle=False)
        return self.model


@dataclass
class TransferResults:
    """Accuracies of the offline experiment: ``scores[method][n] = [accuracy per seed]``.

    Used in 08 · Transfer that works offline, and by make bench.
    """

    ns: tuple
    seeds: tuple
    scores: dict = field(default_factory=dict)
    seconds: float = 0.0
    source: str = ""
    steps: int = EXPERIMENT_STEPS

    def mean(self, method: str, n: int) -> float:
        return float(np.mean(self.scores[method][n]))

    def curve(self, method: str) -> dict:
        """``{examples per class: mean accuracy}`` of one method."""
        return {n: self.mean(method, n) for n in self.ns}

    def rows(self) -> list[tuple]:
        """``[(n, scratch, frozen, fine-tuned), …]`` mean accuracies."""
        return [(n, *(self.mean(m, n) for m in METHODS)) for n in self.ns]


def run_transfer_experiment(
    ds,
    pretrained=None,
    *,
    ns=EXPERIMENT_NS,
    seeds=(0,),
    steps: int = EXPERIMENT_STEPS,
    n_test_per_class: int = 200,
    n_top: int = 2,
    head_builder=None,
    progress=None,
) -> TransferResults:
    """Reuse the course CNN (pretrained on classes 0–4) for Fashion-MNIST classes 5–9.

    For each n in ``ns`` and each seed: n training images per new class, and test accuracy on
    ``n_test_per_class`` test images per class of (1) the same CNN trained **from scratch**,
    (2) **frozen features + a new head** (only the head learns, on the penultimate layer's 64
    numbers), (3) **fine-tuning**: that head on the base with its top ``n_top`` weight layers
    unfrozen, at a 10× lower learning rate, batch norm in inference mode.  Every method takes the
    same ``steps`` gradient steps on the same images.  ``head_builder(features, n_classes)``
    (default :func:`build_head`) makes the head.  ``progress(text)`` gets one line per run.

    Taught in 08 · Transfer that works offline.
    """
    keras = import_keras()
    pretrained = load_course_cnn() if pretrained is None else pretrained
    head_builder = build_head if head_builder is None else head_builder
    n_classes = 5
    frozen_base = embedding_model(pretrained)
    fresh = build_course_cnn(n_classes, seed=0)
    # 120 steps are too few for batch norm's running averages at the default momentum (0.99: after
    # 120 steps 30 % of their random start is left), so the test would see stale statistics.
    fresh.get_layer("bn2").momentum = 0.9
    scratch = Trainer(fresh, 1e-3)
    head = Trainer(head_builder(np.zeros((1, frozen_base.output_shape[-1]), np.float32), n_classes), 1e-2)
    tuned_base = embedding_model(keras.models.clone_model(pretrained))
    tuned_head = keras.models.clone_model(head.model)
    freeze_all_but_top(tuned_base, n_top)
    tuned_head.trainable = True
    tuned = Trainer(build_transfer_model(tuned_base, tuned_head), 1e-4)
    base_weights = frozen_base.get_weights()

    results = TransferResults(
        tuple(ns), tuple(seeds), {m: {} for m in METHODS}, source=getattr(ds, "source", "")
    )
    results.steps = steps
    start = time.perf_counter()
    for seed in seeds:
        f_test = None
        for n in ns:
            (x, y), (xt, yt) = fashion_split(ds, n_per_class=n, n_test_per_class=n_test_per_class, seed=seed)
            if f_test is None:
                f_test = np.asarray(frozen_base(xt, training=False))
            acc_scratch = accuracy(scratch.train(x, y, steps=steps, seed=seed), xt, yt)
            features = np.asarray(frozen_base(x, training=False))
            acc_frozen = accuracy(head.train(features, y, steps=steps, seed=seed), f_test, yt)
            weights = base_weights + head.model.get_weights()
            acc_tuned = accuracy(tuned.train(x, y, steps=steps, seed=seed, weights=weights), xt, yt)
            for method, acc in zip(METHODS, (acc_scratch, acc_frozen, acc_tuned), strict=True):
                results.scores[method].setdefault(n, []).append(acc)
            if progress is not None:
                progress(
                    f"{n:>3} per class, seed {seed}: from scratch {acc_scratch:.3f} · frozen + head "
                    f"{acc_frozen:.3f} · fine-tuned {acc_tuned:.3f}"
                )
    results.seconds = time.perf_counter() - start
    return results


def examples_needed(curve, target: float) -> float:
    """The fewest examples per class at which ``curve`` ({n: accuracy}) reaches ``target``.

    ``inf`` (``float("inf")``) when no n in the curve reaches it: more examples than were tried.

    Taught in 08 · Transfer that works offline (exercise 08.examples_needed).
    """
    if not isinstance(curve, dict):
        raise CourseTypeError(
            f"`curve` should be a dict {{examples per class: accuracy}}, got {describe(curve)}."
        )
    for n in sorted(curve):
        if curve[n] >= target:
            return n
    return math.inf


# ------------------------------------------------------------------------------ embeddings (09)
@dataclass
class FeatureExtractor:
    """Images of any size → one embedding vector each; ``name`` and ``why`` say which network and why.

    ``kind`` is "mobilenet_v2" or "course_cnn"; ``input_shape`` is (h, w, c); ``dim`` is D.

    Used in 09 · Embeddings (made by :func:`feature_extractor`).
    """

    name: str
    why: str
    kind: str
    input_shape: tuple
    dim: int
    model: object = field(repr=False)
    invert: str = "auto"
    batch_size: int = 64

    def _one(self, image, name: str) -> np.ndarray:
        rgb = _to_rgb_uint8(image, name)
        h, w, c = self.input_shape
        if self.kind == "course_cnn":
            gray = np.rint(rgb.astype(np.float64) @ np.array([0.299, 0.587, 0.114])).astype(np.uint8)
            small = _resize(gray, (h, w)).astype(np.float32)
            if self.invert == "auto" and _border_brighter(small):
                small = 255.0 - small
            return small[..., None]
        return _resize(rgb, (h, w)).astype(np.float32)

    def prepare(self, images) -> np.ndarray:
        """The float32 batch (N, h, w, c) the network sees, 0..255 (before preprocess_input)."""
        items = _as_image_list(images)
        h, w, c = self.input_shape
        if not items:
            return np.zeros((0, h, w, c), np.float32)
        return np.stack([self._one(img, f"images[{i}]") for i, img in enumerate(items)])

    def embed(self, images) -> np.ndarray:
        """(N, D) float32 embeddings of ``images`` (one image, a batch, or a list of any sizes)."""
        batch = self.prepare(images)
        if len(batch) == 0:
            return np.zeros((0, self.dim), np.float32)
        if self.kind == "mobilenet_v2":
            batch = preprocess("MobileNetV2", batch)
        # predict_on_batch runs the model as one compiled graph: a single photo takes ~20 ms on 2 CPU
        # cores instead of the ~150 ms of calling the model eagerly, layer by layer
        out = [
            np.asarray(self.model.predict_on_batch(batch[i : i + self.batch_size]), dtype=np.float32)
            for i in range(0, len(batch), self.batch_size)
        ]
        return np.ascontiguousarray(np.concatenate(out).reshape(len(batch), self.dim))


def _border_brighter(gray: np.ndarray) -> bool:
    h, w = gray.shape
    bh, bw = max(1, h // 8), max(1, w // 8)
    mask = np.ones_like(gray, dtype=bool)
    mask[bh : h - bh, bw : w - bw] = False
    inner = gray[bh : h - bh, bw : w - bw]
    return bool(inner.size and gray[mask].mean() > inner.mean())


def _as_image_list(images) -> list:
    if isinstance(images, (list, tuple)):
        return list(images)
    if isinstance(images, np.ndarray) or hasattr(images, "__array__"):
        arr = as_array(images, "images", ndim=(2, 3, 4), dtype_kind="uifb")
        if arr.ndim == 2 or (arr.ndim == 3 and arr.shape[-1] in (1, 3, 4)):
            return [arr]
        return list(arr)
    raise CourseTypeError(f"`images` should be an image array or a list of images, got {describe(images)}.")


@functools.lru_cache(maxsize=4)
def _extractor(prefer: str) -> FeatureExtractor:
    if prefer == "mobilenet_v2":
        available, why = imagenet_weights_status("MobileNetV2", include_top=False)
        if available:
            with contextlib.redirect_stdout(io.StringIO()):
                loaded = load_imagenet_model("MobileNetV2", include_top=False, pooling="avg", verbose=False)
            if loaded.pretrained:
                return FeatureExtractor(
                    "MobileNetV2 (ImageNet weights)",
                    f"{why}, so its 1,280-number penultimate-layer embedding is used (what deck 001's "
                    "teachable machine uses).",
                    "mobilenet_v2",
                    (224, 224, 3),
                    1280,
                    loaded.model,
                )
            why = loaded.why.split(". So")[0]
        lead = f"{why}, so"
    else:
        lead = 'The course\'s own CNN was asked for (prefer="course_cnn"), so'
    base = embedding_model(load_course_cnn())
    return FeatureExtractor(
        "the course's CNN (Fashion-MNIST classes 0–4)",
        f"{lead} the course's own CNN, pretrained on Fashion-MNIST classes 0–4, gives a 64-number "
        "embedding instead; it suits small grayscale pictures of single objects (clothing, shoes, "
        "bags) on a plain background.",
        "course_cnn",
        (28, 28, 1),
        64,
        base,
    )


def feature_extractor(prefer: str = "mobilenet_v2", *, verbose: bool = True) -> FeatureExtractor:
    """The network that turns images into embeddings, and why it was chosen.

    ``prefer="mobilenet_v2"``: MobileNetV2 with ImageNet weights, global-average-pooled (1,280
    numbers), when its weights are cached or can be downloaded; otherwise the course CNN's
    "embedding" layer (64 numbers).  ``prefer="course_cnn"``: always the course CNN.  Built once per
    session.  Prints ``why`` with ``verbose``.

    Used in 08 · Transfer that works offline and in 09 · Embeddings.
    """
    prefer = check_choice(prefer, "prefer", ("mobilenet_v2", "course_cnn"))
    fx = _extractor(prefer)
    if verbose:
        print(f"🧠 Feature extractor: {fx.why}")
    return fx
