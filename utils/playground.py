"""The neural-network playground of notebook 05: data sets, a small NumPy network, a trainer, Keras code.

Taught in 05 (The playground).  TensorFlow Playground's idea, with more: five data sets (circles,
moons, XOR, spiral, Gaussian blobs) with 2 to 5 classes and a noise level, any hidden layers,
four activations, learning rate, batch size, L2 and dropout, and the **Keras code** of the current
settings, which trains the same network in Keras.  The engine is NumPy (the layers of
:mod:`utils.backprop`), fast enough to train in small chunks so a widget can redraw between them.
Nothing here draws (the widget is :func:`utils.figures.nb05.playground_app`).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace

import numpy as np

from . import activations, backprop
from ._validate import CourseInputError, CourseTypeError, check_choice, check_int, describe

__all__ = [
    "DATASETS",
    "ACTIVATIONS",
    "Settings",
    "parse_hidden",
    "make_dataset",
    "split",
    "data_for",
    "Network",
    "Trainer",
    "keras_code",
    "build_keras_model",
]

DATASETS = ("circles", "moons", "xor", "spiral", "blobs")
"""The playground's data sets, by name."""

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
"""The hidden layers' activations (Keras' names; 'linear' is no activation at all)."""


def _fraction(x, name: str, high: float = 1.0) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise CourseTypeError(f"`{name}` should be a number, got {describe(x)}.")
    x = float(x)
    if not 0.0 <= x <= high:
        raise CourseInputError(f"`{name}` should be between 0 and {high:g}, got {x:g}.")
    return x


def parse_hidden(text) -> tuple:
    """The hidden layers' widths from text such as "8, 8" (or a list); "" means no hidden layer.

    Each width 1–64, at most 6 layers.  Used in 05 · The playground (its "hidden layers" box).
    """
    if isinstance(text, str):
        parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
        try:
            widths = [int(p) for p in parts]
        except ValueError:
            raise CourseInputError(
                f"hidden layers {text!r}: write the width of each hidden layer, separated by commas, "
                "e.g. 8, 8 (two layers of 8 neurons) or leave it empty for none."
            ) from None
    elif isinstance(text, (list, tuple)):
        widths = list(text)
    else:
        raise CourseTypeError(
            f"hidden layers should be text like '8, 8' or a list of widths, got {describe(text)}."
        )
    if len(widths) > 6:
        raise CourseInputError(f"at most 6 hidden layers, got {len(widths)}.")
    return tuple(check_int(w, "each hidden layer's width", low=1, high=64) for w in widths)


@dataclass(frozen=True)
class Settings:
    """Everything the playground's controls set, with TensorFlow Playground's defaults where it has them.

    Taught in 05 · The playground.
    """

    dataset: str = "circles"
    noise: float = 0.1
    n_classes: int = 2
    n_samples: int = 300
    hidden: tuple = (8, 8)
    activation: str = "tanh"
    learning_rate: float = 0.03
    batch_size: int = 10
    l2: float = 0.0
    dropout: float = 0.0
    epochs: int = 100
    val_fraction: float = 0.3
    seed: int = 0

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "dataset", check_choice(self.dataset, "dataset", DATASETS))
        set_(self, "activation", check_choice(self.activation, "activation", ACTIVATIONS))
        set_(self, "noise", _fraction(self.noise, "noise"))
        set_(self, "n_classes", check_int(self.n_classes, "n_classes", low=2, high=5))
        set_(self, "n_samples", check_int(self.n_samples, "n_samples", low=20, high=5000))
        set_(self, "hidden", parse_hidden(self.hidden))
        lr = float(self.learning_rate)
        if not 0 < lr <= 10:
            raise CourseInputError(f"`learning_rate` should be between 0 (not 0) and 10, got {lr:g}.")
        set_(self, "learning_rate", lr)
        set_(self, "batch_size", check_int(self.batch_size, "batch_size", low=1, high=5000))
        set_(self, "l2", _fraction(self.l2, "l2"))
        set_(self, "dropout", _fraction(self.dropout, "dropout", high=0.9))
        set_(self, "epochs", check_int(self.epochs, "epochs", low=1, high=100000))
        set_(self, "val_fraction", _fraction(self.val_fraction, "val_fraction", high=0.9))
        set_(self, "seed", check_int(self.seed, "seed", low=0))

    def changed(self, **changes) -> Settings:
        """A copy with some settings changed (checked like the original)."""
        return replace(self, **changes)


# ------------------------------------------------------------------------------------ data
def _standardise(x):
    x = x - x.mean(axis=0)
    return x / np.abs(x).max() * 1.6


