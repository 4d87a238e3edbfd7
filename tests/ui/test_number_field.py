"""Typing decimals under a comma-decimal locale: "0.05" and "0,05" mean 0.05, never 5."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig
from explorer.ui.number_field import is_ambiguous, parse_decimal
from tests.ui.windows import open_window


@pytest.fixture
def german():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def small() -> SessionConfig:
    return SessionConfig(hidden_size=8, batch_size=8, task_params={"seq_len": 12})


def type_into_learning_rate(qtbot, window, text: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    field = window.controls.widgets["learning_rate"]
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=3000)
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused, text)
    # Tab leaves the field, which commits it (Enter belongs to the window's step shortcut).
    qtbot.keyClick(focused, Qt.Key.Key_Tab)


@pytest.mark.parametrize("text", ["0.05", "0,05"])
def test_both_separators_mean_the_same_under_a_german_locale(qtbot, settings, german, text):
    window = open_window(qtbot, settings)
    assert window.controls.widgets["learning_rate"].locale().decimalPoint() == ","
    type_into_learning_rate(qtbot, window, text)
    qtbot.waitUntil(lambda: window.ctrl.config.learning_rate == pytest.approx(0.05), timeout=5000)
    window.close()


def test_an_ambiguous_number_is_refused_with_a_message(qtbot, settings, german):
    window = open_window(qtbot, settings)
    before = window.ctrl.config.learning_rate
    type_into_learning_rate(qtbot, window, "1.000,5")
    qtbot.waitUntil(lambda: "ambiguous" in window.controls.message.text(), timeout=3000)
    assert window.ctrl.config.learning_rate == before
    window.close()


def test_parsing_rules():
    assert parse_decimal("0.05") == parse_decimal("0,05") == 0.05
    assert parse_decimal("1e-3") == 0.001
    assert parse_decimal("1.000,5") is None and is_ambiguous("1.000,5")
    assert parse_decimal("1,000,000") is None and is_ambiguous("1,000,000")
    assert parse_decimal("abc") is None
