"""What a search answers with: hits from the database, in the index's order.

The index returns entry ids and scores; titles, dates and snippets come from the
database text, so a hit always shows the entry as it is now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.search import SearchHit
from fieldjournal.domain.text import first_line
from fieldjournal.storage.engine import Database
from fieldjournal.storage.repositories.entries import live_rows, occurred

if TYPE_CHECKING:
    from fieldjournal.search.index import RawResults


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
                first_line=first_line(row.body),
            )
        )
    return tuple(hits)
