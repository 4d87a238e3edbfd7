"""The control panel: task and its parameters, compared cells and every ``SessionConfig`` field.

Both the config's fields (``config.RANGES``) and the task's own parameters (the task class's
``params``) are ``ParamSpec``s, and ``param_field`` makes every widget from its spec, so the
panel, validation and documentation cannot disagree. The truncation is one ``Truncation`` in
the config and three fields here (kind, k, p). A change resets the run; while training runs
the change waits behind a highlighted "Reset to apply" button instead of interrupting it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from explorer.engine.truncation import Truncation
from explorer.params import ParamSpec
from explorer.session.config import (
    CELL_NAMES,
    RANGES,
    TRUNCATION_PART_KEYS,
    ConfigError,
    SessionConfig,
)
from explorer.session.session import start_spectral_radius
from explorer.ui.field_keys import FieldKeys
from explorer.ui.i18n import tr, tr_error, tr_noop
from explorer.ui.param_field import field_value, param_field, show_field_value
from explorer.ui.task_choices import is_seq2seq, task_choices, task_description, task_specs
from explorer.ui.theme import font

# Fields the panel leaves out of the generic form: task_params get widgets from the task's
# own specs, and cells get checkboxes.
SKIPPED = {"task_params", "cells", "task"}
LABELS = {
    "hidden_size": tr_noop("Hidden units H"),
    "num_layers": tr_noop("Layers L"),
    "bidirectional": tr_noop("Bidirectional"),
    "batch_size": tr_noop("Batch size B"),
    "optimizer": tr_noop("Optimizer"),
    "learning_rate": tr_noop("Learning rate"),
    "momentum": tr_noop("Momentum"),
    "init": tr_noop("Init"),
    "recurrent_scale": tr_noop("Recurrent scale"),
    "forget_bias": tr_noop("Forget-gate bias"),
    "forget_gate": tr_noop("Forget gate"),
    "activation": tr_noop("Activation"),
    "truncation": tr_noop("Truncation"),
    "truncation_k": tr_noop("Truncate every k"),
    "truncation_p": tr_noop("Keep-going prob. p"),
    "clipping": tr_noop("Clipping"),
    "clip_threshold": tr_noop("Clip threshold"),
    "seed": tr_noop("Seed"),
    "eval_every": tr_noop("Evaluate every"),
    "display_example": tr_noop("Shown example"),
    "memory_budget_mb": tr_noop("History (MB)"),
}
# p needs three places: lesson 6 keeps going with p = 0.875 (mean length 8).
DECIMALS = {"learning_rate": 6, "truncation_p": 3, "momentum": 3}
# Field widgets are kept narrow so the panel fits its column without a horizontal scroll bar.
FIELD_MIN_WIDTH = 90
# The arrow step of the task's float parameters (noise levels and the like, in [0, 1]).
PARAM_STEP = 0.05
# The task parameter that names a corpus file, and the choice that makes it count.
PATH_PARAM = "path"
FILE_CORPUS = ("corpus", "file")


def param_label(name: str) -> str:
    """``seq_len`` → "Seq len" (the spec's name, readable)."""
    return {
        "seq_len": tr_noop("Sequence length T"),
        "n_symbols": tr_noop("Symbols"),
        "max_vocab": tr_noop("Max vocabulary"),
        "length": tr_noop("Length"),
        "noise": tr_noop("Noise"),
        "seed": tr_noop("Seed"),
        "corpus": tr_noop("Corpus"),
        "path": tr_noop("Path"),
        "min_freq": tr_noop("Min freq"),
        "lag": tr_noop("Lag"),
        "distractors": tr_noop("Distractors"),
        "min_length": tr_noop("Min length"),
        "max_length": tr_noop("Max length"),
        "language": tr_noop("Language"),
    }.get(name, name.replace("_", " ").capitalize())


def panel_values(config: SessionConfig) -> dict[str, Any]:
    """What the panel's field widgets show for ``config``, by ``RANGES`` name and in
    ``RANGES`` order: every field the panel offers, the truncation as its three parts."""
    values: dict[str, Any] = {}
    for name in RANGES:
        if name in SKIPPED:
            continue
        if name in TRUNCATION_PART_KEYS:
            values[name] = getattr(config.truncation, TRUNCATION_PART_KEYS[name])
        elif name == "truncation":
            values[name] = config.truncation.kind
        else:
            values[name] = getattr(config, name)
    return values


def config_changes(values: dict[str, Any]) -> dict[str, Any]:
    """``SessionConfig`` field changes from the widgets' ``values`` (``panel_values``'
    names): the truncation's three parts become one ``Truncation``. A part out of range is
    a ``ValueError`` naming it."""
    changes = {k: v for k, v in values.items() if k not in TRUNCATION_PART_KEYS}
    changes["truncation"] = Truncation(
        values["truncation"], k=values["truncation_k"], p=values["truncation_p"]
    )
    return changes


def compact(widget: QWidget) -> QWidget:
    """Let a field shrink to ``FIELD_MIN_WIDTH`` and grow with the panel."""
    widget.setMinimumWidth(FIELD_MIN_WIDTH)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    if isinstance(widget, QComboBox):
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(6)
    return widget


class ControlPanel(QWidget):
    """Edits a ``SessionConfig``; emits ``sigConfigChosen`` with a validated new config."""

    sigConfigChosen = Signal(object)  # SessionConfig
    sigFieldDone = Signal()  # Enter applied a field: the keyboard can go back to the graph

    def __init__(self, config: SessionConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field_keys = FieldKeys(self)
        self.field_keys.sigDone.connect(self.sigFieldDone)
        self._config = config
        self._pending: SessionConfig | None = None
        self.widgets: dict[str, QWidget] = {}
        self.param_widgets: dict[str, QWidget] = {}
        self._param_task: str | None = None
        self.corpus_button: QPushButton | None = None
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        heading = QLabel(tr("Run settings"))
        heading.setFont(font(1.2, bold=True))
        # The task and the compared cells take whole rows: their texts are the longest.
        self.task = compact(QComboBox())
        for key, title in task_choices():
            self.task.addItem(tr(title), key)
            description = task_description(key)
            if description:
                self.task.setItemData(
                    self.task.count() - 1, tr(description), Qt.ItemDataRole.ToolTipRole
                )
        self.task.setToolTip(tr(RANGES["task"].help))
        self.task.currentIndexChanged.connect(lambda _i: self._task_changed())
        form.addRow(QLabel(tr("Task")))
        form.addRow(self.task)
        cells_row = QHBoxLayout()
        cells_row.setSpacing(4)
        self.cell_boxes: dict[str, QCheckBox] = {}
        for key, name in CELL_NAMES.items():
            box = QCheckBox(tr(name.replace("Vanilla ", "")))
            box.setToolTip(tr(RANGES["cells"].help))
            box.toggled.connect(lambda _on: self._changed())
            cells_row.addWidget(box)
            self.cell_boxes[key] = box
        cells_row.addStretch(1)
        form.addRow(QLabel(tr("Compare")))
        form.addRow(cells_row)
        # The task's own parameters, rebuilt whenever another task is chosen.
        self.task_group = QGroupBox(tr("Task parameters"))
        self.task_form = QFormLayout(self.task_group)
        self.task_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.task_form.setContentsMargins(6, 6, 6, 6)
        fields_form = QFormLayout()
        fields_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        fields_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        values = panel_values(config)
        for name in values:
            widget = compact(self._make_widget(name, values[name]))
            self.widgets[name] = widget
            label = QLabel(tr(LABELS.get(name, name.replace("_", " ").capitalize())))
            label.setToolTip(tr(RANGES[name].help))
            fields_form.addRow(label, widget)
            if name == "recurrent_scale":
                # The scale's effect depends on the initialisation: show the radius it gives.
                # One short line: a wrapped label in a form row gets clipped.
                self.radius = QLabel("")
                self.radius.setStyleSheet("color: #555;")
                self.radius.setToolTip(
                    tr(
                        "Spectral radius ρ of the recurrent matrix at the start: what this "
                        "scale gives with the chosen initialisation."
                    )
                )
                fields_form.addRow("", self.radius)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #B00020;")
        self.apply = QPushButton(tr("Reset to apply"))
        self.apply.setToolTip(
            tr("Training is running: stop it and start a new run with these settings")
        )
        self.apply.setStyleSheet("background: #E69F00; font-weight: bold; padding: 6px;")
        self.apply.setVisible(False)
        self.apply.clicked.connect(self._apply_pending)
        self.inner = QWidget()
        inner_layout = QVBoxLayout(self.inner)
        inner_layout.addWidget(heading)
        inner_layout.addLayout(form)
        inner_layout.addWidget(self.task_group)
        inner_layout.addLayout(fields_form)
        inner_layout.addWidget(self.apply)
        inner_layout.addWidget(self.message)
        inner_layout.addStretch(1)
        # Only vertical scrolling: the fields shrink to the column instead of running off
        # its right edge.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self.running = False
        self._keep_message = False
        self.last_warning: QMessageBox | None = None
        self.setConfig(config)

    def minimumSizeHint(self):
        """Wide enough for every label and a compact field, plus the vertical scroll bar."""
        hint = super().minimumSizeHint()
        width = (
            self.inner.minimumSizeHint().width()
            + self.scroll.verticalScrollBar().sizeHint().width()
        )
        hint.setWidth(width + 2 * self.scroll.frameWidth())
        return hint

    def _refused(self, text: str) -> None:
        self.message.setText(text)

    def _make_widget(self, name: str, value: Any) -> QWidget:
        spec = RANGES[name]
        widget = param_field(
            spec,
            value,
            self._changed,
            decimals=DECIMALS.get(name, 3),
            on_refused=self._refused,
        )
        tip = tr(spec.help)
        if spec.minimum is not None:
            tip = tr("{help} ({low} – {high})").format(
                help=tip, low=f"{spec.minimum:g}", high=f"{spec.maximum:g}"
            )
        widget.setToolTip(tip)
        self.field_keys.watch(widget)
        return widget

    # ------------------------------------------------------------------------- task parameters
    def _build_params(self, task: str, values: dict[str, Any]) -> None:
        """Widgets for ``task``'s ``ParamSpec``s, showing ``values`` (defaults elsewhere)."""
        while self.task_form.rowCount():
            self.task_form.removeRow(0)
        self.param_widgets = {}
        self.corpus_button = None
        self._param_task = task
        specs = task_specs(task)
        for spec in specs:
            value = values.get(spec.name, spec.default)
            widget = compact(self._param_widget(spec, value))
            tip = tr(spec.help) if spec.help else ""
            widget.setToolTip(
                tr("{help} Allowed: {range}.").format(help=tip, range=spec.range_text())
                if tip
                else spec.range_text()
            )
            self.param_widgets[spec.name] = widget
            label = QLabel(tr(param_label(spec.name)))
            label.setToolTip(widget.toolTip())
            if spec.name == PATH_PARAM and spec.kind == "str":
                row = QHBoxLayout()
                row.setSpacing(2)
                row.addWidget(widget, 1)
                button = QPushButton(tr("Corpus file…"))
                button.setToolTip(tr("Choose a UTF-8 text file for the model to learn"))
                button.clicked.connect(self.chooseCorpus)
                row.addWidget(button)
                self.corpus_button = button
                self.task_form.addRow(label)
                self.task_form.addRow(row)
            else:
                self.task_form.addRow(label, widget)
        self.task_group.setVisible(bool(specs))

    def _show_params(self, task: str, values: dict[str, Any]) -> None:
        """Put ``values`` into the existing widgets (same task: nothing is rebuilt, so the
        field being edited keeps its focus)."""
        for spec in task_specs(task):
            widget = self.param_widgets.get(spec.name)
            if widget is None:
                continue
            show_field_value(widget, values.get(spec.name, spec.default))

    def _param_widget(self, spec: ParamSpec, value: Any) -> QWidget:
        widget = param_field(spec, value, self._changed, step=PARAM_STEP, on_refused=self._refused)
        self.field_keys.watch(widget)
        return widget

    def _params_from_widgets(self) -> dict[str, Any]:
        """``task_params`` as the widgets show them: the config's own entries, and every
        parameter set away from its default."""
        task = self.task.currentData()
        if task != self._config.task:
            return {}  # a new task starts from its defaults
        params = dict(self._config.task_params)
        for spec in task_specs(task):
            widget = self.param_widgets.get(spec.name)
            if widget is None:
                continue
            value = field_value(widget)
            if spec.name in params or value != spec.default:
                params[spec.name] = value
        return params

    def chooseCorpus(self, path: str | None = None) -> None:
        """Pick a text file for the character model (a dialog unless ``path`` is given),
        check it, and start a run on it; a file that cannot be used is explained, the run
        stays as it was."""
        if not path:
            path, _filter = QFileDialog.getOpenFileName(
                self, tr("Choose a text corpus"), "", tr("Text files (*.txt);;All files (*)")
            )
        if not path or PATH_PARAM not in self.param_widgets:
            return
        from explorer.tasks.corpus import MAX_BYTES, CorpusError, load_corpus

        try:
            loaded = load_corpus(path)
        except CorpusError as exc:
            self.showError(tr_error(exc))
            return
        show_field_value(self.param_widgets[PATH_PARAM], path)
        corpus = self.param_widgets.get(FILE_CORPUS[0])
        if corpus is not None:
            show_field_value(corpus, FILE_CORPUS[1])
        self._changed()
        if loaded.truncated:
            self.message.setText(
                tr("{file} is larger than {mb} MB; only its first {n} characters are used.").format(
                    file=Path(path).name, mb=MAX_BYTES // (1024 * 1024), n=f"{len(loaded.text):,}"
                )
            )

    def warn(self, text: str) -> QMessageBox:
        """A non-blocking warning box over the window (also used for a refused config)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, tr("Cannot use these settings"), text, parent=self
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.last_warning = box
        return box

    # ------------------------------------------------------------------------- config
    def setConfig(self, config: SessionConfig) -> None:
        """Show ``config`` without emitting anything."""
        self._config = config
        self._pending = None
        self.apply.setVisible(False)
        if not self._keep_message:
            self.message.setText("")
        self._keep_message = False
        blocked = [self.task, *self.cell_boxes.values()]
        for w in blocked:
            w.blockSignals(True)
        index = self.task.findData(config.task)
        if index < 0:
            self.task.addItem(config.task, config.task)
            index = self.task.count() - 1
        self.task.setCurrentIndex(index)
        for key, box in self.cell_boxes.items():
            box.setChecked(key in config.cells)
        values = panel_values(config)
        for name, widget in self.widgets.items():
            show_field_value(widget, values[name])
        for w in blocked:
            w.blockSignals(False)
        if config.task == self._param_task:
            self._show_params(config.task, config.task_params)
        else:
            self._build_params(config.task, config.task_params)
        self._update_enabled(config)

    def current(self) -> SessionConfig:
        """The config the widgets describe (``ConfigError`` if invalid)."""
        changes: dict[str, Any] = {
            "task": self.task.currentData(),
            "cells": tuple(k for k, box in self.cell_boxes.items() if box.isChecked()),
            "task_params": self._params_from_widgets(),
        }
        values = {name: field_value(widget) for name, widget in self.widgets.items()}
        return self._config.with_changes(**changes, **config_changes(values))

    def _update_enabled(self, config: SessionConfig) -> None:
        # Greyed out rather than hidden, so the panel does not jump while one edits it.
        w = self.widgets
        w["momentum"].setEnabled(config.optimizer == "momentum")
        w["truncation_k"].setEnabled(config.truncation.kind == "truncated")
        w["truncation_p"].setEnabled(config.truncation.kind == "random")
        w["clip_threshold"].setEnabled(config.clipping != "off")
        w["activation"].setEnabled("rnn" in config.cells)
        lstm = "lstm" in config.cells
        w["forget_bias"].setEnabled(lstm)
        w["forget_gate"].setEnabled(lstm)
        # Teacher forcing applies to a decoder or to output recurrence; output recurrence
        # to a one-part model (the config's check names what else it needs).
        seq2seq = is_seq2seq(config.task)
        w["teacher_forcing"].setEnabled(seq2seq or config.output_recurrence)
        w["output_recurrence"].setEnabled(not seq2seq)
        self._show_radius(config)

    def _show_radius(self, config: SessionConfig) -> None:
        rho = start_spectral_radius(config)
        self.radius.setText("" if rho is None else tr("→ ρ₀ = {value}").format(value=f"{rho:.3g}"))

    def _task_changed(self) -> None:
        task = self.task.currentData()
        if task != self._param_task:
            self._build_params(task, self._config.task_params if task == self._config.task else {})
        self._changed()

    def _changed(self) -> None:
        try:
            config = self.current()
        except (ConfigError, ValueError) as exc:
            self.message.setText(tr_error(exc))
            return
        self.message.setText("")
        self._update_enabled(config)
        if self.running:
            self._pending = config
            self.apply.setVisible(True)
            return
        self._emit(config)

    def _apply_pending(self) -> None:
        if self._pending is not None:
            self._emit(self._pending)

    def _emit(self, config: SessionConfig) -> None:
        self._pending = None
        self.apply.setVisible(False)
        self._config = config
        self.sigConfigChosen.emit(config)

    def showError(self, text: str) -> None:
        """Show why the last config was refused: under the form (kept when the window puts
        the previous config back) and in a warning box."""
        self.message.setText(text)
        self._keep_message = True
        self.warn(text)

    def setRunning(self, running: bool) -> None:
        """While training, changes wait for "Reset to apply"."""
        self.running = running
