"""Exercises of notebook 08 · Transfer learning with pretrained models.

    08.trainable_mask      which weight layers learn;           reference: utils.transfer.trainable_mask
                           (the top n_top, never batch norm; also checked by the trainable-parameter
                           count it leaves in the course CNN)
    08.build_head          a new classifier head;               reference: utils.transfer.build_head
    08.examples_needed     how many examples per class a method needs to reach an accuracy;
                           reference: utils.transfer.examples_needed

This module holds only what the checker needs beyond the references: the test inputs, the likely
causes of a wrong answer and the first hints.
"""

from __future__ import annotations

import numpy as np

from utils import transfer
from utils.checks import Case, Exercise, Wrong, register

# ----------------------------------------------------------------------- 08.trainable_mask
_CNN_KINDS = ("Conv2D", "Conv2D", "BatchNormalization", "Conv2D", "Dense", "Dense")


def _mask_cases():
    cnn = np.array(_CNN_KINDS)
    cases = [
        Case((cnn, n), f"the course CNN's weight layers {list(_CNN_KINDS)}, n_top={n}") for n in (2, 0, 4, 5)
    ]
    resnet_top = np.array(["Conv2D", "BatchNormalization", "Conv2D", "BatchNormalization", "Dense"])
    cases.append(Case((resnet_top, 3), "a top with batch norm after each conv, n_top=3"))
    cases.append(
        Case((np.array(["Dense", "Dense"]), 7), "two Dense layers and n_top=7 (more than there are)")
    )
    return cases


def _mask_diagnose(got, want, case):
    kinds, n_top = case.args
    g = np.asarray(got, dtype=bool)
    if g.shape != want.shape:
        return f"Return one True/False per layer kind: shape ({len(kinds)},)."
    if g[kinds == "BatchNormalization"].any():
        return "A BatchNormalization layer is marked to learn: skip those, they stay frozen."
    if g.sum() > want.sum():
        return "Too many layers learn: only the last n_top (not counting batch norm) may."
    if want.any() and not g[-1]:
        return "The top layers are at the end of the list: count n_top from the end."
    return "Start from all False, then set True on the last n_top entries that are not 'BatchNormalization'."


def _test_mask_counts(candidate):
    model = transfer.build_course_cnn(5, seed=0)
    for n_top in (1, 2, 3):
        mask = candidate(transfer.weight_layer_kinds(model), n_top)
        got = transfer.trainable_params(transfer.apply_mask(model, np.asarray(mask, dtype=bool)))
        want = transfer.trainable_params(
            transfer.freeze_all_but_top(transfer.build_course_cnn(5, seed=0), n_top)
        )
        if got != want:
            raise Wrong(
                f"applied to the course CNN with n_top={n_top}, your mask leaves {got:,} trainable "
                f"parameters; it should leave {want:,}."
            )


# --------------------------------------------------------------------------- 08.build_head
def _head_cases():
    rng = np.random.RandomState(0)
    return [
        Case((rng.rand(4, 64).astype(np.float32), 5), "4 feature vectors of 64 numbers, 5 classes"),
        Case(
            (rng.rand(2, 1280).astype(np.float32), 2),
            "2 MobileNetV2 feature vectors (1,280 numbers), 2 classes",
        ),
        Case((rng.rand(3, 10), 3), "3 feature vectors of 10 numbers, 3 classes"),
    ]


