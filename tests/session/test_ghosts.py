"""Ghosts: frozen copies of a run's plotted data, at most three, labelled by the setting
that differs from the current run."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.messages import UserMessageError
from explorer.session.config import SessionConfig
from explorer.session.ghosts import MAX_GHOSTS, GhostShelf, differences, ghost_of
from explorer.session.session import Session

CONFIG = SessionConfig(task_params={"seq_len": 12}, hidden_size=8, batch_size=4)


def _trained(config: SessionConfig = CONFIG, n: int = 3) -> Session:
    session = Session(config)
    session.run(n)
    return session


def test_a_ghost_copies_what_the_plots_draw_and_never_changes_afterwards():
    session = _trained()
    view = session.view()
    ghost = ghost_of(view, session.config, "A")
    for cell in session.cells:
        data = ghost.cells[cell]
        np.testing.assert_array_equal(data.grad_hidden_norm, view.records[cell].grad_hidden_norm)
        np.testing.assert_array_equal(data.loss, view.curves[cell].loss)
        assert len(data.iterations) == len(data.grad_norm) == 3
        assert not data.loss.flags.writeable
    before = ghost.cells["rnn"].loss.copy()
    session.run(5)  # the run goes on: the ghost keeps what it pinned
    np.testing.assert_array_equal(ghost.cells["rnn"].loss, before)
    assert ghost.iteration == 3


def test_nothing_to_pin_before_the_first_iteration():
    with pytest.raises(UserMessageError, match="run at least one iteration"):
        ghost_of(Session(CONFIG).view(), CONFIG, "A")


def test_the_shelf_holds_three_ghosts_refuses_a_fourth_and_clears_at_once():
    session = _trained(n=1)
    shelf = GhostShelf()
    heard = []
    shelf.add_listener(lambda: heard.append(len(shelf.ghosts)))
    for _ in range(MAX_GHOSTS):
        shelf.pin(session.view(), session.config)
    assert [g.name for g in shelf.ghosts] == ["A", "B", "C"]
    with pytest.raises(UserMessageError, match="clear them"):
        shelf.pin(session.view(), session.config)
    assert len(shelf.ghosts) == MAX_GHOSTS  # the pinned runs are kept
    shelf.clear()
    assert shelf.ghosts == ()
    assert heard == [1, 2, 3, 0]


def test_the_difference_names_the_changed_setting_with_both_values():
    changed = CONFIG.with_changes(recurrent_scale=0.8, clipping="off")
    diffs = differences(changed, CONFIG)
    assert [(d.field, d.ghost, d.current) for d in diffs] == [
        ("recurrent_scale", 0.8, 1.0),
        ("clipping", "off", "norm"),
    ]
    longer = CONFIG.with_changes(task_params={"seq_len": 30})
    assert [(d.field, d.ghost) for d in differences(longer, CONFIG)] == [
        ("task_params.seq_len", 30)
    ]
    # Settings that do not change the numbers are never "the difference".
    assert differences(CONFIG.with_changes(memory_budget_mb=64), CONFIG) == []
