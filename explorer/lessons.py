"""Guided lessons: a session config, a sequence of explanation cards, and a checkable outcome.

Lessons are data, one JSON file per lesson in ``assets/lessons/`` (``NN-key.json``), so a
lecturer can add one without touching code. This module loads and validates them, applies a
card's action to a running session, and checks headlessly that a lesson's stated outcome
really happens with its shipped settings. Pure Python and the standard library (plus the
session, for configs and checks); no Qt: the window's lesson panel is a thin view over this.

File format (every text is an object ``{"en": …, "zh_CN": …, "zh_TW": …}``; ``en`` is
required, a missing Chinese text falls back to English and is listed in
``Lesson.missing_translations``)::

    {
      "key": "vanishing",                  # the CLI's --lesson name: lower case, digits, _ or -
      "order": 4,                          # position in the lesson list
      "title": {…},
      "expected": {…},                     # the outcome, stated before the run
      "config": {"task": "adding", …},     # a partial SessionConfig (missing fields: defaults)
      "cards": [
        {"text": {…},                      # 1–4 sentences; <b> <i> <sub> <sup> allowed
         "action": {"kind": "step", "n": 5, "view": "gradient"},    # optional
         "formula": ["rnn.grad_step"]},    # the formulas the text shows (explorer.formulas)
        …
      ],
      "check": {"iterations": 300,
                "expect": [{"cell": "lstm", "metric": "mse", "op": "<", "value": 0.01}, …]}
    }

Action kinds: ``step`` (``n`` timesteps, default 1), ``finish_pass``, ``iteration``, ``run``
(``n`` iterations, required) and ``reset`` (optionally with ``"config"``: changes to the
lesson's config, e.g. ``{"clipping": "off"}``). ``view`` (any kind, or alone with kind
``"show"``) names the view to bring forward: graph, hidden, gradient, weights, curves, task.

A card may ask a prediction in ``question`` (a prompt, choices or a number to guess, and
how the answer is measured on the run); see ``explorer.teaching.questions``. It may point
at parts of the window in ``spotlight`` (targets by meaning, e.g. ``node:h@1``, and a key
number); see ``explorer.teaching.spotlight``.

A card that shows a formula names it in ``formula``: a key of ``explorer.formulas.FORMULAS``,
whose ``display`` HTML the card's text must contain (in every language) and whose check
evaluates the formula against the engine; ``tests/test_formulas.py`` fails on a card with a
formula sign (=, ≈, ←) next to a math symbol that names no formula.

An expectation compares one number of one cell (``cell``) after the run with ``value``
using ``op`` (``<``, ``<=``, ``>``, ``>=``, ``==``). ``metric`` is one of

- a metric of the task's ``evaluate`` (``mse``, ``perplexity``, ``accuracy``, ``mse_k16`` …),
  taken over the evaluations;
- a per-iteration curve: ``loss`` (training loss), ``grad_norm`` (before clipping),
  ``grad_norm_clipped``, ``clipped`` (1 when clipped), ``spectral_radius``,
  ``truncation_cosine``, ``truncation_rel_norm``;
- ``grad_ratio``: ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ of the last iteration;
- ``diverged``: 1 if the cell diverged, else 0; ``diverged_at``: the iteration it diverged
  at (∞ if it did not);
- ``solved_at``: the first evaluated iteration at which the task counts as solved (∞ if
  never).

``stat`` (default ``last``; also ``first``, ``min``, ``max``, ``mean``) reduces a curve or
metric series to one number. ``config`` (changes to the lesson config) and ``iterations``
(default: the check's) give an expectation its own run; expectations that share both share
one run.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.session.snapshot import CURVE_SERIES

LANGUAGES = ("en", "zh_CN", "zh_TW")
REQUIRED_LANGUAGE = "en"
ACTION_KINDS = ("step", "finish_pass", "iteration", "run", "reset", "show")
VIEWS = ("graph", "hidden", "gradient", "weights", "curves", "task")
STATS = ("last", "first", "min", "max", "mean")
CURVE_METRICS = CURVE_SERIES
SPECIAL_METRICS = ("grad_ratio", "diverged", "diverged_at", "solved_at")
# Tags Qt's rich text understands that lesson texts may use; anything else is a typo or a risk.
ALLOWED_TAGS = ("b", "i", "sub", "sup", "br")
MAX_STEP = 10_000
MAX_RUN = 100_000

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": _equal,
}


class LessonError(ValueError):
    """A lesson file is missing or malformed; the message names the file and the problem."""


Texts = dict[str, str]


@dataclass(frozen=True)
class CardAction:
    """What "Next" does besides showing the card.

    ``kind``: one of ``ACTION_KINDS``; ``n``: timesteps (``step``) or iterations (``run``);
    ``view``: the view to bring forward, or None; ``config``: for ``reset``, the changes to
    the lesson config as written; ``session_config``: the resulting ``SessionConfig``.
    """

    kind: str
    n: int = 1
    view: str | None = None
    config: dict[str, Any] | None = None
    session_config: Any = None  # SessionConfig; Any keeps the dataclass import-light


@dataclass(frozen=True)
class Card:
    """One explanation card: its text per language, an optional action, and the names of
    the formulas it shows (keys of ``explorer.formulas.FORMULAS``), and an optional
    predict-then-reveal ``question`` (``explorer.teaching.questions``)."""

    text: Texts
    action: CardAction | None = None
    formulas: tuple[str, ...] = ()
    question: Any = None  # explorer.teaching.questions.Question, asked before the next step
    spotlight: Any = None  # explorer.teaching.spotlight.Spotlight: what the card points at


@dataclass(frozen=True)
class Expectation:
    """One machine-checkable statement, e.g. ``lstm mse < 0.01`` (see the module docstring)."""

    cell: str
    metric: str
    op: str
    value: float
    stat: str = "last"
    config: dict[str, Any] = field(default_factory=dict)
    iterations: int | None = None

    def describe(self) -> str:
        """The statement in words, e.g. ``"lstm mse < 0.01"`` or ``"rnn max grad_norm > 100
        (clipping=off)"``."""
        stat = "" if self.stat == "last" else f"{self.stat} "
        variant = ", ".join(f"{k}={v}" for k, v in self.config.items())
        suffix = f" ({variant})" if variant else ""
        return f"{self.cell} {stat}{self.metric} {self.op} {format_number(self.value)}{suffix}"


