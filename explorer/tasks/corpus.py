"""Texts for the character language model: the built-in ones and files the user opens.

A user's file can be anything, so ``load_corpus`` checks it and raises ``CorpusError`` (a
``ValueError``) with a message that names the file and says what is wrong, ready to be shown
in a dialog as it is.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
from dataclasses import dataclass

from explorer.messages import UserMessageError

MAX_BYTES = 10 * 1024 * 1024
"""Files larger than this are cut to their first 10 MB (at a character boundary)."""
MAX_CONTROL_FRACTION = 0.05
"""More control characters than this (besides tab, newline, form feed) means "not text"."""

MACHINE_TEXT = "machine"
"""The notes' example: inputs "machin", targets "achine"."""


class CorpusError(UserMessageError):
    """A corpus file that cannot be used; the message is meant for the user."""


@dataclass(frozen=True)
class CorpusText:
    """A loaded corpus: ``text`` (line endings normalised to ``\\n``), whether it was
    ``truncated``, and a ``note`` for the user (empty when there is nothing to say)."""

    text: str
    truncated: bool = False
    note: str = ""


def zen_of_python() -> str:
    """The Zen of Python, from the standard library's ``this`` module.

    Importing ``this`` prints the poem, so stdout is silenced during the import; the text is
    stored ROT13-encoded in ``this.s`` with the decoding table ``this.d``.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        import this
    return "".join(this.d.get(c, c) for c in this.s)


def builtin_corpus(name: str) -> str:
    """The text of a built-in corpus: ``"machine"`` or ``"zen"``."""
    if name == "machine":
        return MACHINE_TEXT
    if name == "zen":
        return zen_of_python()
    raise ValueError(f"unknown built-in corpus {name!r}; known: 'machine', 'zen'")


def _cut_at_char_boundary(data: bytes, limit: int) -> bytes:
    """The first ``limit`` bytes or fewer, never ending inside a UTF-8 multi-byte character."""
    cut = min(limit, len(data))
    # Continuation bytes look like 0b10xxxxxx; back up to the start of the character.
    while cut > 0 and cut < len(data) and (data[cut] & 0xC0) == 0x80:
        cut -= 1
    return data[:cut]


# C0 and C1 control characters except tab, newline, vertical tab, form feed, carriage return.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_fraction(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def load_corpus(path: str | os.PathLike, min_length: int = 2) -> CorpusText:
    """Read a UTF-8 text file for the character language model.

    ``min_length`` is the fewest characters usable (the task passes ``seq_len + 1``).
    Raises ``CorpusError`` when the file is missing or unreadable, empty, binary (NUL bytes or
    mostly control characters), not UTF-8, or shorter than ``min_length``. Files over 10 MB
    are cut to their first 10 MB and the returned ``note`` says so.
    """
    name = os.fspath(path)
    try:
        # Only a regular file has an end: a FIFO or a device (/dev/zero) would block or
        # stream forever, so anything else is refused before it is opened.
        if not stat.S_ISREG(os.stat(name).st_mode) and not os.path.isdir(name):
            raise CorpusError(
                "Corpus path {name} is not a regular file (a pipe, socket or device); "
                "please choose a plain text file.",
                name=repr(name),
            )
        with open(name, "rb") as handle:
            data = handle.read(MAX_BYTES + 4)
            too_big = len(data) > MAX_BYTES
    except FileNotFoundError:
        raise CorpusError("Corpus file {name} does not exist.", name=repr(name)) from None
    except IsADirectoryError:
        raise CorpusError(
            "Corpus path {name} is a folder, not a text file.", name=repr(name)
        ) from None
    except PermissionError:
        raise CorpusError(
            "Corpus file {name} cannot be read: permission denied.", name=repr(name)
        ) from None
    except OSError as err:
        raise CorpusError(
            "Corpus file {name} cannot be read: {reason}.",
            name=repr(name),
            reason=err.strerror or err,
        ) from None

    if not data.strip():
        raise CorpusError("Corpus file {name} is empty.", name=repr(name))
    if too_big:
        data = _cut_at_char_boundary(data, MAX_BYTES)
    if b"\x00" in data:
        raise CorpusError(
            "Corpus file {name} looks like a binary file (it contains NUL bytes); "
            "please choose a plain text file.",
            name=repr(name),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError(
            "Corpus file {name} is not valid UTF-8 text (undecodable byte at offset "
            "{offset}); save it as UTF-8 and try again.",
            name=repr(name),
            offset=err.start,
        ) from None
    if _control_fraction(text) > MAX_CONTROL_FRACTION:
        raise CorpusError(
            "Corpus file {name} does not look like text (too many control characters).",
            name=repr(name),
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) < min_length:
        raise CorpusError(
            "Corpus file {name} is too short: {length} characters, but at least "
            "{needed} are needed (sequence length + 1).",
            name=repr(name),
            length=len(text),
            needed=min_length,
        )
    note = ""
    if too_big:
        note = (
            f"{os.path.basename(name)} is larger than {MAX_BYTES // (1024 * 1024)} MB; "
            f"only its first {len(text):,} characters are used."
        )
    return CorpusText(text=text, truncated=too_big, note=note)
