"""A window's SessionEvents: views subscribe themselves, the selection follows each frame
before any view draws it, and a detached window hears nothing more."""

from __future__ import annotations

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.lazy_view import LazyView
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


class ShownView(Recorder):
    """A Recorder that is, or is not, on screen (as a widget's isVisible says)."""

    def __init__(self, selection: Selection, shown: bool) -> None:
        super().__init__(selection)
        self.shown = shown


def test_a_spread_frame_reaches_one_view_on_screen_per_turn(qapp, qtbot, monkeypatch):
    import explorer.ui.session_events as session_events

    monkeypatch.setattr(session_events, "_seen", lambda view: view.shown)
    ctrl = SessionController(Session(SessionConfig()))
    selection = Selection()
    events = SessionEvents(ctrl, selection)
    first, hidden, second = (
        ShownView(selection, True),
        ShownView(selection, False),
        ShownView(selection, True),
    )
    for view in (first, hidden, second):
        events.follow(view)
    told = []
    events.sigViewChanged.connect(told.append)

    events.spreadNextFrame()
    ctrl.reset()  # a new run: its first frame is spread
    # At once: the views out of sight (they only keep it) and the first one on screen.
    assert len(hidden.drawn) == 2 and len(first.drawn) == 2
    assert len(second.drawn) == 1 and told == [] and events.spreading()
    qtbot.waitUntil(lambda: not events.spreading(), timeout=2000)
    assert len(second.drawn) == 2 and told == [ctrl.view()]
    # The frames after it reach every view in the same turn again.
    step(ctrl)
    assert [len(v.drawn) for v in (first, hidden, second)] == [3, 3, 3]
    ctrl.shutdown()


def test_a_new_frame_during_a_spread_reaches_every_view_at_once(qapp, qtbot, monkeypatch):
    import explorer.ui.session_events as session_events

    monkeypatch.setattr(session_events, "_seen", lambda view: view.shown)
    ctrl = SessionController(Session(SessionConfig()))
    selection = Selection()
    events = SessionEvents(ctrl, selection)
    views = [ShownView(selection, True) for _ in range(3)]
    for view in views:
        events.follow(view)
    events.spreadNextFrame()
    ctrl.reset()
    step(ctrl)  # before the spread frame reached the last views
    assert not events.spreading()
    assert all(view.drawn[-1][0] == ctrl.view().cursor for view in views)
    qtbot.wait(20)
    assert all(view.drawn[-1][0] == ctrl.view().cursor for view in views)  # nothing stale
    ctrl.shutdown()


def test_the_first_training_frame_of_a_new_window_is_spread(qapp, qtbot, monkeypatch):
    import explorer.ui.session_events as session_events

    monkeypatch.setattr(session_events, "_seen", lambda view: view.shown)
    session = Session(SessionConfig(task_params={"seq_len": 8}))
    ctrl = SessionController(session)
    selection = Selection()
    events = SessionEvents(ctrl, selection)  # a window at Ready: no iteration shown yet
    views = [ShownView(selection, True) for _ in range(2)]
    for view in views:
        events.follow(view)
    session.one_iteration()
    events.publish(session.view(running=True))  # as the training worker's first frame
    assert [len(view.drawn) for view in views] == [2, 1] and events.spreading()
    qtbot.waitUntil(lambda: not events.spreading(), timeout=2000)
    assert [len(view.drawn) for view in views] == [2, 2]
    session.one_iteration()
    events.publish(session.view(running=True))  # later frames: every view at once
    assert [len(view.drawn) for view in views] == [3, 3]
    ctrl.shutdown()


