"""Session files (``.bptt``): settings, keyframes and curves in a zip, written atomically.

Layout of the zip (format version 2)::

    format.json     {"format": "bptt-explorer-session", "version": 2, "completed": N,
                     "status": {...}, "keyframes": [{"iteration": n, "data_rng": {...},
                     "stream": {"seed": s, "position": p}}, ...]}  (stream: sequential
                     sampling only)
    config.json     the SessionConfig
    keyframes.npz   "<n>/<cell>/model/<name>" and "<n>/<cell>/optim/<key>": the state right
                    after iteration n (the last keyframe is the end of the run); with
                    sequential sampling also "<n>/<cell>/carried/<i>", the (B, H) arrays of
                    the state carried into the next batch (``carry.py``)
    curves.npz      "<cell>/<series>" per-iteration scalars (float32) and the evaluations
    bookmarks.json  the presenter's saved scenes (``bookmarks.py``), a list of objects;
                    optional: files written before scenes existed have none

A file holds no per-iteration display data: every iteration is recomputed from the
keyframes on demand, as in memory. It holds fewer keyframes than memory does (a few MB at
most); the dense ones come back as the run is replayed after opening.

Reading checks every field's type, range and shape against the configuration before the
session is built, so a bad file changes nothing and is named in a clear message. Arrays
are read with ``allow_pickle=False``: a file can never run code. The container (zip members,
their checksums and size bounds, atomic writing) is ``explorer.session.archive``.
"""

from __future__ import annotations

import json
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from explorer import __version__
from explorer.session.archive import (
    Cancelled,
    Progress,
    SessionFileCancelled,
    SessionFileError,
    npz_bytes,
    open_archive,
    parse_json,
    write_archive,
)
from explorer.session.bookmarks import (
    Bookmark,
    BookmarkError,
    bookmarks_to_json,
    parse_bookmarks,
)
from explorer.session.carry import carried_size, stream_of
from explorer.session.config import CELL_NAMES, ConfigError, SessionConfig
from explorer.session.file_fields import (
    DamagedFile,
    checked_array,
    finite_number,
    generator_state,
    json_object,
    whole_number,
)
from explorer.session.history import CurveLog, Keyframe
from explorer.session.replay import ReplayCancelled, restore
from explorer.session.session import Session
from explorer.session.snapshot import CURVE_SERIES, ModelStatus

FORMAT_NAME = "bptt-explorer-session"
FORMAT_VERSION = 2
SUFFIX = ".bptt"
BOOKMARKS_MEMBER = "bookmarks.json"
# A file's keyframes and curves take about this many bytes (keyframes at least a quarter of
# it; the end of the run always goes in).
FILE_KEYFRAME_BYTES = 9 * 512 * 1024
# Bounds of what a session file may declare, far beyond anything the app writes.
MAX_ITERATIONS = 10**9
MAX_KEYFRAMES = 100_000
MAX_MESSAGE = 2000


# ---------------------------------------------------------------------------- save
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
    report = _Reporter(progress, cancelled, path)
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


