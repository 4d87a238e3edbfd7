"""Question → answer, one character at a time: a tiny chatbot in the spirit of the course deck.

The encoder reads a question character by character; the decoder writes the answer character
by character and stops with ``<eos>``. The pairs ship with the application
(``assets/qa/qa_pairs.json``), a few dozen per language, short enough that a small network
can learn them all by heart: the point is to watch an encoder–decoder do it, not to build a
real chatbot. Training draws pairs at random; the evaluation set is every pair once.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from explorer.paths import asset
from explorer.tasks.base import ParamSpec, seed_param
from explorer.tasks.seq2seq import Seq2SeqTask, Seq2SeqVocab

QA_LANGUAGES = ("en", "zh_CN", "zh_TW")
MAX_TEXT_LENGTH = 40


def qa_pairs_path() -> Path:
    """The shipped question–answer file."""
    return asset("qa", "qa_pairs.json")


def load_qa_pairs(path: Path | None = None) -> dict[str, list[tuple[str, str]]]:
    """Language → list of ``(question, answer)`` from the JSON file at ``path`` (the shipped
    one by default): ``{"pairs": {"en": [["question", "answer"], ...], ...}}``.

    Raises ``ValueError`` naming the file and the problem when it is unreadable or malformed.
    """
    path = qa_pairs_path() if path is None else Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"question-answer pairs: cannot read {path}: {err}") from None
    pairs = data.get("pairs") if isinstance(data, dict) else None
    if not isinstance(pairs, dict):
        raise ValueError(f"question-answer pairs: {path} has no 'pairs' object")
    out: dict[str, list[tuple[str, str]]] = {}
    for language, items in pairs.items():
        if not isinstance(items, list) or not items:
            raise ValueError(f"question-answer pairs: {path}: {language!r} has no pairs")
        checked = []
        for i, item in enumerate(items):
            ok = (
                isinstance(item, list)
                and len(item) == 2
                and all(isinstance(s, str) and 0 < len(s) <= MAX_TEXT_LENGTH for s in item)
            )
            if not ok:
                raise ValueError(
                    f"question-answer pairs: {path}: {language!r} pair {i} must be "
                    f"[question, answer], two strings of 1 to {MAX_TEXT_LENGTH} characters"
                )
            checked.append((item[0], item[1]))
        out[language] = checked
    return out


def character_vocab(pairs: list[tuple[str, str]]) -> Seq2SeqVocab:
    """Every character of the pairs, most frequent first (ties by code point)."""
    counts = Counter("".join(q + a for q, a in pairs))
    return Seq2SeqVocab(tuple(sorted(counts, key=lambda c: (-counts[c], c))))


class QATask(Seq2SeqTask):
    """Answer the shipped questions of one language; see the module docstring."""

    key = "qa"
    title = "Question and answer"
    description = (
        "A tiny chatbot: the encoder reads a question one character at a time, the decoder "
        "writes the answer one character at a time and ends it with <eos>. A few dozen "
        "pairs, to be learnt by heart."
    )
    params = (
        ParamSpec(
            "language",
            "choice",
            "en",
            choices=QA_LANGUAGES,
            help="Which set of questions and answers to learn.",
        ),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        language = self.p["language"]
        available = load_qa_pairs()
        if language not in available:
            raise ValueError(f"qa: parameter 'language': no pairs for {language!r} in the data")
        self.pairs = available[language]
        self.vocab = character_vocab(self.pairs)
        self.encoded = [(self.vocab.encode(q), self.vocab.encode(a)) for q, a in self.pairs]

    def _pairs(self, n: int, rng: np.random.Generator) -> list[tuple[list[int], list[int]]]:
        picks = rng.integers(0, len(self.encoded), size=n)
        return [self.encoded[i] for i in picks]

    def _make_eval_pairs(self, rng: np.random.Generator) -> list[tuple[list[int], list[int]]]:
        return list(self.encoded)
