"""Number fields that read "0.05" and "0,05" alike, whatever the locale.

Qt's ``QDoubleSpinBox`` parses with the locale: under a comma-decimal locale (German) the
point is a group separator, so typing "0.05" silently became 5.0 and started a run at
learning rate 5. Here one point or one comma is the decimal separator, and a text that mixes
them or repeats one ("1.000,5", "1,000,000") is ambiguous: it is refused with a message
instead of being reinterpreted.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox

from explorer.ui.i18n import tr

# Digits, at most one decimal separator (either), an optional exponent.
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
# What a number may look like while it is being typed.
_PARTIAL = re.compile(r"^[+-]?\d*([.,]\d*)?([eE][+-]?\d*)?$")


def parse_decimal(text: str) -> float | None:
    """The number in ``text`` with '.' or ',' as decimal separator; None if not one number."""
    text = text.strip().replace(" ", "")
    if not _NUMBER.match(text):
        return None
    value = float(text.replace(",", "."))
    return value if math.isfinite(value) else None


def is_ambiguous(text: str) -> bool:
    """Whether ``text`` mixes or repeats separators (group separators are not accepted)."""
    return text.count(".") + text.count(",") > 1


class DecimalSpinBox(QDoubleSpinBox):
    """A ``QDoubleSpinBox`` that accepts both decimal separators and refuses ambiguous text."""

    sigRefused = Signal(str)  # why the typed text was not taken

    def _bare(self, text: str) -> str:
        text = text.strip()
        if self.prefix() and text.startswith(self.prefix()):
            text = text[len(self.prefix()) :]
        if self.suffix() and text.endswith(self.suffix()):
            text = text[: -len(self.suffix())]
        return text.strip()

    def validate(self, text: str, pos: int):
        bare = self._bare(text)
        if is_ambiguous(bare) or not _PARTIAL.match(bare.replace(" ", "")):
            # Intermediate, not Invalid: the text stays in the field so the message can
            # point at it, and it is never taken as a value.
            state = QValidator.State.Intermediate
            if not _PARTIAL.match(bare.replace(" ", "").replace(".", "").replace(",", "")):
                state = QValidator.State.Invalid
            return state, text, pos
        value = parse_decimal(bare)
        if value is None or not (self.minimum() <= value <= self.maximum()):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def valueFromText(self, text: str) -> float:
        value = parse_decimal(self._bare(text))
        return self.value() if value is None else value

    def fixup(self, text: str) -> str:
        """Called when the field is left with text that is not a valid value: say why."""
        bare = self._bare(text)
        if is_ambiguous(bare):
            message = tr(
                "“{text}” is ambiguous: use one decimal separator (. or ,) and no "
                "thousands separators. The value stays {value}."
            ).format(text=bare, value=self.textFromValue(self.value()))
        else:
            message = tr(
                "“{text}” is not a number between {low} and {high}; the value stays {value}."
            ).format(
                text=bare,
                low=self.textFromValue(self.minimum()),
                high=self.textFromValue(self.maximum()),
                value=self.textFromValue(self.value()),
            )
        self.sigRefused.emit(message)
        return text
