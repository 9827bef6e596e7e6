"""The course's widgets, in a real browser: JupyterLab + headless Chromium.

For each notebook in WIDGETS (the exercise versions, notebooks/NN_slug.ipynb: what a learner
opens, blanks and all): open it in JupyterLab, Run > Run All Cells, then for each of its steps
find the control (by its description label, or a button's text), read the line the widget prints,
operate the control (slider: arrow keys on its handle; dropdown: the next option; a button: click;
a text box: type and Enter; an upload: choose a file), and check that the printed line changes
and a figure is drawn.  A screenshot of each lands in build/screenshots/<stem>.png.

Needs the Debian package `chromium` (/usr/bin/chromium) and the `playwright` Python package (no
`playwright install`: the system Chromium is used).  Without them the test is skipped, unless
COURSE_REQUIRE_BROWSER=1, where it fails.  Run:
    COURSE_OFFLINE=1 .venv/bin/python -m pytest tests/test_browser.py -v -p no:cacheprovider
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    PANEL,
    ROOT,
    LabServer,
    button_locator,
    control_locator,
    dismiss_dialogs,
    error_texts,
    find_chromium,
    kernel_status,
    live_box,
    missing_requirement,
    output_has_image,
    output_text,
    prompts,
    run_all_cells,
    wait_until,
)

import tools.nbtool as nbt


@dataclass(frozen=True)
class Step:
    """One thing a learner does to a widget, and what must follow.

    ``label``: the control's description label (slider, dropdown, text box), or the text on a
    button or an upload button.  ``action``: "change" (slider: three steps right; dropdown: the
    next option), "click", "type:TEXT" (type TEXT into the box, then Enter), "upload:PATH" (choose
    the file PATH, relative to the repository, in the upload's file dialog).  ``expect``: a regular
    expression the widget's printed readout must match afterwards; the readout must also differ
    from what it was before, and the widget must show a figure.
    """

    label: str
    action: str = "change"
    expect: str = r"\d"


# exercise version -> what to do to its widgets, in order, in one Run All of the notebook
WIDGETS: dict[str, list[Step]] = {
    "notebooks/00_start_here.ipynb": [Step("level")],  # IntSlider: threshold level
    "notebooks/01_images_as_numbers.ipynb": [Step("channel")],  # Dropdown: pixel inspector's channel
    "notebooks/02_nearest_neighbour.ipynb": [Step("k")],  # IntSlider: k of the k-NN map
    "notebooks/03_handcrafted_features.ipynb": [Step("cell size", expect=r"\d+ numbers")],  # HOG
    "notebooks/04_perceptrons.ipynb": [  # the perceptron: weight sliders, then the learning rule
        Step("w1", expect=r"of 30 points"),
        Step("step", "click", expect=r"of 30 points"),
        Step("train", "click", expect=r"of 30 points"),
    ],
    "notebooks/05_training_neural_networks.ipynb": [
        Step("η", expect=r"after \d+ steps"),  # gradient descent on the 2-D bowl
        Step("Train", "click", expect=r"epoch [1-9]\d* of \d+"),  # the Playground trains, live
    ],
    "notebooks/06_convolution_by_hand.ipynb": [  # the kernel editor
        Step("preset", expect=r"sobel x 3×3"),
        Step("r2c2", "type:9", expect=r"edited 3×3"),
        Step("r2c2", "type:x", expect=r"not a number"),
    ],
    "notebooks/07_keras_cnn.ipynb": [
        Step("Train", "click", expect=r"validation accuracy"),  # the hyperparameter widget trains a run
        Step("channel", expect=r"maps of"),  # the feature maps of one digit
    ],
    "notebooks/08_transfer_learning.ipynb": [Step("scale", expect=r"softmax gives")],  # logits → softmax
    "notebooks/09_teachable_machine.ipynb": [  # classify an upload, then teach a new class
        Step("photo to classify", "upload:tests/data/nb09_sneaker.png", expect=r"prediction: sneaker"),
        Step("k", expect=r"nearest examples voted"),
        Step("class name", "type:my shoe", expect=r"my shoe"),
        Step("add photos", "upload:tests/data/nb09_sneaker.png", expect=r"added 1 example"),
    ],
}

SCREENSHOTS = ROOT / "build" / "screenshots"
PER_NOTEBOOK_S = 150  # the whole module gets 90 s for the server plus this much per notebook
VIEWPORT = {"width": 1400, "height": 1000}


# ---------------------------------------------------------------------------------------------
# parameters: a notebook that is missing or has no such widget is skipped, with the reason
# ---------------------------------------------------------------------------------------------
def _sources(nb: str) -> str:
    """The notebook's code cells and its figures module: where a widget's controls are built."""
    path = ROOT / nb
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c.get("source", [])) for c in cells if c.get("cell_type") == "code")
    figures = ROOT / "utils" / "figures" / f"nb{Path(nb).name[:2]}.py"
    return text + (figures.read_text(encoding="utf-8") if figures.is_file() else "")


def _missing_labels(nb: str) -> list[str]:
    """Labels that appear nowhere, as a quoted string, where the notebook builds its controls."""
    source = _sources(nb)
    quoted = [rf"""["']{re.escape(step.label)}["']""" for step in WIDGETS[nb]]
    return [step.label for step, q in zip(WIDGETS[nb], quoted, strict=True) if not re.search(q, source)]


# ---------------------------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------------------------
class Budget:
    """Seconds left for the whole module; every wait takes min(its own limit, what is left)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def __call__(self, limit: float) -> float:
        left = self.end - time.monotonic()
        if left <= 1:
            pytest.fail(f"The browser test ran out of its {self.seconds:.0f} s budget.")
        return min(limit, left)


@pytest.fixture(scope="module")
def budget():
    return Budget(90 + PER_NOTEBOOK_S * len(WIDGETS))


@pytest.fixture(scope="module")
def chromium():
    reason = missing_requirement()
    if reason:
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (COURSE_REQUIRE_BROWSER=1, so this is an error, not a skip)")
        pytest.skip(reason)
    return find_chromium()


@pytest.fixture(scope="module")
def lab(chromium, budget, tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"), start_timeout=budget(90))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def playwright(chromium):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture
def page(playwright, chromium, lab, budget, tmp_path):
    """A fresh headless Chromium (its own empty profile) with one tab."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"),
        executable_path=chromium,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=VIEWPORT,
        timeout=budget(30) * 1000,
    )
    context.set_default_timeout(20_000)
    tab = context.pages[0] if context.pages else context.new_page()
    yield tab
    _shut_down_kernels(tab)
    context.close()


