"""Keep the course's notebooks in shape.

Every notebook exists twice, under the same name:
    notebooks/solutions/NN_slug.ipynb   the solved version: authors edit this one
    notebooks/NN_slug.ipynb             the exercise version learners open, written by `student`

    python tools/nbtool.py check                      report every template rule broken (exit 1 if any)
    python tools/nbtool.py rules                      list the template rules and what checks each
    python tools/nbtool.py fmt [NOTEBOOK ...]         normalise JSON, badge, setup cell, outputs; README table
    python tools/nbtool.py execute [NOTEBOOK ...]     run solved notebooks offline, keep checked outputs, fmt
    python tools/nbtool.py student                    write notebooks/NN_slug.ipynb from notebooks/solutions/
    python tools/nbtool.py readme                     regenerate the README's syllabus table
    python tools/nbtool.py retarget URL [--branch B]  point every badge and setup cell at a fork
    python tools/nbtool.py from-py DRAFT.py OUT.ipynb turn a percent-format draft into a notebook

The rules (R1, R2, ...) are written out in notebooks/README.md; each has one function below whose
docstring cites it. Notebooks are read, validated and written with nbformat.

Outputs policy: a committed notebook keeps the outputs of cells that start with
``# NBVAL_CHECK_OUTPUT`` (deterministic text that nbval compares) and nothing else: no figures,
no widget state, and no execution counts except 1, 2, 3, ... on those checked cells (nbval treats a
cell with no count as never run and would not compare it).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import v4 as nbv4

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"  # the exercise versions (what learners open)
SOLUTIONS = NOTEBOOKS / "solutions"  # the solved versions (what authors edit)
LESSONS = ROOT / "lessons"
CONFIG = ROOT / "course.toml"
README = ROOT / "README.md"
RULES_DOC = "notebooks/README.md"

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
SETUP_MARK = "# COURSE SETUP CELL"
BADGE_PLACEHOLDER = "[COLAB_BADGE]"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
INLINE = "# SOLUTION"
NAME_RE = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
BADGE_RE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)")
VERSION_LINE_RE = re.compile(r"^> \*\*(Exercise|Solved|Student) version[.:]\*\*.*$")
MAX_CODE_LINES = 40
MAX_MARKDOWN_LINES = 60
WIDGET_HINTS = ("ipywidgets", "utils.widgets", "widgets.live", "live(")
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
NBFORMAT, NBFORMAT_MINOR = 4, 5


# ------------------------------------------------------------------------------ configuration
def repository() -> tuple[str, str]:
    """(url, branch) from course.toml: the one place that says where the course lives.

    Used by make fmt, make student and make retarget.
    """
    with open(CONFIG, "rb") as f:
        repo = tomllib.load(f)["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def colab_url(rel_path: str, url: str, branch: str) -> str:
    """The Colab address that opens ``rel_path`` of the repository at ``url`` / ``branch``.

    Used by make fmt (badges, version lines and the README table).
    """
    m = re.match(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?$", url)
    if not m:
        raise SystemExit(
            f"course.toml: the repository url should be https://github.com/OWNER/NAME, not {url}"
        )
    return f"https://colab.research.google.com/github/{m[1]}/{m[2]}/blob/{branch}/{rel_path}"


def badge(rel_path: str, url: str, branch: str) -> str:
    """The markdown of an "Open In Colab" badge for ``rel_path``. Used by make fmt."""
    return (
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"({colab_url(rel_path, url, branch)})"
    )


def setup_source(url: str, branch: str) -> str:
    """The standard setup cell (rule R6), the same in every notebook. Used by make fmt."""
    return f'''{SETUP_MARK}: run it first. (The same in every notebook; `make retarget` rewrites it.)
import pathlib
import subprocess
import sys

COURSE_REPO = "{url}"
COURSE_BRANCH = "{branch}"
if "google.colab" in sys.modules and not pathlib.Path("/content/course/utils").is_dir():
    # On Colab: fetch the course helpers. TensorFlow and friends are preinstalled; nothing is reinstalled.
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", "--branch", COURSE_BRANCH, COURSE_REPO, "/content/course"],
        check=True,
    )
_here = pathlib.Path.cwd().resolve()
for _root in [_here, *_here.parents, pathlib.Path("/content/course")]:
    if (_root / "utils" / "__init__.py").is_file():
        break
else:
    raise RuntimeError(
        "Cannot find the course's `utils` folder. Open this notebook from inside the "
        "course repository (on Colab, run this cell again)."
    )
sys.path.insert(0, str(_root))
sys.modules.pop("utils", None)  # in case another package called `utils` was imported first
import utils

utils.start()'''


# ------------------------------------------------------------------------------ the two versions
def rel(path) -> str:
    """``path`` relative to the repository root, with forward slashes. Used by make fmt."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        raise SystemExit(f"{path} is not inside the course folder {ROOT}") from None


