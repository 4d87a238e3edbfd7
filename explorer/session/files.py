"""Session files (``.bptt``): a zip of JSON and ``.npz`` arrays, written atomically.

Layout of the zip::

    format.json   {"format": "bptt-explorer-session", "version": 1, ...}
    config.json   the SessionConfig
    state.npz     weights, optimizer state and generators, right after the last iteration
    curves.npz    per-iteration scalars of every model
    history.json  + history.npz   (optional) the held snapshots and their resume points

Arrays are read with ``allow_pickle=False``: a file can never run code. Loading builds a
new ``Session`` and checks everything before handing it over, so a bad file leaves the
current session untouched.
"""

from __future__ import annotations

import json
import math
import zipfile
from dataclasses import fields
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
    write_archive,
)
from explorer.session.config import CELL_NAMES, ConfigError, SessionConfig
from explorer.session.history import CurveLog, IterationRecord, ResumePoint
from explorer.session.session import Session
from explorer.session.snapshot import CURVE_SERIES, ModelSnapshot, ModelStatus

FORMAT_NAME = "bptt-explorer-session"
FORMAT_VERSION = 1
SUFFIX = ".bptt"


# ---------------------------------------------------------------------------- encoding helpers
def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    return npz_bytes(arrays)


def _json_blob(value: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(value).encode(), dtype=np.uint8).copy()


def _from_json_blob(array: np.ndarray) -> Any:
    return json.loads(bytes(np.asarray(array, dtype=np.uint8)).decode())


def _put_group(out: dict[str, np.ndarray], prefix: str, group: dict[str, Any]) -> None:
    for key, value in group.items():
        out[f"{prefix}/{key}"] = np.asarray(value)


