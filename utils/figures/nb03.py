"""Notebook 03's figures and widget bodies: the pipeline, histograms, gradients, HOG, matches, words."""

from __future__ import annotations

import numpy as np

from .. import features
from .._validate import CourseInputError, as_image, check_choice
from ..plotting import new_axes, pyplot

__all__ = [
    "plot_pipeline",
    "plot_colour_histograms",
    "show_colour_histograms",
    "plot_gradients",
    "plot_hog",
    "show_hog",
    "plot_cell_histograms",
    "plot_matches",
    "plot_vocabulary",
    "plot_accuracy_table",
]


def plot_pipeline(image, feature_picture, caption: str = "k-NN or a linear classifier → label"):
    """The classical pipeline of the lecture, drawn: image → hand-crafted features → classifier → label.

    image: the input picture; feature_picture: a picture of its features (e.g. the HOG picture).
    Returns the figure.

    Taught in 03 · The classical pipeline.
    """
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.2), gridspec_kw={"width_ratios": [1, 1, 1.3]})
    axes[0].imshow(image, cmap="gray")
    axes[0].set_title("1. image (pixels)")
    axes[1].imshow(feature_picture, cmap="magma")
    axes[1].set_title("2. features, designed by hand")
    axes[2].text(
        0.5,
        0.5,
        caption,
        ha="center",
        va="center",
        fontsize=11,
        wrap=True,
        bbox={"boxstyle": "round", "facecolor": "#e8f0fe"},
    )
    axes[2].set_title("3. classifier, learned from data")
    for ax in axes:
        ax.axis("off")
    for x in (0.345, 0.64):
        fig.text(x, 0.5, "→", fontsize=28, ha="center", va="center")
    return fig


def plot_colour_histograms(photo, bins: int = 16, axes=None, title: str = ""):
    """A photo, its R, G, B histograms (one line each) and its hue histogram (bars in their own hue).

    Returns the axes (3 of them).

    Taught in 03 · Colour histograms.
    """
    from skimage.color import hsv2rgb

    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(1, 3, figsize=(12, 3.0))
    arr = as_image(photo, "photo")
    axes[0].imshow(arr)
    axes[0].set_title(title or f"{arr.shape[0]}×{arr.shape[1]} photo")
    axes[0].axis("off")
    rgb = features.rgb_histogram(arr, bins).reshape(3, bins)
    centres = (np.arange(bins) + 0.5) * 256 / bins
    for c, colour in enumerate(("red", "green", "blue")):
        axes[1].plot(centres, rgb[c], color=colour, marker="o", ms=3)
    axes[1].set_xlabel("channel value (0 dark … 255 bright)")
    axes[1].set_ylabel("share of pixels")
    axes[1].set_title(f"RGB histogram, {bins} bins per channel")
    hue = features.colour_histogram(arr, bins, "hue")
    hues = (np.arange(bins) + 0.5) / bins
    colours = hsv2rgb(np.stack([hues, np.ones(bins), np.ones(bins)], axis=-1)[None])[0]
    axes[2].bar(hues, hue, width=0.9 / bins, color=colours, edgecolor="black", linewidth=0.5)
    axes[2].set_xlabel("hue (0 red, 1/3 green, 2/3 blue, 1 red again)")
    axes[2].set_title("hue histogram (coloured pixels)")
    return axes


def show_colour_histograms(photo: str = "chelsea", change: str = "none", bins: int = 16, photos=None):
    """The colour-histogram explorer's function: a photo, optionally changed, and its histograms.

    photo: a key of ``photos`` ({name: RGB image}); change: "none" or a key of
    :func:`utils.features.transformed_copies`.  Prints e.g. "chelsea, darker: RGB histogram moved
    0.62, hue histogram moved 0.09 (L1 distance to the unchanged photo's)".  Returns the axes.

    Taught in 03 · Colour histograms.
    """
    if not photos:
        raise CourseInputError("`photos` should be a dict {name: RGB image} of the photos to explore.")
    original = photos[photo]
    changed = original if change == "none" else features.transformed_copies(original)[change]
    moved = {
        space: features.histogram_distance(
            features.colour_histogram(original, bins, space), features.colour_histogram(changed, bins, space)
        )
        for space in ("rgb", "hue")
    }
    print(
        f"{photo}, {change}: RGB histogram moved {moved['rgb']:.2f}, hue histogram moved "
        f"{moved['hue']:.2f} (L1 distance to the unchanged photo's)"
    )
    axes = plot_colour_histograms(changed, bins, title=f"{photo}, {change}")
    pyplot().show()
    return axes


