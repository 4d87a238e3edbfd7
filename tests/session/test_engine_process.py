"""The engine process trains a run exactly as the window's process would, and the window's
process takes it over: curves, metrics, divergences, keyframes and the final state are
bitwise those of the same run trained in one process; a stop ends it; a lost engine leaves
the session at a held state that trains on to the same numbers.
"""

from __future__ import annotations

import io
import time

import numpy as np
import pytest

from explorer.session.config import Truncation
from explorer.session.engine_link import EngineLost, EngineProcess, EngineRun
from explorer.session.session import Session
from explorer.session.wire import (
    WireError,
    keyframe_from_parts,
    keyframe_parts,
    read_message,
    write_message,
)


@pytest.fixture(scope="module")
def engine():
    process = EngineProcess()
    deadline = time.monotonic() + 60
    while not process.ready():
        assert time.monotonic() < deadline, "the engine process did not start"
        time.sleep(0.01)
    yield process
    process.close()


def train_in_engine(session: Session, engine: EngineProcess, n: int) -> EngineRun:
    run = EngineRun(session, engine, n, budget_evaluations=False)
    run.start()
    while run.step():
        pass
    return run


def assert_same_run(a: Session, b: Session, metrics: bool = True) -> None:
    """The same run; ``metrics=False``: but for which iterations were evaluated (a window's
    run keeps evaluations to their share of the time)."""
    assert a.completed == b.completed
    for cell in a.cells:
        fa, fb = a.curves[cell].freeze(), b.curves[cell].freeze()
        assert np.array_equal(fa.iterations, fb.iterations)
        for name in ("loss", "grad_norm", "grad_norm_clipped", "clipped"):
            assert np.array_equal(getattr(fa, name), getattr(fb, name), equal_nan=True), name
        if metrics:
            assert fa.metric_iterations.tolist() == fb.metric_iterations.tolist()
            assert fa.metrics.keys() == fb.metrics.keys()
            for name in fa.metrics:
                assert np.array_equal(fa.metrics[name], fb.metrics[name], equal_nan=True)
        assert a.status[cell] == b.status[cell]
        for name, value in a.models[cell].params.items():
            assert np.array_equal(value, b.models[cell].params[name]), (cell, name)
        sa, sb = a.optimizers[cell].state_dict(), b.optimizers[cell].state_dict()
        for key, value in sa.items():
            assert np.array_equal(value, sb[key]), (cell, key)
    assert a.data_rng.bit_generator.state == b.data_rng.bit_generator.state


def test_a_keyframe_crosses_the_wire_bitwise(small_config):
    session = Session(small_config)
    session.run(3)
    frame = session.current_keyframe()
    buffer = io.BytesIO()
    write_message(buffer, "keyframe", {"state": keyframe_parts(frame)[0]}, keyframe_parts(frame)[1])
    buffer.seek(0)
    kind, header, arrays = read_message(buffer)
    back = keyframe_from_parts(header["state"], arrays)
    assert kind == "keyframe" and back.iteration == 3 and back.data_rng == frame.data_rng
    for cell in frame.models:
        for key, value in frame.models[cell].items():
            assert np.array_equal(value, back.models[cell][key])
        for key, value in frame.optimizers[cell].items():
            assert np.array_equal(value, back.optimizers[cell][key])
            assert type(value) is type(back.optimizers[cell][key])


@pytest.mark.parametrize(
    "data, match",
    [
        (b"", "closed"),
        ((1 << 40).to_bytes(8, "little"), "header of"),
        (len(b"[1]").to_bytes(8, "little") + b"[1]", "could not be read"),
        (
            len(b'{"kind": "x", "arrays": [["|O", [1]]]}').to_bytes(8, "little")
            + b'{"kind": "x", "arrays": [["|O", [1]]]}',
            "not valid",
        ),
        (
            len(b'{"kind": "x", "arrays": [["<f8", [4]]]}').to_bytes(8, "little")
            + b'{"kind": "x", "arrays": [["<f8", [4]]]}'
            + b"\0" * 8,
            "closed",
        ),
    ],
)
def test_a_malformed_message_is_refused(data, match):
    with pytest.raises(WireError, match=match):
        read_message(io.BytesIO(data))


