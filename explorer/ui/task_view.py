"""What the model sees and says: the task's own picture of one example."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer.session.snapshot import SessionView
from explorer.ui.i18n import tr, tr_noop
from explorer.ui.lazy_view import LazyView
from explorer.ui.theme import (
    CORRECT_COLOUR,
    WRONG_COLOUR,
    cell_label,
    font,
    lookup,
    sequential_map,
    style_plot,
)

if TYPE_CHECKING:
    from explorer.ui.session_events import SessionEvents

SERIES_COLOURS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9")
INPUT_COLOURS = ("#555555", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#0072B2")

PanelSource = Callable[[str], object]

# Characters a text panel cannot show as themselves, and what stands in for them.
CHARACTER_PLACEHOLDERS = {" ": "␣", "\n": "↵", "\t": "⇥", "\ufffd": "⍰"}
# An input step with no symbol switched on (a blank or padding step).
NO_SYMBOL = "·"
# Token-table rows, top to bottom.
TOKEN_ROWS = (tr_noop("input"), tr_noop("target"), tr_noop("prediction"), tr_noop("right?"))
# Input channels that mark a step rather than name a symbol: drawn as grey symbols.
FLAG_CHANNELS = ("distractor",)
FLAG_INK = "#8A8A8A"
RIGHT_FILL = "#D6EAF8"  # pale versions of CORRECT_COLOUR / WRONG_COLOUR behind the symbols
WRONG_FILL = "#FDEBD0"


class TaskView(LazyView):
    """Draws ``TaskPanel`` kinds "series", "text" and "sequence" for a chosen model.

    Asking for a panel runs the model over an example, so it happens only when this tab is
    visible, the displayed iteration changed, and no training runs in the background.
    """

    def __init__(
        self,
        panel_source: PanelSource,
        parent: QWidget | None = None,
        *,
        events: SessionEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = panel_source
        self.model_choice = QComboBox()
        self.model_choice.setToolTip(tr("Whose predictions to show"))
        self.model_choice.currentIndexChanged.connect(lambda _i: self._force())
        self.title = QLabel("")
        self.title.setFont(font(1.1, bold=True))
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(QLabel(tr("Model:")))
        top.addWidget(self.model_choice)
        self.stack = QStackedWidget()
        self.plot = pg.PlotWidget()
        style_plot(self.plot.getPlotItem(), bottom=tr("time step t"))
        self.plot.getPlotItem().addLegend(offset=(-10, 10), labelTextSize="11pt")
        self.text = QTextBrowser()
        self.text.setFont(font(1.2))
        self.tokens = make_token_table()
        self.empty = QLabel("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setFont(font(1.2))
        for page in (self.plot, self.text, self.tokens, self.empty):
            self.stack.addWidget(page)
        self.caption = QLabel("")
        self.caption.setWordWrap(True)
        self.caption.setFont(font(1.0))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.caption)
        self._shown_key: tuple | None = None
        self.panel = None
        if events is not None:
            events.follow(self)

    def _force(self) -> None:
        self._shown_key = None
        self.refresh()

    def render(self, view: SessionView) -> None:
        cells = [c for c in view.cells if c in view.records]
        if [self.model_choice.itemData(i) for i in range(self.model_choice.count())] != cells:
            self.model_choice.blockSignals(True)
            self.model_choice.clear()
            for cell in cells:
                self.model_choice.addItem(tr(cell_label(cell)), cell)
            self.model_choice.blockSignals(False)
        cell = self.model_choice.currentData()
        if cell is None:
            # Nothing of an earlier run or task may stay on screen.
            if view.iteration == 0:
                self.show_nothing(
                    view.task_title,
                    tr("Step into the first iteration to see what the models predict."),
                )
            else:
                self.show_nothing(view.task_title, tr("No model to show (all diverged)."))
            return
        if view.running:
            self.caption.setText(
                tr("Training in the background: the panel updates when you pause.")
            )
            return
        key = (view.run, cell, view.iteration, view.completed, view.scrubbing)
        if key == self._shown_key:
            return
        self._shown_key = key
        try:
            panel = self._source(cell)
        except (ValueError, RuntimeError, KeyError) as exc:
            self.show_nothing(
                view.task_title,
                tr("The task panel is not available: {error}").format(error=exc),
            )
            return
        self.show_panel(panel)

    def show_nothing(self, title: str, message: str) -> None:
        """An empty page with ``message``: no drawing of another run stays behind."""
        self.panel = None
        self._shown_key = None
        self.title.setText(tr(title) if title else "")
        self.empty.setText(message)
        self.caption.setText("")
        self.stack.setCurrentWidget(self.empty)

    def show_panel(self, panel) -> None:
        """Draw one ``TaskPanel``."""
        self.panel = panel
        self.title.setText(tr(panel.title))
        self.caption.setText(caption_text(panel))
        if panel.kind == "text":
            self.stack.setCurrentWidget(self.text)
            self.text.setHtml(text_html(panel))
            return
        if panel.kind == "sequence" and panel.symbols:
            # Symbols read as symbols: a strip of tokens, not one-hot lines on a value axis.
            self.stack.setCurrentWidget(self.tokens)
            fill_token_table(self.tokens, panel)
            return
        self.stack.setCurrentWidget(self.plot)
        plot = self.plot.getPlotItem()
        plot.clear()
        if plot.legend is not None:
            plot.legend.clear()
        if panel.kind == "series":
            for i, (name, y) in enumerate(panel.series.items()):
                width = 3 if name == "data" else 2
                plot.plot(
                    panel.x,
                    y,
                    pen=pg.mkPen(SERIES_COLOURS[i % len(SERIES_COLOURS)], width=width),
                    name=series_name(name),
                    connect="finite",
                )
            plot.setLabel("bottom", tr("time step"), size="13pt")
            return
        draw_sequence(plot, panel)


# Legend words of the tasks' panels (explorer.tasks), for the catalogue.
PANEL_WORDS = (
    tr_noop("data"),
    tr_noop("value"),
    tr_noop("marker"),
    tr_noop("distractor"),
    tr_noop("cue"),
)


def series_name(name: str) -> str:
    """A panel curve's legend name in the interface language ("4-step" → "{k}-step")."""
    match = re.fullmatch(r"(\d+)-step", name)
    if match:
        return tr("{k}-step").format(k=match[1])
    return tr(name)


