"""The hidden-state lanes read from the back of a hall: three models in a 1280 × 800 window
give each heatmap a readable height (all lanes the same), no two tick labels of an axis
overlap, one colour bar serves every lane with a scale true for each, and a short tab
scrolls instead of squeezing."""

from __future__ import annotations

import itertools

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from explorer.session.config import SessionConfig
from explorer.ui.hidden_view import MIN_LANE_HEIGHT, HiddenStatesView
from explorer.ui.selection import Selection

from .factory import make_view
from .test_journeys import click_tab, drawn
from .windows import open_active_window, show_widget

CELLS = ("rnn", "lstm", "gru")
# A heatmap lower than this shows its 32 unit rows as a smear on a projector.
READABLE_HEIGHT = 50


def tick_label_rects(axis: pg.AxisItem) -> list[QRectF]:
    """The scene rectangles of the tick labels ``axis`` draws."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [axis.mapRectToScene(rect) for rect, _flags, _text in texts]


def assert_apart(rects: list[QRectF], what: str) -> None:
    for a, b in itertools.combinations(rects, 2):
        assert not a.intersects(b), f"two tick labels of {what} overlap: {a} and {b}"


def assert_readable(hidden: HiddenStatesView, cells: tuple[str, ...]) -> None:
    """Every lane's heatmap tall enough, its axes' labels apart, the shared bar's too."""
    for cell in cells:
        plot, image, *_ = hidden._items[cell]
        height = image.sceneBoundingRect().height()
        assert height >= READABLE_HEIGHT, f"{cell}'s heatmap is {height:.0f} px tall"
        unit_axis = plot.getAxis("left")
        labels = tick_label_rects(unit_axis)
        assert len(labels) >= 2, f"{cell}'s unit axis names fewer than two units"
        assert unit_axis.label.isVisible() and unit_axis.labelText == "unit"
        assert_apart(labels, f"{cell}'s unit axis")
    heights = [hidden._items[c][1].sceneBoundingRect().height() for c in cells]
    assert max(heights) - min(heights) <= 2, f"the lanes differ in height: {heights}"
    time_axis = hidden._items[cells[-1]][0].getAxis("bottom")
    assert_apart(tick_label_rects(time_axis), "the time axis")
    bar_labels = tick_label_rects(hidden.bar.axis)
    assert len(bar_labels) >= 3  # at least −1, 0 and +1
    assert_apart(bar_labels, "the colour bar")
    # The one bar stands beside the lanes, from the top heatmap to the lowest one.
    top = hidden._items[cells[0]][1].sceneBoundingRect().top()
    bottom = hidden._items[cells[-1]][1].sceneBoundingRect().bottom()
    bar = hidden.bar.getViewBox().sceneBoundingRect()
    assert abs(bar.top() - top) <= 4 and abs(bar.bottom() - bottom) <= 4, (bar, top, bottom)


@pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support")
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_three_lanes_are_readable_and_clickable(qtbot, settings, size):
    config = SessionConfig(
        task="adding",
        task_params={"seq_len": 50},
        cells=CELLS,
        hidden_size=32,
        batch_size=4,
    )
    window = open_active_window(qtbot, settings, config)
    window.resize(*size)
    hidden = window.hidden
    click_tab(qtbot, window, hidden)
    qtbot.waitUntil(lambda: len(drawn(hidden)) >= len(CELLS), timeout=3000)
    qtbot.wait(50)  # the layout settles its axes' widths after the first paint
    assert hidden.scroll.verticalScrollBar().maximum() == 0, "the lanes do not fit the tab"
    assert_readable(hidden, CELLS)

    # A click on a row of the lowest lane's heatmap selects that model's unit and step.
    plot = hidden._items["gru"][0]
    scene = plot.getViewBox().mapViewToScene(QPointF(7.0, 20.5))
    graphics = hidden.plots
    qtbot.mouseClick(
        graphics.viewport(), Qt.MouseButton.LeftButton, pos=graphics.mapFromScene(scene)
    )
    sel = window.selection
    assert (sel.cell, sel.t, sel.unit) == ("gru", 7, 20)
    window.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_short_tab_scrolls_its_lanes_at_their_least_height(qtbot):
    hidden = show_widget(qtbot, HiddenStatesView(Selection()), (640, 180))
    hidden.setView(make_view(CELLS, T=30, H=32))
    qtbot.wait(50)
    for cell in CELLS:
        viewbox = hidden._items[cell][0].getViewBox()
        assert viewbox.sceneBoundingRect().height() >= MIN_LANE_HEIGHT - 1
    assert hidden.scroll.verticalScrollBar().maximum() > 0
    assert_readable(hidden, CELLS)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_one_bar_tells_each_lanes_cell_state_truthfully(qtbot):
    hidden = show_widget(qtbot, HiddenStatesView(Selection()), (900, 500))
    view = make_view(CELLS, T=12, H=6)
    hidden.setView(view)
    hidden.switch.setCurrentIndex(hidden.switch.findData("c"))
    bound = float(np.abs(view.records["lstm"].cell_state).max())
    assert hidden.bar.levels() == pytest.approx((-bound, bound))
    assert hidden._items["lstm"][1].getLevels() == pytest.approx([-bound, bound])
    # The models without a cell state say so beside their empty lane.
    assert "has no c" in hidden._items["rnn"][4].text and hidden._items["rnn"][1].image is None
    # Gates share the sequential 0 … 1 scale.
    hidden.switch.setCurrentIndex(hidden.switch.findData("z"))
    assert hidden.bar.levels() == pytest.approx((0.0, 1.0))
    assert hidden._items["gru"][1].getLevels() == pytest.approx([0.0, 1.0])