# ---------------------------------------------------------------------------- load
def load_session(
    path: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Session:
    """Read a session file into a new ``Session``; ``SessionFileError`` names any problem.

    Nothing outside the returned session changes, whatever the file holds. Progress and
    cancelling work as for :func:`save_session`.
    """
    path = Path(path)
    try:
        return _load(path, _Reporter(progress, cancelled, path))
    except (SessionFileError, SessionFileCancelled):
        raise
    except DamagedFile as exc:
        raise SessionFileError(
            "{path}: the file is damaged ({reason})", path=path, reason=_describe(exc)
        ) from None
    except FileNotFoundError:
        raise SessionFileError("{path}: no such file", path=path) from None
    except IsADirectoryError:
        raise SessionFileError("{path}: is a folder, not a session file", path=path) from None
    except PermissionError:
        raise SessionFileError("{path}: permission denied", path=path) from None
    except zipfile.BadZipFile:
        raise SessionFileError(
            "{path}: not a BPTT Explorer session file (not a zip archive, or cut short)",
            path=path,
        ) from None
    except ConfigError as exc:
        raise SessionFileError(
            "{path}: the configuration is invalid: {reason}", path=path, reason=exc
        ) from None
    except (
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        OverflowError,
        RecursionError,
        MemoryError,
        OSError,
        EOFError,
        zipfile.LargeZipFile,
    ) as exc:
        raise SessionFileError(
            "{path}: the file is damaged ({reason})", path=path, reason=_describe(exc)
        ) from None


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "…"


@dataclass(frozen=True)
class _Meta:
    completed: int
    status: dict[str, tuple[int, str, float | None]]
    keyframes: list[tuple[int, dict[str, Any], dict[str, int] | None]]


def _load(path: Path, report: _Reporter) -> Session:
    with open_archive(path) as archive:
        raw_meta = archive.read_json("format.json")
        _check_format(raw_meta, path)
        config = _parse_config(archive.read("config.json"), path)
        meta = _check_meta(raw_meta, config, _sequential(config))
        report(0.2)
        keyframes = archive.read_npz("keyframes.npz", report.was_cancelled)
        report(0.5)
        curves = archive.read_npz("curves.npz", report.was_cancelled)
        _read_bookmarks(archive, meta.completed)  # a damaged one fails the open as well
        report(0.6)
    try:
        session = Session(config)
    except ValueError as exc:
        raise SessionFileError(
            "{path}: the saved task cannot be set up: {reason}", path=path, reason=exc
        ) from None
    frames = [
        _decode_keyframe(session, meta, it, rng, stream, keyframes)
        for it, rng, stream in meta.keyframes
    ]
    report(0.8)
    logs = {cell: _decode_curves(session, meta, cell, curves) for cell in session.cells}
    report(0.9)
    _apply(session, meta, frames, logs)
    report(1.0)
    return session


def load_bookmarks(path: str | Path) -> tuple[Bookmark, ...]:
    """The saved scenes of the session file ``path`` (none in files written before scenes
    existed); ``SessionFileError`` names any problem, as ``load_session`` does."""
    path = Path(path)
    try:
        with open_archive(path) as archive:
            meta = archive.read_json("format.json")
            _check_format(meta, path)
            completed = whole_number(meta.get("completed"), "completed", 0, MAX_ITERATIONS)
            return _read_bookmarks(archive, completed)
    except SessionFileError:
        raise
    except DamagedFile as exc:
        raise SessionFileError(
            "{path}: the file is damaged ({reason})", path=path, reason=_describe(exc)
        ) from None
    except FileNotFoundError:
        raise SessionFileError("{path}: no such file", path=path) from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise SessionFileError(
            "{path}: the file is damaged ({reason})", path=path, reason=_describe(exc)
        ) from None


def _read_bookmarks(archive: Any, completed: int) -> tuple[Bookmark, ...]:
    """The checked bookmarks member of ``archive`` (empty when the file has none)."""
    if BOOKMARKS_MEMBER not in archive.names():
        return ()
    try:
        return parse_bookmarks(archive.read_json(BOOKMARKS_MEMBER), completed)
    except BookmarkError as exc:
        raise DamagedFile(f"{BOOKMARKS_MEMBER}: {exc}") from None


def _check_format(meta: Any, path: Path) -> None:
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


def _parse_config(data: bytes, path: Path) -> SessionConfig:
    values = parse_json(data, "config.json", path)
    if isinstance(values, dict):
        unknown = sorted(str(k) for k in values if k not in SessionConfig.json_keys())
        if unknown:
            raise SessionFileError(
                "{path}: written by a newer version of BPTT Explorer (unknown settings: "
                "{names}); please update",
                path=path,
                names=", ".join(unknown)[:200],
            )
    return SessionConfig.from_dict(values)


def _sequential(config: SessionConfig) -> bool:
    """Whether the run samples sequentially (its keyframes then hold the stream position)."""
    return config.task == "charlm" and config.task_params.get("sampling") == "sequential"


def _check_meta(meta: dict, config: SessionConfig, sequential: bool) -> _Meta:
    completed = whole_number(meta.get("completed"), "completed", 0, MAX_ITERATIONS)
    status_raw = json_object(meta.get("status"), "status")
    status: dict[str, tuple[int, str, float | None]] = {}
    for cell, entry in status_raw.items():
        if cell not in config.cells:
            raise DamagedFile(f"status names a model {cell!r} the configuration does not train")
        if not isinstance(entry, list) or len(entry) != 3:
            raise DamagedFile(f"status of {cell}: expected [iteration, message, norm]")
        at = whole_number(entry[0], f"status of {cell}", 1, max(1, completed))
        message = entry[1]
        if not isinstance(message, str) or len(message) > MAX_MESSAGE:
            raise DamagedFile(f"status of {cell}: the message is not a short text")
        norm = None if entry[2] is None else finite_number(entry[2], f"status of {cell}")
        status[cell] = (at, message, norm)
    raw_frames = meta.get("keyframes")
    if not isinstance(raw_frames, list) or len(raw_frames) > MAX_KEYFRAMES:
        raise DamagedFile("keyframes: expected a list")
    frames: list[tuple[int, dict[str, Any], dict[str, int] | None]] = []
    for entry in raw_frames:
        entry = json_object(entry, "a keyframe")
        it = whole_number(entry.get("iteration"), "keyframe iteration", 1, completed)
        if frames and it <= frames[-1][0]:
            raise DamagedFile("keyframes are not in increasing order")
        rng = generator_state(entry.get("data_rng"), f"keyframe {it}")
        stream = _stream_state(entry.get("stream"), it) if sequential else None
        frames.append((it, rng, stream))
    if completed and (not frames or frames[-1][0] != completed):
        raise DamagedFile(f"no keyframe at the end of the run (iteration {completed})")
    return _Meta(completed, status, frames)


def _stream_state(value: Any, iteration: int) -> dict[str, int]:
    """A sequential stream's ``{"seed", "position"}``; a run draws one batch per iteration."""
    if value is None:
        raise DamagedFile(
            f"keyframe {iteration} has no stream position (the run samples sequentially)"
        )
    state = json_object(value, f"keyframe {iteration} stream")
    if set(state) != {"seed", "position"}:
        raise DamagedFile(f"keyframe {iteration} stream: expected seed and position")
    return {
        "seed": whole_number(state["seed"], f"keyframe {iteration} stream seed", 0, 2**63 - 1),
        "position": whole_number(
            state["position"], f"keyframe {iteration} stream position", 0, iteration + 1
        ),
    }


def _decode_carried(session: Session, prefix: str, arrays: dict) -> tuple[np.ndarray, ...] | None:
    """The state a model carries into the next batch, or None when the file holds none."""
    if not any(key.startswith(f"{prefix}/carried/") for key in arrays):
        return None
    cell = prefix.rsplit("/", 1)[1]
    model = session.models[cell]
    shape = (session.config.batch_size, session.config.hidden_size)
    return tuple(
        checked_array(arrays, f"{prefix}/carried/{i}", shape, "f", True)
        for i in range(carried_size(model))
    )


def _decode_keyframe(
    session: Session,
    meta: _Meta,
    iteration: int,
    data_rng: dict,
    stream: dict[str, int] | None,
    arrays: dict,
) -> Keyframe:
    carried: dict[str, tuple[np.ndarray, ...]] = {}
    models: dict[str, dict[str, np.ndarray]] = {}
    optimizers: dict[str, dict[str, object]] = {}
    for cell in session.cells:
        prefix = f"{iteration}/{cell}"
        at = meta.status.get(cell, (None,))[0]
        live = at is None or iteration < at
        model = session.models[cell]
        state = {}
        for name, param in model.params.items():
            state[name] = checked_array(arrays, f"{prefix}/model/{name}", param.shape, "f", live)
        rng = checked_array(arrays, f"{prefix}/model/rng_state", None, "u", False)
        if rng.ndim != 1 or rng.dtype != np.uint8:
            raise DamagedFile(f"{prefix}/model/rng_state is not a generator state")
        state["rng_state"] = rng
        try:
            generator_state(json.loads(bytes(rng).decode()), f"{prefix} model")
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise DamagedFile(f"{prefix}/model/rng_state is not a generator state") from None
        models[cell] = state
        optimizers[cell] = _optimizer_state(session, cell, prefix, arrays, live)
        held = _decode_carried(session, prefix, arrays) if stream is not None else None
        if held is not None:
            carried[cell] = held
        elif stream is not None and live:
            # Every model that trained on carries its final state into the next batch.
            raise DamagedFile(f"missing {prefix}/carried: the state carried into the next batch")
    if stream is not None and stream["seed"] != session.task.stream.seed:
        raise DamagedFile(
            f"keyframe {iteration} stream seed {stream['seed']} is not the task's seed "
            f"{session.task.stream.seed}"
        )
    return Keyframe(iteration, models, optimizers, data_rng, stream, carried)


def _optimizer_state(
    session: Session, cell: str, prefix: str, arrays: dict, live: bool
) -> dict[str, object]:
    template = session.optimizers[cell].state_dict()
    state: dict[str, object] = {}
    for key, value in template.items():
        name = f"{prefix}/optim/{key}"
        if isinstance(value, np.ndarray):
            state[key] = checked_array(arrays, name, value.shape, "f", live)
        else:
            scalar = checked_array(arrays, name, (), "iuf", True)
            number = scalar.item()
            if isinstance(value, int) and not float(number).is_integer():
                raise DamagedFile(f"{name} must be a whole number")
            if number < 0 or number > MAX_ITERATIONS * 10:
                raise DamagedFile(f"{name} is out of range")
            state[key] = type(value)(number)
    return state


def _decode_curves(session: Session, meta: _Meta, cell: str, arrays: dict) -> CurveLog:
    at = meta.status.get(cell, (None,))[0]
    n = meta.completed if at is None else min(meta.completed, at - 1)
    iterations = checked_array(arrays, f"{cell}/iterations", (n,), "iu", True)
    if not np.array_equal(iterations, np.arange(1, n + 1)):
        raise DamagedFile(f"curves of {cell} do not count the iterations 1 … {n}")
    series = {}
    for name in CURVE_SERIES:
        kind = "b" if name == "clipped" else "f"
        series[name] = checked_array(arrays, f"{cell}/{name}", (n,), kind, False)
    metric_its = checked_array(arrays, f"{cell}/metric_iterations", None, "iu", True)
    m = len(metric_its) if metric_its.ndim == 1 else -1
    if m < 0 or (m and (metric_its[0] < 1 or metric_its[-1] > n)):
        raise DamagedFile(f"curves of {cell}: evaluations outside the run")
    if m > 1 and not np.all(np.diff(metric_its) > 0):
        raise DamagedFile(f"curves of {cell}: evaluations not in increasing order")
    prefix = f"{cell}/metric/"
    metrics = {
        key[len(prefix) :]: checked_array(arrays, key, (m,), "f", False)
        for key in arrays
        if key.startswith(prefix)
    }
    return CurveLog.from_arrays(iterations, series, metric_its, metrics, at)


def _apply(session: Session, meta: _Meta, frames: list[Keyframe], logs: dict) -> None:
    """Install checked contents into the new session (nothing here can fail on content)."""
    if frames:
        session.carried = restore(
            frames[-1],
            session.models,
            session.optimizers,
            session.data_rng,
            stream_of(session.task),
        )
    for cell, (at, message, norm) in meta.status.items():
        session.status[cell] = ModelStatus(cell, CELL_NAMES[cell], at, message, norm)
    session.curves = logs
    session.completed = meta.completed
    history = session.history
    history.completed = meta.completed
    history.external_bytes = sum(log.nbytes() for log in logs.values())
    for frame in frames:
        history.add(frame)


class _Reporter:
    """Calls ``progress`` and raises ``SessionFileCancelled`` when ``cancelled()`` says so."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None, path: Path):
        self.progress, self.cancelled, self.path = progress, cancelled, path

    def was_cancelled(self) -> bool:
        return self.cancelled is not None and self.cancelled()

    def __call__(self, fraction: float) -> None:
        if self.cancelled is not None and self.cancelled():
            raise SessionFileCancelled()
        if self.progress is not None:
            self.progress(min(1.0, max(0.0, fraction)))
