"""Benchmark for notebook 05: the NumPy two-layer network vs the same network in Keras, and the playground.

Run from the repository root:   python benchmarks/nb05.py [--quick]

Rows, side by side in one run (best of REPEATS runs, with the spread):
  * seconds per epoch of deck 003's minibatch SGD on the digits (784 -> Dense(64) ReLU -> Dense(10),
    batch 32, learning rate 0.1, 4,000 training digits), NumPy (utils.backprop) and Keras 3 (SGD, same
    layers, loss and batch size), and the validation accuracy each reaches after EPOCHS epochs;
  * the playground's seconds per 100 epochs on its default data (circles, "8, 8", tanh), training
    only, and with the widget's redraws (a PNG every chunk of 0.2 s), which must stay under 15 s.
The digits are the course's MNIST (offline: the announced 5,000-digit sample).  --quick: 1 repeat,
2 epochs.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from utils import backprop, datasets, metrics, playground  # noqa: E402

HIDDEN, LR, BATCH = 64, 0.1, 32
GOAL_PLAYGROUND_S = 15.0


def digits():
    with contextlib.redirect_stdout(io.StringIO()):
        ds = datasets.load_mnist(verbose=False)
    (xa, ya), (xt, yt) = ds
    x_train, y_train = metrics.subsample(xa, ya, 4000, seed=0)
    x_val, y_val = metrics.subsample(xt, yt, 1000, seed=1)
    flat = lambda x: (x.reshape(len(x), -1) / 255.0).astype(np.float64)  # noqa: E731
    return flat(x_train), y_train, flat(x_val), y_val, ds.source


def numpy_run(data, epochs):
    x_train, y_train, x_val, y_val, _ = data
    start = time.perf_counter()
    hist = backprop.train_two_layer(
        x_train, y_train, x_val, y_val, n_hidden=HIDDEN, learning_rate=LR, epochs=epochs, batch_size=BATCH
    )
    return (time.perf_counter() - start) / epochs, hist.val_acc[-1]


def keras_run(data, epochs):
    from utils.env import import_keras

    keras = import_keras()
    x_train, y_train, x_val, y_val, _ = data
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(HIDDEN, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=LR),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(
        x_train[:64], y_train[:64], epochs=1, batch_size=BATCH, verbose=0
    )  # build and trace once, untimed
    keras.utils.set_random_seed(0)
    model = keras.models.clone_model(model)
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=LR),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    hist = model.fit(
        x_train, y_train, validation_data=(x_val, y_val), epochs=epochs, batch_size=BATCH, verbose=0
    )
    return (time.perf_counter() - start) / epochs, hist.history["val_accuracy"][-1]


def playground_run(redraw: bool):
    if redraw:
        import matplotlib

        matplotlib.use("Agg")
        from utils.figures import nb05

        app = nb05.PlaygroundApp(background=False)
        start = time.perf_counter()
        app.train()
        return time.perf_counter() - start, app.trainer.val_acc[-1]
    trainer = playground.Trainer()
    start = time.perf_counter()
    trainer.train_epochs(100)
    return time.perf_counter() - start, trainer.val_acc[-1]


def best(fn, repeats):
    runs = [fn() for _ in range(repeats)]
    times = [t for t, _ in runs]
    return min(times), max(times) - min(times), runs[-1][1]


def main():
    quick = "--quick" in sys.argv
    repeats, epochs = (1, 2) if quick else (3, 5)
    data = digits()
    rows = [
        (f"NumPy two-layer net, s/epoch ({epochs} epochs)", best(lambda: numpy_run(data, epochs), repeats)),
        (f"Keras same net, s/epoch ({epochs} epochs)", best(lambda: keras_run(data, epochs), repeats)),
        ("playground, s per 100 epochs (training only)", best(lambda: playground_run(False), repeats)),
        ("playground, s per 100 epochs (with redraws)", best(lambda: playground_run(True), repeats)),
    ]
    print(
        f"Notebook 05 benchmark · digits: {data[4]} MNIST, 4,000 train / 1,000 validation · best of {repeats}"
    )
    print()
    print("| what | best (s) | spread (s) | validation accuracy |")
    print("|---|---:|---:|---:|")
    for name, (t, spread, acc) in rows:
        print(f"| {name} | {t:.3f} | {spread:.3f} | {acc:.1%} |")
    ok = rows[3][1][0] < GOAL_PLAYGROUND_S
    print()
    print(
        f"goal: 100 playground epochs with redraws under {GOAL_PLAYGROUND_S:.0f} s: "
        + ("met" if ok else "MISSED")
    )


if __name__ == "__main__":
    main()
