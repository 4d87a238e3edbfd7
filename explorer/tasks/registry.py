"""The list of tasks the application offers, by key.

Adding a task takes one module with a ``Task`` subclass and one line in ``TASKS``.
"""

from __future__ import annotations

from typing import Any

from explorer.tasks.adding import AddingTask
from explorer.tasks.base import Task
from explorer.tasks.charlm import CharLMTask
from explorer.tasks.reber import ReberTask
from explorer.tasks.recall import RecallTask
from explorer.tasks.sine import SineTask
from explorer.tasks.temporal_order import TemporalOrderTask

TASKS: dict[str, type[Task]] = {
    # In the order of the lessons: the notes' two examples, then the long-lag problems.
    SineTask.key: SineTask,
    CharLMTask.key: CharLMTask,
    AddingTask.key: AddingTask,
    RecallTask.key: RecallTask,
    TemporalOrderTask.key: TemporalOrderTask,
    ReberTask.key: ReberTask,
}

DEFAULT_TASK = "adding"


def task_keys() -> list[str]:
    """Keys of all registered tasks, in menu order."""
    return list(TASKS)


def make_task(key: str, **params: Any) -> Task:
    """Build the task registered as ``key`` with the given parameters.

    Unknown keys and invalid parameters raise ``ValueError`` with a message for the user.
    """
    try:
        cls = TASKS[key]
    except KeyError:
        raise ValueError(f"unknown task {key!r}; known tasks: {', '.join(TASKS)}") from None
    return cls(**params)
