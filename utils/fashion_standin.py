"""The last-resort stand-in for Fashion-MNIST, drawn by the course itself.

The real Fashion-MNIST is used whenever a copy can be had: from the Keras cache, from a local copy
(``COURSE_DATA_DIR``, or Debian's ``dataset-fashion-mnist`` package), or downloaded; see
:mod:`utils.datasets`.  When none of those exists (offline, nothing cached), the course still needs ten
classes of small clothing pictures with the same layout as the real thing.  No Python package ships
such images, so this module *draws* them: every class is a simple silhouette (a T-shirt, a pair of
trousers, a shoe, ...) built from polygons and ellipses, and every picture gets its own random size,
proportions, tilt, position, brightness, stitching details and fabric grain.

The pictures follow the real data's conventions:

* ``x`` is ``(N, 28, 28)`` ``uint8``: a light garment on a black (0) background, values 0..255;
* ``y`` is ``(N,)`` ``uint8`` with the real label meanings (see :data:`FASHION_CLASS_NAMES`);
* shoes point to the left, and every item roughly fills the 28 x 28 frame.

They are much simpler than real photographs, so numbers measured on them (accuracy, confusion between
classes) are only a rough guide to what the real data would give.  The tops (T-shirt, pullover, coat,
shirt) deliberately overlap in shape, as they do in the real data, so the task is not trivial.

Determinism: the same arguments give the same bytes on every platform.  Only the legacy
``numpy.random.RandomState`` (whose streams NumPy keeps frozen) is used, only ``uniform`` draws are taken
from it, and the drawing uses only operations IEEE 754 rounds exactly (+, -, *, /, sqrt, min, max, floor)
-- no sin, cos, exp or log, whose last bit may differ between maths libraries.  The drawing is done in
float32 throughout, which keeps 7,000 pictures well under a second on one core.
"""

from __future__ import annotations

import numpy as np

from ._validate import check_int

__all__ = ["FASHION_CLASS_NAMES", "make_fashion_standin"]

FASHION_CLASS_NAMES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]

_SIZE = 28
_MAX_IMAGES = 200_000  # a generous cap: 200,000 images are 157 MB
_CHUNK = 2_000  # images drawn at once (bounds the memory of the float work arrays)
_STREAM_TRAIN = 0x7EA1  # train and test use different, fixed sub-streams of the seed
_STREAM_TEST = 0x7E57

# Pixel-centre coordinates, origin in the middle of the image, y pointing down.
_F = np.float32  # all drawing is done in float32 (exactly rounded, and fast)
_GRID = np.arange(_SIZE, dtype=_F) - _F((_SIZE - 1) / 2.0)
_PX = _GRID[None, None, :]
_PY = _GRID[None, :, None]


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------
def make_fashion_standin(n_train=6000, n_test=1000, seed=0):
    """Draw a Fashion-MNIST look-alike: ``(x_train, y_train), (x_test, y_test)``.

    Parameters
    ----------
    n_train, n_test : int, at least 10
        How many pictures in each split.  The ten classes are balanced (their counts differ by at
        most one) and the order is shuffled.
    seed : int, 0 .. 2**32 - 1
        Same seed, same bytes.  The train and test pictures come from different random streams, so
        the test pictures are new drawings, not copies of training ones; the test split depends only
        on ``n_test`` and ``seed`` (not on ``n_train``).

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x_*`` are ``(N, 28, 28)`` ``uint8`` (0 = black background, garment bright), ``y_*`` are
        ``(N,)`` ``uint8`` class numbers 0..9 with the meanings in :data:`FASHION_CLASS_NAMES`.

    Example
    -------
    >>> (x_train, y_train), (x_test, y_test) = make_fashion_standin(100, 20)
    >>> x_train.shape, x_train.dtype, FASHION_CLASS_NAMES[y_train[0]]
    ((100, 28, 28), dtype('uint8'), 'Sneaker')

    Used by :func:`utils.datasets.load_fashion_mnist` (its last resort).
    """
    n_train = check_int(n_train, "n_train", low=10, high=_MAX_IMAGES)
    n_test = check_int(n_test, "n_test", low=10, high=_MAX_IMAGES)
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    train = _make_split(n_train, np.random.RandomState([seed, _STREAM_TRAIN]))
    test = _make_split(n_test, np.random.RandomState([seed, _STREAM_TEST]))
    return train, test


def _make_split(n, rng):
    labels = (np.arange(n) % 10).astype(np.uint8)
    labels = labels[rng.permutation(n)]
    images = np.zeros((n, _SIZE, _SIZE), dtype=np.uint8)
    for label in range(10):
        where = np.flatnonzero(labels == label)
        for start in range(0, where.size, _CHUNK):
            part = where[start : start + _CHUNK]
            images[part] = _DRAW[label](rng, part.size)
    return images, labels


