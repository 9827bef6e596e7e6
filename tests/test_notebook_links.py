"""Where a learner lands: every link to a notebook in README.md and in the notebooks' title cells
opens a file that exists, and the first one a learner meets for each notebook is the exercise version.

Deliberately independent of tools/nbtool.py's own link writing: links are read back from the text.
"""

import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)\s]+)\)")  # the target of a markdown link or image
NUMBERED = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")


def _repository():
    with open(ROOT / "course.toml", "rb") as f:
        repo = tomllib.load(f)["repository"]
    owner, name = re.match(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?$", repo["url"]).groups()
    return owner, name, repo.get("branch", "main")


def resolve(target: str, base: Path) -> Path:
    """The repository file a link opens: a Colab or GitHub address of this repository, or a path
    relative to ``base``. Raises AssertionError for an address of another repository or branch."""
    owner, name, branch = _repository()
    m = re.match(
        r"https://(?:colab\.research\.google\.com/github|github\.com)/([^/]+)/([^/]+)/blob/([^/]+)/(.+)$",
        target,
    )
    if m:
        assert m.groups()[:3] == (owner, name, branch), f"{target} points at another repository or branch"
        return ROOT / m[4]
    assert not re.match(r"[a-z]+://", target), f"{target}: a notebook link to somewhere else"
    return (base / target).resolve()


def notebook_links(text: str, base: Path) -> list[Path]:
    """The notebook files that ``text``'s links open, in reading order."""
    return [resolve(t, base) for t in LINK.findall(text) if t.split("#")[0].endswith(".ipynb")]


def _exercise_versions():
    return sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if NUMBERED.match(p.name))


def _solved_versions():
    return sorted(p for p in (ROOT / "notebooks" / "solutions").glob("*.ipynb") if NUMBERED.match(p.name))


def _title(path: Path) -> str:
    source = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    return "".join(source)


def test_the_helpers_notice_a_broken_or_foreign_link():
    links = notebook_links("[a](notebooks/99_missing.ipynb) [b](https://example.com/x.png)", ROOT)
    assert links == [ROOT / "notebooks" / "99_missing.ipynb"] and not links[0].exists()
    with pytest.raises(AssertionError, match="another repository"):
        resolve("https://colab.research.google.com/github/someone/else/blob/main/notebooks/00_x.ipynb", ROOT)


def test_every_notebook_link_in_the_readme_opens_an_existing_file():
    links = notebook_links(README.read_text(encoding="utf-8"), ROOT)
    assert links, "the README should link the notebooks"
    missing = [str(p.relative_to(ROOT)) for p in links if not p.is_file()]
    assert missing == []


def test_the_readme_lands_a_learner_on_the_exercise_version():
    text = README.read_text(encoding="utf-8")
    exercises = {p.name: p for p in _exercise_versions()}
    first = notebook_links(text, ROOT)[0]
    assert first.parent == ROOT / "notebooks", f"the README's first notebook link opens {first}"
    rows = {}
    for line in text.splitlines():
        m = re.match(r"\|\s*(\d\d)\s*\|", line)
        if m and notebook_links(line, ROOT):
            rows[m[1]] = notebook_links(line, ROOT)
    assert sorted(rows) == sorted(name[:2] for name in exercises), "one table row per notebook"
    for number, links in rows.items():
        exercise = next(p for name, p in exercises.items() if name.startswith(number))
        assert links[0] == exercise, f"row {number}: the first link should open {exercise.relative_to(ROOT)}"
        assert ROOT / "notebooks" / "solutions" / exercise.name in links, f"row {number}: no solved link"
        assert links.index(exercise) < links.index(ROOT / "notebooks" / "solutions" / exercise.name)


@pytest.mark.parametrize("path", _exercise_versions(), ids=lambda p: p.name)
def test_an_exercise_version_opens_itself_first_and_links_its_solved_version(path):
    links = notebook_links(_title(path), path.parent)
    assert links and all(p.is_file() for p in links), links
    assert links[0] == path, "the badge of the exercise version opens the exercise version"
    assert ROOT / "notebooks" / "solutions" / path.name in links


@pytest.mark.parametrize("path", _solved_versions(), ids=lambda p: p.name)
def test_a_solved_version_links_back_to_its_exercise_version(path):
    links = notebook_links(_title(path), path.parent)
    assert links and all(p.is_file() for p in links), links
    assert links[0] == path, "the badge of the solved version opens the solved version"
    assert ROOT / "notebooks" / path.name in links