def draw_sequence(plot: pg.PlotItem, panel) -> None:
    """Inputs as steps, targets and predictions as markers, ✓/✗ by colour and shape."""
    inputs = np.asarray(panel.inputs, dtype=np.float64)
    T = inputs.shape[0]
    t = np.arange(1, T + 1, dtype=np.float64)
    for d in range(inputs.shape[1]):
        label = tr(panel.labels[d]) if d < len(panel.labels) else tr("input {d}").format(d=d)
        plot.plot(
            t,
            inputs[:, d],
            pen=pg.mkPen(INPUT_COLOURS[d % len(INPUT_COLOURS)], width=1.5),
            name=label,
            stepMode=None,
        )
    mask = np.asarray(panel.mask, dtype=bool)
    correct = np.asarray(panel.correct, dtype=bool)
    targets = np.asarray(panel.targets, dtype=np.float64)
    preds = np.asarray(panel.predictions, dtype=np.float64)
    plot.plot(
        t[mask],
        targets[mask],
        pen=None,
        symbol="s",
        symbolSize=14,
        symbolBrush=None,
        symbolPen=pg.mkPen("k", width=2),
        name=tr("target"),
    )
    right, wrong = mask & correct, mask & ~correct
    plot.plot(
        t[right],
        preds[right],
        pen=None,
        symbol="o",
        symbolSize=11,
        symbolBrush=CORRECT_COLOUR,
        symbolPen=None,
        name=tr("prediction ✓"),
    )
    plot.plot(
        t[wrong],
        preds[wrong],
        pen=None,
        symbol="x",
        symbolSize=14,
        symbolBrush=WRONG_COLOUR,
        symbolPen=pg.mkPen(WRONG_COLOUR, width=2),
        name=tr("prediction ✗"),
    )
    if panel.symbols:
        axis = plot.getAxis("left")
        axis.setTicks([[(i, s) for i, s in enumerate(panel.symbols)]])
        plot.setLabel("left", tr("symbol"), size="13pt")
    else:
        plot.getAxis("left").setTicks(None)
        plot.setLabel("left", tr("value"), size="13pt")
    score = int(right.sum())
    total = int(mask.sum())
    plot.setTitle(
        tr("{score} of {total} scored steps right").format(score=score, total=total), size="12pt"
    )


def make_token_table() -> QTableWidget:
    """The token strip of symbolic tasks: one column per time step, rows ``TOKEN_ROWS``."""
    table = QTableWidget(len(TOKEN_ROWS), 0)
    table.setVerticalHeaderLabels([tr(name) for name in TOKEN_ROWS])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the step-through keys stay the window's
    table.setFont(font(1.15))
    # Narrow columns: the symbols that matter in recall and temporal order come many steps
    # before the answer, and as much of the sequence as possible should be in view.
    table.horizontalHeader().setMinimumSectionSize(20)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setToolTip(
        tr("Each column is one time step: what went in, what should come out, what the model said")
    )
    return table


