"""Keyframes that the memory budget cannot hold, kept in a temporary folder on disk.

A long run of a large model needs more keyframes than memory holds for every jump to stay
short. ``History`` hands the ones it would otherwise drop to a ``SpillStore``: one file
per keyframe (so dropping one frees its bytes), written once, read back on replay. The
arrays go to disk as raw bytes with a CRC-32; what describes them (names, dtypes, shapes,
offsets) and the small non-array parts (generator states, step counts) stay in memory, so
nothing read from disk is ever parsed, let alone unpickled.

The folder is per run, created in the OS temp folder when the first keyframe spills, and
removed when the run is closed or garbage-collected or the process exits. A process that
was killed leaves its folder behind: ``clean_stale_spills`` removes those whose owner is
gone (the owner holds a lock on a file inside for its lifetime); the app runs it at
start-up, and any process before its first spill.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
import weakref
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

try:  # POSIX: an advisory lock says whether a folder's owner still runs.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class Keyframe(Protocol):
    """What a spill takes of a keyframe (``history.Keyframe``)."""

    iteration: int
    models: dict[str, dict[str, Any]]
    optimizers: dict[str, dict[str, Any]]
    data_rng: dict[str, object]
    stream: dict[str, int] | None
    carried: dict[str, tuple[np.ndarray, ...]]


# A spilled keyframe read back: (models, optimizers, carried), as in ``history.Keyframe``.
KeyframeParts = tuple[
    dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, tuple[np.ndarray, ...]]
]

# What one run may keep on disk; past it the spilled keyframes thin out (sparser, never lost).
SPILL_LIMIT_BYTES = 2 * 1024**3
# Free space a spill always leaves on the disk for everything else.
SPILL_RESERVE_BYTES = 512 * 1024**2
# Memory each spilled keyframe keeps: its generator states, step counts and file name
# (measured: ≈ 2.1 KB for three models, the layout of its arrays shared by all).
SPILL_ENTRY_BYTES = 2560
SPILL_PREFIX = "bptt-explorer-spill-"
LOCK_NAME = "owner.lock"
# Without advisory locks (Windows), a folder this old is taken to be stale.
STALE_SECONDS_WITHOUT_LOCKS = 7 * 24 * 3600
# Array offsets in a spill file are aligned like NumPy's own allocations.
ALIGN = 64

_cleaned_once = threading.Event()


class SpillError(Exception):
    """A keyframe could not be written to or read back from the spill folder."""


@dataclass(frozen=True)
class _Slot:
    """Where one array of a keyframe lies in its spill file."""

    kind: str  # "model", "optim" or "carried"
    cell: str
    key: str
    dtype: str
    shape: tuple[int, ...]
    offset: int


@dataclass(frozen=True)
class SpilledKeyframe:
    """A keyframe on disk: its file, its checksum, and the parts kept in memory."""

    iteration: int
    path: Path
    size: int
    crc: int
    slots: tuple[_Slot, ...]
    # (kind, cell, key) → a non-array value, in the keyframe's own order of keys.
    scalars: tuple[tuple[str, str, str, Any], ...]
    order: tuple[tuple[str, str, str], ...]
    data_rng: dict[str, object]
    stream: dict[str, int] | None

    def nbytes(self) -> int:
        """Memory this entry keeps (an allowance; the arrays are on disk)."""
        return SPILL_ENTRY_BYTES


class SpillStore:
    """One run's spill folder: write a keyframe, read it back bitwise, forget it.

    Not thread-safe by itself: ``History`` calls it under its lock. After a write fails
    (disk full, folder removed) the store takes no more keyframes (``error`` says why);
    those already written stay readable.
    """

    def __init__(
        self,
        limit_bytes: int = SPILL_LIMIT_BYTES,
        root: str | Path | None = None,
        reserve_bytes: int = SPILL_RESERVE_BYTES,
    ) -> None:
        self.limit_bytes = int(limit_bytes)
        self.reserve_bytes = int(reserve_bytes)
        self.used_bytes = 0
        self.error: str | None = None
        self._root = Path(root) if root is not None else None
        self.folder: Path | None = None
        self._count = 0
        self._layouts: dict[tuple, tuple] = {}  # slots and key orders, one copy each
        self._finalizer: weakref.finalize | None = None

    # ------------------------------------------------------------------------ space
    def room_for(self, nbytes: int) -> bool:
        """Whether ``nbytes`` more fit under the limit and leave the disk its reserve."""
        if self.error is not None or self.used_bytes + nbytes > self.limit_bytes:
            return False
        try:
            free = shutil.disk_usage(self.folder or self._root or tempfile.gettempdir()).free
        except OSError:
            return False
        return free - nbytes >= self.reserve_bytes

    # ------------------------------------------------------------------------ writing
    def write(self, frame: Keyframe) -> SpilledKeyframe:
        """Put ``frame``'s arrays into a new file; raises ``SpillError`` (and keeps no
        partial file) when that fails, after which the store takes nothing more."""
        if self.error is not None:
            raise SpillError(self.error)
        arrays, scalars, order = _flatten(frame)
        try:
            folder = self._ensure_folder()
            self._count += 1
            path = folder / f"{self._count:08d}-{frame.iteration}.kf"
            slots, size, crc = _write_arrays(path, arrays)
        except OSError as exc:
            self.error = f"cannot write the keyframe spill: {exc.strerror or exc}"
            raise SpillError(self.error) from exc
        self.used_bytes += size
        # Every keyframe of a run is laid out alike: one copy of the layout serves them all
        # (a keyframe of three models has ~300 arrays; a copy each would outweigh the
        # allowance ``SPILL_ENTRY_BYTES``).
        slots = self._layouts.setdefault(slots, slots)
        order = self._layouts.setdefault(order, order)
        return SpilledKeyframe(
            frame.iteration,
            path,
            size,
            crc,
            slots,
            scalars,
            order,
            frame.data_rng,
            frame.stream,
        )

    def _ensure_folder(self) -> Path:
        if self.folder is not None:
            return self.folder
        if not _cleaned_once.is_set():
            _cleaned_once.set()
            clean_stale_spills(self._root)
        folder = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-", dir=self._root))
        lock = open(folder / LOCK_NAME, "wb")  # noqa: SIM115 (held for the folder's life)
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.folder = folder
        self._finalizer = weakref.finalize(self, _remove_folder, folder, lock)
        return folder

    # ------------------------------------------------------------------------ reading
    def read(self, entry: SpilledKeyframe) -> KeyframeParts:
        """The models', optimizers' and carried states of the keyframe ``entry`` describes,
        bitwise as written (its generators are in ``entry``); ``SpillError`` if its file is
        gone, cut or changed."""
        buffer = bytearray(entry.size)
        try:
            with open(entry.path, "rb") as f:
                got = f.readinto(buffer)
                extra = f.read(1)
        except OSError as exc:
            raise SpillError(f"cannot read {entry.path.name}: {exc.strerror or exc}") from exc
        if got != entry.size or extra:
            raise SpillError(f"{entry.path.name} changed size on disk")
        if zlib.crc32(buffer) != entry.crc:
            raise SpillError(f"{entry.path.name} changed on disk (checksum mismatch)")
        values: dict[tuple[str, str, str], Any] = {}
        for slot in entry.slots:
            dtype = np.dtype(slot.dtype)
            count = int(np.prod(slot.shape, dtype=np.int64))
            array = np.frombuffer(buffer, dtype, count, slot.offset).reshape(slot.shape)
            values[slot.kind, slot.cell, slot.key] = array
        for kind, cell, key, value in entry.scalars:
            values[kind, cell, key] = value
        groups: dict[str, dict[str, dict[str, Any]]] = {"model": {}, "optim": {}, "carried": {}}
        for kind, cell, key in entry.order:
            groups[kind].setdefault(cell, {})[key] = values[kind, cell, key]
        carried = groups["carried"]
        return (
            groups["model"],
            groups["optim"],
            {c: tuple(state[str(i)] for i in range(len(state))) for c, state in carried.items()},
        )

    # ------------------------------------------------------------------------ forgetting
    def discard(self, entry: SpilledKeyframe) -> None:
        """Delete ``entry``'s file (already gone is fine)."""
        self.used_bytes = max(0, self.used_bytes - entry.size)
        with contextlib.suppress(OSError):
            entry.path.unlink()

    def close(self) -> None:
        """Remove the folder and everything in it (again is harmless)."""
        if self._finalizer is not None:
            self._finalizer()
        self.used_bytes = 0


