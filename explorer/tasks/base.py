"""The interface every sequence task implements, and what its panel hands to the window.

A task is a generator of training batches plus a fixed evaluation set, a way to score a model
on that set, and a picture of what the model does on one example. Everything it returns is
plain NumPy arrays and Python scalars, so the session can copy it across threads and the
window can draw it without knowing which task produced it.

Shapes follow the engine, time-major:

- ``X``: ``(T, B, D)`` float64 inputs,
- ``Y``: ``(T, B, O)`` float64 targets when ``loss == "mse"``, ``(T, B)`` int64 class indices
  when ``loss == "ce"``,
- ``mask``: ``(T, B)`` float64 of 0/1; only masked-in ``(t, b)`` count in the loss and the
  metrics. Many-to-one tasks set 1 at the last step only.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import numpy as np

from explorer.params import ParamSpec

Batch = tuple[np.ndarray, np.ndarray, np.ndarray]
"""``(X, Y, mask)`` with the shapes given in the module docstring."""

PANEL_KINDS = ("series", "text", "sequence")

# Offsets into ``np.random.default_rng([seed, stream])`` so that the evaluation set never
# shares random numbers with anything else drawn from the same task seed.
EVAL_STREAM = 1
BASELINE_STREAM = 2
PANEL_STREAM = 3


class Model(Protocol):
    """The part of an engine model a task needs: a forward pass.

    ``forward(X, h0=None) -> (outputs, state)`` with ``X`` of shape ``(T, B, D)``, ``outputs``
    of shape ``(T, B, O)`` (raw scores, logits for classification) and ``state`` in the form
    ``h0`` accepts, so a sequence can be continued one step at a time.
    """

    def forward(self, X: np.ndarray, h0: Any = None) -> tuple[np.ndarray, Any]: ...


def seed_param(default: int = 0) -> ParamSpec:
    """The ``seed`` parameter every task has: it fixes the evaluation set and any data."""
    return ParamSpec(
        "seed",
        "int",
        default,
        0,
        2**31 - 1,
        help="Random seed of the evaluation set (and of the data, where the task has fixed data).",
    )


def input_noise_param(
    help: str = "Standard deviation of Gaussian noise added to every input channel.",
) -> ParamSpec:
    """The ``noise`` of the symbolic tasks: Gaussian noise on the inputs, 0 by default."""
    return ParamSpec("noise", "float", 0.0, 0.0, 1.0, help=help)


@dataclass(frozen=True, eq=False)  # arrays have no single truth value, so compare by identity
class TaskPanel:
    """What the window's task panel draws for one example, as plain arrays and strings.

    ``kind`` decides which fields are filled:

    ``"series"`` (sine forecasting)
        ``x`` ``(N,)`` time axis; ``series`` maps a curve name ("data", "1-step", "4-step", ...)
        to an ``(N,)`` array, NaN where that curve has no value.
    ``"text"`` (character language model)
        ``text`` the input characters (length ``T``); ``target_text`` the characters the model
        should predict (``text`` shifted by one); ``predicted`` the model's most likely next
        character at each position (length ``T``); ``probabilities`` ``(T,)`` the probability the
        model gives the correct next character; ``sample`` text generated from a prefix.
    ``"sequence"`` (adding, recall, temporal order, Reber)
        ``inputs`` ``(T, D)``; ``labels`` names the ``D`` input channels; ``targets`` ``(T,)`` the
        target value or class index, NaN where there is none; ``predictions`` ``(T,)`` the model's
        output (regression) or most likely class (classification) at every step, including the
        steps that are not scored; ``mask`` ``(T,)`` bool, the scored steps; ``correct`` ``(T,)``
        bool, scored and right; ``probabilities`` ``(T,)`` the probability given to the target
        class (classification only, NaN elsewhere); ``symbols`` names the output classes (empty
        for regression).

    ``caption`` is one line of text under the picture for every kind. When the task builds it
    from ``caption_template`` (an English ``str.format`` template, listed in the task's
    ``caption_templates`` so the window can translate it) and ``caption_values`` (the numbers
    and names it fills in), ``caption`` is left empty and filled from them.
    """

    kind: str
    title: str
    caption: str = ""
    caption_template: str = ""
    caption_values: dict[str, Any] = field(default_factory=dict)
    # series
    x: np.ndarray | None = None
    series: dict[str, np.ndarray] = field(default_factory=dict)
    # text
    text: str = ""
    target_text: str = ""
    predicted: str = ""
    probabilities: np.ndarray | None = None
    sample: str = ""
    # sequence
    inputs: np.ndarray | None = None
    targets: np.ndarray | None = None
    predictions: np.ndarray | None = None
    mask: np.ndarray | None = None
    correct: np.ndarray | None = None
    labels: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in PANEL_KINDS:
            raise ValueError(f"panel kind must be one of {PANEL_KINDS}, got {self.kind!r}")
        if self.caption_template and not self.caption:
            # frozen: the English caption is derived once, here
            caption = self.caption_template.format(**self.caption_values)
            object.__setattr__(self, "caption", caption)


class Task(ABC):
    """A sequence problem: training batches, a fixed evaluation set, metrics and a panel.

    Subclasses set the class attributes, call ``super().__init__(**params)`` (which validates
    the parameters against ``params`` and stores them in ``self.p``) and then set the instance
    attributes ``input_size``, ``output_size``, ``loss``, ``seq_len``, ``metric_name``,
    ``metric_higher_is_better``, ``solved_threshold`` and ``solved_description``.
    ``caption_templates`` lists every ``TaskPanel.caption_template`` the task may use, so the
    translation catalogue can collect them; ``evaluation_metrics`` names every key of
    ``evaluate``'s dict, so lessons can check a metric name without running a model. They implement ``batch``, ``_make_eval_set``,
    ``_compute_baseline``, ``evaluate`` and ``panel``.
    """

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[tuple[ParamSpec, ...]] = ()
    caption_templates: ClassVar[tuple[str, ...]] = ()
    evaluation_metrics: ClassVar[tuple[str, ...]] = ()

    input_size: int
    output_size: int
    loss: str
    seq_len: int
    metric_name: str
    metric_higher_is_better: bool
    solved_threshold: float
    solved_description: str

    def __init__(self, **params: Any) -> None:
        specs = {spec.name: spec for spec in self.params}
        unknown = sorted(set(params) - set(specs))
        if unknown:
            raise ValueError(
                f"{self.key}: unknown parameter(s) {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(specs)}"
            )
        self.p: dict[str, Any] = {
            name: spec.validate(params.get(name, spec.default), owner=self.key)
            for name, spec in specs.items()
        }
        self._eval_set: Batch | None = None
        self._baseline: dict[str, float] | None = None

    # ----------------------------------------------------------------------------- settings
    def settings(self) -> dict[str, Any]:
        """The validated parameters as a JSON-able dict: ``make_task(key, **settings())``
        rebuilds an equal task."""
        return dict(self.p)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.p.items())
        return f"{type(self).__name__}({args})"

    # ----------------------------------------------------------------------------- data
    @abstractmethod
    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """A fresh training batch ``(X, Y, mask)`` of ``batch_size`` sequences of length
        ``seq_len``; the same ``rng`` state gives the same batch."""

    @abstractmethod
    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        """Build the evaluation set from ``rng`` (seeded from the task seed)."""

    def eval_set(self) -> Batch:
        """The fixed evaluation set ``(X, Y, mask)``, built once from the task seed.

        The arrays are read-only so a caller cannot disturb later evaluations.
        """
        if self._eval_set is None:
            rng = np.random.default_rng([self.p["seed"], EVAL_STREAM])
            arrays = self._make_eval_set(rng)
            for a in arrays:
                a.setflags(write=False)
            self._eval_set = arrays
        return self._eval_set

    # ----------------------------------------------------------------------------- scoring
    @abstractmethod
    def _compute_baseline(self) -> dict[str, float]:
        """Reference values; see ``baseline``."""

    @property
    def baseline(self) -> dict[str, float]:
        """Reference lines for the plots, computed once.

        A key that is also a key of ``evaluate``'s dict (``"loss"``, ``"mse"``, ``"accuracy"``,
        ...) is the value a trivial or classical model reaches on that metric; other keys are
        extra named reference values.
        """
        if self._baseline is None:
            self._baseline = {k: float(v) for k, v in self._compute_baseline().items()}
        return dict(self._baseline)

    @abstractmethod
    def evaluate(self, model: Model) -> dict[str, float]:
        """Metrics of ``model`` on the evaluation set; always has ``"loss"`` (the training loss
        on the evaluation set) and ``metric_name``."""

    def solved(self, metrics: dict[str, float]) -> bool:
        """Whether the headline metric in ``metrics`` has reached ``solved_threshold``."""
        value = metrics.get(self.metric_name)
        if value is None or not math.isfinite(value):
            return False
        if self.metric_higher_is_better:
            return value >= self.solved_threshold
        return value < self.solved_threshold

    @abstractmethod
    def panel(self, model: Model, example: int = 0) -> TaskPanel:
        """What the task panel shows for evaluation example ``example`` (taken modulo the
        number of examples)."""
