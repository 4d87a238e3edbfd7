"""Sequence-to-sequence tasks: a source sequence in, a target sequence of another length out.

An encoder–decoder model reads the source, then writes the target one token at a time and
stops by writing ``<eos>``, as the deck's chatbot does. Every such task here shares one token
convention:

- ids ``0 = <pad>``, ``1 = <bos>``, ``2 = <eos>``; the task's symbols are ids 3, 4, …;
- ``src`` ``(S, B)`` int64, the source tokens, ``<pad>`` after each sequence's end;
- ``tgt`` ``(U, B)`` int64, the target tokens, each sequence ending with ``<eos>`` and then
  ``<pad>``; the decoder's first input is ``<bos>``, and under teacher forcing its input at
  step ``u`` is ``tgt[u − 1]``;
- ``src_mask`` ``(S, B)`` and ``tgt_mask`` ``(U, B)`` float64 of 0/1: 1 on real tokens (the
  ``<eos>`` included), 0 on padding. Only masked-in target steps count in the loss.

A task scores a model (``Seq2SeqModel``) with its teacher-forced cross-entropy (``"loss"``),
with the teacher-forced next-token accuracy (``"teacher_forced_accuracy"``, when the model's
result has a trace with ``predictions``; ``"exposure_gap"`` is it minus the free-running
``"token_accuracy"``: what feeding its own predictions costs the model) and with greedy
decoding: ``"token_accuracy"`` is the fraction of target tokens, ``<eos>``
included, that the decoded sequence has at the same position; ``"exact_match"`` the fraction
of examples decoded exactly, ``<eos>`` and all.
"""

from __future__ import annotations

import math
import numbers
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import numpy as np

from explorer.tasks.base import EVAL_STREAM, ParamSpec

PAD, BOS, EOS = 0, 1, 2
SPECIAL_TOKENS = ("<pad>", "<bos>", "<eos>")
FIRST_SYMBOL = len(SPECIAL_TOKENS)
DECODE_SLACK = 2
"""Greedy decoding may run this many steps past the longest target, so a model that misses
``<eos>`` shows what it writes next instead of being cut at the target's length."""
CAPTION_RIGHT = "{right} of {tokens} target tokens right; exact match"
CAPTION_WRONG = "{right} of {tokens} target tokens right; not an exact match"


class LossResult(Protocol):
    """What ``Seq2SeqModel.loss_and_grads`` returns: at least the mean loss."""

    loss: float


class Seq2SeqModel(Protocol):
    """What a sequence-to-sequence task needs from an encoder–decoder model (the engine's
    ``Seq2Seq`` has it).

    ``loss_and_grads(src, tgt, src_mask, tgt_mask, teacher_forcing=1.0)``: the teacher-forced
    pass (decoder inputs ``<bos>, tgt[0], …, tgt[U − 2]``); its ``.loss`` is the mean
    cross-entropy over the masked-in target tokens. ``generate(src, max_len, src_mask=None)
    -> (U', B)`` int: greedy decoding from ``<bos>``, at most ``max_len`` tokens per sequence;
    what follows a sequence's first ``<eos>`` is ignored.
    """

    def loss_and_grads(
        self,
        src: np.ndarray,
        tgt: np.ndarray,
        src_mask: np.ndarray | None = None,
        tgt_mask: np.ndarray | None = None,
        teacher_forcing: float = 1.0,
    ) -> LossResult: ...

    def generate(
        self, src: np.ndarray, max_len: int, src_mask: np.ndarray | None = None
    ) -> np.ndarray: ...


