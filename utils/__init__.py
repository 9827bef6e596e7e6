"""From Pixels to Pretrained: the course's helper package.

Each notebook's setup cell does ``import utils`` and calls :func:`start`.  From a notebook to its
code in one hop:

=========  ====================================  ======================  =======================
notebook   concept modules (tested, never draw)  figures, widget bodies  exercises (tests, hints)
=========  ====================================  ======================  =======================
00         utils.images (invert, threshold)      utils.figures.nb00      utils.exercises.nb00
01         utils.images, utils.transforms,       utils.figures.nb01      utils.exercises.nb01
           utils.dataset_facts
02         utils.knn, utils.metrics              utils.figures.nb02      utils.exercises.nb02
03         utils.features (histograms, HOG,      utils.figures.nb03      utils.exercises.nb03
           SIFT/ORB, bag of visual words)
04         utils.perceptron, utils.activations   utils.figures.nb04      utils.exercises.nb04
05         utils.backprop, utils.gradient_check  utils.figures.nb05      utils.exercises.nb05
           utils.playground, utils.activations
06         utils.convolution (conv2d, pooling)   utils.figures.nb06      utils.exercises.nb06
07         utils.cnn (Keras models, feature       utils.figures.nb07      utils.exercises.nb07
           maps, robustness), utils.metrics
08         utils.transfer (model zoo, freezing,  utils.figures.nb08      utils.exercises.nb08
           heads, the course CNN, embeddings),
           utils.datasets.load_cats_vs_dogs
09         utils.teachable (cosine k-NN store,   utils.figures.nb09      utils.exercises.nb09
           save/load), utils.transfer
=========  ====================================  ======================  =======================

Shared by every notebook:
    utils.lecture_examples  the lectures' worked examples as data (deck 001's 4×4 images, …)
    utils.metrics           accuracy, top-k accuracy, confusion matrix, k-fold splits, seeded subsets
    utils.plotting          general figures: image rows, pixel grids, channels, confusion matrices,
                            training curves, misclassified galleries
    utils.widgets           wires ipywidgets controls to plain functions (ipywidgets 7 and 8)
    utils.datasets          MNIST, Fashion-MNIST, cats vs dogs, sample photos: real data, or announced
    utils.fashion_standin   the last-resort stand-in for Fashion-MNIST (clothing the course draws)
    utils.cache             the download cache: checksums, local copies, prefetching for a lab
    utils.env               quiet TensorFlow, online/offline, Colab or not (imports nothing else from here)
    utils.session           start(), seed_everything() and the environment report
    utils.checks            the exercise mechanism: check(), show_solution()
    utils.errors            the course's error types, shown to learners without a long traceback

Where new code goes is written down in ``notebooks/README.md`` ("Where code goes").
"""

from __future__ import annotations

import os as _os

# Quiet TensorFlow's C++ start-up log before anything can import it.  (oneDNN stays on: turning it
# off to hide its start-up notice made every CNN train about half as fast on a CPU; benchmarks/nb07.py.)
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from .env import import_keras, offline  # noqa: E402
from .session import environment_report, seed_everything, start  # noqa: E402

__all__ = ["start", "seed_everything", "import_keras", "environment_report", "offline"]
