"""The one configuration of a training session: validated, JSON round-trippable.

Presets, lessons and session files are all made of a ``SessionConfig``. Every field has a
range; a value outside it raises ``ConfigError`` whose message names the field.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from explorer.engine.truncation import TRUNCATION_KINDS, Truncation
from explorer.params import ParamSpec
from explorer.tasks.defaults import DEMO_SETTINGS

CELL_NAMES = {"rnn": "Vanilla RNN", "lstm": "LSTM", "gru": "GRU"}
OPTIMIZERS = ("sgd", "momentum", "adam")
INITS = ("uniform", "xavier", "orthogonal", "identity")
ACTIVATIONS = ("tanh", "relu")
TRUNCATIONS = TRUNCATION_KINDS
CLIPPING = ("off", "norm", "value")
DEFAULT_MEMORY_BUDGET_MB = 256
MAX_LAYERS = 4


def tr_noop(text: str) -> str:
    """Mark ``text`` for the translation catalogue (``explorer.ui.i18n_catalog`` collects
    every ``tr_noop("…")`` literal) without translating it: this module imports no Qt."""
    return text


# The titles the control panel gives fields it has no label of its own for (the field name,
# capitalised), kept here so that the catalogue holds them and the window translates them.
DEFAULT_TITLES = {
    "num_layers": tr_noop("Num layers"),
    "bidirectional": tr_noop("Bidirectional"),
    "teacher_forcing": tr_noop("Teacher forcing"),
    "output_recurrence": tr_noop("Output recurrence"),
}


class ConfigError(ValueError):
    """A configuration value is out of range; the message names the field."""


def _spec(name: str, kind: str, help: str, low=None, high=None, choices=None) -> ParamSpec:
    return ParamSpec(name, kind, minimum=low, maximum=high, choices=choices, help=help)


# Specs live next to the fields so that the control panel, validation and docs agree. The
# defaults are the ``SessionConfig`` field defaults. ``truncation_k`` and ``truncation_p``
# describe the parts of the one ``truncation`` field that the panel edits separately.
RANGES: dict[str, ParamSpec] = {
    spec.name: spec
    for spec in (
        _spec("task", "str", "Which sequence problem the models learn."),
        _spec(
            "task_params", "compound", "The task's own settings (sequence length, noise, seed …)."
        ),
        _spec(
            "cells",
            "compound",
            "The recurrent cells trained side by side on identical batches.",
            choices=tuple(CELL_NAMES),
        ),
        _spec("hidden_size", "int", "Number of hidden units H of every model.", 1, 512),
        _spec(
            "num_layers",
            "int",
            "Recurrent layers stacked on each other (deep RNN): layer l reads the states of "
            "layer l − 1.",
            1,
            MAX_LAYERS,
        ),
        _spec(
            "bidirectional",
            "bool",
            "Also read every sequence backwards: each layer gets a reverse direction, and the "
            "output at step t sees the whole sequence, past and future.",
        ),
        _spec(
            "teacher_forcing",
            "float",
            "Teacher forcing ratio r: the probability that the decoder of a sequence-to-sequence "
            "task (or an output-recurrent network) is fed the true previous token rather than its "
            "own prediction (1: always the truth, 0: free running). An output-recurrent network "
            "takes 1 or 0 only.",
            0.0,
            1.0,
        ),
        _spec(
            "output_recurrence",
            "bool",
            "Output recurrence (Goodfellow's figure in the notes): h_t reads the previous output "
            "o_{t−1} through W_oh instead of h_{t−1} through W_hh. Vanilla RNN, one layer only.",
        ),
        _spec("batch_size", "int", "Sequences per training batch B.", 1, 1024),
        _spec("optimizer", "choice", "How gradients become weight updates.", choices=OPTIMIZERS),
        _spec("learning_rate", "float", "Step size of the optimizer.", 1e-6, 10.0),
        _spec("momentum", "float", "Momentum coefficient (momentum optimizer only).", 0.0, 0.999),
        _spec("init", "choice", "How the weights are initialised.", choices=INITS),
        _spec(
            "recurrent_scale",
            "float",
            "Multiplies the recurrent weights at start. The spectral radius it gives depends on "
            "the initialisation: equal to the scale for orthogonal or identity weights, smaller "
            "for uniform ones.",
            0.0,
            10.0,
        ),
        _spec("forget_bias", "float", "Initial bias of the LSTM forget gate.", -10.0, 10.0),
        _spec("forget_gate", "bool", "Off gives the 1997 LSTM: forget gate fixed at 1."),
        _spec("activation", "choice", "Non-linearity φ of the vanilla RNN.", choices=ACTIVATIONS),
        _spec(
            "truncation",
            "choice",
            "Full BPTT, truncated every k steps, or randomized truncation.",
            choices=TRUNCATIONS,
        ),
        _spec("truncation_k", "int", "Truncated BPTT: detach the state every k steps.", 1, 1000),
        _spec(
            "truncation_p",
            "float",
            "Randomized truncation: probability that the gradient flows on at a step.",
            0.01,
            1.0,
        ),
        _spec(
            "clipping",
            "choice",
            "Gradient clipping: off, by global norm, or element-wise by value.",
            choices=CLIPPING,
        ),
        _spec("clip_threshold", "float", "Clipping threshold (norm or value).", 1e-3, 1e4),
        _spec("seed", "int", "Random seed of the weights and the batches.", 0, 2**31 - 1),
        _spec(
            "eval_every",
            "int",
            "Evaluate the task metric every this many iterations (while Train runs, only as "
            "often as 3 % of the training time allows: some are then skipped).",
            1,
            10000,
        ),
        _spec("display_example", "int", "Which sequence of the batch the views show.", 0, 1023),
        _spec(
            "memory_budget_mb", "int", "Memory kept for the history of past iterations.", 16, 16384
        ),
    )
}
# The parts of a truncation under the flat keys that older session files and lessons use.
TRUNCATION_PART_KEYS = {"truncation_k": "k", "truncation_p": "p"}


@dataclass(frozen=True)
class SessionConfig:
    """Everything that defines a run. Changing any field means a new run (reset)."""

    task: str = "adding"
    task_params: dict[str, Any] = field(default_factory=dict)
    cells: tuple[str, ...] = ("rnn", "lstm")
    hidden_size: int = 32
    num_layers: int = 1
    bidirectional: bool = False
    teacher_forcing: float = 1.0
    output_recurrence: bool = False
    batch_size: int = 32
    optimizer: str = "adam"
    learning_rate: float = 0.01
    momentum: float = 0.9
    init: str = "uniform"
    recurrent_scale: float = 1.0
    forget_bias: float = 1.0
    forget_gate: bool = True
    activation: str = "tanh"
    truncation: Truncation = field(default_factory=Truncation)
    clipping: str = "norm"
    clip_threshold: float = 1.0
    seed: int = 0
    # Scoring the evaluation set (four batches at the defaults) every 25 iterations cost a
    # headless run 7-10 % of its time; every 50, half that. The lessons set their own.
    eval_every: int = 50
    display_example: int = 0
    memory_budget_mb: int = DEFAULT_MEMORY_BUDGET_MB

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(self.cells))
        object.__setattr__(self, "task_params", dict(self.task_params))
        self.validate()

    # ----------------------------------------------------------------------------- checks
    def validate(self) -> None:
        """Raise ``ConfigError`` naming the first field that is out of range."""
        for f in fields(self):
            _check_field(f.name, getattr(self, f.name))
        if len(set(self.cells)) != len(self.cells):
            raise ConfigError(f"cells: each cell may appear once, got {list(self.cells)}")
        if self.display_example >= self.batch_size:
            raise ConfigError(
                f"display_example: must be below batch_size ({self.batch_size}), "
                f"got {self.display_example}"
            )
        if self.output_recurrence:
            _check_output_recurrence(self)
        if _is_seq2seq(self.task):
            _check_seq2seq(self)

    def with_changes(self, **changes: Any) -> SessionConfig:
        """A copy with some fields changed (validated)."""
        return replace(self, **changes)

    # ----------------------------------------------------------------------------- JSON
    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of every field (the truncation as ``{"kind", "k", "p"}``)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["task_params"] = copy.deepcopy(self.task_params)
        data["cells"] = list(self.cells)
        data["truncation"] = self.truncation.to_dict()
        return data

    @classmethod
    def json_keys(cls) -> frozenset[str]:
        """Every key ``from_dict`` reads: the fields, and the flat truncation keys of older
        files (``truncation_k``, ``truncation_p``)."""
        return frozenset(f.name for f in fields(cls)) | frozenset(TRUNCATION_PART_KEYS)

    @classmethod
    def from_dict(cls, data: Any) -> SessionConfig:
        """Build from a dict; unknown keys and wrong types are ``ConfigError``.

        Missing keys take their defaults, so older files and short lesson configs load. The
        truncation is read in either form: ``{"truncation": {"kind": ..., "k": ..., "p": ...}}``
        or the flat ``"truncation": kind, "truncation_k": k, "truncation_p": p`` of older files.
        """
        if not isinstance(data, dict):
            raise ConfigError(f"a configuration must be a JSON object, got {type(data).__name__}")
        unknown = sorted(str(key) for key in set(data) - cls.json_keys())
        if unknown:
            raise ConfigError(f"unknown configuration field(s): {', '.join(unknown)}")
        values = {k: v for k, v in data.items() if k not in TRUNCATION_PART_KEYS}
        parts = truncation_parts(data)
        if parts is not None:
            values["truncation"] = _read_truncation(parts)
        if "cells" in values:
            cells = values["cells"]
            if isinstance(cells, str) or not isinstance(cells, (list, tuple)):
                raise ConfigError(f"cells: expected a list such as ['rnn', 'lstm'], got {cells!r}")
            values["cells"] = tuple(cells)
        try:
            return cls(**values)
        except TypeError as exc:
            raise ConfigError(f"configuration: {exc}") from None

    def to_json(self) -> str:
        """Pretty JSON text of the config."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SessionConfig:
        """Parse JSON text; malformed JSON is a ``ConfigError``."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"configuration is not valid JSON: {exc}") from None
        return cls.from_dict(data)


def demo_config(task_key: str) -> SessionConfig:
    """The configuration of ``task_key``'s lesson settings (``DEMO_SETTINGS``): Adam and
    gradient-norm clipping as the settings say, every other field at its default.
    ``KeyError`` if the task has no lesson settings."""
    demo = DEMO_SETTINGS[task_key]
    return SessionConfig(
        task=task_key,
        task_params=dict(demo.task_params),
        cells=tuple(demo.cells),
        hidden_size=demo.hidden_size,
        batch_size=demo.batch_size,
        optimizer="adam",
        learning_rate=demo.lr,
        clipping="norm",
        clip_threshold=demo.clip_norm,
        forget_bias=demo.forget_bias,
        eval_every=demo.eval_every,
    )


def merge_changes(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a config in JSON form) with ``changes`` (JSON form too) applied, as
    ``{**data, **changes}`` would, except that a change to one part of the truncation
    (``"truncation": "truncated"``, ``"truncation_k": 8``, a partial object) keeps the others."""
    merged = {k: v for k, v in {**data, **changes}.items() if k not in TRUNCATION_PART_KEYS}
    before, after = truncation_parts(data), truncation_parts(changes)
    if before is not None or after is not None:
        merged["truncation"] = {**(before or {}), **(after or {})}
    return merged


