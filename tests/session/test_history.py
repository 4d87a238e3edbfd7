"""History as keyframes plus exact replay: every iteration reachable, bitwise, in budget."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from explorer.engine.truncation import Truncation
from explorer.session.history import CurveLog, History, Keyframe
from explorer.session.replay import ReplayCancelled
from explorer.session.session import Session
from tests.session.snapshots import assert_snapshots_equal


def squeeze_budget(session: Session, keyframes: int) -> None:
    """Shrink the history budget so about ``keyframes`` keyframes fit (forces replays)."""
    per_frame = session.history.genesis.nbytes()
    session.history.budget_bytes = int(keyframes * per_frame / 0.9) + 4096


def live_records(session: Session, n: int) -> dict[int, dict]:
    """Run ``n`` iterations, keeping every iteration's full display data as first shown."""
    seen = {}
    for _ in range(n):
        assert session.one_iteration()
        view = session.view()
        seen[view.iteration] = dict(view.records)
    return seen


@pytest.fixture
def random_config(small_config):
    """Randomized truncation and clipping: replay must redraw every ξ exactly."""
    return small_config.with_changes(
        cells=("rnn", "lstm", "gru"), truncation=Truncation("random", p=0.6), clip_threshold=0.05
    )


def test_replay_of_every_iteration_is_bitwise_the_first_run(random_config):
    session = Session(random_config)
    squeeze_budget(session, 6)
    first = live_records(session, 40)
    held = session.history.keyframe_iterations()
    assert len(held) <= 6, "the budget leaves gaps that only replay can fill"
    order = list(range(40, 0, -3)) + list(range(1, 41))  # far jumps, then neighbours
    for iteration in order:
        replayed = session.record(iteration)
        assert replayed.keys() == first[iteration].keys()
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(replayed[cell], snapshot)


def test_every_iteration_is_reachable_by_scrubbing(small_config):
    session = Session(small_config)
    squeeze_budget(session, 8)
    session.run(120)
    assert len(session.history.keyframe_iterations()) <= 8
    assert session.history.iterations() == list(range(1, 121))
    for iteration in (1, 2, 57, 119, 120, 3, 64):
        session.scrub(iteration)
        view = session.view()
        assert view.scrubbing and view.iteration == iteration
        assert {s.iteration for s in view.records.values()} == {iteration}


def test_budget_counts_every_keyframe_byte_and_the_curves(small_config):
    session = Session(small_config)
    squeeze_budget(session, 10)
    history = session.history
    for _ in range(200):
        session.one_iteration()
        counted = sum(f.nbytes() for f in history.keyframes()) + history.genesis.nbytes()
        assert history.keyframe_bytes == counted
        curves = sum(log.nbytes() for log in session.curves.values())
        assert history.external_bytes == curves
        assert history.keyframe_bytes + curves + history.cache_bytes <= history.budget_bytes


def test_keyframes_are_spread_evenly_over_the_run():
    history = History(budget_bytes=10**6)
    frame_bytes = 20_000
    for i in range(1, 5001):
        history.completed = i
        if history.wants(i):
            history.add(_fake_keyframe(i, frame_bytes))
    held = history.keyframe_iterations()
    assert history.keyframe_bytes <= history.capacity_bytes()
    gaps = np.diff([0, *held])
    assert held[-1] >= 5000 - gaps.max()
    # Keyframes can only be dropped, never moved: the widest gap stays within 1.5 times
    # the mean (the slowest jump), at the start of the run as near the present.
    assert gaps.max() <= 1.5 * gaps.mean(), "no region of the run is left far from a keyframe"
    assert gaps[:5].max() <= 1.5 * gaps.mean() and gaps[-5:].max() <= 1.5 * gaps.mean()


