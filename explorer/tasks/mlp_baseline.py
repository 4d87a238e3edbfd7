"""The course notes' autoregressive MLP: predict x_t from the previous tau values.

It is the yardstick for the sine task: one hidden ReLU layer, trained with squared loss on
the first windows of the series, then asked for one-step and k-step-ahead forecasts. It has
its own few lines of Adam so that the tasks package does not depend on the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


def lagged_windows(series: np.ndarray, tau: int) -> tuple[np.ndarray, np.ndarray]:
    """Feature/label pairs of an autoregressive model: ``features[i] = series[i : i + tau]``
    and ``labels[i] = series[i + tau]``; shapes ``(N - tau, tau)`` and ``(N - tau,)``."""
    n = len(series) - tau
    features = np.lib.stride_tricks.sliding_window_view(series, tau)[:n]
    return np.array(features), np.array(series[tau:])


@dataclass(frozen=True)
class AutoregressiveMLP:
    """``x_hat = relu(f @ W1 + b1) @ W2 + b2`` on windows ``f`` of the last ``tau`` values.

    ``W1`` ``(tau, H)``, ``b1`` ``(H,)``, ``W2`` ``(H,)``, ``b2`` scalar.
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: float

    @property
    def tau(self) -> int:
        return self.W1.shape[0]

    def predict(self, features: np.ndarray) -> np.ndarray:
        """One prediction per window: ``(N, tau) -> (N,)``."""
        return np.maximum(features @ self.W1 + self.b1, 0.0) @ self.W2 + self.b2

    def forecast(self, series: np.ndarray, starts: np.ndarray, horizon: int) -> np.ndarray:
        """k-step-ahead forecasts, all start points at once.

        For each start ``s`` the model sees the true ``series[s - tau : s]`` and then only its
        own predictions. Returns ``(horizon, len(starts))``: row ``k - 1`` holds the forecast
        of ``series[s + k - 1]`` made ``k`` steps ahead. Requires ``starts >= tau``.
        """
        starts = np.asarray(starts)
        window = np.stack([series[s - self.tau : s] for s in starts])
        out = np.empty((horizon, len(starts)))
        for k in range(horizon):
            out[k] = self.predict(window)
            window = np.concatenate([window[:, 1:], out[k][:, None]], axis=1)
        return out


def fit_mlp(
    features: np.ndarray,
    labels: np.ndarray,
    hidden: int = 10,
    steps: int = 400,
    lr: float = 0.01,
    seed: int = 0,
) -> AutoregressiveMLP:
    """Full-batch Adam on the mean squared error; deterministic for a given ``seed``.

    ``features`` ``(N, tau)``, ``labels`` ``(N,)``. Xavier-uniform initial weights as in the
    notes' example.
    """
    rng = np.random.default_rng(seed)
    tau = features.shape[1]
    limit1, limit2 = np.sqrt(6.0 / (tau + hidden)), np.sqrt(6.0 / (hidden + 1))
    params = [
        rng.uniform(-limit1, limit1, size=(tau, hidden)),
        np.zeros(hidden),
        rng.uniform(-limit2, limit2, size=hidden),
        np.zeros(1),
    ]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    n = len(labels)
    for step in range(1, steps + 1):
        W1, b1, W2, b2 = params
        pre = features @ W1 + b1
        hid = np.maximum(pre, 0.0)
        err = hid @ W2 + b2[0] - labels
        d_out = 2.0 * err / n
        d_pre = np.outer(d_out, W2) * (pre > 0)
        grads = [features.T @ d_pre, d_pre.sum(axis=0), hid.T @ d_out, np.array([d_out.sum()])]
        for i, g in enumerate(grads):
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g * g
            m_hat = m[i] / (1 - beta1**step)
            v_hat = v[i] / (1 - beta2**step)
            params[i] = params[i] - lr * m_hat / (np.sqrt(v_hat) + eps)
    W1, b1, W2, b2 = params
    return AutoregressiveMLP(W1, b1, W2, float(b2[0]))


@lru_cache(maxsize=16)
def notes_mlp(series_bytes: bytes, tau: int, n_train: int, seed: int) -> AutoregressiveMLP:
    """The notes' baseline for one series (passed as ``float64`` bytes so it can be cached):
    ``tau``-window MLP with 10 hidden units trained on the first ``n_train`` windows."""
    series = np.frombuffer(series_bytes, dtype=np.float64)
    features, labels = lagged_windows(series, tau)
    return fit_mlp(features[:n_train], labels[:n_train], seed=seed)
