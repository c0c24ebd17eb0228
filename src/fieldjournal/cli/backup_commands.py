"""``backup now|list|verify|restore``: the journal's verified snapshots from the shell.

A restore asks nothing (scripts and a researcher in trouble both need it to just work)
but it is undoable: the journal as it was is snapshotted first, and the output says
which snapshot that is.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from fieldjournal.cli.common import CommandError, ProgressBar, open_journal, print_json, warn
from fieldjournal.domain.backups import BEFORE_UPGRADE, Snapshot, entries_text
from fieldjournal.domain.wording import counted


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup", help="verified snapshots of the journal: make, list, verify, restore"
    )
    actions = backup.add_subparsers(
        dest="backup_command", metavar="ACTION", required=True, help="what to do"
    )
    now = actions.add_parser("now", help="take a verified snapshot now")
    now.set_defaults(handler=cmd_now)
    listing = actions.add_parser("list", help="the snapshots, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)
    verify = actions.add_parser("verify", help="check a snapshot again (default: every one)")
    verify.add_argument("snapshot", nargs="?", help="a snapshot's name (or the start of it)")
    verify.set_defaults(handler=cmd_verify)
    restore = actions.add_parser(
        "restore", help="put a snapshot back (the journal as it is now is snapshotted first)"
    )
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("snapshot", nargs="?", help="a snapshot's name (or the start of it)")
    which.add_argument(
        "--latest", action="store_true", help="the newest snapshot that passes its check"
    )
    restore.set_defaults(handler=cmd_restore)


def age(snapshot: Snapshot, now: datetime | None = None) -> str:
    """How long ago, in the largest unit that fits: "3 minutes", "2 days"."""
    seconds = max(0, int(((now or datetime.now(UTC)) - snapshot.created_at).total_seconds()))
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' * (count != 1)}"
    return f"{seconds} second{'s' * (seconds != 1)}"


def describe(snapshot: Snapshot) -> str:
    entries = "" if snapshot.entries is None else f", {entries_text(snapshot.entries)}"
    state = "verified" if snapshot.verified else "not verified"
    if snapshot.kind == BEFORE_UPGRADE:
        state = "made before a schema upgrade"
    return f"{snapshot.name} ({snapshot.size / 1e6:.1f} MB{entries}, {state})"


def newest_snapshot_line(snapshots: list[Snapshot]) -> str:
    """For ``check``: how old the newest verified snapshot is (what a restore goes back to)."""
    newest = next((s for s in snapshots if s.verified), None)
    if newest is None:
        return "no verified snapshot yet: make one with `fieldjournal backup now`"
    return f"newest verified snapshot: {newest.name}, taken {age(newest)} ago"


def cmd_now(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        outcome = journal.backup_now()
    print(f"snapshot {describe(outcome.snapshot)}")
    if outcome.mirrored is not None:
        print(f"copied to {outcome.mirrored}")
    if outcome.mirror_notice:
        warn(outcome.mirror_notice)
    if outcome.removed:
        print(f"rotation removed {counted(len(outcome.removed), 'older snapshot')}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        snapshots = journal.list_backups()
        folder = journal.paths.backups
    if args.json:
        print_json(
            [
                {
                    "name": s.name,
                    "path": str(s.path),
                    "created_at": s.created_at,
                    "size": s.size,
                    "counts": dict(s.counts),
                    "verified": s.verified,
                    "kind": s.kind,
                    "schema_version": s.schema_version,
                }
                for s in snapshots
            ]
        )
        return 0
    if not snapshots:
        print(f"no snapshots yet in {folder} (make one with `fieldjournal backup now`)")
        return 0
    now = datetime.now(UTC)
    for s in snapshots:
        entries = "" if s.entries is None else entries_text(s.entries)
        state = {True: "verified", False: "NOT verified"}[s.verified]
        if s.kind == BEFORE_UPGRADE:
            state = "before upgrade"
        local = s.created_at.astimezone()
        print(
            f"{s.name}  {local:%Y-%m-%d %H:%M}  {age(s, now) + ' ago':>14}  "
            f"{s.size / 1e6:>7.1f} MB  {entries:>16}  {state}"
        )
    print(f"{counted(len(snapshots), 'snapshot')} in {folder}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:
        names = [args.snapshot] if args.snapshot else [s.name for s in journal.list_backups()]
        if not names:
            raise CommandError(f"there are no snapshots in {journal.paths.backups} to verify")
        bad = 0
        for name in names:
            snapshot, problems = journal.verify_backup(name)
            if problems:
                bad += 1
                print(f"{snapshot.name}: FAILED: {'; '.join(problems)}")
            else:
                print(f"{snapshot.name}: ok")
    if bad:
        raise CommandError(
            f"{bad} of {counted(len(names), 'snapshot')} failed the check; do not restore them"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from fieldjournal.services.journal import Journal

    # Without opening the journal first: it may be damaged, which is why it is restored.
    report = Journal.restore_folder(
        args.journal,
        None if args.latest else args.snapshot,
        ProgressBar("rebuilding the search index"),
    )
    for name in report.skipped:
        warn(f"skipped {name}: it failed its check")
    if report.before is not None:
        print(f"the journal as it was is kept as {report.before.name}")
    if report.damaged_copy is not None:
        print(
            f"the journal as it was failed its check; its files are kept as {report.damaged_copy}"
        )
    print(
        f"restored {report.restored.name} (taken {age(report.restored)} ago): "
        f"{entries_text(report.entries)}; the search index was rebuilt"
    )
    return 0
