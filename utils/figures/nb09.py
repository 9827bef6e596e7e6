"""Notebook 09's figures and widget bodies: the teachable machine's panels.

    read_uploads       the files of a FileUpload as images, with a line for each file that is not one
    collect            the "add photos" widget: photos chosen go to the class named in the text box
    remove_example     its "remove example" button: forget a wrong example
    show_prediction    the "classify" widget: prediction, confidence bars, nearest stored examples
    plot_store         every class's stored examples as thumbnails, numbered
    take_photo         a camera snapshot, on Colab only
    plot_few_shot      pixels vs embeddings, 5 examples per class
    plot_regression    regression with a feature extractor: predicted against true values

The state of the machine (its examples) lives in a :class:`utils.teachable.TeachableMachine`; the
functions here compute with it, print a one-line readout, then draw.
"""

from __future__ import annotations

import hashlib
import weakref

import numpy as np

from .. import env, teachable
from .._validate import CourseInputError, CourseTypeError
from ..plotting import class_colours, pyplot
from ..widgets import decode_image, uploaded_files

__all__ = [
    "MAX_UPLOAD_BYTES",
    "MAX_SIDE",
    "read_uploads",
    "collect",
    "remove_example",
    "show_prediction",
    "plot_store",
    "plot_confidences",
    "take_photo",
    "plot_few_shot",
    "plot_regression",
]

MAX_UPLOAD_BYTES = 25 * 2**20
"""A file larger than this (25 MiB) is refused with a message: no photo needs more."""
MAX_SIDE = 1024
"""Photos are shrunk to at most this many pixels on their longer side as they are read."""

_last_batch: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # machine -> last upload added
_last_action: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # machine -> what a button did


def read_uploads(upload, max_bytes: int = MAX_UPLOAD_BYTES, max_side: int = MAX_SIDE):
    """The images in a FileUpload (ipywidgets 7 or 8) or its value: ``(images, names, problems)``.

    images: (H, W, 3) uint8 arrays, each at most ``max_side`` pixels on its longer side;
    names: their file names;  problems: one line per file that was skipped (not an image, damaged,
    empty, too large), saying why.  A bad file never stops the good ones.

    Used in 09 · Collect examples into named classes (both upload widgets).
    """
    images, names, problems = [], [], []
    for name, data in uploaded_files(upload):
        if len(data) > max_bytes:
            problems.append(
                f"skipped {name}: {len(data) / 2**20:.0f} MiB is too large "
                f"(at most {max_bytes / 2**20:.0f} MiB); upload a smaller copy of the photo"
            )
            continue
        try:
            images.append(decode_image(data, name, max_side=max_side))
            names.append(name)
        except CourseInputError as exc:
            problems.append(f"skipped {exc}")
    return images, names, problems


def _digest(files) -> tuple:
    return tuple(hashlib.sha1(data).hexdigest() for _, data in files)


def collect(machine: teachable.TeachableMachine, class_name: str = "", photos=(), example: int = 0) -> str:
    """The "add photos" widget's function: newly chosen photos become examples of ``class_name``.

    Called whenever the class name, the upload or the example number changes, and after the
    "remove example" button (:func:`remove_example`).  Photos are added once, when they are chosen
    (typing another name afterwards does not add them again).  Prints a one-line readout (plus one
    line per skipped file) and draws the stored classes.  Returns the readout.

    Used in 09 · Collect examples into named classes.
    """
    if not isinstance(machine, teachable.TeachableMachine):
        raise CourseTypeError("`machine` should be the notebook's teachable.TeachableMachine.")
    files = uploaded_files(photos)
    key = _digest(files)
    new = bool(files) and _last_batch.get(machine) != key
    name = " ".join(str(class_name).split())
    problems = []
    done = _last_action.pop(machine, None)
    if done:
        readout = f"{done} · {machine.store.summary()}"
    elif not new:
        readout = (
            f"photos you choose next go to {name!r}" if name else "type a class name, then choose photos"
        ) + f" · {machine.store.summary()}"
    elif not name:
        readout = f"{len(files)} photo(s) chosen, but no class name: type one first, then choose them again"
    else:
        _last_batch[machine] = key
        images, names, problems = read_uploads(photos)
        if images:
            readout = machine.add_images(name, images, names)
        else:
            readout = f"nothing added to {name!r}: no file was an image this course can read"
    print(readout)
    for line in problems:
        print("  " + line)
    plot_store(machine.store)
    return readout


