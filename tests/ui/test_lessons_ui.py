"""Lessons in the window: the panel, the Lessons menu, the start screen and ``--lesson``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.lessons import load_lessons, loading
from explorer.ui.lesson_panel import LessonPanel
from explorer.ui.main_window import MainWindow
from explorer.ui.start_page import plain_line
from tests.ui.windows import open_active_window

from .windows import open_window

ROOT = Path(__file__).resolve().parents[2]
LESSONS = load_lessons()


@pytest.fixture
def fast_runs(monkeypatch):
    """Shrink the lessons' "run" cards to a few iterations."""
    monkeypatch.setattr(LessonPanel, "run_scale", 0.02)


def current_view(window: MainWindow) -> str:
    return {
        window.hidden: "hidden",
        window.gradient: "gradient",
        window.weights: "weights",
        window.curves: "curves",
        window.task: "task",
        window.code_view: "code",
    }[window.tabs.currentWidget()]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.key for lesson in LESSONS])
def test_every_lesson_steps_through_all_cards_with_next(qtbot, settings, fast_runs, lesson):
    window = open_window(qtbot, settings)
    window.openLesson(lesson.key)
    panel = window.lesson_panel
    ctrl = window.ctrl
    assert window.lesson_dock.isVisible()
    assert ctrl.config == lesson.config
    assert window.controls.isVisible()  # the settings stay; the lesson replaces the inspector
    assert not window.inspector.isVisible()
    n = len(lesson.cards)
    for k in range(n):
        qtbot.waitUntil(lambda: not ctrl.running, timeout=20000)
        assert panel.progress.text() == f"Card {k + 1} of {n}"
        assert panel.card.text().endswith(f"{lesson.text(k, 'en')}</p>")
        action = lesson.cards[k].action
        if action is not None and action.view not in (None, "graph"):
            assert current_view(window) == action.view
        if action is not None and action.kind == "reset":
            assert ctrl.config == (action.session_config or lesson.config)
            shown = window.controls.current()  # the settings panel follows the reset
            assert shown.recurrent_scale == ctrl.config.recurrent_scale
            assert shown.clipping == ctrl.config.clipping
        if k + 1 < n:
            assert panel.next_button.isEnabled()
            with np.errstate(over="ignore", invalid="ignore"):
                qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctrl.running, timeout=20000)
    assert panel.index == n - 1
    assert not panel.next_button.isEnabled()  # the last card
    # Every "run" card since the last reset trained its (shrunk) iterations in this run.
    assert ctrl.view().completed >= iterations_run_since_last_reset(lesson, LessonPanel.run_scale)
    assert window.controls.current() == ctrl.config  # the settings panel shows the run
    window.close()


def iterations_run_since_last_reset(lesson, run_scale: float) -> int:
    """The iterations the "run" cards after the lesson's last "reset" card train."""
    total = 0
    for card in lesson.cards:
        action = card.action
        if action is not None and action.kind == "reset":
            total = 0
        elif action is not None and action.kind == "run":
            total += max(1, round(action.n * run_scale))
    return total


def test_next_is_disabled_while_a_run_card_trains(qtbot, settings, monkeypatch):
    monkeypatch.setattr(LessonPanel, "run_scale", 0.25)
    window = open_window(qtbot, settings)
    window.openLesson("clipping")  # card 2 trains 200 iterations, card 3 explains
    panel = window.lesson_panel
    assert panel.lesson.cards[1].action.kind == "run"
    with qtbot.waitSignal(window.ctrl.sigRunningChanged, timeout=5000) as started:
        panel.next_button.click()
    assert started.args == [True]
    assert window.ctrl.running
    assert not panel.next_button.isEnabled()
    window.classroom.lesson_next.trigger()  # Lessons → Next waits for the run as well
    assert panel.index == 1
    assert panel.status.text().startswith("Training")
    qtbot.waitUntil(lambda: not window.ctrl.running, timeout=20000)
    assert panel.next_button.isEnabled()
    assert window.ctrl.view().completed == 50
    assert not panel.status.isVisibleTo(panel)
    window.close()


def test_back_shows_earlier_text_without_repeating_the_action(qtbot, settings):
    window = open_window(qtbot, settings)
    window.openLesson("unrolling")
    panel = window.lesson_panel
    panel.next()  # card 2: one forward step
    cursor = window.ctrl.view().cursor
    panel.back()
    assert panel.progress.text().startswith("Card 1 of")
    panel.next()
    assert window.ctrl.view().cursor == cursor  # not stepped again
    window.classroom.lesson_next.trigger()  # Page Down
    assert panel.index == 2
    window.classroom.lesson_back.trigger()  # Page Up
    assert panel.index == 1
    window.close()


def test_lessons_menu_lists_every_lesson_in_order_and_opens_one(qtbot, settings):
    window = open_window(qtbot, settings)
    entries = [a for a in window.lessons_menu.actions() if a.data()]
    assert len(entries) == len(LESSONS) == 15
    assert [a.data() for a in entries] == [lesson.key for lesson in LESSONS]
    assert not any("could not be loaded" in a.text() for a in window.lessons_menu.actions())
    for action, lesson in zip(entries, LESSONS, strict=True):
        assert lesson.title["en"].replace("&", "&&") in action.text()
    entries[3].trigger()
    panel = window.lesson_panel
    assert panel.lesson.key == LESSONS[3].key
    assert panel.index == 0
    assert panel.progress.text() == f"Card 1 of {len(LESSONS[3].cards)}"
    assert LESSONS[3].title["en"] in panel.title.text()
    assert panel.expected.text() == LESSONS[3].expected["en"]
    assert panel.expected.isVisibleTo(panel)  # the outcome is stated up front
    panel.next()
    assert not panel.expected.isVisibleTo(panel)  # then folds away for the cards
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert panel.lesson is None
    assert not window.lesson_dock.isVisible()
    assert window.inspector.isVisible()
    window.close()


