"""The committed notebooks follow the template (notebooks/README.md, rules R1-R17), in both versions."""

import re
import subprocess
import sys

import pytest

import tools.nbtool as nbt

SOLVED = nbt.source_notebooks()
EXERCISES = nbt.student_notebooks()


def test_there_are_notebooks_and_00_comes_first():
    assert SOLVED and SOLVED[0].name == "00_start_here.ipynb"
    assert all(p.parent == nbt.SOLUTIONS for p in SOLVED)
    assert all(p.parent == nbt.NOTEBOOKS for p in EXERCISES)


@pytest.mark.parametrize("path", SOLVED, ids=lambda p: f"solutions/{p.name}")
def test_solved_notebook_follows_the_template(path):
    assert [str(p) for p in nbt.problems(path)] == []


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_exercise_notebook_follows_the_template(path):
    assert [str(p) for p in nbt.problems(path)] == []


def test_every_solved_notebook_has_an_up_to_date_exercise_version_and_the_readme_table_is_current():
    assert [p.name for p in EXERCISES] == [p.name for p in SOLVED]
    report = {where: [str(p) for p in found] for where, found in nbt.tree_problems().items()}
    assert report == {}, "run `make student` (it also regenerates the README's table)"


def _blocks(code):
    """Solution regions of one cell, each as a tuple of stripped, non-empty lines."""
    blocks, current = [], None
    for line in code.split("\n"):
        if nbt._BEGIN_RE.match(line):
            current = []
        elif current is not None and nbt._END_RE.match(line):
            blocks.append(tuple(x.strip() for x in current if x.strip()))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


@pytest.mark.parametrize("path", SOLVED, ids=lambda p: p.name)
def test_exercise_version_contains_no_solution_code(path):
    exercise = nbt.load(nbt.NOTEBOOKS / path.name)
    lines = [x.strip() for c in exercise["cells"] for x in nbt.src(c).split("\n") if x.strip()]
    joined = "\n".join(lines)
    regions = 0
    for cell in nbt.load(path)["cells"]:
        for block in _blocks(nbt.src(cell)):
            regions += 1
            substantive = [x for x in block if not x.startswith("#") and not x.startswith('"""')]
            if len(substantive) >= 2:
                assert "\n".join(block) not in joined, f"a solution leaked into the exercise version: {block}"
            elif substantive:  # a one-line solution must not survive as code under its stub
                assert substantive[0] not in nbt.strip_solutions(nbt.src(cell))[0]
    stubs = sum(
        x.strip() == "# YOUR CODE HERE"
        for c in exercise["cells"]
        if c["cell_type"] == "code"
        for x in nbt.src(c).split("\n")
    )
    assert stubs == regions, "every solution region becomes exactly one stub"


@pytest.mark.parametrize("path", SOLVED + EXERCISES, ids=nbt.rel)
def test_badge_opens_the_file_itself_and_the_setup_cell_follows_course_toml(path):
    url, branch = nbt.repository()
    nb = nbt.load(path)
    title = nbt.src(nb["cells"][0])
    badges = re.findall(r"\[!\[Open In Colab\]\([^)]*\)\]\(([^)]*)\)", title)
    assert badges == [nbt.colab_url(nbt.rel(path), url, branch)]
    assert f'COURSE_REPO = "{url}"' in nbt.src(nb["cells"][1])
    assert f'COURSE_BRANCH = "{branch}"' in nbt.src(nb["cells"][1])


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_exercise_title_says_in_one_line_where_the_solved_version_is(path):
    title = nbt.src(nbt.load(path)["cells"][0]).split("\n")
    lines = [x for x in title if f"solutions/{path.name}" in x]
    assert len(lines) == 1 and lines[0] == title[-1] and "Exercise version" in lines[0]


@pytest.mark.parametrize("where", ["notebooks", "notebooks/solutions"])
def test_setup_cell_finds_utils_from_either_folder(where):
    """The setup cell searches the folder it runs in and its parents (R6)."""
    url, branch = nbt.repository()
    cell = nbt.setup_source(url, branch)
    assert cell.endswith("import utils\n\nutils.start()")
    probe = cell.replace("import utils\n\nutils.start()", "print(_root)")
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=nbt.ROOT / where, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(nbt.ROOT)
