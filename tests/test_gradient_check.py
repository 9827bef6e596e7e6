"""utils.gradient_check: finite differences, relative error, and tf.GradientTape."""

from __future__ import annotations

import numpy as np
import pytest

from utils import backprop, gradient_check
from utils.errors import CourseInputError, CourseTypeError


def test_numerical_gradient_of_known_functions_and_x_unchanged():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    np.testing.assert_allclose(gradient_check.numerical_gradient(lambda v: np.sum(v**2), x), 2 * x, atol=1e-8)
    np.testing.assert_array_equal(x, before)
    g = gradient_check.numerical_gradient(lambda v: np.sin(v[0]) * v[1], np.array([0.3, 2.0]))
    np.testing.assert_allclose(g, [np.cos(0.3) * 2.0, np.sin(0.3)], rtol=1e-8)


def test_relative_error():
    assert gradient_check.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gradient_check.relative_error([0.0], [0.0]) == 0.0
    assert gradient_check.relative_error([1.0], [-1.0]) == 1.0
    assert gradient_check.relative_error([1.0, 1e-3], [1.0 + 1e-9, 1e-3]) < 1e-9


def test_a_wrong_gradient_is_caught():
    rng = np.random.RandomState(0)
    x, dout = rng.randn(4, 3), rng.randn(4, 2)
    W = rng.randn(3, 2)
    numeric = gradient_check.numerical_gradient(lambda w: np.sum((x @ w) * dout), W)
    assert gradient_check.relative_error(x.T @ dout, numeric) < 1e-8
    assert gradient_check.relative_error(x.T @ dout / 4, numeric) > 0.5


def test_checks_of_the_layer_and_the_network():
    rng = np.random.RandomState(1)
    assert (
        max(
            gradient_check.check_layer(
                rng.randn(3, 4), rng.randn(4, 2), rng.randn(2), rng.randn(3, 2)
            ).values()
        )
        < 1e-7
    )
    params = backprop.init_two_layer(5, 4, 3, seed=0)
    errors = gradient_check.check_two_layer(params, rng.randn(6, 5), rng.randint(0, 3, 6), l2=0.01)
    assert set(errors) == {"W1", "b1", "W2", "b2"} and max(errors.values()) < 1e-6


def test_input_checks():
    with pytest.raises(CourseTypeError):
        gradient_check.numerical_gradient("not a function", np.ones(2))
    with pytest.raises(CourseInputError, match="small positive"):
        gradient_check.numerical_gradient(np.sum, np.ones(2), h=0)
    with pytest.raises(CourseInputError, match="shape"):
        gradient_check.relative_error(np.ones(2), np.ones(3))


def test_gradient_tape_agrees_with_backprop():
    pytest.importorskip("tensorflow")
    rng = np.random.RandomState(0)
    x, y = rng.randn(6, 5), rng.randint(0, 3, 6)
    params = backprop.init_two_layer(5, 4, 3, seed=0)
    _, by_hand = backprop.two_layer_loss(params, x, y, l2=0.01)
    tape = gradient_check.tape_gradients_two_layer(params, x, y, l2=0.01)
    for name in params:
        assert tape[name].shape == params[name].shape
        assert gradient_check.relative_error(by_hand[name], tape[name]) < 1e-9, name