def is_solved(rel_path: str) -> bool:
    """Whether ``rel_path`` is a solved version (it lives in notebooks/solutions/). Used by make fmt."""
    return Path(rel_path).parent.name == SOLUTIONS.name


def counterpart(rel_path: str) -> str:
    """The other version of a notebook: solved for an exercise version and back. Used by make fmt."""
    p = Path(rel_path)
    other = p.parent.parent / p.name if is_solved(rel_path) else p.parent / SOLUTIONS.name / p.name
    return other.as_posix()


def version_line(rel_path: str, url: str, branch: str) -> str:
    """The last line of the title cell (rule R5): which version this is, and where the other one is.

    Used by make fmt and make student.
    """
    name = Path(rel_path).name
    colab = colab_url(counterpart(rel_path), url, branch)
    if is_solved(rel_path):
        return (
            "> **Solved version:** every exercise is filled in, for instructors and for checking "
            f"yourself. To do the exercises, open [{name}](../{name}) ([in Colab]({colab}))."
        )
    return (
        "> **Exercise version:** write your code where it says `# YOUR CODE HERE`, then run the check "
        f"under it. The solved notebook is [solutions/{name}](solutions/{name}) ([in Colab]({colab}))."
    )


def source_notebooks() -> list[Path]:
    """The solved versions, notebooks/solutions/NN_slug.ipynb. Used by make fmt and make student."""
    return sorted(p for p in SOLUTIONS.glob("*.ipynb") if NAME_RE.match(p.name))


def student_notebooks() -> list[Path]:
    """The exercise versions, notebooks/NN_slug.ipynb. Used by make fmt and make test."""
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if NAME_RE.match(p.name))


# ------------------------------------------------------------------------------ reading/writing
def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def src(cell) -> str:
    """A cell's source as one string. Used by make fmt and the tests."""
    return _joined(cell.get("source", ""))


def load(path) -> nbformat.NotebookNode:
    """Read a notebook with nbformat (version 4). Used by make fmt and the tests."""
    return nbformat.read(path, as_version=NBFORMAT)


def dumps(nb) -> str:
    """The committed JSON of a notebook: nbformat's writer (sorted keys, one-space indent), with each
    source kept as one string instead of a list of lines, and a final newline. Used by make fmt."""
    return nbv4.writes(nbformat.from_dict(nb), split_lines=False) + "\n"


def save(nb, path) -> None:
    """Validate ``nb`` against the nbformat schema and write it in the committed format.

    Used by make fmt and make student.
    """
    node = nbformat.from_dict(nb)
    nbformat.validate(node)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        nbformat.write(node, f, split_lines=False)


def is_checked(cell) -> bool:
    """Whether a cell keeps its output (its first line is ``# NBVAL_CHECK_OUTPUT``). Used by make fmt."""
    return cell.get("cell_type") == "code" and src(cell).lstrip().startswith(CHECK_MARK)


def _kept_outputs(outputs, count: int | None) -> list:
    kept = []
    for out in outputs or []:
        kind = out.get("output_type")
        if kind == "stream":
            text = _joined(out.get("text", ""))
            kept.append(nbv4.new_output("stream", name=out.get("name", "stdout"), text=text))
        elif kind == "execute_result":
            plain = _joined(out.get("data", {}).get("text/plain", ""))
            kept.append(nbv4.new_output("execute_result", data={"text/plain": plain}, execution_count=count))
    return kept


def _fill_badge(text: str, rel_path: str, url: str, branch: str) -> str:
    """``text`` with `[COLAB_BADGE]` and any Colab badge replaced by this file's badge (rule R4)."""
    return BADGE_RE.sub(BADGE_PLACEHOLDER, text).replace(BADGE_PLACEHOLDER, badge(rel_path, url, branch))


