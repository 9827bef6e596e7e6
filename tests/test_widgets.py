import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from utils import images, widgets
from utils.errors import CourseInputError, CourseTypeError
from utils.figures import nb00


def _png_bytes(shape=(4, 5, 3)):
    buf = io.BytesIO()
    Image.fromarray(np.full(shape, 200, np.uint8)).save(buf, format="PNG")
    return buf.getvalue()


def test_uploaded_files_ipywidgets7_format():
    value = {"cat.png": {"metadata": {"name": "cat.png", "size": 3}, "content": b"abc"}}
    assert widgets.uploaded_files(value) == [("cat.png", b"abc")]


def test_uploaded_files_ipywidgets8_format():
    value = ({"name": "cat.png", "type": "image/png", "size": 3, "content": memoryview(b"abc")},)
    assert widgets.uploaded_files(value) == [("cat.png", b"abc")]


def test_uploaded_files_reads_the_widget_itself():
    class Upload:
        value = ()

    assert widgets.uploaded_files(Upload()) == []


def test_uploaded_files_rejects_other_things():
    with pytest.raises(CourseTypeError, match="FileUpload"):
        widgets.uploaded_files(42)
    with pytest.raises(CourseTypeError, match="'name' and 'content'"):
        widgets.uploaded_files(["cat.png"])


def test_decode_image_png_and_grayscale():
    assert widgets.decode_image(_png_bytes()).shape == (4, 5, 3)
    assert widgets.decode_image(_png_bytes((4, 5))).shape == (4, 5, 3)


@pytest.mark.parametrize("data, phrase", [(b"", "empty"), (b"%PDF-1.4 not a photo", "not an image")])
def test_decode_image_rejects_non_images(data, phrase):
    with pytest.raises(CourseInputError, match=phrase):
        widgets.decode_image(data, "notes.pdf")


def test_decode_image_type_error():
    with pytest.raises(CourseTypeError, match="bytes"):
        widgets.decode_image("cat.png")


def test_threshold_counts_bright_pixels():
    img = np.array([[0, 100], [200, 255]], np.uint8)
    mask, fraction = images.threshold(img, 150)
    assert mask.tolist() == [[False, False], [True, True]] and fraction == 0.5


@pytest.mark.parametrize(
    "image, level, err, phrase",
    [
        (np.zeros((4, 4, 3)), 10, CourseInputError, "grayscale"),
        (np.zeros((4, 4)), 300, CourseInputError, "between 0 and 255"),
        (np.zeros((4, 4)), "10", CourseTypeError, "whole number"),
        ("photo.png", 10, CourseTypeError, "NumPy array"),
    ],
)
def test_threshold_bad_input(image, level, err, phrase):
    with pytest.raises(err, match=phrase):
        images.threshold(image, level)


def test_show_threshold_prints_readout(capsys):
    nb00.show_threshold(np.arange(256, dtype=np.uint8).reshape(16, 16), 127)
    assert capsys.readouterr().out.strip() == "level 127: 50.0% of pixels are brighter"


def test_live_wires_controls_to_the_function():
    import ipywidgets as w

    seen = []
    box = widgets.live(lambda k: seen.append(k), k=w.IntSlider(value=2, min=1, max=5))
    assert isinstance(box, w.VBox) and isinstance(box.children[0].children[0], w.IntSlider)
    box.children[0].children[0].value = 4
    assert seen[-1] == 4


def test_live_rejects_non_widgets():
    with pytest.raises(CourseTypeError, match="k"):
        widgets.live(lambda k: None, k=3)
    with pytest.raises(CourseTypeError, match="function"):
        widgets.live("show", k=3)


@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 12), st.integers(1, 12))), st.integers(0, 255))
def test_threshold_properties(image, level):
    mask, fraction = images.threshold(image, level)
    assert mask.shape == image.shape and mask.dtype == bool
    assert fraction == pytest.approx((image > level).mean())
    assert images.threshold(image, 255)[1] == 0.0


def test_decode_image_truncated_png_is_reported_as_damaged():
    with pytest.raises(CourseInputError, match="damaged|not in any image format") as info:
        widgets.decode_image(_png_bytes((40, 40, 3))[:60], "cut.png")
    assert "0x" not in str(info.value)
