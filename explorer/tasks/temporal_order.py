"""Temporal order (Hochreiter & Schmidhuber, 1997, experiment 6a): which of X/Y came first?"""

from __future__ import annotations

import numpy as np

from explorer.tasks.base import Batch, ParamSpec, input_noise_param, seed_param
from explorer.tasks.classification import ManyToOneClassificationTask

INPUT_SYMBOLS = ("a", "b", "c", "d", "X", "Y", "B", "E")
CLASSES = ("XX", "XY", "YX", "YY")


class TemporalOrderTask(ManyToOneClassificationTask):
    """A sequence of random distractors ``a b c d`` framed by ``B`` … ``E``, with two relevant
    symbols, each ``X`` or ``Y``: the first at a step drawn from [0.1 T, 0.2 T], the second
    from [0.5 T, 0.6 T] (the 1997 experiment used T ≈ 100 with steps 10–20 and 50–60; here
    the windows scale with ``seq_len``). At ``E`` the network names the pair in order, one
    of ``XX XY YX YY``. It must keep the first symbol for about 0.8 T steps while ignoring
    everything else.
    """

    key = "temporal_order"
    title = "Temporal order"
    description = (
        "A long string of random letters a–d hides two important symbols, each X or Y: one "
        "early, one near the middle. At the end the network must say which appeared, in "
        "order: XX, XY, YX or YY. It has to remember the early symbol across most of the "
        "sequence and ignore all the noise letters. Guessing gives accuracy 1/4."
    )
    params = (
        ParamSpec(
            "seq_len",
            "int",
            30,
            10,
            200,
            help="Sequence length T; the first relevant symbol appears near 0.1–0.2 T.",
        ),
        input_noise_param(),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        self.seq_len = self.p["seq_len"]
        self.input_size = len(INPUT_SYMBOLS)
        self.class_names = CLASSES
        self.input_labels = INPUT_SYMBOLS
        self._init_classification()

    def relevant_windows(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """Inclusive 0-based step ranges of the first and the second relevant symbol."""
        T = self.seq_len
        first = (max(1, int(0.1 * T)), max(1, int(0.2 * T)))
        second = (max(first[1] + 1, int(0.5 * T)), min(T - 2, max(first[1] + 1, int(0.6 * T))))
        return first, second

    def _sample(self, n: int, rng: np.random.Generator) -> Batch:
        T = self.seq_len
        (a0, a1), (b0, b1) = self.relevant_windows()
        tokens = rng.integers(0, 4, size=(T, n))  # distractors a..d
        tokens[0] = INPUT_SYMBOLS.index("B")
        tokens[-1] = INPUT_SYMBOLS.index("E")
        pos1 = rng.integers(a0, a1 + 1, size=n)
        pos2 = rng.integers(b0, b1 + 1, size=n)
        which = rng.integers(0, 2, size=(2, n))  # 0 = X, 1 = Y
        cols = np.arange(n)
        tokens[pos1, cols] = INPUT_SYMBOLS.index("X") + which[0]
        tokens[pos2, cols] = INPUT_SYMBOLS.index("X") + which[1]
        X = np.eye(len(INPUT_SYMBOLS))[tokens]
        X += rng.normal(0.0, 1.0, size=X.shape) * self.p["noise"]
        Y = np.zeros((T, n), dtype=np.int64)
        Y[-1] = 2 * which[0] + which[1]
        mask = np.zeros((T, n))
        mask[-1] = 1.0
        return X, Y, mask
