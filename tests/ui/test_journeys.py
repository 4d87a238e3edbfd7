"""Journeys a lecturer takes in the first minutes, driven as a person does.

Keys go to the widget that has the focus (``QApplication.focusWidget()``), buttons and tabs
are clicked with the mouse, menu items are found through the menu bar. Each test checks
what is drawn or shown, so it fails if the journey breaks again.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QToolButton, QWidget

from explorer.session.snapshot import Phase
from explorer.ui.main_window import MainWindow
from explorer.ui.shortcuts import shortcut_rows, shortcuts_markdown

README = Path(__file__).resolve().parents[2] / "README.md"
TAB_NAMES = ("gradient", "hidden", "weights", "curves", "task")


# ----------------------------------------------------------------------------- helpers
def open_window(qtbot, settings, size=(1280, 800)) -> MainWindow:
    """The default window as a user first sees it (explorer page), active and exposed."""
    window = MainWindow(settings, remember_geometry=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.startUp(start_screen=False)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()  # window shortcuts fire only in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def press(qtbot, key, text: str = "") -> None:
    """One key press on whatever widget has the focus, then wait, as a person does, until
    what it started is done (a slow iteration computes in a worker)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, key)
    window = widget.window()
    ctrl = getattr(window, "ctrl", None)
    if ctrl is not None and not ctrl.running:
        qtbot.waitUntil(lambda: not ctrl.busy, timeout=30000)


