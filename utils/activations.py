"""Activation functions and their derivatives: step, sigmoid, tanh, ReLU, leaky ReLU, softmax.

Tested reference code for notebook 04 (where they are plotted) and notebook 05 (where backpropagation
needs the derivatives).  Every function takes a number or an array of numbers and works elementwise,
except :func:`softmax`, which turns each row of logits (the last axis by default) into probabilities.

Conventions:
    * ``name_grad(x)`` is the derivative of ``name`` with respect to its input, evaluated at ``x``
      (not at the output): ``sigmoid_grad(0.0) == 0.25``.
    * At a kink the derivative takes the value deep-learning libraries use: ``relu_grad(0) == 0``,
      ``leaky_relu_grad(0) == alpha``, ``step_grad(x) == 0`` everywhere (the step is flat wherever it is
      defined; that is exactly why the perceptron rule, not gradient descent, trains a step neuron).
    * ``step(x)`` is 1 where ``x >= 0`` and 0 elsewhere: deck 002's "1 if x ≥ 200" is ``step(x, 200)``.
    * Integer and boolean inputs become float64; float32 stays float32 (what a GPU would use).
      A single number gives back a single number (a NumPy float), an array gives an array of the same
      shape.  Infinity is allowed (``sigmoid(inf) == 1``); NaN passes through as NaN.
    * :func:`sigmoid` and :func:`softmax` never overflow: ``sigmoid(-1000.0)`` is 0 with no warning,
      and softmax subtracts each row's largest logit before exponentiating (the result is unchanged,
      because softmax(z) == softmax(z - c) for any constant c).
"""

from __future__ import annotations

import numpy as np

from ._validate import CourseInputError, CourseTypeError, as_array, check_choice, describe

__all__ = [
    "step",
    "step_grad",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "softmax",
    "softmax_grad",
    "NAMES",
    "get",
]

NAMES = ("step", "sigmoid", "tanh", "relu", "leaky_relu")
"""The elementwise activations, by the names :func:`get` accepts (softmax works on whole rows)."""


# ------------------------------------------------------------------------------ input checks
def _values(x, name: str = "x") -> np.ndarray:
    """``x`` as a float array (float32 kept, everything else float64)."""
    arr = as_array(
        x,
        name,
        dtype_kind="uifb",
        hint="Pass a number, a list of numbers or a NumPy array of numbers.",
    )
    return arr.astype(np.float32 if arr.dtype == np.float32 else np.float64, copy=False)


def _out(result: np.ndarray):
    """A 0-D result as a NumPy float, anything else unchanged."""
    return result[()] if result.ndim == 0 else result


def _number(x, name: str, *, low: float, high: float) -> float:
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise CourseTypeError(f"`{name}` should be a number, but got {describe(x)}.")
    value = float(x)
    if not (low <= value <= high):
        raise CourseInputError(
            f"`{name}` should be a number between {low:g} and {high:g}, but got {value:g}."
        )
    return value


# ------------------------------------------------------------------------------ the functions
def step(x, threshold: float = 0.0):
    """The step (Heaviside) activation: 1 where ``x >= threshold``, else 0.

    McCulloch–Pitts' neuron fires (1) when its weighted sum reaches the threshold; deck 002 uses a
    threshold of 200 on the students' summed grades.  Taught in 04 · Activation functions.
    """
    arr = _values(x)
    threshold = _number(threshold, "threshold", low=-np.inf, high=np.inf)
    out = np.array(arr >= threshold, dtype=arr.dtype)
    out[np.isnan(arr)] = np.nan
    return _out(out)


def step_grad(x, threshold: float = 0.0):
    """The step's derivative: 0 everywhere (undefined at the jump; libraries use 0 there too).

    A zero derivative gives gradient descent nothing to follow, which is why smooth activations
    replaced the step.  Taught in 04 · Activation functions.
    """
    arr = _values(x)
    _number(threshold, "threshold", low=-np.inf, high=np.inf)
    out = np.zeros_like(arr)
    out[np.isnan(arr)] = np.nan
    return _out(out)


def sigmoid(x):
    """The logistic sigmoid 1 / (1 + e^(−x)), between 0 and 1, computed without overflow.

    For x ≥ 0 it uses 1 / (1 + e^(−x)); for x < 0 the equal form e^x / (1 + e^x), so no exponential
    of a large positive number is ever taken.  Taught in 04 · Activation functions.
    """
    arr = _values(x)
    out = np.empty_like(arr)
    pos = arr >= 0
    neg = ~pos  # NaN lands here and stays NaN
    out[pos] = 1.0 / (1.0 + np.exp(-arr[pos]))
    e = np.exp(arr[neg])
    out[neg] = e / (1.0 + e)
    return _out(out)


def sigmoid_grad(x):
    """The sigmoid's derivative σ(x)·(1 − σ(x)), at most 0.25 (at x = 0).

    Taught in 04 · Activation functions; used in 05 for backpropagation.
    """
    s = np.asarray(sigmoid(x))
    return _out(s * (1 - s))


