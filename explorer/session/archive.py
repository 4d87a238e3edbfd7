"""The container of session files: a zip of JSON and ``.npz`` members, read and written safely.

A session file may come from anywhere, so reading it bounds everything before it allocates:
only regular files are opened (``/dev/zero`` or a FIFO would never end), every member's and
the archive's total uncompressed size is capped, arrays nested in ``.npz`` members are sized
from their headers (shape × itemsize) before any byte is read, JSON nesting is capped, object
arrays (pickles) are refused, and each member must match the SHA-256 recorded for it in
``manifest.json`` when the file was written (a hand-edited or corrupted file is refused).

Writing goes through ``explorer.atomic_file``: a failure, a crash or a cancel leaves no file
behind and any old file intact. ``progress(fraction)`` and ``cancelled() -> bool`` callbacks
let a window show progress and stop the work between chunks.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from explorer.atomic_file import FileWriteError, atomic_path
from explorer.messages import UserMessageError

MANIFEST = "manifest.json"
GIB = 1024**3
MAX_TOTAL_BYTES = GIB
"""Everything a session file may unpack to (members and the arrays inside them)."""
MAX_FILE_BYTES = GIB
MAX_MEMBERS = 64
MAX_ARRAYS = 2_000_000
MAX_JSON_DEPTH = 64
CHUNK = 1024 * 1024

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]


class SessionFileError(UserMessageError):
    """A session file cannot be read or written; the message names the file and the problem."""


class SessionFileCancelled(Exception):
    """Saving or opening was cancelled by the user; nothing was written or changed."""


def _no_progress(_fraction: float) -> None:
    pass


def _never() -> bool:
    return False


# ---------------------------------------------------------------------------- checks
def check_regular_file(path: Path) -> os.stat_result:
    """``os.stat`` of ``path`` if it is a regular file, else ``SessionFileError`` saying what it is."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise SessionFileError("{path}: no such file", path=path) from None
    except PermissionError:
        raise SessionFileError("{path}: permission denied", path=path) from None
    except OSError as exc:
        raise SessionFileError(
            "{path}: cannot be read ({reason})", path=path, reason=exc.strerror or exc
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise SessionFileError("{path}: is a folder, not a session file", path=path)
    if not stat.S_ISREG(info.st_mode):
        raise SessionFileError(
            "{path}: is not a regular file (a device, pipe or socket), not a session file",
            path=path,
        )
    if info.st_size > MAX_FILE_BYTES:
        raise SessionFileError(
            "{path}: {size:,} bytes is far larger than any session file",
            path=path,
            size=info.st_size,
        )
    return info


def json_depth(text: str) -> int:
    """The deepest nesting of ``[`` / ``{`` in JSON ``text`` (strings ignored)."""
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    steps = np.frombuffer(bare.encode("utf-8", "replace"), dtype=np.uint8)
    delta = (steps == ord("[")).astype(np.int64) + (steps == ord("{"))
    delta -= (steps == ord("]")).astype(np.int64) + (steps == ord("}"))
    return int(np.cumsum(delta).max(initial=0))


def parse_json(data: bytes | bytearray, what: str, path: Path) -> Any:
    """JSON from ``data``; a damaged or too deeply nested text is a ``SessionFileError``."""
    try:
        text = data.decode("utf-8")
        if json_depth(text) > MAX_JSON_DEPTH:
            raise SessionFileError(
                "{path}: the file is damaged ({name} is nested too deeply)", path=path, name=what
            )
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise SessionFileError(
            "{path}: the file is damaged ({reason})", path=path, reason=what
        ) from None


def _safe_name(name: str) -> bool:
    return not (
        name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name
    )


# ---------------------------------------------------------------------------- reading
class ArchiveReader:
    """Bounded, checksummed reads of one session file's members (use ``open_archive``)."""

    def __init__(self, zf: zipfile.ZipFile, path: Path, budget: int) -> None:
        self.zf = zf
        self.path = path
        self.budget = budget
        self.limit = budget
        self._manifest: dict[str, str] | None = None

    def names(self) -> list[str]:
        """The member names."""
        return self.zf.namelist()

    def _charge(self, size: int, name: str) -> None:
        if size > self.budget:
            raise SessionFileError(
                "{path}: {name} would unpack to more than the {limit:,} MB a session file may use",
                path=self.path,
                name=name,
                limit=self.limit // (1024 * 1024),
            )
        self.budget -= size

    def _digests(self) -> dict[str, str]:
        if self._manifest is None:
            data = self._raw(MANIFEST)
            manifest = parse_json(data, MANIFEST, self.path)
            digests = manifest.get("sha256") if isinstance(manifest, dict) else None
            if not isinstance(digests, dict) or not all(
                isinstance(v, str) for v in digests.values()
            ):
                raise SessionFileError(
                    "{path}: the file is damaged ({reason})", path=self.path, reason=MANIFEST
                )
            self._manifest = digests
        return self._manifest

    def _info(self, name: str) -> zipfile.ZipInfo:
        try:
            return self.zf.getinfo(name)
        except KeyError:
            raise SessionFileError(
                "{path}: the file is damaged (missing {name})", path=self.path, name=name
            ) from None

    def _raw(self, name: str, cancelled: Cancelled = _never) -> bytearray:
        info = self._info(name)
        self._charge(info.file_size, name)
        # Filled in place: no second copy of a large member. The zip reader never yields more
        # than the size the member declares, which was charged above.
        out = bytearray(info.file_size)
        view = memoryview(out)
        filled = 0
        try:
            with self.zf.open(info) as member:
                while filled < len(out):
                    if cancelled():
                        raise SessionFileCancelled()
                    n = member.readinto(view[filled : filled + CHUNK])
                    if not n:
                        raise SessionFileError(
                            "{path}: the file is damaged ({name} is cut short)",
                            path=self.path,
                            name=name,
                        )
                    filled += n
        except (zlib.error, zipfile.BadZipFile, EOFError, NotImplementedError) as exc:
            # A flipped byte in compressed data, a bad CRC or an unknown compression method.
            raise self._damaged(name, exc) from None
        return out

    def _damaged(self, name: str, exc: BaseException) -> SessionFileError:
        """The message for a member that cannot be decoded, naming the member and why."""
        return SessionFileError(
            "{path}: the file is damaged ({name}: {reason})",
            path=self.path,
            name=name,
            reason=str(exc)[:200] or type(exc).__name__,
        )

    def read(self, name: str, cancelled: Cancelled = _never) -> bytearray:
        """A member's bytes, checked against the manifest's SHA-256."""
        self._info(name)  # a missing member is named before the manifest is looked at
        expected = self._digests().get(name)
        data = self._raw(name, cancelled)
        if expected is None or hashlib.sha256(data).hexdigest() != expected:
            raise SessionFileError(
                "{path}: the file is damaged or was edited ({name} does not match its checksum)",
                path=self.path,
                name=name,
            )
        return data

    def read_json(self, name: str) -> Any:
        """A JSON member (nesting bounded)."""
        return parse_json(self.read(name), name, self.path)

    def read_npz(self, name: str, cancelled: Cancelled = _never) -> dict[str, np.ndarray]:
        """The arrays of an ``.npz`` member, each sized from its header before it is read."""
        data = self.read(name, cancelled)
        try:
            return read_npz_bytes(data, self, name, cancelled)
        except SessionFileError:
            raise
        except (zipfile.BadZipFile, zlib.error, ValueError, TypeError, OSError, EOFError) as exc:
            raise self._damaged(name, exc) from None


def read_npz_bytes(
    data: bytes | bytearray, reader: ArchiveReader, what: str, cancelled: Cancelled = _never
) -> dict[str, np.ndarray]:
    """Arrays of the ``.npz`` in ``data``: no pickles, every size charged to ``reader``'s budget."""
    arrays: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as inner:
        infos = inner.infolist()
        if len(infos) > MAX_ARRAYS:
            raise SessionFileError(
                "{path}: the file is damaged ({name} holds too many arrays)",
                path=reader.path,
                name=what,
            )
        for count, info in enumerate(infos):
            if count % 256 == 0 and cancelled():
                raise SessionFileCancelled()
            key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
            with inner.open(info) as member:
                arrays[key] = _read_npy(member, reader, f"{what}/{key}")
    return arrays


def _read_npy(member: Any, reader: ArchiveReader, what: str) -> np.ndarray:
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
    else:
        raise ValueError(f"unsupported array format {version}")
    if dtype.hasobject:
        raise SessionFileError(
            "{path}: the file is damaged ({name} holds Python objects, which are never loaded)",
            path=reader.path,
            name=what,
        )
    count = 1
    for n in shape:
        count *= int(n)
    nbytes = count * dtype.itemsize
    reader._charge(nbytes, what)
    raw = member.read(nbytes)
    if len(raw) != nbytes:
        raise ValueError(f"{what} is cut short")
    array = np.frombuffer(raw, dtype=dtype, count=count)
    return array.reshape(shape, order="F" if fortran else "C").copy()


@contextmanager
def open_archive(path: str | Path, budget: int | None = None) -> Iterator[ArchiveReader]:
    """Open a session file for bounded reads; ``SessionFileError`` names any problem."""
    path = Path(path)
    budget = MAX_TOTAL_BYTES if budget is None else budget
    check_regular_file(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, OverflowError):
        raise SessionFileError(
            "{path}: not a BPTT Explorer session file (not a zip archive, or cut short)",
            path=path,
        ) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise SessionFileError(
                "{path}: not a BPTT Explorer session file (too many members)", path=path
            )
        for info in infos:
            if not _safe_name(info.filename):
                raise SessionFileError(
                    "{path}: the file is damaged (a member is named {name!r})",
                    path=path,
                    name=info.filename,
                )
        if sum(info.file_size for info in infos) > budget:
            raise SessionFileError(
                "{path}: would unpack to more than the {limit:,} MB a session file may use",
                path=path,
                limit=budget // (1024 * 1024),
            )
        yield ArchiveReader(zf, path, budget)


# ---------------------------------------------------------------------------- writing
def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """The arrays as compressed ``.npz`` bytes (no pickles)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def manifest_bytes(members: dict[str, bytes]) -> bytes:
    """``manifest.json``: the SHA-256 of every member."""
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    return json.dumps({"sha256": digests}, indent=2).encode()


def write_archive(
    path: str | Path,
    members: dict[str, bytes],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write ``members`` and their manifest to ``path`` atomically.

    ``SessionFileCancelled`` when ``cancelled()`` turns true (no file is left behind);
    ``SessionFileError`` for a target that is not a regular file or a failed write.
    """
    progress = progress or _no_progress
    cancelled = cancelled or _never
    total = sum(len(data) for data in members.values()) or 1
    written = 0
    try:
        with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, manifest_bytes(members))
            for name, data in members.items():
                with zf.open(name, "w", force_zip64=len(data) > 2**31) as member:
                    for start in range(0, len(data), CHUNK):
                        if cancelled():
                            raise SessionFileCancelled()
                        member.write(data[start : start + CHUNK])
                        written += min(CHUNK, len(data) - start)
                        progress(written / total)
    except FileWriteError as exc:
        raise SessionFileError(exc.template, **exc.values) from None
    except OSError as exc:
        raise SessionFileError("{reason}", reason=str(exc)) from None
    progress(1.0)
