"""tools/nbtool.py itself: every rule can fail, the writer keeps the committed bytes, the builds work."""

import copy
import json
import re

import nbformat
import pytest

import tools.nbtool as nbt

REAL_SOLVED = nbt.source_notebooks()
RULES_DOC = (nbt.ROOT / nbt.RULES_DOC).read_text(encoding="utf-8")
ALL_IDS = [r.id for r in nbt.RULES]


# ---- a throw-away course tree, to break on purpose -------------------------------------------------
@pytest.fixture
def course(tmp_path, monkeypatch):
    """A temp course with notebook 00 in both versions and a README with a table; no rule broken."""
    root = tmp_path / "course"
    (root / "notebooks" / "solutions").mkdir(parents=True)
    (root / "lessons").mkdir()
    (root / "course.toml").write_text(nbt.CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "lessons" / "00_start_here.md").write_text("notes", encoding="utf-8")
    clone = nbt.clone_line(nbt.repository()[0])
    readme = f"# Course\n```\n{clone}\n```\n{nbt.TABLE_START}\n{nbt.TABLE_END}\nmore\n"
    (root / "README.md").write_text(readme, encoding="utf-8")
    paths = {
        "ROOT": root,
        "NOTEBOOKS": root / "notebooks",
        "SOLUTIONS": root / "notebooks" / "solutions",
        "LESSONS": root / "lessons",
        "CONFIG": root / "course.toml",
        "README": root / "README.md",
    }
    for name, value in paths.items():
        monkeypatch.setattr(nbt, name, value)
    solved = nbt.SOLUTIONS / "00_start_here.ipynb"
    solved.write_text(REAL_SOLVED[0].read_text(encoding="utf-8"), encoding="utf-8")
    nbt.fmt([solved])
    nbt.build_student()
    nbt.update_readme()
    assert nbt.all_problems() == {}
    return solved


def _edit(path, fn):
    nb = json.loads(path.read_text(encoding="utf-8"))
    fn(nb)
    path.write_text(nbt.dumps(nb), encoding="utf-8")


def _ids(path):
    return {p.rule for p in nbt.problems(path)}


def _first_plain_code_cell(nb):
    return next(c for c in nb["cells"][2:] if c["cell_type"] == "code" and not nbt.is_checked(c))


def _exercise_cell(nb):
    return next(c for c in nb["cells"] if c["cell_type"] == "code" and nbt.BEGIN in c["source"])


# Each entry: a rule, and a way to break it in the solved (or exercise) notebook 00.
def _heading(nb):
    nb["cells"][0]["source"] = nb["cells"][0]["source"].replace("# 00 · ", "# 01 · ")


def _no_time(nb):
    nb["cells"][0]["source"] = nb["cells"][0]["source"].replace("**Time:**", "Time:")


def _no_version_line(nb):
    nb["cells"][0]["source"] = "\n".join(nb["cells"][0]["source"].split("\n")[:-1])


def _setup(nb):
    nb["cells"][1]["source"] += "\nprint('extra')"


def _long_cell(nb):
    _first_plain_code_cell(nb)["source"] = "\n".join(["x = 1"] * 41)


def _no_caption(nb):
    for c in nb["cells"]:
        if c["cell_type"] == "markdown":
            c["source"] = c["source"].replace("**Widget:**", "Widget")


def _unbalanced(nb):
    cell = _exercise_cell(nb)
    cell["source"] = cell["source"].replace(nbt.END, "")


def _no_check(nb):
    cell = _exercise_cell(nb)
    cell["source"] = re.sub(r"\w+ = check\(.*\)", "", cell["source"])


def _stray_output(nb):
    _first_plain_code_cell(nb)["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "0.1 s"}]


def _count(nb):
    _first_plain_code_cell(nb)["execution_count"] = 7


def _widget_state(nb):
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}


def _cell_metadata(nb):
    nb["cells"][3]["metadata"] = {"collapsed": True}


def _ids_shuffled(nb):
    nb["cells"][4]["id"] = "my-cell"


