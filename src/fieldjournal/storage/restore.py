"""Put a snapshot in place of ``journal.db``, atomically, with no stale WAL left behind.

Called only with the journal's engines disposed. A ``-wal`` left beside the database
would be replayed over the restored file and corrupt it, so whatever it still holds is
checkpointed into the old database (which a snapshot has already saved) and it is
removed, with ``-shm``, before the rename.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fieldjournal.domain.backups import Snapshot
from fieldjournal.storage.durable import copy_atomically, fsync_dir
from fieldjournal.storage.location import JournalPaths


def replace_database(paths: JournalPaths, snapshot: Snapshot) -> None:
    database = paths.database
    staged = database.with_name(f".{database.name}.restoring")
    copy_atomically(snapshot.path, staged)
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
