"""Plumbing for tests/test_browser.py: find Chromium, run a throw-away JupyterLab, drive a notebook.

Nothing here touches the user's Jupyter set-up: the server's config, data, runtime, settings and
workspace folders all live in a temp folder, and the server is killed (its whole process group)
when the test module ends.  Every wait has a time limit.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# JupyterLab settings written into the throw-away settings folder.
LAB_SETTINGS = {
    # no "Would you like to receive official Jupyter news?" pop-up, no update check
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # keep every cell in the page, so widgets far down a notebook can be found and scrolled to
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # never write the executed notebook back into the repository
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


# ---------------------------------------------------------------------------------------------
# what is needed
# ---------------------------------------------------------------------------------------------
def find_chromium() -> str | None:
    """Path of the Debian ``chromium`` binary, or None."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def missing_requirement() -> str | None:
    """Why the browser test cannot run here (None when it can)."""
    if find_chromium() is None:
        return (
            "Chromium not found: install the Debian package `chromium` (sudo apt-get install "
            "chromium) so that /usr/bin/chromium exists; the browser test drives it headless."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return (
            f"The Python package `playwright` is missing ({exc}): run "
            f"`.venv/bin/python -m pip install -r requirements-dev.txt` (no `playwright install` "
            f"needed; the test uses the system Chromium)."
        )
    return None


# ---------------------------------------------------------------------------------------------
# a throw-away JupyterLab server
# ---------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``jupyter lab`` on 127.0.0.1 with no token, everything it writes under ``tmp``."""

    def __init__(self, tmp: Path, start_timeout: float = 90.0):
        self.tmp = Path(tmp)
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.log_path = self.tmp / "jupyterlab.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _environment(self) -> dict:
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # the kernel must use the inline backend
        env["COURSE_OFFLINE"] = "1"
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
        env["JUPYTER_CONFIG_DIR"] = str(self.tmp / "config")
        env["JUPYTER_RUNTIME_DIR"] = str(self.tmp / "runtime")
        env["JUPYTER_DATA_DIR"] = str(self.tmp / "data")
        # the venv's share/jupyter holds the python3 kernelspec and the ipywidgets lab extension;
        # jupyter looks in sys.prefix anyway, JUPYTER_PATH makes it explicit
        env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
        env["IPYTHONDIR"] = str(self.tmp / "ipython")
        env.pop("JUPYTER_PREFER_ENV_PATH", None)
        env.pop("JUPYTER_TOKEN", None)
        env.pop("JUPYTER_PASSWORD", None)
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _command(self) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--PasswordIdentityProvider.hashed_password=",
            f"--ServerApp.root_dir={ROOT}",
            f"--LabApp.user_settings_dir={self.tmp / 'settings'}",
            f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=None",
            # what the server would otherwise write next to the notebooks goes to the temp folder
            f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",
            f"--LanguageServerManager.virtual_documents_dir={self.tmp / 'virtual_documents'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def _write_settings(self) -> None:
        for d in ("config", "runtime", "data", "ipython", "workspaces"):
            (self.tmp / d).mkdir(parents=True, exist_ok=True)
        for rel, content in LAB_SETTINGS.items():
            path = self.tmp / "settings" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content, indent=2))

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def start(self, attempts: int = 3) -> LabServer:
        self._write_settings()
        last = ""
        for _ in range(attempts):  # a free port can be taken between probe and bind: retry
            self.port = free_port()
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(
                    self._command(),
                    cwd=ROOT,
                    env=self._environment(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            if self._wait_ready():
                return self
            last = self.log_tail()
            self.stop()
        raise RuntimeError(
            f"JupyterLab did not answer /api/status within {self.start_timeout:.0f} s "
            f"(tried {attempts} ports). Last log lines:\n{last}"
        )

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=5) as r:
                    if r.status == 200:
                        json.loads(r.read())
                        return True
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.3)
        return False

    def stop(self, timeout: float = 10.0) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(proc.pid, sig)  # the server and its kernels
            except ProcessLookupError:
                return
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


# ---------------------------------------------------------------------------------------------
# driving JupyterLab in the page
# ---------------------------------------------------------------------------------------------
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook tab on show
STDOUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]'
ERROR = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'
)


