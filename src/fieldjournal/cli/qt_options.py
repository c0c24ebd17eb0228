"""Qt's own command-line options (``-style Fusion``, ``-platform xcb``…), set aside for Qt.

A desktop launcher or a user may start any Qt app with these; argparse would reject them.
They are taken only from the options before a command (``fieldjournal -style Fusion``), so
they can never capture an option of a command, and handed to ``QApplication`` as Qt
documents them. No Qt is imported here: the command line works without a display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldjournal.cli.common import CommandError

# QGuiApplication's and QApplication's options (Qt 6), with or without a value.
WITH_VALUE = frozenset(
    {
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qwindowgeometry",
        "qwindowicon",
        "qwindowtitle",
        "session",
        "display",
        "geometry",
        "style",
        "stylesheet",
    }
)
FLAGS = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync"})
EQUALS_ONLY = frozenset({"qmljsdebugger"})  # Qt reads it only as -qmljsdebugger=...
OUR_OPTIONS_WITH_VALUE = frozenset({"--journal"})


@dataclass(frozen=True)
class SplitArguments:
    ours: list[str]
    qt: list[str]


def split_qt_options(args: Sequence[str]) -> SplitArguments:
    """Qt's options from before the first command word, in Qt's own spelling; the rest as given."""
    ours: list[str] = []
    qt: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("-") or arg in ("-", "--"):
            break  # the command: what follows belongs to it
        name, equals, value = arg.lstrip("-").partition("=")
        if arg in OUR_OPTIONS_WITH_VALUE:
            ours += args[index : index + 2]
            index += 2
            continue
        if name in WITH_VALUE:
            if not equals:
                if index + 1 >= len(args):
                    raise CommandError(f"{arg} needs a value (it is an option of Qt)", 2)
                index += 1
                value = args[index]
            qt += [f"-{name}", value]
        elif name in FLAGS and not equals:
            qt.append(f"-{name}")
        elif name in EQUALS_ONLY and equals:
            qt.append(f"-{name}={value}")
        else:
            ours.append(arg)
        index += 1
    return SplitArguments(ours + list(args[index:]), qt)
