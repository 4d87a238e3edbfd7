"""Predict-then-reveal questions: validated on load, answered by the run, stable over seeds."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from explorer.lessons import LessonError, apply_action, load_lesson, load_lessons
from explorer.session import Session
from explorer.teaching.questions import AnswerLog, is_right, reveal

LESSONS = load_lessons()
SEEDS = range(5)


def question_cards(lesson):
    return [(i, card) for i, card in enumerate(lesson.cards) if card.question is not None]


def answers(lesson, seed: int):
    """Play the lesson with ``seed``; each question is revealed after the next card's action."""
    session = Session(lesson.config.with_changes(seed=seed))
    asked = question_cards(lesson)
    last = max(i for i, _ in asked) + 1
    found = {}
    for i, card in enumerate(lesson.cards[: last + 1]):
        action = card.action
        if action is not None and action.session_config is not None:
            # A reset keeps the seed under test, as the lesson check does.
            config = action.session_config.with_changes(seed=seed)
            action = replace(action, session_config=config)
        apply_action(action, session)
        if i - 1 >= 0 and lesson.cards[i - 1].question is not None:
            found[i - 1] = reveal(lesson.cards[i - 1].question, session.view())
    return found


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_every_lesson_asks_a_question_before_the_step_that_answers_it(lesson) -> None:
    asked = question_cards(lesson)
    assert asked, f"{lesson.key} has no predict-then-reveal card"
    for i, card in asked:
        assert i + 1 < len(lesson.cards), "the answering step must follow the question"
        q = card.question
        for texts in (q.prompt, *q.choices):
            assert set(texts) == {"en", "zh_CN", "zh_TW"}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_answers_are_computable_and_stable_over_seeds(lesson) -> None:
    per_seed = [answers(lesson, seed) for seed in SEEDS]
    for i, card in question_cards(lesson):
        results = [found[i] for found in per_seed]
        assert all(r.computable for r in results), [r.values for r in results]
        if card.question.is_choice:
            choices = {r.correct_choice for r in results}
            assert len(choices) == 1, f"card {i + 1}: answer changes with the seed: {choices}"
        for r in results:
            assert set(r.text) == {"en", "zh_CN", "zh_TW"}
            assert "=" in r.text["en"]


def test_reveal_names_the_measured_value_and_the_log_keeps_score() -> None:
    lesson = next(lesson for lesson in LESSONS if lesson.key == "vanishing")
    found = answers(lesson, 0)
    (first, q1), (second, q2) = question_cards(lesson)
    r1, r2 = found[first], found[second]
    assert r1.correct_choice == 0 and r1.value < 3.16e-5  # about 10^-6: it vanishes
    assert r2.correct_choice == 1 and r2.value > 1  # h_1's gradient is larger: it explodes
    assert "‖∂L/∂h<sub>1</sub>‖" in r1.text["en"] and "10<sup>−6</sup>" in r1.text["en"]
    assert "答案" in r1.text["zh_CN"] and "約" in r1.text["zh_TW"]
    assert "(Vanilla RNN)" in r1.text["en"]  # the model's name, in each language
    assert "(普通 RNN)" in r1.text["zh_CN"] and "(普通 RNN)" in r1.text["zh_TW"]
    log = AnswerLog()
    assert log.record(first, q1.question, 0, r1)
    assert not log.record(second, q2.question, 0, r2)
    summary = log.summary()
    assert (summary.answered, summary.correct) == (2, 1)
    assert summary.text("en") == "1 of 2 predictions right."
    assert log.record(second, q2.question, 1, r2)  # answering again replaces the earlier guess
    assert log.summary().correct == 2


def test_number_guesses_count_within_the_tolerance() -> None:
    lesson = next(lesson for lesson in LESSONS if lesson.key == "forward")
    ((index, card),) = question_cards(lesson)
    r = answers(lesson, 0)[index]
    assert abs(r.value - math.log(8)) < 0.15  # uniform guessing over 8 characters
    assert is_right(card.question, r, math.log(8))
    assert not is_right(card.question, r, 5.0)
    sine = next(lesson for lesson in LESSONS if lesson.key == "sine")
    ((j, log_card),) = question_cards(sine)
    assert log_card.question.log
    value = answers(sine, 1)[j].value
    assert is_right(log_card.question, answers(sine, 1)[j], 2.5 * value)
    assert not is_right(log_card.question, answers(sine, 1)[j], 4 * value)


BASE = {
    "key": "q",
    "order": 1,
    "title": "Q",
    "expected": "E",
    "config": {"task": "adding", "cells": ["rnn"]},
}


def write(tmp_path, question) -> str:
    data = dict(BASE, cards=[{"text": "ask", "question": question}, {"text": "answer"}])
    path = tmp_path / "q.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


GOOD = {
    "prompt": "Which?",
    "choices": ["small", "large"],
    "answer": {"metric": "grad_ratio", "cell": "rnn", "bins": [1.0]},
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"choices": ["only one"]}, "2 to 6 texts"),
        ({"number": {"log": True}}, "either 'choices'"),
        ({"answer": {"metric": "grad_ratio", "cell": "gru", "bins": [1.0]}}, "'gru' is not"),
        ({"answer": {"metric": "grad_ratio", "cell": "rnn", "bins": [1, 2]}}, "1 increasing"),
        ({"answer": {"metric": "mse", "cell": "rnn"}}, "needs a 'stat'"),
        ({"answer": {"metric": "mse", "cell": "rnn", "stat": "median"}}, "unknown stat"),
        (
            {"answer": {"metric": "perplexity", "cell": "rnn", "stat": "last", "bins": [1.0]}},
            "unknown metric 'perplexity' over the run",
        ),
        ({"prompt": {"fr": "Quoi ?"}}, "unknown language"),
        ({"hint": "no"}, "unknown field(s) hint"),
    ],
)
def test_bad_questions_are_refused_with_a_clear_message(tmp_path, change, message) -> None:
    with pytest.raises(LessonError, match="card 1 question") as info:
        load_lesson(write(tmp_path, {**GOOD, **change}))
    assert message in str(info.value)


def test_a_good_question_loads_and_old_cards_still_load(tmp_path) -> None:
    lesson = load_lesson(write(tmp_path, GOOD))
    assert lesson.cards[0].question.is_choice
    assert lesson.cards[1].question is None
