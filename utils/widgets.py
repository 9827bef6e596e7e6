"""ipywidgets helpers that work the same on ipywidgets 7 (Colab) and 8 (JupyterLab).

Every widget in the course sits on a plain function that can be called (and tested) without a
widget; the helpers here only wire controls to such a function.
"""

from __future__ import annotations

import io

import numpy as np

from ._validate import CourseInputError, CourseTypeError, describe

__all__ = ["live", "live_buttons", "uploaded_files", "decode_image"]


def live(fn, **controls):
    """Show ``controls`` and an output area that re-runs ``fn(**values)`` whenever one changes.

    ``controls`` maps each keyword argument of ``fn`` to an ipywidgets control.  Returns the box
    (already displayed).  Uses only ``interactive_output``, present in ipywidgets 7 and 8.

    Used in 00 · Do widgets work here? (and by every widget of the course).
    """
    import ipywidgets as w
    from IPython.display import display

    if not callable(fn):
        raise CourseTypeError(
            f"`fn` should be a function to call when a control changes, got {describe(fn)}."
        )
    bad = [k for k, c in controls.items() if not isinstance(c, w.ValueWidget)]
    if bad:
        raise CourseTypeError(
            f"These controls are not ipywidgets value widgets: {', '.join(bad)}. "
            f"Pass e.g. ipywidgets.IntSlider(...) for each argument of {fn.__name__}."
        )
    out = w.interactive_output(fn, controls)
    row = w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap"))
    box = w.VBox([row, out])
    display(box)
    return box


def _check_buttons(w, fn, buttons, controls):
    """The input checks of :func:`live_buttons`."""
    if not callable(fn):
        raise CourseTypeError(
            f"`fn` should be a function to call when a control changes, got {describe(fn)}."
        )
    if not isinstance(buttons, dict) or not buttons:
        raise CourseTypeError(
            f"`buttons` should be a dict {{label: action}} with at least one button, got {describe(buttons)}."
        )
    bad = [str(k) for k, a in buttons.items() if not isinstance(k, str) or not callable(a)]
    if bad:
        raise CourseTypeError(
            f"Each button needs a text label and a function to call; check: {', '.join(bad)}."
        )
    bad = [k for k, c in controls.items() if not isinstance(c, w.ValueWidget)]
    if bad:
        raise CourseTypeError(
            f"These controls are not ipywidgets value widgets: {', '.join(bad)}. "
            f"Pass e.g. ipywidgets.IntSlider(...) for each argument of {fn.__name__}."
        )


def _check_changes(changes, controls):
    """What a button's action returned must name some of the controls."""
    if not isinstance(changes, dict):
        raise CourseTypeError(
            f"A button's action should give a dict of new control values, got {describe(changes)}."
        )
    unknown = [k for k in changes if k not in controls]
    if unknown:
        raise CourseInputError(
            f"A button's action set {', '.join(map(str, unknown))}, which is not a control here."
        )


def live_buttons(fn, buttons, **controls):
    """Like :func:`live`, plus buttons that set controls: a press runs an action, then ``fn`` again.

    ``buttons`` maps each button's label to an action, a plain function called with the current
    control values (``action(**values)``) that returns a dict of new values for some controls, or an
    iterable of such dicts, shown one after another (e.g. one training step after the next).  The
    controls an action changes are set together and ``fn`` then runs once; moving a control re-runs
    ``fn`` as with :func:`live`.  An action's error is shown in the output area.  Returns the box
    (already displayed): the controls, then the buttons, then the output.

    Used in 04 · The perceptron learning rule (the step / train buttons); tested in
    tests/test_widgets_buttons_nb04.py.
    """
    import ipywidgets as w
    from IPython.display import display
    from ipywidgets.widgets.interaction import show_inline_matplotlib_plots

    _check_buttons(w, fn, buttons, controls)
    out = w.Output()
    quiet = []

    def values():
        return {k: c.value for k, c in controls.items()}

    def redraw(*_):
        if quiet:
            return
        with out:
            out.clear_output(wait=True)
            fn(**values())
            show_inline_matplotlib_plots()

    def apply(changes):
        _check_changes(changes, controls)
        quiet.append(True)
        try:
            for k, v in changes.items():
                controls[k].value = v
        finally:
            quiet.pop()
        redraw()

    def handler(action):
        def on_click(_button):
            try:
                result = action(**values())
                for changes in [result] if isinstance(result, dict) else result:
                    apply(changes)
            except Exception as exc:  # shown under the figure instead of vanishing into the kernel's log
                with out:
                    print(f"{type(exc).__name__}: {exc}")

        return on_click

    row_buttons = []
    for label, action in buttons.items():
        button = w.Button(description=label)
        button.on_click(handler(action))
        row_buttons.append(button)
    for control in controls.values():
        control.observe(redraw, names="value")
    box = w.VBox(
        [
            w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")),
            w.HBox(row_buttons),
            out,
        ]
    )
    display(box)
    redraw()
    return box


