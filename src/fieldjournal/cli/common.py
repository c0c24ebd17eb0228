"""What every command module shares: opening the journal, printing, errors."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from fieldjournal.cli.terminal import json_safe, raw_stderr, raw_stdout, visible
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.wording import counted

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def entry_query(args: argparse.Namespace, text: str = "") -> EntryQuery:
    """The entries a command was asked about (``--kind``, ``--actor``... and ``--trash``),
    checked as one query; a command without one of these options leaves it unset."""
    return EntryQuery.of(
        text=text,
        kind=getattr(args, "kind", None),
        actor=getattr(args, "actor", None),
        code=getattr(args, "code", None),
        site=getattr(args, "site", None),
        since=getattr(args, "since", None),
        until=getattr(args, "until", None),
        trashed=getattr(args, "trash", False),
    )


def fail(message: str, code: int = EXIT_ERROR) -> int:
    """The error, in one line (a message may quote the journal's text: shown visibly)."""
    print(f"fieldjournal: error: {visible(message)}", file=raw_stderr())
    return code


def warn(message: str) -> None:
    print(f"fieldjournal: warning: {visible(message)}", file=raw_stderr())


@contextmanager
def open_journal(
    args: argparse.Namespace, *, create: bool = True, search: bool = True, warn_damage: bool = True
) -> Iterator[Journal]:
    """The journal, closed after the command; a damaged one is named once, on stderr, and
    so is one that could only be read (a full or read-only disk).

    A command that succeeded waits for the open-time ``quick_check`` (it ran meanwhile)
    so that an answer from a damaged file is never given without saying so; a command
    that failed has said so already (the damage is then its error).
    """
    from fieldjournal.services.journal import Journal

    with Journal.open(args.journal, create=create, search=search) as journal:
        if notice := journal.index_notice():
            warn(notice)  # the one line an unusable index folder costs
        for update in journal.reference_updates:  # a linked bibliography changed
            for problem in update.problems:
                warn(f"{update.source}: {problem}")
            if update.added or update.updated:
                warn(
                    f"{update.source} changed: "
                    f"{counted(len(update.added), 'reference')} added, "
                    f"{len(update.updated)} updated"
                )
        yield journal
        if journal.read_only_notice:  # a command that failed said why already
            warn(journal.read_only_notice)
        damage = journal.database.verdict() if warn_damage else None
        if damage is not None:
            warn(str(damage))
    if journal.close_backup_error is not None:  # the snapshot taken as it closed
        warn(f"{journal.close_backup_error}")


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def print_json(value: Any) -> None:
    """JSON on stdout; what a terminal would obey is in JSON's own escapes (see terminal)."""
    text = json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)
    raw_stdout().write(json_safe(text) + "\n")


class ProgressBar:
    """A progress bar on stderr (only when it is a terminal, else a line now and then).

    ``after``: shown only once the work has taken that many seconds (quick work is silent).
    """

    def __init__(
        self, label: str, *, after: float = 0.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.label = label
        self.tty = raw_stderr().isatty()
        self.clock = clock
        self.show_at = clock() + after

    def __call__(self, done: int, total: int) -> None:
        if self.clock() < self.show_at:
            return
        share = done / total if total else 1.0
        err = raw_stderr()  # its carriage return is the bar's own, not text
        if self.tty:
            filled = int(share * 30)
            bar = "#" * filled + "-" * (30 - filled)
            err.write(f"\r{visible(self.label)} [{bar}] {done}/{total}")
            if done >= total:
                err.write("\n")
        else:
            err.write(f"{visible(self.label)}: {done}/{total}\n")
        err.flush()
