"""Notebook 04's figures and widget bodies: gates, XOR, the perceptron widget, activations, templates."""

from __future__ import annotations

import functools

import numpy as np

from .. import activations, perceptron
from .._validate import CourseInputError, check_int
from ..plotting import check_ax, new_axes, pyplot

__all__ = [
    "plot_neuron",
    "plot_gates",
    "plot_xor",
    "plot_two_layer_net",
    "PERCEPTRON_START",
    "PERCEPTRON_LR",
    "perceptron_data",
    "show_perceptron",
    "press_step",
    "press_train",
    "press_reset",
    "plot_perceptron_run",
    "plot_activations",
    "plot_templates",
    "plot_universal_approximation",
]

_COLOURS = ("#d95f02", "#1b9e77")  # class 0, class 1


def _points(ax, X, y, size=60, **kw):
    for c in (0, 1):
        sel = y == c
        ax.scatter(
            X[sel, 0], X[sel, 1], s=size, color=_COLOURS[c], edgecolor="black", zorder=3, label=f"{c}", **kw
        )


def _shade_line(ax, w, w0, lim):
    """Shade the half-plane w·x ≥ w0 (class 1) and draw the line w·x = w0 inside the square ±lim."""
    xx, yy = np.meshgrid(np.linspace(-lim, lim, 200), np.linspace(-lim, lim, 200))
    side = (w[0] * xx + w[1] * yy - w0 >= 0).astype(float)
    ax.contourf(xx, yy, side, levels=[-0.5, 0.5, 1.5], colors=[_COLOURS[0], _COLOURS[1]], alpha=0.15)
    if np.any(w != 0):
        ax.contour(xx, yy, w[0] * xx + w[1] * yy - w0, levels=[0], colors="black", linewidths=1.5)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")


