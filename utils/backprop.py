"""Training a neural network by hand: losses, gradient descent, backpropagation, regularisation, metrics.

Taught in 05 (Training neural networks).  Layers come in forward/backward pairs with an explicit
cache, in the style of Stanford CS231n's ``layers.py``: ``out, cache = dense_forward(x, W, b)``,
later ``dx, dW, db = dense_backward(dout, cache)``.  Shapes: N samples, D inputs, H hidden units,
C classes.  The activations (ReLU, softmax, …) are the ones of notebook 04 (:mod:`utils.activations`).
Nothing here draws.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np

from . import activations, metrics
from ._validate import CourseInputError, as_array, check_int

__all__ = [
    "mse",
    "mse_grad",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "hinge",
    "hinge_grad",
    "categorical_cross_entropy",
    "softmax_naive",
    "softmax_cross_entropy",
    "SURFACE_CURVATURE",
    "surface_loss",
    "surface_grad",
    "gradient_descent",
    "weight_gradient",
    "dense_forward",
    "dense_backward",
    "relu_forward",
    "relu_backward",
    "dropout_forward",
    "dropout_backward",
    "init_two_layer",
    "two_layer_forward",
    "two_layer_backward",
    "two_layer_loss",
    "predict_scores",
    "sgd_step",
    "minibatches",
    "History",
    "train_two_layer",
    "one_blas_thread",
    "precision_recall",
]

EPS = 1e-12
"""Probabilities are clipped to [EPS, 1 - EPS] before a logarithm, so log(0) never happens."""


def _float(x, name: str, ndim=None) -> np.ndarray:
    arr = as_array(x, name, ndim=ndim, dtype_kind="uifb", hint="Pass numbers (a NumPy array).")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise CourseInputError(f"`{name}` contains NaN or infinity; pass finite numbers.")
    return arr


def _pair(y_true, y_pred, what: str):
    t, p = _float(y_true, "y_true"), _float(y_pred, "y_pred")
    if t.shape != p.shape:
        raise CourseInputError(
            f"`y_true` has shape {t.shape} but `y_pred` has shape {p.shape}; {what} compares "
            "them element by element, so give both the same shape."
        )
    if t.size == 0:
        raise CourseInputError("`y_true` is empty: a loss needs at least one sample.")
    return t, p


def _probabilities(p, name: str) -> np.ndarray:
    if p.min() < 0 or p.max() > 1:
        raise CourseInputError(
            f"`{name}` should hold probabilities between 0 and 1, but it ranges from {p.min():g} to "
            f"{p.max():g}. Pass the output of a sigmoid or softmax, not the raw scores (logits)."
        )
    return np.clip(p, EPS, 1 - EPS)


# ------------------------------------------------------------------------------------------ losses
def mse(y_true, y_pred) -> float:
    """Mean squared error (1/n) Σ (Y - Ŷ)², deck 002's cost function.  Both arrays of one shape.

    Taught in 05 · Losses: how wrong is a prediction?
    """
    t, p = _pair(y_true, y_pred, "the mean squared error")
    return float(np.mean((t - p) ** 2))


def mse_grad(y_true, y_pred) -> np.ndarray:
    """d MSE / d y_pred = 2 (Ŷ - Y) / n, same shape as y_pred.

    Taught in 05 · Losses: how wrong is a prediction?
    """
    t, p = _pair(y_true, y_pred, "the mean squared error")
    return 2.0 * (p - t) / t.size


def binary_cross_entropy(y_true, p_pred) -> float:
    """-mean(y log p + (1 - y) log(1 - p)) for labels y in {0, 1} and probabilities p of class 1.

    Taught in 05 · Losses: how wrong is a prediction?
    """
    t, p = _pair(y_true, p_pred, "binary cross-entropy")
    p = _probabilities(p, "p_pred")
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


def binary_cross_entropy_grad(y_true, p_pred) -> np.ndarray:
    """d BCE / d p = (p - y) / (p (1 - p)) / n, same shape as p_pred.

    Taught in 05 · Losses: how wrong is a prediction?
    """
    t, p = _pair(y_true, p_pred, "binary cross-entropy")
    p = _probabilities(p, "p_pred")
    return (p - t) / (p * (1 - p)) / t.size


def _signs(t) -> np.ndarray:
    if not np.all(np.isin(t, (-1.0, 0.0, 1.0))):
        raise CourseInputError("`y_true` for the hinge loss should hold the classes as -1/+1 (or 0/1).")
    return np.where(t > 0, 1.0, -1.0)


def hinge(y_true, scores) -> float:
    """Hinge loss mean(max(0, 1 - y·s)) for labels y in {-1, +1} (0 counts as -1) and raw scores s.

    Taught in 05 · Losses: how wrong is a prediction?
    """
    t, s = _pair(y_true, scores, "the hinge loss")
    return float(np.mean(np.maximum(0.0, 1.0 - _signs(t) * s)))


def hinge_grad(y_true, scores) -> np.ndarray:
    """d hinge / d s = -y/n where the margin y·s < 1, else 0 (same shape as scores).

    Taught in 05 · Losses: how wrong is a prediction?
    """
    t, s = _pair(y_true, scores, "the hinge loss")
    y = _signs(t)
    return np.where(y * s < 1.0, -y, 0.0) / t.size


def _one_hot(y_true, n_classes: int) -> np.ndarray:
    t = np.asarray(y_true)
    if t.ndim == 1:
        labels = metrics.as_labels(t, "y_true")
        if labels.size and labels.max() >= n_classes:
            raise CourseInputError(f"a label is {labels.max()} but there are only {n_classes} classes.")
        return np.eye(n_classes)[labels]
    return _float(t, "y_true", ndim=2)


def categorical_cross_entropy(y_true, p_pred) -> float:
    """Deck 003's L = -Σᵢ pᵢ_gt · log(pᵢ_pr), averaged over the N samples.

    y_true: (N, C) one-hot (or any distribution) or (N,) class numbers; p_pred: (N, C)
    probabilities (softmax outputs), each row summing to 1.
    Taught in 05 · Softmax and cross-entropy.
    """
    p = _float(p_pred, "p_pred", ndim=2)
    t = _one_hot(y_true, p.shape[1])
    if t.shape != p.shape:
        raise CourseInputError(
            f"`y_true` has shape {t.shape} but `p_pred` has shape {p.shape}: one row of "
            "class probabilities per sample, one column per class."
        )
    if p.shape[0] == 0:
        raise CourseInputError("`p_pred` is empty: a loss needs at least one sample.")
    p = _probabilities(p, "p_pred")
    return float(-np.mean(np.sum(t * np.log(p), axis=1)))


def softmax_naive(logits) -> np.ndarray:
    """exp(z) / Σ exp(z) along the last axis, exactly as written: overflows for logits above ~709.

    For showing why the stable :func:`utils.activations.softmax` subtracts the maximum first.
    Taught in 05 · Softmax and cross-entropy.
    """
    z = _float(logits, "logits")
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / np.sum(e, axis=-1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """Loss and gradient of softmax + categorical cross-entropy, straight from the logits (stable).

    logits: (N, C) raw scores; labels: (N,) class numbers.  Returns (loss, dlogits) with
    dlogits (N, C) = (softmax(logits) - one_hot(labels)) / N.  Uses log-sum-exp, never log(0).
    Taught in 05 · Softmax and cross-entropy.
    """
    z = _float(logits, "logits", ndim=2)
    y = metrics.as_labels(labels, "labels", n=len(z))
    if y.size and y.max() >= z.shape[1]:
        raise CourseInputError(f"a label is {y.max()} but the logits have only {z.shape[1]} columns.")
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    n = len(z)
    loss = float(-np.mean(log_probs[np.arange(n), y]))
    dlogits = np.exp(log_probs)
    dlogits[np.arange(n), y] -= 1.0
    return loss, dlogits / n


# ------------------------------------------------------------------------ a 2-D loss surface
SURFACE_CURVATURE = (1.0, 10.0)
"""The bowl L(w) = ½ (a·w₁² + b·w₂²) with (a, b) = this: 10 times steeper along w₂ than along w₁.

