"""A tour of the window: the states a person sees, rendered offscreen to named PNGs.

``python -m explorer.ui.tour OUTDIR`` (``make tour`` writes to ``build/tour/``) opens the real
window at 1280×800, drives it through its actions (keys' actions, the settings panel, lessons,
presentation mode, languages) and saves one picture per state, so anyone can look through
the whole app in a minute. ``--only NAME`` renders the states whose name contains NAME.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TOUR_SIZE = (1280, 800)
# The README's pictures (docs/) and the tour states they show: ``--docs DIR`` renders these.
DOCS_PICTURES = {
    "screenshot.png": "05-tab-gradient",
    "screenshot-1280.png": "04-backward-step",
    "lesson.png": "33-lesson-bptt-last",
    "presentation.png": "15-presentation-1920x1080",
    "screenshot-zh_CN.png": "50-zh_CN-trained",
    "screenshot-zh_TW.png": "51-zh_TW-trained",
    "what-if.png": "60-what-if-gradient",
    "presenter-pen.png": "62-presenter-pen",
    "predict.png": "70-predict-ask",
    "reveal-spotlight.png": "71-reveal-spotlight",
    "code.png": "73-code-backward",
    "linked.png": "78-equation-linked",
    "model-bidirectional.png": "80-model-bidirectional",
    "model-deep.png": "81-model-deep",
    "model-encoder-decoder.png": "82-model-encoder-decoder",
    "model-output-recurrence.png": "83-model-output-recurrence",
}
# Iterations trained before the "trained" states, enough for curves with a shape.
TRAINED_ITERATIONS = 60


@dataclass(frozen=True)
class Stop:
    """One state of the tour: its file name, the language, and how to reach it."""

    name: str
    setup: Callable  # (window) -> None
    language: str = "en"
    start_screen: bool = False
    size: tuple[int, int] = TOUR_SIZE


def _steps(window, n: int) -> None:
    for _ in range(n):
        window.actions.step_forward.trigger()


def _train(window, n: int = TRAINED_ITERATIONS) -> None:
    window.ctrl.session.run(n)
    window.ctrl.scrub(None)  # publish the trained frame


def _config(window, **changes) -> None:
    """Apply settings through the window, as the panel does after an edit."""
    window.applyConfig(window.ctrl.config.with_changes(**changes))


def _into_backward(window, steps: int) -> None:
    """Start an iteration, finish its forward pass and go ``steps`` steps back in time."""
    window.actions.step_forward.trigger()
    window.actions.finish_pass.trigger()
    _steps(window, 1 + steps)


def _tab(name: str, backward: bool = False, cells: tuple[str, ...] | None = None) -> Callable:
    def setup(window) -> None:
        if cells is not None:
            _config(window, cells=cells)
        _train(window)
        if backward:
            _into_backward(window, 20)
        else:
            _steps(window, 8)
        window.showView(name)

    return setup


def _task(task: str) -> Callable:
    def setup(window) -> None:
        _config(window, task=task, task_params={})
        _train(window, 30)
        window.showView("task")

    return setup


def _lesson_end(key: str) -> Callable:
    def setup(window) -> None:
        window.openLesson(key)
        panel = window.lesson_panel
        while panel.lesson is not None and panel.index + 1 < len(panel.lesson.cards):
            panel.next()
            _wait_for_training(window)

    return setup


def _wait_for_training(window) -> None:
    from PySide6.QtWidgets import QApplication

    while window.ctrl.running:  # a "run" card trains in the worker
        QApplication.processEvents()
        time.sleep(0.01)


def _long_sequence(window) -> None:
    _config(window, cells=("rnn",), task_params={"seq_len": 200})
    _train(window, 5)
    window.actions.step_forward.trigger()
    window.actions.finish_pass.trigger()
    window.actions.step_forward.trigger()
    _steps(window, 40)
    window.showView("gradient")


def _history(window) -> None:
    _train(window)
    window.ctrl.scrub(TRAINED_ITERATIONS // 2)
    window.showView("curves")


def _presentation(window) -> None:
    _train(window, 20)
    _steps(window, 6)
    window.setPresentation(True, full_screen=False)


def _verify(window) -> None:
    _train(window, 5)
    window.actions.verify_gradients.trigger()


def _what_if(view: str) -> Callable:
    """Pin a run at recurrent scale 0.8 as a ghost, train one at 1.5 beside it."""

    def setup(window) -> None:
        _config(window, recurrent_scale=0.8)
        _train(window, 40)
        window.ghosts.pin_action.trigger()
        _config(window, recurrent_scale=1.5)
        _train(window, 40)
        window.showView(view)
        # The plots are the point here: the side panels give them their room.
        window.actions.show_controls.setChecked(False)
        window.actions.show_inspector.setChecked(False)
        window.centre.setSizes([300, 500])

    return setup


def _predict(lock: bool) -> Callable:
    """Lesson 4's first question: one answer picked with ↓ (and locked in with Enter)."""

    def setup(window) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeyEvent

        window.openLesson("vanishing")
        panel = window.lesson_panel
        while panel.index < 2:
            panel.next()
            _wait_for_training(window)
        card = panel.question
        for key in (Qt.Key.Key_Down,) + ((Qt.Key.Key_Return,) if lock else ()):
            card.eventFilter(
                card._buttons[0],
                QKeyEvent(QKeyEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier),
            )
        _wait_for_training(window)
        window.graph.followCursor(1, force=True)

    return setup


