"""utils.backprop: losses, softmax, gradient descent, the two-layer network, regularisation, metrics."""

from __future__ import annotations

import numpy as np
import pytest

from utils import activations, backprop, gradient_check, metrics
from utils.errors import CourseInputError, CourseTypeError


# ---- losses ------------------------------------------------------------------------------------
def test_losses_on_the_notebooks_example():
    y, p = np.array([1, 0, 1, 1]), np.array([0.9, 0.2, 0.6, 0.4])
    assert backprop.mse(y, p) == pytest.approx(np.mean((y - p) ** 2))
    assert backprop.binary_cross_entropy(y, p) == pytest.approx(0.4389, abs=1e-4)
    assert backprop.hinge(y, [2.0, -1.5, 0.3, -0.2]) == pytest.approx((0 + 0 + 0.7 + 1.2) / 4)


@pytest.mark.parametrize(
    "loss, grad, make",
    [
        (backprop.mse, backprop.mse_grad, lambda r: r.randn(7)),
        (
            backprop.binary_cross_entropy,
            backprop.binary_cross_entropy_grad,
            lambda r: r.uniform(0.05, 0.95, 7),
        ),
        (backprop.hinge, backprop.hinge_grad, lambda r: r.randn(7) * 3),
    ],
)
def test_loss_gradients_match_finite_differences(loss, grad, make):
    rng = np.random.RandomState(0)
    y = (rng.rand(7) > 0.5).astype(float)
    p = make(rng)
    numeric = gradient_check.numerical_gradient(lambda v: loss(y, v), p)
    assert gradient_check.relative_error(grad(y, p), numeric) < 1e-6


def test_cross_entropy_accepts_one_hot_and_labels_and_never_takes_log_zero():
    p = np.array([[0.2, 0.7, 0.1], [1.0, 0.0, 0.0]])
    a = backprop.categorical_cross_entropy(np.array([1, 0]), p)
    b = backprop.categorical_cross_entropy(np.eye(3)[[1, 0]], p)
    assert a == pytest.approx(b) == pytest.approx(-np.log(0.7) / 2, abs=1e-9)
    assert np.isfinite(backprop.categorical_cross_entropy(np.array([1, 1]), p))


def test_loss_input_checks():
    with pytest.raises(CourseInputError, match="same shape"):
        backprop.mse([1, 2], [1, 2, 3])
    with pytest.raises(CourseInputError, match="logits"):
        backprop.binary_cross_entropy([1, 0], [2.5, -1.0])
    with pytest.raises(CourseInputError, match="-1/\\+1"):
        backprop.hinge([2, 0], [1.0, 1.0])
    with pytest.raises(CourseTypeError):
        backprop.mse("abc", [1.0])


# ---- softmax -------------------------------------------------------------------------------------
def test_naive_softmax_overflows_where_the_stable_one_does_not():
    z = np.array([1000.0, 1001.0, 1002.0])
    assert np.isnan(backprop.softmax_naive(z)).all()
    np.testing.assert_allclose(activations.softmax(z), backprop.softmax_naive(z - 1000), rtol=1e-12)


def test_softmax_cross_entropy_gradient_is_p_minus_one_hot_over_n():
    rng = np.random.RandomState(1)
    z, y = rng.randn(5, 4) * 3, rng.randint(0, 4, 5)
    loss, dz = backprop.softmax_cross_entropy(z, y)
    assert loss == pytest.approx(backprop.categorical_cross_entropy(y, activations.softmax(z)))
    np.testing.assert_allclose(dz, (activations.softmax(z) - np.eye(4)[y]) / 5)
    numeric = gradient_check.numerical_gradient(lambda v: backprop.softmax_cross_entropy(v, y)[0], z)
    assert gradient_check.relative_error(dz, numeric) < 1e-5
    big_loss, _ = backprop.softmax_cross_entropy(np.array([[1000.0, -1000.0]]), [1])
    assert big_loss == pytest.approx(2000.0)


# ---- gradient descent ---------------------------------------------------------------------------
@pytest.mark.parametrize("lr, ends", [(0.01, "slow"), (0.1, "converged"), (0.21, "diverged")])
def test_the_three_learning_rates_on_the_bowl(lr, ends):
    path = backprop.gradient_descent(backprop.surface_grad, [-4.0, 2.0], lr, 30)
    final = backprop.surface_loss(path[-1])
    start = backprop.surface_loss(path[0])
    assert {"slow": 1 < final < start, "converged": final < 0.05, "diverged": final > start}[ends]


def test_gradient_descent_stops_when_it_blows_up_and_checks_its_input():
    path = backprop.gradient_descent(backprop.surface_grad, [1.0, 1.0], 5.0, 1000)
    assert len(path) < 1001
    with pytest.raises(CourseInputError, match="positive"):
        backprop.gradient_descent(backprop.surface_grad, [1.0, 1.0], -0.1, 3)
    with pytest.raises(CourseInputError):
        backprop.surface_loss([1.0, 2.0, 3.0])


def test_sgd_step_goes_downhill_and_leaves_theta_alone():
    theta = np.array([1.0, -2.0])
    new = backprop.sgd_step(theta, np.array([0.5, 0.5]), 0.1)
    np.testing.assert_allclose(new, [0.95, -2.05])
    assert theta.tolist() == [1.0, -2.0]
    with pytest.raises(CourseInputError, match="one gradient per parameter"):
        backprop.sgd_step(theta, np.ones(3), 0.1)