def _invalid(nb):
    _first_plain_code_cell(nb)["outputs"] = [{"output_type": "picture"}]


def _marker_left(nb):
    _first_plain_code_cell(nb)["source"] += f"\n{nbt.BEGIN}\nx = 1\n{nbt.END}"


BREAKS = [
    ("R3", "solved", _heading),
    ("R3", "solved", _no_time),
    ("R5", "exercise", _no_version_line),
    ("R6", "exercise", _setup),
    ("R7", "solved", _long_cell),
    ("R8", "solved", _no_caption),
    ("R9", "solved", _unbalanced),
    ("R9", "solved", _no_check),
    ("R10", "solved", _stray_output),
    ("R11", "exercise", _count),
    ("R12", "solved", _widget_state),
    ("R12", "solved", _cell_metadata),
    ("R13", "exercise", _ids_shuffled),
    ("R14", "solved", _invalid),
    ("R15", "exercise", _marker_left),
]


@pytest.mark.parametrize("rule,version,breaker", BREAKS, ids=lambda x: getattr(x, "__name__", x))
def test_each_rule_notices_when_it_is_broken(course, rule, version, breaker):
    path = course if version == "solved" else nbt.NOTEBOOKS / course.name
    _edit(path, breaker)
    found = nbt.problems(path)
    assert rule in {p.rule for p in found}, [str(p) for p in found]
    assert all(p.message and p.rule in ALL_IDS for p in found)


def test_r1_bad_name_and_r2_missing_lesson_notes(course):
    bad = course.with_name("Start Here.ipynb")
    bad.write_text(course.read_text(encoding="utf-8"), encoding="utf-8")
    assert "R1" in _ids(bad)
    (nbt.LESSONS / "00_start_here.md").unlink()
    assert "R2" in _ids(course)


def test_r4_badge_and_r6_setup_cell_follow_course_toml(course):
    nbt.CONFIG.write_text(nbt.CONFIG.read_text().replace("pixels-to-pretrained/course", "someone/fork"))
    assert {"R4", "R6", "R14"} <= _ids(course)
    assert {"R4", "R6"} <= _ids(nbt.NOTEBOOKS / course.name)


def test_r4_a_badge_must_open_the_file_itself(course):
    exercise = nbt.NOTEBOOKS / course.name
    solved_badge = nbt.badge(nbt.rel(course), *nbt.repository())
    _edit(
        exercise,
        lambda nb: nb["cells"][0].update(source=re.sub(nbt.BADGE_RE, solved_badge, nb["cells"][0]["source"])),
    )
    assert "R4" in _ids(exercise)


def test_r14_canonical_bytes_and_unreadable_files(course):
    nb = json.loads(course.read_text(encoding="utf-8"))
    course.write_text(json.dumps(nb, indent=2), encoding="utf-8")
    found = nbt.problems(course)
    assert [p.rule for p in found] == ["R14"] and "canonical" in found[0].message
    course.write_text("{not json", encoding="utf-8")
    assert [p.rule for p in nbt.problems(course)] == ["R14"]


def test_r16_exercise_version_stale_missing_or_orphaned(course, capsys):
    exercise = nbt.NOTEBOOKS / course.name
    _edit(course, lambda nb: nb["cells"][2].update(source=nb["cells"][2]["source"] + "\nA new sentence."))
    assert "R16" in {p.rule for found in nbt.tree_problems().values() for p in found}
    exercise.unlink()
    assert any("no exercise version" in p.message for p in nbt.tree_problems()[nbt.rel(course)])
    orphan = nbt.NOTEBOOKS / "05_orphan.ipynb"
    orphan.write_text(course.read_text(encoding="utf-8"), encoding="utf-8")
    assert [p.rule for p in nbt.tree_problems()[nbt.rel(orphan)]] == ["R16"]
    nbt.build_student()  # rebuilds 00, leaves the orphan alone (someone's work) and says so
    assert exercise.is_file() and orphan.is_file()
    assert "05_orphan.ipynb has no solved version" in capsys.readouterr().err


