"""The layout rules of `utils/` (notebooks/README.md, "Where code goes"), checked on the code itself."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import utils

UTILS = Path(utils.__file__).resolve().parent
DRAWING_MODULES = {"plotting", "widgets"}
"""The only top-level modules that may import matplotlib or ipywidgets (and utils.figures/ draws)."""
CONCEPT_MODULES = sorted(
    info.name
    for info in pkgutil.iter_modules([str(UTILS)])
    if not info.ispkg and not info.name.startswith("_") and info.name not in DRAWING_MODULES
)
"""Every other module: the lessons' tested reference code and the plumbing; these never draw."""


def _modules():
    names = []
    for info in pkgutil.walk_packages([str(UTILS)], prefix="utils."):
        names.append(info.name)
    return sorted(names)


def _intra_package_imports(path: Path, module: str) -> set[str]:
    """The utils modules that ``module`` imports (at any depth of the file: late imports count too)."""
    tree = ast.parse(path.read_text())
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("utils"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(
                    sub
                    if (UTILS.parent / (sub.replace(".", "/") + ".py")).exists()
                    or (UTILS.parent / sub.replace(".", "/")).is_dir()
                    else target
                )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("utils"))
    found.discard(module)
    return found


def _graph():
    graph = {}
    for name in _modules():
        rel = name.replace(".", "/")
        path = UTILS.parent / (rel + ".py")
        if not path.exists():
            path = UTILS.parent / rel / "__init__.py"
        graph[name] = {m for m in _intra_package_imports(path, name) if m != "utils"}
    return graph


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_env_imports_nothing_else_from_the_package():
    assert _graph()["utils.env"] == set()


@pytest.mark.parametrize("name", CONCEPT_MODULES)
def test_concept_modules_never_draw(name):
    source = (UTILS / f"{name}.py").read_text()
    assert "matplotlib" not in source, (
        f"utils/{name}.py imports matplotlib: move the figure to utils/figures/"
    )
    graph = _graph()
    assert not any(
        m.startswith(("utils.plotting", "utils.figures", "utils.widgets")) for m in graph[f"utils.{name}"]
    )


def test_widgets_only_wire_controls():
    tree = ast.parse((UTILS / "widgets.py").read_text())
    drawing = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in {"plt", "imshow"}]
    assert not drawing, "widgets.py should only wire controls to plain functions; it draws"


def _public_callables():
    for name in _modules():
        if name.split(".")[-1].startswith("_") and not name.endswith("__init__"):
            continue
        mod = importlib.import_module(name)
        for attr in getattr(mod, "__all__", None) or [a for a in vars(mod) if not a.startswith("_")]:
            obj = getattr(mod, attr)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name:
                yield f"{name}.{attr}", obj


def test_every_public_function_says_where_it_is_taught():
    missing = [
        n
        for n, obj in _public_callables()
        if not re.search(r"\b(Taught|Used) (in|by)\b", inspect.getdoc(obj) or "")
    ]
    assert not missing, (
        "these public helpers do not say where they are taught "
        "('Taught in NN · Section' or 'Used in NN · …'): " + ", ".join(missing)
    )


def test_the_package_table_lists_every_module():
    doc = utils.__doc__
    for name in _modules():
        short = name.removeprefix("utils.")
        if (
            short.split(".")[-1].startswith("_")
            or short.startswith("exercises.nb")
            or short.startswith("figures.nb")
        ):
            continue
        assert f"utils.{short}" in doc or short in doc, f"utils/__init__.py's table does not mention {name}"


def test_each_notebook_has_its_figures_and_exercises_module():
    notebooks = sorted((UTILS.parent / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    for nb in notebooks:
        num = nb.name[:2]
        assert (UTILS / "exercises" / f"nb{num}.py").exists(), f"no utils/exercises/nb{num}.py for {nb.name}"
        assert (UTILS / "figures" / f"nb{num}.py").exists(), f"no utils/figures/nb{num}.py for {nb.name}"
        assert f"{num}" in utils.__doc__
