"""Notebook 05's widgets: the learning-rate widget's function, the playground app's controls and buttons."""

from __future__ import annotations

import time

import matplotlib
import pytest

matplotlib.use("Agg")

from utils import playground  # noqa: E402
from utils.figures import nb05  # noqa: E402

LABELS = [
    "dataset",
    "noise",
    "classes",
    "hidden layers",
    "activation",
    "learning rate",
    "batch size",
    "L2",
    "dropout",
    "epochs",
]


def _close():
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.mark.parametrize("lr, word", [(0.01, "slowly"), (0.1, "converg"), (0.21, "diverging")])
def test_show_descent_readout(capsys, lr, word):
    nb05.show_descent(lr)
    _close()
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"η = {lr:.3g}") and word in line


def test_the_app_has_every_control_with_its_label_and_the_three_buttons():
    app = nb05.PlaygroundApp(background=False)
    assert list(app.controls) == LABELS
    assert all(c.description == label for label, c in app.controls.items())
    assert [b.description for b in app.buttons.values()] == ["Train", "Pause", "Reset"]
    assert app.readout.startswith("epoch 0 of 100")
    stream, picture = app.out.outputs
    assert stream["name"] == "stdout" and stream["text"].strip() == app.readout
    assert picture["data"]["image/png"]
    assert "keras.Sequential" in app.code.value


def test_pressing_train_changes_the_readout_and_the_picture():
    app = nb05.PlaygroundApp(background=False)
    before_line, before_png = app.readout, app.out.outputs[1]["data"]["image/png"]
    app.buttons["Train"].click()
    assert app.readout != before_line and app.readout.startswith("epoch 100 of 100")
    assert app.out.outputs[1]["data"]["image/png"] != before_png
    assert app.out.outputs[0]["text"].strip() == app.readout


def test_background_training_redraws_and_pause_stops_it():
    app = nb05.PlaygroundApp(playground.Settings(epochs=2000), chunk_s=0.05)
    app.buttons["Train"].click()
    time.sleep(0.6)
    assert app.running
    first = app.trainer.epoch
    app.buttons["Pause"].click()
    assert not app.running and 0 < app.trainer.epoch < 2000 and "paused" in app.readout
    epoch = app.trainer.epoch
    time.sleep(0.2)
    assert app.trainer.epoch == epoch >= first
    app.buttons["Train"].click()
    time.sleep(0.3)
    app.buttons["Reset"].click()
    assert not app.running and app.trainer.epoch == 0 and "reset" in app.readout


def test_changing_data_resets_and_changing_the_learning_rate_does_not():
    app = nb05.PlaygroundApp(playground.Settings(epochs=20), background=False)
    app.train()
    app.controls["learning rate"].value = 0.1
    assert app.trainer.epoch == 20 and app.trainer.settings.learning_rate == pytest.approx(0.1)
    assert "SGD(learning_rate=0.1" in app.code.value
    app.controls["dataset"].value = "spiral"
    assert (
        app.trainer.epoch == 0
        and app.trainer.settings.dataset == "spiral"
        and "&#x27;spiral&#x27;" in app.code.value
    )
    app.controls["classes"].value = 4
    assert app.trainer.settings.n_classes == 4 and "Dense(4, activation" in app.code.value


def test_bad_hidden_layers_text_is_reported_not_raised():
    app = nb05.PlaygroundApp(background=False)
    app.controls["hidden layers"].value = "8, lots"
    assert "not changed" in app.readout and "commas" in app.readout
    app.controls["hidden layers"].value = "3"
    assert app.trainer.settings.hidden == (3,)


def test_train_after_finishing_continues_for_another_round_of_epochs():
    app = nb05.PlaygroundApp(playground.Settings(epochs=10), background=False)
    app.train()
    app.train()
    assert app.trainer.epoch == 20 and "finished" in app.readout


def test_training_redraws_between_chunks():
    """How fast is measured by benchmarks/nb05.py (no timed assertions in tests); here: it redraws."""
    app = nb05.PlaygroundApp(background=False, chunk_s=0.01)
    app.train()
    assert app.trainer.done and app.redraws >= 2
