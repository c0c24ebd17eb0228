"""What a search answers with: filters from the caller's arguments, hits from the database.

The index returns entry ids and scores; titles, dates and snippets come from the
database text, so a hit always shows the entry as it is now.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from fieldjournal.domain.enums import EntryKind, parse_enum
from fieldjournal.domain.search import SearchHit
from fieldjournal.domain.timeutil import parse_datetime
from fieldjournal.storage.engine import Database
from fieldjournal.storage.repositories.entries import live_rows, occurred

if TYPE_CHECKING:
    from fieldjournal.search.index import Filters, RawResults


def filters_from(
    kind: str | None,
    actor: str | None,
    code: str | None,
    since: datetime | str | None,
    until: datetime | str | None,
) -> Filters:
    """The filters given as arguments, checked (a bad kind or date raises InvalidInput)."""
    from fieldjournal.search.index import Filters
    from fieldjournal.search.schema import utc_micros

    return Filters(
        kind=parse_enum(EntryKind, kind, "entry kind").value if kind else None,
        actor=actor or None,
        code=code or None,
        since=utc_micros(parse_datetime(since, "since")) if since else None,
        until=utc_micros(_end_of(until)) if until else None,
    )


def hits_of(db: Database, raw: RawResults) -> tuple[SearchHit, ...]:
    """Titles, dates and snippets from the database text, in the index's order.

    An entry trashed by another process since it was indexed is left out.
    """
    from fieldjournal.search.snippets import make_snippet

    with db.reading() as session:
        rows = live_rows(session, [hit.id for hit in raw.hits])
    hits = []
    for hit in raw.hits:
        row = rows.get(hit.id)
        if row is None:
            continue
        plain, html = make_snippet(row.body or row.title, raw.marks)
        hits.append(
            SearchHit(
                id=row.id,
                title=row.title,
                kind=EntryKind(row.kind),
                occurred_at=occurred(row),
                score=hit.score,
                snippet=plain,
                snippet_html=html,
                site=row.site,
            )
        )
    return tuple(hits)


def _end_of(value: datetime | str) -> datetime:
    """``until`` as given; a date alone means the whole of that day."""
    moment = parse_datetime(value, "until")
    if isinstance(value, str) and len(value.strip()) == 10:
        moment += timedelta(days=1, microseconds=-1)
    return moment
