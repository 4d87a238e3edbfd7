"""Sequential sampling in the session: the state crosses batch boundaries, the gradient does
not, and the stream position and carried states are part of every keyframe and file."""

from __future__ import annotations

import copy
import io
import json
import zipfile

import numpy as np
import pytest

from explorer.engine.truncation import Truncation
from explorer.session.archive import MANIFEST, manifest_bytes
from explorer.session.carry import as_h0, final_state
from explorer.session.files import SessionFileError, load_session, save_session
from explorer.session.session import Session
from tests.session.snapshots import assert_snapshots_equal
from tests.session.test_history import live_records, squeeze_budget


@pytest.fixture
def sequential_config(small_config):
    """The Zen of Python in 4 rows of 8 characters: 26 batches an epoch, so 30 iterations
    cross one epoch boundary (where the state is reset)."""
    return small_config.with_changes(
        task="charlm",
        task_params={"corpus": "zen", "seq_len": 8, "sampling": "sequential"},
        cells=("rnn", "lstm", "gru"),
        truncation=Truncation("truncated", k=3),
        eval_every=10,
    )


def test_carried_state_is_the_previous_final_state(sequential_config):
    session = Session(sequential_config)
    first = live_records(session, 30)
    stream = session.task.stream
    resets = [n for n in range(2, 31) if not stream.continues_at(n - 1, 4)]
    assert resets, "30 iterations cross an epoch boundary"
    for n in range(2, 31):
        for cell, snap in first[n].items():
            previous_end = first[n - 1][cell].hidden[-1]
            if n in resets:
                assert not snap.h0.any(), f"{cell} {n}: a new epoch starts from zeros"
            else:
                assert np.array_equal(snap.h0, previous_end), f"{cell} {n}: carried h"
    assert session.task.stream.state()["position"] == 30


def test_lstm_carries_its_cell_too(sequential_config):
    session = Session(sequential_config.with_changes(cells=("lstm",)))
    session.run(2)
    model = session.models["lstm"]
    h, c = as_h0(model, session.carried["lstm"])
    assert h.shape == c.shape == (4, 6)
    session.one_iteration()
    trace = session._latest.steps["lstm"].result.trace
    assert np.array_equal(trace.h0, h) and np.array_equal(trace.c0, c)


def test_gradient_is_cut_at_the_batch_boundary(sequential_config):
    """The carried state enters the next iteration as plain numbers: its gradient is the one
    of a fresh pass over the next batch that starts from that h0."""
    config = sequential_config.with_changes(
        cells=("rnn",), truncation=Truncation("full"), clipping="off"
    )
    session = Session(config)
    session.run(3)
    model = session.models["rnn"].copy()
    h0 = as_h0(model, session.carried["rnn"]).copy()
    X, Y, mask = session.task.batch_from(copy.copy(session.task.stream), 4, session.data_rng)
    want = model.loss_and_grads(X, Y, loss="ce", mask=mask, h0=h0)
    session.one_iteration()
    got = session._latest.steps["rnn"]
    assert got.loss == want.loss
    for name, grad in want.grads.items():
        assert np.array_equal(got.grads[name], grad), name
    assert final_state(model, want.trace)[0].base is None  # carried states are copies


def test_replay_is_bitwise_with_a_tight_budget(sequential_config):
    session = Session(sequential_config)
    squeeze_budget(session, 4)
    first = live_records(session, 30)
    assert len(session.history.keyframe_iterations()) <= 4
    position = session.task.stream.state()
    for iteration in [*range(30, 0, -7), *range(1, 31)]:
        replayed = session.record(iteration)
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(replayed[cell], snapshot)
    assert session.task.stream.state() == position, "replay never moves the live stream"


def test_keyframes_hold_the_stream_and_carried_states(sequential_config):
    session = Session(sequential_config)
    session.run(5)
    frames = session.history.keyframes()
    assert frames
    for frame in frames:
        assert frame.stream == {"seed": 0, "position": frame.iteration}
        assert set(frame.carried) == {"rnn", "lstm", "gru"}
        assert len(frame.carried["lstm"]) == 2 and len(frame.carried["gru"]) == 1
    assert session.history.genesis.stream == {"seed": 0, "position": 0}


def test_gradcheck_does_not_advance_the_stream(sequential_config):
    session = Session(sequential_config)
    session.run(3)
    before = session.task.stream.state()
    assert session.gradcheck("lstm") < 1e-6
    assert session.task.stream.state() == before
    reference = Session(sequential_config)
    reference.run(4)
    session.one_iteration()
    assert session._latest.steps["lstm"].loss == reference._latest.steps["lstm"].loss


def test_resume_from_mid_run_continues_identically(sequential_config):
    session = Session(sequential_config)
    squeeze_budget(session, 3)
    first = live_records(session, 30)
    session.resume_from(13)
    assert session.task.stream.state()["position"] == 13
    again = live_records(session, 17)
    for iteration in range(14, 31):
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(again[iteration][cell], snapshot)


def test_file_round_trip_continues_identically(sequential_config, tmp_path):
    session = Session(sequential_config)
    session.run(20)
    path = tmp_path / "run.bptt"
    save_session(session, path)
    loaded = load_session(path)
    assert loaded.task.stream.state() == session.task.stream.state()
    for cell, state in session.carried.items():
        assert all(np.array_equal(a, b) for a, b in zip(loaded.carried[cell], state, strict=True))
    for iteration in (20, 7, 1):
        want, got = session.record(iteration), loaded.record(iteration)
        for cell in want:
            assert_snapshots_equal(got[cell], want[cell])
    session.run(8)
    loaded.run(8)
    for cell in session.cells:
        assert np.array_equal(
            loaded.curves[cell].series("loss"), session.curves[cell].series("loss")
        )


def test_random_sampling_carries_nothing(sequential_config):
    config = sequential_config.with_changes(
        task_params={"corpus": "zen", "seq_len": 8, "sampling": "random"}
    )
    session = Session(config)
    first = live_records(session, 3)
    assert session.carried == {}
    assert not first[3]["rnn"].h0.any()
    assert session.history.at_or_before(3).stream is None


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != MANIFEST}


def _npz(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("no stream", "keyframe 4 has no stream position"),
        ("stream ahead", "keyframe 4 stream position: expected a whole number from 0 to 5"),
        ("foreign seed", "stream seed 9 is not the task's seed 0"),
        ("carried shape", "4/rnn/carried/0 has shape (4, 5), expected (4, 6)"),
        ("carried missing", "missing 4/lstm/carried"),
    ],
)
def test_damaged_sequential_state_is_named(sequential_config, tmp_path, damage, message):
    session = Session(sequential_config)
    session.run(4)
    good = tmp_path / "good.bptt"
    save_session(session, good)
    members = _members(good)
    meta = json.loads(members["format.json"])
    arrays = dict(np.load(io.BytesIO(members["keyframes.npz"])))
    last = meta["keyframes"][-1]
    if damage == "no stream":
        del last["stream"]
    elif damage == "stream ahead":
        last["stream"]["position"] = 6
    elif damage == "foreign seed":
        last["stream"]["seed"] = 9
    elif damage == "carried shape":
        arrays["4/rnn/carried/0"] = np.zeros((4, 5))
    else:
        del arrays["4/lstm/carried/0"], arrays["4/lstm/carried/1"]
    members["format.json"] = json.dumps(meta).encode()
    members["keyframes.npz"] = _npz(arrays)
    bad = tmp_path / "bad.bptt"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr(MANIFEST, manifest_bytes(members))
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(SessionFileError) as info:
        load_session(bad)
    assert message in str(info.value)
