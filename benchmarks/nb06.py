"""Benchmark: notebook 06's 2-D convolution, loops versus vectorised versus SciPy versus Keras Conv2D.

Run from the repository root:   python benchmarks/nb06.py [--quick]   (about half a minute on 2 cores)

Data: a seeded random 224×224×3 image (float32 numbers in [0, 1)) and 16 random 3×3×3 filters with
biases, "valid" padding, stride 1: output 222×222×16.  ``--quick`` uses a 64×64×3 image (a smoke test).
All five ways run side by side in one process, each best of several repeats (the loops once or
twice: they are slow); the table gives the best time, the spread (slowest − fastest repeat),
the ratio to Keras, and the largest absolute difference from Keras' output.

    utils.convolution.conv2d_loops   a Python loop over filters, rows and columns
    utils.convolution.conv2d         no pixel loop: one matrix product per kernel position, added up
    utils.convolution.im2col         every patch as a row (sliding_window_view), then one matrix product
    scipy.signal.correlate2d         one call per (channel, filter) pair, added up
    keras.layers.Conv2D              the same weights, called eagerly on a batch of one

Goals: the vectorised version within 5× of Keras, and every version equal to Keras within 1e-5.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from utils import convolution  # noqa: E402

FILTERS, KERNEL = 16, 3
GOAL_VS_KERAS = 5.0
GOAL_DIFF = 1e-5


def timed(fn, repeats):
    """(best seconds, slowest − fastest, result of the last run) over ``repeats`` runs."""
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), max(times) - min(times), out


def scipy_conv(x, kernels, bias):
    from scipy import signal

    out = []
    for f in range(kernels.shape[3]):
        acc = sum(signal.correlate2d(x[:, :, c], kernels[:, :, c, f], "valid") for c in range(x.shape[2]))
        out.append(acc + bias[f])
    return np.stack(out, axis=-1)


def keras_layer(kernels, bias, shape):
    from utils.env import import_keras

    keras = import_keras()
    layer = keras.layers.Conv2D(kernels.shape[3], kernels.shape[:2], padding="valid")
    layer.build((1, *shape))
    layer.set_weights([kernels.astype(np.float32), bias.astype(np.float32)])
    return layer


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 64×64 image: a smoke test")
    args = parser.parse_args(argv)
    side = 64 if args.quick else 224
    repeats = 3 if args.quick else 7
    rng = np.random.RandomState(0)
    x = rng.rand(side, side, 3).astype(np.float32)
    kernels = rng.randn(KERNEL, KERNEL, 3, FILTERS).astype(np.float32)
    bias = rng.randn(FILTERS).astype(np.float32)
    x64, k64, b64 = x.astype(np.float64), kernels.astype(np.float64), bias.astype(np.float64)

    layer = keras_layer(kernels, bias, x.shape)
    batch = x[None]
    np.asarray(layer(batch))  # the first call builds the graph: not timed
    rows = [
        ("Keras Conv2D", lambda: np.asarray(layer(batch))[0], repeats),
        ("vectorised (utils.convolution.conv2d)", lambda: convolution.conv2d(x64, k64, b64), repeats),
        (
            "im2col (utils.convolution.im2col) + one matrix product",
            lambda: (convolution.im2col(x64, KERNEL, KERNEL) @ k64.reshape(-1, FILTERS) + b64).reshape(
                side - KERNEL + 1, side - KERNEL + 1, FILTERS
            ),
            repeats,
        ),
        ("scipy.signal.correlate2d, 48 calls", lambda: scipy_conv(x64, k64, b64), repeats),
        ("loops (utils.convolution.conv2d_loops)", lambda: convolution.conv2d_loops(x64, k64, b64), 2),
    ]
    results = {}
    for name, fn, n in rows:
        results[name] = (*timed(fn, n), n)
    keras_s, _, reference, _ = results["Keras Conv2D"]

    out_shape = reference.shape
    print(
        f"# Notebook 06 · 2-D convolution: {side}×{side}×3 image, "
        f"{FILTERS} filters {KERNEL}×{KERNEL}, output {out_shape}"
    )
    print()
    print("| method | best of N (s) | spread (s) | N | ratio to Keras | max abs difference from Keras |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (best, spread, out, n) in results.items():
        diff = float(np.max(np.abs(np.asarray(out, dtype=np.float64) - reference)))
        print(f"| {name} | {best:.4f} | {spread:.4f} | {n} | {best / keras_s:.2g}× | {diff:.1e} |")
    vec_s, _, vec_out, _ = results["vectorised (utils.convolution.conv2d)"]
    ratio = vec_s / keras_s
    worst = max(
        float(np.max(np.abs(np.asarray(r[2], dtype=np.float64) - reference))) for r in results.values()
    )
    print()
    print(
        f"Goal: vectorised within {GOAL_VS_KERAS:g}× of Keras: {ratio:.2g}× "
        f"({'met' if ratio <= GOAL_VS_KERAS else 'NOT met'}); "
        f"all equal to Keras within {GOAL_DIFF:g}: largest difference {worst:.1e} "
        f"({'met' if worst <= GOAL_DIFF else 'NOT met'})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
