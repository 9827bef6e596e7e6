"""General figures, for every notebook: images, pixel grids, channels, confusion matrices.

    show_images(images, titles=None, ncols=None, cmap=None)      a row/grid of pictures
    show_pixel_grid(region, ax=None, channel=None, origin=(0, 0))  every pixel with its number
    show_channels(img)                                             R, G, B one by one
    plot_confusion_matrix(cm, class_names=None)                    counts, true vs predicted
    plot_kernels(kernels, ax=None, titles=None)                    kernels, blue < 0 < red, numbers written

One notebook's own figures and widget bodies live in :mod:`utils.figures` (``figures.nb01`` …).
Every function takes an optional ``ax=``/``axes=`` and returns the figure or axes it drew on.
"""

from __future__ import annotations

import numpy as np

from . import _pixels
from ._validate import (
    CourseInputError,
    CourseTypeError,
    as_array,
    as_image,
    check_choice,
    check_int,
    describe,
)
from .images import GRAY_WEIGHTS, to_grayscale

__all__ = [
    "pyplot",
    "check_ax",
    "show_images",
    "show_pixel_grid",
    "show_channels",
    "plot_confusion_matrix",
    "new_axes",
    "class_colours",
    "display_args",
    "plot_kernels",
    "plot_training_curves",
    "plot_misclassified",
]


def pyplot():
    """``matplotlib.pyplot``, imported on first use.  Used in every notebook's figures."""
    import matplotlib.pyplot as plt

    return plt


def display_args(img: np.ndarray, cmap=None):
    """imshow arguments that show the TRUE values: no automatic contrast stretching.

    Used in every notebook's figures..
    """
    if img.ndim == 3 and img.shape[-1] == 1:
        img = img[..., 0]
    vmax = _pixels.value_max(img)
    if img.ndim == 2:
        return img, {"cmap": cmap or "gray", "vmin": 0, "vmax": vmax, "interpolation": "nearest"}
    if img.dtype.kind == "b":
        img = img.astype(np.float64)
    elif img.dtype != np.uint8:
        img = np.clip(img.astype(np.float64) / vmax, 0, 1)
    return img, {"interpolation": "nearest"}


def check_ax(ax, name="ax"):
    """``ax`` if it is a matplotlib Axes (or None), else a message.  Used in every notebook's figures."""
    if ax is not None and not hasattr(ax, "imshow"):
        raise CourseTypeError(
            f"`{name}` should be a matplotlib Axes (from `plt.subplots()`), but got {type(ax).__name__}."
        )
    return ax


def new_axes(ax, figsize=(5, 4.5)):
    """``ax``, or a new figure's axes of ``figsize`` when it is None.  Used in every notebook's figures."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def class_colours(n):
    """``n`` distinct colours (tab10) for class labels 0..n-1.  Used in every notebook's figures."""
    import matplotlib.pyplot as plt

    return plt.get_cmap("tab10")(np.arange(n) % 10)


def show_images(images, titles=None, ncols=None, cmap=None, axes=None, size: float = 2.6):
    """Draw several images side by side (wrapping after ``ncols``); returns ``(fig, axes)``.

    ``images``: a list of images or a stack (N, H, W) / (N, H, W, C).  Grayscale images are drawn
    with ``cmap`` (gray by default) on their full value range, so dark stays dark.

    Taught in 01 · The semantic gap.
    """
    if isinstance(images, np.ndarray) and (
        images.ndim == 2 or images.ndim == 3 and images.shape[-1] in (3, 4)
    ):
        images = [images]  # one image rather than a stack: draw it alone
    if isinstance(images, np.ndarray):
        stack = as_array(
            images,
            "images",
            ndim=(3, 4),
            dtype_kind="uifb",
            hint="Pass a list of images or a stack (N, H, W) / (N, H, W, C).",
        )
        imgs = list(stack)
    elif isinstance(images, (list, tuple)):
        imgs = [as_image(im, f"images[{i}]") for i, im in enumerate(images)]
    else:
        raise CourseTypeError(
            f"`images` should be a list of images or a NumPy stack, but got {type(images).__name__}."
        )
    if not imgs:
        raise CourseInputError("`images` is empty; pass at least one image.")
    if titles is not None:
        if isinstance(titles, str) or len(titles) != len(imgs):
            raise CourseInputError(
                f"`titles` should be a list with one title per image "
                f"({len(imgs)}), but got {describe(titles)}."
            )
    n = len(imgs)
    ncols = n if ncols is None else check_int(ncols, "ncols", low=1)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    plt = pyplot()
    if axes is None:
        fig, axs = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
        axs = axs.ravel()
    else:
        axs = np.ravel(axes)
        if len(axs) < n:
            raise CourseInputError(f"`axes` has {len(axs)} axes but there are {n} images.")
        fig = axs[0].figure
    for i, ax in enumerate(axs):
        ax.axis("off")
        if i < n:
            shown, kw = display_args(imgs[i], cmap)
            ax.imshow(shown, **kw)
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=10)
    return fig, axs


