"""ipywidgets helpers that work the same on ipywidgets 7 (Colab) and 8 (JupyterLab).

Every widget in the course sits on a plain function that can be called (and tested) without a
widget; the helpers here only wire controls to such a function.
"""
from __future__ import annotations

import io

import numpy as np

from ._validate import CourseInputError, CourseTypeError, as_image


def live(fn, **controls):
    """Show ``controls`` and an output area that re-runs ``fn(**values)`` whenever one changes.

    ``controls`` maps each keyword argument of ``fn`` to an ipywidgets control.  Returns the box
    (already displayed).  Uses only ``interactive_output``, present in ipywidgets 7 and 8.
    """
    import ipywidgets as w
    from IPython.display import display
    if not callable(fn):
        raise CourseTypeError(f"`fn` should be a function to call when a control changes, got {fn!r}.")
    bad = [k for k, c in controls.items() if not isinstance(c, w.ValueWidget)]
    if bad:
        raise CourseTypeError(f"These controls are not ipywidgets value widgets: {', '.join(bad)}. "
                              f"Pass e.g. ipywidgets.IntSlider(...) for each argument of {fn.__name__}.")
    out = w.interactive_output(fn, controls)
    row = w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap"))
    box = w.VBox([row, out])
    display(box)
    return box


def uploaded_files(upload) -> list[tuple[str, bytes]]:
    """The files in a ``FileUpload`` (or its ``.value``) as ``[(file name, bytes), …]``.

    ipywidgets 7 stores ``{name: {"metadata": {...}, "content": bytes}}``; ipywidgets 8 stores a
    tuple of ``{"name": ..., "content": memoryview, ...}``.  Both come out the same here.
    """
    value = getattr(upload, "value", upload)
    files = []
    if isinstance(value, dict):                       # ipywidgets 7
        for name, item in value.items():
            content = item.get("content", b"") if isinstance(item, dict) else item
            files.append((str(name), bytes(content)))
    elif isinstance(value, (tuple, list)):            # ipywidgets 8
        for item in value:
            if not isinstance(item, dict) or "content" not in item:
                raise CourseTypeError("Each uploaded file should be a dict with 'name' and 'content'; "
                                      f"got {type(item).__name__}. Pass the FileUpload widget itself.")
            files.append((str(item.get("name", "upload")), bytes(item["content"])))
    else:
        raise CourseTypeError(f"Expected a FileUpload widget or its value, got {type(value).__name__}.")
    return files


def decode_image(data: bytes, name: str = "the upload") -> np.ndarray:
    """Decode image file bytes (PNG, JPEG, …) into an (H, W, 3) uint8 RGB array.

    A file that is not an image gives a message saying what to upload instead.
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
    except (OSError, ValueError) as exc:       # a truncated or damaged image file
        why = f"the image data is damaged: {exc}"
    raise CourseInputError(f"{name} is not an image this course can read ({why}). Upload a photo "
                           f"file such as .jpg or .png; nothing else was changed.")


def threshold(image, level: int):
    """Which pixels of a grayscale image are brighter than ``level``?

    image: (H, W) numbers 0–255.  Returns ``(mask, fraction)``: a (H, W) bool array and the
    fraction of pixels above the level.  (The function behind notebook 00's first widget.)
    """
    from ._validate import check_int
    img = as_image(image)
    if img.ndim != 2:
        raise CourseInputError(f"`image` should be grayscale (H, W), got shape {img.shape}. "
                               f"Average the channels first: image.mean(axis=2).")
    level = check_int(level, "level", low=0, high=255)
    mask = img > level
    return mask, float(mask.mean())


def show_threshold(image, level: int = 128):
    """Draw the photo beside its thresholded version and print the readout (widget body)."""
    import matplotlib.pyplot as plt
    mask, fraction = threshold(image, level)
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