def _title(text: str, rel_path: str, url: str, branch: str) -> str:
    """The title cell with its badge filled in and its version line (rules R4 and R5) at the end."""
    lines = [line for line in text.split("\n") if not VERSION_LINE_RE.match(line)]
    text = _fill_badge("\n".join(lines).rstrip(), rel_path, url, branch)
    return f"{text}\n\n{version_line(rel_path, url, branch)}"


def _normal_cell(cell, index: int, text: str, count: int | None):
    tags = cell.get("metadata", {}).get("tags")
    metadata = {"tags": list(tags)} if tags else {}
    cell_id = f"cell-{index:02d}"
    if cell["cell_type"] == "markdown":
        return nbv4.new_markdown_cell(text, id=cell_id, metadata=metadata)
    if cell["cell_type"] == "raw":
        return nbv4.new_raw_cell(text, id=cell_id, metadata=metadata)
    outputs = _kept_outputs(cell.get("outputs"), count) if is_checked(cell) else []
    return nbv4.new_code_cell(text, id=cell_id, metadata=metadata, execution_count=count, outputs=outputs)


def normalise(nb, rel_path: str, url: str, branch: str) -> nbformat.NotebookNode:
    """Apply the template: badge, version line, setup cell, outputs policy, ids, metadata.

    Used by make fmt, make student and make retarget.
    """
    notebook = nbv4.new_notebook(metadata=copy.deepcopy(NOTEBOOK_METADATA))
    notebook.nbformat, notebook.nbformat_minor = NBFORMAT, NBFORMAT_MINOR
    checked = 0
    for i, cell in enumerate(nb.get("cells", [])):
        text = src(cell).rstrip("\n")
        if cell["cell_type"] == "markdown" and i == 0:
            text = _title(text, rel_path, url, branch)
        elif cell["cell_type"] == "markdown":
            text = _fill_badge(text, rel_path, url, branch)
        if cell["cell_type"] == "code" and text.lstrip().startswith(SETUP_MARK):
            text = setup_source(url, branch)
        # nbval skips a cell whose execution_count is null, so checked cells get 1, 2, 3, ...
        checked += is_checked(cell)
        count = checked if is_checked(cell) else None
        notebook.cells.append(_normal_cell(cell, i, text, count))
    return notebook


def fmt(paths) -> None:
    """Rewrite notebooks in the template's normal form (rules R4-R6, R10-R14). Used by make fmt."""
    url, branch = repository()
    for p in map(Path, paths):
        save(normalise(load(p), rel(p), url, branch), p)


# ------------------------------------------------------------------------------ execution
def execute(paths, timeout: int = 600) -> None:
    """Run each notebook offline (as the test command does) and keep its checked outputs.

    Used by make notebooks.
    """
    from nbclient import NotebookClient

    os.environ["COURSE_OFFLINE"] = "1"
    os.environ.setdefault("MPLBACKEND", "agg")
    for p in map(Path, paths):
        print(f"executing {rel(p)} ...", flush=True)
        nb = load(p)
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(p.parent)}}
        )
        client.execute()
        save(nb, p)
        fmt([p])


# ------------------------------------------------------------------------------ exercise version
# The markers are nbgrader's; the build is ours (see "The exercise version" in notebooks/README.md).
_BEGIN_RE = re.compile(r"^(?P<indent>[ \t]*)" + re.escape(BEGIN) + r"\s*$")
_END_RE = re.compile(r"^[ \t]*" + re.escape(END) + r"\s*$")
_INLINE_RE = re.compile(
    r"^(?P<lhs>[ \t]*[A-Za-z_][\w\.\[\], ]*?\s*=\s*)(?P<rhs>.+?)\s*" + re.escape(INLINE) + r"\s*$"
)
STUB = 'raise NotImplementedError("Write your code here, then run the check below.")'


def strip_solutions(code: str) -> tuple[str, list[str]]:
    """Replace solution regions with stubs.  Returns (exercise code, removed solution lines).

    Used by make student.
    """
    out, removed, inside, indent = [], [], False, ""
    for line in code.split("\n"):
        if inside:
            if _END_RE.match(line):
                inside = False
                out += [f"{indent}# YOUR CODE HERE", f"{indent}{STUB}"]
            elif _BEGIN_RE.match(line):
                raise ValueError(f"a `{BEGIN}` opens inside another solution region")
            else:
                removed.append(line)
        elif m := _BEGIN_RE.match(line):
            inside, indent = True, m["indent"]
        elif _END_RE.match(line):
            raise ValueError(f"an `{END}` has no `{BEGIN}` before it")
        elif m := _INLINE_RE.match(line):
            removed.append(m["rhs"])
            out.append(f"{m['lhs']}...  # YOUR ANSWER HERE")
        else:
            out.append(line)
    if inside:
        raise ValueError(f"a `{BEGIN}` has no matching `{END}`")
    return "\n".join(out), removed


