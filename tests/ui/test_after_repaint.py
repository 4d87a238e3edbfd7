"""``RepaintWatch``: the training worker is told a frame is drawn only once the window has
painted it, including the paints that a paint asks for (a plot laid out again)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from explorer.ui.after_repaint import RepaintWatch, paint_after_a_breath

from .windows import show_widget


class Painted(QWidget):
    """Notes each paint in ``log``; the first ``again`` paints each ask for one more."""

    def __init__(self, log: list[str], again: int = 0) -> None:
        super().__init__()
        self.log = log
        self.again = again

    def paintEvent(self, event) -> None:
        self.log.append("paint")
        if self.again:
            self.again -= 1
            self.update()


def _shown(qtbot, log: list[str], again: int = 0) -> Painted:
    widget = show_widget(qtbot, Painted(log, again), (120, 80))
    qtbot.wait(20)
    log.clear()
    return widget


def _changed_then_told(widget: Painted, log: list[str]) -> None:
    """In one turn of the event loop, as a frame reaches the window: a view changes and
    the worker is to be told once it is painted."""

    watch = RepaintWatch(widget)

    def turn() -> None:
        widget.update()
        watch.call_after_repaint(lambda: log.append("told"))

    QTimer.singleShot(0, turn)


def test_the_call_comes_after_the_paint_of_what_changed(qtbot):
    log: list[str] = []
    widget = _shown(qtbot, log)
    _changed_then_told(widget, log)
    qtbot.waitUntil(lambda: "told" in log, timeout=2000)
    assert log == ["paint", "told"]


def test_the_call_waits_for_the_paints_a_paint_asks_for(qtbot):
    log: list[str] = []
    widget = _shown(qtbot, log)
    widget.again = 2  # each of the first two paints makes the widget dirty again
    _changed_then_told(widget, log)
    qtbot.waitUntil(lambda: "told" in log, timeout=2000)
    assert log == ["paint", "paint", "paint", "told"]


def test_with_nothing_to_paint_the_call_still_comes(qtbot):
    log: list[str] = []
    widget = _shown(qtbot, log)
    RepaintWatch(widget).call_after_repaint(lambda: log.append("told"))
    qtbot.waitUntil(lambda: log == ["told"], timeout=2000)


def test_a_window_that_keeps_repainting_does_not_hold_the_call_forever(qtbot):
    log: list[str] = []
    widget = _shown(qtbot, log)
    widget.again = 10**6  # an animation: every paint asks for another
    _changed_then_told(widget, log)
    qtbot.waitUntil(lambda: "told" in log, timeout=2000)
    widget.again = 0
    assert 1 < log.index("told") < 20


def test_a_window_tells_the_worker_once_it_has_painted_and_lets_go_when_detached(qtbot):
    from explorer.session.config import SessionConfig
    from explorer.session.controller import SessionController
    from explorer.session.session import Session
    from explorer.ui.selection import Selection
    from explorer.ui.session_events import SessionEvents

    log: list[str] = []
    window = _shown(qtbot, log)
    ctrl = SessionController(Session(SessionConfig()))
    events = SessionEvents(ctrl, Selection(), window)

    def turn() -> None:  # a training frame reaches the window, which changes
        window.update()
        ctrl.frameDrawn()(lambda: log.append("told"))

    QTimer.singleShot(0, turn)
    qtbot.waitUntil(lambda: "told" in log, timeout=2000)
    assert log == ["paint", "told"]
    events.detach()
    log.clear()
    QTimer.singleShot(0, turn)  # detached: the next turn, paint or not
    qtbot.waitUntil(lambda: "told" in log, timeout=2000)
    assert log[0] == "told"
    ctrl.shutdown()


class Framed(QWidget):
    """A window holding a ``Painted`` view, as the main window holds the plots."""

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.view = Painted(log)
        self.view.setParent(self)
        self.view.setGeometry(0, 0, 120, 80)


def _framed(qtbot, log: list[str]) -> tuple[Framed, RepaintWatch]:
    """A shown window holding a view, its repaint watch, and ``log`` cleared of its
    first paints."""
    window = show_widget(qtbot, Framed(log), (120, 80))
    watch = RepaintWatch(window)
    qtbot.wait(20)
    log.clear()
    return window, watch


def test_a_frame_drawn_after_a_breath_is_painted_after_the_timers_due_and_then_told(qtbot):
    log: list[str] = []
    window, watch = _framed(qtbot, log)
    due = QTimer(window)  # a timer that comes due while the frame's data is set
    due.setInterval(0)
    due.setSingleShot(True)
    due.timeout.connect(lambda: log.append("timer"))

    def draw() -> None:  # the frame's data is set: the view changes
        log.append("draw")
        window.view.update()
        due.start()

    def turn() -> None:  # a training frame reaches the window
        paint_after_a_breath(window.view, draw)
        watch.call_after_repaint(lambda: log.append("told"))

    QTimer.singleShot(0, turn)
    qtbot.waitUntil(lambda: "told" in log, timeout=2000)
    # The timer ran between the two halves, and the worker was told after the paint.
    assert log == ["draw", "timer", "paint", "told"]
    assert window.view.updatesEnabled()


def test_a_frame_drawn_while_a_held_paint_is_pending_joins_it(qtbot):
    log: list[str] = []
    window = show_widget(qtbot, Framed(log), (120, 80))
    qtbot.wait(20)
    log.clear()

    def turn() -> None:
        paint_after_a_breath(window.view, lambda: log.append("draw"))
        paint_after_a_breath(window.view, lambda: log.append("draw again"))

    QTimer.singleShot(0, turn)  # (a window without a watch paints all the same)
    qtbot.waitUntil(lambda: "paint" in log, timeout=2000)
    qtbot.wait(30)
    assert log == ["draw", "draw again", "paint"]


def test_draws_in_steps_each_take_a_turn_and_the_paint_comes_after_the_last(qtbot):
    log: list[str] = []
    window, watch = _framed(qtbot, log)
    ticks = QTimer(window)  # a timer that is due every turn
    ticks.setInterval(0)
    ticks.timeout.connect(lambda: log.append("tick") if log[-1:] != ["tick"] else None)

    def step(name: str) -> None:
        log.append(name)
        window.view.update()

    def turn() -> None:
        ticks.start()
        paint_after_a_breath(window.view, lambda: step("lane 1"), lambda: step("lane 2"))
        watch.call_after_repaint(lambda: log.append("told"))

    QTimer.singleShot(0, turn)
    qtbot.waitUntil(lambda: "told" in log, timeout=2000)
    ticks.stop()
    drawn = [entry for entry in log if entry != "tick"]
    assert drawn == ["lane 1", "lane 2", "paint", "told"]
    # The timer ran between the steps and between the last step and the paint.
    assert log[: log.index("paint")] == ["lane 1", "tick", "lane 2", "tick"]
