"""File → Save session / Open session in the window: round trip and clear errors."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu, QMessageBox

from explorer.ui.main_window import MainWindow


def make_window(qtbot, tmp_path) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def test_save_then_open_restores_the_run_and_the_settings_panel(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    window.ctrl.reset(window.ctrl.config.with_changes(hidden_size=12))
    for _ in range(4):
        window.ctrl.one_iteration()
    path = tmp_path / "run.bptt"
    assert window.session_files.save(path)
    loss = window.ctrl.view().curves["lstm"].loss.copy()

    window.ctrl.reset(window.ctrl.config.with_changes(hidden_size=20))
    window.controls.setConfig(window.ctrl.config)
    assert window.session_files.open(path)
    view = window.ctrl.view()
    assert view.completed == 4
    assert (view.curves["lstm"].loss == loss).all()
    assert window.ctrl.config.hidden_size == 12
    assert window.controls.current().hidden_size == 12
    window.close()


def test_a_broken_file_is_reported_and_the_run_is_kept(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    window.ctrl.one_iteration()
    completed = window.ctrl.view().completed
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    broken = tmp_path / "broken.bptt"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert not window.session_files.open(broken)
    assert shown and str(broken) in shown[0]
    assert window.ctrl.view().completed == completed
    assert not window.session_files.save(tmp_path / "missing" / "x.bptt")
    assert "does not exist" in shown[-1]
    window.close()


def test_file_menu_offers_open_and_save_with_standard_keys(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    files = window.session_files
    assert files.open_action.shortcut().toString() == "Ctrl+O"
    assert files.save_action.shortcut().toString() == "Ctrl+S"
    menus = window.menuBar().findChildren(QMenu)
    file_actions = next(m.actions() for m in menus if files.open_action in m.actions())
    assert files.save_action in file_actions
    window.close()
