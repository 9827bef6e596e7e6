"""Keep the course's notebooks in shape.

    python tools/nbtool.py fmt [NOTEBOOK …]        normalise JSON, badge and setup cell, strip outputs
    python tools/nbtool.py execute [NOTEBOOK …]    run offline, keep only the checked outputs, then fmt
    python tools/nbtool.py student                 write notebooks/student/ (solutions → stubs)
    python tools/nbtool.py retarget URL [--branch B]   point every badge and setup cell at a fork
    python tools/nbtool.py check                   report every rule a notebook breaks (exit 1 if any)
    python tools/nbtool.py from-py DRAFT.py OUT.ipynb  turn a percent-format draft into a notebook

Outputs policy: a committed notebook keeps the outputs of cells that start with
``# NBVAL_CHECK_OUTPUT`` (deterministic text that nbval compares) and nothing else: no figures,
no widget state, and no execution counts except 1, 2, 3, … on those checked cells (nbval treats a
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
STUDENT = NOTEBOOKS / "student"
LESSONS = ROOT / "lessons"
CONFIG = ROOT / "course.toml"

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
SETUP_MARK = "# COURSE SETUP CELL"
BADGE_PLACEHOLDER = "[COLAB_BADGE]"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
INLINE = "# SOLUTION"
NAME_RE = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
BADGE_RE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)")
MAX_CODE_LINES = 40
MAX_MARKDOWN_LINES = 60
WIDGET_HINTS = ("ipywidgets", "utils.widgets", "widgets.live", "live(")
KEPT_OUTPUT_TYPES = ("stream", "execute_result")


# ------------------------------------------------------------------------------ configuration
def repository() -> tuple[str, str]:
    """(url, branch) from course.toml: the one place that says where the course lives."""
    with open(CONFIG, "rb") as f:
        repo = tomllib.load(f)["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def colab_url(rel_path: str, url: str, branch: str) -> str:
    m = re.match(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?$", url)
    if not m:
        raise SystemExit(f"course.toml: repository url should look like https://github.com/OWNER/NAME, got {url}")
    return f"https://colab.research.google.com/github/{m[1]}/{m[2]}/blob/{branch}/{rel_path}"


def badge(rel_path: str, url: str, branch: str) -> str:
    return (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({colab_url(rel_path, url, branch)})")


def setup_source(url: str, branch: str) -> str:
    return f'''{SETUP_MARK}: run it first. (The same in every notebook; `make retarget` rewrites it.)
COURSE_REPO = "{url}"
COURSE_BRANCH = "{branch}"
import pathlib, subprocess, sys
if "google.colab" in sys.modules and not pathlib.Path("/content/course/utils").is_dir():
    # On Colab: fetch the course helpers. TensorFlow and friends are preinstalled; nothing is reinstalled.
    subprocess.run(["git", "clone", "--quiet", "--depth=1", "--branch", COURSE_BRANCH,
                    COURSE_REPO, "/content/course"], check=True)
_here = pathlib.Path.cwd().resolve()
for _root in [_here, *_here.parents, pathlib.Path("/content/course")]:
    if (_root / "utils" / "__init__.py").is_file():
        break
else:
    raise RuntimeError("Cannot find the course's `utils` folder. Open this notebook from inside the "
                       "course repository (on Colab, run this cell again).")
sys.path.insert(0, str(_root))
sys.modules.pop("utils", None)  # in case another package called `utils` was imported first
import utils
utils.start()'''


# ------------------------------------------------------------------------------ reading/writing
def src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def load(path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def save(nb: dict, path) -> None:
    Path(path).write_text(dumps(nb), encoding="utf-8")


def is_checked(cell) -> bool:
    return cell.get("cell_type") == "code" and src(cell).lstrip().startswith(CHECK_MARK)


def _kept_outputs(outputs, count):
    kept = []
    for out in outputs or []:
        kind = out.get("output_type")
        if kind == "stream":
            kept.append({"name": out.get("name", "stdout"), "output_type": "stream", "text": out.get("text", "")})
        elif kind == "execute_result":
            data = {"text/plain": out.get("data", {}).get("text/plain", "")}
            kept.append({"data": data, "execution_count": count, "metadata": {}, "output_type": "execute_result"})
    return kept


def normalise(nb: dict, rel_path: str, url: str, branch: str) -> dict:
    """Apply the template: badge, setup cell, outputs policy, ids, metadata, no execution counts."""
    nb = copy.deepcopy(nb)
    nb["metadata"] = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb["nbformat"], nb["nbformat_minor"] = 4, 5
    cells, checked = [], 0
    for i, cell in enumerate(nb.get("cells", [])):
        kind = cell["cell_type"]
        text = src(cell).rstrip("\n")
        if kind == "markdown" and (BADGE_PLACEHOLDER in text or BADGE_RE.search(text)):
            text = BADGE_RE.sub(BADGE_PLACEHOLDER, text).replace(BADGE_PLACEHOLDER, badge(rel_path, url, branch))
        if kind == "code" and text.lstrip().startswith(SETUP_MARK):
            text = setup_source(url, branch)
        new = {"cell_type": kind, "id": f"cell-{i:02d}", "metadata": {}, "source": text}
        tags = cell.get("metadata", {}).get("tags")
        if tags:
            new["metadata"]["tags"] = tags
        if kind == "code":
            # nbval skips a cell whose execution_count is null, so checked cells get 1, 2, 3, …
            if is_checked(cell):
                checked += 1
            new["execution_count"] = checked if is_checked(cell) else None
            new["outputs"] = _kept_outputs(cell.get("outputs"), new["execution_count"]) if is_checked(cell) else []
        cells.append(new)
    nb["cells"] = cells
    return nb


def rel(path: Path) -> str:
    return Path(path).resolve().relative_to(ROOT).as_posix()


def source_notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if NAME_RE.match(p.name))


def student_notebooks() -> list[Path]:
    return sorted(p for p in STUDENT.glob("*.ipynb") if NAME_RE.match(p.name))


def fmt(paths) -> None:
    url, branch = repository()
    for p in paths:
        p = Path(p)
        save(normalise(load(p), rel(p), url, branch), p)


# ------------------------------------------------------------------------------ execution
def execute(paths, timeout: int = 600) -> None:
    """Run each notebook offline (as the test command does) and keep its checked outputs."""
    import nbformat
    from nbclient import NotebookClient
    os.environ["COURSE_OFFLINE"] = "1"
    os.environ.setdefault("MPLBACKEND", "agg")
    for p in paths:
        p = Path(p)
        print(f"executing {rel(p)} …", flush=True)
        nb = nbformat.read(p, as_version=4)
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(p.parent)}}).execute()
        save(nb, p)
        fmt([p])


# ------------------------------------------------------------------------------ student version
_BEGIN_RE = re.compile(r"^(?P<indent>[ \t]*)" + re.escape(BEGIN) + r"\s*$")
_END_RE = re.compile(r"^[ \t]*" + re.escape(END) + r"\s*$")
_INLINE_RE = re.compile(r"^(?P<lhs>[ \t]*[A-Za-z_][\w\.\[\], ]*?\s*=\s*)(?P<rhs>.+?)\s*" + re.escape(INLINE) + r"\s*$")


def strip_solutions(code: str) -> tuple[str, list[str]]:
    """Replace solution regions with stubs.  Returns (student code, removed solution lines)."""
    out, removed, inside, indent = [], [], False, ""
    for line in code.split("\n"):
        if not inside and (m := _BEGIN_RE.match(line)):
            inside, indent = True, m["indent"]
            continue
        if inside:
            if _END_RE.match(line):
                inside = False
                out.append(f"{indent}# YOUR CODE HERE")
                out.append(f'{indent}raise NotImplementedError("Write your code here, then run the check below.")')
            else:
                removed.append(line)
            continue
        if (m := _INLINE_RE.match(line)):
            removed.append(m["rhs"])
            out.append(f"{m['lhs']}...  # YOUR ANSWER HERE")
            continue
        out.append(line)
    if inside:
        raise ValueError(f"a `{BEGIN}` has no matching `{END}`")
    return "\n".join(out), removed


STUDENT_NOTE = ("> **Student version.** The exercises are blank: write your code where it says "
                "`# YOUR CODE HERE`, then run the check under it.")


def student_version(nb: dict, rel_path: str, url: str, branch: str) -> dict:
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["source"], _ = strip_solutions(src(cell))
    title = nb["cells"][0]
    title["source"] = src(title) + "\n\n" + STUDENT_NOTE
    return normalise(nb, rel_path, url, branch)


def build_student() -> list[Path]:
    url, branch = repository()
    STUDENT.mkdir(exist_ok=True)
    written = []
    for p in source_notebooks():
        target = STUDENT / p.name
        save(student_version(load(p), rel(target), url, branch), target)
        written.append(target)
    for stale in set(student_notebooks()) - set(written):
        stale.unlink()
    return written


# ------------------------------------------------------------------------------ rules
def problems(path: Path, *, student: bool = False) -> list[str]:
    """Every template rule one notebook breaks, as readable sentences."""
    path = Path(path)
    found = []
    if not NAME_RE.match(path.name):
        found.append(f"name should be NN_slug.ipynb (two digits, lower-case words), not {path.name}")
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    url, branch = repository()
    if raw != dumps(nb):
        found.append("JSON is not in the canonical format (run `make fmt`)")
    if normalise(nb, rel(path), url, branch) != nb:
        found.append("not normalised: stray outputs, execution counts, metadata, or an out-of-date badge / "
                     "setup cell (run `make fmt`, or `make retarget` after changing course.toml)")
    cells = nb.get("cells", [])
    if len(cells) < 3:
        return found + ["needs at least a title cell, the setup cell and some content"]
    title = src(cells[0])
    if cells[0]["cell_type"] != "markdown" or not re.match(rf"# {path.name[:2]} · \S", title):
        found.append(f"first cell should be markdown starting '# {path.name[:2]} · Title'")
    for needle, what in (("**You will learn**", "learning objectives"), ("**Time:**", "estimated time"),
                         (colab_url(rel(path), url, branch), "a Colab badge pointing at this file")):
        if needle not in title:
            found.append(f"title cell lacks {what} ({needle!r})")
    if src(cells[1]) != setup_source(url, branch):
        found.append("second cell should be the standard setup cell")
    if not student and not (LESSONS / (path.stem + ".md")).is_file():
        found.append(f"no lesson notes: lessons/{path.stem}.md is missing")
    for i, cell in enumerate(cells):
        text = src(cell)
        lines = text.count("\n") + 1
        limit = MAX_CODE_LINES if cell["cell_type"] == "code" else MAX_MARKDOWN_LINES
        if i > 1 and lines > limit:
            found.append(f"cell {i} has {lines} lines (limit {limit}): split it or move plumbing into utils")
        if cell["cell_type"] == "code" and i > 1 and any(h in text for h in WIDGET_HINTS):
            before = src(cells[i - 1]) if i > 0 else ""
            if cells[i - 1]["cell_type"] != "markdown" or "**Widget:**" not in before:
                found.append(f"cell {i} shows a widget: the markdown cell before it needs a '**Widget:**' line "
                             f"saying what it shows")
        if cell["cell_type"] == "code" and cell.get("outputs") and not is_checked(cell):
            found.append(f"cell {i} has committed outputs but is not a {CHECK_MARK} cell")
    if "widgets" in nb.get("metadata", {}):
        found.append("saved widget state in the notebook metadata")
    if student:
        for i, cell in enumerate(cells):
            if BEGIN in src(cell) or END in src(cell) or re.search(re.escape(INLINE) + r"\s*$", src(cell), re.M):
                found.append(f"cell {i} still contains solution markers")
    return found


def all_problems() -> dict[str, list[str]]:
    report = {}
    if README.is_file() and readme_with_table(README.read_text(encoding="utf-8")) != README.read_text(encoding="utf-8"):
        report["README.md"] = ["the syllabus table is out of date (run `make fmt`)"]
    for p in source_notebooks():
        report[rel(p)] = problems(p)
    for p in student_notebooks():
        report[rel(p)] = problems(p, student=True)
    return {k: v for k, v in report.items() if v}


# ------------------------------------------------------------------------------ README table
README = ROOT / "README.md"
TABLE_START, TABLE_END = "<!-- syllabus-table:start -->", "<!-- syllabus-table:end -->"
PLANNED = {
    "03": "Hand-crafted features", "04": "Neurons and perceptrons", "05": "Training neural networks",
    "06": "Convolution by hand", "07": "A convolutional network for MNIST in Keras",
    "08": "Transfer learning with pretrained models", "09": "Build your own teachable machine",
}


def _title_facts(nb: dict) -> tuple[str, str, str]:
    text = src(nb["cells"][0])
    title = re.match(r"# \d\d · (.+)", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.split("\n", 1)[-1]) if p.strip()]
    promise = " ".join(paragraphs[0].split()) if paragraphs and not paragraphs[0].startswith("**") else ""
    minutes = re.search(r"\*\*Time:\*\*\s*(~?\s*\d+\s*min)", text)
    return (title[1].strip() if title else "?"), promise.strip(), (minutes[1] if minutes else "?")


def syllabus_table() -> str:
    """The README's table of notebooks, generated from the notebooks themselves."""
    url, branch = repository()
    rows = ["| # | Notebook | What you will learn | Time | Open |", "|---|---|---|---|---|"]
    built = {p.name[:2]: p for p in source_notebooks()}
    for number in sorted(set(built) | set(PLANNED)):
        if number in built:
            p = built[number]
            title, promise, minutes = _title_facts(load(p))
            rows.append(f"| {number} | [{title}]({rel(p)}) | {promise} | {minutes} | "
                        f"{badge(rel(p), url, branch)} |")
        else:
            rows.append(f"| {number} | {PLANNED[number]} | *in preparation* | | |")
    return "\n".join(rows)


