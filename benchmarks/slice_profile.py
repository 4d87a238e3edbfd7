"""What the GUI thread runs in its long slices: a 5 ms probe timer and a profile per slice.

Run offscreen: ``QT_QPA_PLATFORM=offscreen python benchmarks/slice_profile.py SCENARIO``
with SCENARIO one of ``fresh`` (a new window at the defaults, Train pressed), ``big`` (three
cells at T = 200, H = 64 on the gradient tab), ``curves`` (the same on the Training curves
tab), ``short-curves`` (three cells at T = 50 on the Training curves tab) or ``open`` (File → Open of a run saved after 300 iterations at the defaults).

A ``cProfile.Profile`` runs on the GUI thread between two probe ticks; when the gap between
the ticks is longer than ``SLICE_MS`` that profile is kept and its top entries printed (by
cumulative and by own time). Profiling slows Python code down (about 1.5×), so the gaps
printed here are longer than ``benchmarks/gui.py`` measures: read the shares, not the sums.
Not part of ``make bench``: a diagnostic, its output is meant to be read.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gui
from PySide6.QtCore import QTimer

from explorer.session.config import SessionConfig
from explorer.ui.application import make_application
from explorer.ui.main_window import MainWindow

PROBE_MS = 5
SLICE_MS = 40
SHOWN_SLICES = 4
TOP = int(os.environ.get("TOP", "14"))


class SliceProfiler:
    """A profile of the GUI thread per gap between probe ticks; keeps the long ones."""

    def __init__(self, window) -> None:
        self.kept: list[tuple[float, float, cProfile.Profile]] = []
        self.gaps: list[float] = []
        self._profile = cProfile.Profile()
        self._last = time.perf_counter()
        self._origin = self._last
        self.timer = QTimer(window)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._origin = self._last
        self._profile.enable()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._profile.disable()

    def _tick(self) -> None:
        self._profile.disable()
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self.gaps.append(gap)
        if gap > SLICE_MS:
            self.kept.append((gap, (self._last - self._origin) * 1000, self._profile))
        self._last = now
        self._profile = cProfile.Profile()
        self._profile.enable()

    def report(self) -> None:
        over = sum(g > 50 for g in self.gaps)
        print(
            f"{len(self.gaps)} ticks, longest gap {max(self.gaps, default=0):.0f} ms, "
            f"{over} gaps > 50 ms (profiled)"
        )
        for gap, at, profile in sorted(self.kept, key=lambda k: -k[0])[:SHOWN_SLICES]:
            print(f"\n=== slice of {gap:.0f} ms at {at:.0f} ms")
            for key in ("cumulative", "tottime"):
                out = io.StringIO()
                stats = pstats.Stats(profile, stream=out)
                stats.sort_stats(key).print_stats(TOP)
                lines = out.getvalue().splitlines()
                start = next(i for i, line in enumerate(lines) if "ncalls" in line)
                print(f"  -- by {key}")
                for line in lines[start : start + TOP + 1]:
                    print("  " + line[:170])


def run_training(window, seconds: float) -> SliceProfiler:
    profiler = SliceProfiler(window)
    profiler.start()
    window.actions.fast_forward.trigger()
    gui._spin(round(seconds * 1000))
    profiler.stop()
    window.actions.fast_forward.trigger()
    gui._spin_until(lambda: not window.ctrl.busy)
    return profiler


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "fresh"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 4.0
    make_application()
    three = ("rnn", "lstm", "gru")
    big = SessionConfig(hidden_size=64, task_params={"seq_len": 200}, cells=three)
    if what == "fresh":
        window = MainWindow(gui.settings(), remember_geometry=False)
        window.show()
        gui._settle()
        profiler = run_training(window, seconds)
    elif what in ("big", "curves"):
        window = gui._window_training(big, gui.CURVES_TAB if what == "curves" else 0)
        profiler = run_training(window, seconds)
    elif what == "short-curves":
        short = SessionConfig(task_params={"seq_len": 50}, cells=three)
        window = gui._window_training(short, gui.CURVES_TAB)
        profiler = run_training(window, seconds)
    elif what == "open":
        window = gui._window_training(SessionConfig())
        window.ctrl.session.run(300)
        path = Path(tempfile.mkdtemp(prefix="bptt-profile-")) / "run.bptt"
        finished: list[bool] = []
        files = window.session_files
        files.sigFinished.connect(finished.append)
        files.save(path)
        gui._spin_until(lambda: bool(finished))
        finished.clear()
        profiler = SliceProfiler(window)
        profiler.start()
        files.open(path)
        gui._spin_until(lambda: bool(finished))
        gui._spin(300)  # whatever the views defer after the run is installed
        profiler.stop()
    else:
        raise SystemExit(f"unknown scenario {what!r}: fresh, big, curves, short-curves or open")
    profiler.report()
    window.close()


if __name__ == "__main__":
    main()
