"""GUI speed: frame cost, start-up time, and the longest GUI-thread stall while training.

Run offscreen: ``QT_QPA_PLATFORM=offscreen python benchmarks/gui.py``. Targets (issue #6):
≤ 16 ms per frame at T = 50, ≤ 33 ms at T = 200 (two lanes), start-up ≤ 2 s, no stall > 50 ms.
Training worker (issue #12), three cells at T = 200, H = 128: Stop takes effect within 100 ms
(also when Train is pressed again right away), frames at ≥ 20/s when iterations allow, no
GUI-thread gap > 50 ms while training, also on the Training curves tab (T = 50) and after
10,000 iterations. ``--worker``: the training-worker and file figures only; ``--smooth``: the
training smoothness figures only.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
T0 = time.perf_counter()

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from explorer.session.config import SessionConfig  # noqa: E402
from explorer.session.controller import SessionController  # noqa: E402
from explorer.session.session import Session  # noqa: E402
from explorer.ui.application import make_application  # noqa: E402
from explorer.ui.gc_guard import freeze_start_up  # noqa: E402
from explorer.ui.main_window import MainWindow  # noqa: E402

SETTLE_MS = 500


def settings() -> QSettings:
    return QSettings("/tmp/bptt-bench.ini", QSettings.Format.IniFormat)


def startup(app: QApplication) -> float:
    """Seconds from interpreter start (imports included) to the first painted window."""
    window = MainWindow(settings(), remember_geometry=False)
    window.show()
    app.processEvents()
    window.grab()  # forces a full paint
    elapsed = time.perf_counter() - T0
    window.close()
    return elapsed


def frame_cost(
    app: QApplication, T: int, H: int, tab: int, frames: int = 40
) -> tuple[float, float]:
    """Median and max ms to hand one step-through frame to the window and let it paint."""
    config = SessionConfig(hidden_size=H, task_params={"seq_len": T}, cells=("rnn", "lstm"))
    ctrl = SessionController(Session(config))
    ctrl.one_iteration()
    window = MainWindow(settings(), remember_geometry=False, controller=ctrl)
    window.resize(1600, 1000)
    window.show()
    window.tabs.setCurrentIndex(tab)
    app.processEvents()
    ctrl.finish_pass()  # a backward pass has the most to draw
    ctrl.step_forward()
    times = []
    for _ in range(frames):
        start = time.perf_counter()
        ctrl.step_back()  # publish → every view restyles
        app.processEvents()  # delivers the paint of whatever the frame made dirty
        times.append((time.perf_counter() - start) * 1000)
        ctrl.step_forward()
        app.processEvents()
    window.close()
    return statistics.median(times), max(times)


def longest_stall(app: QApplication, seconds: float = 3.0) -> tuple[float, int]:
    """Longest gap (ms) between 5 ms probe ticks while ``run`` trains in the background."""
    window = MainWindow(settings(), remember_geometry=False)
    window.show()
    _settle()
    freeze_start_up()  # as the app does once its window is up
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def probe() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        if now - last[0] > 50:
            print(f"  stall of {now - last[0]} ms at {now} ms, running={window.ctrl.running}")
        last[0] = now

    timer = QTimer(window)
    timer.setInterval(5)
    timer.timeout.connect(probe)
    timer.start()
    window.actions.fast_forward.trigger()
    QTimer.singleShot(round(seconds * 1000), app.quit)
    app.exec()  # a real event loop, as in the app
    timer.stop()
    window.actions.fast_forward.trigger()
    done = window.ctrl.view().completed
    window.close()
    return max(gaps[1:]) if len(gaps) > 1 else float("nan"), done


def _window_training(config: SessionConfig, tab: int = 0, warm_up: int = 1) -> MainWindow:
    """A window over a session that has run ``warm_up`` iterations, showing ``tab``."""
    session = Session(config)
    session.run(warm_up - 1)
    ctrl = SessionController(session)
    ctrl.one_iteration()
    window = MainWindow(settings(), remember_geometry=False, controller=ctrl)
    window.resize(1600, 1000)
    window.show()
    window.tabs.setCurrentIndex(tab)
    _settle()
    freeze_start_up()  # as the app does once its window is up
    return window


def _settle() -> None:
    """Let a window just shown finish what its first resizes scheduled (the graph refits
    40 ms after a resize), so that a measurement sees what its action causes, as a user
    pressing Train or Save some moments after the window appeared does."""
    _spin(SETTLE_MS)


def _spin(ms: int) -> None:
    """Run the real event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _spin_until(done, timeout_ms: int = 120000) -> float:
    """Run the event loop until ``done()``; returns the ms it took."""
    clock = QElapsedTimer()
    clock.start()
    while not done() and clock.elapsed() < timeout_ms:
        _spin(1)
    return float(clock.elapsed())


