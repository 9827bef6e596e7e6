"""Exercises with instant feedback.

In a notebook the learner writes a function (or a value) and checks it right below::

    def invert(image):
        ### BEGIN SOLUTION
        return 255 - image
        ### END SOLUTION
    invert = check("00.invert", invert)

``check`` prints ✔ or ✘ with a hint, and returns what later cells should use: the learner's own
version when it passes, otherwise the course's reference version (with a note saying so), so a
notebook never dead-ends on an unsolved exercise.  ``show_solution("00.invert")`` reveals the
reference after a try, unless solutions are turned off for a graded lab.

Exercises are defined in ``utils/exercises/nbNN.py`` (NN = the notebook's number) and loaded on
first use.  For the test command, two environment variables turn the checks into assertions:
``COURSE_EXPECT_SOLVED=1`` (source notebooks: every check must pass) and
``COURSE_EXPECT_UNSOLVED=1`` (student notebooks: every check must fail, with a hint).
"""
from __future__ import annotations

import importlib
import inspect
import os
import textwrap
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

_ROOT = Path(__file__).resolve().parent.parent
_PACKAGE_DIR = str(Path(__file__).resolve().parent)

_REGISTRY: dict[str, "Exercise"] = {}
_ATTEMPTED: set[str] = set()


class Wrong(Exception):
    """Raised by an exercise's test when the answer is wrong; its message is the hint."""


class UnknownExerciseError(KeyError):
    """No exercise has that name; the message lists the known ones."""

    def __str__(self):
        return str(self.args[0])


class NotAttempted(Exception):
    """The learner has not written an answer yet (a stub or a bare `...`)."""


def returned_array(candidate, *args, shape=None, shape_hint: str = "", dtype=None):
    """Call the learner's function and return its result as an array, or raise :class:`Wrong`.

    Catches the two commonest slips before an exercise's own checks: no ``return`` at all, and a
    result of the wrong shape (``shape_hint`` says what the shape should have been).
    """
    got = candidate(*args)
    if got is None:
        raise Wrong("your function returns nothing: add a `return` line.")
    got = np.asarray(got, dtype=dtype)
    if shape is not None and got.shape != tuple(shape):
        raise Wrong(f"the result has shape {got.shape}, but it should be {tuple(shape)}. {shape_hint}".strip())
    return got


@dataclass
class Exercise:
    """One exercise.

    name: "NN.short_name", NN being the notebook number.
    test: callable(candidate) that raises Wrong("hint") when the candidate is wrong.
    reference: the course's own answer, used when the learner's fails (a function, or for a
        value exercise either the value or a zero-argument callable that computes it).
    kind: "function" or "value".
    hint: a first nudge, shown while the exercise is still a stub (say where to start).
    solution: text revealed by show_solution; by default the source of the reference function.
    """
    name: str
    test: Callable[[Any], None]
    reference: Any
    kind: str = "function"
    hint: str = ""
    solution: str | None = None

    def fallback(self):
        if self.kind == "value" and callable(self.reference):
            return self.reference()
        return self.reference

    def solution_text(self) -> str:
        if self.solution:
            return textwrap.dedent(self.solution).strip()
        try:
            return textwrap.dedent(inspect.getsource(self.reference)).strip()
        except (TypeError, OSError):
            return repr(self.fallback())


def register(exercise: Exercise) -> Exercise:
    """Make an exercise known to :func:`check` (called by the utils/exercises modules)."""
    if exercise.kind not in ("function", "value"):
        raise ValueError(f"Exercise kind must be 'function' or 'value', not {exercise.kind!r}.")
    _REGISTRY[exercise.name] = exercise
    return exercise


def get_exercise(name: str) -> Exercise:
    """Find an exercise by name, importing ``utils.exercises.nbNN`` on first use."""
    if not isinstance(name, str):
        raise TypeError(f"The exercise name should be text like \"02.l1_distance\", got {name!r}.")
    if name not in _REGISTRY:
        prefix = name.split(".", 1)[0]
        try:
            importlib.import_module(f"utils.exercises.nb{prefix}")
        except ModuleNotFoundError:
            pass
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY)) or "none loaded"
        raise UnknownExerciseError(f"There is no exercise called {name!r}. Check the spelling in the check() call "
                       f"(known: {known}).")
    return _REGISTRY[name]


def solutions_enabled() -> bool:
    """May solutions be revealed?  Off when COURSE_SOLUTIONS=off or course.toml says so."""
    env = os.environ.get("COURSE_SOLUTIONS", "").strip().lower()
    if env in {"off", "0", "false", "no"}:
        return False
    if env in {"on", "1", "true", "yes"}:
        return True
    try:
        import tomllib
        with open(_ROOT / "course.toml", "rb") as f:
            return bool(tomllib.load(f).get("exercises", {}).get("reveal_solutions", True))
    except (OSError, ValueError, ImportError):
        return True


