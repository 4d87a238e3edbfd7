"""The session file's format: its name, version and bounds, and what reading and writing share.

The layout of the zip is described in ``explorer.session.files``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from explorer.session.archive import Cancelled, Progress, SessionFileCancelled, SessionFileError

FORMAT_NAME = "bptt-explorer-session"
FORMAT_VERSION = 2
SUFFIX = ".bptt"
BOOKMARKS_MEMBER = "bookmarks.json"
# Bounds of what a session file may declare, far beyond anything the app writes.
MAX_ITERATIONS = 10**9
MAX_KEYFRAMES = 100_000
MAX_MESSAGE = 2000


def check_format(meta: Any, path: Path) -> None:
    """Refuse a ``format.json`` that is not ours or of another format version."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise SessionFileError("{path}: not a BPTT Explorer session file", path=path)
    version = meta.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise SessionFileError(
            "{path}: written by a newer version of BPTT Explorer (session format {version}; "
            "this version reads format {supported}); please update",
            path=path,
            version=version,
            supported=FORMAT_VERSION,
        )
    if version != FORMAT_VERSION:
        raise SessionFileError(
            "{path}: session format version {version} is not supported "
            "(this version of BPTT Explorer reads version {supported})",
            path=path,
            version=version,
            supported=FORMAT_VERSION,
        )


def describe_error(exc: BaseException) -> str:
    """A short text for ``exc`` to quote in a message about a damaged file."""
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "…"


class FileProgress:
    """Calls ``progress`` and raises ``SessionFileCancelled`` when ``cancelled()`` says so."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None, path: Path):
        self.progress, self.cancelled, self.path = progress, cancelled, path

    def was_cancelled(self) -> bool:
        """Whether the caller asked to stop."""
        return self.cancelled is not None and self.cancelled()

    def __call__(self, fraction: float) -> None:
        """Report ``fraction`` done (clamped to 0 … 1), or stop if cancelled."""
        if self.cancelled is not None and self.cancelled():
            raise SessionFileCancelled()
        if self.progress is not None:
            self.progress(min(1.0, max(0.0, fraction)))