Gradient descent on it converges for every learning rate below 2/b = 0.2 and diverges above."""


def surface_loss(w) -> np.ndarray:
    """The 2-D loss surface L(w₁, w₂) = ½ (1·w₁² + 10·w₂²); w (..., 2) gives (...) losses.

    Taught in 05 · Gradient descent on a loss surface.
    """
    w = _float(w, "w")
    if w.shape[-1:] != (2,):
        raise CourseInputError(f"`w` should end in 2 numbers (w₁, w₂), got shape {w.shape}.")
    a, b = SURFACE_CURVATURE
    return 0.5 * (a * w[..., 0] ** 2 + b * w[..., 1] ** 2)


def surface_grad(w) -> np.ndarray:
    """Gradient of :func:`surface_loss`: (a·w₁, b·w₂), same shape as w.

    Taught in 05 · Gradient descent on a loss surface.
    """
    w = _float(w, "w")
    if w.shape[-1:] != (2,):
        raise CourseInputError(f"`w` should end in 2 numbers (w₁, w₂), got shape {w.shape}.")
    return w * np.asarray(SURFACE_CURVATURE)


def gradient_descent(grad_fn, w0, learning_rate: float, steps: int) -> np.ndarray:
    """Plain gradient descent w ← w - η·∇L(w) from w0; returns the path, (steps + 1, len(w0)).

    Stops early (the path is shorter) if w leaves ±1e6: the learning rate made it diverge.
    Taught in 05 · Gradient descent on a loss surface.
    """
    if not callable(grad_fn):
        raise CourseInputError("`grad_fn` should be a function w -> gradient, e.g. backprop.surface_grad.")
    w = _float(w0, "w0", ndim=1)
    lr = float(learning_rate)
    if not np.isfinite(lr) or lr <= 0:
        raise CourseInputError(f"`learning_rate` should be a positive number, got {learning_rate!r}.")
    steps = check_int(steps, "steps", low=0)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * np.asarray(grad_fn(w), dtype=np.float64)
        path.append(w.copy())
        if not np.all(np.abs(w) < 1e6):
            break
    return np.array(path)


# --------------------------------------------------------------------------- layers
def weight_gradient(x, dout) -> np.ndarray:
    """dL/dW of a dense layer out = x @ W + b: x.T @ dout, (D, M), summed over the batch.

    x: (N, D) the layer's input; dout: (N, M) dL/d(out).
    Taught in 05 · Backpropagation through a dense layer.
    """
    x = _float(x, "x", ndim=2)
    dout = _float(dout, "dout", ndim=2)
    if len(x) != len(dout):
        raise CourseInputError(
            f"`x` has {len(x)} rows (samples) but `dout` has {len(dout)}; they must match."
        )
    return x.T @ dout


def dense_forward(x, W, b):
    """Dense layer out = x @ W + b.  x (N, D), W (D, M), b (M,) -> out (N, M), cache (x, W).

    Taught in 05 · Backpropagation through a dense layer.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or np.shape(W)[0] != x.shape[1]:
        raise CourseInputError(
            f"`x` should be (N, D) with D = {np.shape(W)[0]} (the rows of W), got shape {x.shape}."
        )
    return x @ W + b, (x, W)


