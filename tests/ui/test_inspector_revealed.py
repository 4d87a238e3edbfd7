"""The inspector's gradient bars follow the step-through as the graph and the equations
do: ∂L/∂h_t appears once the backward pass has reached step t, not during the forward
pass (when the engine has it already, but the class has not seen it computed)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig

from .windows import open_active_window

T = 6
CONFIG = SessionConfig(cells=("rnn", "lstm"), task="adding", task_params={"seq_len": T})


def press(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def click_node(qtbot, window, cell: str, node: str, t: int) -> None:
    canvas = window.graph.canvas
    item = window.graph.node(cell, node, t)
    pos = canvas.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert (window.selection.cell, window.selection.node, window.selection.t) == (cell, node, t)


def shown_gradient(window) -> np.ndarray:
    return np.asarray(window.inspector.bars.grad_bars.opts["height"], dtype=np.float64)


def gradient_title(window) -> str:
    return window.inspector.bars.grad_plot.titleLabel.text


def test_gradient_bars_wait_for_the_backward_pass(qtbot, settings):
    window = open_active_window(qtbot, settings, CONFIG)
    window.graph.canvas.setFocus()
    press(qtbot, Qt.Key.Key_Right)  # a new iteration: forward step 1
    qtbot.waitUntil(lambda: window.ctrl.view().cursor == 1, timeout=30000)
    assert window.selection.node == "h"
    assert shown_gradient(window).size == 0
    assert "in the backward pass" in gradient_title(window)
    window.graph.canvas.setFocus()
    press(qtbot, Qt.Key.Key_End)  # the loss: still no gradient
    assert window.ctrl.view().phase.value == "loss"
    assert shown_gradient(window).size == 0
    press(qtbot, Qt.Key.Key_Right)  # backward step T: ∂L/∂h_T is revealed
    view = window.ctrl.view()
    assert (view.phase.value, view.cursor) == ("backward", T)
    cell = window.selection.cell
    click_node(qtbot, window, cell, "h", T)
    np.testing.assert_array_equal(shown_gradient(window), view.records[cell].grad_hidden[T - 1])
    assert "this example" in gradient_title(window)
    click_node(qtbot, window, cell, "h", 2)  # not reached by the backward pass yet
    assert shown_gradient(window).size == 0
    assert "in the backward pass" in gradient_title(window)
    click_node(qtbot, window, "lstm", "c", 2)  # the cell state's gradient waits too
    assert shown_gradient(window).size == 0
    window.graph.canvas.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # the rest of the iteration: every gradient revealed
    qtbot.waitUntil(lambda: window.ctrl.view().phase.value != "backward", timeout=30000)
    click_node(qtbot, window, "lstm", "c", 2)
    lstm = window.ctrl.view().records["lstm"]
    np.testing.assert_array_equal(shown_gradient(window), lstm.grad_cell[1])
