"""Journeys through the window's views as a person takes them: keys to the focused widget,
mouse clicks on tabs, menus from the menu bar, and checks of what is actually drawn."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.main_window import MainWindow

from .windows import open_window


def window_with(qtbot, settings, cells, size=(1400, 900), **config) -> MainWindow:
    """The window on a run comparing ``cells``, one iteration computed, active."""
    controller = SessionController(Session(SessionConfig(cells=tuple(cells), **config)))
    controller.one_iteration()
    window = open_window(qtbot, settings, size=size, controller=controller)
    controller.setParent(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    """``key`` to the widget that has the focus (the window itself if none has)."""
    qtbot.keyClick(QApplication.focusWidget() or window, key)


def click_tab(qtbot, window: MainWindow, widget: QWidget) -> None:
    """Click ``widget``'s tab with the mouse."""
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(widget)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentWidget() is widget


def click_graph(qtbot, window: MainWindow) -> None:
    """Click empty space of the graph, as someone does before using the keyboard."""
    viewport = window.graph.canvas.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))


@pytest.mark.parametrize(
    "cells", [("rnn",), ("rnn", "lstm"), ("rnn", "lstm", "gru")], ids=["1", "2", "3"]
)
def test_hidden_states_tab_draws_every_lane(qtbot, settings, cells):
    window = window_with(qtbot, settings, cells)
    completed = window.ctrl.view().completed
    click_graph(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctrl.view().completed == completed + 1, timeout=5000)
    click_tab(qtbot, window, window.hidden)
    qtbot.wait(50)
    view = window.ctrl.view()
    for cell in cells:
        plot, image, *_ = window.hidden._items[cell]
        assert image.image is not None and image.image.shape == (view.T, 32)
        drawn = window.hidden.imageRect(cell)
        shown = window.hidden.viewRect(cell)
        assert shown.contains(drawn.adjusted(0.01, 0.01, -0.01, -0.01)), (cell, drawn, shown)
        # ... and fills it: no blank plot around a sliver of image.
        assert drawn.width() >= 0.95 * shown.width() and drawn.height() >= 0.95 * shown.height()
        assert plot.isVisible() and plot.getViewBox().width() > 100
    window.close()


def open_first_lesson(qtbot, window: MainWindow) -> None:
    """Lessons → the first lesson, from the menu bar."""
    menus = {a.text().replace("&", ""): a for a in window.menuBar().actions()}
    menus["Lessons"].menu().actions()[0].trigger()
    qtbot.waitUntil(lambda: window.lesson_dock.isVisible(), timeout=3000)


@pytest.mark.parametrize("lesson_first", [True, False], ids=["F11 in a lesson", "lesson in F11"])
def test_presentation_lesson_close_escape_gives_the_inspector_back(qtbot, settings, lesson_first):
    window = window_with(qtbot, settings, ("rnn", "lstm"), task_params={"seq_len": 12})
    click_graph(qtbot, window)
    if lesson_first:
        open_first_lesson(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.presentation.active
    if not lesson_first:
        open_first_lesson(qtbot, window)
    assert not window.inspector.isVisible()  # the lesson has the inspector's place
    qtbot.mouseClick(window.lesson_panel.close_button, Qt.MouseButton.LeftButton)
    assert window.lesson_panel.lesson is None and not window.lesson_dock.isVisible()
    # Still presenting: the panels stay out of the graph's way.
    assert not window.inspector.isVisible() and not window.controls.isVisible()
    click_graph(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.presentation.active
    qtbot.wait(20)
    # No empty "No lesson is open" panel; the inspector is back, with room and this frame.
    assert not window.lesson_dock.isVisible()
    assert window.inspector.isVisible() and window.actions.show_inspector.isChecked()
    index = window.splitter.indexOf(window.inspector)
    assert window.splitter.sizes()[index] >= window.inspector.minimumWidth()
    assert window.inspector.view is window.ctrl.view() or (
        window.inspector.view.completed == window.ctrl.view().completed
    )
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier
    )
    assert not window.inspector.isVisible() and not window.actions.show_inspector.isChecked()
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier
    )
    assert window.inspector.isVisible()
    assert window.splitter.sizes()[index] >= window.inspector.minimumWidth()
    window.close()


def settled(qtbot, window: MainWindow) -> None:
    """Wait until the graph has refitted to its pane after the last resize."""
    qtbot.wait(10)
    qtbot.waitUntil(lambda: not window.graph.canvas._refit.isActive(), timeout=3000)


def visible_scene_rect(window: MainWindow):
    canvas = window.graph.canvas
    return canvas.mapToScene(canvas.viewport().rect()).boundingRect()


