"""The graph builds its scene once per drawn layout: frames of the same drawing, even of
models whose sizes only become known with the first iteration, restyle the items."""

from __future__ import annotations

import pytest

from explorer.session.config import SessionConfig
from explorer.session.session import Session
from explorer.ui.graph.style import BLANK
from explorer.ui.graph_view import GraphView
from explorer.ui.selection import Selection

# A top-level widget shown offscreen makes Qt say the platform cannot propagate size hints.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _graph(qtbot) -> GraphView:
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.resize(1000, 450)
    graph.show()
    return graph


def test_the_first_iteration_restyles_the_lanes_drawn_before_it(qtbot):
    session = Session(SessionConfig(hidden_size=12))
    graph = _graph(qtbot)
    graph.setView(session.view())  # Ready: no iteration yet, the sizes are not known
    node = graph.node("lstm", "h", 3)
    assert node.target == BLANK
    session.one_iteration()
    graph.setView(session.view())
    assert graph.node("lstm", "h", 3) is node  # the same item, coloured by the iteration
    assert node.target != BLANK
    # The lanes answer for the models as they are now (tool tips, the inspector's links).
    assert graph.lanes["lstm"].topology.spec.hidden_size == 12
    assert graph.lanes["rnn"].topology.spec.param_names


def test_a_new_drawing_builds_new_items(qtbot):
    session = Session(SessionConfig(hidden_size=12))
    session.one_iteration()
    graph = _graph(qtbot)
    graph.setView(session.view())
    node = graph.node("rnn", "h", 3)
    longer = Session(SessionConfig(hidden_size=12, task_params={"seq_len": 12}))
    longer.one_iteration()
    graph.setView(longer.view())
    assert graph.steps() == 12 and graph.node("rnn", "h", 12) is not node
    assert len(graph.lanes["rnn"].nodes["h"]) == 12


def test_a_new_training_iteration_is_restyled_a_lane_per_turn_and_painted_after(qtbot):
    from PySide6.QtCore import QTimer

    session = Session(SessionConfig(hidden_size=12))
    session.one_iteration()
    graph = _graph(qtbot)
    graph.setView(session.view())
    first, second = (graph.node(cell, "h", 3) for cell in ("rnn", "lstm"))
    before = (first.target, second.target)
    seen: list[tuple[bool, bool]] = []
    session.one_iteration()
    session.prepare_view()
    graph.setView(session.view(running=True))
    # The first lane now; the next one a turn later, after the timers due meanwhile
    # (the window answers between them); the paint after the last.
    assert first.target != before[0] and second.target == before[1]
    assert not graph.canvas.updatesEnabled()
    QTimer.singleShot(
        0, lambda: seen.append((second.target == before[1], graph.canvas.updatesEnabled()))
    )
    qtbot.waitUntil(graph.canvas.updatesEnabled, timeout=2000)
    assert seen == [(True, False)]
    assert second.target != before[1]
    # A training frame of the same iteration, and a stopped frame, draw in their turn.
    graph.setView(session.view(running=True))
    assert graph.canvas.updatesEnabled()
    graph.setView(session.view())
    assert graph.canvas.updatesEnabled()


def test_a_training_frame_of_the_same_records_leaves_the_lanes_as_they_are(qtbot, monkeypatch):
    """Between display builds the frames bring the very same snapshots: nothing is
    restyled (5 ms a frame at the defaults); a model that diverges meanwhile is."""
    from dataclasses import replace

    from explorer.session.snapshot import ModelStatus

    session = Session(SessionConfig(hidden_size=12))
    session.one_iteration()
    graph = _graph(qtbot)
    restyled: list = []
    real = graph._restyle
    monkeypatch.setattr(graph, "_restyle", lambda cells=None: (restyled.append(cells), real(cells)))
    first = session.view(running=True)
    graph.setView(first)
    qtbot.waitUntil(graph.canvas.updatesEnabled, timeout=2000)
    restyled.clear()
    again = replace(first, iteration=first.iteration + 3, completed=first.completed + 3)
    graph.setView(again)  # the same records, three iterations on
    assert restyled == [] and graph._view is again
    status = dict(again.status)
    status["rnn"] = ModelStatus("rnn", "Vanilla RNN", 4, "diverged", float("inf"))
    graph.setView(replace(again, status=status))
    assert restyled and graph.lanes["rnn"].veil.isVisible()