def _get_group(arrays: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    start = prefix + "/"
    return {
        k[len(start) :]: v
        for k, v in arrays.items()
        if k.startswith(start) and "/" not in k[len(start) :]
    }


def _encode_snapshot(snapshot: ModelSnapshot, prefix: str, arrays: dict[str, np.ndarray]) -> dict:
    scalars: dict[str, Any] = {}
    for f in fields(ModelSnapshot):
        value = getattr(snapshot, f.name)
        if isinstance(value, np.ndarray):
            arrays[f"{prefix}/{f.name}"] = value
        elif isinstance(value, dict) and f.name != "metrics":
            scalars[f.name] = {"__group__": sorted(value)}
            for key, array in value.items():
                arrays[f"{prefix}/{f.name}.{key}"] = array
        elif isinstance(value, float) and not math.isfinite(value):
            scalars[f.name] = {"__float__": repr(value)}
        else:
            scalars[f.name] = value
    return scalars


def _decode_snapshot(scalars: dict, prefix: str, arrays: dict[str, np.ndarray]) -> ModelSnapshot:
    values: dict[str, Any] = {}
    for f in fields(ModelSnapshot):
        key = f"{prefix}/{f.name}"
        if key in arrays:
            values[f.name] = arrays[key]
            continue
        value = scalars.get(f.name)
        if isinstance(value, dict) and "__group__" in value:
            value = {name: arrays[f"{prefix}/{f.name}.{name}"] for name in value["__group__"]}
        elif isinstance(value, dict) and "__float__" in value:
            value = float(value["__float__"])
        values[f.name] = value
    return ModelSnapshot(**values)


def _encode_resume(point: ResumePoint, prefix: str, arrays: dict[str, np.ndarray]) -> dict:
    for cell, state in point.models.items():
        _put_group(arrays, f"{prefix}/model/{cell}", state)
    for cell, state in point.optimizers.items():
        _put_group(arrays, f"{prefix}/optim/{cell}", state)
    diverged = {
        c: [at, msg, _finite_or_none(norm)] for c, (at, msg, norm) in point.diverged.items()
    }
    return {"data_rng": point.data_rng, "diverged": diverged}


def _decode_resume(meta: dict, cells: tuple[str, ...], prefix: str, arrays: dict) -> ResumePoint:
    return ResumePoint(
        models={c: _get_group(arrays, f"{prefix}/model/{c}") for c in cells},
        optimizers={c: _get_group(arrays, f"{prefix}/optim/{c}") for c in cells},
        data_rng=meta["data_rng"],
        diverged={c: _status_entry(v) for c, v in meta["diverged"].items()},
    )


def _finite_or_none(value: float | None) -> float | None:
    # JSON has no inf or NaN; an infinite norm is recorded as unknown.
    return value if value is not None and math.isfinite(value) else None


def _status_entry(entry: list) -> tuple[int, str, float | None]:
    """``[iteration, message]`` or ``[iteration, message, norm]`` of a diverged model."""
    norm = entry[2] if len(entry) > 2 else None
    return int(entry[0]), str(entry[1]), None if norm is None else float(norm)


# ---------------------------------------------------------------------------- save
def save_session(
    session: Session,
    path: str | Path,
    include_history: bool = True,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write ``session`` to ``path`` atomically (a failure leaves any old file intact).

    ``progress(fraction)`` reports the writing; ``cancelled()`` turning true raises
    ``SessionFileCancelled`` and leaves no file.
    """
    path = Path(path)
    state: dict[str, np.ndarray] = {}
    resume = _encode_resume(session._resume_point(), "now", state)
    curves: dict[str, np.ndarray] = {}
    for cell, log in session.curves.items():
        frozen = log.freeze()
        for f in fields(frozen):
            value = getattr(frozen, f.name)
            if isinstance(value, dict):
                for name, column in value.items():
                    curves[f"{cell}/metric/{name}"] = column
            else:
                curves[f"{cell}/{f.name}"] = value
    meta = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "completed": session.completed,
        "has_history": include_history,
        "resume": resume,
        "status": {c: [s.diverged_at, s.message] for c, s in session.status.items() if s.diverged},
    }
    members = {
        "format.json": json.dumps(meta, indent=2).encode(),
        "config.json": session.config.to_json().encode(),
        "state.npz": _npz_bytes(state),
        "curves.npz": _npz_bytes(curves),
    }
    if include_history:
        history_arrays: dict[str, np.ndarray] = {}
        records = []
        for record in session.history._records:
            prefix = f"it{record.iteration}"
            records.append(
                {
                    "iteration": record.iteration,
                    "snapshots": {
                        cell: _encode_snapshot(s, f"{prefix}/{cell}", history_arrays)
                        for cell, s in record.snapshots.items()
                    },
                    "resume": _encode_resume(record.resume, f"{prefix}/resume", history_arrays),
                }
            )
        members["history.json"] = json.dumps(records).encode()
        members["history.npz"] = _npz_bytes(history_arrays)
    write_archive(path, members, progress, cancelled)


# ---------------------------------------------------------------------------- load
def load_session(
    path: str | Path, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> Session:
    """Read a session file into a new ``Session``; ``SessionFileError`` names any problem.

    ``cancelled()`` turning true raises ``SessionFileCancelled``; ``progress(fraction)``
    reports the reading.
    """
    path = Path(path)
    try:
        return _load(path, progress or (lambda _f: None), cancelled or (lambda: False))
    except (SessionFileError, SessionFileCancelled):
        raise
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
        if str(exc).startswith("unknown configuration field"):
            # What a later version of the app would write: say so rather than "invalid".
            raise SessionFileError(
                "{path}: written by a newer version of BPTT Explorer ({reason}); "
                "update the app to open it",
                path=path,
                reason=exc,
            ) from None
        raise SessionFileError(
            "{path}: the configuration is invalid: {reason}", path=path, reason=exc
        ) from None
    except (
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        OverflowError,
        RecursionError,
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


def _load(path: Path, progress: Progress, cancelled: Cancelled) -> Session:
    with open_archive(path) as archive:
        meta = archive.read_json("format.json")
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
            raise SessionFileError("{path}: not a BPTT Explorer session file", path=path)
        version = meta.get("version")
        if version != FORMAT_VERSION:
            raise SessionFileError(
                "{path}: session format version {version} is not supported "
                "(this version of BPTT Explorer reads version {supported})",
                path=path,
                version=version,
                supported=FORMAT_VERSION,
            )
        config = SessionConfig.from_json(archive.read("config.json").decode("utf-8"))
        progress(0.1)
        state = archive.read_npz("state.npz", cancelled)
        curves = archive.read_npz("curves.npz", cancelled)
        progress(0.3)
        history = None
        if meta.get("has_history"):
            history = (
                archive.read_json("history.json"),
                archive.read_npz("history.npz", cancelled),
            )
        progress(0.8)
    if cancelled():
        raise SessionFileCancelled()
    try:
        session = Session(config)
    except ValueError as exc:
        raise SessionFileError(
            "{path}: the saved task cannot be set up: {reason}", path=path, reason=exc
        ) from None
    _restore(session, meta, state, curves, history)
    progress(1.0)
    return session


def _restore(session: Session, meta: dict, state: dict, curves: dict, history: Any) -> None:
    cells = session.cells
    point = _decode_resume(meta["resume"], cells, "now", state)
    for cell, model in session.models.items():
        model.load_state_dict(point.models[cell])
        session.optimizers[cell].load_state_dict(point.optimizers[cell])
    session.data_rng.bit_generator.state = point.data_rng
    completed = int(meta["completed"])
    if completed < 0:
        raise ValueError("negative iteration count")
    session.completed = completed
    for cell, entry in meta["status"].items():
        at, message, norm = _status_entry(entry)
        session.status[cell] = ModelStatus(cell, CELL_NAMES[cell], at, message, norm)
    for cell in cells:
        session.curves[cell] = _curve_log(curves, cell)
    if history is not None:
        records, arrays = history
        for entry in records:
            iteration = int(entry["iteration"])
            prefix = f"it{iteration}"
            snapshots = {
                cell: _decode_snapshot(scalars, f"{prefix}/{cell}", arrays)
                for cell, scalars in entry["snapshots"].items()
            }
            resume = _decode_resume(entry["resume"], cells, f"{prefix}/resume", arrays)
            session.history.add(IterationRecord(iteration, snapshots, resume))


def _curve_log(curves: dict[str, np.ndarray], cell: str) -> CurveLog:
    log = CurveLog()
    for name in ("iterations", *CURVE_SERIES, "metric_iterations"):
        setattr(log, name, curves[f"{cell}/{name}"].tolist())
    n = len(log.iterations)
    if any(len(getattr(log, k)) != n for k in ("loss", "grad_norm", "clipped")):
        raise ValueError(f"curves of {cell} have unequal lengths")
    prefix = f"{cell}/metric/"
    log.metrics = {k[len(prefix) :]: v.tolist() for k, v in curves.items() if k.startswith(prefix)}
    return log