@dataclass(frozen=True)
class Seq2SeqVocab:
    """The three special tokens followed by the task's symbols (one string each)."""

    symbols: tuple[str, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(set(self.symbols)) != len(self.symbols) or set(self.symbols) & set(SPECIAL_TOKENS):
            raise ValueError("seq2seq vocabulary: symbols must be distinct and not special tokens")
        # A frozen dataclass may only set derived fields through object.__setattr__.
        index = {s: i + FIRST_SYMBOL for i, s in enumerate(self.symbols)}
        object.__setattr__(self, "_index", index)

    @property
    def tokens(self) -> tuple[str, ...]:
        """All tokens by id: ``<pad> <bos> <eos>`` then the symbols."""
        return SPECIAL_TOKENS + self.symbols

    def __len__(self) -> int:
        return FIRST_SYMBOL + len(self.symbols)

    def encode(self, symbols: Sequence[str]) -> list[int]:
        """Ids of ``symbols`` (a string is read one character per symbol); raises
        ``ValueError`` naming a symbol outside the vocabulary."""
        try:
            return [self._index[s] for s in symbols]
        except KeyError as err:
            raise ValueError(f"seq2seq vocabulary: unknown symbol {err.args[0]!r}") from None

    def decode(self, ids: Sequence[int] | np.ndarray) -> list[str]:
        """Symbols of ``ids`` up to the first ``<eos>`` (excluded); ``<pad>`` and ``<bos>``
        are skipped, ids outside the vocabulary shown as ``"?"``."""
        out = []
        for i in np.asarray(ids, dtype=np.int64).ravel():
            if i == EOS:
                break
            if i >= FIRST_SYMBOL and i < len(self):
                out.append(self.symbols[i - FIRST_SYMBOL])
            elif i >= len(self) or i < 0:
                out.append("?")
        return out


@dataclass(frozen=True, eq=False)  # arrays have no single truth value, so compare by identity
class Seq2SeqBatch:
    """Source and target token ids with their masks; shapes in the module docstring."""

    src: np.ndarray
    src_mask: np.ndarray
    tgt: np.ndarray
    tgt_mask: np.ndarray

    @property
    def size(self) -> int:
        """Number of sequence pairs ``B``."""
        return self.src.shape[1]

    def arrays(self) -> tuple[np.ndarray, ...]:
        """``(src, src_mask, tgt, tgt_mask)``."""
        return self.src, self.src_mask, self.tgt, self.tgt_mask

    def column(self, b: int) -> Seq2SeqBatch:
        """The batch of the single pair ``b`` (shapes keep ``B = 1``)."""
        return Seq2SeqBatch(*(a[:, b : b + 1] for a in self.arrays()))


def pad_ids(sequences: Sequence[Sequence[int]], append_eos: bool) -> tuple[np.ndarray, np.ndarray]:
    """Time-major ``(L, B)`` int64 ids padded with ``<pad>``, and the ``(L, B)`` float64 mask
    of the real tokens; ``append_eos`` ends every sequence with ``<eos>`` first."""
    rows = [list(s) + ([EOS] if append_eos else []) for s in sequences]
    length = max((len(r) for r in rows), default=0)
    ids = np.full((max(length, 1), len(rows)), PAD, dtype=np.int64)
    mask = np.zeros(ids.shape)
    for b, r in enumerate(rows):
        ids[: len(r), b] = r
        mask[: len(r), b] = 1.0
    return ids, mask


def make_batch(sources: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]) -> Seq2SeqBatch:
    """A ``Seq2SeqBatch`` of symbol-id sequences; ``<eos>`` is appended to every target."""
    src, src_mask = pad_ids(sources, append_eos=False)
    tgt, tgt_mask = pad_ids(targets, append_eos=True)
    return Seq2SeqBatch(src, src_mask, tgt, tgt_mask)


def decoded_up_to_eos(generated: np.ndarray, length: int) -> np.ndarray:
    """``(length, B)`` ids of a greedy decoding: cut or padded with ``<pad>`` to ``length``,
    and ``<pad>`` after each sequence's first ``<eos>`` (which is kept)."""
    generated = np.asarray(generated, dtype=np.int64)
    if generated.ndim != 2:
        raise ValueError(f"seq2seq: generate must return (U, B) ids, got shape {generated.shape}")
    out = np.full((length, generated.shape[1]), PAD, dtype=np.int64)
    n = min(length, generated.shape[0])
    out[:n] = generated[:n]
    after_eos = np.cumsum(out == EOS, axis=0) - (out == EOS) > 0
    out[after_eos] = PAD
    return out


