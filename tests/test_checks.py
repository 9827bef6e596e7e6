"""The exercise mechanism of utils.checks on made-up exercises (the course's own: test_exercises.py)."""

import json

import numpy as np
import pytest

from utils import checks
from utils.checks import Case, Exercise, Wrong, check, evaluate, explain, register, show_solution


# ---- made-up exercises ----------------------------------------------------------------------------
def _double(x):
    return 2 * x


def _test_double(candidate):
    if candidate(3) != 6:
        raise Wrong("double means times two; 3 should give 6.")


register(Exercise("99.double", test=_test_double, reference=_double, hint="multiply by a number."))


def _test_answer(value):
    if value != 42:
        raise Wrong("count again: it is between 40 and 45.")


register(Exercise("99.answer", test=_test_answer, reference=lambda: 42, kind="value", hint="a whole number."))


def _total(values):
    """Reference: the sum of all values, as a whole number (no wrap-around)."""
    return int(np.sum(values, dtype=np.int64))


def _total_cases():
    rng = np.random.RandomState(0)
    return [
        Case((np.array([200, 100, 30, 255], dtype=np.uint8),), "four pixels 200, 100, 30 and 255"),
        Case((rng.randint(0, 256, (3, 3)).astype(np.uint8),)),
        Case((rng.randint(0, 256, (2, 2, 3)).astype(np.uint8),)),
    ]


register(Exercise("99.total", reference=_total, cases=_total_cases, hint="add them all up."))


def _mean(values):
    return float(np.mean(values, dtype=np.float64))


register(
    Exercise(
        "99.mean",
        reference=_mean,
        cases=lambda: [Case((np.array([1, 2, 2, 2], dtype=np.uint8),), "the values 1, 2, 2, 2")],
        hint="sum / count.",
    )
)


def _darker(image):
    """Reference: every pixel halved, uint8 in and out."""
    return image // 2


def _darker_diagnose(got, want, case):
    if np.array_equal(np.asarray(got), case.args[0]):
        return "The image came back unchanged."
    return None


register(
    Exercise(
        "99.darker",
        reference=_darker,
        cases=lambda: [
            Case((np.array([[0, 255], [100, 31]], dtype=np.uint8),)),
            Case((np.arange(24, dtype=np.uint8).reshape(2, 4, 3),)),
        ],
        diagnose=_darker_diagnose,
        dtype="same",
        hint="integer division by 2.",
    )
)


def _negative(image):
    return 255 - image


register(
    Exercise(
        "99.negative",
        reference=_negative,
        cases=lambda: [Case((np.array([[0, 255], [100, 30]], dtype=np.uint8),))],
        dtype="same",
        hint="255 minus the pixel.",
    )
)


def _labels(scores):
    return np.argmax(scores, axis=1)


register(
    Exercise(
        "99.labels",
        reference=_labels,
        cases=lambda: [Case((np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]),))],
        dtype="iu",
        hint="np.argmax along the right axis.",
    )
)


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    for name in ("COURSE_EXPECT_SOLVED", "COURSE_EXPECT_UNSOLVED", "COURSE_SOLUTIONS"):
        monkeypatch.delenv(name, raising=False)
    checks._ATTEMPTED.clear()


def _msg(name, candidate):
    res = evaluate(name, candidate)
    assert not res.passed, f"{name}: a wrong answer passed"
    return res.message


# ---- passing, failing, what later cells use --------------------------------------------------------
def test_pass_returns_the_learners_function(capsys):
    def mine(x):
        return x + x

    assert check("99.double", mine) is mine
    assert capsys.readouterr().out.startswith("✔ 99.double: correct!")


def test_fail_gives_hint_and_returns_reference(capsys):
    used = check("99.double", lambda x: x + 2)
    assert used is _double
    out = capsys.readouterr().out
    assert "✘ 99.double: double means times two" in out and "reference version" in out
    assert 'show_solution("99.double")' in out


def test_value_exercises():
    assert check("99.answer", 42) == 42
    assert check("99.answer", 41) == 42  # falls back to the reference value
    assert "not answered yet" in evaluate("99.answer", ...).message


@pytest.mark.parametrize(
    "value, words",
    [("42", "without quotes"), (True, "True or False"), ([42], "one number"), (_double, "a function")],
)
def test_value_slips_are_named(value, words):
    assert words in _msg("99.answer", value)


def test_a_value_where_a_function_is_expected_is_described_without_its_repr():
    res = evaluate("99.double", np.arange(100).reshape(10, 10))
    assert not res.passed and "expected a function" in res.message
    assert "shape (10, 10)" in res.message and "\n" not in res.message


def test_unknown_exercise_name():
    with pytest.raises(KeyError, match="no exercise called '99.tripple'"):
        check("99.tripple", _double)
    with pytest.raises(TypeError, match="exercise name should be text"):
        check(99, _double)


# ---- the shared diagnosis ---------------------------------------------------------------------------
def test_the_reference_passes_the_shared_diagnosis():
    for name in ("99.total", "99.mean", "99.darker", "99.negative", "99.labels"):
        assert evaluate(name, checks.get_exercise(name).reference).passed, name


