"""Shared test set-up: offline, headless plotting, and a throw-away Keras cache."""

import os
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("COURSE_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
# A course-owned Keras cache, so a developer's own ~/.keras never changes (or receives) anything.
os.environ.setdefault("KERAS_HOME", str(ROOT / "build" / "keras-home"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """An empty Keras cache in a temp folder (nothing outside it is touched)."""
    home = tmp_path / "keras"
    (home / "datasets").mkdir(parents=True)
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def no_local_data(keras_home, tmp_path, monkeypatch):
    """Offline, an empty Keras cache, no COURSE_DATA_DIR, an empty system data folder, no network probe."""
    from utils import env

    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    empty = tmp_path / "no-system-data"
    empty.mkdir()
    monkeypatch.setenv("COURSE_SYSTEM_DATA_DIR", str(empty))
    monkeypatch.setattr(
        env, "_probe_network", lambda *a, **k: pytest.fail("the tests must not probe the network")
    )
    return keras_home


@pytest.fixture(autouse=True)
def exercise_state(request, monkeypatch):
    """Every exercise test (tests/test_exercises*.py) starts with no expectation set by the
    environment (COURSE_EXPECT_*, COURSE_SOLUTIONS) and no attempts remembered."""
    if request.module.__name__.split(".")[-1].startswith("test_exercises"):
        from utils import checks

        for name in ("COURSE_EXPECT_SOLVED", "COURSE_EXPECT_UNSOLVED", "COURSE_SOLUTIONS"):
            monkeypatch.delenv(name, raising=False)
        checks._ATTEMPTED.clear()
