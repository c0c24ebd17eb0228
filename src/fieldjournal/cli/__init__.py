"""The ``fieldjournal`` command line: argparse over the ``Journal`` facade.

Each subject registers its commands from its own module (``COMMANDS``), which is imported
only when one of its commands runs: a light first parse (``_probe_parser``) finds the
command, so ``--version`` loads no command module and ``list`` only the entries' one; only
``--help`` and usage mistakes, whose text lists every command, build the whole parser.
Errors are one clear line on stderr and a non-zero exit, never a traceback. With no
command the desktop app starts.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import os
import sys
import threading
from collections.abc import Collection, Sequence
from typing import Any, NoReturn

from fieldjournal import __version__
from fieldjournal.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, CommandError, fail
from fieldjournal.cli.qt_options import split_qt_options
from fieldjournal.cli.terminal import shown_visibly

# Each command module and the top-level commands it registers, in the order of `--help`
# (tests/cli/test_light_start.py checks the modules register exactly these).
COMMANDS: dict[str, tuple[str, ...]] = {
    "fieldjournal.cli.entry_commands": (
        "init", "add", "edit", "show", "list", "delete", "restore", "revisions",
    ),
    "fieldjournal.cli.actor_commands": ("actor",),
    "fieldjournal.cli.code_commands": ("code",),
    "fieldjournal.cli.exchange_commands": ("import", "export", "salvage"),
    "fieldjournal.cli.search_commands": ("search", "reindex", "check"),
    "fieldjournal.cli.chapter_commands": ("chapter", "report"),
    "fieldjournal.cli.reference_commands": ("refs",),
    "fieldjournal.cli.refi_commands": ("qdpx", "qdc"),
    "fieldjournal.cli.backup_commands": ("backup",),
    "fieldjournal.cli.chart_commands": ("chart",),
}  # fmt: skip
COMMAND_MODULES = tuple(COMMANDS)
VERSION = f"fieldjournal {__version__}"
# A command is one short process that imports a few hundred modules (SQLAlchemy, lxml,
# python-docx) and then builds its result: with the default threshold (700) the cyclic
# collector ran some 250 times during a chapter export, mostly over those modules'
# objects, which live until the process ends (6% of the export). A threshold as large as
# mypy's lets a command finish first; a long one (an import, a reindex) still collects.
COMMAND_GC_THRESHOLD = (200_000, 30, 30)


class _Parser(argparse.ArgumentParser):
    """Usage mistakes are one line too, like every other error, plus where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


class _NeedsFullParser(Exception):
    """The probe met ``--help`` or a mistake: the whole parser gives its text or message."""


class _Probe(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NeedsFullParser


class _FullHelp(argparse.Action):
    """``-h`` where it stands (before or after ``--version``), answered by the whole parser."""

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        raise _NeedsFullParser


def _probe_parser() -> argparse.ArgumentParser:
    """The top-level options and every command's name, nothing of the commands themselves:
    enough to print the version or to find which module the command is in."""
    parser = _Probe(prog="fieldjournal", add_help=False)
    parser.add_argument("-h", "--help", nargs=0, action=_FullHelp)
    parser.add_argument("--version", action="version", version=VERSION)
    parser.add_argument("--journal")
    commands = parser.add_subparsers(dest="command")
    for names in COMMANDS.values():
        for name in names:
            commands.add_parser(name, add_help=False)  # its arguments are left for later
    return parser


def _parse(args: list[str]) -> argparse.Namespace:
    """The arguments, parsed by a parser holding only the command module they need."""
    try:
        command = _probe_parser().parse_known_args(args)[0].command
    except _NeedsFullParser:
        load = None
    else:
        load = [module for module, names in COMMANDS.items() if command in names]
    return build_parser(load).parse_args(args)


def build_parser(load: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the commands of the modules in ``load`` (default: every module)."""
    parser = _Parser(
        prog="fieldjournal",
        description="A journal for ethnographic fieldwork. With no command, opens the app.",
        epilog="Qt's own options (-style Fusion, -platform xcb, -reverse, ...) given before "
        "any command are passed to Qt when the app opens.",
    )
    parser.add_argument("--version", action="version", version=VERSION)
    parser.add_argument(
        "--journal",
        metavar="DIR",
        help="journal folder (default: $FIELDJOURNAL_JOURNAL or the user data folder)",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do (none: open the app)"
    )
    for name in COMMANDS:
        if load is None or name in load:
            importlib.import_module(name).register(commands)
    return parser


def run() -> NoReturn:
    """The installed ``fieldjournal`` command: ``main``, then a quick way out.

    A command's result is on disk and its journal closed when ``main`` returns; what
    remains of an ordinary exit is tearing down some 500 modules and every object they
    hold, 0.09 s of a chapter export spent after its work was done. So, as mypy does, the
    exit handlers run (the log is flushed), the output is flushed, and the process ends
    without the teardown. Not after the app (Qt's objects save settings in their
    destructors) nor while a thread still works: those end the ordinary way.
    """
    try:
        code: int | str | None = main()
    except SystemExit as leaving:  # --version, usage mistakes: argparse's own exit
        code = leaving.code
    if "PySide6.QtCore" in sys.modules or any(
        thread.is_alive() and not thread.daemon
        for thread in threading.enumerate()
        if thread is not threading.main_thread()
    ):
        sys.exit(code)
    atexit._run_exitfuncs()  # logging's shutdown, weakref finalizers: what an exit runs
    status = code if isinstance(code, int) else (0 if code is None else EXIT_ERROR)
    if isinstance(code, str):
        print(code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
            status = status or EXIT_ERROR
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # every file Fieldjournal writes is private to the user
    try:
        split = split_qt_options(sys.argv[1:] if argv is None else argv)
    except CommandError as error:
        return fail(str(error), error.code)
    args_list = split.ours
    app_only, journal = _app_only(args_list)
    if app_only:  # no command: start the app without building every command's parser
        return start_app(journal, split.qt)
    collecting = gc.get_threshold()
    gc.set_threshold(*COMMAND_GC_THRESHOLD)  # before the command's module is imported
    try:
        args = _parse(args_list)
        if args.command is None:
            gc.set_threshold(*collecting)  # the app runs for hours: the usual collection
            return start_app(args.journal, split.qt)
        return _run(args, split.qt)
    finally:
        gc.set_threshold(*collecting)  # a caller in the same process (a test) keeps its own


def _run(args: argparse.Namespace, qt_options: Sequence[str]) -> int:
    """The command's handler, its errors each one line."""
    if qt_options:
        return fail(f"{qt_options[0]} is an option of the app's window (Qt): not for a command", 2)
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


def start_app(journal: str | None, qt_options: Sequence[str] = ()) -> int:
    try:
        app = importlib.import_module("fieldjournal.app")
    except ModuleNotFoundError as error:
        if error.name != "fieldjournal.app":
            raise
        build_parser().print_help()
        return 0
    status: int = app.run(journal, qt_options)
    return status
