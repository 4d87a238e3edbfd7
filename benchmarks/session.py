"""Session figures: iterations per second stepping directly vs in "run" mode with publishing.

Run from the repository root: ``python benchmarks/session.py``. The "run" figure should be
close to the direct one: training speed is limited by the engine, not by publishing frames.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session

SECONDS = 3.0


def direct_rate(config: SessionConfig) -> float:
    """Iterations per second calling the session directly."""
    session = Session(config)
    session.run(3)
    start = time.perf_counter()
    done = 0
    while time.perf_counter() - start < SECONDS:
        session.one_iteration()
        done += 1
    return done / (time.perf_counter() - start)


def run_mode_rate(app: QCoreApplication, config: SessionConfig) -> tuple[float, int]:
    """Iterations per second in "run" mode, and the number of frames published."""
    controller = SessionController(Session(config))
    frames = []
    controller.sigViewChanged.connect(frames.append)
    controller.one_iteration()
    start_done = controller.session.completed
    start = time.perf_counter()
    controller.run()
    while time.perf_counter() - start < SECONDS:
        app.processEvents()
        time.sleep(0.005)
    controller.stop()
    elapsed = time.perf_counter() - start
    return (controller.session.completed - start_done) / elapsed, len(frames)


def main() -> None:
    app = QCoreApplication.instance() or QCoreApplication([])
    print("session: iterations per second, vanilla RNN + LSTM side by side")
    for label, params, hidden in (
        ("T=30, H=32", {"seq_len": 30}, 32),
        ("T=100, H=64", {"seq_len": 100}, 64),
    ):
        config = SessionConfig(task="adding", task_params=params, hidden_size=hidden)
        direct = direct_rate(config)
        running, frames = run_mode_rate(app, config)
        print(
            f"  {label}: direct {direct:7.1f} it/s   run mode {running:7.1f} it/s "
            f"({running / direct:.2f}x), {frames / SECONDS:.0f} frames/s published"
        )


if __name__ == "__main__":
    main()
