"""The course's widgets, in a real browser: JupyterLab + headless Chromium.

For each notebook in WIDGETS (the exercise versions, notebooks/NN_slug.ipynb: what a learner
opens, blanks and all): open it in JupyterLab, Run > Run All Cells, find the widget whose
control has the given description label, read the line its function prints, operate the control
(slider: arrow keys on its handle; dropdown: pick the next option), and check that the printed line
changes and a new figure is drawn.  A screenshot of each lands in build/screenshots/<stem>.png.

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
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    PANEL,
    ROOT,
    LabServer,
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

# exercise version -> the description label of the control to operate (a slider or a dropdown)
WIDGETS = {
    "notebooks/00_start_here.ipynb": "level",  # IntSlider: threshold level
    "notebooks/01_images_as_numbers.ipynb": "channel",  # Dropdown: pixel inspector's channel
    "notebooks/02_nearest_neighbour.ipynb": "k",  # IntSlider: k of the k-NN map
}

SCREENSHOTS = ROOT / "build" / "screenshots"
TOTAL_BUDGET_S = 225  # the whole module (server start included) stays under 4 minutes
VIEWPORT = {"width": 1400, "height": 1000}


# ---------------------------------------------------------------------------------------------
# parameters: a notebook that is missing or has no such widget is skipped, with the reason
# ---------------------------------------------------------------------------------------------
def _why_not(nb: str, label: str) -> str | None:
    path = ROOT / nb
    if not path.is_file():
        return f"{nb} does not exist (yet)"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError) as exc:
        return f"{nb} could not be read as a notebook: {exc}"
    wanted = re.compile(rf"""description\s*=\s*["']{re.escape(label)}["']""")
    for cell in cells:
        source = "".join(cell.get("source", []))
        if cell.get("cell_type") == "code" and wanted.search(source):
            return None
    return f"{nb} has no widget control with description={label!r}"


def _params():
    for nb, label in WIDGETS.items():
        reason = _why_not(nb, label)
        marks = [pytest.mark.skip(reason=reason)] if reason else []
        yield pytest.param(nb, label, id=Path(nb).stem, marks=marks)


# ---------------------------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------------------------
class Budget:
    """Seconds left for the whole module; every wait takes min(its own limit, what is left)."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def __call__(self, limit: float) -> float:
        left = self.end - time.monotonic()
        if left <= 1:
            pytest.fail(f"The browser test ran out of its {TOTAL_BUDGET_S} s budget.")
        return min(limit, left)


@pytest.fixture(scope="module")
def budget():
    return Budget(TOTAL_BUDGET_S)


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


def _operate(page, control, budget) -> str:
    """Change the control's value like a user would; return a description of what was done."""
    classes = control.first.get_attribute("class") or ""
    if "widget-dropdown" in classes:
        select = control.first.locator("select")
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.selectedIndex")
        target = (current + 1) % len(options)
        select.select_option(index=target)
        return f"dropdown {options[current]!r} -> {options[target]!r}"
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
        return f"slider {before} -> {readout.inner_text().strip()}"
    raise AssertionError(
        f"Do not know how to operate a control with classes {classes!r}; "
        f"use a slider or a dropdown in WIDGETS."
    )


def test_the_browser_test_runs_the_exercise_versions():
    """What a learner opens (with the stubs, not the solutions) is what must work in a browser."""
    exercise_versions = {nbt.rel(p) for p in nbt.student_notebooks()}
    assert set(WIDGETS) <= exercise_versions, set(WIDGETS) - exercise_versions
    assert {nb[:12] for nb in WIDGETS} == {f"notebooks/{p.name[:2]}" for p in nbt.student_notebooks()}


@pytest.mark.parametrize("nb,label", list(_params()))
def test_widget_responds_in_jupyterlab(page, lab, budget, nb, label):
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
    control = control_locator(page, label)
    wait_until(
        lambda: (_fail_on_errors(page, nb), control.count() > 0)[1],
        budget(120),
        f"the widget labelled {label!r} in {nb}",
        on_poll=lambda: dismiss_dialogs(page),
    )
    assert control.count() == 1, f"{control.count()} controls are labelled {label!r} in {nb}"
    box = live_box(control.first)
    assert box.count() == 1, f"the {label!r} control is not inside a live() box with an output"
    before = wait_until(
        _settled(page, box, nb),
        budget(120),
        f"{nb}: the widget's readout, its figure and an Idle kernel after Run All",
        interval=0.4,
    )

    action = _operate(page, control, budget)
    after = wait_until(
        _settled(page, box, nb, not_equal=before),
        budget(60),
        f"{nb}: the readout to change after {action} (it stayed {before!r})",
        interval=0.4,
    )
    assert after != before
    assert re.search(r"\d", after), f"the readout should contain a number, got {after!r}"

    # screenshot: the widget's cell at the top of the notebook view
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
    shot = SCREENSHOTS / f"{Path(nb).stem}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"\n{nb}: {action}\n  before: {before}\n  after:  {after}\n  screenshot: {shot}")
