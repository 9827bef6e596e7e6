"""Benchmark for notebook 07: deck 004's CNN and the better CNN, timed and trained at full scale.

Run from the repository root:   python benchmarks/nb07.py            (the full run: about 12 min on 2 cores)
                                python benchmarks/nb07.py --quick    (a smoke test: small sizes, 1 epoch)

Rows, side by side for both models (``utils.cnn.deck004_model`` and ``utils.cnn.better_model``):
  1. seconds per epoch at 60,000 training images (batch 128), best of ``--repeats`` epochs with the spread,
     with TensorFlow's oneDNN kernels on (the default; the course keeps it) and off (a child process);
  2. both models trained on the real Fashion-MNIST (60,000 / 10,000) for ``--epochs`` epochs (8), each
     with its notebook recipe (deck 004: Adam at 0.001; the better model: Adam with ``cnn.cosine_decay``
     from 0.002 to 0 over those epochs), ``--train-repeats`` times: the test accuracy after the last
     epoch, the best one reached within ``--budget`` seconds (3 minutes), the wall time (training plus
     one test evaluation per epoch) and the wall time to 0.92, next to Zalando's published table;
  3. both models on the offline MNIST sample (4,000 / 1,000, the notebook's 5 epochs);
  4. with real MNIST reachable (Keras cache, local copy or network): test accuracy and the time to 99.2 %;
  5. the solved notebook's offline execution time (nbclient), unless ``--no-notebook``.
Without a real Fashion-MNIST, its rows are skipped with the reason.  Seeds: keras.utils.set_random_seed(0)
before each model; a CPU run repeats its accuracies, a GPU run may differ in the last digits.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

ZALANDO = [
    ("TensorFlow's 2 Conv + pooling", "0.916"),
    ('"2 Conv < 100K parameters"', "0.925"),
    ("3 Conv + pooling + BN", "0.903"),
    ("human performance", "0.835"),
]
ZALANDO_SOURCE = "github.com/zalandoresearch/fashion-mnist, README 'Benchmark' table (test accuracy)"
MODELS = ("deck004", "better")
NOTEBOOK = "notebooks/solutions/07_keras_cnn.ipynb"


FILTERS = 32  # the better model's first-block filters (the notebook's); --filters changes it
PEAK = 2e-3  # the better model's peak learning rate (the notebook's)
FASHION_TARGET = 0.92


def _build(name, epochs, n_train):
    """A fresh model compiled with its notebook recipe, for ``epochs`` epochs of ``n_train`` images."""
    from utils import cnn

    if name == "deck004":
        return cnn.compile_model(cnn.deck004_model(), 1e-3)
    return cnn.compile_model(cnn.better_model(filters=FILTERS), cnn.cosine_decay(PEAK, epochs, n_train))


def seconds_per_epoch(name, x, y, repeats):
    """Wall seconds of single epochs on (x, y), batch 128: one per repeat (after one warm-up batch)."""
    import keras

    keras.utils.set_random_seed(0)
    model = _build(name, repeats + 1, len(x))
    model.train_on_batch(x[:128], y[:128])  # compile the graph once, outside the timing
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.fit(x, y, epochs=1, batch_size=128, verbose=0)
        times.append(time.perf_counter() - start)
    return times


def _train(name, x, y, x_test, y_test, epochs, budget, target=None):
    """(curve, seconds to target or None): train with a callback that records time and test accuracy."""
    import keras

    from utils import cnn

    keras.utils.set_random_seed(0)
    model = _build(name, epochs, len(x))
    curve = []
    start = time.perf_counter()

    def record(epoch, logs):
        curve.append((time.perf_counter() - start, logs["val_accuracy"]))

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if curve and (curve[-1][0] > budget * 1.5 or (target is not None and curve[-1][1] >= target)):
                self.model.stop_training = True

    model.fit(
        x,
        y,
        epochs=epochs,
        batch_size=128,
        validation_data=(x_test, y_test),
        callbacks=[cnn.progress_callback(record), Stop()],
        verbose=0,
    )
    reached = next((t for t, a in curve if target is not None and a >= target), None)
    return curve, reached


def _fashion_row(name, runs, budget):
    """One table row over repeated runs: accuracies (lowest–highest) and times (best, spread)."""

    def span(values, fmt):
        lo, hi = min(values), max(values)
        return fmt.format(lo) if lo == hi else (fmt + "–" + fmt).format(lo, hi)

    last = [c[-1][1] for c in runs]
    seconds = [c[-1][0] for c in runs]
    within = [max((a for t, a in c if t <= budget), default=float("nan")) for c in runs]
    to_target = [next((t for t, a in c if a >= FASHION_TARGET), None) for c in runs]
    reached = [t for t in to_target if t is not None]
    if reached:
        target = f"{min(reached):.0f} ({max(reached) - min(reached):.0f})"
        if len(reached) < len(runs):
            target += f", {len(runs) - len(reached)} run(s) never"
    else:
        target = "not reached"
    cells = [
        span(last, "{:.4f}"),
        str(len(runs[0])),
        f"{min(seconds):.0f} ({max(seconds) - min(seconds):.0f})",
        span(within, "{:.4f}"),
        target,
    ]
    return f"| {name} | " + " | ".join(cells) + " |"


def _argv_for_child(args):
    """The child's arguments: the same sizes and repeats, row 1 only."""
    return ["--epoch-times-only", "--repeats", str(args.repeats), "--filters", str(args.filters)] + (
        ["--quick"] if args.quick else []
    )


