"""The Qt adapter: background training that publishes throttled frames and stops quickly."""

from __future__ import annotations

import time

import pytest

from explorer.session.controller import PUBLISH_HZ, SessionController
from explorer.session.session import Session


@pytest.fixture
def controller(qtbot, small_config):
    ctrl = SessionController(Session(small_config))
    yield ctrl
    ctrl.shutdown()


def test_run_publishes_frames_and_stops_within_100_ms(qtbot, controller):
    frames = []
    controller.sigViewChanged.connect(frames.append)
    with qtbot.waitSignal(controller.sigRunningChanged, timeout=2000):
        controller.run()
    qtbot.wait(400)
    started = time.perf_counter()
    controller.stop()
    elapsed = time.perf_counter() - started
    assert elapsed < 0.1, f"stop took {elapsed * 1000:.0f} ms"
    assert not controller.running
    done = controller.session.completed
    assert done > 20
    live = [f for f in frames if f.running]
    assert live, "no frame was published while running"
    assert len(live) <= 0.4 * PUBLISH_HZ * 1.5 + 2, "frames must be throttled to ~30 Hz"
    assert frames[-1].completed == done and not frames[-1].running


def test_run_n_iterations_finishes_by_itself(qtbot, controller):
    with qtbot.waitSignal(
        controller.sigRunningChanged, timeout=10000, check_params_cb=lambda on: not on
    ):
        controller.run(15)
    assert controller.session.completed == 15
    assert controller.view().completed == 15


def test_stepping_while_running_stops_the_worker_first(qtbot, controller):
    controller.run()
    qtbot.wait(50)
    controller.step_forward()
    assert not controller.running
    assert controller.view().phase.value == "forward"


def test_divergence_event_reaches_the_gui_thread(qtbot, controller):
    controller.session.models["rnn"].params["W_hq"][...] = 1e300
    with qtbot.waitSignal(controller.sigEvent, timeout=5000) as blocker:
        controller.run(3)
    event = blocker.args[0]
    assert (event.kind, event.cell, event.iteration) == ("diverged", "rnn", 1)
    assert event.message.startswith("Vanilla RNN diverged at iteration 1")
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)


def test_no_run_starts_after_shutdown(qtbot, controller):
    controller.shutdown()
    controller.run()
    assert not controller.running


def test_reset_keeps_the_replaced_run_for_undo_and_redo(qtbot, controller):
    controller.run(4)
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    controller.step_forward()
    old = controller.session
    old_view = controller.view()
    assert not controller.can_undo
    controller.reset(old.config.with_changes(hidden_size=5))
    assert controller.session is not old and controller.view().completed == 0
    assert controller.view().run != old_view.run  # views can tell the runs apart
    controller.undo()
    assert controller.session is old  # the very run: weights, history, position
    view = controller.view()
    assert (view.completed, view.phase, view.cursor) == (4, old_view.phase, 1)
    assert controller.can_redo
    controller.redo()
    assert controller.config.hidden_size == 5
    controller.reset()  # a new change forgets what could be redone
    assert not controller.can_redo and controller.can_undo


def test_undo_stack_is_bounded_and_events_follow_the_current_run(qtbot, controller):
    from explorer.session.controller import UNDO_DEPTH

    first = controller.session
    for _ in range(UNDO_DEPTH + 3):
        controller.reset()
    for _ in range(UNDO_DEPTH):
        controller.undo()
    assert not controller.can_undo and controller.session is not first
    # Only the current run reports events to the window.
    events = []
    controller.sigEvent.connect(events.append)
    from explorer.session.snapshot import SessionEvent

    first._emit(SessionEvent("resumed", 1))
    assert events == []
    controller.session._emit(SessionEvent("resumed", 2))
    assert [event.iteration for event in events] == [2]