def test_a_run_in_the_engine_is_the_run_in_one_process(small_config, engine):
    config = small_config.with_changes(cells=("rnn", "lstm", "gru"), eval_every=7)
    here, there = Session(config), Session(config)
    here.run(2)
    there.run(2)
    here.run(40)
    run = train_in_engine(there, engine, 40)
    assert run.iterations == 40 and not there.engine_running
    assert_same_run(here, there)
    # The keyframes the engine sent replay to the very iterations it trained.
    held = there.history.keyframe_iterations()
    assert held and held[-1] == 42
    for iteration in (5, 23, 41):
        ours, theirs = here.record(iteration), there.record(iteration)
        for cell in config.cells:
            assert np.array_equal(ours[cell].grad_hidden, theirs[cell].grad_hidden)
    # Training on in this process continues the same run.
    here.run(3)
    there.run(3)
    assert_same_run(here, there)


def test_carried_states_and_divergence_cross_to_the_engine(small_config, engine):
    config = small_config.with_changes(
        task="charlm",
        task_params={"corpus": "zen", "seq_len": 8, "sampling": "sequential"},
        cells=("rnn", "lstm", "gru"),
        truncation=Truncation("truncated", k=3),
        eval_every=10,
    )
    here, there = Session(config), Session(config)
    for session in (here, there):
        session.run(4)
        session.models["rnn"].params["W_hq"][...] = 1e300
    events = []
    there.add_listener(events.append)
    here.run(30)
    train_in_engine(there, engine, 30)
    assert [(e.kind, e.cell, e.iteration) for e in events] == [("diverged", "rnn", 5)]
    assert_same_run(here, there)
    for cell in ("lstm", "gru"):
        assert np.array_equal(here.carried[cell][0], there.carried[cell][0])


def test_a_stop_ends_the_run_after_an_iteration(small_config, engine):
    there = Session(small_config)
    run = EngineRun(there, engine, None, budget_evaluations=False)
    run.start()
    while there.completed < 5:
        assert run.step()
    run.request_stop()
    while run.step():
        pass
    assert there.completed >= 5 and not there.engine_running
    here = Session(small_config)
    here.run(there.completed)
    assert_same_run(here, there)


def test_an_engine_lost_mid_run_leaves_a_held_state_that_trains_on_the_same(small_config):
    lost = EngineProcess()
    while not lost.ready():
        time.sleep(0.01)
    there = Session(small_config)
    run = EngineRun(there, lost, None, budget_evaluations=False)
    run.start()
    while there.completed < 12:
        run.step()
    lost.kill()
    with pytest.raises(EngineLost):
        while True:
            run.step()
    back_at = there.completed
    assert back_at in there.history.keyframe_iterations() or back_at == 0
    assert not there.engine_running and len(there.curves["rnn"].freeze().iterations) == back_at
    there.run(20 - back_at)
    here = Session(small_config)
    here.run(20)
    assert_same_run(here, there)


def test_the_worker_finishes_a_stepped_into_iteration_then_trains_in_the_engine(
    qtbot, small_config, engine, monkeypatch
):
    """Train for 30 iterations while one is half revealed: that one counts, the engine
    trains the other 29, and the run is the single-process run."""
    from explorer.session import engine_link
    from explorer.session.session_thread import SessionThread

    ready = engine_link.EnginePool()
    ready.release(engine)  # the pool hands out the engine that is already up
    monkeypatch.setattr("explorer.session.session_thread.ENGINES", ready)
    runs: list[int] = []
    start = engine_link.EngineRun.start
    monkeypatch.setattr(
        engine_link.EngineRun, "start", lambda run: (runs.append(run._n), start(run))[1]
    )
    there = Session(small_config)
    there.run(2)
    there.step_forward()
    thread = SessionThread(there, n=30)
    with qtbot.waitSignal(thread.finished, timeout=60000):
        thread.start()
    thread.wait()
    assert runs == [29] and thread.iterations_done == 30
    here = Session(small_config)
    here.run(32)
    assert_same_run(here, there, metrics=False)


def test_the_switch_keeps_training_in_this_process(qtbot, small_config, monkeypatch):
    """BPTT_EXPLORER_ENGINE_PROCESS=0: no engine process starts, and the worker trains the
    same run in its own thread."""
    from explorer.session import engine_link
    from explorer.session.session_thread import SessionThread

    monkeypatch.setenv(engine_link.ENGINE_SWITCH, "0")
    assert engine_link.EnginePool().acquire() is None
    started = []
    monkeypatch.setattr(engine_link.EngineRun, "start", lambda run: started.append(run))
    there = Session(small_config)
    thread = SessionThread(there, n=12)
    with qtbot.waitSignal(thread.finished, timeout=60000):
        thread.start()
    thread.wait()
    assert not started and there.completed == 12
    here = Session(small_config)
    here.run(12)
    assert_same_run(here, there, metrics=False)
