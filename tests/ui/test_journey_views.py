"""Journeys through the window's views as a person takes them: keys to the focused widget,
mouse clicks on tabs, menus from the menu bar, and checks of what is actually drawn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.main_window import MainWindow

from .windows import open_window


def window_with(qtbot, settings, cells, size=(1400, 900), **config) -> MainWindow:
    """The window on a run comparing ``cells``, one iteration computed, active."""
    controller = SessionController(Session(SessionConfig(cells=tuple(cells), **config)))
    controller.one_iteration()
    window = open_window(qtbot, settings, size=size, controller=controller)
    controller.setParent(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    """``key`` to the widget that has the focus (the window itself if none has)."""
    qtbot.keyClick(QApplication.focusWidget() or window, key)


def click_tab(qtbot, window: MainWindow, widget: QWidget) -> None:
    """Click ``widget``'s tab with the mouse."""
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(widget)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentWidget() is widget


def click_graph(qtbot, window: MainWindow) -> None:
    """Click empty space of the graph, as someone does before using the keyboard."""
    viewport = window.graph.canvas.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))


@pytest.mark.parametrize(
    "cells", [("rnn",), ("rnn", "lstm"), ("rnn", "lstm", "gru")], ids=["1", "2", "3"]
)
def test_hidden_states_tab_draws_every_lane(qtbot, settings, cells):
    window = window_with(qtbot, settings, cells)
    completed = window.ctrl.view().completed
    click_graph(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctrl.view().completed == completed + 1, timeout=5000)
    click_tab(qtbot, window, window.hidden)
    qtbot.wait(50)
    view = window.ctrl.view()
    for cell in cells:
        plot, image, *_ = window.hidden._items[cell]
        assert image.image is not None and image.image.shape == (view.T, 32)
        drawn = window.hidden.imageRect(cell)
        shown = window.hidden.viewRect(cell)
        assert shown.contains(drawn.adjusted(0.01, 0.01, -0.01, -0.01)), (cell, drawn, shown)
        # ... and fills it: no blank plot around a sliver of image.
        assert drawn.width() >= 0.95 * shown.width() and drawn.height() >= 0.95 * shown.height()
        assert plot.isVisible() and plot.getViewBox().width() > 100
    window.close()