def click(qtbot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def click_tab(qtbot, window: MainWindow, widget: QWidget) -> None:
    """Click the tab of ``widget`` in the bottom tab bar (scrolling the bar to it first)."""
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(widget)
    # A narrow window scrolls the tab bar: bring the tab into view with the bar's arrows.
    for _ in range(2 * window.tabs.count()):
        centre = bar.tabRect(index).center()
        if bar.rect().contains(centre):
            break
        arrows = sorted(
            (b for b in bar.findChildren(QToolButton) if b.isVisible()), key=lambda b: b.x()
        )
        click(qtbot, arrows[0] if centre.x() < 0 else arrows[-1])
    click(qtbot, bar, bar.tabRect(index).center())
    assert window.tabs.currentWidget() is widget


def menu_action(window: MainWindow, menu_title: str, text: str):
    """The action called ``text`` in the menu bar's ``menu_title`` menu."""
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu_title:
            for action in top.menu().actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no {menu_title} → {text} in the menu bar")


def drawn(widget: QWidget) -> list:
    """pyqtgraph items inside ``widget`` that draw real data: finite curves with points, and
    images with pixels whose view box covers them."""
    items = []
    for view in widget.findChildren(pg.GraphicsView):
        if not view.isVisible():
            continue
        for item in view.scene().items():
            if not item.isVisible():
                continue
            if isinstance(item, pg.PlotDataItem):
                x, y = item.getData()
                if x is not None and len(x) and np.isfinite(np.asarray(y, dtype=float)).any():
                    items.append(item)
            elif isinstance(item, pg.ImageItem) and item.image is not None and item.image.size:
                box = item.getViewBox()
                if box is None:
                    continue
                (x0, x1), (y0, y1) = box.viewRange()
                rect = item.mapRectToView(item.boundingRect())
                if (
                    rect.width() > 0
                    and x0 <= rect.center().x() <= x1
                    and y0 <= rect.center().y() <= y1
                ):
                    items.append(item)
    return items


def inside(child: QWidget, window: QWidget) -> bool:
    """Whether ``child`` is shown whole inside ``window``."""
    top_left = child.mapTo(window, QPoint(0, 0))
    return (
        child.isVisible()
        and window.rect().contains(top_left)
        and window.rect().contains(top_left + QPoint(child.width() - 1, child.height() - 1))
    )


def set_cells(qtbot, window: MainWindow, cells: tuple[str, ...]) -> None:
    """Tick exactly ``cells`` in the settings panel with the mouse."""
    for key, box in window.controls.cell_boxes.items():
        if box.isChecked() != (key in cells):
            click(qtbot, box, QPoint(8, box.height() // 2))
    assert window.ctrl.config.cells == cells


def type_into(qtbot, field: QAbstractSpinBox, text: str) -> None:
    """Click into a number field, select its text and type ``text`` (no Enter)."""
    click(qtbot, field)
    assert QApplication.focusWidget() in (field, field.findChild(QWidget))
    field.selectAll()
    press(qtbot, None, text)


# ----------------------------------------------------------------------------- journeys
@pytest.mark.parametrize(
    "cells",
    [("rnn",), ("rnn", "lstm"), ("rnn", "lstm", "gru")],
)
def test_defaults_enter_and_every_tab_shows_its_content(qtbot, settings, cells):
    window = open_window(qtbot, settings)
    if cells != window.ctrl.config.cells:
        set_cells(qtbot, window, cells)
    click(qtbot, window.graph.canvas)  # the keyboard goes to the graph
    assert window.transport.phase.text() == "Ready"
    press(qtbot, Qt.Key.Key_Return)
    view = window.ctrl.view()
    assert view.completed == 1 and set(view.records) == set(cells)
    assert window.transport.phase.text() == "Iteration 1 done"
    assert "iteration 1" in window.model_status.text()
    for name in TAB_NAMES:
        widget = getattr(window, name)
        click_tab(qtbot, window, widget)
        try:
            qtbot.waitUntil(lambda w=widget: bool(drawn(w)), timeout=3000)
        except qtbot.TimeoutError:
            raise AssertionError(f"the {name} tab draws nothing with {cells}") from None
        if widget is window.hidden:
            # One heatmap per model, each with data inside its view range.
            marks = list(widget.sign_marks.values())  # the dots on negative cells
            images = [
                item
                for item in drawn(widget)
                if isinstance(item, pg.ImageItem) and not any(item is m for m in marks)
            ]
            assert len(images) == len(cells), "a hidden-state heatmap is missing"
    window.close()


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_main_journey_fits_the_window(qtbot, settings, size):
    window = open_window(qtbot, settings, size=size)
    click(qtbot, window.graph.canvas)
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Right)
    assert window.ctrl.view().phase is Phase.FORWARD and window.ctrl.view().cursor == 3
    press(qtbot, Qt.Key.Key_End)
    assert window.ctrl.view().phase is Phase.LOSS
    press(qtbot, Qt.Key.Key_Return)
    assert window.ctrl.view().completed == 1
    for widget in (window.transport.phase, window.transport.buttons["one_iteration"]):
        assert inside(widget, window), f"{widget} is cut off at {size}"
    assert window.graph.canvas.height() > 150 and window.tabs.currentWidget().height() > 150
    click_tab(qtbot, window, window.curves)
    qtbot.waitUntil(lambda: bool(drawn(window.curves)), timeout=3000)
    window.close()


def test_enter_in_a_field_applies_it_and_hands_the_keys_back(qtbot, settings):
    window = open_window(qtbot, settings)
    field = window.controls.param_widgets["seq_len"]
    type_into(qtbot, field, "40")
    # While the field has the keyboard, → moves its text cursor: no step is taken.
    press(qtbot, Qt.Key.Key_Right)
    assert window.ctrl.view().phase is Phase.IDLE
    press(qtbot, Qt.Key.Key_Return)
    # Enter applied the field, and only that: no iteration ran.
    assert window.ctrl.config.task_params["seq_len"] == 40
    assert window.ctrl.view().T == 40 and window.ctrl.view().completed == 0
    assert window.transport.phase.text() == "Ready"
    assert QApplication.focusWidget() is window.graph.canvas
    # The step-through keys work again: →, End, and 0 fits instead of typing into the field.
    press(qtbot, Qt.Key.Key_Right)
    assert window.ctrl.view().phase is Phase.FORWARD and window.ctrl.view().cursor == 1
    press(qtbot, Qt.Key.Key_End)
    assert window.ctrl.view().phase is Phase.LOSS
    fitted = []
    window.actions.fit.triggered.connect(lambda: fitted.append(True))
    press(qtbot, Qt.Key.Key_0)
    assert fitted and field.value() == 40 and field.text() == "40"
    press(qtbot, Qt.Key.Key_Return)
    assert window.ctrl.view().completed == 1
    window.close()


def test_a_float_field_and_enter_on_the_keypad(qtbot, settings):
    window = open_window(qtbot, settings)
    field = window.controls.widgets["learning_rate"]
    type_into(qtbot, field, "0.05")
    press(qtbot, Qt.Key.Key_Enter)
    assert window.ctrl.config.learning_rate == pytest.approx(0.05)
    assert window.ctrl.view().completed == 0
    assert QApplication.focusWidget() is window.graph.canvas
    window.close()


def test_undo_brings_back_a_trained_run_exactly(qtbot, settings):
    window = open_window(qtbot, settings)
    click(qtbot, window.graph.canvas)
    for _ in range(6):
        press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Right)  # in the middle of iteration 7
    before = window.ctrl.view()
    config = window.ctrl.config
    weights = {
        cell: {k: v.copy() for k, v in model.params.items()}
        for cell, model in window.ctrl.session.models.items()
    }
    kept = window.ctrl.history_iterations()
    undo = menu_action(window, "Edit", "Undo settings change")
    assert not undo.isEnabled()  # nothing to undo yet
    # A field changed with the keys starts a new run …
    type_into(qtbot, window.controls.widgets["hidden_size"], "12")
    press(qtbot, Qt.Key.Key_Return)
    assert window.ctrl.config.hidden_size == 12 and window.ctrl.view().completed == 0
    assert undo.isEnabled()
    # … and Edit → Undo brings the old one back: settings, weights, history, position.
    undo.trigger()
    after = window.ctrl.view()
    assert window.ctrl.config == config
    assert (after.completed, after.phase, after.cursor) == (6, Phase.FORWARD, 1)
    assert after.iteration == before.iteration == 7
    assert window.ctrl.history_iterations() == kept
    for cell, model in window.ctrl.session.models.items():
        for name, value in model.params.items():
            assert np.array_equal(value, weights[cell][name])
    assert window.controls.widgets["hidden_size"].value() == config.hidden_size
    assert "iteration 7" in window.transport.phase.text()
    # Redo makes the change again; Ctrl+Z on the graph undoes it again.
    menu_action(window, "Edit", "Redo settings change").trigger()
    assert window.ctrl.config.hidden_size == 12
    click(qtbot, window.graph.canvas)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ctrl.config == config and window.ctrl.view().completed == 6
    window.close()


def test_home_is_undoable_and_says_ready(qtbot, settings):
    window = open_window(qtbot, settings)
    click(qtbot, window.graph.canvas)
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Home)
    assert window.transport.phase.text() == "Ready"
    assert "no iteration yet" in window.model_status.text()
    assert "clipped" not in window.model_status.text() and "loss" not in window.model_status.text()
    menu_action(window, "Edit", "Undo settings change").trigger()
    assert window.ctrl.view().completed == 3
    assert window.transport.phase.text() == "Iteration 3 done"
    window.close()


