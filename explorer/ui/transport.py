"""The transport bar: phase indicator, step buttons, play speed, and the history scrubber."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.session.snapshot import SessionView
from explorer.ui.actions import Actions
from explorer.ui.i18n import tr
from explorer.ui.phrases import phase_text
from explorer.ui.session_events import SessionEvents
from explorer.ui.theme import font

# Play speed in revealed steps per second; the default suits a 30-step sequence.
SPEED_RANGE = (1, 60)
DEFAULT_SPEED = 12


class TransportBar(QWidget):
    """Buttons bound to the shared actions, the speed slider and the scrubber; given a
    window's ``SessionEvents`` it subscribes itself to them (``follow``).

    The play timer lives here, in the GUI thread: a tick only reveals precomputed steps
    (cheap), so it cannot stall the window.
    """

    sigTick = Signal()
    sigScrub = Signal(object)  # iteration or None for live

    def __init__(
        self,
        actions: Actions,
        events: SessionEvents | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        self.phase = QLabel(tr("Ready"))
        self.phase.setFont(font(1.7, bold=True))
        self.phase.setMinimumWidth(200)
        self.phase.setToolTip(tr("Where the step-through stands: phase, time step, iteration"))
        self.buttons: dict[str, QToolButton] = {}
        self._glyphs: dict[str, str] = {}
        # Two rows: the phase indicator gets a row of its own, so it is never cut short,
        # even at 250 % on a projector; the buttons share the second row with the history.
        top = QHBoxLayout()
        top.addWidget(self.phase, 1)
        row = QHBoxLayout()
        for name, glyph in (
            ("reset", "↺ " + tr("Reset")),
            ("step_back", "◀ " + tr("Step")),
            ("step_forward", tr("Step") + " ▶"),
            ("finish_pass", "⇥ " + tr("Finish pass")),
            ("one_iteration", "⟳ " + tr("Iteration")),
            ("play", "▶ " + tr("Play")),
            ("fast_forward", "▶▶ " + tr("Train")),
        ):
            button = QToolButton()
            action = getattr(actions, name)
            button.setDefaultAction(action)
            button.setText(glyph)
            button.setFont(font(1.1))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumHeight(36)
            # The action's own text would replace the glyph when its state changes.
            action.changed.connect(lambda b=button, g=glyph: b.setText(g))
            row.addWidget(button)
            self.buttons[name] = button
            self._glyphs[name] = glyph
        top.addWidget(QLabel(tr("Speed")))
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(*SPEED_RANGE)
        self.speed.setValue(DEFAULT_SPEED)
        self.speed.setFixedWidth(120)
        self.speed.setToolTip(tr("Play speed: time steps revealed per second"))
        self.speed.valueChanged.connect(self._speed_changed)
        top.addWidget(self.speed)

        # The history widgets sit at the end of the button row, or on a row of their own
        # when the buttons need the whole width (presentation mode).
        self.history_box = QWidget()
        history = QHBoxLayout(self.history_box)
        history.setContentsMargins(12, 0, 0, 0)
        label = QLabel(tr("History"))
        label.setToolTip(tr("Drag to look at a past iteration"))
        history.addWidget(label)
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setRange(0, 0)
        self.scrubber.setToolTip(tr("Past iterations kept in memory; drag to show one"))
        self.scrubber.valueChanged.connect(self._scrubbed)
        history.addWidget(self.scrubber, 1)
        self.scrub_label = QLabel(tr("live"))
        self.scrub_label.setMinimumWidth(150)
        history.addWidget(self.scrub_label)
        for name, text in (("live", tr("Live")), ("resume", tr("Resume from here"))):
            button = QToolButton()
            button.setDefaultAction(getattr(actions, name))
            button.setText(text)
            history.addWidget(button)
            self.buttons[name] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(row)
        row.addWidget(self.history_box, 1)
        self._layout, self._row = layout, row

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sigTick)
        self._speed_changed(self.speed.value())
        self._history: list[int] = []
        self._history_key: tuple | None = None
        if events is not None:
            self.follow(events)

    def relabel(self) -> None:
        """Put the glyph labels back: a button takes its action's text whenever the action
        changes, also while the action's signals are blocked (which skips ``changed``)."""
        for name, glyph in self._glyphs.items():
            self.buttons[name].setText(glyph)

    def setStacked(self, on: bool) -> None:
        """Give the history its own row (``on``) or put it after the buttons."""
        self.history_box.setParent(None)
        if on:
            self._row.addStretch(1)
            self._layout.addWidget(self.history_box)
        else:
            last = self._row.itemAt(self._row.count() - 1)
            if last is not None and last.spacerItem() is not None:
                self._row.removeItem(last)
            self._row.addWidget(self.history_box, 1)
        self.history_box.show()

    def _speed_changed(self, value: int) -> None:
        self.timer.setInterval(max(1, round(1000 / value)))

    def setPlaying(self, on: bool) -> None:
        """Start or stop the play timer."""
        if on:
            self.timer.start()
        else:
            self.timer.stop()

    def setHistory(self, iterations: list[int], shown: int, scrubbing: bool) -> None:
        """Range the scrubber over ``iterations``; put its knob on ``shown``."""
        self._history = list(iterations)
        self.scrubber.blockSignals(True)
        self.scrubber.setRange(0, max(0, len(iterations) - 1))
        if iterations:
            index = iterations.index(shown) if shown in iterations else len(iterations) - 1
            self.scrubber.setValue(index)
        self.scrubber.blockSignals(False)
        self.scrub_label.setText(
            tr("iteration {n} (past)").format(n=shown)
            if scrubbing
            else tr("live · {n} kept").format(n=len(iterations))
        )
        self.actions.live.setEnabled(scrubbing)
        self.actions.resume.setEnabled(scrubbing)

    def _scrubbed(self, index: int) -> None:
        if 0 <= index < len(self._history):
            self.sigScrub.emit(self._history[index])

    def follow(self, events: SessionEvents) -> None:
        """Subscribe to a window's session events: the phase indicator follows every frame,
        the history scrubber every frame that changes the kept iterations (not while
        training: asking for the history would wait for the worker)."""

        def frame(view: SessionView) -> None:
            self.setView(view)
            key = (view.run, view.completed, view.iteration, view.scrubbing, view.running)
            if key != self._history_key and not view.running:
                self._history_key = key
                iterations = events.controller.history_iterations()
                self.setHistory(iterations, view.iteration, view.scrubbing)

        events.sigViewChanged.connect(frame)
        frame(events.view())

    def setView(self, view: SessionView) -> None:
        """Update the phase indicator."""
        self.phase.setText(phase_text(view))
