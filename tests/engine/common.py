"""Small problem generators shared by the engine tests."""

from __future__ import annotations

import numpy as np

from explorer.engine import make_model

T, B, D, H, Q = 5, 3, 3, 4, 3


def problem(loss="mse", seed=0, T=T, B=B, D=D, Q=Q):
    """Random inputs and targets (T, B, D) / (T, B, O) or (T, B) classes."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((T, B, D))
    Y = rng.standard_normal((T, B, Q)) if loss == "mse" else rng.integers(0, Q, (T, B))
    return X, Y


def model(cell, seed=1, **kwargs):
    """A small model; the sizes of ``common`` unless overridden."""
    kw = {"input_size": D, "hidden_size": H, "output_size": Q, "seed": seed, **kwargs}
    return make_model(cell, **kw)


def mask_for(kind, T=T, B=B):
    """None, a random 0/1 mask with at least one 1, or the many-to-one mask (last step)."""
    if kind == "none":
        return None
    if kind == "last":
        m = np.zeros((T, B))
        m[-1] = 1
        return m
    m = (np.random.default_rng(5).random((T, B)) < 0.6).astype(float)
    m[0, 0] = 1
    return m


def h0_for(cell, kind, B=B, H=H):
    """None or a random initial state in the form the cell takes."""
    if kind == "zeros":
        return None
    rng = np.random.default_rng(7)
    h = rng.standard_normal((B, H)) * 0.5
    return (h, rng.standard_normal((B, H)) * 0.5) if cell == "lstm" else h
