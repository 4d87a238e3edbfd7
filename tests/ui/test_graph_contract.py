"""The graph's side of the seams with the other views, in Topology ids, driven by the
real mouse: what is under it (sigHovered), what another view lights up (setHighlight),
and where a target is drawn (targetRect)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QWidget

from explorer.session.config import SessionConfig
from explorer.session.session import Session
from explorer.ui.graph.style import HIGHLIGHT_PEN
from explorer.ui.graph_view import GraphView
from explorer.ui.selection import Selection

from .factory import make_view

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def shown_graph(qtbot, view) -> GraphView:
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.resize(1100, 520)
    graph.show()
    qtbot.waitExposed(graph)
    graph.setView(view)
    return graph


def port_point(graph: GraphView, scene: QPointF) -> QPoint:
    """A scene point in the canvas viewport's pixels (where the mouse goes)."""
    return graph.canvas.mapFromScene(scene)


def hover(qtbot, graph: GraphView, where: QPoint) -> str:
    """Move the mouse to ``where`` in the viewport (from empty space); the id the graph
    reports there."""
    port = graph.canvas.viewport()
    found = graph.sigHovered
    with qtbot.waitSignal(found, timeout=2000, check_params_cb=bool) as blocker:
        qtbot.mouseMove(port, QPoint(3, 3))
        qtbot.mouseMove(port, where)
    return blocker.args[0]


def test_the_mouse_over_a_node_or_an_edge_reports_its_topology_id(qtbot):
    graph = shown_graph(qtbot, make_view(("rnn",), T=8))
    seen: list[str] = []
    graph.sigHovered.connect(seen.append)
    node = graph.node("rnn", "h", 3)
    assert hover(qtbot, graph, port_point(graph, node.sceneBoundingRect().center())) == "h@3"
    edge = graph.lanes["rnn"].by_edge["h@3->h@4"]
    path = edge.path()
    middle = 0.5 * (QPointF(path.elementAt(0)) + QPointF(path.elementAt(1)))
    assert hover(qtbot, graph, port_point(graph, middle)) == "h@3->h@4"
    qtbot.mouseMove(graph.canvas.viewport(), QPoint(3, 3))  # empty space
    qtbot.waitUntil(lambda: seen[-1] == "", timeout=2000)


def test_set_highlight_outlines_nodes_and_lights_every_edge_of_a_weight(qtbot):
    T = 10
    graph = shown_graph(qtbot, make_view(("rnn",), T=T))
    graph.setHighlight({"W_hh", "h@4"})
    lit = graph.highlighted_edges()
    assert {e.edge_id for e in lit} == {f"h@{t - 1}->h@{t}" for t in range(2, T + 1)}
    node = graph.node("rnn", "h", 4)
    assert node.pen().widthF() == HIGHLIGHT_PEN.widthF() and node.last[-1] == "lit"
    assert graph.node("rnn", "h", 5).last[-1] != "lit"
    graph.setHighlight({"x@2->h@2"})
    assert [e.edge_id for e in graph.highlighted_edges()] == ["x@2->h@2"]
    graph.setHighlight(())
    assert not graph.highlighted_edges() and node.last[-1] != "lit"


def test_a_deep_models_weight_lights_its_own_layer_and_direction_only(qtbot):
    session = Session(SessionConfig(cells=("gru",), num_layers=2, bidirectional=True))
    session.one_iteration()
    graph = shown_graph(qtbot, session.view())
    T = session.view().T
    graph.setHighlight({"l1r.W_hz"})
    lit = graph.highlighted_edges()
    assert len(lit) == T - 1 and {e.target_row for e in lit} == {"l1r.h"}
    assert all(e.edge.source.endswith(f"@{e.t + 1}") for e in lit)  # from t + 1 to t
    # Its tag in the margin names the row's recurrent weights; it is where the rect says.
    rect = graph.targetRect("edge:l1r.W_hz")
    tag = graph.lanes["gru"].labels["rec@l1r."]
    assert "l1r.W_hz" in tag.weights and rect is not None
    assert rect.contains(graph_point(graph, tag.sceneBoundingRect().center()))


def graph_point(graph: GraphView, scene: QPointF) -> QPointF:
    """A scene point in the GraphView widget's own coordinates."""
    return QPointF(graph.canvas.viewport().mapTo(graph, port_point(graph, scene)))


def test_target_rect_is_where_the_mouse_finds_the_target(qtbot):
    graph = shown_graph(qtbot, make_view(("rnn", "lstm"), T=12))
    rect = graph.targetRect("node:h@5")
    assert rect is not None and graph.rect().contains(rect.toRect())
    # The graph reports the node under the rectangle's centre: the mouse goes there.
    centre = rect.center().toPoint()
    port = graph.canvas.viewport()
    assert hover(qtbot, graph, port.mapFrom(graph, centre)) == "h@5"
    edge = graph.targetRect("edge:h@5->h@6")
    assert edge is not None and edge.left() > rect.left()
    assert graph.targetRect("edge:W_hq") is not None  # the output weights' tag
    assert graph.targetRect("node:l1.h@3") is None  # not in this model
    assert graph.targetRect("plot:gradient") is None
    # Zoomed in on the first steps, the last one is out of sight.
    for _ in range(6):
        graph.canvas.zoomBy(1.25)
    graph.canvas.centerOn(graph.node("rnn", "h", 1))
    assert graph.targetRect("node:h@12") is None


def test_the_graph_is_found_by_its_object_name(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    graph = GraphView(Selection(), parent)
    assert parent.findChild(GraphView, "graphView") is graph


def polyline(edge) -> list[QPointF]:
    """The points of an edge's line or route, without its arrow head."""
    path = edge.path()
    points = [QPointF(path.elementAt(0))]
    for i in range(1, path.elementCount()):
        element = path.elementAt(i)
        if element.isMoveTo():
            break
        points.append(QPointF(element))
    return points


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_no_edge_of_a_deep_bidirectional_model_runs_through_a_node(qtbot, cell):
    session = Session(
        SessionConfig(cells=(cell,), num_layers=2, bidirectional=True, task_params={"seq_len": 8})
    )
    session.one_iteration()
    graph = shown_graph(qtbot, session.view())
    lane = graph.lanes[cell]
    nodes = list(lane.by_node.values())
    for edge in lane.all_edges():
        points = polyline(edge)
        ends = {edge.edge.source, edge.edge.target}
        for a, b in itertools.pairwise(points):
            for k in range(41):
                p = a + (b - a) * (k / 40)
                for node in nodes:
                    if node.node_id in ends:
                        continue
                    centre, r = node.rect().center(), node.rect().width() / 2
                    gap = ((p.x() - centre.x()) ** 2 + (p.y() - centre.y()) ** 2) ** 0.5
                    assert gap > r, (edge.edge_id, node.node_id)


def test_weights_that_name_no_known_layout_still_draw_one_lane(qtbot):
    view = make_view(("rnn",), T=6)
    snap = view.records["rnn"]
    odd = dataclasses.replace(snap, weights={"U": snap.weights["W_xh"]})
    graph = shown_graph(qtbot, dataclasses.replace(view, records={"rnn": odd}))
    lane = graph.lanes["rnn"]
    assert [key for key in lane.nodes] == ["L", "o", "h", "x"]
    assert all(node.last[0] == "c" for node in lane.nodes["h"])