def make_dataset(
    name: str = "circles", n_samples: int = 300, noise: float = 0.1, n_classes: int = 2, seed: int = 0
):
    """Points X (n, 2) in about [-1.6, 1.6]² and labels y (n,) 0..n_classes-1, seeded.

    circles: concentric rings; moons: interleaved half circles; xor: a chequerboard of k×k cells
    (2×2 for two classes: XOR); spiral: k arms; blobs: k Gaussian clusters.  ``noise`` (0–1)
    jitters every point by that share of the data's scale.  Taught in 05 · The playground.
    """
    name = check_choice(name, "name", DATASETS)
    n = check_int(n_samples, "n_samples", low=2)
    noise = _fraction(noise, "noise")
    k = check_int(n_classes, "n_classes", low=2, high=5)
    rng = np.random.RandomState(check_int(seed, "seed", low=0))
    y = np.arange(n) % k
    rng.shuffle(y)
    if name == "circles":
        radius = (y + 0.5) / k + rng.uniform(-0.15, 0.15, n) / k
        angle = rng.uniform(0, 2 * np.pi, n)
        x = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    elif name == "moons":
        t = rng.uniform(0, np.pi, n)
        flip = np.where(y % 2 == 0, 1.0, -1.0)
        x = np.c_[y + flip * np.cos(t), 0.5 * (y % 2) + flip * np.sin(t)]
    elif name == "xor":
        cells = rng.randint(0, k, (n, 2))
        y = (cells[:, 0] + cells[:, 1]) % k
        x = (cells + rng.uniform(0.05, 0.95, (n, 2))) / k * 2 - 1
    elif name == "spiral":
        r = rng.uniform(0.08, 1.0, n)
        t = y * 2 * np.pi / k + r * 3.5
        x = np.c_[r * np.cos(t), r * np.sin(t)]
    else:  # blobs
        centres = np.c_[np.cos(2 * np.pi * np.arange(k) / k), np.sin(2 * np.pi * np.arange(k) / k)]
        x = centres[y] + rng.randn(n, 2) * 0.25
    x = _standardise(x) + rng.randn(n, 2) * noise * 1.6
    return x, y.astype(np.int64)


def split(x, y, val_fraction: float = 0.3, seed: int = 0):
    """A seeded train/validation split: (x_train, y_train, x_val, y_val).

    Taught in 05 · The playground.
    """
    n = len(x)
    n_val = int(round(_fraction(val_fraction, "val_fraction", high=0.9) * n))
    order = np.random.RandomState(check_int(seed, "seed", low=0) + 7).permutation(n)
    val, train = order[:n_val], order[n_val:]
    return x[train], y[train], x[val], y[val]


def data_for(settings: Settings):
    """The training and validation data the settings describe: (x_train, y_train, x_val, y_val).

    Taught in 05 · The playground (the same call starts the generated Keras code).
    """
    s = settings
    x, y = make_dataset(s.dataset, s.n_samples, s.noise, s.n_classes, s.seed)
    return split(x, y, s.val_fraction, s.seed)


# ---------------------------------------------------------------------------------- network
def _linear(x):
    return np.asarray(x, dtype=np.float64)


def _linear_grad(x):
    return np.ones_like(np.asarray(x, dtype=np.float64))


def _activation(name):
    return (_linear, _linear_grad) if name == "linear" else activations.get(name)


