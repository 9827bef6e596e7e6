"""Notebook 05's figures and widget bodies: losses, gradient descent, training curves, the playground app.

The playground app (:class:`PlaygroundApp`) is the one widget here with many controls; everything it
computes comes from :mod:`utils.playground`.  It trains in a background thread, in chunks of a
fraction of a second, and after each chunk writes a PNG of the boundary and the loss curves plus a
one-line readout into its output area (setting ``Output.outputs``, which ipywidgets 7 and 8 both
send from any thread), so the notebook stays usable and Pause answers at once.
"""

from __future__ import annotations

import base64
import html
import io
import threading
import time

import numpy as np

from .. import backprop, playground
from ..plotting import class_colours, new_axes

__all__ = [
    "plot_losses",
    "plot_descent",
    "show_descent",
    "plot_curves",
    "plot_playground",
    "playground_png",
    "PlaygroundApp",
    "playground_app",
]


def plot_losses(ax=None):
    """MSE, binary cross-entropy and hinge for a true label 1, as the prediction moves.

    Taught in 05 · Losses: how wrong is a prediction?
    """
    ax = new_axes(ax, figsize=(6, 3.8))
    p = np.linspace(0.001, 0.999, 300)
    ones = np.ones(1)
    ax.plot(p, [backprop.mse(ones, [v]) for v in p], label="MSE (Y - Ŷ)²")
    ax.plot(p, [backprop.binary_cross_entropy(ones, [v]) for v in p], label="binary cross-entropy -log p")
    s = np.linspace(-2, 3, 300)
    ax.plot(s, [backprop.hinge(ones, [v]) for v in s], "--", label="hinge max(0, 1 - s) (raw score s)")
    ax.set(xlabel="prediction (probability p, or score s for the hinge)", ylabel="loss", ylim=(0, 4))
    ax.set_title("true label 1: the loss of each prediction")
    ax.legend(fontsize=8)
    return ax


def plot_descent(learning_rates=(0.01, 0.1, 0.21), steps: int = 30, start=(-4.0, 2.0), axes=None):
    """Gradient-descent paths on the 2-D bowl of :func:`utils.backprop.surface_loss`, one panel each.

    Taught in 05 · Gradient descent on a loss surface.
    """
    plt = __import__("matplotlib.pyplot", fromlist=["pyplot"])
    if axes is None:
        _, axes = plt.subplots(
            1, len(learning_rates), figsize=(4.2 * len(learning_rates), 3.6), squeeze=False
        )
        axes = axes[0]
    g = np.linspace(-5, 5, 121)
    gx, gy = np.meshgrid(g, g)
    surface = backprop.surface_loss(np.stack([gx, gy], axis=-1))
    for ax, lr in zip(axes, learning_rates, strict=False):
        path = backprop.gradient_descent(backprop.surface_grad, np.array(start), lr, steps)
        ax.contour(gx, gy, surface, levels=np.geomspace(0.05, 150, 14), cmap="viridis", linewidths=0.8)
        shown = path[np.all(np.abs(path) < 5, axis=1)]
        ax.plot(shown[:, 0], shown[:, 1], "o-", color="crimson", ms=3, lw=1)
        final = float(backprop.surface_loss(path[-1]))
        ax.set_title(f"η = {lr:g}: loss {final:.3g} after {len(path) - 1} steps", fontsize=10)
        ax.set(xlim=(-5, 5), ylim=(-5, 5), xlabel="w₁", ylabel="w₂", aspect="equal")
    return axes


def show_descent(learning_rate: float = 0.05, steps: int = 30):
    """The learning-rate widget's function: one path on the bowl and a readout of where it ended.

    Prints e.g. "η = 0.05: after 30 steps the loss is 0.0187 (converging)".
    Taught in 05 · Gradient descent on a loss surface.
    """
    path = backprop.gradient_descent(backprop.surface_grad, np.array([-4.0, 2.0]), learning_rate, steps)
    loss = float(backprop.surface_loss(path[-1]))
    start = float(backprop.surface_loss(path[0]))
    verdict = (
        "diverging"
        if loss > start
        else ("converged" if loss < 1e-3 else "converging, slowly" if loss > 0.5 else "converging")
    )
    print(f"η = {learning_rate:.3g}: after {len(path) - 1} steps the loss is {loss:.3g} ({verdict})")
    return plot_descent([learning_rate], steps)


