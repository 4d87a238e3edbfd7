"""Checks of the fields a session file holds: each returns the value or raises
``DamagedFile`` naming the field and what was wrong with it (``explorer.session.files``
turns that into a ``SessionFileError`` naming the file)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class DamagedFile(Exception):
    """A field of the file is wrong; the text names it (wrapped into SessionFileError)."""


def whole_number(value: Any, name: str, low: int, high: int) -> int:
    """``value`` if it is an int (not a bool) from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DamagedFile(
            f"{name}: expected a whole number from {low} to {high}, got {value!r:.40}"
        )
    return value


def finite_number(value: Any, name: str) -> float:
    """``value`` as a float if it is a finite int or float (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DamagedFile(f"{name}: expected a finite number, got {value!r:.40}")
    return float(value)


def json_object(value: Any, name: str) -> dict:
    """``value`` if it is a JSON object (a dict)."""
    if not isinstance(value, dict):
        raise DamagedFile(f"{name}: expected an object, got {type(value).__name__}")
    return value


def generator_state(value: Any, name: str) -> dict[str, Any]:
    """A bit-generator state that a generator accepts (checked on a probe)."""
    state = json_object(value, f"{name} generator state")
    try:
        probe = np.random.default_rng()
        probe.bit_generator.state = state
    except (ValueError, TypeError, KeyError, OverflowError):
        raise DamagedFile(f"{name}: not a valid generator state") from None
    return state


def checked_array(
    arrays: dict, name: str, shape: tuple[int, ...] | None, kinds: str, finite: bool
) -> np.ndarray:
    """``arrays[name]`` checked: present, of a dtype kind in ``kinds``, shape, finiteness."""
    if name not in arrays:
        raise DamagedFile(f"missing {name}")
    array = arrays[name]
    if array.dtype.kind not in kinds:
        raise DamagedFile(f"{name} holds {array.dtype}, not numbers of the expected kind")
    if shape is not None and array.shape != shape:
        raise DamagedFile(f"{name} has shape {array.shape}, expected {shape}")
    if finite and array.dtype.kind == "f" and not np.isfinite(array).all():
        raise DamagedFile(f"{name} holds values that are not finite")
    return array
