"""The window layer reads no private attribute of another object (``other._name``): what one
module needs of another has a public name.

Read from the source with ``ast``; ``self._x``, ``cls._x`` and ``super()._x`` are a class's
own. The window layer is listed here; other layers join the list as they are cleaned.
"""

from __future__ import annotations

import ast
from pathlib import Path

import explorer

PACKAGE = Path(explorer.__file__).parent
CHECKED = [
    "lessons",
    "render.py",
    "session/file_bookmarks.py",
    "session/file_format.py",
    "session/file_reader.py",
    "session/file_writer.py",
    "session/files.py",
    "session/file_fields.py",
    "ui/actions.py",
    "ui/classroom.py",
    "ui/export",
    "ui/lesson_panel.py",
    "ui/main_window.py",
    "ui/model_status.py",
    "ui/presentation.py",
    "ui/run_control.py",
    "ui/session_events.py",
    "ui/start_page.py",
    "ui/window_scaling.py",
    "ui/window_state.py",
    "ui/window_theme.py",
]


def checked_files() -> list[Path]:
    files = []
    for name in CHECKED:
        path = PACKAGE / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def private_reads(source: str) -> list[tuple[int, str]]:
    """(line, expression) of every ``x._name`` whose ``x`` is not self, cls or super()."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        if not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if isinstance(owner, ast.Call) and ast.unparse(owner.func) == "super":
            continue
        found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_check_sees_a_private_read_and_lets_own_attributes_be():
    source = "def f(self, panel):\n    self._a = panel._applied\n    super()._b()\n"
    assert private_reads(source) == [(2, "panel._applied")]


def test_the_window_layer_reads_no_private_attribute_of_another_object():
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {expression}"
        for path in checked_files()
        for line, expression in private_reads(path.read_text(encoding="utf-8"))
    ]
    assert not wrong, "private attributes read from outside:\n" + "\n".join(wrong)
