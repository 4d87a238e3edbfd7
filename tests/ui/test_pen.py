"""The presenter's annotation pen, driven with its keys and real mouse drags: it draws only
in presentation mode, clears with one key (fading, or at once with reduced motion), and
stays out of exports unless asked."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from explorer.ui import motion
from explorer.ui.export import image_to_rgb

from .menu_paths import menu_action
from .windows import open_active_window

PINK = np.array([232, 18, 124])


def _key(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def _pink_pixels(image: QImage) -> int:
    rgb = image_to_rgb(image).astype(int)
    return int((np.abs(rgb - PINK).sum(axis=2) < 40).sum())


def _drag(qtbot, widget, points: list[tuple[int, int]]) -> None:
    """Press the left button at the first point, move through the others, release."""
    start = QPoint(*points[0])
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for x, y in points[1:]:
        # A move with the button held (QTest's mouseMove carries no buttons).
        pos = QPointF(x, y)
        event = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            pos,
            widget.mapToGlobal(pos),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, event)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def _presenting(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.graph.canvas.setFocus()
    window.setPresentation(True, full_screen=False)
    qtbot.waitUntil(lambda: window.pen.pen_action.isEnabled())
    return window


def test_the_pen_is_offered_only_while_presenting(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.graph.canvas.setFocus()
    _key(qtbot, Qt.Key.Key_P)
    assert not window.pen.pen_action.isChecked()
    assert not window.pen.overlay.isVisible()
    window.setPresentation(True, full_screen=False)
    _key(qtbot, Qt.Key.Key_P)
    assert window.pen.pen_action.isChecked() and window.pen.overlay.isVisible()
    window.setPresentation(False)
    assert not window.pen.pen_action.isEnabled() and not window.pen.overlay.isVisible()
    window.close()


def test_a_drag_draws_on_the_window_and_c_clears_it_after_a_fade(qtbot, settings):
    window = _presenting(qtbot, settings)
    overlay = window.pen.overlay
    _key(qtbot, Qt.Key.Key_P)
    # The pen covers the window's content; the toolbar stays clickable above it.
    assert overlay.geometry().contains(window.centralWidget().geometry())
    bar = window.presentation.bar
    assert not overlay.geometry().intersects(bar.geometry())
    _drag(qtbot, overlay, [(300, 300), (400, 320), (500, 380), (600, 300)])
    assert len(overlay.strokes) == 1 and len(overlay.strokes[0]) == 4
    assert _pink_pixels(window.grab().toImage()) > 200
    # While the pen is on, the mouse no longer reaches the graph below.
    before = window.ctrl.view().completed
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=QPoint(700, 200))
    assert window.ctrl.view().completed == before and len(overlay.strokes) == 2
    _key(qtbot, Qt.Key.Key_C)
    assert overlay.strokes  # fading, not yet gone
    qtbot.waitUntil(lambda: not overlay.strokes, timeout=2000)
    assert _pink_pixels(window.grab().toImage()) == 0
    # The toolbar's pen button puts the pen away: the overlay is out of the way.
    button = window.presentation.bar.widgetForAction(window.pen.pen_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not window.pen.pen_action.isChecked()
    assert not overlay.isVisible()
    window.close()


def test_the_pen_put_away_costs_the_window_nothing_and_covers_it_when_taken_up(qtbot, settings):
    # The window lays itself out on many training frames: a hidden overlay is not fitted
    # each time, and it covers the window as it is now when the pen is taken up again.
    window = _presenting(qtbot, settings)
    overlay = window.pen.overlay
    fits = []
    original = overlay.fit
    overlay.fit = lambda: (fits.append(1), original())[1]
    window.resize(window.width() - 120, window.height() - 80)
    QApplication.processEvents()
    window.centralWidget().updateGeometry()
    QApplication.processEvents()
    assert not overlay.isVisible() and fits == []
    _key(qtbot, Qt.Key.Key_P)
    assert overlay.isVisible() and fits
    assert overlay.geometry().contains(window.centralWidget().geometry())
    window.close()


def test_with_reduced_motion_c_clears_at_once(qtbot, settings):
    window = _presenting(qtbot, settings)
    menu_action(window, "View", "Reduce motion").trigger()
    assert motion.reduced()
    _key(qtbot, Qt.Key.Key_P)
    _drag(qtbot, window.pen.overlay, [(200, 200), (260, 260)])
    _key(qtbot, Qt.Key.Key_C)
    assert window.pen.overlay.strokes == []
    menu_action(window, "View", "Reduce motion").trigger()
    window.close()


def test_exports_leave_the_drawing_out_unless_asked(qtbot, settings, tmp_path):
    window = _presenting(qtbot, settings)
    _key(qtbot, Qt.Key.Key_P)
    _drag(qtbot, window.pen.overlay, [(300, 300), (500, 400), (700, 300)])
    plain = window.exporter.exportWindowPng(tmp_path / "plain.png")
    assert _pink_pixels(QImage(str(plain))) == 0
    menu_action(window, "View", "Presenter tools", "Include annotations in exports").trigger()
    annotated = window.exporter.exportWindowPng(tmp_path / "annotated.png")
    assert _pink_pixels(QImage(str(annotated))) > 200
    window.close()