@dataclass(frozen=True)
class Check:
    """How many iterations to run and what must then hold."""

    iterations: int
    expect: tuple[Expectation, ...]


@dataclass(frozen=True)
class Lesson:
    """A loaded, validated lesson.

    ``config`` is the ``SessionConfig`` to start from; ``config_dict`` the partial dict as
    written in the file. ``missing_translations`` lists the texts that fall back to English,
    e.g. ``"card 3: zh_TW"``.
    """

    key: str
    order: int
    title: Texts
    expected: Texts
    config: Any  # SessionConfig
    config_dict: dict[str, Any]
    cards: tuple[Card, ...]
    check: Check | None
    path: Path | None = None
    missing_translations: tuple[str, ...] = ()

    def title_in(self, language: str) -> str:
        """The title in ``language`` (English when that translation is missing)."""
        return _pick(self.title, language)

    def expected_in(self, language: str) -> str:
        """The expected-outcome line in ``language`` (English when missing)."""
        return _pick(self.expected, language)

    def text(self, card_index: int, language: str) -> str:
        """The text of card ``card_index`` (0-based) in ``language`` (English when missing)."""
        return _pick(self.cards[card_index].text, language)

    def __len__(self) -> int:
        return len(self.cards)


def normalize_language(language: str | None) -> str:
    """Map a locale name (``"zh-TW"``, ``"zh_Hant_HK"``, ``"en_GB"`` …) to one of LANGUAGES."""
    if not language:
        return REQUIRED_LANGUAGE
    name = language.replace("-", "_")
    if name in LANGUAGES:
        return name
    lower = name.lower()
    if lower.startswith("zh"):
        if any(tag in lower for tag in ("_tw", "_hk", "_mo", "hant")):
            return "zh_TW"
        return "zh_CN"
    return REQUIRED_LANGUAGE


