"""Exercises with instant feedback.

In a notebook the learner writes a function (or a value) and checks it right below::

    def invert(image):
        ### BEGIN SOLUTION
        return 255 - image
        ### END SOLUTION
    invert = check("00.invert", invert)

``check`` prints ✔ or ✘ with a hint, and returns what later cells should use: the learner's own
version when it passes, otherwise the course's reference version (with a note saying so), so a
notebook never dead-ends on an unsolved exercise.  ``show_solution("00.invert")`` reveals one way
to solve it after a real try, unless solutions are turned off for a graded lab.

How a function exercise is checked.  Its module in ``utils/exercises/nbNN.py`` declares test
inputs (a list of :class:`Case`).  The checker calls the learner's function and the reference (the
concept module's function, e.g. ``utils.images.invert``) on fresh copies of each input and runs one
shared diagnosis of the common slips before the exercise's own checks: a stub that was not
written yet, a wrong number of parameters, an exception (one line, with the learner's line), no
``return`` or a ``print`` instead, changed input arrays, the wrong type, the wrong shape, uint8 /
int8 wrap-around, fractions cut off, wrong values (where and by how much), the wrong dtype.  The
exercise adds what only it knows (``diagnose``: the likely cause of a wrong answer; ``test``: any
further checks, such as "no Python loops").

Exercises are loaded on first use.  For the test command, two environment variables turn the
checks into assertions: ``COURSE_EXPECT_SOLVED=1`` (solved notebooks: every check must pass) and
``COURSE_EXPECT_UNSOLVED=1`` (exercise notebooks: every check must fail, with a hint).
"""

from __future__ import annotations

import ast
import contextlib
import copy
import dis
import importlib
import inspect
import io
import json
import os
import re
import textwrap
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import describe_frame, learner_frame

_ROOT = Path(__file__).resolve().parent.parent

_REGISTRY: dict[str, Exercise] = {}
_ATTEMPTED: set[str] = set()


class Wrong(Exception):
    """Raised by an exercise's checks when the answer is wrong; its message is the hint.

    Used in 00 · How exercises work (every exercise module raises it).
    """


class UnknownExerciseError(KeyError):
    """No exercise has that name; the message lists the known ones.

    Used in 00 · How exercises work.
    """

    def __str__(self):
        return str(self.args[0])


class NotAttempted(Exception):
    """The learner has not written an answer yet (a stub or a bare `...`).

    Used in 00 · How exercises work.
    """


@dataclass(frozen=True)
class Case:
    """One call the checker makes: the arguments, and how to name them to the learner.

    ``about`` reads after "For …", e.g. ``"the lecture's 4×4 example"``; when empty the checker
    describes the arguments by name, shape and dtype.  Used in 00 · How exercises work.
    """

    args: tuple
    about: str = ""


@dataclass
class Exercise:
    """One exercise.

    name: "NN.short_name", NN being the notebook number.
    test: optional callable(candidate) raising :class:`Wrong`, run after the shared diagnosis.
    reference: the course's own answer, used when the learner's fails: the concept module's
        function, or for a value exercise a zero-argument callable that computes the value.
    kind: "function" or "value".
    hint: a first nudge, shown while the exercise is still a stub (say where to start).
    solution: text for show_solution when the solved notebook cannot be read.
    cases: zero-argument callable returning the test inputs (a list of :class:`Case`) that the
        shared diagnosis tries, comparing the learner's result with the reference's.
    diagnose: optional callable(got, want, case) -> str or None: the likely cause of a wrong
        result (any type, shape or value), added to the shared message.
    agree: optional callable(got, want, case) -> bool replacing the default comparison
        (exact for integers, ``np.allclose(rtol, atol)`` for floats).
    dtype: "same" (the result must have the reference's dtype), a string of NumPy kind letters
        the result's dtype must be one of (e.g. "iu" for whole-number labels), or None.

    Used in 00 · How exercises work (every ``utils/exercises/nbNN.py`` registers its exercises).
    """

    name: str
    test: Callable[[Any], None] | None = None
    reference: Any = None
    kind: str = "function"
    hint: str = ""
    solution: str | None = None
    cases: Callable[[], Sequence[Case]] | None = None
    diagnose: Callable[[Any, Any, Case], str | None] | None = None
    agree: Callable[[Any, Any, Case], bool] | None = None
    dtype: str | None = None
    rtol: float = 1e-6
    atol: float = 1e-8
    _cases_cache: list = field(default=None, init=False, repr=False)

    @property
    def short_name(self) -> str:
        return self.name.split(".", 1)[-1]

    def fallback(self):
        """What later cells use when the learner's answer fails: the reference (or its value)."""
        if self.kind == "value" and callable(self.reference):
            return self.reference()
        return self.reference

    def test_cases(self) -> list[Case]:
        """The declared test inputs, built once (as Case objects)."""
        if self._cases_cache is None:
            made = list(self.cases()) if self.cases else []
            self._cases_cache = [c if isinstance(c, Case) else Case(tuple(c)) for c in made]
        return self._cases_cache

    def solution_text(self) -> str:
        """One way to solve it: the solved notebook's solution, else ``solution``, else the reference."""
        text = solution_from_notebook(self.name)
        if text:
            return text
        if self.solution:
            return textwrap.dedent(self.solution).strip()
        try:
            return textwrap.dedent(inspect.getsource(self.reference)).strip()
        except (TypeError, OSError):
            return repr(self.fallback())