def plot_gradients(image, axes=None, title: str = ""):
    """Sobel g_x, g_y, the magnitude, and the orientation as hue (brightness = magnitude) of an image.

    Returns the axes (4).

    Taught in 03 · Gradients and edges.
    """
    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(1, 4, figsize=(13, 3.4))
    gx, gy = features.sobel_gradients(image)
    mag = features.gradient_magnitude(image)
    ori = features.gradient_orientation(image)
    lim = np.percentile(np.abs(np.concatenate([gx.ravel(), gy.ravel()])), 99) or 1.0
    axes[0].imshow(gx, cmap="RdBu_r", vmin=-lim, vmax=lim)
    axes[0].set_title("g_x: change to the right")
    axes[1].imshow(gy, cmap="RdBu_r", vmin=-lim, vmax=lim)
    axes[1].set_title("g_y: change downwards")
    axes[2].imshow(mag, cmap="gray", vmax=np.percentile(mag, 99) or None)
    axes[2].set_title(f"{title} magnitude".strip())
    axes[3].imshow(features.orientation_picture(mag, ori))
    axes[3].set_title("orientation as hue (red 0°, green 60°, blue 120°)", fontsize=9)
    for ax in axes:
        ax.axis("off")
    return axes


def plot_hog(image, cell_size: int = 8, block_size: int = 2, orientations: int = 9, axes=None, title=""):
    """An image and its HOG picture, the cell grid drawn over both.  Returns (vector, axes).

    Taught in 03 · HOG: histograms of oriented gradients.
    """
    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 4))
    vec, picture = features.hog_features(image, cell_size, block_size, orientations, visualize=True)
    img = as_image(image)
    axes[0].imshow(img, cmap="gray")
    axes[0].set_title(title or "image")
    axes[1].imshow(picture, cmap="magma", vmin=0, vmax=np.percentile(picture, 99.5) or None)
    axes[1].set_title(f"HOG: {len(vec):,} numbers")
    h, w = img.shape[:2]
    grid = max(h, w) // cell_size <= 16  # a grid of more cells would hide the picture
    for ax in axes:
        for y in range(0, h - h % cell_size + 1, cell_size) if grid else ():
            ax.axhline(y - 0.5, color="cyan", lw=0.3, alpha=0.6)
        for x in range(0, w - w % cell_size + 1, cell_size) if grid else ():
            ax.axvline(x - 0.5, color="cyan", lw=0.3, alpha=0.6)
        ax.set_xticks([])
        ax.set_yticks([])
    return vec, axes


def show_hog(
    cell_size: int = 7, block_size: int = 2, orientations: int = 9, picture: str = "digit", pictures=None
):
    """The HOG widget's function: the picture chosen, its HOG picture, and the feature length.

    pictures: {name: grayscale image}.  Prints e.g. "digit 28×28: cells of 7×7 px (4×4 cells),
    blocks of 2×2 cells (3×3 blocks), 9 bins -> 324 numbers".  Settings that do not fit the picture
    print what went wrong instead of drawing.  Returns the HOG vector (or None).

    Taught in 03 · HOG: histograms of oriented gradients.
    """
    if not pictures:
        raise CourseInputError("`pictures` should be a dict {name: grayscale image}.")
    img = pictures[picture]
    h, w = img.shape[:2]
    try:
        n = features.hog_length(img.shape, cell_size, block_size, orientations)
    except CourseInputError as err:
        print(f"{picture} {h}×{w}: {err}")
        return None
    cells = (h // cell_size, w // cell_size)
    blocks = (cells[0] - block_size + 1, cells[1] - block_size + 1)
    print(
        f"{picture} {h}×{w}: cells of {cell_size}×{cell_size} px ({cells[0]}×{cells[1]} cells), "
        f"blocks of {block_size}×{block_size} cells ({blocks[0]}×{blocks[1]} blocks), "
        f"{orientations} bins -> {n:,} numbers"
    )
    vec, _ = plot_hog(img, cell_size, block_size, orientations, title=picture)
    pyplot().show()
    return vec


def plot_cell_histograms(image, row: int, col: int, cell_size: int = 8, n_bins: int = 9, axes=None):
    """One cell: its pixels with their gradient arrows, and three histograms side by side: the
    bilinear vote, the nearest-bin vote, and scikit-image's (all scaled to sum 1).  Returns the axes.

    Taught in 03 · One HOG cell by hand.
    """
    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.6), gridspec_kw={"width_ratios": [1, 2]})
    img = features._gray(image)
    mag, ori = features.hog_gradients(img)
    cell = np.s_[row * cell_size : (row + 1) * cell_size, col * cell_size : (col + 1) * cell_size]
    axes[0].imshow(img[cell], cmap="gray")
    rr, cc = np.mgrid[0:cell_size, 0:cell_size]
    scale = mag[cell].max() or 1.0
    theta = np.deg2rad(ori[cell])
    u, v = np.cos(theta) * mag[cell] / scale, np.sin(theta) * mag[cell] / scale
    axes[0].quiver(  # lines, not arrows: the orientation is unsigned
        cc,
        rr,
        u,
        v,
        color="orange",
        angles="xy",
        scale=cell_size * 0.9,
        width=0.012,
        headwidth=1,
        headlength=0,
        headaxislength=0,
        pivot="middle",
    )
    axes[0].set_title(f"cell ({row}, {col}): gradients")
    axes[0].axis("off")
    bil = features.cell_histogram(mag[cell], ori[cell], n_bins)
    near = features.cell_histogram(mag[cell], ori[cell], n_bins, vote="nearest")
    sk = features.skimage_cell_histogram(img, row, col, cell_size, n_bins)
    x = np.arange(n_bins)
    width = 180 / n_bins
    axes[1].bar(x - 0.27, bil / (bil.sum() or 1), 0.27, label="bilinear vote (yours)")
    axes[1].bar(x, near / (near.sum() or 1), 0.27, label="nearest bin")
    axes[1].bar(x + 0.27, sk, 0.27, label="scikit-image hog")
    axes[1].set_xticks(x, [f"{(i + 0.5) * width:.0f}°" for i in x])
    axes[1].set_xlabel("bin centre (unsigned orientation)")
    axes[1].set_ylabel("share of the votes")
    axes[1].legend(fontsize=8)
    return axes


