"""Sequence tasks: data, evaluation sets, metrics, baselines and panels. NumPy only.

Use ``make_task(key, **params)``; ``TASKS`` lists what is available.
"""

from explorer.tasks.base import Batch, Model, ParamSpec, Task, TaskPanel
from explorer.tasks.corpus import CorpusError, CorpusText, load_corpus
from explorer.tasks.defaults import DEMO_SETTINGS, DemoSettings
from explorer.tasks.registry import DEFAULT_TASK, TASKS, make_task, task_keys

__all__ = [
    "DEFAULT_TASK",
    "DEMO_SETTINGS",
    "TASKS",
    "Batch",
    "CorpusError",
    "CorpusText",
    "DemoSettings",
    "Model",
    "ParamSpec",
    "Task",
    "TaskPanel",
    "load_corpus",
    "make_task",
    "task_keys",
]
