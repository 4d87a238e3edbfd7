"""Rotated axis titles fit beside their own plot: with three models in a 1280 × 800
window, a title longer than its plot is tall ran into the title of the plot below
("cosine‖gradient‖ (log)" on the Training curves tab), or was cut off at the edge of its
row (the Recurrent weights tab)."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.i18n import install_language

from .windows import show_widget

THREE = SessionConfig(cells=("rnn", "lstm", "gru"), task_params={"seq_len": 20})


def open_tab(qtbot, settings, tab: str):
    from explorer.ui.main_window import MainWindow

    controller = SessionController(Session(THREE))
    controller.session.run(5)
    controller.one_iteration()
    window = MainWindow(settings, remember_geometry=False, controller=controller)
    show_widget(qtbot, window, (1280, 800))
    widget = getattr(window, tab)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(widget)).center()
    )
    assert window.tabs.currentWidget() is widget
    for _ in range(3):
        QApplication.processEvents()
    return window


def title_rect(plot: pg.PlotItem):
    """The scene rectangle of the left axis's title, its text's margin left out (None: no
    title)."""
    axis = plot.getAxis("left")
    if not axis.label.isVisible() or not axis.labelText:
        return None
    margin = axis.label.document().documentMargin()
    box = axis.label.boundingRect().adjusted(margin, margin, -margin, -margin)
    return axis.label.mapRectToScene(box)


def apart(upper: pg.PlotItem, lower: pg.PlotItem) -> bool:
    """The titles of two plots one above the other do not overlap."""
    a, b = title_rect(upper), title_rect(lower)
    return a is None or b is None or not a.intersects(b)


def in_sight(plot: pg.PlotItem) -> bool:
    """The title lies whole, top to bottom, inside the widget that draws the plot (one
    per row)."""
    rect = title_rect(plot)
    view = plot.getViewWidget()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    return rect is None or shown.top() - 0.5 <= rect.top() <= rect.bottom() <= shown.bottom() + 0.5


@pytest.mark.parametrize("language", ["en", "zh_CN", "zh_TW"])
def test_curve_and_weight_axis_titles_fit_their_plots(qtbot, settings, language):
    install_language(language)
    try:
        window = open_tab(qtbot, settings, "curves")
        curves = window.curves
        for upper, lower in ((curves.loss, curves.metric_plot), (curves.grad, curves.cosine)):
            assert apart(upper, lower), upper.getAxis("left").labelText
        window = open_tab(qtbot, settings, "weights")
        for cell, (heat, _image, _bar, eig, _points) in window.weights._rows.items():
            assert in_sight(heat), cell
            assert in_sight(eig), cell
    finally:
        install_language("en")
