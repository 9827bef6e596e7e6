"""A notebook's session: ``start()`` (every setup cell calls it), seeding, and the environment report.

This module sits above :mod:`utils.env` (online/offline, TensorFlow) and :mod:`utils.cache` (which
data is where), so neither of those needs to import the other.  It imports :mod:`utils.cache` only
inside the report, so that ``import utils`` leaves it alone and ``python -m utils.cache`` (make
prefetch) runs it once.
"""

from __future__ import annotations

import os
import platform
import random
from importlib import metadata
from pathlib import Path

import numpy as np

from ._validate import check_int
from .checks import solutions_enabled
from .env import data_mode, import_keras, is_colab, quiet_tensorflow
from .errors import install_friendly_errors

DEFAULT_SEED = 0


def seed_everything(seed: int = DEFAULT_SEED, *, keras: bool = True) -> int:
    """Seed Python, NumPy and (with ``keras=True``) Keras/TensorFlow.  Returns the seed.

    On a CPU, TensorFlow's ops are also made deterministic, so a run repeats to the last digit.  On
    a GPU (Colab) they are not: some GPU kernels have no deterministic version and would raise, so
    a GPU run starts from the same weights and batches but its sums may round differently, and the
    last digits of a loss or an accuracy can differ from run to run.  Call it again before training
    to make a run repeatable.

    Used in every notebook's setup cell (through ``start()``), and before training in later notebooks.
    """
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    if keras:
        keras_module = import_keras()
        import tensorflow as tf

        keras_module.utils.set_random_seed(seed)
        if not tf.config.list_physical_devices("GPU"):
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


def _network_line(off: bool, reason: str) -> str:
    if off:
        return f"offline ({reason}): nothing is downloaded; cached and local copies are still used"
    return "online: a dataset that is not cached yet is downloaded on first use"


def environment_report(*, check_gpu: bool = True, show: bool = True) -> dict[str, str]:
    """Collect (and by default print) what this session runs on, and where each dataset will come from.

    Versions are read from package metadata, so only the GPU check imports TensorFlow.  The lines
    named after a dataset ("MNIST", "Fashion-MNIST") say which source its loader will use.

    Used in 00 · Your environment.
    """
    from . import cache  # imported here: `python -m utils.cache` must not find it imported already

    off, reason = data_mode()
    report = {
        "Python": platform.python_version(),
        "TensorFlow": _tensorflow_version(),
        "Keras": _version("keras"),
        "NumPy": _version("numpy"),
        "ipywidgets": _version("ipywidgets"),
        "scikit-learn": _version("scikit-learn"),
        "mlxtend": _version("mlxtend"),
        "Running on": "Google Colab" if is_colab() else f"{platform.system()} ({platform.machine()})",
        "Devices": _devices(check_gpu),
        "Data": _network_line(off, reason),
        "Download cache": str(cache.cache_dir()),
        "Local copies": cache.describe_local_folders(),
    }
    for dataset, source, detail in cache.dataset_sources():
        report[dataset] = f"{source}: {detail}"
    report["Solutions"] = "can be revealed after a try" if solutions_enabled() else "turned off for this lab"
    if show:
        width = max(map(len, report))
        for key, value in report.items():
            print(f"{key:<{width}}  {value}")
    return report


def start(seed: int = DEFAULT_SEED) -> None:
    """What every notebook's setup cell calls: seed, quiet logs, short errors, one line of status.

    Used in every notebook's setup cell.
    """
    quiet_tensorflow()
    seed_everything(seed, keras=False)
    install_friendly_errors()
    off, reason = data_mode()
    where = "Colab" if is_colab() else "local"
    if off:
        data = f"offline ({reason}): the Keras cache or a local copy if they have it, else a sample"
    else:
        data = "real datasets (from the Keras cache, or downloaded on first use)"
    root = Path(__file__).resolve().parent.parent
    print(
        f"Course helpers ready ({where}, Python {platform.python_version()}, seed {seed}); "
        f"data: {data}. Helpers from {root}"
    )