# --------------------------------------------------------------------------------------------------
# Random parameters: every helper returns an (n, 1, 1) array so it broadcasts over (n, 28, 28).
# --------------------------------------------------------------------------------------------------
def _u(rng, low, high, n):
    return rng.uniform(low, high, n).astype(_F)[:, None, None]


def _coin(rng, p, n):
    return rng.uniform(0.0, 1.0, n)[:, None, None] < p


def _cos_sin(t):
    """cos and sin of small angles (|t| < 1.6) from polynomials, then normalised.

    Exact trigonometry is not needed for drawing; polynomials keep the result bit-identical everywhere.
    """
    t2 = t * t
    c = 1.0 - t2 / 2.0 + t2 * t2 / 24.0 - t2 * t2 * t2 / 720.0 + t2 * t2 * t2 * t2 / 40320.0
    s = t * (1.0 - t2 / 6.0 + t2 * t2 / 120.0 - t2 * t2 * t2 / 5040.0 + t2 * t2 * t2 * t2 / 362880.0)
    norm = np.sqrt(c * c + s * s)
    return c / norm, s / norm


def _frame(rng, n, rot, shift, scale_x, scale_y):
    """Garment coordinates (X, Y) of every pixel after a random tilt, shift and stretch."""
    c, s = _cos_sin(_u(rng, -rot, rot, n))
    tx, ty = _u(rng, -shift, shift, n), _u(rng, -shift, shift, n)
    sx, sy = _u(rng, *scale_x, n), _u(rng, *scale_y, n)
    dx, dy = _PX - tx, _PY - ty
    return (c * dx + s * dy) / sx, (c * dy - s * dx) / sy


# --------------------------------------------------------------------------------------------------
# Shapes as signed distances (positive inside, in pixels); union = max, cut-out = min(a, -b).
# --------------------------------------------------------------------------------------------------
def _poly(X, Y, pts):
    """Convex polygon through ``pts`` (either winding); each coordinate a scalar or (n, 1, 1)."""
    k = len(pts)
    area = 0.0
    for i in range(k):
        (ax, ay), (bx, by) = pts[i], pts[(i + 1) % k]
        area = area + (ax * by - bx * ay)
    sign = np.where(area >= 0, _F(1.0), _F(-1.0))
    d = None
    for i in range(k):
        (ax, ay), (bx, by) = pts[i], pts[(i + 1) % k]
        ex, ey = bx - ax, by - ay
        scale = sign / (np.sqrt(ex * ex + ey * ey) + 1e-9)
        di = (ex * (Y - ay) - ey * (X - ax)) * scale
        d = di if d is None else np.minimum(d, di)
    return d


def _ellipse(X, Y, cx, cy, rx, ry):
    dx, dy = X - cx, Y - cy
    f = dx * dx / (rx * rx) + dy * dy / (ry * ry) - 1.0
    gx, gy = 2.0 * dx / (rx * rx), 2.0 * dy / (ry * ry)
    return np.minimum(-f / (np.sqrt(gx * gx + gy * gy) + 1e-6), np.asarray(np.minimum(rx, ry), dtype=_F))


def _capsule(X, Y, ax, ay, bx, by, r):
    """A line segment from (ax, ay) to (bx, by), thickened to radius r."""
    ex, ey = bx - ax, by - ay
    t = np.clip(((X - ax) * ex + (Y - ay) * ey) / (ex * ex + ey * ey + 1e-9), 0.0, 1.0)
    qx, qy = X - ax - t * ex, Y - ay - t * ey
    return r - np.sqrt(qx * qx + qy * qy)


def _box(X, Y, x0, y0, x1, y1):
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    return np.minimum((x1 - x0) / 2.0 - np.abs(X - cx), (y1 - y0) / 2.0 - np.abs(Y - cy))


def _alpha(d):
    """Signed distance -> coverage 0..1 with a one-pixel soft edge (like a downsampled photo)."""
    return np.clip(d + 0.5, 0.0, 1.0)


def _darken(fill, d, amount):
    """Darken ``fill`` where shape ``d`` is (a seam, a button, a stripe): amount 0..1, per image."""
    return fill * (1.0 - amount * _alpha(d))


def _stripes(t, period):
    """Stripes across coordinate ``t``: +0.5 at the middle of each dark stripe, -0.5 between them."""
    return 0.5 - 2.0 * np.abs(t / period - np.floor(t / period) - 0.5)


def _finish(rng, d, fill, grain=0.08):
    """Coverage x brightness x fabric grain -> uint8.  The background stays exactly 0."""
    n = d.shape[0]
    noise = (1.0 + rng.uniform(-grain, grain, (n, _SIZE, _SIZE))).astype(_F)
    value = _alpha(d) * fill * noise
    return np.floor(np.clip(value, 0.0, 255.0) + 0.5).astype(np.uint8)