def stop_latency(config: SessionConfig, repeats: int = 12) -> dict[str, float]:
    """Stop pressed after 0.3-0.7 s of training, and Train/Stop/Train pressed within ms.

    ``ui``: ms until the window shows "stopped" (Train unchecked, controls usable);
    ``worker``: ms until the worker has also finished the iteration it was in.
    """
    window = _window_training(config)
    action = window.actions.fast_forward
    ui, worker, restarts = [], [], 0
    for i in range(repeats):
        action.trigger()  # train
        _spin(300 + 37 * i % 400)
        started = time.perf_counter()
        action.trigger()  # stop
        ui.append((time.perf_counter() - started) * 1000)
        assert not window.ctrl.running
        worker.append(ui[-1] + _spin_until(lambda: not window.ctrl.busy))
        # Train, Stop and Train again within a few ms: must neither block nor deadlock.
        action.trigger()
        _spin(i % 5)
        action.trigger()
        action.trigger()
        restarts += 1
        _spin(i % 3)
        action.trigger()
        _spin_until(lambda: not window.ctrl.busy)
    window.close()
    return {
        "ui_median": statistics.median(ui),
        "ui_max": max(ui),
        "worker_median": statistics.median(worker),
        "worker_max": max(worker),
        "restarts": restarts,
    }


def training_smoothness(
    config: SessionConfig, seconds: float = 8.0, tab: int = 0
) -> dict[str, float]:
    """Frames per second, iterations per second and GUI-thread gaps while training."""
    window = _window_training(config, tab)
    frames = [0]

    def frame(view) -> None:
        if view.running:
            frames[0] += 1

    window.ctrl.sigViewChanged.connect(frame)
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def probe() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(window)
    timer.setInterval(5)
    timer.timeout.connect(probe)
    first = window.ctrl.session.completed
    window.actions.fast_forward.trigger()
    timer.start()
    started = time.perf_counter()
    _spin(round(seconds * 1000))
    elapsed = time.perf_counter() - started
    timer.stop()
    window.actions.fast_forward.trigger()
    _spin_until(lambda: not window.ctrl.busy)
    done = window.ctrl.session.completed - first
    window.close()
    return {
        "fps": frames[0] / elapsed,
        "its": done / elapsed,
        "max_gap": max(gaps[1:]) if len(gaps) > 1 else float("nan"),
        "gaps_over_50": sum(g > 50 for g in gaps[1:]),
    }


def window_training_ratio(
    config: SessionConfig, label: str, presses: int = 5, seconds: float = 3.0
) -> None:
    """Train in a window (offscreen) as a user pressing Train does, against the bare engine
    in the same process just before and just after each press, in wall-clock time: what the
    window adds, its frames included. The median of ``presses`` such ratios, as this
    machine's speed drifts by up to a quarter within a minute."""
    from session import BareEngine

    bare = BareEngine(config)
    for _ in range(3):
        bare.iteration()

    def bare_run(span: float) -> tuple[int, float]:
        start, done = time.perf_counter(), 0
        while time.perf_counter() - start < span:
            bare.iteration()
            done += 1
        return done, time.perf_counter() - start

    where = "the engine process" if _engine_ready() else "the window's process"
    ratios, fps, its = [], [], []
    for _ in range(presses):
        before = bare_run(seconds / 2)
        smooth = training_smoothness(config, seconds)
        after = bare_run(seconds / 2)
        engine = (before[0] + after[0]) / (before[1] + after[1])
        ratios.append(smooth["its"] / engine)
        fps.append(smooth["fps"])
        its.append(smooth["its"])
    ratio = statistics.median(ratios)
    print(
        f"training in the window ({where}), {label}: median {statistics.median(its):.1f} it/s "
        f"at {statistics.median(fps):.1f} frames/s; against the bare engine just before and "
        f"after each of {presses} presses: median {ratio:.2f}× (each "
        f"{', '.join(f'{r:.2f}' for r in ratios)}; target ≥ 0.90×) "
        f"[{'ok' if ratio >= 0.9 else 'MISS'}]"
    )


def _engine_ready(timeout_s: float = 30.0) -> bool:
    """Wait for the engine process the window starts with (as a user pressing Train a few
    seconds after opening the app finds it); False when training stays in this process."""
    from explorer.session.engine_link import ENGINES

    engine = ENGINES.acquire()
    if engine is None:
        return False
    deadline = time.monotonic() + timeout_s
    while not engine.ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    ready = engine.ready()
    ENGINES.release(engine)
    return ready


def window_training_ratios() -> None:
    """``window_training_ratio`` at the defaults and with three cells at T = 50."""
    window_training_ratio(SessionConfig(), "defaults (T=50, H=32, RNN+LSTM)")
    three = SessionConfig(task_params={"seq_len": 50}, cells=("rnn", "lstm", "gru"))
    window_training_ratio(three, "T=50, H=32, three cells")


def running_frame_cost(
    config: SessionConfig, frames: int = 8, tab: int = 0, warm_up: int = 1, running: bool = True
) -> tuple[float, float]:
    """Median and max ms the window spends on one training frame (take it and paint it),
    with no worker running: the floor of the GUI gaps while training. ``running`` False
    hands stopped frames, which every view draws at once (none defers its drawing)."""
    window = _window_training(config, tab, warm_up)
    session = window.ctrl.session
    times = []
    for _ in range(frames):
        session.one_iteration()
        view = session.view(running=running)
        start = time.perf_counter()
        window.events.publish(view)
        QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    window.close()
    return statistics.median(times), max(times)


