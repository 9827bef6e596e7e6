"""The notebook template, the outputs policy, badges and the student version, enforced."""
import copy
import json
import re

import pytest

import tools.nbtool as nbt

SOURCES = nbt.source_notebooks()
STUDENTS = nbt.student_notebooks()


def test_there_are_notebooks_and_00_comes_first():
    assert SOURCES and SOURCES[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_source_notebook_follows_the_template(path):
    assert nbt.problems(path) == []


@pytest.mark.parametrize("path", STUDENTS, ids=lambda p: p.name)
def test_student_notebook_follows_the_template(path):
    assert nbt.problems(path, student=True) == []


def test_every_source_has_a_student_version_and_nothing_else():
    assert [p.name for p in STUDENTS] == [p.name for p in SOURCES]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_student_version_is_up_to_date(path):
    url, branch = nbt.repository()
    target = nbt.STUDENT / path.name
    expected = nbt.student_version(nbt.load(path), nbt.rel(target), url, branch)
    assert nbt.load(target) == expected, "run `make student` and commit notebooks/student/"


def _blocks(code):
    """Solution regions of one cell, each as a tuple of stripped, non-empty lines."""
    blocks, current = [], None
    for line in code.split("\n"):
        if nbt._BEGIN_RE.match(line):
            current = []
        elif current is not None and nbt._END_RE.match(line):
            blocks.append(tuple(l.strip() for l in current if l.strip()))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_student_version_contains_no_solution_code(path):
    student_lines = [l.strip() for c in nbt.load(nbt.STUDENT / path.name)["cells"]
                     for l in nbt.src(c).split("\n") if l.strip()]
    joined = "\n".join(student_lines)
    for cell in nbt.load(path)["cells"]:
        for block in _blocks(nbt.src(cell)):
            substantive = [l for l in block if not l.startswith("#") and not l.startswith('"""')]
            if len(substantive) >= 2:
                assert "\n".join(block) not in joined, f"a solution leaked into the student version: {block}"
            elif substantive:  # a one-line solution must not survive as code under its stub
                assert substantive[0] not in nbt.strip_solutions(nbt.src(cell))[0]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_exercises_have_stubs_and_checks(path):
    cells = [nbt.src(c) for c in nbt.load(path)["cells"] if c["cell_type"] == "code"]
    for code in cells:
        if nbt.BEGIN in code or re.search(r"#\s*SOLUTION\s*$", code, re.M):
            assert "check(" in code, "an exercise cell needs its check(...) right under the solution"
            student, removed = nbt.strip_solutions(code)
            assert removed and compile(student, "<student>", "exec")  # stubs must parse


def test_readme_syllabus_table_is_generated_and_current():
    text = nbt.README.read_text(encoding="utf-8")
    assert nbt.TABLE_START in text and nbt.TABLE_END in text
    assert nbt.readme_with_table(text) == text, "run `make fmt` to regenerate the README's table"
    url, branch = nbt.repository()
    for path in SOURCES:
        assert nbt.colab_url(nbt.rel(path), url, branch) in text


def test_badges_and_setup_cells_follow_course_toml():
    url, branch = nbt.repository()
    for path in SOURCES + STUDENTS:
        nb = nbt.load(path)
        assert nbt.colab_url(nbt.rel(path), url, branch) in nbt.src(nb["cells"][0])
        assert f'COURSE_REPO = "{url}"' in nbt.src(nb["cells"][1])


# ---- the checks themselves can fail ---------------------------------------------------------------
@pytest.fixture
def broken_copy(tmp_path, monkeypatch):
    """A copy of notebook 00 inside a temp course tree, to break on purpose."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "lessons").mkdir()
    (root / "course.toml").write_text(nbt.CONFIG.read_text())
    (root / "lessons" / "00_start_here.md").write_text("notes")
    paths = {"ROOT": root, "NOTEBOOKS": root / "notebooks", "STUDENT": root / "notebooks" / "student",
             "LESSONS": root / "lessons", "CONFIG": root / "course.toml", "README": root / "README.md"}
    for name, value in paths.items():
        monkeypatch.setattr(nbt, name, value)
    target = root / "notebooks" / "00_start_here.ipynb"
    target.write_text((SOURCES[0]).read_text())
    assert nbt.problems(target) == []
    return target


def _edit(path, fn):
    nb = json.loads(path.read_text())
    fn(nb)
    path.write_text(nbt.dumps(nb))


def test_detects_stray_outputs(broken_copy):
    def add_output(nb):
        cell = next(c for c in nb["cells"][2:] if c["cell_type"] == "code" and not nbt.is_checked(c))
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "0.123 s"}]
    _edit(broken_copy, add_output)
    assert any("not normalised" in p for p in nbt.problems(broken_copy))


def test_detects_a_badge_pointing_elsewhere(broken_copy):
    nbt.CONFIG.write_text(nbt.CONFIG.read_text().replace("pixels-to-pretrained/course", "someone/fork"))
    found = nbt.problems(broken_copy)
    assert any("Colab badge" in p for p in found) and any("setup cell" in p for p in found)


def test_retarget_rewrites_every_badge(broken_copy):
    nbt.main(["retarget", "https://github.com/someone/fork", "--branch", "dev"])
    assert nbt.problems(broken_copy) == []
    assert "github/someone/fork/blob/dev/notebooks/00_start_here.ipynb" in broken_copy.read_text()
    student = nbt.STUDENT / "00_start_here.ipynb"
    assert nbt.problems(student, student=True) == []
    assert "github/someone/fork/blob/dev/notebooks/student/00_start_here.ipynb" in student.read_text()


def test_detects_missing_widget_caption_and_long_cells(broken_copy):
    def mangle(nb):
        for c in nb["cells"]:
            if c["cell_type"] == "markdown":
                c["source"] = c["source"].replace("**Widget:**", "Widget")
        nb["cells"][3]["source"] = "\n".join(["x = 1"] * 41)
        nb["cells"][3]["cell_type"] = "code"
        nb["cells"][3].update(outputs=[], execution_count=None)
    _edit(broken_copy, mangle)
    found = nbt.problems(broken_copy)
    assert any("**Widget:**" in p for p in found) and any("41 lines" in p for p in found)


def test_detects_missing_lesson_and_bad_name(broken_copy):
    (nbt.LESSONS / "00_start_here.md").unlink()
    assert any("lesson notes" in p for p in nbt.problems(broken_copy))
    bad = broken_copy.with_name("Start Here.ipynb")
    bad.write_text(broken_copy.read_text())
    assert any("NN_slug" in p for p in nbt.problems(bad))


def test_detects_widget_state_and_unsorted_json(broken_copy):
    nb = json.loads(broken_copy.read_text())
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    broken_copy.write_text(json.dumps(nb, indent=2))
    found = nbt.problems(broken_copy)
    assert any("canonical" in p for p in found) and any("widget state" in p for p in found)


# ---- the tool's pieces ----------------------------------------------------------------------------
def test_strip_solutions_regions_and_inline_values():
    code = ("def f(x):\n    ### BEGIN SOLUTION\n    return x * 2\n    ### END SOLUTION\n"
            "best_k = 7  # SOLUTION\nf = check('99.f', f)")
    student, removed = nbt.strip_solutions(code)
    assert "return x * 2" not in student and "best_k = ...  # YOUR ANSWER HERE" in student
    assert "    raise NotImplementedError" in student and removed == ["    return x * 2", "7"]
    compile(student, "s", "exec")
    with pytest.raises(ValueError, match="no matching"):
        nbt.strip_solutions("### BEGIN SOLUTION\nx = 1")


def test_from_percent_and_normalise_are_stable():
    nb = nbt.from_percent("# %% [markdown]\n# # 07 · T\n#\n# text\n# %%\n# NBVAL_CHECK_OUTPUT\nprint(1)\n")
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown", "code"]
    assert nb["cells"][0]["source"] == "# 07 · T\n\ntext"
    once = nbt.normalise(nb, "notebooks/07_t.ipynb", "https://github.com/a/b", "main")
    assert nbt.normalise(copy.deepcopy(once), "notebooks/07_t.ipynb", "https://github.com/a/b", "main") == once
    assert once["cells"][1]["execution_count"] == 1       # checked cells are numbered for nbval
