"""ipywidgets helpers that work the same on ipywidgets 7 (Colab) and 8 (JupyterLab).

Every widget in the course sits on a plain function that can be called (and tested) without a
widget; the helpers here only wire controls to such a function.
"""

from __future__ import annotations

import io

import numpy as np

from ._validate import CourseInputError, CourseTypeError, describe

__all__ = ["live", "uploaded_files", "decode_image"]


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


def uploaded_files(upload) -> list[tuple[str, bytes]]:
    """The files in a ``FileUpload`` (or its ``.value``) as ``[(file name, bytes), …]``.

    ipywidgets 7 stores ``{name: {"metadata": {...}, "content": bytes}}``; ipywidgets 8 stores a
    tuple of ``{"name": ..., "content": memoryview, ...}``.  Both come out the same here.

    Used in 09 · your own photos (the upload widget); tested in tests/test_widgets.py.
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


def decode_image(data: bytes, name: str = "the upload") -> np.ndarray:
    """Decode image file bytes (PNG, JPEG, …) into an (H, W, 3) uint8 RGB array.

    A file that is not an image gives a message saying what to upload instead.

    Used in 09 · your own photos (the upload widget); tested in tests/test_widgets.py.
    """
    from PIL import Image, UnidentifiedImageError

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise CourseTypeError(f"`data` should be the bytes of an image file, got {type(data).__name__}.")
    if len(data) == 0:
        raise CourseInputError(f"{name} is empty (0 bytes). Upload a photo (PNG or JPEG) again.")
    try:
        with Image.open(io.BytesIO(bytes(data))) as img:
            return np.asarray(img.convert("RGB"))
    except UnidentifiedImageError:
        why = "its bytes are not in any image format Pillow knows"
    except (OSError, ValueError) as exc:  # a truncated or damaged image file
        why = f"the image data is damaged: {exc}"
    raise CourseInputError(
        f"{name} is not an image this course can read ({why}). Upload a photo "
        f"file such as .jpg or .png; nothing else was changed."
    )
