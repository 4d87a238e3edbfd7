"""Lesson files that are wrong fail with a LessonError naming the file; actions and checks."""

from __future__ import annotations

import json
import math

import pytest

from explorer.lessons import (
    CardAction,
    LessonError,
    apply_action,
    check_lesson,
    find_lesson,
    load_lesson,
    load_lessons,
    normalize_language,
)
from explorer.session import SessionConfig


def texts(en: str = "Hello.") -> dict[str, str]:
    return {"en": en, "zh_CN": "你好。", "zh_TW": "您好。"}


def minimal(**changes) -> dict:
    """A small valid lesson: a short adding problem, two cards, a one-iteration check."""
    lesson = {
        "key": "tiny",
        "order": 1,
        "title": texts("Tiny"),
        "expected": texts("Nothing much."),
        "config": {
            "task": "adding",
            "task_params": {"seq_len": 6},
            "cells": ["rnn"],
            "hidden_size": 4,
            "batch_size": 2,
            "eval_every": 1,
        },
        "cards": [
            {"text": texts("Step."), "action": {"kind": "step", "n": 2, "view": "graph"}},
            {"text": texts("Reset."), "action": {"kind": "reset", "config": {"seed": 5}}},
        ],
        "check": {
            "iterations": 1,
            "expect": [
                {"cell": "rnn", "metric": "loss", "op": ">", "value": 0},
            ],
        },
    }
    lesson.update(changes)
    return lesson


def write(tmp_path, data, name="01-tiny.json"):
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def expect_error(path, *fragments):
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_valid_file_loads(tmp_path):
    lesson = load_lesson(write(tmp_path, minimal()))
    assert lesson.key == "tiny"
    assert lesson.config.hidden_size == 4
    assert lesson.cards[0].action == CardAction("step", 2, "graph")
    assert lesson.cards[1].action.session_config.seed == 5
    assert lesson.text(0, "zh_TW") == "您好。"
    assert lesson.title_in("zh_CN") == "你好。"


def test_missing_file(tmp_path):
    expect_error(tmp_path / "absent.json", "not found")


def test_bad_json(tmp_path):
    expect_error(write(tmp_path, '{"key": "tiny",'), "not valid JSON", "line 1")


@pytest.mark.parametrize("field", ["key", "order", "title", "expected", "config", "cards"])
def test_missing_field(tmp_path, field):
    data = minimal()
    del data[field]
    expect_error(write(tmp_path, data), f"missing field '{field}'")


def test_card_without_text(tmp_path):
    data = minimal(cards=[{"action": {"kind": "iteration"}}])
    expect_error(write(tmp_path, data), "card 1", "missing field 'text'")


def test_unknown_action_kind(tmp_path):
    data = minimal(cards=[{"text": texts(), "action": {"kind": "jump"}}])
    expect_error(write(tmp_path, data), "card 1 action", "unknown action kind 'jump'")


def test_unknown_view(tmp_path):
    data = minimal(cards=[{"text": texts(), "action": {"kind": "step", "view": "histogram"}}])
    expect_error(write(tmp_path, data), "unknown view 'histogram'")


def test_run_needs_a_count(tmp_path):
    data = minimal(cards=[{"text": texts(), "action": {"kind": "run"}}])
    expect_error(write(tmp_path, data), "'run' action needs 'n'")


def test_config_rejected_by_session_config(tmp_path):
    data = minimal(config={"task": "adding", "hidden_size": 0})
    message = expect_error(write(tmp_path, data), "config", "rejected")
    # The SessionConfig's own message is included.
    with pytest.raises(ValueError) as info:
        SessionConfig.from_dict({"task": "adding", "hidden_size": 0})
    assert str(info.value) in message


def test_unknown_config_field(tmp_path):
    data = minimal(config={"task": "adding", "hiden_size": 8})
    expect_error(write(tmp_path, data), "hiden_size")


def test_task_parameters_rejected(tmp_path):
    data = minimal(config={"task": "adding", "task_params": {"seq_len": 1}})
    expect_error(write(tmp_path, data), "task rejects its parameters", "seq_len")


def test_reset_config_rejected(tmp_path):
    data = minimal(
        cards=[{"text": texts(), "action": {"kind": "reset", "config": {"clipping": "max"}}}]
    )
    expect_error(write(tmp_path, data), "card 1 action config", "clipping")


def test_english_is_required(tmp_path):
    data = minimal(title={"zh_CN": "标题", "zh_TW": "標題"})
    expect_error(write(tmp_path, data), "title", "missing language 'en'")


def test_unknown_language(tmp_path):
    data = minimal(title={"en": "Title", "fr": "Titre"})
    expect_error(write(tmp_path, data), "unknown language(s) fr")


def test_missing_chinese_falls_back_to_english_and_is_noted(tmp_path):
    data = minimal(cards=[{"text": {"en": "Only English.", "zh_CN": "只有中文。"}}])
    lesson = load_lesson(write(tmp_path, data))
    assert lesson.missing_translations == ("card 1: zh_TW",)
    assert lesson.text(0, "zh_TW") == "Only English."
    assert lesson.text(0, "zh_CN") == "只有中文。"


def test_disallowed_tag(tmp_path):
    data = minimal(cards=[{"text": texts('See <a href="x">this</a>.')}])
    expect_error(write(tmp_path, data), "tag <a> is not allowed")


def test_inequalities_are_not_tags(tmp_path):
    data = minimal(cards=[{"text": texts("Sharper when τ < 1, flatter when τ > 1.")}])
    assert load_lesson(write(tmp_path, data)).text(0, "en").startswith("Sharper")