def student_version(nb, rel_path: str, url: str, branch: str) -> nbformat.NotebookNode:
    """The exercise version of a solved notebook: solutions become stubs, the rest is identical.

    Used by make student.
    """
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["source"], _ = strip_solutions(src(cell))
    return normalise(nb, rel_path, url, branch)


def build_student() -> list[Path]:
    """Write notebooks/NN_slug.ipynb from every notebooks/solutions/NN_slug.ipynb. Used by make student."""
    url, branch = repository()
    written = []
    for p in source_notebooks():
        target = NOTEBOOKS / p.name
        save(student_version(load(p), rel(target), url, branch), target)
        written.append(target)
    for orphan in sorted(set(student_notebooks()) - set(written)):
        print(
            f"warning: {rel(orphan)} has no solved version {rel(SOLUTIONS / orphan.name)}; "
            "authors edit the solved version, so move it there (it was left as it is)",
            file=sys.stderr,
        )
    return written


# ------------------------------------------------------------------------------ README table
TABLE_START, TABLE_END = "<!-- syllabus-table:start -->", "<!-- syllabus-table:end -->"
PLANNED = {
    "03": "Hand-crafted features",
    "04": "Neurons and perceptrons",
    "05": "Training neural networks",
    "06": "Convolution by hand",
    "07": "A convolutional network for MNIST in Keras",
    "08": "Transfer learning with pretrained models",
    "09": "Build your own teachable machine",
}
TABLE_INTRO = (
    "Open a notebook (or its Colab badge) to get the **exercise version**, with blanks for you to fill "
    "in. The **solved version** is for checking yourself afterwards, and for instructors."
)


def _title_facts(nb) -> tuple[str, str, str]:
    text = src(nb["cells"][0]) if nb.get("cells") else ""
    title = re.match(r"# \d\d · (.+)", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.split("\n", 1)[-1]) if p.strip()]
    promise = " ".join(paragraphs[0].split()) if paragraphs and not paragraphs[0].startswith("**") else ""
    minutes = re.search(r"\*\*Time:\*\*\s*(~?\s*\d+\s*min)", text)
    return (title[1].strip() if title else "?"), promise.strip(), (minutes[1] if minutes else "?")


def syllabus_table() -> str:
    """The README's table of notebooks (rule R17), generated from the solved notebooks' title cells.

    Each row links the exercise version first, then the solved one. Used by make fmt.
    """
    url, branch = repository()
    rows = [
        TABLE_INTRO,
        "",
        "| # | Notebook | What you will learn | Time | Open | Solved version |",
        "|---|---|---|---|---|---|",
    ]
    built = {p.name[:2]: p for p in source_notebooks()}
    for number in sorted(set(built) | set(PLANNED)):
        if number not in built:
            rows.append(f"| {number} | {PLANNED[number]} | *in preparation* | | | |")
            continue
        solved = built[number]
        exercise = rel(NOTEBOOKS / solved.name)
        title, promise, minutes = _title_facts(load(solved))
        rows.append(
            f"| {number} | [{title}]({exercise}) | {promise} | {minutes} | {badge(exercise, url, branch)} | "
            f"[solved]({rel(solved)}) · [in Colab]({colab_url(rel(solved), url, branch)}) |"
        )
    return "\n".join(rows)


CLONE_LINE = re.compile(r"(?m)^git clone \S+ && cd \S+$")


def clone_line(url: str) -> str:
    """The README's first command: ``git clone URL.git && cd NAME``, from course.toml. Used by make fmt."""
    url = url.rstrip("/").removesuffix(".git")
    return f"git clone {url}.git && cd {url.rsplit('/', 1)[-1]}"


def readme_with_table(text: str) -> str:
    """``text`` (the README) with its syllabus table and clone command regenerated. Used by make fmt."""
    text = CLONE_LINE.sub(lambda _m: clone_line(repository()[0]), text)
    if TABLE_START not in text or TABLE_END not in text:
        return text
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    return f"{head}{TABLE_START}\n{syllabus_table()}\n{TABLE_END}{tail}"