def test_a_frame_published_while_views_draw_an_older_one_is_the_one_they_keep(qapp):
    # Asking for the history while drawing runs the steps that waited for the worker: their
    # newer frame reaches every view, and the older frame must not overwrite it after.
    ctrl = SessionController(Session(SessionConfig(task_params={"seq_len": 8})))
    selection = Selection()
    events = SessionEvents(ctrl, selection)

    class Impatient(Recorder):
        def setView(self, view) -> None:
            super().setView(view)
            if view.cursor == 1:
                ctrl.step_forward()  # a newer frame, published from inside this draw

    views = [Recorder(selection), Impatient(selection), Recorder(selection)]
    for view in views:
        events.follow(view)
    told = []
    events.sigViewChanged.connect(lambda view: told.append(view.cursor))
    step(ctrl)
    ctrl.wait_idle()
    assert ctrl.view().cursor == 2
    assert [view.drawn[-1][0] for view in views] == [2, 2, 2]
    assert told[-1] == 2
    ctrl.shutdown()


class Costly(LazyView):
    """A costly view in a tab: draws a training frame at most every ``training_interval_ms``."""

    training_interval_ms = 200

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[int] = []

    def render(self, view) -> None:
        self.drawn.append(view.completed)


class Yielding:
    """A view that leaves the frames a costly view draws to it (as the graph does)."""

    yield_costly_frames = True

    def __init__(self) -> None:
        self.drawn: list[int] = []

    def setView(self, view) -> None:
        self.drawn.append(view.completed)


class SlowYielding(Yielding):
    """The graph taking its time over a frame the costly view did not claim."""

    def __init__(self, costly: Costly) -> None:
        super().__init__()
        self.costly = costly

    def setView(self, view) -> None:
        super().setView(view)
        # The costly view's interval runs out while this view draws.
        self.costly._since_drawn.invalidate()


def test_a_frame_the_costly_view_left_to_the_graph_stays_left_when_its_interval_runs_out(
    qapp, qtbot
):
    session = Session(SessionConfig(task_params={"seq_len": 8}))
    ctrl = SessionController(session)
    events = SessionEvents(ctrl, Selection())
    costly = Costly()
    graph = SlowYielding(costly)
    qtbot.addWidget(costly)
    costly.show()
    events.follow(graph)  # handed first, as the graph is in the window
    events.follow(costly)
    session.one_iteration()
    events.publish(session.view())
    session.one_iteration()
    costly._since_drawn.restart()  # drawn just now: the next training frame is not its
    before = len(costly.drawn)
    frame = session.view(running=True)
    events.publish(frame)
    # The graph drew it, so the costly view does not draw the same frame on top (one
    # frame, both views: the longest pause of the window while training).
    assert graph.drawn[-1] == frame.completed
    assert len(costly.drawn) == before
    session.one_iteration()
    events.publish(session.view(running=True))  # the next frame is the costly view's
    assert len(costly.drawn) == before + 1
    ctrl.shutdown()


def test_a_training_frame_a_costly_view_draws_is_left_to_it_by_the_graph(qapp, qtbot):
    session = Session(SessionConfig(task_params={"seq_len": 8}))
    ctrl = SessionController(session)
    selection = Selection()
    events = SessionEvents(ctrl, selection)
    costly, graph, other = Costly(), Yielding(), Recorder(selection)
    qtbot.addWidget(costly)
    costly.show()
    for view in (costly, graph, other):
        events.follow(view)
    session.one_iteration()
    events.publish(session.view())  # a shown iteration: training frames are not spread
    qtbot.wait(Costly.training_interval_ms + 50)  # Train pressed some moments later
    before = len(costly.drawn)
    frames = []
    for _ in range(3):
        session.one_iteration()
        frames.append(session.view(running=True))
        events.publish(frames[-1])  # as the training worker's frames
    assert len(costly.drawn) == before + 1
    # The first training frame is the costly view's (due at once): the graph skips it and
    # draws the next ones, which the costly view leaves alone (its interval has not passed).
    drawn = len(costly.drawn)
    assert costly.drawn[-1] == frames[0].completed
    assert graph.drawn == [0, 1, frames[1].completed, frames[2].completed]
    assert len(other.drawn) == len(graph.drawn) + 1  # every frame reaches the others
    # A stopped frame reaches every view, the costly one included.
    events.publish(session.view())
    assert len(costly.drawn) == drawn + 1 and len(graph.drawn) == 5
    ctrl.shutdown()