def uploaded_files(upload) -> list[tuple[str, bytes]]:
    """The files in a ``FileUpload`` (or its ``.value``) as ``[(file name, bytes), …]``.

    ipywidgets 7 stores ``{name: {"metadata": {...}, "content": bytes}}``; ipywidgets 8 stores a
    tuple of ``{"name": ..., "content": memoryview, ...}``.  Both come out the same here.

    Used in 09 · Collect examples into named classes (the upload widgets); tested in
    tests/test_widgets.py and tests/test_widgets_nb09.py.
    """
    value = getattr(upload, "value", upload)
    files = []
    if isinstance(value, dict):  # ipywidgets 7
        for name, item in value.items():
            content = item.get("content", b"") if isinstance(item, dict) else item
            files.append((str(name), bytes(content)))
    elif isinstance(value, (tuple, list)):  # ipywidgets 8
        for item in value:
            if not isinstance(item, dict) or "content" not in item:
                raise CourseTypeError(
                    "Each uploaded file should be a dict with 'name' and 'content'; "
                    f"got {type(item).__name__}. Pass the FileUpload widget itself."
                )
            files.append((str(item.get("name", "upload")), bytes(item["content"])))
    else:
        raise CourseTypeError(f"Expected a FileUpload widget or its value, got {type(value).__name__}.")
    return files


def decode_image(data: bytes, name: str = "the upload", max_side: int | None = None) -> np.ndarray:
    """Decode image file bytes (PNG, JPEG, …) into an (H, W, 3) uint8 RGB array.

    A file that is not an image gives a message saying what to upload instead.  ``max_side``: a
    photo larger than that on its longer side is shrunk to it while it is read (JPEGs are then
    never decoded at full size); a picture too large to be a photo at all gives a message.

    Used in 09 · Collect examples into named classes (the upload widgets); tested in
    tests/test_widgets.py and tests/test_widgets_nb09.py.
    """
    from PIL import Image, UnidentifiedImageError

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise CourseTypeError(f"`data` should be the bytes of an image file, got {type(data).__name__}.")
    if len(data) == 0:
        raise CourseInputError(f"{name} is empty (0 bytes). Upload a photo (PNG or JPEG) again.")
    try:
        with Image.open(io.BytesIO(bytes(data))) as img:
            if max_side is not None and max(img.size) > max_side:
                img.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced scale
                img = img.convert("RGB")
                img.thumbnail((max_side, max_side))
            return np.asarray(img.convert("RGB"))
    except Image.DecompressionBombError:
        why = "it is far too many pixels for a photo"
    except UnidentifiedImageError:
        why = "its bytes are not in any image format Pillow knows"
    except (OSError, ValueError) as exc:  # a truncated or damaged image file
        why = f"the image data is damaged: {exc}"
    raise CourseInputError(
        f"{name} is not an image this course can read ({why}). Upload a photo "
        f"file such as .jpg or .png; nothing else was changed."
    )
