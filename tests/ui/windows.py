"""The real main window as the window tests open it."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QApplication, QWidget

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.main_window import MainWindow

W = TypeVar("W", bound=QWidget)


def show_widget(qtbot, widget: W, size: tuple[int, int]) -> W:
    """``widget`` handed to ``qtbot`` (closed after the test), resized to ``size``, shown
    and exposed."""
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_window(qtbot, settings, *, size=(1400, 900), **kwargs) -> MainWindow:
    """A ``MainWindow`` (``kwargs`` go to it) resized to ``size``, shown and exposed."""
    return show_widget(qtbot, MainWindow(settings, remember_geometry=False, **kwargs), size)


def open_active_window(
    qtbot, settings, config: SessionConfig | None = None, *, session: Session | None = None
) -> MainWindow:
    """The window at its default size, active (window shortcuts fire only in the active
    window), over a run of ``config`` with one iteration done (the default run if None),
    or over ``session`` as it is."""
    controller = None if session is None else SessionController(session)
    if config is not None:
        controller = SessionController(Session(config))
        controller.one_iteration()
    window = MainWindow(settings, remember_geometry=False, controller=controller)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window