def register(exercise: Exercise) -> Exercise:
    """Make an exercise known to :func:`check` (called by the utils/exercises modules).

    Used in 00 · How exercises work.
    """
    if exercise.kind not in ("function", "value"):
        raise ValueError(f"Exercise kind must be 'function' or 'value', not {exercise.kind!r}.")
    _REGISTRY[exercise.name] = exercise
    return exercise


def get_exercise(name: str) -> Exercise:
    """Find an exercise by name, importing ``utils.exercises.nbNN`` on first use.

    Used in 00 · How exercises work.
    """
    if not isinstance(name, str):
        raise TypeError(f'The exercise name should be text like "02.l1_distance", got {_show(name)}.')
    if name not in _REGISTRY:
        prefix = name.split(".", 1)[0]
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"utils.exercises.nb{prefix}")
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY)) or "none loaded"
        raise UnknownExerciseError(
            f"There is no exercise called {name!r}. Check the spelling in the check() call (known: {known})."
        )
    return _REGISTRY[name]


def solutions_enabled() -> bool:
    """May solutions be revealed?  Off when COURSE_SOLUTIONS=off or course.toml says so.

    Used in 00 · How exercises work.
    """
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


def exercises_for(notebook: str) -> list[str]:
    """Names of the exercises of one notebook, e.g. ``exercises_for("02")``.

    Used in 00 · How exercises work.
    """
    try:
        importlib.import_module(f"utils.exercises.nb{notebook}")
    except ModuleNotFoundError:
        return []
    return sorted(n for n in _REGISTRY if n.startswith(f"{notebook}."))


# --------------------------------------------------------------------------------------------------
# the solved notebooks: where show_solution's text comes from
# --------------------------------------------------------------------------------------------------
_BEGIN, _END, _INLINE = "### BEGIN SOLUTION", "### END SOLUTION", "# SOLUTION"


def _check_line(name: str) -> re.Pattern:
    return re.compile(r"^\s*[\w.]+\s*=\s*check\(\s*['\"]" + re.escape(name) + r"['\"]")


