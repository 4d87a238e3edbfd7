"""The spotlight in the real window: a lesson card's targets are outlined, the rest dimmed,
the key number written large; keys turn it off and on, and it follows the cards."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from explorer.teaching.questions import format_value
from explorer.teaching.spotlight import Spotlight
from explorer.ui.i18n import install_language
from explorer.ui.lesson_panel import LessonPanel
from explorer.ui.spotlight import OUTLINE, PAD, fallback_graph_rect, graph_target_rect

from .windows import open_active_window


@pytest.fixture
def fast_runs(monkeypatch):
    monkeypatch.setattr(LessonPanel, "run_scale", 0.02)


def page_down_to(qtbot, window, index: int) -> None:
    """Go to card ``index`` with the presenter key (Page Down)."""
    panel = window.lesson_panel
    while panel.index < index:
        qtbot.waitUntil(lambda: not window.ctrl.running and not window.ctrl.busy, timeout=20000)
        with np.errstate(over="ignore", invalid="ignore"):
            qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: not window.ctrl.running and not window.ctrl.busy, timeout=20000)


def picture(window) -> QImage:
    QApplication.processEvents()
    return window.grab().toImage()


def luminance(image: QImage, x: float, y: float) -> float:
    c = QColor(image.pixel(round(x), round(y)))
    return 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()


def node_rect_in_window(window, row: str, t: int) -> QRectF:
    """Where the graph draws node (row, t) of the first lane, from the scene item."""
    canvas = window.graph.canvas
    item = next(iter(window.graph.lanes.values())).nodes[row][t - 1]
    box = canvas.mapFromScene(item.sceneBoundingRect()).boundingRect()
    top_left = canvas.viewport().mapTo(window, box.topLeft())
    return QRectF(top_left.x(), top_left.y(), box.width(), box.height())


def test_the_vanishing_card_outlines_h1_and_the_plot_and_writes_the_gradient(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.openLesson("vanishing")
    overlay = window.spotlight.overlay
    assert not overlay.isVisible()  # card 1 points at nothing
    page_down_to(qtbot, window, 3)
    assert overlay.isVisible()
    window.graph.followCursor(1, force=True)  # h1 in view, as after stepping back to t = 1
    QApplication.processEvents()
    rects = overlay.targetRects()
    assert set(rects) == {"node:h@1", "plot:gradient"}
    node = node_rect_in_window(window, "h", 1)
    assert rects["node:h@1"].contains(node.center())
    assert window.tabs.currentWidget() is window.gradient
    # The number: ‖∂L/∂h1‖ of the iteration on display, large, inside the window.
    norm = float(window.ctrl.view().records["rnn"].grad_hidden_norm[0])
    assert overlay.numberText() == f"‖∂L/∂h<sub>1</sub>‖ = {format_value(norm)}"
    box = overlay.numberRect(rects)
    assert QRectF(overlay.rect()).contains(box) and box.height() >= 40
    # Drawn: the outline is orange, the settings panel dimmed, the lesson card not.
    image = picture(window)
    edge = rects["plot:gradient"]
    outline = QColor(image.pixel(round(edge.left() - PAD), round(edge.center().y())))
    assert abs(outline.red() - OUTLINE.red()) < 40 and abs(outline.blue() - OUTLINE.blue()) < 40
    controls = window.controls.mapTo(window, window.controls.rect().center())
    card = window.lesson_panel.card.mapTo(window, window.lesson_panel.card.rect().topLeft())
    lit_controls, lit_card = luminance(image, controls.x(), controls.y()), None
    lit_card = luminance(image, card.x() + 2, card.y() + 2)
    # Ctrl+L turns the spotlight off: the same pixels come back brighter; the card is the same.
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
    )
    assert not overlay.isVisible()
    plain = picture(window)
    assert luminance(plain, controls.x(), controls.y()) > lit_controls + 30
    assert luminance(plain, card.x() + 2, card.y() + 2) == pytest.approx(lit_card, abs=3)
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
    )
    assert overlay.isVisible()
    page_down_to(qtbot, window, 4)  # the next card points at nothing
    assert not overlay.isVisible()
    window.classroom.lesson_back.trigger()  # back: the spotlight returns
    assert overlay.isVisible()
    window.closeLesson()
    assert not overlay.isVisible()


def test_an_edge_of_a_shared_weight_spans_the_recurrent_edges(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.openLesson("unrolling")
    page_down_to(qtbot, window, 5)  # "W_hh is shared: its gradient is the sum …"
    rects = window.spotlight.overlay.targetRects()
    assert "edge:W_hh" in rects
    h2, h4 = node_rect_in_window(window, "h", 2), node_rect_in_window(window, "h", 4)
    band = rects["edge:W_hh"]
    assert band.left() < h2.center().x() < h4.center().x() < band.right()
    assert band.top() <= h2.center().y() <= band.bottom()


def test_a_curve_target_brings_the_curves_forward(qtbot, settings, fast_runs):
    window = open_active_window(qtbot, settings)
    window.openLesson("lstm")
    page_down_to(qtbot, window, 6)
    assert window.tabs.currentWidget() is window.curves
    rects = window.spotlight.overlay.targetRects()
    curves = QRectF(window.curves.rect()).translated(
        window.curves.mapTo(window, window.curves.rect().topLeft())
    )
    assert {"curve:lstm.loss", "curve:rnn.loss"} <= set(rects)
    assert all(curves.adjusted(-1, -1, 1, 1).contains(r) for r in rects.values())


def test_the_graph_resolver_prefers_the_graphs_own_target_rect(qtbot, settings):
    window = open_active_window(qtbot, settings)

    class GraphWithTargets(QWidget):
        def targetRect(self, target: str) -> QRectF | None:
            return QRectF(1, 2, 3, 4) if target == "node:h@2" else None

    stand_in = GraphWithTargets()
    qtbot.addWidget(stand_in)
    assert graph_target_rect(stand_in, "node:h@2") == QRectF(1, 2, 3, 4)
    assert graph_target_rect(stand_in, "node:h@9") is None
    # Without targetRect, the lanes of today's graph view are read.
    graph = window.graph
    node = fallback_graph_rect(graph, "node:h@2")
    assert graph_target_rect(graph, "node:h@2") == node and node is not None
    edge = fallback_graph_rect(graph, "edge:h@2->h@3")
    assert edge is not None and edge.left() >= node.center().x()
    assert fallback_graph_rect(graph, "node:h@999") is None


def test_a_card_without_targets_in_view_still_shows_its_number(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.openLesson("bptt")
    overlay = window.spotlight.overlay
    overlay.setSpotlight(
        Spotlight(("view:inspector",), window.lesson_panel.lesson.cards[5].spotlight.number)
    )
    assert overlay.targetRects() == {}  # the inspector makes room for the lesson
    box = overlay.numberRect({})
    assert box is not None and QRectF(overlay.rect()).contains(box)


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW"])
def test_the_spotlight_entry_is_translated(qtbot, settings, language):
    install_language(language)
    try:
        window = open_active_window(qtbot, settings)
        assert window.spotlight.action.text() not in ("", "Spot&light lesson targets")
    finally:
        install_language("en")
