"""The Task interface, as every registered task implements it."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from explorer.tasks import (
    DEFAULT_TASK,
    DEMO_SETTINGS,
    TASKS,
    ParamSpec,
    Task,
    TaskPanel,
    make_task,
    task_keys,
)

KEYS = task_keys()


def test_registry_lists_all_tasks():
    assert set(KEYS) == {
        "sine",
        "charlm",
        "adding",
        "recall",
        "temporal_order",
        "reber",
        "lookahead",
        "patterns",
    }
    assert DEFAULT_TASK in TASKS
    for key, cls in TASKS.items():
        assert cls.key == key
        assert cls.title and cls.description
        names = [spec.name for spec in cls.params]
        assert "seed" in names and "noise" in names
        assert len(names) == len(set(names))
        assert all(spec.help for spec in cls.params)


def test_unknown_task_lists_known_ones():
    with pytest.raises(ValueError, match="known tasks: sine, charlm, adding"):
        make_task("nope")


def test_unknown_parameter_is_rejected():
    with pytest.raises(ValueError, match=r"unknown parameter.*'lagg'"):
        make_task("adding", lagg=3)


@pytest.mark.parametrize(
    ("key", "params", "message"),
    [
        ("adding", {"seq_len": 4}, r"'seq_len' must be an integer in \[5, 200\]"),
        ("adding", {"seq_len": 201}, r"'seq_len' must be an integer in \[5, 200\]"),
        ("adding", {"seq_len": 20.5}, "'seq_len'"),
        ("adding", {"seq_len": True}, "'seq_len'"),
        ("adding", {"noise": -0.1}, r"'noise' must be a number in \[0, 0.5\]"),
        ("adding", {"noise": float("nan")}, "'noise'"),
        ("recall", {"lag": 0}, "'lag'"),
        ("recall", {"n_symbols": 1}, "'n_symbols'"),
        ("temporal_order", {"seq_len": 9}, "'seq_len'"),
        ("reber", {"seq_len": 7}, "'seq_len'"),
        ("sine", {"length": 100}, "'length'"),
        ("sine", {"seq_len": 65}, "'seq_len'"),
        ("sine", {"noise": "loud"}, "'noise'"),
        ("charlm", {"corpus": "shakespeare"}, "'corpus' must be one of 'machine', 'zen', 'file'"),
        ("charlm", {"corpus": "machine", "seq_len": 7}, "seq_len must be at most 6"),
        ("charlm", {"seed": -1}, "'seed'"),
    ],
)
def test_out_of_range_parameters(key, params, message):
    with pytest.raises(ValueError, match=message):
        make_task(key, **params)


def test_param_spec_coerces_json_numbers():
    spec = ParamSpec("n", "int", 3, 1, 10, help="h")
    assert spec.validate(5.0) == 5 and isinstance(spec.validate(5.0), int)
    assert ParamSpec("x", "float", 0.5, 0.0, 1.0).validate(1) == 1.0
    with pytest.raises(ValueError):
        ParamSpec("k", "choice", "a")  # a choice without choices
    with pytest.raises(ValueError):
        ParamSpec("k", "colour", "a")


@pytest.mark.parametrize("key", KEYS)
def test_settings_round_trip_through_json(key):
    task = make_task(key, seed=7)
    settings = json.loads(json.dumps(task.settings()))
    again = make_task(key, **settings)
    assert again.settings() == task.settings()
    for a, b in zip(task.eval_set(), again.eval_set(), strict=False):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("key", KEYS)
def test_batch_shapes_dtypes_and_masks(key):
    task = make_task(key)
    X, Y, mask = task.batch(5, np.random.default_rng(0))
    T = task.seq_len
    assert X.shape == (T, 5, task.input_size) and X.dtype == np.float64
    assert mask.shape == (T, 5) and mask.dtype == np.float64
    assert set(np.unique(mask)) <= {0.0, 1.0} and mask.sum() > 0
    if task.loss == "mse":
        assert Y.shape == (T, 5, task.output_size) and Y.dtype == np.float64
    else:
        assert task.loss == "ce"
        assert Y.shape == (T, 5) and np.issubdtype(Y.dtype, np.integer)
        assert Y.min() >= 0 and Y.max() < task.output_size
    assert np.isfinite(X).all() and np.isfinite(Y).all()


@pytest.mark.parametrize("key", KEYS)
def test_batches_are_deterministic_in_the_rng(key):
    task = make_task(key)
    first = task.batch(4, np.random.default_rng(123))
    second = task.batch(4, np.random.default_rng(123))
    third = task.batch(4, np.random.default_rng(124))
    for a, b in zip(first, second, strict=False):
        np.testing.assert_array_equal(a, b)
    assert not all(np.array_equal(a, c) for a, c in zip(first, third, strict=False))


@pytest.mark.parametrize("key", KEYS)
def test_eval_set_is_fixed_by_seed_and_read_only(key):
    a, b, c = make_task(key, seed=1), make_task(key, seed=1), make_task(key, seed=2)
    for x, y in zip(a.eval_set(), b.eval_set(), strict=False):
        np.testing.assert_array_equal(x, y)
    assert a.eval_set()[0] is a.eval_set()[0]  # cached
    with pytest.raises(ValueError):
        a.eval_set()[0][0, 0, 0] = 1.0
    if key != "charlm":  # the built-in corpus does not depend on the seed
        assert not np.array_equal(a.eval_set()[0], c.eval_set()[0])


@pytest.mark.parametrize("key", KEYS)
def test_evaluate_baseline_solved_and_panel(key, tiny_model):
    task = make_task(key)
    model = tiny_model(task)
    metrics = task.evaluate(model)
    assert "loss" in metrics and task.metric_name in metrics
    assert all(isinstance(v, float) and math.isfinite(v) for v in metrics.values())
    assert task.solved(metrics) is False
    assert task.solved({}) is False and task.solved({task.metric_name: float("nan")}) is False
    good = 1e9 if task.metric_higher_is_better else -1e9
    assert task.solved({task.metric_name: good}) is True
    assert isinstance(task.solved_threshold, float) and task.solved_description
    baseline = task.baseline
    assert "loss" in baseline and all(math.isfinite(v) for v in baseline.values())
    panel = task.panel(model, example=3)
    assert isinstance(panel, TaskPanel) and panel.caption
    # The window translates the template, so it must be one the catalogue collects.
    assert panel.caption_template in task.caption_templates
    assert panel.caption == panel.caption_template.format(**panel.caption_values)


@pytest.mark.parametrize("key", KEYS)
def test_demo_settings_build_their_tasks(key):
    demo = DEMO_SETTINGS[key]
    task = make_task(key, **demo.task_params)
    assert isinstance(task, Task)
    assert set(demo.cells) <= {"rnn", "lstm", "gru"}


def test_sequence_panels_are_consistent(tiny_model):
    for key in ("adding", "recall", "temporal_order", "reber"):
        task = make_task(key)
        panel = task.panel(tiny_model(task), example=1)
        assert panel.kind == "sequence"
        T = panel.inputs.shape[0]
        assert panel.inputs.shape[1] == task.input_size == len(panel.labels)
        for arr in (panel.targets, panel.predictions, panel.mask, panel.correct):
            assert arr.shape == (T,)
        assert panel.mask.dtype == bool and panel.correct.dtype == bool
        assert not (panel.correct & ~panel.mask).any()
        assert np.isnan(panel.targets[~panel.mask]).all()
        if task.loss == "ce":
            assert len(panel.symbols) == task.output_size
            probs = panel.probabilities[panel.mask]
            assert ((probs > 0) & (probs < 1)).all()
        else:
            assert panel.symbols == ()


class Diverged:
    """A model whose outputs have blown up: inf at every step, NaN state."""

    def __init__(self, output_size: int):
        self.output_size = output_size

    def forward(self, X, h0=None):
        out = np.full((X.shape[0], X.shape[1], self.output_size), np.inf)
        out[..., 0] = np.nan
        return out, np.full((X.shape[1], 2), np.nan)


@pytest.mark.parametrize("key", KEYS)
def test_diverged_model_gives_non_finite_scores_without_warnings(key):
    task = make_task(key)
    model = Diverged(task.output_size)
    metrics = task.evaluate(model)
    assert not math.isfinite(metrics["loss"])
    assert not task.solved(metrics)
    task.panel(model)


@pytest.mark.parametrize("key", KEYS)
def test_the_class_names_every_metric_evaluate_reports(key, tiny_model):
    """Lessons check metric names against ``evaluation_metrics`` without running a model."""
    task = make_task(key)
    metrics = task.evaluate(tiny_model(task))
    assert list(metrics) == list(type(task).evaluation_metrics)
    assert task.metric_name in type(task).evaluation_metrics
