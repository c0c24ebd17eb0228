"""A stand-in for ``Journal.search`` with the facade's signature, for panel tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.search import SearchHit, SearchResults


class FakeSearch:
    def __init__(self, total: int = 3, ids: list[str] | None = None) -> None:
        self.total = total
        self.ids = ids
        self.calls: list[dict[str, Any]] = []
        self.indexing = False  # the index is still catching up

    def search(
        self,
        query: str | EntryQuery = "",
        *,
        limit: int = 20,
        offset: int = 0,
        facets: bool = False,
    ) -> SearchResults:
        wanted = query if isinstance(query, EntryQuery) else EntryQuery(text=query)
        self.calls.append(
            {
                "query": wanted.text,
                "kind": wanted.kind,
                "actor": wanted.actor,
                "code": wanted.code,
                "limit": limit,
                "offset": offset,
                "facets": facets,
            }
        )
        total = self.total if wanted.kind in (None, EntryKind.FIELDNOTE) else 0
        hits = tuple(
            SearchHit(
                id=self.ids[n] if self.ids else f"id-{n}",
                title=f"Note {n}",
                kind=EntryKind.FIELDNOTE,
                occurred_at=datetime(2016, 4, 5, 10, 30, tzinfo=UTC),
                score=1.0,
                snippet=f"they [[{wanted.text}]] the board",
                snippet_html=f'they <b class="match">{wanted.text}</b> the board',
            )
            for n in range(offset, min(offset + limit, total))
        )
        counts = {"kind": {"fieldnote": self.total}, "actor": {"Ann Example": 2}}
        return SearchResults(
            wanted.text, total, hits, counts if facets else {}, indexing=self.indexing
        )
