"""Notebook 06: convolution by hand, in one and two dimensions, with pooling.

Tested reference code that the notebook builds step by step and notebook 07 reuses to explain
Keras' layers.

What is computed: **cross-correlation**, like every deep-learning "convolution" layer (Keras
``Conv1D``/``Conv2D``): the kernel slides over the input *without being flipped*, and each output
number is the sum of the patch times the kernel.  The textbook convolution flips the kernel first
(:func:`convolve1d`, ``np.convolve``); for a learned kernel the difference does not matter, since
the network would simply learn the flipped kernel.

Shapes (Keras' layout, channels last):
    image    (H, W) grayscale or (H, W, C)
    kernels  (kh, kw)         one 2-D filter on a 2-D image        -> output (H', W')
             (kh, kw, C)      one filter over all C channels        -> output (H', W')
             (kh, kw, C, K)   K filters: a Keras Conv2D kernel      -> output (H', W', K)
    bias     None, a number, or (K,)

Padding: ``"valid"`` (none), ``"same"`` (Keras' rule: the output has ceil(W / S) columns; the
zeros needed are split with the extra one at the bottom/right), or a whole number P of zero rows
and columns on every side.  With ``"valid"`` or a number, (W - F + 2P) / S + 1 must be a whole
number, or the function says so (Keras would silently drop the last columns).

Numbers: everything is computed in float64 (uint8 pixels are converted first); the result is
float64.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validate import CourseInputError, CourseTypeError, as_array, check_int, describe

__all__ = [
    "output_size",
    "padding_amounts",
    "correlate1d",
    "conv1d",
    "convolve1d",
    "conv2d",
    "conv2d_loops",
    "im2col",
    "correlate2d",
    "depthwise_conv2d",
    "PixelExplanation",
    "explain_pixel",
    "max_pool2d",
    "avg_pool2d",
    "relu",
    "KERNELS",
    "kernel_preset",
    "parse_kernel",
    "conv_parameters",
    "dense_parameters",
    "normalised_feature_map",
    "xo_forward",
    "xo_vote_weights",
    "XOResult",
]

PADDINGS = ("valid", "same")


# ------------------------------------------------------------------------------ input checks
def _check_padding(padding):
    if isinstance(padding, str):
        if padding.lower() in PADDINGS:
            return padding.lower()
        raise CourseInputError(
            f"`padding` should be 'valid', 'same' or a whole number of zeros added on each side, "
            f"but got {padding!r}."
        )
    if isinstance(padding, bool) or not isinstance(padding, (int, np.integer, float, np.floating)):
        raise CourseTypeError(
            f"`padding` should be 'valid', 'same' or a whole number such as 1, but got {describe(padding)}."
        )
    return check_int(padding, "padding", low=0)


def _check_stride(stride):
    return check_int(stride, "stride", low=1)


def padding_amounts(w: int, f: int, padding="valid", stride: int = 1) -> tuple[int, int]:
    """The zeros added before and after one axis of length ``w`` for a kernel of width ``f``.

    ``"same"`` follows Keras (and TensorFlow): enough zeros for ceil(w / stride) outputs, split
    evenly, the odd one going after (bottom or right).

    Taught in 06 · Kernel size, stride, padding.
    """
    padding = _check_padding(padding)
    stride = _check_stride(stride)
    w = check_int(w, "w", low=1)
    f = check_int(f, "f", low=1)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        out = -(-w // stride)
        total = max((out - 1) * stride + f - w, 0)
        return total // 2, total - total // 2
    return padding, padding


def output_size(w: int, f: int, padding="valid", stride: int = 1) -> int:
    """How many outputs a kernel of width ``f`` gives along an input of width ``w``: (W - F + 2P)/S + 1.

    ``padding`` is ``"valid"`` (P = 0), ``"same"`` (Keras: ceil(W / S)) or the number P.  A kernel
    that does not fit, or a stride whose steps do not end exactly at the last column, is
    explained in words.

    Taught in 06 · Kernel size, stride, padding.
    """
    padding = _check_padding(padding)
    stride = _check_stride(stride)
    w = check_int(w, "w (the input size)", low=1)
    f = check_int(f, "f (the kernel size)", low=1)
    if padding == "same":
        return -(-w // stride)
    p = 0 if padding == "valid" else padding
    room = w - f + 2 * p
    if room < 0:
        raise CourseInputError(
            f"The kernel ({f} wide) is larger than the input ({w} wide"
            + (f" with {p} zeros of padding on each side" if p else "")
            + "): it has nowhere to slide. Use a smaller kernel, more padding, or padding='same'."
        )
    if room % stride:
        fits = [s for s in range(1, room + 1) if room % s == 0] or [1]
        shown = ", ".join(map(str, fits[:6])) + (" …" if len(fits) > 6 else "")
        raise CourseInputError(
            f"Stride {stride} does not fit: (W - F + 2P)/S + 1 = ({w} - {f} + 2·{p})/{stride} + 1 = "
            f"{room / stride + 1:.4g} is not a whole number, so the last step would hang over the edge. "
            f"Choose a stride that divides {room} ({shown}), change the padding, or use padding='same'."
        )
    return room // stride + 1


# ------------------------------------------------------------------------------------ 1-D
def _vector(x, name):
    arr = as_array(x, name, ndim=1, dtype_kind="uifb", hint="Pass a list or 1-D array of numbers.")
    if arr.size == 0:
        raise CourseInputError(f"`{name}` is empty; pass at least one number.")
    return arr.astype(np.float64)


def correlate1d(signal, kernel, padding="valid", stride: int = 1) -> np.ndarray:
    """Slide ``kernel`` along ``signal`` (no flip) and sum the products at each step.

    Deck 004's example: [5, 3, 2, 5, 9, 7] with [1, 2, 3] gives [17, 22, 39, 44].  This is what
    Keras' ``Conv1D`` and ``np.correlate(signal, kernel, "valid")`` compute.

    Taught in 06 · One dimension: slide, multiply, add.
    """
    a = _vector(signal, "signal")
    b = _vector(kernel, "kernel")
    out = output_size(a.size, b.size, padding, stride)
    before, after = padding_amounts(a.size, b.size, padding, stride)
    a = np.pad(a, (before, after))
    windows = sliding_window_view(a, b.size)[::stride][:out]
    return windows @ b


def conv1d(signal, kernel, padding="valid", stride: int = 1) -> np.ndarray:
    """What deep learning calls a 1-D convolution: the same as :func:`correlate1d` (no flip).

    Taught in 06 · One dimension: slide, multiply, add.
    """
    return correlate1d(signal, kernel, padding=padding, stride=stride)


def convolve1d(signal, kernel, padding="valid", stride: int = 1) -> np.ndarray:
    """The textbook convolution: flip ``kernel`` end to end, then slide (``np.convolve(a, b, "valid")``).

    Taught in 06 · Convolution or correlation? The flip.
    """
    b = _vector(kernel, "kernel")
    return correlate1d(signal, b[::-1], padding=padding, stride=stride)


# ------------------------------------------------------------------------------------ 2-D
def _prepare(image, kernels, bias):
    """float64 image (H, W, C), kernels (kh, kw, C, K), bias (K,), and whether K was given."""
    img = as_array(
        image,
        "image",
        ndim=(2, 3),
        dtype_kind="uifb",
        hint="An image is (height, width) for grayscale or (height, width, channels).",
    )
    ker = as_array(
        kernels,
        "kernels",
        ndim=(2, 3, 4),
        dtype_kind="uifb",
        hint="A kernel is (kh, kw), (kh, kw, channels) or a Keras Conv2D kernel (kh, kw, channels, filters).",
    )
    if img.size == 0 or ker.size == 0:
        raise CourseInputError(
            f"Empty input: the image has shape {img.shape} and the kernel {ker.shape}; both need numbers."
        )
    for name, arr in (("image", img), ("kernels", ker)):
        if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
            raise CourseInputError(f"`{name}` contains NaN or infinity; convolution needs finite numbers.")
    channels = 1 if img.ndim == 2 else img.shape[2]
    many = ker.ndim == 4
    if ker.ndim == 2:
        if channels != 1:
            raise CourseInputError(
                f"A 2-D kernel {ker.shape} fits a grayscale image, but the image has {channels} channels "
                f"{img.shape}. Give the kernel a channel axis, e.g. np.stack([k] * {channels}, axis=-1), "
                "or turn the image to grayscale first."
            )
        ker = ker[:, :, None, None]
    elif ker.ndim == 3:
        ker = ker[:, :, :, None]
    if ker.shape[2] != channels:
        raise CourseInputError(
            f"Channel mismatch: the image {img.shape} has {channels} channel(s) but the kernel "
            f"{tuple(as_array(kernels, 'kernels').shape)} covers {ker.shape[2]}. A kernel needs one "
            "(kh, kw) slice per input channel: (kh, kw, C) or (kh, kw, C, K)."
        )
    k = ker.shape[3]
    if bias is None:
        b = np.zeros(k)
    else:
        b = as_array(bias, "bias", ndim=(0, 1), dtype_kind="uifb", hint="Pass a number or one per filter.")
        b = np.broadcast_to(b.astype(np.float64).reshape(-1), (k,)) if b.size in (1, k) else None
        if b is None:
            raise CourseInputError(
                f"`bias` should be one number per filter ({k}), but got {describe(np.asarray(bias))}."
            )
    x = img.astype(np.float64).reshape(img.shape[0], img.shape[1], channels)
    return x, ker.astype(np.float64), np.asarray(b, dtype=np.float64), many


def _padded(x, kh, kw, padding, stride):
    """The zero-padded image and the output size (checks that the kernel and stride fit)."""
    h, w = x.shape[:2]
    try:
        oh = output_size(h, kh, padding, stride)
        ow = output_size(w, kw, padding, stride)
    except CourseInputError as exc:
        raise CourseInputError(f"For the {h}×{w} image and the {kh}×{kw} kernel: {exc}") from None
    top, bottom = padding_amounts(h, kh, padding, stride)
    left, right = padding_amounts(w, kw, padding, stride)
    return np.pad(x, ((top, bottom), (left, right), (0, 0))), oh, ow


def _finish(out, many):
    return out if many else out[:, :, 0]


def conv2d(image, kernels, bias=None, stride: int = 1, padding="valid") -> np.ndarray:
    """Slide each kernel over the image, multiply, sum (plus the bias): Keras' ``Conv2D``, by hand.

    Vectorised: no loop over pixels.  For each of the kh·kw positions inside the kernel, the whole
    (shifted, strided) image is multiplied by that position's (C, K) weights in one matrix product,
    and the kh·kw products are added up: the same sums as im2col (every patch as a row, notebook 06
    shows it with ``sliding_window_view``), without copying each pixel kh·kw times.
    Shapes: see the module docstring; returns (H', W') for one filter, (H', W', K) for a 4-D kernel.

    Taught in 06 · Two dimensions: loops, then all patches at once.
    """
    stride = _check_stride(stride)
    padding = _check_padding(padding)
    x, ker, b, many = _prepare(image, kernels, bias)
    kh, kw, c, k = ker.shape
    xp, oh, ow = _padded(x, kh, kw, padding, stride)
    out = np.empty((oh, ow, k))
    out[...] = b
    for i in range(kh):
        for j in range(kw):
            shifted = xp[i : i + stride * (oh - 1) + 1 : stride, j : j + stride * (ow - 1) + 1 : stride]
            out += shifted @ ker[i, j]  # (oh, ow, C) @ (C, K)
    return _finish(out, many)


def im2col(image, kh: int, kw: int, stride: int = 1, padding="valid") -> np.ndarray:
    """Every kh×kw patch of the image as one row: (H' · W', kh · kw · C), via ``sliding_window_view``.

    ``im2col(image, kh, kw) @ kernels.reshape(-1, K)`` is the convolution as one matrix product.

    Taught in 06 · Two dimensions: loops, then all patches at once.
    """
    stride = _check_stride(stride)
    padding = _check_padding(padding)
    kh = check_int(kh, "kh", low=1)
    kw = check_int(kw, "kw", low=1)
    x, _, _, _ = _prepare(image, np.zeros((kh, kw, 1 if np.ndim(image) == 2 else np.shape(image)[2])), None)
    xp, oh, ow = _padded(x, kh, kw, padding, stride)
    windows = sliding_window_view(xp, (kh, kw), axis=(0, 1))[::stride, ::stride][:oh, :ow]
    return windows.transpose(0, 1, 3, 4, 2).reshape(oh * ow, kh * kw * x.shape[2])


def conv2d_loops(image, kernels, bias=None, stride: int = 1, padding="valid") -> np.ndarray:
    """The same as :func:`conv2d`, written with explicit loops over filters, rows and columns.

    Slow but readable: every output number is ``np.sum(patch * kernel) + bias``.

    Taught in 06 · Two dimensions: loops, then all patches at once.
    """
    stride = _check_stride(stride)
    padding = _check_padding(padding)
    x, ker, b, many = _prepare(image, kernels, bias)
    kh, kw, c, k = ker.shape
    xp, oh, ow = _padded(x, kh, kw, padding, stride)
    out = np.zeros((oh, ow, k))
    for f in range(k):
        for i in range(oh):
            for j in range(ow):
                patch = xp[i * stride : i * stride + kh, j * stride : j * stride + kw, :]
                out[i, j, f] = np.sum(patch * ker[:, :, :, f]) + b[f]
    return _finish(out, many)


def correlate2d(image, kernel, stride: int = 1, padding=0) -> np.ndarray:
    """One 2-D kernel over a 2-D image with ``stride`` and ``padding`` zeros on every side.

    The same numbers as ``conv2d(image, kernel, stride=stride, padding=padding)``, with the
    arguments in the order of notebook 06's exercise; ``padding`` may also be "valid" or "same".

    Taught in 06 · Kernel size, stride, padding.
    """
    img = as_array(image, "image", ndim=2, dtype_kind="uifb", hint="Pass one grayscale (H, W) image.")
    ker = as_array(kernel, "kernel", ndim=2, dtype_kind="uifb", hint="Pass one (kh, kw) kernel.")
    return conv2d(img, ker, stride=stride, padding=padding)


def depthwise_conv2d(image, kernel, stride: int = 1, padding="valid") -> np.ndarray:
    """The same 2-D kernel on every channel separately: (H, W, C) -> (H', W', C), like photo filters.

    A conv layer's (kh, kw, C) filter would add the channels up into one map; this keeps them
    apart (Keras' ``DepthwiseConv2D`` with one kernel shared by all channels).  A 2-D image gives (H', W').

    Taught in 06 · The kernel editor.
    """
    img = as_array(image, "image", ndim=(2, 3), dtype_kind="uifb")
    ker = as_array(kernel, "kernel", ndim=2, dtype_kind="uifb", hint="Pass one (kh, kw) kernel.")
    if img.ndim == 2:
        return conv2d(img, ker, stride=stride, padding=padding)
    return np.stack(
        [conv2d(img[:, :, c], ker, stride=stride, padding=padding) for c in range(img.shape[2])], -1
    )


class PixelExplanation(NamedTuple):
    """One output number taken apart: the patch it sees, the kernel, their products and the sum.

    Taught in 06 · The kernel editor.
    """

    patch: np.ndarray
    kernel: np.ndarray
    products: np.ndarray
    total: float
    top_left: tuple  # where the patch starts in the padded image (row, column)


def explain_pixel(image, kernel, row: int, col: int, stride: int = 1, padding="valid") -> PixelExplanation:
    """The arithmetic behind output pixel (``row``, ``col``) of ``conv2d(image, kernel)`` (one filter).

    ``patch`` is what the kernel covers there (zeros where it hangs over padding), ``products``
    is patch × kernel element by element, and ``total`` their sum, equal to the output value.

    Taught in 06 · The kernel editor.
    """
    stride = _check_stride(stride)
    padding = _check_padding(padding)
    x, ker, _, many = _prepare(image, kernel, None)
    if many and ker.shape[3] != 1:
        raise CourseInputError(
            f"`explain_pixel` takes one filter, but the kernel has {ker.shape[3]}; pass kernel[..., k]."
        )
    kh, kw, c, _ = ker.shape
    xp, oh, ow = _padded(x, kh, kw, padding, stride)
    row = check_int(row, "row", low=0, high=oh - 1)
    col = check_int(col, "col", low=0, high=ow - 1)
    top, left = row * stride, col * stride
    patch = xp[top : top + kh, left : left + kw, :]
    k3 = ker[:, :, :, 0]
    products = patch * k3
    squeeze = np.ndim(image) == 2
    if squeeze:
        patch, k3, products = patch[:, :, 0], k3[:, :, 0], products[:, :, 0]
    return PixelExplanation(patch, k3, products, float(products.sum()), (top, left))


# --------------------------------------------------------------------------------- pooling
def _pool(x, size, stride, padding, how):
    arr = as_array(x, "x", ndim=(2, 3), dtype_kind="uifb", hint="Pool a feature map (H, W) or (H, W, C).")
    size = check_int(size, "size", low=1)
    stride = size if stride is None else check_int(stride, "stride", low=1)
    if not isinstance(padding, str) or padding.lower() not in PADDINGS:
        raise CourseInputError(f"Pooling `padding` should be 'valid' or 'same', but got {padding!r}.")
    padding = padding.lower()
    a = arr.astype(np.float64)
    squeeze = a.ndim == 2
    if squeeze:
        a = a[:, :, None]
    h, w = a.shape[:2]
    if padding == "valid":
        if size > h or size > w:
            raise CourseInputError(
                f"The pooling window ({size}×{size}) is larger than the map ({h}×{w}); use a smaller size."
            )
        oh, ow = (h - size) // stride + 1, (w - size) // stride + 1  # Keras drops what is left over
        a = a[: (oh - 1) * stride + size, : (ow - 1) * stride + size]
    else:
        oh, ow = -(-h // stride), -(-w // stride)
        top, bottom = padding_amounts(h, size, "same", stride)
        left, right = padding_amounts(w, size, "same", stride)
        a = np.pad(a, ((top, bottom), (left, right), (0, 0)), constant_values=np.nan)
    win = sliding_window_view(a, (size, size), axis=(0, 1))[::stride, ::stride][:oh, :ow]
    out = np.nanmax(win, axis=(3, 4)) if how == "max" else np.nanmean(win, axis=(3, 4))
    return out[:, :, 0] if squeeze else out


def max_pool2d(x, size: int = 2, stride: int | None = None, padding: str = "valid") -> np.ndarray:
    """The largest number in each ``size``×``size`` window (stride = size unless given): ``MaxPooling2D``.

    ``padding="valid"`` drops rows/columns that do not fill a window (Keras' default);
    ``"same"`` keeps them: a window hanging over the edge looks only at the numbers it covers
    (deck 004 pools its 7×7 maps to 4×4 this way).  x: (H, W) or (H, W, C), each channel alone.

    Taught in 06 · Pooling: max or average.
    """
    return _pool(x, size, stride, padding, "max")


def avg_pool2d(x, size: int = 2, stride: int | None = None, padding: str = "valid") -> np.ndarray:
    """The mean of each ``size``×``size`` window: Keras' ``AveragePooling2D`` (padding as in max_pool2d).

    With ``"same"``, a window over the edge averages only the numbers it covers, as Keras does.

    Taught in 06 · Pooling: max or average.
    """
    return _pool(x, size, stride, padding, "avg")


def relu(x) -> np.ndarray:
    """Negative numbers become 0, the rest stay: max(0, x), element by element.

    Taught in 06 · The lecture's X-vs-O network by hand.
    """
    arr = as_array(x, "x", dtype_kind="uifb").astype(np.float64)
    return np.maximum(arr, 0.0)


# --------------------------------------------------------------------------------- kernels
def _gauss(n):
    row = np.array([1.0]) if n == 1 else np.array([1.0, 1.0])
    for _ in range(n - 2):
        row = np.convolve(row, [1.0, 1.0])
    g = np.outer(row, row)
    return g / g.sum()


KERNELS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float64),
    "box blur": np.full((3, 3), 1 / 9),
    "gaussian blur": _gauss(3),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64),
    "sobel x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64),
    "sobel y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float64),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64),
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], dtype=np.float64),
    "outline": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float64),
}
"""The classic 3×3 image kernels, by name (read-only).  Taught in 06 · Classic kernels on a real photo."""
for _k in KERNELS.values():
    _k.setflags(write=False)


def kernel_preset(name: str, size: int = 3) -> np.ndarray:
    """A named classic kernel as a ``size``×``size`` array (3 or 5): 3×3 presets are centred in 5×5.

    The blurs are made at the full size (a 5×5 box blur averages 25 pixels, the 5×5 Gaussian is
    the binomial [1, 4, 6, 4, 1] outer product / 256).

    Taught in 06 · Classic kernels on a real photo.
    """
    if not isinstance(name, str) or name.lower() not in KERNELS:
        raise CourseInputError(f"`name` should be one of {', '.join(map(repr, KERNELS))}, but got {name!r}.")
    size = check_int(size, "size", low=3, high=5)
    if size == 4:
        raise CourseInputError("`size` should be 3 or 5 (odd, so the kernel has a centre), but got 4.")
    name = name.lower()
    if size == 5 and name == "box blur":
        return np.full((5, 5), 1 / 25)
    if size == 5 and name == "gaussian blur":
        return _gauss(5)
    k = np.array(KERNELS[name])
    return np.pad(k, 1) if size == 5 else k


def parse_kernel(cells, size: int | None = None) -> np.ndarray:
    """Turn the texts typed in a kernel grid into a float array, or say which cell is not a number.

    ``cells`` is a list of rows of texts (or one flat list of size² texts).  Accepts ``"1"``,
    ``"-0.5"``, ``"1/9"`` (a fraction) and an empty cell as 0.

    Taught in 06 · The kernel editor.
    """
    if isinstance(cells, str):
        raise CourseTypeError("`cells` should be a list of texts, one per kernel cell, not one text.")
    flat = [c for row in cells for c in row] if cells and isinstance(cells[0], (list, tuple)) else list(cells)
    n = int(round(len(flat) ** 0.5))
    if size is not None:
        n = check_int(size, "size", low=1)
    if n * n != len(flat) or n == 0:
        raise CourseInputError(f"A square kernel needs n×n cells, but got {len(flat)} texts.")
    values = []
    for i, text in enumerate(flat):
        row, col = divmod(i, n)
        raw = str(text).strip().replace("−", "-").replace(",", ".")
        try:
            if raw == "":
                value = 0.0
            elif "/" in raw:
                top, bottom = raw.split("/")
                value = float(top) / float(bottom)
            else:
                value = float(raw)
        except (ValueError, ZeroDivisionError):
            value = None
        if value is None or not np.isfinite(value):
            raise CourseInputError(
                f"Cell (row {row + 1}, column {col + 1}) holds {str(text)[:20]!r}, which is not a number. "
                "Type a number such as 2, -0.5 or 1/9."
            )
        values.append(value)
    return np.array(values, dtype=np.float64).reshape(n, n)


# ---------------------------------------------------------------------- parameter counting
def conv_parameters(f: int, channels: int, filters: int, bias: bool = True) -> int:
    """Weights of a conv layer: (F·F·C + 1)·K, the same whatever the image size.

    Taught in 06 · Why convolution: sharing weights.
    """
    f = check_int(f, "f", low=1)
    channels = check_int(channels, "channels", low=1)
    filters = check_int(filters, "filters", low=1)
    return (f * f * channels + int(bool(bias))) * filters


def dense_parameters(inputs: int, units: int, bias: bool = True) -> int:
    """Weights of a fully connected layer: (inputs + 1)·units.

    Taught in 06 · Why convolution: sharing weights.
    """
    inputs = check_int(inputs, "inputs", low=1)
    units = check_int(units, "units", low=1)
    return (inputs + int(bool(bias))) * units


# ----------------------------------------------------------------------- deck 004: X vs O
def normalised_feature_map(image, kernel) -> np.ndarray:
    """Deck 004's feature map: slide the filter (valid), and divide each sum by the filter's size (9).

    That is the mean of patch × filter: 1 where the patch matches the ±1 filter exactly.

    Taught in 06 · The lecture's X-vs-O network by hand.
    """
    k = as_array(kernel, "kernel", ndim=2, dtype_kind="uifb")
    return conv2d(image, k) / k.size


def xo_vote_weights(templates: dict, filters) -> dict:
    """Vote weights for the fully connected layer: each class votes with its clean picture's features.

    ``templates`` maps a class name to its 9×9 ±1 picture; the weights of a class are the pooled,
    flattened features of that picture, so the features that are strong for a clean X count most
    towards "X".

    Taught in 06 · The lecture's X-vs-O network by hand.
    """
    if not isinstance(templates, dict) or not templates:
        raise CourseTypeError(
            f"`templates` should be a dict such as {{'X': x_image}}, got {describe(templates)}."
        )
    return {name: xo_forward(img, filters).features for name, img in templates.items()}


class XOResult(NamedTuple):
    """Every stage of the X-vs-O network: maps (3, 7, 7), after ReLU, pooled (3, 4, 4), flat votes.

    Taught in 06 · The lecture's X-vs-O network by hand.
    """

    maps: np.ndarray
    rectified: np.ndarray
    pooled: np.ndarray
    features: np.ndarray
    scores: dict


def xo_forward(image, filters, vote_weights: dict | None = None) -> XOResult:
    """Deck 004's little network on a 9×9 ±1 image: filter maps / 9, ReLU, 2×2 max pooling, votes.

    ``filters`` is a sequence of 2-D kernels; ``vote_weights`` maps a class name ("X", "O") to a
    weight per flattened feature.  Without it the scores are empty.  A score is the weighted mean
    of the features: sum(w · f) / sum(w), the deck's "votes".

    Taught in 06 · The lecture's X-vs-O network by hand.
    """
    img = as_array(image, "image", ndim=2, dtype_kind="uifb")
    filters = [as_array(f, "each filter", ndim=2, dtype_kind="uifb") for f in filters]
    maps = np.stack([normalised_feature_map(img, f) for f in filters])
    rectified = relu(maps)
    pooled = np.stack([max_pool2d(m, 2, padding="same") for m in rectified])
    features = pooled.reshape(-1)
    scores = {}
    for name, w in (vote_weights or {}).items():
        w = as_array(w, f"the vote weights of {name!r}", dtype_kind="uifb").astype(np.float64).reshape(-1)
        if w.size != features.size:
            raise CourseInputError(
                f"The vote weights of {name!r} have {w.size} numbers, but there are {features.size} features."
            )
        scores[name] = float(w @ features / w.sum())
    return XOResult(maps, rectified, pooled, features, scores)
