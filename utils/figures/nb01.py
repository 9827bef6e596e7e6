"""Notebook 01's figures and widget bodies: pixel inspector, colour views, challenges, datasets."""

from __future__ import annotations

import numpy as np

from .. import _pixels, dataset_facts, images, transforms
from .._validate import CourseInputError, CourseTypeError, as_image, check_choice
from ..plotting import check_ax, display_args, pyplot, show_pixel_grid

__all__ = ["plot_distances", "plot_dataset_sizes", "inspect_pixels", "show_colour_view", "show_challenge"]


def plot_distances(rows, ax=None, metric: str = "l2", highlight: str | None = None):
    """Horizontal bars of pixel distances from :func:`utils.images.challenge_distances`.

    The row named ``highlight`` (default: the last row, the genuinely different image) is drawn in
    a contrasting colour with a dashed line, so the challenges can be compared with it.

    Taught in 01 · Why recognition is hard.
    """
    m = check_choice(metric, "metric", ("l1", "l2"))
    if (
        not isinstance(rows, (list, tuple))
        or not rows
        or not all(isinstance(r, dict) and "change" in r and m in r for r in rows)
    ):
        raise CourseTypeError(
            f"`rows` should be a non-empty list of dicts with keys 'change' and "
            f"'{m}', as returned by `challenge_distances(...)`."
        )
    ax = check_ax(ax)
    plt = pyplot()
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
    for y, v in zip(ypos, vals, strict=True):
        ax.text(v, y, f" {v:,.0f}", va="center", fontsize=8)
    ax.set_xlim(0, max(vals) * 1.25 if max(vals) > 0 else 1)
    ax.set_xlabel(f"{m.upper()} distance to the original (raw pixels)")
    return ax


def plot_dataset_sizes(datasets=None, axes=None):
    """Two log-scale bar charts: training images, and total training pixels (images x H x W x C).

    Returns ``(fig, axes)``.

    Taught in 01 · Datasets.
    """
    rows = dataset_facts.DATASETS if datasets is None else datasets
    dataset_facts.dataset_table(rows)  # validates the rows
    plt = pyplot()
    if axes is None:
        fig, axs = plt.subplots(1, 2, figsize=(12, 3.8))
    else:
        axs = np.ravel(axes)
        if len(axs) != 2:
            raise CourseInputError(f"`axes` should hold 2 axes, got {len(axs)}.")
        fig = axs[0].figure
    names = [r["name"].replace(" (ILSVRC)", "") for r in rows]
    images = [r["train_images"] for r in rows]
    pixels = [
        dataset_facts.training_pixels(r["train_images"], r["height"], r["width"], r["channels"]) for r in rows
    ]
    for ax, vals, title in (
        (axs[0], images, "training images"),
        (axs[1], pixels, "training pixels (images x H x W x C)"),
    ):
        ax.bar(range(len(vals)), vals, color="tab:blue")
        ax.set_yscale("log")
        ax.set_xticks(range(len(vals)))
        ax.set_xticklabels(names, rotation=25, ha="right")
        ax.set_title(title + ", log scale")
        for i, v in enumerate(vals):
            ax.text(i, v, dataset_facts.short_number(v), ha="center", va="bottom", fontsize=8)
        ax.set_ylim(min(vals) / 3, max(vals) * 8)
    fig.tight_layout()
    return fig, axs


def inspect_pixels(img, row: int, col: int, size: int = 8, channel: str = "all"):
    """Pixel inspector: the full picture with a box, and that box zoomed with every number.

    ``channel``: "all" (three numbers per pixel for colour), or "R", "G", "B".  Prints the box's
    position and mean value.  Returns the figure.

    Taught in 01 · The semantic gap.
    """
    arr = as_image(img, "img")
    ch = check_choice(channel, "channel", ("all", "r", "g", "b"))
    if arr.ndim == 2 and ch != "all":
        raise CourseInputError("`channel` must be 'all' for a grayscale image: it has one channel.")
    r0, r1, c0, c1 = images.region_bounds(arr.shape, row, col, size)
    region = arr[r0:r1, c0:c1]
    plt = pyplot()
    fig, (a0, a1) = plt.subplots(1, 2, figsize=(12.5, 5.8), gridspec_kw={"width_ratios": [1, 1.3]})
    shown, kw = display_args(arr)
    a0.imshow(shown, **kw)
    from matplotlib.patches import Rectangle

    a0.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0, r1 - r0, fill=False, edgecolor="red", linewidth=2))
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
    """Colour-space toggle: draw one view from :data:`utils.images.COLOUR_VIEWS` and explain it.

    Taught in 01 · Colour spaces: RGB, HSV, CMYK.
    """
    picture, cmap, vmin, vmax, note = images.colour_view(img, view)
    ax = check_ax(ax)
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4))
    if cmap is None:
        shown, kw = display_args(picture)
        ax.imshow(shown, **kw)
    else:
        im = ax.imshow(picture, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
        ax.figure.colorbar(im, ax=ax, fraction=0.035)
    ax.set_title(view)
    ax.set_xticks([])  # keep the frame: a nearly empty (white) channel is still visible
    ax.set_yticks([])
    print(f"{view}: {note}; shape {picture.shape}, values {picture.min():.3g} to {picture.max():.3g}")
    return ax.figure


def show_challenge(image, challenge: str, strength: float = 0.5, reference=None):
    """Transform slider: original | transformed | per-pixel absolute difference, with distances.

    Prints the L1 and L2 raw-pixel distances to the original (and to ``reference``, a different
    image of the same shape, for comparison).  Returns the figure.

    Taught in 01 · Why recognition is hard.
    """
    arr = as_image(image, "image")
    ref = None if reference is None else transforms.reference_like(reference, arr)  # checked before drawing
    out = transforms.apply_challenge(arr, challenge, strength)
    l1 = images.pixel_distance(arr, out, "l1")
    l2 = images.pixel_distance(arr, out, "l2")
    diff = np.abs(arr.astype(np.float64) - out.astype(np.float64))
    if diff.ndim == 3:
        diff = diff.mean(axis=-1)  # average over the colour channels
    plt = pyplot()
    fig, axs = plt.subplots(1, 3, figsize=(11, 3.6))
    for ax, pic, title in ((axs[0], arr, "original"), (axs[1], out, f"{challenge}, strength {strength:.2f}")):
        shown, kw = display_args(pic)
        ax.imshow(shown, **kw)
        ax.set_title(title)
        ax.axis("off")
    vmax = _pixels.value_max(arr)
    im = axs[2].imshow(diff, cmap="magma", vmin=0, vmax=vmax, interpolation="nearest")
    axs[2].set_title("|difference| per pixel" + (" (mean of R, G, B)" if arr.ndim == 3 else ""))
    axs[2].axis("off")
    fig.colorbar(im, ax=axs[2], fraction=0.035)
    fig.tight_layout()
    line = f"{challenge} at strength {strength:.2f}: L1 = {l1:,.0f}, L2 = {l2:,.1f}"
    if ref is not None:
        line += f"  (a different image: L2 = {images.pixel_distance(arr, ref, 'l2'):,.1f})"
    print(line)
    return fig
