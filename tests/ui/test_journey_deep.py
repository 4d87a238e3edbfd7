"""A stacked, bidirectional model in the window, reached and driven as a person does: the
settings panel with keys and mouse, the graph with keys, File → Open from the menu bar."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from explorer.session.config import SessionConfig
from explorer.session.files import save_session
from explorer.session.session import Session
from explorer.session.snapshot import Phase
from explorer.ui.graph.items import EdgeItem

from .test_journeys import (
    click,
    click_tab,
    drawn,
    menu_action,
    open_window,
    press,
    set_cells,
    type_into,
)

STATE_ROWS = ("l0.h", "l0r.h", "l1.h", "l1r.h")


def arrow(edge: EdgeItem) -> tuple[float, float, list[float]]:
    """(start x, tip x, x of the chevron's two ends) of an edge's drawn path."""
    path = edge.path()
    start, tip = path.elementAt(0), path.elementAt(1)
    ends = [path.elementAt(i).x for i in range(path.elementCount()) if i >= 2 and i % 2 == 1]
    return start.x, tip.x, ends


# The offscreen platform cannot raise the combo box's popup nor grab the keyboard for it.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_two_layer_bidirectional_lstm_trains_and_every_view_shows_it(qtbot, settings):
    window = open_window(qtbot, settings)
    set_cells(qtbot, window, ("lstm",))
    type_into(qtbot, window.controls.widgets["num_layers"], "2")
    press(qtbot, Qt.Key.Key_Return)
    box = window.controls.widgets["bidirectional"]
    click(qtbot, box, QPoint(8, box.height() // 2))
    config = window.ctrl.config
    assert (config.num_layers, config.bidirectional) == (2, True)
    click(qtbot, window.graph.canvas)  # the keyboard goes to the graph
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Return)
    view = window.ctrl.view()
    assert view.completed == 3 and set(view.records["lstm"].layers) == {"l0", "l0r", "l1", "l1r"}

    # The graph: 2 layers × 2 directions of state rows, each with a node per step.
    lane = window.graph.lanes["lstm"]
    T = view.T
    for row in STATE_ROWS:
        assert len(lane.nodes[row]) == T and len(lane.nodes[row[:-1] + "c"]) == T
        assert all(node.last[0] in ("c", "no-gradient") for node in lane.nodes[row]), row
    # Forward rows' recurrent arrows run left to right, the reverse rows' right to left.
    for row in STATE_ROWS:
        rec = [e for e in lane.edges["rec"] if e.target_row == row]
        assert len(rec) == T - 1
        for edge in rec:
            start, tip, ends = arrow(edge)
            if row.endswith("r.h"):
                assert start > tip and all(x > tip for x in ends), edge.edge_id
            else:
                assert start < tip and all(x < tip for x in ends), edge.edge_id
    # Rows are stacked: layer 2 above layer 1, each reverse row above its forward one.
    ys = [lane.rows[row] for row in ("l1r.h", "l1.h", "l0r.h", "l0.h", "x")]
    assert ys == sorted(ys)

    # Stepping into the next iteration: the forward rows fill from the left, the reverse
    # rows from the right.
    press(qtbot, Qt.Key.Key_Right)
    assert (window.ctrl.view().phase, window.ctrl.view().cursor) == (Phase.FORWARD, 1)
    lane = window.graph.lanes["lstm"]  # a refit may have laid the graph out again
    assert lane.nodes["l0.h"][0].last[0] == "c" and lane.nodes["l0.h"][1].last == ("blank",)
    assert lane.nodes["l0r.h"][T - 1].last[0] == "c"
    assert lane.nodes["l0r.h"][0].last == ("blank",)

    # The hidden-state heatmaps and the gradient view draw the run.
    press(qtbot, Qt.Key.Key_Return)  # finish the iteration
    assert window.ctrl.view().phase is Phase.IDLE
    for name in ("gradient", "hidden"):
        widget = getattr(window, name)
        click_tab(qtbot, window, widget)
        try:
            qtbot.waitUntil(lambda w=widget: bool(drawn(w)), timeout=3000)
        except qtbot.TimeoutError:
            raise AssertionError(f"the {name} tab draws nothing") from None
    # The heatmaps' switch offers every layer and direction; the keys pick layer 2 ←.
    switch = window.hidden.switch
    offered = [switch.itemData(i) for i in range(switch.count())]
    assert {"l0.h", "l0r.h", "l1.h", "l1r.h", "l1r.c"} <= set(offered)
    click(qtbot, switch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # close the popup
    while switch.currentData() != "l1r.h":
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    marks = list(window.hidden.sign_marks.values())  # the dots on negative cells
    images = [
        item
        for item in drawn(window.hidden)
        if isinstance(item, pg.ImageItem) and item not in marks
    ]
    layer = view.records["lstm"].layers["l1r"].hidden
    assert len(images) == 1 and images[0].image.shape == layer.shape
    window.close()


def test_file_open_takes_a_stacked_bidirectional_run(qtbot, settings, tmp_path, monkeypatch):
    session = Session(SessionConfig(cells=("gru",), num_layers=2, bidirectional=True))
    session.run(2)
    path = Path(tmp_path) / "deep.bptt"
    save_session(session, path)
    window = open_window(qtbot, settings)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[-1]))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(window.session_files.sigFinished, timeout=30000) as opened:
        menu_action(window, "File", "Open session…").trigger()
    assert opened.args == [True] and not warnings
    assert window.ctrl.config.num_layers == 2 and window.ctrl.config.bidirectional
    assert window.controls.widgets["num_layers"].value() == 2
    qtbot.waitUntil(lambda: "gru" in window.graph.lanes, timeout=3000)
    lane = window.graph.lanes["gru"]
    assert set(STATE_ROWS) <= set(lane.nodes) and window.ctrl.view().completed == 2
    window.close()


@pytest.mark.parametrize("cell", ["rnn", "gru"])
def test_the_settings_panel_offers_depth_and_direction(qtbot, settings, cell):
    window = open_window(qtbot, settings)
    set_cells(qtbot, window, (cell,))
    type_into(qtbot, window.controls.widgets["num_layers"], "3")
    press(qtbot, Qt.Key.Key_Return)
    assert window.ctrl.config.num_layers == 3
    click(qtbot, window.graph.canvas)
    press(qtbot, Qt.Key.Key_Return)
    lane = window.graph.lanes[cell]
    assert [key for key in lane.nodes if key.endswith("h")] == ["l2.h", "l1.h", "l0.h"]
    assert QApplication.focusWidget() is not None
    window.close()
