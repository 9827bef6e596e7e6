"""The download cache: what the course downloads, where it lives, and whether it is intact.

Everything goes through Keras' own cache (``KERAS_HOME``, default ``~/.keras``): datasets under
``datasets/``, weights under ``models/``, exactly where ``keras.datasets`` and
``keras.applications`` look for them.  Each file is pinned by size and hash in :data:`REGISTRY`.

Before a lab, an instructor runs ``make prefetch`` (``python -m utils.cache``): every file is
downloaded if missing, verified, and a table says what is cached and what is missing.

A damaged file is never deleted: it is renamed to ``<name>.corrupt`` next to where it was, and only
files inside the course's cache folder are ever touched.  (Keras' ``get_file`` deletes a file whose
hash mismatches when its re-download fails, so the course checks hashes itself first.)
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

_KERAS_DATA = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_KERAS_APPS = "https://storage.googleapis.com/tensorflow/keras-applications/"


@dataclass(frozen=True)
class CachedFile:
    """One file the course downloads.

    ``subdir`` is relative to the Keras cache (``datasets``, ``datasets/fashion-mnist``, ``models``).
    ``sha256`` (or ``md5`` where only that is published) pins its content; ``size`` is in bytes.
    """
    name: str
    url: str
    subdir: str
    size: int
    sha256: str = ""
    md5: str = ""
    used_by: str = ""
    licence: str = ""

    @property
    def path(self) -> Path:
        return cache_dir() / self.subdir / self.name


_FASHION_LICENCE = "MIT (Zalando SE)"
REGISTRY: dict[str, CachedFile] = {f.name: f for f in [
    CachedFile("mnist.npz", _KERAS_DATA + "mnist.npz", "datasets", 11490434,
               sha256="731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
               used_by="01, 02, 07", licence="CC BY-SA 3.0 (Yann LeCun and Corinna Cortes)"),
    CachedFile("train-labels-idx1-ubyte.gz", _KERAS_DATA + "train-labels-idx1-ubyte.gz",
               "datasets/fashion-mnist", 29515,
               sha256="a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
               used_by="07", licence=_FASHION_LICENCE),
    CachedFile("train-images-idx3-ubyte.gz", _KERAS_DATA + "train-images-idx3-ubyte.gz",
               "datasets/fashion-mnist", 26421880,
               sha256="3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
               used_by="07", licence=_FASHION_LICENCE),
    CachedFile("t10k-labels-idx1-ubyte.gz", _KERAS_DATA + "t10k-labels-idx1-ubyte.gz",
               "datasets/fashion-mnist", 5148,
               sha256="67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
               used_by="07", licence=_FASHION_LICENCE),
    CachedFile("t10k-images-idx3-ubyte.gz", _KERAS_DATA + "t10k-images-idx3-ubyte.gz",
               "datasets/fashion-mnist", 4422102,
               sha256="346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
               used_by="07", licence=_FASHION_LICENCE),
    CachedFile("cats_and_dogs_filtered.zip",
               "https://storage.googleapis.com/mledu-datasets/cats_and_dogs_filtered.zip", "datasets",
               68606236, used_by="08", licence="Kaggle Dogs vs. Cats (Microsoft Asirra); research use"),
    CachedFile("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5",
               _KERAS_APPS + "mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5",
               "models", 14536120, used_by="08", licence="Apache 2.0"),
    CachedFile("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
               _KERAS_APPS + "mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
               "models", 9406464, used_by="08, 09", licence="Apache 2.0"),
    CachedFile("imagenet_class_index.json",
               "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json",
               "models", 35363, md5="c2c37ea517e94d9795004a39431a14cb", used_by="08",
               licence="ImageNet class names (WordNet synsets)"),
]}


def cache_dir() -> Path:
    """Keras' cache folder: ``$KERAS_HOME`` if set, else ``~/.keras`` (as Keras decides it)."""
    home = os.environ.get("KERAS_HOME")
    return Path(home).expanduser() if home else Path.home() / ".keras"


def file_digest(path, algorithm: str = "sha256", chunk: int = 1 << 20) -> str:
    """Hex digest of a file, read in 1 MiB chunks so big files need little memory."""
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def verify(entry: CachedFile, path=None) -> tuple[str, str]:
    """Check one cached file.  Returns ``(status, detail)`` with status one of
    ``"ok"``, ``"missing"``, ``"corrupt"`` or ``"unpinned"`` (present but no hash to check against).
    """
    path = Path(path) if path is not None else entry.path
    if not path.is_file():
        return "missing", f"not in {path.parent}"
    size = path.stat().st_size
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


