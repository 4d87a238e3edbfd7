"""Matrix measures the views show next to a recurrent weight matrix.

For the vanilla RNN in the row convention (``h_t = phi(x_t W_xh + h_{t-1} W_hh + b_h)``),
on column vectors ``dh_t/dh_{t-1} = diag(phi'(a_t)) W_hh^T``; since |phi'| <= 1 for
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


def rnn_jacobian_product_norms(W_hh: np.ndarray, dphi: np.ndarray, xi: np.ndarray) -> np.ndarray:
    """``(T,)`` spectral norms ‖∂h_T/∂h_t‖ for t = 1..T of one example of a vanilla RNN.

    Row convention: ``h_t = phi(x_t W_xh + h_{t-1} W_hh + b_h)``, so on column vectors
    ``∂h_t/∂h_{t-1} = xi_t diag(phi'_t) W_hh^T`` (``xi_t``: the truncation factor of step t,
    which scales what step t sends back). W_hh: (H, H); dphi: (T, H) the example's slopes
    phi'(a_t); xi: (T,). Entry T - 1 (t = T) is 1; a cut (``xi = 0``) zeroes every earlier
    entry.
    """
    W = _square(W_hh, "W_hh")
    dphi = np.asarray(dphi, dtype=np.float64)
    xi = np.asarray(xi, dtype=np.float64)
    T, H = dphi.shape
    norms = np.empty(T)
    norms[T - 1] = 1.0
    # The products are collected in blocks and their largest singular values found in one
    # batched SVD per block: a call per step cost a quarter more (the block bounds memory).
    block = np.empty((min(T - 1, _NORM_BLOCK), H, H))
    product = np.eye(H)
    filled = 0
    for s in range(T - 1, 0, -1):
        # product = ∂h_T/∂h_s; one more step back multiplies by ∂h_s/∂h_{s-1} on the right.
        product = np.matmul(product, xi[s] * (dphi[s][:, None] * W.T), out=block[filled])
        filled += 1
        if filled == len(block) or s == 1:
            norms[s - 1 : s - 1 + filled] = _largest_singular_values(block[:filled])[::-1]
            product = product.copy()
            filled = 0
    return norms


# Jacobian products per batched SVD (at H = 128, 32 of them take 4 MB).
_NORM_BLOCK = 32


def _largest_singular_values(stack: np.ndarray) -> np.ndarray:
    """``(n,)`` the spectral norm of each ``(H, H)`` matrix of ``stack`` (0 for a zero one)."""
    return np.linalg.svd(stack, compute_uv=False)[:, 0]


def rnn_jacobian_bound(W_hh: np.ndarray, dphi: np.ndarray, xi: np.ndarray) -> np.ndarray:
    """``(T,)`` the bound ``(σ_max(W_hh) · max|phi'|)^(T−t) · Π_{s>t} |xi_s|`` on
    :func:`rnn_jacobian_product_norms` (Pascanu et al. 2013), ``max|phi'|`` over the
    example's steps 2..T, the only slopes the product uses.

    It follows from ‖AB‖ ≤ ‖A‖‖B‖ and ‖diag(phi'_s)‖ = max_u |phi'_{s,u}|. It bounds the
    Jacobian product; ‖∂L/∂h_t‖ obeys it (times ‖∂L/∂h_T‖) only when the loss sits at
    step T alone.
    """
    sigma = largest_singular_value(W_hh)
    dphi = np.asarray(dphi, dtype=np.float64)
    xi = np.abs(np.asarray(xi, dtype=np.float64))
    T = dphi.shape[0]
    slope = float(np.max(np.abs(dphi[1:]))) if T > 1 else 0.0
    factors = np.ones(T)
    factors[:-1] = sigma * slope * xi[1:]
    # bound[t] = product of factors[t .. T-1] (the steps t+1 .. T in 1-based terms).
    with np.errstate(over="ignore", under="ignore"):
        return np.cumprod(factors[::-1])[::-1]
