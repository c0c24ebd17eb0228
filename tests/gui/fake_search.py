"""A stand-in for ``Journal.search`` with the facade's signature, for panel tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.search import SearchHit, SearchResults


class FakeSearch:
    def __init__(self, total: int = 3, ids: list[str] | None = None) -> None:
        self.total = total
        self.ids = ids
        self.calls: list[dict[str, Any]] = []
        self.indexing = False  # the index is still catching up

    def search(
        self, query: str = "", *, limit: int = 20, offset: int = 0, **filters: Any
    ) -> SearchResults:
        self.calls.append({"query": query, "limit": limit, "offset": offset, **filters})
        kind = filters.get("kind")
        total = self.total if kind in (None, "fieldnote") else 0
        hits = tuple(
            SearchHit(
                id=self.ids[n] if self.ids else f"id-{n}",
                title=f"Note {n}",
                kind=EntryKind.FIELDNOTE,
                occurred_at=datetime(2016, 4, 5, 10, 30, tzinfo=UTC),
                score=1.0,
                snippet=f"they [[{query}]] the board",
                snippet_html=f'they <b class="match">{query}</b> the board',
            )
            for n in range(offset, min(offset + limit, total))
        )
        facets = {"kind": {"fieldnote": self.total}, "actor": {"Ann Example": 2}}
        return SearchResults(
            query, total, hits, facets if filters.get("facets") else {}, indexing=self.indexing
        )
