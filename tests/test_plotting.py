"""Tests for utils.plotting: figures are built with the right contents (Agg backend, no display)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from utils import dataset_facts, images, plotting, transforms
from utils.errors import CourseInputError, CourseTypeError
from utils.figures import nb01


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cat():
    from skimage import data

    return data.chelsea()


def _texts(ax):
    return [t.get_text() for t in ax.texts]


# --------------------------------------------------------------------------- show_images
def test_show_images_list_and_stack(cat):
    fig, axes = plotting.show_images([cat, cat[..., 0]], titles=["colour", "red"])
    assert len(axes) == 2 and [a.get_title() for a in axes] == ["colour", "red"]
    gray_im = axes[1].images[0]
    assert gray_im.get_clim() == (0, 255)  # no contrast stretching
    stack = np.zeros((5, 8, 8), np.uint8)
    fig, axes = plotting.show_images(stack, ncols=2)
    assert len(axes) == 6 and sum(bool(a.images) for a in axes) == 5
    fig, axes = plotting.show_images(cat)  # one image alone is fine
    assert len(axes) == 1


def test_show_images_float_and_axes(cat):
    fig, ax = plt.subplots(1, 2)
    out_fig, axes = plotting.show_images([cat / 255.0, cat.astype(np.float64)], axes=ax)
    assert out_fig is fig
    for a in axes:
        shown = a.images[0].get_array()
        assert shown.max() <= 1.0


def test_show_images_messages(cat):
    with pytest.raises(CourseInputError, match="one title per image"):
        plotting.show_images([cat, cat], titles=["one"])
    with pytest.raises(CourseInputError, match="empty"):
        plotting.show_images([])
    with pytest.raises(CourseTypeError, match="list of images"):
        plotting.show_images("cat.png")
    with pytest.raises(CourseTypeError, match="whole number"):
        plotting.show_images([cat], ncols="two")


# --------------------------------------------------------------------------- pixel grid
@settings(max_examples=15, deadline=None)
@given(st.tuples(st.integers(1, 10), st.integers(1, 10)).flatmap(lambda s: arrays(np.uint8, s)))
def test_pixel_grid_one_number_per_pixel(region):
    ax = plotting.show_pixel_grid(region)
    texts = _texts(ax)
    assert len(texts) == region.size
    assert texts[0] == str(region[0, 0])
    plt.close(ax.figure)


def test_pixel_grid_text_colour_contrasts():
    region = np.array([[0, 255]], np.uint8)
    ax = plotting.show_pixel_grid(region)
    colours = [t.get_color() for t in ax.texts]
    assert colours == ["white", "black"]  # light text on dark pixels, and vice versa


def test_pixel_grid_colour_region(cat):
    region = images.pixel_region(cat, 100, 150, 4)
    ax = plotting.show_pixel_grid(region, origin=(100, 150))
    texts = _texts(ax)
    assert len(texts) == 16
    r, g, b = region[0, 0]
    assert texts[0].split("\n") == [str(r), str(g), str(b)]
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["150", "151"]
    ax = plotting.show_pixel_grid(region, channel="G")
    assert _texts(ax)[0] == str(g) and len(ax.texts) == 16


def test_pixel_grid_float_values():
    ax = plotting.show_pixel_grid(np.array([[0.25, 1.0]]))
    assert _texts(ax) == ["0.25", "1.00"]


def test_pixel_grid_messages(cat):
    with pytest.raises(CourseInputError, match="too many numbers"):
        plotting.show_pixel_grid(cat)
    with pytest.raises(CourseInputError, match="grayscale"):
        plotting.show_pixel_grid(np.zeros((3, 3), np.uint8), channel=0)
    with pytest.raises(CourseInputError, match="one of"):
        plotting.show_pixel_grid(cat[:3, :3], channel="X")
    with pytest.raises(CourseTypeError, match="Axes"):
        plotting.show_pixel_grid(cat[:3, :3], ax="left")
    with pytest.raises(CourseTypeError, match="NumPy array"):
        plotting.show_pixel_grid(None)


# --------------------------------------------------------------------------- channels
def test_show_channels(cat):
    fig, axes = plotting.show_channels(cat)
    assert axes.shape == (2, 4)
    red_tint = axes[0, 1].images[0].get_array()
    assert np.allclose(red_tint[..., 1:], 0)  # only the red primary is lit
    assert np.array_equal(axes[1, 3].images[0].get_array(), cat[..., 2])
    assert "B channel" in axes[1, 3].get_title()
    with pytest.raises(CourseInputError, match="one channel"):
        plotting.show_channels(cat[..., 0])
    with pytest.raises(CourseInputError, match="2 x 4"):
        plotting.show_channels(cat, axes=plt.subplots(1, 2)[1])


# --------------------------------------------------------------------------- charts
def test_plot_distances(cat):
    rows = [{"change": "darker", "l1": 10.0, "l2": 3.0}, {"change": "other photo", "l1": 20.0, "l2": 5.0}]
    ax = nb01.plot_distances(rows)
    assert len(ax.patches) == 2
    assert [t.get_text() for t in ax.get_yticklabels()] == ["darker", "other photo"]
    assert any("5" in t for t in _texts(ax))
    with pytest.raises(CourseTypeError, match="challenge_distances"):
        nb01.plot_distances([{"name": "x"}])
    with pytest.raises(CourseInputError, match="one of"):
        nb01.plot_distances(rows, metric="l3")


def test_plot_dataset_sizes():
    fig, axes = nb01.plot_dataset_sizes()
    assert len(axes) == 2
    for ax in axes:
        assert ax.get_yscale() == "log"
        assert len(ax.patches) == len(dataset_facts.DATASETS)
    assert "1.573T" in _texts(axes[1])
    with pytest.raises(CourseTypeError, match="list of dicts"):
        nb01.plot_dataset_sizes("ImageNet")


# --------------------------------------------------------------------------- widget functions
def test_inspect_pixels(cat, capsys):
    fig = nb01.inspect_pixels(cat, 10, 20, 5)
    line = capsys.readouterr().out.strip()
    assert line.startswith("rows 10-14, columns 20-24 (5 x 5 pixels): mean (R, G, B) = (")
    zoom = fig.axes[1]
    assert len(zoom.texts) == 25
    fig = nb01.inspect_pixels(cat, 298, 449, 8, channel="R")  # clipped at the corner
    assert "rows 298-299, columns 449-450 (2 x 2 pixels): mean R =" in capsys.readouterr().out
    gray = cat[..., 0]
    nb01.inspect_pixels(gray, 0, 0, 3)
    expected = f"mean value = {gray[:3, :3].mean():.1f}"
    assert expected in capsys.readouterr().out
    with pytest.raises(CourseInputError, match="grayscale"):
        nb01.inspect_pixels(gray, 0, 0, 3, channel="R")
    with pytest.raises(CourseInputError, match="between 0 and 299"):
        nb01.inspect_pixels(cat, 999, 0, 3)


@pytest.mark.parametrize("view", images.COLOUR_VIEWS)
def test_show_colour_view(cat, view, capsys):
    fig = nb01.show_colour_view(cat, view)
    assert fig.axes[0].get_title() == view
    assert capsys.readouterr().out.startswith(f"{view}: ")


def test_show_challenge(cat, capsys):
    from skimage import data

    other = images.resize_to(data.coffee(), cat.shape)
    fig = nb01.show_challenge(cat, "occlusion", 0.5, reference=other)
    out = capsys.readouterr().out
    l2 = images.pixel_distance(cat, transforms.occlusion(cat, 0.5), "l2")
    assert out.startswith("occlusion at strength 0.50: L1 = ") and f"L2 = {l2:,.1f}" in out
    assert "a different image: L2 = " in out
    assert len(fig.axes) >= 3
    nb01.show_challenge(cat, "viewpoint", 0.0)
    assert "L1 = 0, L2 = 0.0" in capsys.readouterr().out
    with pytest.raises(CourseInputError, match="one of"):
        nb01.show_challenge(cat, "blur", 0.5)
    with pytest.raises(CourseInputError, match="resize_to"):
        nb01.show_challenge(cat, "scale", 0.5, reference=data.coffee())
