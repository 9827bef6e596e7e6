"""The course's environment: online or offline, a quiet TensorFlow, Colab or not.

Nothing here imports TensorFlow unless asked to, so notebooks that do not need it start fast, and
nothing here imports any other module of the course, so every module may import this one.
Seeding, ``start()`` and the environment report live in :mod:`utils.session`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading

_PROBE_HOST = ("storage.googleapis.com", 443)  # where Keras' datasets and weights live
_probe_cache: dict[str, object] = {}


def is_colab() -> bool:
    """True inside a Google Colab runtime.

    Used in 00 · Your environment (the environment report says where the course runs).
    """
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
    err = result.get("error", f"no answer within {timeout:.0f} s")
    return False, f"no network (could not reach {_PROBE_HOST[0]}: {err})"


def data_mode(refresh: bool = False) -> tuple[bool, str]:
    """Return ``(offline, reason)``.

    Offline when the environment variable ``COURSE_OFFLINE=1`` is set (the test command sets it,
    so results never depend on a network), or when the dataset host cannot be reached.  The
    network is probed once per session; pass ``refresh=True`` to probe again.  Offline only means
    "download nothing": data already in the Keras cache or in a local copy is still used.

    Used in 00 · Your environment (through the loaders of :mod:`utils.datasets`).
    """
    if _env_flag("COURSE_OFFLINE"):
        return True, "COURSE_OFFLINE=1 is set"
    if refresh or "mode" not in _probe_cache:
        _probe_cache["mode"] = _probe_network()
    online, reason = _probe_cache["mode"]
    return (not online), reason


def offline(refresh: bool = False) -> bool:
    """True when the course will download nothing (cached and local copies are still used).

    Used in 00 · Your environment.
    """
    return data_mode(refresh)[0]


def quiet_tensorflow() -> None:
    """Keep TensorFlow's start-up chatter away from the learner (call before or after import).

    Used in every notebook's setup cell, through ``utils.start()``.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # oneDNN's notice too; oneDNN itself stays on (fast)
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

    Used in 00 · Your environment (the GPU check), and by every loader that reads through Keras.
    """
    quiet_tensorflow()
    if "keras" not in sys.modules or "tensorflow" not in sys.modules:
        with _stderr_silenced():
            import keras  # noqa: F401
            import tensorflow  # noqa: F401
    quiet_tensorflow()
    return sys.modules["keras"]
