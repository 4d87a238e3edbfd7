"""Finding the window's menus, for features that install their entries into them."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

from explorer.ui.i18n import tr


def menu_titled(window: QMainWindow, title: str) -> QMenu | None:
    """The menu bar's menu titled ``tr(title)`` (e.g. "&View"), or None."""
    for menu in window.menuBar().findChildren(QMenu):
        if menu.title() == tr(title):
            return menu
    return None
