"""An encoder–decoder and an output-recurrent network in the window, reached as a person
does: the task, teacher forcing and output recurrence chosen in the settings panel with
keys and mouse, training with Enter, and the graph checked for what it draws."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from explorer.session.snapshot import Phase
from explorer.ui.graph.parts import NOT_FED, OWN_FED, TEACHER_FED

from .test_journeys import click, menu_action, open_window, press, set_cells, type_into


def choose_task(qtbot, window, key: str) -> None:
    """Pick ``key`` in the task box with the keyboard (the offscreen platform opens no
    popup: the click gives the box the focus, the arrows move through the tasks)."""
    box = window.controls.task
    click(qtbot, box)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    target = box.findData(key)
    step = Qt.Key.Key_Down if target > box.currentIndex() else Qt.Key.Key_Up
    for _ in range(box.count()):
        if box.currentData() == key:
            break
        qtbot.keyClick(QApplication.focusWidget(), step)
    assert window.ctrl.config.task == key


def tick(qtbot, box) -> None:
    click(qtbot, box, QPoint(8, box.height() // 2))


def centre_x(lane, row: str) -> list[float]:
    return [item.sceneBoundingRect().center().x() for item in lane.nodes[row]]


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_reverse_task_draws_encoder_decoder_with_context_and_fed_tokens(qtbot, settings):
    window = open_window(qtbot, settings)
    set_cells(qtbot, window, ("gru",))
    panel = window.controls
    assert not panel.widgets["teacher_forcing"].isEnabled()  # no decoder yet
    choose_task(qtbot, window, "reverse")
    assert panel.widgets["teacher_forcing"].isEnabled()
    assert not panel.widgets["output_recurrence"].isEnabled()
    type_into(qtbot, panel.widgets["teacher_forcing"], "0.5")
    press(qtbot, Qt.Key.Key_Return)
    assert window.ctrl.config.teacher_forcing == 0.5
    click(qtbot, window.graph.canvas)  # the keyboard goes to the graph
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Return)
    view = window.ctrl.view()
    snap = view.records["gru"]
    S, U = snap.source_steps, view.T - snap.source_steps
    assert view.completed == 3 and S >= 1 and U >= 1

    lane = window.graph.lanes["gru"]
    # Encoder and decoder side by side: the encoder's S states left of the decoder's U.
    enc, dec = centre_x(lane, "enc.l0.h"), centre_x(lane, "dec.l0.h")
    assert len(enc) == S and len(dec) == U and max(enc) < min(dec)
    assert len(lane.nodes["o"]) == U and min(centre_x(lane, "o")) > max(enc)
    # The context edge runs from the encoder's last state to the decoder's first.
    (context,) = lane.edges["context"]
    path = context.path()
    start, tip = path.elementAt(0), path.elementAt(1)
    assert abs(start.x - enc[-1]) < abs(start.x - dec[0]) and abs(tip.x - dec[0]) < 20
    # ∂L/∂h reached both parts: every state is coloured (finite gradients behind them).
    assert np.isfinite(snap.encoder_grad_hidden).all() and snap.encoder_grad_hidden.any()
    for row in ("enc.l0.h", "dec.l0.h"):
        assert all(node.last[0] in ("c", "no-gradient") for node in lane.nodes[row]), row
    assert any(e.last[:3] != (154, 154, 154) for e in lane.edges["rec"] if e.s <= S)
    # Each decoder step u ≥ 2 read one of two tokens: that edge in its colour, the other faint.
    feeds = lane.edges["feed"]
    assert len(feeds) == 2 * (U - 1)
    teacher = np.asarray(snap.teacher)
    for edge in feeds:
        true_fed = bool(teacher[edge.own - 1])
        if (edge.feed == "teacher") == true_fed:
            assert edge.last == (TEACHER_FED if true_fed else OWN_FED), edge.edge_id
        else:
            assert edge.last == NOT_FED, edge.edge_id
    # The part titles and the key are on the scene, inside the lane's rectangle.
    texts = [item.text() for item in lane.titles]
    assert texts[:2] == ["encoder", "decoder"] and "━ true token fed" in texts
    scene = window.graph.canvas.scene().sceneRect()
    assert all(scene.contains(item.pos()) for item in lane.titles)
    # The key (unzoomed text) ends left of the decoder's first column at the shown zoom.
    scale = window.graph.canvas.transform().m11()
    first = min(item.sceneBoundingRect().left() for item in lane.nodes["o"])
    for item in lane.titles[2:]:
        assert item.pos().x() + item.boundingRect().width() / scale < first, item.text()

    # View → Fit graph shows both parts whole in the pane.
    menu_action(window, "View", "Fit graph").trigger()
    canvas = window.graph.canvas
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    for row in ("enc.l0.h", "dec.l0.h", "enc.x", "dec.x", "o"):
        for node in lane.nodes[row]:
            assert visible.contains(node.sceneBoundingRect()), node.node_id

    # Stepping through the next iteration reveals the encoder first, then the decoder.
    press(qtbot, Qt.Key.Key_Right)
    assert window.ctrl.view().phase is Phase.FORWARD
    lane = window.graph.lanes["gru"]
    assert lane.nodes["enc.l0.h"][0].last[0] == "c"
    assert all(node.last == ("blank",) for node in lane.nodes["dec.l0.h"])
    window.close()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_output_recurrence_from_the_panel_draws_w_oh_edges(qtbot, settings):
    window = open_window(qtbot, settings)
    set_cells(qtbot, window, ("rnn",))
    choose_task(qtbot, window, "sine")
    panel = window.controls
    assert not panel.widgets["teacher_forcing"].isEnabled()
    tick(qtbot, panel.widgets["output_recurrence"])
    assert window.ctrl.config.output_recurrence
    assert panel.widgets["teacher_forcing"].isEnabled()
    click(qtbot, window.graph.canvas)
    press(qtbot, Qt.Key.Key_Return)
    lane = window.graph.lanes["rnn"]
    T = window.ctrl.view().T
    names = {label.name for label in lane.labels.values()}
    assert "W_oh" in names and "W_hh" not in names
    edges = lane.edges["out_rec"]
    assert all(e.edge.weights == ("W_oh",) for e in edges)
    # Teacher forcing is on (r = 1): the true y_{t−1} → h_t edges are marked, o_{t−1} faint.
    teacher = [e for e in edges if e.feed == "teacher"]
    own = [e for e in edges if e.feed == "own"]
    assert len(teacher) == len(own) == T - 1
    assert all(e.last == TEACHER_FED for e in teacher) and all(e.last == NOT_FED for e in own)
    window.close()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_combination_the_config_refuses_shows_its_message(qtbot, settings):
    window = open_window(qtbot, settings)
    set_cells(qtbot, window, ("gru",))
    before = window.ctrl.config
    tick(qtbot, window.controls.widgets["output_recurrence"])
    message = window.controls.message.text()
    assert "output_recurrence" in message and "vanilla RNN" in message
    assert window.ctrl.config == before  # refused: the run is unchanged
    # The window still works: Enter on the graph trains the unchanged run.
    click(qtbot, window.graph.canvas)
    press(qtbot, Qt.Key.Key_Return)
    assert window.ctrl.view().completed == 1
    window.close()
