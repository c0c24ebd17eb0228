"""The index's own bookkeeping: which entry versions it holds and what its files should be.

A small SQLite file inside the index folder, written after every Whoosh commit while the
write lock is held. It may lag behind the index (a crash between the two writes) but never
runs ahead of it, so comparing it with the database names every entry that may need
indexing again. File sizes and checksums of the (write-once) segment files catch
truncated or corrupted files on open without asking Whoosh to read them.
"""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from fieldjournal.search.schema import LAYOUT

LEDGER_NAME = "fieldjournal-ledger.sqlite"
_CHUNK = 1 << 20


class Interrupted(Exception):
    """A checksum pass stopped between two chunks (a search came first)."""


def file_checksum(path: Path, stop: Callable[[], bool] | None = None) -> int:
    """The file's CRC-32; ``stop()`` is asked before each chunk and raises ``Interrupted``."""
    crc = 0
    with path.open("rb") as handle:
        while True:
            if stop is not None and stop():
                raise Interrupted(path.name)
            chunk = handle.read(_CHUNK)
            if not chunk:
                return crc
            crc = zlib.crc32(chunk, crc)


class LedgerError(Exception):
    """The ledger is missing, unreadable or of another layout: the index must be rebuilt."""


class Ledger:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LEDGER_NAME

    @contextlib.contextmanager
    def _connected(self) -> Iterator[sqlite3.Connection]:
        """A connection on which a damaged ledger is a ``LedgerError`` (the index is then
        rebuilt) wherever it is found: opening only looks at the layout, and the full
        check is the deep pass's. A locked, full or unwritable disk is not damage: those
        errors pass as they are, to be told and tried again."""
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                conn.execute("PRAGMA synchronous = NORMAL")
                yield conn
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            if type(error) is not sqlite3.DatabaseError:  # locked, full, a constraint...
                raise
            raise LedgerError(f"the index ledger is unreadable ({error})") from None

    def create(self) -> None:
        """A fresh, empty ledger for a fresh, empty index (written aside, then renamed)."""
        temp = self.path.with_name(self.path.name + ".new")
        temp.unlink(missing_ok=True)
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.executescript(
                f"""
                CREATE TABLE indexed (id TEXT PRIMARY KEY, version INTEGER NOT NULL);
                CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER, crc INTEGER);
                PRAGMA user_version = {LAYOUT};
                """
            )
        finally:
            conn.close()
        temp.chmod(0o600)
        temp.replace(self.path)

    def check(self, *, thorough: bool = False) -> None:
        """Raise LedgerError unless the ledger exists, is of this layout and, ``thorough``,
        passes SQLite's quick check (a tenth of a second at 50,000 entries: the deep pass
        runs it, not the opening that the first search waits for)."""
        if not self.path.exists():
            raise LedgerError("the index ledger is missing")
        try:
            with self._connected() as conn:
                if thorough and conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise LedgerError("the index ledger is damaged")
                layout = conn.execute("PRAGMA user_version").fetchone()[0]
                conn.execute("SELECT count(*) FROM indexed JOIN files").fetchone()
        except sqlite3.DatabaseError as error:
            raise LedgerError(f"the index ledger is unreadable ({error})") from None
        if layout != LAYOUT:
            raise LedgerError("the index was written by another version")

    def count(self) -> int:
        """How many entries the index holds, as recorded by the commits."""
        with self._connected() as conn:
            return int(conn.execute("SELECT count(*) FROM indexed").fetchone()[0])

    def versions(self) -> dict[str, int]:
        with self._connected() as conn:
            return dict(conn.execute("SELECT id, version FROM indexed"))

    def versions_of(self, ids: list[str]) -> dict[str, int]:
        with self._connected() as conn:
            out: dict[str, int] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                out.update(
                    conn.execute(f"SELECT id, version FROM indexed WHERE id IN ({marks})", chunk)
                )
            return out

    def files(self) -> dict[str, tuple[int, int]]:
        with self._connected() as conn:
            return {n: (s, c) for n, s, c in conn.execute("SELECT name, size, crc FROM files")}

    def record(
        self,
        indexed: Mapping[str, int],
        removed: Iterable[str],
        files: Mapping[str, tuple[int, int]],
    ) -> None:
        """After a commit: these versions are in, these ids are out, these are the files."""
        with self._connected() as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("DELETE FROM indexed WHERE id = ?", ((i,) for i in removed))
            conn.executemany(
                "INSERT OR REPLACE INTO indexed (id, version) VALUES (?, ?)", indexed.items()
            )
            conn.execute("DELETE FROM files")
            conn.executemany(
                "INSERT INTO files (name, size, crc) VALUES (?, ?, ?)",
                ((n, s, c) for n, (s, c) in files.items()),
            )
            conn.execute("COMMIT")