def _base_fill(rng, n, Y, low=70.0, high=245.0, top=-13.0, bottom=13.0):
    """Per-image brightness with a gentle top-to-bottom shading."""
    base = _u(rng, low, high, n)
    slope = _u(rng, -0.12, 0.22, n)
    return base * (1.0 - slope * (Y - top) / (bottom - top))


# --------------------------------------------------------------------------------------------------
# The ten classes.  Coordinates: x to the right, y down, the item spanning about -13..13 both ways.
# --------------------------------------------------------------------------------------------------
def _sleeve(X, Y, side, mx, my, c, s, length, hw0, hw1):
    """A tapered sleeve from armhole centre (mx, my) along direction (c, s); side +1 right, -1 left."""
    px, py = s, -c  # perpendicular, pointing up and outwards
    ex, ey = mx + length * c, my + length * s  # cuff centre
    pts = [
        (mx + hw0 * px, my + hw0 * py),
        (ex + hw1 * px, ey + hw1 * py),
        (ex - hw1 * px, ey - hw1 * py),
        (mx - hw0 * px, my - hw0 * py),
    ]
    inner = ((mx - hw0 * px) * side, my - hw0 * py, (ex - hw1 * px) * side, ey - hw1 * py)
    cuff = ((ex + hw1 * px) * side, ey + hw1 * py, (ex - hw1 * px) * side, ey - hw1 * py)
    return _poly(X, Y, [(x * side, y) for x, y in pts]), inner, cuff


def _below(X, Y, ax, ay, bx, by):
    """Signed distance to the line through (ax, ay), (bx, by) (with bx != ax): positive below it."""
    ex, ey = bx - ax, by - ay
    scale = np.where(ex >= 0, _F(1.0), _F(-1.0)) / np.sqrt(ex * ex + ey * ey)
    return (ex * (Y - ay) - ey * (X - ax)) * scale


def _long_sleeves(rng, n, kind):
    """Which tops get long sleeves: never T-shirts, some shirts, always pullovers and coats."""
    if kind == "tshirt":
        return np.zeros((n, 1, 1), bool)
    if kind == "shirt":
        return _coin(rng, 0.6, n)
    return np.ones((n, 1, 1), bool)


