"""SessionConfig: ranges named in messages, JSON round trip."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.engine.truncation import Truncation
from explorer.session.config import (
    CELL_NAMES,
    OPTIMIZERS,
    RANGES,
    TRUNCATION_PART_KEYS,
    TRUNCATIONS,
    ConfigError,
    SessionConfig,
    demo_config,
    merge_changes,
)
from explorer.tasks.defaults import DEMO_SETTINGS


def test_defaults_are_valid_and_round_trip_through_json():
    config = SessionConfig()
    assert SessionConfig.from_json(config.to_json()) == config


def test_every_field_and_truncation_part_has_a_spec_and_help():
    names = set(SessionConfig.__dataclass_fields__)
    assert set(RANGES) == names | set(TRUNCATION_PART_KEYS)
    assert all(RANGES[name].help for name in RANGES)


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("hidden_size", 0, "hidden_size: must be between 1 and 512"),
        ("hidden_size", 2.5, "hidden_size: expected an integer"),
        ("learning_rate", float("nan"), "learning_rate: expected a finite number"),
        ("learning_rate", 100.0, "learning_rate: must be between"),
        ("optimizer", "rmsprop", "optimizer: expected one of sgd, momentum, adam"),
        ("cells", (), "cells: choose at least one cell"),
        ("cells", ("rnn", "transformer"), "cells: unknown cell 'transformer'"),
        ("cells", ("rnn", "rnn"), "cells: each cell may appear once"),
        ("truncation", "truncated", "truncation: expected a Truncation"),
        ("truncation", Truncation("random", p=0.005), "truncation.p: must be between 0.01"),
        ("truncation", Truncation("truncated", k=5000), "truncation.k: must be between 1"),
        ("forget_gate", "yes", "forget_gate: expected true or false"),
        ("display_example", 40, "display_example: must be below batch_size"),
    ],
)
def test_out_of_range_values_name_the_field(field, value, fragment):
    with pytest.raises(ConfigError, match=fragment.replace("(", r"\(")):
        SessionConfig(**{field: value})


def test_from_json_rejects_unknown_fields_and_bad_json():
    with pytest.raises(ConfigError, match="unknown configuration field"):
        SessionConfig.from_dict({"hiden_size": 3})
    with pytest.raises(ConfigError, match="not valid JSON"):
        SessionConfig.from_json("{oops")
    with pytest.raises(ConfigError, match="cells: expected a list"):
        SessionConfig.from_dict({"cells": "rnn"})


def test_short_dicts_take_defaults():
    config = SessionConfig.from_dict({"task": "recall", "hidden_size": 16})
    assert config.hidden_size == 16 and config.cells == ("rnn", "lstm")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"truncation": "sometimes"}, "truncation: expected one of full, truncated, random"),
        ({"truncation": {"kind": "random", "p": 0.0}}, "truncation p: expected a number"),
        ({"truncation": {"kind": "full", "q": 1}}, "truncation: unknown part"),
        ({"truncation": 3}, "truncation: expected one of"),
        ({"truncation_p": 0.001}, "truncation.p: must be between"),
    ],
)
def test_bad_truncation_in_json_is_a_config_error(data, fragment):
    with pytest.raises(ConfigError, match=fragment):
        SessionConfig.from_dict(data)


def test_truncation_is_saved_as_one_object():
    config = SessionConfig(truncation=Truncation("truncated", k=8, p=0.875))
    data = json.loads(config.to_json())
    assert data["truncation"] == {"kind": "truncated", "k": 8, "p": 0.875}
    assert "truncation_k" not in data and "truncation_p" not in data
    assert SessionConfig.from_json(config.to_json()) == config


def test_older_files_with_flat_truncation_keys_still_load():
    old = {"truncation": "random", "truncation_k": 8, "truncation_p": 0.875, "hidden_size": 16}
    config = SessionConfig.from_dict(old)
    assert config.truncation == Truncation("random", k=8, p=0.875)
    assert SessionConfig.from_dict({"truncation_k": 4}).truncation == Truncation("full", k=4)


def test_a_change_to_one_truncation_part_keeps_the_others():
    """A lesson's reset or expectation changes only the kind ("truncation": "truncated");
    the k and p of the lesson config stay."""
    base = SessionConfig(truncation=Truncation("full", k=8, p=0.875))
    for changes in ({"truncation": "truncated"}, {"truncation": {"kind": "truncated"}}):
        merged = SessionConfig.from_dict(merge_changes(base.to_dict(), changes))
        assert merged.truncation == Truncation("truncated", k=8, p=0.875)
    flat = merge_changes({"truncation": "full", "truncation_k": 8}, {"truncation_p": 0.25})
    assert SessionConfig.from_dict(flat).truncation == Truncation("full", k=8, p=0.25)
    assert merge_changes({"hidden_size": 3}, {"seed": 1}) == {"hidden_size": 3, "seed": 1}


_configs = st.builds(
    SessionConfig,
    hidden_size=st.integers(1, 512),
    batch_size=st.integers(1, 1024),
    learning_rate=st.floats(1e-6, 10.0),
    optimizer=st.sampled_from(OPTIMIZERS),
    cells=st.lists(st.sampled_from(sorted(CELL_NAMES)), min_size=1, max_size=3, unique=True),
    forget_gate=st.booleans(),
    truncation=st.builds(
        Truncation,
        kind=st.sampled_from(TRUNCATIONS),
        k=st.integers(1, 1000),
        p=st.floats(0.01, 1.0),
    ),
    task_params=st.dictionaries(st.sampled_from(["seq_len", "noise"]), st.integers(1, 99)),
)


@settings(max_examples=60, deadline=None)
@given(_configs)
def test_any_valid_config_round_trips_through_json(config):
    assert SessionConfig.from_json(config.to_json()) == config


@pytest.mark.parametrize("key", sorted(DEMO_SETTINGS))
def test_lesson_settings_become_a_valid_config(key):
    demo = DEMO_SETTINGS[key]
    config = demo_config(key)
    assert (config.task, config.task_params, config.cells) == (key, demo.task_params, demo.cells)
    assert (config.hidden_size, config.batch_size, config.eval_every) == (
        demo.hidden_size,
        demo.batch_size,
        demo.eval_every,
    )
    assert (config.optimizer, config.learning_rate) == ("adam", demo.lr)
    assert (config.clipping, config.clip_threshold) == ("norm", demo.clip_norm)
    assert config.forget_bias == demo.forget_bias
