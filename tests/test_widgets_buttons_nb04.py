"""utils.widgets.live_buttons: buttons that set controls through plain actions (notebook 04's perceptron)."""

from __future__ import annotations

import ipywidgets as w
import pytest

from utils import widgets
from utils.errors import CourseInputError, CourseTypeError


def _parts(box):
    controls_row, buttons_row, out = box.children
    return list(controls_row.children), {b.description: b for b in buttons_row.children}, out


def test_a_press_sets_the_controls_and_redraws_once():
    calls = []

    def show(a, b):
        calls.append((a, b))

    a = w.FloatSlider(value=0.0, min=-5, max=5, step=0.5, description="a")
    b = w.IntSlider(value=1, min=0, max=10, description="b")
    box = widgets.live_buttons(show, {"step": lambda a, b: {"a": a + 0.5, "b": b + 1}}, a=a, b=b)
    controls, buttons, _ = _parts(box)
    assert controls == [a, b] and list(buttons) == ["step"]
    assert calls == [(0.0, 1)]  # drawn once when shown
    buttons["step"].click()
    assert (a.value, b.value) == (0.5, 2)
    assert calls[-1] == (0.5, 2) and len(calls) == 2  # both controls set, one redraw
    a.value = -1.0  # moving a control redraws as live() does
    assert calls[-1] == (-1.0, 2)


def test_an_action_can_give_several_frames():
    calls = []
    a = w.IntSlider(value=0, min=0, max=10, description="a")
    box = widgets.live_buttons(
        lambda a: calls.append(a), {"train": lambda a: ({"a": a + i} for i in (1, 2, 3))}, a=a
    )
    _parts(box)[1]["train"].click()
    assert calls == [0, 1, 2, 3] and a.value == 3


def test_an_action_error_is_shown_not_raised(capsys):
    a = w.IntSlider(value=0, description="a")
    box = widgets.live_buttons(lambda a: None, {"bad": lambda a: {"nope": 1}, "list": lambda a: [3]}, a=a)
    buttons = _parts(box)[1]
    buttons["bad"].click()  # neither raises into the kernel's event loop
    buttons["list"].click()
    assert a.value == 0


def test_bad_arguments():
    a = w.IntSlider(description="a")
    with pytest.raises(CourseTypeError, match="function"):
        widgets.live_buttons(42, {"go": lambda a: {}}, a=a)
    with pytest.raises(CourseTypeError, match="dict"):
        widgets.live_buttons(print, [], a=a)
    with pytest.raises(CourseTypeError, match="label"):
        widgets.live_buttons(print, {"go": 3}, a=a)
    with pytest.raises(CourseTypeError, match="value widgets"):
        widgets.live_buttons(print, {"go": lambda a: {}}, a=3)
    with pytest.raises(CourseInputError, match="not a control"):
        widgets._check_changes({"zzz": 1}, {"a": a})