def tanh(x):
    """The hyperbolic tangent, between −1 and 1 and centred on 0: tanh(x) = 2σ(2x) − 1.

    Taught in 04 · Activation functions.
    """
    return _out(np.tanh(_values(x)))


def tanh_grad(x):
    """The derivative of tanh: 1 − tanh(x)², 1 at x = 0.

    Taught in 04 · Activation functions; used in 05 for backpropagation.
    """
    t = np.tanh(_values(x))
    return _out(1 - t * t)


def relu(x):
    """The rectified linear unit max(0, x).

    Taught in 04 · Activation functions.
    """
    arr = _values(x)
    return _out(np.maximum(arr, np.zeros((), dtype=arr.dtype)))  # NaN stays NaN


def relu_grad(x):
    """ReLU's derivative: 1 where x > 0, else 0 (0 at x = 0, as TensorFlow and PyTorch use).

    Taught in 04 · Activation functions; used in 05 for backpropagation.
    """
    arr = _values(x)
    out = np.array(arr > 0, dtype=arr.dtype)
    out[np.isnan(arr)] = np.nan
    return _out(out)


def leaky_relu(x, alpha: float = 0.01):
    """Leaky ReLU: x where x > 0, else ``alpha``·x, so a negative input still passes a small gradient.

    ``alpha`` is a number between 0 and 1 (0 gives plain ReLU).  Taught in 04 · Activation functions.
    """
    arr = _values(x)
    alpha = _number(alpha, "alpha", low=0.0, high=1.0)
    return _out(np.where(arr > 0, arr, np.asarray(alpha * arr, dtype=arr.dtype)))


def leaky_relu_grad(x, alpha: float = 0.01):
    """Leaky ReLU's derivative: 1 where x > 0, else ``alpha`` (``alpha`` at x = 0).

    Taught in 04 · Activation functions; used in 05 for backpropagation.
    """
    arr = _values(x)
    alpha = _number(alpha, "alpha", low=0.0, high=1.0)
    out = np.array(np.where(arr > 0, 1.0, alpha), dtype=arr.dtype)
    out[np.isnan(arr)] = np.nan
    return _out(out)


def _logits(logits, axis) -> tuple[np.ndarray, int]:
    arr = _values(logits, "logits")
    if arr.ndim == 0:
        raise CourseInputError(
            "`logits` should be a list or array of scores, one per class (shape (K,) or (N, K)), but got "
            "a single number. Softmax needs at least two scores to share out the probability."
        )
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise CourseTypeError(f"`axis` should be a whole number such as -1, but got {describe(axis)}.")
    if not -arr.ndim <= axis < arr.ndim:
        raise CourseInputError(
            f"`axis` should be between {-arr.ndim} and {arr.ndim - 1} for logits of shape {arr.shape}, "
            f"but got {axis}. Use -1 for the last axis (one row of scores per sample)."
        )
    axis = int(axis) % arr.ndim
    if arr.shape[axis] == 0:
        raise CourseInputError(f"`logits` has no scores along axis {axis} (shape {arr.shape}).")
    if np.isposinf(arr).any():
        raise CourseInputError(
            "`logits` contains +infinity; softmax of an infinite score is not defined. "
            "Check the layer before the softmax (a too-large learning rate often causes this)."
        )
    return arr, axis


def softmax(logits, axis: int = -1):
    """Softmax of logits: e^(zₖ) / Σⱼ e^(zⱼ) along ``axis``, each row summing to 1, without overflow.

    Subtracts each row's largest logit first (softmax(z) = softmax(z − max z)), so the largest
    exponent taken is e^0 = 1; ``softmax([1000, 0])`` is [1, 0] where the naive formula gives NaN.
    A row's ``-inf`` logits get probability 0.  Taught in 04 · Activation functions; used in 05.
    """
    arr, axis = _logits(logits, axis)
    shifted = arr - np.max(arr, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_grad(logits):
    """The Jacobian of softmax over the last axis: J[..., i, j] = ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ).

    Logits of shape (K,) give (K, K); a batch (N, K) gives (N, K, K).  Each row of J sums to 0,
    because the probabilities always sum to 1.  Taught in 04 · Activation functions; used in 05.
    """
    s = softmax(logits, axis=-1)
    eye = np.eye(s.shape[-1], dtype=s.dtype)
    return s[..., :, None] * (eye - s[..., None, :])


_TABLE = {
    "step": (step, step_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
}


def get(name: str):
    """The pair ``(function, derivative)`` for an activation's name, e.g. ``get("relu")``.

    Names: 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu' (Keras' names, plus 'step').
    Used in 04 · Activation functions (the plots) and in 05 (layers built from a name).
    """
    if not isinstance(name, str):
        raise CourseTypeError(
            f"`name` should be the name of an activation as text, but got {describe(name)}."
        )
    return _TABLE[check_choice(name, "name", NAMES)]