def _shut_down_kernels(page) -> None:
    """Stop this test's kernel so the next notebook gets the CPU (best effort)."""
    try:
        page.evaluate("""async () => {
            const xsrf = (document.cookie.match(/(?:^|;\\s*)_xsrf=([^;]*)/) || [])[1] || '';
            const headers = {'X-XSRFToken': decodeURIComponent(xsrf)};
            const kernels = await (await fetch('/api/kernels')).json();
            await Promise.all(kernels.map(
                k => fetch('/api/kernels/' + k.id, {method: 'DELETE', headers})));
        }""")
    except Exception:
        pass


# ---------------------------------------------------------------------------------------------
# the test
# ---------------------------------------------------------------------------------------------
def _fail_on_errors(page, nb):
    errors = error_texts(page)
    if errors:
        raise AssertionError(f"{nb} raised an error while running in JupyterLab:\n{errors[0]}")


def _settled(page, box, nb, not_equal: str | None = None):
    """The widget shows a readout (different from ``not_equal``) and a figure; the kernel is idle,
    no cell is waiting to run, and the readout stayed the same for three polls in a row."""
    history = []

    def check():
        _fail_on_errors(page, nb)
        text = output_text(box)
        ok = (
            bool(text)
            and text != not_equal
            and output_has_image(box)
            and kernel_status(page) == "idle"
            and "[*]:" not in prompts(page)
        )
        history.append(text if ok else None)
        return len(history) >= 3 and history[-3] is not None and len(set(history[-3:])) == 1 and text

    return check


def _find(page, step: Step):
    """The control a step acts on: a labelled control, or a button / upload showing that text."""
    if step.action in ("click",) or step.action.startswith("upload:"):
        return button_locator(page, step.label)
    return control_locator(page, step.label)


def _operate(page, control, step: Step, budget) -> str:
    """Do what ``step`` says to ``control`` like a user would; return a description of it."""
    if step.action == "click":
        control.first.scroll_into_view_if_needed()
        control.first.click()
        return f"clicked {step.label!r}"
    if step.action.startswith("upload:"):
        path = ROOT / step.action.split(":", 1)[1]
        assert path.is_file(), f"the file to upload, {path}, does not exist"
        control.first.scroll_into_view_if_needed()
        with page.expect_file_chooser(timeout=budget(15) * 1000) as chooser:
            control.first.click()
        chooser.value.set_files(str(path))
        return f"uploaded {path.name} with {step.label!r}"
    if step.action.startswith("type:"):
        text = step.action.split(":", 1)[1]
        field = control.first.locator("input, textarea").first
        field.scroll_into_view_if_needed()
        field.fill(text)
        field.press("Enter")
        field.blur()
        return f"typed {text!r} into {step.label!r}"
    classes = control.first.get_attribute("class") or ""
    if "widget-dropdown" in classes:
        select = control.first.locator("select")
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.selectedIndex")
        target = (current + 1) % len(options)
        select.select_option(index=target)
        return f"dropdown {step.label!r} {options[current]!r} -> {options[target]!r}"
    if "widget-slider" in classes:
        handle = control.first.locator(".noUi-handle").first
        readout = control.first.locator(".widget-readout").first
        before = readout.inner_text().strip()
        handle.scroll_into_view_if_needed()
        handle.focus()
        for _ in range(3):
            handle.press("ArrowRight")
        try:
            wait_until(lambda: readout.inner_text().strip() != before, budget(5), "the slider to move")
        except TimeoutError:  # keyboard did nothing: drag the handle instead
            box = handle.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + 40, y, steps=8)
            page.mouse.up()
            wait_until(
                lambda: readout.inner_text().strip() != before,
                budget(10),
                "the slider to move (keyboard and drag)",
            )
        return f"slider {step.label!r} {before} -> {readout.inner_text().strip()}"
    raise AssertionError(
        f"Do not know how to change a control with classes {classes!r}; use a slider or a dropdown, "
        f"or give the step an action (click, type:…, upload:…)."
    )


