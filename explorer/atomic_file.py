"""Write files so that a crash or a full disk never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import stat
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


# Temporary files are named ".<target>.<pid>.<random>.part", so a later save can tell the
# leftovers of a killed save (its process is gone) from those of a save still running.
_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.part$")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def remove_stale_parts(target: Path) -> list[Path]:
    """Delete temporary files of ``target`` left by saves whose process is gone; returns them."""
    folder = target.parent if str(target.parent) else Path(".")
    removed = []
    try:
        candidates = list(folder.glob(f".{glob.escape(target.name)}.*.part"))
    except OSError:
        return removed
    for part in candidates:
        match = _PART.match(part.name)
        if match is None or match["name"] != target.name or _process_alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            part.unlink()
            removed.append(part)
    return removed


def check_target(target: Path) -> None:
    """Refuse a target that is not a plain file: a symbolic link, a folder, a device or pipe.

    Replacing those with a regular file would silently break what was there (a link to
    elsewhere, a device node), so the user is asked to choose another name instead.
    """
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileWriteError(
            "Cannot write {path}: {reason}.", path=target, reason=exc.strerror or exc
        ) from exc
    if stat.S_ISLNK(info.st_mode):
        raise FileWriteError(
            "Cannot write {path}: it is a symbolic link; choose the file it points to or "
            "another name.",
            path=target,
        )
    if stat.S_ISDIR(info.st_mode):
        raise FileWriteError("Cannot write {path}: it is a directory, not a file.", path=target)
    if not stat.S_ISREG(info.st_mode):
        raise FileWriteError(
            "Cannot write {path}: it is a device, pipe or socket, not a file.", path=target
        )


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; move it over ``path`` on success.

    The temporary file lives in the same folder so that ``os.replace`` is atomic (no
    cross-device move). On any error the temporary file is removed and the old file,
    if any, stays untouched. A target that is a symbolic link, folder, device or pipe is
    refused; hidden ``.part`` files of the target left by a killed save are removed.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileWriteError(
            "Cannot write {path}: the folder {folder} does not exist.", path=target, folder=folder
        )
    check_target(target)
    remove_stale_parts(target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=folder
        )
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
