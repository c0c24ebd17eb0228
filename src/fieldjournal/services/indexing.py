"""The seam between services and the search index.

Services call the hook only after their transaction has committed, with the ids of
entries whose indexed content changed. The search package provides the real hook; the
null hook serves journals opened without search (imports into a fresh journal that is
indexed in bulk afterwards, tests of the core).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol


class IndexHook(Protocol):
    def entries_changed(self, entry_ids: Collection[str]) -> None:
        """These entries were added, edited, relinked, trashed or restored."""

    def entries_removed(self, entry_ids: Collection[str]) -> None:
        """These entries no longer exist."""

    def close(self) -> None:
        """Finish pending work; the journal is closing."""


class NullIndexHook:
    def entries_changed(self, entry_ids: Collection[str]) -> None:
        pass

    def entries_removed(self, entry_ids: Collection[str]) -> None:
        pass

    def close(self) -> None:
        pass