# The offscreen platform cannot raise the popup or grab the keyboard for it; it still works.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_changing_the_task_leaves_no_view_of_the_old_one(qtbot, settings):
    window = open_window(qtbot, settings)
    click(qtbot, window.graph.canvas)
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Return)
    click_tab(qtbot, window, window.task)
    assert window.task.panel is not None and window.task.title.text() == "Adding problem"
    click(qtbot, window.inspector.verify)
    assert "relative error" in window.inspector.verify_result.text()
    # Open the task box with the mouse and choose "Delayed recall" with the arrow keys.
    combo: QComboBox = window.controls.task
    target = combo.findData("recall")
    click(qtbot, combo)
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    for _ in range(combo.count()):
        row = popup.currentIndex().row()
        if row == target:
            break
        qtbot.keyClick(popup, Qt.Key.Key_Down if row < target else Qt.Key.Key_Up)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.ctrl.config.task == "recall"
    view = window.ctrl.view()
    assert view.completed == 0 and view.task_title == "Delayed recall"
    # Every view shows the new run or nothing.
    assert window.transport.phase.text() == "Ready"
    assert "no iteration yet" in window.model_status.text()
    assert window.task.panel is None and window.task.title.text() == "Delayed recall"
    assert window.task.stack.currentWidget() is window.task.empty
    assert window.inspector.verify_result.text() == ""
    assert len(window.graph.lanes["rnn"].nodes["h"]) == view.T
    for name in TAB_NAMES:
        widget = getattr(window, name)
        click_tab(qtbot, window, widget)
        if widget is window.weights:  # the unit circle is drawn for every run
            data = [item for item in drawn(widget) if isinstance(item, pg.ImageItem)]
            data += [row[4] for row in widget._rows.values() if np.size(row[4].getData()[0])]
            assert all(label.text() == "" for label in widget.radius_labels.values())
        else:
            data = drawn(widget)
        assert not data, f"the {name} tab still draws the old run"
    assert window.inspector.title.text() == "Press → or Enter to start iteration 1"
    for bars in (window.inspector.value_bars, window.inspector.grad_bars):
        assert len(bars.opts["x"]) == 0, "the inspector still shows the old run's bars"
    # One iteration later the Task tab shows the recall example as symbols.
    click(qtbot, window.graph.canvas)
    press(qtbot, Qt.Key.Key_Return)
    click_tab(qtbot, window, window.task)
    assert window.task.stack.currentWidget() is window.task.tokens
    table = window.task.tokens
    assert table.columnCount() == view.T
    last = table.columnCount() - 1
    assert table.item(0, last).text() == "cue"
    assert table.item(1, last).text() in "ABCDEFGHIJKLMNOP" and table.item(1, last).text()
    assert table.item(3, last).text() in ("✓", "✗")
    assert table.item(1, 0).text() == ""  # unscored steps have no target
    window.close()