def update_readme() -> None:
    """Rewrite the README's syllabus table if it changed. Used by make fmt and make student."""
    if README.is_file():
        text = README.read_text(encoding="utf-8")
        new = readme_with_table(text)
        if new != text:
            README.write_text(new, encoding="utf-8")


# ------------------------------------------------------------------------------ the rules
@dataclass(frozen=True)
class Problem:
    """One broken rule: its id (``R7``) and a sentence saying what to change. Used by make test."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule} {self.message}"


@dataclass
class Notebook:
    """What a rule looks at: one notebook file, parsed, and where the course lives. Used by nbtool check."""

    path: Path
    raw: str
    nb: nbformat.NotebookNode
    url: str
    branch: str

    @property
    def rel(self) -> str:
        return rel(self.path)

    @property
    def version(self) -> str:
        return "solved" if is_solved(self.rel) else "exercise"

    @property
    def number(self) -> str:
        return self.path.name[:2]

    @property
    def cells(self) -> list:
        return self.nb.get("cells", [])

    def cell(self, index: int):
        return self.cells[index] if len(self.cells) > index else None


@dataclass(frozen=True)
class Rule:
    """A template rule: its id in notebooks/README.md, where it applies, its check. Used by nbtool check."""

    id: str
    scope: str  # "both", "solved", "exercise" (one notebook) or "tree" (the whole course)
    check: Callable[..., Iterator[str]]


RULES: list[Rule] = []


def rule(rule_id: str, scope: str = "both"):
    """Register a check: a generator of sentences, one per way the rule is broken. Used by nbtool check."""

    def register(fn):
        RULES.append(Rule(rule_id, scope, fn))
        return fn

    return register


@rule("R1")
def file_name(nb: Notebook):
    """R1: the file is called NN_slug.ipynb: two digits, then lower-case words joined by `_`."""
    if not NAME_RE.match(nb.path.name):
        yield f"the name should be NN_slug.ipynb (two digits, then lower-case words), not {nb.path.name}"


@rule("R2")
def lesson_notes(nb: Notebook):
    """R2: the lesson notes lessons/NN_slug.md exist."""
    if not (LESSONS / f"{nb.path.stem}.md").is_file():
        yield f"no lesson notes: lessons/{nb.path.stem}.md is missing"


@rule("R3")
def title_cell(nb: Notebook):
    """R3: the first cell is markdown: `# NN · Title`, a one-line promise, `**You will learn**` and a
    list, `**Time:** ~N min`."""
    first = nb.cell(0)
    text = src(first) if first is not None else ""
    if first is None or first.get("cell_type") != "markdown" or not re.match(rf"# {nb.number} · \S", text):
        yield f"the first cell should be markdown starting '# {nb.number} · Title'"
        return
    if not _title_facts(nb.nb)[1]:
        yield "the title cell needs a one-line promise right under the heading"
    if "**You will learn**" not in text:
        yield "the title cell lacks the learning objectives ('**You will learn**' and a list)"
    if not re.search(r"\*\*Time:\*\* ~\d+ min", text):
        yield "the title cell lacks the estimated time ('**Time:** ~N min')"


@rule("R4")
def colab_badge(nb: Notebook):
    """R4: the title cell has one Colab badge, pointing at this very file at course.toml's address."""
    text = src(nb.cell(0)) if nb.cell(0) is not None else ""
    if badge(nb.rel, nb.url, nb.branch) not in text:
        yield (
            "the title cell lacks a Colab badge pointing at this file (write [COLAB_BADGE] and run "
            "`make fmt`; after changing course.toml, run `make retarget`)"
        )
    elif len(BADGE_RE.findall(text)) > 1:
        yield "the title cell has more than one Colab badge"


@rule("R5")
def version_line_at_end(nb: Notebook):
    """R5: the title cell ends with the line that says which version this is and links the other one."""
    text = src(nb.cell(0)) if nb.cell(0) is not None else ""
    if not text.rstrip().endswith("\n" + version_line(nb.rel, nb.url, nb.branch)):
        other = "solved" if nb.version == "exercise" else "exercise"
        yield f"the title cell should end with the line linking the {other} version (run `make fmt`)"


