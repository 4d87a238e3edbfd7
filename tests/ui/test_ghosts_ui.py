"""What if? Pin a run as a ghost with its key, change a setting, train, and see both runs on
the gradient-through-time plot and the curves, labelled with the difference."""

from __future__ import annotations

import dataclasses

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.engine.truncation import Truncation
from explorer.session.config import SessionConfig
from explorer.session.ghosts import ghost_of
from explorer.session.session import Session
from explorer.ui.ghosts import ghost_label

from .menu_paths import menu_action
from .windows import open_active_window


def small(**changes) -> SessionConfig:
    base = {"hidden_size": 8, "batch_size": 8, "task_params": {"seq_len": 12}}
    base.update(changes)
    return SessionConfig(**base)


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _legend_texts(legend) -> list[str]:
    return [label.text for _sample, label in legend.items]


def test_pin_change_a_setting_train_and_see_both_runs_labelled(qtbot, settings):
    window = open_active_window(qtbot, settings, small(recurrent_scale=0.8))
    window.graph.canvas.setFocus()
    _key(qtbot, Qt.Key.Key_Return)
    _key(qtbot, Qt.Key.Key_G)  # pin
    layer = window.ghosts
    assert layer.names() == ["A"]
    assert window.ghosts.strip.isVisible()
    pinned = layer.shelf.ghosts[0].cells["rnn"].grad_hidden_norm.copy()

    window.controls.widgets["recurrent_scale"].setValue(2.0)
    assert window.ctrl.config.recurrent_scale == 2.0
    window.graph.canvas.setFocus()
    for _ in range(3):
        _key(qtbot, Qt.Key.Key_Return)
    assert window.ctrl.view().completed == 3

    window.showView("gradient")
    qtbot.wait(20)
    # The difference is written on the plot, inside its data box, at the ghost's curve.
    tags = layer.gradient.tags
    assert [tag.textItem.toPlainText() for tag in tags] == ["ghost A: recurrent scale 0.8"]
    box = window.gradient.norm_plot.getPlotItem().getViewBox()
    assert box.sceneBoundingRect().contains(tags[0].mapToScene(tags[0].boundingRect().topLeft()))
    items = layer.gradient.items
    assert len(items) == 2  # one per model
    plot = window.gradient.norm_plot.getPlotItem()
    for item in items:
        assert item in plot.items
        x, y = item.getData()
        assert np.isfinite(y).any() and len(x) == 12
    # The pinned run did not move, and the y range covers it and the new run.
    np.testing.assert_array_equal(layer.shelf.ghosts[0].cells["rnn"].grad_hidden_norm, pinned)
    low, high = window.gradient.y_range
    finite = pinned[pinned > 0]
    assert low <= np.log10(finite.min()) and np.log10(finite.max()) <= high

    window.showView("curves")
    qtbot.wait(20)
    curves = window.curves
    assert "ghost A: recurrent scale 0.8" in _legend_texts(curves.legend)
    assert len(curves.ghost_loss.items) == 2 and len(curves.ghost_grad.items) == 2
    x, y = curves.ghost_loss.items[0].getData()
    assert list(x) == [1.0, 2.0] and np.isfinite(y).all()  # the pinned run's 2 iterations

    # One click clears every ghost.
    qtbot.mouseClick(layer.clear_button, Qt.MouseButton.LeftButton)
    assert layer.names() == []
    assert not layer.strip.isVisible()
    assert curves.ghost_loss.items == [] and layer.gradient.items == []
    assert not any("ghost" in text for text in _legend_texts(curves.legend))
    assert layer.gradient.tags == []
    window.close()


def test_at_most_three_ghosts_from_the_menu_and_shift_g_clears(qtbot, settings):
    window = open_active_window(qtbot, settings, small())
    pin = menu_action(window, "View", "Ghosts (what if?)", "Pin current run as ghost")
    for _ in range(3):
        pin.trigger()
    assert window.ghosts.names() == ["A", "B", "C"]
    assert not pin.isEnabled()  # full: the menu says so
    window.graph.canvas.setFocus()
    _key(qtbot, Qt.Key.Key_G)  # a disabled action's key does nothing either
    assert len(window.ghosts.names()) == 3
    labels = [tag.textItem.toPlainText() for tag in window.ghosts.gradient.tags]
    assert "ghost A: same settings, iteration 1" in labels
    assert "ghost A: same settings, iteration 1" in _legend_texts(window.curves.legend)
    _key(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ShiftModifier)
    assert window.ghosts.names() == []
    assert pin.isEnabled()
    window.close()


def test_pinning_before_any_iteration_says_why_in_the_status_bar(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.graph.canvas.setFocus()
    _key(qtbot, Qt.Key.Key_G)
    assert window.ghosts.names() == []
    assert "run at least one iteration" in window.statusBar().currentMessage()
    window.close()


def test_ghosts_survive_a_language_switch(qtbot, settings):
    window = open_active_window(qtbot, settings, small())
    window.ghosts.pin()
    replacement = window.switchLanguage("zh_CN")
    qtbot.addWidget(replacement)
    try:
        assert replacement.ghosts.names() == ["A"]
        assert len(replacement.ghosts.gradient.items) == 2
    finally:
        replacement.switchLanguage("en").close()


def test_labels_name_the_setting_that_differs_as_the_panel_does(qtbot):
    base = small()
    session = Session(base.with_changes(truncation=Truncation("truncated", k=5)))
    session.run(1)
    ghost = ghost_of(session.view(), session.config, "B")
    assert ghost_label(ghost, base) == "ghost B: truncation truncated, truncate every k 5"
    for changes, text in (
        ({"forget_bias": 0.0}, "ghost B: forget-gate bias 0"),
        ({"clipping": "off"}, "ghost B: clipping off"),
        ({"task_params": {"seq_len": 30}}, "ghost B: sequence length T 30"),
    ):
        config = base.with_changes(**changes)
        marked = dataclasses.replace(ghost, config=config)
        assert ghost_label(marked, base) == text