def wait_until(predicate, timeout: float, what: str, interval: float = 0.25, on_poll=None):
    """Poll ``predicate()`` until it returns something truthy; raise TimeoutError naming ``what``."""
    deadline = time.monotonic() + timeout
    last_exc = None
    while True:
        if on_poll is not None:
            on_poll()
        try:
            value = predicate()
            if value:
                return value
        except AssertionError:
            raise  # a real failure found while waiting (e.g. a traceback)
        except Exception as exc:  # page in flux (element detached, navigation…): poll again
            last_exc = exc
        if time.monotonic() > deadline:
            extra = f" (last error: {last_exc})" if last_exc else ""
            raise TimeoutError(f"Timed out after {timeout:.0f} s waiting for {what}{extra}")
        time.sleep(interval)


def dismiss_dialogs(page) -> None:
    """Accept a kernel-selection dialog (or any other modal) if one is showing."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and dialog.first.is_visible():
        accept = dialog.first.locator(".jp-Dialog-button.jp-mod-accept")
        if accept.count():
            accept.first.click(timeout=5000)
        else:
            page.keyboard.press("Escape")


def kernel_status(page) -> str:
    """The kernel status as JupyterLab shows it ("Idle", "Busy", "Starting", …), or ''."""
    # The status bar reads e.g. "Python 3 (ipykernel) | Idle" ("No Kernel | Initializing" at first;
    # the toolbar's execution indicator already says idle then, so it is only the fallback).
    status = page.evaluate("""() => {
        for (const el of document.querySelectorAll('.jp-StatusBar-TextItem')) {
            const m = /\\|\\s*([A-Za-z]+)\\s*$/.exec((el.textContent || '').trim());
            if (m) return /^No Kernel/i.test(el.textContent.trim()) ? 'no kernel' : m[1];
        }
        const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
        return ind ? (ind.getAttribute('data-status') || '') : '';
    }""")
    return status.strip().lower()


def prompts(page) -> list[str]:
    """The input prompts of all code cells, e.g. ['[1]:', '[*]:', '[ ]:']."""
    return page.eval_on_selector_all(
        f"{PANEL} .jp-Notebook .jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent.trim())"
    )


def run_all_cells(page) -> None:
    """Run > Run All Cells through the menu bar (the keyboard is the fallback)."""
    try:
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).first.click(timeout=10_000)
        page.locator('.lm-Menu-item[data-command="notebook:run-all-cells"]').first.click(timeout=10_000)
    except Exception:
        page.keyboard.press("Escape")
        page.locator(f"{PANEL} .jp-Notebook").first.click(timeout=10_000)
        page.keyboard.press("Escape")  # command mode
        page.keyboard.press("Control+a")  # select all cells
        page.keyboard.press("Shift+Enter")


def error_texts(page) -> list[str]:
    return page.eval_on_selector_all(
        f'{PANEL} .jp-Notebook .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]',
        "els => els.map(e => e.innerText.slice(-1500))",
    )


def control_locator(page, label: str):
    """The ipywidgets control (slider, dropdown, …) whose description label reads exactly ``label``."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    return page.locator(f"{PANEL} .jupyter-widgets.widget-inline-hbox").filter(
        has=page.locator("label.widget-label", has_text=exact)
    )


def button_locator(page, text: str):
    """A button (ipywidgets Button or FileUpload, versions 7 and 8) whose text reads ``text``;
    an upload's text may carry the count of files chosen, ``Upload (1)``."""
    exact = re.compile(rf"^\s*{re.escape(text)}(\s*\(\d+\))?\s*$")
    return page.locator(f"{PANEL} button.jupyter-button, {PANEL} .widget-upload button").filter(
        has_text=exact
    )


def live_box(control):
    """The box made by utils.widgets.live around ``control``: controls row + output area."""
    return control.locator(
        "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '),"
        " ' widget-vbox ')][.//div[contains(@class, 'widget-output')]][1]"
    )


def output_text(box) -> str:
    """The printed readout in the live box's output area ('' when there is none yet)."""
    out = box.locator(f".widget-output {STDOUT}")
    if out.count() == 0:
        return ""
    return "\n".join(t.strip() for t in out.all_inner_texts()).strip()


def output_has_image(box) -> bool:
    imgs = box.locator(".widget-output img, img.widget-image")
    return imgs.count() > 0 and imgs.first.evaluate("i => i.complete && i.naturalWidth > 0")
