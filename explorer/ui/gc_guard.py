"""Collect reference cycles in the GUI thread only, in short pauses.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed. When that is a worker (training, animation encoding) and the cycle
holds Qt objects, their C++ destructors run in the worker while the GUI thread holds the
interpreter lock: a deadlock (seen as a frozen export) or a crash. So automatic collection
is switched off and the GUI thread collects on a timer, with the same thresholds.

A full collection looks at every object of the app (about 110,000 once a window is up):
54 ms on the GUI thread, a visible stall while training. So what is alive once the window
is up, and what survives each full collection, is frozen (``gc.freeze``): the next full
collection looks only at objects made since. Every ``THAW_EVERY``-th full collection first
thaws them, so that a cycle among them that has become garbage is still found; that one
looks at every object again, so it waits until no worker runs (it would stall a training
frame by 50 ms or more, and a lecture's run may train for minutes).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from explorer.session.session_thread import worker_switching

CHECK_INTERVAL_MS = 500
THAW_EVERY = 20


def due_generation(thresholds: tuple[int, int, int]) -> int | None:
    """The generation whose collection is due by ``thresholds`` (None: none is)."""
    counts = gc.get_count()
    if counts[0] <= thresholds[0]:
        return None
    if counts[1] > thresholds[1]:
        return 2 if counts[2] > thresholds[2] else 1
    return 0


def collect_if_due(thresholds: tuple[int, int, int]) -> int | None:
    """Collect the generations whose allocation counts passed ``thresholds``; returns the
    generation collected, or None."""
    generation = due_generation(thresholds)
    if generation is not None:
        gc.collect(generation)
    return generation


class MainThreadGarbageCollector(QObject):
    """Owns the timer; create it in the GUI thread, after the QApplication."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.full_collections = 0
        self.thaw_due = False  # a thawing collection waits for the workers to end
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        """Collect what is due; a full collection freezes its survivors. Every
        ``THAW_EVERY``-th one thaws them first, as soon as no worker runs."""
        if due_generation(self.thresholds) == 2:
            self.full_collections += 1
            self.thaw_due |= self.full_collections % THAW_EVERY == 0
        if self.thaw_due and not worker_switching.active:
            self.thaw_due = False
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        elif collect_if_due(self.thresholds) == 2:
            gc.freeze()

    def freezeStartUp(self) -> None:
        """Collect once and freeze what is alive (call when the first window is up: its
        widgets, the modules and the run live as long as the app)."""
        gc.collect()
        gc.freeze()


def freeze_start_up() -> None:
    """``freezeStartUp`` of the application's collector, if it has one."""
    app = QApplication.instance()
    collector = app.findChild(MainThreadGarbageCollector) if app is not None else None
    if collector is not None:
        collector.freezeStartUp()
