"""In the real window, the inspector's equation and the graph light each other up: the
mouse over a term outlines the graph edges it comes from, the mouse over a graph edge
marks the terms that read it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig
from tests.ui.test_graph_contract import hover as hover_graph
from tests.ui.test_inspector_links import hover as hover_term
from tests.ui.test_inspector_links import term_index
from tests.ui.windows import open_active_window


@pytest.fixture
def window(qtbot, settings):
    config = SessionConfig(task="adding", task_params={"seq_len": 8}, cells=("rnn",), hidden_size=4)
    window = open_active_window(qtbot, settings, config)
    # The user clicks h_3 in the graph: the inspector shows its equation.
    graph = window.graph
    rect = graph.targetRect("node:h@3")
    assert rect is not None
    qtbot.mouseClick(graph.canvas.viewport(), Qt.MouseButton.LeftButton, pos=port(graph, rect))
    qtbot.waitUntil(lambda: window.selection.t == 3 and window.selection.node.endswith("h"))
    QApplication.processEvents()
    return window


def port(graph, rect) -> QPoint:
    """The centre of ``rect`` (GraphView coordinates) in the canvas viewport's pixels."""
    return graph.canvas.viewport().mapFrom(graph, rect.center().toPoint())


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_term_under_the_mouse_outlines_its_edges_in_the_graph(qtbot, window):
    inspector, graph = window.inspector, window.graph
    assert graph.highlighted_edges() == []
    ids = hover_term(qtbot, inspector, term_index(inspector, "recurrent"))
    assert "W_hh" in ids
    lit = graph.highlighted_edges()
    assert lit and all("W_hh" in e.edge.weights for e in lit)
    # Moving off the terms clears the graph again.
    text = inspector.equation
    corner = QPoint(text.viewport().width() - 3, text.viewport().height() - 3)
    qtbot.mouseMove(text.viewport(), corner - QPoint(2, 0))
    qtbot.mouseMove(text.viewport(), corner)
    qtbot.waitUntil(lambda: graph.highlighted_edges() == [], timeout=2000)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_an_edge_under_the_mouse_marks_the_terms_that_read_it(qtbot, window):
    inspector, graph = window.inspector, window.graph
    rect = graph.targetRect("edge:h@2->h@3")
    assert rect is not None
    assert hover_graph(qtbot, graph, port(graph, rect)) == "h@2->h@3"
    marked = inspector.equation.marked()
    assert marked
    assert all("h@2->h@3" in inspector.equation.terms()[k].sources for k in marked)
