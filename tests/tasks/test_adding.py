"""The adding problem."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.tasks import make_task
from tests.tasks.fake_models import OracleModel


def test_markers_one_in_each_half_and_target_is_their_sum():
    task = make_task("adding", seq_len=21)
    X, Y, mask = task.batch(200, np.random.default_rng(3))
    T = 21
    marks = X[:, :, 1]
    assert np.array_equal(marks.sum(axis=0), np.full(200, 2.0))
    for b in range(200):
        first, second = np.flatnonzero(marks[:, b])
        assert first < T // 2 <= second
        assert Y[-1, b, 0] == pytest.approx(X[first, b, 0] + X[second, b, 0])
    assert ((X[:, :, 0] >= 0) & (X[:, :, 0] < 1)).all()
    assert (mask[-1] == 1).all() and (mask[:-1] == 0).all()


def test_baseline_is_one_sixth():
    task = make_task("adding")
    baseline = task.baseline
    assert baseline["predict 1 (theory)"] == pytest.approx(1 / 6)
    _, Y, _ = task.eval_set()
    exact = np.mean((Y[-1, :, 0] - 1.0) ** 2)
    assert baseline["mse"] == pytest.approx(exact) and baseline["loss"] == baseline["mse"]
    assert abs(baseline["mse"] - 1 / 6) < 0.05  # the eval set is a sample of the theory


def test_constant_one_scores_the_baseline_and_truth_solves():
    task = make_task("adding")
    _X, Y, _ = task.eval_set()
    metrics = task.evaluate(OracleModel(np.ones_like(Y)))
    assert metrics["mse"] == pytest.approx(task.baseline["mse"])
    assert not task.solved(metrics)
    perfect = task.evaluate(OracleModel(Y.copy()))
    assert perfect == {"loss": 0.0, "mse": 0.0} and task.solved(perfect)


def test_marker_noise_keeps_the_targets():
    clean = make_task("adding", noise=0.0).batch(8, np.random.default_rng(0))
    noisy = make_task("adding", noise=0.3).batch(8, np.random.default_rng(0))
    np.testing.assert_array_equal(clean[1], noisy[1])
    np.testing.assert_array_equal(clean[0][:, :, 0], noisy[0][:, :, 0])
    assert not np.array_equal(clean[0][:, :, 1], noisy[0][:, :, 1])


def test_panel_caption_names_the_marked_values(tiny_model):
    task = make_task("adding", noise=0.5)
    panel = task.panel(tiny_model(task), example=2)
    _X, Y, _ = task.eval_set()
    assert f"= {Y[-1, 2, 0]:.2f}" in panel.caption
    assert panel.labels == ("value", "marker")
    assert panel.mask[-1] and panel.mask.sum() == 1
