"""Commands on the actor register."""

from __future__ import annotations

import argparse

from fieldjournal.cli.common import open_journal, print_json


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actor = commands.add_parser("actor", help="people, organisations and groups")
    sub = actor.add_subparsers(
        dest="actor_command", metavar="ACTION", required=True, help="what to do"
    )

    add = sub.add_parser("add", help="add an actor")
    add.add_argument("name", help="the actor's real name (kept in the journal only)")
    _fields(add)
    add.set_defaults(handler=cmd_add)

    edit = sub.add_parser("edit", help="change an actor")
    edit.add_argument("name", help="name, alias or id")
    edit.add_argument("--name", dest="new_name", help="a new name")
    _fields(edit)
    edit.set_defaults(handler=cmd_edit)

    listing = sub.add_parser("list", help="list actors")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    merge = sub.add_parser("merge", help="fold one actor into another")
    merge.add_argument("source", help="the actor to fold in (name, alias or id); it goes")
    merge.add_argument("target", help="the actor that stays and takes its links")
    merge.set_defaults(handler=cmd_merge)


def _fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", help="person | organisation | group")
    parser.add_argument(
        "--sector",
        help="voluntary | nhs | local_authority | private | community | academic | other",
    )
    parser.add_argument("--role", help="their role, e.g. Chief officer")
    parser.add_argument("--affiliation", help="an organisation's name")
    parser.add_argument("--pseudonym", help="the name used in every export")
    parser.add_argument("--alias", action="append", metavar="A", help="repeatable")
    parser.add_argument(
        "--consent", help="consented | observe_only | no_quotes | withdrawn | unknown"
    )
    parser.add_argument("--notes", help="your notes about them")
    parser.add_argument(
        "--common-word",
        action=argparse.BooleanOptionalAction,
        help="the names are ordinary words (Hope, Green): exports replace them only where "
        "written as names",
    )


def _collect(args: argparse.Namespace) -> dict[str, object]:
    fields: dict[str, object] = {}
    for key in ("kind", "sector", "role", "affiliation", "pseudonym", "consent", "notes"):
        value = getattr(args, key)
        if value is not None:
            fields[key] = value
    if args.alias is not None:
        fields["aliases"] = args.alias
    if args.common_word is not None:
        fields["common_word"] = args.common_word
    return fields


def cmd_add(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        actor = journal.add_actor(args.name, **_collect(args))
    print(actor.id)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    fields = _collect(args)
    if args.new_name:
        fields["name"] = args.new_name
    with open_journal(args, create=False) as journal:
        actor = journal.update_actor(args.name, **fields)
    print(actor.id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        actors = journal.list_actors()
    if args.json:
        print_json(actors)
        return 0
    for actor in actors:
        extra = f" → {actor.pseudonym}" if actor.pseudonym else ""
        sector = actor.sector.value if actor.sector else "-"
        print(f"{actor.name}{extra}  [{actor.kind.value}, {sector}, {actor.consent.value}]")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        actor = journal.merge_actors(args.source, args.target)
    print(actor.id)
    return 0
