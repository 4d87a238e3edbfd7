"""Imports inside the package run one way: engine → tasks → session → lessons → ui → entry points.

Read from the source with ``ast`` (no import side effects), so a function-local import that
climbs a layer is caught as well as a module-level one; and no two modules import each
other, directly or around a loop (a ``TYPE_CHECKING`` import counts: it is a dependency too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import explorer

PACKAGE = Path(explorer.__file__).parent

# Lower numbers sit lower. Leaf helpers that every layer may use are at 0 with the engine.
LAYERS = {
    "explorer": 0,
    "explorer.messages": 0,
    "explorer.arguments": 0,
    "explorer.paths": 0,
    "explorer.params": 0,
    "explorer.atomic_file": 0,
    "explorer.gif_writer": 0,
    "explorer.engine": 0,
    "explorer.tasks": 1,
    "explorer.session": 2,
    "explorer.lessons": 3,
    "explorer.formulas": 3,
    "explorer.teaching": 3,
    "explorer.ui": 4,
    "explorer.render": 5,
    "explorer.cli": 5,
    "explorer.app": 6,
}


def layer_of(module: str) -> tuple[str, int]:
    """The longest LAYERS key that is ``module`` or a parent package of it."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in LAYERS:
            return key, LAYERS[key]
    raise AssertionError(f"{module} belongs to no layer; add it to LAYERS")


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, name: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # "from pkg import name" may import the submodule pkg.name.
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return [(line, mod) for line, mod in found if mod.split(".")[0] == "explorer"]


def test_every_import_points_down_or_sideways():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        own_key, own = layer_of(name)
        for line, target in imported_modules(path, name):
            key, level = layer_of(target)
            if level > own:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} {own_key} imports {key}")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def known_module(target: str, modules: dict[str, Path]) -> str | None:
    """``target`` cut back to the package module it names (a.b.func → a.b)."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def import_graph() -> dict[str, list[str]]:
    """Each module of the package and the package modules it imports."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        targets = {known_module(t, modules) for _, t in imported_modules(path, name)}
        graph[name] = sorted(t for t in targets if t and t != name)
    return graph


def cycles_in(graph: dict[str, list[str]]) -> list[list[str]]:
    """Groups of nodes that reach each other, directly or around a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return cycles


def test_the_cycle_finder_finds_direct_and_roundabout_cycles():
    graph = {"a": ["b"], "b": ["a"], "c": ["d"], "d": ["e"], "e": ["c"], "f": ["a"]}
    assert sorted(cycles_in(graph)) == [["a", "b"], ["c", "d", "e"]]
    assert cycles_in({"a": ["b"], "b": [], "c": ["a"]}) == []


def test_no_import_cycles():
    cycles = cycles_in(import_graph())
    assert not cycles, "modules that import each other:\n" + "\n".join(map(" ↔ ".join, cycles))


def reachable(graph: dict[str, list[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    seen, todo = set(), [start]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_headless_renderer_reaches_no_main_window():
    reached = reachable(import_graph(), "explorer.render")
    assert "explorer.ui.export.frames" in reached  # it does draw with the views
    assert not reached & {"explorer.ui.main_window", "explorer.ui.application"}


def test_the_layer_table_knows_every_top_level_module():
    for path in PACKAGE.iterdir():
        if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists()):
            layer_of(module_name(path if path.suffix == ".py" else path / "__init__.py"))
