"""The layer map in ARCHITECTURE.md holds: no import runs up a layer or closes a cycle."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "validator"
# Third-party and standard-library modules the core (foundation up to api) must never import.
FORBIDDEN_IN_CORE = ("hypothesis", "hypothesis_jsonschema", "argparse", "pytest", "_pytest")
CORE_LAYERS = ("foundation", "schemas", "parsing", "validation", "diff", "api")


def layer_table() -> list[tuple[str, tuple[str, ...]]]:
    """The (layer, module patterns) rows of ARCHITECTURE.md's layer table, bottom layer first."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("<!-- layers: read by tests/test_architecture.py -->", 1)[1].split("<!-- /layers -->")[
        0
    ]
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("layer", "") or set(cells[0]) <= {"-"}:
            continue
        rows.append((cells[0], tuple(re.findall(r"`([\w.*]+)`", cells[1]))))
    return rows


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "schemas" in path.relative_to(PACKAGE).parts:
            continue
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def layer_of(module: str, table: list[tuple[str, tuple[str, ...]]]) -> tuple[int, str] | None:
    """The index and name of the layer whose patterns name ``module``; the longest pattern wins."""
    best: tuple[int, int, str] | None = None
    for index, (layer, patterns) in enumerate(table):
        for pattern in patterns:
            prefix = pattern.removesuffix(".*")
            named = module == prefix or (pattern.endswith(".*") and module.startswith(prefix + "."))
            if named and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index, layer)
    return None if best is None else (best[1], best[2])


def imports_of(source: str, module: str, known: set[str]) -> Iterator[tuple[str, int]]:
    """``(imported module, line)`` for every import in ``source``, deferred ones included.

    ``from validator import x`` names the submodule ``validator.x`` when there is one, else the package.
    """
    package = module if f"{module}.__init__" in known else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule if submodule in known else base), node.lineno


def violations(
    source: str, module: str, table: list[tuple[str, tuple[str, ...]]], known: set[str]
) -> list[str]:
    """What is wrong with the imports of one module: imports up a layer, forbidden imports in the core."""
    own = layer_of(module, table)
    assert own is not None, f"{module} is in no layer of ARCHITECTURE.md"
    problems = []
    for imported, line in imports_of(source, module, known):
        top = imported.split(".")[0]
        if top == "validator":
            target = layer_of(imported, table)
            assert target is not None, f"{imported} (imported by {module}) is in no layer of ARCHITECTURE.md"
            if target[0] > own[0]:
                problems.append(f"{module}:{line} imports {imported}, up from {own[1]} to {target[1]}")
        elif own[1] in CORE_LAYERS and top in FORBIDDEN_IN_CORE:
            problems.append(f"{module}:{line} imports {imported}, which the core must not")
    return problems


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules) | {
        f"{name}.__init__" for name, path in modules.items() if path.name == "__init__.py"
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        graph[name] = {imported for imported, _ in imports_of(source, name, known) if imported in modules}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


# The package's own __init__ modules import the submodules they re-export; those edges are not cycles
# that matter (Python runs the package first), so they are left out of the cycle search.
def without_package_reexports(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        name: {target for target in targets if not name.startswith(target + ".")}
        for name, targets in graph.items()
    }


def test_every_module_is_in_exactly_one_layer() -> None:
    """Each module of the package is named by the layer table, so no new module escapes the map."""
    table = layer_table()
    assert [layer for layer, _ in table][:3] == ["foundation", "schemas", "parsing"]
    missing = [name for name in module_names() if layer_of(name, table) is None]
    assert [] == missing


def test_no_import_runs_up_a_layer_and_the_core_stays_free_of_extras() -> None:
    """No module imports a module of a higher layer; the core imports no Hypothesis, argparse or pytest."""
    table = layer_table()
    modules = module_names()
    known = set(modules) | {
        f"{name}.__init__" for name, path in modules.items() if path.name == "__init__.py"
    }
    problems = []
    for name, path in modules.items():
        problems += violations(path.read_text(encoding="utf-8"), name, table, known)
    assert [] == problems


def test_no_import_cycle() -> None:
    """No two modules import each other, directly or through others."""
    assert [] == cycles(without_package_reexports(import_graph(module_names())))


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "validator._findings",
            "from validator._reporting.report import DocumentReport\n",
            "validator._findings:1 imports validator._reporting.report, up from foundation to reporting",
        ),
        (
            "validator._rules.tasks",
            "def f():\n    from validator.cli import main\n",
            "validator._rules.tasks:2 imports validator.cli, up from validation to interfaces",
        ),
        (
            "validator._validator",
            "import hypothesis.strategies\n",
            "validator._validator:1 imports hypothesis.strategies, which the core must not",
        ),
        (
            "validator._validator",
            "import argparse\n",
            "validator._validator:1 imports argparse, which the core must not",
        ),
    ],
)
def test_the_check_fails_on_an_upward_or_forbidden_import(module: str, source: str, expected: str) -> None:
    """The layer check reports an upward import, deferred or not, and a forbidden one in the core."""
    table = layer_table()
    known = set(module_names())
    assert [expected] == violations(source, module, table, known)


def test_the_check_allows_imports_down_and_across_a_layer() -> None:
    """Imports of the same or a lower layer pass."""
    source = "from validator._findings import Finding\nfrom validator._rules.context import JobContext\n"
    assert [] == violations(source, "validator._rules.tasks", layer_table(), set(module_names()))


def test_the_cycle_search_finds_a_cycle() -> None:
    """A cycle through three modules is reported as one component."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [["a", "b", "c"]] == cycles(graph)