def test_exception_in_learner_code_is_one_line_with_the_learners_line(capsys):
    def mine(x):
        y = x / 0
        return y

    check("99.double", mine)
    out = capsys.readouterr().out
    assert "your code raised ZeroDivisionError: division by zero" in out
    assert "y = x / 0" in out and "Traceback" not in out


def test_exception_on_a_later_test_names_its_shape():
    def only_1d(values):
        return int(
            sum(int(values[i]) for i in range(values.shape[0])) if values.ndim == 1 else values[0, 0, 0, 0]
        )

    msg = _msg("99.total", only_1d)
    assert "IndexError" in msg and "shape (3, 3)" in msg and "2-D" in msg and "any shape" in msg


def test_no_return_and_print_instead_of_return():
    assert "returns nothing: add a `return` line" in _msg("99.total", lambda values: None)

    def prints(values):
        print(int(values.astype(int).sum()))

    msg = _msg("99.total", prints)
    assert "prints its answer instead of returning it" in msg and "'585'" in msg


def test_changed_input_is_caught_even_when_the_result_is_right():
    def in_place(image):
        image //= 2
        return image

    msg = _msg("99.darker", in_place)
    assert "changed its input `image` in place" in msg

    def in_place_no_return(image):
        image //= 2

    assert "changed its input `image` in place instead" in _msg("99.darker", in_place_no_return)