def dense_backward(dout, cache):
    """Backward pass of :func:`dense_forward`: dout (N, M) -> dx (N, D), dW (D, M), db (M,).

    dx = dout @ W.T, dW = x.T @ dout (:func:`weight_gradient`), db = Σ over the batch of dout.
    Taught in 05 · Backpropagation through a dense layer.
    """
    x, W = cache
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    """ReLU max(0, x) (utils.activations.relu).  x (N, H) -> out (N, H), cache x.

    Taught in 05 · Backpropagation through a dense layer.
    """
    return activations.relu(x), x


def relu_backward(dout, cache):
    """Backward pass of ReLU: dout · relu'(x), (N, H).

    Taught in 05 · Backpropagation through a dense layer.
    """
    return dout * activations.relu_grad(cache)


def dropout_forward(x, rate: float, rng, training: bool = True):
    """Inverted dropout: zero each unit with probability ``rate``, scale survivors by 1/(1 - rate).

    x (N, H) -> out (N, H), cache (mask).  At test time (training=False) it does nothing.
    Taught in 05 · Overfitting and how to fight it.
    """
    rate = float(rate)
    if not 0.0 <= rate < 1.0:
        raise CourseInputError(f"`rate` is the share of units dropped: between 0 and 1 (not 1), got {rate}.")
    if not training or rate == 0.0:
        return x, None
    mask = (rng.random_sample(np.shape(x)) >= rate) / (1.0 - rate)
    return x * mask, mask


def dropout_backward(dout, cache):
    """Backward pass of :func:`dropout_forward`: the same mask, (N, H).

    Taught in 05 · Overfitting and how to fight it.
    """
    return dout if cache is None else dout * cache


