"""The Qt adapter: background training that publishes throttled frames and stops quickly."""

from __future__ import annotations

import pytest

from explorer.session import controller as controller_module
from explorer.session.controller import SessionController, SessionThread
from explorer.session.session import Session


@pytest.fixture
def controller(qtbot, small_config):
    ctrl = SessionController(Session(small_config))
    yield ctrl
    ctrl.shutdown()


def test_run_publishes_the_latest_frames_only_and_stop_returns_at_once(qtbot, controller):
    frames = []
    controller.sigViewChanged.connect(frames.append)
    with qtbot.waitSignal(controller.sigRunningChanged, timeout=2000):
        controller.run()
    qtbot.waitUntil(lambda: controller.session.completed > 20, timeout=20000)
    qtbot.waitUntil(lambda: any(f.running for f in frames), timeout=5000)
    running_changes = []
    controller.sigRunningChanged.connect(running_changes.append)
    controller.stop()  # a request: the window shows "stopped" before the worker ends
    assert running_changes == [False]  # said before stop() returned, not when the worker ends
    assert not controller.running
    qtbot.waitUntil(lambda: not controller.busy, timeout=10000)
    done = controller.session.completed
    live = [f.completed for f in frames if f.running]
    assert live == sorted(set(live))  # in order, no stale frame after a newer one
    assert frames[-1].completed == done and not frames[-1].running


def test_no_frame_is_published_while_the_window_has_not_drawn_the_last_one(
    qtbot, small_config, monkeypatch
):
    """Frames never queue up: until ``frame_done`` the worker trains on without publishing,
    however often the rate limit would allow a frame."""
    monkeypatch.setattr(controller_module, "PUBLISH_HZ", 1e9)
    thread = SessionThread(Session(small_config), n=8)
    frames = []
    thread.sigFrame.connect(lambda _token, view: frames.append(view.completed))
    with qtbot.waitSignal(thread.finished, timeout=20000):
        thread.start()
    thread.wait()
    assert thread.iterations_done == 8
    assert frames == [1]  # the first iteration's frame, never drawn, so no other


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
    qtbot.waitUntil(lambda: not controller.busy, timeout=10000)
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


def test_start_right_after_stop_waits_for_the_worker_instead_of_deadlocking(qtbot, controller):
    for gap_ms in (0, 0, 1, 3, 10, 0, 30, 0, 100, 0) * 5:
        controller.run()
        qtbot.wait(gap_ms)
        controller.stop()
        controller.run()  # pressed again while the stopped worker may still be in an iteration
        assert controller.running
        qtbot.wait(gap_ms)
    qtbot.waitUntil(lambda: controller.session.completed > 0, timeout=20000)
    controller.stop()
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert not controller.running
    assert controller.view().completed == controller.session.completed


def test_a_big_step_runs_in_a_worker_and_reports_busy(qtbot, controller, monkeypatch):
    monkeypatch.setattr("explorer.session.controller.STEP_IN_WORKER_S", 0.0)
    busy = []
    controller.sigBusyChanged.connect(busy.append)
    controller.one_iteration()
    assert busy == [True], "a slow step must run in a worker"
    qtbot.waitUntil(lambda: not controller.busy, timeout=10000)
    assert busy == [True, False]
    assert controller.view().completed == 1


def test_a_small_step_runs_at_once(qtbot, controller):
    controller.one_iteration()
    assert not controller.busy
    assert controller.view().completed == 1


def test_steps_asked_for_while_busy_run_after_the_worker(qtbot, controller, monkeypatch):
    monkeypatch.setattr("explorer.session.controller.STEP_IN_WORKER_S", 0.0)
    controller.one_iteration()
    controller.one_iteration()  # waits for the first
    controller.one_iteration()  # at most one step waits: a held key does not pile up work
    qtbot.waitUntil(lambda: not controller.busy, timeout=10000)
    assert controller.view().completed == 2


def test_a_job_error_reaches_its_callback_in_the_gui_thread(qtbot, controller):
    results = []

    def job():
        raise OSError("disk full")

    controller.submit(job, lambda result, error: results.append((result, error)))
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert isinstance(results[0][1], OSError)


