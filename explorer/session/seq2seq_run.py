"""Encoder–decoder runs in the session: the model behind the session's interface, and its
snapshot.

The session trains every model on ``(X, Y, mask)`` batches over one time axis; a
sequence-to-sequence task lays the ``S`` source steps and then the ``U`` target steps on it
(``explorer.tasks.seq2seq_session``). :class:`SessionSeq2Seq` splits such a batch again and
trains the engine's :class:`~explorer.engine.Seq2Seq` on it with the run's teacher forcing
ratio r. Its coin flips come from the model's own generator, which every keyframe holds
(``state_dict``), so a replay flips the same coins: the fed tokens are part of the exact
state.

The snapshot shows the run on the same axis, steps 1 … S the encoder and S + 1 … S + U the
decoder: ``hidden`` and ``grad_hidden`` are the top encoder layer's (directions side by
side) and then the top decoder layer's, which has as many units. ``grad_hidden`` on the
encoder steps is what every decoder loss sends back through the context. The extra fields
of :class:`Seq2SeqSnapshot` say where the decoder starts and which token each decoder step
was fed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

import numpy as np

from explorer.engine import Seq2Seq, spectral_radius
from explorer.engine.checkpoint import Checkpointable
from explorer.engine.description import Description, describes, model_spec
from explorer.engine.description_seq2seq_equations import seq2seq_record
from explorer.engine.layer_stack import LayerStack
from explorer.engine.seq2seq import gradcheck_seq2seq
from explorer.engine.truncation import as_truncation
from explorer.session.config import CELL_NAMES, SessionConfig
from explorer.session.iteration import step_weights
from explorer.session.snapshot import (
    CONTRIB,
    COSTLY_PARTS,
    WEIGHT_TERMS,
    LayerSnapshot,
    ModelSnapshot,
)
from explorer.tasks.seq2seq_session import split_batch


@dataclass(frozen=True)
class Seq2SeqSnapshot(ModelSnapshot):
    """A :class:`ModelSnapshot` of an encoder–decoder, over T = S + U steps (see the module
    docstring), plus, for the displayed example:

    ``source_steps`` S; ``teacher (U,)`` bool, True where decoder step u was fed the true
    previous token (always at u = 1, fed ``<bos>``), False where it was fed its own
    previous prediction; ``fed_tokens (U,)`` the token ids fed; ``predictions (U,)`` the
    argmax of each output; ``encoder_grad_hidden (S, K)`` and ``decoder_grad_hidden (U, K)``
    ∂L/∂h of the top layers (K = directions · H); ``context_grad_norm`` ‖∂L/∂context‖ over
    the batch (every decoder layer's initial state); ``teacher_forcing`` the run's r;
    ``source_length`` n, the displayed example's source tokens (steps n + 1 … S are
    padding); ``parts``: a one-layer model's encoder and decoder layers ("enc.l0",
    "dec.l0"), which a deep model keeps in ``layers`` (see :attr:`part_layers`).
    """

    source_steps: int = 0
    teacher: np.ndarray | None = None
    fed_tokens: np.ndarray | None = None
    predictions: np.ndarray | None = None
    encoder_grad_hidden: np.ndarray | None = None
    decoder_grad_hidden: np.ndarray | None = None
    context_grad_norm: float = math.nan
    teacher_forcing: float = 1.0
    source_length: int = 0
    parts: dict[str, LayerSnapshot] = field(default_factory=dict)

    @property
    def part_layers(self) -> dict[str, LayerSnapshot]:
        """Every layer of both parts, keyed "enc.l0", "enc.l0r", "dec.l0" …, each over its
        own steps (S for the encoder, U for the decoder)."""
        return self.layers or self.parts

    @cached_property
    def description(self) -> Description | None:
        """The engine's description of the displayed example: both parts' cells, the
        context, the fed tokens and the gradient through the context (None when the
        snapshot has no spec)."""
        if self.spec is None or not self.part_layers:
            return None
        S = self.source_steps
        by_part: dict[str, dict] = {"enc.": {}, "dec.": {}}
        for key, layer in self.part_layers.items():
            by_part[key[:4]][(layer.layer, layer.direction)] = layer
        record = seq2seq_record(
            source=self.inputs[:S],
            source_length=self.source_length,
            fed=self.inputs[S:],
            outputs=self.outputs[S:],
            targets=self.targets[S:],
            mask=self.mask[S:],
            grad_outputs=self.grad_outputs[S:],
            step_losses=self.step_losses[S:],
            scored=self.scored,
            teacher=self.teacher,
            encoder_layers=by_part["enc."],
            decoder_layers=by_part["dec."],
            example=self.example,
        )
        return Description(self.spec, self.weights, record)

    def nbytes(self) -> int:
        """Memory held by this snapshot's arrays, the encoder–decoder's own included."""
        extra = (self.teacher, self.fed_tokens, self.predictions)
        extra += (self.encoder_grad_hidden, self.decoder_grad_hidden)
        return super().nbytes() + sum(a.nbytes for a in extra if a is not None)


class SessionSeq2Seq(Checkpointable):
    """The engine's encoder–decoder with the session's model interface.

    ``params`` is the network's own dictionary (an optimizer updates the network in place);
    ``rng`` its generator (the coin flips). ``cell`` is the lane's cell, encoder and decoder
    alike.
    """

    n_state = 1

    def __init__(self, net: Seq2Seq, cell: str, teacher_forcing: float) -> None:
        self.net = net
        self.cell = cell
        self.teacher_forcing = float(teacher_forcing)
        self.params = net.params
        self.hidden_size = net.hidden_size
        self.num_layers = net.num_layers
        self.directions = net.encoder.directions
        self.output_size = net.tgt_vocab
        core = net.encoder.cores[(0, 0)]
        self.default_recurrent = "enc." + LayerStack.prefix(0, 0) + core.default_recurrent

    @property
    def rng(self) -> np.random.Generator:
        """The network's generator: the teacher-forcing coin flips."""
        return self.net.rng

    @property
    def dtype(self) -> np.dtype:
        """The network's float type."""
        return self.net.dtype

    def loss_and_grads(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        loss: str = "ce",
        mask: np.ndarray | None = None,
        truncation: Any = None,
        h0: Any = None,
    ) -> Any:
        """The network's loss and gradients on a batch in the session's layout.

        An encoder–decoder has no truncation and starts from zeros: ``truncation`` must
        be None or full BPTT, ``h0`` None.
        """
        if truncation is not None and as_truncation(truncation).cuts:
            raise ValueError(
                "truncation: an encoder–decoder is trained with full backpropagation; set "
                "truncation to full"
            )
        if h0 is not None:
            raise ValueError("h0: an encoder–decoder starts from zeros")
        batch = split_batch(X, Y, mask)
        return self.net.loss_and_grads(
            batch.src,
            batch.tgt,
            batch.src_mask,
            batch.tgt_mask,
            teacher_forcing=self.teacher_forcing,
        )

    def gradcheck(
        self, X: np.ndarray, Y: np.ndarray, mask: np.ndarray, max_checks: int, eps: float
    ) -> float:
        """Largest relative error of the network's gradient against central differences,
        with this run's teacher forcing (the check draws from a copy's generator)."""
        batch = split_batch(X, Y, mask)
        net = self.net.copy()
        return gradcheck_seq2seq(
            net,
            batch.src,
            batch.tgt,
            batch.src_mask,
            batch.tgt_mask,
            teacher_forcing=self.teacher_forcing,
            eps=eps,
            max_checks=max_checks,
        )

    def build_snapshot(
        self,
        cell: str,
        iteration: int,
        step: Any,
        Y: np.ndarray,
        example: int,
        metrics: dict[str, float],
        costly: frozenset[str] = COSTLY_PARTS,
    ) -> Seq2SeqSnapshot:
        """The display data of a kept step (see :class:`Seq2SeqSnapshot`)."""
        return seq2seq_snapshot(self, cell, iteration, step, example, metrics, costly)


