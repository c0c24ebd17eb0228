"""Commands on the codebook and on coded segments."""

from __future__ import annotations

import argparse

from fieldjournal.cli.common import open_journal, print_json
from fieldjournal.domain.wording import counted


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    code = commands.add_parser("code", help="the codebook and coded segments")
    sub = code.add_subparsers(
        dest="code_command", metavar="ACTION", required=True, help="what to do"
    )

    add = sub.add_parser("add", help="add a code (Parent/Child paths create parents)")
    add.add_argument("path", help="the code's path, e.g. Trust/System trust")
    add.add_argument("--description", default="", help="what the code means")
    add.add_argument("--colour", "--color", dest="colour", help="#RRGGBB")
    add.set_defaults(handler=cmd_add)

    listing = sub.add_parser("list", help="the codebook with counts")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    apply = sub.add_parser("apply", help="code a span of an entry's text")
    apply.add_argument("entry_id", help="the entry's id (8 or more characters)")
    apply.add_argument("path", help="the code's path (created if new)")
    apply.add_argument("--start", type=int, required=True, help="code-point offset")
    apply.add_argument("--end", type=int, required=True, help="code-point offset, exclusive")
    apply.add_argument("--memo", default="", help="a note on this coded passage")
    apply.set_defaults(handler=cmd_apply)

    rename = sub.add_parser("rename", help="rename a code (links are kept)")
    rename.add_argument("path", help="the code's path, e.g. Trust/System")
    rename.add_argument("new_name", help="its new name (the last part of the path)")
    rename.set_defaults(handler=cmd_rename)

    move = sub.add_parser(
        "move", help="move a code (with its children) under another, or to the top level"
    )
    move.add_argument("path", help="the code to move")
    move.add_argument("parent", nargs="?", help="its new parent (leave out for the top level)")
    move.set_defaults(handler=cmd_move)

    segments = sub.add_parser("segments", help="coded segments under a code")
    segments.add_argument("path", nargs="?", help="a code path, with its sub-codes (default: all)")
    segments.add_argument("--json", action="store_true", help="print JSON")
    segments.set_defaults(handler=cmd_segments)


def cmd_add(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        code = journal.add_code(args.path, description=args.description, colour=args.colour)
    print(code.path)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        codes = journal.list_codes()
    if args.json:
        print_json(codes)
        return 0
    for code in codes:
        depth = code.path.count("/")
        counts = f"{counted(code.entry_count, 'entry')}, {counted(code.segment_count, 'segment')}"
        if (code.entry_total, code.segment_total) != (code.entry_count, code.segment_count):
            counts += (
                f"; with the codes under it {counted(code.entry_total, 'entry')}, "
                f"{counted(code.segment_total, 'segment')}"
            )
        print(f"{'  ' * depth}{code.name}  ({counts})")
    return 0


def cmd_apply(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        segment = journal.code_segment(
            args.entry_id, args.path, args.start, args.end, memo=args.memo
        )
    print(segment.id)
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        print(journal.rename_code(args.path, args.new_name).path)
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        print(journal.move_code(args.path, args.parent).path)
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        segments = journal.list_segments(args.path)
    if args.json:
        print_json(segments)
        return 0
    for segment in segments:
        print(f"{segment.id[:8]}  {segment.entry_id[:8]}  [{segment.code_path}]  {segment.text}")
    return 0
