"""Exercises of notebook 04 · Neurons and perceptrons.

    04.neuron             a neuron's forward pass step(x·w − w0);  reference: perceptron.neuron
    04.nand               weights (w, w0) for NAND;                reference: perceptron.GATES["nand"]
    04.perceptron_update  one perceptron update, w = (w0, w1, …);  reference: perceptron.perceptron_update
    (perceptron is utils.perceptron)

This module holds only what the checker needs beyond the references: the test inputs, the likely
causes of a wrong answer, and the first hints.
"""

from __future__ import annotations

import numpy as np

from utils import activations, lecture_examples, perceptron
from utils.checks import Case, Exercise, Wrong, register


# ------------------------------------------------------------------------------ 04.neuron
def _neuron_cases():
    rng = np.random.RandomState(4)
    gate = perceptron.GATES["and"]
    students = lecture_examples.student_grades()
    return [
        Case(
            (perceptron.boolean_inputs(2).astype(float), np.array(gate.w), gate.w0),
            "the lecture's AND neuron x¹ + x² − 3/2 on its four inputs",
        ),
        Case(
            (students.grades[0].astype(float), np.array(lecture_examples.STUDENT_WEIGHTS), 50.0),
            "student S1's grades (80, 60, 70), weights (1, −1, 1), w0 = 50 (one sample: one number)",
        ),
        Case(
            (np.array([[1.0, 1.0], [0.5, 0.5]]), np.array([1.0, 1.0]), 2.0),
            "a point exactly on the threshold (1·1 + 1·1 − 2 = 0), which counts as 1",
        ),
        Case((rng.randn(7, 3), rng.randn(3), 0.3), "7 random samples with 3 inputs"),
    ]


def _neuron_diagnose(got, want, case):
    x, w, w0 = case.args
    z = np.asarray(x) @ np.asarray(w)
    g = np.asarray(got, dtype=np.float64)
    if g.shape != np.shape(want):
        return None
    if np.allclose(g, z - w0):
        return "That is the weighted sum Σ wᵢxᵢ − w0 itself: pass it through the step (1 where it is ≥ 0)."
    if np.allclose(g, activations.step(z + w0)):
        return "The threshold is subtracted: step(x·w − w0), not step(x·w + w0)."
    if np.allclose(g, (z - w0 > 0).astype(float)):
        return "A sum exactly at the threshold counts as 1: use >= 0, not > 0 (the lecture's '1 if x ≥ 200')."
    if np.allclose(g, activations.sigmoid(z - w0)):
        return "That is the sigmoid; this neuron uses the step: 1 where x·w − w0 ≥ 0, else 0."
    return None


# ------------------------------------------------------------------------------ 04.nand
def _nand_reference():
    gate = perceptron.GATES["nand"]
    return (list(gate.w), gate.w0)


def _test_nand(candidate):
    if not isinstance(candidate, (tuple, list)) or len(candidate) != 2:
        raise Wrong(
            "nand should be a pair (w, w0): a list of two weights and one threshold, e.g. ([1, 1], 0.5)."
        )
    w, w0 = candidate
    if np.ndim(w) != 1 or np.size(w) != 2:
        raise Wrong("the first part, w, should be two weights, one per input, e.g. [1, 1].")
    if np.ndim(w0) != 0 or isinstance(w0, (str, bool)):
        raise Wrong("the second part, w0, should be one number: the threshold.")
    try:
        inputs, outputs = perceptron.truth_table(np.asarray(w, dtype=float), float(w0))
    except (TypeError, ValueError) as exc:
        raise Wrong(f"w and w0 should be numbers ({exc}).") from None
    _, target = perceptron.gate_target("nand")
    if np.array_equal(outputs, target):
        return
    rows = [f"{a}{b} → {o}" for (a, b), o, t in zip(inputs, outputs, target, strict=True) if o != t]
    for name in ("and", "or", "nor", "xor"):
        if np.array_equal(outputs, perceptron.gate_target(name)[1]):
            return_hint = {
                "and": "That neuron computes AND. NAND is NOT AND: flip the signs of the weights and of w0.",
                "or": "That neuron computes OR; NAND is 0 only for the input 11.",
                "nor": "That neuron computes NOR (1 only for 00); NAND is 0 only for 11: move the line.",
                "xor": "",
            }[name]
            if return_hint:
                raise Wrong(return_hint)
    raise Wrong(
        f"your neuron gets {len(rows)} of the 4 inputs wrong ({'; '.join(rows)}). NAND is 1 for 00, 01, 10 "
        "and 0 for 11: with w = (−1, −1), which w0 puts 00, 01, 10 on the 1 side and 11 on the 0 side?"
    )