def solved_cell(name: str) -> str | None:
    """The code of exercise ``name``'s cell in ``notebooks/solutions/NN_*.ipynb``, check line removed.

    None when the solved notebook or the cell is not there.  Used by the tests (the solution agrees
    with the reference) and by :func:`show_solution`.  Used in 00 · How exercises work.
    """
    pattern = _check_line(name)
    for path in sorted((_ROOT / "notebooks" / "solutions").glob(f"{name.split('.', 1)[0]}_*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            lines = source.splitlines()
            if cell.get("cell_type") == "code" and any(pattern.match(line) for line in lines):
                return "\n".join(line for line in lines if not pattern.match(line)).rstrip() + "\n"
    return None


def solution_from_notebook(name: str) -> str | None:
    """The solution as a learner would write it: the function around the solution block, or the value line.

    Markers are dropped.  None when the solved notebook has no such exercise.
    Used in 00 · How exercises work (show_solution prints it).
    """
    cell = solved_cell(name)
    if cell is None:
        return None
    lines = cell.splitlines()
    begin = next((i for i, line in enumerate(lines) if line.strip() == _BEGIN), None)
    if begin is None:
        inline = [line for line in lines if line.rstrip().endswith(_INLINE)]
        return inline[0].rstrip()[: -len(_INLINE)].rstrip() if inline else None
    end = next((i for i in range(begin, len(lines)) if lines[i].strip() == _END), len(lines))
    start = max((i for i in range(begin) if re.match(r"def \w+\(", lines[i])), default=begin)
    kept = [line for line in lines[start:end] if line.strip() not in (_BEGIN, _END)]
    return textwrap.dedent("\n".join(kept)).strip()


# --------------------------------------------------------------------------------------------------
# describing things in plain words (never an array's repr)
# --------------------------------------------------------------------------------------------------
def _is_number(x) -> bool:
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, (int, float, np.integer, np.floating)):
        return True
    return isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "uif"


def _fmt(v) -> str:
    v = v.item() if isinstance(v, np.generic) else v
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def _show(x) -> str:
    """A short description of any value, on one line."""
    if isinstance(x, np.ndarray):
        if x.ndim == 0:
            return _fmt(x[()])
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    if _is_number(x):
        return _fmt(x)
    if isinstance(x, str):
        return f"the text {x[:30]!r}" + ("…" if len(x) > 30 else "")
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of length {len(x)}"
    return f"a {type(x).__name__}"


def _param_names(fn, n: int) -> list[str] | None:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return names[:n] if len(names) >= n else None


def _describe_args(args: tuple, names: list[str] | None) -> str:
    names = names or [f"argument {i + 1}" for i in range(len(args))]
    parts = []
    for name, arg in zip(names, args, strict=False):
        if isinstance(arg, np.ndarray):
            parts.append(f"`{name}` of shape {arg.shape} {arg.dtype}")
        else:
            parts.append(f"`{name}`={_fmt(arg)}" if _is_number(arg) else f"`{name}` = {_show(arg)}")
    return "the test call with " + (" and ".join(parts) if len(parts) <= 2 else ", ".join(parts))


def _values(a: np.ndarray) -> str:
    return "(" + ", ".join(_fmt(v) for v in a.ravel()) + ")"


# --------------------------------------------------------------------------------------------------
# calling the learner's function safely
# --------------------------------------------------------------------------------------------------
@dataclass
class _Call:
    result: Any = None
    printed: str = ""
    error: BaseException | None = None
    changed: list = field(default_factory=list)


def _fresh(arg):
    return arg.copy() if isinstance(arg, np.ndarray) else copy.deepcopy(arg)


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    try:
        return bool(a == b)
    except Exception:  # objects that cannot be compared: assume unchanged
        return True


@contextlib.contextmanager
def _quiet():
    """No overflow warnings from a probe (the message explains the overflow instead)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def _call(fn, args: tuple) -> _Call:
    """Call ``fn`` on fresh copies of ``args``; record the result, what it printed, and which args changed."""
    copies = tuple(_fresh(a) for a in args)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), _quiet():
        try:
            result = fn(*copies)
        except Exception as exc:
            return _Call(printed=out.getvalue(), error=exc)
    changed = [i for i, (a, b) in enumerate(zip(args, copies, strict=True)) if not _same(a, b)]
    return _Call(result, out.getvalue(), None, changed)


def _does_nothing(fn) -> bool:
    """From the bytecode: does ``fn`` only return None (a body of ``...``, ``pass`` or a docstring)?"""
    try:
        instructions = list(dis.get_instructions(fn))
    except TypeError:
        return False
    for ins in instructions:
        if ins.opname in ("RESUME", "NOP", "CACHE", "RETURN_VALUE"):
            continue
        if ins.opname in ("LOAD_CONST", "RETURN_CONST") and ins.argval is None:
            continue
        return False
    return True


def _is_stub_function(fn) -> bool:
    """True for a function whose body is only a docstring, ``...`` or ``pass`` (not a lambda)."""
    if getattr(fn, "__name__", "") == "<lambda>" or not inspect.isfunction(fn):
        return False
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return _does_nothing(fn)
    funcs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not funcs:
        return False
    body = funcs[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        if isinstance(body[0].value.value, str):
            body = body[1:]
    return all(
        isinstance(s, ast.Pass)
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and s.value.value is Ellipsis)
        for s in body
    )


def _exception_message(exc: BaseException, where: str = "") -> str:
    line = describe_frame(learner_frame(exc.__traceback__))
    text = " ".join(str(exc).split())
    text = text if len(text) <= 200 else text[:200] + "…"
    msg = (
        f"your code raised {type(exc).__name__}: {text}" if text else f"your code raised {type(exc).__name__}"
    )
    if line:
        msg += f" (in your code, {line})"
    if where:
        msg += f" on {where}"
    msg += "."
    if isinstance(exc, OverflowError) and "out of bounds" in text:
        msg += (
            " A uint8 holds only 0 to 255 (int8: -128 to 127), so NumPy refuses a "
            "number outside that range: keep every number in range, or compute in "
            "a wider type (`x.astype(np.int64)`) and convert back at the end."
        )
    return msg


# --------------------------------------------------------------------------------------------------
# the shared diagnosis
# --------------------------------------------------------------------------------------------------
def _ndims(args) -> tuple:
    return tuple(a.ndim for a in args if isinstance(a, np.ndarray))


def _extra(ex: Exercise, got, want, case: Case) -> str:
    if ex.diagnose is None:
        return ""
    try:
        with _quiet():
            hint = ex.diagnose(got, want, case)
    except Exception:  # a diagnosis is an extra: the shared message stays accurate without it
        return ""
    return f" {hint}" if hint else ""


def _agrees(ex: Exercise, got, want, case: Case) -> bool:
    """Do the values agree (dtype aside)?"""
    try:
        with _quiet():
            if ex.agree is not None:
                return bool(ex.agree(got, want, case))
            g, w = np.asarray(got), np.asarray(want)
            if g.shape != w.shape or g.dtype.kind not in "biuf" or w.dtype.kind not in "biuf":
                return False
            if "f" in (g.dtype.kind, w.dtype.kind):
                return bool(np.allclose(g, w, rtol=ex.rtol, atol=ex.atol))
            return bool(np.array_equal(g, w))
    except Exception:
        return False


def _check_signature(candidate, case: Case, names: list[str] | None, ex: Exercise) -> None:
    try:
        inspect.signature(candidate).bind(*case.args)
    except TypeError:
        wanted = ", ".join(names or []) or f"{len(case.args)} arguments"
        raise Wrong(
            f"your function's parameters do not fit: the check calls {ex.short_name}({wanted}), "
            f"{len(case.args)} argument{'s' if len(case.args) != 1 else ''}. Keep the `def` line as given."
        ) from None
    except ValueError:  # no signature to inspect (a builtin): just call it
        return


def _check_call(run: _Call, where: str, index: int, cases: list[Case], names: list[str]) -> None:
    """Exceptions, no return, a print instead of a return, changed inputs."""
    if run.error is not None:
        if isinstance(run.error, NotImplementedError) and index == 0:  # the stub of the exercise notebook
            raise NotAttempted() from None
        msg = _exception_message(run.error, where)
        now, before = _ndims(cases[index].args), _ndims(cases[0].args)
        if index > 0 and now and now != before:
            msg += (
                f" Your function worked on the earlier test (arrays with {before[0]} "
                f"dimensions); this one passes {now[0]}-D arrays: make it work for any shape."
            )
        raise Wrong(msg)
    changed = [f"`{names[i]}`" for i in run.changed]
    if run.result is None:
        if run.printed.strip():
            first = run.printed.strip().splitlines()[0][:40]
            raise Wrong(
                "your function prints its answer instead of returning it (it "
                f"printed {first!r}): replace `print(...)` with `return ...`."
            )
        if changed:
            raise Wrong(
                f"your function returns nothing: it changed its input {changed[0]} in place "
                "instead. Leave the input as it is and `return` the result as a new array."
            )
        raise Wrong("your function returns nothing: add a `return` line.")
    if changed:
        arg = changed[0]
        raise Wrong(
            f"your function changed its input {arg} in place: after the call the caller's array holds "
            f"different numbers, so later cells would see a changed {arg.strip('`')}. A line such as "
            f"`{arg.strip('`')}[...] = …`, `{arg.strip('`')} -= …` or `out={arg.strip('`')}` writes into "
            f"the caller's array: build a new array instead (or start from `{arg.strip('`')}.copy()`)."
        )


def _check_type(ex: Exercise, got, want, where: str, case: Case) -> None:
    numeric = _is_number(got) or (isinstance(got, np.ndarray) and got.dtype.kind in "biuf")
    extra = _extra(ex, got, want, case) if numeric else ""
    if isinstance(want, np.ndarray) and want.ndim > 0:
        if isinstance(got, np.ndarray):
            return
        if isinstance(got, str):
            raise Wrong(f"your function returns {_show(got)}, not an array: return the array itself.")
        if isinstance(got, (list, tuple)):
            right = " The numbers in it are right." if _agrees(ex, got, want, case) else ""
            raise Wrong(
                f"your function returns a Python {type(got).__name__} instead of "
                f"a NumPy array.{right} Return an array: NumPy arithmetic and "
                "slicing give one directly (`np.array(...)` converts a list)."
            )
        if _is_number(got):
            raise Wrong(
                f"for {where}, your function returns one number ({_fmt(got)}), "
                f"but the answer is an array of shape {want.shape}.{extra}"
            )
        raise Wrong(
            f"your function returns {_show(got)}, but the answer "
            f"is a NumPy array of shape {want.shape}.{extra}"
        )
    if not _is_number(want) or _is_number(got):
        return
    if isinstance(got, str):
        raise Wrong(
            f"your function returns {_show(got)} instead of a number: return "
            f"the number itself (no str(...) or f-string around it).{extra}"
        )
    if isinstance(got, (bool, np.bool_)):
        raise Wrong(f"your function returns {got} (True or False), but the answer is a number.{extra}")
    if isinstance(got, np.ndarray) and got.size == 1:
        raise Wrong(
            f"your function returns an array of shape {got.shape} holding one number; "
            f"return the number itself (for example `float(x)` or `x.item()`).{extra}"
        )
    if isinstance(got, np.ndarray):
        raise Wrong(
            f"for {where}, your function returns an array of shape {got.shape} instead of one number.{extra}"
        )
    raise Wrong(f"your function returns {_show(got)}, but the answer is one number.{extra}")


def _check_shape(ex: Exercise, got, want, where: str, case: Case) -> None:
    if not isinstance(want, np.ndarray) or want.ndim == 0 or got.shape == want.shape:
        return
    msg = f"for {where}, your result has shape {got.shape}, but it should have shape {want.shape}."
    if got.ndim == 2 and got.shape == want.shape[::-1] and got.shape[0] != got.shape[1]:
        msg += " It is transposed: its rows and columns are swapped."
    raise Wrong(msg + _extra(ex, got, want, case))


def _narrow_ints(args) -> list[bool]:
    return [isinstance(a, np.ndarray) and a.dtype.kind in "ui" and a.dtype.itemsize < 8 for a in args]


def _overflow_cause(ex: Exercise, candidate, case: Case, got, want) -> str | None:
    """uint8 / int8 wrap-around: off by multiples of 256, or right with wider inputs, or with small values."""
    g, w = np.asarray(got), np.asarray(want)
    if g.dtype.kind in "ui" and g.dtype.itemsize < 8 and w.dtype.kind in "ui" and g.shape == w.shape:
        if np.all((g.astype(np.int64) - w.astype(np.int64)) % 256 == 0):
            return (
                f"your result is {g.dtype}, and its numbers wrapped around: each differs from the right "
                f"one by a multiple of 256 ({g.dtype} holds only {np.iinfo(g.dtype).min} to "
                f"{np.iinfo(g.dtype).max}). Compute in a wider type and convert to {w.dtype} at the end."
            )
    narrow = _narrow_ints(case.args)
    back = ", and convert back to uint8 at the end" if ex.dtype == "same" else ""
    if any(narrow):
        dt = next(a.dtype for a, n in zip(case.args, narrow, strict=True) if n)
        wide = tuple(a.astype(np.int64) if n else a for a, n in zip(case.args, narrow, strict=True))
        run = _call(candidate, wide)
        if run.error is None and run.result is not None and _agrees(ex, run.result, want, case):
            return (
                "your function gives the right answer when the same numbers come as "
                f"int64, but not for {dt} input: {dt} arithmetic wraps around (in uint8, "
                "10 - 56 is 210 and 200 + 100 is 44). Convert to a wider type before the "
                f"arithmetic, e.g. `x.astype(np.int64)` or `x.astype(np.float64)`{back}."
            )
        small_case = Case(
            tuple(a % 64 if n else a for a, n in zip(case.args, narrow, strict=True)), case.about
        )
        small_want = ex.reference(*(_fresh(a) for a in small_case.args))
        run = _call(candidate, small_case.args)
        if run.error is None and run.result is not None and _agrees(ex, run.result, small_want, small_case):
            return (
                "your function is right for small pixel values but wrong for large ones: a number overflows "
                "its type somewhere (int8 holds only -128 to 127, uint8 0 to 255, and NumPy wraps around "
                f"without an error). Compute in a wider type (`np.int64` or `np.float64`){back}."
            )
    return None


def _truncation_cause(got, want) -> str | None:
    g, w = np.asarray(got, dtype=np.float64), np.asarray(want)
    if w.dtype.kind != "f" or g.shape != w.shape or not np.all(g == np.round(g)):
        return None
    fractional = np.flatnonzero(w.ravel() != np.round(w.ravel()))
    if not len(fractional):
        return None
    if any(np.array_equal(g, f(w)) for f in (np.trunc, np.floor, np.round, np.ceil)):
        i = fractional[0]
        return (
            "Your numbers are whole numbers cut from the right ones (e.g. "
            f"{_fmt(g.ravel()[i])} instead of {_fmt(w.ravel()[i])}): the answer has "
            "fractions. Keep them: use / rather than //, and no int(...) or .astype(int)."
        )
    return None


def _difference(got, want, where: str, case: Case) -> str:
    g, w = np.asarray(got), np.asarray(want)
    if w.size == 1:
        return (
            f"for {where}, your function returns {_fmt(g.ravel()[0])}, "
            f"but the right answer is {_fmt(w.ravel()[0])}."
        )
    if w.ndim == 1 and w.size <= 4:
        return f"for {where}, your function returns {_values(g)}, but the right answer is {_values(w)}."
    with _quiet():
        if "f" in (g.dtype.kind, w.dtype.kind):
            bad = ~np.isclose(g.astype(np.float64), w.astype(np.float64), rtol=1e-6, atol=1e-6)
        else:
            bad = g.astype(np.int64) != w.astype(np.int64)
    idx = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.any() else (0,) * w.ndim
    n_bad = int(bad.sum())
    how_many = f"all {w.size} numbers" if n_bad == w.size else f"{n_bad} of the {w.size} numbers"
    msg = (
        f"for {where}, {how_many} in your result are wrong; the first at {list(idx)}: yours is "
        f"{_fmt(g[idx])}, the right one is {_fmt(w[idx])}"
    )
    arrays = [a for a in case.args if isinstance(a, np.ndarray)]
    if len(arrays) == 1 and arrays[0].shape == w.shape:  # an image in, an image out: show the input pixel
        msg += f" (the input there is {_fmt(arrays[0][idx])})"
    return msg + "."


def _check_values(ex: Exercise, candidate, got, want, where: str, case: Case) -> None:
    if _agrees(ex, got, want, case):
        return
    cause = _overflow_cause(ex, candidate, case, got, want)
    if cause:
        raise Wrong(cause)
    extra = _extra(ex, got, want, case)
    if not extra:
        cause = _truncation_cause(got, want)
        extra = f" {cause}" if cause else ""
    raise Wrong(_difference(got, want, where, case) + extra)


def _check_dtype(ex: Exercise, got, want) -> None:
    g, w = np.asarray(got), np.asarray(want)
    if ex.dtype == "same" and g.dtype != w.dtype:
        fractions = g.dtype.kind == "f" and w.dtype.kind in "ui" and not np.all(g == np.round(g))
        how = "round first with np.round, then convert" if fractions else "convert"
        raise Wrong(
            f"the values are right, but the result's dtype is {g.dtype}; it should be "
            f"{w.dtype} like the input (an image stays {w.dtype}). Keep the arithmetic "
            f"in {w.dtype}, or {how} at the end with `.astype(np.{w.dtype})`."
        )
    if ex.dtype and ex.dtype != "same" and g.dtype.kind not in ex.dtype:
        words = {"i": "whole numbers", "u": "whole numbers", "f": "floats", "b": "True/False"}
        want_words = " or ".join(sorted({words.get(k, k) for k in ex.dtype}))
        how = "`.astype(int)`" if "i" in ex.dtype else f"`.astype(np.{w.dtype})`"
        raise Wrong(
            f"the values are right, but the result's dtype is {g.dtype}; "
            f"the answer should hold {want_words}. Convert with {how}."
        )


def _diagnose_function(ex: Exercise, candidate) -> str:
    """Run the shared diagnosis on every declared case (raises Wrong or NotAttempted); returns any prints."""
    cases = ex.test_cases()
    if not cases:
        return ""
    n = len(cases[0].args)
    names = (
        _param_names(candidate, n) or _param_names(ex.reference, n) or [f"argument {i + 1}" for i in range(n)]
    )
    _check_signature(candidate, cases[0], names, ex)
    printed = ""
    for index, case in enumerate(cases):
        want = ex.reference(*(_fresh(a) for a in case.args))
        run = _call(candidate, case.args)
        printed = printed or run.printed
        where = case.about or _describe_args(case.args, names)
        _check_call(run, where, index, cases, names)
        _check_type(ex, run.result, want, where, case)
        got = run.result
        _check_shape(ex, got, want, where, case)
        _check_values(ex, candidate, got, want, where, case)
        _check_dtype(ex, got, want)
    return printed


def _value_slip(ex: Exercise, value) -> str | None:
    """The common slips of a value answer: text, True/False, a function, a list."""
    what = f"`{ex.short_name}`"
    if isinstance(value, str):
        return f"{what} should be a number like 7, written without quotes; you wrote {_show(value)}."
    if isinstance(value, (bool, np.bool_)):
        return f"{what} should be a number, but it is {value} (True or False)."
    if callable(value):
        return (
            f"{what} should be a value, but it is a function: write the value itself (or call the function)."
        )
    if isinstance(value, (list, tuple, dict, set)) or (isinstance(value, np.ndarray) and value.ndim > 0):
        return f"{what} should be one number, but it is {_show(value)}. Pick one value."
    return None


# --------------------------------------------------------------------------------------------------
# the public entry points
# --------------------------------------------------------------------------------------------------
@dataclass
class Result:
    """What a check found: passed or not, the message shown to the learner, and whether it was a real try.

    ``printed`` is what the learner's function printed on the first test call (shown with the result).
    Used in 00 · How exercises work.
    """

    name: str
    passed: bool
    message: str
    attempted: bool = True
    printed: str = ""


def _not_written(ex: Exercise) -> str:
    nudge = f" Hint: {ex.hint}" if ex.hint else ""
    if ex.kind == "value":
        return f"not answered yet: replace the `...` with your answer, then run this cell again.{nudge}"
    return (
        "not written yet: replace `raise NotImplementedError(...)` "
        f"with your code, then run this cell again.{nudge}"
    )


def evaluate(name: str, candidate) -> Result:
    """Run an exercise's checks on a candidate without printing or recording anything (``check`` prints this).

    Used in 00 · How exercises work.
    """
    ex = get_exercise(name)
    if candidate is Ellipsis or candidate is None:
        return Result(name, False, _not_written(ex), attempted=False)
    if ex.kind == "function" and not callable(candidate):
        return Result(
            name,
            False,
            f"expected a function here, but got {_show(candidate)}. "
            "Pass the function itself, without calling it.",
        )
    if ex.kind == "function" and _is_stub_function(candidate):
        return Result(name, False, _not_written(ex), attempted=False)
    if ex.kind == "value" and _is_number(ex.fallback()):
        slip = _value_slip(ex, candidate)
        if slip:
            return Result(name, False, slip)
    printed = ""
    try:
        if ex.kind == "function":
            printed = _diagnose_function(ex, candidate)
        if ex.test is not None:
            with _quiet():
                ex.test(candidate)
    except Wrong as wrong:
        return Result(name, False, str(wrong), printed=printed)
    except NotAttempted:
        return Result(name, False, _not_written(ex), attempted=False)
    except Exception as exc:  # anything raised inside the learner's code during the exercise's own test
        if isinstance(exc, NotImplementedError):
            return Result(name, False, _not_written(ex), attempted=False)
        return Result(
            name, False, _exception_message(exc) + " Read the message, fix that line and run the cell again."
        )
    return Result(name, True, "correct!", printed=printed)


def _print_result(result: Result) -> None:
    if result.printed.strip():
        lines = result.printed.rstrip().splitlines()
        shown = "\n".join("    " + line for line in lines[:10]) + ("\n    …" if len(lines) > 10 else "")
        print(f"(your function printed, on the first test call:)\n{shown}")
    print(f"{'✔' if result.passed else '✘'} {result.name}: {result.message}")


def check(name: str, candidate):
    """Check the learner's answer to exercise ``name`` and return what later cells should use.

    Prints ✔ or ✘ with a hint.  Returns the candidate when it passes, else the reference.
    Taught in 00 · How exercises work.
    """
    ex = get_exercise(name)
    result = evaluate(name, candidate)
    if result.attempted:
        _ATTEMPTED.add(name)
    _print_result(result)
    if os.environ.get("COURSE_EXPECT_SOLVED") == "1" and not result.passed:
        raise AssertionError(
            f"COURSE_EXPECT_SOLVED: the solution for {name} fails its check: {result.message}"
        )
    if os.environ.get("COURSE_EXPECT_UNSOLVED") == "1":
        if result.passed:
            raise AssertionError(
                f"COURSE_EXPECT_UNSOLVED: the student stub for {name} passes its "
                "check; does the student version still contain the solution?"
            )
        if "Hint:" not in result.message and result.attempted is False:
            raise AssertionError(
                f"COURSE_EXPECT_UNSOLVED: exercise {name} has no `hint` for a "
                "learner who has not started; add one in utils/exercises."
            )
    if result.passed:
        return candidate
    what = "value" if ex.kind == "value" else "version"
    note = (
        "  → Until yours passes, later cells use the course's "
        f"reference {what}, so the notebook keeps running."
    )
    if result.attempted:
        note += " Fix yours and run this cell again"
        note += f'; stuck? show_solution("{name}") shows one way.' if solutions_enabled() else "."
    print(note)
    return ex.fallback()


def show_solution(name: str) -> None:
    """Print one way to solve exercise ``name``, once the learner has really tried it.

    A real try: the learner wrote something in place of the stub and ran its check.  With solutions
    turned off (a graded lab) it says so and prints nothing else.  Taught in 00 · How exercises work.
    """
    ex = get_exercise(name)
    if not solutions_enabled():
        print(f"Solutions are turned off for this lab, so {name} stays hidden. Ask your instructor.")
        return
    if name not in _ATTEMPTED:
        if ex.kind == "value":
            first = f"replace the `...` in `{ex.short_name} = ...` with your answer"
        else:
            first = (
                f"write your own `{ex.short_name}` in its cell "
                "(replace the `raise NotImplementedError(...)` line)"
            )
        hint = f" Hint: {ex.hint}" if ex.hint else ""
        print(f"Have a go first: {first} and run the cell, so its check answers. Then ask again.{hint}")
        return
    print(f"One way to solve {name}:\n")
    print(textwrap.indent(ex.solution_text(), "    "))


def explain(name: str, candidate) -> None:
    """Print what the checker says about any attempt, without recording or returning anything.

    Handy for seeing the feedback on a deliberately wrong answer.  Taught in 00 · How exercises work.
    """
    _print_result(evaluate(name, candidate))