def plot_curves(histories: dict, ax=None, what: str = "accuracy"):
    """Training (dashed) and validation (solid) curves of several :class:`utils.backprop.History`.

    histories: {name: History}.  what: "accuracy" or "loss".  Taught in 05 · Training and validation curves.
    """
    ax = new_axes(ax, figsize=(7, 4))
    colours = class_colours(len(histories))
    for c, (name, h) in zip(colours, histories.items(), strict=True):
        tr, va = (h.train_acc, h.val_acc) if what == "accuracy" else (h.train_loss, h.val_loss)
        epochs = np.arange(1, len(tr) + 1)
        ax.plot(epochs, tr, "--", color=c, lw=1)
        gap = f"accuracy gap {h.gap:+.1%}" if what == "accuracy" else f"loss gap {h.loss_gap:+.3f}"
        ax.plot(epochs, va, "-", color=c, lw=1.6, label=f"{name} ({gap})")
        if h.stopped_early:
            ax.axvline(h.best_epoch, color=c, lw=0.8, ls=":")
    ax.set(xlabel="epoch", ylabel=what, title=f"{what}: training dashed, validation solid")
    ax.legend(fontsize=8)
    return ax


# ----------------------------------------------------------------------------- the playground
def _colours(n):
    import matplotlib

    return matplotlib.colormaps["tab10"](np.arange(n) % 10)[:, :3]


