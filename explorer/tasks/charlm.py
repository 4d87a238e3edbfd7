"""Character-level language model: read text one character at a time, predict the next one.

Text preprocessing follows the course notes: the tokens are characters, a vocabulary maps
each to an index (most frequent first), and characters that are rare or unseen map to the
unknown token ``<unk>``. Quality is measured by perplexity, the exponential of the mean
cross-entropy: 1 for a perfect predictor, ``V`` for uniform guessing over ``V`` tokens.
Counting n-gram models give reference perplexities on the same positions.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from explorer.tasks.base import PANEL_STREAM, Batch, Model, ParamSpec, Task, TaskPanel, seed_param
from explorer.tasks.corpus import CorpusError, builtin_corpus, load_corpus
from explorer.tasks.metrics import forward_outputs, masked_accuracy, masked_ce, softmax
from explorer.tasks.ngram import KneserNeyModel
from explorer.tasks.sampling import SAMPLING_SCHEMES, SequentialStream

UNK = "<unk>"
UNK_DISPLAY = "\ufffd"
"""How ``decode`` renders ``<unk>``: one character, so decoded text stays aligned with indices."""
HOLDOUT_MIN_CHARS = 10_000
"""Texts at least this long keep their last 10 % for evaluation; shorter ones (the built-in
corpora) are evaluated on the text they are trained on, as a small lecture example is."""
MAX_EVAL_WINDOWS = 128
SAMPLE_LENGTH = 80
SAMPLE_TEMPERATURE = 0.8
CAPTION = (
    "perplexity on this window {ppl:.2f}; sample: warm-up on {prefix}, temperature {temperature}"
)


@dataclass(frozen=True)
class Vocabulary:
    """Characters and their indices; index 0 is ``<unk>``, then by falling frequency."""

    tokens: tuple[str, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A frozen dataclass may only set derived fields through object.__setattr__.
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(self.tokens)})

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, text: str) -> np.ndarray:
        """``(len(text),)`` int64 indices; characters outside the vocabulary become 0."""
        index = self._index
        return np.fromiter((index.get(c, 0) for c in text), dtype=np.int64, count=len(text))

    def decode(self, indices) -> str:
        """The text of a sequence of indices; ``<unk>`` is shown as U+FFFD."""
        return "".join(
            UNK_DISPLAY if i == 0 else self.tokens[i] for i in np.asarray(indices).ravel()
        )


def build_vocabulary(text: str, min_freq: int = 1, max_size: int | None = None) -> Vocabulary:
    """Vocabulary of ``text``: characters seen at least ``min_freq`` times, most frequent first
    (ties by code point), at most ``max_size`` entries including ``<unk>``."""
    counts = Counter(text)
    kept = sorted((c for c, k in counts.items() if k >= min_freq), key=lambda c: (-counts[c], c))
    if max_size is not None:
        kept = kept[: max_size - 1]
    return Vocabulary((UNK, *kept))


class CharLMTask(Task):
    """Next-character prediction on a corpus; see the module docstring.

    Every step is scored (mask all ones). The model input is the one-hot of the current
    character, its output the logits of the next one.
    """

    key = "charlm"
    title = "Character language model"
    caption_templates = (CAPTION,)
    evaluation_metrics = ("loss", "perplexity", "accuracy")
    description = (
        "The network reads text one character at a time and predicts the next character. "
        "Its quality is the perplexity: how many characters it is, on average, hesitating "
        "between (1 = always sure and right). Counting models that look at the last 0, 1 or 2 "
        "characters (unigram, bigram, trigram) give reference lines. After training, the "
        "network can write text of its own, starting from a prefix it reads first (warm-up)."
    )
    params = (
        ParamSpec(
            "corpus",
            "choice",
            "zen",
            choices=("machine", "zen", "file"),
            help="Text to learn: the word 'machine', the Zen of Python, or a UTF-8 file.",
        ),
        ParamSpec(
            "path",
            "str",
            "",
            help="The text file to use when corpus is 'file' (at most 10 MB are read).",
        ),
        ParamSpec(
            "seq_len",
            "int",
            32,
            2,
            200,
            help="Characters per training sequence T ('machine' allows at most 6).",
        ),
        ParamSpec(
            "min_freq",
            "int",
            1,
            1,
            1000,
            help="Characters seen fewer times than this become <unk>.",
        ),
        ParamSpec(
            "max_vocab",
            "int",
            100,
            2,
            1000,
            help="At most this many tokens (including <unk>); rarer characters become <unk>.",
        ),
        ParamSpec(
            "noise",
            "float",
            0.0,
            0.0,
            0.5,
            help="Fraction of training input characters replaced at random (evaluation stays clean).",
        ),
        ParamSpec(
            "sampling",
            "choice",
            "random",
            choices=SAMPLING_SCHEMES,
            help="Random windows, or sequential rows where each batch continues the last one.",
        ),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        self.seq_len = self.p["seq_len"]
        self.corpus_truncated = False
        self.corpus_note = ""
        if self.p["corpus"] == "file":
            if not self.p["path"]:
                raise CorpusError("charlm: corpus 'file' needs a path to a UTF-8 text file.")
            loaded = load_corpus(self.p["path"], min_length=self.seq_len + 1)
            text, self.corpus_truncated, self.corpus_note = (
                loaded.text,
                loaded.truncated,
                loaded.note,
            )
        else:
            text = builtin_corpus(self.p["corpus"])
            if len(text) < self.seq_len + 1:
                raise ValueError(
                    f"charlm: corpus {self.p['corpus']!r} has {len(text)} characters, so "
                    f"seq_len must be at most {len(text) - 1}, got {self.seq_len}"
                )
        self.text = text
        # The vocabulary comes from the training part only, so held-out characters the
        # model never saw become <unk>, as they would for genuinely new text.
        cut = int(0.9 * len(text)) if len(text) >= HOLDOUT_MIN_CHARS else len(text)
        self.vocab = build_vocabulary(text[:cut], self.p["min_freq"], self.p["max_vocab"])
        tokens = self.vocab.encode(text)
        if cut < len(text):
            self.train_tokens, self.eval_tokens = tokens[:cut], tokens[cut:]
        else:
            self.train_tokens = self.eval_tokens = tokens
        self.input_size = self.output_size = len(self.vocab)
        # Sequential partitioning (explorer.tasks.sampling): the session may carry the state.
        self.stream = SequentialStream(self.train_tokens, self.seq_len, self.p["seed"])
        self.carries_state = self.p["sampling"] == "sequential"
        self.loss = "ce"
        self.metric_name = "perplexity"
        self.metric_higher_is_better = False

    # ----------------------------------------------------------------------------- text
    def encode(self, text: str) -> np.ndarray:
        """Indices ``(len(text),)`` of the characters of ``text``."""
        return self.vocab.encode(text)

    def decode(self, indices) -> str:
        """Text of an index sequence (``<unk>`` shown as U+FFFD)."""
        return self.vocab.decode(indices)

    def one_hot(self, indices: np.ndarray) -> np.ndarray:
        """One-hot float64 vectors: ``(...,) -> (..., V)``."""
        return np.eye(len(self.vocab))[indices]

    # ----------------------------------------------------------------------------- data
    def _windows(self, tokens: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        index = starts[None, :] + np.arange(self.seq_len)[:, None]  # (T, B)
        return tokens[index], tokens[index + 1]

    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """Random windows of the training text: ``X`` ``(T, B, V)`` one-hot, ``Y`` ``(T, B)``
        int64 next characters, ``mask`` ``(T, B)`` all ones. With ``sampling="sequential"``
        the windows come from ``self.stream`` instead (``rng`` then only drives the noise)."""
        if self.carries_state:
            return self.batch_from(self.stream, batch_size, rng)
        starts = rng.integers(0, len(self.train_tokens) - self.seq_len, size=batch_size)
        inputs, targets = self._windows(self.train_tokens, starts)
        return self._noisy_batch(inputs, targets, rng)

    def batch_from(
        self, stream: SequentialStream, batch_size: int, rng: np.random.Generator
    ) -> Batch:
        """The next sequential batch of ``stream`` (advanced; ``stream.last_continues`` set),
        shaped as ``batch``. A session replaying a run, or peeking at the next batch, passes
        a copy of ``self.stream`` so that the live position stays where it is."""
        inputs, targets = stream.next(batch_size)
        return self._noisy_batch(inputs, targets, rng)

    def _noisy_batch(
        self, inputs: np.ndarray, targets: np.ndarray, rng: np.random.Generator
    ) -> Batch:
        if self.p["noise"] > 0:
            flip = rng.random(inputs.shape) < self.p["noise"]
            inputs = np.where(flip, rng.integers(0, len(self.vocab), size=inputs.shape), inputs)
        return self.one_hot(inputs), targets, np.ones(targets.shape)

    def eval_starts(self) -> np.ndarray:
        """Starts of the non-overlapping evaluation windows (at most 128, evenly spread)."""
        starts = np.arange(0, len(self.eval_tokens) - self.seq_len, self.seq_len)
        if len(starts) > MAX_EVAL_WINDOWS:
            starts = starts[np.round(np.linspace(0, len(starts) - 1, MAX_EVAL_WINDOWS)).astype(int)]
        return starts

    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        inputs, targets = self._windows(self.eval_tokens, self.eval_starts())
        return self.one_hot(inputs), targets, np.ones(targets.shape)

    # ----------------------------------------------------------------------------- scoring
    def _compute_baseline(self) -> dict[str, float]:
        # Score the counting models on exactly the characters the network is scored on: the
        # held-out tail of the text (texts too short to split are scored where they were
        # counted). Kneser–Ney smoothing, the strong classical baseline, not add-one.
        positions = (self.eval_starts()[None, :] + np.arange(1, self.seq_len + 1)[:, None]).ravel()
        result = {}
        for order, name in ((1, "unigram"), (2, "bigram"), (3, "trigram")):
            model = KneserNeyModel(order, len(self.vocab)).fit(self.train_tokens)
            result[f"{name} perplexity"] = model.perplexity(self.eval_tokens, positions)
        result["loss"] = math.log(result["unigram perplexity"])
        result["uniform perplexity"] = float(len(self.vocab))
        return result

    @property
    def solved_threshold(self) -> float:  # type: ignore[override]
        """Solved means a lower perplexity than the best of the counting models (on a small
        held-out text a longer context can score worse)."""
        b = self.baseline
        return min(b["unigram perplexity"], b["bigram perplexity"], b["trigram perplexity"])

    @property
    def solved_description(self) -> str:  # type: ignore[override]
        return f"perplexity < {self.solved_threshold:.2f} (the best n-gram model)"

    def evaluate(self, model: Model) -> dict[str, float]:
        """``{"loss", "perplexity", "accuracy"}``: mean cross-entropy (nats), its exponential,
        and the fraction of characters predicted exactly."""
        X, Y, mask = self.eval_set()
        out = forward_outputs(model, X)
        loss = masked_ce(out, Y, mask)
        return {
            "loss": loss,
            "perplexity": math.exp(min(loss, 700.0)),  # exp overflows beyond ~709
            "accuracy": masked_accuracy(out, Y, mask),
        }

    # ----------------------------------------------------------------------------- generation
    def generate(
        self,
        model: Model,
        prefix: str,
        length: int,
        temperature: float = 1.0,
        rng: np.random.Generator | None = None,
        warmup: bool = True,
    ) -> str:
        """``prefix`` followed by ``length`` sampled characters.

        With ``warmup`` the model first reads the whole prefix, so its state summarises it
        before sampling starts (the notes' warm-up period); without it the model sees only the
        last prefix character, from the zero state. Each next character is drawn from
        ``softmax(logits / temperature)``: low temperatures approach always taking the most
        likely character, high ones approach uniform noise.
        """
        if not prefix:
            raise ValueError("generate: prefix must contain at least one character")
        if not (
            isinstance(temperature, (int, float)) and math.isfinite(temperature) and temperature > 0
        ):
            raise ValueError(f"generate: temperature must be a number > 0, got {temperature!r}")
        if length < 0:
            raise ValueError(f"generate: length must be >= 0, got {length}")
        rng = np.random.default_rng() if rng is None else rng
        seen = self.encode(prefix if warmup else prefix[-1])
        outputs, state = model.forward(self.one_hot(seen)[:, None, :])
        logits = np.asarray(outputs[-1, 0], dtype=np.float64)
        drawn = []
        for i in range(length):
            with np.errstate(all="ignore"):
                probs = softmax(logits / temperature)
            if not np.isfinite(probs).all():
                # A diverged model has no distribution to offer; draw uniformly instead of failing.
                probs = np.full(len(probs), 1.0 / len(probs))
            nxt = int(rng.choice(len(probs), p=probs))
            drawn.append(nxt)
            if i + 1 < length:
                outputs, state = model.forward(self.one_hot(np.array([[nxt]])), h0=state)
                logits = np.asarray(outputs[-1, 0], dtype=np.float64)
        return prefix + self.decode(drawn)

    def panel(self, model: Model, example: int = 0) -> TaskPanel:
        """One evaluation window with the model's guesses, and a sample generated after a
        warm-up on the window's first characters (fixed random stream, so it changes only
        when the model does)."""
        X, Y, _ = self.eval_set()
        b = example % X.shape[1]
        out = forward_outputs(model, X[:, b : b + 1])[:, 0]
        probs = softmax(out)
        target_prob = probs[np.arange(self.seq_len), Y[:, b]]
        text = self.decode(X[:, b].argmax(axis=-1))
        prefix = text[: max(1, min(10, self.seq_len // 2))]
        rng = np.random.default_rng([self.p["seed"], PANEL_STREAM])
        sample = self.generate(model, prefix, SAMPLE_LENGTH, SAMPLE_TEMPERATURE, rng)
        window_ppl = math.exp(min(-float(np.log(target_prob + 1e-300).mean()), 700.0))
        values = {"ppl": window_ppl, "prefix": repr(prefix), "temperature": SAMPLE_TEMPERATURE}
        return TaskPanel(
            kind="text",
            title=self.title,
            caption_template=CAPTION,
            caption_values=values,
            text=text,
            target_text=self.decode(Y[:, b]),
            predicted=self.decode(probs.argmax(axis=-1)),
            probabilities=target_prob,
            sample=sample,
        )