def every_node_inside(window: MainWindow) -> bool:
    shown = visible_scene_rect(window)
    return all(
        shown.contains(node.sceneBoundingRect())
        for lane in window.graph.lanes.values()
        for row in lane.nodes.values()
        for node in row
    )


def on_screen(item, canvas):
    """``item``'s rectangle in the graph pane's pixels (also for zoom-independent texts)."""
    return item.deviceTransform(canvas.viewportTransform()).mapRect(item.boundingRect())


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768), (1920, 1080)], ids=str)
def test_the_default_graph_fits_its_pane_at_every_screen_size(qtbot, settings, size):
    window = open_window(qtbot, settings, size=size)  # the default run: T = 50, two lanes
    settled(qtbot, window)
    graph, canvas = window.graph, window.graph.canvas
    assert window.ctrl.view().T == 50
    assert every_node_inside(window)  # up to the adding problem's only loss node, at T
    assert not graph.overview.isVisible()
    node = on_screen(graph.node("rnn", "h", 50), canvas)
    assert node.width() >= 5
    # Every tab is in sight: no scroll arrows hiding the Task tab.
    bar = window.tabs.tabBar()
    for index in range(window.tabs.count()):
        assert bar.rect().contains(bar.tabRect(index)), window.tabs.tabText(index)
    # The weight tags sit between the row titles and the first nodes, covering neither.
    for lane in graph.lanes.values():
        titles = [on_screen(label, canvas) for label in lane.row_labels.values()]
        for family in ("in", "rec", "out"):
            tag = on_screen(lane.labels[family], canvas)
            assert not any(tag.intersects(title) for title in titles), (lane.cell, family)
    window.close()


def test_the_graph_refits_when_the_window_grows_and_fit_undoes_a_zoom(qtbot, settings):
    window = open_window(qtbot, settings, size=(1280, 800))
    canvas = window.graph.canvas
    settled(qtbot, window)
    small = canvas.transform().m11()
    window.resize(1920, 1080)
    settled(qtbot, window)
    assert canvas.transform().m11() > 1.2 * small
    assert every_node_inside(window)
    fitted = canvas.transform().m11()
    click_graph(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Plus)
    press(qtbot, window, Qt.Key.Key_Plus)
    assert canvas.transform().m11() > 1.5 * fitted and not every_node_inside(window)
    press(qtbot, window, Qt.Key.Key_0)  # Fit
    settled(qtbot, window)  # the overview strip shown while zoomed in goes away again
    assert abs(canvas.transform().m11() - fitted) < 1e-6 and every_node_inside(window)
    # After a manual zoom, resizing leaves the user's zoom alone.
    press(qtbot, window, Qt.Key.Key_Plus)
    zoomed = canvas.transform().m11()
    window.resize(1500, 950)
    settled(qtbot, window)
    assert canvas.transform().m11() == zoomed
    window.close()


def test_a_long_sequence_keeps_legible_nodes_and_shows_the_whole_as_a_strip(qtbot, settings):
    window = window_with(
        qtbot, settings, ("rnn", "lstm"), size=(1280, 800), task_params={"seq_len": 200}
    )
    settled(qtbot, window)
    graph, canvas = window.graph, window.graph.canvas
    assert window.ctrl.view().T == 200
    node = on_screen(graph.node("rnn", "h", 1), canvas)
    assert node.width() >= 9  # legible around the cursor, not ~5 px
    assert graph.overview.isVisible() and graph.overview.steps() == 200
    first, last = graph.overview.shownSteps()
    assert first <= 1.5 and 10 < last < 200
    # Clicking the strip near its end brings the last steps into the graph.
    strip = graph.overview
    qtbot.mouseClick(
        strip, Qt.MouseButton.LeftButton, pos=QPoint(strip.width() - 4, strip.height() // 2)
    )
    assert graph.cursorVisible(200)
    window.close()


@pytest.mark.parametrize("percent", [100, 150, 250])
def test_presentation_graph_fills_its_pane_at_every_scale(qtbot, settings, percent, monkeypatch):
    window = open_window(qtbot, settings, size=(1920, 1080))
    # The offscreen screen is 800 × 600: "full screen" stays at the projector's 1920 × 1080.
    monkeypatch.setattr(window, "showFullScreen", lambda: None)
    settled(qtbot, window)
    window.presentation.setScale(percent)
    click_graph(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F11)
    settled(qtbot, window)
    graph, canvas = window.graph, window.graph.canvas
    assert window.presentation.active and every_node_inside(window)
    # The graph fills its pane in one direction at least, not a third of it.
    drawn = canvas.mapFromScene(canvas.scene().itemsBoundingRect()).boundingRect()
    pane = canvas.viewport().rect()
    assert drawn.width() >= 0.85 * pane.width() or drawn.height() >= 0.85 * pane.height()
    node = on_screen(graph.node("rnn", "h", 1), canvas)
    assert node.width() >= 12
    for lane in graph.lanes.values():
        # The tags' drawn boxes (their text margins may touch a neighbour's).
        tags = [
            on_screen(lane.labels[f], canvas).adjusted(3, 3, -3, -3) for f in ("in", "rec", "out")
        ]
        titles = [on_screen(label, canvas) for label in lane.row_labels.values()]
        assert not any(tag.intersects(title) for tag in tags for title in titles)
        assert not any(a.intersects(b) for a, b in itertools.combinations(tags, 2))
    press(qtbot, window, Qt.Key.Key_Escape)
    window.close()


@pytest.mark.parametrize("lesson", ["lstm"])  # lesson 7: "look at the gates in the hidden view"
def test_the_lessons_last_card_shows_drawn_hidden_states(qtbot, settings, lesson, monkeypatch):
    from explorer.ui.lesson_panel import LessonPanel

    monkeypatch.setattr(LessonPanel, "run_scale", 0.02)  # the cards' training runs, shortened
    window = open_window(qtbot, settings, size=(1366, 768))
    window.openLesson(lesson)
    panel = window.lesson_panel
    last = len(panel.lesson.cards) - 1
    for _ in range(last):
        qtbot.waitUntil(lambda: not window.ctrl.running, timeout=30_000)
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.index == last
    qtbot.waitUntil(lambda: not window.ctrl.running, timeout=30_000)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.hidden, timeout=10_000)
    qtbot.wait(50)
    view = window.ctrl.view()
    assert view.records
    for cell in view.cells:
        _plot, image, *_ = window.hidden._items[cell]
        assert image.image is not None
        drawn, shown = window.hidden.imageRect(cell), window.hidden.viewRect(cell)
        assert shown.contains(drawn.adjusted(0.01, 0.01, -0.01, -0.01))
    window.close()


