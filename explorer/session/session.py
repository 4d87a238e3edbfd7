"""The training session: models side by side, step-through, history, divergence.

Pure Python and NumPy; no Qt. ``controller.py`` wraps it for the window.

Design: an iteration is computed exactly once, in full (forward pass, loss, backward pass and
the clipped gradient of every model), when the user starts stepping into it. Stepping then
only moves a cursor over precomputed arrays: forward t = 1 … T, the loss, backward t = T … 1,
the update. Recomputing partial passes per step would cost T times more and could drift from
the numbers the finished iteration reports; revealing one exact computation cannot.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from explorer.engine import (
    SGD,
    Adam,
    Momentum,
    clip_grad_norm,
    clip_grad_value,
    gradcheck,
    make_model,
    spectral_radius,
)
from explorer.session.config import CELL_NAMES, SessionConfig
from explorer.session.history import CurveLog, History, IterationRecord, ResumePoint
from explorer.session.snapshot import (
    ModelSnapshot,
    ModelStatus,
    Phase,
    SessionEvent,
    SessionView,
)
from explorer.tasks import make_task

# The batch stream is independent of the weight initialisation drawn from the same seed.
DATA_STREAM = 7
MEGABYTE = 1024 * 1024
# Central differences at 1e-5 keep round-off near 1e-7 in float64; at 1e-6 it nears 1e-6.
GRADCHECK_EPS = 1e-5

Listener = Callable[[SessionEvent], None]
# Every reset starts a new run; views key what they show on its number, so nothing of a
# previous run (a task plot, a gradient check) outlives it.
_RUN_NUMBERS = itertools.count(1)


@dataclass
class _Pending:
    """The iteration being revealed: its snapshots and the clipped gradients to apply."""

    iteration: int
    snapshots: dict[str, ModelSnapshot]
    grads: dict[str, dict[str, np.ndarray]]
    T: int


def make_optimizer(config: SessionConfig, params: dict[str, np.ndarray]) -> Any:
    """The optimizer the config names, over ``params`` (updated in place)."""
    if config.optimizer == "sgd":
        return SGD(params, lr=config.learning_rate)
    if config.optimizer == "momentum":
        return Momentum(params, lr=config.learning_rate, momentum=config.momentum)
    return Adam(params, lr=config.learning_rate)


def model_kwargs(config: SessionConfig, cell: str) -> dict[str, Any]:
    """Constructor arguments of one cell's model: identical across cells but for the cell."""
    kwargs: dict[str, Any] = {
        "hidden_size": config.hidden_size,
        "seed": config.seed,
        "init": config.init,
        "recurrent_scale": config.recurrent_scale,
    }
    if cell == "rnn":
        kwargs["activation"] = config.activation
    if cell == "lstm":
        kwargs["forget_bias"] = config.forget_bias
        kwargs["forget_gate"] = config.forget_gate
    return kwargs


def flat_cosine_and_ratio(
    grads: dict[str, np.ndarray], reference: dict[str, np.ndarray]
) -> tuple[float, float]:
    """Cosine similarity and norm ratio ‖g‖/‖g_ref‖ of two gradients flattened over all params."""
    dot = sum(float(np.vdot(grads[k], reference[k])) for k in grads)
    norm = math.sqrt(sum(float(np.vdot(g, g)) for g in grads.values()))
    ref = math.sqrt(sum(float(np.vdot(g, g)) for g in reference.values()))
    if norm == 0.0 or ref == 0.0:
        return (1.0 if norm == ref else 0.0), (norm / ref if ref else math.nan)
    return dot / (norm * ref), norm / ref


