"""Menu items found the way a user finds them: through the window's menu bar."""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


def menu_action(window, *path: str) -> QAction:
    """The action at ``path`` of menu titles and the item's text, without the & marks,
    e.g. ``menu_action(window, "View", "Presenter tools", "Annotation pen")``."""

    def plain(text: str) -> str:
        return text.replace("&", "")

    actions = window.menuBar().actions()
    for i, name in enumerate(path):
        match = next((a for a in actions if plain(a.text()) == name), None)
        if match is None:
            raise AssertionError(f"no {name!r} in {' → '.join(path[:i]) or 'the menu bar'}")
        if i == len(path) - 1:
            return match
        actions = submenu(window, match).actions()
    raise AssertionError("empty path")


def submenu(window, action: QAction) -> QMenu:
    """The menu that ``action`` opens (found among the window's menus: ``QAction.menu()``
    hands back a dead wrapper in PySide6 6.10)."""
    address = shiboken6.getCppPointer(action)[0]
    for menu in window.findChildren(QMenu):
        if shiboken6.getCppPointer(menu.menuAction())[0] == address:
            return menu
    raise AssertionError(f"{action.text()!r} opens no menu")
