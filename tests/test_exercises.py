"""Every exercise of the course, tried with the wrong answers learners really write (issue 8), and its
reference checked against the solved notebook's solution (issue 7).

For each function exercise: the generic slips (returns None, prints instead of returning, returns
text, returns a list, the wrong shape, raises, changes its input in place while returning the right
values, a stub) plus the slips of that exercise (uint8 / int8 overflow, reversed channels, cut-off
fractions, only 2-D, the tie rule, ...).  None may pass, and each must get the accurate diagnosis.
"""

from __future__ import annotations

import json
import pkgutil
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from exercise_support import wrong
from scipy.spatial.distance import cdist

import utils.exercises
from utils import checks, images, knn
from utils.checks import evaluate

ROOT = Path(__file__).resolve().parent.parent
SOLVED_NUMBERS = sorted(p.name[:2] for p in (ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))


def _all_exercises() -> list[str]:
    names = []
    for mod in pkgutil.iter_modules(utils.exercises.__path__):
        names += checks.exercises_for(mod.name.removeprefix("nb"))
    return names


FUNCTIONS = [n for n in _all_exercises() if checks.get_exercise(n).kind == "function"]


# ---- every exercise ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", _all_exercises())
def test_the_reference_passes_and_there_is_a_first_hint(name):
    ex = checks.get_exercise(name)
    assert evaluate(name, ex.fallback()).passed, f"{name}: the reference fails its own check"
    assert ex.hint, f"{name}: give the exercise a starting hint"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_the_reference_is_the_concept_modules_function(name):
    ref = checks.get_exercise(name).reference
    assert not ref.__module__.startswith("utils.exercises"), (
        f"{name}: the reference is a copy in {ref.__module__}"
    )
    drawing = ("utils.exercises", "utils.figures", "utils.plotting", "utils.widgets", "utils.checks")
    assert ref.__module__.startswith("utils.") and not ref.__module__.startswith(drawing), (
        f"{name}: the reference should be a concept module's function, not one from {ref.__module__}"
    )


def test_the_exercise_modules_keep_no_copies_of_references_or_deck_data():
    for path in (ROOT / "utils" / "exercises").glob("nb*.py"):
        source = path.read_text()
        for name in FUNCTIONS:
            short = name.split(".", 1)[1]
            assert not re.search(rf"^def {short}\(", source, re.M), f"{path.name} defines its own {short}"
        assert "[56, 32, 10, 18]" not in source, f"{path.name} types out the lecture's 4×4 image again"


def _stubs(n):
    params = ", ".join(f"a{i}" for i in range(n))
    ns = {}
    exec(  # two learner-style stubs, as in the exercise notebooks
        f"def raising({params}):\n    raise NotImplementedError('Write your code here.')\n"
        f"def ellipsis({params}):\n    '''Doc.'''\n    ...\n",
        ns,
    )
    return ns["raising"], ns["ellipsis"]


def _nargs(name):
    return len(checks.get_exercise(name).test_cases()[0].args)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_stubs_are_not_attempts(name):
    for stub in _stubs(_nargs(name)):
        res = evaluate(name, stub)
        assert not res.passed and not res.attempted and "Hint:" in res.message


def _generic_wrong_answers(name):
    """(label, candidate, words the message must contain), built around the exercise's own reference."""
    ref = checks.get_exercise(name).reference

    def returns_none(*args):
        ref(*args)

    def prints(*args):
        print(ref(*args))

    def text(*args):
        return str(ref(*args))

    def raises(*args):
        raise ValueError("something went wrong here")

    def in_place(*args):
        result = np.copy(ref(*args))
        args[0][...] = 0  # right values back, but the caller's first array is wiped
        return result

    def wrong_shape(*args):
        result = np.asarray(ref(*args))
        return np.stack([result, result])

    def as_list(*args):
        return np.asarray(ref(*args)).tolist()

    case_args = checks.get_exercise(name).test_cases()[0].args
    answers = [
        ("returns None", returns_none, ["returns nothing", "`return`"]),
        ("prints", prints, ["prints its answer instead of returning it"]),
        ("returns text", text, ["text"]),
        ("raises", raises, ["ValueError: something went wrong here", "raise ValueError"]),
    ]
    if case_args and isinstance(case_args[0], np.ndarray):  # only an array can be changed in place
        first = checks._param_names(ref, 1)[0]
        answers.append(("in place", in_place, [f"changed its input `{first}` in place"]))
    if isinstance(ref(*case_args), np.ndarray):  # shapes and lists are about array answers
        answers.append(("wrong shape", wrong_shape, ["shape"]))
        answers.append(("a list", as_list, ["Python list instead of a NumPy array"]))
    return answers