def global_norm(grads: dict[str, np.ndarray]) -> float:
    """‖g‖ over every parameter (inf/NaN when a gradient is not finite)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return math.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads.values()))


class Session:
    """A run of one or more models on identical batches, revealed step by step.

    Events (divergence, resumes) go to listeners added with ``add_listener``; the Qt
    controller turns them into a signal.
    """

    def __init__(self, config: SessionConfig | None = None) -> None:
        self._listeners: list[Listener] = []
        self.reset(config or SessionConfig())

    # ------------------------------------------------------------------------ set-up
    def reset(self, config: SessionConfig | None = None) -> None:
        """Start the run afresh (the same seed gives the same run), optionally re-configured.

        A task that cannot be built (bad parameters, unreadable corpus) raises ``ValueError``
        and leaves the current run untouched.
        """
        config = config or self.config
        task = make_task(config.task, **config.task_params)
        self.run_number = next(_RUN_NUMBERS)
        self.config = config
        self.task = task
        self.models = {
            cell: make_model(
                cell,
                input_size=task.input_size,
                output_size=task.output_size,
                **model_kwargs(config, cell),
            )
            for cell in config.cells
        }
        self.optimizers = {
            cell: make_optimizer(config, m.params) for cell, m in self.models.items()
        }
        self.data_rng = np.random.default_rng([config.seed, DATA_STREAM])
        self.completed = 0
        self.status = {cell: ModelStatus(cell, CELL_NAMES[cell]) for cell in config.cells}
        self.curves = {cell: CurveLog() for cell in config.cells}
        self.history = History(config.memory_budget_mb * MEGABYTE)
        self.phase = Phase.IDLE
        self.cursor = 0
        self._pending: _Pending | None = None
        self._scrub: int | None = None
        self._T = task.seq_len

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(event)`` with a :class:`SessionEvent` on every session event."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener`` (no error when it was not added)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, event: SessionEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    @property
    def cells(self) -> tuple[str, ...]:
        """The compared cells, in lane order."""
        return self.config.cells

    def active_cells(self) -> list[str]:
        """Cells that have not diverged."""
        return [c for c in self.cells if not self.status[c].diverged]

    # ------------------------------------------------------------------------ stepping
    def step_forward(self) -> None:
        """Reveal one more piece: a timestep, the loss, a backward timestep, or the update."""
        self._leave_scrub()
        if self.phase is Phase.IDLE:
            if not self._start_iteration():
                return
            self.phase, self.cursor = Phase.FORWARD, 1
        elif self.phase is Phase.FORWARD:
            if self.cursor < self._T:
                self.cursor += 1
            else:
                self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.LOSS:
            self.phase, self.cursor = Phase.BACKWARD, self._T
        elif self.phase is Phase.BACKWARD:
            if self.cursor > 1:
                self.cursor -= 1
            else:
                self.phase, self.cursor = Phase.UPDATE, 1
        else:
            self._commit()

    def step_back(self) -> None:
        """Undo one ``step_forward`` within the iteration being revealed (never an update)."""
        self._leave_scrub()
        if self.phase is Phase.FORWARD:
            if self.cursor > 1:
                self.cursor -= 1
        elif self.phase is Phase.LOSS:
            self.phase, self.cursor = Phase.FORWARD, self._T
        elif self.phase is Phase.BACKWARD:
            if self.cursor < self._T:
                self.cursor += 1
            else:
                self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.UPDATE:
            self.phase, self.cursor = Phase.BACKWARD, 1

    def finish_pass(self) -> None:
        """Jump to the end of the current pass: forward → loss, backward → update."""
        self._leave_scrub()
        if self.phase is Phase.IDLE:
            if not self._start_iteration():
                return
            self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.FORWARD:
            self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase in (Phase.LOSS, Phase.BACKWARD):
            self.phase, self.cursor = Phase.UPDATE, 1
        else:
            self._commit()

    def one_iteration(self) -> bool:
        """Finish the iteration being revealed, or run a whole new one. False if none can run."""
        self._leave_scrub()
        if self._pending is None and not self._start_iteration():
            return False
        self._commit()
        return True

    def run(self, n: int, should_stop: Callable[[], bool] | None = None) -> int:
        """Run up to ``n`` iterations; returns how many ran (fewer if stopped or all diverged)."""
        done = 0
        while done < n and not (should_stop and should_stop()):
            if not self.one_iteration():
                break
            done += 1
        return done

    # ------------------------------------------------------------------------ iteration
    def _start_iteration(self) -> bool:
        cells = self.active_cells()
        if not cells:
            return False
        iteration = self.completed + 1
        X, Y, mask = self.task.batch(self.config.batch_size, self.data_rng)
        snapshots: dict[str, ModelSnapshot] = {}
        grads: dict[str, dict[str, np.ndarray]] = {}
        for cell in cells:
            outcome = self._compute(cell, iteration, X, Y, mask)
            if outcome is None:
                continue
            snapshots[cell], grads[cell] = outcome
        if not snapshots:
            return False  # every model diverged on this batch: nothing to reveal
        self._pending = _Pending(iteration, snapshots, grads, X.shape[0])
        self._T = X.shape[0]
        return True

    def _compute(
        self, cell: str, iteration: int, X: np.ndarray, Y: np.ndarray, mask: np.ndarray
    ) -> tuple[ModelSnapshot, dict[str, np.ndarray]] | None:
        # Huge but finite gradients overflow when squared for norms: that is information
        # (an exploding run), not an error to warn about.
        with np.errstate(over="ignore", invalid="ignore"):
            return self._compute_unguarded(cell, iteration, X, Y, mask)

    def _compute_unguarded(
        self, cell: str, iteration: int, X: np.ndarray, Y: np.ndarray, mask: np.ndarray
    ) -> tuple[ModelSnapshot, dict[str, np.ndarray]] | None:
        model = self.models[cell]
        truncation = self.config.engine_truncation()
        res = model.loss_and_grads(X, Y, loss=self.task.loss, mask=mask, truncation=truncation)
        grads = {k: np.array(v) for k, v in res.grads.items()}
        norm_before = global_norm(grads)
        if not res.finite or not math.isfinite(norm_before):
            self._diverge(cell, iteration, norm_before)
            return None
        cosine = rel_norm = None
        if truncation is not None:
            full = model.loss_and_grads(X, Y, loss=self.task.loss, mask=mask, truncation=None)
            if full.finite:
                cosine, rel_norm = flat_cosine_and_ratio(grads, full.grads)
        clipped = self._clip(grads, norm_before)
        norm_after = global_norm(grads)
        snapshot = self._snapshot(cell, iteration, res, Y, norm_before, norm_after, clipped)
        snapshot = replace(snapshot, truncation_cosine=cosine, truncation_rel_norm=rel_norm)
        return snapshot, grads

    def _clip(self, grads: dict[str, np.ndarray], norm: float) -> bool:
        if self.config.clipping == "norm":
            clip_grad_norm(grads, self.config.clip_threshold)
            return norm > self.config.clip_threshold
        if self.config.clipping == "value":
            return clip_grad_value(grads, self.config.clip_threshold) > 0
        return False

    def _snapshot(
        self,
        cell: str,
        iteration: int,
        res: Any,
        Y: np.ndarray,
        norm_before: float,
        norm_after: float,
        clipped: bool,
    ) -> ModelSnapshot:
        model = self.models[cell]
        tr = res.trace
        b = self.config.display_example
        name = model.default_recurrent

        def example(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else np.array(a[:, b], dtype=np.float64)

        return ModelSnapshot(
            cell=cell,
            label=CELL_NAMES[cell],
            iteration=iteration,
            loss=float(res.loss),
            finite=bool(res.finite),
            step_losses=np.array(tr.step_losses, dtype=np.float64),
            grad_hidden_norm=np.sqrt(
                np.sum(np.square(tr.grad_hidden, dtype=np.float64), axis=(1, 2))
            ),
            grad_cell_norm=None
            if tr.grad_cell is None
            else np.sqrt(np.sum(np.square(tr.grad_cell, dtype=np.float64), axis=(1, 2))),
            contrib=np.array(tr.contrib, dtype=np.float64),
            weight_grad_by_step={
                k: np.array(v, dtype=np.float64) for k, v in tr.weight_grad_by_step.items()
            },
            xi=np.array(tr.xi, dtype=np.float64),
            grad_norm=norm_before,
            grad_norm_clipped=norm_after,
            clipped=clipped,
            recurrent_name=name,
            spectral_radius=float(spectral_radius(model.params[name])),
            example=b,
            inputs=example(tr.X),
            hidden=example(tr.hidden),
            cell_state=example(tr.cell),
            gates={k: example(v) for k, v in tr.gates.items()},
            preact=example(tr.preact),
            outputs=example(tr.outputs),
            targets=np.array(Y[:, b]),
            mask=np.array(tr.mask[:, b], dtype=np.float64),
            grad_hidden=example(tr.grad_hidden),
            grad_cell=example(tr.grad_cell),
            grad_outputs=example(tr.grad_outputs),
            h0=np.array(tr.h0[b], dtype=np.float64),
            weights={k: np.array(v) for k, v in model.params.items()},
        )

    def _commit(self) -> None:
        """Apply the pending updates, evaluate, and file the iteration in the history."""
        pending = self._pending
        if pending is None:
            return
        iteration = pending.iteration
        evaluate = iteration == 1 or iteration % self.config.eval_every == 0
        snapshots: dict[str, ModelSnapshot] = {}
        for cell, snapshot in pending.snapshots.items():
            if self.status[cell].diverged:
                continue
            self.optimizers[cell].step(pending.grads[cell])
            if evaluate:
                metrics = self._evaluate(cell, iteration)
                if metrics is None:
                    continue
                snapshot = replace(snapshot, metrics=metrics)
            snapshots[cell] = snapshot
            self.curves[cell].append(snapshot)
        self.completed = iteration
        self.history.add(IterationRecord(iteration, snapshots, self._resume_point()))
        self._pending = None
        self.phase, self.cursor = Phase.IDLE, 0

    def _evaluate(self, cell: str, iteration: int) -> dict[str, float] | None:
        with np.errstate(all="ignore"):
            metrics = {k: float(v) for k, v in self.task.evaluate(self.models[cell]).items()}
        if not all(math.isfinite(v) for v in metrics.values()):
            self._diverge(cell, iteration, math.nan, after_update=True)
            return None
        return metrics

    def _diverge(self, cell: str, iteration: int, norm: float, after_update: bool = False) -> None:
        label = CELL_NAMES[cell]
        shown_norm = None if math.isnan(norm) and after_update else norm
        event = SessionEvent("diverged", iteration, cell, label, shown_norm)
        self.status[cell] = ModelStatus(cell, label, iteration, event.message, shown_norm)
        self._emit(event)

    def _resume_point(self) -> ResumePoint:
        return ResumePoint(
            models={c: m.state_dict() for c, m in self.models.items()},
            optimizers={c: o.state_dict() for c, o in self.optimizers.items()},
            data_rng=self.data_rng.bit_generator.state,
            diverged={
                c: (s.diverged_at, s.message, s.grad_norm)
                for c, s in self.status.items()
                if s.diverged
            },
        )

    # ------------------------------------------------------------------------ history
    def scrub(self, iteration: int | None) -> None:
        """Show a past iteration (the nearest one still held), or ``None`` for the live run."""
        if iteration is None:
            self._scrub = None
            return
        record = self.history.nearest(iteration)
        self._scrub = None if record is None else record.iteration

    @property
    def scrubbed_iteration(self) -> int | None:
        """The past iteration on display, or None when showing the live run."""
        return self._scrub

    def _leave_scrub(self) -> None:
        self._scrub = None

    def resume_from(self, iteration: int) -> None:
        """Continue training from right after ``iteration``: later history is forgotten."""
        record = self.history.get(iteration)
        if record is None:
            raise ValueError(
                f"iteration {iteration} is not in the history (held: "
                f"{self.history.iterations()[:1]} … {self.history.iterations()[-1:]})"
            )
        point = record.resume
        for cell, model in self.models.items():
            model.load_state_dict(point.models[cell])
            self.optimizers[cell].load_state_dict(point.optimizers[cell])
        self.data_rng.bit_generator.state = point.data_rng
        self.status = {cell: ModelStatus(cell, CELL_NAMES[cell]) for cell in self.cells}
        for cell, (at, message, norm) in point.diverged.items():
            self.status[cell] = ModelStatus(cell, CELL_NAMES[cell], at, message, norm)
        self.history.truncate_after(iteration)
        for log in self.curves.values():
            log.truncate_after(iteration)
        self.completed = iteration
        self._pending = None
        self._scrub = None
        self.phase, self.cursor = Phase.IDLE, 0
        self._emit(SessionEvent("resumed", iteration))

    def resume_from_here(self) -> None:
        """Continue training from the scrubbed iteration."""
        if self._scrub is not None:
            self.resume_from(self._scrub)

    # ------------------------------------------------------------------------ views
    def displayed_records(self) -> tuple[int, dict[str, ModelSnapshot]]:
        """The iteration on display and its snapshots."""
        if self._scrub is not None:
            record = self.history.get(self._scrub)
            if record is not None:
                return record.iteration, dict(record.snapshots)
        if self._pending is not None:
            return self._pending.iteration, dict(self._pending.snapshots)
        latest = self.history.latest()
        if latest is not None:
            return latest.iteration, dict(latest.snapshots)
        return 0, {}

    def view(self, running: bool = False) -> SessionView:
        """An immutable frame of everything the window draws."""
        iteration, records = self.displayed_records()
        scrubbing = self._scrub is not None
        phase = Phase.IDLE if scrubbing else self.phase
        return SessionView(
            iteration=iteration,
            completed=self.completed,
            phase=phase,
            cursor=0 if phase is Phase.IDLE else self.cursor,
            T=self._T,
            cells=self.cells,
            records=records,
            status=dict(self.status),
            curves={cell: log.freeze() for cell, log in self.curves.items()},
            running=running,
            scrubbing=scrubbing,
            baseline=self.task.baseline,
            metric_name=self.task.metric_name,
            solved_threshold=float(self.task.solved_threshold),
            task_title=self.task.title,
            run=self.run_number,
        )

    def panel(self, cell: str, example: int | None = None) -> Any:
        """The task panel of ``cell`` with the weights of the displayed iteration."""
        _, records = self.displayed_records()
        model = self.models[cell].copy()
        if cell in records:
            for name, value in records[cell].weights.items():
                model.params[name][...] = value
        b = self.config.display_example if example is None else example
        return self.task.panel(model, example=b)

    def gradcheck(self, cell: str, max_checks: int = 20) -> float:
        """Largest relative error of the engine's gradient against finite differences.

        Runs on a small batch of the task (float64), with the run's truncation, so the
        button answers in well under a second.
        """
        model = self.models[cell].copy()
        rng = np.random.default_rng([self.config.seed, DATA_STREAM, self.completed])
        X, Y, mask = self.task.batch(min(4, self.config.batch_size), rng)
        return float(
            gradcheck(
                model,
                X,
                Y,
                loss=self.task.loss,
                mask=mask,
                truncation=self.config.engine_truncation(),
                max_checks=max_checks,
                eps=GRADCHECK_EPS,
            )
        )
