"""Notebook 02's figures and widget bodies: decision regions, neighbour gallery, cross-validation."""

from __future__ import annotations

import numpy as np

from .. import knn
from .._validate import CourseInputError, CourseTypeError, as_array
from ..metrics import as_labels
from ..plotting import class_colours, new_axes

__all__ = ["plot_decision_regions", "show_decision_regions", "plot_neighbour_gallery", "plot_cv_accuracy"]


def plot_decision_regions(
    points,
    labels,
    k: int = 1,
    metric: str = "l2",
    grid_size: int = 200,
    ax=None,
    title: str | None = None,
    regions: knn.Regions | None = None,
    legend: bool = True,
):
    """Colour the plane by the k-NN prediction; tied cells are grey with hatching.

    points (n, 2), labels (n,).  Returns the axes.  Pass ``regions`` to reuse a computed map;
    ``legend=False`` leaves out the legend (for small panels in a grid).

    Taught in 02 · Decision boundaries.
    """
    ax = new_axes(ax)
    labels = as_labels(labels, "labels")
    reg = regions if regions is not None else knn.decision_regions(points, labels, k, metric, grid_size)
    colours = class_colours(int(labels.max()) + 1)
    rgb = colours[reg.label][..., :3] * 0.45 + 0.55  # pale class colours
    rgb[reg.tie] = (0.62, 0.62, 0.62)
    extent = (reg.xx.min(), reg.xx.max(), reg.yy.min(), reg.yy.max())
    ax.imshow(rgb, origin="lower", extent=extent, interpolation="nearest", aspect="auto")
    if reg.tie.any():
        ax.contourf(reg.xx, reg.yy, reg.tie.astype(float), levels=[0.5, 1.5], colors="none", hatches=["////"])
    pts = np.asarray(points, dtype=float)
    for c in range(len(colours)):
        sel = labels == c
        ax.scatter(
            pts[sel, 0],
            pts[sel, 1],
            s=22,
            color=colours[c],
            edgecolor="black",
            linewidth=0.6,
            label=f"class {c}",
        )
    if legend:
        from matplotlib.patches import Patch

        handles, _ = ax.get_legend_handles_labels()
        if reg.tie.any():
            handles.append(Patch(facecolor=(0.62, 0.62, 0.62), hatch="////", label="tie"))
        ax.legend(handles=handles, loc="upper right", fontsize=7, framealpha=0.8)
    ax.set_title(title if title is not None else f"k = {k}, {knn.metric_name(metric).upper()}")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def show_decision_regions(
    k: int = 1,
    metric: str = "l2",
    n_classes: int = 3,
    n_per_class: int = 15,
    seed: int = 0,
    grid_size: int = 150,
    ax=None,
):
    """The decision-boundary widget's function: toy blobs, their k-NN map, and a one-line readout.

    Prints e.g. "k=4, L2, 3 classes: 2.1 % of the plane is a tied vote (grey)".  Returns the axes.

    Taught in 02 · Decision boundaries.
    """
    points, labels = knn.make_blobs_2d(n_classes, n_per_class, seed)
    reg = knn.decision_regions(points, labels, k, metric, grid_size)
    share = 100.0 * reg.tie.mean()
    print(
        f"k={k}, {knn.metric_name(metric).upper()}, {n_classes} classes: "
        f"{share:.1f} % of the plane is a tied vote (grey)"
    )
    return plot_decision_regions(points, labels, k, metric, ax=ax, regions=reg)


