"""View → Reduce motion: turns off the graph's easing (and the pen's and spotlight's fades,
which read ``motion.reduced()``), and is remembered in the settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from explorer.ui import motion

from .menu_paths import menu_action
from .windows import open_window


def test_reduce_motion_from_the_view_menu_is_remembered(qtbot, tmp_path):
    path = str(tmp_path / "settings.ini")
    settings = QSettings(path, QSettings.Format.IniFormat)
    window = open_window(qtbot, settings)
    assert not motion.reduced() and window.graph.animated
    menu_action(window, "View", "Reduce motion").trigger()
    assert motion.reduced()
    assert not window.graph.animated
    # The Animations entry cannot turn the easing back on meanwhile.
    assert not window.actions.animations.isEnabled()
    window.actions.animations.setChecked(True)
    assert not window.graph.animated
    window.close()
    settings.sync()

    again = open_window(qtbot, QSettings(path, QSettings.Format.IniFormat))
    assert motion.reduced() and not again.graph.animated
    item = menu_action(again, "View", "Reduce motion")
    assert item.isChecked()
    item.trigger()
    assert not motion.reduced() and again.graph.animated
    assert again.actions.animations.isEnabled()
    again.close()


def test_unreadable_setting_means_motion_is_on(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(motion.SETTINGS_KEY, "perhaps")
    assert motion.read_reduced(settings) is False
    settings.setValue(motion.SETTINGS_KEY, "true")
    assert motion.read_reduced(settings) is True
