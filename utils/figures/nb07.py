"""Notebook 07's figures and widget bodies: augmentation, robustness, feature maps, runs, your digit."""

from __future__ import annotations

import numpy as np

from .. import cnn
from .._validate import CourseInputError, CourseTypeError, as_array, check_int, describe
from ..env import import_keras
from ..errors import COURSE_ERRORS
from ..plotting import check_ax, display_args, plot_training_curves, pyplot

__all__ = [
    "show_augmented",
    "plot_robustness",
    "show_feature_maps",
    "show_runs",
    "train_and_show",
    "classify_digit",
    "read_upload",
    "classify_upload",
]


def show_augmented(images, pipeline, n_versions: int = 6, size: float = 1.5):
    """Each row: an original digit, then ``n_versions`` random augmented versions of it.

    images (n, 28, 28) uint8; pipeline: a Keras layer such as :func:`utils.cnn.augmentation_pipeline`
    (called with ``training=True``, so its random changes are applied).  Returns the figure.

    Taught in 07 · Data augmentation.
    """
    plt = pyplot()
    x = cnn.prepare_images(images)
    n_versions = check_int(n_versions, "n_versions", low=1, high=20)
    fig, axs = plt.subplots(
        len(x), n_versions + 1, figsize=(size * (n_versions + 1), size * len(x)), squeeze=False
    )
    for col in range(n_versions + 1):
        batch = x if col == 0 else np.asarray(pipeline(x, training=True))
        for row in range(len(x)):
            ax = axs[row, col]
            ax.imshow(np.clip(batch[row, ..., 0], 0, 1), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
    axs[0, 0].set_title("original", fontsize=9)
    for col in range(1, n_versions + 1):
        axs[0, col].set_title(f"augmented {col}", fontsize=9)
    fig.tight_layout()
    return fig


def plot_robustness(results: dict, change: str, ax=None):
    """Accuracy against the size of one change, one line per model.

    results: {model name: rows from :func:`utils.cnn.robustness_sweep`}.  Returns the Axes.

    Taught in 07 · How robust is it?
    """
    plt = pyplot()
    if not isinstance(results, dict) or not results:
        raise CourseTypeError(
            f"`results` should be a dict {{model name: sweep rows}}, but got {describe(results)}."
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 3.4))
    check_ax(ax)
    for name, rows in results.items():
        ax.plot([r["level"] for r in rows], [r["accuracy"] for r in rows], "o-", label=str(name))
    ax.set_xlabel({"rotation": "rotation (degrees)"}.get(change, f"{change} strength"))
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(change)
    return ax