def plot_matches(image_a, image_b, a, b, matches, correct=None, ax=None, max_lines: int = 80):
    """Two images side by side with their matched keypoints joined by lines (green = correct,
    red = wrong, when ``correct`` is given).  Returns the axes.

    Taught in 03 · Keypoints: SIFT.
    """
    ax = new_axes(ax, figsize=(11, 5))
    A, B = (np.asarray(im, dtype=np.float64) for im in (image_a, image_b))
    A, B = A / (A.max() or 1), B / (B.max() or 1)
    h = max(A.shape[0], B.shape[0])
    canvas = np.zeros((h, A.shape[1] + B.shape[1] + 10))
    canvas[: A.shape[0], : A.shape[1]] = A
    canvas[: B.shape[0], A.shape[1] + 10 :] = B
    ax.imshow(canvas, cmap="gray")
    off = A.shape[1] + 10
    m = np.asarray(matches).reshape(-1, 2)
    ok = np.ones(len(m), bool) if correct is None else np.asarray(correct, bool)
    for (i, j), good in list(zip(m, ok, strict=True))[:max_lines]:
        (r1, c1), (r2, c2) = a.points[i], b.points[j]
        ax.plot([c1, c2 + off], [r1, r2], "-", color="lime" if good else "red", lw=0.7)
    ax.plot(a.points[:, 1], a.points[:, 0], ".", color="yellow", ms=2)
    ax.plot(b.points[:, 1] + off, b.points[:, 0], ".", color="yellow", ms=2)
    ax.axis("off")
    return ax


def plot_vocabulary(bow, n: int = 30, ax=None):
    """The visual words of a fitted :class:`utils.features.BagOfVisualWords`, as little patches.

    Taught in 03 · Bag of visual words.
    """
    words = bow.vocabulary[:n]
    cols = min(len(words), 15)
    rows = -(-len(words) // cols)
    s = bow.patch_size
    canvas = np.full((rows * (s + 1), cols * (s + 1)), np.nan)
    for i, word in enumerate(words):
        r, c = divmod(i, cols)
        canvas[r * (s + 1) : r * (s + 1) + s, c * (s + 1) : c * (s + 1) + s] = word
    ax = new_axes(ax, figsize=(cols * 0.6, rows * 0.6 + 0.4))
    ax.imshow(np.ma.masked_invalid(canvas), cmap="gray", interpolation="nearest")
    ax.set_title(f"{len(words)} visual words ({s}×{s} patches, normalised)")
    ax.axis("off")
    return ax


def plot_accuracy_table(rows, ax=None, classifier: str = "k-NN"):
    """Bars of one classifier's accuracy per test variant, one group per kind of features.

    Taught in 03 · Measured: pixels against HOG.
    """
    check_choice(classifier, "classifier", ("k-nn", "linear"))
    ax = new_axes(ax, figsize=(7, 3.6))
    prefix = "k-NN " if classifier.lower() == "k-nn" else "linear "
    variants = [c[len(prefix) :] for c in rows[0] if c.startswith(prefix)]
    width = 0.8 / len(rows)
    for i, row in enumerate(rows):
        vals = [row[prefix + v] for v in variants]
        ax.bar(
            np.arange(len(variants)) + (i - (len(rows) - 1) / 2) * width, vals, width, label=row["features"]
        )
    ax.set_xticks(np.arange(len(variants)), variants)
    ax.set_ylim(0, 1)
    ax.set_ylabel("test accuracy")
    ax.set_title(f"{prefix.strip()} on test digits")
    ax.legend(loc="lower left")
    return ax