def file_gaps(iterations: int = 300) -> None:
    """Save and Open in the window after ``iterations`` at the defaults: time, GUI gaps."""
    import tempfile

    window = _window_training(SessionConfig())
    window.ctrl.session.run(iterations)
    path = Path(tempfile.mkdtemp(prefix="bptt-bench-")) / "run.bptt"
    files = window.session_files
    for label, start in (("save", lambda: files.save(path)), ("open", lambda: files.open(path))):
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def probe(gaps=gaps, clock=clock, last=last) -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer(window)
        timer.setInterval(5)
        timer.timeout.connect(probe)
        finished: list[bool] = []
        files.sigFinished.connect(finished.append)
        timer.start()
        started = time.perf_counter()
        start()
        _spin_until(lambda finished=finished: bool(finished))
        elapsed = time.perf_counter() - started
        timer.stop()
        files.sigFinished.disconnect(finished.append)
        size = path.stat().st_size / 1e6
        print(
            f"{label} after {iterations} iterations at the defaults ({size:.1f} MB): "
            f"{elapsed:.2f} s off the GUI thread, longest GUI gap {max(gaps[1:], default=0):.0f} ms "
            f"(target ≤ 100 ms), ok={finished[0]}"
        )
    window.close()


def training_worker_figures() -> None:
    """The issue #12 figures of the training worker."""
    three = ("rnn", "lstm", "gru")
    big = SessionConfig(hidden_size=128, task_params={"seq_len": 200}, cells=three)
    stop = stop_latency(big)
    print(
        "stop at T=200 H=128 three cells: window shows stopped after "
        f"median {stop['ui_median']:.1f} ms, max {stop['ui_max']:.1f} ms (target ≤ 100 ms); "
        f"worker ends after median {stop['worker_median']:.0f} ms, max {stop['worker_max']:.0f} ms "
        f"(the iteration it is in); {stop['restarts']} Train/Stop/Train within ms: no deadlock"
    )
    smoothness_figures(big)


CURVES_TAB = 3


def smoothness_figures(big: SessionConfig) -> None:
    """Frame cost, frames per second and GUI gaps while training, per size and tab."""
    three = big.cells
    for label, config, tab in (
        ("T=200 H=128 three cells", big, 0),
        ("T=200 H=64 three cells", big.with_changes(hidden_size=64), 0),
        ("T=50 H=32 three cells", SessionConfig(task_params={"seq_len": 50}, cells=three), 0),
        (
            "T=50 H=32 three cells, curves tab",
            SessionConfig(task_params={"seq_len": 50}, cells=three),
            CURVES_TAB,
        ),
    ):
        median, worst = running_frame_cost(config, tab=tab)
        smooth = training_smoothness(config, tab=tab)
        print(
            f"one training frame {label} costs the window median {median:.0f} ms, "
            f"max {worst:.0f} ms with no worker running (the floor of the GUI gaps)"
        )
        print(
            f"training {label}: {smooth['fps']:.1f} frames/s at {smooth['its']:.1f} it/s "
            f"(target ≥ 20 frames/s when it/s allow), longest GUI gap {smooth['max_gap']:.0f} ms, "
            f"{smooth['gaps_over_50']} gaps > 50 ms (target none)"
        )
    long_run = SessionConfig(task_params={"seq_len": 10}, hidden_size=8, cells=three)
    median, worst = running_frame_cost(long_run, tab=CURVES_TAB, warm_up=10_000, running=False)
    print(
        f"one frame drawn in full on the curves tab after 10,000 iterations (T=10 H=8 three "
        f"cells) costs the window median {median:.0f} ms, max {worst:.0f} ms (target: no stall)"
    )


def main() -> None:
    app = make_application()
    if "--smooth" in sys.argv:  # the training smoothness figures only
        three = ("rnn", "lstm", "gru")
        smoothness_figures(
            SessionConfig(hidden_size=128, task_params={"seq_len": 200}, cells=three)
        )
        window_training_ratios()
        return
    if "--worker" in sys.argv:  # the training-worker and file figures only
        training_worker_figures()
        file_gaps()
        return
    print(f"start-up to first painted window: {startup(app):.2f} s (target ≤ 2 s)")
    for T, H, target in ((50, 32, 16), (200, 64, 33)):
        for tab, name in ((0, "gradient tab"), (1, "hidden-state tab")):
            median, worst = frame_cost(app, T, H, tab)
            print(
                f"frame T={T} H={H} two lanes, {name}: median {median:.1f} ms, max {worst:.1f} ms (target ≤ {target} ms)"
            )
    stall, done = longest_stall(app)
    print(
        f"longest GUI stall while training: {stall:.0f} ms over {done} iterations (target ≤ 50 ms)"
    )
    training_worker_figures()
    window_training_ratios()
    file_gaps()


if __name__ == "__main__":
    main()
