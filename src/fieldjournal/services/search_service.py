"""The journal's search calls: a thin facade over the indexer in ``search/``.

``search.indexer.Indexer`` keeps the index in step with the journal (in the background,
off the save path) and ``search.maintenance`` rebuilds and checks it; this module reads
the journal for them (``index_documents``), turns the caller's arguments into filters
and the index's hits into entries as they are now in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.queries import EntryQuery, search_fields
from fieldjournal.domain.search import IndexStatus, SearchResults
from fieldjournal.search.indexer import Indexer, Progress
from fieldjournal.services.context import ServiceContext
from fieldjournal.services.index_documents import JournalDocuments
from fieldjournal.services.search_results import hits_of

if TYPE_CHECKING:
    from fieldjournal.search.clock import Clock

__all__ = ["Progress", "SearchService"]


class SearchService:
    """The journal's index hook and its search, reindex, check and status calls."""

    def __init__(
        self, ctx: ServiceContext, *, clock: Clock | None = None, lock_timeout: float = 60.0
    ) -> None:
        self.db = ctx.db
        self.indexer = Indexer(
            ctx.paths.index, JournalDocuments(ctx), clock=clock, lock_timeout=lock_timeout
        )

    # --- the index hook ---------------------------------------------------------------
    def entries_changed(self, entry_ids: Collection[str]) -> None:
        self.indexer.entries_changed(entry_ids)

    def entries_removed(self, entry_ids: Collection[str]) -> None:
        self.indexer.entries_removed(entry_ids)

    def close(self) -> None:
        self.indexer.close()

    # --- searching -----------------------------------------------------------------------
    def search(
        self, query: EntryQuery, *, limit: int = 20, offset: int = 0, facets: bool = False
    ) -> SearchResults:
        if limit < 0 or offset < 0:
            raise InvalidInput("limit and offset must not be negative")
        search_fields(query)  # a filter the index cannot answer is refused, not ignored
        with self.indexer.searching():  # the comparison on open waits for the answer
            return self._search(query, limit, offset, facets)

    def _search(self, query: EntryQuery, limit: int, offset: int, facets: bool) -> SearchResults:
        from fieldjournal.search.store import IndexBroken

        self.indexer.flush(unless_catching_up=True)  # read-your-writes, never minutes of wait
        try:
            raw = self.indexer.index().search(query, limit=limit, offset=offset, facets=facets)
        except IndexBroken as error:
            self.indexer.schedule_rebuild(str(error))
            return SearchResults(
                query=query.text,
                total=0,
                hits=(),
                indexing=True,
                notice="the search index was damaged and is being rebuilt; try again shortly",
            )
        return SearchResults(
            query=query.text,
            total=raw.total,
            hits=hits_of(self.db, raw),
            facets=raw.facets,
            indexing=self.indexer.indexing,
            notice=raw.notice,
        )

    # --- keeping the index sound ---------------------------------------------------------
    def reindex(
        self, progress: Progress | None = None, stop: Callable[[], bool] | None = None
    ) -> int:
        from fieldjournal.search.maintenance import rebuild

        return rebuild(self.indexer, progress, stop)

    def check(self) -> list[str]:
        from fieldjournal.search.maintenance import check

        return check(self.indexer)

    def status(self) -> IndexStatus:
        return self.indexer.status()

    def flush(self, timeout: float | None = None) -> bool:
        return self.indexer.flush(timeout)

    def compared(self, timeout: float | None = None) -> bool:
        return self.indexer.compared(timeout)

    def catch_up(self, progress: Progress | None = None) -> IndexStatus:
        return self.indexer.catch_up(progress)