# ---- layers and the network ---------------------------------------------------------------------
def test_dense_and_relu_backward_pass_gradient_checks():
    rng = np.random.RandomState(2)
    errors = gradient_check.check_layer(rng.randn(4, 3), rng.randn(3, 5), rng.randn(5), rng.randn(4, 5))
    assert max(errors.values()) < 1e-7
    x = rng.randn(6, 4)
    out, cache = backprop.relu_forward(x)
    np.testing.assert_array_equal(backprop.relu_backward(np.ones_like(x), cache), (x > 0).astype(float))
    assert backprop.weight_gradient(x, rng.randn(6, 2)).shape == (4, 2)
    with pytest.raises(CourseInputError, match="rows"):
        backprop.weight_gradient(x, np.ones((5, 2)))


def test_dropout_keeps_the_expected_value_and_is_off_at_test_time():
    rng = np.random.RandomState(3)
    x = np.ones((2000, 50))
    out, mask = backprop.dropout_forward(x, 0.5, rng)
    assert abs(out.mean() - 1.0) < 0.02 and (out == 0).mean() == pytest.approx(0.5, abs=0.02)
    same, none = backprop.dropout_forward(x, 0.5, rng, training=False)
    assert same is x and none is None
    with pytest.raises(CourseInputError, match="share"):
        backprop.dropout_forward(x, 1.0, rng)


@pytest.mark.parametrize("kw", [{}, {"l2": 0.05}, {"l1": 0.01}])
def test_two_layer_gradients_match_finite_differences(kw):
    rng = np.random.RandomState(4)
    x, y = rng.randn(7, 5), rng.randint(0, 3, 7)
    params = backprop.init_two_layer(5, 6, 3, seed=1)
    _, grads = backprop.two_layer_loss(params, x, y, **kw)
    for name in params:

        def f(v, name=name):
            return backprop.two_layer_loss(dict(params, **{name: v}), x, y, **kw)[0]

        numeric = gradient_check.numerical_gradient(f, params[name])
        assert gradient_check.relative_error(grads[name], numeric) < 1e-5, name


def _blobs(n=300, seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 3, n)
    x = rng.randn(n, 4) * 0.6 + np.eye(3, 4)[y] * 3
    return x, y


def test_train_two_layer_learns_and_records_curves():
    x, y = _blobs()
    h = backprop.train_two_layer(x[:200], y[:200], x[200:], y[200:], n_hidden=16, epochs=15, seed=0)
    assert len(h.train_loss) == len(h.val_acc) == 15
    assert h.val_acc[-1] > 0.95 and h.train_loss[-1] < h.train_loss[0]
    again = backprop.train_two_layer(x[:200], y[:200], x[200:], y[200:], n_hidden=16, epochs=15, seed=0)
    assert again.val_loss == h.val_loss  # seeded


def test_early_stopping_returns_the_best_epochs_parameters():
    x, y = _blobs(120, seed=5)
    y = np.where(np.random.RandomState(0).rand(120) < 0.4, (y + 1) % 3, y)  # noisy labels: it overfits
    h = backprop.train_two_layer(
        x[:60], y[:60], x[60:], y[60:], n_hidden=64, learning_rate=0.3, epochs=200, patience=5
    )
    assert h.stopped_early and len(h.val_loss) == h.best_epoch + 5
    logits, _ = backprop.two_layer_forward(h.params, x[60:])
    assert backprop.softmax_cross_entropy(logits, y[60:])[0] == pytest.approx(min(h.val_loss))


def test_penalties_shrink_the_weights():
    x, y = _blobs()
    kw = dict(n_hidden=16, epochs=10, seed=0)
    plain = backprop.train_two_layer(x[:200], y[:200], x[200:], y[200:], **kw)
    l2 = backprop.train_two_layer(x[:200], y[:200], x[200:], y[200:], l2=0.05, **kw)
    l1 = backprop.train_two_layer(x[:200], y[:200], x[200:], y[200:], l1=0.01, **kw)
    size = lambda h, f: f(h.params["W1"]) + f(h.params["W2"])  # noqa: E731
    assert size(l2, lambda w: np.sum(w**2)) < size(plain, lambda w: np.sum(w**2))
    assert size(l1, lambda w: np.sum(np.abs(w))) < size(plain, lambda w: np.sum(np.abs(w)))


def test_minibatches_cover_every_sample_once():
    batches = backprop.minibatches(10, 3, np.random.RandomState(0))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    assert sorted(np.concatenate(batches)) == list(range(10))


# ---- metrics -------------------------------------------------------------------------------------
def test_top_k_accuracy():
    scores = np.array([[0.1, 0.5, 0.4], [0.8, 0.15, 0.05], [0.2, 0.3, 0.5]])
    y = np.array([2, 0, 0])
    assert metrics.top_k_accuracy(y, scores, 1) == pytest.approx(1 / 3)
    assert metrics.top_k_accuracy(y, scores, 2) == pytest.approx(2 / 3)
    assert metrics.top_k_accuracy(y, scores, 3) == 1.0
    with pytest.raises(CourseInputError):
        metrics.top_k_accuracy(y, scores, 4)


def test_precision_recall_come_from_the_confusion_matrix_and_expose_goodhart():
    y_true = np.array([0, 0, 1, 1, 1, 2])
    y_pred = np.array([0, 1, 1, 1, 0, 1])
    p, r = backprop.precision_recall(y_true, y_pred, 3)
    np.testing.assert_allclose(p, [1 / 2, 1 / 2, 0.0])
    np.testing.assert_allclose(r, [1 / 2, 2 / 3, 0.0])
    rare = np.r_[np.ones(10, int), np.zeros(90, int)]
    never = np.zeros(100, int)
    assert metrics.accuracy(rare, never) == 0.9 and backprop.precision_recall(rare, never, 2)[1][1] == 0.0
