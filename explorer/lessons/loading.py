"""Reading lesson files: one file, the shipped folder, or one lesson by its key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from explorer.lessons.model import Lesson, LessonError
from explorer.lessons.validator import LessonParser


@dataclass(frozen=True)
class LessonFolder:
    """What a folder of lessons gave: the lessons that were read, sorted by order, and one
    message per file that could not be (naming the file and the problem)."""

    lessons: tuple[Lesson, ...]
    problems: tuple[str, ...]


def lessons_dir() -> Path:
    """The folder of the shipped lessons, ``assets/lessons``."""
    from explorer.paths import asset

    return asset("lessons")


def load_lesson(path: str | Path) -> Lesson:
    """Read and validate one lesson file; any problem is a ``LessonError`` naming the file."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LessonError(f"{path}: lesson file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(f"{path}: cannot read the lesson file: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LessonError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return LessonParser(path).lesson(data)


def load_lesson_folder(folder: str | Path | None = None) -> LessonFolder:
    """Every ``*.json`` lesson in ``folder`` (default: the shipped ones) that can be read;
    a broken file (or a second lesson with a key already used) is reported in ``problems``
    and leaves the others loaded."""
    folder = lessons_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        return LessonFolder((), (f"{folder}: lesson folder not found",))
    lessons: list[Lesson] = []
    problems: list[str] = []
    seen: dict[str, Path | None] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            problems.append(str(exc))
            continue
        if lesson.key in seen:
            problems.append(f"{path}: key {lesson.key!r} is already used by {seen[lesson.key]}")
            continue
        seen[lesson.key] = lesson.path
        lessons.append(lesson)
    lessons.sort(key=lambda lesson: (lesson.order, lesson.key))
    return LessonFolder(tuple(lessons), tuple(problems))


def load_lessons(folder: str | Path | None = None) -> list[Lesson]:
    """Every ``*.json`` lesson in ``folder`` (default: the shipped ones), sorted by order.

    Any broken file, or two lessons with the same key, is a ``LessonError`` (the first
    problem found, in file-name order).
    """
    loaded = load_lesson_folder(folder)
    if loaded.problems:
        raise LessonError(loaded.problems[0])
    return list(loaded.lessons)


def find_lesson(key: str, folder: str | Path | None = None) -> Lesson:
    """The lesson called ``key`` (as in ``--lesson vanishing``); unknown keys list the known."""
    lessons = load_lessons(folder)
    for lesson in lessons:
        if lesson.key == key:
            return lesson
    known = ", ".join(lesson.key for lesson in lessons)
    raise LessonError(f"no lesson called {key!r}; known lessons: {known}")