def plot_neighbour_gallery(
    test_images,
    train_images,
    train_labels,
    indices,
    test_labels=None,
    distances=None,
    ax=None,
    cmap: str = "gray",
):
    """One row per test image: the test image, then the k nearest training images that voted.

    test_images (n, H, W); train_images (M, H, W); train_labels (M,); indices (n, k) from
    ``kneighbors`` with the k that voted; distances (n, k) optional.  Neighbour labels are green
    when they match the test label and red when not.  Right of each row: the vote count per label,
    the winner, and whether it was a tie (which the smallest label wins).  Returns the axes.

    Taught in 02 · How good is k-NN on digits?
    """
    tests = as_array(test_images, "test_images", ndim=3, dtype_kind="uifb")
    trains = as_array(train_images, "train_images", ndim=3, dtype_kind="uifb")
    ytr = as_labels(train_labels, "train_labels", n=len(trains))
    idx = as_array(indices, "indices", ndim=2, dtype_kind="ui")
    if len(idx) != len(tests):
        raise CourseInputError(f"`indices` has {len(idx)} rows but there are {len(tests)} test images.")
    n, k = idx.shape
    h, w = tests.shape[1:]
    gap, sep = 2, 8
    height = n * (h + gap + 10)
    width = w + sep + k * (w + gap) + 4 * w
    ax = new_axes(ax, figsize=(1.0 + 0.75 * (k + 5), 0.85 * n + 0.5))
    canvas = np.full((height, width), np.nan)
    for r in range(n):
        top = r * (h + gap + 10) + 10
        canvas[top : top + h, :w] = tests[r]
        for j in range(k):
            left = w + sep + j * (w + gap)
            canvas[top : top + h, left : left + w] = trains[idx[r, j]]
    lo = min(tests.min(), trains.min())
    hi = max(tests.max(), trains.max())
    ax.imshow(np.ma.masked_invalid(canvas), cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
    ax.set_facecolor("white")
    for r in range(n):
        top = r * (h + gap + 10) + 9
        name = f"test: {int(test_labels[r])}" if test_labels is not None else "test"
        ax.text(w / 2, top, name, ha="center", va="bottom", fontsize=7, fontweight="bold")
        for j in range(k):
            lab = int(ytr[idx[r, j]])
            ok = test_labels is None or lab == int(test_labels[r])
            text = f"{lab}" + (f" ({distances[r, j]:.0f})" if distances is not None else "")
            ax.text(
                w + sep + j * (w + gap) + w / 2,
                top,
                text,
                ha="center",
                va="bottom",
                fontsize=7,
                color="green" if ok else "red",
            )
        votes = np.bincount(ytr[idx[r]])
        winner, tie = knn.vote(ytr[idx[r]])
        tally = ", ".join(
            f"{lab}×{c}" for lab, c in sorted(enumerate(votes), key=lambda t: (-t[1], t[0])) if c
        )
        right = test_labels is None or winner == int(test_labels[r])
        verdict = f"votes {tally}\n→ {winner}" + ("  (tie: smallest label wins)" if tie else "")
        ax.text(
            w + sep + k * (w + gap) + 2,
            top + 10 + h / 2,
            verdict,
            ha="left",
            va="center",
            fontsize=7,
            color="green" if right else "red",
            fontweight="bold",
        )
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    voters = "the nearest training image" if k == 1 else f"the {k} nearest training images"
    ax.set_title(f"test image | {voters} (label, distance), who vote | the vote", fontsize=9)
    return ax


def plot_cv_accuracy(scores: dict, ax=None, title: str | None = None, label: str | None = None):
    """Cross-validation accuracy against k: every fold as a dot, mean ± std as error bars.

    scores: {k: (n_folds,) accuracies} from :func:`cross_validate_k`.  Returns the axes.

    Taught in 02 · Hyperparameters: how to choose k and the distance?
    """
    if not isinstance(scores, dict) or not scores:
        raise CourseTypeError("`scores` should be the dict returned by cross_validate_k, {k: accuracies}.")
    ax = new_axes(ax, figsize=(6, 4))
    ks = np.array(list(scores), dtype=float)
    accs = [np.asarray(v, dtype=float) for v in scores.values()]
    for k, a in zip(ks, accs, strict=True):
        ax.scatter(np.full(len(a), k), a, s=10, color="0.6", zorder=1)
    means = np.array([a.mean() for a in accs])
    stds = np.array([a.std() for a in accs])
    ax.errorbar(ks, means, yerr=stds, marker="o", capsize=4, zorder=2, label=label or "mean ± std over folds")
    best = knn.best_k_from_cv(scores)
    ax.axvline(best, color="green", linestyle=":", label=f"best k = {best}")
    ax.set_xticks(ks)
    ax.set_xlabel("k (number of neighbours)")
    ax.set_ylabel("validation accuracy")
    ax.set_title(title or f"{len(accs[0])}-fold cross-validation")
    ax.legend(fontsize=8)
    return ax
