"""Guided lessons: a session config, a sequence of explanation cards, and a checkable outcome.

Lessons are data, one JSON file per lesson in ``assets/lessons/`` (``NN-key.json``), so a
lecturer can add one without touching code. This package holds the lesson data (``model``),
validates a file's JSON (``validator``), reads files and folders (``loading``), applies a
card's action to a running session (``actions``), and checks headlessly that a lesson's
stated outcome really happens with its shipped settings (``checker``). Pure Python and the
standard library (plus the session, for configs and checks); no Qt: the window's lesson
panel is a thin view over this.

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
``"show"``) names the view to bring forward: graph, hidden, gradient, weights, curves, task, code.

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
- ``layer_grad_ratio``: ‖∂L/∂h_T‖ of the bottom layer / of the top layer (a stacked model,
  the shown example; ``explorer.session.depth``);
- ``diverged``: 1 if the cell diverged, else 0; ``diverged_at``: the iteration it diverged
  at (∞ if it did not);
- ``solved_at``: the first evaluated iteration at which the task counts as solved (∞ if
  never).

``stat`` (default ``last``; also ``first``, ``min``, ``max``, ``mean``) reduces a curve or
metric series to one number. ``config`` (changes to the lesson config) and ``iterations``
(default: the check's) give an expectation its own run; expectations that share both share
one run.
"""

from explorer.lessons.actions import apply_action
from explorer.lessons.checker import (
    CheckResult,
    check_lesson,
    check_results,
    measure,
    reduce_series,
)
from explorer.lessons.loading import (
    LessonFolder,
    find_lesson,
    lessons_dir,
    load_lesson,
    load_lesson_folder,
    load_lessons,
)
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
    format_number,
    normalize_language,
)

__all__ = [
    "ACTION_KINDS",
    "ALLOWED_TAGS",
    "CURVE_METRICS",
    "LANGUAGES",
    "MAX_RUN",
    "MAX_STEP",
    "OPS",
    "REQUIRED_LANGUAGE",
    "SPECIAL_METRICS",
    "STATS",
    "VIEWS",
    "Card",
    "CardAction",
    "Check",
    "CheckResult",
    "Expectation",
    "Lesson",
    "LessonError",
    "LessonFolder",
    "Texts",
    "apply_action",
    "check_lesson",
    "check_results",
    "find_lesson",
    "format_number",
    "lessons_dir",
    "load_lesson",
    "load_lesson_folder",
    "load_lessons",
    "measure",
    "normalize_language",
    "reduce_series",
]
