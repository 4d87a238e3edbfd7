"""``CurvesView.curveRect``: where a model's curve is drawn, for the spotlight's
"curve:CELL.METRIC" targets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from explorer.ui.curves_view import CurvesView

from .factory import make_view

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _shown(qtbot, view) -> CurvesView:
    widget = CurvesView()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
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
