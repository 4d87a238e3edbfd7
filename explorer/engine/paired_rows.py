"""The pieces the row-stacked two-direction kernels (``rnn_pair.py``, ``gru_pair.py``) share.

Both keep the forward direction in rows [0, B) and the reverse one in rows [B, 2B) of each
(·, 2B, F) array; these functions move data into and out of that layout, with the same
arithmetic as the one-direction kernels, so the numbers stay bitwise theirs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .buffers import BufferPool
from .sequence import LayerPass


def halves(a: np.ndarray) -> np.ndarray:
    """(..., 2B, F) -> (..., 2, B, F): each direction's rows as a matrix of its own."""
    *lead, B2, F = a.shape
    return a.reshape(*lead, 2, B2 // 2, F)


def reading_orders(
    X: np.ndarray, dtype: np.dtype, pool: BufferPool
) -> tuple[np.ndarray, np.ndarray]:
    """X (T, B, D) as each direction reads it: X itself, and a contiguous ``dtype`` copy of
    X[::-1] (as the one-direction path makes)."""
    Xr = pool.empty(X.shape, dtype)
    np.copyto(Xr, X[::-1])
    return X, Xr


def input_projections(
    inputs: Sequence[np.ndarray],
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    pool: BufferPool,
) -> np.ndarray:
    """(T, 2B, F): every step's (x W) + b of each direction, one GEMM per direction, in the
    order of the one-direction kernels (the product, then the bias)."""
    T, B, D = inputs[0].shape
    F = weights[0].shape[1]
    dt = weights[0].dtype
    A = pool.empty((T, 2 * B, F), dt)
    proj = pool.empty((T, B, F), dt)
    for d in range(2):
        np.dot(inputs[d].reshape(T * B, D), weights[d], out=proj.reshape(T * B, F))
        np.add(proj, biases[d], out=halves(A)[:, d])
    return A


def side_by_side(parts: Sequence[np.ndarray], dtype: np.dtype, pool: BufferPool) -> np.ndarray:
    """Each direction's (T, B, F) array as the rows of one (T, 2B, F) ``dtype`` array."""
    T, B, F = parts[0].shape
    both = pool.empty((T, 2 * B, F), dtype)
    for d in range(2):
        np.copyto(halves(both)[:, d], parts[d])
    return both


def transposed_weights(passes: Sequence[LayerPass], name: str) -> np.ndarray:
    """(2, F, H): each direction's packed weight ``name`` transposed, for one
    ``np.matmul`` of both directions' rows."""
    return np.stack([lp.packed[name] for lp in passes]).transpose(0, 2, 1)


def direction_caches(
    dA: np.ndarray, grad_hidden: np.ndarray, pool: BufferPool
) -> tuple[dict, dict]:
    """Each direction's backward cache, as its one-direction kernel returns it: its dA made
    contiguous (its parameter and input gradients reshape it) and its rows of ∂L/∂h."""
    dA2 = halves(dA)
    dA_dirs = pool.empty((2, *dA2[:, 0].shape), dA.dtype)
    np.copyto(dA_dirs, dA2.transpose(1, 0, 2, 3))
    gh2 = halves(grad_hidden)
    forward, reverse = (
        {"dA": dA_dirs[d], "grad_hidden": gh2[:, d], "grad_cell": None} for d in range(2)
    )
    return forward, reverse
