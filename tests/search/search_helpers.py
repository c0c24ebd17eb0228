"""Helpers shared by the search tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fieldjournal import Journal
from fieldjournal.search.clock import ManualClock
from fieldjournal.search.indexer import Indexer


def titles(journal: Journal, query: str = "", **filters: Any) -> list[str]:
    results = journal.search(query, limit=100, **filters)
    assert results.total == len(results.hits)
    return sorted(hit.title for hit in results.hits)


def open_driven(folder: Path, clock: ManualClock | None = None, **options: Any) -> Journal:
    """A journal whose indexer runs in the caller's thread, as ``clock`` moves on."""
    return Journal.open(folder, index_clock=clock or ManualClock(), **options)


def indexer_of(journal: Journal) -> Indexer:
    return journal._searching().indexer


def settle(journal: Journal) -> bool:
    """Let the indexer finish everything (a driven one: moving its clock on as it goes)."""
    return indexer_of(journal).settle(timeout=120)