def test_r17_readme_table(course):
    nbt.README.write_text(nbt.README.read_text().replace("| 00 |", "| 0 |"))
    assert [p.rule for p in nbt.tree_problems()["README.md"]] == ["R17"]
    nbt.README.write_text("no table here\n")
    assert "no syllabus table" in nbt.tree_problems()["README.md"][0].message


def test_every_rule_is_tested_documented_and_cited():
    tested = {rule for rule, _, _ in BREAKS} | {"R1", "R2", "R4", "R16", "R17"}
    assert tested == set(ALL_IDS)
    assert ALL_IDS == [f"R{i}" for i in range(1, len(ALL_IDS) + 1)], "rules are numbered in order"
    documented = re.findall(r"\*\*(R\d+) · ", RULES_DOC)
    assert documented == ALL_IDS, "notebooks/README.md states each rule once, in order"
    for r in nbt.RULES:
        assert (r.check.__doc__ or "").startswith(f"{r.id}: "), f"{r.check.__name__} should cite {r.id}"


def test_check_command_reports_rule_ids_and_exit_status(course, capsys):
    assert nbt.main(["check"]) == 0
    assert "all notebooks follow the template" in capsys.readouterr().out
    _edit(course, _long_cell)
    assert nbt.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "notebooks/solutions/00_start_here.ipynb: R7 cell" in out and nbt.RULES_DOC in out


def test_rules_command_lists_every_rule(capsys):
    assert nbt.main(["rules"]) == 0
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines()] == ALL_IDS


# ---- the builds ---------------------------------------------------------------------------------
def test_retarget_rewrites_every_badge_setup_cell_and_version_line(course):
    nbt.main(["retarget", "https://github.com/someone/fork", "--branch", "dev"])
    assert nbt.all_problems() == {}
    exercise = (nbt.NOTEBOOKS / course.name).read_text(encoding="utf-8")
    solved = course.read_text(encoding="utf-8")
    assert "github/someone/fork/blob/dev/notebooks/00_start_here.ipynb" in exercise
    assert "github/someone/fork/blob/dev/notebooks/solutions/00_start_here.ipynb" in exercise  # version line
    assert "github/someone/fork/blob/dev/notebooks/solutions/00_start_here.ipynb" in solved
    assert "pixels-to-pretrained" not in exercise + solved + nbt.README.read_text()
    assert "git clone https://github.com/someone/fork.git && cd fork\n" in nbt.README.read_text()


def test_retarget_refuses_an_address_that_is_not_github(course):
    before = nbt.CONFIG.read_text()
    with pytest.raises(SystemExit, match="github.com/OWNER/NAME"):
        nbt.main(["retarget", "https://gitlab.com/someone/fork"])
    assert nbt.CONFIG.read_text() == before


def test_fmt_and_student_are_idempotent(course):
    exercise = nbt.NOTEBOOKS / course.name
    before = course.read_bytes(), exercise.read_bytes(), nbt.README.read_bytes()
    nbt.main(["fmt"])
    nbt.main(["student"])
    assert (course.read_bytes(), exercise.read_bytes(), nbt.README.read_bytes()) == before


def test_fmt_fills_in_placeholders_and_strips_what_the_policy_forbids(course):
    def draft(nb):
        title = nb["cells"][0]
        title["source"] = re.sub(nbt.BADGE_RE, nbt.BADGE_PLACEHOLDER, title["source"]).split("\n> ")[0]
        nb["cells"][1]["source"] = nbt.SETUP_MARK
        _stray_output(nb)
        _widget_state(nb)

    _edit(course, draft)
    assert {"R4", "R5", "R6", "R10", "R12"} <= _ids(course)
    nbt.main(["fmt", str(course)])
    assert nbt.problems(course) == []


@pytest.mark.parametrize("path", REAL_SOLVED + nbt.student_notebooks(), ids=nbt.rel)
def test_the_nbformat_writer_keeps_the_committed_bytes(path, tmp_path):
    copy_path = tmp_path / path.name
    nbt.save(nbt.load(path), copy_path)
    assert copy_path.read_bytes() == path.read_bytes()


