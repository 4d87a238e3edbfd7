"""The "Code" tab: the selected cell's NumPy listing, with the lines of the step-through's
phase lit as the user steps with the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig
from explorer.ui.i18n import install_language

from .windows import open_active_window

CONFIG = SessionConfig(cells=("rnn", "lstm"), task="adding", task_params={"seq_len": 6})


def press(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def show_code(qtbot, window):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.code_view
    return window.code_view


def lit_band_is_on_screen(code) -> bool:
    """The first lit line is drawn inside the text's viewport."""
    editor = code.editor
    block = editor.document().findBlockByNumber(min(code.lit))
    top = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).top()
    return 0 <= top < editor.viewport().height()


def test_stepping_lights_forward_loss_backward_and_update_lines(qtbot, settings):
    window = open_active_window(qtbot, settings, CONFIG)
    code = show_code(qtbot, window)
    assert code.isVisible() and code.editor.isVisible()
    assert "def rnn_step(x, state, p):" in code.editor.toPlainText()
    window.graph.canvas.setFocus()
    press(qtbot, Qt.Key.Key_Right)  # a new iteration: forward step 1
    # A loaded machine may estimate the iteration slow enough to compute it in a worker.
    qtbot.waitUntil(lambda: window.ctrl.view().cursor == 1, timeout=30000)
    lit = code.litText()
    assert any('h_prev @ p["W_hh"]' in line for line in lit)  # the recurrence …
    assert any("np.zeros" in line for line in lit)  # … and, at t = 1, the zero state
    assert code.caption.text() == "Vanilla RNN — Forward step t = 1 of 6"
    assert lit_band_is_on_screen(code)
    press(qtbot, Qt.Key.Key_Right)  # forward step 2: no more zero state
    assert not any("np.zeros" in line for line in code.litText())
    assert "Forward step t = 2 of 6" in code.caption.text()
    press(qtbot, Qt.Key.Key_End)  # the end of the forward pass: the loss
    assert any("loss_and_dout" in line for line in code.litText())
    press(qtbot, Qt.Key.Key_Right)  # backward step T: the gradient starts from the loss
    backward = code.litText()
    assert any('da @ p["W_hh"].T' in line for line in backward)
    assert "Backward step t = 6 of 6" in code.caption.text()
    assert lit_band_is_on_screen(code)
    for _ in range(6):  # back to t = 1, then the update
        press(qtbot, Qt.Key.Key_Right)
        if window.ctrl.view().phase.value == "update":
            break
    assert window.ctrl.view().phase.value == "update"
    assert code.lit and all("loss_and_dout" not in line for line in code.litText())
    assert QApplication.focusWidget() is not code.editor  # the code never takes the keys


def test_the_selected_model_and_settings_choose_the_listing(qtbot, settings):
    window = open_active_window(qtbot, settings, CONFIG)
    code = show_code(qtbot, window)
    window.selection.select(cell="lstm")
    text = code.editor.toPlainText()
    assert "def lstm_step(x, state, p):" in text and "def rnn_step" not in text
    assert code.caption.text().startswith("LSTM")
    window.applyConfig(window.ctrl.config.with_changes(optimizer="adam", clipping="norm"))
    text = code.editor.toPlainText()
    assert "b1=0.9" in text and "def clip" in text


def test_presentation_mode_enlarges_the_code(qtbot, settings):
    window = open_active_window(qtbot, settings, CONFIG)
    code = show_code(qtbot, window)
    before = code.editor.font().pointSizeF()
    assert before >= 13  # readable at projection size
    window.setPresentation(True, full_screen=False)
    assert code.editor.font().pointSizeF() > before
    window.setPresentation(False)
    assert code.editor.font().pointSizeF() == pytest.approx(before)


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW"])
def test_the_code_tab_speaks_the_language(qtbot, settings, language):
    install_language(language)
    try:
        window = open_active_window(qtbot, settings, CONFIG)
        code = show_code(qtbot, window)
        index = window.tabs.indexOf(code)
        assert window.tabs.tabText(index) != "Code"
        window.graph.canvas.setFocus()
        press(qtbot, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda: window.ctrl.view().cursor == 1, timeout=30000)  # see above
        assert "Forward step" not in code.caption.text() and "1" in code.caption.text()
    finally:
        install_language("en")
