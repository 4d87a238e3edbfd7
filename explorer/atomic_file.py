"""Write files so that a crash or a full disk never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates private (0600) files; a finished file gets the mode a plain open() would give.
_NEW_FILE_MODE = 0o666 & ~_current_umask()


class FileWriteError(OSError):
    """A file could not be written; the message names the file and the reason.

    Like ``explorer.messages.UserMessageError`` it keeps its English ``template`` and the
    ``values`` that fill it, so a window can show it translated.
    """

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(template.format(**values))


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; move it over ``path`` on success.

    The temporary file lives in the same folder so that ``os.replace`` is atomic (no
    cross-device move). On any error the temporary file is removed and the old file,
    if any, stays untouched.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileWriteError(
            "Cannot write {path}: the folder {folder} does not exist.", path=target, folder=folder
        )
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise FileWriteError(
            "Cannot write {path}: {reason}.", path=target, reason=exc.strerror or exc
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        mode = target.stat().st_mode & 0o777 if target.exists() else _NEW_FILE_MODE
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FileWriteError(
            "Cannot write {path}: {reason}.", path=target, reason=exc.strerror or exc
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))
