"""The hidden-state heatmaps of a stacked bidirectional encoder–decoder: the switch offers
every layer of both parts, each drawn on its own part's steps of the one time axis, and a
click on a decoder layer's heatmap selects that layer's state for the inspector."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig
from explorer.ui.hidden_view import quantity_title

from .test_journeys import click, click_tab, drawn
from .windows import open_active_window

CELL = "lstm"
LAYERS = ["enc.l0", "enc.l0r", "enc.l1", "enc.l1r", "dec.l0", "dec.l1"]


@pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support")
def test_every_layer_of_both_parts_is_offered_and_drawn(qtbot, settings):
    config = SessionConfig(
        task="reverse",
        cells=(CELL,),
        hidden_size=4,
        batch_size=8,
        num_layers=2,
        bidirectional=True,
        seed=1,
    )
    window = open_active_window(qtbot, settings, config)
    hidden = window.hidden
    click_tab(qtbot, window, hidden)
    qtbot.waitUntil(lambda: bool(drawn(hidden)), timeout=3000)
    view = window.ctrl.view()
    snap = view.records[CELL]
    S, T = snap.source_steps, view.T
    switch = hidden.switch
    offered = [switch.itemData(i) for i in range(switch.count())]
    wanted = [f"{k}.h" for k in LAYERS] + [f"{k}.c" for k in LAYERS]
    assert set(wanted) <= set(offered)
    # Bottom layer first, the encoder's before the decoder's.
    assert [k for k in offered if k.endswith(".h") and "." in k[:-2]] == wanted[:6]
    assert quantity_title("dec.l1.h") == "h — hidden state · decoder layer 2 →"
    assert quantity_title("enc.l0r.c") == "c — cell state (LSTM) · encoder layer 1 ←"

    # The keys pick the decoder's top layer: its 2H units on the decoder's U steps.
    click(qtbot, switch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # close the popup
    while switch.currentData() != "dec.l1.h":
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    marks = list(hidden.sign_marks.values())
    (image,) = [i for i in drawn(hidden) if isinstance(i, pg.ImageItem) and i not in marks]
    layer = snap.layers["dec.l1"].hidden
    assert image.image.shape == (T, 8) and layer.shape == (T - S, 8)
    np.testing.assert_array_equal(image.image[S:], layer)
    assert np.isnan(image.image[:S]).all()  # the encoder's steps: not this layer's
    rect, shown = hidden.imageRect(CELL), hidden.viewRect(CELL)
    assert shown.contains(rect.adjusted(0.01, 0.01, -0.01, -0.01))

    # An encoder layer lies on the encoder's steps.
    while switch.currentData() != "enc.l1r.h":
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    (image,) = [i for i in drawn(hidden) if isinstance(i, pg.ImageItem) and i not in marks]
    np.testing.assert_array_equal(image.image[:S], snap.layers["enc.l1r"].hidden)
    assert image.image.shape == (T, 4) and np.isnan(image.image[S:]).all()

    # A click on a cell of the decoder layer's heatmap selects that state.
    while switch.currentData() != "dec.l1.h":
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    plot = hidden.plots.getItem(0, 1)  # the one lane's plot, beside its title
    scene = plot.getViewBox().mapViewToScene(QPointF(S + 2.0, 3.5))
    graphics = hidden.plots
    qtbot.mouseClick(
        graphics.viewport(), Qt.MouseButton.LeftButton, pos=graphics.mapFromScene(scene)
    )
    sel = window.selection
    assert (sel.node, sel.t, sel.unit) == ("dec.l1.h", S + 2, 3)
    eq = window.inspector.equation.equations()[-1]
    assert eq.node == "dec.l1.h@2"
    assert eq.value == pytest.approx(layer[1, 3], rel=1e-12)
    window.close()
