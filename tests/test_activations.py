"""Tests for utils.activations (notebooks 04 and 05): values, derivatives, stability, input checks."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import expit
from scipy.special import softmax as sp_softmax

from utils import activations
from utils.errors import CourseInputError, CourseTypeError

X = np.linspace(-6, 6, 121)
ELEMENTWISE = ["step", "sigmoid", "tanh", "relu", "leaky_relu"]


def test_known_values():
    assert activations.sigmoid(0) == 0.5 and activations.sigmoid_grad(0.0) == 0.25
    assert activations.tanh(0) == 0 and activations.tanh_grad(0) == 1
    assert np.array_equal(activations.relu([-2, 0, 3]), [0, 0, 3])
    assert np.array_equal(activations.relu_grad([-2, 0, 3]), [0, 0, 1])
    assert np.allclose(activations.leaky_relu([-2, 0, 3]), [-0.02, 0, 3])
    assert np.allclose(activations.leaky_relu([-2, 3], alpha=0.2), [-0.4, 3])
    assert np.allclose(activations.leaky_relu_grad([-2, 0, 3], alpha=0.2), [0.2, 0.2, 1])
    assert np.array_equal(activations.step([-1, 0, 1]), [0, 1, 1])
    assert np.array_equal(activations.step([199, 200, 201], 200), [0, 1, 1])  # deck 002's threshold
    assert np.array_equal(activations.step_grad([-1, 0, 1]), [0, 0, 0])


def test_match_scipy_and_numpy():
    assert np.allclose(activations.sigmoid(X), expit(X), atol=1e-15)
    assert np.allclose(activations.tanh(X), np.tanh(X))
    assert np.allclose(activations.tanh(X), 2 * activations.sigmoid(2 * X) - 1)
    Z = np.random.RandomState(0).randn(5, 7) * 10
    assert np.allclose(activations.softmax(Z), sp_softmax(Z, axis=-1))
    assert np.allclose(activations.softmax(Z, axis=0), sp_softmax(Z, axis=0))


@pytest.mark.parametrize("name", ELEMENTWISE[1:])
def test_derivatives_match_finite_differences(name):
    f, df = activations.get(name)
    x = X[np.abs(X) > 1e-3]  # away from the kink of (leaky) ReLU
    h = 1e-6
    numeric = (f(x + h) - f(x - h)) / (2 * h)
    assert np.allclose(df(x), numeric, atol=1e-6)


def test_softmax_jacobian_matches_finite_differences():
    z = np.array([0.5, -1.0, 2.0, 0.0])
    J = activations.softmax_grad(z)
    h = 1e-6
    numeric = np.stack(
        [(activations.softmax(z + h * e) - activations.softmax(z - h * e)) / (2 * h) for e in np.eye(4)], 1
    )
    assert J.shape == (4, 4) and np.allclose(J, numeric, atol=1e-8)
    assert np.allclose(J.sum(axis=1), 0)
    assert activations.softmax_grad(np.zeros((3, 5))).shape == (3, 5, 5)


def test_no_overflow_and_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert activations.sigmoid(-1000.0) == 0 and activations.sigmoid(1000.0) == 1
        assert np.allclose(activations.softmax([1000.0, 0.0]), [1, 0])
        assert np.allclose(activations.softmax([[1000.0, 1000.0]]), [[0.5, 0.5]])
        assert np.allclose(activations.softmax([0.0, -np.inf]), [1, 0])
        assert activations.sigmoid(np.inf) == 1 and activations.sigmoid(-np.inf) == 0


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=st.floats(-1e6, 1e6)))
def test_softmax_rows_are_probabilities_and_shift_invariant(z):
    p = activations.softmax(z)
    assert p.shape == z.shape and np.all(p >= 0) and np.allclose(p.sum(axis=-1), 1)
    assert np.allclose(activations.softmax(z - 123.0), p, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(0, 20), elements=st.floats(-800, 800)))
def test_ranges_and_monotone(x):
    s = activations.sigmoid(x)
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.abs(activations.tanh(x)) <= 1)
    assert np.all(activations.relu(x) >= 0)
    assert np.all((activations.sigmoid_grad(x) >= 0) & (activations.sigmoid_grad(x) <= 0.25))
    order = np.sort(x)
    assert np.all(np.diff(activations.sigmoid(order)) >= 0)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_shapes_dtypes_scalars_nan(name):
    f, df = activations.get(name)
    out = f(np.zeros((2, 3), dtype=np.float32))
    assert out.shape == (2, 3) and out.dtype == np.float32
    assert f(np.array([1, 2], dtype=np.uint8)).dtype == np.float64  # no uint8 wrap-around
    assert isinstance(f(1.5), float) and isinstance(df(1.5), float)
    assert np.isnan(f(np.nan)) and np.isnan(df(np.nan))
    assert f(np.array([])).shape == (0,)
    x = np.array([-1.0, 2.0])
    f(x), df(x)
    assert np.array_equal(x, [-1.0, 2.0])  # the input is never changed


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
@pytest.mark.parametrize("bad", ["3", None, [1, [2, 3]], {"a": 1}])
def test_bad_input_says_what_to_pass(name, bad):
    fn = activations.softmax if name == "softmax" else activations.get(name)[0]
    with pytest.raises(CourseTypeError):
        fn(bad)


def test_bad_arguments():
    with pytest.raises(CourseInputError, match="between 0 and 1"):
        activations.leaky_relu([1.0], alpha=2)
    with pytest.raises(CourseTypeError, match="number"):
        activations.leaky_relu_grad([1.0], alpha="0.1")
    with pytest.raises(CourseInputError, match="single number"):
        activations.softmax(3.0)
    with pytest.raises(CourseInputError, match="axis"):
        activations.softmax([1.0, 2.0], axis=1)
    with pytest.raises(CourseTypeError, match="axis"):
        activations.softmax([1.0, 2.0], axis="last")
    with pytest.raises(CourseInputError, match="infinity"):
        activations.softmax([np.inf, 0.0])
    with pytest.raises(CourseInputError, match="no scores"):
        activations.softmax(np.zeros((2, 0)))
    with pytest.raises(CourseInputError, match="'relu'"):
        activations.get("swish")
    with pytest.raises(CourseTypeError):
        activations.step([1.0], threshold="200")