def _pen(window) -> None:
    """Presentation mode with the pen out: a ring around the first steps' states and a
    stroke under the gradient curve (drawn as the mouse would, point by point)."""
    import math

    from PySide6.QtCore import QPointF

    _train(window, 20)
    _into_backward(window, 49)
    window.setPresentation(True, full_screen=False)
    window.pen.pen_action.trigger()
    graph = window.graph.canvas
    origin = graph.mapTo(window, graph.rect().topLeft())
    cx, cy = origin.x() + 150, origin.y() + 140
    ring = [QPointF(cx + 110 * math.cos(a / 20), cy + 60 * math.sin(a / 20)) for a in range(130)]
    window.pen.overlay.strokes = [ring]
    window.pen.overlay.update()


def _scene(window) -> None:
    """A scene saved in the backward pass, the run moved on, and the key 1 bringing it back."""
    _train(window, 20)
    _into_backward(window, 30)
    window.showView("gradient")
    window.bookmarks.shelf.put(window.bookmarks.capture(1, "Gradient fades towards t = 1"))
    window.actions.finish_pass.trigger()
    window.actions.one_iteration.trigger()
    window.showView("curves")
    window.bookmarks.jump(1)


def _code(backward: bool) -> Callable:
    def setup(window) -> None:
        _config(window, cells=("lstm",))
        _train(window, 5)
        if backward:
            _into_backward(window, 6)
        else:
            _steps(window, 3)
        window.show_code_action.trigger()

    return setup


def _linked(window) -> None:
    """The inspector on h_3 with its recurrent term under the mouse: the term is marked and
    the graph outlines every edge that multiplies by W_hh (what the hover link shows)."""
    _config(window, cells=("rnn",), task_params={"seq_len": 12})
    _train(window, 5)
    window.selection.select(cell="rnn", node="h", t=3, unit=0)
    term = next(t for t in window.inspector.equation.terms() if t.weight == "W_hh")
    window.graph.setHighlight(term.sources)
    window.inspector.showSources(term.sources)


def _export_script(window) -> None:
    _train(window, 3)
    folder = tempfile.mkdtemp()
    window.script_export.exportScript(Path(folder) / "bptt_run.py", iterations=3)


# The new models' settings: each trained, then shown mid-way through a backward pass.
MODELS = {
    "bidirectional": dict(
        task="lookahead",
        task_params={"seq_len": 14},
        cells=("lstm",),
        bidirectional=True,
        hidden_size=16,
    ),
    "deep": dict(
        task="sine", task_params={"seq_len": 16}, cells=("rnn",), num_layers=2, hidden_size=16
    ),
    "encoder-decoder": dict(
        task="reverse",
        task_params={"min_length": 4, "max_length": 6},
        cells=("gru",),
        teacher_forcing=0.5,
        hidden_size=16,
    ),
    "output-recurrence": dict(
        task="sine",
        task_params={"seq_len": 16},
        cells=("rnn",),
        output_recurrence=True,
        teacher_forcing=1.0,
    ),
}


def _model(name: str) -> Callable:
    def setup(window) -> None:
        _config(window, **MODELS[name])
        _train(window, 40)
        _into_backward(window, 4)
        # An encoder–decoder's gradient is shown once it has crossed into the encoder.
        source = getattr(window.ctrl.view().records[MODELS[name]["cells"][0]], "source_steps", 0)
        while source and window.ctrl.view().phase.value == "backward":
            if window.ctrl.view().cursor <= source - 2:
                break
            window.actions.step_forward.trigger()
        window.showView("gradient")

    return setup


def _encoder_decoder_context(window) -> None:
    """A stacked bidirectional encoder–decoder, trained: the inspector on the context (the
    decoder's initial state, each unit an encoder direction's final state) and the heatmap
    of the decoder's top layer on the decoder's steps."""
    _config(
        window,
        **{**MODELS["encoder-decoder"], "cells": ("lstm",), "num_layers": 2, "bidirectional": True},
    )
    _train(window, 20)
    S = window.ctrl.view().records["lstm"].source_steps
    # Column S is the decoder's initial state: the inspector writes out the context.
    window.selection.select(cell="lstm", node="dec.l0.h", t=S, unit=0)
    window.showView("hidden")
    hidden = window.hidden
    hidden.switch.setCurrentIndex(hidden.switch.findData("dec.l1.h"))