@rule("R6")
def setup_cell(nb: Notebook):
    """R6: the second cell is the standard setup cell (`# COURSE SETUP CELL`, written by the tool)."""
    second = nb.cell(1)
    if second is None or src(second) != setup_source(nb.url, nb.branch):
        yield (
            "the second cell should be the standard setup cell (write `# COURSE SETUP CELL` and run "
            "`make fmt`; after changing course.toml, run `make retarget`)"
        )


@rule("R7")
def small_cells(nb: Notebook):
    """R7: from the third cell on, a code cell has at most 40 lines and a markdown cell at most 60."""
    for i, cell in enumerate(nb.cells[2:], start=2):
        lines = src(cell).count("\n") + 1
        limit = MAX_CODE_LINES if cell["cell_type"] == "code" else MAX_MARKDOWN_LINES
        if lines > limit:
            yield f"cell {i} has {lines} lines (limit {limit}): split it or move plumbing into utils"


def _shows_widget(cell) -> bool:
    return cell["cell_type"] == "code" and any(hint in src(cell) for hint in WIDGET_HINTS)


@rule("R8")
def widget_caption(nb: Notebook):
    """R8: the markdown cell right before a widget cell has a `**Widget:**` line saying what it shows."""
    for i, cell in enumerate(nb.cells[2:], start=2):
        before = nb.cells[i - 1]
        if _shows_widget(cell) and (before["cell_type"] != "markdown" or "**Widget:**" not in src(before)):
            yield (
                f"cell {i} shows a widget: the markdown cell before it needs a '**Widget:**' line "
                "saying what it shows"
            )


def _exercise_cell_problems(code: str, number: str) -> Iterator[str]:
    try:
        stub, removed = strip_solutions(code)
    except ValueError as exc:
        yield str(exc)
        return
    if not removed:
        yield "has solution markers with nothing between them"
    if not re.search(rf"""\bcheck\(\s*["']{number}\.\w+["']""", code):
        yield f'needs its check right under the solution: name = check("{number}.name", name)'
    try:
        compile(stub, "<exercise version>", "exec")
    except SyntaxError as exc:
        yield f"its exercise version (with the stub) is not valid Python: {exc.msg} on line {exc.lineno}"


def has_solution(code: str) -> bool:
    """Whether a cell's code holds a solution region or a `# SOLUTION` value. Used by make test."""
    return BEGIN in code or END in code or bool(re.search(re.escape(INLINE) + r"\s*$", code, re.M))


@rule("R9", scope="solved")
def exercises(nb: Notebook):
    """R9: each solution sits between `### BEGIN SOLUTION` / `### END SOLUTION` (or on a line ending in
    `# SOLUTION`), with `check("NN.name", name)` in the same cell."""
    for i, cell in enumerate(nb.cells):
        if cell["cell_type"] == "code" and has_solution(src(cell)):
            for found in _exercise_cell_problems(src(cell), nb.number):
                yield f"cell {i} (an exercise) {found}"


@rule("R10")
def outputs_only_on_checked_cells(nb: Notebook):
    """R10: only `# NBVAL_CHECK_OUTPUT` cells keep outputs, and only their text (stream, execute_result)."""
    for i, cell in enumerate(nb.cells):
        if cell["cell_type"] != "code" or not cell.get("outputs"):
            continue
        if not is_checked(cell):
            yield f"cell {i} has committed outputs but is not a {CHECK_MARK} cell (run `make fmt`)"
        elif any(out.get("output_type") not in ("stream", "execute_result") for out in cell["outputs"]):
            yield f"cell {i} keeps an output that is not text (a figure, a widget or an error)"


@rule("R11")
def execution_counts(nb: Notebook):
    """R11: no execution counts, except 1, 2, 3, ... on the checked cells, in order."""
    expected = 0
    for i, cell in enumerate(nb.cells):
        if cell["cell_type"] != "code":
            continue
        expected += is_checked(cell)
        want = expected if is_checked(cell) else None
        if cell.get("execution_count") != want:
            got = cell.get("execution_count")
            yield f"cell {i} has execution count {got}, expected {want} (run `make fmt`)"


@rule("R12")
def metadata(nb: Notebook):
    """R12: the standard notebook metadata (Python 3 kernel), no saved widget state, cells tagged at most."""
    meta = nb.nb.get("metadata", {})
    if "widgets" in meta:
        yield "saved widget state in the notebook metadata (run `make fmt`)"
    if {k: v for k, v in meta.items() if k != "widgets"} != NOTEBOOK_METADATA:
        yield "the notebook metadata should be only the Python 3 kernelspec and language (run `make fmt`)"
    for i, cell in enumerate(nb.cells):
        if set(cell.get("metadata", {})) - {"tags"}:
            yield f"cell {i} has metadata other than tags (run `make fmt`)"