def _top(rng, n, kind):
    """T-shirt, pullover, coat and shirt share one body-plus-sleeves model with overlapping ranges."""
    X, Y = _frame(rng, n, rot=0.10, shift=1.0, scale_x=(0.90, 1.06), scale_y=(0.92, 1.05))
    long_ = _long_sleeves(rng, n, kind)
    tank = _coin(rng, 0.18, n) & (kind == "tshirt")  # sleeveless tops count as "T-shirt/top"

    yt = _u(rng, -13.2, -11.3, n)  # shoulder line
    yb = _u(rng, 12.0, 13.6, n) if kind == "coat" else _u(rng, 9.8, 13.2, n)  # hem
    wb = np.where(long_, _u(rng, 4.6, 6.4, n), _u(rng, 5.8, 8.2, n))  # half width at the hem
    if kind == "coat":
        wb = wb + _u(rng, 0.0, 1.0, n)
    ws = wb * np.where(long_, _u(rng, 0.92, 1.06, n), _u(rng, 0.95, 1.12, n))  # half width at the top
    ns = _u(rng, 2.0, 3.6, n)  # half width of the neck opening
    hw0 = _u(rng, 2.5, 3.75, n)  # half the armhole depth

    # Sleeves: short ones stick out sideways, long ones hang beside the body down to the hem.
    c, s = _cos_sin(np.where(long_, _u(rng, 1.05, 1.35, n), _u(rng, 0.35, 0.95, n)))
    reach = (yb - yt - hw0) / s
    length = np.where(long_, reach * _u(rng, 0.78, 1.0, n), _u(rng, 2.5, 6.0, n))
    hw1 = np.where(long_, _u(rng, 1.4, 2.2, n), hw0 * _u(rng, 0.75, 1.0, n))
    mx, my = ws - 0.3, yt + hw0  # armhole centre (right side)
    p1x, p1y = mx + hw0 * s, my - hw0 * c  # top corner where the sleeve starts

    d = _poly(X, Y, [(-ws, yt), (ws, yt), (wb, yb), (-wb, yb)])
    seams = []
    for side in (1.0, -1.0):
        # A straight shoulder line from the neck down to the sleeve.
        d = np.minimum(d, _below(X, Y, side * ns, yt, side * p1x, p1y))
        d = np.maximum(
            d,
            _poly(
                X,
                Y,
                [
                    (0.0, yt),
                    (side * ns, yt),
                    (side * p1x, p1y),
                    (side * p1x, yt + 2.0 * hw0),
                    (0.0, yt + 2.0 * hw0),
                ],
            ),
        )
        sleeve, inner, cuff = _sleeve(X, Y, side, mx, my, c, s, length, hw0, hw1)
        d = np.maximum(d, sleeve)
        seams.append((inner, cuff))
    # Tank tops: a plain body with narrow straps and a deep scoop instead.
    tw = wb * _u(rng, 0.9, 1.0, n)
    tank_d = _poly(X, Y, [(-tw, yt + 3.5), (tw, yt + 3.5), (wb, yb), (-wb, yb)])
    strap_x = tw * _u(rng, 0.45, 0.7, n)
    for side in (1.0, -1.0):
        tank_d = np.maximum(tank_d, _box(X, Y, side * strap_x - 1.0, yt, side * strap_x + 1.0, yt + 4.0))
    tank_d = np.minimum(tank_d, -_ellipse(X, Y, 0.0, yt + 3.5, strap_x - 1.0, _u(rng, 1.0, 3.5, n)))
    d = np.where(tank, tank_d, d)

    fill = _base_fill(rng, n, Y, top=-13.0, bottom=13.0)
    for inner, cuff in seams:  # seam between a long sleeve and the body; darker cuffs
        fill = _darken(fill, _capsule(X, Y, *inner, 0.45), np.where(long_, _u(rng, 0.25, 0.6, n), 0.0))
        fill = _darken(fill, _capsule(X, Y, *cuff, 0.7), _u(rng, 0.0, 0.35, n))

    if kind in ("tshirt", "pullover"):  # round neckline with a darker rib
        neck_y = yt - _u(rng, 0.0, 0.8, n)
        neck_ry = _u(rng, 1.5, 3.2, n)
        d = np.where(tank, d, np.minimum(d, -_ellipse(X, Y, 0.0, neck_y, ns, neck_ry)))
        fill = _darken(fill, _ellipse(X, Y, 0.0, neck_y, ns + 0.8, neck_ry + 0.8), _u(rng, 0.0, 0.3, n))
    else:  # V neck, collar or lapels, and a front line with buttons
        vd = _u(rng, 3.0, 8.0, n) if kind == "coat" else _u(rng, 1.5, 3.5, n)
        d = np.minimum(d, -_poly(X, Y, [(-ns, yt - 1.0), (ns, yt - 1.0), (0.0, yt + vd)]))
        cw = ns + _u(rng, 1.0, 2.5, n)
        for side in (1.0, -1.0):
            fill = _darken(
                fill, _capsule(X, Y, side * cw, yt, 0.0, yt + vd + 1.5, 0.5), _u(rng, 0.2, 0.55, n)
            )
            fill = _darken(
                fill, _capsule(X, Y, side * ns, yt, side * cw, yt + vd * 0.6, 0.5), _u(rng, 0.1, 0.4, n)
            )
        amount = _u(rng, 0.25, 0.55, n) if kind == "shirt" else _u(rng, 0.45, 0.8, n)
        fill = _darken(fill, _capsule(X, Y, 0.0, yt + vd, 0.0, yb, 0.55), amount)
        step = _u(rng, 2.6, 4.0, n)
        along = Y - (yt + vd)
        gap = np.abs(along - step * np.floor(along / step + 0.5))  # distance to the nearest button row
        buttons = np.minimum(1.1 - np.sqrt(X * X + gap * gap), yb - 0.5 - Y)
        fill = _darken(fill, buttons, np.where(_coin(rng, 0.6, n), _u(rng, 0.2, 0.6, n), 0.0))

    if kind == "tshirt":  # a printed picture or logo on the chest
        py0 = yt + _u(rng, 4.0, 7.0, n)
        pw, ph = _u(rng, 1.5, 4.5, n), _u(rng, 1.5, 4.5, n)
        art = np.where(
            _coin(rng, 0.5, n),
            _ellipse(X, Y, 0.0, py0 + ph, pw, ph),
            _box(X, Y, -pw, py0, pw, py0 + 2.0 * ph),
        )
        gain = np.where(_coin(rng, 0.45, n), _u(rng, -0.6, 0.6, n), 0.0)
        fill = fill * (1.0 + gain * _alpha(art))
    if kind == "pullover":  # ribbed waistband, sometimes knitted stripes
        band = yb - _u(rng, 1.6, 2.6, n)
        fill = _darken(fill, _box(X, Y, -20.0, band - 0.4, 20.0, band + 0.4), _u(rng, 0.0, 0.4, n))
        fill = _darken(
            fill,
            2.0 * _stripes(Y, _u(rng, 2.5, 5.0, n)),
            np.where(_coin(rng, 0.2, n), _u(rng, 0.2, 0.45, n), 0.0),
        )
    if kind == "coat":  # belt and pockets
        by = _u(rng, 0.0, 4.0, n)
        fill = _darken(
            fill,
            _box(X, Y, -20.0, by - 0.7, 20.0, by + 0.7),
            np.where(_coin(rng, 0.3, n), _u(rng, 0.3, 0.6, n), 0.0),
        )
        py0, pxo = _u(rng, 3.0, 7.0, n), _u(rng, 1.5, 3.0, n)
        pockets = np.maximum(
            _capsule(X, Y, pxo, py0, pxo + 2.5, py0 - 0.5, 0.45),
            _capsule(X, Y, -pxo, py0, -pxo - 2.5, py0 - 0.5, 0.45),
        )
        fill = _darken(fill, pockets, np.where(_coin(rng, 0.5, n), _u(rng, 0.3, 0.6, n), 0.0))
    if kind == "shirt":  # stripes or checks on about half the shirts; a breast pocket
        period = _u(rng, 2.0, 4.0, n)
        vertical, horizontal = _stripes(X, period), _stripes(Y, period)
        pattern = rng.uniform(0, 1, n)[:, None, None]
        pat = np.where(
            pattern < 0.2, vertical, np.where(pattern < 0.45, np.maximum(vertical, horizontal), -1.0)
        )
        fill = _darken(fill, 2.0 * pat, _u(rng, 0.2, 0.5, n))
        pxo, py0 = _u(rng, 1.5, 3.0, n), yt + _u(rng, 4.0, 6.0, n)
        fill = _darken(
            fill,
            _box(X, Y, pxo, py0, pxo + 2.4, py0 + 0.8),
            np.where(_coin(rng, 0.35, n), _u(rng, 0.2, 0.45, n), 0.0),
        )
    return _finish(rng, d, fill)


