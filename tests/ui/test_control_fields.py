"""The control panel's fields: one widget per spec, read and set in one place; the three
truncation fields edit one ``Truncation``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox, QWidget

from explorer.engine.truncation import Truncation
from explorer.params import ParamSpec
from explorer.session.config import SessionConfig
from explorer.ui.controls import ControlPanel
from explorer.ui.param_field import TextField, field_value, param_field, show_field_value


def small(**changes) -> SessionConfig:
    return SessionConfig(hidden_size=8, batch_size=8, task_params={"seq_len": 12}, **changes)


@pytest.mark.parametrize(
    ("spec", "widget_type", "first", "second"),
    [
        (ParamSpec("mode", "choice", choices=("a", "b", "c")), QComboBox, "b", "c"),
        (ParamSpec("on", "bool"), QCheckBox, True, False),
        (ParamSpec("n", "int", minimum=1, maximum=50), QSpinBox, 7, 42),
        (ParamSpec("x", "float", minimum=0.0, maximum=1.0), QDoubleSpinBox, 0.25, 0.75),
        (ParamSpec("path", "str"), TextField, "a.txt", "b.txt"),
    ],
)
def test_one_factory_makes_reads_and_sets_every_kind(qtbot, spec, widget_type, first, second):
    calls = []
    widget = param_field(spec, first, lambda: calls.append(1))
    qtbot.addWidget(widget)
    assert isinstance(widget, widget_type)
    assert field_value(widget) == first
    show_field_value(widget, second)
    assert field_value(widget) == second
    assert calls == []  # showing a value is not an edit


def test_a_spec_without_a_single_field_is_refused():
    with pytest.raises(ValueError, match="cells"):
        param_field(ParamSpec("cells", "compound"), (), lambda: None)


def test_a_text_field_reports_a_finished_edit_once_and_not_a_mere_focus_change(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    field = TextField("zen", host)
    other = TextField("", host)
    other.move(0, 40)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host, timeout=3000)
    edits = []
    field.sigEdited.connect(lambda: edits.append(field.text()))
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=3000)
    other.setFocus()  # leaving the field unchanged is not an edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is other, timeout=3000)
    assert edits == []
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    qtbot.keyClicks(QApplication.focusWidget(), "!")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert edits == ["zen!"]
    other.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is other, timeout=3000)
    assert edits == ["zen!"]


def test_the_truncation_fields_edit_one_truncation(qtbot):
    panel = ControlPanel(small(truncation=Truncation("full", k=8, p=0.875)))
    qtbot.addWidget(panel)
    chosen: list[SessionConfig] = []
    panel.sigConfigChosen.connect(chosen.append)
    w = panel.widgets
    assert (field_value(w["truncation_k"]), field_value(w["truncation_p"])) == (8, 0.875)
    assert not w["truncation_k"].isEnabled() and not w["truncation_p"].isEnabled()
    kind = w["truncation"]
    kind.setCurrentIndex(kind.findData("truncated"))
    assert chosen[-1].truncation == Truncation("truncated", k=8, p=0.875)
    assert w["truncation_k"].isEnabled() and not w["truncation_p"].isEnabled()
    w["truncation_k"].setValue(5)
    assert chosen[-1].truncation == Truncation("truncated", k=5, p=0.875)
    kind.setCurrentIndex(kind.findData("random"))  # k is kept for when it comes back
    assert chosen[-1].truncation == Truncation("random", k=5, p=0.875)
    assert w["truncation_p"].isEnabled() and not w["truncation_k"].isEnabled()
    # A config shown from elsewhere (a lesson, a file) fills the three fields.
    panel.setConfig(small(truncation=Truncation("truncated", k=3, p=0.25)))
    assert field_value(kind) == "truncated"
    assert (field_value(w["truncation_k"]), field_value(w["truncation_p"])) == (3, 0.25)
    assert panel.current().truncation == Truncation("truncated", k=3, p=0.25)
    assert len(chosen) == 3  # setConfig emits nothing