# ------------------------------------------------------------------ the two-layer network
def init_two_layer(n_in: int, n_hidden: int, n_out: int, seed: int = 0) -> dict:
    """Parameters of x -> Dense(H) -> ReLU -> Dense(C): W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).

    He-scaled normal weights (std √(2/fan-in)), zero biases, seeded.
    Taught in 05 · Minibatch SGD for a two-layer network.
    """
    n_in, n_hidden, n_out = (
        check_int(v, n, low=1) for v, n in ((n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out"))
    )
    rng = np.random.RandomState(check_int(seed, "seed", low=0))
    return {
        "W1": rng.randn(n_in, n_hidden) * np.sqrt(2.0 / n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.randn(n_hidden, n_out) * np.sqrt(2.0 / n_hidden),
        "b2": np.zeros(n_out),
    }


def two_layer_forward(params: dict, x, dropout: float = 0.0, rng=None, training: bool = False):
    """Logits (N, C) of the two-layer network for x (N, D), and the cache for the backward pass.

    Taught in 05 · Minibatch SGD for a two-layer network.
    """
    h, c1 = dense_forward(x, params["W1"], params["b1"])
    a, c2 = relu_forward(h)
    a, c3 = dropout_forward(a, dropout, rng if rng is not None else np.random, training)
    logits, c4 = dense_forward(a, params["W2"], params["b2"])
    return logits, (c1, c2, c3, c4)


def two_layer_backward(dlogits, cache) -> dict:
    """Backpropagation: dlogits (N, C) -> gradients {W1, b1, W2, b2}, each the shape of its parameter.

    Taught in 05 · Minibatch SGD for a two-layer network.
    """
    c1, c2, c3, c4 = cache
    da, dW2, db2 = dense_backward(dlogits, c4)
    da = dropout_backward(da, c3)
    dh = relu_backward(da, c2)
    _, dW1, db1 = dense_backward(dh, c1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def two_layer_loss(params: dict, x, y, l2: float = 0.0, l1: float = 0.0, dropout: float = 0.0, rng=None):
    """Mean cross-entropy (+ l2·Σw² + l1·Σ|w| over W1, W2) and its gradients, on one minibatch.

    x (N, D), y (N,) class numbers.  Returns (loss, grads) with grads like ``params``.
    Taught in 05 · Minibatch SGD for a two-layer network.
    """
    logits, cache = two_layer_forward(params, x, dropout, rng, training=dropout > 0)
    loss, dlogits = softmax_cross_entropy(logits, y)
    grads = two_layer_backward(dlogits, cache)
    for name in ("W1", "W2"):
        w = params[name]
        loss += l2 * float(np.sum(w * w)) + l1 * float(np.sum(np.abs(w)))
        grads[name] = grads[name] + 2.0 * l2 * w + l1 * np.sign(w)
    return loss, grads


def predict_scores(params: dict, x) -> np.ndarray:
    """Class probabilities (N, C) of the two-layer network (no dropout): softmax of the logits.

    Taught in 05 · Minibatch SGD for a two-layer network.
    """
    logits, _ = two_layer_forward(params, _float(x, "x", ndim=2))
    return activations.softmax(logits, axis=-1)


def sgd_step(theta, grad, learning_rate: float) -> np.ndarray:
    """One gradient-descent step θ - η·ĝ, as a new array (θ itself is not changed).

    The lecture's slide prints θ + η·ĝ; the step must go *against* the gradient, downhill.
    Taught in 05 · Gradient descent on a loss surface.
    """
    theta = _float(theta, "theta")
    grad = _float(grad, "grad")
    if theta.shape != grad.shape:
        raise CourseInputError(
            f"`theta` has shape {theta.shape} but `grad` has {grad.shape}: one gradient per parameter."
        )
    return theta - float(learning_rate) * grad


def minibatches(n: int, batch_size: int, rng) -> list:
    """Deck 003's "sample a minibatch of m examples": a shuffled split of 0..n-1 into batches of m.

    One pass over the list is one epoch; the last batch may be smaller.
    Taught in 05 · Minibatch SGD for a two-layer network.
    """
    n = check_int(n, "n", low=1)
    batch_size = check_int(batch_size, "batch_size", low=1)
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


@dataclass
class History:
    """What :func:`train_two_layer` returns: final parameters and one entry per epoch.

    ``best_epoch`` (1-based) is the epoch of the lowest validation loss; with early stopping the
    returned parameters are that epoch's.  Taught in 05 · Training and validation curves.
    """

    params: dict
    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    best_epoch: int = 0
    stopped_early: bool = False

    @property
    def gap(self) -> float:
        """Training accuracy minus validation accuracy at the returned parameters' epoch."""
        i = self.best_epoch - 1 if self.stopped_early else -1
        return self.train_acc[i] - self.val_acc[i]

    @property
    def loss_gap(self) -> float:
        """Validation loss minus training loss at the returned parameters' epoch."""
        i = self.best_epoch - 1 if self.stopped_early else -1
        return self.val_loss[i] - self.train_loss[i]


def one_blas_thread():
    """A context in which NumPy's matrix products use one thread (when threadpoolctl is installed).

    Minibatch products are small: on one core they are several times faster than when many
    threads share the work (and fight over a busy machine's cores).
    Used in 05 · Minibatch SGD for a two-layer network (and by the playground's trainer).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _evaluate(params, x, y):
    logits, _ = two_layer_forward(params, x)
    loss, _ = softmax_cross_entropy(logits, y)
    return loss, float(np.mean(np.argmax(logits, axis=1) == y))


def train_two_layer(
    x_train,
    y_train,
    x_val,
    y_val,
    n_hidden: int = 64,
    learning_rate: float = 0.1,
    epochs: int = 10,
    batch_size: int = 32,
    l2: float = 0.0,
    l1: float = 0.0,
    dropout: float = 0.0,
    patience: int | None = None,
    seed: int = 0,
    on_epoch=None,
) -> History:
    """Deck 003's minibatch SGD on the two-layer network; x (N, D) floats, y (N,) class numbers.

    Each epoch: shuffle, then for every minibatch compute the loss and its gradients by
    backpropagation and step θ ← θ - η·ĝ.  Records the (data) loss and accuracy on both sets.
    ``patience``: early stopping, stop after that many epochs without a better validation loss
    and return the best epoch's parameters.  ``on_epoch(epoch, history)`` is called after each.
    Taught in 05 · Minibatch SGD for a two-layer network.
    """
    x_train = _float(x_train, "x_train", ndim=2)
    x_val = _float(x_val, "x_val", ndim=2)
    y_train = metrics.as_labels(y_train, "y_train", n=len(x_train))
    y_val = metrics.as_labels(y_val, "y_val", n=len(x_val))
    epochs = check_int(epochs, "epochs", low=1)
    n_classes = int(max(y_train.max(), y_val.max())) + 1
    params = init_two_layer(x_train.shape[1], n_hidden, n_classes, seed)
    rng = np.random.RandomState(seed + 1)
    hist = History(params)
    with one_blas_thread():
        best, best_params, waited = np.inf, params, 0
        for epoch in range(1, epochs + 1):
            for idx in minibatches(len(x_train), batch_size, rng):
                _, grads = two_layer_loss(params, x_train[idx], y_train[idx], l2, l1, dropout, rng)
                params = {k: sgd_step(params[k], grads[k], learning_rate) for k in params}
            for x, y, losses, accs in (
                (x_train, y_train, hist.train_loss, hist.train_acc),
                (x_val, y_val, hist.val_loss, hist.val_acc),
            ):
                loss, acc = _evaluate(params, x, y)
                losses.append(loss)
                accs.append(acc)
            if hist.val_loss[-1] < best:
                best, best_params, waited, hist.best_epoch = hist.val_loss[-1], params, 0, epoch
            else:
                waited += 1
            if on_epoch is not None:
                on_epoch(epoch, hist)
            if patience is not None and waited >= patience:
                hist.stopped_early = True
                break
        hist.params = best_params if hist.stopped_early else params

    return hist


# ------------------------------------------------------------------------------ metrics
def precision_recall(y_true, y_pred, n_classes: int | None = None):
    """Per-class precision TP/(TP+FP) and recall TP/(TP+FN), from metrics.confusion_matrix.

    Returns two (n_classes,) arrays; a class never predicted has precision 0 (and never present,
    recall 0).  Taught in 05 · Measuring a classifier.
    """
    cm = metrics.confusion_matrix(y_true, y_pred, n_classes).astype(np.float64)
    tp = np.diag(cm)
    predicted, present = cm.sum(axis=0), cm.sum(axis=1)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, present, out=np.zeros_like(tp), where=present > 0)
    return precision, recall
