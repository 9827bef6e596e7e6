"""Tests for utils.perceptron and notebook 04's figures, widget actions and deck data."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_breast_cancer, load_digits

from utils import activations, lecture_examples, perceptron
from utils.errors import CourseInputError, CourseTypeError
from utils.figures import nb04

STUDENTS = lecture_examples.student_grades()


# ---------------------------------------------------------------------- deck 002's students
def test_the_shipped_table_is_the_decks():
    assert STUDENTS.names == ("S1", "S2", "S3", "S4", "S5", "S6")
    assert STUDENTS.sets == ("train",) * 3 + ("validation",) * 3
    # deck 002's slides (their columns read S3 S2 S1 and S6 S5 S4)
    assert STUDENTS.grades.tolist() == [
        [80, 60, 70],
        [50, 45, 51],
        [60, 70, 50],
        [88, 87, 65],
        [64, 57, 78],
        [65, 32, 46],
    ]
    assert STUDENTS.passed.tolist() == [1, 0, 1, 1, 0, 1]
    assert not STUDENTS.grades.flags.writeable


def test_the_deck_weights_give_the_decks_predictions():
    scores = perceptron.student_scores(
        STUDENTS.grades, lecture_examples.STUDENT_WEIGHTS, lecture_examples.STUDENT_BIAS
    )
    assert scores.tolist() == [240, 206, 190, 216, 235, 229]
    y_hat = activations.step(scores, lecture_examples.STUDENT_THRESHOLD)
    assert y_hat.tolist() == [lecture_examples.STUDENT_PREDICTED_DECK[n] for n in STUDENTS.names]
    assert y_hat.tolist() == [1, 1, 0, 1, 1, 1]  # "How does an ANN learn?" and "Validation" slides


def test_the_learned_student_neuron_gets_all_six_right():
    w0 = lecture_examples.STUDENT_THRESHOLD - lecture_examples.STUDENT_BIAS
    p = perceptron.Perceptron(lecture_examples.STUDENT_WEIGHTS, w0=w0, lr=0.01, learn_w0=False)
    history = p.fit(STUDENTS.grades[:3], STUDENTS.passed[:3], max_epochs=100)
    assert history[-1] == 0 and len(history) == 11
    assert np.allclose(p.w, [0.8, 0.1, -0.1]) and p.w0 == w0
    assert np.array_equal(p.predict(STUDENTS.grades), STUDENTS.passed)


def test_student_scores_round_away_the_last_digit():
    # 0.8·60 + 0.1·70 − 0.1·50 + 150 is 200 exactly, whatever the floating-point order
    assert perceptron.student_scores([[60, 70, 50]], [0.8, 0.1, -0.1], 150)[0] == 200


# ---------------------------------------------------------------------- neurons and gates
def test_neuron_one_and_many_samples():
    assert perceptron.neuron([1.0, 0.0, 1.0], [0.5, -1.0, 2.0], 1.0) == 1.0
    assert isinstance(perceptron.neuron([1.0, 0.0], [1.0, 1.0], 1.5), float)
    out = perceptron.neuron(np.eye(3), [1.0, 2.0, 3.0], 2.0)
    assert out.tolist() == [0, 1, 1]
    assert perceptron.neuron([[1, 1]], [1, 1], 2.0).tolist() == [1.0]  # on the threshold: fires
    assert np.allclose(perceptron.neuron([0.0], [1.0], 0.0, activation="sigmoid"), 0.5)
    assert perceptron.weighted_sum([1, 2], [3, 4], 1) == 10


@pytest.mark.parametrize("name", ["and", "or", "not", "nand"])
def test_gates_with_the_decks_weights(name):
    gate = perceptron.GATES[name]
    inputs, outputs = perceptron.truth_table(gate.w, gate.w0)
    assert np.array_equal(outputs, perceptron.gate_target(name)[1])
    assert inputs.shape == (2 ** len(gate.w), len(gate.w))


def test_the_decks_formulas():
    assert perceptron.GATES["and"] == ((1.0, 1.0), 1.5, "σ(x¹ + x² − 3/2)")
    assert perceptron.GATES["or"][:2] == ((1.0, 1.0), 0.5)
    assert perceptron.GATES["not"][:2] == ((-1.0,), -0.5)
    assert perceptron.boolean_inputs(2).tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]


def test_xor_no_line_but_two_layers():
    inputs, target = perceptron.gate_target("xor")
    assert target.tolist() == [0, 1, 1, 0]
    search = perceptron.best_single_line(inputs, target)
    assert search.best_correct == 3 and search.n_points == 4 and search.n_lines == 360 * 201
    for name in ("and", "or", "nand"):
        assert perceptron.best_single_line(*perceptron.gate_target(name)).best_correct == 4
    hidden, out = perceptron.two_layer(inputs, **perceptron.XOR_NETWORK)
    assert out.tolist() == [0, 1, 1, 0]
    assert hidden[:, 0].tolist() == [0, 1, 1, 1] and hidden[:, 1].tolist() == [1, 1, 1, 0]  # OR, NAND


def test_no_line_separates_xor_by_brute_force():
    inputs, target = perceptron.gate_target("xor")
    grid = np.linspace(-2, 2, 17)
    for w1, w2, w0 in itertools.product(grid, grid, grid):
        assert not np.array_equal(perceptron.neuron(inputs, [w1, w2], w0), target)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_learned_two_layer_net_solves_xor(seed):
    inputs, target = perceptron.gate_target("xor")
    net = perceptron.fit_two_layer(inputs, target, seed=seed)
    assert np.array_equal(net.predict(inputs), target)
    assert net.losses[-1] < 0.05 < net.losses[0]


# ---------------------------------------------------------------------- the perceptron rule
def test_perceptron_update_by_hand():
    # AND's neuron (w0, w1, w2) = (1.5, 1, 1) wrongly says 0 for x = (1, 0) if that were labelled 1
    assert perceptron.perceptron_update([1.5, 1.0, 1.0], [1.0, 0.0], 1, 0.5).tolist() == [1.0, 1.5, 1.0]
    assert perceptron.perceptron_update([0.0, 1.0, 1.0], [1.0, 1.0], 0, 1.0).tolist() == [1.0, 0.0, 0.0]
    w = np.array([0.0, 1.0, 1.0])
    assert perceptron.perceptron_update(w, [1.0, 1.0], 1).tolist() == [0.0, 1.0, 1.0]  # right: unchanged
    assert w.tolist() == [0.0, 1.0, 1.0]


def test_step_returns_the_update_and_cycles():
    X, y = nb04.perceptron_data()
    p = perceptron.Perceptron([0.5, -0.5], 0.0, lr=0.1)
    first = p.step(X, y)
    assert first.index == 0 and first.y == 0 and first.y_hat == 1
    assert np.allclose(first.dw, -0.1 * X[0]) and np.isclose(first.dw0, 0.1)
    assert np.allclose(first.w, [0.5, -0.5] - 0.1 * X[0]) and "point 0" in first.describe()
    second = p.step(X, y)
    assert second.index > first.index
    p.fit(X, y)
    done = p.step(X, y)
    assert done.index is None and "converged" in done.describe() and np.all(done.dw == 0)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.floats(-2, 2), st.floats(-2, 2), st.floats(-1, 1))
def test_the_perceptron_converges_on_separable_data(seed, w1, w2, w0):
    X, y = perceptron.make_separable(25, seed=seed)
    assert set(y.tolist()) == {0, 1}
    p = perceptron.Perceptron([w1, w2], w0, lr=0.1)
    history = p.fit(X, y, max_epochs=1000)
    assert history[-1] == 0 and len(p.mistakes(X, y)) == 0


def test_updates_yield_until_converged():
    X, y = nb04.perceptron_data()
    updates = list(perceptron.Perceptron([0.5, -0.5], 0.0, lr=0.1).updates(X, y))
    assert updates[-1].index is None and all(u.index is not None for u in updates[:-1])


def test_learn_w0_false_keeps_the_threshold():
    X, y = nb04.perceptron_data()
    p = perceptron.Perceptron([0.5, -0.5], 0.3, lr=0.1, learn_w0=False)
    p.epoch(X, y)
    assert p.w0 == 0.3


# ---------------------------------------------------------------------- the widget's actions
def test_widget_actions_step_train_reset(capsys):
    start = nb04.PERCEPTRON_START
    after = nb04.press_step(**start)
    assert after == {"w1": 0.48, "w2": -0.51, "w0": 0.1}
    nb04.show_perceptron(**start)
    line = capsys.readouterr().out
    assert "23 of 30 points on the wrong side" in line and "→ w = (0.48, -0.51), w0 = 0.10" in line
    frames = list(nb04.press_train(**start))
    assert 1 < len(frames) <= 25
    nb04.show_perceptron(**frames[-1])
    assert "0 of 30 points on the wrong side | converged" in capsys.readouterr().out
    assert nb04.press_reset(**frames[-1]) == start
    assert list(nb04.press_train(**frames[-1])) == [frames[-1]]  # nothing left to learn


@pytest.mark.parametrize(
    "start", list(itertools.product([-3.0, 0.0, 3.0], [-3.0, 0.37, 3.0], [-3.0, 0.0, 3.0]))
)
def test_train_converges_within_the_sliders_range_from_any_start(start):
    w1, w2, w0 = start
    frames = list(nb04.press_train(w1, w2, w0))
    assert all(abs(v) <= 5 for f in frames for v in f.values())  # the sliders go from -5 to 5
    assert all(v == round(v, 2) for f in frames for v in f.values())  # on the sliders' 0.01 steps
    last = frames[-1]
    X, y = nb04.perceptron_data()
    assert len(perceptron.Perceptron([last["w1"], last["w2"]], last["w0"]).mistakes(X, y)) == 0


# ---------------------------------------------------------------------- one output per class, approximation
def test_linear_classifier_on_sklearn_digits():
    d = load_digits()
    X, y = d.images[:1200] / 16.0, d.target[:1200]
    clf = perceptron.fit_linear_classifier(X[:1000], y[:1000], epochs=10, lr=0.5, seed=0)
    assert np.mean(clf.predict(X[1000:]) == y[1000:]) > 0.85
    assert clf.templates((8, 8)).shape == (10, 8, 8) and clf.scores(X[:3]).shape == (3, 10)
    assert clf.losses[-1] < clf.losses[0]
    seen = []
    perceptron.fit_linear_classifier(X[:100], y[:100], epochs=2, on_epoch=lambda e, loss: seen.append(e))
    assert seen == [1, 2]


def test_uint8_images_are_scaled():
    rng = np.random.RandomState(0)
    X = rng.randint(0, 256, (50, 4, 4)).astype(np.uint8)
    y = rng.randint(0, 3, 50)
    a = perceptron.fit_linear_classifier(X, y, n_classes=3, epochs=2, seed=1)
    b = perceptron.fit_linear_classifier(X / 255.0, y, n_classes=3, epochs=2, seed=1)
    assert np.allclose(a.W, b.W)


def test_relu_fits_get_better_with_width():
    x = np.linspace(-3, 3, 400)
    y = perceptron.target_curve(x)
    errors = [perceptron.fit_relu_width(x, y, w).max_error for w in (1, 3, 10, 40, 160)]
    assert all(a >= b for a, b in zip(errors, errors[1:], strict=False)) and errors[-1] < 1e-3
    fit = perceptron.fit_relu_width(x, y, 10)
    assert np.max(np.abs(fit.predict(x) - y)) == pytest.approx(fit.max_error)
    assert len(fit.knots) == 10


# ---------------------------------------------------------------------- the tabular set and the Keras model
def test_the_tabular_csv_is_sklearns_breast_cancer():
    X, y = perceptron.load_tabular()
    d = load_breast_cancer()
    assert X.shape == (569, 8) and np.allclose(X, d.data[:, :8]) and np.array_equal(y, d.target)
    with pytest.raises(CourseInputError, match="data/"):
        perceptron.load_tabular("/nonexistent/table.csv")


def test_standardize_uses_the_training_statistics():
    rng = np.random.RandomState(0)
    a, b = rng.rand(20, 3) * 100, rng.rand(5, 3) * 100
    sa, sb = perceptron.standardize(a, b)
    assert np.allclose(sa.mean(axis=0), 0) and np.allclose(sa.std(axis=0), 1)
    assert np.allclose(sb, (b - a.mean(0)) / a.std(0))
    assert perceptron.standardize(np.ones((3, 2))).tolist() == [[0, 0]] * 3


def test_deck_model_shape():
    model = perceptron.deck_model(8)
    assert [layer.units for layer in model.layers] == [12, 8, 1]
    assert model.count_params() == 221
    assert model.layers[-1].activation.__name__ == "sigmoid"


# ---------------------------------------------------------------------- input checks
@pytest.mark.parametrize(
    "call, err, phrase",
    [
        (lambda: perceptron.neuron("x", [1], 0), CourseTypeError, "NumPy array"),
        (lambda: perceptron.neuron([1, 2], [1, 2, 3], 0), CourseInputError, "one weight per input"),
        (lambda: perceptron.neuron([1, 2], [1, 2], "0"), CourseTypeError, "number"),
        (lambda: perceptron.neuron([1, np.nan], [1, 2], 0), CourseInputError, "NaN"),
        (lambda: perceptron.neuron([1, 2], [1, 2], 0, activation="swish"), CourseInputError, "'relu'"),
        (lambda: perceptron.perceptron_update([1, 1], [1, 0], 1), CourseInputError, "threshold w0"),
        (lambda: perceptron.perceptron_update([0, 1, 1], [[1, 0]], 1), CourseInputError, "ONE sample"),
        (lambda: perceptron.perceptron_update([0, 1, 1], [1, 0], 2), CourseInputError, "0 and 1"),
        (lambda: perceptron.perceptron_update([0, 1, 1], [1, 0], 1, lr=0), CourseInputError, "positive"),
        (lambda: perceptron.best_single_line(np.zeros((4, 3)), [0, 1, 0, 1]), CourseInputError, "2-D"),
        (lambda: perceptron.gate_target("xnor"), CourseInputError, "'xor'"),
        (
            lambda: perceptron.Perceptron([1, 1]).step(np.zeros((3, 3)), [0, 1, 0]),
            CourseInputError,
            "weights",
        ),
        (
            lambda: perceptron.fit_linear_classifier(np.zeros((4, 2)), [0, 1, 2, 9], n_classes=3),
            CourseInputError,
            "0 … 2",
        ),
        (lambda: perceptron.fit_relu_width([1, 2], [1, 2, 3], 2), CourseInputError, "same length"),
        (lambda: perceptron.fit_two_layer([[0, 0]], [0], hidden=0), CourseInputError, "between 1 and"),
    ],
)
def test_bad_input_says_what_to_do(call, err, phrase):
    with pytest.raises(err, match=phrase):
        call()


# ---------------------------------------------------------------------- the figures draw
def test_figures_draw(capsys):
    inputs, target = perceptron.gate_target("xor")
    nb04.plot_gates()
    nb04.plot_xor(perceptron.best_single_line(inputs, target))
    nb04.plot_two_layer_net(perceptron.fit_two_layer(inputs, target, epochs=50))
    nb04.plot_perceptron_run([3, 1, 0], [(np.array([0.5, -0.5]), 0.0)] * 4)
    nb04.plot_activations()
    d = load_digits()
    nb04.plot_templates(perceptron.fit_linear_classifier(d.images[:200] / 16, d.target[:200], epochs=1))
    nb04.plot_universal_approximation(widths=(1, 5))
    nb04.plot_neuron([1.0, 0.0, 1.0], [0.5, -1.0, 2.0], 1.0)
    assert "max error by width: 1 →" in capsys.readouterr().out
    assert len(plt.get_fignums()) == 8
    with pytest.raises(CourseInputError, match="one weight per input"):
        nb04.plot_neuron([1.0, 0.0], [0.5], 1.0)
