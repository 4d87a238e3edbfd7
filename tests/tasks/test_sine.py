"""Sine forecasting and the notes' autoregressive MLP."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.tasks import make_task
from explorer.tasks.mlp_baseline import fit_mlp, lagged_windows, notes_mlp
from explorer.tasks.sine import HORIZONS, TAU, rnn_forecast, sine_series


class Persistence:
    """Predicts that the next value equals the current input; state is the last input."""

    def forward(self, X, h0=None):
        return X.copy(), X[-1]


def test_series_matches_the_notes():
    x = sine_series(1000, 0.0, 0)
    np.testing.assert_allclose(x, np.sin(0.01 * np.arange(1, 1001)))
    noisy = sine_series(1000, 0.2, 0)
    assert np.std(noisy - x) == pytest.approx(0.2, abs=0.02)
    np.testing.assert_array_equal(noisy, sine_series(1000, 0.2, 0))


def test_windows_split_and_mask():
    task = make_task("sine")
    assert task.split == 604  # 600 windows of tau = 4, as in the notes
    X, Y, mask = task.batch(100, np.random.default_rng(0))
    np.testing.assert_array_equal(X[1:], Y[:-1])
    assert (mask[: TAU - 1] == 0).all() and (mask[TAU - 1 :] == 1).all()
    series = task.series
    # every training target lies in the training part
    for b in range(100):
        start = int(np.flatnonzero(np.isclose(series, X[0, b, 0]))[0])
        assert start + task.seq_len < task.split
    _Xe, Ye, _me = task.eval_set()
    first_targets = Ye[TAU - 1, :, 0]
    index = [int(np.flatnonzero(series == v)[0]) for v in first_targets]
    assert min(index) >= task.split


def test_lagged_windows():
    features, labels = lagged_windows(np.arange(10.0), 4)
    assert features.shape == (6, 4)
    np.testing.assert_array_equal(features[0], [0, 1, 2, 3])
    np.testing.assert_array_equal(labels, np.arange(4.0, 10.0))


def test_forecast_feeds_on_own_predictions():
    x = np.arange(100.0)
    starts = np.array([10, 50])
    ahead = rnn_forecast(Persistence(), x, starts, warmup=5, horizon=6)
    assert ahead.shape == (6, 2)
    np.testing.assert_array_equal(ahead, np.array([[9.0, 49.0]] * 6))


def test_persistence_metrics_equal_previous_value_error():
    task = make_task("sine", noise=0.1)
    metrics = task.evaluate(Persistence())
    assert metrics["mse"] == pytest.approx(task.baseline["previous value mse"])
    x, starts = task.series, task.forecast_starts()
    for k in HORIZONS:
        expected = np.mean((x[starts - 1] - x[starts + k - 1]) ** 2)
        assert metrics[f"mse_k{k}"] == pytest.approx(expected)


def test_mlp_baseline_learns_and_errors_grow_with_k():
    task = make_task("sine")
    b = task.baseline
    # close to the noise floor one step ahead, clearly better than "previous value"
    assert b["noise floor"] < b["mse"] < 1.3 * b["noise floor"]
    assert b["mse"] < b["previous value mse"]
    assert b["mse_k4"] < b["mse_k16"] < b["mse_k64"]
    assert b["loss"] == b["mse"]
    assert task.solved_threshold == b["mse"]


def test_mlp_fit_is_deterministic_and_cached():
    x = sine_series(300, 0.2, 1)
    features, labels = lagged_windows(x, 4)
    a = fit_mlp(features, labels, steps=50, seed=3)
    b = fit_mlp(features, labels, steps=50, seed=3)
    np.testing.assert_array_equal(a.W1, b.W1)
    assert notes_mlp(x.tobytes(), 4, 200, 0) is notes_mlp(x.tobytes(), 4, 200, 0)


def test_panel_curves(tiny_model):
    task = make_task("sine")
    panel = task.panel(tiny_model(task))
    assert panel.kind == "series"
    assert set(panel.series) == {"data", "1-step", "4-step", "16-step", "64-step"}
    n = len(panel.x)
    assert all(curve.shape == (n,) for curve in panel.series.values())
    assert panel.x[0] == max(task.split + 1, 1000 - 256 + 1) and panel.x[-1] == 1000
    np.testing.assert_array_equal(panel.series["data"], task.series[-n:])
    assert np.isfinite(panel.series["1-step"]).all()
    assert np.isfinite(panel.series["64-step"]).all()
