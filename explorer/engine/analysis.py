"""Matrix measures the views show next to a recurrent weight matrix.

For the vanilla RNN, ``dh_t/dh_{t-1} = diag(phi'(a_t)) W_hh^T``; since |phi'| <= 1 for
tanh, the largest singular value of ``W_hh`` bounds how fast gradients can grow, and a
spectral radius below 1 makes them vanish over long spans (Pascanu et al. 2013).
"""

from __future__ import annotations

import numpy as np


def _square(W: np.ndarray, name: str) -> np.ndarray:
    arr = np.asarray(W)
    if arr.ndim != 2 or arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be a real 2-D matrix, got shape {arr.shape}")
    return arr.astype(np.float64)


def spectral_radius(W: np.ndarray) -> float:
    """Largest absolute eigenvalue of the square matrix W (H, H)."""
    arr = _square(W, "W")
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"W must be square, got shape {arr.shape}")
    return float(np.max(np.abs(np.linalg.eigvals(arr))))


def largest_singular_value(W: np.ndarray) -> float:
    """Spectral norm (largest singular value) of the matrix W."""
    return float(np.linalg.norm(_square(W, "W"), 2))
