"""The course's public error types, and how a notebook shows them to a learner.

Every helper in :mod:`utils` checks its input and raises one of these with a message that says
what was wrong, what was expected and what to do.  They subclass ``ValueError`` / ``TypeError``,
so ``except ValueError`` still works.

In a notebook, :func:`install_friendly_errors` (called by ``utils.start()``) makes IPython show
such an error in three short lines instead of a long traceback through the course's internals:
the message, the line of the learner's own code that led to it, and how to see everything
(``%tb`` in a new cell prints the full traceback).  Every other exception is shown as usual.

Used in 00 · How exercises work (every notebook's setup cell installs the handler).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

_PACKAGE_DIR = str(Path(__file__).resolve().parent)


class CourseInputError(ValueError):
    """A value had the right type but the wrong shape, size or range.

    Used in every notebook: raised by the helpers in :mod:`utils` with a message to act on.
    """


class CourseTypeError(TypeError):
    """A value had the wrong type altogether (text where a number was expected, say).

    Used in every notebook: raised by the helpers in :mod:`utils` with a message to act on.
    """


COURSE_ERRORS = (CourseInputError, CourseTypeError)


def _is_library_file(filename: str) -> bool:
    return (
        filename.startswith(_PACKAGE_DIR)
        or "site-packages" in filename
        or "/lib/python" in filename
        or filename.startswith("<frozen")
    )


def learner_frame(tb) -> traceback.FrameSummary | None:
    """The innermost frame of a traceback that is the learner's own code (not utils, not a library).

    Used in 00 · How exercises work: the checker and the error handler both point at this line.
    """
    frames = traceback.extract_tb(tb)
    mine = [f for f in frames if not _is_library_file(f.filename)]
    return mine[-1] if mine else None


def describe_frame(frame: traceback.FrameSummary | None) -> str:
    """``"line 3: `x = f(y)`"`` for a frame of learner code, or ``""`` when there is none.

    Used in 00 · How exercises work.
    """
    if frame is None:
        return ""
    code = (frame.line or "").strip()
    return f"line {frame.lineno}: `{code}`" if code else f"line {frame.lineno}"


def friendly_message(exc: BaseException) -> str:
    """What a learner sees for a course error: the message, where in their code, and how to see more.

    Each part is one line; the message itself is never broken in the middle of a sentence.
    Used in 00 · How exercises work.
    """
    where = describe_frame(learner_frame(exc.__traceback__))
    text = " ".join(str(exc).split())
    lines = [f"✘ {type(exc).__name__}: {text}"]
    if where:
        lines.append(f"   in your code, {where}")
    lines.append("   (The full traceback: run %tb in a new cell.)")
    return "\n".join(lines)


def _remember(etype, value, tb) -> None:
    """Store the exception where ``%tb`` (and ``%debug``) look for the last one."""
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value


def _handler(shell, etype, value, tb, tb_offset=None):
    """IPython's custom-exception hook for course errors: a short report now, the traceback on %tb."""
    _remember(etype, value, tb)
    short = friendly_message(value.with_traceback(tb)).splitlines()
    show = getattr(shell, "_showtraceback", None)
    if callable(show):
        # the kernel sends this as the cell's error output (so Run All stops here, as with any error)
        show(etype, value, short)
    else:  # pragma: no cover - every IPython shell has _showtraceback
        print("\n".join(short), file=sys.stderr)
    return None


def install_friendly_errors() -> bool:
    """Show course errors briefly in IPython / Jupyter.  Returns True when installed.

    Outside IPython (a plain script, the tests) nothing changes and ``False`` is returned.
    Calling it again is harmless.
    Used in 00 · How exercises work (every notebook's setup cell calls it through ``start``).
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc(COURSE_ERRORS, _handler)
    return True