def decoding_scores(tgt: np.ndarray, tgt_mask: np.ndarray, decoded: np.ndarray) -> dict[str, Any]:
    """Per-token hits ``(U, B)`` bool, token accuracy and exact match of ``decoded`` (as from
    ``decoded_up_to_eos`` with at least ``U`` rows) against the targets."""
    U = tgt.shape[0]
    real = tgt_mask > 0
    hits = (decoded[:U] == tgt) & real
    # Every target token right, <eos> included, is an exact match: decoded_up_to_eos has
    # already blanked whatever the model wrote after that <eos>.
    exact = (hits == real).all(axis=0)
    return {
        "hits": hits,
        "token_accuracy": float(hits.sum() / max(real.sum(), 1)),
        "exact": exact,
        "exact_match": float(exact.mean()) if exact.size else float("nan"),
    }


@dataclass(frozen=True, eq=False)
class Seq2SeqPanel:
    """What a view shows for one pair: the source, the target and the greedy prediction.

    ``source``, ``target`` and ``prediction`` are the symbol strings (the target and the
    prediction without ``<eos>``); ``source_tokens`` etc. the same as one string per token;
    ``correct`` ``(U,)`` bool marks the target tokens, ``<eos>`` included, that the prediction
    has at the same position; ``exact`` whether it is an exact match. ``caption`` is built
    from ``caption_template`` and ``caption_values`` as for a ``TaskPanel``.
    """

    title: str
    source: str
    target: str
    prediction: str
    source_tokens: tuple[str, ...]
    target_tokens: tuple[str, ...]
    predicted_tokens: tuple[str, ...]
    correct: np.ndarray
    exact: bool
    caption_template: str = ""
    caption_values: dict[str, Any] = field(default_factory=dict)
    caption: str = ""
    kind: str = "seq2seq"

    def __post_init__(self) -> None:
        if self.caption_template and not self.caption:
            object.__setattr__(self, "caption", self.caption_template.format(**self.caption_values))


