"""The window's views, driven through real widgets: keys, clicks, hovers and sliders."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from explorer.engine.truncation import Truncation
from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.session.snapshot import Phase
from explorer.ui.gradient_view import GradientView
from explorer.ui.graph_view import GraphView
from explorer.ui.inspector import n
from explorer.ui.main_window import MainWindow
from explorer.ui.selection import Selection
from explorer.ui.shortcuts import shortcut_rows, shortcuts_html
from explorer.ui.theme import LogScale, lookup, sequential_map

from .factory import make_view
from .windows import open_active_window as open_window


def small(**changes) -> SessionConfig:
    """A fast config: short sequences, few units."""
    base = {"hidden_size": 8, "batch_size": 8, "task_params": {"seq_len": 12}}
    base.update(changes)
    return SessionConfig(**base)


def test_window_builds_every_view_with_data(qtbot, settings):
    window = open_window(qtbot, settings)
    assert window.ctrl.view().completed == 0  # the window opens at "Ready"
    window.graph.canvas.setFocus()
    qtbot.keyClick(window.graph.canvas, Qt.Key.Key_Return)
    # A loaded machine may estimate the iteration slow enough to run it in a worker.
    qtbot.waitUntil(lambda: window.ctrl.view().completed == 1, timeout=30000)
    view = window.ctrl.view()
    assert set(view.records) == {"rnn", "lstm"}
    assert set(window.graph.lanes) == {"rnn", "lstm"}
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == [
        "Gradient through time",
        "Hidden states",
        "Recurrent weights",
        "Training curves",
        "Task",
        "Code",
    ]
    assert "Vanilla RNN" in window.model_status.text() and "loss" in window.model_status.text()
    window.close()


def test_keyboard_steps_move_cursor_and_phase_label(qtbot, settings):
    window = open_window(qtbot, settings, small())
    window.graph.canvas.setFocus()
    qtbot.keyClick(window.graph.canvas, Qt.Key.Key_Right)
    view = window.ctrl.view()
    assert view.phase is Phase.FORWARD and view.cursor == 1
    assert window.transport.phase.text() == view.phase_text()
    qtbot.keyClick(window.graph.canvas, Qt.Key.Key_Right)
    assert window.ctrl.view().cursor == 2
    assert window.selection.t == 2
    qtbot.keyClick(window.graph.canvas, Qt.Key.Key_Left)
    assert window.ctrl.view().cursor == 1
    assert "t = 1 of 12" in window.transport.phase.text()
    # The forward pass colours h_1 only; h_2 is still blank.
    assert window.graph.node("rnn", "h", 1).last != ("blank",)
    assert window.graph.node("rnn", "h", 2).last == ("blank",)
    assert "iteration 2" in window.transport.phase.text()  # one iteration had run
    qtbot.keyClick(window.graph.canvas, Qt.Key.Key_Return)
    assert window.ctrl.view().completed == 2
    assert window.transport.phase.text() == "Iteration 2 done"
    qtbot.keyClick(window.graph.canvas, Qt.Key.Key_Home)
    assert window.ctrl.view().completed == 0  # reset: back to "Ready", as a lesson reset
    assert window.transport.phase.text() == "Ready"
    window.close()


def test_space_plays_and_pauses(qtbot, settings):
    window = open_window(qtbot, settings, small())
    window.transport.speed.setValue(60)
    qtbot.keyClick(window.graph.canvas, Qt.Key.Key_Space)
    assert window.actions.play.isChecked()
    qtbot.waitUntil(lambda: window.ctrl.view().cursor >= 3, timeout=3000)
    qtbot.keyClick(window.graph.canvas, Qt.Key.Key_Space)
    assert not window.transport.timer.isActive()
    window.close()


def test_graph_node_colours_follow_gradient_norms(qtbot):
    selection = Selection()
    graph = GraphView(selection)
    qtbot.addWidget(graph)
    view = make_view(("rnn", "lstm"), T=16, H=6)
    graph.setView(view)
    scale = LogScale.from_arrays(
        [
            view.records["rnn"].grad_hidden_norm,
            view.records["lstm"].grad_hidden_norm,
            view.records["lstm"].grad_cell_norm,
        ]
    )
    table = lookup(sequential_map())
    for cell in ("rnn", "lstm"):
        norms = view.records[cell].grad_hidden_norm
        for t in (1, 8, 16):
            expected = round(scale(norms[t - 1 : t])[0] * (len(table) - 1))
            item = graph.node(cell, "h", t)
            assert item.last[1] == expected
            colour = item.brush().color()
            assert (colour.red(), colour.green(), colour.blue()) == tuple(
                int(v) for v in table[expected][:3]
            )
    # A larger norm never gets a lower colour: the map is monotone in ‖∂L/∂h_t‖.
    norms = view.records["rnn"].grad_hidden_norm
    order = np.argsort(norms)
    shades = [graph.node("rnn", "h", int(i) + 1).last[1] for i in order]
    assert shades == sorted(shades) and shades[0] < shades[-1]
    assert "‖∂L/∂h_t‖" in graph.legend.text()


def test_backward_reveals_gradient_from_the_cursor_only(qtbot):
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.setView(make_view(("rnn",), T=10, phase=Phase.BACKWARD, cursor=7))
    assert graph.node("rnn", "h", 6).last == ("blank-fwd",)
    assert graph.node("rnn", "h", 7).last[0] == "c"
    assert graph._cursor_band.isVisible()


def test_truncation_cuts_are_drawn(qtbot):
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    view = make_view(("rnn",), T=12, truncation=4)
    graph.setView(view)
    xi = view.records["rnn"].xi
    shown = [cut.isVisible() for cut in graph.lanes["rnn"].cuts]
    assert shown == [bool(xi[t - 1] == 0) for t in range(2, 13)]
    assert any(shown)
    cut_edges = [e for e in graph.lanes["rnn"].edges["rec"] if e.last[4]]
    assert len(cut_edges) == sum(shown)


# The offscreen platform plugin warns about size hints when a bare widget is shown.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_hovering_W_hh_highlights_every_shared_edge(qtbot):
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.resize(1000, 500)
    graph.show()
    qtbot.waitExposed(graph)
    T = 14
    graph.setView(make_view(("rnn", "lstm"), T=T))
    label = graph.lanes["rnn"].labels["rec"]
    assert label.name == "W_hh" and label.toPlainText() == "Whh"  # W with subscript hh
    canvas = graph.canvas
    centre = canvas.mapFromScene(label.scenePos()) + QPoint(10, 8)
    qtbot.mouseMove(canvas.viewport(), QPoint(2, 2))
    qtbot.mouseMove(canvas.viewport(), centre)
    qtbot.waitUntil(lambda: len(graph.highlighted_edges()) > 0, timeout=2000)
    lit = graph.highlighted_edges()
    assert len(lit) == T - 1
    assert all(e.family == "rec" for e in lit) and {e.t for e in lit} == set(range(2, T + 1))
    qtbot.mouseMove(canvas.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: not graph.highlighted_edges(), timeout=2000)


def test_clicking_a_node_selects_it_for_the_inspector(qtbot, settings):
    window = open_window(qtbot, settings, small())
    item = window.graph.node("lstm", "c", 5)
    canvas = window.graph.canvas
    pos = canvas.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert (window.selection.cell, window.selection.node, window.selection.t) == ("lstm", "c", 5)
    assert "c" in window.inspector.title.text() and "LSTM" in window.inspector.title.text()
    window.close()


def test_inspector_equation_matches_the_snapshot(qtbot, settings):
    window = open_window(qtbot, settings, small(hidden_size=6))
    snap = window.ctrl.view().records["rnn"]
    window.selection.select(cell="rnn", node="h", t=5, unit=3)
    terms = window.inspector.terms
    assert terms["preact"] == pytest.approx(snap.preact[4, 3], abs=1e-12)
    assert np.tanh(terms["preact"]) == pytest.approx(snap.hidden[4, 3], abs=1e-12)
    assert terms["value"] == pytest.approx(snap.hidden[4, 3], abs=1e-12)
    text = window.inspector.equation.text()
    for key in ("input", "recurrent", "bias", "preact", "value"):
        # A negative term after the first reads "a − 0.06": the sign becomes the operator.
        assert n(terms[key]) in text or n(abs(terms[key])) in text
    assert "<sub>5</sub>[3]" in text and "tanh" in text
    # The LSTM's cell and hidden state come out of its gates the same way.
    lstm = window.ctrl.view().records["lstm"]
    window.selection.select(cell="lstm", node="h", t=7, unit=2)
    assert window.inspector.terms["c"] == pytest.approx(lstm.cell_state[6, 2], abs=1e-10)
    assert window.inspector.terms["value"] == pytest.approx(lstm.hidden[6, 2], abs=1e-10)
    window.close()


def test_gradcheck_button_reports_the_error(qtbot, settings):
    window = open_window(qtbot, settings, small())
    window.selection.select(cell="rnn")
    qtbot.mouseClick(window.inspector.verify, Qt.MouseButton.LeftButton)
    text = window.inspector.verify_result.text()
    assert "relative error" in text and "✓" in text
    assert window.inspector.last_gradcheck < 1e-5
    window.close()


def test_scrubber_shows_a_past_iteration(qtbot, settings):
    window = open_window(qtbot, settings, small())
    for _ in range(4):
        window.actions.one_iteration.trigger()
    assert window.ctrl.view().completed == 5
    slider = window.transport.scrubber
    assert slider.maximum() >= 3
    slider.setValue(1)
    view = window.ctrl.view()
    assert view.scrubbing and view.iteration == window.ctrl.history_iterations()[1]
    assert "history" in window.transport.phase.text()
    assert window.actions.live.isEnabled()
    window.actions.live.trigger()
    assert not window.ctrl.view().scrubbing
    window.close()


def test_switching_compared_cells_changes_the_lanes(qtbot, settings):
    window = open_window(qtbot, settings, small())
    boxes = window.controls.cell_boxes
    boxes["gru"].setChecked(True)
    assert window.ctrl.config.cells == ("rnn", "lstm", "gru")
    assert list(window.graph.lanes) == ["rnn", "lstm", "gru"]
    boxes["rnn"].setChecked(False)
    assert list(window.graph.lanes) == ["lstm", "gru"]
    window.tabs.setCurrentWidget(window.hidden)
    assert set(window.hidden._items) == {"lstm", "gru"}
    window.close()


def test_control_ranges_come_from_the_config(qtbot, settings):
    window = open_window(qtbot, settings, small())
    lr = window.controls.widgets["learning_rate"]
    assert lr.minimum() == pytest.approx(1e-6) and lr.maximum() == pytest.approx(10.0)
    assert "Step size" in lr.toolTip()
    window.controls.widgets["hidden_size"].setValue(5)
    assert window.ctrl.config.hidden_size == 5
    window.actions.one_iteration.trigger()
    assert window.ctrl.view().records["rnn"].hidden.shape[1] == 5
    window.close()


def test_diverging_run_marks_the_lane_and_keeps_the_window(qtbot, settings):
    config = small(learning_rate=10.0, clipping="off", recurrent_scale=5.0, optimizer="sgd")
    window = open_window(qtbot, settings, config)
    # The session squares overflowing gradients outside np.errstate (reported to the session
    # owner); the warning is not what this test is about.
    # Blowing up to inf takes ~100 iterations: run them on the session directly (fast, no
    # drawing), then let the window show the result through its own action.
    session = window.ctrl.session
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(400):
            session.one_iteration()
            if any(s.diverged for s in session.view().status.values()):
                break
        window.actions.one_iteration.trigger()
    view = window.ctrl.view()
    diverged = [c for c, s in view.status.items() if s.diverged]
    assert diverged, "the huge learning rate should make a model diverge"
    lane = window.graph.lanes[diverged[0]]
    assert lane.veil.isVisible() and "⚠" in lane.badge.text()
    assert "DIVERGED" in window.model_status.text()
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
    with np.errstate(over="ignore", invalid="ignore"):
        window.actions.one_iteration.trigger()
    assert window.isVisible()
    window.close()


def test_tabs_render_only_when_visible(qtbot, settings):
    window = open_window(qtbot, settings, small())
    window.tabs.setCurrentWidget(window.gradient)
    window.actions.one_iteration.trigger()
    assert window.weights._dirty and not window.gradient._dirty
    window.tabs.setCurrentWidget(window.weights)
    assert not window.weights._dirty
    assert "ρ(" in window.weights.radius_labels["rnn"].text()
    window.close()


def test_every_tab_and_mode_draws(qtbot, settings):
    window = open_window(qtbot, settings, small())
    for mode in ("contrib", "terms", "norm"):
        window.gradient.setMode(mode)
        assert window.gradient.stack.currentIndex() == window.gradient.MODES.index(mode)
    window.tabs.setCurrentWidget(window.hidden)
    for i in range(window.hidden.switch.count()):
        window.hidden.switch.setCurrentIndex(i)
    assert window.hidden.switch.count() >= 5  # h, c and the LSTM gates
    window.tabs.setCurrentWidget(window.curves)
    window.tabs.setCurrentWidget(window.task)
    assert window.task.panel is not None and window.task.panel.kind == "sequence"
    window.close()


def test_train_in_background_and_stop(qtbot, settings):
    window = open_window(qtbot, settings, small())
    window.actions.fast_forward.trigger()
    assert window.ctrl.running
    qtbot.waitUntil(lambda: window.ctrl.view().completed > 5, timeout=5000)
    window.actions.fast_forward.trigger()
    assert not window.ctrl.running
    window.close()


def test_shortcuts_are_listed_in_help(qtbot, settings):
    window = open_window(qtbot, settings, small())
    rows = shortcut_rows(window)
    text = shortcuts_html(rows)
    for key in ("Space", "→", "←", "Enter", "Home", "F11", "Ctrl+O", "Ctrl+S", "Ctrl+Z"):
        assert f"<b>{key}</b>" in text
    assert len(rows) >= 15
    window.close()


# ----------------------------------------------------------------------------- polish (issue #7)
@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("T", [12, 50, 200])
def test_weight_labels_never_cover_a_node(qtbot, T):
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.resize(1000, 500)
    graph.show()
    qtbot.waitExposed(graph)
    graph.setView(make_view(("rnn", "lstm"), T=T, H=4))
    for zoom in (1.0, 1.6):
        graph.canvas.zoomBy(zoom)
        for cell, lane in graph.lanes.items():
            nodes = [item.sceneBoundingRect() for items in lane.nodes.values() for item in items]
            for family in ("in", "rec", "out"):
                rect = graph.weightLabelRect(cell, family)
                assert rect.width() > 5 and rect.height() > 5
                assert not any(rect.intersects(node) for node in nodes), (cell, family, zoom)
                # … and it sits left of the first column, with a leader towards its edge.
                assert rect.right() < graph.node(cell, "h", 1).sceneBoundingRect().left()
                assert not lane.leaders[family].path().isEmpty()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_hint_is_elided_not_cut(qtbot):
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.show()
    graph.hint.resize(120, 30)
    text = graph.hint.text()
    assert text.endswith("…") and len(text) < len(graph.hint.fullText())
    assert graph.hint.toolTip() == graph.hint.fullText()
    assert graph.hint.fontMetrics().horizontalAdvance(text) <= 120


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_gradient_plot_legend_outside_and_range_fits_the_data(qtbot):
    sel = Selection()
    view = make_view(("rnn", "lstm"), T=30)
    gradient = GradientView(sel)
    qtbot.addWidget(gradient)
    gradient.show()
    gradient.setView(view)
    plot = gradient.norm_plot.getPlotItem()
    # The legend is in the plot's title row, not inside the data box.
    assert gradient.legend.parentItem() is not plot.vb
    assert not plot.vb.sceneBoundingRect().intersects(gradient.legend.sceneBoundingRect())
    names = [label.text for _sample, label in gradient.legend.items]
    assert "Vanilla RNN" in names and "LSTM" in names
    low, high = plot.vb.viewRange()[1]
    data = np.log10(np.concatenate([s.grad_hidden_norm for s in view.records.values()]))
    assert low <= data.min() and data.max() <= high
    assert high - data.max() < 0.5  # no empty headroom for a legend any more
    assert gradient.cursor_line.label.isVisible()
    assert gradient.cursor_line.label.toPlainText().startswith("t = ")


def test_inspector_hides_gates_for_the_vanilla_rnn(qtbot, settings):
    window = open_window(qtbot, settings, small())
    window.selection.select(cell="rnn", node="h", t=3)
    assert not window.inspector.gates_shown
    assert window.inspector.gate_plot not in window.inspector.bars.ci.items
    window.selection.select(cell="lstm", node="h", t=3)
    assert window.inspector.gates_shown and window.inspector.gate_plot.isVisible()
    assert len(window.inspector.gate_bars.opts["height"]) == 4  # i, f, o, c̃
    window.selection.select(cell="rnn")
    assert not window.inspector.gates_shown
    window.close()


def test_control_panel_fits_its_column(qtbot, settings):
    window = open_window(qtbot, settings, small())
    window.resize(1280, 800)
    QApplication.processEvents()
    controls = window.controls
    assert controls.scroll.horizontalScrollBar().maximum() == 0
    assert controls.inner.width() <= controls.scroll.viewport().width()
    for widget in [*controls.widgets.values(), *controls.param_widgets.values()]:
        right = widget.mapTo(controls.inner, widget.rect().topRight()).x()
        assert right <= controls.scroll.viewport().width()
    window.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_task_parameter_widgets_come_from_the_task_specs(qtbot, settings):
    from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

    from explorer.tasks import TASKS

    window = open_window(qtbot, settings, small())
    controls = window.controls
    specs = {spec.name: spec for spec in TASKS["adding"].params}
    assert set(controls.param_widgets) == set(specs)
    seq = controls.param_widgets["seq_len"]
    assert isinstance(seq, QSpinBox) and seq.value() == 12
    assert (seq.minimum(), seq.maximum()) == (specs["seq_len"].minimum, specs["seq_len"].maximum)
    assert specs["seq_len"].help in seq.toolTip()
    assert isinstance(controls.param_widgets["noise"], QDoubleSpinBox)
    # Changing a parameter starts a new run with it.
    seq.setValue(9)
    assert window.ctrl.config.task_params["seq_len"] == 9
    assert window.ctrl.view().T == 9 and window.ctrl.view().completed == 0
    assert len(window.graph.lanes["rnn"].nodes["h"]) == 9
    # Another task brings its own parameters: choices, strings and the corpus chooser.
    controls.task.setCurrentIndex(controls.task.findData("charlm"))
    assert window.ctrl.config.task == "charlm" and window.ctrl.config.task_params == {}
    assert set(controls.param_widgets) == {s.name for s in TASKS["charlm"].params}
    assert isinstance(controls.param_widgets["corpus"], QComboBox)
    assert isinstance(controls.param_widgets["path"], QLineEdit)
    assert controls.corpus_button is not None
    qtbot.waitUntil(controls.corpus_button.isVisible, timeout=2000)
    controls.param_widgets["corpus"].setCurrentText("machine")
    assert "seq_len" in controls.message.text()  # 'machine' is too short for T = 32: refused
    assert window.ctrl.config.task_params.get("corpus", "zen") == "zen"
    window.close()


def test_task_parameter_waits_for_reset_while_training(qtbot, settings):
    window = open_window(qtbot, settings, small())
    window.actions.fast_forward.trigger()
    assert window.ctrl.running
    window.controls.param_widgets["seq_len"].setValue(7)
    assert window.controls.apply.isVisible() and window.ctrl.running
    assert window.ctrl.config.task_params["seq_len"] == 12
    qtbot.mouseClick(window.controls.apply, Qt.MouseButton.LeftButton)
    assert not window.ctrl.running
    assert window.ctrl.config.task_params["seq_len"] == 7
    # The new run starts once the worker has finished the iteration it was in.
    qtbot.waitUntil(lambda: window.ctrl.view().T == 7, timeout=10000)
    window.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_corpus_file_chooser_takes_a_good_file_and_explains_a_bad_one(qtbot, settings, tmp_path):
    window = open_window(qtbot, settings, small(task="charlm", task_params={"seq_len": 8}))
    controls = window.controls
    good = tmp_path / "corpus.txt"
    good.write_text("the quick brown fox jumps over the lazy dog. " * 20, encoding="utf-8")
    controls.chooseCorpus(str(good))
    params = window.ctrl.config.task_params
    assert params["corpus"] == "file" and params["path"] == str(good)
    window.actions.one_iteration.trigger()
    assert window.ctrl.view().completed == 1
    bad = tmp_path / "binary.bin"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    controls.chooseCorpus(str(bad))
    assert window.ctrl.config.task_params["path"] == str(good)  # the run is untouched
    assert "binary.bin" in controls.message.text()
    box = controls.last_warning
    assert box is not None and box.isVisible() and "binary.bin" in box.text()
    box.close()
    # A path typed by hand that cannot be read is refused with the task's message.
    path = controls.param_widgets["path"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    path.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is path, timeout=3000)
    path.selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), str(tmp_path / "missing.txt"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert "does not exist" in controls.message.text()
    assert window.ctrl.config.task_params["path"] == str(good)
    controls.last_warning.close()
    window.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_corpus_over_10_mb_is_cut_and_the_panel_says_so(qtbot, settings, tmp_path):
    window = open_window(qtbot, settings, small(task="charlm", task_params={"seq_len": 8}))
    big = tmp_path / "big.txt"
    line = "recurrent networks share their weights across time. "
    big.write_text(line * (10 * 1024 * 1024 // len(line) + 1000), encoding="utf-8")
    window.controls.chooseCorpus(str(big))
    assert window.ctrl.config.task_params["path"] == str(big)
    note = window.controls.message.text()
    assert "big.txt" in note and "10 MB" in note and "first 10,485,760 characters" in note
    window.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_corpus_errors_are_shown_in_the_interface_language(qtbot, settings, tmp_path):
    from explorer.ui.i18n import install_language

    assert install_language("zh_TW") == "zh_TW"
    try:
        window = open_window(qtbot, settings, small(task="charlm", task_params={"seq_len": 8}))
        empty = tmp_path / "empty.txt"
        empty.write_text("   \n")
        window.controls.chooseCorpus(str(empty))
        assert "empty.txt" in window.controls.message.text()
        assert "是空的" in window.controls.message.text()
        window.controls.last_warning.close()
        window.close()
    finally:
        install_language("en")


def _rgb(item) -> tuple[int, int, int]:
    colour = item.brush().color()
    return colour.red(), colour.green(), colour.blue()


def _target(item) -> tuple[int, int, int]:
    return item.target.red(), item.target.green(), item.target.blue()


def test_animations_ease_node_colours_and_the_toggle_turns_them_off(qtbot):
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    assert graph.animated
    graph.setView(make_view(("rnn",), T=10, phase=Phase.FORWARD, cursor=3))
    node = graph.node("rnn", "h", 4)
    assert _rgb(node) == (255, 255, 255)  # not revealed yet
    graph.setView(make_view(("rnn",), T=10, phase=Phase.FORWARD, cursor=4))
    assert graph.fader.moving > 0 and _rgb(node) != _target(node)  # on its way
    qtbot.waitUntil(lambda: graph.fader.moving == 0, timeout=2000)
    assert _rgb(node) == _target(node) != (255, 255, 255)
    # Off: the final colour at once, and nothing left moving.
    graph.setAnimated(False)
    graph.setView(make_view(("rnn",), T=10, phase=Phase.BACKWARD, cursor=6))
    assert graph.fader.moving == 0 and not graph.fader.timer.isActive()
    for t in range(1, 11):
        item = graph.node("rnn", "h", t)
        assert _rgb(item) == _target(item)
    # Turning it off mid-flight lands every fill on its final colour.
    graph.setAnimated(True)
    graph.setView(make_view(("rnn",), T=10, phase=Phase.FORWARD, cursor=2))
    assert graph.fader.moving > 0
    graph.setAnimated(False)
    assert graph.fader.moving == 0
    assert all(_rgb(i) == _target(i) for i in graph.lanes["rnn"].nodes["h"])


def test_training_frames_never_animate(qtbot):
    from dataclasses import replace

    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.setView(make_view(("rnn",), T=10))
    graph.setView(replace(make_view(("rnn",), T=10, seed=3, iteration=2), running=True))
    assert graph.fader.moving == 0


def test_animations_action_toggles_the_graph_and_is_remembered(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    path = str(tmp_path / "anim.ini")
    settings = QSettings(path, QSettings.Format.IniFormat)
    window = open_window(qtbot, settings, small())
    action = window.actions.animations
    assert action.isChecked() and window.graph.animated
    assert action in window.menuBar().actions()[2].menu().actions()  # View menu
    action.setChecked(False)
    assert not window.graph.animated
    window.saveSettings(settings)
    window.close()
    second = open_window(qtbot, QSettings(path, QSettings.Format.IniFormat), small())
    second.restoreSettings(QSettings(path, QSettings.Format.IniFormat))
    assert not second.actions.animations.isChecked() and not second.graph.animated
    second.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_graph_follows_the_cursor_on_long_sequences(qtbot):
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.resize(1000, 500)
    graph.show()
    qtbot.waitExposed(graph)
    graph.setAnimated(False)
    from dataclasses import replace

    T = 200
    forward = make_view(("rnn", "lstm"), T=T, H=4, phase=Phase.FORWARD, cursor=1)
    graph.setView(forward)
    assert graph.canvas.horizontalScrollBar().maximum() > 0  # T = 200 does not fit: it scrolls
    for cursor in range(1, T + 1, 7):
        graph.setView(replace(forward, cursor=cursor))
        assert graph.cursorVisible(cursor), cursor
    # Stepping backward from T follows the cursor leftwards too.
    for cursor in range(T, 0, -9):
        graph.setView(replace(forward, phase=Phase.BACKWARD, cursor=cursor))
        assert graph.cursorVisible(cursor), cursor
    # After a manual pan the view stays where the user put it.
    bar = graph.canvas.horizontalScrollBar()
    bar.triggerAction(bar.SliderAction.SliderToMaximum)
    graph.setView(replace(forward, cursor=2))
    assert bar.value() == bar.maximum() and not graph.cursorVisible(2)


def test_curves_view_can_be_grabbed_as_an_image(qtbot, tmp_path):
    # A Python attribute named like Qt's virtual QPaintDevice.metric() once crashed this.
    from PySide6.QtCore import QSettings

    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    image = window.curves.grab().toImage()
    assert image.width() > 100 and image.height() > 100
    window.close()


def test_task_panel_before_any_iteration_says_how_to_start(qtbot):
    from explorer.ui.task_view import TaskView

    ctrl = SessionController(Session())
    view = TaskView(ctrl.panel)
    qtbot.addWidget(view)
    view.render(ctrl.view())
    assert "first iteration" in view.empty.text()
    assert view.stack.currentWidget() is view.empty
    assert "diverged" not in view.empty.text()
    ctrl.shutdown()


def test_states_that_no_gradient_reaches_are_grey_not_dark(qtbot):
    from explorer.session import Session, SessionConfig

    config = SessionConfig(
        task="adding",
        task_params={"seq_len": 12},
        cells=("rnn",),
        hidden_size=6,
        batch_size=4,
        truncation=Truncation("truncated", k=4),
    )
    session = Session(config)
    session.finish_pass()
    session.finish_pass()  # the whole backward pass revealed
    view = session.view()
    snap = view.records["rnn"]
    graph = GraphView(Selection())
    qtbot.addWidget(graph)
    graph.setView(view)
    nodes = graph.lanes["rnn"].nodes["h"]
    unreached = [i for i in range(snap.T) if snap.grad_hidden_norm[i] == 0]
    reached = [i for i in range(snap.T) if snap.grad_hidden_norm[i] > 0]
    assert unreached and reached  # loss at the last step only, cut every 4 steps
    assert all(nodes[i].last == ("no-gradient",) for i in unreached)
    assert all(nodes[i].last != ("no-gradient",) for i in reached)


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("cells", [("rnn", "lstm"), ("lstm", "gru")])
def test_the_gradient_note_explains_blue_lines_only_when_they_are_drawn(qtbot, cells):
    session = Session(SessionConfig(cells=cells, task_params={"seq_len": 8}))
    session.one_iteration()
    plot = GradientView(Selection())
    qtbot.addWidget(plot)
    plot.show()
    plot.setView(session.view())
    x, _ = plot.jacobian.getData()
    drawn = x is not None and len(x) > 0
    assert drawn == ("rnn" in cells)
    assert ("Blue" in plot.note.text()) == drawn
