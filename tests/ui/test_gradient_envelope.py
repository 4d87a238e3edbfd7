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
