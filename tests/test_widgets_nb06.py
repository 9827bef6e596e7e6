"""Notebook 06's kernel editor (utils.figures.nb06.kernel_editor) and its plain drawing functions.

Runs with whichever ipywidgets is installed (8 in .venv, 7.7.1 in .venv-colab): the controls are
driven the way a learner's clicks would, by setting their values.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import convolution  # noqa: E402
from utils import lecture_examples as L  # noqa: E402
from utils.errors import CourseInputError  # noqa: E402
from utils.figures import nb06 as figures  # noqa: E402

pytest.importorskip("ipywidgets")

PHOTO = (np.random.RandomState(0).rand(24, 30, 3) * 255).astype(np.uint8)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _editor(**kwargs):
    return figures.kernel_editor(PHOTO, **kwargs).editor


def _labels(editor):
    return [c.description for row in editor.cells for c in row if c.description]


def test_controls_have_the_labels_the_browser_test_uses():
    e = _editor()
    assert _labels(e) == [f"r{r}c{c}" for r in (1, 2, 3) for c in (1, 2, 3)]
    names = [e.preset, e.size, e.stride, e.padding, e.mode, e.row, e.col]
    assert [w.description for w in names] == ["preset", "size", "stride", "padding", "image", "row", "column"]


def test_preset_fills_the_cells_and_changes_the_readout(capsys):
    e = _editor(preset="identity")
    capsys.readouterr()
    e.preset.value = "sobel x"
    assert [c.value for c in e.visible()[1]] == ["-2", "0", "2"]
    assert "sobel x 3×3" in capsys.readouterr().out
    np.testing.assert_array_equal(e.kernel, convolution.KERNELS["sobel x"])
    e.preset.value = "box blur"
    assert e.visible()[0][0].value == "1/9"


def test_editing_a_cell_changes_the_kernel(capsys):
    e = _editor(preset="identity")
    e.visible()[1][1].value = "2"
    assert e.kernel[1, 1] == 2 and e.name == "edited"
    assert "edited 3×3" in capsys.readouterr().out


def test_text_that_is_not_a_number_keeps_the_last_good_kernel(capsys):
    e = _editor(preset="sharpen")
    before = e.kernel.copy()
    e.visible()[0][1].value = "abc"
    np.testing.assert_array_equal(e.kernel, before)
    assert "not a number" in e.message.value and "last good kernel" in e.message.value
    assert "✘ Cell (row 1, column 2)" in capsys.readouterr().out
    e.visible()[0][1].value = "-2"  # fixed: the message goes, the kernel updates
    assert e.message.value == "" and e.kernel[0, 1] == -2


def test_size_five_shows_twenty_five_cells():
    e = _editor(preset="sobel y")
    e.size.value = 5
    assert len(_labels(e)) == 25 and e.kernel.shape == (5, 5)
    assert [c.value for c in e.visible()[1]] == ["0", "-1", "-2", "-1", "0"]
    e.size.value = 3
    assert len(_labels(e)) == 9


def test_stride_padding_colour_and_pixel(capsys):
    e = _editor(preset="laplacian")
    e.stride.value = 2
    assert "output 12×15" in capsys.readouterr().out
    e.padding.value = "valid"  # (24 - 3)/2 + 1 is not a whole number: said, not raised
    assert "does not fit" in e.message.value
    e.stride.value = 1
    assert e.message.value == ""
    assert "output 22×28" in capsys.readouterr().out
    e.mode.value = "colour"
    e.row.value, e.col.value = 3, 4
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert "colour" in out and "pixel (row 3, column 4)" in out and "R " in out
    assert e.row.max == 21 and e.col.max == 27


def test_show_convolution_readout_matches_the_arithmetic(capsys):
    gray = PHOTO[..., 0]
    out = figures.show_convolution(gray, L.XO_FILTERS[0], stride=1, padding="valid", row=2, col=5, name="f1")
    line = capsys.readouterr().out.strip()
    total = convolution.explain_pixel(gray, L.XO_FILTERS[0], 2, 5).total
    assert line.startswith("f1 3×3 · stride 1 · padding valid · grayscale: input 24×30 → output 22×28")
    assert line.endswith(f"patch × kernel = {total:.1f}") and np.isclose(out[2, 5], total)


def test_unknown_preset_and_size():
    with pytest.raises(CourseInputError):
        figures.kernel_editor(PHOTO, preset="blurry")
    with pytest.raises(CourseInputError):
        figures.kernel_editor(PHOTO, size=4)


def test_cell_text():
    assert [figures.cell_text(v) for v in (2, -1.0, 1 / 9, 2 / 16, 0.3)] == ["2", "-1", "1/9", "2/16", "0.3"]


def test_the_notebook_figures_draw():
    figures.show_sliding_window(L.CONV_IMAGE_DECK002, L.CONV_KERNEL_DECK002, 1, 1, stride=2, padding=1)
    r = figures.show_xo_stages(L.XO_X, L.XO_FILTERS)
    assert r.pooled.shape == (3, 4, 4)
    weights = convolution.xo_vote_weights({"X": L.XO_X, "O": L.XO_O}, L.XO_FILTERS)
    figures.show_votes({"X": L.XO_X, "O": L.XO_O}, L.XO_FILTERS, weights)
    figures.show_kernels_on_photo(PHOTO, ["identity", "sobel x"])
    mx, av = figures.show_pooling(np.arange(25.0).reshape(5, 5), padding="same")
    assert mx.shape == av.shape == (3, 3)
    maps = figures.show_activation_stack(PHOTO / 255.0, np.ones((3, 3, 3, 2)))
    assert maps.shape == (22, 28, 2)


def test_plot_kernels_takes_every_layout():
    from utils import plotting

    assert len(plotting.plot_kernels(convolution.KERNELS["sobel x"])) == 1
    assert len(plotting.plot_kernels(np.random.rand(3, 3, 6), titles=list("abcdef"))) == 6
    assert len(plotting.plot_kernels(np.random.randn(5, 5, 1, 16))) == 16  # Keras layout, one channel
    assert len(plotting.plot_kernels(np.random.randn(3, 3, 3, 4))) == 4  # colour filters, shown in RGB
    assert len(plotting.plot_kernels(np.random.randn(3, 3, 2, 4), channel=1)) == 4
    fig = plt.figure()
    assert len(plotting.plot_kernels(np.ones((3, 3, 2)), ax=fig)) == 2
    _, axes = plt.subplots(1, 3)
    assert len(plotting.plot_kernels(np.ones((3, 3, 2)), ax=axes, colorbar=False)) == 2
    with pytest.raises(CourseInputError, match="one title per kernel"):
        plotting.plot_kernels(np.ones((3, 3, 2)), titles=["only one"])
    with pytest.raises(CourseInputError, match="one Axes per kernel"):
        plotting.plot_kernels(np.ones((3, 3, 2)), ax=axes[:1])
    with pytest.raises(CourseInputError):
        plotting.plot_kernels(np.ones(3))
