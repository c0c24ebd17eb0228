"""``search``, ``reindex`` and ``check``: finding entries and keeping the index sound."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fieldjournal.cli.backup_commands import newest_snapshot_line
from fieldjournal.cli.common import (
    EXIT_INTERRUPTED,
    ProgressBar,
    open_journal,
    print_json,
    warn,
)
from fieldjournal.domain.wording import counted


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    find = commands.add_parser(
        "search",
        help='search entries (words, "phrases", OR, NOT, prefix*, kind:, actor:, code:, '
        "site:, date:)",
    )
    find.add_argument("query", nargs="?", default="", help="empty: every entry, newest first")
    find.add_argument("--kind", help="fieldnote, meeting or memo")
    find.add_argument("--actor", help="an actor's name, alias or pseudonym")
    find.add_argument("--code", help="a code path; its sub-codes match too")
    find.add_argument("--since", metavar="DATE", help="ISO 8601 date or time")
    find.add_argument("--until", metavar="DATE", help="ISO 8601; a date alone includes that day")
    find.add_argument(
        "--limit", type=int, default=20, metavar="N", help="show at most N hits (default: 20)"
    )
    find.add_argument("--json", action="store_true", help="print JSON")
    find.set_defaults(handler=cmd_search)
    rebuild = commands.add_parser("reindex", help="rebuild the search index from scratch")
    rebuild.set_defaults(handler=cmd_reindex)
    check = commands.add_parser(
        "check", help="check the database and the search index (exit 1 if anything is wrong)"
    )
    check.set_defaults(handler=cmd_check)


def cmd_search(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        journal.index_compared()  # a script gets a definitive answer, or a warning
        results = journal.search(
            args.query,
            kind=args.kind,
            actor=args.actor,
            code=args.code,
            since=args.since,
            until=args.until,
            limit=args.limit,
        )
        status = journal.index_status() if results.indexing else None
    if results.notice:
        warn(results.notice)
    if status is not None:
        total = counted(status.total, "entry")
        figures = f" ({status.indexed:,} of {total})" if status.total else ""
        warn(
            f"the search index is still being built{figures}; results may be incomplete "
            "(the app finishes it in the background; `fieldjournal check` waits for it)"
        )
    if args.json:
        hits: list[dict[str, Any]] = [
            {
                "id": h.id,
                "title": h.title,
                "kind": h.kind,
                "occurred_at": h.occurred_at,
                "score": round(h.score, 4),
                "snippet": h.snippet,
            }
            for h in results.hits
        ]
        print_json({"total": results.total, "hits": hits})
        return 0
    for hit in results.hits:
        print(f"{hit.id[:8]}  {hit.occurred_at:%Y-%m-%d}  {hit.kind.value:<9}  {hit.title}")
        print(f"    {hit.snippet}")
    print(
        f"{counted(results.total, 'entry')} {'matches' if results.total == 1 else 'match'}"
        + (f" (showing {len(results.hits)})" if results.total > len(results.hits) else "")
    )
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    try:
        with open_journal(args, create=False) as journal:
            count = journal.reindex(ProgressBar("indexing"))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        warn(
            "interrupted: nothing in the journal is lost; the search index catches up "
            "in the background the next time the journal is opened"
        )
        return EXIT_INTERRUPTED
    print(f"indexed {counted(count, 'entry')}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        problems = journal.check_consistency()
        print(newest_snapshot_line(journal.list_backups()))
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("the journal and its search index are sound")
    return 0