def _draw_tshirt(rng, n):
    return _top(rng, n, "tshirt")


def _draw_pullover(rng, n):
    return _top(rng, n, "pullover")


def _draw_coat(rng, n):
    return _top(rng, n, "coat")


def _draw_shirt(rng, n):
    return _top(rng, n, "shirt")


def _draw_trouser(rng, n):
    X, Y = _frame(rng, n, rot=0.06, shift=1.0, scale_x=(0.85, 1.1), scale_y=(0.95, 1.04))
    yw, yb = _u(rng, -13.3, -12.0, n), _u(rng, 12.3, 13.5, n)
    ww = _u(rng, 4.2, 6.2, n)  # half width at the waist
    yc = yw + _u(rng, 7.0, 11.0, n)  # crotch
    gap = _u(rng, 0.6, 2.6, n)  # half gap between the legs at the hem
    xo = np.maximum(ww + _u(rng, -1.2, 1.8, n), gap + 3.0)  # outer edge at the hem
    d = _box(X, Y, -ww, yw, ww, yc + 0.5)
    for side in (1.0, -1.0):
        leg = _poly(X, Y, [(side * ww, yw), (0.0, yw), (0.0, yc), (side * gap, yb), (side * xo, yb)])
        d = np.maximum(d, leg)
    d = np.minimum(d, -_capsule(X, Y, 0.0, yc, 0.0, yb + 2.0, 0.5 * gap))  # keep the legs apart
    fill = _base_fill(rng, n, Y, 60.0, 235.0)
    fill = _darken(fill, _box(X, Y, -20.0, yw + 1.4, 20.0, yw + 2.1), _u(rng, 0.0, 0.5, n))  # waistband
    fill = _darken(fill, _capsule(X, Y, 0.0, yw + 2.0, 0.0, yc, 0.4), _u(rng, 0.0, 0.5, n))  # fly
    for side in (1.0, -1.0):  # creases
        cx = side * (ww + gap) / 2.0
        fill = _darken(
            fill, _capsule(X, Y, cx, yc - 2.0, side * (xo + gap) / 2.0, yb, 0.4), _u(rng, 0.0, 0.3, n)
        )
    return _finish(rng, d, fill)


