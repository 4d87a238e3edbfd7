"""Keyframes beyond the memory budget spill to disk: bitwise replay, cleanup, failures."""

from __future__ import annotations

import errno
import gc
import io
import os
import tempfile
from collections import namedtuple
from pathlib import Path

import numpy as np
import pytest

import explorer.session.session as session_module
import explorer.session.spill as spill_module
from explorer.engine.truncation import Truncation
from explorer.session.files import load_session, save_session
from explorer.session.history import History, Keyframe
from explorer.session.session import Session
from explorer.session.spill import SPILL_PREFIX, SpillStore, clean_stale_spills
from tests.session.snapshots import assert_snapshots_equal
from tests.session.test_history import live_records, squeeze_budget


@pytest.fixture
def spill_root(tmp_path, monkeypatch) -> Path:
    """The OS temp folder, redirected: every spill folder of the test lands here."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def spilling(monkeypatch):
    """A jump may replay next to nothing: every keyframe the budget cannot hold is needed
    (and one is taken after every iteration)."""
    monkeypatch.setattr(session_module, "JUMP_REPLAY_SECONDS", 1e-9)
    monkeypatch.setattr(session_module, "MAX_KEYFRAME_STRIDE", 1)


@pytest.fixture
def random_config(small_config):
    """Randomized truncation, clipping and three cells: replay redraws every ξ exactly."""
    return small_config.with_changes(
        cells=("rnn", "lstm", "gru"), truncation=Truncation("random", p=0.6), clip_threshold=0.05
    )


def spill_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.name.startswith(SPILL_PREFIX))


def keyframe_files(root: Path) -> list[Path]:
    return sorted(root.glob(f"{SPILL_PREFIX}*/*.kf"))


def test_spilled_keyframes_replay_bitwise_as_the_first_run(random_config, spill_root, spilling):
    session = Session(random_config)
    squeeze_budget(session, 4)
    first = live_records(session, 40)
    history = session.history
    spilled = history.spilled_iterations()
    assert len(history.memory_iterations()) <= 4, "memory holds what the budget allows"
    assert len(spilled) >= 30, "the rest went to disk instead of being dropped"
    assert len(keyframe_files(spill_root)) == len(spilled)
    assert history.spill_bytes == sum(f.stat().st_size for f in keyframe_files(spill_root))
    # A far jump right after a spilled keyframe replays one iteration: from the disk.
    target = spilled[len(spilled) // 2] + 1
    assert session.scrub_cost(target) == 1
    for iteration in [target, *range(40, 0, -3), *range(1, 41)]:
        replayed = session.record(iteration)
        assert replayed.keys() == first[iteration].keys()
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(replayed[cell], snapshot)
    assert history.spill_error is None


def test_a_spilled_keyframe_reads_back_bitwise_with_its_generators(spill_root):
    session = Session(
        Session().config.with_changes(task="adding", task_params={"seq_len": 8}, hidden_size=5)
    )
    session.run(3)
    frame = session.current_keyframe()
    store = SpillStore(root=spill_root)
    entry = store.write(frame)
    models, optimizers, carried = store.read(entry)
    back = Keyframe(entry.iteration, models, optimizers, entry.data_rng, entry.stream, carried)
    assert back.iteration == frame.iteration and back.data_rng == frame.data_rng
    for group in ("models", "optimizers"):
        want, got = getattr(frame, group), getattr(back, group)
        assert want.keys() == got.keys()
        for cell, state in want.items():
            assert list(state) == list(got[cell]), "keys in their order"
            for key, value in state.items():
                if isinstance(value, np.ndarray):
                    assert got[cell][key].dtype == value.dtype
                    assert np.array_equal(got[cell][key], value)
                else:
                    assert got[cell][key] == value and type(got[cell][key]) is type(value)
    store.close()
    assert not entry.path.exists() and not entry.path.parent.exists()


def test_the_spill_folder_goes_when_the_run_is_closed_reset_or_collected(
    small_config, spill_root, spilling
):
    session = Session(small_config)
    squeeze_budget(session, 3)
    session.run(20)
    assert len(spill_folders(spill_root)) == 1 and keyframe_files(spill_root)
    session.close()
    assert spill_folders(spill_root) == []
    assert session.history.spilled_iterations() == []
    session.scrub(7)
    assert session.view().iteration == 7, "the run goes on from the keyframes in memory"

    session.reset()
    squeeze_budget(session, 3)
    session.run(20)
    assert len(spill_folders(spill_root)) == 1
    session.reset()  # a new run replaces it
    assert spill_folders(spill_root) == []

    squeeze_budget(session, 3)
    session.run(20)
    assert len(spill_folders(spill_root)) == 1
    del session
    gc.collect()
    assert spill_folders(spill_root) == []


def test_runs_no_undo_can_bring_back_remove_their_spill(qtbot, small_config, spill_root, spilling):
    from explorer.session.controller import SessionController

    first = Session(small_config)
    squeeze_budget(first, 3)
    first.run(20)
    controller = SessionController(first)
    controller.reset()
    qtbot.waitUntil(lambda: controller.session is not first)
    assert len(spill_folders(spill_root)) == 1, "kept while undo can bring the run back"
    controller.undo()
    qtbot.waitUntil(lambda: controller.session is first)
    controller.reset()  # the run undone away is dropped from redo: its spill goes
    qtbot.waitUntil(lambda: controller.session is not first)
    assert len(spill_folders(spill_root)) == 1
    controller.undo()
    qtbot.waitUntil(lambda: controller.session is first)
    assert first.history.spilled_iterations(), "the run brought back kept its spill"
    controller.shutdown()


@pytest.mark.parametrize("damage", ["removed", "flipped", "cut"])
def test_a_broken_spill_file_falls_back_to_an_earlier_keyframe(
    random_config, spill_root, spilling, damage
):
    session = Session(random_config)
    squeeze_budget(session, 4)
    first = live_records(session, 30)
    history = session.history
    spilled = history.spilled_iterations()
    files = {int(p.stem.split("-")[1]): p for p in keyframe_files(spill_root)}
    for iteration in spilled[::2]:
        path = files[iteration]
        if damage == "removed":
            path.unlink()
        elif damage == "flipped":
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0xFF
            path.write_bytes(bytes(data))
        else:
            path.write_bytes(path.read_bytes()[:100])
    for iteration in (spilled[2] + 1, 30, 11, 5, 12):
        replayed = session.record(iteration)
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(replayed[cell], snapshot)
    assert history.spill_error is not None and ".kf" in history.spill_error
    assert spilled[1] in history.keyframe_iterations(), "an intact one stays"
    readable = [i for i in history.spilled_iterations() if history.frame_at(i) is not None]
    assert readable == history.spilled_iterations(), "broken ones are forgotten when met"
    assert len(keyframe_files(spill_root)) == len(readable)


def test_a_full_disk_stops_spilling_and_the_run_goes_on(
    random_config, spill_root, spilling, monkeypatch
):
    reference = Session(random_config)
    squeeze_budget(reference, 4)
    first = live_records(reference, 30)
    reference.close()
    writes = []

    class FillsUp(io.FileIO):
        def write(self, data) -> int:
            if len(writes) <= 5:
                return super().write(data)
            super().write(bytes(memoryview(data)[:10]))  # a write cut short by the disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def opens(path, mode="r", *args, **kwargs):
        if mode == "xb":
            writes.append(path)
            return FillsUp(path, "xb")
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(spill_module, "open", opens, raising=False)
    session = Session(random_config)
    squeeze_budget(session, 4)
    session.run(30)
    history = session.history
    assert "No space left" in (history.spill_error or "")
    assert len(writes) == 6, "no write is tried after the disk filled up"
    assert len(history.spilled_iterations()) == 5 == len(keyframe_files(spill_root))
    assert history.keyframe_bytes <= history.capacity_bytes()
    for iteration in (30, 3, 17, 29, 1):
        replayed = session.record(iteration)
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(replayed[cell], snapshot)


def test_a_nearly_full_disk_is_left_its_reserve(small_config, spill_root, spilling, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(spill_module.shutil, "disk_usage", lambda _: usage(10**9, 10**9, 10**6))
    session = Session(small_config)
    squeeze_budget(session, 3)
    session.run(20)
    assert session.history.spilled_iterations() == [] and spill_folders(spill_root) == []
    assert session.history.spill_error is None
    session.scrub(9)
    assert session.view().iteration == 9


def test_past_the_spill_limit_spilled_keyframes_thin_out_evenly(spill_root):
    frame_bytes = 20_000
    history = History(10**6, lambda: SpillStore(limit_bytes=40 * frame_bytes + 4096))
    history.max_gap = 10
    for i in range(1, 3001):
        history.completed = i
        if history.wants(i):
            history.add(_fake_keyframe(i, frame_bytes))
    assert history.spill_bytes <= 40 * frame_bytes + 4096
    assert len(history.spilled_iterations()) >= 35
    assert history.keyframe_bytes <= history.capacity_bytes()
    gaps = np.diff([0, *history.keyframe_iterations(), 3000])
    assert gaps.max() > 10, "past the limit the spacing is wider than the jump target"
    assert gaps.max() <= 1.6 * gaps.mean(), "no region of the run is left far from a keyframe"
    assert len(keyframe_files(Path(history.spill.folder).parent)) == len(
        history.spilled_iterations()
    )


def test_within_the_limit_every_gap_keeps_to_the_jump_target(spill_root):
    history = History(10**6)
    history.max_gap = 12
    for i in range(1, 4001):
        history.completed = i
        if history.wants(i):
            history.add(_fake_keyframe(i, 20_000))
    gaps = np.diff([0, *history.keyframe_iterations(), 4000])
    assert gaps.max() <= 12
    assert len(history.memory_iterations()) < 40 < len(history.spilled_iterations())
    frame = history.frame_at(history.spilled_iterations()[7])
    assert frame.models["rnn"]["W"][0] == frame.iteration
    history.close()
    assert spill_folders(spill_root) == []


def _fake_keyframe(iteration: int, nbytes: int) -> Keyframe:
    weights = np.full(nbytes // 8, float(iteration))
    return Keyframe(iteration, {"rnn": {"W": weights}}, {"rnn": {"t": iteration}}, {"s": 1})


def test_stale_spill_folders_of_dead_processes_are_removed(spill_root):
    live = SpillStore(root=spill_root)
    live.write(_fake_keyframe(1, 800))
    stale = spill_root / f"{SPILL_PREFIX}99999999-abc"
    stale.mkdir()
    (stale / spill_module.LOCK_NAME).write_bytes(b"")  # nobody holds its lock
    (stale / "00000001-5.kf").write_bytes(b"x" * 100)
    unrelated = spill_root / "someone-else"
    unrelated.mkdir()
    assert clean_stale_spills(spill_root) == 1
    assert not stale.exists() and unrelated.exists()
    assert live.folder is not None and live.folder.exists(), "a running owner keeps its folder"
    live.close()


def test_a_session_file_holds_no_spill_and_opens_bitwise(
    random_config, spill_root, spilling, tmp_path
):
    session = Session(random_config)
    squeeze_budget(session, 4)
    first = live_records(session, 25)
    assert session.history.spilled_iterations()
    path = tmp_path / "run.bptt"
    save_session(session, path)
    on_disk = sum(f.stat().st_size for f in keyframe_files(spill_root))
    assert path.stat().st_size < on_disk, "the file keeps a few keyframes, not the spill"
    session.close()
    loaded = load_session(path)
    for iteration in (25, 4, 13):
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(loaded.record(iteration)[cell], snapshot)
