"""Checking gradients: finite differences, the relative error, and TensorFlow's automatic gradients.

Taught in 05 (Gradient check).  A backward pass written by hand is easy to get subtly wrong; the
cure is to compare it with (L(θ + h) - L(θ - h)) / 2h, one parameter at a time, and with
``tf.GradientTape``.  Nothing here draws.
"""

from __future__ import annotations

import numpy as np

from . import backprop
from ._validate import CourseInputError, CourseTypeError, as_array, describe

__all__ = [
    "numerical_gradient",
    "relative_error",
    "check_layer",
    "check_two_layer",
    "tape_gradients_two_layer",
]


def numerical_gradient(f, x, h: float = 1e-5) -> np.ndarray:
    """Central differences (f(x + h·eᵢ) - f(x - h·eᵢ)) / 2h for every entry i of x; same shape as x.

    f: a function of one array returning a number.  x is not changed.
    Taught in 05 · Gradient check.
    """
    if not callable(f):
        raise CourseTypeError(f"`f` should be a function x -> number, got {describe(f)}.")
    x = as_array(x, "x", dtype_kind="uif").astype(np.float64)
    h = float(h)
    if not h > 0:
        raise CourseInputError(f"`h` should be a small positive step such as 1e-5, got {h}.")
    grad = np.zeros_like(x)
    work = x.copy()
    for i in np.ndindex(x.shape):
        old = work[i]
        work[i] = old + h
        plus = float(f(work))
        work[i] = old - h
        minus = float(f(work))
        work[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


def relative_error(a, b) -> float:
    """max |a - b| / (|a| + |b|), elementwise (CS231n's measure); 0 when both are 0.

    Below ~1e-7 the two gradients agree; above ~1e-3 one of them is wrong.
    Taught in 05 · Gradient check.
    """
    a = as_array(a, "a", dtype_kind="uif").astype(np.float64)
    b = as_array(b, "b", dtype_kind="uif").astype(np.float64)
    if a.shape != b.shape:
        raise CourseInputError(
            f"`a` has shape {a.shape} but `b` has {b.shape}: compare gradients of one parameter."
        )
    denom = np.abs(a) + np.abs(b)
    err = np.divide(np.abs(a - b), denom, out=np.zeros_like(denom), where=denom > 0)
    return float(err.max(initial=0.0))


def check_layer(x, W, b, dout, h: float = 1e-5) -> dict:
    """Relative errors of :func:`utils.backprop.dense_backward` against finite differences.

    Uses the loss L = Σ (out · dout) for out = dense_forward(x, W, b), whose gradient with
    respect to out is exactly dout.  Returns {"x": err, "W": err, "b": err}.
    Taught in 05 · Backpropagation through a dense layer.
    """
    x, W, b, dout = (np.asarray(v, dtype=np.float64) for v in (x, W, b, dout))
    dx, dW, db = backprop.dense_backward(dout, backprop.dense_forward(x, W, b)[1])

    def loss(x_, W_, b_):
        return float(np.sum(backprop.dense_forward(x_, W_, b_)[0] * dout))

    return {
        "x": relative_error(dx, numerical_gradient(lambda v: loss(v, W, b), x, h)),
        "W": relative_error(dW, numerical_gradient(lambda v: loss(x, v, b), W, h)),
        "b": relative_error(db, numerical_gradient(lambda v: loss(x, W, v), b, h)),
    }


def check_two_layer(params: dict, x, y, l2: float = 0.0, h: float = 1e-5) -> dict:
    """Relative error of every backpropagated gradient of the two-layer network vs finite differences.

    params as from :func:`utils.backprop.init_two_layer`; returns {"W1": err, "b1": …, "W2": …, "b2": …}.
    Taught in 05 · Gradient check.
    """
    _, grads = backprop.two_layer_loss(params, x, y, l2=l2)
    errors = {}
    for name in params:

        def loss_of(value, name=name):
            trial = dict(params, **{name: value})
            return backprop.two_layer_loss(trial, x, y, l2=l2)[0]

        errors[name] = relative_error(grads[name], numerical_gradient(loss_of, params[name], h))
    return errors


def tape_gradients_two_layer(params: dict, x, y, l2: float = 0.0) -> dict:
    """The same loss as :func:`utils.backprop.two_layer_loss`, differentiated by ``tf.GradientTape``.

    Float64 throughout, so it can be compared with the hand-written backward pass to ~1e-12.
    Returns {"W1": array, …} like ``params``.  Taught in 05 · Gradient check.
    """
    from .env import import_keras

    import_keras()  # quiet TensorFlow start-up
    import tensorflow as tf

    variables = {k: tf.Variable(np.asarray(v, dtype=np.float64)) for k, v in params.items()}
    xt = tf.constant(np.asarray(x, dtype=np.float64))
    yt = tf.constant(np.asarray(y, dtype=np.int64))
    with tf.GradientTape() as tape:
        hidden = tf.nn.relu(xt @ variables["W1"] + variables["b1"])
        logits = hidden @ variables["W2"] + variables["b2"]
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yt, logits=logits))
        loss += l2 * (tf.reduce_sum(variables["W1"] ** 2) + tf.reduce_sum(variables["W2"] ** 2))
    grads = tape.gradient(loss, variables)
    return {k: g.numpy() for k, g in grads.items()}
