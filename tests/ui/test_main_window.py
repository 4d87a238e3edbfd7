"""The main window builds, has its menus, and remembers its geometry."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize

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
