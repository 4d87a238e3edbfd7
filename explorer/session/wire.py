"""Messages between the window's process and the engine process (``engine_process.py``).

A message is a kind, a JSON header and raw arrays, written as: the header's length (8 bytes,
little-endian), the header (UTF-8 JSON, with the kind and each array's dtype and shape), then
each array's bytes. Nothing is pickled: a message can only ever become numbers, strings and
NumPy arrays of plain dtypes.
"""

from __future__ import annotations

import json
import struct
from typing import IO, Any

import numpy as np

from explorer.session.history import Keyframe

_LENGTH = struct.Struct("<Q")
# A header larger than this is not one of ours (a keyframe's header is a few kilobytes).
MAX_HEADER_BYTES = 16 * 1024 * 1024
# dtypes a message may carry (parameters, optimizer buffers, generator states, flags).
_PLAIN_KINDS = "biuf"


class WireError(Exception):
    """The other side sent something that is not a message, or went away."""


Message = tuple[str, dict[str, Any], list[np.ndarray]]


def write_message(
    stream: IO[bytes], kind: str, header: dict[str, Any] | None = None, arrays=()
) -> None:
    """Write one message (and flush it)."""
    arrays = [np.ascontiguousarray(a) for a in arrays]
    meta = dict(header or {})
    meta["kind"] = kind
    meta["arrays"] = [[a.dtype.str, list(a.shape)] for a in arrays]
    text = json.dumps(meta).encode()
    stream.write(_LENGTH.pack(len(text)))
    stream.write(text)
    for array in arrays:
        stream.write(memoryview(array).cast("B"))
    stream.flush()


def read_message(stream: IO[bytes]) -> Message:
    """Read one message; ``WireError`` at the end of the stream or on anything malformed."""
    (length,) = _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))
    if length > MAX_HEADER_BYTES:
        raise WireError(f"a message header of {length} bytes is not valid")
    try:
        header = json.loads(_read_exactly(stream, length))
        kind = header.pop("kind")
        layout = header.pop("arrays")
    except (ValueError, KeyError, TypeError) as exc:
        raise WireError(f"a message header could not be read: {exc}") from None
    arrays = [_read_array(stream, spec) for spec in layout]
    return str(kind), header, arrays


def _read_array(stream: IO[bytes], spec: Any) -> np.ndarray:
    try:
        dtype = np.dtype(spec[0])
        shape = tuple(int(n) for n in spec[1])
    except (TypeError, ValueError, IndexError):
        raise WireError(f"an array description {spec!r} is not valid") from None
    if dtype.kind not in _PLAIN_KINDS or any(n < 0 for n in shape):
        raise WireError(f"an array of dtype {dtype} and shape {shape} is not valid")
    size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    return np.frombuffer(_read_exactly(stream, size), dtype=dtype).reshape(shape)


def _read_exactly(stream: IO[bytes], size: int) -> bytearray:
    """``size`` bytes (a pipe hands out what has arrived so far: read until all is in)."""
    data = bytearray(size)
    view = memoryview(data)
    got = 0
    while got < size:
        n = stream.readinto(view[got:])
        if not n:
            raise WireError("the other process closed the connection")
        got += n
    return data


# ---------------------------------------------------------------------------- keyframes
def keyframe_parts(frame: Keyframe) -> tuple[dict[str, Any], list[np.ndarray]]:
    """A keyframe as a header and arrays, for ``write_message``."""
    arrays: list[np.ndarray] = []
    places: list[list[Any]] = []
    scalars: dict[str, dict[str, Any]] = {}
    for group, states in (("model", frame.models), ("optim", frame.optimizers)):
        for cell, state in states.items():
            for name, value in state.items():
                if isinstance(value, np.ndarray):
                    places.append([group, cell, name])
                    arrays.append(value)
                else:
                    scalars.setdefault(cell, {})[name] = value
    for cell, state in frame.carried.items():
        for i, value in enumerate(state):
            places.append(["carried", cell, i])
            arrays.append(np.asarray(value))
    header = {
        "iteration": frame.iteration,
        "data_rng": frame.data_rng,
        "stream": frame.stream,
        "scalars": scalars,
        "places": places,
        "cells": list(frame.models),
    }
    return header, arrays


def keyframe_from_parts(header: dict[str, Any], arrays: list[np.ndarray]) -> Keyframe:
    """The keyframe ``keyframe_parts`` described (``WireError`` if it does not fit)."""
    try:
        cells = [str(c) for c in header["cells"]]
        models: dict[str, dict[str, Any]] = {c: {} for c in cells}
        optimizers: dict[str, dict[str, Any]] = {c: {} for c in cells}
        carried: dict[str, list[np.ndarray]] = {}
        places = header["places"]
        if len(places) != len(arrays):
            raise WireError("a keyframe's arrays do not match its description")
        for (group, cell, name), array in zip(places, arrays, strict=True):
            if group == "model":
                models[cell][name] = array
            elif group == "optim":
                optimizers[cell][name] = array
            else:
                carried.setdefault(cell, []).append(array)
        for cell, values in header["scalars"].items():
            optimizers[cell].update(values)
        return Keyframe(
            iteration=int(header["iteration"]),
            models=models,
            optimizers=optimizers,
            data_rng=header["data_rng"],
            stream=header["stream"],
            carried={c: tuple(state) for c, state in carried.items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"a keyframe could not be read: {exc}") from None
