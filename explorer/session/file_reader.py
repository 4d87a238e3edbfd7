"""Reading a session file: every field checked before the session is built.

A bad file changes nothing and is named in a clear message (``SessionFileError``). Arrays
are read with ``allow_pickle=False``: a file can never run code. The layout is described in
``explorer.session.files``.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from explorer.session.archive import (
    Cancelled,
    Progress,
    SessionFileCancelled,
    SessionFileError,
    open_archive,
    parse_json,
)
from explorer.session.carry import carried_size, stream_of
from explorer.session.config import CELL_NAMES, ConfigError, SessionConfig
from explorer.session.file_bookmarks import read_bookmarks_member
from explorer.session.file_fields import (
    DamagedFile,
    checked_array,
    finite_number,
    generator_state,
    json_object,
    whole_number,
)
from explorer.session.file_format import (
    MAX_ITERATIONS,
    MAX_KEYFRAMES,
    MAX_MESSAGE,
    FileProgress,
    check_format,
    describe_error,
)
from explorer.session.history import CurveLog, Keyframe
from explorer.session.replay import restore
from explorer.session.session import Session
from explorer.session.snapshot import CURVE_SERIES, ModelStatus


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
        return _load(path, FileProgress(progress, cancelled, path))
    except (SessionFileError, SessionFileCancelled):
        raise
    except DamagedFile as exc:
        raise SessionFileError(
            "{path}: the file is damaged ({reason})", path=path, reason=describe_error(exc)
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
            "{path}: the file is damaged ({reason})", path=path, reason=describe_error(exc)
        ) from None


@dataclass(frozen=True)
class _Meta:
    completed: int
    status: dict[str, tuple[int, str, float | None]]
    keyframes: list[tuple[int, dict[str, Any], dict[str, int] | None]]


def _load(path: Path, report: FileProgress) -> Session:
    with open_archive(path) as archive:
        raw_meta = archive.read_json("format.json")
        check_format(raw_meta, path)
        config = _parse_config(archive.read("config.json"), path)
        meta = _check_meta(raw_meta, config, _sequential(config))
        report(0.2)
        keyframes = archive.read_npz("keyframes.npz", report.was_cancelled)
        report(0.5)
        curves = archive.read_npz("curves.npz", report.was_cancelled)
        read_bookmarks_member(archive, meta.completed)  # a damaged one fails the open as well
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
