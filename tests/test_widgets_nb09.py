"""Notebook 09's upload handling and widget bodies (utils.widgets.decode_image's max_side,
utils.figures.nb09): good files are added, bad ones get a line each and nothing else is lost."""

from __future__ import annotations

import datetime
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from utils import teachable, widgets  # noqa: E402
from utils.errors import CourseInputError  # noqa: E402
from utils.figures import nb09  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _image_bytes(colour, shape=(40, 60), fmt="PNG"):
    buf = io.BytesIO()
    Image.fromarray(np.full((*shape, 3), colour, np.uint8)).save(buf, format=fmt)
    return buf.getvalue()


_WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _v8(*files):
    return tuple(
        {"name": n, "type": "image/png", "size": len(d), "content": memoryview(d), "last_modified": _WHEN}
        for n, d in files
    )


def _v7(*files):
    return {n: {"metadata": {"name": n, "size": len(d)}, "content": d} for n, d in files}


def embed(images):
    """Mean colour of each image: enough to tell red from blue."""
    return np.array([np.asarray(im, dtype=float).reshape(-1, 3).mean(0) + 1 for im in images], np.float32)


RED, BLUE = (220, 20, 20), (20, 20, 220)


# ------------------------------------------------------------------------- decoding
def test_decode_image_shrinks_large_photos():
    big = _image_bytes(RED, shape=(900, 1600), fmt="JPEG")
    assert widgets.decode_image(big).shape == (900, 1600, 3)
    small = widgets.decode_image(big, max_side=400)
    assert max(small.shape[:2]) <= 400 and small.shape[2] == 3
    assert widgets.decode_image(_image_bytes(RED), max_side=400).shape == (40, 60, 3)  # small ones stay