def plot_playground(trainer: playground.Trainer, axes, grid: int = 70):
    """Draw the decision boundary (left) and the loss curves (right) of a playground Trainer.

    The background's colour is the predicted class, its strength the network's confidence;
    filled dots are training points, ringed ones validation points.  Taught in 05 · The playground.
    """
    ax, ax2 = axes
    xs, ys, p = trainer.grid(grid)
    k = p.shape[-1]
    colours = _colours(k)
    conf = (p.max(axis=-1, keepdims=True) - 1.0 / k) / (1 - 1.0 / k)
    rgb = 1 - (1 - colours[p.argmax(axis=-1)]) * (0.15 + 0.45 * conf)
    ax.imshow(
        rgb, origin="lower", extent=(xs[0], xs[-1], ys[0], ys[-1]), aspect="auto", interpolation="bilinear"
    )
    ax.scatter(*trainer.x_train.T, c=colours[trainer.y_train], s=14, edgecolors="black", linewidths=0.4)
    ax.scatter(*trainer.x_val.T, c="white", s=14, edgecolors=colours[trainer.y_val], linewidths=1.2)
    s = trainer.settings
    ax.set_title(f"{s.dataset}, {k} classes, hidden {list(s.hidden) or 'none'}, {s.activation}", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    if trainer.epoch:
        e = np.arange(1, trainer.epoch + 1)
        ax2.plot(e, trainer.train_loss, label="training")
        ax2.plot(e, trainer.val_loss, label="validation")
        ax2.legend(fontsize=8)
    ax2.set(xlabel="epoch", ylabel="loss", xlim=(0, max(trainer.settings.epochs, 1)))
    ax2.set_ylim(bottom=0)
    ax2.set_title(
        f"epoch {trainer.epoch} · validation accuracy "
        + (f"{trainer.val_acc[-1]:.1%}" if trainer.epoch else "–"),
        fontsize=9,
    )
    return axes


def playground_png(trainer: playground.Trainer, dpi: int = 72) -> bytes:
    """The playground's picture as PNG bytes, drawn without pyplot (safe from a background thread).

    Used in 05 · The playground (the app's output area).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.8), dpi=dpi)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.2]})
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.13, top=0.92, wspace=0.18)  # tight_layout: 2x slower
    plot_playground(trainer, axes)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class PlaygroundApp:
    """The playground widget: controls, Train / Pause / Reset, a live picture and readout, the Keras code.

    ``controls`` maps each description label to its control; ``buttons`` maps "Train", "Pause",
    "Reset" to theirs.  ``background=False`` trains in the calling thread (for tests and scripts).
    ``readout`` is the line last printed; ``redraws`` counts the pictures drawn while training.
    Training chunks last ``chunk_s`` seconds, or as long as the last picture took to draw if that
    is longer, so at least half the time goes to training even on a slow machine.
    Used in 05 · The playground.
    """

    STRUCTURE = ("dataset", "noise", "classes", "hidden layers", "activation")

    def __init__(
        self, settings: playground.Settings | None = None, background: bool = True, chunk_s: float = 0.2
    ):
        import ipywidgets as w

        s = settings or playground.Settings()
        self.background, self.chunk_s = background, chunk_s
        lr_style = {"description_width": "90px"}
        self.controls = {
            "dataset": w.Dropdown(options=list(playground.DATASETS), value=s.dataset, description="dataset"),
            "noise": w.FloatSlider(
                value=s.noise, min=0, max=0.5, step=0.05, description="noise", continuous_update=False
            ),
            "classes": w.IntSlider(
                value=s.n_classes, min=2, max=5, description="classes", continuous_update=False
            ),
            "hidden layers": w.Text(
                value=", ".join(map(str, s.hidden)),
                description="hidden layers",
                continuous_update=False,
                style=lr_style,
            ),
            "activation": w.Dropdown(
                options=list(playground.ACTIVATIONS), value=s.activation, description="activation"
            ),
            "learning rate": w.FloatLogSlider(
                value=s.learning_rate,
                base=10,
                min=-3,
                max=0.5,
                step=0.25,
                description="learning rate",
                continuous_update=False,
                style=lr_style,
                readout_format=".3g",
            ),
            "batch size": w.IntSlider(
                value=s.batch_size, min=1, max=100, description="batch size", continuous_update=False
            ),
            "L2": w.SelectionSlider(
                options=[0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1],
                value=s.l2,
                description="L2",
                continuous_update=False,
            ),
            "dropout": w.FloatSlider(
                value=s.dropout, min=0, max=0.5, step=0.05, description="dropout", continuous_update=False
            ),
            "epochs": w.IntSlider(
                value=s.epochs, min=10, max=2000, step=10, description="epochs", continuous_update=False
            ),
        }
        self.buttons = {
            name: w.Button(description=name, icon=icon, button_style=style)
            for name, icon, style in (
                ("Train", "play", "success"),
                ("Pause", "pause", ""),
                ("Reset", "refresh", "warning"),
            )
        }
        self.buttons["Train"].on_click(lambda _: self.train())
        self.buttons["Pause"].on_click(lambda _: self.pause())
        self.buttons["Reset"].on_click(lambda _: self.reset())
        for c in self.controls.values():
            c.observe(self._changed, names="value")
        self.out = w.Output()
        self.code = w.HTML()
        c = self.controls
        rows = [
            w.HBox([c["dataset"], c["noise"], c["classes"]]),
            w.HBox([c["hidden layers"], c["activation"], c["dropout"]]),
            w.HBox([c["learning rate"], c["batch size"], c["L2"]]),
            w.HBox([c["epochs"], *self.buttons.values()]),
        ]
        self.box = w.VBox(
            [
                *rows,
                self.out,
                w.HTML("<b>Keras code for these settings</b> (copy it into a cell):"),
                self.code,
            ]
        )
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        self.readout = ""
        self.redraws = 0
        self.trainer = playground.Trainer(s)
        self._show("ready: press Train")

    # ---- settings
    def settings(self) -> playground.Settings:
        """The Settings the controls show now (raises a course error for bad text in "hidden layers")."""
        c = self.controls
        return playground.Settings(
            dataset=c["dataset"].value,
            noise=c["noise"].value,
            n_classes=c["classes"].value,
            hidden=playground.parse_hidden(c["hidden layers"].value),
            activation=c["activation"].value,
            learning_rate=c["learning rate"].value,
            batch_size=c["batch size"].value,
            l2=c["L2"].value,
            dropout=c["dropout"].value,
            epochs=c["epochs"].value,
        )

    def _changed(self, change):
        try:
            s = self.settings()
        except (ValueError, TypeError) as exc:
            self._show(f"not changed: {exc}")
            return
        label = next(k for k, v in self.controls.items() if v is change["owner"])
        if label in self.STRUCTURE:
            self.reset(s)
        else:
            with self._lock:
                self.trainer.update(
                    learning_rate=s.learning_rate,
                    batch_size=s.batch_size,
                    l2=s.l2,
                    dropout=s.dropout,
                    epochs=s.epochs,
                )
            self._show(f"{label} is now {change['new']:g}")

    # ---- buttons
    @property
    def running(self) -> bool:
        """Is a training thread running now?"""
        return self._thread is not None and self._thread.is_alive()

    def train(self) -> None:
        """Start (or continue) training up to the epochs setting; returns at once with ``background``."""
        if self.running:
            return
        if self.trainer.done:
            with self._lock:
                self.trainer.update(epochs=self.trainer.epoch + self.controls["epochs"].value)
        self._stop.clear()
        if self.background:
            self._thread = threading.Thread(target=self._loop, daemon=True, name="playground")
            self._thread.start()
        else:
            self._loop()

    def pause(self) -> None:
        """Stop after the current chunk (a fraction of a second); Train continues from there."""
        self._stop.set()
        if self.running:
            self._thread.join(timeout=5)
        self._show("paused: press Train to continue")

    def reset(self, settings: playground.Settings | None = None) -> None:
        """Stop, then start again from new random weights (and the controls' data and network)."""
        self._stop.set()
        if self.running:
            self._thread.join(timeout=5)
        try:
            settings = settings or self.settings()
        except (ValueError, TypeError) as exc:
            self._show(f"not reset: {exc}")
            return
        with self._lock:
            self.trainer = playground.Trainer(settings)
        self._show("reset: press Train")

    def wait(self, timeout: float = 60.0) -> None:
        """Block until the training thread has finished (for tests and scripts)."""
        if self._thread is not None:
            self._thread.join(timeout)

    # ---- the loop and the picture
    def _loop(self) -> None:
        try:
            start, drawing = time.perf_counter(), 0.0
            while not self._stop.is_set() and not self.trainer.done:
                with self._lock:  # train at least as long as the last picture took to draw
                    self.trainer.train_for(max(self.chunk_s, drawing))
                before = time.perf_counter()
                self._show(f"training… {before - start:.1f} s")
                drawing = time.perf_counter() - before
                self.redraws += 1
            self._show("finished" if self.trainer.done else "paused: press Train to continue")
        except Exception as exc:  # shown in the readout: a thread's exception would vanish
            self._show(f"stopped by an error: {type(exc).__name__}: {exc}")

    def _show(self, status: str) -> None:
        with self._lock:
            line = f"{self.trainer.readout()} · {status}"
            png = playground_png(self.trainer)
            code = playground.keras_code(self.trainer.settings)
        self.readout = line
        self.out.outputs = (
            {"output_type": "stream", "name": "stdout", "text": line + "\n"},
            {
                "output_type": "display_data",
                "data": {
                    "image/png": base64.b64encode(png).decode("ascii"),
                    "text/plain": "<playground picture>",
                },
                "metadata": {},
            },
        )
        self.code.value = f"<pre style='font-size: 11px; line-height: 1.25'>{html.escape(code)}</pre>"


def playground_app(settings: playground.Settings | None = None) -> PlaygroundApp:
    """Build and display the playground widget; returns the app (its ``box``, controls and buttons).

    Taught in 05 · The playground.
    """
    from IPython.display import display

    app = PlaygroundApp(settings)
    display(app.box)
    return app