def remove_example(machine: teachable.TeachableMachine, example: int = 0, **_ignored) -> dict:
    """The "remove example" button's action: forget stored example number ``example``.

    What happened (or why nothing was removed) is printed by the next :func:`collect` readout.
    Returns {} (no control changes), as ``utils.widgets.live_buttons`` expects of an action.

    Used in 09 · Collect examples into named classes (remove a wrong example).
    """
    try:
        _last_action[machine] = machine.store.remove_example(example)
    except (CourseInputError, CourseTypeError) as exc:
        _last_action[machine] = f"nothing removed: {exc}"
    return {}


def plot_store(store: teachable.ExampleStore, per_class: int = 8, size: float = 0.9):
    """Every class's stored examples as a row of numbered thumbnails (the first ``per_class``).

    The number on each thumbnail is the example's index, the one ``store.remove_example`` takes.
    Returns the figure.

    Used in 09 · Collect examples into named classes.
    """
    plt = pyplot()
    counts = store.counts()
    rows = max(1, len(counts))
    per_class = max(1, min(per_class, max(counts.values(), default=1)))
    fig, axes = plt.subplots(
        rows, per_class + 1, figsize=(size * (per_class + 2.5), size * rows), squeeze=False
    )
    for ax in axes.ravel():
        ax.axis("off")
    if not counts:
        axes[0, 0].text(0, 0.5, "no classes yet", va="center")
    colours = class_colours(max(1, len(counts)))
    for row, (name, n) in enumerate(counts.items()):
        axes[row, 0].text(1, 0.5, f"{name}\n({n})", ha="right", va="center", color=colours[row], fontsize=9)
        members = np.flatnonzero(store.labels == row)[:per_class]
        for col, idx in enumerate(members, start=1):
            axes[row, col].imshow(store.thumbnails[idx])
            axes[row, col].set_title(f"#{idx}", fontsize=7, pad=1)
    fig.tight_layout(pad=0.2)
    return fig


def plot_confidences(prediction: teachable.Prediction, ax=None):
    """Horizontal bars: each class's share of the k-NN vote; the predicted class is darker.

    Used in 09 · Classify, with a k slider.
    """
    from ..plotting import new_axes

    ax = new_axes(ax, figsize=(4, 3))
    names = list(prediction.confidences)
    values = [prediction.confidences[n] for n in names]
    colours = class_colours(max(1, len(names)))
    alphas = [1.0 if n == prediction.label else 0.45 for n in names]
    for i, (v, a) in enumerate(zip(values, alphas, strict=True)):
        ax.barh(i, v, color=colours[i], alpha=a)
        ax.text(min(v, 0.82) + 0.02, i, f"{v:.0%}", va="center", fontsize=9)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"confidence (share of the {prediction.k} nearest)")
    return ax