class CorruptFileError(RuntimeError):
    """A cached download is damaged; it has been set aside, and the message says what to do."""


def quarantine(entry: CachedFile, path=None) -> Path | None:
    """If the cached copy of ``entry`` is damaged, rename it to ``<name>.corrupt`` and say so.

    Returns the new path, or ``None`` when the file was missing or intact.  Only a path inside
    the course's cache folder is ever renamed; nothing is deleted.
    """
    path = Path(path) if path is not None else entry.path
    status, detail = verify(entry, path)
    if status != "corrupt":
        return None
    root = cache_dir().resolve()
    if root not in path.resolve().parents:
        raise CorruptFileError(f"{path} is damaged ({detail}) but lies outside the course cache "
                               f"{root}, so the course leaves it alone. Move or delete it yourself.")
    target = path.with_name(path.name + ".corrupt")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt{n}")
    path.rename(target)
    print(f"⚠ The cached {entry.name} was damaged ({detail}). It was renamed to {target.name} "
          f"(nothing was deleted) and will be downloaded again when the network allows.")
    return target


def fetch(entry: CachedFile) -> Path:
    """Make sure ``entry`` is in the cache and intact, downloading it with Keras if needed."""
    quarantine(entry)
    if verify(entry)[0] not in ("ok", "unpinned"):
        from .env import import_keras  # imported here: only a download needs Keras
        get_file = import_keras().utils.get_file
        kwargs = {"file_hash": entry.sha256 or entry.md5 or None}
        get_file(fname=entry.name, origin=entry.url, cache_subdir=entry.subdir,
                 cache_dir=str(cache_dir()), **kwargs)
    status, detail = verify(entry)
    if status not in ("ok", "unpinned"):
        raise CorruptFileError(f"{entry.name}: {detail} after downloading. Run `make prefetch` again "
                               f"on a better connection.")
    return entry.path


def register(entry: CachedFile) -> CachedFile:
    """Add a file to the registry (used by dataset and model modules)."""
    REGISTRY[entry.name] = entry
    return entry


def status_table(entries=None) -> list[tuple[str, str, str]]:
    """``[(name, status, detail), …]`` for every registered file, without downloading anything."""
    entries = list(REGISTRY.values()) if entries is None else entries
    return [(e.name, *verify(e)) for e in entries]


def _print_table(rows) -> None:
    width = max(len(r[0]) for r in rows)
    for name, status, detail in rows:
        mark = {"ok": "✔", "unpinned": "~", "missing": "✘", "corrupt": "✘"}.get(status, "?")
        print(f"  {mark} {name:<{width}}  {status:<8}  {detail}")


def prefetch(entries=None, *, download: bool = True) -> bool:
    """Download and verify every file the course uses.  Prints a table; True when all are ok."""
    from .env import data_mode
    entries = list(REGISTRY.values()) if entries is None else list(entries)
    print(f"Course download cache: {cache_dir()}")
    off, reason = data_mode(refresh=True)
    if download and off:
        print(f"Cannot download now: {reason}.")
        if "COURSE_OFFLINE" in reason:
            print("Unset COURSE_OFFLINE (e.g. `env -u COURSE_OFFLINE make prefetch`) to download.")
        else:
            print("Connect to a network that reaches storage.googleapis.com and run `make prefetch` again.")
        download = False
    for e in entries:
        if download:
            try:
                fetch(e)
            except Exception as exc:  # keep going: report every file
                print(f"  could not fetch {e.name}: {exc}")
        else:
            quarantine(e)
    rows = status_table(entries)
    _print_table(rows)
    missing = [r[0] for r in rows if r[1] in ("missing", "corrupt")]
    if missing:
        print(f"{len(missing)} file(s) missing: {', '.join(missing)}. Notebooks will use their offline "
              f"stand-ins for these, and say so.")
    else:
        print("Everything is cached: this machine can run the course with no network.")
    return not missing


def _load_everything() -> None:
    """Import the modules that register files, so the registry is complete."""
    from . import datasets  # noqa: F401


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.cache",
                                     description="Download and verify the course's datasets and weights.")
    parser.add_argument("--check", action="store_true", help="only report what is cached; download nothing")
    parser.add_argument("--record", action="store_true",
                        help="print the SHA-256 of every cached file (to pin files that have no published hash)")
    args = parser.parse_args(argv)
    _load_everything()
    if args.record:
        for e in REGISTRY.values():
            if e.path.is_file():
                print(f"{e.name}  size={e.path.stat().st_size}  sha256={file_digest(e.path)}")
            else:
                print(f"{e.name}  missing")
        return 0
    ok = prefetch(download=not args.check)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
