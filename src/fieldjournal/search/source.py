"""What the indexer reads the journal through: a protocol that the services implement.

The search package never imports the database layer; the journal's services hand the
indexer an object with these four methods (``services.index_documents``), and tests can
hand it a dictionary of documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from fieldjournal.search.schema import IndexDocument


class DocumentSource(Protocol):
    def live_versions(self) -> dict[str, int]:
        """Every live entry's id and version (a version changes whenever its text does)."""

    def live_count(self) -> int:
        """How many live entries there are."""

    def sample_texts(self, size: int | None = None) -> list[str]:
        """Up to ``size`` live entries' text (default: as many as the index learns from)."""

    def load(self, ids: list[str]) -> tuple[list[IndexDocument], list[str]]:
        """Documents for the live entries among ``ids``, read now; and the ids now gone."""
