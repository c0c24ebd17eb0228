"""Put a snapshot in place of ``journal.db``, atomically, with no stale WAL left behind.

Called only with the journal's engines disposed. A ``-wal`` left beside the database
would be replayed over the restored file and corrupt it, so whatever it still holds is
checkpointed into the old database (which a snapshot has already saved) and it is
removed, with ``-shm``, before the rename.

The restored file gets a change counter above every snapshot's and the replaced
journal's: it differs from the newest snapshot (the journal as it was before), so it is
snapshotted in turn, and a later change can never count its way back to the counter of
a snapshot that holds something else.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from fieldjournal.domain.backups import Snapshot
from fieldjournal.domain.errors import BackupFailed, NotFound
from fieldjournal.storage.backups import (
    change_counter,
    find_snapshot,
    list_snapshots,
    set_change_counter,
    stamp,
    verify_snapshot,
)
from fieldjournal.storage.durable import copy_atomically, fsync_dir
from fieldjournal.storage.location import JournalPaths, make_private_dir


def replace_database(paths: JournalPaths, snapshot: Snapshot) -> None:
    database = paths.database
    staged = database.with_name(f".{database.name}.restoring")
    copy_atomically(snapshot.path, staged)
    known = [s.changes for s in list_snapshots(paths.root) if s.changes is not None]
    set_change_counter(staged, max([*known, change_counter(database) or 0]) + 1)
    _checkpoint(database)
    for leftover in paths.database_files()[1:]:
        leftover.unlink(missing_ok=True)
    staged.replace(database)
    fsync_dir(database.parent)
    paths.secure()


def _checkpoint(database: Path) -> None:
    if not database.with_name(database.name + "-wal").exists():
        return
    try:
        conn = sqlite3.connect(database, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:  # a damaged journal: its WAL goes with it, it was copied aside
        pass


def choose_snapshot(journal_dir: Path, name: str | None) -> tuple[Snapshot, tuple[str, ...]]:
    """The snapshot to restore, checked again now; for the latest, the newest that passes.

    Returns it and the names of newer verified snapshots that failed their check again.
    """
    if name is not None:
        target = find_snapshot(journal_dir, name)
        problems = verify_snapshot(target)
        if problems:
            raise BackupFailed(
                f"{target.name} failed its check ({problems[0]}); nothing was restored"
            )
        return target, ()
    skipped: list[str] = []
    for candidate in (s for s in list_snapshots(journal_dir) if s.verified):
        if not verify_snapshot(candidate):
            return candidate, tuple(skipped)
        skipped.append(candidate.name)
    if not skipped:
        raise NotFound(
            f"there is no verified snapshot in {JournalPaths(journal_dir).backups} "
            "(make one with `fieldjournal backup now`)"
        )
    raise BackupFailed(
        f"none of the {len(skipped)} snapshots passes its check now; nothing was restored"
    )


def keep_damaged_copy(paths: JournalPaths, now: datetime) -> Path:
    """Copy the database (and its WAL) aside as it is, when it cannot be snapshotted.

    Restoring over a journal that fails its check must not destroy the only copy of what
    it still holds: salvage can read it later.
    """
    make_private_dir(paths.backups)
    target = paths.backups / f"damaged-{stamp(now)}.db"
    copy_atomically(paths.database, target)
    wal = paths.database_files()[1]
    if wal.exists():
        copy_atomically(wal, target.with_name(target.name + "-wal"))
    return target
