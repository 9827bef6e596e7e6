"""Showing images and the numbers inside them (matplotlib only).

General helpers:
    show_images(images, titles=None, ncols=None, cmap=None)   a row/grid of pictures
    show_pixel_grid(region, ax=None, channel=None, origin=(0, 0))  every pixel with its number
    show_channels(img)                                         R, G, B one by one
    plot_distances(rows, ax=None, metric="l2")                 bar chart of pixel distances
    plot_dataset_sizes(datasets=None)                          the lectures' datasets, log scale

Notebook 01's widgets draw with these plain functions (each prints a one-line readout too):
    inspect_pixels(img, row, col, size=8, channel="all")
    show_colour_view(img, view="RGB")
    show_challenge(image, challenge, strength, reference=None)

Every function takes an optional ``ax=``/``axes=`` and returns the figure or axes it drew on.
"""
from __future__ import annotations

import numpy as np

from ._validate import CourseInputError, CourseTypeError, as_array, as_image, check_choice, check_int
from . import images as _im

__all__ = ["show_images", "show_pixel_grid", "show_channels", "plot_distances",
           "plot_dataset_sizes", "inspect_pixels", "show_colour_view", "show_challenge"]


def _plt():
    import matplotlib.pyplot as plt
    return plt


def _display_args(img: np.ndarray, cmap=None):
    """imshow arguments that show the TRUE values: no automatic contrast stretching."""
    if img.ndim == 3 and img.shape[-1] == 1:
        img = img[..., 0]
    vmax = _im._value_max(img)
    if img.ndim == 2:
        return img, {"cmap": cmap or "gray", "vmin": 0, "vmax": vmax, "interpolation": "nearest"}
    if img.dtype.kind == "b":
        img = img.astype(np.float64)
    elif img.dtype != np.uint8:
        img = np.clip(img.astype(np.float64) / vmax, 0, 1)
    return img, {"interpolation": "nearest"}


def _check_ax(ax, name="ax"):
    if ax is not None and not hasattr(ax, "imshow"):
        raise CourseTypeError(f"`{name}` should be a matplotlib Axes (from `plt.subplots()`), "
                              f"but got {type(ax).__name__}.")
    return ax


def show_images(images, titles=None, ncols=None, cmap=None, axes=None, size: float = 2.6):
    """Draw several images side by side (wrapping after ``ncols``); returns ``(fig, axes)``.

    ``images``: a list of images or a stack (N, H, W) / (N, H, W, C).  Grayscale images are drawn
    with ``cmap`` (gray by default) on their full value range, so dark stays dark.
    """
    if isinstance(images, np.ndarray) and (images.ndim == 2 or
                                           images.ndim == 3 and images.shape[-1] in (3, 4)):
        images = [images]          # one image rather than a stack: draw it alone
    if isinstance(images, np.ndarray):
        stack = as_array(images, "images", ndim=(3, 4), dtype_kind="uifb",
                         hint="Pass a list of images or a stack (N, H, W) / (N, H, W, C).")
        imgs = list(stack)
    elif isinstance(images, (list, tuple)):
        imgs = [as_image(im, f"images[{i}]") for i, im in enumerate(images)]
    else:
        raise CourseTypeError(f"`images` should be a list of images or a NumPy stack, "
                              f"but got {type(images).__name__}.")
    if not imgs:
        raise CourseInputError("`images` is empty; pass at least one image.")
    if titles is not None:
        if isinstance(titles, str) or len(titles) != len(imgs):
            raise CourseInputError(f"`titles` should be a list with one title per image "
                                   f"({len(imgs)}), but got {titles!r}.")
    n = len(imgs)
    ncols = n if ncols is None else check_int(ncols, "ncols", low=1)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    plt = _plt()
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
            shown, kw = _display_args(imgs[i], cmap)
            ax.imshow(shown, **kw)
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=10)
    return fig, axs


def _fmt(v, is_int):
    return f"{int(v)}" if is_int else f"{v:.2f}"


