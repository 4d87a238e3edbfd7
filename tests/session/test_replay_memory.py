"""Replay shares the run's buffer pools and stays bitwise exact; the memory the engine works
in is counted in the history's budget."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine.buffers import held_bytes, pools_of
from explorer.engine.truncation import Truncation
from explorer.session import history as history_module
from explorer.session import replay as replay_module
from explorer.session.config import SessionConfig
from explorer.session.session import Session
from tests.session.snapshots import assert_snapshots_equal
from tests.session.test_history import live_records, squeeze_budget


@pytest.fixture
def pooled_config() -> SessionConfig:
    """Three cells with (T, B, H) arrays above the pool's minimum size, randomized
    truncation and clipping: every pooled path of an iteration runs, and replay must
    redraw every ξ."""
    return SessionConfig(
        task="adding",
        task_params={"seq_len": 40},
        cells=("rnn", "lstm", "gru"),
        hidden_size=32,
        batch_size=16,
        eval_every=5,
        seed=5,
        truncation=Truncation("random", p=0.6),
        clip_threshold=0.05,
    )


def _pools(session: Session) -> list:
    unique = {id(p): p for m in session.models.values() for p in pools_of(m)}
    return list(unique.values())


def test_replay_models_draw_from_the_live_models_pools(pooled_config):
    session = Session(pooled_config)
    for cell, model in session.models.items():
        replaying = session._replayer._models[cell]
        assert [id(p) for p in pools_of(replaying)] == [id(p) for p in pools_of(model)]


def test_replay_after_the_pools_are_released_is_bitwise_the_first_run(pooled_config):
    session = Session(pooled_config)
    squeeze_budget(session, 3)
    first = live_records(session, 12)
    assert sum(p.free_bytes() for p in _pools(session)) > 0, "the run recycles its memory"
    for iteration in (3, 4, 9, 2, 11):
        for pool in _pools(session):
            pool.clear()  # whatever the pools hold, replay computes the same numbers
        replayed = session.record(iteration)
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(replayed[cell], snapshot)


def test_a_replay_leaves_the_last_iteration_s_trace_intact(pooled_config):
    session, twin = Session(pooled_config), Session(pooled_config)
    session.run(8)  # the last iteration's trace is kept, its display data not built
    twin.run(8)
    session.record(3)  # replays on the pools the kept trace came from
    session.record(6)
    built, expected = session.record(8), twin.record(8)
    for cell, snapshot in expected.items():
        assert_snapshots_equal(built[cell], snapshot)


def test_showing_the_last_iteration_gives_its_trace_back_to_the_pools(pooled_config):
    session = Session(pooled_config.with_changes(cells=("lstm",)))
    session.run(3)
    before = sum(p.free_bytes() for p in _pools(session))
    session.view()
    after = sum(p.free_bytes() for p in _pools(session))
    # The LSTM's trace lies in pooled buffers: once built, they wait for the next pass.
    assert after > before


def test_training_measures_the_engine_s_working_memory(pooled_config):
    session = Session(pooled_config)
    session.run(1)  # evaluated: the largest working set is measured
    history = session.history
    model = session.models["lstm"]
    X, Y, mask = session.task.batch(pooled_config.batch_size, np.random.default_rng(0))
    one_trace = held_bytes(model.loss_and_grads(X, Y, loss=session.task.loss, mask=mask))
    assert history.working_bytes >= one_trace > 0


def test_working_memory_beyond_the_allowance_comes_out_of_the_keyframes(pooled_config, monkeypatch):
    monkeypatch.setattr(history_module, "ENGINE_ALLOWANCE", 0)
    session = Session(pooled_config)
    session.run(1)
    history = session.history
    working = history.working_bytes
    assert history.engine_bytes == working
    others = history.cache_bytes + history.external_bytes + history.index_bytes
    assert history.capacity_bytes() == history.budget_bytes - others - working
    # A budget that holds the working memory and about four keyframes keeps about four.
    frame = history.genesis.nbytes()
    history.budget_bytes = int((working + history.external_bytes + 4 * frame) / 0.9) + 4096
    session.run(40)
    assert history.keyframe_bytes <= history.capacity_bytes()
    assert 2 <= len(history.memory_iterations()) <= 5


def test_the_allowance_leaves_small_models_budget_alone(pooled_config):
    session = Session(pooled_config)
    session.run(5)
    history = session.history
    assert 0 < history.working_bytes < history_module.ENGINE_ALLOWANCE
    assert history.engine_bytes == 0


def test_cached_states_and_records_stay_within_the_cache_share(pooled_config):
    session = Session(pooled_config)
    squeeze_budget(session, 30)  # gaps of ~10 iterations
    session.run(300)
    replayer, history = session._replayer, session.history
    share = history.cache_bytes
    for iteration in (299, 298, 55, 56, 137, 136, 22, 245, 244):
        session.record(iteration)
        states = replayer._state_bytes
        records = replayer.cache_bytes() - states
        assert records > 0, "records are counted"
        # The shown record and the state the replay stands on are always kept.
        assert len(replayer._records) == 1 or records <= replay_module.RECORD_SHARE * share
        assert len(replayer._states) == 1 or states + records <= share
