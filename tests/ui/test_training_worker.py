"""Train / Stop pressed fast and often never freezes the window; big steps run in a worker."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider

from explorer.session.config import SessionConfig
from explorer.session.session import Session

from .windows import open_active_window as open_window


def config(**changes) -> SessionConfig:
    base = {"hidden_size": 16, "batch_size": 8, "task_params": {"seq_len": 40}}
    base.update(changes)
    return SessionConfig(**base)


def settle(qtbot, window) -> None:
    """Wait (generously) until the worker is done: a deadlock fails here."""
    qtbot.waitUntil(lambda: not window.ctrl.busy, timeout=60000)
    assert not window.ctrl.running
    assert not window.actions.fast_forward.isChecked()
    assert window.ctrl.view().completed == window.ctrl.session.completed


@pytest.mark.slow
def test_train_button_clicked_on_and_off_fast_50_times(qtbot, settings):
    window = open_window(qtbot, settings, config())
    button = window.transport.buttons["fast_forward"]
    for i in range(50):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # train
        assert window.ctrl.running
        qtbot.wait(i % 7)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # stop
        assert not window.ctrl.running
        qtbot.wait((i * 13) % 40)
    settle(qtbot, window)
    # The window still trains and stops after all that.
    before = window.ctrl.session.completed
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.ctrl.view().completed > before, timeout=60000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    window.close()


@pytest.mark.slow
def test_ctrl_t_pressed_on_and_off_fast_50_times(qtbot, settings):
    window = open_window(qtbot, settings, config(cells=("rnn", "lstm", "gru")))
    first = window.ctrl.session.completed
    for i in range(50):
        qtbot.keyClick(
            QApplication.focusWidget() or window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
        )
        assert window.ctrl.running
        qtbot.wait((i * 7) % 30)
        qtbot.keyClick(
            QApplication.focusWidget() or window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
        )
        assert not window.ctrl.running
        qtbot.wait(i % 3)
    settle(qtbot, window)
    assert window.ctrl.session.completed > first
    window.close()


def test_closing_the_window_while_training_stops_the_worker(qtbot, settings):
    window = open_window(qtbot, settings, config())
    qtbot.mouseClick(window.transport.buttons["fast_forward"], Qt.MouseButton.LeftButton)
    qtbot.wait(30)
    window.close()
    assert not window.ctrl.busy  # the fixture also fails any QThread left running


def test_a_slow_iteration_steps_in_a_worker_with_a_busy_window(qtbot, settings, monkeypatch):
    window = open_window(qtbot, settings, config())
    monkeypatch.setattr("explorer.session.controller.STEP_IN_WORKER_S", 0.0)
    done = window.ctrl.session.completed
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
    assert window.ctrl.busy
    assert window.cursor().shape() == Qt.CursorShape.BusyCursor
    qtbot.waitUntil(lambda: not window.ctrl.busy, timeout=30000)
    assert window.ctrl.view().completed == done + 1
    assert window.cursor().shape() != Qt.CursorShape.BusyCursor
    window.close()


def test_settings_too_big_for_the_memory_are_refused_with_the_estimate(
    qtbot, settings, monkeypatch
):
    window = open_window(qtbot, settings, config())
    monkeypatch.setattr("explorer.session.cost.available_memory", lambda: 64 * 1024**2)
    boxes = []
    monkeypatch.setattr(window.controls, "warn", boxes.append)
    window.controls.widgets["hidden_size"].setValue(256)
    assert "MB" in window.controls.message.text() and "H" in window.controls.message.text()
    assert boxes, "the refusal is also shown in a message box"
    assert window.ctrl.config.hidden_size == 16  # nothing changed
    window.close()


def test_slow_settings_get_a_warning_in_the_panel(qtbot, settings, monkeypatch):
    window = open_window(qtbot, settings, config())
    monkeypatch.setattr("explorer.session.cost.machine_flops", lambda: 1e3)
    window.controls.widgets["hidden_size"].setValue(20)
    assert window.ctrl.config.hidden_size == 20
    assert "iteration will take about" in window.controls.message.text()
    window.close()


def test_a_far_scrub_shows_its_progress_in_the_status_bar(qtbot, settings, monkeypatch):
    monkeypatch.setattr("explorer.session.controller.STEP_IN_WORKER_S", -1.0)
    monkeypatch.setattr("explorer.ui.replay_progress.SHOW_AFTER_MS", 0)
    window = open_window(qtbot, settings, config())
    session = window.ctrl.session
    per_frame = session.history.genesis.nbytes()
    session.history.budget_bytes = int(6 * per_frame / 0.9) + 4096  # a few keyframes fit
    qtbot.mouseClick(window.transport.buttons["fast_forward"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.ctrl.view().completed >= 240, timeout=60000)
    qtbot.mouseClick(window.transport.buttons["fast_forward"], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    held = [0, *session.history.keyframe_iterations()]
    start, end = max(itertools.pairwise(held), key=lambda gap: gap[1] - gap[0])
    target = end - 1  # replays from the keyframe at ``start``
    assert target - start > 15, "the scrub must replay many iterations"
    bar = window.replay_progress.bar
    shown = []
    window.ctrl.sigProgress.connect(lambda f: shown.append((f, bar.isVisible(), bar.value())))
    slider = window.transport.scrubber
    # A middle click sets the slider where it lands (Qt's absolute-set button).
    qtbot.mouseClick(slider, Qt.MouseButton.MiddleButton, pos=_slider_point(slider, target - 1))
    settle(qtbot, window)
    assert abs(window.ctrl.view().iteration - target) <= 2
    assert any(visible and 0 < value < 100 for _, visible, value in shown)
    assert shown[-1][0] == 1.0
    status = window.statusBar()
    assert status.rect().contains(bar.geometry()), "the bar lies inside the status bar"
    assert not bar.isVisible(), "hidden once the replay is done"


def _slider_point(slider, value: int) -> QPoint:
    """Where ``value`` sits on a horizontal ``slider``'s groove."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    groove = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider
    )
    handle = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    span = groove.width() - handle.width()
    offset = QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), value, span)
    return QPoint(groove.x() + handle.width() // 2 + offset, groove.center().y())


def test_training_from_a_fresh_window_says_so_in_the_inspector(qtbot, settings):
    """Train pressed before any iteration: the inspector does not ask for → while the run
    trains, and shows the last iteration once Ctrl+T stops it."""
    window = open_window(qtbot, settings, session=Session(config()))
    inspector = window.inspector
    assert window.ctrl.session.completed == 0
    assert "→" in inspector.title.text()
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
    )
    # Said with the key press: the title's new line is laid out before any frame comes.
    assert "Training" in inspector.title.text()
    qtbot.waitUntil(lambda: window.ctrl.view().completed >= 3, timeout=30000)
    qtbot.waitUntil(lambda: "Training" in inspector.title.text(), timeout=5000)
    assert "→" not in inspector.title.text()
    assert not inspector.paused.isVisible()  # the title says it; no second line
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
    )
    settle(qtbot, window)
    shown = window.ctrl.view().iteration
    qtbot.waitUntil(lambda: f"iteration {shown}" in inspector.title.text(), timeout=5000)
    window.close()


def test_training_after_an_iteration_says_at_once_that_the_inspector_waits(qtbot, settings):
    """Ctrl+T after an iteration: the inspector's notice that it keeps showing that
    iteration goes up with the key press (not with the first training frame, whose drawing
    it would lengthen), and comes down when Ctrl+T stops the run."""
    window = open_window(qtbot, settings, config())  # one iteration done
    inspector = window.inspector
    assert not inspector.paused.isVisible()
    key = (Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget() or window, *key)
    assert inspector.paused.isVisible()  # before any training frame was handed on
    qtbot.waitUntil(lambda: window.ctrl.view().completed >= 3, timeout=30000)
    assert inspector.paused.isVisible()
    qtbot.keyClick(QApplication.focusWidget() or window, *key)
    settle(qtbot, window)
    assert not inspector.paused.isVisible()
    window.close()
