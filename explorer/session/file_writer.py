"""Writing a session file: the run's keyframes, curves and settings, atomically.

The layout is described in ``explorer.session.files``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from explorer import __version__
from explorer.session.archive import (
    Cancelled,
    Progress,
    SessionFileCancelled,
    npz_bytes,
    write_archive,
)
from explorer.session.bookmarks import Bookmark, bookmarks_to_json
from explorer.session.file_format import (
    BOOKMARKS_MEMBER,
    FORMAT_NAME,
    FORMAT_VERSION,
    FileProgress,
)
from explorer.session.history import Keyframe
from explorer.session.replay import ReplayCancelled
from explorer.session.session import Session
from explorer.session.snapshot import CURVE_SERIES

# A file's keyframes and curves take about this many bytes (keyframes at least a quarter of
# it; the end of the run always goes in).
FILE_KEYFRAME_BYTES = 9 * 512 * 1024


def save_session(
    session: Session,
    path: str | Path,
    include_history: bool = True,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    bookmarks: tuple[Bookmark, ...] = (),
) -> None:
    """Write ``session`` to ``path`` atomically (a failure or a cancel leaves any old file).

    ``include_history`` False stores only the end of the run (earlier iterations are then
    recomputed from the start). ``progress(fraction)`` reports 0 … 1 as the work proceeds;
    ``cancelled()`` returning true stops with ``SessionFileCancelled``. ``bookmarks`` are
    the presenter's saved scenes, stored beside the run.
    """
    path = Path(path)
    report = FileProgress(progress, cancelled, path)
    now = session.current_keyframe()
    try:
        frames = _file_keyframes(session, now, cancelled) if include_history else [now]
    except ReplayCancelled:
        raise SessionFileCancelled() from None
    if session.completed == 0:
        frames = []
    report(0.1)
    meta = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "completed": session.completed,
        "status": {
            c: [s.diverged_at, s.message, _finite_or_none(s.grad_norm)]
            for c, s in session.status.items()
            if s.diverged
        },
        "keyframes": [_keyframe_meta(f) for f in frames],
    }
    arrays: dict[str, np.ndarray] = {}
    for frame in frames:
        _encode_keyframe(frame, arrays)
    keyframes = npz_bytes(arrays)
    report(0.6)
    curves = npz_bytes(_encode_curves(session))
    report(0.8)
    members = {
        "format.json": json.dumps(meta, indent=1).encode(),
        "config.json": session.config.to_json().encode(),
        "keyframes.npz": keyframes,
        "curves.npz": curves,
    }
    if bookmarks:
        members[BOOKMARKS_MEMBER] = json.dumps(bookmarks_to_json(bookmarks), indent=1).encode()
    write_archive(path, members, lambda f: report(0.8 + 0.2 * f), cancelled)
    report(1.0)


def _file_keyframes(session: Session, now: Keyframe, cancelled: Cancelled | None) -> list[Keyframe]:
    """Evenly spread keyframes of memory within ``FILE_KEYFRAME_BYTES``, and the end.

    The state before the last iteration goes in too, so that showing the last iteration
    after opening costs one iteration.
    """
    before = now.iteration - 1
    last = [] if before < 1 else [session.keyframe_after(before, cancelled=cancelled)]
    held = [f for f in session.history.keyframes() if f.iteration < before]
    curves = sum(log.nbytes() for log in session.curves.values())
    budget = max(FILE_KEYFRAME_BYTES // 4, FILE_KEYFRAME_BYTES - curves)
    room = max(0, budget // max(1, now.nbytes()) - 1 - len(last))
    if len(held) > room:
        picks = np.linspace(0, len(held) - 1, room).round().astype(int) if room else []
        held = [held[i] for i in sorted(set(int(i) for i in picks))]
    return [*held, *last, now]


def _keyframe_meta(frame: Keyframe) -> dict[str, Any]:
    meta: dict[str, Any] = {"iteration": frame.iteration, "data_rng": frame.data_rng}
    if frame.stream is not None:
        meta["stream"] = dict(frame.stream)
    return meta


def _encode_keyframe(frame: Keyframe, arrays: dict[str, np.ndarray]) -> None:
    for cell, state in frame.carried.items():
        for i, value in enumerate(state):
            arrays[f"{frame.iteration}/{cell}/carried/{i}"] = np.asarray(value)
    for cell, state in frame.models.items():
        for key, value in state.items():
            arrays[f"{frame.iteration}/{cell}/model/{key}"] = np.asarray(value)
    for cell, state in frame.optimizers.items():
        for key, value in state.items():
            arrays[f"{frame.iteration}/{cell}/optim/{key}"] = np.asarray(value)


def _encode_curves(session: Session) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for cell, log in session.curves.items():
        frozen = log.freeze()
        out[f"{cell}/iterations"] = frozen.iterations
        for name in CURVE_SERIES:
            out[f"{cell}/{name}"] = getattr(frozen, name)
        out[f"{cell}/metric_iterations"] = frozen.metric_iterations
        for name, column in frozen.metrics.items():
            out[f"{cell}/metric/{name}"] = column
    return out


def _finite_or_none(value: float | None) -> float | None:
    # JSON has no inf or NaN; an infinite norm is recorded as unknown.
    return value if value is not None and math.isfinite(value) else None
