"""The previous target as an input (teacher forcing for output recurrence)."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.tasks import make_task, shifted_targets
from explorer.tasks.teacher_forcing import task_shifted_targets


def test_class_targets_become_the_previous_one_hot():
    Y = np.array([[2, 0], [1, 1], [0, 2]])
    out = shifted_targets(Y, output_size=3)
    assert out.shape == (3, 2, 3) and out.dtype == np.float64
    np.testing.assert_array_equal(out[0], 0.0)
    np.testing.assert_array_equal(out[1], np.eye(3)[[2, 0]])
    np.testing.assert_array_equal(out[2], np.eye(3)[[1, 1]])


def test_real_targets_shift_by_one_step():
    Y = np.arange(12.0).reshape(4, 3, 1)
    out = shifted_targets(Y)
    np.testing.assert_array_equal(out[1:], Y[:-1])
    np.testing.assert_array_equal(out[0], 0.0)


def test_a_step_after_an_unscored_step_gets_no_target():
    Y = np.array([[1], [2], [0], [1]])
    mask = np.array([[1.0], [0.0], [1.0], [1.0]])
    out = shifted_targets(Y, 3, mask)
    np.testing.assert_array_equal(out[:, 0].argmax(-1)[[1, 3]], [1, 0])
    np.testing.assert_array_equal(out[2], 0.0)  # step 1 has no target to feed into step 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.zeros((3, 2), dtype=int),), "'output_size'"),
        ((np.array([[0], [5]]), 3), "'output_size' is 3"),
        ((np.zeros(4),), "'Y'"),
        ((np.zeros((3, 2, 1)), None, np.ones((2, 2))), "'mask'"),
    ],
)
def test_bad_input_names_the_argument(args, message):
    with pytest.raises(ValueError, match=message):
        shifted_targets(*args)


@pytest.mark.parametrize(
    ("key", "params"),
    [("sine", {}), ("charlm", {}), ("patterns", {"pattern": "synchronous"}), ("lookahead", {})],
)
def test_tasks_with_a_target_per_step_get_the_true_previous_target(key, params):
    task = make_task(key, **params)
    X, Y, mask = task.batch(3, np.random.default_rng(0))
    fed = task_shifted_targets(task, Y, mask)
    assert fed.shape == (task.seq_len, 3, task.output_size)
    if task.loss == "ce":
        np.testing.assert_array_equal(fed[1:].argmax(-1), Y[:-1])
        np.testing.assert_array_equal(fed[1:].sum(-1), 1.0)
    else:  # sine leaves its warm-up steps unscored: nothing is fed after them
        np.testing.assert_array_equal(fed[1:], Y[:-1] * mask[:-1, :, None])
        assert (mask[:-1] > 0).any()
    if key == "charlm":  # the next-character target of step t − 1 is the input of step t
        np.testing.assert_array_equal(fed[1:], X[1:])


@pytest.mark.parametrize(
    ("key", "params"), [("patterns", {"pattern": "synchronous"}), ("sine", {})]
)
def test_it_is_what_the_engines_output_recurrent_network_is_fed(key, params):
    """Runs once the engine has an output-recurrent network (``OutputRecurrentRNN``)."""
    engine = pytest.importorskip("explorer.engine")
    if not hasattr(engine, "OutputRecurrentRNN"):
        pytest.skip("this engine has no output-recurrent network")
    task = make_task(key, **params)
    X, Y, mask = task.batch(4, np.random.default_rng(0))
    model = engine.OutputRecurrentRNN(task.input_size, 8, task.output_size, seed=0)
    res = model.loss_and_grads(X, Y, loss=task.loss, mask=mask, teacher_forcing=True)
    np.testing.assert_array_equal(res.trace.fed, task_shifted_targets(task, Y))
