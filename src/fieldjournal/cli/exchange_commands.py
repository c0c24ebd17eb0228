"""``import`` and ``export`` in the JSON Lines exchange format."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from fieldjournal.cli.common import CommandError, ProgressBar, open_journal, warn

# Files up to this many lines are searchable as soon as the import returns.
INDEX_AT_ONCE = 2_000


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = commands.add_parser("import", help="import a JSON Lines file (all or nothing)")
    imp.add_argument("file", type=Path, help="a .jsonl file, or - for standard input")
    imp.set_defaults(handler=cmd_import)
    exp = commands.add_parser("export", help="export the whole journal as JSON Lines")
    exp.add_argument("file", type=Path, help="a .jsonl file, or - for standard output")
    exp.set_defaults(handler=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    try:
        if str(args.file) == "-":
            lines = sys.stdin.read().splitlines()
        else:
            lines = args.file.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise CommandError(f"{args.file} is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    # A large file is imported without the index (closing would index every entry in
    # one batch with no progress); once it is committed, the index catches up below.
    index_now = len(lines) <= INDEX_AT_ONCE
    with open_journal(args, search=index_now) as journal:
        report = journal.import_lines(lines)
    print(
        f"imported {report.entries} entries, {report.actors} actors, {report.codes} codes, "
        f"{report.segments} segments, {report.memo_links} memo links, "
        f"{report.revisions} revisions",
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
            for line in lines:
                sys.stdout.write(line + "\n")
            return 0
        target = args.file.expanduser()
        if target.is_dir():
            raise CommandError(f"{target} is a folder; give the name of a file to write")
        if not target.parent.is_dir():
            raise CommandError(f"cannot write {target}: the folder {target.parent} does not exist")
        # Written beside the target and renamed, so a failure never leaves half a file.
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=target.parent or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                for line in lines:
                    out.write(line + "\n")
                out.flush()
                os.fsync(out.fileno())
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return 0