def _test_head(candidate):
    from utils.checks import _show

    for case in _head_cases():
        features, n_classes = case.args
        n_features = features.shape[1]
        head = candidate(features.copy(), n_classes)
        if not hasattr(head, "count_params") or not callable(head):
            raise Wrong(f"return a Keras model (keras.Sequential([...])), not {_show(head)}.")
        if not hasattr(head, "layers"):
            raise Wrong(
                f"return a Keras model, not a single {type(head).__name__} layer: wrap it, "
                "keras.Sequential([keras.Input((features.shape[1],)), your layer])."
            )
        x = np.random.RandomState(0).randn(4, n_features).astype(np.float32)
        try:
            out = np.asarray(head(x, training=False))
        except Exception as exc:
            raise Wrong(
                f"your head cannot take {n_features} numbers per image ({type(exc).__name__}). Start it "
                f"with keras.Input((features.shape[1],))."
            ) from None
        where = f"For {case.about}"
        if out.shape != (4, n_classes):
            raise Wrong(f"{where}, 4 inputs should give shape (4, {n_classes}), yours gives {out.shape}.")
        want = n_features * n_classes + n_classes
        got = int(head.count_params())
        if got == n_features * n_classes:
            raise Wrong(f"{where}, your head has no biases ({got:,} parameters): keep use_bias on.")
        if got != want:
            raise Wrong(
                f"{where}, your head has {got:,} parameters; one Dense layer has {want:,} "
                f"({n_features}×{n_classes} weights + {n_classes} biases). Use a single Dense layer."
            )
        if not np.allclose(out.sum(axis=1), 1.0, atol=1e-4) or (out < 0).any():
            raise Wrong(
                f'{where}, the outputs do not add up to 1 per image: use activation="softmax" so the '
                "head gives probabilities (the training loss expects them)."
            )


# ----------------------------------------------------------------------- 08.examples_needed
def _needed_cases():
    return [
        Case(
            ({1: 0.50, 5: 0.70, 10: 0.75, 50: 0.80}, 0.72),
            "the curve {1: 0.50, 5: 0.70, 10: 0.75, 50: 0.80}, target 0.72",
        ),
        Case(
            ({1: 0.50, 5: 0.70, 10: 0.75, 50: 0.80}, 0.70),
            "the same curve, target 0.70 (reached exactly at 5)",
        ),
        Case(({50: 0.9, 1: 0.6, 10: 0.8, 5: 0.7}, 0.65), "a curve whose keys are not in order, target 0.65"),
        Case(({1: 0.3, 5: 0.4}, 0.9), "a curve that never reaches the target 0.9"),
        Case(
            ({1: 0.30, 5: 0.62, 10: 0.58, 50: 0.7}, 0.6),
            "a curve that dips (0.62 at 5, 0.58 at 10), target 0.6",
        ),
    ]


def _needed_diagnose(got, want, case):
    curve, target = case.args
    if np.isinf(want):
        return 'No n reaches the target here: return float("inf") (more examples than were tried).'
    if got in curve.values():
        return "That is an accuracy; return the number of examples per class (a key of the dict)."
    if got == max(n for n in curve if curve[n] >= target) and got != want:
        return (
            "That is the largest n that reaches it; the question is the smallest (go through sorted(curve))."
        )
    return (
        "Go through the n in increasing order (sorted(curve)) and return the first whose accuracy ≥ target."
    )


register(
    Exercise(
        "08.trainable_mask",
        reference=transfer.trainable_mask,
        cases=_mask_cases,
        diagnose=_mask_diagnose,
        test=_test_mask_counts,
        dtype="b",
        hint="start from a boolean array with one False per layer; the layers that may learn are the "
        "ones that are not BatchNormalization (np.flatnonzero finds their positions); make the last "
        "n_top of those True.",
    )
)
register(
    Exercise(
        "08.build_head",
        reference=transfer.build_head,
        cases=_head_cases,
        agree=lambda got, want, case: True,  # the test below checks inputs, outputs and parameters
        test=_test_head,
        hint="a keras.Sequential that starts with keras.Input for one image's features (how many "
        "numbers does each row of `features` have?) and ends in one Dense layer with a probability "
        "for each of the n_classes.",
    )
)
register(
    Exercise(
        "08.examples_needed",
        reference=transfer.examples_needed,
        cases=_needed_cases,
        diagnose=_needed_diagnose,
        hint="go through the numbers of examples from small to large and stop at the first whose accuracy "
        'reaches the target; if none does, the answer is float("inf").',
    )
)
