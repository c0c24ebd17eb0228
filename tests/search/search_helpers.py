"""Helpers shared by the search tests."""

from __future__ import annotations

from typing import Any

from fieldjournal import Journal


def titles(journal: Journal, query: str = "", **filters: Any) -> list[str]:
    results = journal.search(query, limit=100, **filters)
    assert results.total == len(results.hits)
    return sorted(hit.title for hit in results.hits)
