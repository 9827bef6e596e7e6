"""Messages a learner can act on (issue 8, findings 7 and 8): utils.errors' IPython handler, tried in a
real IPython shell and a real kernel, and the plain wording of utils._validate's messages."""

from __future__ import annotations

import numpy as np
import pytest

from utils import errors
from utils._validate import as_array, as_image, check_choice, check_int, describe, dtype_words
from utils.errors import CourseInputError, CourseTypeError


# ---- the IPython handler --------------------------------------------------------------------------------
@pytest.fixture
def shell(tmp_path, monkeypatch):
    """A real IPython shell for one test; what it changes in sys and builtins is undone afterwards."""
    import builtins
    import sys

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    for hook in ("excepthook", "displayhook"):
        monkeypatch.setattr(sys, hook, getattr(sys, hook))
    before = set(vars(builtins))
    config = Config()
    config.HistoryManager.enabled = False
    sh = InteractiveShell.instance(config=config, colors="nocolor")
    yield sh
    InteractiveShell.clear_instance()
    for name in set(vars(builtins)) - before:
        delattr(builtins, name)


def test_outside_ipython_nothing_is_installed():
    assert errors.install_friendly_errors() is False


def test_a_course_error_is_three_lines_with_the_learners_line(shell, capsys):
    assert errors.install_friendly_errors() is True
    assert errors.install_friendly_errors() is True  # every setup cell calls it again: harmless
    result = shell.run_cell("from utils import images\nphoto = 'cat.png'\nnegative = images.invert(photo)\n")
    assert isinstance(result.error_in_exec, CourseTypeError) and not result.success
    captured = capsys.readouterr()
    out = captured.out + captured.err
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines[0].startswith(
        "✘ CourseTypeError: `image` should be a NumPy array, but got the text 'cat.png'."
    )
    assert lines[1].strip() == "in your code, line 3: `negative = images.invert(photo)`"
    assert "%tb" in lines[2] and len(lines) == 3
    assert "Traceback" not in out and "_validate.py" not in out


def test_the_full_traceback_is_one_step_away(shell, capsys):
    errors.install_friendly_errors()
    shell.run_cell("from utils import images\nimages.invert(None)\n")
    capsys.readouterr()
    shell.run_cell("%tb")
    out = capsys.readouterr().out
    assert "Traceback" in out and "_validate.py" in out and "images.py" in out and "CourseTypeError" in out


def test_other_errors_keep_their_usual_traceback(shell, capsys):
    errors.install_friendly_errors()
    shell.run_cell("def f():\n    return 1 / 0\nf()\n")
    out = capsys.readouterr().out
    assert "ZeroDivisionError" in out and "Traceback" in out and "✘" not in out


def test_in_a_kernel_the_short_report_is_the_cells_error_output(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"import sys\nsys.path.insert(0, {str(root)!r})\nfrom utils import errors, images\n"
            "errors.install_friendly_errors()"
        ),
        nbformat.v4.new_code_cell("x = 1\nimages.invert('cat.png')"),
        nbformat.v4.new_code_cell("print('Run All stops before this cell')"),
    ]
    with pytest.raises(nbclient.exceptions.CellExecutionError) as info:
        nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    report = "\n".join(nb.cells[1].outputs[0]["traceback"])
    assert nb.cells[1].outputs[0]["output_type"] == "error"
    assert "✘ CourseTypeError" in report and "line 2: `images.invert('cat.png')`" in report
    assert "_validate.py" not in report and "%tb" in report
    assert not nb.cells[2].outputs and "CourseTypeError" in str(info.value)


def test_friendly_message_is_one_line_per_part():
    try:
        raise CourseInputError("first line\nsecond   line")
    except CourseInputError as exc:
        msg = errors.friendly_message(exc)
    assert msg.splitlines()[0] == "✘ CourseInputError: first line second line"
    assert "in your code, line" in msg.splitlines()[1]


def test_learner_frame_skips_the_course_and_libraries():
    try:
        as_image("nope")
    except CourseTypeError as exc:
        frame = errors.learner_frame(exc.__traceback__)
    assert frame is not None and frame.filename == __file__
    assert errors.describe_frame(frame) == f'line {frame.lineno}: `as_image("nope")`'
    assert errors.describe_frame(None) == ""


# ---- plain words in the messages ------------------------------------------------------------------------
def _message(fn, *args, **kwargs) -> str:
    with pytest.raises((CourseInputError, CourseTypeError)) as info:
        fn(*args, **kwargs)
    text = str(info.value)
    assert "\n" not in text, f"a line break inside the message: {text!r}"
    assert "array([" not in text, f"an array's repr in the message: {text!r}"
    return text


def test_ranges_in_plain_words():
    assert "at least 1, but got 0" in _message(check_int, 0, "k", low=1)
    assert "at most 9, but got 10" in _message(check_int, 10, "digit", high=9)
    assert "between 2 and 10, but got 11" in _message(check_int, 11, "n", low=2, high=10)
    for msg in (_message(check_int, 0, "k", low=1), _message(check_int, 10, "digit", high=9)):
        assert "inf" not in msg


def test_a_phrase_as_the_name_is_not_put_in_backticks():
    msg = _message(check_int, 0, "each k in `ks`", low=1)
    assert msg.startswith("Each k in `ks` should be a whole number at least 1")
    assert "`each k in ks`" not in msg


def test_dtypes_are_said_in_words():
    msg = _message(as_array, np.array(["a", "b"]), "X", dtype_kind="uif")
    assert "should hold numbers, but it holds text" in msg
    assert dtype_words(np.uint8) == "uint8 numbers" and dtype_words("<U1") == "text"
    assert "integers" in _message(as_array, np.zeros(3), "y", dtype_kind="ui")


def test_arrays_are_described_by_shape_and_dtype_never_printed():
    photo = np.random.RandomState(0).randint(0, 256, (30, 40, 3)).astype(np.uint8)
    msg = _message(check_int, photo, "k")
    assert "an array of shape (30, 40, 3) holding uint8 numbers" in msg
    msg = _message(check_choice, photo, "metric", ("l1", "l2"))
    assert "shape (30, 40, 3)" in msg
    assert "shape (5,)" in _message(as_image, np.zeros(5))


def test_describe_keeps_everything_on_one_line():
    class Wide:
        def __repr__(self):
            return "Wide(\n" + "x" * 200 + "\n)"

    for value in (np.zeros((50, 50)), "t" * 100, Wide(), [1, 2, 3], None, 3.5):
        text = describe(value)
        assert "\n" not in text and len(text) < 120, text
    assert describe(np.float64(2.5)) == describe(2.5) == "the number 2.5"
    assert describe(np.array(7)) == "the number 7" and describe(True) == "True"
