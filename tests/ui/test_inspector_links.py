"""The inspector draws the engine's description: its numbers are the trace's, for one layer
and for stacked bidirectional models, and each term under the mouse names its graph ids."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from explorer.engine.description import split_stem
from explorer.session import Session, SessionConfig
from explorer.session.snapshot import Phase
from explorer.ui.inspector import Inspector
from explorer.ui.selection import Selection

from .factory import make_view

T, H = 7, 5
NUMBER = r"[−-]?\d+(?:\.\d+)?(?:e[+−-]?\d+)?"


def shown(qtbot, view) -> tuple[Inspector, Selection]:
    selection = Selection()
    widget = Inspector(selection)
    qtbot.addWidget(widget)
    widget.resize(460, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setView(view)
    return widget, selection


def session_view(cells, **config):
    session = Session(
        SessionConfig(
            task="adding",
            task_params={"seq_len": 6},
            cells=cells,
            hidden_size=4,
            batch_size=3,
            **config,
        )
    )
    session.one_iteration()
    return session.view()


def press_down(qtbot, window, box) -> None:
    """Give ``box`` the keyboard focus and press ↓ there."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box, timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)


def trace_value(snap, node: str, unit: int) -> float:
    """The engine's number for ``node`` at ``unit``, read from the snapshot's trace copies."""
    stem, rest = split_stem(node)
    key, t = rest.split("@")
    i = int(t) - 1
    arrays = snap.layers[stem.rstrip(".")] if stem else snap
    if key == "h":
        return float(arrays.hidden[i, unit])
    if key == "c":
        return float(arrays.cell_state[i, unit])
    return float(arrays.gates[key.removeprefix("gate.")][i, unit])


def displayed_values(html: str) -> list[float]:
    """The bold result of each equation shown, in order."""
    return [float(v.replace("−", "-")) for v in re.findall(rf"<b>({NUMBER})</b>", html)]


def hover(qtbot, widget: Inspector, index: int) -> tuple:
    """Move the mouse onto term ``index`` and return the ids the inspector reports."""
    text = widget.equation
    QApplication.processEvents()  # the new text is laid out before the hand moves
    point = text.hoverPoint(index)
    assert text.viewport().rect().contains(point), "the term is drawn inside the box"
    with qtbot.waitSignal(widget.sigTermHovered, timeout=2000) as blocker:
        # The pointer comes in from the left, as a hand would move it.
        qtbot.mouseMove(text.viewport(), point - QPoint(2, 0))
        qtbot.mouseMove(text.viewport(), point)
    return blocker.args[0]


