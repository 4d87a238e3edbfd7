"""Cycles are collected by the GUI thread's timer, never automatically in a worker."""

from __future__ import annotations

import gc
import threading

from explorer.ui.gc_guard import MainThreadGarbageCollector, collect_if_due


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_workers_do_not_collect_and_the_gui_timer_does(qtbot):
    guard = MainThreadGarbageCollector()
    try:
        assert not gc.isenabled()
        collected_in: list[str] = []

        class Watched(Cycle):
            def __del__(self) -> None:
                collected_in.append(threading.current_thread().name)

        def worker() -> None:
            for _ in range(5):
                Watched()
            for _ in range(20 * guard.thresholds[0]):
                Cycle()  # enough allocations to trigger automatic collection

        thread = threading.Thread(target=worker, name="worker")
        thread.start()
        thread.join()
        assert collected_in == []
        qtbot.waitUntil(lambda: len(collected_in) == 5, timeout=3000)
        assert set(collected_in) == {"MainThread"}
    finally:
        guard.timer.stop()
        guard.deleteLater()


def test_collect_if_due_respects_thresholds():
    gc.collect()
    collect_if_due((10**9, 10, 10))  # far below the threshold: nothing to do, no error
    for _ in range(50):
        Cycle()
    before = gc.get_count()[0]
    collect_if_due((10, 10, 10))
    assert gc.get_count()[0] < before
