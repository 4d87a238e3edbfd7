"""Errors whose message a window can show in the user's language.

Pure Python (the engine, tasks and session import it). An error keeps its English template
and the values that fill it; ``str(error)`` is the English text for logs and the command
line, and the window shows ``tr(error.template).format(**error.values)``.
"""

from __future__ import annotations

from typing import Any


class UserMessageError(ValueError):
    """A problem to show to the user, as a ``str.format`` template plus its values."""

    def __init__(self, template: str, **values: Any) -> None:
        self.template = template
        self.values = values
        super().__init__(template.format(**values))
