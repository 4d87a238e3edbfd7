"""What a card does to a running session when it is shown."""

from __future__ import annotations

from typing import Any

from explorer.lessons.model import CardAction, LessonError


def apply_action(action: CardAction | None, target: Any, run_scale: float = 1.0) -> str | None:
    """Do what a card says to ``target`` and return the view to bring forward (or None).

    ``target`` is duck-typed: anything with ``step_forward()``, ``finish_pass()``,
    ``one_iteration()``, ``run(n)`` and ``reset(config=None)`` (the ``Session`` or the Qt
    ``SessionController``, whose ``run`` returns at once and trains in its worker).
    ``run_scale`` shrinks ``run`` actions (at least one iteration) for tests and previews.
    """
    if action is None:
        return None
    if action.kind == "step":
        for _ in range(action.n):
            target.step_forward()
    elif action.kind == "finish_pass":
        target.finish_pass()
    elif action.kind == "iteration":
        target.one_iteration()
    elif action.kind == "run":
        target.run(max(1, round(action.n * run_scale)))
    elif action.kind == "reset":
        target.reset(action.session_config)
    elif action.kind != "show":
        raise LessonError(f"unknown action kind {action.kind!r}")
    return action.view