def _fmt(v, is_int):
    return f"{int(v)}" if is_int else f"{v:.2f}"


def _grid_region(region, channel, max_side: int) -> np.ndarray:
    """The region :func:`show_pixel_grid` draws, checked: (h, w) or (h, w, 3), small enough to read."""
    arr = as_image(region, "region")
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim == 3 and arr.shape[-1] != 3:
        raise CourseInputError(f"`region` should be (h, w) or (h, w, 3), but got {arr.shape}.")
    side = check_int(max_side, "max_side", low=1)
    if max(arr.shape[:2]) > side:
        raise CourseInputError(
            f"`region` is {arr.shape[0]} x {arr.shape[1]} pixels: too many numbers to read. "
            f"Pass at most {side} x {side}, e.g. `pixel_region(img, row, col, size=8)`."
        )
    if channel is not None:
        if arr.ndim != 3:
            raise CourseInputError(
                "`channel` only makes sense for a colour region (h, w, 3); "
                "this region is grayscale, so leave `channel=None`."
            )
        if isinstance(channel, str):
            channel = "rgb".index(check_choice(channel, "channel", ("r", "g", "b")))
        channel = check_int(channel, "channel", low=0, high=2)
        arr = arr[..., channel]
    return arr


def show_pixel_grid(region, ax=None, channel=None, origin=(0, 0), fontsize=None, max_side: int = 24):
    """Draw a small region zoomed in, with every pixel's number written on it.

    * grayscale (h, w): each square shows its value; dark text on light pixels and vice versa.
    * colour (h, w, 3): each square shows its colour and its three numbers R / G / B, or pass
      ``channel`` (0/1/2 or "R"/"G"/"B") to show one channel as gray with one number each.
    ``origin``: the (row, col) of the region's top-left pixel in the full image, so the axis
    labels are the real row and column numbers.  Returns the axes.

    Taught in 01 · The semantic gap.
    """
    arr = _grid_region(region, channel, max_side)
    if not isinstance(origin, (tuple, list)) or len(origin) != 2:
        raise CourseTypeError(
            f"`origin` should be (row, col) of the region's top-left pixel, got {describe(origin)}."
        )
    r0, c0 = check_int(origin[0], "origin[0]", low=0), check_int(origin[1], "origin[1]", low=0)
    ax = check_ax(ax)
    plt = pyplot()
    h, w = arr.shape[:2]
    if ax is None:
        cell = 0.62 if arr.ndim == 3 else 0.48
        _, ax = plt.subplots(figsize=(max(2.5, cell * w + 0.8), max(2.5, cell * h + 0.6)))
    shown, kw = display_args(arr)
    ax.imshow(shown, **kw)
    vmax = _pixels.value_max(arr)
    is_int = arr.dtype.kind in "uib"
    unit = arr.astype(np.float64) / vmax
    light = (unit @ np.asarray(GRAY_WEIGHTS)) if arr.ndim == 3 else unit
    if fontsize is None:
        fontsize = max(4.5, min(11.0, (80.0 if arr.ndim == 3 else 180.0) / max(h, w)))
    for i in range(h):
        for j in range(w):
            colour = "black" if light[i, j] > 0.5 else "white"
            if arr.ndim == 3:
                txt = "\n".join(_fmt(v, is_int) for v in arr[i, j])
            else:
                txt = _fmt(arr[i, j], is_int)
            ax.text(j, i, txt, ha="center", va="center", color=colour, fontsize=fontsize, linespacing=0.95)
    step = 1 if max(h, w) <= 16 else 2
    ax.set_xticks(range(0, w, step))
    ax.set_xticklabels([str(c0 + j) for j in range(0, w, step)], fontsize=7)
    ax.set_yticks(range(0, h, step))
    ax.set_yticklabels([str(r0 + i) for i in range(0, h, step)], fontsize=7)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    return ax


