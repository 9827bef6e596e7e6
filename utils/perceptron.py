"""Notebook 04: neurons and perceptrons.

Tested reference code that the notebook builds step by step and later notebooks reuse.

The neuron is McCulloch and Pitts' (deck 003): a(x, w) = σ(Σᵢ wᵢxᵢ − w₀), a weighted sum of the
inputs minus a threshold w₀, through an activation σ (the step by default, see
:mod:`utils.activations`).  Deck 002 writes the same neuron as step(bias + Σᵢ xᵢWᵢ) with the step at
200, i.e. w₀ = 200 − bias.

Shapes used throughout:
    x  (n,) one sample with n inputs, or X (N, n) a set of N samples
    w  (n,) the weights, w0 a number (the threshold; −w0 is the bias)
    y  (N,) labels 0 or 1 (what a step neuron outputs)

Conventions:
    * ``step(z)`` is 1 where z ≥ 0, so a point exactly on the line counts as class 1 (deck 002's
      "1 if x ≥ 200").  The perceptron's decisions allow for rounding in the last digit (a sum
      1e-9 below the threshold counts as on it), so they are the same on every machine.
    * The perceptron rule updates only on a mistake: w ← w + η(y − ŷ)x and w₀ ← w₀ − η(y − ŷ).
      :meth:`Perceptron.step` visits the samples in order, cyclically, and returns the update it made.
    * Everything random takes a ``seed``; the same seed gives the same numbers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import activations
from ._validate import CourseInputError, CourseTypeError, as_array, check_choice, check_int, describe

__all__ = [
    "weighted_sum",
    "neuron",
    "Gate",
    "GATES",
    "boolean_inputs",
    "truth_table",
    "gate_target",
    "LineSearch",
    "best_single_line",
    "XOR_NETWORK",
    "two_layer",
    "TwoLayerNet",
    "fit_two_layer",
    "perceptron_update",
    "Update",
    "Perceptron",
    "make_separable",
    "student_scores",
    "LinearClassifier",
    "fit_linear_classifier",
    "target_curve",
    "ReluFit",
    "fit_relu_width",
    "TABULAR_CSV",
    "load_tabular",
    "standardize",
    "deck_model",
]


# ------------------------------------------------------------------------------ input checks
def _samples(x, name: str = "x") -> tuple[np.ndarray, bool]:
    """``x`` as a float (N, n) array, and whether it was a single sample (n,)."""
    arr = as_array(
        x, name, ndim=(1, 2), dtype_kind="uifb", hint="Pass one sample (n,) or a set of samples (N, n)."
    )
    if arr.size == 0:
        raise CourseInputError(f"`{name}` is empty (shape {arr.shape}); pass at least one input value.")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise CourseInputError(f"`{name}` contains NaN or infinity; a neuron needs finite inputs.")
    return (arr[None, :], True) if arr.ndim == 1 else (arr, False)


def _line(x, name: str) -> np.ndarray:
    """A number or a 1-D array of finite numbers, as float64 (N,)."""
    arr = as_array(x, name, ndim=(0, 1), dtype_kind="uif", hint="Pass a number or a 1-D array of numbers.")
    arr = np.atleast_1d(arr).astype(np.float64)
    if arr.size == 0 or not np.all(np.isfinite(arr)):
        raise CourseInputError(f"`{name}` should hold at least one finite number (no NaN or infinity).")
    return arr


def _weights(w, n: int | None = None, name: str = "w") -> np.ndarray:
    arr = as_array(w, name, ndim=(0, 1), dtype_kind="uifb", hint="Pass one weight per input, e.g. [1, 1].")
    arr = np.atleast_1d(arr).astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise CourseInputError(f"`{name}` contains NaN or infinity; weights must be finite numbers.")
    if n is not None and arr.shape != (n,):
        raise CourseInputError(
            f"`{name}` has {arr.size} weights but each sample has {n} inputs: one weight per input."
        )
    return arr


def _number(x, name: str) -> float:
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x.item()
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise CourseTypeError(f"`{name}` should be a number, but got {describe(x)}.")
    value = float(x)
    if not np.isfinite(value):
        raise CourseInputError(f"`{name}` should be a finite number, but got {value}.")
    return value


def _positive(x, name: str) -> float:
    value = _number(x, name)
    if value <= 0:
        raise CourseInputError(f"`{name}` should be a positive number such as 0.1, but got {value:g}.")
    return value


def _labels01(y, n: int, name: str = "y") -> np.ndarray:
    arr = as_array(y, name, ndim=1, dtype_kind="uifb", hint="Pass one label, 0 or 1, per sample.")
    if arr.shape[0] != n:
        raise CourseInputError(f"`{name}` has {arr.shape[0]} labels but there are {n} samples.")
    if not np.all(np.isin(arr, (0, 1))):
        raise CourseInputError(f"`{name}` should hold only 0 and 1 (the two classes a step neuron outputs).")
    return arr.astype(np.int64)


_TOL = 1e-9
"""Sums within 1e-9 below a threshold count as reaching it: the course's weights and inputs have a few
decimals, so such a gap is rounding in the last digit (0.8·60 + 0.1·70 − 0.1·50 can come out as
199.99999999999997 instead of 200), and a decision must not depend on it."""


def _fires(z):
    """The perceptron's decision: 1 where z ≥ 0, allowing for rounding (:data:`_TOL`)."""
    return (np.asarray(z) >= -_TOL).astype(np.int64)


