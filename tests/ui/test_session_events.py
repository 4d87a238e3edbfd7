"""A window's SessionEvents: views subscribe themselves, the selection follows each frame
before any view draws it, and a detached window hears nothing more."""

from __future__ import annotations

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.selection import Selection
from explorer.ui.session_events import SessionEvents


class Recorder:
    """A view that notes each frame's cursor and the selected time step when it draws."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        self.drawn: list[tuple[int, int]] = []

    def setView(self, view) -> None:
        self.drawn.append((view.cursor, self.selection.t))


def step(ctrl: SessionController) -> None:
    """One step forward, done (a slow first step computes in a worker)."""
    ctrl.step_forward()
    ctrl.wait_idle()


def test_views_follow_frames_after_the_selection_and_stop_when_detached(qapp):
    ctrl = SessionController(Session(SessionConfig()))
    selection = Selection()
    events = SessionEvents(ctrl, selection)
    view, shown_only = Recorder(selection), Recorder(selection)
    visible = [False]
    events.follow(view)
    events.follow(shown_only, when=lambda: visible[0])
    assert len(view.drawn) == 1 and shown_only.drawn == []  # the latest frame at once

    step(ctrl)
    step(ctrl)
    assert [cursor for cursor, _ in view.drawn[1:]] == [1, 2]
    assert all(cursor == t for cursor, t in view.drawn[1:])  # the selection moved first
    assert selection.cell in ctrl.view().cells
    assert shown_only.drawn == []
    visible[0] = True
    step(ctrl)
    assert shown_only.drawn == [(3, 3)]

    running = []
    events.sigRunningChanged.connect(running.append)
    events.detach()
    assert not events.attached
    step(ctrl)
    ctrl.run(1)
    ctrl.wait_idle()
    assert len(view.drawn) == 4 and shown_only.drawn == [(3, 3)] and running == []
    ctrl.shutdown()


def shown(view):
    """The frame a view holds (the graph keeps it as ``_view``)."""
    return view.view if hasattr(view, "view") else view._view


def test_each_view_given_the_events_follows_the_frames_itself(qtbot):
    from explorer.ui.curves_view import CurvesView
    from explorer.ui.gradient_view import GradientView
    from explorer.ui.graph_view import GraphView
    from explorer.ui.hidden_view import HiddenStatesView
    from explorer.ui.inspector import Inspector
    from explorer.ui.task_view import TaskView
    from explorer.ui.weights_view import WeightsView

    ctrl = SessionController(Session(SessionConfig()))
    selection = Selection()
    events = SessionEvents(ctrl, selection)
    views = [
        GraphView(selection, events=events),
        HiddenStatesView(selection, events=events),
        GradientView(selection, events=events),
        WeightsView(events=events),
        CurvesView(events=events),
        TaskView(ctrl.panel, events=events),
        Inspector(selection, events=events),
    ]
    for view in views:
        qtbot.addWidget(view)
    for view in views:  # the latest frame at once, before any view is shown
        assert shown(view) is not None and shown(view).completed == 0, type(view).__name__
    ctrl.one_iteration()
    ctrl.wait_idle()
    qtbot.waitUntil(lambda: ctrl.view().completed == 1, timeout=30000)
    for view in views:
        assert shown(view).completed == 1, type(view).__name__
    events.detach()
    ctrl.one_iteration()
    ctrl.wait_idle()
    qtbot.waitUntil(lambda: ctrl.view().completed == 2, timeout=30000)
    assert all(shown(view).completed == 1 for view in views)  # detached: no view hears it
    ctrl.shutdown()