def test_a_broken_lesson_file_is_reported_in_the_lessons_menu(
    qtbot, settings, monkeypatch, tmp_path
):
    good = LESSONS[0].path
    (tmp_path / good.name).write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "99-broken.json").write_text('{"key": "broken", "order": 99,', encoding="utf-8")
    monkeypatch.setattr(loading, "lessons_dir", lambda: tmp_path)
    warnings = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *_a: warnings.append(text)
    )
    window = open_window(qtbot, settings)
    window.startUp(start_screen=False)
    assert "could not be loaded" in window.statusBar().currentMessage()

    menus = {a.text().replace("&", ""): a for a in window.menuBar().actions()}
    menu = menus["Lessons"].menu()
    assert [a.data() for a in menu.actions() if a.data()] == [LESSONS[0].key]  # the good one
    problem = next(a for a in menu.actions() if "could not be loaded" in a.text())
    assert problem.isEnabled()
    problem.trigger()
    assert len(warnings) == 1
    assert str(tmp_path / "99-broken.json") in warnings[0]
    assert "not valid JSON (line 1" in warnings[0]
    assert good.name not in warnings[0]
    window.close()


def test_show_view_selects_each_tab(qtbot, settings):
    window = open_window(qtbot, settings)
    for name in ("hidden", "gradient", "weights", "curves", "task", "code"):
        window.showView(name)
        assert current_view(window) == name
    window.showView("graph")
    assert window.graph.isVisible()
    with pytest.raises(ValueError, match="unknown view"):
        window.showView("nope")
    window.close()


def test_lesson_language_follows_the_setting(qtbot, settings):
    settings.setValue("ui/language", "zh_TW")
    window = open_window(qtbot, settings)
    window.openLesson("vanishing")
    lesson = window.lesson_panel.lesson
    assert lesson.title["zh_TW"] in window.lesson_panel.title.text()
    assert lesson.title["zh_TW"] in window.start_page.cards["vanishing"].title.text()
    window.setLessonLanguage("en")
    assert lesson.title["en"] in window.lesson_panel.title.text()
    entry = next(a for a in window.lessons_menu.actions() if a.data() == "vanishing")
    assert lesson.title["en"] in entry.text()
    window.close()


def test_start_screen_shows_at_start_and_explore_freely_hides_it(qtbot, settings):
    window = open_window(qtbot, settings)
    window.startUp()
    assert window.startScreenShown()
    page = window.start_page
    assert page.isVisible() and not window.transport.isVisible()
    assert list(page.cards) == [lesson.key for lesson in LESSONS]
    assert page.highlighted == LESSONS[0].key  # nothing saved: lesson 1 is suggested
    qtbot.mouseClick(page.explore, Qt.MouseButton.LeftButton)
    assert not window.startScreenShown()
    assert window.transport.isVisible()
    # Help → Start screen brings it back; clicking a card opens that lesson.
    window.classroom.start_screen.trigger()
    assert window.startScreenShown()
    card = page.cards["lstm"]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert not window.startScreenShown()
    assert window.lesson_panel.lesson.key == "lstm"
    window.close()


def test_the_keys_pick_and_open_a_lesson_on_the_start_screen(qtbot, settings):
    # Enter, Space and the arrows are also the window's step and play shortcuts: on the
    # start screen they must reach the focused card, not step a run behind it.
    window = open_active_window(qtbot, settings)
    window.startUp()
    assert window.startScreenShown()
    cards = window.start_page.cards
    cards[LESSONS[0].key].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cards[LESSONS[0].key])
    completed = window.ctrl.view().completed
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert QApplication.focusWidget() is cards[LESSONS[1].key]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.startScreenShown())
    assert window.lesson_panel.lesson.key == LESSONS[1].key
    assert window.ctrl.view().completed == completed  # no iteration ran behind the screen


def test_start_screen_setting_and_last_lesson_persist(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.openLesson("gru")
    window.start_page.show_at_start.setChecked(False)
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.startUp()
    assert not again.startScreenShown()  # "show at start" was switched off
    assert again.start_page.highlighted == "gru"
    assert not again.start_page.show_at_start.isChecked()
    again.startUp(start_screen=True)
    assert again.startScreenShown()
    qtbot.keyClick(again.start_page.cards["gru"], Qt.Key.Key_Return)
    assert again.lesson_panel.lesson.key == "gru"
    again.close()


def test_plain_line_keeps_sub_and_superscripts():
    assert plain_line("W<sub>hh</sub> at 10<sup>−6</sup>, <b>bold</b>") == "Wₕₕ at 10⁻⁶, bold"


def _run_main(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )


def test_lesson_option_opens_the_lesson_in_a_screenshot(tmp_path):
    out = tmp_path / "out.png"
    result = _run_main("--lesson", "vanishing", "--screenshot", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_lesson_exits_2_with_one_line_listing_the_keys(tmp_path):
    result = _run_main("--lesson", "nope", tmp_path=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "nope" in lines[0]
    for lesson in LESSONS:
        assert lesson.key in lines[0]
