"""Exercises of notebook 05 · Training neural networks.

    05.softmax          stable softmax of logits;              reference: utils.activations.softmax
    05.cross_entropy    deck 003's categorical cross-entropy;
                        reference: utils.backprop.categorical_cross_entropy
    05.sgd_step         one gradient-descent step θ - η·ĝ;     reference: utils.backprop.sgd_step
    05.weight_gradient  dL/dW of a dense layer, x.T @ dout;    reference: utils.backprop.weight_gradient

This module holds only what the checker needs beyond the references: the test inputs, the likely
causes of a wrong answer and the first hints.
"""

from __future__ import annotations

import numpy as np

from utils import activations, backprop
from utils.checks import Case, Exercise, Wrong, register


# ------------------------------------------------------------------------------- 05.softmax
def _softmax_cases():
    rng = np.random.RandomState(0)
    return [
        Case((np.array([2.0, 1.0, 0.1]),), "the logits [2.0, 1.0, 0.1]"),
        Case((rng.randn(4, 3) * 2,), "a batch of 4 rows of 3 logits (softmax of each row)"),
        Case((np.array([1000.0, 1001.0, 1002.0]),), "the large logits [1000, 1001, 1002]"),
        Case((np.array([[-1000.0, 0.0, 5.0], [3.0, 3.0, 3.0]]),), "very negative and equal logits"),
    ]


def _softmax_diagnose(got, want, case):
    g = np.asarray(got, dtype=np.float64)
    z = np.asarray(case.args[0], dtype=np.float64)
    if g.shape == want.shape and np.isnan(g).any():
        return (
            "exp of a large logit overflows to inf, and inf/inf is NaN. Subtract each row's largest "
            "logit first (np.max(z, axis=-1, keepdims=True)): softmax does not change, nothing overflows."
        )
    if z.ndim == 2 and g.shape == want.shape and np.isclose(g.sum(), 1.0):
        return "the whole batch sums to 1; each row should: sum with axis=-1, keepdims=True."
    if g.shape == want.shape and np.allclose(g, np.exp(z - z.max(axis=-1, keepdims=True))):
        return "those are the exponentials; divide by their sum so the probabilities add up to 1."
    return None


# ------------------------------------------------------------------------- 05.cross_entropy
def _ce_cases():
    rng = np.random.RandomState(1)
    p = rng.dirichlet(np.ones(4), size=6)
    return [
        Case(
            (np.array([[0.0, 1.0, 0.0]]), np.array([[0.2, 0.7, 0.1]])),
            "one sample of class 1 predicted [0.2, 0.7, 0.1]",
        ),
        Case((np.eye(4)[rng.randint(0, 4, 6)], p), "6 samples, 4 classes (one-hot y_true)"),
        Case(
            (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.9, 0.1], [0.5, 0.5]])),
            "two samples, two classes",
        ),
    ]


def _ce_diagnose(got, want, case):
    t, p = (np.asarray(a, dtype=np.float64) for a in case.args)
    try:
        g = float(got)
    except (TypeError, ValueError):
        return None
    per_sample = -np.sum(t * np.log(p), axis=1)
    if np.isclose(g, per_sample.sum()) and len(p) > 1:
        return "that is the sum over the samples; the loss is their mean (divide by N, or use np.mean)."
    if np.isclose(g, -want):
        return "the sign is flipped: L = -Σ p_gt·log(p_pr), and log of a probability is negative."
    if np.isclose(g, -np.mean(np.sum(t * np.log10(p), axis=1))):
        return "np.log10 is the base-10 logarithm; cross-entropy uses the natural log, np.log."
    if np.isclose(g, -np.mean(t * np.log(p))):
        return "that averages over classes too: sum over the classes (axis=1), then average over samples."
    return None