def show_channels(img, axes=None, size: float = 2.6):
    """The picture and its R, G, B channels one by one; returns ``(fig, axes)`` (2 x 4).

    Top row: the picture, then each channel drawn in its own colour (only that primary lit).
    Bottom row: grayscale version, then each channel as plain gray intensity (what the numbers
    alone say: bright = a lot of that colour).

    Taught in 01 · Channels one by one.
    """
    arr = _pixels.colour_image(img, "img")
    plt = pyplot()
    if axes is None:
        fig, axs = plt.subplots(
            2, 4, figsize=(size * 4 * arr.shape[1] / arr.shape[0] * 0.9 + 0.5, size * 2 + 0.4)
        )
    else:
        axs = np.asarray(axes)
        if axs.shape != (2, 4):
            raise CourseInputError(
                f"`axes` should be a 2 x 4 grid (plt.subplots(2, 4)), got shape {axs.shape}."
            )
        fig = axs[0, 0].figure
    shown, kw = display_args(arr)
    axs[0, 0].imshow(shown, **kw)
    axs[0, 0].set_title("RGB picture")
    gray, gkw = display_args(to_grayscale(arr))
    axs[1, 0].imshow(gray, **gkw)
    axs[1, 0].set_title("grayscale")
    vmax = _pixels.value_max(arr)
    for i, name in enumerate(("red", "green", "blue")):
        plane = arr[..., i]
        tinted = np.zeros(arr.shape, dtype=np.float64)
        tinted[..., i] = plane / vmax
        axs[0, i + 1].imshow(np.clip(tinted, 0, 1), interpolation="nearest")
        axs[0, i + 1].set_title(f"{name[0].upper()} channel, in {name}")
        axs[1, i + 1].imshow(plane, cmap="gray", vmin=0, vmax=vmax, interpolation="nearest")
        axs[1, i + 1].set_title(f"{name[0].upper()} channel as gray")
    for ax in np.ravel(axs):
        ax.axis("off")
    fig.tight_layout()
    return fig, axs


def plot_confusion_matrix(cm, class_names=None, ax=None, title: str = "confusion matrix"):
    """Show a confusion matrix (rows: true class, columns: predicted class) with its counts.

    Taught in 02 · How good is k-NN on digits?
    """
    cm = as_array(cm, "cm", ndim=2, dtype_kind="uif")
    if cm.shape[0] != cm.shape[1]:
        raise CourseInputError(f"`cm` should be square (n_classes, n_classes), but has shape {cm.shape}.")
    n = len(cm)
    names = [str(c) for c in (class_names if class_names is not None else range(n))]
    if len(names) != n:
        raise CourseInputError(f"{len(names)} class names for a {n}x{n} confusion matrix.")
    ax = new_axes(ax, figsize=(5.5, 5))
    ax.imshow(cm, cmap="Blues")
    limit = cm.max() / 2 if cm.size else 0
    for t in range(n):
        for p in range(n):
            ax.text(
                p,
                t,
                f"{cm[t, p]:g}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if cm[t, p] > limit else "black",
            )
    ax.set_xticks(range(n), names, fontsize=8)
    ax.set_yticks(range(n), names, fontsize=8)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    return ax


# ---- used from notebook 06 ----
def _kernel_panels(kernels, channel):
    """(K, kh, kw) float panels, or (K, kh, kw, 3) for colour filters shown as RGB."""
    k = as_array(
        kernels,
        "kernels",
        ndim=(2, 3, 4),
        dtype_kind="uifb",
        hint="Pass (kh, kw), (kh, kw, K) or a Keras Conv2D kernel (kh, kw, C, K).",
    ).astype(np.float64)
    if k.ndim == 2:
        return k[None]
    if k.ndim == 3:
        return np.moveaxis(k, 2, 0)
    c = k.shape[2]
    if channel is not None:
        channel = check_int(channel, "channel", low=0, high=c - 1)
        return np.moveaxis(k[:, :, channel, :], 2, 0)
    if c == 1:
        return np.moveaxis(k[:, :, 0, :], 2, 0)
    if c == 3:
        return np.moveaxis(k, 3, 0)  # (K, kh, kw, 3): shown in colour
    return np.moveaxis(k.sum(axis=2), 2, 0)