def test_verify_gradients_is_reachable_in_a_lesson(qtbot, settings):
    window = open_window(qtbot, settings)
    window.openLesson("bptt")
    assert not window.inspector.isVisible()  # the lesson takes the inspector's place
    button = window.lesson_panel.verify_button
    assert inside(button, window)
    click(qtbot, button)
    verdict = window.lesson_panel.verdict
    assert verdict.isVisible() and "relative error" in verdict.text()
    assert "relative error" in window.statusBar().currentMessage()
    window.close()


def test_char_lm_shows_unknown_characters_as_a_visible_sign():
    from explorer.ui.task_view import visible_text

    assert visible_text("a\ufffdb c\n") == "a⍰b␣c↵"


def test_readme_shortcut_table_is_the_actions_table(qtbot, settings):
    window = open_window(qtbot, settings)
    rows = shortcut_rows(window)
    keys = [keys for keys, _ in rows]
    for key in ("Ctrl+O", "Ctrl+S", "Ctrl+Z", "→", "Enter", "0", "F11"):
        assert key in keys
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Keyboard shortcuts") :]
    table = "\n".join(re.findall(r"^\|.*\|$", section.split("\n\n", 2)[1], flags=re.M))
    assert table == shortcuts_markdown(rows), (
        "README's shortcut table differs from the actions: paste `python -m explorer.ui.shortcut_table`"
    )
    window.close()


def test_undo_survives_a_language_switch(qtbot, settings):
    from explorer.ui.i18n import install_language

    window = open_window(qtbot, settings)
    click(qtbot, window.graph.canvas)
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Return)
    type_into(qtbot, window.controls.widgets["batch_size"], "8")
    press(qtbot, Qt.Key.Key_Return)
    assert window.ctrl.view().completed == 0
    replaced = []
    window.sigReplaced.connect(replaced.append)
    try:
        window.language_actions["zh_CN"].trigger()
        assert replaced, "the window was not rebuilt in the new language"
        new = replaced[0]
        qtbot.addWidget(new)
        assert new.actions.undo.isEnabled()
        new.actions.undo.trigger()  # the old window no longer listens: no error from it
        assert new.ctrl.view().completed == 3 and new.ctrl.config.batch_size == 32
        assert new.controls.widgets["batch_size"].value() == 32
        new.close()
    finally:
        install_language("en")


def test_transport_buttons_keep_their_labels_after_training(qtbot, settings):
    window = open_window(qtbot, settings)
    button = window.transport.buttons["fast_forward"]
    label = button.text()
    click(qtbot, button)
    qtbot.waitUntil(lambda: window.ctrl.view().completed >= 3, timeout=5000)
    click(qtbot, button)
    assert not window.ctrl.running
    assert button.text() == label == "▶▶ Train"
    window.ctrl.run(3)  # as a lesson's "run" card does: the button is checked from outside
    qtbot.waitUntil(lambda: not window.ctrl.running, timeout=5000)
    assert button.text() == label
    window.close()