def test_reset_while_the_worker_finishes_waits_for_it_without_blocking(qtbot, controller):
    controller.run()
    qtbot.waitUntil(lambda: controller.view().completed > 2, timeout=10000)
    new = controller.config.with_changes(hidden_size=7)
    controller.reset(new)  # returns at once; applied once the worker's iteration ends
    assert not controller.running
    assert controller.config.hidden_size == 7
    for _ in range(3):
        controller.step_forward()  # every step waits, in order, behind the reset
    qtbot.waitUntil(lambda: not controller.busy, timeout=10000)
    view = controller.view()
    assert controller.session.config.hidden_size == 7
    assert (view.completed, view.phase.value, view.cursor) == (0, "forward", 3)


def test_a_refused_reset_changes_nothing_even_while_busy(qtbot, controller, monkeypatch):
    monkeypatch.setattr("explorer.session.cost.available_memory", lambda: 1024)
    controller.run()
    with pytest.raises(ValueError, match="MB per iteration"):
        controller.reset(controller.config.with_changes(hidden_size=9))
    assert controller.running
    controller.stop()
    qtbot.waitUntil(lambda: not controller.busy, timeout=10000)
    assert controller.config.hidden_size == 6


def test_reset_keeps_the_replaced_run_for_undo_and_redo(qtbot, controller):
    controller.run(4)
    qtbot.waitUntil(lambda: not controller.busy, timeout=5000)
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


def test_the_switch_interval_is_short_only_while_a_worker_runs(qtbot, small_config):
    import sys

    from explorer.session.controller import WORKER_SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    first = SessionController(Session(small_config))
    second = SessionController(Session(small_config))
    seen = []
    first.sigViewChanged.connect(lambda _view: seen.append(sys.getswitchinterval()))
    first.run()
    second.run()
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=10000)
    assert max(seen) <= WORKER_SWITCH_INTERVAL_S
    first.shutdown()
    # The other controller's worker still trains: the interval stays short for it.
    assert sys.getswitchinterval() <= WORKER_SWITCH_INTERVAL_S
    second.shutdown()
    assert sys.getswitchinterval() == before


def _far_target(controller, iterations: int = 240) -> int:
    """Run with few keyframes; the iteration that replays the most (end of the widest gap)."""
    session = controller.session
    per_frame = session.history.genesis.nbytes()
    session.history.budget_bytes = int(6 * per_frame / 0.9) + 4096  # a few keyframes fit
    session.run(iterations)
    held = [0, *session.history.keyframe_iterations()]
    widest = max(range(len(held) - 1), key=lambda i: held[i + 1] - held[i])
    return held[widest + 1] - 1


def test_a_slow_scrub_reports_its_progress_in_the_gui_thread(qtbot, controller, monkeypatch):
    import threading

    monkeypatch.setattr("explorer.session.controller.STEP_IN_WORKER_S", -1.0)
    target = _far_target(controller)
    assert controller.session.scrub_cost(target) > 20
    seen = []
    controller.sigProgress.connect(lambda f: seen.append((f, threading.current_thread())))
    controller.scrub(target)
    assert controller.busy, "a slow scrub runs in a worker"
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions) and len(fractions) > 5
    assert {t for _, t in seen} == {threading.main_thread()}
    assert controller.view().scrubbing and controller.view().iteration == target


def test_a_newer_scrub_stops_a_replay_still_computing(qtbot, controller, monkeypatch):
    from explorer.session.replay import ReplayCancelled

    monkeypatch.setattr("explorer.session.controller.STEP_IN_WORKER_S", -1.0)
    far = _far_target(controller)
    session = controller.session
    cancelled = []
    prepare = session.prepare_scrub

    def recording(*args, **kwargs):
        try:
            return prepare(*args, **kwargs)
        except ReplayCancelled:
            cancelled.append(args[0])
            raise

    monkeypatch.setattr(session, "prepare_scrub", recording)
    errors = []
    monkeypatch.setattr("sys.excepthook", lambda *exc: errors.append(exc))
    controller.scrub(far)
    controller.scrub(3)  # the slider moved on before the far replay finished
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert cancelled == [far], "the far replay gave up instead of finishing"
    assert not errors
    assert controller.view().iteration == 3
