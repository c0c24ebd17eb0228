"""``import`` and ``export`` in the JSON Lines exchange format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldjournal.cli.common import CommandError, ProgressBar, open_journal, warn
from fieldjournal.cli.terminal import json_safe, raw_stdout
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.wording import counted
from fieldjournal.exchange.files import write_lines_atomically
from fieldjournal.exchange.jsonl import split_records

# Files up to this many lines are searchable as soon as the import returns.
INDEX_AT_ONCE = 2_000


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = commands.add_parser("import", help="import a JSON Lines file (all or nothing)")
    imp.add_argument("file", type=Path, help="a .jsonl file, or - for standard input")
    imp.add_argument(
        "--replace-actors",
        action="store_true",
        help="an actor record replaces the journal's actor of that name, even where it "
        "lowers consent or drops a pseudonym or alias (otherwise such a file is refused)",
    )
    imp.set_defaults(handler=cmd_import)
    exp = commands.add_parser("export", help="export the whole journal as JSON Lines")
    exp.add_argument("file", type=Path, help="a .jsonl file, or - for standard output")
    exp.set_defaults(handler=cmd_export)
    salvage = commands.add_parser(
        "salvage", help="save what can still be read of a damaged journal as JSON Lines"
    )
    salvage.add_argument("file", type=Path, help="the .jsonl file to write")
    salvage.set_defaults(handler=cmd_salvage)


def cmd_import(args: argparse.Namespace) -> int:
    try:
        if str(args.file) == "-":
            lines = split_records(sys.stdin.read())
        else:
            lines = split_records(args.file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise CommandError(f"{args.file} is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    # A large file is imported without the index (closing would index every entry in
    # one batch with no progress); once it is committed, the index catches up below.
    index_now = len(lines) <= INDEX_AT_ONCE
    with open_journal(args, search=index_now) as journal:
        report = journal.import_lines(lines, replace_actors=args.replace_actors)
    print(
        f"imported {counted(report.entries, 'entry')}, {counted(report.actors, 'actor')}, "
        f"{counted(report.codes, 'code')}, {counted(report.segments, 'segment')}, "
        f"{counted(report.memo_links, 'memo link')}, {counted(report.revisions, 'revision')}, "
        f"{counted(report.references, 'reference')}",
        flush=True,
    )
    if not index_now and report.entries:
        catch_up_index(args)
    return 0


def catch_up_index(args: argparse.Namespace) -> None:
    """Index what the import added (only the difference), with a progress bar."""
    try:
        with open_journal(args, create=False) as journal:
            journal.catch_up_index(ProgressBar("indexing"))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        warn(
            "interrupted: the import is saved; search finds every imported entry once the "
            "index has caught up, the next time the journal is opened"
        )


def cmd_export(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        lines = journal.export_lines()
        if str(args.file) == "-":
            # The exchange format, exactly, into a pipe or a file; to a terminal it is shown,
            # the controls in JSON's own escapes (the same records).
            out = raw_stdout()
            shown = json_safe if out.isatty() else str
            for line in lines:
                out.write(shown(line) + "\n")
            return 0
        try:
            write_lines_atomically(args.file.expanduser(), lines)
        except InvalidInput as error:
            raise CommandError(str(error)) from None
    return 0


def cmd_salvage(args: argparse.Namespace) -> int:
    """Salvage into a file, then say what was saved, what was lost and what to do next."""
    with open_journal(args, create=False, search=False, warn_damage=False) as journal:
        try:
            report = journal.salvage(args.file)
        except InvalidInput as error:
            raise CommandError(str(error)) from None
    written = ", ".join(_count(n, kind) for kind, n in report.written.items())
    print(f"salvaged {written or 'nothing'} into {report.target}")
    for problem in report.problems:
        print(problem)
    if report.from_pages:
        print(f"{report.from_pages} rows were read from pages SQLite itself could not reach")
    for table, count in sorted(report.unreadable.items()):
        print(f"could not read {_count(count, table)}")
    if report.lost_entries:
        print(f"entries lost: {', '.join(report.lost_entries)}")
    for table, count in sorted(report.left_out.items()):
        print(f"left out {_count(count, table)}: unreadable, or what they belong to is lost")
    print(
        f"next: `fieldjournal --journal NEW-FOLDER import {report.target}` makes a new journal "
        "from it (chapters are not part of the exchange format)"
    )
    return 0


def _count(count: int, kind: str) -> str:
    """``3 entries``, ``1 memo link``: a count of a kind of record, in words."""
    words = kind.replace("_", " ")
    if count == 1:
        return f"1 {words}"
    return f"{count} {words[:-1] + 'ies' if words.endswith('y') else words + 's'}"
