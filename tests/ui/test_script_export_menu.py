"""File → Export → Python script… through the real menu: the dialog is answered with keys,
the file is written atomically, and the script, run with this Python, prints the losses the
window shows."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from explorer.session.config import SessionConfig
from explorer.ui.i18n import install_language
from explorer.ui.script_dialog import ScriptDialog

from .windows import open_active_window

CONFIG = SessionConfig(
    cells=("rnn", "lstm"), task="adding", task_params={"seq_len": 8}, batch_size=4, hidden_size=6
)


def menu_action(window, *path: str):
    """The action at ``path`` ("File", "Export", "Python script…") in the menu bar."""
    menus = {a.text().replace("&", ""): a for a in window.menuBar().actions()}
    menu = menus[path[0]].menu()
    for name in path[1:-1]:
        menu = next(a.menu() for a in menu.actions() if a.text().replace("&", "") == name)
    return next(a for a in menu.actions() if a.text().replace("&", "") == path[-1])


def answer_dialog_with_keys(qtbot, iterations: int, engine: bool) -> list[str]:
    """Once the script dialog is up: type the iteration count, tick the engine box with
    Space if asked, and press Enter. Returns the dialog titles seen."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ScriptDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.windowTitle())
        try:
            qtbot.waitUntil(
                lambda: (
                    QApplication.focusWidget() is not None
                    and dialog.isAncestorOf(QApplication.focusWidget())
                ),
                timeout=3000,
            )
            field = QApplication.focusWidget()
            seen.append(type(field).__name__)  # the spin box has the focus
            qtbot.keyClicks(field, str(iterations))  # the count is selected: typing replaces it
            if engine:
                dialog.engine.setFocus()
                qtbot.keyClick(dialog.engine, Qt.Key.Key_Space)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():
                dialog.reject()  # something went wrong: never leave the test hanging

    QTimer.singleShot(0, answer)
    return seen


def run_script(path) -> dict[tuple[int, str], float]:
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    printed = {}
    for line in done.stdout.splitlines():
        _, n, cell, _, value = line.split()
        printed[(int(n), cell)] = float(value)
    return printed


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform and a dialog
@pytest.mark.parametrize("engine", [False, True], ids=["numpy", "engine"])
def test_menu_writes_a_script_that_prints_the_windows_losses(
    qtbot, settings, tmp_path, monkeypatch, engine
):
    window = open_active_window(qtbot, settings, CONFIG)
    for _ in range(2):
        window.actions.one_iteration.trigger()  # iterations 2 and 3
    qtbot.waitUntil(
        lambda: window.ctrl.view().completed == 3 and not window.ctrl.busy, timeout=30000
    )
    target = tmp_path / "continue_here"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    seen = answer_dialog_with_keys(qtbot, 3, engine)
    menu_action(window, "File", "Export", "Python script…").trigger()
    assert seen == ["Export as Python script", "QSpinBox"]
    path = tmp_path / "continue_here.py"
    assert path.is_file() and [p.name for p in tmp_path.iterdir()] == [path.name]
    text = path.read_text(encoding="utf-8")
    assert ("from explorer.engine import" in text) is engine
    printed = run_script(path)
    view = window.ctrl.view()
    assert set(printed) == {(n, c) for n in (1, 2, 3) for c in CONFIG.cells}
    for cell in CONFIG.cells:
        curves = view.curves[cell]
        for n in (1, 2, 3):
            shown = curves.loss[list(curves.iterations).index(n)]
            assert np.float32(printed[(n, cell)]) == shown  # what the curves hold, exactly
        # The status bar's loss is the displayed iteration's, in float64.
        assert printed[(3, cell)] == pytest.approx(view.records[cell].loss, rel=1e-10)
    assert str(path) in window.statusBar().currentMessage()


def test_an_unwritable_file_gives_a_message_and_nothing_half_written(
    qtbot, settings, tmp_path, monkeypatch
):
    window = open_active_window(qtbot, settings, CONFIG)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    folder = tmp_path / "a-folder.py"
    folder.mkdir()
    result = window.script_export.exportScript(folder, iterations=2)
    assert result is None and len(shown) == 1 and str(folder) in shown[0]
    assert list(folder.iterdir()) == [] and not any(p.suffix == ".part" for p in tmp_path.iterdir())


def test_cancel_writes_nothing(qtbot, settings, tmp_path, monkeypatch):
    window = open_active_window(qtbot, settings, CONFIG)
    monkeypatch.setattr(ScriptDialog, "exec", lambda self: 0)
    assert window.script_export.exportScript() is None
    assert list(tmp_path.iterdir()) == [tmp_path / "settings.ini"] or not list(tmp_path.iterdir())


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW"])
def test_the_menu_entry_and_dialog_are_translated(qtbot, settings, language):
    install_language(language)
    try:
        window = open_active_window(qtbot, settings, CONFIG)
        assert window.script_export.action.text() not in ("", "Python &script…")
        dialog = ScriptDialog(3, window)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() != "Export as Python script"
        assert (
            dialog.engine.text() != "Import BPTT Explorer's engine (shorter; otherwise NumPy only)"
        )
    finally:
        install_language("en")
