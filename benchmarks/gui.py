"""GUI speed: frame cost, start-up time, and the longest GUI-thread stall while training.

Run offscreen: ``QT_QPA_PLATFORM=offscreen python benchmarks/gui.py``. Targets (issue #6):
≤ 16 ms per frame at T = 50, ≤ 33 ms at T = 200 (two lanes), start-up ≤ 2 s, no stall > 50 ms.
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

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from explorer.session.config import SessionConfig  # noqa: E402
from explorer.session.controller import SessionController  # noqa: E402
from explorer.session.session import Session  # noqa: E402
from explorer.ui.application import make_application  # noqa: E402
from explorer.ui.main_window import MainWindow  # noqa: E402


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
    app.processEvents()
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


def main() -> None:
    app = make_application()
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


if __name__ == "__main__":
    main()