@rule("R13")
def cell_ids(nb: Notebook):
    """R13: cell ids are cell-00, cell-01, ... in order."""
    for i, cell in enumerate(nb.cells):
        if cell.get("id") != f"cell-{i:02d}":
            yield f"cell {i} has id {cell.get('id')!r}, expected 'cell-{i:02d}' (run `make fmt`)"
            return


def _schema_problem(nb) -> str | None:
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        return f"not a valid nbformat 4 notebook: {str(exc).splitlines()[0]} (fix it, then run `make fmt`)"
    return None


@rule("R14")
def valid_and_canonical(nb: Notebook):
    """R14: a valid nbformat 4.5 notebook, byte for byte what `make fmt` writes (sorted keys, one-space
    indent, each source one string)."""
    invalid = _schema_problem(nb.nb)
    if invalid:
        yield invalid
    elif nb.raw != dumps(nb.nb):
        yield "JSON is not in the canonical format (run `make fmt`)"
    elif normalise(nb.nb, nb.rel, nb.url, nb.branch) != nb.nb:
        yield (
            "not normalised: stray outputs, execution counts, metadata, or an out-of-date badge / setup "
            "cell (run `make fmt`, or `make retarget` after changing course.toml)"
        )


@rule("R15", scope="exercise")
def no_solutions_left(nb: Notebook):
    """R15: the exercise version holds no solution and no solution markers."""
    for i, cell in enumerate(nb.cells):
        if cell["cell_type"] == "code" and has_solution(src(cell)):
            yield f"cell {i} still contains solution markers (run `make student`)"


@rule("R16", scope="tree")
def exercise_versions_built(_):
    """R16: every solved notebook has its exercise version, exactly what `make student` writes from it,
    and every exercise version has a solved one."""
    url, branch = repository()
    solved = {p.name: p for p in source_notebooks()}
    for p in student_notebooks():
        if p.name not in solved:
            yield rel(p), f"has no solved version {rel(SOLUTIONS / p.name)}: authors edit that one"
    for name, p in solved.items():
        target = NOTEBOOKS / name
        if not target.is_file():
            yield rel(p), f"has no exercise version {rel(target)} (run `make student`)"
        elif load(target) != student_version(load(p), rel(target), url, branch):
            yield rel(target), f"is out of date with {rel(p)} (run `make student`)"


@rule("R17", scope="tree")
def readme_table(_):
    """R17: the README's syllabus table and clone command are the generated ones, exercise version first."""
    if README.is_file():
        text = README.read_text(encoding="utf-8")
        if TABLE_START not in text or TABLE_END not in text:
            yield "README.md", f"has no syllabus table between {TABLE_START} and {TABLE_END}"
        elif readme_with_table(text) != text:
            yield "README.md", "the syllabus table or the clone command is out of date (run `make fmt`)"


