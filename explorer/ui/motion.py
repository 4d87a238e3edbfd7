"""Reduced motion: one setting that turns off every animation of the window.

View → Reduce motion (remembered in the settings) stops the graph's eased colour changes,
the annotation pen's fade and the spotlight's fades; anything that animates asks
``reduced()`` before it starts, and may ``add_listener`` to hear when the setting changes.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from explorer.ui.i18n import tr
from explorer.ui.menus import menu_titled

SETTINGS_KEY = "view/reduced_motion"

_state = {"reduced": False}
_listeners: list[Callable[[bool], None]] = []


def reduced() -> bool:
    """Whether animations are off (View → Reduce motion)."""
    return _state["reduced"]


def set_reduced(on: bool) -> None:
    """Turn animations off (``on``) or back on, and tell the listeners."""
    on = bool(on)
    if on == _state["reduced"]:
        return
    _state["reduced"] = on
    for listener in list(_listeners):
        listener(on)


def add_listener(listener: Callable[[bool], None]) -> None:
    """Call ``listener(reduced)`` whenever the setting changes."""
    _listeners.append(listener)


def remove_listener(listener: Callable[[bool], None]) -> None:
    """Stop calling ``listener``."""
    if listener in _listeners:
        _listeners.remove(listener)


def read_reduced(settings: QSettings) -> bool:
    """The saved setting; anything unreadable means off."""
    value = settings.value(SETTINGS_KEY, False)
    if isinstance(value, str):  # INI files give strings back
        return value.strip().lower() in ("true", "1", "yes", "on")
    return value is True


class ReducedMotion:
    """The window's View → Reduce motion action, and what it switches in the window."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        self.window = window
        self.settings = settings
        self.action = QAction(tr("Reduce &motion"), window)
        self.action.setCheckable(True)
        self.action.setStatusTip(
            tr("Turn off every animation: colour easing, the pen's and the spotlight's fades")
        )
        set_reduced(read_reduced(settings))
        self.action.setChecked(reduced())
        self.action.toggled.connect(self.setReduced)
        # The window's own Animations entry turns the graph's easing back on: not while
        # motion is reduced.
        window.actions.animations.toggled.connect(lambda _on: self._apply())
        add_listener(self._heard)
        window.destroyed.connect(lambda *_a, f=self._heard: remove_listener(f))
        self._apply()

    def setReduced(self, on: bool) -> None:
        """Reduce motion (``on``) or not; remembered in the settings."""
        self.settings.setValue(SETTINGS_KEY, bool(on))
        set_reduced(on)
        self._apply()

    def _heard(self, on: bool) -> None:
        # Another window changed the setting: follow it.
        if not shiboken6.isValid(self.action):
            remove_listener(self._heard)
            return
        if self.action.isChecked() != on:
            self.action.blockSignals(True)
            self.action.setChecked(on)
            self.action.blockSignals(False)
        self._apply()

    def _apply(self) -> None:
        animations = self.window.actions.animations
        animations.setEnabled(not reduced())
        self.window.graph.setAnimated(animations.isChecked() and not reduced())


def install_reduced_motion(window: QMainWindow) -> ReducedMotion:
    """Put View → Reduce motion into ``window`` (``window.reduced_motion``), read from and
    saved to the window's settings."""
    switch = ReducedMotion(window, window._settings)
    view_menu = menu_titled(window, "&View")
    if view_menu is not None:
        view_menu.insertAction(window.actions.animations, switch.action)
    window.reduced_motion = switch
    return switch