def _draw_dress(rng, n):
    X, Y = _frame(rng, n, rot=0.07, shift=1.0, scale_x=(0.85, 1.1), scale_y=(0.95, 1.04))
    yt, yb = _u(rng, -13.3, -11.5, n), _u(rng, 12.0, 13.5, n)
    wt = _u(rng, 3.2, 5.0, n)  # bodice half width
    yw = yt + _u(rng, 6.0, 10.0, n)  # waist height
    ww = wt * _u(rng, 0.75, 0.95, n)
    wb = _u(rng, 5.5, 11.5, n)  # hem half width: sheath .. A-line
    d = np.maximum(
        _poly(X, Y, [(-wt, yt), (wt, yt), (ww, yw), (-ww, yw)]),
        _poly(X, Y, [(-ww, yw - 0.3), (ww, yw - 0.3), (wb, yb), (-wb, yb)]),
    )
    sleeves = rng.uniform(0, 1, n)[:, None, None]  # < .55 straps only, < .85 short, else long
    neck = _ellipse(X, Y, 0.0, yt - 0.3, wt * _u(rng, 0.4, 0.75, n), _u(rng, 1.5, 4.0, n))
    d = np.minimum(d, -neck)
    for side in (1.0, -1.0):
        short = _poly(
            X,
            Y,
            [
                (side * (wt - 0.5), yt),
                (side * (wt + 2.5), yt + 1.0),
                (side * (wt + 1.8), yt + 4.0),
                (side * (wt - 0.5), yt + 4.0),
            ],
        )
        long_ = _poly(
            X,
            Y,
            [
                (side * (wt - 0.5), yt),
                (side * (wt + 1.8), yt + 0.8),
                (side * (wt + 4.0), yt + 13.0),
                (side * (wt + 2.2), yt + 13.5),
                (side * (wt - 0.2), yt + 4.5),
            ],
        )
        d = np.where(sleeves < 0.55, d, np.maximum(d, np.where(sleeves < 0.85, short, long_)))
    fill = _base_fill(rng, n, Y, 70.0, 245.0)
    fill = _darken(fill, _box(X, Y, -20.0, yw - 0.6, 20.0, yw + 0.6), _u(rng, 0.0, 0.5, n))  # waist seam
    pleats = np.minimum(1.5 * _stripes(X, _u(rng, 2.5, 4.5, n)), Y - yw)  # pleats
    fill = _darken(fill, pleats, np.where(_coin(rng, 0.3, n), _u(rng, 0.1, 0.3, n), 0.0))
    return _finish(rng, d, fill)


def _shoe_frame(rng, n):
    return _frame(rng, n, rot=0.07, shift=1.2, scale_x=(0.92, 1.04), scale_y=(0.85, 1.12))


def _draw_sneaker(rng, n):
    X, Y = _shoe_frame(rng, n)
    yb = _u(rng, 4.5, 8.5, n)  # bottom of the sole
    hh = _u(rng, 9.0, 13.0, n)  # height at the heel
    ht = _u(rng, 4.5, 7.0, n)  # height of the toe box
    xt, xh = _u(rng, -13.5, -12.0, n), _u(rng, 12.0, 13.5, n)
    xc = xh - _u(rng, 7.0, 9.5, n)  # where the instep meets the ankle opening
    yc = yb - hh + _u(rng, 1.0, 3.0, n)
    toe = _ellipse(X, Y, xt + 4.5, yb - ht / 2.0, 4.5, ht / 2.0)
    vamp = _poly(X, Y, [(xt + 4.5, yb), (xt + 4.5, yb - ht), (xc, yc), (xc, yb)])
    heel = _poly(
        X,
        Y,
        [(xc - 2.0, yb), (xc - 2.0, yc + 1.5), (xc, yc), (xh - 2.0, yb - hh), (xh, yb - hh + 1.5), (xh, yb)],
    )
    d = np.maximum(np.maximum(toe, vamp), np.maximum(heel, _box(X, Y, xt + 1.0, yb - 1.8, xh, yb)))
    # Ankle opening: a notch behind the tongue, which pokes up a little.
    notch = _ellipse(
        X, Y, xh - _u(rng, 4.0, 5.5, n), yb - hh - 0.3, _u(rng, 2.2, 3.2, n), _u(rng, 1.0, 2.0, n)
    )
    tongue = _ellipse(X, Y, xc + 0.5, yc, 1.4, _u(rng, 0.8, 2.0, n))
    d = np.maximum(np.minimum(d, -notch), tongue)
    fill = _base_fill(rng, n, Y, 90.0, 250.0, top=-6.0, bottom=8.0)
    sole = _box(X, Y, -20.0, yb - _u(rng, 1.5, 2.8, n), 20.0, yb + 1.0)
    fill = fill * (1.0 + _u(rng, -0.5, 0.3, n) * _alpha(sole))
    # Laces: short dark strokes along the instep, and sometimes a side stripe.
    for k in range(4):
        f = (k + 1) / 5.0
        lx, ly = xc - f * (xc - xt - 6.0), yc + f * (yb - ht - yc) + 0.8
        fill = _darken(
            fill, _capsule(X, Y, lx - 0.9, ly + 0.3, lx + 0.9, ly - 0.3, 0.45), _u(rng, 0.0, 0.5, n)
        )
    stripe = _capsule(X, Y, xt + 7.0, yb - 2.5, xh - 4.0, yb - hh + 4.0, 0.6)
    fill = _darken(fill, stripe, np.where(_coin(rng, 0.5, n), _u(rng, 0.2, 0.5, n), 0.0))
    return _finish(rng, d, fill)


