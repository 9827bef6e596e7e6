"""Benchmark: notebook 04's interactive and training pieces, so the widget stays responsive.

Run from the repository root:   python benchmarks/nb04.py [--quick]   (about half a minute on 2 cores)

Times, best of several repeats with their spread (min … max), side by side in one run:
    * the perceptron widget: one redraw (``show_perceptron``: compute + draw, figure closed), one
      "step" press, one "train" press from the starting line (all updates until converged);
    * the perceptron rule on 30 points (``Perceptron.fit``) and the XOR search over 72,360 lines;
    * the linear classifier on 4,000 digits (one epoch of softmax regression, 784 × 10);
    * the universal-approximation fit with 160 ReLUs.
The notebook's own execution time is measured by ``make bench`` (benchmarks/run.py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from utils import perceptron  # noqa: E402
from utils.figures import nb04  # noqa: E402

GOAL_REDRAW_S = 0.5  # a slider move or button press should redraw within half a second


def timed(fn, repeats):
    """(best, worst) wall time of ``repeats`` runs of ``fn``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), max(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke test)")
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else 7
    start = nb04.PERCEPTRON_START
    X, y = nb04.perceptron_data()
    rng = np.random.RandomState(0)
    digits = rng.randint(0, 256, (4000, 28, 28)).astype(np.uint8)
    labels = rng.randint(0, 10, 4000)
    x_curve = np.linspace(-3, 3, 400)
    y_curve = perceptron.target_curve(x_curve)
    xor = perceptron.gate_target("xor")

    def redraw():
        with contextlib.redirect_stdout(io.StringIO()):
            nb04.show_perceptron(**start)
            plt.gcf().canvas.draw()
        plt.close("all")

    rows = [
        ("widget: one redraw (compute + draw)", redraw, GOAL_REDRAW_S),
        ("widget: one 'step' press (compute only)", lambda: nb04.press_step(**start), GOAL_REDRAW_S),
        ("widget: one 'train' press (compute only)", lambda: list(nb04.press_train(**start)), GOAL_REDRAW_S),
        (
            "perceptron rule, 30 points, to convergence",
            lambda: perceptron.Perceptron([0.5, -0.5]).fit(X, y),
            None,
        ),
        ("XOR: search over 72,360 lines", lambda: perceptron.best_single_line(*xor), None),
        (
            "linear classifier: 1 epoch on 4,000 digits",
            lambda: perceptron.fit_linear_classifier(digits, labels, epochs=1),
            None,
        ),
        (
            "universal approximation: 160 ReLUs",
            lambda: perceptron.fit_relu_width(x_curve, y_curve, 160),
            None,
        ),
    ]
    print(f"notebook 04 pieces, best of {repeats} (min … max), seconds\n")
    print("| what | best (s) | spread (s) | goal |")
    print("|---|---:|---:|---|")
    ok = True
    for name, fn, goal in rows:
        best, worst = timed(fn, repeats)
        verdict = "" if goal is None else (f"≤ {goal} s ✓" if best <= goal else f"≤ {goal} s ✗")
        ok &= goal is None or best <= goal
        print(f"| {name} | {best:.4f} | {best:.4f} … {worst:.4f} | {verdict} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
