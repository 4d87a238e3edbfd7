"""A message in the status bar (here a gradient check's verdict, from the View menu) takes
the whole bar while it shows: beside three models' losses at 1280 × 800 it was cut off
after "✓ matches", and the losses are back once it has gone."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from explorer.session.config import SessionConfig

from .menu_paths import menu_action
from .windows import open_active_window

THREE = SessionConfig(cells=("rnn", "lstm", "gru"), task_params={"seq_len": 8})


def test_a_verdict_is_shown_whole_beside_three_models(qtbot, settings):
    window = open_active_window(qtbot, settings, THREE)
    window.resize(1280, 800)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: window.model_status.isVisible(), timeout=2000)
    menu_action(window, "View", "Verify gradients").trigger()
    message = bar.currentMessage()
    assert "relative error" in message and "finite differences" in message
    assert not window.model_status.isVisible()  # the losses step aside for it …
    assert bar.fontMetrics().horizontalAdvance(message) <= bar.width() - 40  # … it fits
    QTimer.singleShot(0, bar.clearMessage)  # (as its 15 s run out)
    qtbot.waitUntil(lambda: window.model_status.isVisible(), timeout=2000)  # … and come back
    assert "loss" in window.model_status.text()