def test_the_browser_test_runs_every_exercise_version():
    """What a learner opens (with the stubs, not the solutions) is what must work in a browser,
    and every notebook's widgets are operated."""
    exercise_versions = {nbt.rel(p) for p in nbt.student_notebooks()}
    assert set(WIDGETS) == exercise_versions, set(WIDGETS) ^ exercise_versions


@pytest.mark.parametrize("nb", list(WIDGETS))
def test_every_step_names_a_control_the_notebook_builds(nb):
    assert not _missing_labels(nb), (
        f"{nb} (and utils/figures/nb{Path(nb).name[:2]}.py) never name a control {_missing_labels(nb)}: "
        f"fix WIDGETS in tests/test_browser.py or the widget's description"
    )


def _shot(page, box, nb: str, n: int) -> Path:
    """A screenshot with the widget's cell at the top of the notebook view."""
    box.evaluate("""e => {
        e.closest('.jp-Cell').scrollIntoView({block: 'start'});
        const r = e.getBoundingClientRect();
        if (r.bottom > window.innerHeight) e.scrollIntoView({block: 'end'});
    }""")
    # the new figure is a large PNG that headless Chromium decodes and paints progressively: wait for
    # the decode, then a moment for the paint, so the screenshot shows the whole figure
    box.evaluate(
        "e => Promise.all([...e.closest('.jp-Cell').querySelectorAll('img')]"
        ".map(i => i.decode().catch(() => null)))"
    )
    page.wait_for_timeout(1500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / (f"{Path(nb).stem}.png" if n == 0 else f"{Path(nb).stem}-{n + 1}.png")
    page.screenshot(path=str(shot), full_page=True)
    return shot


@pytest.mark.parametrize("nb", list(WIDGETS), ids=[Path(nb).stem for nb in WIDGETS])
def test_widget_responds_in_jupyterlab(page, lab, budget, nb):
    # ?reset: start from an empty workspace (no tabs restored from the previous notebook)
    page.goto(f"{lab.url}/lab/tree/{nb}?reset", wait_until="domcontentloaded", timeout=budget(60) * 1000)
    page.locator(f"{PANEL} .jp-Notebook .jp-Cell").first.wait_for(state="visible", timeout=budget(60) * 1000)
    # the kernel starts on its own (python3 kernelspec); a kernel-selection dialog is accepted
    wait_until(
        lambda: kernel_status(page) == "idle",
        budget(60),
        f"{nb}'s kernel to be Idle",
        on_poll=lambda: dismiss_dialogs(page),
    )
    run_all_cells(page)
    report = [nb]
    for n, step in enumerate(WIDGETS[nb]):
        control = _find(page, step)
        wait_until(
            lambda control=control: (_fail_on_errors(page, nb), control.count() > 0)[1],
            budget(150),
            f"the control {step.label!r} in {nb}",
            on_poll=lambda: dismiss_dialogs(page),
        )
        assert control.count() == 1, f"{control.count()} controls are labelled {step.label!r} in {nb}"
        box = live_box(control.first)
        assert box.count() == 1, f"the {step.label!r} control is not inside a box with an output area"
        before = wait_until(
            _settled(page, box, nb),
            budget(150),
            f"{nb}: the widget's readout, its figure and an Idle kernel after Run All",
            interval=0.4,
        )
        action = _operate(page, control, step, budget)
        after = wait_until(
            _settled(page, box, nb, not_equal=before),
            budget(90),
            f"{nb}: the readout to change after {action} (it stayed {before!r})",
            interval=0.4,
        )
        assert after != before
        assert re.search(step.expect, after), (
            f"after {action} the readout should match {step.expect!r}: {after!r}"
        )
        shot = _shot(page, box, nb, n)
        report.append(f"  {action}\n    before: {before}\n    after:  {after}\n    screenshot: {shot}")
    print("\n" + "\n".join(report))