def show_feature_maps(model, images, labels=None, image: int = 0, layer: str | None = None, channel: int = 0):
    """The feature-map widget's function: a digit, one conv layer's feature maps, one channel enlarged.

    images: raw uint8 stack (N, 28, 28); image: which one; layer: a Conv2D layer's name (default:
    the first); channel: which feature map to enlarge (taken modulo the layer's number of filters).
    Prints e.g. "image 3 (a 7), layer conv2d_1: 64 maps of 13×13; channel 5: mean 0.231, max 1.920".

    Taught in 07 · Inside the network.
    """
    plt = pyplot()
    x = as_array(images, "images", ndim=3, dtype_kind="ui")
    image = check_int(image, "image", low=0, high=len(x) - 1)
    names = cnn.conv_layer_names(model)
    layer = names[0] if layer is None else layer
    maps = cnn.feature_maps(model, cnn.prepare_images(x[image : image + 1]), layers=[layer])[layer][0]
    k = maps.shape[-1]
    channel = check_int(channel, "channel", low=0) % k
    chosen = maps[..., channel]
    who = f" (a {int(labels[image])})" if labels is not None else ""
    print(
        f"image {image}{who}, layer {layer}: {k} maps of {maps.shape[0]}×{maps.shape[1]}; "
        f"channel {channel}: mean {chosen.mean():.3f}, max {chosen.max():.3f}"
    )
    show = min(k, 32)
    fig = plt.figure(figsize=(12, 3.6))
    grid = fig.add_gridspec(4, 2 + 8, width_ratios=[2.2, 2.2] + [1] * 8)
    ax = fig.add_subplot(grid[:, 0])
    img, kwargs = display_args(x[image])
    ax.imshow(img, **kwargs)
    ax.set_title(f"image {image}{who}", fontsize=9)
    ax.axis("off")
    ax = fig.add_subplot(grid[:, 1])
    ax.imshow(chosen, cmap="viridis", interpolation="nearest")
    ax.set_title(f"channel {channel}", fontsize=9)
    ax.axis("off")
    limit = float(maps[..., :show].max()) or 1.0
    for c in range(show):
        a = fig.add_subplot(grid[c // 8, 2 + c % 8])
        a.imshow(
            maps[..., c],
            cmap="viridis",
            vmin=float(min(0.0, maps.min())),
            vmax=limit,
            interpolation="nearest",
        )
        a.set_xticks([])
        a.set_yticks([])
        if c == channel:
            for spine in a.spines.values():
                spine.set_edgecolor("red")
                spine.set_linewidth(2.5)
    fig.suptitle(f"{layer}: the first {show} of {k} feature maps (red: the enlarged one)", fontsize=10)
    return fig


def _run_line(run: dict) -> str:
    return (
        f"run {run['run']}: learning rate {run['learning_rate']:g}, batch {run['batch_size']}, "
        f"{run['epochs']} epochs, {run['filters']} filters, dropout {run['dropout']:.2f}, "
        f"augmentation {'on' if run['augmentation'] else 'off'} -> validation accuracy "
        f"{run['val_accuracy']:.3f} ({run['seconds']:.1f} s)"
    )


def show_runs(runs: list, history=None, epochs: int | None = None, status: str = ""):
    """The hyperparameter widget's display: a one-line status, the table of runs so far, and the curves.

    runs: list of dicts (as :func:`train_and_show` appends them); history: the curves to draw (the
    latest run's by default).  Returns the two Axes.

    Taught in 07 · Hyperparameters, live.
    """
    plt = pyplot()
    if not isinstance(runs, list):
        raise CourseTypeError(f"`runs` should be a list of runs, but got {describe(runs)}.")
    print(status or (_run_line(runs[-1]) if runs else "no runs yet: choose settings and press Train"))
    if runs:
        head = ["run", "lr", "batch", "epochs", "filters", "dropout", "augment", "val acc", "s"]
        print(" ".join(f"{h:>7}" for h in head))
        for r in runs:
            cells = [
                f"{r['run']}",
                f"{r['learning_rate']:.4f}",
                f"{r['batch_size']}",
                f"{r['epochs']}",
                f"{r['filters']}",
                f"{r['dropout']:.2f}",
                "on" if r["augmentation"] else "off",
                f"{r['val_accuracy']:.3f}",
                f"{r['seconds']:.1f}",
            ]
            print(" ".join(f"{c:>7}" for c in cells))
    if history is None:
        history = runs[-1]["history"] if runs else {}
    axes = plot_training_curves(history, epochs=epochs)
    plt.show()
    return axes


def train_and_show(
    runs: list,
    data,
    learning_rate: float = 1e-3,
    batch_size: int = 64,
    epochs: int = 3,
    filters: int = 16,
    dropout: float = 0.3,
    augmentation: bool = False,
    seed: int = 0,
):
    """The hyperparameter widget's Train button: train a small :func:`utils.cnn.better_model`, live.

    data: (x_train, y_train, x_val, y_val), prepared images.  After every epoch the output is
    redrawn (status line, table, curves so far); at the end the run is appended to ``runs`` and
    the table shows it.  Returns the run's dict.

    Taught in 07 · Hyperparameters, live.
    """
    from IPython.display import clear_output

    keras = import_keras()
    if not isinstance(runs, list):
        raise CourseTypeError(f"`runs` should be a list (the runs so far), but got {describe(runs)}.")
    x, y, x_val, y_val = data
    epochs = check_int(epochs, "epochs", low=1, high=50)
    keras.utils.set_random_seed(seed)
    model = cnn.better_model(filters, dropout, cnn.augmentation_pipeline(seed=seed) if augmentation else None)
    seen = {}

    def redraw(epoch, logs):
        for key, value in logs.items():
            seen.setdefault(key, []).append(value)
        clear_output(wait=True)
        show_runs(
            runs,
            history=seen,
            epochs=epochs,
            status=f"run {len(runs) + 1}: epoch {epoch} of {epochs}, "
            f"validation accuracy {logs.get('val_accuracy', 0):.3f}",
        )

    history, seconds = cnn.train_model(
        model,
        x,
        y,
        (x_val, y_val),
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        on_epoch=redraw,
    )
    run = {
        "run": len(runs) + 1,
        "learning_rate": float(learning_rate),
        "batch_size": int(batch_size),
        "epochs": epochs,
        "filters": int(filters),
        "dropout": float(dropout),
        "augmentation": bool(augmentation),
        "val_accuracy": history["val_accuracy"][-1],
        "seconds": seconds,
        "history": history,
    }
    runs.append(run)
    clear_output(wait=True)
    show_runs(runs, epochs=epochs)
    return run


def classify_digit(model, source, class_names=None):
    """Prepare a learner's digit (:func:`utils.cnn.prepare_digit`), classify it, show it and the odds.

    Prints e.g. "the model says 7 (93 %); next: 1 (4 %), 2 (1 %)".  Returns the probabilities (10,).

    Taught in 07 · Save, reload, and classify your own digit.
    """
    plt = pyplot()
    digit = cnn.prepare_digit(source)
    probs = np.asarray(model.predict(cnn.prepare_images(digit[None]), verbose=0))[0]
    names = [str(c) for c in (class_names if class_names is not None else range(len(probs)))]
    order = np.argsort(-probs, kind="stable")
    print(
        f"the model says {names[order[0]]} ({probs[order[0]]:.0%}); next: "
        + ", ".join(f"{names[c]} ({probs[c]:.0%})" for c in order[1:3])
    )
    fig, (a, b) = plt.subplots(1, 2, figsize=(7, 2.8), gridspec_kw={"width_ratios": [1, 1.6]})
    a.imshow(digit, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
    a.set_title("your digit, as 28×28", fontsize=9)
    a.axis("off")
    b.bar(
        range(len(probs)),
        probs,
        color=["tab:green" if c == order[0] else "tab:gray" for c in range(len(probs))],
    )
    b.set_xticks(range(len(probs)), names)
    b.set_ylim(0, 1)
    b.set_ylabel("probability")
    plt.show()
    return probs


def read_upload(data: bytes, name: str = "the uploaded file") -> np.ndarray:
    """An uploaded file's bytes as an RGB image, refusing a file over :data:`utils.cnn.MAX_UPLOAD_BYTES`
    or a decompression bomb with a message (decoding by :func:`utils.widgets.decode_image`).

    Taught in 07 · Save, reload, and classify your own digit.
    """
    import warnings

    from PIL import Image

    from ..widgets import decode_image

    if isinstance(data, (bytes, bytearray, memoryview)) and len(data) > cnn.MAX_UPLOAD_BYTES:
        raise CourseInputError(
            f"{name} is {len(data) / 2**20:.0f} MiB, more than the {cnn.MAX_UPLOAD_BYTES // 2**20} MiB "
            "accepted: a digit needs a small picture. Crop the photo around the digit (or shrink it) "
            "and upload again."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return decode_image(data, name)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise CourseInputError(
                f"{name} is a huge picture (over {cnn.MAX_UPLOAD_PIXELS / 1e6:.0f} megapixels). "
                "Crop it around the digit (or shrink it) and upload again."
            ) from None


def classify_upload(model, upload, fallback, class_names=None):
    """The upload widget's function: classify the newest uploaded file, or ``fallback`` when none.

    upload: the FileUpload widget's value; fallback: a drawing (text or array) used before anything
    is uploaded.  A file that is not an image, an empty drawing or a huge photo prints a clear
    message (starting with ✘) instead of failing.  Returns the probabilities, or None.

    Taught in 07 · Save, reload, and classify your own digit.
    """
    from ..widgets import uploaded_files

    files = uploaded_files(upload) if upload else []
    name, source = (
        (files[-1][0], files[-1][1]) if files else ("the drawing above (nothing uploaded yet)", fallback)
    )
    print(f"classifying {name}:")
    try:
        if files:
            source = read_upload(source, name)
        return classify_digit(model, source, class_names)
    except COURSE_ERRORS as exc:
        print(f"✘ {exc}")
        return None
