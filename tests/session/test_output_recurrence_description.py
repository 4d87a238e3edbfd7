"""An output-recurrent run's snapshot carries what its description needs: the inspector's
equations of h_t match the snapshot's own arrays, teacher-forced and free running."""

from __future__ import annotations

import pytest

from explorer.session import Session, SessionConfig


@pytest.mark.parametrize("teacher_forcing", [1.0, 0.0])
def test_the_snapshot_describes_the_output_recurrence(teacher_forcing):
    session = Session(
        SessionConfig(
            task="patterns",
            task_params={"pattern": "one-to-many", "length": 5},
            cells=("rnn",),
            hidden_size=6,
            batch_size=4,
            output_recurrence=True,
            teacher_forcing=teacher_forcing,
        )
    )
    session.one_iteration()
    snap = session.view().records["rnn"]
    d = snap.description
    assert d is not None and d.record.teacher_forcing == (teacher_forcing == 1.0)
    for t in range(1, snap.T + 1):
        for j in (0, 5):
            forward, backward = d.forward(f"h@{t}", j), d.backward(f"h@{t}", j)
            assert forward.value == pytest.approx(snap.hidden[t - 1, j], rel=1e-12, abs=1e-15)
            assert backward.preact == pytest.approx(
                snap.grad_hidden[t - 1, j], rel=1e-12, abs=1e-15
            )
            fed = forward.terms[1]
            assert fed.weight == "W_oh"
            if t > 1:
                assert fed.role == ("teacher" if teacher_forcing else "recurrent")
                assert fed.sources[0] == (f"y@{t - 1}" if teacher_forcing else f"o@{t - 1}")
            assert len(backward.terms) == (2 if not teacher_forcing and t < snap.T else 1)
