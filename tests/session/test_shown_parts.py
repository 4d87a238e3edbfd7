"""Training frames build only the costly display data the window shows (``shown_parts``);
every other frame, and anything a view asks for later, is complete and exact."""

from __future__ import annotations

import dataclasses

import pytest

from explorer.session.config import SessionConfig
from explorer.session.session import Session
from explorer.session.snapshot import CONTRIB, COSTLY_PARTS, JACOBIAN, WEIGHT_TERMS

from .snapshots import assert_snapshots_equal

# Every step scored, truncation cutting the gradient: the contribution matrix is full.
CONFIG = SessionConfig(
    task="sine",
    cells=("rnn", "lstm", "gru"),
    hidden_size=6,
    batch_size=4,
    task_params={"seq_len": 12},
)


def reference(iterations: int) -> Session:
    """The same run, every frame built in full."""
    session = Session(CONFIG)
    session.run(iterations)
    return session


def test_a_training_frame_leaves_out_what_no_visible_view_draws():
    session = Session(CONFIG)
    session.shown_parts = frozenset()
    session.run(3)
    records = session.view(running=True).records
    assert set(records) == set(CONFIG.cells)
    for snap in records.values():
        assert snap.missing == COSTLY_PARTS
        assert snap.contrib is None and snap.weight_grad_by_step is None
        # What the graph and the other views draw is all there.
        assert snap.hidden.shape == (12, 6) and snap.grad_hidden_norm.shape == (12,)


@pytest.mark.parametrize("part", sorted(COSTLY_PARTS))
def test_a_training_frame_builds_the_part_a_visible_view_draws(part):
    session = Session(CONFIG)
    session.shown_parts = frozenset({part})
    session.run(3)
    for snap in session.view(running=True).records.values():
        assert snap.missing == COSTLY_PARTS - {part}
        assert (snap.contrib is not None) == (part == CONTRIB)
        assert (snap.weight_grad_by_step is not None) == (part == WEIGHT_TERMS)


def test_the_frame_after_stop_is_complete_and_equal_to_a_full_build():
    session = Session(CONFIG)
    session.shown_parts = frozenset()
    session.run(4)
    assert session.view(running=True).records["rnn"].missing == COSTLY_PARTS
    full = reference(4).view().records
    stopped = session.view().records
    for cell, snap in stopped.items():
        assert snap.missing == frozenset()
        assert_snapshots_equal(snap, full[cell])
        assert snap.jacobian_envelope is not None or cell != "rnn"


def test_a_part_shown_while_training_is_built_at_once_even_past_the_share():
    session = Session(CONFIG)
    session.shown_parts = frozenset()
    session.run(1)
    assert session.view(running=True).iteration == 1  # the first frame is always built
    session.display_share = 0.0  # no later frame is paid for ...
    session.run(2)
    assert session.view(running=True).iteration == 1  # ... so the first is shown again
    session.shown_parts = frozenset({CONTRIB})  # the contributions page is opened
    view = session.view(running=True)
    assert view.iteration == 3
    full = reference(3).view().records
    for cell, snap in view.records.items():
        assert snap.missing == {WEIGHT_TERMS, JACOBIAN}
        assert (snap.contrib == full[cell].contrib).all()


def test_a_frame_adds_a_part_to_the_iteration_it_already_built():
    session = Session(CONFIG)
    session.shown_parts = frozenset({JACOBIAN})
    session.run(2)
    first = session.view(running=True).records
    session.shown_parts = frozenset({WEIGHT_TERMS})
    second = session.view(running=True).records
    full = reference(2).view().records
    for cell, snap in second.items():
        assert snap.missing == {CONTRIB}  # the Jacobian built before stays
        assert first[cell].weight_grad_by_step is None
        for name, terms in full[cell].weight_grad_by_step.items():
            assert (snap.weight_grad_by_step[name] == terms).all()


def test_a_frame_whose_trace_is_gone_is_replayed_in_full():
    """The trace of a partly built iteration goes when the next one starts; if no model
    finishes that one, the stopped frame replays the iteration instead."""
    session = Session(CONFIG)
    session.shown_parts = frozenset()
    session.run(2)
    session.view(running=True)
    session._release_latest_trace()  # as the start of an iteration that then diverged
    full = reference(2).view().records
    for cell, snap in session.view().records.items():
        assert_snapshots_equal(snap, full[cell])


def test_steps_and_replays_build_everything_whatever_is_shown():
    session = Session(dataclasses.replace(CONFIG, cells=("rnn",)))
    session.shown_parts = frozenset()
    session.run(3)
    assert session.record(2)["rnn"].missing == frozenset()  # a replayed iteration
    session.step_forward()
    while session.phase.value != "idle":
        session.step_forward()
    assert session.view().records["rnn"].missing == frozenset()
