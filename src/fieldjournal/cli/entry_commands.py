"""Commands on entries: init, add, edit, show, list, delete, restore, revisions."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldjournal.cli.common import CommandError, entry_query, open_journal, print_json, warn
from fieldjournal.domain.enums import EntryKind, parse_enum
from fieldjournal.domain.records import Entry, EntrySummary
from fieldjournal.domain.timeutil import parse_datetime
from fieldjournal.domain.wording import counted


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser("init", help="create a journal (the default or --journal DIR)")
    init.set_defaults(handler=cmd_init)

    add = commands.add_parser("add", help="add an entry; prints its id")
    add.add_argument("--kind", default="fieldnote", help="fieldnote | meeting | memo")
    add.add_argument("--title", default="", help="a short title (default: none)")
    _body_options(add)
    add.add_argument("--at", help="when it happened, ISO 8601 (default: now)")
    add.add_argument("--end", help="when it ended, ISO 8601")
    add.add_argument("--site", default="", help="where it happened")
    add.add_argument("--memo-type", help="reflexive | analytic | methodological | theoretical")
    add.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="NAME",
        help="link an actor, created if new (repeatable)",
    )
    add.add_argument(
        "--code",
        action="append",
        default=[],
        metavar="PATH",
        help="code the entry, e.g. Trust/System trust; created if new (repeatable)",
    )
    add.set_defaults(handler=cmd_add)

    edit = commands.add_parser("edit", help="change an entry")
    edit.add_argument("id", help="the entry's id (8 or more characters)")
    edit.add_argument("--title", help="the new title")
    _body_options(edit)
    edit.add_argument("--at", help="when it happened, ISO 8601")
    edit.add_argument("--end", help="when it ended, ISO 8601 ('' removes the end time)")
    edit.add_argument("--site", help="where it happened ('' removes it)")
    edit.add_argument("--kind", help="fieldnote | meeting | memo")
    edit.add_argument("--memo-type", help="reflexive | analytic | methodological | theoretical")
    edit.add_argument(
        "--add-actor",
        action="append",
        default=[],
        metavar="NAME",
        help="link an actor (repeatable)",
    )
    edit.add_argument(
        "--add-code",
        action="append",
        default=[],
        metavar="PATH",
        help="code the entry (repeatable)",
    )
    edit.set_defaults(handler=cmd_edit)

    show = commands.add_parser("show", help="print an entry")
    show.add_argument("id", help="the entry's id (8 or more characters)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_show)

    listing = commands.add_parser("list", help="list entries, newest first")
    listing.add_argument("--kind", help="only fieldnote, meeting or memo entries")
    listing.add_argument("--actor", metavar="NAME", help="only entries linked to this actor")
    listing.add_argument("--code", metavar="PATH", help="only entries with this code or below")
    listing.add_argument("--site", help="only entries at this site")
    listing.add_argument("--since", metavar="DATE", help="only from this ISO 8601 date or time")
    listing.add_argument("--until", metavar="DATE", help="only until this date (included)")
    listing.add_argument("--trash", action="store_true", help="list the trash instead")
    listing.add_argument("--limit", type=_positive, help="show at most N entries")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    for name, text, handler in (
        ("delete", "move an entry to the trash", cmd_delete),
        ("restore", "bring an entry back from the trash", cmd_restore),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("id", help="the entry's id (8 or more characters)")
        sub.set_defaults(handler=handler)

    revisions = commands.add_parser("revisions", help="earlier texts of an entry")
    revisions.add_argument("id", help="the entry's id (8 or more characters)")
    revisions.add_argument("--json", action="store_true", help="print JSON")
    revisions.set_defaults(handler=cmd_revisions)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _time_option(value: str | None, option: str) -> datetime | None:
    """Parse ``--at``/``--end`` here so that a mistake names the option the user typed."""
    return None if value is None else parse_datetime(value, option)


def _body_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--body", help="the text (or --body-file, or standard input for add)")
    group.add_argument(
        "--body-file", type=Path, metavar="FILE", help="read the text from a UTF-8 file"
    )


def read_body(args: argparse.Namespace, *, stdin_allowed: bool) -> str | None:
    """The body from --body, --body-file or piped standard input, as it was written.

    Line endings are read as newlines (text mode); form feeds and other controls are
    kept; only what the journal cannot store (NUL, broken characters) is replaced.
    """
    from fieldjournal.domain.text import storable_text

    if args.body is not None:
        text = args.body
    elif args.body_file is not None:
        try:
            text = args.body_file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{args.body_file} is not UTF-8 text") from None
        except OSError as error:
            raise CommandError(f"cannot read {args.body_file}: {error.strerror}") from None
    elif stdin_allowed and not sys.stdin.isatty():
        text = sys.stdin.read()
    else:
        return None
    cleaned = storable_text(text)
    if cleaned.replaced:
        warn(f"replaced {counted(cleaned.replaced, 'character')} the journal cannot store")
    return cleaned.text


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind.value,
        "memo_type": entry.memo_type.value if entry.memo_type else None,
        "title": entry.title,
        "occurred_at": entry.occurred_at.isoformat(),
        "ended_at": entry.ended_at.isoformat() if entry.ended_at else None,
        "site": entry.site,
        "actors": entry.actor_names,
        "actor_roles": {a.name: a.role.value for a in entry.actors},
        "codes": list(entry.codes),
        "body": entry.body,
        "segments": [
            {"id": s.id, "code": s.code_path, "start": s.start, "end": s.end, "text": s.text}
            for s in entry.segments
        ],
        "memo_links": [
            {"type": m.target_type.value, "id": m.target_id, "label": m.label}
            for m in entry.memo_links
        ],
        "created_at": entry.created_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
        "deleted_at": entry.deleted_at.isoformat() if entry.deleted_at else None,
    }


def summary_json(entry: EntrySummary) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind.value,
        "memo_type": entry.memo_type.value if entry.memo_type else None,
        "title": entry.title,
        "occurred_at": entry.occurred_at.isoformat(),
        "site": entry.site,
        "actors": list(entry.actors),
        "codes": list(entry.codes),
        "first_line": entry.first_line,
    }


def cmd_init(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        print(journal.paths.root)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    parse_enum(EntryKind, args.kind, "entry kind")  # refuse before creating a journal
    body = read_body(args, stdin_allowed=True) or ""
    occurred_at, ended_at = _time_option(args.at, "--at"), _time_option(args.end, "--end")
    with open_journal(args) as journal:
        entry = journal.add_entry(
            kind=args.kind,
            title=args.title,
            body=body,
            occurred_at=occurred_at,
            ended_at=ended_at,
            site=args.site,
            memo_type=args.memo_type,
            actors=args.actor,
            codes=args.code,
        )
        print(entry.id)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for option, field in (
        ("title", "title"),
        ("at", "occurred_at"),
        ("end", "ended_at"),
        ("site", "site"),
        ("kind", "kind"),
        ("memo_type", "memo_type"),
    ):
        value = getattr(args, option)
        if option == "end" and value is not None and not value.strip():
            changes[field] = None  # --end '' removes the end time
        elif value is not None:
            changes[field] = (
                _time_option(value, f"--{option}") if option in ("at", "end") else value
            )
    body = read_body(args, stdin_allowed=False)
    if body is not None:
        changes["body"] = body
    if not changes and not args.add_actor and not args.add_code:
        raise CommandError("nothing to change; give --title, --body, --at, ... ")
    with open_journal(args, create=False) as journal:
        entry = journal.get_entry(args.id)
        if changes:
            outcome = journal.entries.update(entry.id, **changes)
            entry = outcome.value
            for segment in outcome.changes.dropped_segments:
                warn(f"removed coding {segment.code_path} of deleted text {segment.text!r}")
        for name in args.add_actor:
            entry = journal.link_actor(entry.id, name)
        for path in args.add_code:
            entry = journal.add_entry_code(entry.id, path)
        print(entry.id)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        entry = journal.get_entry(args.id)
    if args.json:
        print_json(entry_json(entry))
        return 0
    print(entry.label)
    print(
        f"{entry.kind.label} · {entry.occurred_at:%Y-%m-%d %H:%M %z}"
        + (f" · {entry.site}" if entry.site else "")
    )
    if entry.actors:
        print("Actors: " + ", ".join(f"{a.name} ({a.role.value})" for a in entry.actors))
    if entry.codes:
        print("Codes: " + ", ".join(entry.codes))
    if entry.deleted_at:
        print("(in the trash)")
    print()
    print(entry.body)
    for segment in entry.segments:
        print(f"  [{segment.code_path}] {segment.start}-{segment.end}: {segment.text}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_journal(args, create=False, search=False) as journal:  # the database answers
        entries = journal.list_entries(entry_query(args), limit=args.limit)
    if args.json:
        print_json([summary_json(e) for e in entries])
        return 0
    for entry in entries:
        when = f"{entry.occurred_at:%Y-%m-%d %H:%M}"
        print(f"{entry.id[:8]}  {when}  {entry.kind.value:<9}  {entry.label}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        entry = journal.delete_entry(args.id)
    print(f"moved to the trash: {entry.id}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        entry = journal.restore_entry(args.id)
    print(f"restored: {entry.id}")
    return 0


def cmd_revisions(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        revisions = journal.revisions(args.id)
    if args.json:
        print_json(revisions)
        return 0
    for revision in revisions:
        print(f"#{revision.id}  until {revision.saved_at:%Y-%m-%d %H:%M}  {revision.title}")
    return 0
