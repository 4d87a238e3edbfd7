"""What one iteration leaves behind, per model: the numbers every view draws.

Snapshots are frozen and hold their own copies of every array, so the window may keep
them while training goes on in another thread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

import numpy as np

from explorer.engine.analysis import rnn_jacobian_bound, rnn_jacobian_product_norms
from explorer.engine.description import (
    Description,
    ExampleRecord,
    LayerRecord,
    ModelSpec,
    layer_tag,
)

# The display data that costs more than the rest of a snapshot together, each drawn by one
# page of the gradient view (at T = 200, H = 64, three cells: 130, 44 and 45 ms of a 260 ms
# build). While training runs, the session leaves out the parts no visible view draws
# (``Session.shown_parts``); a snapshot names what it left out in ``missing``.
CONTRIB = "contrib"
WEIGHT_TERMS = "weight_terms"
JACOBIAN = "jacobian"
COSTLY_PARTS = frozenset({CONTRIB, WEIGHT_TERMS, JACOBIAN})


def missing_parts(snapshots: Mapping[str, ModelSnapshot]) -> frozenset[str]:
    """The costly parts that some of ``snapshots`` left out."""
    return frozenset().union(*(s.missing for s in snapshots.values()))


class Phase(str, Enum):
    """Where the step-through of an iteration stands.

    ``IDLE``: no iteration is being revealed; the views show the last finished one.
    ``FORWARD``: h_1 … h_cursor are revealed. ``LOSS``: the whole forward pass and every
    step's loss. ``BACKWARD``: ∂L/∂h_t for t = cursor … T are revealed. ``UPDATE``: the
    gradient is complete and the optimizer is about to change the weights.
    """

    IDLE = "idle"
    FORWARD = "forward"
    LOSS = "loss"
    BACKWARD = "backward"
    UPDATE = "update"


@dataclass(frozen=True)
class LayerSnapshot:
    """One recurrent layer and direction of a stacked or bidirectional model, for the
    displayed example: ``h0 (H,)``, ``hidden (T, H)``, ``grad_hidden (T, H)`` = ∂L/∂h_t,
    ``cell_state (T, H)`` (LSTM, else None) and ``gates`` name → ``(T, H)``, all indexed by
    the original step t (the reverse direction's ``hidden[t]`` has read x_T … x_t);
    ``c0 (H,)``, ``grad_cell (T, H)`` (LSTM) and ``preact (T, H)`` (vanilla) for the
    equations."""

    layer: int
    direction: str
    h0: np.ndarray
    hidden: np.ndarray
    grad_hidden: np.ndarray
    cell_state: np.ndarray | None
    gates: dict[str, np.ndarray]
    c0: np.ndarray | None = None
    grad_cell: np.ndarray | None = None
    preact: np.ndarray | None = None


@dataclass(frozen=True)
class ModelSnapshot:
    """One model's iteration. ``T`` steps, ``H`` hidden units, ``D`` inputs, ``O`` outputs.

    Batch-wide quantities: ``loss``, ``step_losses (T,)``, ``grad_hidden_norm (T,)`` =
    ‖∂L/∂h_t‖ over batch and units, ``grad_cell_norm (T,)`` (LSTM, else None),
    ``contrib (T, T)`` [t, s] = ‖∂L_t/∂h_s‖, ``weight_grad_by_step`` name → ``(T,)``
    (each None when left out, see ``missing``),
    ``xi (T,)`` truncation factors, gradient norms before/after clipping, the spectral radius
    of ``recurrent_name``, and (truncation on) the cosine similarity and relative norm of the
    truncated gradient against full BPTT on the same batch.

    The displayed example ``example``: ``inputs (T, D)``, ``hidden (T, H)``, ``cell (T, H)``
    (LSTM), ``gates`` name → ``(T, H)``, ``preact (T, H)`` (vanilla), ``outputs (T, O)``,
    ``targets`` ((T, O) floats or (T,) classes), ``mask (T,)``, ``grad_hidden (T, H)``,
    ``grad_cell (T, H)`` (LSTM), ``grad_outputs (T, O)``, ``h0 (H,)``, ``dphi (T, H)`` the
    slopes φ′(a_t) (vanilla only, else None).

    The loss, one definition everywhere: ``L_t`` is the mean loss of the batch's scored
    examples at step t (``step_loss_means``), and ``L = Σ_t w_t L_t`` with ``w_t = n_t / N``
    (``step_weights``), the share of the N scored (t, b) pairs that lie at step t; with every
    step of every example scored, ``L = (1/T) Σ_t L_t``. ``step_losses`` holds the terms
    ``w_t L_t``, which sum to ``loss``.

    A stacked or bidirectional model shows its top layer in the fields above (directions
    side by side: forward in the first H columns, reverse in the next H) and every layer
    and direction in ``layers`` ("l0", "l0r", "l1" … → :class:`LayerSnapshot`); ``layers``
    is empty for a one-layer model.

    ``weights`` are the parameters this iteration's forward pass used (before its update).
    ``spec`` (what the model is), ``loss_kind`` ("mse" or "ce"), ``scored`` (the batch's
    masked-in (t, b) count) and ``c0`` (the LSTM's initial cell) complete what
    :attr:`description` needs: the engine's equations of this example, term by term.
    ``missing`` names the ``COSTLY_PARTS`` this snapshot left out (a training frame builds
    only what the window shows); :attr:`jacobian_envelope` is then computed on first read.
    ``metrics`` holds the task metrics evaluated right after the update (empty when this
    iteration was not an evaluation point).
    """

    cell: str
    label: str
    iteration: int
    loss: float
    finite: bool
    step_losses: np.ndarray
    grad_hidden_norm: np.ndarray
    grad_cell_norm: np.ndarray | None
    contrib: np.ndarray | None
    weight_grad_by_step: dict[str, np.ndarray] | None
    xi: np.ndarray
    grad_norm: float
    grad_norm_clipped: float
    clipped: bool
    recurrent_name: str
    spectral_radius: float
    example: int
    inputs: np.ndarray
    hidden: np.ndarray
    cell_state: np.ndarray | None
    gates: dict[str, np.ndarray]
    preact: np.ndarray | None
    outputs: np.ndarray
    targets: np.ndarray
    mask: np.ndarray
    grad_hidden: np.ndarray
    grad_cell: np.ndarray | None
    grad_outputs: np.ndarray
    h0: np.ndarray
    weights: dict[str, np.ndarray]
    metrics: dict[str, float] = field(default_factory=dict)
    truncation_cosine: float | None = None
    truncation_rel_norm: float | None = None
    dphi: np.ndarray | None = None
    step_weights: np.ndarray | None = None
    layers: dict[str, LayerSnapshot] = field(default_factory=dict)
    spec: ModelSpec | None = None
    loss_kind: str = ""
    scored: float = 0.0
    c0: np.ndarray | None = None
    missing: frozenset[str] = frozenset()

    @property
    def T(self) -> int:
        """Sequence length."""
        return int(self.step_losses.shape[0])

    @property
    def step_loss_means(self) -> np.ndarray:
        """``(T,)`` L_t: the batch's mean loss at step t (NaN where no example is scored)."""
        weights = self.step_weights
        if weights is None:
            return np.full(self.T, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(weights > 0, self.step_losses / weights, np.nan)

    @cached_property
    def jacobian_envelope(self) -> tuple[np.ndarray, np.ndarray] | None:
        """``(norms, bound)``, each ``(T,)``: ‖∂h_T/∂h_t‖ of the displayed example and its
        bound (σ_max(W_hh)·max|φ′|)^(T−t)·Π ξ (vanilla RNN only, else None). Computed on
        first access: the product costs T matrix products of size H."""
        if self.dphi is None or "W_hh" not in self.weights:
            return None
        W_hh = self.weights["W_hh"]
        return (
            rnn_jacobian_product_norms(W_hh, self.dphi, self.xi),
            rnn_jacobian_bound(W_hh, self.dphi, self.xi),
        )

    @cached_property
    def description(self) -> Description | None:
        """The engine's description of the displayed example (its unrolled graph and each
        node's equation with this iteration's numbers), or None for a model the engine does
        not describe. Built on first access from the snapshot's own arrays."""
        if self.spec is None or self.loss_kind not in ("mse", "ce"):
            return None
        record = ExampleRecord(
            inputs=self.inputs,
            outputs=self.outputs,
            targets=self.targets,
            mask=self.mask,
            grad_outputs=self.grad_outputs,
            xi=self.xi,
            step_losses=self.step_losses,
            loss=self.loss_kind,
            scored=self.scored,
            layers=_layer_records(self),
            example=self.example,
            **self.record_extras(),
        )
        return Description(self.spec, self.weights, record)

    def record_extras(self) -> dict[str, object]:
        """Fields of the :class:`ExampleRecord` that only some models have (output
        recurrence: the fed-back signal); none here."""
        return {}

    def nbytes(self) -> int:
        """Memory held by this snapshot's arrays, for the history budget."""
        return sum(a.nbytes for a in _arrays(self))


def _layer_records(snap: ModelSnapshot) -> dict[str, LayerRecord]:
    """The snapshot's layers as the engine's :class:`LayerRecord` s (arrays shared)."""
    if not snap.layers:
        one = LayerRecord(
            "", "", 0, "forward", snap.inputs, (), snap.h0, snap.c0, snap.hidden,
            snap.cell_state, snap.gates, snap.preact, snap.grad_hidden, snap.grad_cell, snap.xi,
        )  # fmt: skip
        return {"": one}
    two = any(layer.direction == "reverse" for layer in snap.layers.values())
    out: dict[str, LayerRecord] = {}
    for key, layer in snap.layers.items():
        below = tuple(k for k, v in snap.layers.items() if v.layer == layer.layer - 1)
        below = tuple(sorted(below, key=lambda k: k.endswith("r")))
        if below:
            inputs = np.concatenate([snap.layers[k].hidden for k in below], axis=1)
        else:
            inputs = snap.inputs
        reverse = layer.direction == "reverse"
        out[key + "."] = LayerRecord(
            stem=key + ".",
            tag=layer_tag(layer.layer, layer.direction, two),
            layer=layer.layer,
            direction=layer.direction,
            inputs=inputs,
            below=tuple(k + "." for k in below),
            h0=layer.h0,
            c0=layer.c0,
            hidden=layer.hidden,
            cell_state=layer.cell_state,
            gates=layer.gates,
            preact=layer.preact,
            grad_hidden=layer.grad_hidden,
            grad_cell=layer.grad_cell,
            xi=np.ones_like(snap.xi) if reverse else snap.xi,
        )
    return out


def _arrays(snapshot: ModelSnapshot) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for value in vars(snapshot).values():
        if isinstance(value, np.ndarray):
            out.append(value)
        elif isinstance(value, dict):
            out.extend(v for v in value.values() if isinstance(v, np.ndarray))
            for layer in value.values():
                if isinstance(layer, LayerSnapshot):
                    out.extend(a for a in vars(layer).values() if isinstance(a, np.ndarray))
                    out.extend(a for a in layer.gates.values() if a is not None)
    return out


@dataclass(frozen=True)
class ModelStatus:
    """A model's standing in the run: still training, or stopped by divergence."""

    cell: str
    label: str
    diverged_at: int | None = None
    message: str = ""
    # The gradient norm that gave the divergence away (None when the weights themselves
    # became non-finite after an update), so a view can word the message in its language.
    grad_norm: float | None = None

    @property
    def diverged(self) -> bool:
        """Whether this model has stopped."""
        return self.diverged_at is not None


@dataclass(frozen=True)
class SessionEvent:
    """Something the session reports while it runs, as data: each reader words it.

    ``kind`` is "diverged" (``cell`` stopped at ``iteration``; ``grad_norm`` is the norm
    that gave it away, None when the weights became non-finite after the update) or
    "resumed" (training continues from ``iteration``). ``message`` is the English
    sentence of the command line and logs; the window builds its own from the fields.
    """

    kind: str
    iteration: int
    cell: str = ""
    label: str = ""
    grad_norm: float | None = None

    @property
    def message(self) -> str:
        """The event as one English sentence."""
        if self.kind == "resumed":
            return f"Resumed from iteration {self.iteration}"
        # A NaN norm tells nothing, so it is left out.
        if self.grad_norm is None:
            where, detail = "after the update of", ""
        elif math.isnan(self.grad_norm):
            where, detail = "at", ""
        else:
            where, detail = "at", f" (gradient norm {self.grad_norm:.1e})"
        return (
            f"{self.label} diverged {where} iteration {self.iteration}{detail}: "
            "try clipping or a lower learning rate"
        )

    def __str__(self) -> str:
        return self.message


# The per-iteration scalar series of ``Curves``, in column order (after ``iterations``).
CURVE_SERIES = (
    "loss",
    "grad_norm",
    "grad_norm_clipped",
    "clipped",
    "spectral_radius",
    "truncation_cosine",
    "truncation_rel_norm",
)


@dataclass(frozen=True)
class Curves:
    """Per-iteration scalars of one model, never thinned (they are small).

    Arrays of equal length N: ``iterations`` (int32), ``loss``, ``grad_norm``,
    ``grad_norm_clipped``, ``clipped`` (bool), ``spectral_radius``, ``truncation_cosine`` and
    ``truncation_rel_norm`` (NaN with truncation off), the float series in float32 with
    values beyond its range saturated at ±3.4e38. ``metric_iterations (M,)`` and ``metrics``
    name → ``(M,)`` (float64) hold the evaluations. ``diverged_at`` is the iteration at which
    the model diverged (None while it trains): the series end at the last finite iteration
    before it, and a view marks the spot. ``spectral_radius`` is measured at the evaluation
    points only (iteration 1 and every ``eval_every``) and NaN between them.
    """

    iterations: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    grad_norm_clipped: np.ndarray
    clipped: np.ndarray
    spectral_radius: np.ndarray
    truncation_cosine: np.ndarray
    truncation_rel_norm: np.ndarray
    metric_iterations: np.ndarray
    metrics: dict[str, np.ndarray]
    diverged_at: int | None = None


@dataclass(frozen=True)
class SessionView:
    """Everything the window needs for one frame, immutable and safe to keep.

    ``records`` maps a cell to the snapshot on display (the iteration being stepped through,
    the scrubbed past iteration, or the last finished one); a diverged model has none from
    its divergence on. ``iteration`` is the number of that displayed iteration (0 before
    any), ``completed`` the number of finished iterations. ``phase`` and ``cursor`` (1-based
    time step; 0 when idle) say how much of it is revealed.
    """

    iteration: int
    completed: int
    phase: Phase
    cursor: int
    T: int
    cells: tuple[str, ...]
    records: dict[str, ModelSnapshot]
    status: dict[str, ModelStatus]
    curves: dict[str, Curves]
    running: bool = False
    scrubbing: bool = False
    baseline: dict[str, float] = field(default_factory=dict)
    metric_name: str = ""
    solved_threshold: float = float("nan")
    task_title: str = ""
    run: int = 0  # which run this frame belongs to: a reset or a new config starts another

    def same_records(self, other: SessionView) -> bool:
        """Whether ``other`` shows the very same snapshots (as training frames between two
        display builds do): what is drawn from them need not be drawn again."""
        return self.records.keys() == other.records.keys() and all(
            other.records[cell] is snap for cell, snap in self.records.items()
        )

    def phase_text(self) -> str:
        """The phase indicator, e.g. ``"Backward · t = 17 of 50 · iteration 212"``."""
        if self.phase is Phase.IDLE:
            # The iteration on display: the last finished one, or a past one in the history.
            return f"Iteration {self.iteration} done" if self.iteration else "Ready"
        name = {
            Phase.FORWARD: "Forward",
            Phase.LOSS: "Loss",
            Phase.BACKWARD: "Backward",
            Phase.UPDATE: "Update",
        }[self.phase]
        if self.phase in (Phase.FORWARD, Phase.BACKWARD):
            return f"{name} · t = {self.cursor} of {self.T} · iteration {self.iteration}"
        return f"{name} · iteration {self.iteration}"
