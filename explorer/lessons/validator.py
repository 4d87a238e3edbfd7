"""Validation of a lesson file's JSON, with messages that name the file and the place.

``LessonParser(path).lesson(data)`` turns the decoded JSON of one file into a ``Lesson`` or
raises ``LessonError("<file>: <where>: <problem>")``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from explorer.lessons.model import (
    ACTION_KINDS,
    ALLOWED_TAGS,
    CURVE_METRICS,
    LANGUAGES,
    MAX_RUN,
    MAX_STEP,
    OPS,
    REQUIRED_LANGUAGE,
    SPECIAL_METRICS,
    STATS,
    VIEWS,
    Card,
    CardAction,
    Check,
    Expectation,
    Lesson,
    LessonError,
    Texts,
)
from explorer.session.config import merge_changes

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")


class LessonParser:
    """Validation of one file's JSON, with messages that say where the problem is.

    ``lesson(data)`` is the entry point; the other methods check one part each and raise
    the ``LessonError`` that ``fail`` words.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.missing: list[str] = []

    def fail(self, where: str, problem: str) -> LessonError:
        """The error for ``problem`` at ``where`` in this file (for the caller to raise)."""
        return LessonError(f"{self.path}: {where}: {problem}")

    def lesson(self, data: Any) -> Lesson:
        """The ``Lesson`` that the decoded JSON ``data`` describes (LessonError if none)."""
        if not isinstance(data, dict):
            raise self.fail("lesson", f"expected a JSON object, got {type(data).__name__}")
        known = {"key", "order", "title", "expected", "config", "cards", "check", "$comment"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise self.fail("lesson", f"unknown field(s) {', '.join(unknown)}")
        for name in ("key", "order", "title", "expected", "config", "cards"):
            if name not in data:
                raise self.fail("lesson", f"missing field '{name}'")
        key = data["key"]
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise self.fail("key", f"expected lower-case letters, digits, '_' or '-', got {key!r}")
        order = data["order"]
        if isinstance(order, bool) or not isinstance(order, int):
            raise self.fail("order", f"expected an integer, got {order!r}")
        title = self.texts(data["title"], "title")
        expected = self.texts(data["expected"], "expected")
        config_dict = data["config"]
        if not isinstance(config_dict, dict):
            raise self.fail("config", "expected an object (a partial session configuration)")
        config = self.config(config_dict, "config")
        cards_data = data["cards"]
        if not isinstance(cards_data, list) or not cards_data:
            raise self.fail("cards", "expected a non-empty list of cards")
        cards = tuple(
            self.card(card, i + 1, config_dict, config) for i, card in enumerate(cards_data)
        )
        check = self.check(data["check"], config) if "check" in data else None
        return Lesson(
            key=key,
            order=order,
            title=title,
            expected=expected,
            config=config,
            config_dict=dict(config_dict),
            cards=cards,
            check=check,
            path=self.path,
            missing_translations=tuple(self.missing),
        )

    def texts(self, value: Any, where: str) -> Texts:
        if isinstance(value, str):
            value = {REQUIRED_LANGUAGE: value}
        if not isinstance(value, dict):
            raise self.fail(where, 'expected an object {"en": …, "zh_CN": …, "zh_TW": …}')
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            raise self.fail(
                where, f"unknown language(s) {', '.join(unknown)}; use {', '.join(LANGUAGES)}"
            )
        if REQUIRED_LANGUAGE not in value:
            raise self.fail(where, f"missing language '{REQUIRED_LANGUAGE}' (English is required)")
        texts: Texts = {}
        for language, text in value.items():
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{where} ({language})", "expected a non-empty string")
            for tag in _TAG_RE.findall(text):
                if tag.lower() not in ALLOWED_TAGS:
                    raise self.fail(
                        f"{where} ({language})",
                        f"tag <{tag}> is not allowed; use {', '.join(ALLOWED_TAGS)}",
                    )
            texts[language] = text
        for language in LANGUAGES:
            if language not in texts:
                self.missing.append(f"{where}: {language}")
        return texts

    def config(self, data: dict[str, Any], where: str) -> Any:
        from explorer.session import SessionConfig

        try:
            config = SessionConfig.from_dict(data)
        except ValueError as exc:
            raise self.fail(where, f"the session configuration is rejected: {exc}") from None
        # The task parameters are checked by the task itself, which SessionConfig defers.
        from explorer.tasks import all_task_keys, make_task

        if config.task not in all_task_keys():
            known = ", ".join(all_task_keys())
            raise self.fail(where, f"unknown task {config.task!r}; known: {known}")
        try:
            make_task(config.task, **config.task_params)
        except ValueError as exc:
            raise self.fail(where, f"the task rejects its parameters: {exc}") from None
        return config

    def card(self, data: Any, number: int, lesson_config: dict[str, Any], config: Any) -> Card:
        where = f"card {number}"
        if not isinstance(data, dict):
            raise self.fail(where, "expected an object with 'text' and optionally 'action'")
        unknown = sorted(set(data) - {"text", "action", "formula", "question", "spotlight"})
        if unknown:
            raise self.fail(where, f"unknown field(s) {', '.join(unknown)}")
        if "text" not in data:
            raise self.fail(where, "missing field 'text'")
        text = self.texts(data["text"], where)
        action = None
        if data.get("action") is not None:
            action = self.action(data["action"], f"{where} action", lesson_config)
        formulas = self.formulas(data.get("formula", []), text, f"{where} formula")
        question = None
        if "question" in data:
            from explorer.teaching.questions import parse_question

            question = parse_question(
                data["question"],
                f"{where} question",
                self.texts,
                self.fail,
                config.cells,
                lambda: {*CURVE_METRICS, *_metric_names(_task_of(config))},
            )
        spotlight = None
        if "spotlight" in data:
            from explorer.teaching.spotlight import parse_spotlight

            task = _task_of(config)
            spotlight = parse_spotlight(
                data["spotlight"], f"{where} spotlight", self.fail, config.cells,
                task.seq_len, {*CURVE_METRICS, *_metric_names(task)},
            )  # fmt: skip
        return Card(text, action, formulas, question, spotlight)

    def formulas(self, value: Any, text: Texts, where: str) -> tuple[str, ...]:
        from explorer.formulas import FORMULAS

        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, "expected a list of formula names")
        for name in value:
            if name not in FORMULAS:
                raise self.fail(
                    where, f"unknown formula {name!r}; known: {', '.join(sorted(FORMULAS))}"
                )
            for language, body in text.items():
                if FORMULAS[name].display not in body:
                    raise self.fail(
                        where,
                        f"the {language} text does not show formula {name!r} as "
                        f"{FORMULAS[name].display!r}",
                    )
        return tuple(value)

    def action(self, data: Any, where: str, lesson_config: dict[str, Any]) -> CardAction:
        if not isinstance(data, dict):
            raise self.fail(where, 'expected an object such as {"kind": "step", "n": 5}')
        unknown = sorted(set(data) - {"kind", "n", "view", "config"})
        if unknown:
            raise self.fail(where, f"unknown field(s) {', '.join(unknown)}")
        kind = data.get("kind", "show" if "view" in data else None)
        if kind not in ACTION_KINDS:
            raise self.fail(
                where, f"unknown action kind {kind!r}; expected one of {', '.join(ACTION_KINDS)}"
            )
        view = data.get("view")
        if view is not None and view not in VIEWS:
            raise self.fail(where, f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
        if kind == "show" and view is None:
            raise self.fail(where, "a 'show' action needs a 'view'")
        n = data.get("n")
        limit = MAX_STEP if kind == "step" else MAX_RUN
        if kind == "run" and n is None:
            raise self.fail(where, "a 'run' action needs 'n', the number of iterations")
        if n is not None:
            if kind not in ("step", "run"):
                raise self.fail(where, f"'n' applies to 'step' and 'run', not to {kind!r}")
            if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= limit:
                raise self.fail(where, f"'n' must be an integer from 1 to {limit}, got {n!r}")
        changes = data.get("config")
        session_config = None
        if changes is not None:
            if kind != "reset":
                raise self.fail(where, f"'config' applies to 'reset' only, not to {kind!r}")
            if not isinstance(changes, dict):
                raise self.fail(where, "'config' must be an object of configuration changes")
            session_config = self.config(merge_changes(lesson_config, changes), f"{where} config")
        return CardAction(
            kind=kind,
            n=1 if n is None else n,
            view=view,
            config=None if changes is None else dict(changes),
            session_config=session_config,
        )

    def check(self, data: Any, config: Any) -> Check:
        where = "check"
        if not isinstance(data, dict):
            raise self.fail(where, "expected an object with 'iterations' and 'expect'")
        unknown = sorted(set(data) - {"iterations", "expect"})
        if unknown:
            raise self.fail(where, f"unknown field(s) {', '.join(unknown)}")
        iterations = self.count(data.get("iterations"), f"{where} iterations")
        expect = data.get("expect")
        if not isinstance(expect, list) or not expect:
            raise self.fail(where, "'expect' must be a non-empty list of expectations")
        return Check(
            iterations,
            tuple(
                self.expectation(e, f"{where} expect {i + 1}", config) for i, e in enumerate(expect)
            ),
        )

    def count(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_RUN:
            raise self.fail(where, f"expected an integer from 1 to {MAX_RUN}, got {value!r}")
        return value

    def expectation(self, data: Any, where: str, config: Any) -> Expectation:
        if not isinstance(data, dict):
            raise self.fail(where, "expected an object with cell, metric, op and value")
        allowed = {"cell", "metric", "op", "value", "stat", "config", "iterations"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(where, f"unknown field(s) {', '.join(unknown)}")
        for name in ("cell", "metric", "op", "value"):
            if name not in data:
                raise self.fail(where, f"missing field '{name}'")
        changes = data.get("config", {})
        if not isinstance(changes, dict):
            raise self.fail(where, "'config' must be an object of configuration changes")
        variant = (
            self.config(merge_changes(config.to_dict(), changes), f"{where} config")
            if changes
            else config
        )
        cell = data["cell"]
        if cell not in variant.cells:
            raise self.fail(
                where, f"cell {cell!r} is not trained in this lesson ({', '.join(variant.cells)})"
            )
        metric = data["metric"]
        if not isinstance(metric, str) or not metric:
            raise self.fail(where, f"'metric' must be a metric name, got {metric!r}")
        if metric not in CURVE_METRICS and metric not in SPECIAL_METRICS:
            from explorer.tasks import make_task

            task = make_task(variant.task, **variant.task_params)
            if metric not in _metric_names(task):
                names = sorted({*CURVE_METRICS, *SPECIAL_METRICS, *_metric_names(task)})
                raise self.fail(
                    where,
                    f"unknown metric {metric!r} for task {task.key!r}; known: {', '.join(names)}",
                )
        op = data["op"]
        if op not in OPS:
            raise self.fail(where, f"unknown op {op!r}; expected one of {', '.join(OPS)}")
        value = data["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f"'value' must be a number, got {value!r}")
        stat = data.get("stat", "last")
        if stat not in STATS:
            raise self.fail(where, f"unknown stat {stat!r}; expected one of {', '.join(STATS)}")
        iterations = data.get("iterations")
        if iterations is not None:
            iterations = self.count(iterations, f"{where} iterations")
        return Expectation(cell, metric, op, float(value), stat, dict(changes), iterations)


def _task_of(config: Any) -> Any:
    from explorer.tasks import make_task

    return make_task(config.task, **config.task_params)


def _metric_names(task: Any) -> set[str]:
    """Names ``task.evaluate`` reports, as the task class declares them."""
    return set(task.evaluation_metrics)