@pytest.mark.parametrize(
    "name, label, candidate, words",
    [(n, label, c, w) for n in FUNCTIONS for label, c, w in _generic_wrong_answers(n)],
    ids=[f"{n}-{label}" for n in FUNCTIONS for label, _, _ in _generic_wrong_answers(n)],
)
def test_generic_wrong_answers_fail_with_the_true_cause(name, label, candidate, words):
    msg = wrong(name, candidate, *words)
    if label == "in place":
        assert "in place" in msg and "copy" in msg


def test_with_solutions_off_no_message_suggests_show_solution(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SOLUTIONS", "off")
    for name in FUNCTIONS:
        checks.check(name, lambda *args: None)
    assert "show_solution" not in capsys.readouterr().out
    monkeypatch.setenv("COURSE_SOLUTIONS", "on")
    checks.check(FUNCTIONS[0], lambda *args: None)
    assert "show_solution" in capsys.readouterr().out


# ---- 00.invert -----------------------------------------------------------------------------------------
def _invert_2d_only(image):
    h, w = image.shape
    return np.array([[255 - image[i, j] for j in range(w)] for i in range(h)], dtype=np.uint8)


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda image: 255 - image.astype(np.int64), ["dtype is int64", "uint8"]),
        (lambda image: image - 255, ["image - 255", "255 - image"]),
        (lambda image: -image, ["-image", "add up to 255"]),
        (lambda image: image, ["unchanged"]),
        (lambda image: 256 - image, ["OverflowError", "256 - image", "0 to 255"]),
        (lambda image: (255 - image.astype(np.int16)).astype(np.int8), ["int8", "wrapped around"]),
        (lambda image: 1 - image / 255, ["fractions 0 to 1"]),
        (_invert_2d_only, ["ValueError", "h, w = image.shape", "3-D", "any shape"]),
    ],
)
def test_invert_wrong_answers(candidate, words):
    wrong("00.invert", candidate, *words)


def test_invert_right_answers():
    assert evaluate("00.invert", lambda image: 255 - image).passed
    assert evaluate("00.invert", lambda image: np.invert(image)).passed
    assert evaluate("00.invert", lambda image: (255 - image.astype(np.int64)).astype(np.uint8)).passed


# ---- 01.channel_mean -----------------------------------------------------------------------------------
def _mean_loop_wraps(image):
    sums = []
    for c in range(3):
        total = 0  # with a NumPy uint8 added, the total stays uint8 and wraps around
        for v in image[..., c].ravel():
            total = total + v
        sums.append(total / (image.shape[0] * image.shape[1]))
    return np.array(sums, dtype=np.float64)


