"""Cycles are collected by the GUI thread's timer, never automatically in a worker."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from explorer.ui.gc_guard import THAW_EVERY, MainThreadGarbageCollector, collect_if_due


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


class Named(Cycle):
    """A cycle that notes its name when it is collected."""

    collected: ClassVar[list[str]] = []

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def __del__(self) -> None:
        Named.collected.append(self.name)


def test_full_collections_freeze_their_survivors_and_thaw_them_now_and_then(qtbot):
    guard = MainThreadGarbageCollector()
    guard.timer.stop()
    guard.thresholds = (-1, -1, -1)  # every collection is a full one
    Named.collected = []
    try:
        kept = Named("old")
        guard.collect()  # survives, referenced: frozen
        assert gc.get_freeze_count() > 0
        del kept  # garbage now, among the frozen objects
        Named("new")  # garbage made since the freeze
        guard.collect()
        assert Named.collected == ["new"]  # a full collection looks only at new objects
        while guard.full_collections % THAW_EVERY != THAW_EVERY - 1:
            guard.collect()
        assert Named.collected == ["new"]
        guard.collect()  # every THAW_EVERY-th thaws first
        assert Named.collected == ["new", "old"]
    finally:
        gc.unfreeze()
        guard.deleteLater()


def test_the_thawing_collection_waits_until_no_worker_runs(qtbot):
    """It looks at every object of the app (50 ms and more): never while training runs."""
    from explorer.session.session_thread import worker_switching

    guard = MainThreadGarbageCollector()
    guard.timer.stop()
    guard.thresholds = (-1, -1, -1)
    Named.collected = []
    try:
        kept = Named("old")
        guard.collect()
        del kept  # garbage among the frozen objects
        worker_switching.enter()  # a worker trains
        try:
            for _ in range(2 * THAW_EVERY):
                guard.collect()
            assert Named.collected == [] and guard.thaw_due
        finally:
            worker_switching.leave()
        guard.collect()  # the worker has ended: the thaw comes now
        assert Named.collected == ["old"] and not guard.thaw_due
        assert gc.get_freeze_count() > 0  # what survived is frozen again
    finally:
        gc.unfreeze()
        guard.deleteLater()


def test_freezing_at_start_up_leaves_new_cycles_to_the_timer(qtbot):
    guard = MainThreadGarbageCollector()
    guard.timer.stop()
    Named.collected = []
    try:
        guard.freezeStartUp()
        assert gc.get_freeze_count() > 0
        Named("after")
        guard.thresholds = (-1, -1, -1)
        guard.collect()
        assert Named.collected == ["after"]
    finally:
        gc.unfreeze()
        guard.deleteLater()