# ------------------------------------------------------------------------------ one neuron
def weighted_sum(x, w, w0=0.0):
    """The neuron's input to its activation: Σᵢ wᵢxᵢ − w₀, for one sample (a number) or each of N.

    Taught in 04 · From a biological neuron to a formula.
    """
    X, single = _samples(x)
    w = _weights(w, X.shape[1])
    z = X @ w - _number(w0, "w0")
    return float(z[0]) if single else z


def neuron(x, w, w0=0.0, activation: str = "step"):
    """McCulloch–Pitts' neuron a(x, w) = σ(Σᵢ wᵢxᵢ − w₀) (deck 003), the step by default.

    ``activation`` is one of 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu'.  One sample (n,) gives a
    number, N samples (N, n) give N outputs.  Taught in 04 · From a biological neuron to a formula.
    """
    fn, _ = activations.get(activation)
    return fn(weighted_sum(x, w, w0))


def student_scores(grades, weights, bias=0.0):
    """Deck 002's weighted sum X = bias + Σᵢ xᵢWᵢ of each student's grades (History, Math, Science).

    ``grades`` (N, 3); returns (N,).  Deck 002 then passes a student whose X reaches 200:
    ``activations.step(X, 200)``.  Taught in 04 · The lecture's student example.
    """
    # rounded to 9 decimals, so that a sum of exactly 200 is 200 and not 199.99999999999997
    return np.round(weighted_sum(grades, weights, -_number(bias, "bias")), 9)


# ------------------------------------------------------------------------------ logic gates
class Gate(NamedTuple):
    """A logic gate as one neuron: its weights, threshold w₀ and the formula the deck writes.

    Taught in 04 · Logic gates from one neuron.
    """

    w: tuple
    w0: float
    formula: str


GATES = {
    "and": Gate((1.0, 1.0), 1.5, "σ(x¹ + x² − 3/2)"),
    "or": Gate((1.0, 1.0), 0.5, "σ(x¹ + x² − 1/2)"),
    "not": Gate((-1.0,), -0.5, "σ(−x + 1/2)"),
    "nand": Gate((-1.0, -1.0), -1.5, "σ(−x¹ − x² + 3/2)"),
}
"""Deck 003's AND, OR and NOT (x¹+x²−3/2, x¹+x²−1/2, −x+1/2), and NAND = NOT AND: σ(−x¹−x²+3/2)."""

_TARGETS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "and": lambda x: x[:, 0] & x[:, 1],
    "or": lambda x: x[:, 0] | x[:, 1],
    "not": lambda x: 1 - x[:, 0],
    "nand": lambda x: 1 - (x[:, 0] & x[:, 1]),
    "nor": lambda x: 1 - (x[:, 0] | x[:, 1]),
    "xor": lambda x: x[:, 0] ^ x[:, 1],
}


