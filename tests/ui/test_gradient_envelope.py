"""The gradient view draws the Jacobian product and its bound the session computes (from the
engine's analysis module), for the model that has them, whichever its place in the run."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.ui.gradient_view import GradientView
from explorer.ui.selection import Selection

from .factory import make_view
from .windows import show_widget


def drawn(item) -> tuple[np.ndarray, np.ndarray]:
    x, y = item.getData()
    return (np.zeros(0), np.zeros(0)) if x is None else (np.asarray(x), np.asarray(y))


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("cells", [("lstm", "rnn"), ("rnn", "gru")])
def test_the_envelope_is_the_sessions_for_the_vanilla_rnn(qtbot, cells):
    widget = show_widget(qtbot, GradientView(Selection()), (700, 420))
    view = make_view(cells, T=12, H=6)
    widget.setView(view)
    snap = view.records["rnn"]
    norms, bound = snap.jacobian_envelope
    start = float(snap.grad_hidden_norm[-1])
    for item, expected in ((widget.jacobian, norms), (widget.envelope, bound)):
        x, y = drawn(item)  # log10 of the values: the plot's y axis is logarithmic
        assert x.size == snap.T and np.isfinite(y).sum() >= snap.T // 2
        shown = np.isfinite(y)
        assert 10 ** y[shown] == pytest.approx(start * expected[shown], rel=1e-9)
    # A run without a vanilla RNN draws neither line.
    widget.setView(make_view(("lstm", "gru"), T=12, H=6))
    assert drawn(widget.jacobian)[0].size == 0 and drawn(widget.envelope)[0].size == 0


def without(view, part: str):
    """``view`` as a training frame whose snapshots left ``part`` out."""
    from dataclasses import replace

    from explorer.session.snapshot import CONTRIB, WEIGHT_TERMS

    emptied = {CONTRIB: {"contrib": None}, WEIGHT_TERMS: {"weight_grad_by_step": None}}
    records = {
        cell: replace(snap, missing=frozenset({part}), **emptied.get(part, {}))
        for cell, snap in view.records.items()
    }
    return replace(view, records=records, running=True)


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("mode, part", [("contrib", "contrib"), ("terms", "weight_terms")])
def test_a_page_whose_data_the_frame_left_out_says_it_follows(qtbot, mode, part):
    """Switched to while training, a page may get one frame built without its data: it
    draws nothing stale and says the next frame brings it, then draws that frame."""
    from explorer.ui.gradient_view import awaited_note

    widget = show_widget(qtbot, GradientView(Selection()), (700, 420))
    widget.setMode(mode)
    view = make_view(("rnn", "lstm"), T=12, H=6)
    widget.setView(view)
    assert widget.note.text() != awaited_note()
    widget.setView(without(view, part))
    assert widget.note.text() == awaited_note()
    if mode == "contrib":
        assert all(image.image is None for _plot, image in widget._contrib_items.values())
    else:
        assert all(drawn(item)[0].size == 0 for item in widget._terms.values())
    widget.setView(view)
    assert widget.note.text() != awaited_note()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_jacobian_lines_wait_for_a_frame_that_has_them(qtbot):
    """A frame built while the norm page was hidden has no Jacobian product: the page does
    not compute it in the window, and keeps its caption until the lines come back."""
    widget = show_widget(qtbot, GradientView(Selection()), (700, 420))
    view = make_view(("rnn", "lstm"), T=12, H=6)
    widget.setView(view)
    caption = widget.note.text()
    lean = without(view, "jacobian")
    widget.setView(lean)
    assert "jacobian_envelope" not in vars(lean.records["rnn"])  # never computed here
    assert drawn(widget.jacobian)[0].size == 0 and widget.note.text() == caption


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_plot_keeps_its_size_when_the_caption_comes(qtbot):
    """The caption under the norm plot keeps room for two lines: a run's first frame, which
    brings the caption, does not resize the plot (and repaint all its axes)."""
    widget = show_widget(qtbot, GradientView(Selection()), (700, 420))
    widget.setView(make_view(("lstm", "gru"), T=12, H=6))  # no vanilla RNN: no caption
    assert widget.note.text() == ""
    height = widget.norm_plot.height()
    widget.setView(make_view(("rnn", "lstm"), T=12, H=6))
    qtbot.wait(20)  # the layout settles
    lines = widget.note.heightForWidth(widget.note.width()) // widget.note.fontMetrics().height()
    assert lines == 2  # the caption wraps to two lines here
    assert widget.norm_plot.height() == height


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_training_frame_of_the_same_records_is_not_drawn_again(qtbot, monkeypatch):
    """Between display builds the frames bring the very same snapshots: the page stays as
    it is; new snapshots, a page switched to and a stopped frame are drawn."""
    from dataclasses import replace

    widget = show_widget(qtbot, GradientView(Selection()), (700, 420))
    drawn: list[str] = []
    for name in ("_render_norm", "_render_contrib"):
        real = getattr(widget, name)
        monkeypatch.setattr(
            widget, name, lambda view, real=real, name=name: (drawn.append(name), real(view))
        )
    view = replace(make_view(("rnn", "lstm"), T=12, H=6), running=True)
    widget.setView(view)
    widget.setView(replace(view, iteration=view.iteration + 5))  # the same snapshots
    assert drawn == ["_render_norm"]
    fresh = replace(make_view(("rnn", "lstm"), T=12, H=6, seed=1), running=True)
    widget.setView(fresh)
    assert drawn == ["_render_norm"] * 2
    widget.setMode("contrib")
    assert drawn[-1] == "_render_contrib"
    widget.setView(replace(fresh, running=False))
    assert drawn[-1] == "_render_contrib" and len(drawn) == 4