def plot_neuron(x, w, w0, ax=None):
    """A neuron as a picture: the inputs, the weights on their connections, the sum minus w0, the step.

    Taught in 04 · From a biological neuron to a formula.
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    w = np.atleast_1d(np.asarray(w, dtype=float))
    if x.shape != w.shape or x.ndim != 1:
        raise CourseInputError(
            f"`x` and `w` should be 1-D with one weight per input, got {x.shape} and {w.shape}."
        )
    z = float(perceptron.weighted_sum(x, w, w0))
    out = float(activations.step(z))
    ax = new_axes(check_ax(ax), figsize=(7.5, 3.8))
    circle = pyplot().Circle
    ys = np.linspace(0.85, 0.15, len(x)) if len(x) > 1 else np.array([0.5])
    x_in, body, fire = 0.15, (1.0, 0.5), (1.72, 0.5)
    for xi, wi, yi in zip(x, w, ys, strict=True):
        colour = "#1b9e77" if wi >= 0 else "#d95f02"
        ax.plot([x_in, body[0]], [yi, body[1]], color=colour, lw=1 + 2 * min(abs(wi), 2), zorder=1)
        ax.add_patch(circle((x_in, yi), 0.06, color="#dddddd", ec="black", zorder=3))
        ax.text(x_in, yi, f"{xi:g}", ha="center", va="center", zorder=4)
        ax.text(x_in + 0.35 * (body[0] - x_in), yi + 0.35 * (body[1] - yi) + 0.05, f"w = {wi:g}", ha="center")
    ax.add_patch(circle(body, 0.14, color="#fdf1d6", ec="black", zorder=3))
    ax.text(*body, f"Σ wx − {w0:g}\n= {z:g}", ha="center", va="center", zorder=4)
    ax.annotate("", (fire[0] - 0.09, 0.5), (body[0] + 0.15, 0.5), arrowprops={"arrowstyle": "->", "lw": 1.5})
    ax.text((body[0] + fire[0]) / 2 + 0.02, 0.54, "step", ha="center")
    ax.add_patch(circle(fire, 0.08, color="#1b9e77" if out else "#dddddd", ec="black", zorder=3))
    ax.text(*fire, f"{out:g}", ha="center", va="center", zorder=4)
    ax.text(x_in, 0.99, "inputs x (dendrites)", ha="center", fontsize=9)
    ax.text(body[0], 0.7, "cell body: weighted sum − threshold", ha="center", fontsize=9)
    ax.text(fire[0], 0.63, "output (axon)", ha="center", fontsize=9)
    ax.set_xlim(0, 1.9)
    ax.set_ylim(0.02, 1.05)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_gates(names=("and", "or", "nand"), axes=None):
    """Each two-input gate's four inputs coloured by its output, with its neuron's line and formula.

    Taught in 04 · Logic gates from one neuron.
    """
    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(1, len(names), figsize=(3.4 * len(names), 3.4))
    for ax, name in zip(np.ravel(axes), names, strict=False):
        gate = perceptron.GATES[name]
        inputs, outputs = perceptron.truth_table(gate.w, gate.w0)
        X = inputs.astype(float)
        _shade_line(ax, np.array(gate.w), gate.w0, 1.6)
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        _points(ax, X, outputs, size=120)
        ax.set_title(f"{name.upper()} = {gate.formula}", fontsize=10)
        ax.set_xlabel("x¹")
        ax.set_ylabel("x²")
    return axes


def plot_xor(search: perceptron.LineSearch, axes=None):
    """XOR's four points with the best single line the search found, and the same points in the hidden layer.

    Left: in the input plane no line gets all four right.  Right: after the hidden layer of
    :data:`perceptron.XOR_NETWORK` (OR, NAND) the two classes are separable by AND's line.
    Taught in 04 · XOR needs two layers.
    """
    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9.5, 4))
    inputs, target = perceptron.gate_target("xor")
    X = inputs.astype(float)
    ax = axes[0]
    _shade_line(ax, search.w, search.w0, 1.6)
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    _points(ax, X, target, size=120)
    ax.set_title(f"best of {search.n_lines:,} lines: {search.best_correct} of 4 right", fontsize=10)
    ax.set_xlabel("x¹")
    ax.set_ylabel("x²")
    hidden, _ = perceptron.two_layer(X, **perceptron.XOR_NETWORK)
    ax = axes[1]
    net = perceptron.XOR_NETWORK
    _shade_line(ax, net["w2"], net["w02"], 1.6)
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    jitter = np.array([[0.0, 0.0], [-0.05, 0.0], [0.05, 0.0], [0.0, 0.0]])  # 01 and 10 both land on (1, 1)
    _points(ax, hidden + jitter, target, size=120)
    ax.set_title("hidden layer: h¹ = OR, h² = NAND; out = AND", fontsize=10)
    ax.set_xlabel("h¹ = OR(x¹, x²)")
    ax.set_ylabel("h² = NAND(x¹, x²)")
    return axes


def plot_two_layer_net(net: perceptron.TwoLayerNet, axes=None):
    """A learned two-layer net on XOR: its probability of class 1 over the plane, and its loss per epoch.

    Taught in 04 · XOR needs two layers.
    """
    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    xx, yy = np.meshgrid(np.linspace(-0.5, 1.5, 150), np.linspace(-0.5, 1.5, 150))
    p = net.predict_proba(np.column_stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    ax = axes[0]
    im = ax.imshow(p, origin="lower", extent=(-0.5, 1.5, -0.5, 1.5), cmap="RdYlGn", vmin=0, vmax=1, alpha=0.6)
    ax.contour(xx, yy, p, levels=[0.5], colors="black")
    inputs, target = perceptron.gate_target("xor")
    _points(ax, inputs.astype(float), target, size=120)
    ax.figure.colorbar(im, ax=ax, label="P(class 1)")
    ax.set_title("learned: P(XOR = 1)", fontsize=10)
    ax = axes[1]
    ax.plot(np.arange(1, len(net.losses) + 1), net.losses)
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.set_title("training", fontsize=10)
    return axes


# ------------------------------------------------------------------------------ the perceptron widget
PERCEPTRON_START = {"w1": 0.5, "w2": -0.5, "w0": 0.0}
"""Where the widget's line starts (and where "reset" puts it back)."""
PERCEPTRON_LR = 0.1
"""The widget's learning rate η: the points lie on a 0.1 grid, so weights move in steps of 0.01."""


@functools.lru_cache(maxsize=1)
def perceptron_data() -> tuple[np.ndarray, np.ndarray]:
    """The widget's 30 separable points: ``perceptron.make_separable(30, seed=0)`` (read-only arrays).

    Taught in 04 · The perceptron learning rule.
    """
    X, y = perceptron.make_separable(30, seed=0)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def _round(v: float) -> float:
    return float(np.round(v, 2)) + 0.0  # 0.0 turns -0.0 into 0.0


def _as_values(p: perceptron.Perceptron) -> dict:
    return {"w1": _round(p.w[0]), "w2": _round(p.w[1]), "w0": _round(p.w0)}


def press_step(w1: float, w2: float, w0: float) -> dict:
    """The "step" button: one perceptron update from the current line; returns the new slider values.

    The update uses the first point (in order) that is on the wrong side; no change when none is.
    Taught in 04 · The perceptron learning rule.
    """
    X, y = perceptron_data()
    p = perceptron.Perceptron([w1, w2], w0, lr=PERCEPTRON_LR)
    p.step(X, y)
    return _as_values(p)


