"""The inspector's equations with numbers agree with the engine's trace, for every cell."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.formulas import FORMULAS
from explorer.session import Session, SessionConfig
from explorer.ui.inspector import Inspector, n
from explorer.ui.selection import Selection


def inspector_on(qtbot, config: SessionConfig) -> tuple[Inspector, Selection, Session]:
    session = Session(config)
    session.one_iteration()
    selection = Selection()
    inspector = Inspector(selection)
    qtbot.addWidget(inspector)
    inspector.setView(session.view())
    return inspector, selection, session


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_hidden_and_output_equations_match_the_trace(qtbot, cell):
    config = SessionConfig(
        task="charlm",
        task_params={"corpus": "machine", "seq_len": 6},
        cells=(cell,),
        hidden_size=5,
        batch_size=1,
    )
    inspector, selection, session = inspector_on(qtbot, config)
    snap = session.view().records[cell]
    for t in (1, 4, 6):
        for u in (0, 4):
            selection.select(cell=cell, node="h", t=t, unit=u)
            assert inspector.terms["value"] == pytest.approx(snap.hidden[t - 1, u], abs=1e-12)
            assert n(inspector.terms["value"]) in inspector.equation.text()
        selection.select(cell=cell, node="o", t=t, unit=0)
        assert inspector.terms["value"] == pytest.approx(snap.outputs[t - 1, 0], abs=1e-12)


def test_the_loss_node_shows_the_one_definition_of_the_loss(qtbot):
    config = SessionConfig(
        task="charlm",
        task_params={"corpus": "machine", "seq_len": 6},
        cells=("rnn",),
        batch_size=1,
    )
    inspector, selection, session = inspector_on(qtbot, config)
    snap = session.view().records["rnn"]
    total = 0.0
    for t in range(1, 7):
        selection.select(cell="rnn", node="L", t=t)
        # One example: L_t is its cross-entropy at step t, from the stored logits.
        logits = snap.outputs[t - 1]
        ce = (
            np.log(np.exp(logits - logits.max()).sum()) + logits.max() - logits[snap.targets[t - 1]]
        )
        assert inspector.terms["value"] == pytest.approx(ce, rel=1e-12)
        assert inspector.terms["weight"] == pytest.approx(1 / 6)
        total += inspector.terms["weight"] * inspector.terms["value"]
        text = inspector.equation.text()
        assert FORMULAS["loss.weighted"].display in text and n(snap.loss) in text
    assert total == pytest.approx(snap.loss, rel=1e-12)
    # Lesson 2's "about ln 8 per step" is this L_t, not its share L_t/T.
    assert 1.8 < inspector.terms["value"] < 2.4


def test_a_masked_step_has_no_loss(qtbot):
    config = SessionConfig(task="adding", task_params={"seq_len": 8}, cells=("rnn",))
    inspector, selection, session = inspector_on(qtbot, config)
    snap = session.view().records["rnn"]
    selection.select(cell="rnn", node="L", t=8)
    assert inspector.terms["weight"] == pytest.approx(1.0)
    assert inspector.terms["value"] == pytest.approx(snap.loss)
    selection.select(cell="rnn", node="L", t=3)
    assert inspector.terms["weight"] == 0.0
    assert np.isnan(inspector.terms["value"])
