"""Notebook 08's figures and widget bodies: the model's input, softmax, the comparison, transfer curves."""

from __future__ import annotations

import numpy as np

from .. import lecture_examples, transfer
from .._validate import as_array, check_int
from ..errors import CourseInputError, CourseTypeError
from ..plotting import class_colours, display_args, new_axes, pyplot

__all__ = [
    "show_model_input",
    "show_softmax",
    "plot_top5",
    "plot_model_comparison",
    "plot_transfer_curves",
    "show_examples",
]


def show_model_input(photo, prepared, size: int = 224):
    """The photo as it is, and as the model gets it (resized to size×size).

    Used in 08 · ImageNet and the model zoo.
    """
    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.4))
    img, kw = display_args(np.asarray(photo))
    axes[0].imshow(img, **kw)
    axes[0].set_title(f"the photo: {photo.shape[0]}×{photo.shape[1]}")
    axes[1].imshow(np.clip(prepared[0], 0, 255).astype(np.uint8), interpolation="nearest")
    axes[1].set_title(f"what the model gets: {size}×{size} (squashed)")
    for ax in axes:
        ax.axis("off")
    fig.tight_layout()
    return fig


def plot_top5(rows, ax=None, title: str = "top-5 classes"):
    """Horizontal bars of ``[(class name, probability, id), …]`` (the deck's table as a picture).

    Used in 08 · ImageNet and the model zoo.
    """
    ax = new_axes(ax, (6, 2.8))
    names = [f"{name} ({i})" for name, _, i in rows][::-1]
    probs = [p for _, p, _ in rows][::-1]
    ax.barh(names, probs, color="tab:blue")
    for y, p in enumerate(probs):
        ax.text(p + 0.01, y, f"{p:.3f}", va="center")
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability")
    ax.set_title(title)
    return ax


def show_softmax(scale: float = 1.0):
    """Widget body: the deck's five logits multiplied by ``scale``, then softmax; prints the top one.

    The logits are log(probability) of deck 001's table (softmax only cares about differences).
    A big scale makes the top class take almost everything; a small one spreads the probability.

    Used in 08 · Logits and softmax (the widget).
    """
    if isinstance(scale, bool) or not isinstance(scale, (int, float, np.floating, np.integer)):
        raise CourseTypeError(f"`scale` should be a number such as 1.0, got {type(scale).__name__}.")
    if not np.isfinite(scale) or scale < 0:
        raise CourseInputError(f"`scale` should be a number ≥ 0, got {scale}.")
    names = [name.split(",")[0] for name, _, _ in lecture_examples.MOBILENET_CAT_TOP5]
    probs = np.array([p for _, p, _ in lecture_examples.MOBILENET_CAT_TOP5])
    logits = np.log(probs) * scale
    out = transfer.softmax(logits)
    print(
        f"scale {scale:.2f}: logits {np.array2string(logits, precision=2)} → softmax gives "
        f"{names[0]} {out[0]:.3f}, {names[-1]} {out[-1]:.3f}"
    )
    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(9, 2.8))
    axes[0].bar(names, logits, color="tab:grey")
    axes[0].set_title("logits (any real numbers)")
    axes[1].bar(names, out, color="tab:blue")
    axes[1].set_ylim(0, 1)
    axes[1].set_title("softmax (≥ 0, adds up to 1)")
    for ax in axes:
        ax.tick_params(axis="x", labelrotation=30)
    fig.tight_layout()
    plt.show()


def plot_model_comparison(rows, ax=None):
    """Parameters (millions, log scale) against measured milliseconds per image, one dot per model.

    Used in 08 · A model comparison.
    """
    if not isinstance(rows, list) or not rows:
        raise CourseTypeError("`rows` should be the list transfer.compare_models() returns.")
    ax = new_axes(ax, (5.5, 3.8))
    colours = class_colours(len(rows))
    for row, colour in zip(rows, colours, strict=True):
        ax.scatter(row["ms"], row["params"] / 1e6, s=60 + 4 * row["size_mb"] ** 0.8, color=colour)
        ax.annotate(
            f"{row['model']}\ntop-1 {row['top1']:.1%}",
            (row["ms"], row["params"] / 1e6),
            fontsize=8,
            xytext=(6, 4),
            textcoords="offset points",
        )
    ax.set_yscale("log")
    ax.set_xlabel("CPU milliseconds per image (measured here)")
    ax.set_ylabel("parameters (millions)")
    ax.set_title("bigger is slower, not always better")
    ax.margins(x=0.25, y=0.3)
    return ax


def plot_transfer_curves(results, ax=None):
    """Test accuracy against examples per new class, one line per method (the offline experiment).

    Used in 08 · Transfer that works offline.
    """
    if not isinstance(results, transfer.TransferResults):
        raise CourseTypeError("`results` should come from transfer.run_transfer_experiment(...).")
    ax = new_axes(ax, (6, 4))
    for method, colour, marker in zip(
        transfer.METHODS, ("tab:grey", "tab:blue", "tab:orange"), "osD", strict=True
    ):
        ns = list(results.ns)
        means = [results.mean(method, n) for n in ns]
        ax.plot(ns, means, marker=marker, color=colour, label=method)
        if len(results.seeds) > 1:
            spread = [np.std(results.scores[method][n]) for n in ns]
            ax.errorbar(ns, means, yerr=spread, color=colour, capsize=3, linestyle="none")
    ax.axhline(0.2, color="black", linestyle=":", linewidth=1, label="guessing (5 classes)")
    ax.set_xscale("log")
    ax.set_xticks(list(results.ns), [str(n) for n in results.ns])
    ax.set_ylim(0, 1)
    ax.set_xlabel("training examples per new class")
    ax.set_ylabel("test accuracy (classes 5–9)")
    ax.set_title(f"same {results.steps} gradient steps for every method")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def show_examples(x, y, class_names, n_per_class: int = 1):
    """The first ``n_per_class`` training images of each class, titled with its name.

    Used in 08 · Transfer that works offline.
    """
    x = as_array(x, "x")
    n_per_class = check_int(n_per_class, "n_per_class", low=1)
    plt = pyplot()
    picks = [i for c in range(len(class_names)) for i in np.flatnonzero(np.asarray(y) == c)[:n_per_class]]
    fig, axes = plt.subplots(1, len(picks), figsize=(1.6 * len(picks), 1.9))
    for ax, i in zip(np.atleast_1d(axes), picks, strict=True):
        img, kw = display_args(x[i])
        ax.imshow(img, **kw)
        ax.set_title(class_names[int(y[i])], fontsize=8)
        ax.axis("off")
    fig.tight_layout()
    return fig