def build_seq2seq_model(config: SessionConfig, task: Any, cell: str) -> SessionSeq2Seq:
    """The encoder–decoder of ``cell`` for a sequence-to-sequence ``task`` (fresh weights
    from the seed); ``ValueError`` when the config asks for something it cannot do."""
    if config.truncation.cuts:
        raise ValueError(
            "truncation: an encoder–decoder is trained with full backpropagation; set "
            "truncation to full"
        )
    if config.output_recurrence:
        raise ValueError(
            "output_recurrence: a sequence-to-sequence task trains an encoder–decoder; "
            "set output_recurrence to false"
        )
    net = Seq2Seq(
        task.vocab_size,
        task.vocab_size,
        config.hidden_size,
        bos_id=task.bos_id,
        eos_id=task.eos_id,
        encoder_cell=cell,
        num_layers=config.num_layers,
        bidirectional=config.bidirectional,
        init=config.init,
        recurrent_scale=config.recurrent_scale,
        seed=config.seed,
    )
    return SessionSeq2Seq(net, cell, config.teacher_forcing)


def _norms(a: np.ndarray) -> np.ndarray:
    """(T,) the norm of each step of a (T, B, K) array over batch and units."""
    return np.sqrt(np.sum(np.square(a, dtype=np.float64), axis=(1, 2)))