@pytest.mark.parametrize(
    "candidate, words",
    [
        (_mean_loop_wraps, ["uint8 arithmetic wraps around"]),
        (
            lambda image: image.sum(axis=(0, 1), dtype=np.uint8) / (image.shape[0] * image.shape[1]),
            ["overflows"],
        ),
        (lambda image: image.astype(np.int8).mean(axis=(0, 1)), ["int8"]),
        (lambda image: image.mean(axis=(0, 1))[::-1], ["reverse order"]),
        (lambda image: image.mean(axis=(0, 1)).astype(int), ["whole numbers cut", "127.5"]),
        (lambda image: image.sum(axis=(0, 1)) // (image.shape[0] * image.shape[1]), ["whole numbers cut"]),
        (lambda image: image.mean(), ["one number", "keep the channels apart"]),
        (lambda image: image.mean(axis=2), ["one number per pixel"]),
        (lambda image: image.mean(axis=0), ["only one of the two picture axes"]),
        (lambda image: image.sum(axis=(0, 1)), ["sums of each channel"]),
    ],
)
def test_channel_mean_wrong_answers(candidate, words):
    msg = wrong("01.channel_mean", candidate, *words)
    assert "both the rows and the columns" not in msg


# ---- 01.bgr_to_rgb -------------------------------------------------------------------------------------
def _bgr_swap_in_place(image):
    image[..., [0, 2]] = image[..., [2, 0]]
    return image


@pytest.mark.parametrize(
    "candidate, words",
    [
        (_bgr_swap_in_place, ["changed its input `image` in place"]),
        (lambda image: image, ["unchanged"]),
        (lambda image: image[::-1], ["flipped the picture"]),
        (lambda image: image[:, ::-1], ["flipped the picture"]),
        (lambda image: np.roll(image, 1, axis=-1), ["rotated the channels"]),
        (lambda image: np.moveaxis(image[..., ::-1], -1, 0), ["shape (3, 2, 3)", "channel axis"]),
        (lambda image: image[..., ::-1].astype(np.float64), ["dtype is float64", "uint8"]),
    ],
)
def test_bgr_to_rgb_wrong_answers(candidate, words):
    wrong("01.bgr_to_rgb", candidate, *words)


def test_bgr_to_rgb_right_answers():
    for right in (
        lambda image: image[..., ::-1],
        lambda image: image[:, :, [2, 1, 0]],
        lambda image: np.flip(image, axis=-1),
    ):
        assert evaluate("01.bgr_to_rgb", right).passed


# ---- 01.to_grayscale -----------------------------------------------------------------------------------
W = np.array(images.GRAY_WEIGHTS)


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda image: (image @ W).astype(np.uint8), ["fractions are cut off", "np.round"]),
        (lambda image: image @ W, ["dtype is float64", "np.round"]),
        (lambda image: np.round(image.mean(axis=-1)).astype(np.uint8), ["plain average", "0.587"]),
        (lambda image: np.round(image[..., ::-1] @ W).astype(np.uint8), ["wrong channels"]),
        (lambda image: np.round(image @ W).astype(np.uint8)[..., None], ["shape", "(H, W)"]),
        (lambda image: np.repeat(np.round(image @ W).astype(np.uint8)[..., None], 3, -1), ["(H, W)"]),
        (lambda image: np.round(image @ W).astype(np.int8), ["int8", "wrapped around"]),
        (
            lambda image: (299 * image[..., 0] + 587 * image[..., 1] + 114 * image[..., 2]) // 1000,
            ["OverflowError"],
        ),
    ],
)
def test_to_grayscale_wrong_answers(candidate, words):
    wrong("01.to_grayscale", candidate, *words)


def test_to_grayscale_accepts_every_correct_rounding():
    for right in (
        lambda image: np.round(image @ W).astype(np.uint8),
        lambda image: (image @ W + 0.5).astype(np.uint8),
        lambda image: np.rint(0.299 * image[..., 0] + 0.587 * image[..., 1] + 0.114 * image[..., 2]).astype(
            np.uint8
        ),
    ):
        assert evaluate("01.to_grayscale", right).passed


# ---- 02.l1_distance ------------------------------------------------------------------------------------
def _l1_int8(a, b):
    a, b = a.astype(np.int8), b.astype(np.int8)
    return np.sum(np.abs(a - b))


def _l1_2d_only(a, b):
    total = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            total += abs(float(a[i, j]) - float(b[i, j]))
    return total


@pytest.mark.parametrize(
    "candidate, words",
    [
        (lambda a, b: np.sum(np.abs(a - b)), ["uint8 arithmetic wraps around"]),
        (_l1_int8, ["overflows", "int8"]),
        (lambda a, b: np.sqrt(np.sum((a.astype(float) - b) ** 2)), ["squares the differences"]),
        (lambda a, b: np.sum(a.astype(float) - b), ["np.abs"]),
        (lambda a, b: np.abs(a.astype(float) - b), ["instead of one number", "np.sum"]),
        (lambda a, b: np.mean(np.abs(a.astype(float) - b)), ["mean of the absolute differences"]),
        (_l1_2d_only, ["IndexError", "a.shape[1]", "shape (3,)", "1-D", "any shape"]),
    ],
)
def test_l1_distance_wrong_answers(candidate, words):
    msg = wrong("02.l1_distance", candidate, *words)
    assert "the lecture's 4×4 example gives" not in msg  # the learner's number is never the lecture's