def boolean_inputs(n: int = 2) -> np.ndarray:
    """Every combination of n inputs 0/1, one per row, in counting order: 00, 01, 10, 11.

    Taught in 04 · Logic gates from one neuron.
    """
    n = check_int(n, "n", low=1, high=12)
    return np.array(list(itertools.product((0, 1), repeat=n)), dtype=np.int64)


def truth_table(w, w0) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a step neuron: (every 0/1 input, one per row; the neuron's output 0/1 on each).

    The number of weights sets the number of inputs.  Taught in 04 · Logic gates from one neuron.
    """
    w = _weights(w)
    inputs = boolean_inputs(w.size)
    return inputs, np.asarray(neuron(inputs, w, w0), dtype=np.int64)


def gate_target(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table a gate should have: ('and', 'or', 'not', 'nand', 'nor', 'xor') → (inputs, outputs).

    Taught in 04 · Logic gates from one neuron.
    """
    name = check_choice(name, "name", tuple(_TARGETS))
    inputs = boolean_inputs(1 if name == "not" else 2)
    return inputs, _TARGETS[name](inputs).astype(np.int64)


# ------------------------------------------------------------------------------ XOR
class LineSearch(NamedTuple):
    """The best single line a search found: how many points it gets right, and the line itself.

    Taught in 04 · XOR needs two layers.
    """

    best_correct: int
    n_points: int
    w: np.ndarray
    w0: float
    n_lines: int


def best_single_line(X, y, n_angles: int = 360, n_offsets: int = 201) -> LineSearch:
    """Try n_angles × n_offsets lines w·x = w₀ and keep the one that gets the most points right.

    Directions w = (cos θ, sin θ) for θ in [0, 2π) (so both orientations are tried), thresholds w₀
    evenly spaced over the range the points' projections span, plus a margin; of the lines that get
    the most right, the one farthest from its nearest point is returned.  For XOR's four points
    no line gets more than 3 right; for AND or OR one gets all 4.
    Taught in 04 · XOR needs two layers.
    """
    X, _ = _samples(X, "X")
    if X.shape[1] != 2:
        raise CourseInputError(f"`X` should hold 2-D points, shape (N, 2), but has shape {X.shape}.")
    y = _labels01(y, X.shape[0])
    n_angles = check_int(n_angles, "n_angles", low=4, high=100_000)
    n_offsets = check_int(n_offsets, "n_offsets", low=3, high=100_000)
    theta = np.arange(n_angles) * (2 * np.pi / n_angles)
    W = np.stack([np.cos(theta), np.sin(theta)], axis=1)  # (A, 2)
    proj = X @ W.T  # (N, A)
    radius = float(np.abs(proj).max()) + 1.0
    offsets = np.linspace(-radius, radius, n_offsets)  # (O,)
    pred = proj[:, :, None] >= offsets[None, None, :]  # (N, A, O)
    correct = (pred == y[:, None, None].astype(bool)).sum(axis=0)  # (A, O)
    margin = np.abs(proj[:, :, None] - offsets[None, None, :]).min(axis=0)  # the nearest point's distance
    best = np.where(correct == correct.max(), margin, -1.0)  # of the best lines, the one farthest from points
    a, o = np.unravel_index(int(np.argmax(best)), best.shape)
    return LineSearch(
        int(correct[a, o]), int(X.shape[0]), W[a].copy(), float(offsets[o]), n_angles * n_offsets
    )


XOR_NETWORK = {
    "W1": np.array([[1.0, -1.0], [1.0, -1.0]]),
    "w01": np.array([0.5, -1.5]),
    "w2": np.array([1.0, 1.0]),
    "w02": 1.5,
}
"""XOR from the deck's own gates, in two layers: hidden unit 1 is OR (x¹+x²−1/2), hidden unit 2 is
NAND (−x¹−x²+3/2), and the output is AND of the two (h¹+h²−3/2).  W1's column j holds hidden unit j's
weights."""
for _v in XOR_NETWORK.values():
    if isinstance(_v, np.ndarray):
        _v.setflags(write=False)


def two_layer(x, W1, w01, w2, w02, activation: str = "step"):
    """A two-layer network of threshold neurons: h = σ(x·W1 − w01), out = σ(h·w2 − w02).

    x (N, n); W1 (n, H) with column j the weights of hidden unit j; w01 (H,); w2 (H,); w02 a number.
    Returns (hidden (N, H), output (N,)).  ``two_layer(X, **XOR_NETWORK)`` computes XOR.
    Taught in 04 · XOR needs two layers.
    """
    X, _ = _samples(x)
    W1 = as_array(W1, "W1", ndim=2, dtype_kind="uif").astype(np.float64)
    if W1.shape[0] != X.shape[1]:
        raise CourseInputError(
            f"`W1` has {W1.shape[0]} rows but each sample has {X.shape[1]} inputs: W1 is (inputs, hidden)."
        )
    w01 = _weights(w01, W1.shape[1], "w01")
    w2 = _weights(w2, W1.shape[1], "w2")
    fn, _ = activations.get(activation)
    hidden = np.asarray(fn(X @ W1 - w01), dtype=np.float64)
    out = np.asarray(fn(hidden @ w2 - _number(w02, "w02")), dtype=np.float64)
    return hidden, out


class TwoLayerNet(NamedTuple):
    """A trained 2-layer sigmoid network (hidden units, one sigmoid output) and its loss per epoch.

    Taught in 04 · XOR needs two layers.
    """

    W1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    losses: np.ndarray

    def predict_proba(self, X) -> np.ndarray:
        """The output sigmoid's value for each sample (N,): the probability of class 1."""
        X, _ = _samples(X, "X")
        h = activations.sigmoid(X @ self.W1 + self.b1)
        return np.asarray(activations.sigmoid(h @ self.w2 + self.b2))

    def predict(self, X) -> np.ndarray:
        """Class 0 or 1 for each sample: 1 where the probability is at least 0.5."""
        return (self.predict_proba(X) >= 0.5).astype(np.int64)


def fit_two_layer(X, y, hidden: int = 3, lr: float = 2.0, epochs: int = 2000, seed: int = 0) -> TwoLayerNet:
    """Learn a 2-layer sigmoid network by full-batch gradient descent on the cross-entropy.

    How the gradients come about (backpropagation) is notebook 05; here it is a tool.  Weights start
    small and random (``seed``).  Taught in 04 · XOR needs two layers.
    """
    X, _ = _samples(X, "X")
    y = _labels01(y, X.shape[0]).astype(np.float64)
    hidden = check_int(hidden, "hidden", low=1, high=1000)
    epochs = check_int(epochs, "epochs", low=1, high=1_000_000)
    lr = _positive(lr, "lr")
    rng = np.random.RandomState(check_int(seed, "seed", low=0, high=2**32 - 1))
    W1 = rng.randn(X.shape[1], hidden)
    b1 = np.zeros(hidden)
    w2 = rng.randn(hidden)
    b2 = 0.0
    losses = np.empty(epochs)
    n = X.shape[0]
    for epoch in range(epochs):
        h = activations.sigmoid(X @ W1 + b1)
        p = activations.sigmoid(h @ w2 + b2)
        q = np.clip(p, 1e-12, 1 - 1e-12)
        losses[epoch] = -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))
        d_out = (p - y) / n  # the cross-entropy's gradient at the output's weighted sum
        d_h = np.outer(d_out, w2) * h * (1 - h)
        w2 -= lr * (h.T @ d_out)
        b2 -= lr * float(d_out.sum())
        W1 -= lr * (X.T @ d_h)
        b1 -= lr * d_h.sum(axis=0)
    return TwoLayerNet(W1, b1, w2, b2, losses)


