"""One widget for one ``ParamSpec``: made, read and set in one place.

The control panel shows the session's configuration fields and the task's own parameters
with the same kinds of widget; ``param_field`` makes them from the spec, ``field_value``
reads one, ``show_field_value`` puts a value in without emitting a change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from explorer.params import ParamSpec
from explorer.ui.i18n import tr
from explorer.ui.number_field import DecimalSpinBox

INT_MAX = 2**31 - 1
# Unbounded float parameters still need a range for the spin box.
FLOAT_LIMIT = 1e9


class TextField(QLineEdit):
    """A line edit that reports an edit once it is finished and only if the text changed:
    ``editingFinished`` also fires when the field merely loses focus."""

    sigEdited = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._committed = text
        self.editingFinished.connect(self._finished)

    def setText(self, text: str) -> None:
        """Show ``text`` as the committed value (no ``sigEdited``)."""
        super().setText(text)
        self._committed = text

    def _finished(self) -> None:
        if self.text() != self._committed:
            self._committed = self.text()
            self.sigEdited.emit()


def param_field(
    spec: ParamSpec,
    value: Any,
    on_change: Callable[[], None],
    *,
    decimals: int = 3,
    step: float | None = None,
    on_refused: Callable[[str], None] | None = None,
) -> QWidget:
    """The widget for ``spec`` showing ``value``; ``on_change()`` is called after each edit.

    Choices become a combo box (texts translated, items keyed by the choice), booleans a
    check box, integers a spin box, floats a ``DecimalSpinBox`` with ``decimals`` places and
    a fixed ``step`` (None: a step adapted to the value's magnitude), strings a ``TextField``.
    ``on_refused(message)`` hears why a typed number was not taken.
    """
    if spec.kind == "choice":
        widget: QWidget = QComboBox()
        for choice in spec.choices or ():
            widget.addItem(tr(choice), choice)  # shown translated, read by key
        widget.currentIndexChanged.connect(lambda _i: on_change())
    elif spec.kind == "bool":
        widget = QCheckBox()
        widget.toggled.connect(lambda _on: on_change())
    elif spec.kind == "int":
        widget = QSpinBox()
        low = -INT_MAX if spec.minimum is None else int(spec.minimum)
        high = INT_MAX if spec.maximum is None else int(min(spec.maximum, INT_MAX))
        widget.setRange(low, high)
        widget.setKeyboardTracking(False)
        widget.valueChanged.connect(lambda _v: on_change())
    elif spec.kind == "float":
        widget = DecimalSpinBox()
        if on_refused is not None:
            widget.sigRefused.connect(on_refused)
        widget.setDecimals(decimals)
        widget.setRange(
            -FLOAT_LIMIT if spec.minimum is None else float(spec.minimum),
            FLOAT_LIMIT if spec.maximum is None else float(spec.maximum),
        )
        if step is None:
            widget.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        else:
            widget.setSingleStep(step)
        widget.setKeyboardTracking(False)
        widget.valueChanged.connect(lambda _v: on_change())
    elif spec.kind == "str":
        widget = TextField(str(value))
        widget.sigEdited.connect(on_change)
    else:
        raise ValueError(f"{spec.name}: a {spec.kind!r} value has no single field")
    show_field_value(widget, value)
    return widget


def field_value(widget: QWidget) -> Any:
    """The value a ``param_field`` widget shows (the choice's key for a combo box)."""
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    return widget.value()


def show_field_value(widget: QWidget, value: Any) -> None:
    """Put ``value`` into a ``param_field`` widget without emitting its change signals."""
    blocked = widget.blockSignals(True)
    try:
        if isinstance(widget, QComboBox):
            set_choice(widget, value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        else:
            widget.setValue(float(value))
    finally:
        widget.blockSignals(blocked)


def set_choice(combo: QComboBox, value: Any) -> None:
    """Select the item whose key (item data) is ``value``; the texts are translated."""
    index = combo.findData(str(value))
    if index >= 0:
        combo.setCurrentIndex(index)