def test_bad_expectations(tmp_path):
    cases = [
        ({"cell": "gru", "metric": "loss", "op": "<", "value": 1}, "cell 'gru' is not trained"),
        ({"cell": "rnn", "metric": "bleu", "op": "<", "value": 1}, "unknown metric 'bleu'"),
        ({"cell": "rnn", "metric": "mse", "op": "~", "value": 1}, "unknown op '~'"),
        ({"cell": "rnn", "metric": "mse", "op": "<", "value": "low"}, "'value' must be a number"),
        ({"cell": "rnn", "metric": "mse", "op": "<"}, "missing field 'value'"),
        ({"cell": "rnn", "metric": "mse", "op": "<", "value": 1, "stat": "median"}, "unknown stat"),
    ]
    for expectation, fragment in cases:
        data = minimal(check={"iterations": 1, "expect": [expectation]})
        expect_error(write(tmp_path, data), "check expect 1", fragment)


def test_folder_with_duplicate_keys(tmp_path):
    write(tmp_path, minimal(), "01-tiny.json")
    write(tmp_path, minimal(order=2), "02-tiny.json")
    with pytest.raises(LessonError, match="already used"):
        load_lessons(tmp_path)


def test_folder_is_sorted_by_order_and_find_lists_known_keys(tmp_path):
    write(tmp_path, minimal(key="second", order=2), "a.json")
    write(tmp_path, minimal(key="first", order=1), "b.json")
    assert [lesson.key for lesson in load_lessons(tmp_path)] == ["first", "second"]
    with pytest.raises(LessonError, match="known lessons: first, second"):
        find_lesson("third", tmp_path)
    with pytest.raises(LessonError, match="not found"):
        load_lessons(tmp_path / "nowhere")


def test_languages_normalise():
    assert normalize_language("zh-TW") == "zh_TW"
    assert normalize_language("zh_Hant_HK") == "zh_TW"
    assert normalize_language("zh") == "zh_CN"
    assert normalize_language("en_GB") == "en"
    assert normalize_language(None) == "en"


class Recorder:
    """A duck-typed target, like the Qt controller: records what a card asks for."""

    def __init__(self):
        self.calls = []

    def step_forward(self):
        self.calls.append("step")

    def finish_pass(self):
        self.calls.append("finish_pass")

    def one_iteration(self):
        self.calls.append("iteration")

    def run(self, n):
        self.calls.append(("run", n))

    def reset(self, config=None):
        self.calls.append(("reset", config))


def test_apply_action_calls_the_target():
    target = Recorder()
    config = SessionConfig(seed=9)
    assert apply_action(CardAction("step", 3, "gradient"), target) == "gradient"
    assert apply_action(CardAction("finish_pass"), target) is None
    apply_action(CardAction("iteration"), target)
    apply_action(CardAction("run", 200), target)
    apply_action(CardAction("run", 200), target, run_scale=0.01)
    apply_action(CardAction("reset"), target)
    apply_action(CardAction("reset", session_config=config), target)
    assert apply_action(CardAction("show", view="task"), target) == "task"
    assert apply_action(None, target) is None
    assert target.calls == [
        "step",
        "step",
        "step",
        "finish_pass",
        "iteration",
        ("run", 200),
        ("run", 2),
        ("reset", None),
        ("reset", config),
    ]


def test_check_reports_failures_as_well_as_successes(tmp_path):
    data = minimal(
        check={
            "iterations": 2,
            "expect": [
                {"cell": "rnn", "metric": "loss", "op": ">", "value": 0},
                {"cell": "rnn", "metric": "loss", "op": "<", "value": 0},
                {"cell": "rnn", "metric": "diverged", "op": "==", "value": 0},
                {
                    "cell": "rnn",
                    "metric": "grad_ratio",
                    "op": ">",
                    "value": 0,
                    "config": {"seed": 1},
                },
                {
                    "cell": "rnn",
                    "metric": "mse",
                    "stat": "max",
                    "op": ">",
                    "value": 0,
                    "iterations": 3,
                },
            ],
        }
    )
    results = check_lesson(load_lesson(write(tmp_path, data)))
    assert [passed for _, passed, _ in results] == [True, False, True, True, True]
    line, _, measured = results[1]
    assert line.startswith("rnn loss = ") and line.endswith("< 0 ✗")
    assert measured > 0 and math.isfinite(measured)
    assert "[seed=1]" in results[3][0]


def test_a_card_names_the_formulas_it_shows(tmp_path):
    from explorer.formulas import FORMULAS

    shown = FORMULAS["rnn.grad_last"].display
    everywhere = {"en": f"So {shown}.", "zh_CN": f"所以 {shown}。", "zh_TW": f"所以 {shown}。"}
    data = minimal()
    data["cards"] = [{"text": everywhere, "formula": ["rnn.grad_last"]}]
    lesson = load_lesson(write(tmp_path, data))
    assert lesson.cards[0].formulas == ("rnn.grad_last",)
    # Shown in English only: the translations must show the same formula.
    data["cards"] = [{"text": texts(f"So {shown}."), "formula": ["rnn.grad_last"]}]
    expect_error(write(tmp_path, data), "card 1 formula", "zh_CN text does not show formula")
    data["cards"] = [{"text": everywhere, "formula": ["rnn.transposed"]}]
    expect_error(write(tmp_path, data), "card 1 formula", "unknown formula 'rnn.transposed'")
    data["cards"] = [{"text": everywhere, "formula": "rnn.grad_last"}]
    expect_error(write(tmp_path, data), "card 1 formula", "a list of formula names")
