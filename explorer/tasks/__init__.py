"""Sequence tasks: data, evaluation sets, metrics, baselines and panels. NumPy only.

Use ``make_task(key, **params)``; ``TASKS`` lists what is available. Sequence-to-sequence
tasks: ``make_seq2seq_task(key, **params)`` and ``SEQ2SEQ_TASKS``.
"""

from explorer.tasks.base import Batch, Model, ParamSpec, Task, TaskPanel
from explorer.tasks.corpus import CorpusError, CorpusText, load_corpus
from explorer.tasks.defaults import DEMO_SETTINGS, DemoSettings
from explorer.tasks.registry import (
    DEFAULT_TASK,
    SEQ2SEQ_TASKS,
    TASKS,
    all_task_keys,
    make_seq2seq_task,
    make_task,
    task_keys,
)
from explorer.tasks.seq2seq import Seq2SeqBatch, Seq2SeqModel, Seq2SeqPanel, Seq2SeqTask
from explorer.tasks.teacher_forcing import shifted_targets

__all__ = [
    "DEFAULT_TASK",
    "DEMO_SETTINGS",
    "SEQ2SEQ_TASKS",
    "TASKS",
    "Batch",
    "CorpusError",
    "CorpusText",
    "DemoSettings",
    "Model",
    "ParamSpec",
    "Seq2SeqBatch",
    "Seq2SeqModel",
    "Seq2SeqPanel",
    "Seq2SeqTask",
    "Task",
    "TaskPanel",
    "all_task_keys",
    "load_corpus",
    "make_seq2seq_task",
    "make_task",
    "shifted_targets",
    "task_keys",
]
