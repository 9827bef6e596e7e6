"""The course's environment: seeding, a quiet TensorFlow, online/offline, and a report.

Nothing here imports TensorFlow unless asked to, so notebooks that do not need it start fast.
"""
from __future__ import annotations

import contextlib
import os
import platform
import random
import socket
import sys
import threading
from importlib import metadata
from pathlib import Path

import numpy as np

DEFAULT_SEED = 0
_PROBE_HOST = ("storage.googleapis.com", 443)   # where Keras' datasets and weights live
_probe_cache: dict[str, object] = {}


def is_colab() -> bool:
    """True inside a Google Colab runtime."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _probe_network(timeout: float = 3.0) -> tuple[bool, str]:
    """Try one TCP connection to the dataset host, giving up after ``timeout`` seconds.

    The probe runs in a thread so that a slow DNS lookup cannot hang a notebook on flaky Wi-Fi.
    """
    result: dict[str, object] = {}

    def attempt():
        try:
            with socket.create_connection(_PROBE_HOST, timeout=timeout):
                result["ok"] = True
        except OSError as exc:
            result["error"] = exc

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout + 1.0)
    if result.get("ok"):
        return True, "online"
    err = result.get("error", "no answer within %.0f s" % timeout)
    return False, f"no network (could not reach {_PROBE_HOST[0]}: {err})"


def data_mode(refresh: bool = False) -> tuple[bool, str]:
    """Return ``(offline, reason)``.

    Offline when the environment variable ``COURSE_OFFLINE=1`` is set (the test command sets it,
    so results never depend on a network), or when the dataset host cannot be reached.  The
    network is probed once per session; pass ``refresh=True`` to probe again.
    """
    if _env_flag("COURSE_OFFLINE"):
        return True, "COURSE_OFFLINE=1 is set"
    if refresh or "mode" not in _probe_cache:
        _probe_cache["mode"] = _probe_network()
    online, reason = _probe_cache["mode"]
    return (not online), reason


def offline(refresh: bool = False) -> bool:
    """True when the course will use its offline stand-ins instead of downloading."""
    return data_mode(refresh)[0]


def quiet_tensorflow() -> None:
    """Keep TensorFlow's start-up chatter away from the learner (call before or after import)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    if "tensorflow" in sys.modules:
        import logging
        sys.modules["tensorflow"].get_logger().setLevel(logging.ERROR)
        try:
            from absl import logging as absl_logging
            absl_logging.set_verbosity(absl_logging.ERROR)
        except ImportError:  # pragma: no cover - absl ships with TensorFlow
            pass


@contextlib.contextmanager
def _stderr_silenced():
    """Point file descriptor 2 at /dev/null for a moment (TensorFlow's C++ log bypasses Python)."""
    try:
        saved = os.dup(2)
    except OSError:  # no usable fd 2 (some embedded consoles): nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_keras():
    """Import TensorFlow and Keras without their start-up log lines; returns the ``keras`` module.

    The first import prints C++ messages (CUDA probing, oneDNN notices) straight to the process's
    error stream, where Jupyter would show them to the learner; this keeps them out.
    """
    quiet_tensorflow()
    if "keras" not in sys.modules or "tensorflow" not in sys.modules:
        with _stderr_silenced():
            import tensorflow  # noqa: F401
            import keras  # noqa: F401
    quiet_tensorflow()
    return sys.modules["keras"]


def seed_everything(seed: int = DEFAULT_SEED, *, keras: bool = True) -> int:
    """Seed Python, NumPy and (with ``keras=True``) Keras/TensorFlow, with deterministic ops.

    Call it again before training to make a run repeatable.  Returns the seed.
    """
    from ._validate import check_int
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    if keras:
        os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
        _keras = import_keras()
        import tensorflow as tf
        _keras.utils.set_random_seed(seed)
        try:
            tf.config.experimental.enable_op_determinism()
        except Exception:  # pragma: no cover - already enabled, or an old TensorFlow
            pass
    return seed


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _tensorflow_version() -> str:
    for dist in ("tensorflow", "tensorflow-cpu", "tensorflow-macos"):
        v = _version(dist)
        if v != "not installed":
            return v
    return "not installed"


def _devices(check_gpu: bool) -> str:
    cpu = f"{os.cpu_count()} CPU cores"
    if not check_gpu:
        return cpu
    try:
        import_keras()
        import tensorflow as tf
        gpus = tf.config.list_physical_devices("GPU")
    except Exception as exc:  # TensorFlow missing or broken: report it, don't crash
        return f"{cpu}; GPU unknown (TensorFlow did not load: {exc})"
    return f"{cpu}; " + (f"{len(gpus)} GPU(s): " + ", ".join(g.name for g in gpus) if gpus else "no GPU")


def environment_report(*, check_gpu: bool = True, show: bool = True) -> dict[str, str]:
    """Collect (and by default print) what this session runs on.

    Versions are read from package metadata, so only the GPU check imports TensorFlow.
    """
    from .cache import cache_dir
    from .checks import solutions_enabled
    off, reason = data_mode()
    report = {
        "Python": platform.python_version(),
        "TensorFlow": _tensorflow_version(),
        "Keras": _version("keras"),
        "NumPy": _version("numpy"),
        "ipywidgets": _version("ipywidgets"),
        "scikit-learn": _version("scikit-learn"),
        "Running on": "Google Colab" if is_colab() else f"{platform.system()} ({platform.machine()})",
        "Devices": _devices(check_gpu),
        "Data": ("offline stand-ins: " if off else "real datasets (downloaded on first use): ") + reason,
        "Download cache": str(cache_dir()),
        "Solutions": "can be revealed after a try" if solutions_enabled() else "turned off for this lab",
    }
    if show:
        width = max(map(len, report))
        for key, value in report.items():
            print(f"{key:<{width}}  {value}")
    return report


def start(seed: int = DEFAULT_SEED) -> None:
    """What every notebook's setup cell calls: seed, quiet logs, one line of status."""
    quiet_tensorflow()
    seed_everything(seed, keras=False)
    off, reason = data_mode()
    where = "Colab" if is_colab() else "local"
    data = f"offline stand-ins ({reason})" if off else "real datasets"
    root = Path(__file__).resolve().parent.parent
    print(f"Course helpers ready ({where}, Python {platform.python_version()}, seed {seed}); "
          f"data: {data}. Helpers from {root}")
