"""The colour keys above the graph stand side by side, whole, when a lesson narrows the
graph pane (1280 × 800): with larger least widths the loss key's title was drawn over
the states' key."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from explorer.ui.i18n import install_language

from .menu_paths import menu_action
from .windows import open_active_window


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_keys_do_not_overlap_with_a_lesson_open(qtbot, settings, language):
    install_language(language)
    try:
        window = open_active_window(qtbot, settings)
        window.resize(1280, 800)
        title = "4  Vanishing and exploding gradients" if language == "en" else None
        if title is None:
            window.openLesson("vanishing")  # (the menu's titles are translated)
        else:
            menu_action(window, "Lessons", title).trigger()
        assert window.lesson_panel.isVisible()
        for _ in range(3):
            QApplication.processEvents()
        header, graph = window.graph.header, window.graph
        assert header.minimumSize().width() <= graph.width()
        states, losses = header.legend.geometry(), header.loss_key.geometry()
        assert states.right() < losses.left()
        assert losses.right() <= graph.width()
        assert all(button.isVisible() for button in header.zoom_buttons.values())
    finally:
        install_language("en")
