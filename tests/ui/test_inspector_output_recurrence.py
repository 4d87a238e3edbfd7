"""The inspector over an output-recurrent run: clicking h_3 in the graph shows the engine's
equation with its W_oh term (y_2 under teacher forcing, the model's own o_2 in free
running), the term under the mouse names the graph's edge, and the backward pass splits
∂L/∂h_3 as the engine does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig

from .windows import open_active_window


def config(teacher_forcing: float) -> SessionConfig:
    return SessionConfig(
        task="patterns",
        task_params={"pattern": "one-to-many", "length": 5},
        cells=("rnn",),
        hidden_size=6,
        batch_size=4,
        output_recurrence=True,
        teacher_forcing=teacher_forcing,
    )


def hover_term(qtbot, window, index: int) -> tuple:
    """Move the mouse onto shown term ``index``; the ids the inspector reports."""
    text = window.inspector.equation
    QApplication.processEvents()
    point = text.hoverPoint(index)
    assert text.viewport().rect().contains(point), "the term is drawn inside the box"
    with qtbot.waitSignal(window.inspector.sigTermHovered, timeout=2000) as blocker:
        qtbot.mouseMove(text.viewport(), point - QPoint(2, 0))
        qtbot.mouseMove(text.viewport(), point)
    return blocker.args[0]


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("teacher_forcing", [1.0, 0.0], ids=["teacher", "free"])
def test_clicking_h3_shows_the_fed_back_term(qtbot, settings, teacher_forcing):
    window = open_active_window(qtbot, settings, config(teacher_forcing))
    canvas = window.graph.canvas
    item = window.graph.node("rnn", "h", 3)
    pos = canvas.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert (window.selection.node, window.selection.t) == ("h", 3)
    snap = window.ctrl.view().records["rnn"]
    assert snap.description is not None
    assert "does not describe" not in window.inspector.equation.text()
    (eq,) = window.inspector.equation.equations()
    unit = window.selection.unit
    assert eq.node == "h@3" and eq.value == pytest.approx(snap.hidden[2, unit], rel=1e-12)
    terms = window.inspector.equation.terms()
    k = next(i for i, term in enumerate(terms) if term.weight == "W_oh")
    fed = "y" if teacher_forcing else "o"
    assert f"<i>{fed}</i><sub>2</sub>" in terms[k].html
    assert terms[k].role == ("teacher" if teacher_forcing else "recurrent")
    ids = hover_term(qtbot, window, k)
    assert {f"{fed}@2", f"{fed}@2->h@3", "W_oh"} <= set(ids)
    # Step on into the backward pass (the selection follows it from h_T down) until
    # ∂L/∂h_3 is shown: its terms are the engine's.
    for _ in range(400):
        if window.inspector.backward and window.selection.t == 3:
            break
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)
    (back,) = window.inspector.backward
    assert back.node == "h@3"
    snap = window.inspector.view.records["rnn"]  # the frame the inspector shows
    assert back.preact == pytest.approx(snap.grad_hidden[2, unit], rel=1e-12, abs=1e-15)
    roles = [term.role for term in back.terms]
    assert roles == (["output"] if teacher_forcing else ["output", "from_next"])
    window.close()