def readme_with_table(text: str) -> str:
    if TABLE_START not in text or TABLE_END not in text:
        return text
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    return f"{head}{TABLE_START}\n{syllabus_table()}\n{TABLE_END}{tail}"


def update_readme() -> None:
    if README.is_file():
        README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")


# ------------------------------------------------------------------------------ drafts
def from_percent(text: str) -> dict:
    """Parse a percent-format draft (``# %%`` code cells, ``# %% [markdown]`` markdown cells)."""
    cells, kind, buf = [], None, []

    def flush():
        if kind is None:
            return
        body = "\n".join(buf).strip("\n")
        if kind == "markdown":
            body = "\n".join(l[2:] if l.startswith("# ") else ("" if l == "#" else l) for l in body.split("\n"))
        cells.append({"cell_type": kind, "metadata": {}, "source": body,
                      **({"outputs": [], "execution_count": None} if kind == "code" else {})})

    for line in text.split("\n"):
        if line.startswith("# %%"):
            flush()
            kind, buf = ("markdown" if "[markdown]" in line else "code"), []
        elif kind is not None:
            buf.append(line)
    flush()
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python tools/nbtool.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("fmt", "execute"):
        sp = sub.add_parser(name)
        sp.add_argument("paths", nargs="*")
    sub.add_parser("student")
    sub.add_parser("check")
    sp = sub.add_parser("retarget")
    sp.add_argument("url")
    sp.add_argument("--branch", default=None)
    sp = sub.add_parser("from-py")
    sp.add_argument("draft")
    sp.add_argument("out")
    args = ap.parse_args(argv)

    if args.cmd == "fmt":
        fmt(args.paths or source_notebooks() + student_notebooks())
        update_readme()
    elif args.cmd == "execute":
        execute(args.paths or source_notebooks())
    elif args.cmd == "student":
        for p in build_student():
            print(f"wrote {rel(p)}")
        update_readme()
    elif args.cmd == "retarget":
        text = CONFIG.read_text(encoding="utf-8")
        text = re.sub(r'(?m)^url = ".*"$', f'url = "{args.url}"', text)
        if args.branch:
            text = re.sub(r'(?m)^branch = ".*"$', f'branch = "{args.branch}"', text)
        CONFIG.write_text(text, encoding="utf-8")
        colab_url("x", *repository())  # validates the address
        fmt(source_notebooks())
        build_student()
        update_readme()
        print(f"every badge and setup cell now points at {repository()[0]} ({repository()[1]})")
    elif args.cmd == "check":
        report = all_problems()
        for path, found in report.items():
            for f in found:
                print(f"{path}: {f}")
        print("all notebooks follow the template" if not report else f"{len(report)} notebook(s) need work")
        return 1 if report else 0
    elif args.cmd == "from-py":
        nb = from_percent(Path(args.draft).read_text(encoding="utf-8"))
        out = Path(args.out)
        url, branch = repository()
        save(normalise(nb, rel(out), url, branch), out)
        print(f"wrote {rel(out)} ({len(nb['cells'])} cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