def _flatten(
    frame: Keyframe,
) -> tuple[
    list[tuple[str, str, str, np.ndarray]],
    tuple[tuple[str, str, str, Any], ...],
    tuple[tuple[str, str, str], ...],
]:
    """A keyframe's arrays, its other values, and the order of every key."""
    arrays, scalars, order = [], [], []
    groups: list[tuple[str, dict[str, Any]]] = [
        ("model", frame.models),
        ("optim", frame.optimizers),
        ("carried", {c: {str(i): a for i, a in enumerate(s)} for c, s in frame.carried.items()}),
    ]
    for kind, group in groups:
        for cell, state in group.items():
            for key, value in state.items():
                order.append((kind, cell, key))
                if isinstance(value, np.ndarray):
                    arrays.append((kind, cell, key, value))
                else:
                    scalars.append((kind, cell, key, value))
    return arrays, tuple(scalars), tuple(order)


def _write_arrays(
    path: Path, arrays: list[tuple[str, str, str, np.ndarray]]
) -> tuple[tuple[_Slot, ...], int, int]:
    """Write the arrays' bytes, aligned, into a new file; (slots, size, CRC-32).

    A failed write removes the partial file before the error goes on."""
    slots, crc, offset = [], 0, 0
    try:
        with open(path, "xb") as f:
            for kind, cell, key, value in arrays:
                data = np.ascontiguousarray(value)
                pad = -offset % ALIGN
                if pad:
                    f.write(bytes(pad))
                    crc = zlib.crc32(bytes(pad), crc)
                    offset += pad
                raw = memoryview(data).cast("B") if data.size else b""
                f.write(raw)
                crc = zlib.crc32(raw, crc)
                slots.append(_Slot(kind, cell, key, data.dtype.str, data.shape, offset))
                offset += data.nbytes
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return tuple(slots), offset, crc


