"""Encoder–decoder (sequence to sequence) with teacher forcing and greedy decoding.

The encoder (any cell, stacked and/or bidirectional) reads the source tokens; its final
state is the *context* that starts the decoder (any cell, unidirectional, as many layers),
which emits the target tokens one step at a time, ending with ``<eos>``. Tokens are ids;
inside, every token is a one-hot row.

Context: the decoder has ``directions × H`` hidden units, and decoder layer l starts from
encoder layer l's final states side by side, forward first (no bridge parameters). A
decoder LSTM starts its cell from the encoder's final cells when the encoder is an LSTM,
from zeros otherwise; an encoder LSTM's cell does not reach a GRU or vanilla decoder.
The forward direction's final state is the one after each source's last valid token
(``src_mask``), the reverse direction's the one after reading back to the first token.

Decoder input at step u: ``bos_id`` at u = 0; then the true previous token tgt[u − 1] when
``teacher[u]`` (a coin flip with probability ``teacher_forcing`` per step, from the model's
generator; the flips are in the trace), else the argmax of the previous output — a
constant input, as in every implementation of scheduled sampling. No truncation: the
gradient of every decoder loss reaches every encoder step through the context.

Parameter names: ``enc.l{l}[r].{name}``, ``dec.l{l}.{name}``, and the decoder's read-out
``W_hq`` (directions · H, V_tgt), ``b_q``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import validation as check
from .checkpoint import Checkpointable
from .gradcheck import max_relative_error
from .init import INITS, init_params, seed_streams, sub_seeds
from .layer_stack import CORES, LayerStack
from .layer_trace import LayerTrace, stack_directions
from .losses import cross_entropy_loss
from .trace import LossGrads


@dataclass(frozen=True, eq=False)
class Seq2SeqTrace:
    """One encoder–decoder pass. S source steps, U target steps, B examples.

    Attributes:
        src: (S, B) source ids; src_mask: (S, B) 0/1 (a prefix of ones per example).
        tgt: (U, B) target ids; tgt_mask: (U, B) 0/1 weights in the loss.
        teacher: (U,) bool, True where the decoder was fed the true previous token
            (always True at u = 0, where it is fed ``bos_id``).
        decoder_inputs: (U, B) the token fed at each step.
        predictions: (U, B) argmax of each output.
        outputs: (U, B, V) logits; step_losses: (U,) summing to the loss;
        grad_outputs: (U, B, V) dloss/dlogits.
        encoder: (layer, direction) -> :class:`LayerTrace` of the encoder, source time.
        decoder: (layer, "forward") -> :class:`LayerTrace` of the decoder, target time.
        encoder_hidden, encoder_grad_hidden: (S, B, dirs·H) the top encoder layer.
        decoder_hidden, decoder_grad_hidden: (U, B, dirs·H) the top decoder layer.
        context: per decoder layer, its initial state ``(h0,)`` or ``(h0, c0)``.
        grad_context: per decoder layer, dloss/d(initial state): what reaches the encoder.
    """

    src: np.ndarray
    src_mask: np.ndarray
    tgt: np.ndarray
    tgt_mask: np.ndarray
    teacher: np.ndarray
    decoder_inputs: np.ndarray
    predictions: np.ndarray
    outputs: np.ndarray
    step_losses: np.ndarray
    grad_outputs: np.ndarray
    encoder: dict[tuple[int, str], LayerTrace]
    decoder: dict[tuple[int, str], LayerTrace]
    encoder_hidden: np.ndarray
    encoder_grad_hidden: np.ndarray
    decoder_hidden: np.ndarray
    decoder_grad_hidden: np.ndarray
    context: list[tuple[np.ndarray, ...]]
    grad_context: list[tuple[np.ndarray, ...]]


def _check_tokens(a: object, name: str, vocab: int, rows: int | None = None) -> np.ndarray:
    arr = np.asarray(a)
    if arr.dtype.kind not in "iu" or arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must be a 2-D array (steps, B) of integer token ids")
    if rows is not None and arr.shape[1] != rows:
        raise ValueError(f"{name} must have {rows} columns (one per example), got {arr.shape[1]}")
    if (arr < 0).any() or (arr >= vocab).any():
        raise ValueError(f"{name} token ids must lie in [0, {vocab})")
    return arr.astype(np.intp)


def _check_prefix_mask(mask: object, shape: tuple[int, int], dtype) -> np.ndarray:
    m = check.check_mask(mask, *shape, dtype)
    if (np.diff(m, axis=0) > 0).any() or (m[0] == 0).any():
        raise ValueError("src_mask must be ones then zeros in every column, starting with a one")
    return m


class Seq2Seq(Checkpointable):
    """An encoder–decoder over token ids; see the module docstring for the choices."""

    def __init__(
        self,
        src_vocab: int,
        tgt_vocab: int,
        hidden_size: int,
        *,
        bos_id: int,
        eos_id: int,
        encoder_cell: str = "gru",
        decoder_cell: str | None = None,
        num_layers: int = 1,
        bidirectional: bool = False,
        init: str = "uniform",
        recurrent_scale: float = 1.0,
        seed: int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.src_vocab = check.check_positive_int(src_vocab, "src_vocab")
        self.tgt_vocab = check.check_positive_int(tgt_vocab, "tgt_vocab")
        self.hidden_size = check.check_positive_int(hidden_size, "hidden_size")
        for name, tok in (("bos_id", bos_id), ("eos_id", eos_id)):
            if isinstance(tok, bool) or not isinstance(tok, (int, np.integer)):
                raise ValueError(f"{name} must be a token id in [0, {tgt_vocab}), got {tok!r}")
            if not 0 <= tok < self.tgt_vocab:
                raise ValueError(f"{name} must be a token id in [0, {tgt_vocab}), got {tok!r}")
        self.bos_id, self.eos_id = int(bos_id), int(eos_id)
        self.encoder_cell = check.check_choice(encoder_cell, "encoder_cell", tuple(CORES))
        dec = encoder_cell if decoder_cell is None else decoder_cell
        self.decoder_cell = check.check_choice(dec, "decoder_cell", tuple(CORES))
        self.num_layers = check.check_positive_int(num_layers, "num_layers")
        self.bidirectional = check.check_bool(bidirectional, "bidirectional")
        self.init = check.check_choice(init, "init", INITS)
        self.recurrent_scale = check.check_finite_float(recurrent_scale, "recurrent_scale")
        self.seed = check.check_seed(seed)
        self.dtype = check.check_dtype(dtype)
        init_seq, self.rng = seed_streams(self.seed)
        dirs = 2 if self.bidirectional else 1
        L, H = self.num_layers, self.hidden_size
        seeds = sub_seeds(init_seq, L * dirs + L + 1)
        common = (self.init, self.recurrent_scale)
        self.encoder = LayerStack(
            self.encoder_cell, self.src_vocab, H, L, self.bidirectional, {}, *common,
            seeds[: L * dirs], self.dtype,
        )  # fmt: skip
        self.decoder = LayerStack(
            self.decoder_cell, self.tgt_vocab, dirs * H, L, False, {}, *common,
            seeds[L * dirs : -1], self.dtype,
        )  # fmt: skip
        head = init_params(
            {"W_hq": (dirs * H, self.tgt_vocab), "b_q": (self.tgt_vocab,)},
            (),
            dirs * H,
            self.init,
            self.recurrent_scale,
            np.random.default_rng(seeds[-1]),
            self.dtype,
        )
        self.params: dict[str, np.ndarray] = {
            **{f"enc.{k}": v for k, v in self.encoder.params.items()},
            **{f"dec.{k}": v for k, v in self.decoder.params.items()},
            **head,
        }

    # --- persistence --------------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        """JSON-able constructor arguments: ``Seq2Seq(**model.config())`` rebuilds it."""
        return {
            "src_vocab": self.src_vocab,
            "tgt_vocab": self.tgt_vocab,
            "hidden_size": self.hidden_size,
            "bos_id": self.bos_id,
            "eos_id": self.eos_id,
            "encoder_cell": self.encoder_cell,
            "decoder_cell": self.decoder_cell,
            "num_layers": self.num_layers,
            "bidirectional": self.bidirectional,
            "init": self.init,
            "recurrent_scale": self.recurrent_scale,
            "seed": self.seed,
            "dtype": self.dtype.name,
        }

    # --- passes -------------------------------------------------------------------------
    def _onehot(self, ids: np.ndarray, vocab: int) -> np.ndarray:
        out = np.zeros((*ids.shape, vocab), dtype=self.dtype)
        np.put_along_axis(out, ids[..., None], 1.0, axis=-1)
        return out

    def _encode(self, src: np.ndarray, lengths: np.ndarray | None):
        B = src.shape[1]
        states0 = self.encoder.check_states(None, B, self.dtype)
        passes = self.encoder.forward(self._onehot(src, self.src_vocab), states0, lengths)
        return passes, self.encoder.final_states(passes, lengths)

    def _context(self, finals: dict) -> dict[tuple[int, int], tuple]:
        """Decoder layer l's initial state from encoder layer l's final states."""
        out = {}
        dirs = self.encoder.directions
        for layer in range(self.num_layers):
            parts = [finals[(layer, d)] for d in range(dirs)]
            h = stack_directions([p[0] for p in parts])
            state = (h,)
            if self.decoder.n_state == 2:
                both = self.encoder.n_state == 2
                state = (h, stack_directions([p[1] for p in parts]) if both else np.zeros_like(h))
            out[(layer, 0)] = state
        return out

    def _logits(self, top: np.ndarray) -> np.ndarray:
        return top @ self.params["W_hq"] + self.params["b_q"]

    def _greedy(self, states: dict, first: np.ndarray, steps: int, choose) -> np.ndarray:
        """Run the decoder one step at a time; ``choose(u, pred)`` picks the next input.

        Returns the (steps, B) inputs fed.
        """
        fed = np.empty((steps, first.shape[0]), dtype=np.intp)
        fed[0] = first
        for u in range(steps):
            x = self._onehot(fed[u : u + 1], self.tgt_vocab)
            passes = self.decoder.forward(x, states, None)
            states = self.decoder.final_states(passes, None)
            pred = self._logits(self.decoder.top_hidden(passes, None))[0].argmax(axis=1)
            if u + 1 < steps:
                fed[u + 1] = choose(u, pred)
        return fed

    def generate(self, src: np.ndarray, max_len: int, src_mask: object = None) -> np.ndarray:
        """Greedy decoding: (max_len, B) token ids; after an example's ``<eos>``, ``<eos>``.

        Each step feeds the argmax of the previous output, starting from ``bos_id``.
        """
        src = _check_tokens(src, "src", self.src_vocab)
        max_len = check.check_positive_int(max_len, "max_len")
        S, B = src.shape
        m = _check_prefix_mask(src_mask, (S, B), self.dtype)
        lengths = m.sum(axis=0).astype(np.intp)
        with np.errstate(all="ignore"):
            _, finals = self._encode(src, lengths)
            states = self._context(finals)
            preds: list[np.ndarray] = []

            def choose(u, pred):
                preds.append(pred)
                return pred

            fed = self._greedy(states, np.full(B, self.bos_id), max_len + 1, choose)
        out = fed[1:].copy()
        done = np.cumsum(out == self.eos_id, axis=0) - (out == self.eos_id) > 0
        out[done] = self.eos_id
        return out

    def loss_and_grads(
        self,
        src: np.ndarray,
        tgt: np.ndarray,
        src_mask: object = None,
        tgt_mask: object = None,
        teacher_forcing: float = 1.0,
    ) -> LossGrads:
        """Cross-entropy of the target tokens and its exact gradient through decoder and encoder.

        Args:
            src: (S, B) source token ids; tgt: (U, B) target ids, each ending with ``eos_id``.
            src_mask: (S, B) valid source tokens (ones then zeros); None: all valid.
            tgt_mask: (U, B) 0/1 weights of each target step in the mean; None: all ones.
            teacher_forcing: probability r in [0, 1] of feeding the true previous token at
                each step u ≥ 1 (U uniforms drawn from ``self.rng`` when 0 < r < 1).
        Returns:
            :class:`LossGrads` whose trace is a :class:`Seq2SeqTrace`.
        """
        src = _check_tokens(src, "src", self.src_vocab)
        S, B = src.shape
        tgt = _check_tokens(tgt, "tgt", self.tgt_vocab, rows=B)
        U = tgt.shape[0]
        sm = _check_prefix_mask(src_mask, (S, B), self.dtype)
        tm = check.check_mask(tgt_mask, U, B, self.dtype)
        r = check.check_finite_float(teacher_forcing, "teacher_forcing")
        if not 0.0 <= r <= 1.0:
            raise ValueError(f"teacher_forcing must lie in [0, 1], got {teacher_forcing!r}")
        teacher = self.rng.random(U) < r if 0.0 < r < 1.0 else np.full(U, r == 1.0)
        teacher[0] = True
        lengths = sm.sum(axis=0).astype(np.intp)
        lengths = None if (lengths == S).all() else lengths
        with np.errstate(all="ignore"):
            return self._run(src, tgt, sm, tm, teacher, lengths)

    def _run(self, src, tgt, sm, tm, teacher, lengths) -> LossGrads:
        S, B = src.shape
        U = tgt.shape[0]
        enc_passes, finals = self._encode(src, lengths)
        context = self._context(finals)
        first = np.full(B, self.bos_id)
        if teacher.all():
            fed = np.concatenate([first[None], tgt[:-1]])
        else:
            fed = self._greedy(
                context, first, U, lambda u, pred: tgt[u] if teacher[u + 1] else pred
            )
        dec_passes = self.decoder.forward(self._onehot(fed, self.tgt_vocab), context, None)
        top = self.decoder.top_hidden(dec_passes, None)
        logits = self._logits(top)
        step_losses, dO = cross_entropy_loss(logits, np.where(tm != 0, tgt, 0), tm)
        K = top.shape[2]
        dtop = (dO.reshape(U * B, -1) @ self.params["W_hq"].T).reshape(U, B, K)
        dec_res, dec_local = self.decoder.backward(dec_passes, dtop, np.ones(U), None)
        dfinal = self._context_grads(dec_res)
        zeros = np.zeros((S, B, self.encoder.directions * self.hidden_size), dtype=self.dtype)
        enc_res, enc_local = self.encoder.backward(enc_passes, zeros, np.ones(S), lengths, dfinal)
        grads: dict[str, np.ndarray] = {}
        for part, stack, res in (("enc.", self.encoder, enc_res), ("dec.", self.decoder, dec_res)):
            for (layer, d), lg in res.items():
                prefix = part + stack.prefix(layer, d)
                grads.update({prefix + n: g for n, g in lg.grads.items()})
        grads["W_hq"] = top.reshape(U * B, K).T @ dO.reshape(U * B, -1)
        grads["b_q"] = dO.reshape(U * B, -1).sum(axis=0)
        grads = {name: grads[name] for name in self.params}
        value = float(step_losses.sum())
        finite = bool(np.isfinite(value)) and all(np.isfinite(g).all() for g in grads.values())
        enc_layers = self.encoder.layer_traces(enc_passes, enc_res, enc_local, np.ones(S), lengths)
        dec_layers = self.decoder.layer_traces(dec_passes, dec_res, dec_local, np.ones(U), None)
        top_enc = [
            enc_layers[(self.num_layers - 1, d)]
            for d in ("forward", "reverse")[: self.encoder.directions]
        ]
        top_dec = dec_layers[(self.num_layers - 1, "forward")]
        trace = Seq2SeqTrace(
            src=src,
            src_mask=sm,
            tgt=tgt,
            tgt_mask=tm,
            teacher=teacher,
            decoder_inputs=fed,
            predictions=logits.argmax(axis=2),
            outputs=logits,
            step_losses=step_losses,
            grad_outputs=dO,
            encoder=enc_layers,
            decoder=dec_layers,
            encoder_hidden=stack_directions([t.hidden for t in top_enc]),
            encoder_grad_hidden=stack_directions([t.grad_hidden for t in top_enc]),
            decoder_hidden=top_dec.hidden,
            decoder_grad_hidden=top_dec.grad_hidden,
            context=[context[(layer, 0)] for layer in range(self.num_layers)],
            grad_context=[dec_res[(layer, 0)].dstate0 for layer in range(self.num_layers)],
        )
        return LossGrads(loss=value, grads=grads, finite=finite, trace=trace)

    def _context_grads(self, dec_res) -> dict[tuple[int, int], tuple]:
        """Split each decoder layer's d(initial state) back onto the encoder's final states."""
        H = self.hidden_size
        out = {}
        for layer in range(self.num_layers):
            dstate = dec_res[(layer, 0)].dstate0
            both = self.encoder.n_state == 2 and self.decoder.n_state == 2
            for d in range(self.encoder.directions):
                cols = slice(d * H, (d + 1) * H)
                out[(layer, d)] = (dstate[0][:, cols],) + ((dstate[1][:, cols],) if both else ())
        return out

    def surrogate_loss(self, trace: Seq2SeqTrace) -> float:
        """The loss of ``trace``'s pass with its fed tokens held fixed, through the cells'
        plain one-step functions and the current parameters (for gradient checks)."""
        S = trace.src.shape[0]
        lengths = trace.src_mask.sum(axis=0).astype(np.intp)
        X = self._onehot(trace.src, self.src_vocab)
        _, finals = self.encoder.reference_forward(X, trace.encoder, np.ones(S), lengths)
        context = self._context(finals)
        layers = {key: _with_state0(lt, context[(key[0], 0)]) for key, lt in trace.decoder.items()}
        U = trace.tgt.shape[0]
        Xd = self._onehot(trace.decoder_inputs, self.tgt_vocab)
        top, _ = self.decoder.reference_forward(Xd, layers, np.ones(U), None)
        tgt = np.where(trace.tgt_mask != 0, trace.tgt, 0)
        step_losses, _ = cross_entropy_loss(self._logits(top), tgt, trace.tgt_mask)
        return float(step_losses.sum())


def _with_state0(lt: LayerTrace, state: tuple) -> LayerTrace:
    """``lt`` with its initial state replaced (the decoder's depends on the parameters)."""
    return dataclasses.replace(lt, h0=state[0], c0=state[1] if len(state) > 1 else None)


def gradcheck_seq2seq(
    model: Seq2Seq,
    src: np.ndarray,
    tgt: np.ndarray,
    src_mask: object = None,
    tgt_mask: object = None,
    teacher_forcing: float = 1.0,
    eps: float = 1e-5,
    max_checks: int | None = None,
    seed: int = 0,
) -> float:
    """Largest relative error of ``loss_and_grads`` against central differences.

    Runs on a float64 copy (the caller's model and generator stay as they were). The
    coin flips and the fed predictions of the analytic pass are held fixed, so the check
    differentiates the same function the backward pass does.
    """
    ref = Seq2Seq(**{**model.config(), "dtype": "float64"})
    ref.load_state_dict(model.state_dict())
    res = ref.loss_and_grads(src, tgt, src_mask, tgt_mask, teacher_forcing)
    return max_relative_error(
        ref.params, res.grads, lambda: ref.surrogate_loss(res.trace), eps, max_checks, seed
    )
