"""Argument checks shared by the models, losses and optimizers.

Every check raises ``ValueError`` whose message starts with the argument's name,
so a GUI can show it as-is. Checks run before anything is mutated or any random
number is drawn, which is what keeps a failing call from leaving a half-updated model.
"""

from __future__ import annotations

import math

import numpy as np

DTYPES = ("float64", "float32")


def check_positive_int(value: object, name: str) -> int:
    """An ``int`` (not ``bool``) strictly greater than zero."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_finite_float(value: object, name: str) -> float:
    """A finite real number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    """One of a few string options."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value


def check_dtype(dtype: object) -> np.dtype:
    """``np.float64`` (default) or ``np.float32``, given as a type, dtype or string."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise ValueError(f"dtype must be float64 or float32, got {dtype!r}") from None
    if dt.name not in DTYPES:
        raise ValueError(f"dtype must be float64 or float32, got {dtype!r}")
    return dt


def check_bool(value: object, name: str) -> bool:
    """A ``bool`` (NumPy's too); anything else is refused by name."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a bool, got {value!r}")
    return bool(value)


def check_seed(seed: object) -> int | None:
    """``None`` or a non-negative ``int``."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be None or a non-negative integer, got {seed!r}")
    return int(seed)


def as_real_array(value: object, name: str) -> np.ndarray:
    """An array of real numbers (ints or floats; no bools, complex or objects)."""
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    return arr


def check_inputs(X: object, input_size: int, dtype: np.dtype) -> np.ndarray:
    """``X`` of shape ``(T, B, D)``: finite reals, converted to a C-contiguous copy in ``dtype``."""
    arr = as_real_array(X, "X")
    if arr.ndim != 3 or arr.shape[0] < 1 or arr.shape[1] < 1 or arr.shape[2] != input_size:
        raise ValueError(f"X must have shape (T, B, {input_size}) with T, B >= 1, got {arr.shape}")
    # A copy, so the trace never aliases the caller's buffer.
    out = np.array(arr, dtype=dtype, order="C", copy=True)
    if not np.isfinite(out).all():
        raise ValueError("X must be finite (it contains NaN or inf)")
    return out


def check_mask(mask: object, T: int, B: int, dtype: np.dtype) -> np.ndarray:
    """``mask`` of shape ``(T, B)`` holding 0/1 with at least one 1; ``None`` means all ones."""
    if mask is None:
        return np.ones((T, B), dtype=dtype)
    arr = np.asarray(mask)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"mask must hold 0/1 numbers, got dtype {arr.dtype}")
    if arr.shape != (T, B):
        raise ValueError(f"mask must have shape (T, B) = {(T, B)}, got {arr.shape}")
    if not np.isin(arr, (0, 1)).all():
        raise ValueError("mask must contain only 0 and 1")
    if not arr.any():
        raise ValueError("mask must contain at least one 1 (no step would count in the loss)")
    return np.array(arr, dtype=dtype)


def check_targets(
    Y: object, loss: str, T: int, B: int, output_size: int, mask: np.ndarray, dtype: np.dtype
) -> np.ndarray:
    """Targets that fit ``loss``.

    ``"mse"``: floats ``(T, B, O)``. ``"ce"``: integer classes ``(T, B)`` in ``[0, O)``
    where the mask is 1; entries where the mask is 0 are ignored (replaced by class 0).
    """
    if loss == "mse":
        arr = as_real_array(Y, "Y")
        if arr.shape != (T, B, output_size):
            raise ValueError(
                f"Y must have shape (T, B, O) = {(T, B, output_size)} for loss='mse', got {arr.shape}"
            )
        out = np.array(arr, dtype=dtype, order="C", copy=True)
        if not np.isfinite(out).all():
            raise ValueError("Y must be finite (it contains NaN or inf)")
        return out
    arr = np.asarray(Y)
    if arr.dtype.kind not in "iu":
        raise ValueError(f"Y must hold integer class indices for loss='ce', got dtype {arr.dtype}")
    if arr.shape != (T, B):
        raise ValueError(f"Y must have shape (T, B) = {(T, B)} for loss='ce', got {arr.shape}")
    live = mask != 0
    if ((arr < 0) | (arr >= output_size))[live].any():
        raise ValueError(f"Y class indices must lie in [0, {output_size}) where the mask is 1")
    return np.where(live, arr, 0).astype(np.intp)


def check_state(
    h0: object, B: int, hidden_size: int, n_parts: int, dtype: np.dtype
) -> tuple[np.ndarray, ...]:
    """Initial state as a tuple of ``n_parts`` arrays ``(B, H)``; ``None`` means zeros.

    One-part states (vanilla, GRU) may be given as a bare array or a 1-tuple; the LSTM
    needs the tuple ``(h0, c0)``.
    """
    if h0 is None:
        return tuple(np.zeros((B, hidden_size), dtype=dtype) for _ in range(n_parts))
    if n_parts == 1 and not isinstance(h0, (tuple, list)):
        parts: tuple = (h0,)
    elif isinstance(h0, (tuple, list)) and len(h0) == n_parts:
        parts = tuple(h0)
    else:
        expected = "an array (B, H)" if n_parts == 1 else "a tuple (h0, c0) of arrays (B, H)"
        raise ValueError(f"h0 must be {expected}")
    out = []
    for part in parts:
        arr = as_real_array(part, "h0")
        if arr.shape != (B, hidden_size):
            raise ValueError(f"h0 must have shape (B, H) = {(B, hidden_size)}, got {arr.shape}")
        arr = np.array(arr, dtype=dtype, order="C", copy=True)
        if not np.isfinite(arr).all():
            raise ValueError("h0 must be finite (it contains NaN or inf)")
        out.append(arr)
    return tuple(out)