def test_l1_message_keeps_the_learners_number_apart_from_the_lectures():
    msg = wrong("02.l1_distance", lambda a, b: np.sum(np.abs(a.astype(float) - b)) * 2)
    assert "for the lecture's 4×4 example, your function returns 912, but the right answer is 456" in msg


# ---- 02.l2_distance_matrix -----------------------------------------------------------------------------
def _l2_ok(A, B):
    A, B = A.astype(float), B.astype(float)
    return np.sqrt(np.maximum((A**2).sum(1)[:, None] - 2 * A @ B.T + (B**2).sum(1)[None, :], 0))


def _l2_unclipped(A, B):
    A, B = A.astype(float), B.astype(float)
    return np.sqrt((A**2).sum(1)[:, None] - 2 * A @ B.T + (B**2).sum(1)[None, :])


def _l2_no_cast(A, B):
    return np.sqrt(np.maximum((A**2).sum(1)[:, None] - 2 * A @ B.T + (B**2).sum(1)[None, :], 0))


def _l2_loops(A, B):
    A, B = np.asarray(A, float), np.asarray(B, float)
    return np.array([[np.sqrt(((a - b) ** 2).sum()) for b in B] for a in A])


def _l2_one_loop(A, B):
    A, B = np.asarray(A, float), np.asarray(B, float)
    out = np.zeros((len(A), len(B)))
    for i in range(len(A)):
        out[i] = np.sqrt(((B - A[i]) ** 2).sum(axis=1))
    return out


@pytest.mark.parametrize(
    "candidate, words",
    [
        (_l2_unclipped, ["NaN", "np.maximum"]),
        (_l2_no_cast, ["uint8 arithmetic wraps around"]),
        (lambda A, B: _l2_ok(A, B) ** 2, ["squared distances", "np.sqrt"]),
        (lambda A, B: _l2_ok(A, B).T, ["transposed"]),
        (_l2_loops, ["one at a time"]),
        (_l2_one_loop, ["one at a time"]),
    ],
)
def test_l2_distance_matrix_wrong_answers(candidate, words):
    wrong("02.l2_distance_matrix", candidate, *words)


def test_l2_distance_matrix_right_answers():
    from scipy.spatial.distance import cdist

    assert evaluate("02.l2_distance_matrix", _l2_ok).passed
    assert evaluate(
        "02.l2_distance_matrix", lambda A, B: cdist(np.asarray(A, float), np.asarray(B, float))
    ).passed
    broadcast = lambda A, B: np.sqrt(((A[:, None, :].astype(float) - B[None]) ** 2).sum(-1))  # noqa: E731
    assert evaluate("02.l2_distance_matrix", broadcast).passed


# ---- 02.knn_predict ------------------------------------------------------------------------------------
def _knn_most_common(X_train, y_train, X_test, k=1):
    d = knn.l2_distance_matrix(X_test, X_train)
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    return np.array([Counter(y_train[i].tolist()).most_common(1)[0][0] for i in idx])  # ties: the nearest


def _knn_nearest_only(X_train, y_train, X_test, k=1):
    return y_train[np.argmin(knn.l2_distance_matrix(X_test, X_train), axis=1)]


def _knn_l1(X_train, y_train, X_test, k=1):
    d = knn.pairwise_distances(X_test, X_train, "l1")
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    return np.array([np.argmax(np.bincount(y_train[i])) for i in idx])


@pytest.mark.parametrize(
    "candidate, words",
    [
        (_knn_most_common, ["tie", "smallest"]),
        (_knn_nearest_only, ["single nearest neighbour", "Vote among the k nearest"]),
        (_knn_l1, ["L2 distances"]),
        (
            lambda X_train, y_train, X_test, k=1: knn.knn_predict(X_train, y_train, X_test, k).astype(float),
            ["whole"],
        ),
    ],
)
def test_knn_predict_wrong_answers(candidate, words):
    wrong("02.knn_predict", candidate, *words)


