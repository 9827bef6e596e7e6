"""From Pixels to Pretrained: the course's helper package.

Plumbing lives here (loading data, plotting, widgets, exercise checks) together with tested
reference versions of what the notebooks teach.  Each notebook's setup cell does ``import utils``
and calls :func:`start`.

Modules, by what you are looking for:
    utils.env        seeding, quiet TensorFlow, environment report, online/offline
    utils.datasets   MNIST, Fashion-MNIST and sample photos, real or announced stand-in
    utils.cache      the download cache: checksums, prefetching for a lab
    utils.checks     exercises: check(), show_solution()
    utils.widgets    ipywidgets helpers that work on ipywidgets 7 (Colab) and 8
    utils.images     notebook 01: channels, colour spaces, the challenges as transforms
    utils.plotting   showing images and pixel grids
    utils.knn        notebook 02: distances and k-nearest neighbours
    utils.fashion_standin   the offline stand-in for Fashion-MNIST (clothing the course draws)
    utils.exercises  the exercises' tests, hints and reference answers, one module per notebook
"""
from __future__ import annotations

import os as _os

# Quiet TensorFlow's C++ start-up log before anything can import it.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
_os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from .env import environment_report, import_keras, offline, seed_everything, start  # noqa: E402

__all__ = ["start", "seed_everything", "import_keras", "environment_report", "offline"]
