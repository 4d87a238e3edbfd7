"""The list of tasks the application offers, by key.

Adding a task takes one module with a ``Task`` subclass and one line in ``TASKS``.
Sequence-to-sequence tasks (``explorer.tasks.seq2seq``) have another interface and their own
list, ``SEQ2SEQ_TASKS``, which the settings panel does not offer; ``make_task`` builds them
too, for the session's encoder–decoder models.
"""

from __future__ import annotations

from typing import Any

from explorer.tasks.adding import AddingTask
from explorer.tasks.base import Task
from explorer.tasks.charlm import CharLMTask
from explorer.tasks.lookahead import LookaheadTask
from explorer.tasks.patterns import PatternsTask
from explorer.tasks.qa import QATask
from explorer.tasks.reber import ReberTask
from explorer.tasks.recall import RecallTask
from explorer.tasks.seq2seq import Seq2SeqTask
from explorer.tasks.seq2seq_session import Seq2SeqSessionTask
from explorer.tasks.sine import SineTask
from explorer.tasks.symbol_seq2seq import CopyTask, ReverseTask
from explorer.tasks.temporal_order import TemporalOrderTask

TASKS: dict[str, type[Task]] = {
    # In the order of the lessons: the notes' two examples, then the long-lag problems.
    SineTask.key: SineTask,
    CharLMTask.key: CharLMTask,
    AddingTask.key: AddingTask,
    RecallTask.key: RecallTask,
    TemporalOrderTask.key: TemporalOrderTask,
    ReberTask.key: ReberTask,
    # The later notes: a task that needs the future, and the sequence patterns.
    LookaheadTask.key: LookaheadTask,
    PatternsTask.key: PatternsTask,
}

SEQ2SEQ_TASKS: dict[str, type[Seq2SeqTask]] = {
    ReverseTask.key: ReverseTask,
    CopyTask.key: CopyTask,
    QATask.key: QATask,
}

DEFAULT_TASK = "adding"


def task_keys() -> list[str]:
    """Keys of all registered tasks, in menu order."""
    return list(TASKS)


def all_task_keys() -> list[str]:
    """Keys a session can train on: the tasks, then the sequence-to-sequence tasks."""
    return [*TASKS, *SEQ2SEQ_TASKS]


def make_task(key: str, **params: Any) -> Task:
    """Build the task registered as ``key`` with the given parameters.

    A sequence-to-sequence key gives its task in the session's batch layout
    (``Seq2SeqSessionTask``), which an encoder–decoder model trains on. Unknown keys and
    invalid parameters raise ``ValueError`` with a message for the user.
    """
    if key in SEQ2SEQ_TASKS:
        return Seq2SeqSessionTask(SEQ2SEQ_TASKS[key](**params))
    try:
        cls = TASKS[key]
    except KeyError:
        raise ValueError(
            f"unknown task {key!r}; known tasks: {', '.join(all_task_keys())}"
        ) from None
    return cls(**params)


def make_seq2seq_task(key: str, **params: Any) -> Seq2SeqTask:
    """Build the sequence-to-sequence task registered as ``key``; unknown keys and invalid
    parameters raise ``ValueError``."""
    try:
        cls = SEQ2SEQ_TASKS[key]
    except KeyError:
        raise ValueError(
            f"unknown sequence-to-sequence task {key!r}; known: {', '.join(SEQ2SEQ_TASKS)}"
        ) from None
    return cls(**params)