def _kernel_axes(ax, nrows, ncols, n, size, colorbar):
    """The figure and the grid of Axes plot_kernels draws on (new, into a Figure, or given)."""
    plt = pyplot()
    if ax is None:
        width = size * ncols + 0.6 * colorbar
        return plt.subplots(nrows, ncols, figsize=(width, size * nrows), squeeze=False)
    if hasattr(ax, "add_subplot") and not hasattr(ax, "imshow"):  # a Figure
        return ax, ax.subplots(nrows, ncols, squeeze=False)
    axs = np.atleast_1d(np.asarray(ax, dtype=object))
    if axs.size < n:
        raise CourseInputError(f"{axs.size} Axes for {n} kernels; pass at least one Axes per kernel.")
    for a in axs.ravel():
        check_ax(a)
    return axs.ravel()[0].figure, axs


def _write_weights(ax, p, limit):
    """Each weight of the 2-D kernel ``p`` written in its cell."""
    for r in range(p.shape[0]):
        for c in range(p.shape[1]):
            v = p[r, c]
            ax.text(
                c,
                r,
                f"{v:.2g}",
                ha="center",
                va="center",
                fontsize=max(6, 11 - p.shape[0]),
                color="white" if abs(v) > 0.6 * limit else "black",
            )


def plot_kernels(
    kernels,
    ax=None,
    titles=None,
    *,
    numbers=None,
    channel=None,
    cmap: str = "RdBu_r",
    vmax=None,
    ncols=None,
    size: float = 1.8,
    colorbar: bool = True,
):
    """Show convolution kernels with a diverging colour map centred on 0 (blue < 0 < red).

    ``kernels``: one (kh, kw) kernel, a stack (kh, kw, K), or a Keras ``Conv2D`` kernel
    (kh, kw, C, K) — one panel per filter; with C = 3 each filter is shown in colour (grey = 0),
    otherwise pick ``channel=`` or the channels are summed.  All panels share one scale
    (``vmax``, default the largest |weight|), so colours compare across filters.  ``numbers``
    writes each weight in its cell (default: for kernels up to 5×5 and at most 8 panels).
    ``ax``: None (a new figure), one Axes, a sequence of Axes, or a Figure to draw into.
    Returns the array of Axes used.

    Taught in 06 · Classic kernels on a real photo.  Used in 07 · What the first layer learned.
    """
    panels = _kernel_panels(kernels, channel)
    n = len(panels)
    colour = panels.ndim == 4
    if titles is not None:
        titles = [str(t) for t in (titles if isinstance(titles, (list, tuple)) else [titles])]
        if len(titles) != n:
            raise CourseInputError(f"{len(titles)} titles for {n} kernels; give one title per kernel.")
    limit = float(np.max(np.abs(panels))) if vmax is None else float(vmax)
    limit = limit if limit > 0 else 1.0
    ncols = min(n, 8) if ncols is None else check_int(ncols, "ncols", low=1)
    nrows = -(-n // ncols)
    fig, axs = _kernel_axes(ax, nrows, ncols, n, size, colorbar)
    flat = list(np.ravel(axs))
    if numbers is None:
        numbers = panels.shape[1] * panels.shape[2] <= 25 and n <= 8 and not colour
    image = None
    for i, a in enumerate(flat):
        a.set_xticks([])
        a.set_yticks([])
        if i >= n:
            a.axis("off")
            continue
        p = panels[i]
        if colour:
            a.imshow(np.clip(0.5 + p / (2 * limit), 0, 1), interpolation="nearest")
        else:
            image = a.imshow(p, cmap=cmap, vmin=-limit, vmax=limit, interpolation="nearest")
        if numbers:
            _write_weights(a, p, limit)
        if titles is not None:
            a.set_title(titles[i], fontsize=9)
    if colorbar and image is not None:
        fig.colorbar(image, ax=flat[:n], shrink=0.8, pad=0.02)
    return np.asarray(flat[:n], dtype=object)


# ---- used from notebook 07 ----
def _history_series(history) -> dict:
    """``history`` (a Keras History, or its ``.history`` dict) as {name: list of floats}, checked."""
    h = getattr(history, "history", history)
    if not isinstance(h, dict):
        raise CourseTypeError(
            f"`history` should be what model.fit returns (or its .history dict), but got {describe(history)}."
        )
    return {str(k): [float(v) for v in vals] for k, vals in h.items()}


def plot_training_curves(history, axes=None, title: str | None = None, epochs: int | None = None):
    """Loss and accuracy per epoch, training and validation, side by side; returns the two Axes.

    history: what ``model.fit`` returns (or its ``.history`` dict, e.g. {"loss": [...],
    "val_accuracy": [...]}); an empty dict draws empty panels.  epochs: the x range to show (so a
    curve that is still growing keeps its scale).

    Taught in 07 · Training curves and early stopping.
    """
    plt = pyplot()
    from matplotlib.ticker import MaxNLocator

    h = _history_series(history)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    axes = list(np.ravel(np.asarray(axes, dtype=object)))
    if len(axes) != 2:
        raise CourseInputError(f"`axes` should be two Axes (loss, accuracy), but got {len(axes)}.")
    for ax, metric in zip(axes, ["loss", "accuracy"], strict=True):
        check_ax(ax)
        for key, label, style in [(metric, "training", "o-"), (f"val_{metric}", "validation", "s--")]:
            values = h.get(key, [])
            if values:
                ax.plot(range(1, len(values) + 1), values, style, label=label, markersize=4)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole epochs, never "epoch 1.5"
        ax.set_ylabel(metric)
        if epochs is not None:
            ax.set_xlim(0.5, check_int(epochs, "epochs", low=1) + 0.5)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    if title:
        axes[0].figure.suptitle(title)
    return axes


def plot_misclassified(
    images, y_true, probabilities, class_names=None, n: int = 10, ncols: int = 5, size: float = 2.2
):
    """A gallery of the first ``n`` misclassified images, each titled with its true class and top-3 guesses.

    images (N, H, W) or (N, H, W, 1); y_true (N,); probabilities (N, n_classes) from
    ``model.predict``.  Returns the Axes (an empty figure with a note when nothing is wrong).

    Taught in 07 · Evaluate: which digits get confused?
    """
    plt = pyplot()
    x = as_array(images, "images", ndim=(3, 4), dtype_kind="uif")
    p = as_array(probabilities, "probabilities", ndim=2, dtype_kind="f")
    y = as_array(y_true, "y_true", ndim=1, dtype_kind="ui").astype(np.int64)
    if not len(x) == len(y) == len(p):
        raise CourseInputError(
            f"{len(x)} images, {len(y)} labels and {len(p)} rows of probabilities: "
            "they should be the same number."
        )
    names = [str(c) for c in (class_names if class_names is not None else range(p.shape[1]))]
    if len(names) != p.shape[1]:
        raise CourseInputError(f"{len(names)} class names for {p.shape[1]} classes.")
    n = check_int(n, "n", low=1)
    wrong = np.flatnonzero(np.argmax(p, axis=1) != y)[:n]
    if len(wrong) == 0:
        fig, ax = plt.subplots(figsize=(4, 1))
        ax.axis("off")
        ax.text(0.5, 0.5, "no misclassified images", ha="center", va="center")
        return np.array([ax], dtype=object)
    ncols = min(check_int(ncols, "ncols", low=1), len(wrong))
    nrows = -(-len(wrong) // ncols)
    fig, axs = plt.subplots(nrows, ncols, figsize=(size * ncols, (size + 1.0) * nrows), squeeze=False)
    for ax in axs.ravel():
        ax.axis("off")
    for ax, i in zip(axs.ravel(), wrong, strict=False):
        img, kwargs = display_args(x[i])
        ax.imshow(img, **kwargs)
        top = np.argsort(-p[i], kind="stable")[:3]
        guesses = "\n".join(f"{names[c]}: {p[i, c]:.0%}" for c in top)
        ax.set_title(f"true {names[y[i]]}\n{guesses}", fontsize=8, color="firebrick")
    fig.tight_layout()
    return axs.ravel()[: len(wrong)]