class Seq2SeqTask(ABC):
    """A sequence-to-sequence problem: batches, a fixed evaluation set, scores and a panel.

    Subclasses set ``key``, ``title``, ``description`` and ``params`` (which must include a
    ``"seed"``), call ``super().__init__(**params)`` (validation into ``self.p``), set
    ``self.vocab`` and implement ``_pairs(n, rng)`` (``n`` source/target symbol-id pairs,
    without ``<eos>``) and ``_make_eval_pairs(rng)``. ``joiner`` joins symbols into text.
    """

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[tuple[ParamSpec, ...]] = ()
    caption_templates: ClassVar[tuple[str, ...]] = (CAPTION_RIGHT, CAPTION_WRONG)
    evaluation_metrics: ClassVar[tuple[str, ...]] = ("loss", "token_accuracy", "exact_match")
    joiner: ClassVar[str] = ""

    vocab: Seq2SeqVocab
    metric_name = "exact_match"
    metric_higher_is_better = True
    solved_threshold = 0.99
    solved_description = "exact match ≥ 0.99"
    bos_id = BOS
    eos_id = EOS
    pad_id = PAD

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
        self._eval_set: Seq2SeqBatch | None = None

    def settings(self) -> dict[str, Any]:
        """The validated parameters as a JSON-able dict."""
        return dict(self.p)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.p.items())
        return f"{type(self).__name__}({args})"

    @property
    def vocab_size(self) -> int:
        """``V``: the special tokens and the symbols; the size of the models' embeddings and
        output layer."""
        return len(self.vocab)

    # ----------------------------------------------------------------------------- data
    @abstractmethod
    def _pairs(self, n: int, rng: np.random.Generator) -> list[tuple[list[int], list[int]]]:
        """``n`` training pairs ``(source ids, target ids)`` without ``<eos>``."""

    def _make_eval_pairs(self, rng: np.random.Generator) -> list[tuple[list[int], list[int]]]:
        return self._pairs(128, rng)

    def batch(self, batch_size: int, rng: np.random.Generator) -> Seq2SeqBatch:
        """``batch_size`` fresh training pairs; the same ``rng`` state gives the same batch."""
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, numbers.Integral)
            or batch_size < 1
        ):
            raise ValueError(
                f"{self.key}: 'batch_size' must be an integer >= 1, got {batch_size!r}"
            )
        pairs = self._pairs(batch_size, rng)
        return make_batch([s for s, _ in pairs], [t for _, t in pairs])

    def eval_set(self) -> Seq2SeqBatch:
        """The fixed evaluation set, built once from the task seed; its arrays are read-only."""
        if self._eval_set is None:
            pairs = self._make_eval_pairs(np.random.default_rng([self.p["seed"], EVAL_STREAM]))
            result = make_batch([s for s, _ in pairs], [t for _, t in pairs])
            for a in result.arrays():
                a.setflags(write=False)
            self._eval_set = result
        return self._eval_set

    def text(self, ids: Sequence[int] | np.ndarray) -> str:
        """The symbols of ``ids`` up to ``<eos>``, joined into one string."""
        return self.joiner.join(self.vocab.decode(ids))

    # ----------------------------------------------------------------------------- scoring
    @property
    def baseline(self) -> dict[str, float]:
        """Guessing uniformly among the ``V`` tokens: loss ``ln V``, token accuracy ``1/V``,
        exact match 0."""
        V = self.vocab_size
        return {"loss": math.log(V), "token_accuracy": 1.0 / V, "exact_match": 0.0}

    def decode_greedy(self, model: Seq2SeqModel, data: Seq2SeqBatch) -> np.ndarray:
        """The model's greedy decoding of ``data.src``, ``(U + DECODE_SLACK, B)``, with
        ``<pad>`` after each ``<eos>``."""
        length = data.tgt.shape[0] + DECODE_SLACK
        generated = model.generate(data.src, length, src_mask=data.src_mask)
        return decoded_up_to_eos(generated, length)

    def evaluate(self, model: Seq2SeqModel) -> dict[str, float]:
        """``{"loss", "token_accuracy", "exact_match"}`` on the evaluation set."""
        data = self.eval_set()
        # Teacher forcing 1 draws no coin flips, so scoring leaves the model's generator alone.
        result = model.loss_and_grads(
            data.src, data.tgt, src_mask=data.src_mask, tgt_mask=data.tgt_mask, teacher_forcing=1.0
        )
        loss = float(result.loss)
        scores = decoding_scores(data.tgt, data.tgt_mask, self.decode_greedy(model, data))
        metrics = {
            "loss": loss,
            "token_accuracy": scores["token_accuracy"],
            "exact_match": scores["exact_match"],
        }
        # The same tokens predicted with the true previous token fed at every step: the gap
        # to ``token_accuracy`` (free running) is what feeding its own errors costs a model.
        predicted = getattr(getattr(result, "trace", None), "predictions", None)
        if predicted is not None:
            real = data.tgt_mask > 0
            hits = (np.asarray(predicted) == data.tgt) & real
            metrics["teacher_forced_accuracy"] = float(hits.sum() / max(real.sum(), 1))
            metrics["exposure_gap"] = metrics["teacher_forced_accuracy"] - scores["token_accuracy"]
        return metrics

    def solved(self, metrics: dict[str, float]) -> bool:
        """Whether the exact match in ``metrics`` has reached ``solved_threshold``."""
        value = metrics.get(self.metric_name)
        return value is not None and math.isfinite(value) and value >= self.solved_threshold

    def panel(self, model: Seq2SeqModel, example: int = 0) -> Seq2SeqPanel:
        """Source, target and greedy prediction of evaluation pair ``example`` (modulo the
        number of pairs)."""
        data = self.eval_set()
        one = data.column(example % data.size)
        decoded = self.decode_greedy(model, one)
        scores = decoding_scores(one.tgt, one.tgt_mask, decoded)
        real = one.tgt_mask[:, 0] > 0
        exact = bool(scores["exact"][0])
        source = self.vocab.decode(one.src[:, 0])
        target = self.vocab.decode(one.tgt[:, 0])
        predicted = self.vocab.decode(decoded[:, 0])
        values = {"right": int(scores["hits"][:, 0].sum()), "tokens": int(real.sum())}
        return Seq2SeqPanel(
            title=self.title,
            source=self.joiner.join(source),
            target=self.joiner.join(target),
            prediction=self.joiner.join(predicted),
            source_tokens=tuple(source),
            target_tokens=tuple(target),
            predicted_tokens=tuple(predicted),
            correct=scores["hits"][real, 0],
            exact=exact,
            caption_template=CAPTION_RIGHT if exact else CAPTION_WRONG,
            caption_values=values,
        )