def test_save_refuses_a_notebook_nbformat_rejects(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x", id="cell-00")])
    nb.cells[0]["cell_type"] = "picture"
    with pytest.raises(nbformat.ValidationError):
        nbt.save(nb, tmp_path / "bad.ipynb")
    assert not (tmp_path / "bad.ipynb").exists()


def test_version_lines_link_the_other_version():
    url, branch = "https://github.com/a/b", "main"
    assert nbt.counterpart("notebooks/03_x.ipynb") == "notebooks/solutions/03_x.ipynb"
    assert nbt.counterpart("notebooks/solutions/03_x.ipynb") == "notebooks/03_x.ipynb"
    exercise = nbt.version_line("notebooks/03_x.ipynb", url, branch)
    solved = nbt.version_line("notebooks/solutions/03_x.ipynb", url, branch)
    assert (
        "\n" not in exercise
        and "(solutions/03_x.ipynb)" in exercise
        and "blob/main/notebooks/solutions/03_x" in exercise
    )
    assert "\n" not in solved and "(../03_x.ipynb)" in solved and "blob/main/notebooks/03_x.ipynb" in solved


def test_strip_solutions_regions_and_inline_values():
    code = (
        "def f(x):\n    ### BEGIN SOLUTION\n    return x * 2\n    ### END SOLUTION\n"
        "best_k = 7  # SOLUTION\nf = check('99.f', f)"
    )
    student, removed = nbt.strip_solutions(code)
    assert "return x * 2" not in student and "best_k = ...  # YOUR ANSWER HERE" in student
    assert "    raise NotImplementedError" in student and removed == ["    return x * 2", "7"]
    compile(student, "s", "exec")
    with pytest.raises(ValueError, match="no matching"):
        nbt.strip_solutions("### BEGIN SOLUTION\nx = 1")
    with pytest.raises(ValueError, match="inside another"):
        nbt.strip_solutions("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    with pytest.raises(ValueError, match="no `### BEGIN"):
        nbt.strip_solutions("x = 1\n### END SOLUTION")


def test_from_percent_and_normalise_are_stable(course):
    nb = nbt.from_percent("# %% [markdown]\n# # 07 · T\n#\n# text\n# %%\n# NBVAL_CHECK_OUTPUT\nprint(1)\n")
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown", "code"]
    assert nb["cells"][0]["source"] == "# 07 · T\n\ntext"
    once = nbt.normalise(nb, "notebooks/solutions/07_t.ipynb", "https://github.com/a/b", "main")
    twice = nbt.normalise(
        copy.deepcopy(once), "notebooks/solutions/07_t.ipynb", "https://github.com/a/b", "main"
    )
    assert twice == once
    assert once["cells"][1]["execution_count"] == 1  # checked cells are numbered for nbval
    nbformat.validate(once)


def test_from_py_writes_a_valid_notebook(course, tmp_path, capsys):
    draft = tmp_path / "draft.py"
    draft.write_text("# %% [markdown]\n# # 03 · Features\n# %%\n# COURSE SETUP CELL\n# %%\nx = 1\n")
    out = nbt.SOLUTIONS / "03_features.ipynb"
    assert nbt.main(["from-py", str(draft), str(out)]) == 0
    nb = nbt.load(out)
    nbformat.validate(nb)
    assert nbt.src(nb.cells[1]) == nbt.setup_source(*nbt.repository())
    assert "wrote notebooks/solutions/03_features.ipynb (3 cells)" in capsys.readouterr().out


def test_a_stale_clone_command_breaks_r17(course):
    text = nbt.README.read_text()
    nbt.README.write_text(
        text.replace(nbt.clone_line(nbt.repository()[0]), "git clone https://x.org/old.git && cd old")
    )
    assert [p.rule for p in nbt.tree_problems()["README.md"]] == ["R17"]
    nbt.main(["fmt"])
    assert nbt.clone_line(nbt.repository()[0]) in nbt.README.read_text()


def test_the_real_readme_clones_the_address_in_course_toml():
    assert nbt.clone_line(nbt.repository()[0]) in (nbt.ROOT / "README.md").read_text()
