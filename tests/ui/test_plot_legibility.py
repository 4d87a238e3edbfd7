"""Plots a class can read: decade-only log ticks, legends and level keys outside the data,
axes that fit the image, a gradient bar axis fitted to the step, and colour keys that
cover what the plots show."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from explorer.session.snapshot import Phase
from explorer.ui.curves_view import CurvesView
from explorer.ui.gradient_view import GradientView
from explorer.ui.graph_view import GraphView
from explorer.ui.inspector import Inspector, nice_bound
from explorer.ui.log_axis import DecadeAxis, decade_text, decade_ticks
from explorer.ui.selection import Selection

from .factory import make_view

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def shown(qtbot, widget, size=(900, 600)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize(
    "low, high", [(-0.5, -0.05), (-1.2, 0.3), (-13.2, 0.4), (-45.0, 0.0), (-3.0, 2.0)]
)
def test_log_ticks_label_decades_only_and_never_pile_up(low, high):
    major, minor = decade_ticks(low, high)
    assert 1 <= len(major) <= 7
    assert all(low - 1e-9 <= v <= high + 1e-9 for v in major + minor)
    if np.floor(high) >= np.ceil(low):  # a whole decade inside: only decades are labelled
        assert all(v == round(v) for v in major)
    labels = DecadeAxis("left").logTickStrings(major, 1.0, 1.0)
    assert len(set(labels)) == len(labels) and all(labels)


def test_decade_labels_read_the_same_way():
    assert [decade_text(k) for k in (-6, -1, 0, 1, 3)] == ["10⁻⁶", "10⁻¹", "1", "10", "10³"]


def test_curves_keep_legend_and_levels_off_the_curves(qtbot):
    view = shown(qtbot, CurvesView())
    frame = make_view(("rnn", "lstm"), iteration=30)
    view.setView(frame)
    qtbot.wait(50)  # the layout places the legend's new entries
    plots = (view.loss, view.grad, view.metric_plot, view.cosine)
    legend = view.legend.sceneBoundingRect()
    for plot in plots:
        assert not legend.intersects(plot.vb.sceneBoundingRect())
        # Level lines carry no boxed label on top of the data.
        for item in plot.vb.addedItems:
            if isinstance(item, pg.InfiniteLine) and item.angle == 0:
                assert getattr(item, "label", None) is None
    names = [label.text for _sample, label in view.legend.items]
    assert "Vanilla RNN" in names and any(name.startswith("baseline") for name in names)
    assert any(name.startswith("solved") for name in names)
    # Inside the widget: no entry is cut at an edge.
    assert view.plots.sceneRect().contains(legend)
    for plot in (view.loss, view.grad):
        assert isinstance(plot.getAxis("left"), DecadeAxis)


def test_contribution_matrix_axes_fit_the_image(qtbot):
    gradient = shown(qtbot, GradientView(Selection()))
    gradient.setMode("contrib")
    gradient.setView(make_view(("rnn", "lstm"), T=6))
    for plot, image in gradient._contrib_items.values():
        (x0, x1), (y0, y1) = plot.vb.viewRange()
        assert (x0, x1) == pytest.approx((0.5, 6.5)) and (y0, y1) == pytest.approx((0.5, 6.5))
        rect = image.mapRectToView(image.boundingRect())
        assert rect.width() == pytest.approx(6) and rect.left() == pytest.approx(0.5)


def test_gradient_bars_fit_the_step_shown_symmetrically(qtbot):
    selection = Selection()
    inspector = shown(qtbot, Inspector(selection), size=(400, 700))
    view = make_view(("rnn",), T=30, H=6)
    inspector.setView(view)
    snap = view.records["rnn"]
    for t in (1, 15, 30):
        selection.select(cell="rnn", node="h", t=t)
        low, high = inspector.grad_plot.vb.viewRange()[1]
        peak = float(np.abs(snap.grad_hidden[t - 1]).max())
        bound = nice_bound(peak)
        assert low == pytest.approx(-high)
        assert bound * 0.99 <= high <= bound * 1.2 and peak <= high


def test_colour_keys_cover_what_the_plot_shows(qtbot):
    selection = Selection()
    graph = shown(qtbot, GraphView(selection))
    gradient = shown(qtbot, GradientView(selection))
    view = make_view(("rnn", "lstm"), T=60, phase=Phase.BACKWARD, cursor=1)
    graph.setView(view)
    gradient.setView(view)
    snaps = view.records.values()
    norms = np.concatenate(
        [s.grad_hidden_norm for s in snaps] + [view.records["lstm"].grad_cell_norm]
    )
    norms = norms[norms > 0]
    # The node colour key reaches as low as the data (and the plot) do.
    assert graph.colouring.scale.low == pytest.approx(norms.min())
    low, _high = gradient.norm_plot.getPlotItem().vb.viewRange()[1]
    hidden = np.concatenate([s.grad_hidden_norm for s in snaps])
    assert low <= np.log10(hidden[hidden > 0].min())
    assert "‖∂L/∂h_t‖" in graph.legend.text()
    # The loss nodes' colours have a key too, and the activations' key says what it shows.
    assert graph.loss_key.text().startswith("loss")
    graph.setView(make_view(("rnn",), T=10, phase=Phase.FORWARD, cursor=4))
    assert "h of unit" in graph.legend.text() and "−1" in graph.legend.text()
    assert "red" in graph.legend.toolTip()


@pytest.mark.parametrize("width", [520, 640, 900])
def test_a_long_legend_takes_rows_instead_of_widening_the_plot_past_its_pane(qtbot, width):
    gradient = shown(qtbot, GradientView(Selection()), size=(width, 420))
    gradient.setView(make_view(("rnn", "lstm", "gru"), T=12))
    qtbot.waitUntil(lambda: len(gradient.legend.items) >= 4)
    plot = gradient.norm_plot.getPlotItem()
    qtbot.waitUntil(lambda: plot.geometry().width() <= gradient.norm_plot.width() + 1)
    needed = gradient.legend.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
    assert needed <= gradient.norm_plot.width()