def press_train(w1: float, w2: float, w0: float, max_updates: int = 200, frames: int = 25):
    """The "train" button: updates until no point is on the wrong side; yields slider values to show.

    Yields at most ``frames`` intermediate lines (evenly spread over the updates), then the last one.
    Taught in 04 · The perceptron learning rule.
    """
    X, y = perceptron_data()
    states = [{"w1": w1, "w2": w2, "w0": w0}]
    for _ in range(check_int(max_updates, "max_updates", low=1)):
        # each update starts from the rounded values the sliders show, as pressing "step" would
        p = perceptron.Perceptron([states[-1]["w1"], states[-1]["w2"]], states[-1]["w0"], lr=PERCEPTRON_LR)
        if p.step(X, y).index is None:
            break
        states.append(_as_values(p))
    keep = np.unique(np.linspace(1, len(states) - 1, min(frames, len(states) - 1)).round().astype(int))
    for i in keep:
        yield states[i]
    if len(states) == 1:
        yield states[0]


def press_reset(w1: float, w2: float, w0: float) -> dict:
    """The "reset" button: back to the starting line :data:`PERCEPTRON_START`.

    Taught in 04 · The perceptron learning rule.
    """
    return dict(PERCEPTRON_START)


def show_perceptron(w1: float = 0.5, w2: float = -0.5, w0: float = 0.0, ax=None):
    """The perceptron widget's body: the 30 points, the line w1·x¹ + w2·x² = w0, and the next update.

    Prints e.g. "w = (0.50, -0.50), w0 = 0.00: 9 of 30 points on the wrong side | next step: point 0
    (label 0, predicted 1) → w = (0.48, -0.51), w0 = 0.10".  Points on the wrong side are ringed in
    red; the point the next step uses has a thick ring.  Returns the axes.
    Taught in 04 · The perceptron learning rule.
    """
    X, y = perceptron_data()
    p = perceptron.Perceptron([w1, w2], w0, lr=PERCEPTRON_LR)
    wrong = p.mistakes(X, y)
    nxt = perceptron.Perceptron([w1, w2], w0, lr=PERCEPTRON_LR).step(X, y)
    head = f"w = ({w1:.2f}, {w2:.2f}), w0 = {w0:.2f}: {len(wrong)} of {len(y)} points on the wrong side"
    if nxt.index is None:
        print(head + " | converged: every point is on its side")
    else:
        w_new = ", ".join(f"{v:.2f}" for v in nxt.w)
        print(
            f"{head} | next step: point {nxt.index} (label {nxt.y}, predicted {nxt.y_hat}) "
            f"→ w = ({w_new}), w0 = {nxt.w0:.2f}"
        )
    ax = new_axes(check_ax(ax), figsize=(4.8, 4.6))
    _shade_line(ax, np.array([w1, w2]), w0, 1.25)
    _points(ax, X, y, size=45)
    if len(wrong):
        ax.scatter(
            X[wrong, 0], X[wrong, 1], s=160, facecolors="none", edgecolors="red", linewidths=1.2, zorder=4
        )
    if nxt.index is not None:
        ax.scatter(*X[nxt.index], s=320, facecolors="none", edgecolors="red", linewidths=2.5, zorder=4)
    if w1 or w2:
        norm = np.hypot(w1, w2)
        foot = np.array([w1, w2]) * w0 / norm**2
        if np.all(np.abs(foot) < 1.2):
            ax.annotate(
                "", foot + np.array([w1, w2]) / norm * 0.35, foot, arrowprops={"arrowstyle": "->", "lw": 1.5}
            )
    ax.set_title(f"{len(wrong)} on the wrong side", fontsize=10)
    ax.legend(title="class", loc="lower right", fontsize=8)
    return ax


def plot_perceptron_run(history, lines, ax=None):
    """Mistakes per epoch of a perceptron run (left) and the line after each epoch (right).

    ``history``: the number of updates in each epoch; ``lines``: [(w, w0), …], the starting line
    (drawn dashed) and then the line after each epoch.
    Taught in 04 · The perceptron learning rule.
    """
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    X, y = perceptron_data()
    ax[0].bar(np.arange(1, len(history) + 1), history, color="#7570b3")
    ax[0].set_xlabel("epoch")
    ax[0].set_ylabel("updates (mistakes) in the epoch")
    ax[0].set_xticks(np.arange(1, len(history) + 1))
    _points(ax[1], X, y, size=40)
    xs = np.linspace(-1.25, 1.25, 2)
    shades = np.linspace(0.75, 0.0, len(lines))
    for k, ((w, w0), g) in enumerate(zip(lines, shades, strict=False)):
        style = {"color": str(g), "lw": 1.4, "ls": "--" if k == 0 else "-"}
        style["label"] = "start" if k == 0 else (f"after epoch {k}" if k in (1, len(lines) - 1) else None)
        if abs(w[1]) > 1e-12:
            ax[1].plot(xs, (w0 - w[0] * xs) / w[1], **style)
        elif abs(w[0]) > 1e-12:
            ax[1].axvline(w0 / w[0], **style)
    ax[1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1))
    ax[1].set_xlim(-1.25, 1.25)
    ax[1].set_ylim(-1.25, 1.25)
    ax[1].set_aspect("equal")
    ax[1].set_title("the line before and after each epoch", fontsize=10)
    return ax


