"""Keep the translation catalogues in step with the code: ``python -m explorer.ui.i18n_catalog``.

Finds every ``tr("literal")`` and ``tr_noop("literal")`` call in ``explorer/`` (with the
``ast`` module, so strings in comments or docs are never picked up) and the texts of the data
modules that the window translates when it shows them (``data_strings``), merges them into ``assets/i18n/explorer_<lang>.ts``
(existing translations are kept; strings no longer used are marked obsolete), and compiles each
catalogue to ``.qm`` with Qt's ``lrelease``. ``--check`` only reports what is missing.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from explorer.atomic_file import atomic_write_bytes
from explorer.paths import PACKAGE_DIR, asset

CONTEXT = "explorer"
TARGET_LANGUAGES = ("zh_CN", "zh_TW")


MARKERS = ("tr", "tr_noop")
# Errors built with an English template (explorer.messages); the window translates them.
MESSAGE_ERRORS = {
    "UserMessageError",
    "CorpusError",
    "SessionFileError",
    "FileWriteError",
    "TooBigError",
}


def literal_strings(root: Path = PACKAGE_DIR) -> list[str]:
    """Every literal passed to ``tr(...)`` or ``tr_noop(...)``, and every message template of
    an error in ``MESSAGE_ERRORS``, under ``root``, in first-seen order."""
    seen: dict[str, None] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in (*MARKERS, *MESSAGE_ERRORS)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                seen.setdefault(node.args[0].value, None)
    return list(seen)


def data_strings() -> list[str]:
    """Texts of the Qt-free modules that the window shows through ``tr(value)``: task titles,
    descriptions, parameter help and choices, metric and baseline names, panel caption
    templates; the help and choices of ``config.RANGES``; the cell names."""
    from explorer.session.config import CELL_NAMES, RANGES
    from explorer.tasks import SEQ2SEQ_TASKS, TASKS, make_task

    out: list[str] = []
    for cls in TASKS.values():
        out += [cls.title, cls.description, *cls.caption_templates]
        for spec in cls.params:
            out += [spec.help, *(spec.choices or ())]
        task = cls()  # the defaults: metric and baseline names are set per instance
        out += [task.metric_name, *task.baseline]
    for key in SEQ2SEQ_TASKS:
        task = make_task(key)  # the session's view of it: its panel caption too
        out += [task.title, task.description, *task.caption_templates]
        for spec in task.params:
            out += [spec.help, *(spec.choices or ())]
        out += [*task.evaluation_metrics, *task.baseline]
    for name, spec in RANGES.items():
        out.append(spec.help)
        if name not in ("task", "cells"):  # keys; the window shows titles and cell names
            out += list(spec.choices or ())
    out += list(CELL_NAMES.values())
    return [text for text in out if text]


def source_strings(root: Path = PACKAGE_DIR) -> list[str]:
    """Every string the catalogue must hold: the marked literals, then the data texts."""
    seen = dict.fromkeys(literal_strings(root))
    if root == PACKAGE_DIR:
        seen.update(dict.fromkeys(data_strings()))
    return list(seen)


def catalogue_path(language: str) -> Path:
    """``assets/i18n/explorer_<language>.ts``."""
    return asset("i18n", f"explorer_{language}.ts")


def read_catalogue(path: Path) -> dict[str, str]:
    """source → translation of a ``.ts`` file (empty translations left out)."""
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is not None and translation.text:
            out[source] = translation.text
    return out


def write_catalogue(path: Path, language: str, sources: list[str], known: dict[str, str]) -> None:
    """Write the ``.ts`` file: current strings first, then obsolete ones kept for reuse."""
    ts = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in [*sources, *sorted(set(known) - set(sources))]:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if source in known:
            translation.text = known[source]
            if source not in sources:
                translation.set("type", "vanished")
        else:
            translation.set("type", "unfinished")
    ET.indent(ts)
    body = ET.tostring(ts, encoding="unicode")
    text = f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n'
    atomic_write_bytes(path, text.encode("utf-8"))


def lrelease_command() -> str:
    """The ``lrelease`` that ships with PySide6."""
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    return found or "pyside6-lrelease"


def compile_catalogue(path: Path) -> Path:
    """Compile ``path`` (.ts) to the ``.qm`` beside it."""
    qm = path.with_suffix(".qm")
    subprocess.run(
        [lrelease_command(), "-silent", str(path), "-qm", str(qm)], check=True, timeout=120
    )
    return qm


def missing(language: str, sources: list[str] | None = None) -> list[str]:
    """Strings of the code with no translation for ``language``."""
    sources = source_strings() if sources is None else sources
    known = read_catalogue(catalogue_path(language))
    return [s for s in sources if s not in known]


def main(argv: list[str] | None = None) -> int:
    """Update and compile the catalogues, or with ``--check`` list the missing strings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing translations")
    args = parser.parse_args(argv)
    sources = source_strings()
    status = 0
    for language in TARGET_LANGUAGES:
        gaps = missing(language, sources)
        print(f"{language}: {len(sources) - len(gaps)}/{len(sources)} strings translated")
        for source in gaps:
            print(f"  missing: {source!r}")
        if args.check:
            status |= bool(gaps)
            continue
        path = catalogue_path(language)
        write_catalogue(path, language, sources, read_catalogue(path))
        compile_catalogue(path)
    return status


if __name__ == "__main__":
    sys.exit(main())
