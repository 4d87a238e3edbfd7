"""The main window builds, has its menus, and remembers its geometry."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QObject, QSettings, QSize, Signal

from explorer import APP_NAME
from explorer.ui.main_window import MINIMUM_SIZE, MainWindow


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text().replace("&", "") for action in window.menuBar().actions()]


def test_window_has_title_menus_and_status_bar(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == APP_NAME
    assert menu_titles(window) == ["File", "Edit", "View", "Lessons", "Help"]
    # The window opens before any iteration: one word for it, in the phase line.
    assert window.transport.phase.text() == "Ready"
    assert "no iteration yet" in window.model_status.text()
    assert "loss" not in window.model_status.text()
    assert window.classroom.presentation.shortcut().toString() == "F11"
    assert window.actions.full_screen.shortcut().toString() == "Shift+F11"


def test_geometry_round_trips_through_settings(qtbot, tmp_path):
    path = str(tmp_path / "geometry.ini")
    first = MainWindow(QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.resize(1300, 850)
    first.show()
    qtbot.waitExposed(first)
    first.close()

    settings = QSettings(path, QSettings.Format.IniFormat)
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.restoreSettings(settings)
    assert (second.width(), second.height()) == (1300, 850)


def test_garbage_geometry_in_settings_is_ignored(qtbot, settings):
    settings.setValue("window/geometry", "not a geometry")
    settings.setValue("window/size", "wide")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    before = window.geometry()
    window.restoreSettings(settings)
    assert window.geometry() == before


def test_a_saved_size_below_the_minimum_is_ignored(qtbot, settings):
    settings.setValue("window/size", QSize(MINIMUM_SIZE[0] - 1, MINIMUM_SIZE[1]))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    before = window.size()
    window.restoreSettings(settings)
    assert window.size() == before
    settings.setValue("window/size", QSize(*MINIMUM_SIZE))
    window.restoreSettings(settings)
    assert (window.width(), window.height()) == MINIMUM_SIZE


def test_graph_and_inspector_hovers_are_linked_both_ways(qtbot):
    class Graph(QObject):  # stands in for GraphView's half of the contract
        sigHovered = Signal(str)

        def __init__(self):
            super().__init__()
            self.highlighted = []

        def setHighlight(self, ids):
            self.highlighted.append(tuple(ids))

    class Inspector(QObject):  # stands in for Inspector's half
        sigTermHovered = Signal(object)

        def __init__(self):
            super().__init__()
            self.sources = []

        def showSources(self, ids):
            self.sources.append(ids)

    stand_in = SimpleNamespace(graph=Graph(), inspector=Inspector())
    MainWindow._link_graph_and_inspector(stand_in)
    stand_in.graph.sigHovered.emit("h@2->h@3")
    stand_in.inspector.sigTermHovered.emit(("W_hh", "h@2"))
    assert stand_in.inspector.sources == ["h@2->h@3"]
    assert stand_in.graph.highlighted == [("W_hh", "h@2")]
