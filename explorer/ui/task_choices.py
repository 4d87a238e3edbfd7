"""The tasks the settings panel offers, with their titles, descriptions and parameters:
the tasks, then the sequence-to-sequence ones (an encoder–decoder trains on those)."""

from __future__ import annotations


def _task_classes() -> dict[str, type]:
    """Every task the panel offers by key: the tasks, then the sequence-to-sequence ones
    (trained by an encoder–decoder)."""
    from explorer.tasks import SEQ2SEQ_TASKS, TASKS

    return {**TASKS, **SEQ2SEQ_TASKS}


def is_seq2seq(task: str) -> bool:
    """Whether ``task`` is a sequence-to-sequence task (an encoder–decoder trains on it)."""
    from explorer.tasks import SEQ2SEQ_TASKS

    return task in SEQ2SEQ_TASKS


def task_choices() -> list[tuple[str, str]]:
    """(key, title) of every registered task."""
    return [(key, getattr(cls, "title", key) or key) for key, cls in _task_classes().items()]


def task_description(task: str) -> str:
    """The description of the task registered as ``task`` ("" when unknown)."""
    return getattr(_task_classes().get(task), "description", "") or ""


def task_specs(task: str) -> tuple:
    """The ``ParamSpec``s of the task registered as ``task`` (empty when unknown)."""
    cls = _task_classes().get(task)
    return tuple(getattr(cls, "params", ())) if cls is not None else ()
