"""Scene bookmarks driven with their keys: Ctrl+Shift+N saves the view under a name, N
brings it back (iteration, how far it was revealed, step, tab, zoom), and the scenes travel
in the session file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from explorer.session.config import SessionConfig
from explorer.session.snapshot import Phase
from explorer.ui.shortcuts import shortcut_rows

from .menu_paths import menu_action, submenu
from .windows import open_active_window

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def small() -> SessionConfig:
    return SessionConfig(hidden_size=8, batch_size=8, task_params={"seq_len": 12})


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _answer(monkeypatch, name: str) -> list[str]:
    """Answer the name dialog with ``name``; returns the defaults it offered."""
    offered: list[str] = []

    def get_text(parent, title, label, echo, text):
        offered.append(text)
        return name, True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return offered


def _click_tab(qtbot, window, title: str) -> None:
    bar = window.tabs.tabBar()
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    window.graph.canvas.setFocus()


def test_save_a_scene_move_on_and_jump_back_with_its_key(qtbot, settings, monkeypatch):
    window = open_active_window(qtbot, settings, small())
    window.graph.canvas.setFocus()
    for _ in range(2):
        _key(qtbot, Qt.Key.Key_Return)
    _click_tab(qtbot, window, "Training curves")
    window.graph.canvas.zoomBy(1.25)
    _key(qtbot, Qt.Key.Key_G)  # a ghost, so the scene names one
    offered = _answer(monkeypatch, "  three   done ")
    _key(qtbot, Qt.Key.Key_1, CTRL_SHIFT)
    assert offered == ["Iteration 3 done"]
    scene = window.bookmarks.shelf.get(1)
    assert (scene.name, scene.iteration, scene.tab, scene.ghosts) == (
        "three done",
        3,
        "curves",
        ("A",),
    )
    zoom = window.graph.canvas.transform().m11()

    # Move on: two more iterations, another tab, another zoom.
    _key(qtbot, Qt.Key.Key_Return)
    _key(qtbot, Qt.Key.Key_Return)
    _click_tab(qtbot, window, "Gradient through time")
    window.graph.canvas.zoomBy(0.8)
    assert window.ctrl.view().iteration == 5

    _key(qtbot, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: window.ctrl.view().iteration == 3, timeout=30000)
    assert window.ctrl.view().scrubbing
    assert window.tabs.currentWidget() is window.curves
    assert abs(window.graph.canvas.transform().m11() / zoom - 1) < 0.02
    assert "Scene 1: three done" in window.statusBar().currentMessage()
    window.close()


def test_a_scene_inside_the_step_through_comes_back_as_far_revealed(qtbot, settings, monkeypatch):
    window = open_active_window(qtbot, settings, small())
    window.graph.canvas.setFocus()
    _key(qtbot, Qt.Key.Key_Right)  # iteration 2, forward t = 1
    _key(qtbot, Qt.Key.Key_End)  # the loss
    for _ in range(4):
        _key(qtbot, Qt.Key.Key_Right)  # backward t = 12 … 9
    view = window.ctrl.view()
    assert (view.phase, view.cursor) == (Phase.BACKWARD, 9)
    _answer(monkeypatch, "backward at nine")
    _key(qtbot, Qt.Key.Key_2, CTRL_SHIFT)
    for _ in range(5):
        _key(qtbot, Qt.Key.Key_Right)  # on to t = 4
    assert window.ctrl.view().cursor == 4
    _key(qtbot, Qt.Key.Key_2)
    view = window.ctrl.view()
    assert (view.iteration, view.phase, view.cursor) == (2, Phase.BACKWARD, 9)
    window.close()


def test_an_empty_number_says_how_to_save_one(qtbot, settings):
    window = open_active_window(qtbot, settings, small())
    window.graph.canvas.setFocus()
    _key(qtbot, Qt.Key.Key_7)
    assert "Ctrl+Shift+7" in window.statusBar().currentMessage()
    assert window.ctrl.view().iteration == 1
    keys = [keys for keys, _what in shortcut_rows(window)]
    assert "1 … 9" in keys and "Ctrl+Shift+1 … 9" in keys
    window.close()


def test_scenes_travel_in_the_session_file_and_are_listed_in_the_menu(
    qtbot, settings, monkeypatch, tmp_path
):
    window = open_active_window(qtbot, settings, small())
    window.graph.canvas.setFocus()
    _answer(monkeypatch, "first")
    menu_action(window, "View", "Presenter tools", "Save scene…").trigger()
    assert window.bookmarks.shelf.get(1).name == "first"
    path = tmp_path / "scenes.bptt"
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=10000):
        window.session_files.save(path)
    menu_action(window, "View", "Presenter tools", "Forget all scenes").trigger()
    assert window.bookmarks.shelf.bookmarks == ()
    with qtbot.waitSignal(window.session_files.sigLoaded, timeout=10000):
        window.session_files.open(path)
    assert [b.name for b in window.bookmarks.shelf.bookmarks] == ["first"]
    entry = menu_action(window, "View", "Presenter tools", "Go to scene", "1  first\t1")
    entry.trigger()
    assert "Scene 1: first" in window.statusBar().currentMessage()
    window.close()


def test_a_scene_brings_back_its_lesson_card(qtbot, settings, monkeypatch):
    window = open_active_window(qtbot, settings, small())
    window.openLesson("unrolling")
    panel = window.lesson_panel
    window.graph.canvas.setFocus()
    _key(qtbot, Qt.Key.Key_PageDown)  # card 2: one forward step
    assert panel.index == 1
    cursor = window.ctrl.view().cursor
    _answer(monkeypatch, "card two")
    _key(qtbot, Qt.Key.Key_4, CTRL_SHIFT)
    assert window.bookmarks.shelf.get(4).lesson == "unrolling"
    _key(qtbot, Qt.Key.Key_PageDown)
    _key(qtbot, Qt.Key.Key_PageDown)
    assert panel.index == 3
    _key(qtbot, Qt.Key.Key_PageUp)
    _key(qtbot, Qt.Key.Key_PageUp)
    _key(qtbot, Qt.Key.Key_PageUp)
    assert panel.index == 0
    _key(qtbot, Qt.Key.Key_4)
    assert panel.index == 1
    assert panel.progress.text().startswith("Card 2 of")
    window.closeLesson()
    _key(qtbot, Qt.Key.Key_4)  # the lesson is closed: the status bar says where the card is
    assert "unrolling" in window.statusBar().currentMessage()
    assert window.ctrl.view().cursor >= cursor
    window.close()


def test_every_new_menu_entry_has_its_own_mnemonic(qtbot, settings):
    window = open_active_window(qtbot, settings, small())
    view = submenu(window, menu_action(window, "View"))
    for title in ("Ghosts (what if?)", "Presenter tools"):
        menu = submenu(window, menu_action(window, "View", title))
        keys = [_mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
        assert all(keys), [a.text() for a in menu.actions()]
        assert len(set(keys)) == len(keys)
    mine = [
        _mnemonic(a.text())
        for a in view.actions()
        if a.text().replace("&", "") in ("Reduce motion", "Ghosts (what if?)", "Presenter tools")
    ]
    others = [
        _mnemonic(a.text())
        for a in view.actions()
        if a.text().replace("&", "")
        not in ("Reduce motion", "Ghosts (what if?)", "Presenter tools")
    ]
    assert len(mine) == 3 and all(mine)
    assert not set(mine) & set(others) and len(set(mine)) == 3
    window.close()


def _mnemonic(text: str) -> str:
    """The letter after the single & of a menu text ("" if none)."""
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else ""