# ---- 02.best_k -----------------------------------------------------------------------------------------
def test_best_k_accepts_only_the_highest_mean():
    from utils.exercises import nb02

    scores = nb02.cv_scores()
    means = {k: float(np.mean(v)) for k, v in scores.items()}
    top = max(means.values())
    assert list(scores) == list(knn.CV_KS)
    for k in knn.CV_KS:
        res = evaluate("02.best_k", k)
        assert res.passed == (means[k] == top), f"k={k}: mean {means[k]:.4f}, best {top:.4f}: {res.message}"
    assert evaluate("02.best_k", knn.best_k_from_cv(scores)).passed


@pytest.fixture
def fake_cv(monkeypatch):
    from utils.exercises import nb02

    fake = {
        1: np.array([0.90, 0.92]),
        2: np.array([0.95, 0.96]),
        3: np.array([0.96, 0.97]),
        4: np.array([0.96, 0.965]),
        9: np.array([0.80, 0.82]),
    }
    monkeypatch.setattr(nb02, "cv_scores", lambda: fake)
    return fake


def test_the_notebook_cross_validates_with_the_constants_the_exercise_uses():
    path = next((ROOT / "notebooks" / "solutions").glob("02_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "knn.CV_N_TRAIN" in code, "notebook 02 should take knn.CV_N_TRAIN training images (02.best_k does)"
    assert "knn.CV_KS" in code, "notebook 02 should try the k values in knn.CV_KS (02.best_k does)"


def test_best_k_messages(fake_cv):
    assert evaluate("02.best_k", 3).passed and evaluate("02.best_k", np.int64(3)).passed
    wrong("02.best_k", 4, "close, but not the highest")
    wrong("02.best_k", 9, "clearly below the best")
    wrong("02.best_k", 5, "not one of the k values")
    wrong("02.best_k", "3", "without quotes")
    wrong("02.best_k", [3], "one number")
    assert not evaluate("02.best_k", ...).attempted


def test_best_k_index_slip_is_named(fake_cv):
    index = int(np.argmax([np.mean(v) for v in fake_cv.values()]))  # 2: the position of k=3
    wrong("02.best_k", index, "position of the best k", "np.argmax")


# ---- the solved notebooks' solutions agree with the references (issue 7) -------------------------------
def _exercise_cells(notebook: str):
    """(name, cell code without its check line) for each exercise of a notebook, in notebook order."""
    path = next((ROOT / "notebooks" / "solutions").glob(f"{notebook}_*.ipynb"))
    names = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code":
            names += re.findall(r"^\s*\w+\s*=\s*check\(\s*[\"'](\d\d\.\w+)[\"']", source, re.M)
    return [(name, checks.solved_cell(name)) for name in dict.fromkeys(names)]


@pytest.mark.parametrize("notebook", SOLVED_NUMBERS)
def test_every_exercise_has_its_cell_in_the_solved_notebook(notebook):
    missing = [n for n in checks.exercises_for(notebook) if checks.solved_cell(n) is None]
    assert not missing, (
        f'notebooks/solutions/{notebook}_*.ipynb has no cell with `name = check("NN.name", name)` for: '
        + ", ".join(missing)
    )


@pytest.mark.parametrize("notebook", SOLVED_NUMBERS)
def test_the_solved_notebook_and_the_reference_agree(notebook):
    namespace = {"np": np}
    if notebook == "02":
        from utils.exercises import nb02

        namespace["cv_l2"] = nb02.cv_scores()
    for name, code in _exercise_cells(notebook):
        ex = checks.get_exercise(name)
        exec(compile(code, f"<solved notebook {name}>", "exec"), namespace)  # the solved notebook's code
        mine = namespace[ex.short_name]
        if ex.kind == "value":
            assert mine == ex.fallback() or evaluate(name, mine).passed, name
            continue
        for case in ex.test_cases():
            got = mine(*(np.copy(a) if isinstance(a, np.ndarray) else a for a in case.args))
            want = ex.reference(*(np.copy(a) if isinstance(a, np.ndarray) else a for a in case.args))
            assert checks._agrees(ex, got, want, case), (
                f"{name}: the notebook and the reference disagree on {case}"
            )
        assert evaluate(name, mine).passed, f"{name}: {evaluate(name, mine).message}"


# ---- Run All on an exercise notebook reveals nothing (issue 8, finding 4) ------------------------------
def _solution_lines(name):
    text = checks.solution_from_notebook(name) or ""
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith(("def ", '"""', "#")) and len(line) > 8]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.name[:2]
)
def test_running_every_cell_of_the_exercise_notebooks_reveals_no_solution(monkeypatch, path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.delenv("COURSE_SOLUTIONS", raising=False)
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    shown = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            shown.append(out.get("text", ""))
            shown.append(str(out.get("data", {}).get("text/plain", "")))
    shown = "\n".join(shown)
    assert "One way to solve" not in shown, f"{path.name}: Run All revealed a solution"
    for name in checks.exercises_for(path.name[:2]):
        for line in _solution_lines(name):
            assert line not in shown, f"{path.name}: Run All printed the solution line {line!r} of {name}"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    if re.search(r"^show_solution\(", code, re.M):  # a cell that asks for a solution right away
        assert "Have a go first" in shown, f"{path.name}: show_solution did not ask for a try first"


# ----------------------------------------------- notebook 02's sharper hints (moved from test_knn.py)
def _passes(name, candidate):
    from utils.checks import evaluate

    return evaluate(name, candidate)


def test_exercise_l1_hints():
    r = _passes("02.l1_distance", lambda a, b: np.sum(np.abs(a - b)))  # uint8 wraps
    assert not r.passed and "wraps around" in r.message
    r = _passes("02.l1_distance", lambda a, b: np.sum(a.astype(float) - b))
    assert not r.passed and "np.abs" in r.message
    r = _passes("02.l1_distance", lambda a, b: np.abs(a.astype(float) - b))
    assert not r.passed and "one number" in r.message


def test_exercise_l2_matrix_hints():
    def loopy(A, B):
        A, B = np.asarray(A, float), np.asarray(B, float)
        return np.array([[np.sqrt(((a - b) ** 2).sum()) for b in B] for a in A])

    def one_loop(A, B):
        A, B = np.asarray(A, float), np.asarray(B, float)
        out = np.zeros((len(A), len(B)))
        for i in range(len(A)):
            out[i] = np.sqrt(((B - A[i]) ** 2).sum(axis=1))
        return out

    def unclipped(A, B):
        A, B = A.astype(float), B.astype(float)
        return np.sqrt((A**2).sum(1)[:, None] - 2 * A @ B.T + (B**2).sum(1)[None, :])

    def broadcast(A, B):
        A, B = A.astype(float), B.astype(float)
        return np.sqrt(((A[:, None, :] - B[None]) ** 2).sum(-1))

    for fn in (loopy, one_loop):
        r = _passes("02.l2_distance_matrix", fn)
        assert not r.passed and "one at a time" in r.message, r.message
    r = _passes("02.l2_distance_matrix", unclipped)
    assert not r.passed and "np.maximum" in r.message
    r = _passes("02.l2_distance_matrix", lambda A, B: cdist(A, B).T)
    assert not r.passed and ("transposed" in r.message or "shape" in r.message)
    assert _passes("02.l2_distance_matrix", broadcast).passed
    assert _passes(
        "02.l2_distance_matrix", lambda A, B: cdist(np.asarray(A, float), np.asarray(B, float))
    ).passed


def test_exercise_knn_predict_tie_hint():
    from collections import Counter

    def majority_first_seen(X_train, y_train, X_test, k=1):
        d = cdist(np.asarray(X_test, float), np.asarray(X_train, float))
        idx = np.argsort(d, axis=1, kind="stable")[:, :k]
        return np.array([Counter(y_train[i].tolist()).most_common(1)[0][0] for i in idx])

    r = _passes("02.knn_predict", majority_first_seen)
    assert not r.passed and "smallest label" in r.message
    r = _passes(
        "02.knn_predict",
        lambda X_train, y_train, X_test, k=1: np.asarray(y_train)[np.argmin(cdist(X_test, X_train), axis=1)],
    )
    assert not r.passed and "Vote among the k nearest" in r.message
