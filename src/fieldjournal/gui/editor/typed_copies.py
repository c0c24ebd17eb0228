"""What is typed over an entry, when the entry changed elsewhere meanwhile.

The editor never overwrites newer words unseen: it shows both texts (``text_of``), can put
what was typed in a new entry of its own (``copy_of``), and keeps unsaved typing while it
takes links and the version from the journal (``with_links``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.records import Entry
from fieldjournal.domain.text import first_line


def text_of(title: str, body: str) -> str:
    return f"{title}\n\n{body}" if title else body


def copy_of(base: Entry, changes: dict[str, Any]) -> dict[str, Any]:
    """A new entry holding what was typed over ``base``, with its links."""
    fields = {f: changes.get(f, getattr(base, f)) for f in ("title", "body", "site")}
    title = fields["title"].strip() or first_line(fields["body"], 60)
    kind = changes.get("kind", base.kind.value)
    memo_type = changes.get("memo_type", base.memo_type.value if base.memo_type else None)
    return {
        **fields,
        "title": f"{title} (my version)" if title else "My version",
        "kind": kind,
        "memo_type": memo_type if kind == EntryKind.MEMO.value else None,
        "occurred_at": changes.get("occurred_at", base.occurred_at),
        "ended_at": changes.get("ended_at", base.ended_at),
        "actors": [(a.name, a.role) for a in base.actors],
        "codes": list(base.codes),
    }


def with_links(typed: Entry, fresh: Entry) -> Entry:
    """Keep the unsaved text base but take the fresh links and version."""
    return replace(
        typed,
        actors=fresh.actors,
        codes=fresh.codes,
        segments=fresh.segments,
        memo_links=fresh.memo_links,
        version=fresh.version,
    )
