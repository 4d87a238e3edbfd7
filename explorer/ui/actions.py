"""The app's reusable actions, so menus, toolbars and shortcuts share one QAction each."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Actions:
    """Every action of the main window, made once."""

    quit: QAction
    full_screen: QAction
    about: QAction
    shortcuts: QAction


def _action(parent: QWidget, text: str, shortcut: QKeySequence | str | None, tip: str) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip)
    return action


def make_actions(parent: QWidget) -> Actions:
    """Create the actions owned by ``parent`` (the main window)."""
    full_screen = _action(parent, "&Full screen", "F11", "Fill the screen (F11 again to leave)")
    full_screen.setCheckable(True)
    return Actions(
        quit=_action(parent, "&Quit", QKeySequence.StandardKey.Quit, "Close BPTT Explorer"),
        full_screen=full_screen,
        about=_action(parent, "&About BPTT Explorer", None, "Version and credits"),
        shortcuts=_action(parent, "&Keyboard shortcuts", None, "List every keyboard shortcut"),
    )