# ------------------------------------------------------------------------------ the perceptron rule
def perceptron_update(w, x, y, lr=1.0):
    """One step of the perceptron learning rule on one sample; returns the new weights (a new array).

    ``w = (w₀, w₁, …, wₙ)`` holds the threshold first, as in the deck's a(x, w) = σ(Σᵢ wᵢxᵢ − w₀), and
    ``x = (x₁, …, xₙ)`` one sample with label ``y`` (0 or 1).  With ŷ = step(Σᵢ wᵢxᵢ − w₀):
    wᵢ ← wᵢ + η(y − ŷ)xᵢ for i ≥ 1 and w₀ ← w₀ − η(y − ŷ).  Nothing changes when ŷ = y; a missed 1
    moves the weights towards x, a false 1 away from it.  The inputs are never changed.
    Taught in 04 · The perceptron learning rule.
    """
    X, single = _samples(x)
    if not single:
        raise CourseInputError(
            f"`x` should be ONE sample, shape (n,), but got shape {X.shape}. Update on one point at a time."
        )
    w = _weights(w)
    if w.size != X.shape[1] + 1:
        raise CourseInputError(
            f"`w` should hold the threshold w0 and then one weight per input, {X.shape[1] + 1} numbers "
            f"for a sample with {X.shape[1]} inputs, but it has {w.size}."
        )
    y = int(_labels01(np.atleast_1d(y), 1)[0])
    lr = _positive(lr, "lr")
    error = y - int(_fires(X[0] @ w[1:] - w[0]))
    return w + lr * error * np.concatenate([[-1.0], X[0]])


