"""The training curves: a diverged model's curve ends at a marker, long runs are drawn to the
resolution of the plot, and training frames update only the curves that changed."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtGui import QFontMetricsF

from explorer.ui.curves_view import LABEL_COLUMN_SAMPLE, CurvesView

from .factory import curves, make_view

# A top-level widget shown offscreen makes Qt say the platform cannot propagate size hints.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _shown(qtbot, view) -> CurvesView:
    widget = CurvesView()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    widget.setView(view)
    qtbot.wait(50)  # the plots' ranges follow the data when they next paint
    return widget


def _diverged_view(at: int = 30):
    """The LSTM diverged at iteration ``at``: its series end at the iteration before."""
    view = make_view(("rnn", "lstm"), iteration=40)
    lstm = view.curves["lstm"]
    keep = at - 1
    cut = dataclasses.replace(
        lstm,
        **{
            name: getattr(lstm, name)[:keep]
            for name in (
                "iterations",
                "loss",
                "grad_norm",
                "grad_norm_clipped",
                "clipped",
                "spectral_radius",
                "truncation_cosine",
                "truncation_rel_norm",
            )
        },
        metric_iterations=lstm.metric_iterations[lstm.metric_iterations < at],
        metrics={k: v[lstm.metric_iterations < at] for k, v in lstm.metrics.items()},
        diverged_at=at,
    )
    return dataclasses.replace(view, curves={**view.curves, "lstm": cut})


def test_a_diverged_curve_ends_at_a_marker_on_its_last_finite_value(qtbot):
    view = _diverged_view(at=30)
    widget = _shown(qtbot, view)
    lstm = view.curves["lstm"]
    for name, series, plot in (
        ("loss_end", lstm.loss, widget.loss),
        ("grad_end", lstm.grad_norm, widget.grad),
    ):
        marker = widget._items["lstm"][name]
        assert marker.isVisible()
        x, y = marker.xData, marker.yData
        assert list(x) == [29.0]  # the last iteration before divergence
        assert y[0] == float(series[-1])
        # The marker lies inside the plot's view (log axis: decades).
        (x0, x1), (y0, y1) = plot.vb.viewRange()
        assert x0 <= x[0] <= x1 and y0 <= np.log10(y[0]) <= y1
        # The model still training has no marker.
        assert len(widget._items["rnn"][name].xData or []) == 0
    # Once the model trains again (a reset), the marker goes.
    widget.setView(dataclasses.replace(make_view(("rnn", "lstm"), iteration=40), run=1))
    assert len(widget._items["lstm"]["loss_end"].xData or []) == 0


def test_a_long_run_is_drawn_at_the_resolution_of_the_plot(qtbot):
    view = make_view(("rnn", "lstm"), iteration=10)
    long = {c: curves(10_000, seed=i) for i, c in enumerate(view.cells)}
    widget = _shown(qtbot, dataclasses.replace(view, curves=long, iteration=10_000))
    item = widget._items["rnn"]["loss"]
    assert len(item.xData) == 10_000  # every iteration is kept...
    x, y = item.getData()
    width = widget.loss.vb.width()
    # ...but only the few points a pixel needs are drawn (peaks kept: a min and a max per bin).
    assert 0 < len(x) <= 10 * width < 10_000
    assert np.isfinite(y).any() and x[0] <= 100 and x[-1] >= 9_900


def test_the_dashed_norm_after_clipping_is_drawn_where_clipping_changed_it(qtbot):
    view = make_view(("rnn", "lstm"), iteration=30)
    rnn = view.curves["rnn"]
    widget = _shown(qtbot, view)
    x, y = widget._items["rnn"]["clipped"].xData, widget._items["rnn"]["clipped"].yData
    assert list(x) == list(rnn.iterations)
    changed = rnn.grad_norm_clipped != rnn.grad_norm
    assert changed.any() and not changed.all()
    # The clipped iterations, and each one's neighbours (the dashes reach them), carry
    # the norm after clipping ...
    near = np.convolve(changed, [1, 1, 1], mode="same") > 0
    assert np.array_equal(y[near], rnn.grad_norm_clipped[near])
    # ... and the rest, where the dashed curve would lie on the solid one, is not drawn.
    assert np.isnan(y[~near]).all() and (~near).any()
    # A run that was never clipped has no dashed curve at all.
    calm = dataclasses.replace(rnn, grad_norm_clipped=rnn.grad_norm, clipped=rnn.clipped & False)
    widget.setView(dataclasses.replace(view, curves={**view.curves, "rnn": calm}, run=1))
    assert widget._items["rnn"]["clipped"].xData is None  # cleared


def test_a_training_frame_updates_only_the_curves_that_grew(qtbot):
    view = make_view(("rnn", "lstm"), iteration=40)
    widget = _shown(qtbot, view)
    loss, metric = widget._items["rnn"]["loss"], widget._items["rnn"]["metric"]
    calls = {"loss": 0, "metric": 0}
    loss.sigPlotChanged.connect(lambda *_: calls.__setitem__("loss", calls["loss"] + 1))
    metric.sigPlotChanged.connect(lambda *_: calls.__setitem__("metric", calls["metric"] + 1))
    # One more iteration: the loss grows, the metric (evaluated every 10) stays as it was.
    grown = curves(41, seed=0)
    grown = dataclasses.replace(
        grown,
        metric_iterations=view.curves["rnn"].metric_iterations,
        metrics=view.curves["rnn"].metrics,
    )
    widget.setView(dataclasses.replace(view, curves={**view.curves, "rnn": grown}, iteration=41))
    assert calls == {"loss": 1, "metric": 0}
    assert len(loss.xData) == 41


def _training_frames(view, n: int, start: int = 41):
    return [
        dataclasses.replace(
            view,
            running=True,
            iteration=start + i,
            curves={c: curves(start + i, seed=k) for k, c in enumerate(view.cells)},
        )
        for i in range(n)
    ]


def test_while_training_the_curves_draw_the_latest_frame_a_few_times_a_second(qtbot):
    view = make_view(("rnn", "lstm"), iteration=40)
    widget = _shown(qtbot, view)
    drawn = []
    widget.render = drawn.append  # what the view is asked to draw, in order
    widget.setView(view)  # a stopped frame is drawn at once
    frames = _training_frames(view, 3)
    for frame in frames:
        widget.setView(frame)
    assert drawn == [view]  # just drawn: these come within the interval
    # No newer frame follows: the latest one is drawn a little after it was due.
    qtbot.waitUntil(lambda: len(drawn) == 2, timeout=2000)
    assert drawn[1] is frames[-1]  # the latest frame wins; those in between are dropped
    stopped = dataclasses.replace(frames[-1], running=False)
    widget.setView(stopped)
    assert drawn[-1] is stopped  # a frame after training is drawn at once
    qtbot.wait(2 * widget.training_interval_ms)
    assert len(drawn) == 3


def test_a_training_frame_due_is_drawn_with_the_frame_itself(qtbot):
    # Drawn as the frame arrives, while the training worker waits for the window, not in
    # a later turn when the worker computes again and both compete for the interpreter.
    view = make_view(("rnn", "lstm"), iteration=40)
    widget = _shown(qtbot, view)
    drawn = []
    widget.render = drawn.append
    qtbot.wait(widget.training_interval_ms + 20)
    first, early, due = _training_frames(view, 3)
    widget.setView(first)
    assert drawn == [first]
    widget.setView(early)
    assert drawn == [first]  # within the interval: waits
    qtbot.wait(widget.training_interval_ms + 20)
    widget.setView(due)
    assert drawn == [first, due]  # the next frame after the interval, drawn at once
    qtbot.wait(widget.training_interval_ms + 400)
    assert drawn == [first, due]  # the dropped frame is never drawn late


def _ranges(widget: CurvesView) -> list:
    return [plot.vb.viewRange() for plot in widget._plots()]


def test_while_training_the_plot_ranges_hold_until_the_curves_outgrow_them(qtbot):
    view = make_view(("rnn", "lstm"), iteration=40)
    widget = _shown(qtbot, view)
    loss, box = widget._items["rnn"]["loss"], widget._plots()[0].vb
    shown = []
    for frame in _training_frames(view, 40):
        widget.render(frame)  # as each training frame is drawn
        if _ranges(widget) not in shown:
            shown.append(_ranges(widget))
        x, y = loss.getData()
        assert len(x) == frame.iteration and np.isfinite(y).all()
        (x_low, x_high), (y_low, y_high) = box.viewRange()
        assert x_low <= x.min() and x.max() <= x_high  # every point stays in view
        assert y_low <= y.min() and y.max() <= y_high  # (log10 of the loss: a log plot)
    # Fitted exactly, the axes would move with every iteration (40 times); held, they move
    # only when a curve leaves its range (these made-up curves jump about more than a
    # real run's), each time with room to spare.
    assert len(shown) <= 12


def test_after_training_the_plots_fit_their_curves_exactly_again(qtbot):
    view = make_view(("rnn", "lstm"), iteration=40)
    fitted = _ranges(_shown(qtbot, view))
    widget = _shown(qtbot, view)
    first = _training_frames(view, 1, start=41)[0]
    for frame in (first, dataclasses.replace(view, running=True)):
        widget.render(frame)
    widget.render(dataclasses.replace(view, running=False))  # training stopped
    qtbot.wait(50)
    assert _ranges(widget) == fitted
    assert [plot.vb.state["autoRange"] for plot in widget._plots()] == [
        [True, True],
        [False, True],
        [False, True],
        [False, False],
    ]


def test_one_paint_per_frame_draws_the_fitted_curves(qtbot):
    # Fitting the ranges when drawing, not when painting, leaves nothing for a second paint.
    view = make_view(("rnn", "lstm"), iteration=40)
    widget = _shown(qtbot, view)
    widget.render(dataclasses.replace(_training_frames(view, 1)[0], running=False))
    boxes = [plot.vb for plot in widget._plots()]
    assert not any(box._autoRangeNeedsUpdate for box in boxes)
    qtbot.wait(50)
    x, _ = widget._items["rnn"]["loss"].getData()
    x_low, x_high = boxes[0].viewRange()[0]
    assert x_low <= x.min() and x.max() <= x_high


def test_training_frames_that_only_grow_the_curves_leave_the_plot_layout_alone(qtbot):
    # A new title lays all four plots out again (every axis and curve follows): a frame
    # that only grows the curves must not set one, while the title still tells the truth.
    view = make_view(("rnn", "lstm"), iteration=40)
    widget = _shown(qtbot, view)
    title = widget.cosine.titleLabel
    shown = title.text
    relaid = []
    title.setText = lambda *args, **kwargs: relaid.append(args)
    frames = _training_frames(view, 6)
    for frame in frames[:5]:
        widget.render(frame)
    assert relaid == []
    assert "truncation off" in shown  # these made-up runs train without truncation
    last = frames[5]
    truncated = dataclasses.replace(
        last,
        curves={
            c: dataclasses.replace(s, truncation_cosine=np.full(len(s.iterations), 0.9))
            for c, s in last.curves.items()
        },
    )
    widget.render(truncated)  # truncation came on: the title says so, once
    widget.render(dataclasses.replace(truncated, iteration=truncated.iteration))
    assert len(relaid) == 1 and "cosine" in relaid[0][0]


def test_a_held_plot_whose_curves_outgrow_both_axes_moves_once(qtbot):
    # Each move of a plot's range re-clips all its curves and re-ticks its axes: when
    # the x and the y range both have to move, they move together.
    view = make_view(("rnn", "lstm"), iteration=40)
    widget = _shown(qtbot, view)
    frame = _training_frames(view, 1)[0]
    widget.render(frame)  # the ranges are held from here on
    box = widget.loss.vb
    (_, x_high), (_, y_high) = box.viewRange()
    moves = []
    box.sigRangeChanged.connect(lambda *_: moves.append(box.viewRange()))
    far = dataclasses.replace(
        frame,
        iteration=200,
        curves={c: curves(200, seed=k) for k, c in enumerate(view.cells)},
    )
    grown = far.curves["rnn"]
    far = dataclasses.replace(
        far,
        curves={
            **far.curves,
            "rnn": dataclasses.replace(grown, loss=np.asarray(grown.loss) * 1e4),
        },
    )
    widget.render(far)
    assert len(moves) == 1
    (new_x_low, new_x_high), (new_y_low, new_y_high) = moves[0]
    assert new_x_high > x_high and new_y_high > y_high
    x, y = widget._items["rnn"]["loss"].getData()
    assert new_x_low <= x.min() and x.max() <= new_x_high
    assert new_y_low <= y.min() and y.max() <= new_y_high


def _label_columns(widget: CurvesView) -> list[float]:
    return [plot.getAxis("left").width() for plot in widget._plots()]


def test_while_training_the_tick_label_columns_keep_their_width(qtbot):
    # A column that narrows or widens with its labels lays the plots out again, and that
    # paint asks for three more: the columns start wide enough for usual labels and never
    # narrow while a run trains (made-up curves: their ranges move every few frames).
    start = make_view(("rnn", "lstm"), iteration=1)
    start = dataclasses.replace(
        start, curves={c: curves(1, seed=k) for k, c in enumerate(start.cells)}
    )
    widget = _shown(qtbot, start)
    metrics = QFontMetricsF(widget.loss.getAxis("left").style["tickFont"])
    sample = metrics.horizontalAdvance(LABEL_COLUMN_SAMPLE)
    assert all(axis_width > sample for axis_width in _label_columns(widget))
    columns = [_label_columns(widget)]
    for frame in _training_frames(start, 60, start=2):
        widget.render(frame)
        qtbot.wait(1)  # the ticks (and their labels) are laid out when painted
        columns.append(_label_columns(widget))
    assert all(now == columns[0] for now in columns)
