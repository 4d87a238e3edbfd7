"""The inspector over an encoder–decoder, reached with the mouse and keys: clicking a state
of either part in the graph writes out its equations with the engine's numbers (never "does
not describe"), the decoder's first state is the context, an input says what its coin flip
fed, the part chooser moves between encoder and decoder, hovering a term lights its graph
edge, and stepping into the backward pass shows the context's gradient arriving at the
encoder's last step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig

from .test_journey_seq2seq import choose_task
from .test_journeys import click, open_window, press, set_cells
from .windows import open_active_window

CELL = "lstm"


def config(**extra) -> SessionConfig:
    return SessionConfig(
        task="reverse",
        cells=(CELL,),
        hidden_size=4,
        batch_size=8,
        teacher_forcing=0.5,
        seed=1,
        **extra,
    )


def click_node(qtbot, window, row: str, column: int) -> None:
    """Click the graph's node of ``row`` drawn in ``column`` (a decoder's step u sits in
    column S + u, its initial state, the context, in column S)."""
    lane = window.graph.lanes[CELL]
    item = next(it for it in lane.nodes[row] if it.key[2] == column)
    canvas = window.graph.canvas
    canvas.centerOn(item)
    pos = canvas.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert (window.selection.node, window.selection.t) == (row, column)


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


def wheel(widget, up: bool) -> None:
    """One notch of the mouse wheel over the middle of ``widget``."""
    centre = QPointF(widget.rect().center())
    delta = 120 if up else -120
    event = QWheelEvent(
        centre,
        widget.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def approx(value):
    return pytest.approx(value, rel=1e-12, abs=1e-15)


@pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support")
def test_a_run_from_the_settings_panel_shows_its_equations(qtbot, settings):
    window = open_window(qtbot, settings)
    set_cells(qtbot, window, ("gru",))
    choose_task(qtbot, window, "copy")
    click(qtbot, window.graph.canvas)  # the keyboard goes to the graph
    press(qtbot, Qt.Key.Key_Return)
    snap = window.ctrl.view().records["gru"]
    S = snap.source_steps
    lane = window.graph.lanes["gru"]
    item = next(it for it in lane.nodes["dec.l0.h"] if it.key[2] == S + 1)
    canvas = window.graph.canvas
    pos = canvas.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    text = window.inspector.equation.text()
    assert "does not describe" not in text and "The context" in text
    eqs = window.inspector.equation.equations()
    assert [eq.node for eq in eqs] == [
        "dec.l0.h@0",
        "dec.l0.gate.z@1",
        "dec.l0.gate.r@1",
        "dec.l0.gate.h_tilde@1",
        "dec.l0.h@1",
    ]
    unit = window.selection.unit
    assert eqs[-1].value == approx(snap.part_layers["dec.l0"].hidden[0, unit])
    # Scrolled to the top with the mouse wheel, the context's term under the mouse lights
    # the graph's context edge.
    text = window.inspector.equation
    QApplication.processEvents()  # the text is laid out (and scrolled to h₁) first
    for _ in range(10):
        wheel(text.viewport(), up=True)
    assert text.verticalScrollBar().value() == 0
    k = text.terms().index(eqs[0].terms[0])
    ids = hover_term(qtbot, window, k)
    edge = f"enc.l0.h@{S}->dec.l0.h@0"
    assert edge in ids and edge in {e.edge.id for e in window.graph.highlighted_edges()}
    window.close()


@pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support")
def test_clicking_each_part_shows_its_equations_and_the_context(qtbot, settings):
    window = open_active_window(qtbot, settings, config(num_layers=2, bidirectional=True))
    inspector = window.inspector
    snap = window.ctrl.view().records[CELL]
    S = snap.source_steps
    assert snap.description is not None
    # A decoder state: its gates, c and h, the numbers the snapshot holds.
    click_node(qtbot, window, "dec.l1.h", S + 2)
    assert "does not describe" not in inspector.equation.text()
    unit = window.selection.unit
    eqs = inspector.equation.equations()
    assert [eq.node for eq in eqs][-2:] == ["dec.l1.c@2", "dec.l1.h@2"]
    assert eqs[-1].value == approx(snap.part_layers["dec.l1"].hidden[1, unit])
    assert "dec(2)" in inspector.title.text()
    assert inspector.part.isVisible() and inspector.part.currentData() == "decoder"
    assert not inspector.direction.isVisible()  # the decoder runs one way
    # Hovering c₂'s carried term f₂ c₁ lights the belt edge c₁ → c₂ in the graph.
    terms = inspector.equation.terms()
    k = terms.index(eqs[-2].terms[0])
    ids = hover_term(qtbot, window, k)
    assert {"dec.l1.c@1", "dec.l1.c@1->dec.l1.c@2"} <= set(ids)
    lit = {e.edge.id for e in window.graph.highlighted_edges()}
    assert "dec.l1.c@1->dec.l1.c@2" in lit

    # The decoder's first step reads the context, written first: the encoder's final state.
    click_node(qtbot, window, "dec.l0.h", S + 1)
    (c0, h0, *step) = inspector.equation.equations()
    assert step[-1].node == "dec.l0.h@1"
    assert h0.node == "dec.l0.h@0" and h0.terms[0].role == "context"
    enc = snap.part_layers["enc.l0"]
    assert h0.value == approx(enc.hidden[snap.source_length - 1, unit])
    assert c0.node == "dec.l0.c@0"  # both parts are LSTMs: the cell starts from the encoder's
    assert c0.value == approx(enc.cell_state[snap.source_length - 1, unit])
    assert "The context" in inspector.equation.text()

    # A decoder input says what the coin flip of its step fed.
    click_node(qtbot, window, "dec.x", S + 3)
    (fed,) = inspector.equation.equations()
    token = int(snap.fed_tokens[2])
    assert fed.unit == token and fed.value == 1.0
    said = "true previous token" if snap.teacher[2] else "own prediction"
    assert said in inspector.equation.text()

    # The part chooser, by keyboard: ↑ picks the encoder, the selection moves into it.
    # (The offscreen platform opens no popup: the click gives the box the focus.)
    click_node(qtbot, window, "dec.l0.h", S + 1)
    box = inspector.part
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is box
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert window.selection.node == "enc.l0.h" and window.selection.t == S
    assert inspector.direction.isVisible()  # the encoder is bidirectional
    eqs = inspector.equation.equations()
    assert eqs[-1].node == f"enc.l0.h@{S}"
    assert eqs[-1].value == approx(snap.part_layers["enc.l0"].hidden[S - 1, unit])
    window.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_backward_pass_shows_the_gradient_crossing_the_context(qtbot, settings):
    window = open_active_window(qtbot, settings, config())
    inspector = window.inspector
    S = window.ctrl.view().records[CELL].source_steps
    click_node(qtbot, window, "enc.l0.h", S)
    # Step on into the backward pass (the selection follows it from the last decoder
    # step down) until ∂L/∂h of the encoder's last step is shown.
    for _ in range(400):
        if inspector.backward and window.selection.t == S:
            break
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)
    back = inspector.backward[0]
    snap = inspector.view.records[CELL]  # the frame the inspector shows
    unit = window.selection.unit
    assert back.node == f"enc.l0.h@{S}"
    assert back.preact == approx(snap.part_layers["enc.l0"].grad_hidden[S - 1, unit])
    context = next(term for term in back.terms if term.role == "context")
    sent = snap.description.backward("dec.l0.h@0", unit)
    assert context.value == approx(sent.preact)
    # The context's gradient is written first, as decoder step 1 sends it back.
    assert inspector.equation.equations()[0] == sent
    assert "context's gradient arrives here" in inspector.equation.text()
    assert "does not describe" not in inspector.equation.text()
    window.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_padded_source_step_says_so(qtbot, settings):
    window = open_active_window(qtbot, settings, config(display_example=1))
    snap = window.ctrl.view().records[CELL]
    n, S = snap.source_length, snap.source_steps
    assert n < S
    click_node(qtbot, window, "enc.l0.h", S)
    text = window.inspector.equation.text()
    assert f"Step {S} is padding" in text and f"has {n} tokens" in text
    assert not window.inspector.equation.equations()
    click_node(qtbot, window, "enc.l0.h", n)
    assert window.inspector.equation.equations()[-1].node == f"enc.l0.h@{n}"
    window.close()
