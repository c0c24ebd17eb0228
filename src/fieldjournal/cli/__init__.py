"""The ``fieldjournal`` command line: argparse over the ``Journal`` facade.

Each subject registers its commands from its own module (``COMMAND_MODULES``). Errors are
one clear line on stderr and a non-zero exit, never a traceback. With no command the
desktop app starts.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from fieldjournal import __version__
from fieldjournal.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, CommandError, fail
from fieldjournal.cli.qt_options import split_qt_options
from fieldjournal.cli.terminal import shown_visibly

COMMAND_MODULES = (
    "fieldjournal.cli.entry_commands",
    "fieldjournal.cli.actor_commands",
    "fieldjournal.cli.code_commands",
    "fieldjournal.cli.exchange_commands",
    "fieldjournal.cli.search_commands",
    "fieldjournal.cli.chapter_commands",
    "fieldjournal.cli.reference_commands",
    "fieldjournal.cli.refi_commands",
    "fieldjournal.cli.backup_commands",
    "fieldjournal.cli.chart_commands",
)


class _Parser(argparse.ArgumentParser):
    """Usage mistakes are one line too, like every other error, plus where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fieldjournal",
        description="A journal for ethnographic fieldwork. With no command, opens the app.",
        epilog="Qt's own options (-style Fusion, -platform xcb, -reverse, ...) given before "
        "any command are passed to Qt when the app opens.",
    )
    parser.add_argument("--version", action="version", version=f"fieldjournal {__version__}")
    parser.add_argument(
        "--journal",
        metavar="DIR",
        help="journal folder (default: $FIELDJOURNAL_JOURNAL or the user data folder)",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do (none: open the app)"
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # every file Fieldjournal writes is private to the user
    try:
        split = split_qt_options(sys.argv[1:] if argv is None else argv)
    except CommandError as error:
        return fail(str(error), error.code)
    args_list = split.ours
    app_only, journal = _app_only(args_list)
    if app_only:  # no command: start the app without building every command's parser
        return start_app(journal, None, split.qt)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        return start_app(args.journal, parser, split.qt)
    if split.qt:
        return fail(f"{split.qt[0]} is an option of the app's window (Qt): not for a command", 2)
    from fieldjournal.services.log_file import setup_logging

    setup_logging()  # library warnings and tracebacks go to the log, never the terminal
    try:
        with shown_visibly():  # the journal's text is shown, never obeyed (terminal.py)
            result: int = args.handler(args)
        return result
    except CommandError as error:
        return fail(str(error), error.code)
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as error:  # the last line of defence: one line, no traceback
        from fieldjournal.domain.errors import FieldjournalError

        if isinstance(error, FieldjournalError):
            return fail(str(error))
        from fieldjournal.services.failures import explain

        return fail(explain(error, args.journal, f"`fieldjournal {args.command}`"))


def _app_only(args: list[str]) -> tuple[bool, str | None]:
    """``[]``, ``--journal DIR`` or ``--journal=DIR``: just the app (window shows sooner)."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--journal" and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--journal="):
        return True, args[0].split("=", 1)[1]
    return False, None


def start_app(
    journal: str | None, parser: argparse.ArgumentParser | None, qt_options: Sequence[str] = ()
) -> int:
    try:
        app = importlib.import_module("fieldjournal.app")
    except ModuleNotFoundError as error:
        if error.name != "fieldjournal.app":
            raise
        (parser or build_parser()).print_help()
        return 0
    status: int = app.run(journal, qt_options)
    return status
