"""Notebook 06's figures and widget bodies: sliding windows, the X-vs-O network, kernels on a photo.

Every picture of a response uses a diverging colour map centred on 0 (blue negative, white 0,
red positive) with symmetric limits, so negative numbers are seen, not clipped away.

The kernel editor (:func:`kernel_editor`) is this notebook's multi-control widget: its body lives
here, every number it shows is computed by :mod:`utils.convolution` (``parse_kernel``,
``kernel_preset``, ``depthwise_conv2d``, ``explain_pixel``), and each change calls
:func:`show_convolution`, a plain function that prints a one-line readout and draws.
"""

from __future__ import annotations

import numpy as np

from .. import convolution
from .._validate import CourseInputError, as_array, as_image
from ..images import to_grayscale
from ..plotting import new_axes, plot_kernels, pyplot

__all__ = [
    "DIVERGING",
    "show_map",
    "show_sliding_window",
    "show_xo_stages",
    "show_votes",
    "show_kernels_on_photo",
    "show_pooling",
    "show_activation_stack",
    "show_convolution",
    "kernel_editor",
    "cell_text",
]

DIVERGING = "RdBu_r"
"""The colour map of every signed response: blue < 0 < red, white at 0."""


def show_map(values, ax=None, title: str = "", numbers: bool | None = None, vmax=None, colorbar=False):
    """One 2-D array in the diverging colour map, centred on 0, with its numbers for small grids.

    Used in 06 · every section (feature maps, patches, products).
    """
    arr = as_array(values, "values", ndim=2, dtype_kind="uifb").astype(np.float64)
    ax = new_axes(ax, figsize=(3.5, 3.5))
    limit = float(np.max(np.abs(arr))) if vmax is None else float(vmax)
    limit = limit or 1.0
    im = ax.imshow(arr, cmap=DIVERGING, vmin=-limit, vmax=limit, interpolation="nearest")
    if numbers is None:
        numbers = arr.size <= 100
    if numbers:
        size = 9 if max(arr.shape) <= 5 else 7
        for (r, c), v in np.ndenumerate(arr):
            text = f"{v:.2f}".rstrip("0").rstrip(".") if not float(v).is_integer() else f"{v:.0f}"
            ax.text(
                c,
                r,
                text,
                ha="center",
                va="center",
                fontsize=size,
                color="white" if abs(v) > 0.65 * limit else "black",
            )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, shrink=0.8)
    return ax


def show_sliding_window(image, kernel, row: int, col: int, stride: int = 1, padding="valid", axes=None):
    """Input with the patch boxed, the kernel, patch × kernel, and the output with its cell boxed.

    Taught in 06 · Two dimensions: loops, then all patches at once.
    """
    plt = pyplot()
    img = as_array(image, "image", ndim=2, dtype_kind="uifb").astype(np.float64)
    e = convolution.explain_pixel(img, kernel, row, col, stride, padding)
    out = convolution.conv2d(img, kernel, stride=stride, padding=padding)
    if axes is None:
        _, axes = plt.subplots(1, 4, figsize=(13, 3.6))
    before = convolution.padding_amounts(img.shape[0], e.kernel.shape[0], padding, stride)[0]
    left = convolution.padding_amounts(img.shape[1], e.kernel.shape[1], padding, stride)[0]
    show_map(np.pad(img, ((before, before), (left, left))) if padding != "same" else img, axes[0], "input")
    kh, kw = e.kernel.shape
    top, lft = e.top_left
    if padding == "same":
        top, lft = top - before, lft - left
    axes[0].add_patch(plt.Rectangle((lft - 0.5, top - 0.5), kw, kh, fill=False, ec="gold", lw=3))
    show_map(e.kernel, axes[1], "kernel")
    show_map(e.products, axes[2], f"patch × kernel: sum = {e.total:g}")
    show_map(out, axes[3], f"output {out.shape[0]}×{out.shape[1]}")
    axes[3].add_patch(plt.Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, ec="gold", lw=3))
    return axes


