"""Search hits as an item model that fetches further pages as the view scrolls."""

from __future__ import annotations

import html
import re
from typing import Any, Protocol

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.search import SearchHit, SearchResults
from fieldjournal.gui.widgets.formatting import short_date
from fieldjournal.gui.widgets.icons import kind_icon

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE = 30
_MATCH = re.compile(r'<b class="match">(.*?)</b>', re.DOTALL)

AnyIndex = QModelIndex | QPersistentModelIndex


class SearchSource(Protocol):
    """The part of the ``Journal`` facade that search uses (a fake in some tests)."""

    def search(
        self,
        query: str | EntryQuery = "",
        *,
        limit: int = 20,
        offset: int = 0,
        facets: bool = False,
    ) -> SearchResults: ...


def matched_terms(hits: tuple[SearchHit, ...] | list[SearchHit]) -> list[str]:
    """The words the index marked in the snippets: what to highlight in the body."""
    found: dict[str, None] = {}
    for hit in hits:
        for match in _MATCH.finditer(hit.snippet_html):
            term = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()
            if term:
                found.setdefault(term.casefold())
    return list(found)


class SearchModel(QAbstractListModel):
    def __init__(self, journal: SearchSource) -> None:
        super().__init__()
        self._journal = journal
        self._hits: list[SearchHit] = []
        self._results: SearchResults | None = None
        self._query = EntryQuery()
        self._fetching = False

    @property
    def results(self) -> SearchResults | None:
        return self._results

    @property
    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def run(self, query: EntryQuery) -> SearchResults:
        """Search anew (first page with facets); later pages come through ``fetchMore``."""
        results = self._journal.search(query, limit=PAGE, offset=0, facets=True)
        self.beginResetModel()
        self._query = query
        self._results = results
        self._hits = list(results.hits)
        self.endResetModel()
        return results

    def show(self, hits: list[SearchHit]) -> None:
        """Show these hits as they are (entries listed from elsewhere, e.g. behind a chart)."""
        self.beginResetModel()
        self._query = EntryQuery()
        self._results = None
        self._hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._hits = []
        self._results = None
        self._query = EntryQuery()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid() or self._results is None or self._fetching:
            return False
        return len(self._hits) < self._results.total

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        results = self._journal.search(self._query, limit=PAGE, offset=len(self._hits))
        fresh = list(results.hits)
        if not fresh:
            assert self._results is not None
            self._results = SearchResults(
                self._results.query, len(self._hits), tuple(self._hits), self._results.facets
            )
            return
        first = len(self._hits)
        self._fetching = True  # views may ask for more while rows are being inserted
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._hits.extend(fresh)
            self.endInsertRows()
        finally:
            self._fetching = False

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.label
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(hit.kind)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.label}, {short_date(hit.occurred_at)}: {hit.snippet}"
        if role == HIT_ROLE:
            return hit
        if role == ENTRY_ID_ROLE:
            return hit.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
