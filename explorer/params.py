"""One settable value described once: its kind, default, range and hover text.

``ParamSpec`` describes both a task's own parameters (``Task.params``) and the fields of the
session's configuration (``explorer.session.config.RANGES``), so validation, the settings
panel's widgets (one factory in ``explorer.ui.controls``) and the documentation agree.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

PARAM_KINDS = ("int", "float", "bool", "choice", "str", "compound")
"""``compound``: a value with structure (a list, an object) that its owner validates; the
spec only gives its help line."""


@dataclass(frozen=True)
class ParamSpec:
    """One user-settable value, described for validation and for the settings UI.

    ``kind`` is one of ``PARAM_KINDS``. ``minimum``/``maximum`` are inclusive bounds for
    numbers; ``choices`` lists the allowed strings for ``"choice"``. ``help`` is the one line
    the UI shows on hover.
    """

    name: str
    kind: str
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    help: str = ""

    def __post_init__(self) -> None:
        if self.kind not in PARAM_KINDS:
            raise ValueError(f"parameter {self.name!r}: unknown kind {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"parameter {self.name!r}: a choice needs choices")

    def range_text(self) -> str:
        """The allowed values in words, used in error messages and tooltips."""
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices or ())
        if self.kind == "str":
            return "a string"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "compound":
            return self.help
        noun = "an integer" if self.kind == "int" else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{noun} in [{self.minimum:g}, {self.maximum:g}]"
        if self.minimum is not None:
            return f"{noun} >= {self.minimum:g}"
        if self.maximum is not None:
            return f"{noun} <= {self.maximum:g}"
        return noun

    def within_bounds(self, value: float) -> bool:
        """Whether the number ``value`` lies within ``minimum``/``maximum`` (inclusive)."""
        return (self.minimum is None or value >= self.minimum) and (
            self.maximum is None or value <= self.maximum
        )

    def validate(self, value: Any, owner: str = "task") -> Any:
        """Return ``value`` converted to this parameter's kind, or raise ``ValueError``.

        Integral floats such as ``5.0`` are accepted for ``"int"`` because settings may have
        passed through JSON; booleans are rejected for numbers because ``True`` is almost
        always a slip.
        """

        def fail() -> ValueError:
            return ValueError(
                f"{owner}: parameter {self.name!r} must be {self.range_text()}, got {value!r}"
            )

        if self.kind == "compound":
            return value
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise fail()
            return value
        if self.kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise fail()
            if self.kind == "int":
                if not float(value).is_integer():
                    raise fail()
                value = int(value)
            else:
                value = float(value)
                if not math.isfinite(value):
                    raise fail()
            if not self.within_bounds(value):
                raise fail()
            return value
        if not isinstance(value, str):
            raise fail()
        if self.kind == "choice" and value not in (self.choices or ()):
            raise fail()
        return value