class Network:
    """A dense network 2 -> hidden… -> n_classes (softmax), in NumPy, trained with plain minibatch SGD.

    Weights: Glorot-uniform like Keras' default, biases 0.  L2 as in Keras: loss + l2·Σw² over
    every kernel.  Dropout after every hidden activation, as ``keras.layers.Dropout``.
    Taught in 05 · The playground.
    """

    def __init__(
        self, hidden=(8, 8), n_classes: int = 2, activation: str = "tanh", seed: int = 0, n_in: int = 2
    ):
        self.hidden = parse_hidden(hidden)
        self.activation = check_choice(activation, "activation", ACTIVATIONS)
        self.f, self.f_grad = _activation(self.activation)
        rng = np.random.RandomState(check_int(seed, "seed", low=0))
        sizes = [n_in, *self.hidden, check_int(n_classes, "n_classes", low=2)]
        self.weights, self.biases = [], []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            self.weights.append(rng.uniform(-limit, limit, (fan_in, fan_out)))
            self.biases.append(np.zeros(fan_out))

    @property
    def n_params(self) -> int:
        """How many numbers the network learns (Keras' ``count_params()`` of the same model)."""
        return int(sum(w.size + b.size for w, b in zip(self.weights, self.biases, strict=True)))

    def logits(self, x, dropout: float = 0.0, rng=None):
        """Logits (N, C) for x (N, 2), and the caches of every layer for :meth:`gradients`."""
        caches, a = [], np.asarray(x, dtype=np.float64)
        last = len(self.weights) - 1
        for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z, dense_cache = backprop.dense_forward(a, W, b)
            if i == last:
                caches.append((dense_cache, None, None))
                return z, caches
            a = self.f(z)
            a, drop_cache = backprop.dropout_forward(a, dropout, rng, training=rng is not None)
            caches.append((dense_cache, z, drop_cache))

    def loss_and_gradients(self, x, y, l2: float = 0.0, dropout: float = 0.0, rng=None):
        """(loss, [dW…], [db…]) on one minibatch: mean cross-entropy + l2·Σw², by backpropagation."""
        z, caches = self.logits(x, dropout, rng)
        loss, dz = backprop.softmax_cross_entropy(z, y)
        dWs, dbs = [None] * len(caches), [None] * len(caches)
        for i in range(len(caches) - 1, -1, -1):
            dense_cache, pre, drop_cache = caches[i]
            if pre is not None:
                dz = backprop.dropout_backward(dz, drop_cache) * self.f_grad(pre)
            dz, dWs[i], dbs[i] = backprop.dense_backward(dz, dense_cache)
            if l2:
                dWs[i] = dWs[i] + 2 * l2 * self.weights[i]
        if l2:
            loss += l2 * sum(float(np.sum(w * w)) for w in self.weights)
        return loss, dWs, dbs

    def step(self, x, y, learning_rate: float, l2: float = 0.0, dropout: float = 0.0, rng=None) -> float:
        """One SGD step on the minibatch (x, y); returns its loss before the step."""
        loss, dWs, dbs = self.loss_and_gradients(x, y, l2, dropout, rng)
        self.weights = [
            backprop.sgd_step(w, g, learning_rate) for w, g in zip(self.weights, dWs, strict=True)
        ]
        self.biases = [backprop.sgd_step(b, g, learning_rate) for b, g in zip(self.biases, dbs, strict=True)]
        return loss

    def probabilities(self, x) -> np.ndarray:
        """Softmax probabilities (N, C), no dropout."""
        return activations.softmax(self.logits(x)[0], axis=-1)

    def evaluate(self, x, y, l2: float = 0.0):
        """(loss, accuracy) on (x, y) without dropout; the loss includes the L2 term like Keras'."""
        z, _ = self.logits(x)
        loss, _ = backprop.softmax_cross_entropy(z, y)
        if l2:
            loss += l2 * sum(float(np.sum(w * w)) for w in self.weights)
        return loss, float(np.mean(np.argmax(z, axis=1) == y))


class Trainer:
    """Trains a :class:`Network` on the settings' data a few epochs at a time, keeping the curves.

    ``train_epochs(n)`` and ``train_for(seconds)`` return so that a widget can redraw in
    between; ``update(...)`` changes learning rate, batch size, L2, dropout or epochs on the fly;
    a new data set or architecture needs a new Trainer.  Taught in 05 · The playground.
    """

    LIVE = ("learning_rate", "batch_size", "l2", "dropout", "epochs")

    def __init__(self, settings: Settings | None = None, **changes):
        self.settings = (settings or Settings()).changed(**changes) if changes else (settings or Settings())
        s = self.settings
        self.x_train, self.y_train, self.x_val, self.y_val = data_for(s)
        self.network = Network(s.hidden, s.n_classes, s.activation, seed=s.seed)
        self.rng = np.random.RandomState(s.seed + 1)
        self.epoch = 0
        self.train_loss, self.val_loss, self.val_acc = [], [], []
        self.seconds = 0.0

    def update(self, **changes) -> None:
        """Change the settings that can change while training (see ``LIVE``)."""
        bad = [k for k in changes if k not in self.LIVE]
        if bad:
            raise CourseInputError(
                f"{', '.join(bad)} cannot change during training (they change the data or the network): "
                "make a new Trainer with the new settings."
            )
        self.settings = self.settings.changed(**changes)

    @property
    def done(self) -> bool:
        """Has it trained the number of epochs the settings ask for?"""
        return self.epoch >= self.settings.epochs

    def train_epochs(self, n: int = 1) -> None:
        """Train n more epochs (fewer if the settings' epoch count is reached)."""
        with backprop.one_blas_thread():
            self._train(check_int(n, "n", low=0))

    def _train(self, n: int) -> None:
        s, start = self.settings, time.perf_counter()
        for _ in range(n):
            if self.done:
                break
            rng = self.rng if s.dropout else None
            for idx in backprop.minibatches(len(self.x_train), s.batch_size, self.rng):
                self.network.step(self.x_train[idx], self.y_train[idx], s.learning_rate, s.l2, s.dropout, rng)
            self.epoch += 1
            self.train_loss.append(self.network.evaluate(self.x_train, self.y_train, s.l2)[0])
            loss, acc = self.network.evaluate(self.x_val, self.y_val, s.l2)
            self.val_loss.append(loss)
            self.val_acc.append(acc)
        self.seconds += time.perf_counter() - start

    def train_for(self, seconds: float = 0.25) -> int:
        """Train whole epochs for about ``seconds`` (at least one, unless done); returns how many."""
        start, before = time.perf_counter(), self.epoch
        while not self.done and (self.epoch == before or time.perf_counter() - start < seconds):
            self.train_epochs(1)
        return self.epoch - before

    def grid(self, size: int = 60, margin: float = 0.3):
        """Class probabilities on a size×size grid: xs (size,), ys (size,), p (size, size, C)."""
        pts = np.r_[self.x_train, self.x_val]
        lo, hi = pts.min(axis=0) - margin, pts.max(axis=0) + margin
        xs, ys = np.linspace(lo[0], hi[0], size), np.linspace(lo[1], hi[1], size)
        gx, gy = np.meshgrid(xs, ys)
        p = self.network.probabilities(np.c_[gx.ravel(), gy.ravel()])
        return xs, ys, p.reshape(size, size, -1)

    def readout(self) -> str:
        """One line: epoch, train and validation loss, validation accuracy."""
        if not self.epoch:
            return f"epoch 0 of {self.settings.epochs} · not trained yet · {self.network.n_params} parameters"
        return (
            f"epoch {self.epoch} of {self.settings.epochs} · train loss {self.train_loss[-1]:.3f} · "
            f"validation loss {self.val_loss[-1]:.3f} · validation accuracy {self.val_acc[-1]:.1%}"
        )


