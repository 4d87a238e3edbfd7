"""The keyboard-shortcut table, read from the window's own actions.

Help → Keyboard shortcuts and the README's table are both made from the ``QAction``s that
carry the shortcuts, so neither can list a key that does nothing or miss one that works
(a test compares the README with ``shortcuts_markdown``; ``python -m
explorer.ui.shortcut_table`` prints the README's table).
"""

from __future__ import annotations

import html

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

# Key names as a keyboard shows them.
KEY_NAMES = {
    "Right": "→",
    "Left": "←",
    "Return": "Enter",
    "Escape": "Esc",
    "PgDown": "Page Down",
    "PgUp": "Page Up",
    "-": "−",
}
# The step-through keys lead the table, in the order a lecture uses them.
FIRST = ("Space", "→", "←", "End", "Enter", "Home", "Ctrl+T")


def key_text(sequence: QKeySequence) -> str:
    """``sequence`` as printed on keys: "Ctrl+T", "→", "Page Down"."""
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    if text in KEY_NAMES:
        return KEY_NAMES[text]
    if "+" in text[1:]:
        *mods, key = text.split("+")
        return "+".join([*mods, KEY_NAMES.get(key, key)])
    return text


def action_keys(action: QAction) -> str:
    """Every shortcut of ``action``, e.g. "+ / =" (duplicates such as Return/Enter once)."""
    keys: list[str] = []
    for sequence in action.shortcuts():
        text = key_text(sequence)
        if text and text not in keys:
            keys.append(text)
    return " / ".join(keys)


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what it does) of every action of ``window`` that has a shortcut, in the order
    the actions were made; the description is the action's status tip (translated)."""
    rows = []
    for action in window.findChildren(QAction):
        keys = action_keys(action)
        if keys:
            rows.append((keys, action.statusTip() or action.text().replace("&", "")))
    # Keys that are no action of their own (a row of nine), listed by the feature that has them.
    rows += list(getattr(window, "extra_shortcut_rows", ()))
    rank = {keys: i for i, keys in enumerate(FIRST)}
    return sorted(rows, key=lambda row: rank.get(row[0], len(FIRST)))


def shortcuts_html(rows: list[tuple[str, str]]) -> str:
    """The Help → Keyboard shortcuts table."""
    body = "".join(
        f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
        for keys, what in rows
    )
    return f"<table cellpadding=4>{body}</table>"


def shortcuts_markdown(rows: list[tuple[str, str]]) -> str:
    """The README's table (``python -m explorer.ui.shortcut_table`` prints it)."""
    lines = ["| key | action |", "| --- | --- |"]
    lines += [f"| {keys} | {what} |" for keys, what in rows]
    return "\n".join(lines)
