"""The presenter's saved scenes inside a session file (the ``bookmarks.json`` member)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from explorer.session.archive import SessionFileError, open_archive
from explorer.session.bookmarks import Bookmark, BookmarkError, parse_bookmarks
from explorer.session.file_fields import DamagedFile, whole_number
from explorer.session.file_format import (
    BOOKMARKS_MEMBER,
    MAX_ITERATIONS,
    check_format,
    describe_error,
)


def load_bookmarks(path: str | Path) -> tuple[Bookmark, ...]:
    """The saved scenes of the session file ``path`` (none in files written before scenes
    existed); ``SessionFileError`` names any problem, as ``load_session`` does."""
    path = Path(path)
    try:
        with open_archive(path) as archive:
            meta = archive.read_json("format.json")
            check_format(meta, path)
            completed = whole_number(meta.get("completed"), "completed", 0, MAX_ITERATIONS)
            return read_bookmarks_member(archive, completed)
    except SessionFileError:
        raise
    except DamagedFile as exc:
        raise SessionFileError(
            "{path}: the file is damaged ({reason})", path=path, reason=describe_error(exc)
        ) from None
    except FileNotFoundError:
        raise SessionFileError("{path}: no such file", path=path) from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise SessionFileError(
            "{path}: the file is damaged ({reason})", path=path, reason=describe_error(exc)
        ) from None


def read_bookmarks_member(archive: Any, completed: int) -> tuple[Bookmark, ...]:
    """The checked bookmarks member of ``archive`` (empty when the file has none); a
    damaged one raises ``DamagedFile``."""
    if BOOKMARKS_MEMBER not in archive.names():
        return ()
    try:
        return parse_bookmarks(archive.read_json(BOOKMARKS_MEMBER), completed)
    except BookmarkError as exc:
        raise DamagedFile(f"{BOOKMARKS_MEMBER}: {exc}") from None