def test_wrong_types_are_named():
    assert "returns the text '585'" in _msg("99.total", lambda values: "585")
    assert "Python list instead of a NumPy array" in _msg("99.darker", lambda image: (image // 2).tolist())
    assert "numbers in it are right" in _msg("99.darker", lambda image: (image // 2).tolist())
    assert "holding one number" in _msg("99.total", lambda values: np.array([_total(values)]))
    assert "True or False" in _msg("99.total", lambda values: True)


def test_wrong_shape_says_what_was_given_and_expected():
    msg = _msg("99.darker", lambda image: (image // 2)[..., None])
    assert "shape (2, 2, 1), but it should have shape (2, 2)" in msg
    msg = _msg("99.darker", lambda image: (image // 2).T if image.ndim == 2 and image[0, 1] == 255 else image)
    assert "transposed" not in msg  # a square result: nothing to say about rows and columns
    msg = _msg("99.total", lambda values: values.sum(axis=0))
    assert "instead of one number" in msg


def test_wrong_values_say_where_and_add_the_exercises_diagnosis():
    msg = _msg("99.darker", lambda image: image)
    assert "the first at [0, 1]: yours is 255, the right one is 127 (the input there is 255)" in msg
    assert msg.endswith("The image came back unchanged.")
    assert "yours" not in _msg("99.total", lambda values: 7).split("right answer")[1]
    assert "returns 7, but the right answer is 585" in _msg("99.total", lambda values: 7)


def test_uint8_wrap_around_is_recognised():
    def wraps(values):
        total = values.ravel()[0] * 0  # a uint8 zero: the sum stays uint8 and wraps
        for v in values.ravel():
            total = total + v
        return int(total)

    msg = _msg("99.total", wraps)
    assert "uint8 arithmetic wraps around" in msg and "int64" in msg


def test_narrow_integer_overflow_is_recognised():
    msg = _msg("99.total", lambda values: int(values.sum(dtype=np.uint8)))
    assert "right for small pixel values but wrong for large ones" in msg and "int8" in msg
    msg = _msg("99.negative", lambda image: (255 - image.astype(np.int16)).astype(np.int8))
    assert "wrapped around" in msg and "multiple of 256" in msg


def test_cut_off_fractions_are_recognised():
    msg = _msg("99.mean", lambda values: float(int(values.mean())))
    assert "whole numbers cut from the right ones" in msg and "1.75" in msg


def test_dtype_rules():
    msg = _msg("99.darker", lambda image: image.astype(np.int64) // 2)
    assert "dtype is int64; it should be uint8" in msg and ".astype(np.uint8)" in msg
    msg = _msg("99.labels", lambda scores: np.argmax(scores, axis=1).astype(float))
    assert "should hold whole numbers" in msg


def test_parameters_that_do_not_fit():
    assert "parameters do not fit" in _msg("99.total", lambda: 3)
    assert "parameters do not fit" in _msg("99.total", lambda a, b: 3)


def test_debug_prints_are_shown_once_with_the_result(capsys):
    def chatty(values):
        print("looking at", values.shape)
        return _total(values)

    check("99.total", chatty)
    out = capsys.readouterr().out
    assert out.count("looking at") == 1 and "✔ 99.total" in out


# ---- stubs, real attempts and show_solution -------------------------------------------------------------
def test_stub_counts_as_not_written_and_shows_the_hint(capsys):
    def mine(x):
        raise NotImplementedError("Write your code here, then run the check below.")

    assert check("99.double", mine) is _double
    out = capsys.readouterr().out
    assert "not written yet" in out and "Hint: multiply by a number." in out
    assert "show_solution" not in out


def test_an_ellipsis_body_is_a_stub_too():
    def mine(values):
        """Add them up."""
        ...

    res = evaluate("99.total", mine)
    assert not res.passed and not res.attempted and "not written yet" in res.message


def test_running_the_stub_is_not_an_attempt(capsys):
    def stub(values):
        raise NotImplementedError

    check("99.total", stub)
    capsys.readouterr()
    show_solution("99.total")
    out = capsys.readouterr().out
    assert "Have a go first" in out and "write your own `total`" in out and "Hint: add them all up." in out
    assert "int(np.sum" not in out


def test_show_solution_after_a_real_try(capsys):
    show_solution("99.double")
    assert "Have a go first" in capsys.readouterr().out
    check("99.double", lambda x: x)
    show_solution("99.double")
    assert "return 2 * x" in capsys.readouterr().out


def test_solutions_can_be_turned_off(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SOLUTIONS", "off")
    check("99.double", lambda x: x)
    show_solution("99.double")
    out = capsys.readouterr().out
    assert "turned off" in out and "return 2 * x" not in out
    assert "show_solution" not in out.split("turned off")[0]  # the failed check did not suggest it
    assert checks.solutions_enabled() is False


def test_course_toml_setting(monkeypatch, tmp_path):
    (tmp_path / "course.toml").write_text("[exercises]\nreveal_solutions = false\n")
    monkeypatch.setattr(checks, "_ROOT", tmp_path)
    assert checks.solutions_enabled() is False
    monkeypatch.setenv("COURSE_SOLUTIONS", "on")
    assert checks.solutions_enabled() is True


def test_the_solution_text_comes_from_the_solved_notebook(monkeypatch, tmp_path, capsys):
    cells = [
        {"cell_type": "markdown", "source": 'check("99.total", total) in prose does not count'},
        {
            "cell_type": "code",
            "source": 'import numpy as np\n\ndef total(values):\n    """Add up."""\n    ### BEGIN SOLUTION\n'
            "    return int(values.astype(np.int64).sum())\n    ### END SOLUTION\n\n"
            'total = check("99.total", total)',
        },
        {
            "cell_type": "code",
            "source": ["answer = 6 * 7  # SOLUTION\n", 'answer = check("99.answer", answer)'],
        },
    ]
    (tmp_path / "notebooks" / "solutions").mkdir(parents=True)
    (tmp_path / "notebooks" / "solutions" / "99_made_up.ipynb").write_text(json.dumps({"cells": cells}))
    monkeypatch.setattr(checks, "_ROOT", tmp_path)
    assert checks.solution_from_notebook("99.total") == (
        'def total(values):\n    """Add up."""\n    return int(values.astype(np.int64).sum())'
    )
    assert "check(" not in checks.solved_cell("99.total") and "### BEGIN" in checks.solved_cell("99.total")
    assert checks.solution_from_notebook("99.answer") == "answer = 6 * 7"
    assert checks.solution_from_notebook("99.double") is None
    check("99.total", lambda values: 0)
    show_solution("99.total")
    out = capsys.readouterr().out
    assert "values.astype(np.int64).sum()" in out and "BEGIN SOLUTION" not in out


# ---- test-command modes ---------------------------------------------------------------------------------
def test_expect_solved_turns_failure_into_error(monkeypatch):
    monkeypatch.setenv("COURSE_EXPECT_SOLVED", "1")
    with pytest.raises(AssertionError, match="fails its check"):
        check("99.double", lambda x: x)
    assert check("99.double", _double) is _double


def test_expect_unsolved_catches_leaked_solutions(monkeypatch):
    monkeypatch.setenv("COURSE_EXPECT_UNSOLVED", "1")
    with pytest.raises(AssertionError, match="stub .* passes"):
        check("99.double", _double)

    def stub(x):
        raise NotImplementedError

    assert check("99.double", stub) is _double


def test_expect_unsolved_requires_a_hint(monkeypatch):
    register(Exercise("99.nohint", test=_test_double, reference=_double))
    monkeypatch.setenv("COURSE_EXPECT_UNSOLVED", "1")

    def stub(x):
        raise NotImplementedError

    with pytest.raises(AssertionError, match="no `hint`"):
        check("99.nohint", stub)


def test_explain_prints_without_side_effects(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_EXPECT_SOLVED", "1")
    assert explain("99.double", lambda x: x) is None  # never raises, even under EXPECT_SOLVED
    assert "✘ 99.double" in capsys.readouterr().out
    assert "99.double" not in checks._ATTEMPTED


def test_bad_kind_is_rejected():
    with pytest.raises(ValueError, match="'function' or 'value'"):
        register(Exercise("99.x", test=_test_double, reference=_double, kind="essay"))


def test_exercises_for_lists_a_notebooks_exercises():
    assert checks.exercises_for("00") == ["00.invert"]
    assert checks.exercises_for("77") == []
