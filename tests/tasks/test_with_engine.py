"""The tasks with real engine models: evaluation, panels, speed and a short training run."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.tasks import make_task, task_keys

engine = pytest.importorskip("explorer.engine")


def _model(task, cell: str, hidden: int = 16, seed: int = 0):
    return engine.make_model(
        cell,
        input_size=task.input_size,
        hidden_size=hidden,
        output_size=task.output_size,
        seed=seed,
    )


@pytest.mark.parametrize("key", task_keys())
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_evaluate_and_panel_with_engine_models(key, cell):
    task = make_task(key)
    model = _model(task, cell)
    metrics = task.evaluate(model)
    assert np.isfinite(list(metrics.values())).all()
    # the task's loss on the evaluation set is the engine's loss on the same batch
    X, Y, mask = task.eval_set()
    res = model.loss_and_grads(X, Y, loss=task.loss, mask=mask)
    assert metrics["loss"] == pytest.approx(res.loss, rel=1e-9)
    task.panel(model, example=1)


def test_training_improves_on_the_baseline():
    """A few hundred Adam steps on short adding sequences beat the constant-1 baseline."""
    task = make_task("adding", seq_len=10)
    model = _model(task, "lstm", hidden=16)
    opt = engine.Adam(model.params, lr=1e-2)
    rng = np.random.default_rng(0)
    for _ in range(300):
        X, Y, mask = task.batch(32, rng)
        res = model.loss_and_grads(X, Y, loss=task.loss, mask=mask)
        engine.clip_grad_norm(res.grads, 1.0)
        opt.step(res.grads)
    assert task.evaluate(model)["mse"] < 0.5 * task.baseline["mse"]