# ------------------------------------------------------------------------------ activations
def plot_activations(lo: float = -5.0, hi: float = 5.0, axes=None):
    """Step, sigmoid, tanh, ReLU, leaky ReLU (α = 0.1, to be visible) and softmax, each with its derivative.

    Softmax's panel shows p₁ of softmax([z, 0]) and ∂p₁/∂z, which equal the sigmoid and its derivative.
    Taught in 04 · Activation functions.
    """
    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(2, 3, figsize=(11, 6))
    z = np.linspace(lo, hi, 401)
    panels = [
        ("step", activations.step(z), activations.step_grad(z)),
        ("sigmoid", activations.sigmoid(z), activations.sigmoid_grad(z)),
        ("tanh", activations.tanh(z), activations.tanh_grad(z)),
        ("ReLU", activations.relu(z), activations.relu_grad(z)),
        ("leaky ReLU (α = 0.1)", activations.leaky_relu(z, 0.1), activations.leaky_relu_grad(z, 0.1)),
    ]
    logits = np.column_stack([z, np.zeros_like(z)])
    panels.append(
        ("softmax([z, 0]) → p₁", activations.softmax(logits)[:, 0], activations.softmax_grad(logits)[:, 0, 0])
    )
    for ax, (name, f, df) in zip(np.ravel(axes), panels, strict=False):
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.plot(z, f, lw=2, label="function")
        ax.plot(z, df, "--", lw=1.5, label="derivative")
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("z")
        ax.grid(alpha=0.3)
    np.ravel(axes)[0].legend(fontsize=8, loc="upper left")
    return axes


# ------------------------------------------------------------------------------ templates
def plot_templates(classifier: perceptron.LinearClassifier, class_names=None, axes=None):
    """Each class's 784 weights as a 28×28 image: red where ink raises the score, blue where it lowers it.

    Taught in 04 · One neuron per class on the digits.
    """
    plt = pyplot()
    templates = classifier.templates()
    k = templates.shape[0]
    names = [str(i) for i in range(k)] if class_names is None else list(class_names)
    if axes is None:
        _, axes = plt.subplots(1, k, figsize=(1.5 * k, 1.9))
    limit = float(np.abs(templates).max()) or 1.0
    for ax, t, name in zip(np.ravel(axes), templates, names, strict=False):
        ax.imshow(t, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_title(name)
        ax.set_xticks([])
        ax.set_yticks([])
    return axes


# ------------------------------------------------------------------------------ universal approximation
def plot_universal_approximation(widths=(1, 3, 10, 40), n_points: int = 400, axes=None):
    """One hidden layer of ReLUs fitting :func:`perceptron.target_curve` as the width grows.

    Prints the largest error for each width.  Taught in 04 · Universal approximation.
    """
    plt = pyplot()
    widths = [check_int(w, "each width in `widths`", low=1, high=10_000) for w in widths]
    if not widths:
        raise CourseInputError("`widths` should hold at least one width, e.g. (1, 3, 10, 40).")
    x = np.linspace(-3, 3, check_int(n_points, "n_points", low=10, high=100_000))
    y = perceptron.target_curve(x)
    if axes is None:
        _, axes = plt.subplots(1, len(widths), figsize=(3.2 * len(widths), 3), sharey=True)
    axes = np.atleast_1d(np.asarray(axes, dtype=object))
    errors = []
    for ax, width in zip(np.ravel(axes), widths, strict=False):
        fit = perceptron.fit_relu_width(x, y, width)
        errors.append(fit.max_error)
        ax.plot(x, y, color="0.6", lw=4, label="target")
        ax.plot(x, fit.predict(x), color="#d95f02", lw=1.5, label="network")
        for knot in fit.knots:
            ax.axvline(knot, color="#7570b3", lw=0.5, alpha=0.5)
        ax.set_title(
            f"{width} hidden ReLU{'s' if width > 1 else ''}: max error {fit.max_error:.3f}", fontsize=9
        )
        ax.set_xlabel("x")
    np.ravel(axes)[0].legend(fontsize=8)
    print("max error by width: " + ", ".join(f"{w} → {e:.3f}" for w, e in zip(widths, errors, strict=False)))
    return axes
