"""Predict, then reveal: lesson questions whose answers are measured on the run.

A lesson card may carry a ``question``. The learner answers it on that card; the guess is
locked when they go on, the next card's action runs (the step that answers it), and the
answer is then measured on the session and shown next to the guess. Answers are never
written in the lesson: a choice question names a measured number and the bin edges that
map it to a choice, or several cells of which the one with the largest value is the
answer; a number question names the number to guess. Format (texts are the lesson's
``{"en": …, "zh_CN": …, "zh_TW": …}`` objects)::

    "question": {
      "prompt": {…},
      "choices": [{…}, {…}, {…}],                       # or "number": {"log": true}
      "answer": {"metric": "grad_ratio", "cell": "rnn", "bins": [3e-5, 0.03]}
    }

``bins`` (increasing, one fewer than the choices): the answer is choice ``i`` when the value
lies between ``bins[i-1]`` and ``bins[i]``. ``"cells": ["rnn", "lstm"]`` instead of ``cell``
and ``bins``: the answer is the choice of the cell with the largest value. A number guess
counts as right within a factor ``tolerance`` (default 3) with ``"log": true``, otherwise
within a relative ``tolerance`` (default 0.25).

``metric`` without ``stat`` is one of ``RECORD_METRICS``, read from the iteration on display
(``grad_ratio`` = ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖, ``grad_first``, ``grad_last``, ``loss``,
``batch_perplexity`` = exp(loss), ``grad_norm``, ``truncation_cosine``); with ``stat``
(``last``, ``first``, ``min``, ``max``, ``mean``) it is a curve or task metric over the run,
as in the lesson checks; ``diverged`` is 1 when the cell diverged.

Answers are kept in memory for one lesson (:class:`AnswerLog`); nothing is sent anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RECORD_METRICS = (
    "grad_ratio",
    "layer_grad_ratio",
    "grad_first",
    "grad_last",
    "loss",
    "batch_perplexity",
    "grad_norm",
    "truncation_cosine",
)
STATS = ("last", "first", "min", "max", "mean")
DEFAULT_LOG_TOLERANCE = 3.0
DEFAULT_TOLERANCE = 0.25

Texts = dict[str, str]

_MEASURED = {
    "en": "Measured in this run: {what} = {value}.",
    "zh_CN": "本次运行的测量值:{what} = {value}。",
    "zh_TW": "本次執行的測量值:{what} = {value}。",
}
_ANSWER = {"en": "Answer: {choice}", "zh_CN": "答案:{choice}", "zh_TW": "答案:{choice}"}
_SUMMARY = {
    "en": "{correct} of {answered} predictions right.",
    "zh_CN": "预测正确 {correct} 个,共 {answered} 个。",
    "zh_TW": "預測正確 {correct} 個,共 {answered} 個。",
}
# The window's names of the cells and of the reductions over a run, per language.
_CELL_WORDS = {"rnn": {"zh_CN": "普通 RNN", "zh_TW": "普通 RNN"}}
_STAT_WORDS = {
    "first": {"zh_CN": "首个", "zh_TW": "首個"},
    "min": {"zh_CN": "最小", "zh_TW": "最小"},
    "max": {"zh_CN": "最大", "zh_TW": "最大"},
    "mean": {"zh_CN": "平均", "zh_TW": "平均"},
}
_LABELS = {
    "grad_ratio": "‖∂L/∂h<sub>1</sub>‖ / ‖∂L/∂h<sub>T</sub>‖",
    "layer_grad_ratio": "‖∂L/∂h<sub>T</sub><sup>(1)</sup>‖ / ‖∂L/∂h<sub>T</sub><sup>(L)</sup>‖",
    "grad_first": "‖∂L/∂h<sub>1</sub>‖",
    "grad_last": "‖∂L/∂h<sub>T</sub>‖",
    "loss": "L",
    "batch_perplexity": "exp(L)",
    "grad_norm": "‖g‖",
    "truncation_cosine": "cos(g, g<sub>full</sub>)",
}


@dataclass(frozen=True)
class Answer:
    """How the answer is measured: ``metric`` of ``cells`` (one, or several to compare),
    reduced by ``stat`` over the run (None: the iteration on display), mapped by ``bins``."""

    metric: str
    cells: tuple[str, ...]
    stat: str | None = None
    bins: tuple[float, ...] = ()


@dataclass(frozen=True)
class Question:
    """A prediction asked on a card: a choice (``choices``) or a number (``log`` scale)."""

    prompt: Texts
    answer: Answer
    choices: tuple[Texts, ...] = ()
    log: bool = False
    tolerance: float = DEFAULT_TOLERANCE

    @property
    def is_choice(self) -> bool:
        """True for a choice question, False for a number to guess."""
        return bool(self.choices)


@dataclass(frozen=True)
class Reveal:
    """The measured answer: the value per compared cell, the right choice (choice
    questions) and a short text per language naming the measured value."""

    values: dict[str, float]
    correct_choice: int | None
    text: Texts

    @property
    def value(self) -> float:
        """The measured number (of the first cell)."""
        return next(iter(self.values.values()))

    @property
    def computable(self) -> bool:
        """False when the run had nothing to measure (e.g. a diverged cell)."""
        return all(math.isfinite(v) for v in self.values.values())


def reveal(question: Question, view: Any) -> Reveal:
    """Measure the answer of ``question`` on a ``SessionView`` (after the answering step)."""
    a = question.answer
    values = {cell: measure_view(view, cell, a.metric, a.stat) for cell in a.cells}
    choice: int | None = None
    if question.is_choice and all(math.isfinite(v) for v in values.values()):
        if len(a.cells) > 1:
            choice = max(range(len(a.cells)), key=lambda i: values[a.cells[i]])
        else:
            choice = sum(1 for edge in a.bins if values[a.cells[0]] >= edge)
    text = {}
    for language, template in _MEASURED.items():
        parts = [
            template.format(what=_what(a, cell, language), value=format_value(v))
            for cell, v in values.items()
        ]
        if choice is not None:
            picked = question.choices[choice]
            parts.append(_ANSWER[language].format(choice=picked.get(language) or picked["en"]))
        text[language] = " ".join(parts)
    return Reveal(values, choice, text)


def is_right(question: Question, result: Reveal, guess: int | float) -> bool:
    """Whether ``guess`` (a choice index or a number) matches the measured answer."""
    if question.is_choice:
        return result.correct_choice is not None and guess == result.correct_choice
    value = result.value
    if not math.isfinite(value) or not math.isfinite(float(guess)):
        return False
    if question.log:
        if value <= 0 or guess <= 0:
            return False
        return abs(math.log(guess / value)) <= math.log(question.tolerance)
    return abs(guess - value) <= question.tolerance * abs(value)


@dataclass
class AnswerLog:
    """The guesses of one lesson, in memory only: card number, guess, reveal, right or not."""

    entries: list[tuple[int, int | float, Reveal, bool]] = field(default_factory=list)

    def record(self, card: int, question: Question, guess: int | float, result: Reveal) -> bool:
        """Keep one answered question (a later answer to the same card replaces it)."""
        right = is_right(question, result, guess)
        self.entries = [e for e in self.entries if e[0] != card]
        self.entries.append((card, guess, result, right))
        return right

    def summary(self) -> AnswerSummary:
        """How many predictions were answered and how many were right."""
        right = sum(1 for e in self.entries if e[3])
        return AnswerSummary(len(self.entries), right, tuple(e[0] for e in self.entries))


@dataclass(frozen=True)
class AnswerSummary:
    """The end-of-lesson summary of an :class:`AnswerLog`."""

    answered: int
    correct: int
    cards: tuple[int, ...]

    def text(self, language: str) -> str:
        """e.g. "2 of 3 predictions right." in ``language`` (English when unknown)."""
        template = _SUMMARY.get(language, _SUMMARY["en"])
        return template.format(correct=self.correct, answered=self.answered)


# ------------------------------------------------------------------------------ measuring
def measure_view(view: Any, cell: str, metric: str, stat: str | None = None) -> float:
    """One number of ``cell`` on a ``SessionView``; NaN when there is nothing to measure."""
    from explorer.lessons.checker import reduce_series

    status = view.status.get(cell)
    if metric == "diverged":
        return 1.0 if status is not None and status.diverged else 0.0
    if stat is None:
        record = view.records.get(cell)
        if record is None:
            return math.nan
        return _record_metric(record, metric)
    curves = view.curves.get(cell)
    if curves is None:
        return math.nan
    if hasattr(curves, metric):
        series = [float(v) for v in getattr(curves, metric)]
    else:
        series = [float(v) for v in curves.metrics.get(metric, ())]
    return reduce_series(series, stat)


def _record_metric(record: Any, metric: str) -> float:
    norms = record.grad_hidden_norm
    with_norms = len(norms) > 0
    if metric == "grad_ratio":
        return float(norms[0] / norms[-1]) if with_norms and norms[-1] > 0 else math.nan
    if metric == "layer_grad_ratio":
        from explorer.session.depth import layer_grad_ratio

        return layer_grad_ratio(record)
    if metric == "grad_first":
        return float(norms[0]) if with_norms else math.nan
    if metric == "grad_last":
        return float(norms[-1]) if with_norms else math.nan
    if metric == "loss":
        return float(record.loss)
    if metric == "batch_perplexity":
        return math.exp(min(float(record.loss), 700.0))
    if metric == "grad_norm":
        return float(record.grad_norm)
    if metric == "truncation_cosine":
        cosine = record.truncation_cosine
        return math.nan if cosine is None else float(cosine)
    raise ValueError(f"unknown metric {metric!r}")


def _what(answer: Answer, cell: str, language: str = "en") -> str:
    from explorer.session.config import CELL_NAMES

    label = _LABELS.get(answer.metric, answer.metric)
    if answer.stat is not None and answer.stat != "last":
        stat = _STAT_WORDS.get(answer.stat, {}).get(language, answer.stat)
        label = f"{stat} {label}"
    name = _CELL_WORDS.get(cell, {}).get(language) or CELL_NAMES.get(cell, cell)
    return f"{label} ({name})"


def format_value(x: float) -> str:
    """A measured value for a reveal: 3 significant digits, powers of ten as ·10<sup>n</sup>."""
    if not math.isfinite(x):
        return str(x)
    if x != 0 and (abs(x) < 1e-2 or abs(x) >= 1e4):
        mantissa, exponent = f"{x:.2e}".split("e")
        return f"{mantissa}·10<sup>{int(exponent)}</sup>".replace("-", "−")
    return f"{x:.3g}"


# ------------------------------------------------------------------------------ parsing
Fail = Callable[[str, str], Exception]
ParseTexts = Callable[[Any, str], Texts]


def parse_question(
    data: Any,
    where: str,
    texts: ParseTexts,
    fail: Fail,
    cells: tuple[str, ...],
    run_metrics: Callable[[], set[str]] | None = None,
) -> Question:
    """Validate a card's ``question`` object; ``texts`` parses a text object and ``fail``
    builds the lesson error, so messages name the file, card and field. ``run_metrics``
    gives the names a ``stat`` may reduce (curves and the task's metrics), when known."""
    if not isinstance(data, dict):
        raise fail(where, 'expected an object with "prompt", "answer" and "choices" or "number"')
    unknown = sorted(set(data) - {"prompt", "choices", "number", "answer"})
    if unknown:
        raise fail(where, f"unknown field(s) {', '.join(unknown)}")
    for name in ("prompt", "answer"):
        if name not in data:
            raise fail(where, f"missing field '{name}'")
    if ("choices" in data) == ("number" in data):
        raise fail(where, "give either 'choices' (a list of texts) or 'number', not both")
    prompt = texts(data["prompt"], f"{where} prompt")
    choices: tuple[Texts, ...] = ()
    log, tolerance = False, DEFAULT_TOLERANCE
    if "choices" in data:
        raw = data["choices"]
        if not isinstance(raw, list) or not 2 <= len(raw) <= 6:
            raise fail(f"{where} choices", "expected a list of 2 to 6 texts")
        choices = tuple(texts(c, f"{where} choice {i + 1}") for i, c in enumerate(raw))
    else:
        log, tolerance = _number(data["number"], f"{where} number", fail)
    answer = _answer(data["answer"], f"{where} answer", fail, cells, len(choices))
    if answer.stat is not None and answer.metric != "diverged" and run_metrics is not None:
        names = run_metrics()
        if answer.metric not in names:
            raise fail(
                f"{where} answer",
                f"unknown metric {answer.metric!r} over the run; known: {', '.join(sorted(names))}",
            )
    return Question(prompt, answer, choices, log, tolerance)


def _number(data: Any, where: str, fail: Fail) -> tuple[bool, float]:
    if not isinstance(data, dict) or sorted(set(data) - {"log", "tolerance"}):
        raise fail(where, 'expected an object such as {"log": true}')
    log = data.get("log", False)
    if not isinstance(log, bool):
        raise fail(where, f"'log' must be true or false, got {log!r}")
    default = DEFAULT_LOG_TOLERANCE if log else DEFAULT_TOLERANCE
    tolerance = data.get("tolerance", default)
    low = 1.0 if log else 0.0
    ok = isinstance(tolerance, (int, float)) and not isinstance(tolerance, bool)
    if not ok or not math.isfinite(tolerance) or tolerance <= low:
        raise fail(where, f"'tolerance' must be a number above {low:g}, got {tolerance!r}")
    return log, float(tolerance)


def _answer(data: Any, where: str, fail: Fail, cells: tuple[str, ...], n_choices: int) -> Answer:
    if not isinstance(data, dict):
        raise fail(where, 'expected an object such as {"metric": "grad_ratio", "cell": "rnn"}')
    unknown = sorted(set(data) - {"metric", "cell", "cells", "stat", "bins"})
    if unknown:
        raise fail(where, f"unknown field(s) {', '.join(unknown)}")
    metric, stat = data.get("metric"), data.get("stat")
    if stat is not None and stat not in STATS:
        raise fail(where, f"unknown stat {stat!r}; expected one of {', '.join(STATS)}")
    if not isinstance(metric, str) or not metric:
        raise fail(where, "missing 'metric', the measured number")
    if stat is None and metric not in (*RECORD_METRICS, "diverged"):
        raise fail(
            where,
            f"metric {metric!r} needs a 'stat' over the run, or use one measured on the "
            f"iteration on display: {', '.join(RECORD_METRICS)}",
        )
    if "cells" in data:
        chosen = data["cells"]
        if n_choices == 0 or not isinstance(chosen, list) or len(chosen) != n_choices:
            raise fail(where, "'cells' compares cells: one per choice, in the choices' order")
        if "bins" in data:
            raise fail(where, "'bins' and 'cells' exclude each other")
    else:
        chosen = [data.get("cell")]
    for cell in chosen:
        if cell not in cells:
            raise fail(where, f"cell {cell!r} is not trained here ({', '.join(cells)})")
    bins = data.get("bins", [])
    if n_choices and "cells" not in data:
        good = isinstance(bins, list) and all(
            isinstance(b, (int, float)) and not isinstance(b, bool) for b in bins
        )
        if not good or len(bins) != n_choices - 1 or sorted(bins) != bins:
            raise fail(where, f"'bins' must be {n_choices - 1} increasing numbers, one per gap")
    elif not n_choices and "bins" in data:
        raise fail(where, "'bins' apply to choice questions only")
    return Answer(metric, tuple(chosen), stat, tuple(float(b) for b in bins))