def _top(model: SessionSeq2Seq, trace: Any) -> tuple[list[Any], Any]:
    """The top encoder layer's traces (one per direction) and the top decoder layer's."""
    top = model.num_layers - 1
    enc = [trace.encoder[(top, d)] for d in ("forward", "reverse")[: model.directions]]
    return enc, trace.decoder[(top, "forward")]


def _side_by_side(parts: list[np.ndarray | None]) -> np.ndarray | None:
    if any(p is None for p in parts):
        return None
    return np.concatenate(parts, axis=-1)


def _timeline(enc: np.ndarray | None, dec: np.ndarray | None) -> np.ndarray | None:
    """Encoder steps then decoder steps, as float64."""
    if enc is None or dec is None:
        return None
    return np.concatenate([enc, dec]).astype(np.float64)


def _contrib(enc_layers: list[Any], dec_layer: Any, S: int, U: int) -> np.ndarray:
    """(S + U, S + U) [t, s]: the norm of the part of ∂L/∂h_s that entered the top layers at
    step t: the decoder's step losses (its own block), and on the encoder's block what came
    in at its last step, the context (both directions' parts combined)."""
    out = np.zeros((S + U, S + U))
    out[S:, S:] = dec_layer.contrib
    enc = sum(np.square(layer.contrib, dtype=np.float64) for layer in enc_layers)
    out[:S, :S] = np.sqrt(enc)
    return out


def _weight_terms(trace: Any, S: int, U: int) -> dict[str, np.ndarray]:
    """Weight name → (S + U,) norm of each step's term of its gradient."""
    out: dict[str, np.ndarray] = {}
    for part, layers, start, length in (
        ("enc.", trace.encoder, 0, S),
        ("dec.", trace.decoder, S, U),
    ):
        for layer in layers.values():
            for name, terms in layer.weight_grad_by_step.items():
                row = np.zeros(S + U)
                row[start : start + length] = terms
                out[part + name] = row
    row = np.zeros(S + U)
    row[S:] = [np.linalg.norm(trace.decoder_hidden[u].T @ trace.grad_outputs[u]) for u in range(U)]
    out["W_hq"] = row
    return out


def _layer_snapshots(trace: Any, b: int) -> dict[str, LayerSnapshot]:
    """Every encoder and decoder layer of the displayed example, keyed "enc.l0", "enc.l0r",
    "dec.l0" …, each over its own steps (S for the encoder, U for the decoder)."""
    out = {}
    for part, layers in (("enc.", trace.encoder), ("dec.", trace.decoder)):
        for (layer, direction), lt in layers.items():

            def pick(a: np.ndarray | None) -> np.ndarray | None:
                return None if a is None else np.array(a[:, b], dtype=np.float64)

            key = part + f"l{layer}" + ("r" if direction == "reverse" else "")
            out[key] = LayerSnapshot(
                layer=layer,
                direction=direction,
                h0=np.array(lt.h0[b], dtype=np.float64),
                hidden=pick(lt.hidden),
                grad_hidden=pick(lt.grad_hidden),
                cell_state=pick(lt.cell),
                gates={k: pick(v) for k, v in lt.gates.items()},
                c0=None if lt.c0 is None else np.array(lt.c0[b], dtype=np.float64),
                grad_cell=pick(lt.grad_cell),
                preact=pick(lt.preact),
            )
    return out


