"""Where the GUI thread's stalls come from: a 5 ms probe timer plus stack samples.

Run offscreen: ``QT_QPA_PLATFORM=offscreen python benchmarks/stall_probe.py train`` (or
``save``, ``open``). A ``QTimer`` ticks every 5 ms on the GUI thread; a sampling thread
records every thread's Python stack every 2 ms. For the longest gaps between ticks it
prints, over the gap, what the GUI thread and the others were doing (a stack shown as the
event loop alone means the GUI thread was idle in Qt or waiting for the interpreter lock).
Not part of ``make bench``: a diagnostic, its output is meant to be read.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import itertools

import gui
from PySide6.QtCore import QTimer

from explorer.session.config import SessionConfig
from explorer.ui.application import make_application

SAMPLE_S = 0.002
PROBE_MS = 5
SHOWN_GAPS = 3
GAP_MS = 30
DEPTH = 5

Stack = list[tuple[str, int, str]]


class Sampler:
    """Every thread's innermost ``DEPTH`` frames, every ``SAMPLE_S`` seconds."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, dict[int, Stack]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = threading.get_ident()
        while not self._stop.is_set():
            now = time.perf_counter()
            stacks = {
                ident: [
                    (Path(f.f_code.co_filename).name, line, f.f_code.co_name)
                    for f, line in traceback.walk_stack(frame)
                ][:DEPTH]
                for ident, frame in sys._current_frames().items()
                if ident != me
            }
            self.samples.append((now, stacks))
            time.sleep(SAMPLE_S)


def probe_gaps(window, action, done) -> list[tuple[float, float]]:
    """Run ``action()``, tick every ``PROBE_MS`` until ``done()``; the gaps between ticks."""
    ticks = [time.perf_counter()]
    timer = QTimer(window)
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    action()
    gui._spin_until(done)
    timer.stop()
    return list(itertools.pairwise(ticks))


def report(gaps: list[tuple[float, float]], sampler: Sampler) -> None:
    main = threading.main_thread().ident
    longest = sorted(gaps, key=lambda g: g[0] - g[1])[:SHOWN_GAPS]
    print(f"  longest gaps: {', '.join(f'{(b - a) * 1000:.0f} ms' for a, b in longest)}")
    for start, end in longest:
        if (end - start) * 1000 < GAP_MS:
            continue
        print(f"  --- gap of {(end - start) * 1000:.0f} ms")
        previous = None
        for when, stacks in sampler.samples:
            if not start <= when <= end:
                continue
            shown = (
                tuple(stacks.get(main, [])),
                tuple(tuple(s) for i, s in stacks.items() if i != main),
            )
            if shown == previous:
                continue
            previous = shown
            print(f"   +{(when - start) * 1000:5.1f} ms GUI   {stacks.get(main, [])}")
            for ident, stack in stacks.items():
                if ident != main:
                    print(f"              other {stack}")


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "train"
    make_application()
    gui._engine_ready()  # as a user pressing Train a few seconds after opening finds it
    if what == "curves":  # three cells at T = 50, training with the curves tab showing
        config = SessionConfig(task_params={"seq_len": 50}, cells=("rnn", "lstm", "gru"))
        window = gui._window_training(config, gui.CURVES_TAB)
    else:
        window = gui._window_training(SessionConfig())
    ctrl = window.ctrl
    with Sampler() as sampler:
        if what in ("train", "curves"):
            action = window.actions.fast_forward.trigger
            started = time.perf_counter()
            gaps = probe_gaps(window, action, lambda: time.perf_counter() - started > 6)
            window.actions.fast_forward.trigger()
            gui._spin_until(lambda: not ctrl.busy)
        else:
            ctrl.session.run(300)
            path = Path(tempfile.mkdtemp(prefix="bptt-probe-")) / "run.bptt"
            finished: list[bool] = []
            window.session_files.sigFinished.connect(finished.append)
            if what == "open":
                window.session_files.save(path)
                gui._spin_until(lambda: bool(finished))
                finished.clear()
            files = window.session_files
            start = (lambda: files.open(path)) if what == "open" else (lambda: files.save(path))
            gaps = probe_gaps(window, start, lambda: bool(finished))
    print(f"{what}: {len(gaps)} probe ticks")
    report(gaps, sampler)
    window.close()


if __name__ == "__main__":
    main()
