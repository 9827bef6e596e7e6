"""What every exercise test file shares (tests/test_exercises*.py): asserting that a wrong answer
fails with the right words and a right one passes.  The clean exercise state each of their tests
starts from is the autouse fixture ``exercise_state`` in tests/conftest.py."""

from __future__ import annotations

from utils.checks import evaluate


def wrong(name: str, candidate, *words: str) -> str:
    """``candidate`` fails exercise ``name`` with a one-line message containing every one of ``words``."""
    res = evaluate(name, candidate)
    assert not res.passed, f"{name}: a wrong answer passed"
    for w in words:
        assert w in res.message, f"{name}: expected {w!r} in the message: {res.message}"
    assert "\n" not in res.message, f"{name}: the message should be one line: {res.message}"
    return res.message


def right(name: str, candidate) -> None:
    """``candidate`` passes exercise ``name``."""
    res = evaluate(name, candidate)
    assert res.passed, f"{name}: a right answer failed: {res.message}"