def truncation_parts(data: dict[str, Any]) -> dict[str, Any] | None:
    """The truncation parts a JSON-form config gives (``{"kind": ..., "k": ..., "p": ...}``,
    any subset), None when it gives none. A malformed value is kept for ``from_dict`` to
    reject with a message."""
    if "truncation" not in data and not TRUNCATION_PART_KEYS.keys() & data.keys():
        return None
    value = data.get("truncation")
    if isinstance(value, Truncation):
        parts: dict[str, Any] = value.to_dict()
    elif isinstance(value, dict):
        parts = dict(value)
    elif "truncation" in data:
        parts = {"kind": value}
    else:
        parts = {}
    for key, part in TRUNCATION_PART_KEYS.items():
        if key in data:
            parts[part] = data[key]
    return parts


def _read_truncation(parts: dict[str, Any]) -> Truncation:
    try:
        return Truncation.from_dict(parts)
    except (TypeError, ValueError) as exc:
        raise ConfigError(str(exc)) from None


def _check_field(name: str, value: Any) -> None:
    spec = RANGES[name]
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{name}: expected an integer, got {value!r}")
        _check_bounds(name, value, spec)
    elif spec.kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{name}: expected a number, got {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"{name}: expected a finite number, got {value!r}")
        _check_bounds(name, value, spec)
    elif spec.kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{name}: expected true or false, got {value!r}")
    elif name == "truncation":
        if not isinstance(value, Truncation):
            raise ConfigError(f"truncation: expected a Truncation, got {value!r}")
        _check_bounds("truncation.k", value.k, RANGES["truncation_k"])
        _check_bounds("truncation.p", value.p, RANGES["truncation_p"])
    elif name == "task":
        if not isinstance(value, str) or not value:
            raise ConfigError(f"task: expected a task name, got {value!r}")
    elif name == "task_params":
        if not isinstance(value, dict):
            raise ConfigError(f"task_params: expected an object, got {value!r}")
    elif name == "cells":
        if not value:
            raise ConfigError("cells: choose at least one cell (rnn, lstm, gru)")
        for cell in value:
            if cell not in CELL_NAMES:
                raise ConfigError(f"cells: unknown cell {cell!r}; expected rnn, lstm or gru")
    elif spec.choices is not None and value not in spec.choices:
        raise ConfigError(f"{name}: expected one of {', '.join(spec.choices)}, got {value!r}")


