"""The lesson data: lessons, cards, actions and expectations as frozen dataclasses.

What a lesson file says, after ``explorer.lessons.validator`` has checked it; the file
format is described in the package docstring (``explorer.lessons``).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.session.snapshot import CURVE_SERIES

LANGUAGES = ("en", "zh_CN", "zh_TW")
REQUIRED_LANGUAGE = "en"
ACTION_KINDS = ("step", "finish_pass", "iteration", "run", "reset", "show")
VIEWS = ("graph", "hidden", "gradient", "weights", "curves", "task", "code")
STATS = ("last", "first", "min", "max", "mean")
CURVE_METRICS = CURVE_SERIES
SPECIAL_METRICS = ("grad_ratio", "layer_grad_ratio", "diverged", "diverged_at", "solved_at")
# Tags Qt's rich text understands that lesson texts may use; anything else is a typo or a risk.
ALLOWED_TAGS = ("b", "i", "sub", "sup", "br")
MAX_STEP = 10_000
MAX_RUN = 100_000


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


def format_number(x: float) -> str:
    """A measured value as the checks print it: 4 significant digits, or 2 in e-notation."""
    if math.isinf(x) or math.isnan(x):
        return str(x)
    if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e5):
        return f"{x:.2e}"
    return f"{x:.4g}"