# ------------------------------------------------------------------------------ 04.perceptron_update
def _update_cases():
    rng = np.random.RandomState(7)
    return [
        Case(
            (np.array([0.0, 0.5, -0.5]), np.array([0.2, 0.1]), 0, 0.1),
            "w = (0, 0.5, −0.5), x = (0.2, 0.1) labelled 0 (a false 1: ŷ = 1)",
        ),
        Case(
            (np.array([0.0, 0.5, -0.5]), np.array([-0.3, 0.8]), 1, 0.1),
            "w = (0, 0.5, −0.5), x = (−0.3, 0.8) labelled 1 (a missed 1: ŷ = 0)",
        ),
        Case(
            (np.array([0.0, 0.5, -0.5]), np.array([0.9, -0.2]), 1, 0.1),
            "x = (0.9, −0.2) labelled 1 and already right: nothing should change",
        ),
        Case(
            (np.array([2.0, 1.0, 1.0]), np.array([1.0, 1.0]), 1, 0.5),
            "w = (2, 1, 1) and x = (1, 1) labelled 1: exactly on the threshold, which counts as 1",
        ),
        Case((rng.randn(4), rng.randn(3), 1, 0.25), "3 inputs, label 1"),
        Case((rng.randn(4), rng.randn(3), 0, 1.0), "3 inputs, label 0, η = 1"),
    ]


def _update_diagnose(got, want, case):
    w, x, y, lr = case.args
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape:
        return "Return the whole new weight vector (w0, w1, …, wn): one number more than x has."
    y_hat = int(x @ w[1:] - w[0] >= 0)
    e = y - y_hat
    if e == 0 and x @ w[1:] - w[0] == 0:
        return "A sum exactly at the threshold counts as 1 (≥ 0), so this sample is right: no change."
    if e == 0:
        return "This sample is already on the right side (ŷ = y): the rule changes nothing then."
    step = lr * e * np.concatenate([[-1.0], x])
    if np.allclose(g, w + step * np.array([-1.0] + [1.0] * len(x))):
        return "The threshold moves the other way: w0 ← w0 − η(y − ŷ), because the neuron SUBTRACTS w0."
    if np.allclose(g[1:], w[1:] + step[1:]) and np.allclose(g[0], w[0]):
        return "The weights are right, but the threshold w0 (w[0]) should change too: w0 ← w0 − η(y − ŷ)."
    if np.allclose(g, w - step):
        return "The signs are reversed: the error is y − ŷ (the label minus the prediction)."
    if np.allclose(g, w + step / lr):
        return "Multiply the change by the learning rate η (lr)."
    return "Compute ŷ = step(x·w[1:] − w[0]), then w[1:] += η(y − ŷ)x and w[0] −= η(y − ŷ)."


register(
    Exercise(
        "04.neuron",
        reference=perceptron.neuron,
        cases=_neuron_cases,
        diagnose=_neuron_diagnose,
        hint="compute the weighted sum x @ w - w0, then the step: 1.0 where it is >= 0, else 0.0 "
        "(np.where, or (z >= 0).astype(float)).",
    )
)
register(
    Exercise(
        "04.nand",
        reference=_nand_reference,
        test=_test_nand,
        kind="value",
        hint="NAND is NOT AND: 1 except for the input 11. Start from AND's neuron (w = (1, 1), w0 = 3/2).",
        solution="nand = ([-1.0, -1.0], -1.5)  # −x¹ − x² + 3/2: NOT applied to AND's sum",
    )
)
register(
    Exercise(
        "04.perceptron_update",
        reference=perceptron.perceptron_update,
        cases=_update_cases,
        diagnose=_update_diagnose,
        dtype="f",
        hint="ŷ = 1 if x @ w[1:] - w[0] >= 0 else 0; error = y - ŷ; the new w[1:] is w[1:] + lr·error·x and "
        "the new w[0] is w[0] - lr·error. Build a new array (w.copy()) rather than changing w.",
    )
)