def open_notebook(path) -> Notebook:
    """Read one notebook for the rules (raises ValueError if it is not JSON). Used by make test."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    url, branch = repository()
    return Notebook(path, raw, nbformat.from_dict(json.loads(raw)), url, branch)


def problems(path) -> list[Problem]:
    """Every rule one notebook breaks; the version (solved or exercise) comes from where it lives.

    Used by make test and nbtool check.
    """
    try:
        nb = open_notebook(path)
    except (OSError, ValueError) as exc:
        return [Problem("R14", f"cannot be read as a notebook: {exc}")]
    invalid = _schema_problem(nb.nb)
    if invalid:  # the other rules assume nbformat's structure
        return [Problem("R14", invalid)]
    return [
        Problem(r.id, message) for r in RULES if r.scope in ("both", nb.version) for message in r.check(nb)
    ]


def tree_problems() -> dict[str, list[Problem]]:
    """The course-wide rules (R16, R17), by file. Used by make test and nbtool check."""
    report: dict[str, list[Problem]] = {}
    for r in RULES:
        if r.scope == "tree":
            for where, message in r.check(None):
                report.setdefault(where, []).append(Problem(r.id, message))
    return report


def all_problems() -> dict[str, list[Problem]]:
    """Every broken rule in the course, by file. Used by nbtool check."""
    report = {rel(p): problems(p) for p in source_notebooks() + student_notebooks()}
    for where, found in tree_problems().items():
        report.setdefault(where, []).extend(found)
    return {where: found for where, found in report.items() if found}


# ------------------------------------------------------------------------------ drafts
def from_percent(text: str) -> nbformat.NotebookNode:
    """Parse a percent-format draft (``# %%`` code cells, ``# %% [markdown]`` markdown cells).

    Used by nbtool from-py.
    """
    nb = nbv4.new_notebook()
    kind, buf = None, []

    def flush():
        if kind is None:
            return
        body = "\n".join(buf).strip("\n")
        if kind == "markdown":
            lines = body.split("\n")
            body = "\n".join(x[2:] if x.startswith("# ") else ("" if x == "#" else x) for x in lines)
            nb.cells.append(nbv4.new_markdown_cell(body))
        else:
            nb.cells.append(nbv4.new_code_cell(body))

    for line in text.split("\n"):
        if line.startswith("# %%"):
            flush()
            kind, buf = ("markdown" if "[markdown]" in line else "code"), []
        elif kind is not None:
            buf.append(line)
    flush()
    return nb


# ------------------------------------------------------------------------------ commands
def _cmd_check(_args) -> int:
    report = all_problems()
    for path, found in report.items():
        for problem in found:
            print(f"{path}: {problem}")
    if not report:
        print("all notebooks follow the template")
        return 0
    print(f"{len(report)} file(s) need work; the rules are written out in {RULES_DOC}")
    return 1


def _cmd_rules(_args) -> int:
    for r in RULES:
        summary = " ".join((r.check.__doc__ or "").split())
        print(f"{summary}  [{r.scope}: {r.check.__name__}]")
    return 0


def _cmd_fmt(args) -> int:
    fmt(args.paths or source_notebooks() + student_notebooks())
    update_readme()
    return 0


def _cmd_execute(args) -> int:
    execute(args.paths or source_notebooks())
    return 0


def _cmd_student(_args) -> int:
    for p in build_student():
        print(f"wrote {rel(p)}")
    update_readme()
    return 0


def _cmd_readme(_args) -> int:
    update_readme()
    print(f"the syllabus table in {rel(README)} is up to date")
    return 0


def _cmd_retarget(args) -> int:
    text = CONFIG.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^url = ".*"$', f'url = "{args.url}"', text)
    if args.branch:
        text = re.sub(r'(?m)^branch = ".*"$', f'branch = "{args.branch}"', text)
    colab_url("x", args.url.rstrip("/"), args.branch or "main")  # refuse a bad address before writing
    CONFIG.write_text(text, encoding="utf-8")
    fmt(source_notebooks())
    build_student()
    update_readme()
    print(f"every badge and setup cell now points at {repository()[0]} ({repository()[1]})")
    return 0


def _cmd_from_py(args) -> int:
    out = Path(args.out)
    nb = from_percent(Path(args.draft).read_text(encoding="utf-8"))
    url, branch = repository()
    save(normalise(nb, rel(out), url, branch), out)
    print(f"wrote {rel(out)} ({len(nb.cells)} cells)")
    if not is_solved(rel(out)):
        print(f"note: authors edit the solved version; put it in {rel(SOLUTIONS)}/ and run `make student`")
    return 0


COMMANDS = {
    "check": _cmd_check,
    "rules": _cmd_rules,
    "fmt": _cmd_fmt,
    "execute": _cmd_execute,
    "student": _cmd_student,
    "readme": _cmd_readme,
    "retarget": _cmd_retarget,
    "from-py": _cmd_from_py,
}


def main(argv=None) -> int:
    """The command line (see the module docstring). Used by make fmt, student, notebooks, retarget."""
    ap = argparse.ArgumentParser(
        prog="python tools/nbtool.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("fmt", "execute"):
        sub.add_parser(name).add_argument("paths", nargs="*")
    for name in ("check", "rules", "student", "readme"):
        sub.add_parser(name)
    sp = sub.add_parser("retarget")
    sp.add_argument("url")
    sp.add_argument("--branch", default=None)
    sp = sub.add_parser("from-py")
    sp.add_argument("draft")
    sp.add_argument("out")
    args = ap.parse_args(argv)
    return COMMANDS[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