def show_prediction(machine: teachable.TeachableMachine, photo=(), k: int = 3, default=None, default_name=""):
    """The "classify" widget's function: classify the uploaded photo (or ``default``), k nearest vote.

    Prints one line, e.g. "prediction: sneaker (confidence 100%, 3 nearest examples voted) ·
    photo: shoe.png", then draws the photo, the confidence bars and the k nearest stored examples
    (up to 8) with their class and cosine similarity.  A file that is not an image gives a line
    saying so and the default is classified instead.  Returns the prediction.

    Used in 09 · Classify, with a k slider.
    """
    images, names, problems = read_uploads(photo)
    for line in problems:
        print(line + "; showing the built-in example instead")
    if images:
        image, name = images[-1], names[-1]
    elif default is not None:
        image, name = np.asarray(default), default_name or "the built-in example"
    else:
        print("choose a photo with 'photo to classify'")
        return None
    if not len(machine.store):
        print("the machine has no examples yet: add photos to at least one class first")
        return None
    pred = machine.classify_image(image, k=k)
    print(f"{pred.line()} · photo: {name}")
    plt = pyplot()
    shown = min(len(pred.neighbours), 8)
    fig = plt.figure(figsize=(2.4 + 4.2 + 1.1 * shown, 3.0), layout="constrained")
    grid = fig.add_gridspec(1, 2 + shown, width_ratios=[2.4, 4.2] + [1.1] * shown)
    ax_img = fig.add_subplot(grid[0, 0])
    ax_img.imshow(teachable.thumbnail(image, 128))
    ax_img.set_title(str(name)[:28], fontsize=9)
    ax_img.axis("off")
    plot_confidences(pred, ax=fig.add_subplot(grid[0, 1]))
    for j in range(shown):
        idx = pred.neighbours[j]
        ax = fig.add_subplot(grid[0, 2 + j])
        ax.imshow(machine.store.thumbnails[idx])
        ax.set_title(f"#{idx} {machine.store.class_names[machine.store.labels[idx]]}", fontsize=8)
        ax.set_xlabel(f"similarity\n{pred.similarities[j]:.2f}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"{pred.line()}; right: the {shown} most similar stored examples", fontsize=10)
    return pred


_CAMERA_JS = """
async function takePhoto(quality) {
  const div = document.createElement('div');
  const button = document.createElement('button');
  button.textContent = 'Capture';
  div.appendChild(button);
  const video = document.createElement('video');
  video.style.display = 'block';
  const stream = await navigator.mediaDevices.getUserMedia({video: true});
  document.body.appendChild(div);
  div.appendChild(video);
  video.srcObject = stream;
  await video.play();
  google.colab.output.setIframeHeight(document.documentElement.scrollHeight, true);
  await new Promise((resolve) => button.onclick = resolve);
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  stream.getVideoTracks()[0].stop();
  div.remove();
  return canvas.toDataURL('image/jpeg', quality);
}
"""


def take_photo(quality: float = 0.8) -> np.ndarray:
    """A snapshot from the webcam, on Google Colab: shows the camera and a Capture button.

    Returns the photo as (H, W, 3) uint8.  Anywhere else it says to upload a photo instead (the
    snapshot needs Colab's bridge between the browser and the kernel).

    Used in 09 · Collect examples into named classes (the camera, on Colab).
    """
    if not env.is_colab():
        raise CourseInputError(
            "The camera snapshot works on Google Colab only (it needs Colab's browser bridge). "
            "Here, take the photo with your camera app and upload it with 'add photos'."
        )
    import base64

    from google.colab.output import eval_js  # type: ignore[import-not-found]
    from IPython.display import Javascript, display

    display(Javascript(_CAMERA_JS))
    data_url = eval_js(f"takePhoto({float(quality)})")
    data = base64.b64decode(data_url.split(",", 1)[1])
    return decode_image(data, "the camera snapshot", max_side=MAX_SIDE)


def plot_few_shot(results: dict, n_per_class: int = 5, ax=None):
    """Bars: accuracy of k-NN with ``n_per_class`` examples per class on pixels and on embeddings.

    results: {"pixels": [accuracy per draw], name: [...], …} from
    ``teachable.compare_pixels_and_embeddings``; the dots are the single draws.  Returns the axes.

    Used in 09 · Pixels or embeddings? Measured.
    """
    from ..plotting import new_axes

    ax = new_axes(ax, figsize=(2 + 1.6 * len(results), 3.4))
    for i, values in enumerate(results.values()):
        values = np.asarray(values, dtype=float)
        ax.bar(i, values.mean(), color=class_colours(len(results))[i], alpha=0.8)
        ax.plot(np.full(len(values), i), values, "k.", alpha=0.6)
        ax.text(i + 0.12, values.mean() + 0.04, f"{values.mean():.1%}", ha="left")
    ax.set_xticks(range(len(results)), [str(n).replace(", ", ",\n") for n in results], fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel(f"accuracy, {n_per_class} examples per class")
    return ax


def plot_regression(true_values, predicted, label: str = "value", ax=None):
    """Predicted against true values of a regression, with the diagonal where they would agree.

    Used in 09 · Regression with a feature extractor.
    """
    from ..plotting import new_axes

    ax = new_axes(ax, figsize=(4, 4))
    t = np.asarray(true_values, dtype=float)
    p = np.asarray(predicted, dtype=float)
    lo, hi = float(min(t.min(), p.min())), float(max(t.max(), p.max()))
    ax.plot([lo, hi], [lo, hi], color="grey", lw=1, label="perfect")
    ax.scatter(t, p, s=14, alpha=0.7)
    ax.set_xlabel(f"true {label}")
    ax.set_ylabel(f"predicted {label}")
    ax.legend(loc="upper left")
    return ax