def seq2seq_snapshot(
    model: SessionSeq2Seq,
    cell: str,
    iteration: int,
    step: Any,
    example: int,
    metrics: dict[str, float],
    costly: frozenset[str] = COSTLY_PARTS,
) -> Seq2SeqSnapshot:
    """The snapshot of a kept encoder–decoder step; ``example`` is the displayed pair; of
    the ``COSTLY_PARTS`` only ``costly`` are computed."""
    tr = step.result.trace
    S, U = tr.src.shape[0], tr.tgt.shape[0]
    T = S + U
    b = example
    V = tr.outputs.shape[2]
    enc_layers, dec_layer = _top(model, tr)
    parts = _layer_snapshots(tr, b)
    deep = model.num_layers > 1 or model.directions > 1
    spec = model_spec(model.net)
    with np.errstate(over="ignore", invalid="ignore"):
        enc_cell = _side_by_side([layer.cell for layer in enc_layers])
        enc_grad_cell = _side_by_side([layer.grad_cell for layer in enc_layers])
        full_cell = _timeline(enc_cell, dec_layer.cell)
        full_grad_cell = _timeline(enc_grad_cell, dec_layer.grad_cell)
        gates = {
            name: _timeline(
                _side_by_side([layer.gates[name] for layer in enc_layers]), dec_layer.gates[name]
            )
            for name in dec_layer.gates
        }
        outputs = np.zeros((T, V))
        outputs[S:] = tr.outputs[:, b]
        grad_outputs = np.zeros((T, V))
        grad_outputs[S:] = tr.grad_outputs[:, b]
        inputs = np.zeros((T, V))
        inputs[np.arange(S), tr.src[:, b]] = 1.0
        inputs[S + np.arange(U), tr.decoder_inputs[:, b]] = 1.0
        mask = np.zeros((T, tr.tgt_mask.shape[1]))
        mask[S:] = tr.tgt_mask
        targets = np.zeros(T, dtype=np.int64)
        targets[S:] = tr.tgt[:, b]
        step_losses = np.zeros(T)
        step_losses[S:] = tr.step_losses
        context_grad = sum(
            float(np.sum(np.square(part, dtype=np.float64)))
            for state in tr.grad_context
            for part in state
        )
        grad_hidden = np.concatenate([tr.encoder_grad_hidden, tr.decoder_grad_hidden])
        base = ModelSnapshot(
            cell=cell,
            label=CELL_NAMES[cell],
            iteration=iteration,
            loss=step.loss,
            finite=True,
            step_losses=step_losses,
            grad_hidden_norm=_norms(grad_hidden),
            grad_cell_norm=None if full_grad_cell is None else _norms(full_grad_cell),
            contrib=_contrib(enc_layers, dec_layer, S, U) if CONTRIB in costly else None,
            weight_grad_by_step=_weight_terms(tr, S, U) if WEIGHT_TERMS in costly else None,
            xi=np.ones(T),
            grad_norm=step.grad_norm,
            grad_norm_clipped=step.grad_norm_clipped,
            clipped=step.clipped,
            recurrent_name=model.default_recurrent,
            spectral_radius=float(spectral_radius(step.weights[model.default_recurrent])),
            example=b,
            inputs=inputs,
            hidden=np.concatenate([tr.encoder_hidden[:, b], tr.decoder_hidden[:, b]]).astype(
                np.float64
            ),
            cell_state=None if full_cell is None else full_cell[:, b],
            gates={k: None if v is None else v[:, b] for k, v in gates.items()},
            preact=None,
            outputs=outputs,
            targets=targets,
            mask=mask[:, b].copy(),
            grad_hidden=grad_hidden[:, b].astype(np.float64),
            grad_cell=None if full_grad_cell is None else full_grad_cell[:, b],
            grad_outputs=grad_outputs,
            h0=np.concatenate([layer.h0[b] for layer in enc_layers]).astype(np.float64),
            weights=step.weights,
            metrics=dict(metrics),
            truncation_cosine=step.truncation_cosine,
            truncation_rel_norm=step.truncation_rel_norm,
            dphi=None,
            step_weights=step_weights(mask),
            layers=parts if deep else {},
            spec=spec if describes(spec) else None,
            loss_kind="ce",
            scored=float(np.sum(tr.tgt_mask)),
            missing=COSTLY_PARTS - costly,
        )
    values = {f.name: getattr(base, f.name) for f in fields(ModelSnapshot)}
    return Seq2SeqSnapshot(
        **values,
        source_steps=S,
        teacher=np.array(tr.teacher, dtype=bool),
        fed_tokens=np.array(tr.decoder_inputs[:, b], dtype=np.int64),
        predictions=np.array(tr.predictions[:, b], dtype=np.int64),
        encoder_grad_hidden=np.array(tr.encoder_grad_hidden[:, b], dtype=np.float64),
        decoder_grad_hidden=np.array(tr.decoder_grad_hidden[:, b], dtype=np.float64),
        context_grad_norm=math.sqrt(context_grad),
        teacher_forcing=model.teacher_forcing,
        source_length=int(np.sum(tr.src_mask[:, b])),
        parts={} if deep else parts,
    )