def _pick(texts: Texts, language: str) -> str:
    return texts.get(normalize_language(language)) or texts[REQUIRED_LANGUAGE]


# --------------------------------------------------------------------------------- loading
def lessons_dir() -> Path:
    """The folder of the shipped lessons, ``assets/lessons``."""
    from explorer.paths import asset

    return asset("lessons")


def load_lesson(path: str | Path) -> Lesson:
    """Read and validate one lesson file; any problem is a ``LessonError`` naming the file."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LessonError(f"{path}: lesson file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(f"{path}: cannot read the lesson file: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LessonError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return _Parser(path).lesson(data)


def load_lessons(folder: str | Path | None = None) -> list[Lesson]:
    """Every ``*.json`` lesson in ``folder`` (default: the shipped ones), sorted by order.

    Two lessons with the same key are a ``LessonError``.
    """
    folder = lessons_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        raise LessonError(f"{folder}: lesson folder not found")
    lessons = [load_lesson(p) for p in sorted(folder.glob("*.json"))]
    seen: dict[str, Path | None] = {}
    for lesson in lessons:
        if lesson.key in seen:
            raise LessonError(
                f"{lesson.path}: key {lesson.key!r} is already used by {seen[lesson.key]}"
            )
        seen[lesson.key] = lesson.path
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.key))


def find_lesson(key: str, folder: str | Path | None = None) -> Lesson:
    """The lesson called ``key`` (as in ``--lesson vanishing``); unknown keys list the known."""
    lessons = load_lessons(folder)
    for lesson in lessons:
        if lesson.key == key:
            return lesson
    known = ", ".join(lesson.key for lesson in lessons)
    raise LessonError(f"no lesson called {key!r}; known lessons: {known}")


class _Parser:
    """Validation of one file's JSON, with messages that say where the problem is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.missing: list[str] = []

    def fail(self, where: str, problem: str) -> LessonError:
        return LessonError(f"{self.path}: {where}: {problem}")

    def lesson(self, data: Any) -> Lesson:
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
        from explorer.tasks import make_task, task_keys

        if config.task not in task_keys():
            raise self.fail(where, f"unknown task {config.task!r}; known: {', '.join(task_keys())}")
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
            session_config = self.config({**lesson_config, **changes}, f"{where} config")
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
            self.config({**config.to_dict(), **changes}, f"{where} config") if changes else config
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
    """Names ``task.evaluate`` reports, found by scoring a tiny untrained model once."""
    from explorer.engine import make_model

    model = make_model(
        "rnn", input_size=task.input_size, hidden_size=2, output_size=task.output_size, seed=0
    )
    return set(task.evaluate(model))


# --------------------------------------------------------------------------------- actions
def apply_action(action: CardAction | None, target: Any, run_scale: float = 1.0) -> str | None:
    """Do what a card says to ``target`` and return the view to bring forward (or None).

    ``target`` is duck-typed: anything with ``step_forward()``, ``finish_pass()``,
    ``one_iteration()``, ``run(n)`` and ``reset(config=None)`` (the ``Session`` or the Qt
    ``SessionController``, whose ``run`` returns at once and trains in its worker).
    ``run_scale`` shrinks ``run`` actions (at least one iteration) for tests and previews.
    """
    if action is None:
        return None
    if action.kind == "step":
        for _ in range(action.n):
            target.step_forward()
    elif action.kind == "finish_pass":
        target.finish_pass()
    elif action.kind == "iteration":
        target.one_iteration()
    elif action.kind == "run":
        target.run(max(1, round(action.n * run_scale)))
    elif action.kind == "reset":
        target.reset(action.session_config)
    elif action.kind != "show":
        raise LessonError(f"unknown action kind {action.kind!r}")
    return action.view


# --------------------------------------------------------------------------------- checks
@dataclass(frozen=True)
class CheckResult:
    """One evaluated expectation: the statement, whether it held, and the measured value."""

    expectation: Expectation
    passed: bool
    measured: float

    def line(self) -> str:
        """e.g. ``"lstm mse = 0.0041 < 0.01 ✓"``."""
        e = self.expectation
        stat = "" if e.stat == "last" else f"{e.stat} "
        variant = ", ".join(f"{k}={v}" for k, v in e.config.items())
        suffix = f" [{variant}]" if variant else ""
        mark = "✓" if self.passed else "✗"
        return (
            f"{e.cell} {stat}{e.metric} = {format_number(self.measured)} {e.op} {format_number(e.value)}"
            f"{suffix} {mark}"
        )


