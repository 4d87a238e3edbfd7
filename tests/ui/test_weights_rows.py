"""The Recurrent weights tab with three models in a 1280 × 800 window: each model's name,
choice of block and spectral radius stand beside its own plots, whole and readable (in
one line above the plots, they were cut to "ρ(W_h" with the number gone)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.engine import spectral_radius
from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session

from .windows import show_widget

THREE = SessionConfig(cells=("rnn", "lstm", "gru"), task_params={"seq_len": 10})


def open_weights_tab(qtbot, settings, config: SessionConfig, size=(1280, 800)):
    from explorer.ui.main_window import MainWindow

    controller = SessionController(Session(config))
    controller.one_iteration()
    window = show_widget(
        qtbot, MainWindow(settings, remember_geometry=False, controller=controller), size
    )
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.weights)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentWidget() is window.weights
    QApplication.processEvents()
    return window


def shown_whole(widget) -> bool:
    """Drawn at least as wide as its text asks, inside the tab."""
    view = widget.window().weights
    corner = widget.mapTo(view, widget.rect().bottomRight())
    return widget.width() >= widget.sizeHint().width() and view.rect().contains(corner)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_three_models_radii_are_whole_beside_their_plots(qtbot, settings, language):
    from explorer.ui.i18n import install_language

    install_language(language)
    try:
        window = open_weights_tab(qtbot, settings, THREE)
        weights = window.weights
        for cell in THREE.cells:
            label, chooser = weights.radius_labels[cell], weights.choosers[cell]
            assert shown_whole(label), label.text()
            assert shown_whole(chooser)
            block = chooser.currentText()
            # The weights of the iteration shown (the pass's, before its update).
            rho = spectral_radius(window.ctrl.view().records[cell].weights[block])
            assert label.text() == f"ρ({block}) = {rho:.3f}"
            # The label sits at the height of its own model's heatmap.
            plot = weights._rows[cell][0].getViewWidget()
            top = plot.mapToGlobal(plot.rect().topLeft()).y()
            middle = label.mapToGlobal(label.rect().center()).y()
            assert top <= middle <= top + plot.height()
    finally:
        install_language("en")


def test_the_block_chooser_answers_the_keyboard(qtbot, settings):
    window = open_weights_tab(qtbot, settings, THREE)
    chooser = window.weights.choosers["lstm"]
    label = window.weights.radius_labels["lstm"]
    first = chooser.currentText()
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Up)
    second = chooser.currentText()
    assert second != first
    rho = spectral_radius(window.ctrl.view().records["lstm"].weights[second])
    assert label.text() == f"ρ({second}) = {rho:.3f}"
    assert np.isfinite(rho)
