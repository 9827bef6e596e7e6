"""Notebook 00's figures: the threshold widget's body."""

from __future__ import annotations

from .. import images

__all__ = ["show_threshold"]


def show_threshold(image, level: int = 128):
    """Draw the photo beside its thresholded version and print the readout (widget body).

    Taught in 00 · Do widgets work here?
    """
    import matplotlib.pyplot as plt

    mask, fraction = images.threshold(image, level)
    print(f"level {level}: {fraction:.1%} of pixels are brighter")
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.6))
    axes[0].imshow(image, cmap="gray", vmin=0, vmax=255)
    axes[0].set_title("the photo (numbers 0–255)")
    axes[1].imshow(mask, cmap="gray")
    axes[1].set_title(f"pixels > {level}")
    for ax in axes:
        ax.axis("off")
    plt.show()
    return fig