class Update(NamedTuple):
    """What :meth:`Perceptron.step` did: which sample it used, its label and the prediction, the change.

    ``index`` is None when no sample is misclassified (the perceptron has converged).
    Taught in 04 · The perceptron learning rule.
    """

    index: int | None
    x: np.ndarray | None
    y: int | None
    y_hat: int | None
    dw: np.ndarray
    dw0: float
    w: np.ndarray
    w0: float

    def describe(self) -> str:
        """The update in one line, e.g. 'point 7 (label 1, predicted 0): w += 0.1·(+1)·x → w = …'."""
        w = ", ".join(f"{v:.2f}" for v in self.w)
        if self.index is None:
            return f"no point is on the wrong side: converged, w = ({w}), w0 = {self.w0:.2f}"
        sign = "+1" if self.y > self.y_hat else "−1"
        return (
            f"point {self.index} (label {self.y}, predicted {self.y_hat}): w += η·({sign})·x, "
            f"w0 −= η·({sign}) → w = ({w}), w0 = {self.w0:.2f}"
        )


class Perceptron:
    """Rosenblatt's perceptron: a step neuron that learns from its mistakes, one sample at a time.

    ``Perceptron(w, w0, lr)`` starts from the given line (weights ``w``, threshold ``w0``);
    ``learn_w0=False`` keeps the threshold fixed (deck 002's neuron keeps its step at 200).
    Taught in 04 · The perceptron learning rule.
    """

    def __init__(self, w, w0=0.0, lr: float = 1.0, learn_w0: bool = True):
        self.w = _weights(w).copy()
        self.w0 = _number(w0, "w0")
        self.lr = _positive(lr, "lr")
        self.learn_w0 = bool(learn_w0)
        self._next = 0

    def _data(self, X, y):
        X, _ = _samples(X, "X")
        if X.shape[1] != self.w.size:
            raise CourseInputError(
                f"`X` has {X.shape[1]} inputs per sample but the perceptron has {self.w.size} weights."
            )
        return X, _labels01(y, X.shape[0])

    def predict(self, X) -> np.ndarray:
        """0 or 1 for each sample (N,): step(w·x − w₀)."""
        X, _ = _samples(X, "X")
        return _fires(X @ _weights(self.w, X.shape[1]) - self.w0)

    def mistakes(self, X, y) -> np.ndarray:
        """The indices of the samples the current line puts on the wrong side."""
        X, y = self._data(X, y)
        return np.flatnonzero(self.predict(X) != y)

    def _apply(self, i: int, X: np.ndarray, y: np.ndarray) -> Update:
        x, label = X[i], int(y[i])
        y_hat = int(_fires(x @ self.w - self.w0))
        new = perceptron_update(np.concatenate([[self.w0], self.w]), x, label, self.lr)
        dw, dw0 = new[1:] - self.w, (new[0] - self.w0) if self.learn_w0 else 0.0
        self.w, self.w0 = new[1:], self.w0 + dw0
        return Update(i, x.copy(), label, y_hat, dw, dw0, self.w.copy(), self.w0)

    def step(self, X, y) -> Update:
        """Update on the next misclassified sample (visiting them in order, cyclically); return the update.

        Returns an :class:`Update` with ``index=None`` (and no change) when every sample is right.
        """
        X, y = self._data(X, y)
        n = X.shape[0]
        wrong = self.predict(X) != y
        for k in range(n):
            i = (self._next + k) % n
            if wrong[i]:
                self._next = (i + 1) % n
                return self._apply(i, X, y)
        return Update(None, None, None, None, np.zeros_like(self.w), 0.0, self.w.copy(), self.w0)

    def epoch(self, X, y) -> list[Update]:
        """One pass over every sample in order, updating on each mistake; returns the updates made."""
        X, y = self._data(X, y)
        updates = []
        for i in range(X.shape[0]):
            if int(_fires(X[i] @ self.w - self.w0)) != y[i]:
                updates.append(self._apply(i, X, y))
        self._next = 0
        return updates

    def fit(self, X, y, max_epochs: int = 100) -> list[int]:
        """Run epochs until one makes no update (converged) or ``max_epochs``; returns mistakes per epoch."""
        max_epochs = check_int(max_epochs, "max_epochs", low=1, high=1_000_000)
        history = []
        for _ in range(max_epochs):
            history.append(len(self.epoch(X, y)))
            if history[-1] == 0:
                break
        return history

    def updates(self, X, y, max_updates: int = 1000) -> Iterator[Update]:
        """Yield one :meth:`step` after another until converged (the last one has ``index=None``)."""
        max_updates = check_int(max_updates, "max_updates", low=1, high=1_000_000)
        for _ in range(max_updates):
            update = self.step(X, y)
            yield update
            if update.index is None:
                return


