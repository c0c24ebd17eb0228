"""``search``, ``reindex`` and ``check``: finding entries and keeping the index sound."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from fieldjournal.cli.backup_commands import newest_snapshot_line
from fieldjournal.cli.common import (
    EXIT_INTERRUPTED,
    ProgressBar,
    entry_query,
    open_journal,
    print_json,
    warn,
)
from fieldjournal.domain.wording import counted

if TYPE_CHECKING:
    from fieldjournal.domain.search import IndexStatus, SearchResults
    from fieldjournal.services.journal import Journal


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
    find.add_argument("--site", help="where the entries were written")
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
    try:
        with open_journal(args, create=False) as journal:
            results, status = _search(journal, args)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        warn(
            "interrupted while the search index caught up: nothing in the journal is lost; "
            "the index catches up the next time the journal is opened"
        )
        return EXIT_INTERRUPTED
    if results.notice:
        warn(results.notice)
    if status is not None:
        total = counted(status.total, "entry")
        figures = f" ({status.indexed:,} of {total})" if status.total else ""
        full = [p for p in status.problems if "is full" in p]  # the only reason left
        warn(full[-1] if full else f"the search index is incomplete{figures}")
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
        print(f"{hit.id[:8]}  {hit.occurred_at:%Y-%m-%d}  {hit.kind.value:<9}  {hit.label}")
        print(f"    {hit.snippet}")
    print(
        f"{counted(results.total, 'entry')} {'matches' if results.total == 1 else 'match'}"
        + (f" (showing {len(results.hits)})" if results.total > len(results.hits) else "")
    )
    return 0


def _search(journal: Journal, args: argparse.Namespace) -> tuple[SearchResults, IndexStatus | None]:
    """Search once the index has caught up, so that no answer means "not indexed yet".

    A missing, damaged or behind index is repaired first (a progress bar after a second);
    only an index that cannot be written (no room on the disk) answers as it is, and the
    status returned says so.
    """
    journal.index_compared()
    if journal.index_status().busy:
        journal.catch_up_index(ProgressBar("indexing", after=1.0))
    results = journal.search(entry_query(args, args.query), limit=args.limit)
    return results, journal.index_status() if results.indexing else None


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
