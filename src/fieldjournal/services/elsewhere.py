"""What other processes changed in the journal since the last look.

A window stays open for hours while a script, an import or the command line writes to the
same file. ``changed`` answers, cheaply enough to be asked twice a second, with the
``ChangeSet`` of everything committed by someone else since it was last asked: the entries
whose version moved (each edit, link, trash or restore advances it), those that are gone,
and every other kind of record as possibly changed (one look at them is cheaper than
finding out). The index and this journal's listeners are told as of a commit made here,
so every screen refreshes the way it does after its own actions.
"""

from __future__ import annotations

import threading

from fieldjournal.domain.records import ChangeSet
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage.engine import Database
from fieldjournal.storage.repositories import entries as entry_repo

# Every record but entries is taken as possibly changed by a commit from elsewhere.
EVERYTHING_ELSE = ChangeSet(
    actors=True, codes=True, segments=True, memos=True, chapters=True, references=True
)


class ElsewhereService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._versions: dict[str, int] = {}
        self._watched: Database | None = None  # a restore puts a new database in place
        # Entries this process wrote since the versions were read: one made here and then
        # deleted for good elsewhere is in neither reading, and must still be told gone.
        self._ours: set[str] = set()
        self._ours_lock = threading.Lock()
        ctx.listeners.append(self._heard)

    def _heard(self, changes: ChangeSet) -> None:
        with self._ours_lock:
            self._ours |= changes.entries

    def changed(self) -> ChangeSet:
        """Everything another process committed since the last call (empty: nothing).

        The first call only starts watching: call it once before reading what is shown.
        """
        db = self.ctx.db
        if self._watched is not db:
            db.watch.start()
            self._versions = self._read_versions()
            self._watched = db
            return ChangeSet()
        if not db.foreign_commits():
            return ChangeSet()
        with self._ours_lock:
            ours, self._ours = self._ours, set()
        before, now = self._versions, self._read_versions()
        self._versions = now
        removed = (before.keys() | ours) - now.keys()
        moved = {i for i, version in now.items() if before.get(i) != version}
        changes = EVERYTHING_ELSE | ChangeSet(
            entries=frozenset(moved | removed), removed_entries=frozenset(removed)
        )
        return self.ctx.committed(changes)

    def _read_versions(self) -> dict[str, int]:
        with self.ctx.db.reading() as session:
            return entry_repo.versions(session)