def _draw_sandal(rng, n):
    X, Y = _shoe_frame(rng, n)
    yb = _u(rng, 4.0, 9.0, n)  # sole level at the toe
    lift = np.where(_coin(rng, 0.4, n), _u(rng, 3.0, 8.0, n), _u(rng, 0.0, 1.5, n))  # heel height
    xt, xh = _u(rng, -13.5, -12.0, n), _u(rng, 11.5, 13.5, n)
    xb = _u(rng, -5.0, -1.0, n)  # ball of the foot, where the sole starts to rise
    th = _u(rng, 1.2, 2.2, n)  # sole thickness
    yh = yb - lift  # sole level at the heel
    d = np.maximum(
        _poly(X, Y, [(xt, yb - th), (xb, yb - th), (xb, yb), (xt + 1.0, yb)]),
        _poly(X, Y, [(xb - 0.2, yb - th), (xh, yh - th), (xh, yh), (xb - 0.2, yb)]),
    )
    d = np.maximum(d, _box(X, Y, xh - _u(rng, 1.0, 2.5, n), yh - 0.5, xh, yb))  # heel
    # The straps live inside the outline a closed shoe would have: a rim round its top edge (often
    # open over the instep) and bands across it, leaning either way, that cross like woven straps.
    ht, hh = _u(rng, 3.0, 5.0, n), _u(rng, 5.0, 8.5, n)  # outline height at the toe and at the heel
    xm = xb + _u(rng, 1.0, 4.0, n)  # mid-foot, where the outline turns upwards
    ym = yb - lift * (xm - xb) / (xh - xb) - th  # sole level there
    hm = ht + _u(rng, 0.5, 2.0, n)
    upper = np.maximum(
        np.maximum(
            _poly(
                X,
                Y,
                [
                    (xt + 3.0, yb - th),
                    (xb, yb - th),
                    (xm + 1.0, ym),
                    (xm + 1.0, ym - hm - 0.3),
                    (xt + 3.0, yb - th - ht),
                ],
            ),
            _poly(
                X,
                Y,
                [
                    (xm - 1.0, ym + 0.3),
                    (xh, yh - th),
                    (xh, yh - th - hh),
                    (xh - 3.0, yh - th - hh),
                    (xm - 1.0, ym - hm + 0.1),
                ],
            ),
        ),
        _ellipse(X, Y, xt + 3.0, yb - th - ht / 2.0, 2.8, ht / 2.0),
    )
    r = _u(rng, 0.5, 0.95, n)  # strap half width
    rim = np.minimum(upper, 2.0 * r - upper)
    front, back = xb + _u(rng, -2.0, 2.0, n), xh - _u(rng, 3.5, 6.0, n)
    d = np.maximum(d, np.where(_coin(rng, 0.6, n), np.minimum(rim, np.maximum(front - X, X - back)), rim))
    nbands = rng.uniform(0, 1, n)[:, None, None]
    for k in range(6):
        sx = xt + 3.0 + k * (xh - xt - 6.0) / 5.0 + _u(rng, -1.0, 1.0, n)
        lean = (1.0 if k % 2 == 0 else -1.0) * _u(rng, 0.2, 0.8, n)
        band = r - np.abs((X - sx) - lean * (Y - yb)) / np.sqrt(1.0 + lean * lean)
        keep = nbands < 1.0 - 0.2 * max(k - 1, 0)  # 2..6 bands
        d = np.where(keep, np.maximum(d, np.minimum(band, upper)), d)
    fill = _base_fill(rng, n, Y, 70.0, 235.0, top=-6.0, bottom=8.0)
    return _finish(rng, d, fill, grain=0.12)