def show_xo_stages(image, filters, title: str = "X"):
    """Deck 004's network on one picture: input, then per filter its map / 9, ReLU and 2×2 max pool.

    Taught in 06 · The lecture's X-vs-O network by hand.
    """
    plt = pyplot()
    r = convolution.xo_forward(image, filters)
    fig, axes = plt.subplots(len(r.maps), 4, figsize=(13, 3.2 * len(r.maps)))
    for i, f in enumerate(filters):
        show_map(np.asarray(image), axes[i, 0], f"{title} (9×9, ±1)" if i == 0 else "")
        plot_kernels(np.asarray(f), ax=axes[i, 0].inset_axes([1.02, 0.3, 0.4, 0.4]), colorbar=False)
        show_map(r.maps[i], axes[i, 1], f"filter {i + 1}: sums / 9  (7×7)", vmax=1)
        show_map(r.rectified[i], axes[i, 2], "ReLU: negatives → 0", vmax=1)
        show_map(r.pooled[i], axes[i, 3], "2×2 max pooling (4×4)", vmax=1)
    fig.tight_layout()
    return r


def show_votes(images: dict, filters, weights: dict, ax=None):
    """Bar chart of the fully connected layer's scores (weighted mean of the 48 features) per picture.

    Taught in 06 · The lecture's X-vs-O network by hand.
    """
    ax = new_axes(ax, figsize=(8, 3.5))
    names = list(images)
    classes = list(weights)
    width = 0.8 / len(classes)
    for j, cls in enumerate(classes):
        scores = [convolution.xo_forward(images[n], filters, weights).scores[cls] for n in names]
        ax.bar(np.arange(len(names)) + j * width, scores, width, label=f"vote for {cls}")
    ax.set_xticks(np.arange(len(names)) + width * (len(classes) - 1) / 2, names)
    ax.set_ylabel("score")
    ax.legend()
    return ax


def _limit(out) -> float:
    """A symmetric colour limit, the 99.5th percentile of |out|, so a few extreme pixels wash nothing out."""
    limit = float(np.percentile(np.abs(out), 99.5)) if np.size(out) else 0.0
    return limit or float(np.max(np.abs(out))) or 1.0


def _show_response(out, ax, title):
    """Gray for an all-positive output (a blur), the diverging map when it has negative numbers."""
    if out.ndim == 3:
        ax.imshow(np.clip(0.5 + out / (2 * _limit(out)), 0, 1), interpolation="nearest")
    elif out.min() >= 0:
        ax.imshow(out, cmap="gray", vmin=0, vmax=max(float(out.max()), 1e-12), interpolation="nearest")
    else:
        limit = _limit(out)
        ax.imshow(out, cmap=DIVERGING, vmin=-limit, vmax=limit, interpolation="nearest")
    ax.set_title(title, fontsize=9)
    ax.axis("off")


def show_kernels_on_photo(photo, names=None, padding="valid"):
    """Each named classic kernel (top) and what it makes of the grayscale photo (below).

    Outputs with negative numbers (edges) are in the diverging map; all-positive ones (blurs) in gray.
    The colour limits are the 99.5th percentile of |output|; the titles give the true range.

    Taught in 06 · Classic kernels on a real photo.
    """
    plt = pyplot()
    gray = to_grayscale(as_image(photo, "photo")).astype(np.float64)
    names = list(convolution.KERNELS) if names is None else list(names)
    fig, axes = plt.subplots(
        2, len(names), figsize=(2.2 * len(names), 4.8), gridspec_kw={"height_ratios": [1, 1.6]}
    )
    for i, name in enumerate(names):
        k = convolution.kernel_preset(name)
        plot_kernels(k, ax=[axes[0, i]], titles=[name], colorbar=False)
        out = convolution.conv2d(gray, k, padding=padding)
        _show_response(out, axes[1, i], f"{out.min():.0f} … {out.max():.0f}")
    fig.tight_layout()
    return axes


