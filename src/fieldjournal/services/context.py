"""What every service shares: the database, the index hook and change listeners."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlalchemy.orm import Session

from fieldjournal.domain.records import ChangeSet
from fieldjournal.services.indexing import IndexHook
from fieldjournal.storage.engine import Database
from fieldjournal.storage.location import JournalPaths
from fieldjournal.storage.models import EntryRow

Listener = Callable[[ChangeSet], None]


@dataclass
class ServiceContext:
    paths: JournalPaths
    db: Database
    index: IndexHook
    listeners: list[Listener] = field(default_factory=list)

    def committed(self, changes: ChangeSet) -> ChangeSet:
        """After a commit: update the index, then tell every listener."""
        live = changes.entries - changes.removed_entries
        if live:
            self.index.entries_changed(live)
        if changes.removed_entries:
            self.index.entries_removed(changes.removed_entries)
        for listener in list(self.listeners):
            listener(changes)
        return changes


def bump_versions(session: Session, entry_ids: Collection[str]) -> None:
    """Mark entries whose indexed content changed (their links, codes or names)."""
    ids = list(entry_ids)
    for start in range(0, len(ids), 500):
        session.execute(
            update(EntryRow)
            .where(EntryRow.id.in_(ids[start : start + 500]))
            .values(version=EntryRow.version + 1)
        )
