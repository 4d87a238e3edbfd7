"""Application entry point: command line, QApplication, settings and the main window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from explorer import APP_NAME, __version__
from explorer.arguments import parse_size

# The keys of explorer.ui.i18n.LANGUAGES, repeated so --help works without Qt.
LANGUAGE_CHOICES = ("en", "zh_CN", "zh_TW")


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface of the window (the headless commands live in cli.py)."""
    parser = argparse.ArgumentParser(
        prog="bptt-explorer",
        description=f"{APP_NAME}: watch backpropagation through time, one step at a time.",
        epilog="Headless commands: 'bptt-explorer train --help', 'bptt-explorer render --help', "
        "'bptt-explorer export-script --help'.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        help="render the main window offscreen after start-up, save it as PNG and exit",
    )
    parser.add_argument(
        "--size",
        type=parse_size,
        metavar="WxH",
        help="window size, e.g. 1280x800 (default: the last size used, or 1600x1000)",
    )
    parser.add_argument(
        "--lesson",
        metavar="KEY",
        help="open a guided lesson, e.g. 'vanishing' (the keys are listed when one is unknown)",
    )
    parser.add_argument(
        "--start-screen",
        action="store_true",
        help="show the start screen (with --screenshot: the start screen is what is saved)",
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGE_CHOICES,
        help="interface and lesson language for this start (default: the one chosen in "
        "View → Language, else the system's)",
    )
    parser.add_argument(
        "--presentation",
        action="store_true",
        help="start in presentation mode: full screen, large text (F11 or Esc leaves it)",
    )
    return parser


def check_lesson_key(key: str) -> str | None:
    """None if ``key`` names a shipped lesson, else one line naming the known keys."""
    from explorer.lessons import LessonError, load_lessons

    try:
        keys = [lesson.key for lesson in load_lessons()]
    except LessonError as exc:
        return f"bptt-explorer: {exc}"
    if key in keys:
        return None
    return f"bptt-explorer: no lesson called {key!r}; known lessons: {', '.join(keys)}"


def has_display() -> bool:
    """Whether a windowing system is reachable (always true outside Linux/BSD)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("train", "render", "export-script"):
        from explorer.cli import main as cli_main

        return cli_main(argv)
    args = build_parser().parse_args(argv)
    if args.lesson is not None:
        problem = check_lesson_key(args.lesson)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 2
    if args.screenshot:
        # A screenshot needs no screen: render offscreen unless a platform was chosen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        print(
            "No display found (DISPLAY and WAYLAND_DISPLAY are unset): run from a desktop "
            "session, over 'ssh -X', or under 'xvfb-run'.",
            file=sys.stderr,
        )
        return 1
    from explorer.session.spill import clean_stale_spills_in_background

    clean_stale_spills_in_background()  # keyframes spilled by a run that was killed
    # Qt is imported only now, so --help and --version work without any Qt libraries.
    from explorer.ui.application import run_application

    return run_application(
        screenshot=args.screenshot,
        size=args.size,
        lesson=args.lesson,
        start_screen=args.start_screen,
        presentation=args.presentation,
        language=args.language,
    )


if __name__ == "__main__":
    sys.exit(main())
