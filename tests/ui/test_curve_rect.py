"""``CurvesView.curveRect``: where a model's curve is drawn, for the spotlight's
"curve:CELL.METRIC" targets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from explorer.ui.curves_view import CurvesView

from .factory import make_view
from .windows import show_widget

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _shown(qtbot, view, size: tuple[int, int] = (900, 600)) -> CurvesView:
    widget = show_widget(qtbot, CurvesView(), size)
    widget.setView(view)
    qtbot.wait(50)
    return widget


def _inside(inner: QRectF, outer: QRectF) -> bool:
    return outer.adjusted(-1, -1, 1, 1).contains(inner)


def test_a_curve_rect_lies_in_its_plot_and_inside_the_view(qtbot):
    view = make_view(("rnn", "lstm"), iteration=40)
    widget = _shown(qtbot, view)
    whole = QRectF(widget.rect())
    for metric, plot in (("loss", widget.loss), ("grad_norm", widget.grad)):
        rect = widget.curveRect("lstm", metric)
        assert rect is not None and rect.width() > 50 and rect.height() > 0
        assert _inside(rect, whole)
        box = plot.getViewBox().sceneBoundingRect()
        offset = widget.plots.pos()
        box_in_view = QRectF(box.translated(offset.x(), offset.y()))
        assert _inside(rect, box_in_view)
    # The loss plot is above the task-metric plot: their rects say so.
    metric_rect = widget.curveRect("rnn", view.metric_name)
    assert metric_rect is not None
    assert metric_rect.top() > widget.curveRect("rnn", "loss").bottom()


def test_no_rect_for_an_unknown_metric_a_missing_model_or_a_hidden_view(qtbot):
    widget = _shown(qtbot, make_view(("rnn",), iteration=10))
    assert widget.curveRect("rnn", "nonsense") is None
    assert widget.curveRect("gru", "loss") is None
    widget.hide()
    assert widget.curveRect("rnn", "loss") is None


@pytest.mark.parametrize("truncated", [False, True])
def test_every_plot_title_fits_its_plot_in_a_narrow_pane(qtbot, truncated):
    """At the width the pane has in a 1280 × 800 window, no title runs past its plot (the
    truncation plot's title once did, cut off at the pane's edge)."""
    view = make_view(("rnn", "lstm"), iteration=40)
    if truncated:
        for curves in view.curves.values():
            curves.truncation_cosine[:] = 0.9
    widget = _shown(qtbot, view, (620, 300))
    assert ("cosine" in widget.cosine.titleLabel.text) == truncated
    pane = widget.plots.width()
    for plot in (widget.loss, widget.grad, widget.metric_plot, widget.cosine):
        title = plot.titleLabel.item.sceneBoundingRect()
        assert title.width() > 0 and title.right() <= pane, plot.titleLabel.text
        assert plot.sceneBoundingRect().right() <= pane + 1, plot.titleLabel.text