def _epoch_times_without_onednn(child_args) -> dict:
    """Row 1 again in a fresh process with oneDNN off (it must be chosen before TensorFlow loads)."""
    env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS="0")
    done = subprocess.run(
        [sys.executable, os.path.abspath(__file__), *child_args], env=env, capture_output=True, text=True
    )
    for line in done.stdout.splitlines():
        if line.startswith("EPOCH_TIMES "):
            return json.loads(line[len("EPOCH_TIMES ") :])
    print(f"(the oneDNN-off run failed: {done.stderr.strip().splitlines()[-1:]})")
    return {}


def _notebook_seconds():
    """The solved notebook's time under nbval, offline (benchmarks/run.py's way of timing notebooks)."""
    from benchmarks.run import time_notebook

    os.environ["COURSE_OFFLINE"] = "1"
    return time_notebook(Path(__file__).resolve().parent.parent / NOTEBOOK)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes and 1 epoch: checks that it runs")
    ap.add_argument("--repeats", type=int, default=3, help="timed epochs per model for row 1 (default 3)")
    ap.add_argument("--epochs", type=int, default=8, help="epochs for rows 2 and 4 (default 8)")
    ap.add_argument("--train-repeats", type=int, default=2, help="training runs per model for row 2 (2)")
    ap.add_argument("--budget", type=float, default=180.0, help="the time goal in seconds (default 180)")
    ap.add_argument("--no-notebook", action="store_true", help="skip timing the notebook")
    ap.add_argument("--filters", type=int, default=32, help="the better model's first-block filters (32)")
    ap.add_argument("--epoch-times-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    global FILTERS
    FILTERS = args.filters
    os.environ.setdefault("COURSE_OFFLINE", "1")  # a benchmark never downloads
    if not args.epoch_times_only:
        os.environ["TF_ENABLE_ONEDNN_OPTS"] = "1"  # TensorFlow's default, whatever this shell says
    from utils import cnn, datasets, env, metrics

    env.import_keras()
    n_time, n_fashion, n_test = (3_000, 3_000, 1_000) if args.quick else (60_000, 60_000, 10_000)
    epochs = 1 if args.quick else args.epochs
    repeats = 1 if args.quick else args.repeats
    train_repeats = 1 if args.quick else args.train_repeats
    print(
        f"\nNotebook 07's CNNs on {os.cpu_count()} CPU cores"
        + (" (--quick: small sizes, 1 epoch)\n" if args.quick else "\n")
    )

    fashion = datasets.load_fashion_mnist(verbose=False)
    mnist = datasets.load_mnist(verbose=False)
    timing_source = fashion if fashion.is_real else mnist
    x_all = cnn.prepare_images(timing_source.x_train)
    reps = -(-n_time // len(x_all))
    x_time = np.concatenate([x_all] * reps)[:n_time]
    y_time = np.concatenate([timing_source.y_train] * reps)[:n_time]

    times_on = {name: seconds_per_epoch(name, x_time, y_time, repeats) for name in MODELS}
    if args.epoch_times_only:  # the oneDNN-off half of row 1, run in a child process
        print("EPOCH_TIMES " + json.dumps(times_on))
        return 0
    times_off = _epoch_times_without_onednn(_argv_for_child(args))
    print(
        f"1. Seconds per epoch, {n_time:,} training images of 28×28, batch 128, best of {repeats} (spread), "
        f"with TensorFlow's oneDNN kernels on (the default, and the course's) and off "
        f"(TF_ENABLE_ONEDNN_OPTS=0, what the course set before)\n"
    )
    print("| model | parameters | oneDNN on | oneDNN off | on is faster by |")
    print("|---|---:|---:|---:|---:|")
    for name in MODELS:
        on, off = times_on[name], times_off.get(name)
        n_params = _build(name, 1, 1).count_params()
        off_cell = f"{min(off):.1f} ({max(off) - min(off):.1f})" if off else "(not measured)"
        ratio = f"{min(off) / min(on):.2f}×" if off else ""
        print(f"| {name} | {n_params:,} | {min(on):.1f} ({max(on) - min(on):.1f}) | {off_cell} | {ratio} |")

    print(
        f"\n2. Real Fashion-MNIST, {epochs} epoch(s), {train_repeats} run(s) per model; "
        f"goal: the better model ≥ {FASHION_TARGET} within {args.budget:.0f} s\n"
    )
    if fashion.is_real:
        x, y = metrics.subsample(fashion.x_train, fashion.y_train, n_fashion, seed=0)
        xt, yt = metrics.subsample(fashion.x_test, fashion.y_test, n_test, seed=1)
        x, xt = cnn.prepare_images(x), cnn.prepare_images(xt)
        print(f"{len(x):,} training × {len(xt):,} test images; seconds: best (spread); accuracy: low–high\n")
        print(
            "| model | test accuracy (last epoch) | epochs | seconds | "
            f"best accuracy within {args.budget:.0f} s | seconds to {FASHION_TARGET} |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for name in MODELS:
            runs = [_train(name, x, y, xt, yt, epochs, args.budget)[0] for _ in range(train_repeats)]
            print(_fashion_row(name, runs, args.budget))
        print(f"\nZalando's published test accuracies ({ZALANDO_SOURCE}):\n")
        print("| published model | test accuracy |\n|---|---:|")
        for model, acc in ZALANDO:
            print(f"| {model} | {acc} |")
    else:
        print(f"skipped: no real Fashion-MNIST here ({fashion.reason}).")

    print(
        f"\n3. The MNIST {mnist.source} ({len(mnist.x_train):,} / {len(mnist.x_test):,}), "
        f"{1 if args.quick else 5} epoch(s) (the notebook's 5)\n"
    )
    print("| model | test accuracy | seconds |\n|---|---:|---:|")
    xs, xst = cnn.prepare_images(mnist.x_train), cnn.prepare_images(mnist.x_test)
    for name in MODELS:
        curve, _ = _train(name, xs, mnist.y_train, xst, mnist.y_test, 1 if args.quick else 5, 1e9)
        print(f"| {name} | {curve[-1][1]:.4f} | {curve[-1][0]:.0f} |")

    print("\n4. Real MNIST (60,000 / 10,000): test accuracy and the time to 99.2 %\n")
    if mnist.is_real:
        x, xt = cnn.prepare_images(mnist.x_train[:n_fashion]), cnn.prepare_images(mnist.x_test[:n_test])
        print(
            "| model | test accuracy (last epoch) | epochs | seconds | seconds to 99.2 % |\n"
            "|---|---:|---:|---:|---:|"
        )
        for name in MODELS:
            curve, reached = _train(
                name, x, mnist.y_train[:n_fashion], xt, mnist.y_test[:n_test], epochs, args.budget, 0.992
            )
            last_t, last_a = curve[-1]
            when = f"{reached:.0f}" if reached is not None else "not reached"
            print(f"| {name} | {last_a:.4f} | {len(curve)} | {last_t:.0f} | {when} |")
    else:
        print(f"skipped: real MNIST is not reachable here (the loader gave the {mnist.source}).")

    if not args.no_notebook and not args.quick:
        print(f"\n5. The solved notebook under nbval, offline: {_notebook_seconds():.0f} s (goal: ≤ 90 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