def show_pooling(feature_map, size: int = 2, padding: str = "valid"):
    """A feature map, its max pooling and its average pooling, with every number written.

    Taught in 06 · Pooling: max or average.
    """
    plt = pyplot()
    x = as_array(feature_map, "feature_map", ndim=2, dtype_kind="uifb")
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.8), gridspec_kw={"width_ratios": [2, 1, 1]})
    limit = float(np.max(np.abs(x))) or 1.0
    show_map(x, axes[0], f"feature map {x.shape[0]}×{x.shape[1]}", vmax=limit)
    mx = convolution.max_pool2d(x, size, padding=padding)
    av = convolution.avg_pool2d(x, size, padding=padding)
    show_map(mx, axes[1], f"max pooling {size}×{size}", vmax=limit)
    show_map(av, axes[2], f"average pooling {size}×{size}", vmax=limit)
    fig.tight_layout()
    return mx, av


def show_activation_stack(image, kernels, titles=None, padding="valid"):
    """Several filters at once (a Keras-layout kernel (kh, kw, C, K)): the K activation maps side by side.

    Taught in 06 · Colour, many filters, and a stack of maps.
    """
    plt = pyplot()
    k = as_array(kernels, "kernels", ndim=4, dtype_kind="uifb")
    maps = convolution.conv2d(image, k, padding=padding)
    n = maps.shape[2]
    fig, axes = plt.subplots(1, n, figsize=(2.6 * n, 2.8))
    axes = np.atleast_1d(axes)
    for i in range(n):
        _show_response(maps[:, :, i], axes[i], titles[i] if titles else f"map {i + 1}")
    fig.suptitle(f"{n} filters → a stack of {n} maps: output {maps.shape}", fontsize=10)
    fig.tight_layout()
    return maps


# ----------------------------------------------------------------------------- kernel editor
def cell_text(value: float) -> str:
    """How the editor writes a kernel number in a cell: "2", "-0.5", or a fraction such as "1/9".

    Used in 06 · The kernel editor.
    """
    v = float(value)
    if v.is_integer():
        return str(int(v))
    for d in (9, 16, 25, 256):
        if abs(v * d - round(v * d)) < 1e-9:
            return f"{round(v * d)}/{d}"
    return f"{v:.4g}"


def show_convolution(
    image,
    kernel,
    stride: int = 1,
    padding="same",
    row: int = 0,
    col: int = 0,
    name: str = "kernel",
):
    """The kernel editor's picture: input, kernel, output (diverging), and one pixel's arithmetic.

    ``image`` is (H, W) grayscale or (H, W, 3) colour (each channel filtered on its own).  Prints
    e.g. "sharpen 3×3 · stride 1 · padding same · grayscale: input 100×150 → output 100×150 ·
    pixel (row 10, column 20): patch × kernel = 87.5".  Returns the output.

    Taught in 06 · The kernel editor.
    """
    plt = pyplot()
    img = as_array(image, "image", ndim=(2, 3), dtype_kind="uifb").astype(np.float64)
    k = as_array(kernel, "kernel", ndim=2, dtype_kind="uifb").astype(np.float64)
    out = convolution.depthwise_conv2d(img, k, stride=stride, padding=padding)
    row = min(max(int(row), 0), out.shape[0] - 1)
    col = min(max(int(col), 0), out.shape[1] - 1)
    colour = img.ndim == 3
    pix = [
        convolution.explain_pixel(img[..., c] if colour else img, k, row, col, stride, padding)
        for c in range(img.shape[2] if colour else 1)
    ]
    sums = (
        ", ".join(f"{ch} {e.total:.1f}" for ch, e in zip("RGB", pix, strict=False))
        if colour
        else f"{pix[0].total:.1f}"
    )
    print(
        f"{name} {k.shape[0]}×{k.shape[1]} · stride {stride} · padding {padding} · "
        f"{'colour' if colour else 'grayscale'}: input {img.shape[0]}×{img.shape[1]} → output "
        f"{out.shape[0]}×{out.shape[1]}{'×3' if colour else ''} · pixel (row {row}, column {col}): "
        f"patch × kernel = {sums}"
    )
    fig, axes = plt.subplots(1, 4, figsize=(14, 3.8), gridspec_kw={"width_ratios": [1.4, 0.8, 1.4, 1]})
    shown = np.clip(img / 255.0, 0, 1) if colour else img
    axes[0].imshow(shown, cmap=None if colour else "gray", vmin=0, vmax=255, interpolation="nearest")
    top, left = pix[0].top_left
    pad_top = convolution.padding_amounts(img.shape[0], k.shape[0], padding, stride)[0]
    pad_left = convolution.padding_amounts(img.shape[1], k.shape[1], padding, stride)[0]
    box = plt.Rectangle(
        (left - pad_left - 0.5, top - pad_top - 0.5), k.shape[1], k.shape[0], fill=False, ec="gold", lw=2
    )
    axes[0].add_patch(box)
    axes[0].set_title(f"input {img.shape[0]}×{img.shape[1]}", fontsize=9)
    axes[0].axis("off")
    plot_kernels(k, ax=[axes[1]], titles=[f"{name}"], colorbar=False)
    limit = _limit(out)
    if colour:
        axes[2].imshow(np.clip(0.5 + out / (2 * limit), 0, 1), interpolation="nearest")
        axes[2].set_title(f"output {out.shape} (grey = 0)", fontsize=9)
    else:
        im = axes[2].imshow(out, cmap=DIVERGING, vmin=-limit, vmax=limit, interpolation="nearest")
        fig.colorbar(im, ax=axes[2], shrink=0.8)
        axes[2].set_title(f"output {out.shape[0]}×{out.shape[1]}: blue < 0 < red", fontsize=9)
    axes[2].add_patch(plt.Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, ec="gold", lw=2))
    axes[2].axis("off")
    first = pix[0]
    label = ("red channel: " if colour else "") + f"patch × kernel, sum {first.total:.1f}"
    show_map(first.products, axes[3], label, numbers=first.products.size <= 25)
    fig.tight_layout()
    return out


