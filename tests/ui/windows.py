"""The real main window as the window tests open it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.main_window import MainWindow


def open_window(qtbot, settings, *, size=(1400, 900), **kwargs) -> MainWindow:
    """A ``MainWindow`` (``kwargs`` go to it) resized to ``size``, shown and exposed."""
    window = MainWindow(settings, remember_geometry=False, **kwargs)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_active_window(qtbot, settings, config: SessionConfig | None = None) -> MainWindow:
    """The window at its default size, active (window shortcuts fire only in the active
    window), over a run of ``config`` with one iteration done (the default run if None)."""
    controller = None
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
