"""Commits made to the journal's file by someone else: another process, another ``Journal``.

SQLite's ``PRAGMA data_version``, asked on one connection, changes whenever any *other*
connection has committed to the file. It reads only the shared-memory index, no page of
the database, so a window can ask twice a second while the researcher types.

This process's own commits come through other connections too (the engines' pools), so
each of them is told apart by the change counter the engine advances in the file with
every commit that changes a row (``PRAGMA user_version``, see ``engine``): the watch keeps
the counter values this process wrote, and the counter having moved past a value it did
not write means that someone else wrote. A question asked while one of our writes is under
way is not answered (ask again), so a counter value is never seen before it is known to be
ours.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class ChangeWatch:
    """Tells whether anyone but this process committed a change since it was last asked."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._guard = threading.Lock()
        self._writing = 0  # writes of this process under way
        self._pending = threading.local()  # the counter value a write is about to commit
        self._own: set[int] = set()  # counter values committed by this process
        self._seen: tuple[int, int] | None = None  # (data_version, counter) last read

    # --- told by the database as it writes ---------------------------------------------
    def write_started(self) -> None:
        with self._guard:
            self._writing += 1

    def counter_written(self, value: int) -> None:
        """Inside a write transaction (the engine's commit hook): this is the new counter."""
        self._pending.value = value

    def write_ended(self, *, committed: bool) -> None:
        value = getattr(self._pending, "value", None)
        self._pending.value = None
        with self._guard:
            self._writing -= 1
            if committed and value is not None:
                self._own.add(value)

    # --- asked by whoever shows the journal --------------------------------------------
    def start(self) -> None:
        """Take the file's state now as the one nothing has changed since."""
        with self._guard:
            self._seen = self._read()
            self._own.clear()

    def foreign_commits(self) -> bool | None:
        """Whether someone else committed since ``start`` or the last answer.

        None while a write of this process is under way: ask again shortly. The first
        question without ``start`` starts the watch and answers False.
        """
        with self._guard:
            if self._writing:
                return None
            data_version, counter = self._read()
            if self._seen is None:
                self._seen = (data_version, counter)
                self._own.clear()
                return False
            seen_version, seen_counter = self._seen
            if data_version == seen_version:
                return False
            self._seen = (data_version, counter)
            if counter < seen_counter:  # the file was replaced (a restore elsewhere)
                self._own.clear()
                return True
            theirs = any(v not in self._own for v in range(seen_counter + 1, counter + 1))
            self._own = {v for v in self._own if v > counter}
            return theirs

    def close(self) -> None:
        with self._guard:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _read(self) -> tuple[int, int]:
        if self._conn is None:
            self._conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        data_version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        counter = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        return data_version, counter