def term_index(widget: Inspector, role: str, equation: int = -1) -> int:
    """The index (over every shown term) of the first term with ``role`` in one equation."""
    eq = widget.equation.equations()[equation]
    before = sum(len(e.terms) + (e.factor is not None) for e in widget.equation.equations())
    before -= sum(
        len(e.terms) + (e.factor is not None) for e in widget.equation.equations()[equation:]
    )
    return before + [term.role for term in eq.terms].index(role)


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize(
    ("cells", "config"),
    [
        (("rnn", "lstm", "gru"), {}),
        (("rnn", "lstm", "gru"), {"num_layers": 2, "bidirectional": True}),
    ],
    ids=["one-layer", "2-layer-bidirectional"],
)
def test_displayed_numbers_are_the_engine_trace(qtbot, cells, config):
    view = session_view(cells, **config)
    widget, selection = shown(qtbot, view)
    for cell in cells:
        snap = view.records[cell]
        stems = [key for key in snap.layers] or [""]
        assert bool(config) == (stems != [""])
        for layer in stems:
            for t in (1, 4, snap.T):
                node = f"{layer}.h" if layer else "h"  # as the graph names a deep model's rows
                selection.select(cell=cell, node=node, t=t, unit=2)
                equations = widget.equation.equations()
                assert equations, (cell, layer, t)
                assert {split_stem(eq.node)[0] for eq in equations} == {
                    f"{layer}." if layer else ""
                }
                values = displayed_values(widget.equation.text())
                assert len(values) == len(equations)
                for eq, value in zip(equations, values, strict=True):
                    engine = trace_value(snap, eq.node, 2)
                    assert eq.value == pytest.approx(engine, rel=1e-12, abs=1e-14), eq.node
                    # Four significant digits on screen.
                    assert value == pytest.approx(engine, rel=6e-4, abs=1e-12), eq.node
        selection.select(cell=cell, node="o", t=3, unit=0)
        (out,) = widget.equation.equations()
        assert out.value == pytest.approx(snap.outputs[2, 0], rel=1e-12)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_user_picks_layer_and_direction_of_a_bidirectional_model(qtbot):
    view = session_view(("gru",), num_layers=2, bidirectional=True)
    widget, selection = shown(qtbot, view)
    selection.select(cell="gru", node="h", t=3, unit=1)
    assert widget.layer.isVisible() and widget.direction.isVisible()
    assert widget.equation.equations()[-1].node == "l1.h@3"  # the top layer, forward
    # Layer 1 of 2 (the one reading the input), chosen from the keyboard.
    press_down(qtbot, widget, widget.layer)
    assert selection.node == "l0.h"
    assert widget.equation.equations()[-1].node == "l0.h@3"
    press_down(qtbot, widget, widget.direction)
    assert selection.node == "l0r.h"
    shown_eq = widget.equation.equations()[-1]
    assert shown_eq.node == "l0r.h@3"
    assert "(1←)" in widget.equation.text()
    # The reverse direction reads h_4: its recurrent terms come from l0r.h@4.
    gate = widget.equation.equations()[0]
    assert any("l0r.h@4" in term.sources for term in gate.terms)
    snap = view.records["gru"]
    assert widget.value_bars.opts["height"] == pytest.approx(snap.layers["l0r"].hidden[2])
    # A one-layer model hides the choice again.
    widget.setView(make_view(("rnn",), T=T, H=H))
    selection.select(cell="rnn")
    assert not widget.layer.isVisible() and not widget.direction.isVisible()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_hovering_a_forward_term_names_the_nodes_and_weights_it_comes_from(qtbot):
    widget, selection = shown(qtbot, make_view(("rnn", "lstm"), T=T, H=H))
    selection.select(cell="rnn", node="h", t=3, unit=1)
    k = term_index(widget, "recurrent")
    assert "W<sub>hh</sub>" in widget.equation.terms()[k].html
    ids = hover(qtbot, widget, k)
    assert {"h@2", "h@2->h@3", "W_hh"} <= set(ids)
    assert widget.equation.marked() == {k} == widget.equation.drawnMarks()
    # The input term names x_3 and W_xh; leaving the terms reports ().
    ids = hover(qtbot, widget, term_index(widget, "input"))
    assert {"x@3", "x@3->h@3", "W_xh"} <= set(ids)
    corner = QPoint(widget.equation.viewport().width() - 3, widget.equation.viewport().height() - 3)
    with qtbot.waitSignal(widget.sigTermHovered, timeout=2000) as blocker:
        qtbot.mouseMove(widget.equation.viewport(), corner - QPoint(2, 0))
        qtbot.mouseMove(widget.equation.viewport(), corner)
    assert blocker.args[0] == ()
    assert widget.equation.marked() == set() == widget.equation.drawnMarks()
    # The LSTM's cell: f_t c_{t−1} comes from the forget gate and the previous cell.
    selection.select(cell="lstm", node="c", t=3, unit=0)
    c_eq = next(i for i, e in enumerate(widget.equation.equations()) if e.node == "c@3")
    ids = hover(qtbot, widget, term_index(widget, "product", c_eq))
    assert {"gate.f@3", "c@2", "c@2->c@3"} <= set(ids)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_hovering_a_backward_term_names_the_step_it_comes_from(qtbot):
    view = make_view(("rnn",), T=T, H=H, phase=Phase.BACKWARD, cursor=1)
    widget, selection = shown(qtbot, view)
    selection.select(cell="rnn", node="h", t=3, unit=0)
    (back,) = widget.backward
    assert back.side == "backward"
    ids = hover(qtbot, widget, term_index(widget, "from_next"))
    assert {"h@4", "h@3->h@4", "W_hh"} <= set(ids)
    ids = hover(qtbot, widget, term_index(widget, "output"))
    assert {"o@3", "h@3->o@3", "W_hq"} <= set(ids)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_graph_edge_under_the_mouse_marks_its_term(qtbot):
    widget, selection = shown(qtbot, make_view(("gru",), T=T, H=H))
    selection.select(cell="gru", node="h", t=3, unit=1)
    recurrent = {k for k, term in enumerate(widget.equation.terms()) if "h@2->h@3" in term.sources}
    assert recurrent
    widget.showSources(["h@2->h@3"])
    assert widget.equation.marked() == recurrent == widget.equation.drawnMarks()
    widget.showSources(["W_hz"])
    # Only the update gate multiplies by W_hz.
    assert [widget.equation.terms()[k].weight for k in widget.equation.marked()] == ["W_hz"]
    widget.showSources([])
    assert widget.equation.marked() == set() == widget.equation.drawnMarks()
    # The graph's sigHovered(str) sends one id, and "" when the mouse leaves it.
    widget.showSources("h@2->h@3")
    assert widget.equation.marked() == recurrent
    widget.showSources("")
    assert widget.equation.marked() == set()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_every_term_is_drawn_inside_the_box_at_projection_size(qtbot):
    widget, selection = shown(qtbot, make_view(("lstm",), T=T, H=H))
    selection.select(cell="lstm", node="h", t=4, unit=2)
    text = widget.equation
    assert text.font().pointSizeF() >= 12
    box = text.viewport().rect()
    for k in range(len(text.terms())):
        rect = text.termRect(k)
        assert not rect.isEmpty(), k
        # Inside the text's width (wrapped, never cut); the box scrolls if it is tall.
        assert rect.left() >= 0 and rect.right() <= box.right(), (k, rect, box)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_tab_steps_through_the_terms_from_the_keyboard(qtbot):
    widget, selection = shown(qtbot, make_view(("rnn",), T=T, H=H))
    selection.select(cell="rnn", node="h", t=3, unit=1)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=3000)
    widget.equation.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.equation, timeout=3000)
    reported = []
    widget.sigTermHovered.connect(reported.append)
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    terms = widget.equation.terms()
    assert reported[:2] == [
        tuple(dict.fromkeys((*terms[k].sources, terms[k].weight))) for k in (0, 1)
    ]
    assert "W_hh" in reported[1]
    # The term with the keyboard focus is drawn marked; Tab moved on from the first one.
    assert widget.equation.drawnMarks() == {1}
    # A new selection replaces the text: the graph is told to clear its highlight.
    selection.select(t=4)
    assert reported[-1] == ()
