"""Collect reference cycles in the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed. When that is a worker (training, animation encoding) and the cycle
holds Qt objects, their C++ destructors run in the worker while the GUI thread holds the
interpreter lock: a deadlock (seen as a frozen export) or a crash. So automatic collection
is switched off and the GUI thread collects on a timer, with the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 500


def collect_if_due(thresholds: tuple[int, int, int]) -> None:
    """Collect the generations whose allocation counts passed ``thresholds``."""
    counts = gc.get_count()
    if counts[0] <= thresholds[0]:
        return
    generation = 0
    if counts[1] > thresholds[1]:
        generation = 2 if counts[2] > thresholds[2] else 1
    gc.collect(generation)


class MainThreadGarbageCollector(QObject):
    """Owns the timer; create it in the GUI thread, after the QApplication."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(lambda: collect_if_due(self.thresholds))
        self.timer.start()