def show_pixel_grid(region, ax=None, channel=None, origin=(0, 0), fontsize=None, max_side: int = 24):
    """Draw a small region zoomed in, with every pixel's number written on it.

    * grayscale (h, w): each square shows its value; dark text on light pixels and vice versa.
    * colour (h, w, 3): each square shows its colour and its three numbers R / G / B, or pass
      ``channel`` (0/1/2 or "R"/"G"/"B") to show one channel as gray with one number each.
    ``origin``: the (row, col) of the region's top-left pixel in the full image, so the axis
    labels are the real row and column numbers.  Returns the axes.
    """
    arr = as_image(region, "region")
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim == 3 and arr.shape[-1] != 3:
        raise CourseInputError(f"`region` should be (h, w) or (h, w, 3), but got {arr.shape}.")
    side = check_int(max_side, "max_side", low=1)
    if max(arr.shape[:2]) > side:
        raise CourseInputError(
            f"`region` is {arr.shape[0]} x {arr.shape[1]} pixels: too many numbers to read. "
            f"Pass at most {side} x {side}, e.g. `pixel_region(img, row, col, size=8)`.")
    if channel is not None:
        if arr.ndim != 3:
            raise CourseInputError("`channel` only makes sense for a colour region (h, w, 3); "
                                   "this region is grayscale, so leave `channel=None`.")
        if isinstance(channel, str):
            channel = "rgb".index(check_choice(channel, "channel", ("r", "g", "b")))
        channel = check_int(channel, "channel", low=0, high=2)
        arr = arr[..., channel]
    if (not isinstance(origin, (tuple, list)) or len(origin) != 2):
        raise CourseTypeError(f"`origin` should be (row, col) of the region's top-left pixel, got {origin!r}.")
    r0, c0 = check_int(origin[0], "origin[0]", low=0), check_int(origin[1], "origin[1]", low=0)
    ax = _check_ax(ax)
    plt = _plt()
    h, w = arr.shape[:2]
    if ax is None:
        cell = 0.62 if arr.ndim == 3 else 0.48
        _, ax = plt.subplots(figsize=(max(2.5, cell * w + 0.8), max(2.5, cell * h + 0.6)))
    shown, kw = _display_args(arr)
    ax.imshow(shown, **kw)
    vmax = _im._value_max(arr)
    is_int = arr.dtype.kind in "uib"
    unit = arr.astype(np.float64) / vmax
    light = (unit @ np.asarray(_im.GRAY_WEIGHTS)) if arr.ndim == 3 else unit
    if fontsize is None:
        fontsize = max(4.5, min(11.0, (80.0 if arr.ndim == 3 else 180.0) / max(h, w)))
    for i in range(h):
        for j in range(w):
            colour = "black" if light[i, j] > 0.5 else "white"
            if arr.ndim == 3:
                txt = "\n".join(_fmt(v, is_int) for v in arr[i, j])
            else:
                txt = _fmt(arr[i, j], is_int)
            ax.text(j, i, txt, ha="center", va="center", color=colour, fontsize=fontsize,
                    linespacing=0.95)
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
    """
    arr = _im._colour_image(img, "img")
    plt = _plt()
    if axes is None:
        fig, axs = plt.subplots(2, 4, figsize=(size * 4 * arr.shape[1] / arr.shape[0] * 0.9 + 0.5,
                                               size * 2 + 0.4))
    else:
        axs = np.asarray(axes)
        if axs.shape != (2, 4):
            raise CourseInputError(f"`axes` should be a 2 x 4 grid (plt.subplots(2, 4)), got shape {axs.shape}.")
        fig = axs[0, 0].figure
    shown, kw = _display_args(arr)
    axs[0, 0].imshow(shown, **kw)
    axs[0, 0].set_title("RGB picture")
    gray, gkw = _display_args(_im.to_grayscale(arr))
    axs[1, 0].imshow(gray, **gkw)
    axs[1, 0].set_title("grayscale")
    vmax = _im._value_max(arr)
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


def plot_distances(rows, ax=None, metric: str = "l2", highlight: str | None = None):
    """Horizontal bars of pixel distances from :func:`utils.images.challenge_distances`.

    The row named ``highlight`` (default: the last row, the genuinely different image) is drawn in
    a contrasting colour with a dashed line, so the challenges can be compared with it.
    """
    m = check_choice(metric, "metric", ("l1", "l2"))
    if not isinstance(rows, (list, tuple)) or not rows or not all(
            isinstance(r, dict) and "change" in r and m in r for r in rows):
        raise CourseTypeError(f"`rows` should be a non-empty list of dicts with keys 'change' and "
                              f"'{m}', as returned by `challenge_distances(...)`.")
    ax = _check_ax(ax)
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.45 * len(rows) + 1.2))
    names = [str(r["change"]) for r in rows]
    vals = [float(r[m]) for r in rows]
    ref = names[-1] if highlight is None else highlight
    colours = ["tab:red" if n == ref else "tab:blue" for n in names]
    ypos = np.arange(len(rows))[::-1]
    ax.barh(ypos, vals, color=colours)
    ax.set_yticks(ypos)
    ax.set_yticklabels(names)
    if ref in names:
        ax.axvline(vals[names.index(ref)], color="tab:red", linestyle="--", linewidth=1)
    for y, v in zip(ypos, vals):
        ax.text(v, y, f" {v:,.0f}", va="center", fontsize=8)
    ax.set_xlim(0, max(vals) * 1.25 if max(vals) > 0 else 1)
    ax.set_xlabel(f"{m.upper()} distance to the original (raw pixels)")
    return ax


def plot_dataset_sizes(datasets=None, axes=None):
    """Two log-scale bar charts: training images, and total training pixels (images x H x W x C).

    Returns ``(fig, axes)``.
    """
    rows = _im.DATASETS if datasets is None else datasets
    _im.dataset_table(rows)   # validates the rows
    plt = _plt()
    if axes is None:
        fig, axs = plt.subplots(1, 2, figsize=(12, 3.8))
    else:
        axs = np.ravel(axes)
        if len(axs) != 2:
            raise CourseInputError(f"`axes` should hold 2 axes, got {len(axs)}.")
        fig = axs[0].figure
    names = [r["name"].replace(" (ILSVRC)", "") for r in rows]
    images = [r["train_images"] for r in rows]
    pixels = [_im.training_pixels(r["train_images"], r["height"], r["width"], r["channels"])
              for r in rows]
    for ax, vals, title in ((axs[0], images, "training images"),
                            (axs[1], pixels, "training pixels (images x H x W x C)")):
        ax.bar(range(len(vals)), vals, color="tab:blue")
        ax.set_yscale("log")
        ax.set_xticks(range(len(vals)))
        ax.set_xticklabels(names, rotation=25, ha="right")
        ax.set_title(title + ", log scale")
        for i, v in enumerate(vals):
            ax.text(i, v, _im._short(v), ha="center", va="bottom", fontsize=8)
        ax.set_ylim(min(vals) / 3, max(vals) * 8)
    fig.tight_layout()
    return fig, axs


# ----------------------------------------------------------------------------------------------
# the widgets' plain functions (each prints one readout line and returns the figure)
# ----------------------------------------------------------------------------------------------
def inspect_pixels(img, row: int, col: int, size: int = 8, channel: str = "all"):
    """Pixel inspector: the full picture with a box, and that box zoomed with every number.

    ``channel``: "all" (three numbers per pixel for colour), or "R", "G", "B".  Prints the box's
    position and mean value.  Returns the figure.
    """
    arr = as_image(img, "img")
    ch = check_choice(channel, "channel", ("all", "r", "g", "b"))
    if arr.ndim == 2 and ch != "all":
        raise CourseInputError("`channel` must be 'all' for a grayscale image: it has one channel.")
    r0, r1, c0, c1 = _im.region_bounds(arr.shape, row, col, size)
    region = arr[r0:r1, c0:c1]
    plt = _plt()
    fig, (a0, a1) = plt.subplots(1, 2, figsize=(12.5, 5.8), gridspec_kw={"width_ratios": [1, 1.3]})
    shown, kw = _display_args(arr)
    a0.imshow(shown, **kw)
    from matplotlib.patches import Rectangle
    a0.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0, r1 - r0, fill=False, edgecolor="red",
                           linewidth=2))
    a0.set_title(f"whole image {arr.shape}")
    show_pixel_grid(region, ax=a1, channel=None if ch == "all" else ch, origin=(r0, c0))
    what = "R, G, B" if arr.ndim == 3 and ch == "all" else (ch.upper() if arr.ndim == 3 else "value")
    a1.set_title(f"rows {r0}-{r1 - 1}, columns {c0}-{c1 - 1}: {what}")
    fig.tight_layout()
    if arr.ndim == 3 and ch == "all":
        means = region.reshape(-1, 3).astype(np.float64).mean(axis=0)
        mean_txt = "mean (R, G, B) = (" + ", ".join(f"{m:.1f}" for m in means) + ")"
    else:
        plane = region if arr.ndim == 2 else region[..., "rgb".index(ch)]
        mean_txt = f"mean {what} = {plane.astype(np.float64).mean():.1f}"
    print(f"rows {r0}-{r1 - 1}, columns {c0}-{c1 - 1} ({r1 - r0} x {c1 - c0} pixels): {mean_txt}")
    return fig


def show_colour_view(img, view: str = "RGB", ax=None):
    """Colour-space toggle: draw one view from :data:`utils.images.COLOUR_VIEWS` and explain it."""
    picture, cmap, vmin, vmax, note = _im.colour_view(img, view)
    ax = _check_ax(ax)
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4))
    if cmap is None:
        shown, kw = _display_args(picture)
        ax.imshow(shown, **kw)
    else:
        im = ax.imshow(picture, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
        ax.figure.colorbar(im, ax=ax, fraction=0.035)
    ax.set_title(view)
    ax.set_xticks([])          # keep the frame: a nearly empty (white) channel is still visible
    ax.set_yticks([])
    print(f"{view}: {note}; shape {picture.shape}, values {picture.min():.3g} to {picture.max():.3g}")
    return ax.figure


def show_challenge(image, challenge: str, strength: float = 0.5, reference=None):
    """Transform slider: original | transformed | per-pixel absolute difference, with distances.

    Prints the L1 and L2 raw-pixel distances to the original (and to ``reference``, a different
    image of the same shape, for comparison).  Returns the figure.
    """
    arr = as_image(image, "image")
    out = _im.apply_challenge(arr, challenge, strength)
    l1 = _im.pixel_distance(arr, out, "l1")
    l2 = _im.pixel_distance(arr, out, "l2")
    diff = np.abs(arr.astype(np.float64) - out.astype(np.float64))
    if diff.ndim == 3:
        diff = diff.mean(axis=-1)       # average over the colour channels
    plt = _plt()
    fig, axs = plt.subplots(1, 3, figsize=(11, 3.6))
    for ax, pic, title in ((axs[0], arr, "original"), (axs[1], out, f"{challenge}, strength {strength:.2f}")):
        shown, kw = _display_args(pic)
        ax.imshow(shown, **kw)
        ax.set_title(title)
        ax.axis("off")
    vmax = _im._value_max(arr)
    im = axs[2].imshow(diff, cmap="magma", vmin=0, vmax=vmax, interpolation="nearest")
    axs[2].set_title("|difference| per pixel" + (" (mean of R, G, B)" if arr.ndim == 3 else ""))
    axs[2].axis("off")
    fig.colorbar(im, ax=axs[2], fraction=0.035)
    fig.tight_layout()
    line = f"{challenge} at strength {strength:.2f}: L1 = {l1:,.0f}, L2 = {l2:,.1f}"
    if reference is not None:
        ref = as_image(reference, "reference")
        if ref.shape != arr.shape:
            raise CourseInputError(f"`reference` should have the image's shape {arr.shape}, got "
                                   f"{ref.shape}; use `utils.images.resize_to(reference, image.shape)`.")
        line += f"  (a different image: L2 = {_im.pixel_distance(arr, ref, 'l2'):,.1f})"
    print(line)
    return fig
