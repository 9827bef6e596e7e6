import numpy as np
import pytest

from utils import checks
from utils.checks import Exercise, Wrong, check, evaluate, explain, register, show_solution


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


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    for name in ("COURSE_EXPECT_SOLVED", "COURSE_EXPECT_UNSOLVED", "COURSE_SOLUTIONS"):
        monkeypatch.delenv(name, raising=False)
    checks._ATTEMPTED.clear()


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


def test_exception_in_learner_code_is_readable(capsys):
    def mine(x):
        y = x / 0
        return y
    check("99.double", mine)
    out = capsys.readouterr().out
    assert "your code raised ZeroDivisionError: division by zero" in out
    assert "y = x / 0" in out and "Traceback" not in out


def test_stub_counts_as_not_written_and_shows_the_hint(capsys):
    def mine(x):
        raise NotImplementedError("Write your code here, then run the check below.")
    assert check("99.double", mine) is _double
    out = capsys.readouterr().out
    assert "not written yet" in out and "Hint: multiply by a number." in out


def test_value_exercises():
    assert check("99.answer", 42) == 42
    assert check("99.answer", 41) == 42                      # falls back to the reference value
    assert "not answered yet" in evaluate("99.answer", ...).message


def test_a_value_where_a_function_is_expected():
    res = evaluate("99.double", 6)
    assert not res.passed and "expected a function" in res.message


def test_wrong_return_type_is_reported(capsys):
    check("99.double", lambda x: "6")
    assert "✘" in capsys.readouterr().out


def test_unknown_exercise_name():
    with pytest.raises(KeyError, match="no exercise called '99.tripple'"):
        check("99.tripple", _double)
    with pytest.raises(TypeError, match="exercise name should be text"):
        check(99, _double)


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


def test_show_solution_only_after_a_try(capsys):
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
    assert checks.solutions_enabled() is False


def test_course_toml_setting(monkeypatch, tmp_path):
    (tmp_path / "course.toml").write_text("[exercises]\nreveal_solutions = false\n")
    monkeypatch.setattr(checks, "_ROOT", tmp_path)
    assert checks.solutions_enabled() is False
    monkeypatch.setenv("COURSE_SOLUTIONS", "on")
    assert checks.solutions_enabled() is True


def test_explain_prints_without_side_effects(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_EXPECT_SOLVED", "1")
    assert explain("99.double", lambda x: x) is None       # never raises, even under EXPECT_SOLVED
    assert "✘ 99.double" in capsys.readouterr().out
    assert "99.double" not in checks._ATTEMPTED


def test_bad_kind_is_rejected():
    with pytest.raises(ValueError, match="'function' or 'value'"):
        register(Exercise("99.x", test=_test_double, reference=_double, kind="essay"))


def test_exercises_for_lists_a_notebooks_exercises():
    assert checks.exercises_for("00") == ["00.invert"]
    assert checks.exercises_for("77") == []


# ---- every exercise the course defines ----------------------------------------------------------
def _all_exercises():
    import pkgutil
    import utils.exercises
    names = []
    for mod in pkgutil.iter_modules(utils.exercises.__path__):
        names += checks.exercises_for(mod.name.removeprefix("nb"))
    return names


@pytest.mark.parametrize("name", _all_exercises())
def test_every_reference_passes_and_nonsense_fails(name):
    ex = checks.get_exercise(name)
    assert evaluate(name, ex.fallback()).passed, f"{name}: the reference fails its own test"
    assert ex.hint, f"{name}: give the exercise a starting hint"
    nonsense = (lambda *a, **k: None) if ex.kind == "function" else object()
    res = evaluate(name, nonsense)
    assert not res.passed and len(res.message) > 25


def test_invert_hints_target_common_mistakes():
    msg = evaluate("00.invert", lambda img: (255 - img.astype(np.int64))).message
    assert "dtype" in msg
    msg = evaluate("00.invert", lambda img: img - 255).message      # uint8 wraps around
    assert "black (0) should become white (255)" in msg
    msg = evaluate("00.invert", lambda img: 256 - img).message      # NumPy refuses 256 for uint8
    assert "OverflowError" in msg and "256 - img" in msg


def test_returned_array_catches_missing_return_and_wrong_shape():
    from utils.checks import returned_array
    with pytest.raises(Wrong, match="add a `return` line"):
        returned_array(lambda x: None, 1)
    with pytest.raises(Wrong, match=r"shape \(2,\), but it should be \(3,\)\. Three numbers"):
        returned_array(lambda: [1, 2], shape=(3,), shape_hint="Three numbers.")
    assert returned_array(lambda: [1, 2], dtype=float).dtype == np.float64