class _Editor:
    """The kernel editor's controls and their wiring (see :func:`kernel_editor`)."""

    def __init__(self, image, size, preset):
        import ipywidgets as w

        self.w = w
        photo = as_image(image, "image")
        self.colour_image = photo if photo.ndim == 3 else np.stack([photo] * 3, -1)
        self.gray_image = to_grayscale(photo) if photo.ndim == 3 else photo
        small = {"description_width": "32px"}
        self.cells = [
            [
                w.Text(
                    value="0",
                    description="",
                    style=small,
                    layout=w.Layout(width="100px"),
                    continuous_update=False,
                )
                for _ in range(5)
            ]
            for _ in range(5)
        ]
        self.preset = w.Dropdown(options=list(convolution.KERNELS), value=preset, description="preset")
        self.size = w.Dropdown(options=[("3×3", 3), ("5×5", 5)], value=size, description="size")
        self.stride = w.IntSlider(value=1, min=1, max=3, description="stride", continuous_update=False)
        self.padding = w.Dropdown(options=["same", "valid"], value="same", description="padding")
        self.mode = w.Dropdown(options=["grayscale", "colour"], value="grayscale", description="image")
        self.row = w.IntSlider(value=0, min=0, max=1, description="row", continuous_update=False)
        self.col = w.IntSlider(value=0, min=0, max=1, description="column", continuous_update=False)
        self.message = w.HTML(value="", description="")
        self.out = w.Output()
        self.kernel = convolution.kernel_preset(preset, size)
        self.name = preset
        self.busy = False
        self.cell_error = False

    # -- helpers
    def visible(self):
        """The cells of the current size, row by row (the centre of the 5×5 grid for 3×3)."""
        n = self.size.value
        start = (5 - n) // 2
        return [row[start : start + n] for row in self.cells[start : start + n]]

    def layout_cells(self):
        n = self.size.value
        start = (5 - n) // 2
        for i, row in enumerate(self.cells):
            for j, cell in enumerate(row):
                inside = start <= i < start + n and start <= j < start + n
                cell.layout.display = None if inside else "none"
                cell.description = f"r{i - start + 1}c{j - start + 1}" if inside else ""

    def fill(self, kernel):
        for row, values in zip(self.visible(), kernel, strict=True):
            for cell, v in zip(row, values, strict=True):
                cell.value = cell_text(v)

    def image(self):
        return self.colour_image if self.mode.value == "colour" else self.gray_image

    def fit_sliders(self):
        h, w = self.image().shape[:2]
        n = self.kernel.shape[0]
        s, p = self.stride.value, self.padding.value
        oh = convolution.output_size(h, n, p, s) if p == "same" or (h - n) % s == 0 else (h - n) // s + 1
        ow = convolution.output_size(w, n, p, s) if p == "same" or (w - n) % s == 0 else (w - n) // s + 1
        self.row.max, self.col.max = max(oh - 1, 1), max(ow - 1, 1)

    # -- events
    def on_preset(self, _change=None):
        self.kernel = convolution.kernel_preset(self.preset.value, self.size.value)
        self.name = self.preset.value
        self.busy = True
        self.layout_cells()
        self.fill(self.kernel)
        self.busy = False
        self.message.value = ""
        self.cell_error = False
        self.render()

    def on_cell(self, _change=None):
        if self.busy:
            return
        texts = [cell.value for row in self.visible() for cell in row]
        try:
            kernel = convolution.parse_kernel(texts, self.size.value)
        except CourseInputError as exc:
            self.cell_error = True
            note = f"{exc} The last good kernel is still in use."
            self.message.value = f"<b style='color:#b00'>✘ {note}</b>"
            with self.out:
                print(f"✘ {note}")
            return
        self.cell_error = False
        self.message.value = ""
        self.kernel = kernel
        self.name = "edited"
        self.render()

    def render(self, _change=None):
        if self.busy:
            return
        self.busy = True
        try:
            self.fit_sliders()
        finally:
            self.busy = False
        plt = pyplot()
        self.out.clear_output(wait=True)
        with self.out:
            try:
                show_convolution(
                    self.image(),
                    self.kernel,
                    self.stride.value,
                    self.padding.value,
                    self.row.value,
                    self.col.value,
                    name=self.name,
                )
                plt.show()
                if not self.cell_error:
                    self.message.value = ""
            except CourseInputError as exc:  # e.g. a stride that does not fit with "valid"
                print(f"✘ {exc}")
                self.message.value = f"<b style='color:#b00'>✘ {exc}</b>"

    def box(self):
        w = self.w
        self.layout_cells()
        self.fill(self.kernel)
        for row in self.cells:
            for cell in row:
                cell.observe(self.on_cell, names="value")
        self.preset.observe(self.on_preset, names="value")
        self.size.observe(self.on_preset, names="value")
        for control in (self.stride, self.padding, self.mode, self.row, self.col):
            control.observe(self.render, names="value")
        self.fit_sliders()
        self.row.value, self.col.value = self.row.max // 2, self.col.max // 2  # a pixel in the middle
        grid = w.VBox([w.HBox(row) for row in self.cells])
        settings = w.VBox([self.preset, self.size, self.stride, self.padding, self.mode, self.row, self.col])
        return w.VBox([w.HBox([grid, settings]), self.message, self.out])