def stops() -> list[Stop]:
    """Every state of the tour, in viewing order."""
    from explorer.lessons import load_lessons

    tour = [
        Stop("01-start-screen", lambda w: None, start_screen=True),
        Stop("02-ready", lambda w: None),
        Stop("03-forward-step", lambda w: _steps(w, 5)),
        Stop(
            "04-backward-step",
            lambda w: (_steps(w, 1), w.actions.finish_pass.trigger(), _steps(w, 12)),
        ),
        Stop("05-tab-gradient", _tab("gradient", backward=True)),
        Stop("06-tab-hidden-2-lanes", _tab("hidden")),
        Stop("07-tab-weights", _tab("weights")),
        Stop("08-tab-curves", _tab("curves")),
        Stop("09-tab-task", _tab("task")),
        Stop("10-one-lane", _tab("hidden", cells=("rnn",))),
        Stop("11-three-lanes", _tab("hidden", cells=("rnn", "lstm", "gru"))),
        Stop("12-T200", _long_sequence),
        Stop("13-history", _history),
        Stop("14-verify-gradients", _verify),
        Stop("15-presentation", _presentation),
        Stop("15-presentation-1920x1080", _presentation, size=(1920, 1080)),
    ]
    for i, task in enumerate(("sine", "charlm", "adding", "recall", "temporal_order", "reber")):
        tour.append(Stop(f"{16 + i:02d}-task-{task}", _task(task)))
    for lesson in load_lessons():
        tour.append(
            Stop(f"{30 + lesson.order:02d}-lesson-{lesson.key}-last", _lesson_end(lesson.key))
        )
    tour.append(Stop("60-what-if-gradient", _what_if("gradient")))
    tour.append(Stop("61-what-if-curves", _what_if("curves")))
    tour.append(Stop("62-presenter-pen", _pen, size=(1920, 1080)))
    tour.append(Stop("63-scene-bookmark", _scene))
    tour.append(Stop("64-what-if-zh_CN", _what_if("gradient"), language="zh_CN"))
    tour.append(Stop("65-what-if-zh_TW", _what_if("curves"), language="zh_TW"))
    tour.append(Stop("50-zh_CN-trained", _tab("curves"), language="zh_CN"))
    tour.append(Stop("51-zh_TW-trained", _tab("hidden"), language="zh_TW"))
    tour.append(Stop("52-zh_CN-lesson", _lesson_end("bptt"), language="zh_CN"))
    tour.append(Stop("70-predict-ask", _predict(lock=False)))
    tour.append(Stop("71-reveal-spotlight", _predict(lock=True)))
    tour.append(Stop("72-code-forward", _code(backward=False)))
    tour.append(Stop("73-code-backward", _code(backward=True)))
    tour.append(Stop("74-export-script", _export_script))
    tour.append(Stop("78-equation-linked", _linked))
    tour.append(Stop("75-zh_CN-reveal-spotlight", _predict(lock=True), language="zh_CN"))
    tour.append(Stop("76-zh_TW-code", _code(backward=True), language="zh_TW"))
    tour.append(Stop("77-zh_TW-predict-ask", _predict(lock=False), language="zh_TW"))
    for i, name in enumerate(MODELS):
        tour.append(Stop(f"{80 + i}-model-{name}", _model(name)))
    tour.append(Stop("84-model-encoder-decoder-context", _encoder_decoder_context))
    return tour


def render_stop(stop: Stop, folder: Path, settings_dir: str, file_name: str = "") -> Path:
    """Open a fresh window in ``stop``'s language, bring it to the state, save the PNG
    (as ``file_name``, default the stop's name)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from explorer.ui.i18n import install_language
    from explorer.ui.main_window import MainWindow
    from explorer.ui.snapshot import save_widget_png

    app = QApplication.instance()
    settings = QSettings(os.path.join(settings_dir, f"{stop.name}.ini"), QSettings.Format.IniFormat)
    language = install_language(stop.language)
    window = MainWindow(settings, remember_geometry=False, language=language)
    window.resize(*stop.size)
    window.startUp(start_screen=stop.start_screen)
    window.show()
    app.processEvents()
    stop.setup(window)
    deadline = time.monotonic() + 0.6  # animations ease for a few hundred ms
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    path = folder / (file_name or f"{stop.name}.png")
    save_widget_png(window, path)
    window.close()
    window.deleteLater()
    app.processEvents()
    return path


def main(argv: list[str] | None = None) -> int:
    """Render the tour into the folder given on the command line."""
    parser = argparse.ArgumentParser(prog="python -m explorer.ui.tour", description=__doc__)
    parser.add_argument("folder", nargs="?", default="build/tour", help="where the PNGs go")
    parser.add_argument("--only", default="", help="render only states whose name has this")
    parser.add_argument(
        "--docs", action="store_true", help="render the README's pictures under their names"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from explorer.ui.application import make_application

    app = make_application()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_name = {stop.name: stop for stop in stops()}
    if args.docs:
        chosen = [(by_name[name], file) for file, name in DOCS_PICTURES.items()]
    else:
        chosen = [(stop, "") for stop in by_name.values() if args.only in stop.name]
    with tempfile.TemporaryDirectory() as settings_dir:
        for stop, file_name in chosen:
            path = render_stop(stop, folder, settings_dir, file_name)
            print(path)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