def check_lesson(
    lesson: Lesson, progress: Callable[[str], None] | None = None, seed: int | None = None
) -> list[tuple[str, bool, float]]:
    """Run the lesson's config headlessly and evaluate each expectation of its check.

    Returns ``(line, passed, measured)`` per expectation, in file order; ``line`` reads like
    ``"lstm mse = 0.0041 < 0.01 ✓"``. A lesson without a check returns an empty list.
    Expectations with the same config changes and iteration count share one run. ``seed``
    replaces the lesson's seed (weights and batches), so an outcome can be checked over seeds.
    """
    return [(r.line(), r.passed, r.measured) for r in check_results(lesson, progress, seed)]


def check_results(
    lesson: Lesson,
    progress: Callable[[str], None] | None = None,
    seed: int | None = None,
) -> list[CheckResult]:
    """``check_lesson`` with the full ``CheckResult`` objects."""
    from explorer.session import Session, SessionConfig

    if lesson.check is None:
        return []
    runs: dict[tuple[str, int], Any] = {}
    results = []
    for e in lesson.check.expect:
        n = e.iterations or lesson.check.iterations
        run_key = (json.dumps(e.config, sort_keys=True), n)
        if run_key not in runs:
            changes = {**e.config, **({} if seed is None else {"seed": seed})}
            config = lesson.config
            if changes:
                config = SessionConfig.from_dict({**config.to_dict(), **changes})
            session = Session(config)
            session.run(n)
            runs[run_key] = session
            if progress is not None:
                variant = f" with {e.config}" if e.config else ""
                progress(f"{lesson.key}: ran {session.completed} of {n} iterations{variant}")
        measured = measure(runs[run_key], e.cell, e.metric, e.stat)
        passed = bool(not math.isnan(measured) and OPS[e.op](measured, e.value))
        results.append(CheckResult(e, passed, measured))
    return results


def measure(session: Any, cell: str, metric: str, stat: str = "last") -> float:
    """One number of ``cell`` in a ``Session`` after a run (see the module docstring).

    NaN when there is nothing to measure (e.g. a diverged cell has no last iteration).
    """
    view = session.view()
    if metric == "diverged":
        return 1.0 if view.status[cell].diverged else 0.0
    if metric == "diverged_at":
        at = view.status[cell].diverged_at
        return math.inf if at is None else float(at)
    if metric == "grad_ratio":
        record = view.records.get(cell)
        if record is None or len(record.grad_hidden_norm) == 0:
            return math.nan
        norms = record.grad_hidden_norm
        return float(norms[0] / norms[-1]) if norms[-1] > 0 else math.nan
    curves = view.curves[cell]
    if metric == "solved_at":
        names = list(curves.metrics)
        for i, iteration in enumerate(curves.metric_iterations):
            if session.task.solved({k: float(curves.metrics[k][i]) for k in names}):
                return float(iteration)
        return math.inf
    if metric in CURVE_METRICS:
        series = [float(v) for v in getattr(curves, metric)]
    else:
        series = [float(v) for v in curves.metrics.get(metric, ())]
    return _reduce(series, stat)


def _reduce(series: Iterable[float], stat: str) -> float:
    values = [v for v in series if not math.isnan(v)]
    if not values:
        return math.nan
    if stat == "last":
        return values[-1]
    if stat == "first":
        return values[0]
    if stat == "min":
        return min(values)
    if stat == "max":
        return max(values)
    if stat == "mean":
        return sum(values) / len(values)
    raise LessonError(f"unknown stat {stat!r}")


def format_number(x: float) -> str:
    """A measured value as the checks print it: 4 significant digits, or 2 in e-notation."""
    if math.isinf(x) or math.isnan(x):
        return str(x)
    if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e5):
        return f"{x:.2e}"
    return f"{x:.4g}"