def _remove_folder(folder: Path, lock: Any) -> None:
    lock.close()  # releases the lock
    shutil.rmtree(folder, ignore_errors=True)


def clean_stale_spills(root: str | Path | None = None) -> int:
    """Remove spill folders left by processes that no longer run; returns how many.

    A folder's owner holds an advisory lock on its ``owner.lock``: a lock that can be taken
    means the owner is gone. Without such locks (Windows) only folders older than a week go.
    Folders of other users, and anything that cannot be removed, are left alone.
    """
    base = Path(root) if root is not None else Path(tempfile.gettempdir())
    removed = 0
    try:
        candidates = [p for p in base.iterdir() if p.name.startswith(SPILL_PREFIX)]
    except OSError:
        return 0
    for folder in candidates:
        try:
            if folder.is_symlink() or not folder.is_dir() or _owner_of(folder) != _me():
                continue
            if _is_stale(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed += not folder.exists()
        except OSError:
            continue
    return removed


def clean_stale_spills_in_background() -> None:
    """``clean_stale_spills`` in a daemon thread (at start-up: removing gigabytes may take
    a moment, and nothing waits for it); the first spill of this process then skips it."""
    _cleaned_once.set()
    threading.Thread(target=clean_stale_spills, name="spill-cleanup", daemon=True).start()


def _is_stale(folder: Path) -> bool:
    lock_path = folder / LOCK_NAME
    if fcntl is None:
        return time.time() - folder.stat().st_mtime > STALE_SECONDS_WITHOUT_LOCKS
    if not lock_path.exists():
        # Between a folder's creation and its lock: give the owner a minute.
        return time.time() - folder.stat().st_mtime > 60
    with open(lock_path, "rb") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its owner runs
        fcntl.flock(lock, fcntl.LOCK_UN)
        return True


def _owner_of(folder: Path) -> int | None:
    return getattr(folder.stat(), "st_uid", None)


def _me() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None