def make_separable(n: int = 30, seed: int = 0, margin: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
    """n points in [−1, 1]², rounded to 0.1, on either side of a random line, at least ``margin`` from it.

    Returns (X (n, 2), y (n,) with 0/1, both classes present).  Taught in 04 · The perceptron learning rule.
    """
    n = check_int(n, "n", low=2, high=100_000)
    rng = np.random.RandomState(check_int(seed, "seed", low=0, high=2**32 - 1))
    margin = _number(margin, "margin")
    angle = rng.uniform(0, 2 * np.pi)
    normal = np.array([np.cos(angle), np.sin(angle)])
    offset = rng.uniform(-0.3, 0.3)
    points: list[np.ndarray] = []
    labels: list[int] = []
    while len(points) < n:
        p = np.round(rng.uniform(-1, 1, 2), 1)
        d = p @ normal - offset
        if abs(d) < margin:
            continue
        label = int(d > 0)
        if len(points) == n - 1 and len(set(labels)) == 1 and label == labels[0]:
            continue  # make sure both classes appear
        points.append(p)
        labels.append(label)
    return np.array(points), np.array(labels, dtype=np.int64)


# ------------------------------------------------------------------------------ one output per class
class LinearClassifier(NamedTuple):
    """A linear classifier with one output per class: scores = X·W + b, the prediction the largest.

    W (D, K): column k holds class k's weights, which can be shown as an image (a "template").
    Taught in 04 · One neuron per class on the digits.
    """

    W: np.ndarray
    b: np.ndarray
    losses: np.ndarray

    def scores(self, X) -> np.ndarray:
        """The K class scores (logits) of each sample: (N, K)."""
        X = _flat(X)
        if X.shape[1] != self.W.shape[0]:
            raise CourseInputError(
                f"`X` has {X.shape[1]} values per sample, the classifier expects {self.W.shape[0]}."
            )
        return X @ self.W + self.b

    def predict(self, X) -> np.ndarray:
        """The class with the largest score for each sample (N,)."""
        return np.argmax(self.scores(X), axis=1)

    def templates(self, shape=None) -> np.ndarray:
        """Each class's weights as an image: (K, *shape); by default square (28×28 for 784 pixels)."""
        if shape is None:
            side = int(round(np.sqrt(self.W.shape[0])))
            if side * side != self.W.shape[0]:
                raise CourseInputError(
                    f"{self.W.shape[0]} weights per class are not a square image: pass shape=."
                )
            shape = (side, side)
        return self.W.T.reshape((self.W.shape[1], *tuple(shape)))


def _flat(X) -> np.ndarray:
    arr = as_array(X, "X", ndim=(2, 3), dtype_kind="uif", hint="Pass images (N, 28, 28) or rows (N, D).")
    if arr.shape[0] == 0:
        raise CourseInputError("`X` is empty; pass at least one sample.")
    arr = arr.reshape(arr.shape[0], -1)
    return arr.astype(np.float64) / 255.0 if arr.dtype == np.uint8 else arr.astype(np.float64)


def fit_linear_classifier(
    X,
    y,
    n_classes: int = 10,
    epochs: int = 15,
    lr: float = 0.5,
    batch_size: int = 100,
    l2: float = 1e-3,
    seed: int = 0,
    on_epoch: Callable[[int, float], None] | None = None,
) -> LinearClassifier:
    """Train one output per class with softmax and cross-entropy, by minibatch gradient descent.

    X: images (N, H, W) or rows (N, D); uint8 pixels are scaled to [0, 1].  ``on_epoch(epoch, loss)``
    is called after each epoch (to print progress).  The gradient of the softmax cross-entropy with
    respect to the scores is (p − one_hot(y)); notebook 05 derives it.
    Taught in 04 · One neuron per class on the digits.
    """
    X = _flat(X)
    y = as_array(y, "y", ndim=1, dtype_kind="uib").astype(np.int64)
    if y.shape[0] != X.shape[0]:
        raise CourseInputError(f"`y` has {y.shape[0]} labels but `X` has {X.shape[0]} samples.")
    n_classes = check_int(n_classes, "n_classes", low=2, high=10_000)
    if y.min() < 0 or y.max() >= n_classes:
        raise CourseInputError(
            f"`y` should hold class numbers 0 … {n_classes - 1}, but holds {y.min()} … {y.max()}."
        )
    epochs = check_int(epochs, "epochs", low=1, high=10_000)
    batch_size = check_int(batch_size, "batch_size", low=1, high=10**7)
    lr, l2 = _positive(lr, "lr"), _number(l2, "l2")
    rng = np.random.RandomState(check_int(seed, "seed", low=0, high=2**32 - 1))
    W = np.zeros((X.shape[1], n_classes))
    b = np.zeros(n_classes)
    eye = np.eye(n_classes)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(X.shape[0])
        total = 0.0
        for start in range(0, X.shape[0], batch_size):
            idx = order[start : start + batch_size]
            xb, yb = X[idx], y[idx]
            p = activations.softmax(xb @ W + b)
            total += -np.sum(np.log(np.clip(p[np.arange(len(idx)), yb], 1e-12, None)))
            g = (p - eye[yb]) / len(idx)
            W -= lr * (xb.T @ g + l2 * W)
            b -= lr * g.sum(axis=0)
        losses.append(total / X.shape[0])
        if on_epoch is not None:
            on_epoch(epoch + 1, losses[-1])
    return LinearClassifier(W, b, np.array(losses))


# ------------------------------------------------------------------------------ universal approximation
def target_curve(x):
    """The 1-D curve the universal-approximation section fits: sin(2x) + 0.3x, on [−3, 3].

    Taught in 04 · Universal approximation.
    """
    x = _line(x, "x")
    return np.sin(2 * x) + 0.3 * x


class ReluFit(NamedTuple):
    """One hidden layer of ReLUs fitted to a curve: unit j is relu(x − knot_j), output by least squares.

    Taught in 04 · Universal approximation.
    """

    knots: np.ndarray
    w2: np.ndarray
    b2: float
    max_error: float

    def predict(self, x) -> np.ndarray:
        """The network's output for each x (1-D array)."""
        x = _line(x, "x")
        return activations.relu(x[:, None] - self.knots[None, :]) @ self.w2 + self.b2


def fit_relu_width(x, y, width: int) -> ReluFit:
    """Fit one hidden layer of ``width`` ReLUs to the points (x, y): each unit adds one kink.

    Hidden unit j computes relu(x − k_j) with its knot k_j evenly spaced over [min x, max x); the output
    weights come from least squares, so the network is the best piecewise-linear curve with those
    kinks.  The wider the layer, the closer the fit: the idea behind the universal approximation
    theorems.  Taught in 04 · Universal approximation.
    """
    x, y = _line(x, "x"), _line(y, "y")
    if x.shape != y.shape:
        raise CourseInputError(f"`x` and `y` should have the same length, but have {x.size} and {y.size}.")
    width = check_int(width, "width", low=1, high=10_000)
    knots = np.linspace(x.min(), x.max(), width + 1)[:-1]
    H = np.column_stack([activations.relu(x[:, None] - knots[None, :]), np.ones_like(x)])
    coef, *_ = np.linalg.lstsq(H, y, rcond=None)
    fit = H @ coef
    return ReluFit(knots, coef[:-1], float(coef[-1]), float(np.max(np.abs(fit - y))))


# ------------------------------------------------------------------------------ the lecture's Keras model
TABULAR_CSV = Path(__file__).resolve().parent.parent / "data" / "breast_cancer_mean8.csv"
"""The small tabular set for deck 002's Keras model: 569 tumours, 8 measurements, then the label."""


def load_tabular(path=None) -> tuple[np.ndarray, np.ndarray]:
    """Read the course's tabular set the way deck 002 does: ``loadtxt``, X = columns 0–7, y = column 8.

    Returns (X (569, 8) float64, y (569,) int 0/1: 1 = benign).  Taught in 04 · The lecture's Keras model.
    """
    path = Path(TABULAR_CSV if path is None else path)
    if not path.is_file():
        raise CourseInputError(
            f"The table {path.name} is not at {path.parent}. It ships with the course in its data/ folder: "
            "run the notebook from inside the course repository (the setup cell finds it)."
        )
    dataset = np.loadtxt(path, delimiter=",")
    return dataset[:, 0:8], dataset[:, 8].astype(np.int64)


def standardize(train, *others):
    """Scale each column to mean 0 and spread 1 using the TRAINING rows' mean and standard deviation.

    Returns the scaled training rows followed by each of ``others`` scaled the same way.
    Taught in 04 · The lecture's Keras model.
    """
    train = as_array(train, "train", ndim=2, dtype_kind="uif").astype(np.float64)
    mean, std = train.mean(axis=0), train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    out = [(train - mean) / std]
    for i, o in enumerate(others):
        o = as_array(o, f"others[{i}]", ndim=2, dtype_kind="uif").astype(np.float64)
        if o.shape[1] != train.shape[1]:
            raise CourseInputError(f"others[{i}] has {o.shape[1]} columns but `train` has {train.shape[1]}.")
        out.append((o - mean) / std)
    return tuple(out) if others else out[0]


def deck_model(n_features: int = 8):
    """Deck 002's Keras model in Keras 3: Dense 12 (ReLU) → Dense 8 (ReLU) → Dense 1 (sigmoid), compiled.

    ``keras.Input(shape=(n_features,))`` replaces the deck's ``input_dim=8``; loss binary cross-entropy,
    optimizer adam, metric accuracy, as in the deck.  Taught in 04 · The lecture's Keras model.
    """
    from .env import import_keras

    n_features = check_int(n_features, "n_features", low=1, high=100_000)
    keras = import_keras()
    model = keras.Sequential(
        [
            keras.Input(shape=(n_features,)),
            keras.layers.Dense(12, activation="relu"),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model