def kernel_editor(image, size: int = 3, preset: str = "sharpen"):
    """The kernel editor: an editable 3×3 or 5×5 kernel on a photo, live.

    Controls (their labels): the kernel cells ``r1c1`` … ``r5c5`` (text: numbers such as 2,
    -0.5, 1/9; new text counts when you press Enter or leave the cell), ``preset`` (a classic
    kernel), ``size`` (3×3 / 5×5), ``stride``, ``padding`` (same / valid), ``image`` (grayscale /
    colour), and ``row`` / ``column`` (the output pixel whose arithmetic is shown).  A cell that is
    not a number gives a message in the widget and the last good kernel stays.  Each change calls
    :func:`show_convolution`.  Returns the box (displayed).

    The cells' labels follow the kernel's size: in 3×3 mode the centre cell is
    ``description="r2c2"`` and the top-left one ``description="r1c1"``; in 5×5 mode they run to
    ``r5c5`` (the hidden cells have no label, so every visible label is unique).

    Taught in 06 · The kernel editor.  Works with ipywidgets 7 and 8.
    """
    from IPython.display import display

    if size not in (3, 5):
        raise CourseInputError(f"`size` should be 3 or 5, but got {size!r}.")
    convolution.kernel_preset(preset)  # a clear message for an unknown name
    editor = _Editor(image, size, preset.lower())
    box = editor.box()
    display(box)
    editor.render()
    box.editor = editor  # for tests: the controls by name
    return box
