"""Stepping across the end of the forward pass swaps the inspector's four-line forward
equation for a two-line backward one: the equation box keeps its height while the same
kind of node stays selected, so the plots under it do not jump at every such step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig

from .windows import open_active_window

CONFIG = SessionConfig(cells=("rnn",), task="adding", task_params={"seq_len": 6})


def press(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)
    for _ in range(3):  # the layout settles over a few turns of the event loop
        QApplication.processEvents()


def text_height(window) -> int:
    """The height the equation's text needs at the box's width."""
    doc = window.inspector.equation.document()
    return int(doc.size().height())


def at_the_loss(qtbot, settings):
    """The window with a new iteration's forward pass finished by keys: at the loss."""
    window = open_active_window(qtbot, settings, CONFIG)
    window.graph.canvas.setFocus()
    press(qtbot, Qt.Key.Key_Right)  # a new iteration: forward step 1
    qtbot.waitUntil(lambda: window.ctrl.view().cursor == 1, timeout=30000)
    press(qtbot, Qt.Key.Key_End)
    assert window.ctrl.view().phase.value == "loss"
    return window


def test_the_plots_stay_put_when_a_step_crosses_the_pass_boundary(qtbot, settings):
    window = at_the_loss(qtbot, settings)  # h_6's forward equation
    inspector = window.inspector
    forward_text, bars = text_height(window), inspector.bars.geometry()
    press(qtbot, Qt.Key.Key_Right)  # backward step 6: h_6's shorter backward equation
    assert window.ctrl.view().phase.value == "backward"
    assert text_height(window) < forward_text  # what made the box shrink before
    assert inspector.bars.geometry() == bars
    press(qtbot, Qt.Key.Key_Left)  # and back
    assert window.ctrl.view().phase.value == "loss"
    assert inspector.bars.geometry() == bars


def test_another_kind_of_node_lets_the_box_fit_its_text_again(qtbot, settings):
    window = at_the_loss(qtbot, settings)
    inspector = window.inspector
    tall = inspector.equation.height()
    press(qtbot, Qt.Key.Key_Right)  # the short backward equation, held at the tall height
    assert inspector.equation.height() == tall
    canvas = window.graph.canvas
    node = window.graph.node("rnn", "o", 6)  # an output: another kind of node
    pos = canvas.mapFromScene(node.sceneBoundingRect().center())
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert (window.selection.node, window.selection.t) == ("o", 6)
    for _ in range(3):
        QApplication.processEvents()
    frame = 2 * inspector.equation.frameWidth()
    assert inspector.equation.height() <= max(text_height(window) + frame, tall)
    assert inspector.equation.sizeHint().height() == min(
        inspector.equation.max_height, text_height(window) + frame
    )
