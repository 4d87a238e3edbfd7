"""Enter in a settings field belongs to that field, and then the keyboard goes back.

The window's step-through keys are window shortcuts (→, End, Enter, 0 …). A text field takes
the keys it types with (Qt asks it first through a ShortcutOverride event), but Enter is not
one of them, so without this filter Enter in a number field ran an iteration instead of
applying the number. With it, Enter applies that field only and ``sigDone`` fires, so the
window can hand the keyboard back to the graph, where →, End and 0 step and fit again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FieldKeys(QObject):
    """An event filter for text and number fields: Enter applies the field (a spin box
    interprets its text, a line edit finishes editing) and emits ``sigDone``."""

    sigDone = Signal()

    def watch(self, widget: QWidget) -> None:
        """Filter ``widget``'s keys (and those of a spin box's inner line edit)."""
        widget.installEventFilter(self)
        if isinstance(widget, QAbstractSpinBox):
            inner = widget.findChild(QLineEdit)
            if inner is not None:
                inner.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in ENTER_KEYS:
            return False
        event.accept()
        if kind == QEvent.Type.ShortcutOverride:
            return True  # the key goes to the field, not to the window's Enter shortcut
        field = obj.parent() if isinstance(obj.parent(), QAbstractSpinBox) else obj
        if isinstance(field, QAbstractSpinBox):
            field.interpretText()  # emits valueChanged when the typed number is new
        elif isinstance(field, QLineEdit):
            field.editingFinished.emit()
        self.sigDone.emit()
        return True