def test_decode_image_refuses_a_decompression_bomb(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(CourseInputError, match="too many pixels"):
        widgets.decode_image(_image_bytes(RED, shape=(40, 60)), "huge.png")


# ------------------------------------------------------------------------- read_uploads
@pytest.mark.parametrize("wrap", [_v7, _v8])
def test_read_uploads_keeps_good_files_and_explains_bad_ones(wrap):
    png = _image_bytes(RED)
    value = wrap(
        ("red.png", png), ("notes.pdf", b"%PDF-1.4 hello"), ("cut.png", png[:60]), ("empty.png", b"")
    )
    images, names, problems = nb09.read_uploads(value)
    assert names == ["red.png"] and images[0].shape == (40, 60, 3)
    assert len(problems) == 3
    assert "notes.pdf" in problems[0] and "not an image" in problems[0]
    assert "cut.png" in problems[1] and "damaged" in problems[1]
    assert "empty" in problems[2]


def test_read_uploads_refuses_huge_files_before_decoding():
    value = _v8(("huge.jpg", b"\xff\xd8" + b"0" * 2000), ("ok.png", _image_bytes(BLUE)))
    images, names, problems = nb09.read_uploads(value, max_bytes=1000)
    assert names == ["ok.png"] and "too large" in problems[0] and "huge.jpg" in problems[0]


# ------------------------------------------------------------------------- the collect panel
def test_collect_adds_chosen_photos_once_to_the_named_class(capsys):
    machine = teachable.TeachableMachine(embed, name="mean colour")
    assert "type a class name" in nb09.collect(machine, "", ())
    assert "go to 'red'" in nb09.collect(machine, "red", ())
    photos = _v8(("a.png", _image_bytes(RED)), ("b.png", _image_bytes((200, 40, 30))))
    assert "added 2 example(s) to 'red'" in nb09.collect(machine, "red", photos)
    # typing another name does not add the same photos again
    assert "go to 'blue'" in nb09.collect(machine, "blue", photos)
    assert machine.store.counts() == {"red": 2}
    nb09.collect(machine, "blue", _v7(("c.png", _image_bytes(BLUE)), ("x.txt", b"hello")))
    assert machine.store.counts() == {"red": 2, "blue": 1}
    assert "skipped x.txt" in capsys.readouterr().out


def test_collect_without_a_name_or_images_adds_nothing():
    machine = teachable.TeachableMachine(embed)
    assert "no class name" in nb09.collect(machine, "  ", _v8(("a.png", _image_bytes(RED))))
    assert "nothing added" in nb09.collect(machine, "red", _v8(("a.pdf", b"%PDF")))
    assert len(machine.store) == 0


def test_remove_example_action_and_its_readout():
    machine = teachable.TeachableMachine(embed)
    machine.add_images("red", [np.full((4, 4, 3), RED, np.uint8)] * 2)
    assert nb09.remove_example(machine, example=1) == {}
    assert "removed example 1" in nb09.collect(machine, "red", (), example=1)
    nb09.remove_example(machine, example=5)
    assert "nothing removed" in nb09.collect(machine, "red", ())
    assert machine.store.counts() == {"red": 1}


def test_the_collect_panel_with_live_buttons():
    import ipywidgets as w

    machine = teachable.TeachableMachine(embed)
    machine.add_images("red", [np.full((4, 4, 3), RED, np.uint8)] * 3)
    example = w.BoundedIntText(value=2, min=0, max=999, description="example")
    box = widgets.live_buttons(
        lambda **v: nb09.collect(machine, **v),
        {"remove example": lambda **v: nb09.remove_example(machine, **v)},
        class_name=w.Text(description="class name"),
        photos=w.FileUpload(description="add photos"),
        example=example,
    )
    box.children[1].children[0].click()
    assert machine.store.counts() == {"red": 2}


# ------------------------------------------------------------------------- classify panel
def test_show_prediction_default_upload_and_bad_upload(capsys):
    machine = teachable.TeachableMachine(embed)
    machine.add_images("red", [np.full((8, 8, 3), RED, np.uint8)] * 2)
    machine.add_images("blue", [np.full((8, 8, 3), BLUE, np.uint8)] * 2)
    default = np.full((5, 5, 3), RED, np.uint8)
    assert nb09.show_prediction(machine, (), k=3, default=default, default_name="built-in").label == "red"
    assert "prediction: red" in capsys.readouterr().out
    pred = nb09.show_prediction(machine, _v8(("sky.png", _image_bytes(BLUE))), k=1, default=default)
    assert pred.label == "blue" and "photo: sky.png" in capsys.readouterr().out
    pred = nb09.show_prediction(machine, _v7(("bad.png", b"not really")), k=1, default=default)
    out = capsys.readouterr().out
    assert pred.label == "red" and "bad.png" in out and "built-in example instead" in out
    assert nb09.show_prediction(teachable.TeachableMachine(embed), (), default=default) is None


def test_take_photo_says_to_upload_when_not_on_colab(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    with pytest.raises(CourseInputError, match="Colab only"):
        nb09.take_photo()


def test_plots_draw():
    machine = teachable.TeachableMachine(embed)
    assert nb09.plot_store(machine.store) is not None  # empty store
    machine.add_images("red", [np.full((8, 8, 3), RED, np.uint8)])
    nb09.plot_store(machine.store)
    nb09.plot_confidences(machine.classify_image(np.zeros((3, 3, 3), np.uint8), k=1))
    nb09.plot_few_shot({"pixels": [0.4, 0.5], "embeddings": [0.7, 0.8]})
    nb09.plot_regression([0, 1, 2], [0.1, 0.9, 2.2], label="size")


def test_the_classify_panel_reacts_to_an_upload(capsys):
    """The notebook's wiring: live(show_prediction, photo=FileUpload, k=IntSlider), ipywidgets 7 or 8."""
    import functools

    import ipywidgets as w

    machine = teachable.TeachableMachine(embed)
    machine.add_images("red", [np.full((8, 8, 3), RED, np.uint8)] * 2)
    machine.add_images("blue", [np.full((8, 8, 3), BLUE, np.uint8)] * 2)
    upload = w.FileUpload(accept="image/*", description="photo to classify")
    k = w.IntSlider(value=1, min=1, max=4, description="k")
    fn = functools.partial(nb09.show_prediction, machine, default=np.full((4, 4, 3), RED, np.uint8))
    widgets.live(fn, photo=upload, k=k)
    assert "prediction: red" in capsys.readouterr().out
    png = _image_bytes(BLUE)
    if isinstance(upload.value, dict):  # ipywidgets 7: value is read-only, set from the browser
        upload.set_trait("value", _v7(("sky.png", png)))
    else:
        upload.value = _v8(("sky.png", png))
    out = capsys.readouterr().out
    assert "prediction: blue" in out and "sky.png" in out
    k.value = 3
    assert "3 nearest" in capsys.readouterr().out