def input_symbols(panel) -> list[tuple[str, bool]]:
    """The input symbol at each step and whether a flag channel (``FLAG_CHANNELS``, e.g. a
    distractor) is on: the channels switched on, joined by "+", ``NO_SYMBOL`` when none is."""
    inputs = np.asarray(panel.inputs, dtype=np.float64)
    labels = list(panel.labels)
    shown = []
    for row in inputs:
        on = [labels[d] if d < len(labels) else str(d) for d in np.flatnonzero(row > 0.5)]
        flagged = any(name in FLAG_CHANNELS for name in on)
        names = [tr(name) for name in on if name not in FLAG_CHANNELS]
        shown.append(("+".join(names) if names else NO_SYMBOL, flagged))
    return shown


def symbol_name(panel, index: float) -> str:
    """The output symbol of class ``index`` ("" for NaN: no target at this step)."""
    if not np.isfinite(index):
        return ""
    i = int(index)
    return panel.symbols[i] if 0 <= i < len(panel.symbols) else str(i)


def fill_token_table(table: QTableWidget, panel) -> None:
    """Fill the token strip from a symbolic ``"sequence"`` panel.

    Targets, predictions and the verdict are shown on the scored steps only; the verdict
    cells and the prediction behind them are shaded right or wrong.
    """
    inputs = input_symbols(panel)
    T = len(inputs)
    mask = np.asarray(panel.mask, dtype=bool)
    correct = np.asarray(panel.correct, dtype=bool)
    flags = any(flagged for _, flagged in inputs)
    header = tr("input") if not flags else tr("input (grey: distractor)")
    table.setVerticalHeaderLabels([header, *(tr(name) for name in TOKEN_ROWS[1:])])
    table.setColumnCount(T)
    table.setHorizontalHeaderLabels([str(t) for t in range(1, T + 1)])
    for t in range(T):
        scored = bool(mask[t])
        texts = (
            inputs[t][0],
            symbol_name(panel, panel.targets[t]) if scored else "",
            symbol_name(panel, panel.predictions[t]) if scored else "",
            ("✓" if correct[t] else "✗") if scored else "",
        )
        for row, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if row == 0 and inputs[t][1]:
                item.setForeground(QBrush(QColor(FLAG_INK)))
            if scored and row >= 2:
                fill = RIGHT_FILL if correct[t] else WRONG_FILL
                ink = CORRECT_COLOUR if correct[t] else WRONG_COLOUR
                item.setBackground(QBrush(QColor(fill)))
                if row == 3:
                    item.setForeground(QBrush(QColor(ink)))
            table.setItem(row, t, item)
    score, total = int((mask & correct).sum()), int(mask.sum())
    table.setToolTip(tr("{score} of {total} scored steps right").format(score=score, total=total))
    # The first scored step in view: in recall and temporal order it is the last column.
    scored_steps = np.flatnonzero(mask)
    if scored_steps.size:
        table.scrollToItem(table.item(0, int(scored_steps[-1])))


def visible_text(text: str) -> str:
    """``text`` with spaces, line breaks and unknown characters drawn as visible signs."""
    return "".join(CHARACTER_PLACEHOLDERS.get(ch, ch) for ch in text)


def caption_text(panel) -> str:
    """The panel's caption in the interface language: its template translated and filled in,
    or the plain caption when the task gave no template (or a translation lost a field)."""
    if not panel.caption_template:
        return panel.caption
    try:
        return tr(panel.caption_template).format(**panel.caption_values)
    except (KeyError, IndexError, ValueError):
        return panel.caption


def text_html(panel) -> str:
    """The char-LM panel as rich text: each predicted character shaded by its probability."""
    table = lookup(sequential_map())
    probs = np.asarray(
        panel.probabilities if panel.probabilities is not None else [], dtype=np.float64
    )
    spans = []
    for i, ch in enumerate(panel.predicted):
        p = float(probs[i]) if i < len(probs) and np.isfinite(probs[i]) else 0.0
        r, g, b, _ = (int(v) for v in table[int(p * (len(table) - 1))])
        ink = "#000" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "#fff"
        shown = html.escape(visible_text(ch))
        target = panel.target_text[i] if i < len(panel.target_text) else ""
        spans.append(
            f"<span style='background:rgb({r},{g},{b}); color:{ink}' title='p(correct {target!r}) = {p:.2f}'>{shown}</span>"
        )
    template = tr(
        "<p><b>input:</b> <tt>{input}</tt></p>"
        "<p><b>predicted next characters</b> (shade = probability of the right one, "
        "dark low → yellow high):<br><tt>{predicted}</tt></p>"
        "<p><b>target:</b> <tt>{target}</tt></p>"
        "<p><b>generated sample:</b><br><tt>{sample}</tt></p>"
    )
    legend = tr("␣ space · ↵ new line · ⍰ a character outside the model's vocabulary")
    return (
        template.format(
            input=html.escape(visible_text(panel.text)),
            predicted="".join(spans),
            target=html.escape(visible_text(panel.target_text)),
            sample=html.escape(panel.sample.replace("\ufffd", "⍰")).replace("\n", "<br>"),
        )
        + f"<p style='color:#555'>{html.escape(legend)}</p>"
    )
