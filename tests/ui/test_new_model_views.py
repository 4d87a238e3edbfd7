"""The window over encoder–decoder and output-recurrent runs: every view takes their frames
(stepping, iterations, each tab, the task panel) without an error, and what they draw has
the run's length."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig

from .windows import open_active_window

CONFIGS = {
    "seq2seq-gru": SessionConfig(
        task="reverse",
        task_params={"min_length": 2, "max_length": 4, "n_symbols": 4},
        cells=("gru", "lstm"),
        hidden_size=8,
        batch_size=4,
        teacher_forcing=0.5,
    ),
    "seq2seq-rnn": SessionConfig(
        task="qa", cells=("rnn",), hidden_size=8, batch_size=4, teacher_forcing=0.0
    ),
    "output-recurrence": SessionConfig(
        task="patterns",
        task_params={"pattern": "one-to-many", "length": 5},
        cells=("rnn",),
        hidden_size=8,
        batch_size=4,
        output_recurrence=True,
        teacher_forcing=1.0,
    ),
    "bidirectional": SessionConfig(
        task="lookahead",
        task_params={"seq_len": 8},
        cells=("lstm", "gru"),
        hidden_size=8,
        batch_size=4,
        bidirectional=True,
    ),
    "deep": SessionConfig(
        task="patterns", cells=("rnn",), hidden_size=8, batch_size=4, num_layers=2
    ),
    "seq2seq-deep": SessionConfig(
        task="copy",
        task_params={"max_length": 4},
        cells=("lstm",),
        hidden_size=8,
        batch_size=4,
        num_layers=2,
        bidirectional=True,
    ),
}


def press(qtbot, window, key: Qt.Key) -> None:
    """``key`` to the widget that has the focus (the window itself if none has)."""
    qtbot.keyClick(QApplication.focusWidget() or window, key)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_every_view_takes_the_new_models_frames(qtbot, settings, name):
    config = CONFIGS[name]
    window = open_active_window(qtbot, settings, config)
    ctrl = window.ctrl
    completed = ctrl.view().completed
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctrl.view().completed == completed + 1, timeout=5000)
    # Step through the next iteration: forward over every step, the loss, backward (its
    # batch's length decides how many steps that takes).
    for _ in range(400):
        press(qtbot, window, Qt.Key.Key_Right)
        if ctrl.view().phase.value == "update":
            break
    assert ctrl.view().phase.value == "update"
    for index in range(window.tabs.count()):
        bar = window.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        qtbot.wait(30)
        assert window.tabs.currentIndex() == index
    view = ctrl.view()
    for cell in config.cells:
        snap = view.records[cell]
        assert snap.hidden.shape[0] == view.T and np.isfinite(snap.grad_hidden_norm).all()
    window.tabs.setCurrentWidget(window.hidden)
    qtbot.wait(30)
    for cell in config.cells:
        image = window.hidden._items[cell][1]
        assert image.image is not None and image.image.shape[0] == view.T
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctrl.view().phase.value == "idle", timeout=5000)
    window.close()