# ------------------------------------------------------------------------------ 05.sgd_step
def _sgd_cases():
    rng = np.random.RandomState(2)
    return [
        Case((np.array([-4.0, 2.0]), np.array([-4.0, 20.0]), 0.05), "θ = [-4, 2], ĝ = [-4, 20], η = 0.05"),
        Case((rng.randn(3, 4), rng.randn(3, 4), 0.1), "a 3×4 weight matrix, η = 0.1"),
        Case((rng.randn(5), rng.randn(5), 1.0), "η = 1"),
    ]


def _sgd_diagnose(got, want, case):
    theta, grad, lr = case.args
    g = np.asarray(got, dtype=np.float64)
    if g.shape == theta.shape and np.allclose(g, theta + lr * grad):
        return (
            "that steps uphill, θ + η·ĝ (as the lecture's slide prints it): the gradient points to where "
            "the loss grows, so step against it, θ - η·ĝ."
        )
    if g.shape == theta.shape and np.allclose(g, -lr * grad):
        return "that is only the step -η·ĝ; add it to the current θ."
    return None


# ------------------------------------------------------------------------ 05.weight_gradient
def _wg_cases():
    rng = np.random.RandomState(3)
    return [
        Case(
            (np.array([[1.0, 2.0]]), np.array([[1.0, -1.0, 0.5]])),
            "one sample x = [1, 2] and dout = [1, -1, 0.5]",
        ),
        Case((rng.randn(5, 4), rng.randn(5, 3)), "a batch of 5 samples, 4 inputs, 3 outputs"),
        Case((rng.randn(8, 2), rng.randn(8, 6)), "a batch of 8 samples, 2 inputs, 6 outputs"),
    ]


def _wg_diagnose(got, want, case):
    x, dout = case.args
    g = np.asarray(got, dtype=np.float64)
    if g.shape == want.shape and np.allclose(g, want / len(x)):
        return (
            "that is divided by the batch size; dout already carries the 1/N of the mean loss, so just sum."
        )
    if g.shape == want.shape and np.allclose(g, -want):
        return "the sign is flipped: dW = x.T @ dout, no minus (the minus belongs to the SGD step)."
    return None


def _test_gradient_check(candidate):
    """The learner's dW must pass a finite-difference check on a fresh layer."""
    from utils import gradient_check

    rng = np.random.RandomState(11)
    x, W, b, dout = rng.randn(4, 3), rng.randn(3, 2), rng.randn(2), rng.randn(4, 2)
    numeric = gradient_check.numerical_gradient(lambda w: float(np.sum((x @ w + b) * dout)), W)
    err = gradient_check.relative_error(
        np.asarray(candidate(x.copy(), dout.copy()), dtype=np.float64), numeric
    )
    if err > 1e-6:
        raise Wrong(
            f"the gradient check fails: relative error {err:.2g} against finite differences (want < 1e-6)."
        )


register(
    Exercise(
        "05.softmax",
        reference=activations.softmax,
        cases=_softmax_cases,
        diagnose=_softmax_diagnose,
        dtype="f",
        hint="subtract the largest logit of each row (keepdims=True), take np.exp, then divide by the sum "
        "over the last axis.",
    )
)
register(
    Exercise(
        "05.cross_entropy",
        reference=backprop.categorical_cross_entropy,
        cases=_ce_cases,
        diagnose=_ce_diagnose,
        hint="for each sample, -Σ over classes of y_true · log(p_pred) (np.log, axis=1); "
        "then the mean over samples.",
    )
)
register(
    Exercise(
        "05.sgd_step",
        reference=backprop.sgd_step,
        cases=_sgd_cases,
        diagnose=_sgd_diagnose,
        dtype="f",
        hint="return a new array θ - η·ĝ: step against the gradient (and leave theta itself unchanged).",
    )
)
register(
    Exercise(
        "05.weight_gradient",
        reference=backprop.weight_gradient,
        cases=_wg_cases,
        diagnose=_wg_diagnose,
        test=_test_gradient_check,
        dtype="f",
        hint="out = x @ W + b, so dL/dW pairs every input with every output gradient and sums over the "
        "batch: x.T @ dout, shape (inputs, outputs).",
    )
)