def _draw_ankle_boot(rng, n):
    X, Y = _frame(rng, n, rot=0.06, shift=1.0, scale_x=(0.92, 1.04), scale_y=(0.92, 1.05))
    yb = _u(rng, 11.5, 13.5, n)  # bottom of the heel
    heel = _u(rng, 0.0, 3.5, n)  # heel height (the toe sole sits this much higher)
    ht = _u(rng, 3.5, 5.5, n)  # toe height
    rise = _u(rng, 2.5, 6.0, n)  # how much the instep climbs towards the ankle
    xt, xh = _u(rng, -13.5, -12.0, n), _u(rng, 12.0, 13.5, n)
    xs = _u(rng, -1.5, 3.5, n)  # front of the shaft
    ys = yb - _u(rng, 21.0, 25.0, n)  # top of the shaft
    ya = yb - heel  # sole level under the foot
    toe = _ellipse(X, Y, xt + 3.5, ya - ht / 2.0, 3.5, ht / 2.0)
    instep = np.minimum(_ellipse(X, Y, xs + 1.0, ya, xs - xt - 1.5, ht + rise), ya - Y)
    foot = np.maximum(
        _poly(X, Y, [(xt + 3.5, ya), (xt + 3.5, ya - ht), (xs + 1.0, ya - ht - rise), (xs + 1.0, ya)]),
        _box(X, Y, xs, ya - ht - rise, xh, ya),
    )
    shaft = _poly(
        X,
        Y,
        [(xs, ya - 1.0), (xh, ya - 1.0), (xh - _u(rng, 0.0, 1.5, n), ys), (xs + _u(rng, 0.0, 2.0, n), ys)],
    )
    heel_block = _box(X, Y, xh - _u(rng, 4.0, 7.0, n), ya - 1.0, xh - 0.3, yb)
    d = np.maximum(np.maximum(np.maximum(foot, toe), instep), np.maximum(shaft, heel_block))
    fill = _base_fill(rng, n, Y, 60.0, 240.0)
    sole = _box(X, Y, -20.0, ya - _u(rng, 1.0, 2.5, n), 20.0, yb + 1.0)
    fill = fill * (1.0 + _u(rng, -0.5, 0.2, n) * _alpha(sole))
    # Elastic side panel, zip or laces on the shaft.
    detail = rng.uniform(0, 1, n)[:, None, None]
    panel = _ellipse(X, Y, (xs + xh) / 2.0, ys, _u(rng, 1.5, 2.5, n), _u(rng, 6.0, 10.0, n))  # elastic gusset
    zipper = _capsule(X, Y, xs + 1.2, ys + 1.0, xs + 0.8, ya - ht, 0.45)
    fill = _darken(fill, np.where(detail < 0.4, panel, zipper), _u(rng, 0.15, 0.5, n))
    fill = _darken(fill, _box(X, Y, -20.0, ys - 1.0, 20.0, ys + 1.2), _u(rng, 0.0, 0.4, n))  # cuff
    return _finish(rng, d, fill)


def _draw_bag(rng, n):
    X, Y = _frame(rng, n, rot=0.06, shift=1.0, scale_x=(0.9, 1.05), scale_y=(0.9, 1.05))
    handle = rng.uniform(0, 1, n)[:, None, None]  # < .55 arched handle, < .8 strap, else none
    ytop = np.where(handle < 0.8, _u(rng, -6.0, 1.0, n), _u(rng, -10.0, -3.0, n))
    ybot = _u(rng, 11.0, 13.5, n)
    wt = _u(rng, 8.0, 13.0, n)
    wb = np.minimum(wt * _u(rng, 0.95, 1.2, n), 13.5)
    d = _poly(X, Y, [(-wt, ytop), (wt, ytop), (wb, ybot), (-wb, ybot)])
    ry = np.minimum(_u(rng, 4.0, 10.0, n), ytop + 13.2)
    rx = _u(rng, 3.0, 8.0, n)
    thick = _u(rng, 0.9, 1.8, n)
    outer = _ellipse(X, Y, 0.0, ytop, rx, ry)
    inner = _ellipse(X, Y, 0.0, ytop, rx - thick, ry - thick)
    arch = np.minimum(np.minimum(outer, -inner), ytop + 0.5 - Y)
    strap = np.maximum(
        _capsule(X, Y, -wt + 1.5, ytop, -1.0, -12.5, thick * 0.6),
        _capsule(X, Y, wt - 1.5, ytop, 1.0, -12.5, thick * 0.6),
    )
    d = np.where(handle < 0.55, np.maximum(d, arch), np.where(handle < 0.8, np.maximum(d, strap), d))
    fill = _base_fill(rng, n, Y, 70.0, 245.0)
    flap = ytop + _u(rng, 3.0, 7.0, n)
    fill = _darken(
        fill,
        _box(X, Y, -20.0, flap - 0.5, 20.0, flap + 0.5),
        np.where(_coin(rng, 0.6, n), _u(rng, 0.2, 0.6, n), 0.0),
    )
    fill = _darken(
        fill,
        _ellipse(X, Y, 0.0, flap + 1.5, 1.2, 1.0),
        np.where(_coin(rng, 0.4, n), _u(rng, 0.3, 0.7, n), 0.0),
    )  # clasp
    return _finish(rng, d, fill)


_DRAW = [
    _draw_tshirt,
    _draw_trouser,
    _draw_pullover,
    _draw_dress,
    _draw_coat,
    _draw_sandal,
    _draw_shirt,
    _draw_sneaker,
    _draw_bag,
    _draw_ankle_boot,
]