def _fake_keyframe(iteration: int, nbytes: int) -> Keyframe:
    return Keyframe(iteration, {"rnn": {"W": np.zeros(nbytes // 8)}}, {"rnn": {}}, {})


def test_resume_after_a_replay_continues_identically(random_config):
    original = Session(random_config)
    squeeze_budget(original, 5)
    original.run(30)
    final = {c: {k: v.copy() for k, v in m.params.items()} for c, m in original.models.items()}
    curves = {c: log.freeze() for c, log in original.curves.items()}
    original.scrub(9)
    original.view()  # replays iteration 9 on the side
    original.resume_from(13)
    assert original.completed == 13 and original.view().iteration == 13
    original.run(17)
    for cell, params in final.items():
        for name, value in params.items():
            np.testing.assert_array_equal(original.models[cell].params[name], value)
        resumed = original.curves[cell].freeze()
        np.testing.assert_array_equal(resumed.loss, curves[cell].loss)
        np.testing.assert_array_equal(resumed.grad_norm, curves[cell].grad_norm)


def test_prepare_scrub_in_a_thread_makes_showing_instant_and_can_be_cancelled(small_config):
    session = Session(small_config)
    squeeze_budget(session, 4)
    session.run(60)
    # About four keyframes over 60 iterations leave gaps of several iterations, wherever
    # the keyframes fell: showing the furthest from a keyframe replays more than one.
    target = max(range(1, 60), key=session.scrub_cost)
    assert session.scrub_cost(target) > 1
    with pytest.raises(ReplayCancelled):
        session.prepare_scrub(target, cancelled=lambda: True)
    fractions: list[float] = []
    worker = threading.Thread(target=session.prepare_scrub, args=(target, fractions.append))
    worker.start()
    view = session.view()  # the GUI thread keeps drawing the live run meanwhile
    worker.join()
    assert view.iteration == 60 and not view.scrubbing
    assert fractions and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert session.scrub_cost(target) == 0
    session.scrub(target)
    assert session.view().records["lstm"].iteration == target


def test_a_diverged_model_keeps_its_last_finite_curve_and_marks_the_spot(small_config):
    session = Session(small_config)
    session.run(4)
    session.models["rnn"].params["W_hq"][...] = 1e300
    session.run(3)
    curves = session.view().curves
    assert curves["rnn"].diverged_at == 5 and curves["lstm"].diverged_at is None
    assert len(curves["rnn"].loss) == 4 and np.isfinite(curves["rnn"].loss).all()
    assert set(session.record(3)) == {"rnn", "lstm"}
    assert set(session.record(6)) == {"lstm"}


def test_curves_are_float32_and_saturate_instead_of_overflowing():
    log = CurveLog()
    values = dict.fromkeys(
        ("grad_norm", "grad_norm_clipped", "spectral_radius", "truncation_cosine"), 1.0
    )
    log.append(1, {**values, "loss": 1e305, "clipped": True, "truncation_rel_norm": np.nan}, {})
    frozen = log.freeze()
    assert frozen.loss.dtype == np.float32 and np.isfinite(frozen.loss).all()
    assert frozen.clipped.tolist() == [True]
    assert not frozen.loss.flags.writeable
    for i in range(2, 200):
        log.append(i, {**values, "loss": 0.5, "clipped": False, "truncation_rel_norm": 0.0}, {})
    assert frozen.iterations.tolist() == [1], "a frozen picture never changes"
    assert log.freeze().iterations.tolist() == list(range(1, 200))


def test_rebuilding_keyframes_after_a_sparse_start_fills_the_budget(small_config):
    session = Session(small_config)
    session.run(40)
    first = {i: session.record(i) for i in (7, 23)}
    history = session.history
    for frame in history.keyframes()[:-1]:
        history._remove(frame.iteration)  # as after opening a file: only the end is held
    assert len(history.keyframe_iterations()) == 1
    fractions: list[float] = []
    session.rebuild_keyframes(progress=fractions.append)
    assert fractions[-1] == 1.0
    assert len(history.keyframe_iterations()) >= 30, "the budget has room for every iteration"
    session2 = Session(small_config)  # a fresh replayer: the numbers come from keyframes
    session2.run(40)
    for i, records in first.items():
        for cell, snapshot in records.items():
            assert_snapshots_equal(session.record(i)[cell], snapshot)
            assert_snapshots_equal(session2.record(i)[cell], snapshot)


def test_training_builds_no_display_data_until_an_iteration_is_shown(small_config, monkeypatch):
    import explorer.session.session as session_module

    built: list[int] = []
    real = session_module.build_snapshot

    def counting(cell, iteration, *args, **kwargs):
        built.append(iteration)
        return real(cell, iteration, *args, **kwargs)

    monkeypatch.setattr(session_module, "build_snapshot", counting)
    session = Session(small_config)
    session.run(30)
    assert built == [], "no contribution matrix, weight terms or copies while training"
    assert session.view().iteration == 30 and set(built) == {30}


def test_running_frames_reuse_the_last_built_iteration_within_the_display_share(small_config):
    session = Session(small_config)
    session.display_share = 0.0
    session.run(3)
    assert session.view(running=True).iteration == 3  # the first frame is always built
    session.run(4)
    running = session.view(running=True)
    assert running.iteration == 3 and running.completed == 7
    assert len(running.curves["lstm"].loss) == 7, "curves are live in every frame"
    assert session.view().iteration == 7, "a frame after the run shows the last iteration"
