"""What every command module shares: opening the journal, printing, errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"fieldjournal: error: {message}", file=sys.stderr)
    return code


def warn(message: str) -> None:
    print(f"fieldjournal: warning: {message}", file=sys.stderr)


@contextmanager
def open_journal(
    args: argparse.Namespace, *, create: bool = True, search: bool = True
) -> Iterator[Journal]:
    from fieldjournal.services.journal import Journal

    with Journal.open(args.journal, create=create, search=search) as journal:
        yield journal
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
    json.dump(to_jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


class ProgressBar:
    """A progress bar on stderr (only when it is a terminal, else a line now and then)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        if self.tty:
            filled = int(share * 30)
            bar = "#" * filled + "-" * (30 - filled)
            sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}")
            if done >= total:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(f"{self.label}: {done}/{total}\n")
        sys.stderr.flush()
