"""File → Save session / Open session in the window: in the background, with clear errors."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton

import explorer.ui.session_files as session_files
from explorer.ui.main_window import MainWindow


def make_window(qtbot, tmp_path) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def file_menu_action(window, text: str):
    """The File menu's item whose text starts with ``text`` (as a user finds it)."""
    menus = window.menuBar().findChildren(QMenu)
    file_menu = next(m for m in menus if m.menuAction() in window.menuBar().actions()[:1])
    return next(a for a in file_menu.actions() if a.text().replace("&", "").startswith(text))


def answer_dialogs(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def finish(qtbot, window) -> bool:
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as blocker:
        pass
    return blocker.args[0]


def test_save_then_open_from_the_menu_restores_the_run(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    window.ctrl.reset(window.ctrl.config.with_changes(hidden_size=12))
    for _ in range(4):
        window.ctrl.one_iteration()
        window.ctrl.wait_idle()  # one at a time: iterations waiting for a worker merge into one
    assert window.ctrl.view().completed == 4
    path = tmp_path / "run.bptt"
    answer_dialogs(monkeypatch, path)
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as saved:
        file_menu_action(window, "Save session").trigger()
    assert saved.args == [True] and path.is_file()
    loss = window.ctrl.view().curves["lstm"].loss.copy()

    window.ctrl.reset(window.ctrl.config.with_changes(hidden_size=20))
    window.controls.setConfig(window.ctrl.config)
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as opened:
        file_menu_action(window, "Open session").trigger()
        # Until the new run is fully read, the current one stays on screen.
        assert window.ctrl.config.hidden_size == 20
    assert opened.args == [True]
    view = window.ctrl.view()
    assert view.completed == 4
    assert (view.curves["lstm"].loss == loss).all()
    assert window.ctrl.config.hidden_size == 12
    assert window.controls.current().hidden_size == 12
    window.close()


def test_a_broken_file_is_reported_and_the_run_is_kept(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    window.ctrl.one_iteration()
    window.ctrl.wait_idle()  # the iteration may run in a worker
    completed = window.ctrl.view().completed
    assert completed == 1
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    broken = tmp_path / "broken.bptt"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    answer_dialogs(monkeypatch, broken)
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as opened:
        file_menu_action(window, "Open session").trigger()
    assert opened.args == [False]
    assert shown and str(broken) in shown[0]
    assert window.ctrl.view().completed == completed
    answer_dialogs(monkeypatch, tmp_path / "missing" / "x.bptt")
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as saved:
        file_menu_action(window, "Save session").trigger()
    assert saved.args == [False]
    assert "does not exist" in shown[-1]
    window.close()


def slow(real):
    """``real`` (save or load) that first waits to be cancelled, reporting progress meanwhile:
    however loaded the machine, the progress dialog has shown and Cancel been clicked before
    the work could finish (if it never is, the real work runs after a minute)."""

    def wrapper(*args, progress=None, cancelled=None, **kwargs):
        for i in range(6000):
            if cancelled():
                raise session_files.SessionFileCancelled()
            progress(min(0.5, i / 400))
            time.sleep(0.01)
        return real(*args, progress=progress, cancelled=cancelled, **kwargs)

    return wrapper


def click_cancel(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: (
            window.session_files.progress is not None and window.session_files.progress.isVisible()
        ),
        timeout=10000,
    )
    button = window.session_files.progress.findChild(QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_slow_save_shows_progress_and_cancel_leaves_no_file(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    monkeypatch.setattr(session_files, "save_session", slow(session_files.save_session))
    path = tmp_path / "run.bptt"
    answer_dialogs(monkeypatch, path)
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as saved:
        file_menu_action(window, "Save session").trigger()
        click_cancel(qtbot, window)
    assert saved.args == [False]
    assert list(tmp_path.glob("*.bptt")) == [] and list(tmp_path.glob(".*part")) == []
    window.close()


def test_a_cancelled_open_changes_nothing(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    path = tmp_path / "run.bptt"
    answer_dialogs(monkeypatch, path)
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000):
        file_menu_action(window, "Save session").trigger()
    window.ctrl.one_iteration()
    window.ctrl.wait_idle()  # the iteration may run in a worker
    before = window.ctrl.view().completed
    assert before == 1
    session = window.ctrl.session
    monkeypatch.setattr(session_files, "load_session", slow(session_files.load_session))
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as opened:
        file_menu_action(window, "Open session").trigger()
        click_cancel(qtbot, window)
    assert opened.args == [False]
    assert window.ctrl.session is session and window.ctrl.view().completed == before
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


def test_after_open_every_view_shows_the_opened_run(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    window = make_window(qtbot, tmp_path)
    window.ctrl.reset(
        window.ctrl.config.with_changes(cells=("rnn", "gru"), task_params={"seq_len": 12})
    )
    for _ in range(3):
        window.ctrl.one_iteration()
        window.ctrl.wait_idle()
    path = tmp_path / "run.bptt"
    answer_dialogs(monkeypatch, path)
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000):
        file_menu_action(window, "Save session").trigger()
    window.ctrl.reset(window.ctrl.config.with_changes(cells=("lstm",), task_params={"seq_len": 20}))
    assert set(window.graph.lanes) == {"lstm"}

    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as opened:
        file_menu_action(window, "Open session").trigger()
    assert opened.args == [True]
    # The views take the opened run one per event-loop turn; once the loop has run:
    qtbot.waitUntil(lambda: not window.events.spreading(), timeout=5000)
    assert set(window.graph.lanes) == {"rnn", "gru"} and window.graph.steps() == 12
    for cell, curve in window.gradient.curves.items():  # the tab on screen
        x, y = curve.getData()
        assert cell in ("rnn", "gru") and len(x) == 12 and np.isfinite(y).any()
    assert set(window.gradient.curves) == {"rnn", "gru"}
    assert window.transport.phase.text() != ""
    # A tab out of sight draws the opened run when it is shown (clicked, as a user does).
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.curves)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    QApplication.processEvents()
    assert window.tabs.currentWidget() is window.curves
    assert set(window.curves._items) == {"rnn", "gru"}
    x, y = window.curves._items["gru"]["loss"].getData()
    assert len(x) == 3 and np.isfinite(y).all()
    window.close()