def click_page(qtbot, window: MainWindow, mode: str) -> None:
    """Click the gradient view's radio button of page ``mode``."""
    button = window.gradient.mode_buttons.button(window.gradient.MODES.index(mode))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert window.gradient.mode == mode


def test_training_frames_build_what_the_visible_page_draws(qtbot, settings):
    """The costly display data (contributions, weight terms, the Jacobian lines) is built
    for training frames only while the gradient page that draws it can be seen."""
    from explorer.session.snapshot import CONTRIB, JACOBIAN, WEIGHT_TERMS

    window = window_with(qtbot, settings, ("rnn", "lstm"))
    session = window.ctrl.session
    click_tab(qtbot, window, window.hidden)
    assert session.shown_parts == frozenset()
    click_tab(qtbot, window, window.gradient)
    assert session.shown_parts == {JACOBIAN}
    click_page(qtbot, window, "contrib")
    assert session.shown_parts == {CONTRIB}
    click_page(qtbot, window, "terms")
    assert session.shown_parts == {WEIGHT_TERMS}
    click_tab(qtbot, window, window.hidden)
    assert session.shown_parts == frozenset()
    window.close()


def test_the_contributions_page_draws_every_training_frame(qtbot, settings):
    """Ctrl+T on the contributions page: every frame it draws has the matrix (none of them
    is left blank waiting for it), and the hidden-states tab's frames go without it."""
    from explorer.ui.gradient_view import awaited_note

    window = window_with(qtbot, settings, ("rnn", "lstm"), task_params={"seq_len": 30})
    click_tab(qtbot, window, window.gradient)
    click_page(qtbot, window, "contrib")
    drawn: list = []
    render = window.gradient._render_contrib
    window.gradient._render_contrib = lambda view: (drawn.append(view), render(view))
    key = (Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget() or window, *key)
    qtbot.waitUntil(lambda: sum(v.running for v in drawn) >= 3, timeout=30000)
    assert window.gradient.note.text() != awaited_note()
    for _plot, image in window.gradient._contrib_items.values():
        assert image.image is not None and image.image.shape == (30, 30)
    click_tab(qtbot, window, window.hidden)
    seen = window.ctrl.view().iteration
    qtbot.waitUntil(lambda: window.ctrl.view().iteration > seen + 2, timeout=30000)
    lean = window.ctrl.view().records
    qtbot.keyClick(QApplication.focusWidget() or window, *key)
    qtbot.waitUntil(lambda: not window.ctrl.busy, timeout=30000)
    running = [v for v in drawn if v.running]
    assert running and all(s.contrib is not None for v in running for s in v.records.values())
    assert all(s.contrib is None for s in lean.values())
    # Stopped, the frame is complete again.
    assert all(s.contrib is not None for s in window.ctrl.view().records.values())
    window.close()
