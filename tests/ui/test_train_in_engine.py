"""Train from the keyboard trains in the engine process, and what the window shows and keeps
is the run a single process computes: curves, weights, the iteration on display."""

from __future__ import annotations

import os
import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.session import engine_link
from explorer.session.engine_link import ENGINES
from explorer.session.session import Session

from .test_journey_views import window_with

TRAIN = (Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)


def ready_engine() -> None:
    """An engine process started and waiting in the pool, as the window's start leaves it."""
    engine = ENGINES.acquire()
    assert engine is not None
    deadline = time.monotonic() + 60
    while not engine.ready():
        assert time.monotonic() < deadline, "the engine process did not start"
        time.sleep(0.01)
    ENGINES.release(engine)


def test_train_from_the_keyboard_runs_in_the_engine_process(qtbot, settings, monkeypatch):
    ready_engine()
    engines: list[int] = []
    start = engine_link.EngineRun.start

    def spy(run) -> None:
        engines.append(run.engine._process.pid)
        start(run)

    monkeypatch.setattr(engine_link.EngineRun, "start", spy)
    window = window_with(qtbot, settings, ("rnn", "lstm"))
    shown: list[int] = []
    window.ctrl.sigViewChanged.connect(lambda view: view.running and shown.append(view.iteration))
    qtbot.keyClick(QApplication.focusWidget() or window, *TRAIN)
    qtbot.waitUntil(
        lambda: window.ctrl.view().completed >= 40 and len(set(shown)) >= 3, timeout=60000
    )
    qtbot.keyClick(QApplication.focusWidget() or window, *TRAIN)
    qtbot.waitUntil(lambda: not window.ctrl.busy, timeout=30000)
    assert engines and os.getpid() not in engines
    # The frames showed iterations the engine trained, replayed here.
    assert max(shown) > 1
    view = window.ctrl.view()
    same = Session(window.ctrl.config)
    same.run(view.completed)
    for cell in ("rnn", "lstm"):
        assert np.array_equal(view.curves[cell].loss, same.curves[cell].freeze().loss)
        for name, value in same.models[cell].params.items():
            assert np.array_equal(window.ctrl.session.models[cell].params[name], value)
    ours, theirs = view.records, same.view().records
    assert view.iteration == view.completed
    for cell in ("rnn", "lstm"):
        assert np.array_equal(ours[cell].grad_hidden, theirs[cell].grad_hidden)
    window.close()


def test_train_and_stop_in_quick_succession_keep_one_run(qtbot, settings):
    """Ctrl+T pressed six times a few milliseconds apart: no freeze, and the run is still
    the single-process run, iteration for iteration."""
    ready_engine()
    window = window_with(qtbot, settings, ("rnn", "lstm"))
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget() or window, *TRAIN)
        qtbot.wait(5)
    qtbot.waitUntil(lambda: not window.ctrl.busy, timeout=30000)
    completed = window.ctrl.view().completed
    same = Session(window.ctrl.config)
    same.run(completed)
    assert np.array_equal(window.ctrl.view().curves["lstm"].loss, same.curves["lstm"].freeze().loss)
    window.close()
