"""SessionConfig: ranges named in messages, JSON round trip."""

from __future__ import annotations

import pytest

from explorer.session.config import RANGES, ConfigError, SessionConfig


def test_defaults_are_valid_and_round_trip_through_json():
    config = SessionConfig()
    assert SessionConfig.from_json(config.to_json()) == config


def test_every_field_has_a_range_and_help():
    names = set(SessionConfig.__dataclass_fields__)
    assert names == set(RANGES)
    assert all(RANGES[name].help for name in names)


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
        ("truncation", "sometimes", "truncation: expected one of full, truncated, random"),
        ("truncation_p", 0.0, "truncation_p: must be between"),
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


def test_engine_truncation_argument():
    assert SessionConfig().engine_truncation() is None
    assert SessionConfig(truncation="truncated", truncation_k=5).engine_truncation() == 5
    assert SessionConfig(truncation="random", truncation_p=0.25).engine_truncation() == (
        "random",
        0.25,
    )