def _learner_frame(exc: BaseException) -> str:
    """Where in the learner's own code an exception happened, as 'line N: `code`'."""
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [f for f in frames
            if not f.filename.startswith(_PACKAGE_DIR) and "site-packages" not in f.filename
            and "/lib/python" not in f.filename]
    if not mine:
        return ""
    f = mine[-1]
    code = (f.line or "").strip()
    return f" (in your code, line {f.lineno}: `{code}`)" if code else f" (line {f.lineno} of your code)"


def _is_stub(exc: BaseException) -> bool:
    return isinstance(exc, (NotImplementedError, NotAttempted))


@dataclass
class Result:
    """What a check found: passed or not, and the message shown to the learner."""
    name: str
    passed: bool
    message: str
    attempted: bool = True


def evaluate(name: str, candidate) -> Result:
    """Run an exercise's test on a candidate without printing (``check`` prints this)."""
    ex = get_exercise(name)
    nudge = f" Hint: {ex.hint}" if ex.hint else ""
    if candidate is Ellipsis or candidate is None:
        return Result(name, False, "not answered yet: replace the `...` with your answer, then run this "
                                   "cell again." + nudge, attempted=False)
    if ex.kind == "function" and not callable(candidate):
        return Result(name, False, f"expected a function here, but got {type(candidate).__name__} "
                                   f"{candidate!r:.60}. Pass the function itself, without calling it.")
    try:
        ex.test(candidate)
    except Wrong as wrong:
        return Result(name, False, str(wrong))
    except Exception as exc:  # anything raised inside the learner's code
        if _is_stub(exc):
            return Result(name, False, "not written yet: replace `raise NotImplementedError` with your "
                                       "code, then run this cell again." + nudge, attempted=False)
        where = _learner_frame(exc)
        return Result(name, False, f"your code raised {type(exc).__name__}: {exc}{where}. "
                                   f"Read the message, fix that line and run the cell again.")
    return Result(name, True, "correct!")


def check(name: str, candidate):
    """Check the learner's answer to exercise ``name`` and return what later cells should use.

    Prints ✔ or ✘ with a hint.  Returns the candidate when it passes, else the reference.
    """
    ex = get_exercise(name)
    result = evaluate(name, candidate)
    _ATTEMPTED.add(name)
    mark = "✔" if result.passed else "✘"
    print(f"{mark} {name}: {result.message}")
    expect_solved = os.environ.get("COURSE_EXPECT_SOLVED") == "1"
    expect_unsolved = os.environ.get("COURSE_EXPECT_UNSOLVED") == "1"
    if expect_solved and not result.passed:
        raise AssertionError(f"COURSE_EXPECT_SOLVED: the solution for {name} fails its check: {result.message}")
    if expect_unsolved and result.passed:
        raise AssertionError(f"COURSE_EXPECT_UNSOLVED: the student stub for {name} passes its check; "
                             f"does the student version still contain the solution?")
    if expect_unsolved and "Hint:" not in result.message and result.attempted is False:
        raise AssertionError(f"COURSE_EXPECT_UNSOLVED: exercise {name} has no `hint` for a learner who "
                             f"has not started; add one in utils/exercises.")
    if result.passed:
        return candidate
    what = "value" if ex.kind == "value" else "version"
    print(f"  → Until yours passes, later cells use the course's reference {what} so the notebook keeps "
          f"running. Try again, or after a try: show_solution(\"{name}\").")
    return ex.fallback()


def show_solution(name: str) -> None:
    """Print the reference solution, once the learner has tried the exercise at least once."""
    ex = get_exercise(name)
    if not solutions_enabled():
        print(f"Solutions are turned off for this lab, so {name} stays hidden. Ask your instructor.")
        return
    if name not in _ATTEMPTED:
        print(f"Have a go first: run the check cell for {name} at least once, then ask again.")
        return
    print(f"One way to solve {name}:\n")
    print(textwrap.indent(ex.solution_text(), "    "))


def exercises_for(notebook: str) -> list[str]:
    """Names of the exercises of one notebook, e.g. ``exercises_for("02")``."""
    try:
        importlib.import_module(f"utils.exercises.nb{notebook}")
    except ModuleNotFoundError:
        return []
    return sorted(n for n in _REGISTRY if n.startswith(f"{notebook}."))


def explain(name: str, candidate) -> None:
    """Print what the checker says about any attempt, without recording or returning anything.

    Handy for seeing the feedback on a deliberately wrong answer (notebook 00 does this).
    """
    result = evaluate(name, candidate)
    print(f"{'✔' if result.passed else '✘'} {name}: {result.message}")
