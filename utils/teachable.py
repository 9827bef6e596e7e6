"""Notebook 09: a teachable machine, image → embedding → cosine k-NN → label + confidence.

Tested reference code for the lecture's pipeline (deck 001, after Nikhil Thorat's "How to build a
Teachable Machine with TensorFlow.js"): a pretrained network turns each image into an
**embedding** (its second-to-last layer, a vector of D numbers); a k-nearest-neighbour classifier
on those vectors learns new classes from a handful of examples each, instantly.

Shapes used throughout:
    embeddings  (M, D) float32: one row per stored example
    labels      (M,) int: the class number of each stored example (an index into class_names)
    thumbnails  (M, T, T, 3) uint8: a small picture of each example, to show and to save
    similarities (N, M): cosine similarity of query i and stored example j, in [-1, 1]

Conventions:
    * similarity is **cosine**: the angle between two embeddings, not their length.  A vector of
      zeros has no direction; its similarity to anything is 0.
    * the k nearest are the k most similar, found with a *stable* sort: equally similar examples
      keep the order they were added in (the earlier one counts as nearer).
    * a class's confidence is the share of the k nearest that belong to it (the rule of ml5's
      KNNClassifier); the prediction is the class with the highest share, and a tie goes to the
      class that was created first (the smallest class number).

Nothing here draws or imports TensorFlow: the embedding function is passed in (notebook 09 takes
it from :mod:`utils.transfer`).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._validate import CourseInputError, CourseTypeError, as_array, as_finite, check_int, describe

__all__ = [
    "FILE_FORMAT",
    "FILE_VERSION",
    "THUMBNAIL_SIDE",
    "cosine_similarity",
    "knn_confidences",
    "Prediction",
    "ExampleStore",
    "thumbnail",
    "TeachableMachine",
    "few_shot_accuracy",
    "compare_pixels_and_embeddings",
    "extractor_from_layer",
    "RidgeRegressor",
    "fit_ridge",
    "shrink_into_frame",
]

FILE_FORMAT = "pixels-to-pretrained teachable machine"
"""What the manifest of a saved store says it is; any other file is refused as foreign."""
FILE_VERSION = 1
"""The version of the saved-file layout; a file from a newer version is refused with a message."""
THUMBNAIL_SIDE = 64
"""Side in pixels of the square thumbnail kept (and saved) for every example."""
_MANIFEST = "manifest.json"


# ------------------------------------------------------------------------------ similarity
def _vectors(x, name: str) -> np.ndarray:
    arr = as_finite(x, name)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise CourseInputError(
            f"`{name}` should be one embedding (D,) or a set of them (N, D), but got {describe(arr)}."
        )
    if arr.shape[1] == 0:
        raise CourseInputError(f"`{name}` has embeddings of length 0; each needs at least one number.")
    return arr.astype(np.float64, copy=False)


def cosine_similarity(A, B) -> np.ndarray:
    """Cosine similarity of every row of ``A`` with every row of ``B``: ``a·b / (|a| |b|)``.

    A: (N, D) or one vector (D,);  B: (M, D) or (D,).  Returns (N, M) float64 in [-1, 1]:
    1 = same direction, 0 = at right angles, -1 = opposite.  Lengths do not matter (an image
    embedded twice as strongly is just as similar).  A row of zeros has similarity 0 to anything.

    Taught in 09 · Cosine similarity.
    """
    a = _vectors(A, "A")
    b = _vectors(B, "B")
    if a.shape[1] != b.shape[1]:
        raise CourseInputError(
            f"`A` has embeddings of length {a.shape[1]} but `B` of length {b.shape[1]}: compare "
            "embeddings made by the same feature extractor."
        )
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    a = np.divide(a, na, out=np.zeros_like(a), where=na > 0)
    b = np.divide(b, nb, out=np.zeros_like(b), where=nb > 0)
    return np.clip(a @ b.T, -1.0, 1.0)


def _check_k(k, n: int) -> int:
    if isinstance(k, str):
        raise CourseTypeError(f"`k` should be a whole number like 3, but got the text {k!r}.")
    k = check_int(k, "k", low=None)
    if k < 1:
        raise CourseInputError(f"`k` is how many stored examples vote, so at least 1; got {k}.")
    if k > n:
        raise CourseInputError(
            f"`k`={k} is more than the {n} stored examples. Use a k between 1 and {n}, or add examples."
        )
    return k


def knn_confidences(similarities, labels, k: int, n_classes: int) -> np.ndarray:
    """The k-NN vote of ONE query as confidences: the share of its k most similar examples per class.

    similarities: (M,) the query's similarity to each stored example;  labels: (M,) their class
    numbers 0 … n_classes-1;  returns (n_classes,) float64 that adds up to 1.  The k most similar
    are found with a stable sort (equal similarities: the earlier example counts as nearer).  The
    prediction is ``np.argmax`` of the result (a tie: the smallest class number).

    Taught in 09 · The k-NN vote, with confidences.
    """
    sims = as_finite(similarities, "similarities")
    if sims.ndim != 1:
        raise CourseInputError(
            f"`similarities` should be one query's similarities, shape (M,), but got {describe(sims)}. "
            "For a set of queries, call this once per row."
        )
    lab = as_array(labels, "labels", ndim=1, dtype_kind="ui")
    if len(lab) != len(sims):
        raise CourseInputError(
            f"`labels` has {len(lab)} entries but `similarities` {len(sims)}: one label per stored example."
        )
    n_classes = check_int(n_classes, "n_classes", low=1)
    if len(lab) and (lab.min() < 0 or lab.max() >= n_classes):
        raise CourseInputError(
            f"`labels` should be class numbers from 0 to {n_classes - 1}, but holds {int(lab.min())} to "
            f"{int(lab.max())}."
        )
    k = _check_k(k, len(sims))
    nearest = np.argsort(-sims, kind="stable")[:k]
    return np.bincount(lab[nearest], minlength=n_classes).astype(np.float64) / k


# ------------------------------------------------------------------------------ the store
def _check_name(name, what: str = "class name") -> str:
    if not isinstance(name, str):
        raise CourseTypeError(f"A {what} should be text like 'cup', but got {describe(name)}.")
    clean = " ".join(name.split())
    if not clean:
        raise CourseInputError(f"The {what} is empty. Type a name such as 'cup' or 'thumbs up'.")
    if len(clean) > 40:
        raise CourseInputError(f"The {what} {clean[:40]!r}… is longer than 40 characters; use a short name.")
    return clean


def thumbnail(image, side: int = THUMBNAIL_SIDE) -> np.ndarray:
    """A small square (side, side, 3) uint8 copy of an image, for showing and saving examples.

    image: (H, W) grayscale or (H, W, 3) / (H, W, 4) colour, uint8 or floats in [0, 1].  The
    image is scaled to fit the square and centred on black; its aspect ratio is kept.

    Used in 09 · Collect examples into named classes (every stored example keeps one).
    """
    from PIL import Image

    img = as_array(image, "image", ndim=(2, 3), dtype_kind="uifb")
    if img.ndim == 3 and img.shape[2] not in (1, 3, 4):
        raise CourseInputError(f"`image` should have 1, 3 or 4 channels, but got {describe(img)}.")
    if img.dtype != np.uint8:
        scale = 255.0 if float(np.nanmax(img)) <= 1.0 else 1.0
        img = np.clip(np.nan_to_num(img.astype(np.float64) * scale), 0, 255).astype(np.uint8)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    pil = Image.fromarray(img).convert("RGB")
    pil.thumbnail((side, side), Image.BILINEAR if max(pil.size) < side else Image.LANCZOS)
    if max(pil.size) < side:  # small images (28×28 items) are scaled up to fill the square
        f = side / max(pil.size)
        pil = pil.resize((max(1, round(pil.width * f)), max(1, round(pil.height * f))), Image.NEAREST)
    canvas = Image.new("RGB", (side, side))
    canvas.paste(pil, ((side - pil.width) // 2, (side - pil.height) // 2))
    return np.asarray(canvas)


@dataclass
class Prediction:
    """What the teachable machine says about one image.

    label: the predicted class name;  confidence: its share of the vote (0–1);  confidences:
    {class name: share} for every class;  neighbours: indices of the k stored examples that
    voted, most similar first;  similarities: their cosine similarities;  k: how many voted.

    Used in 09 · Classify, with a k slider (returned by ExampleStore.classify).
    """

    label: str
    confidence: float
    confidences: dict
    neighbours: np.ndarray
    similarities: np.ndarray
    k: int

    def line(self) -> str:
        """One line: the prediction, its confidence and how many examples voted."""
        return f"prediction: {self.label} (confidence {self.confidence:.0%}, {self.k} nearest examples voted)"


@dataclass
class ExampleStore:
    """Named classes of stored examples: the memory of a teachable machine.

    Every example has an embedding (a row of ``embeddings``), a class number (``labels``), a
    thumbnail and a name (a file name, say).  Adding is instant (k-NN learns nothing); classifying
    compares a query's embedding with every stored one.  ``extractor`` names the feature extractor
    that made the embeddings: embeddings of different extractors cannot be compared.

    Taught in 09 · Collect examples into named classes (and Save and load your classes).
    """

    extractor: str = ""
    class_names: list = field(default_factory=list)
    embeddings: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    thumbnails: np.ndarray = field(
        default_factory=lambda: np.zeros((0, THUMBNAIL_SIDE, THUMBNAIL_SIDE, 3), np.uint8)
    )
    names: list = field(default_factory=list)
    _unit: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    # -- size and contents
    def __len__(self) -> int:
        return len(self.labels)

    @property
    def dim(self) -> int:
        """The length D of the stored embeddings (0 while the store is empty)."""
        return int(self.embeddings.shape[1]) if len(self) else 0

    def counts(self) -> dict:
        """{class name: number of examples}, in the order the classes were added."""
        n = (
            np.bincount(self.labels, minlength=len(self.class_names))
            if len(self)
            else [0] * len(self.class_names)
        )
        return {c: int(v) for c, v in zip(self.class_names, n, strict=True)}

    def summary(self) -> str:
        """One line: how many examples of how many classes, and each class's count."""
        parts = ", ".join(f"{c} {n}" for c, n in self.counts().items()) or "no classes yet"
        return f"{len(self)} examples in {len(self.class_names)} classes ({parts})"

    # -- changing it
    def add_class(self, name) -> int:
        """Add an empty class (or find an existing one of that name); returns its class number."""
        name = _check_name(name)
        for i, existing in enumerate(self.class_names):
            if existing.lower() == name.lower():
                return i
        self.class_names.append(name)
        return len(self.class_names) - 1

    def add_examples(self, class_name, embeddings, thumbnails=None, names=None) -> np.ndarray:
        """Store examples of ``class_name`` (created if new).  Returns the new examples' indices.

        embeddings: (n, D) or one (D,);  thumbnails: (n, T, T, 3) uint8 or None (black squares);
        names: n texts or None.  Nothing is stored if any input is wrong.
        """
        emb = _vectors(embeddings, "embeddings").astype(np.float32)
        if len(self) and emb.shape[1] != self.dim:
            raise CourseInputError(
                f"These embeddings have {emb.shape[1]} numbers, the stored ones {self.dim}: they come "
                "from a different feature extractor. Embed the images with the store's extractor "
                f"({self.extractor or 'the one used so far'})."
            )
        n = len(emb)
        side = self.thumbnails.shape[1]
        if thumbnails is None:
            thumbs = np.zeros((n, side, side, 3), np.uint8)
        else:
            thumbs = as_array(thumbnails, "thumbnails", ndim=4, dtype_kind="u")
            if thumbs.shape != (n, side, side, 3):
                raise CourseInputError(
                    f"`thumbnails` should be ({n}, {side}, {side}, 3) uint8 (use teachable.thumbnail), "
                    f"but got {describe(thumbs)}."
                )
        if names is None:
            names = [f"example {len(self) + i + 1}" for i in range(n)]
        names = [str(x) for x in names]
        if len(names) != n:
            raise CourseInputError(
                f"`names` has {len(names)} entries for {n} embeddings; give one name each."
            )
        label = self.add_class(class_name)
        start = len(self)
        self.embeddings = emb if not start else np.concatenate([self.embeddings, emb])
        self.labels = np.concatenate([self.labels, np.full(n, label, np.int64)])
        self.thumbnails = np.concatenate([self.thumbnails, thumbs.astype(np.uint8)])
        self.names += names
        self._unit = None
        return np.arange(start, start + n)

    def remove_example(self, index) -> str:
        """Forget one stored example (a wrong one, say).  Returns a line saying what was removed.

        The class stays, even when it has no examples left (add new ones, or remove_class).
        """
        if not len(self):
            raise CourseInputError("The store is empty: there is no example to remove.")
        index = check_int(index, "index", low=None)
        if not -len(self) <= index < len(self):
            raise CourseInputError(
                f"There is no example {index}: the store holds examples 0 to {len(self) - 1}."
            )
        index %= len(self)
        keep = np.arange(len(self)) != index
        gone = f"removed example {index} ({self.names[index]}, class {self.class_names[self.labels[index]]})"
        self.embeddings, self.labels, self.thumbnails = (
            self.embeddings[keep],
            self.labels[keep],
            self.thumbnails[keep],
        )
        self.names = [n for i, n in enumerate(self.names) if i != index]
        self._unit = None
        return gone

    def remove_class(self, name) -> str:
        """Forget a class and all its examples.  Returns a line saying what was removed."""
        name = _check_name(name)
        matches = [i for i, c in enumerate(self.class_names) if c.lower() == name.lower()]
        if not matches:
            raise CourseInputError(
                f"There is no class {name!r}; the classes are: {', '.join(self.class_names) or 'none yet'}."
            )
        c = matches[0]
        keep = self.labels != c
        n_gone = int(np.sum(~keep))
        self.embeddings, self.thumbnails = self.embeddings[keep], self.thumbnails[keep]
        self.names = [n for n, k in zip(self.names, keep, strict=True) if k]
        labels = self.labels[keep]
        self.labels = labels - (labels > c)
        del self.class_names[c]
        self._unit = None
        return f"removed class {name} and its {n_gone} examples"

    # -- using it
    def similarities(self, embedding) -> np.ndarray:
        """Cosine similarity (M,) of one embedding (D,) to every stored example.

        The same numbers as :func:`cosine_similarity`, with the stored embeddings' unit vectors
        computed once and kept until the store changes (classifying stays fast as it grows).
        """
        if not len(self):
            raise CourseInputError("The store is empty: add examples to at least one class first.")
        q = _vectors(embedding, "embedding")
        if q.shape[0] != 1:
            raise CourseInputError(f"Pass one embedding (D,), not {q.shape[0]} of them.")
        if q.shape[1] != self.dim:
            raise CourseInputError(
                f"This embedding has {q.shape[1]} numbers but the stored ones have {self.dim}: embed the "
                f"image with the store's feature extractor ({self.extractor or 'the one used so far'})."
            )
        if self._unit is None:
            e = self.embeddings.astype(np.float64)
            norms = np.linalg.norm(e, axis=1, keepdims=True)
            self._unit = np.divide(e, norms, out=np.zeros_like(e), where=norms > 0)
        length = np.linalg.norm(q)
        q = q[0] / length if length > 0 else q[0] * 0.0
        return np.clip(self._unit @ q, -1.0, 1.0)

    def nearest(self, embedding, n: int = 5):
        """The ``n`` stored examples most similar to one embedding: (indices, similarities), best first."""
        sims = self.similarities(embedding)[None, :]
        n = min(check_int(n, "n", low=1), len(self))
        order = np.argsort(-sims[0], kind="stable")[:n]
        return order, sims[0, order]

    def classify(self, embedding, k: int = 3) -> Prediction:
        """Predict the class of one embedding by a cosine k-NN vote among the stored examples.

        A k larger than the number of stored examples uses them all (``Prediction.k`` says how
        many voted).
        """
        if not len(self):
            raise CourseInputError("The store is empty: add examples to at least one class first.")
        k = check_int(k, "k", low=1)
        k = min(k, len(self))
        sims = self.similarities(embedding)[None, :]
        conf = knn_confidences(sims[0], self.labels, k, len(self.class_names))
        order = np.argsort(-sims[0], kind="stable")[:k]
        best = int(np.argmax(conf))
        return Prediction(
            label=self.class_names[best],
            confidence=float(conf[best]),
            confidences={c: float(v) for c, v in zip(self.class_names, conf, strict=True)},
            neighbours=order,
            similarities=sims[0, order],
            k=k,
        )

    # -- saving and loading
    def save(self, path) -> Path:
        """Write the store to ``path`` (a .npz file: the arrays plus a JSON manifest).

        The file is written next to its destination first and then moved into place, so a save that
        fails half-way never leaves a broken file behind, and an older file survives.
        """
        path = Path(path)
        if path.suffix != ".npz":
            raise CourseInputError(f"Save the store to a file ending in .npz, not {path.name!r}.")
        manifest = {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "extractor": self.extractor,
            "class_names": list(self.class_names),
            "names": list(self.names),
            "n_examples": len(self),
            "dim": self.dim,
        }
        arrays = {
            "embeddings": self.embeddings.astype(np.float32),
            "labels": self.labels.astype(np.int64),
            "thumbnails": self.thumbnails.astype(np.uint8),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(_MANIFEST, json.dumps(manifest, indent=1))
                for key, arr in arrays.items():
                    buf = io.BytesIO()
                    np.save(buf, arr, allow_pickle=False)
                    zf.writestr(f"{key}.npy", buf.getvalue())
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        return path

    @classmethod
    def load(cls, path, extractor: str | None = None) -> ExampleStore:
        """Read a store saved by :meth:`save`.  A missing, damaged or foreign file gives a message.

        extractor: the name of the feature extractor in use now; a file whose embeddings were made
        by another one is refused (its embeddings could not be compared with new ones).  Loading
        never changes any store you already have: it returns a new one.
        """
        path = Path(path)
        if not path.is_file():
            raise CourseInputError(
                f"There is no file {str(path)!r}. Check the name (saved stores end in .npz)."
            )
        foreign = (
            f"{path.name} is not a saved teachable machine (it was not written by ExampleStore.save); "
            "nothing was loaded and nothing you have was changed."
        )
        damaged = (
            f"{path.name} is a damaged teachable-machine file ({{why}}); nothing was loaded and "
            "nothing you have was changed. Save again from a working session."
        )
        try:
            with zipfile.ZipFile(path) as zf:
                members = set(zf.namelist())
                if _MANIFEST not in members:
                    raise CourseInputError(foreign)
                try:
                    manifest = json.loads(zf.read(_MANIFEST).decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise CourseInputError(damaged.format(why="its manifest is not readable JSON")) from None
                if not isinstance(manifest, dict) or manifest.get("format") != FILE_FORMAT:
                    raise CourseInputError(foreign)
                version = manifest.get("version")
                if not isinstance(version, int) or version > FILE_VERSION:
                    raise CourseInputError(
                        f"{path.name} was saved by a newer version of the course (file version {version}, "
                        f"this one reads {FILE_VERSION}); update the course's utils, then load it again."
                    )
                arrays = {}
                for key in ("embeddings", "labels", "thumbnails"):
                    if f"{key}.npy" not in members:
                        raise CourseInputError(damaged.format(why=f"{key} are missing"))
                    arrays[key] = np.load(io.BytesIO(zf.read(f"{key}.npy")), allow_pickle=False)
        except zipfile.BadZipFile:
            with open(path, "rb") as fh:
                is_zip = fh.read(4) == b"PK\x03\x04"
            why = "the file is cut short or its bytes are corrupted"
            raise CourseInputError(damaged.format(why=why) if is_zip else foreign) from None
        except (OSError, EOFError, ValueError, KeyError, zipfile.LargeZipFile) as exc:
            if isinstance(exc, CourseInputError):
                raise
            raise CourseInputError(damaged.format(why=f"{type(exc).__name__}: {exc}")) from None
        store = cls._checked(manifest, arrays, damaged)
        if extractor is not None and store.extractor and extractor != store.extractor:
            raise CourseInputError(
                f"{path.name} holds embeddings made by {store.extractor!r}, but this session uses "
                f"{extractor!r}: they cannot be compared. Load it where {store.extractor!r} is in use, "
                "or collect the examples again."
            )
        return store

    @classmethod
    def _checked(cls, manifest: dict, arrays: dict, damaged: str) -> ExampleStore:
        emb, lab, th = arrays["embeddings"], arrays["labels"], arrays["thumbnails"]
        names, classes = manifest.get("names"), manifest.get("class_names")
        n = manifest.get("n_examples")
        problems = []
        if not (isinstance(classes, list) and all(isinstance(c, str) for c in classes)):
            problems.append("the class names are missing")
        if not (isinstance(names, list) and len(names) == n):
            problems.append("the example names do not match the number of examples")
        if emb.dtype != np.float32 or emb.ndim != 2 or len(emb) != n:
            problems.append("the embeddings do not match the manifest")
        elif n and not np.all(np.isfinite(emb)):
            problems.append("some embeddings are not finite numbers")
        if lab.ndim != 1 or len(lab) != n or lab.dtype.kind not in "iu":
            problems.append("the labels do not match the manifest")
        elif n and isinstance(classes, list) and (lab.min() < 0 or lab.max() >= len(classes)):
            problems.append("some labels name no class")
        if th.dtype != np.uint8 or th.ndim != 4 or len(th) != n or th.shape[3:] != (3,):
            problems.append("the thumbnails do not match the manifest")
        if problems:
            raise CourseInputError(damaged.format(why="; ".join(problems)))
        return cls(
            extractor=str(manifest.get("extractor", "")),
            class_names=list(classes),
            embeddings=emb if n else np.zeros((0, 0), np.float32),
            labels=lab.astype(np.int64),
            thumbnails=th,
            names=[str(x) for x in names],
        )


# ------------------------------------------------------------------------------ the machine
class TeachableMachine:
    """A feature extractor's ``embed`` function plus an :class:`ExampleStore`: images in, labels out.

    embed: a function from images (a list, sizes may differ, or a stack (N, H, W[, C])) to
    embeddings (N, D), such as ``utils.transfer.feature_extractor().embed``;  name: the
    extractor's name (saved with the store).  ``add_images`` embeds and stores examples,
    ``classify_image`` embeds one image and lets the stored examples vote.

    Taught in 09 · The pipeline: image → embedding → k-NN → label.
    """

    def __init__(self, embed, name: str = "", store: ExampleStore | None = None):
        if not callable(embed):
            raise CourseTypeError(
                f"`embed` should be a function from images to embeddings, got {describe(embed)}."
            )
        self.embed_batch = embed
        self.name = name
        self.store = store if store is not None else ExampleStore(extractor=name)

    def embed(self, images) -> np.ndarray:
        """Embeddings (N, D) float32 of a list of images (sizes may differ) or an image stack."""
        if not (isinstance(images, np.ndarray) and images.ndim in (3, 4)):
            images = list(images)
        if len(images) == 0:
            raise CourseInputError("There are no images to embed; pass at least one.")
        emb = np.asarray(self.embed_batch(images), dtype=np.float32)
        if emb.ndim != 2 or len(emb) != len(images):
            raise CourseInputError(
                f"The feature extractor returned {describe(emb)} for {len(images)} images; it should "
                f"return one embedding per image, shape ({len(images)}, D)."
            )
        if not np.all(np.isfinite(emb)):
            raise CourseInputError("The feature extractor returned NaN or infinite numbers for these images.")
        return emb

    def add_images(self, class_name, images, names=None) -> str:
        """Embed ``images`` and store them as examples of ``class_name``.  Returns a one-line readout."""
        name = _check_name(class_name)
        images = list(images)
        emb = self.embed(images)
        thumbs = np.stack([thumbnail(im) for im in images])
        self.store.add_examples(name, emb, thumbs, names)
        return f"added {len(images)} example(s) to {name!r}: {self.store.summary()}"

    def classify_image(self, image, k: int = 3) -> Prediction:
        """The prediction for one image (H, W[, C]) by a cosine k-NN vote of the stored examples."""
        return self.store.classify(self.embed([image])[0], k=k)

    def save(self, path) -> Path:
        """Save the collected classes (embeddings, thumbnails, names) to a .npz file."""
        return self.store.save(path)

    def load(self, path) -> str:
        """Replace the collected classes by those in ``path``; on any problem the current ones stay."""
        store = ExampleStore.load(path, extractor=self.name)
        self.store = store
        return f"loaded {Path(path).name}: {store.summary()}"


# ------------------------------------------------------------------------------ measuring it
def few_shot_accuracy(support, support_labels, queries, query_labels, k: int = 1) -> float:
    """Accuracy of cosine k-NN that knows only ``support`` (a few labelled examples) on ``queries``.

    support: (M, D) vectors (embeddings, or flattened pixels);  queries: (N, D).  Labels are class
    numbers.  The vote is :func:`knn_confidences`'s (a tie: the smallest class number).

    Taught in 09 · Pixels or embeddings? Measured.
    """
    s = _vectors(np.asarray(support).reshape(len(support), -1), "support")
    q = _vectors(np.asarray(queries).reshape(len(queries), -1), "queries")
    ys = as_array(support_labels, "support_labels", ndim=1, dtype_kind="ui").astype(np.int64)
    yq = as_array(query_labels, "query_labels", ndim=1, dtype_kind="ui").astype(np.int64)
    if len(ys) != len(s) or len(yq) != len(q):
        raise CourseInputError("Give one label per support vector and one per query.")
    n_classes = int(max(ys.max(), yq.max())) + 1
    k = _check_k(k, len(s))
    sims = cosine_similarity(q, s)
    nearest = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    votes = np.stack([np.bincount(ys[row], minlength=n_classes) for row in nearest])
    return float(np.mean(np.argmax(votes, axis=1) == yq))


def compare_pixels_and_embeddings(
    x_pool, y_pool, x_test, y_test, embeds, n_per_class: int = 5, seeds=(0, 1, 2, 3, 4), k: int = 1
) -> dict:
    """k-NN with ``n_per_class`` examples per class, on raw pixels and on embeddings, several draws.

    x_pool, y_pool: images and labels to draw the few examples from;  x_test, y_test: the images
    to label;  embeds: {name: function images (N, H, W[, C]) → (N, D)}, one entry per kind of
    embedding to measure (a single function is taken as {"embeddings": it}).  Each seed draws
    other examples, the same ones for every representation.  Returns {"pixels": [accuracy per
    seed], name: [...], …}.

    Taught in 09 · Pixels or embeddings? Measured.
    """
    from .metrics import per_class_indices

    if callable(embeds):
        embeds = {"embeddings": embeds}
    if not isinstance(embeds, dict) or not all(callable(f) for f in embeds.values()):
        raise CourseTypeError(
            f"`embeds` should be a dict {{name: embedding function}}, got {describe(embeds)}."
        )
    x_pool = as_array(x_pool, "x_pool")
    x_test = as_array(x_test, "x_test")
    spaces = {"pixels": (x_pool.reshape(len(x_pool), -1), x_test.reshape(len(x_test), -1))}
    for name, embed in embeds.items():
        spaces[name] = (np.asarray(embed(x_pool), np.float64), np.asarray(embed(x_test), np.float64))
    result = {name: [] for name in spaces}
    for seed in seeds:
        idx = per_class_indices(y_pool, n_per_class, seed=seed)
        for name, (pool, test) in spaces.items():
            result[name].append(few_shot_accuracy(pool[idx], y_pool[idx], test, y_test, k))
    return result


def extractor_from_layer(extractor, layer: str):
    """The same feature extractor, but its embedding taken from an earlier ``layer``, flattened.

    extractor: a ``utils.transfer.feature_extractor()`` (its ``model`` must contain ``layer``);
    the images are prepared exactly as before.  A network's last layers are specialised to the
    classes it was trained on; earlier layers hold more general features (edges, textures,
    parts), which can transfer better to classes it never saw.  Returns a new extractor.

    Taught in 09 · Pixels or embeddings? Measured.
    """
    import dataclasses

    from .env import import_keras

    model = getattr(extractor, "model", None)
    if model is None or not dataclasses.is_dataclass(extractor):
        raise CourseTypeError(
            f"`extractor` should come from transfer.feature_extractor(), got {describe(extractor)}."
        )
    names = [lay.name for lay in model.layers]
    if layer not in names:
        raise CourseInputError(
            f"The extractor's network has no layer {layer!r}; its layers are: {', '.join(names)}."
        )
    keras = import_keras()
    output = model.get_layer(layer).output
    dim = int(np.prod(output.shape[1:]))
    inputs = (
        model.inputs[0] if len(model.inputs) == 1 else model.inputs
    )  # one tensor in: no structure warning
    sub = keras.Model(inputs, output, name=f"{model.name}_to_{layer}")
    return dataclasses.replace(
        extractor,
        model=sub,
        dim=dim,
        name=f"{extractor.name}, layer {layer!r}",
        why=f"{extractor.why} Its layer {layer!r} ({dim} numbers, flattened) is used as the embedding.",
    )


# ------------------------------------------------------------------------------ regression
@dataclass
class RidgeRegressor:
    """A linear layer on embeddings, fitted in closed form: ``value = embedding · w + b``.

    Used in 09 · Regression with a feature extractor (returned by :func:`fit_ridge`).
    """

    weights: np.ndarray
    bias: float
    mean: np.ndarray

    def predict(self, embeddings) -> np.ndarray:
        """The predicted value of each embedding (N, D) → (N,)."""
        x = _vectors(embeddings, "embeddings")
        if x.shape[1] != len(self.weights):
            raise CourseInputError(
                f"These embeddings have {x.shape[1]} numbers; the regressor was fitted "
                f"on {len(self.weights)}."
            )
        return (x - self.mean) @ self.weights + self.bias


def fit_ridge(embeddings, targets, alpha: float = 1.0) -> RidgeRegressor:
    """Fit ``targets ≈ embeddings · w + b`` by ridge regression (least squares plus alpha·|w|²).

    embeddings: (N, D);  targets: (N,) numbers (a slider value, an angle, a size …);  alpha > 0
    keeps the weights small when there are fewer examples than numbers per embedding.  This is
    deck 001's "regression with a feature extractor": the same embeddings, a number instead of a class.

    Taught in 09 · Regression with a feature extractor.
    """
    x = _vectors(embeddings, "embeddings")
    y = as_finite(targets, "targets").astype(np.float64).reshape(-1)
    if len(y) != len(x):
        raise CourseInputError(f"`targets` has {len(y)} values for {len(x)} embeddings; give one value each.")
    if not isinstance(alpha, (int, float)) or isinstance(alpha, bool) or not alpha > 0:
        raise CourseInputError(f"`alpha` should be a positive number like 1.0, but got {describe(alpha)}.")
    mean = x.mean(axis=0)
    xc = x - mean
    bias = float(y.mean())
    # the dual form (N × N) is cheap when there are fewer examples than embedding numbers
    if len(x) <= x.shape[1]:
        w = xc.T @ np.linalg.solve(xc @ xc.T + alpha * np.eye(len(x)), y - bias)
    else:
        w = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ (y - bias))
    return RidgeRegressor(weights=w, bias=bias, mean=mean)


def shrink_into_frame(image, scale: float) -> np.ndarray:
    """The picture shrunk to ``scale`` (0 < scale ≤ 1) of its size, centred on black, same shape.

    image: (H, W) uint8 (a Fashion-MNIST item, say).  The regression example's data: the size of
    the object is the number to predict.

    Taught in 09 · Regression with a feature extractor.
    """
    from PIL import Image

    img = as_array(image, "image", ndim=2, dtype_kind="u")
    if not isinstance(scale, (int, float, np.floating)) or isinstance(scale, bool) or not 0 < scale <= 1:
        raise CourseInputError(
            f"`scale` should be a number above 0 and at most 1, but got {describe(scale)}."
        )
    h, w = img.shape
    nh, nw = max(1, round(h * float(scale))), max(1, round(w * float(scale)))
    small = np.asarray(Image.fromarray(img.astype(np.uint8)).resize((nw, nh), Image.BILINEAR))
    out = np.zeros_like(img, dtype=np.uint8)
    top, left = (h - nh) // 2, (w - nw) // 2
    out[top : top + nh, left : left + nw] = small
    return out