# ------------------------------------------------------------------------------- Keras
def keras_code(settings: Settings | None = None) -> str:
    """The Keras 3 code that builds and trains the same network on the same data, as text to copy.

    Run it (``exec``) and it leaves ``model`` and ``history`` behind and prints the validation accuracy.
    Taught in 05 · The playground.
    """
    s = settings or Settings()
    fields = asdict(s)
    args = f"{s.dataset!r}, " + ", ".join(
        f"{k}={fields[k]!r}" for k in ("n_samples", "noise", "n_classes", "seed")
    )
    reg = f", kernel_regularizer=keras.regularizers.L2({s.l2!r})" if s.l2 else ""
    layers = ["    keras.Input(shape=(2,)),"]
    for width in s.hidden:
        layers.append(f'    keras.layers.Dense({width}, activation="{s.activation}"{reg}),')
        if s.dropout:
            layers.append(f"    keras.layers.Dropout({s.dropout!r}),")
    layers.append(f'    keras.layers.Dense({s.n_classes}, activation="softmax"{reg}),')
    return "\n".join(
        [
            "import keras",
            "from utils import playground",
            "",
            f"x, y = playground.make_dataset({args})",
            "x_train, y_train, x_val, y_val = playground.split(",
            f"    x, y, val_fraction={s.val_fraction!r}, seed={s.seed!r}",
            ")",
            "",
            f"keras.utils.set_random_seed({s.seed!r})",
            "model = keras.Sequential([",
            *layers,
            "])",
            "model.compile(",
            f"    optimizer=keras.optimizers.SGD(learning_rate={s.learning_rate!r}),",
            '    loss="sparse_categorical_crossentropy",',
            '    metrics=["accuracy"],',
            ")",
            "history = model.fit(",
            "    x_train, y_train, validation_data=(x_val, y_val),",
            f"    epochs={s.epochs!r}, batch_size={s.batch_size!r}, verbose=0,",
            ")",
            "print(f\"validation accuracy: {history.history['val_accuracy'][-1]:.1%}\")",
        ]
    )


def build_keras_model(settings: Settings | None = None):
    """The compiled Keras model of :func:`keras_code` (same layers, optimiser and loss), untrained.

    Taught in 05 · The playground.
    """
    from .env import import_keras

    keras = import_keras()
    s = settings or Settings()
    reg = keras.regularizers.L2(s.l2) if s.l2 else None
    layers = [keras.Input(shape=(2,))]
    for width in s.hidden:
        layers.append(keras.layers.Dense(width, activation=s.activation, kernel_regularizer=reg))
        if s.dropout:
            layers.append(keras.layers.Dropout(s.dropout))
    layers.append(keras.layers.Dense(s.n_classes, activation="softmax", kernel_regularizer=reg))
    model = keras.Sequential(layers)
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=s.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