def _check_bounds(name: str, value: float, spec: ParamSpec) -> None:
    low, high = spec.minimum, spec.maximum
    if not spec.within_bounds(value):
        raise ConfigError(f"{name}: must be between {low:g} and {high:g}, got {value!r}")


def _is_seq2seq(task: str) -> bool:
    """Whether ``task`` names a sequence-to-sequence task (an encoder–decoder trains on it)."""
    from explorer.tasks.registry import SEQ2SEQ_TASKS

    return task in SEQ2SEQ_TASKS


def _check_seq2seq(config: SessionConfig) -> None:
    """An encoder–decoder takes full BPTT and is not an output-recurrent network."""
    if config.truncation.cuts:
        raise ConfigError(
            "truncation: an encoder–decoder is trained with full backpropagation; set "
            "truncation to full"
        )
    if config.output_recurrence:
        raise ConfigError(
            "output_recurrence: a sequence-to-sequence task trains an encoder–decoder; "
            "set output_recurrence to false"
        )


def _check_output_recurrence(config: SessionConfig) -> None:
    """An output-recurrent network is one vanilla layer, teacher-forced or free running."""
    if set(config.cells) != {"rnn"}:
        raise ConfigError(
            f"output_recurrence: the output-recurrent network is a vanilla RNN; set cells to "
            f"['rnn'], got {list(config.cells)}"
        )
    if config.num_layers != 1 or config.bidirectional:
        raise ConfigError(
            "output_recurrence: the output-recurrent network has one forward layer; set "
            "num_layers to 1 and bidirectional to false"
        )
    if config.task == "charlm" and config.task_params.get("sampling") == "sequential":
        raise ConfigError(
            "output_recurrence: the output-recurrent network starts every batch from "
            "o_0 = 0; choose random sampling, not sequential"
        )
    if config.teacher_forcing not in (0.0, 1.0):
        raise ConfigError(
            "teacher_forcing: an output-recurrent network is trained with teacher forcing on "
            f"(1) or off (0), got {config.teacher_forcing!r}"
        )
