"""The inspector over every node of an encoder–decoder: each row of the graph at each of its
columns shows the engine's equations (or, on a padded source step, says why there are
none), with the snapshot's numbers; a plain "h" from another view lands in the part its
column belongs to."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.session import Session, SessionConfig
from explorer.session.snapshot import Phase
from explorer.ui.inspector import Inspector
from explorer.ui.selection import Selection

CELL = "lstm"


def shown(qtbot, example: int, backward: bool = False):
    session = Session(
        SessionConfig(
            task="reverse",
            cells=(CELL,),
            hidden_size=3,
            batch_size=8,
            num_layers=2,
            bidirectional=True,
            teacher_forcing=0.5,
            display_example=example,
            seed=1,
        )
    )
    session.one_iteration()
    if backward:  # the next iteration's backward pass, revealed down to t = 1
        session.step_forward()
        session.finish_pass()
        session.step_forward()
        while session.view().cursor > 1:
            session.step_forward()
        assert session.view().phase is Phase.BACKWARD
    view = session.view()
    selection = Selection()
    widget = Inspector(selection)
    qtbot.addWidget(widget)
    widget.resize(460, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setView(view)
    return widget, selection, view.records[CELL]


def approx(value):
    return pytest.approx(value, rel=1e-12, abs=1e-15)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_every_row_and_column_shows_its_equations(qtbot):
    widget, selection, snap = shown(qtbot, example=1)
    S, T, n = snap.source_steps, snap.T, snap.source_length
    assert n < S  # this example's source is padded
    rows = ["enc.x", "dec.x", "y", "o", "L", "h", "c"]
    rows += [f"{k}.{kind}" for k in snap.part_layers for kind in ("h", "c")]
    for row in rows:
        for t in range(1, T + 1):
            selection.select(cell=CELL, node=row, t=t, unit=1)
            text = widget.equation.text()
            assert "does not describe" not in text
            eqs = widget.equation.equations()
            assert eqs or "is padding" in text, (row, t)
            assert all(np.isfinite(eq.value) for eq in eqs)
    # The read-out and the loss at decoder step 2 (column S + 2).
    selection.select(cell=CELL, node="o", t=S + 2, unit=1)
    (out,) = widget.equation.equations()
    assert out.node == "o@2" and out.value == approx(snap.outputs[S + 1, 1])
    selection.select(cell=CELL, node="L", t=S + 2)
    (loss,) = widget.equation.equations()
    assert loss.node == "L@2" and loss.value == approx(snap.step_losses[S + 1])
    # An encoder input: its token, from the source.
    selection.select(cell=CELL, node="enc.x", t=2)
    (x,) = widget.equation.equations()
    assert x.node == "enc.x@2" and x.unit == int(np.argmax(snap.inputs[1])) and x.value == 1.0
    # A plain "h" (another view's click) lands in the part its column belongs to.
    selection.select(cell=CELL, node="h", t=n)
    assert widget.equation.equations()[-1].node == f"enc.l1.h@{n}"
    selection.select(cell=CELL, node="h", t=S + 1)
    assert widget.equation.equations()[-1].node == "dec.l1.h@1"
    # The bars follow the part: the decoder's 2H units at its step 1.
    assert widget.value_bars.opts["height"].size == 6
    np.testing.assert_array_equal(
        widget.value_bars.opts["height"], snap.part_layers["dec.l1"].hidden[0]
    )


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_backward_equations_in_every_part(qtbot):
    widget, selection, snap = shown(qtbot, example=0, backward=True)
    S, n = snap.source_steps, snap.source_length
    for key, layer in snap.part_layers.items():
        start = S if key.startswith("dec.") else 0
        steps = n if key.startswith("enc.") else layer.hidden.shape[0]
        for step in range(1, steps + 1):
            selection.select(cell=CELL, node=f"{key}.h", t=start + step, unit=2)
            back = widget.backward[0]
            assert back.node == f"{key}.h@{step}"
            assert back.preact == approx(layer.grad_hidden[step - 1, 2])
