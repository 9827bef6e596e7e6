"""utils.playground: data sets, the NumPy network, the chunked trainer, and the Keras code it generates."""

from __future__ import annotations

import numpy as np
import pytest

from utils import gradient_check, playground
from utils.errors import CourseInputError, CourseTypeError


@pytest.mark.parametrize("name", playground.DATASETS)
@pytest.mark.parametrize("k", [2, 3, 5])
def test_every_dataset_has_every_class_and_is_seeded(name, k):
    x, y = playground.make_dataset(name, 200, 0.1, k, seed=3)
    assert x.shape == (200, 2) and y.shape == (200,) and y.dtype == np.int64
    assert set(np.unique(y)) == set(range(k))
    assert np.abs(x).max() < 4
    x2, y2 = playground.make_dataset(name, 200, 0.1, k, seed=3)
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)


def test_noise_moves_the_points():
    a, _ = playground.make_dataset("moons", 100, 0.0)
    b, _ = playground.make_dataset("moons", 100, 0.3)
    assert np.abs(a - b).mean() > 0.1


def test_split_and_settings_checks():
    x, y = playground.make_dataset("xor", 100)
    xt, yt, xv, yv = playground.split(x, y, 0.3)
    assert len(xt) == 70 and len(xv) == 30 and len(set(map(tuple, np.r_[xt, xv]))) == 100
    with pytest.raises(CourseInputError, match="dataset"):
        playground.Settings(dataset="donut")
    with pytest.raises(CourseInputError):
        playground.Settings(n_classes=6)
    with pytest.raises(CourseInputError, match="commas"):
        playground.parse_hidden("8, x")
    with pytest.raises(CourseTypeError):
        playground.parse_hidden(8)
    assert playground.parse_hidden("4 ,2") == (4, 2) and playground.parse_hidden("") == ()


@pytest.mark.parametrize("activation", playground.ACTIVATIONS)
def test_network_gradients_match_finite_differences(activation):
    rng = np.random.RandomState(0)
    x, y = rng.randn(6, 2), rng.randint(0, 3, 6)
    net = playground.Network((4, 3), 3, activation, seed=1)
    _, dWs, dbs = net.loss_and_gradients(x, y, l2=0.01)
    for i in range(len(net.weights)):

        def f(w, i=i):
            old = net.weights[i]
            net.weights[i] = w
            loss = net.loss_and_gradients(x, y, l2=0.01)[0]
            net.weights[i] = old
            return loss

        numeric = gradient_check.numerical_gradient(f, net.weights[i].copy())
        assert gradient_check.relative_error(dWs[i], numeric) < 1e-5


def test_the_default_playground_learns_100_epochs_fast():
    t = playground.Trainer()
    t.train_epochs(100)
    assert t.done and t.epoch == 100 and len(t.val_loss) == 100
    assert t.val_acc[-1] > 0.9 and t.train_loss[-1] < t.train_loss[0]
    assert "epoch 100 of 100" in t.readout()
    xs, ys, p = t.grid(20)
    assert p.shape == (20, 20, 2) and np.allclose(p.sum(-1), 1)


def test_train_for_trains_in_chunks_and_update_changes_live_settings():
    t = playground.Trainer(epochs=1000)
    n = t.train_for(0.05)
    assert 1 <= n < 1000 and t.epoch == n
    t.update(learning_rate=0.1, epochs=n + 2)
    t.train_for(10)
    assert t.epoch == n + 2 and t.settings.learning_rate == 0.1
    with pytest.raises(CourseInputError, match="new Trainer"):
        t.update(dataset="spiral")


def test_no_hidden_layer_cannot_learn_circles_but_a_hidden_layer_can():
    flat = playground.Trainer(hidden=(), epochs=60)
    deep = playground.Trainer(hidden=(8, 8), epochs=60, learning_rate=0.1)
    flat.train_epochs(60)
    deep.train_epochs(60)
    assert flat.val_acc[-1] < 0.75 < 0.9 < deep.val_acc[-1]


def test_keras_code_mentions_every_setting():
    s = playground.Settings(
        hidden=(5, 3), activation="relu", l2=0.001, dropout=0.2, learning_rate=0.3, batch_size=7, epochs=9
    )
    code = playground.keras_code(s)
    compile(code, "<keras code>", "exec")
    for piece in [
        'Dense(5, activation="relu"',
        'Dense(3, activation="relu"',
        "Dropout(0.2)",
        "L2(0.001)",
        "SGD(learning_rate=0.3)",
        "batch_size=7",
        "epochs=9",
        "keras.Input(shape=(2,))",
        'Dense(2, activation="softmax"',
    ]:
        assert piece in code, piece
    assert "tensorflow.keras" not in code and "input_shape" not in code


def test_the_generated_keras_code_trains_like_the_playground():
    """Exec the code shown to the learner; it must build the same network and reach a similar accuracy."""
    pytest.importorskip("keras")
    s = playground.Settings(
        dataset="moons", n_classes=3, hidden=(16,), learning_rate=0.3, batch_size=32, epochs=60
    )
    trainer = playground.Trainer(s)
    trainer.train_epochs(s.epochs)
    namespace = {}
    exec(playground.keras_code(s), namespace)
    model, history = namespace["model"], namespace["history"]
    assert model.count_params() == trainer.network.n_params == playground.build_keras_model(s).count_params()
    keras_acc = history.history["val_accuracy"][-1]
    assert trainer.val_acc[-1] > 0.7 and keras_acc > 0.7  # well above chance (1/3)
    assert abs(keras_acc - trainer.val_acc[-1]) < 0.1, (keras_acc, trainer.val_acc[-1])
