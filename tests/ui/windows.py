"""The real main window as the window tests open it."""

from __future__ import annotations

from explorer.ui.main_window import MainWindow


def open_window(qtbot, settings, *, size=(1400, 900), **kwargs) -> MainWindow:
    """A ``MainWindow`` (``kwargs`` go to it) resized to ``size``, shown and exposed."""
    window = MainWindow(settings, remember_geometry=False, **kwargs)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window
