"""The SQLite engine: WAL, foreign keys, full sync, a busy timeout, explicit transactions.

Write units of work begin with ``BEGIN IMMEDIATE`` so that a second process waits for the
write lock (busy timeout) instead of failing halfway through a transaction; reads begin
deferred and never block writers under WAL.

Every failure of a unit of work is put into the researcher's words here (``failures``):
a full disk, a refused permission, a lock held too long, a damaged file. Once the file is
known to be damaged (on open, by ``quick_check``, or by any read that meets a bad page),
every write is refused with the same sentence: the journal is read-only until it is
restored or salvaged.

Every write transaction that changes a row also advances a change counter kept in the
file itself (``PRAGMA user_version``, which Alembic does not use), in the same
transaction: a snapshot's manifest records the counter it copied, so "changed since the
newest snapshot" is one comparison, true across processes and crashes, with no schema
change.

The same counter tells this process's commits from everyone else's (``change_watch``):
``foreign_commits`` is what a window asks, twice a second, to show what a script or an
import in another process changed.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from fieldjournal.domain.errors import FieldjournalError, JournalDamaged, StorageError
from fieldjournal.storage import failures
from fieldjournal.storage.change_watch import ChangeWatch
from fieldjournal.storage.damage import damaged_error, header_problem

BUSY_TIMEOUT_MS = 15_000
_CHANGES_AT_BEGIN = "fieldjournal_changes_at_begin"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # The driver's own transaction handling is off; we issue BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.close()


def _note_changes_at_begin(conn: Any) -> None:
    conn.info[_CHANGES_AT_BEGIN] = conn.connection.dbapi_connection.total_changes


def _advance_counter(conn: Any) -> int | None:
    """Inside the transaction about to commit: count it if it changed a row.

    Returns the counter's new value, or None when the transaction changed nothing.
    """
    raw = conn.connection.dbapi_connection
    if raw.total_changes == conn.info.get(_CHANGES_AT_BEGIN, raw.total_changes):
        return None
    counter = int(raw.execute("PRAGMA user_version").fetchone()[0]) + 1
    raw.execute(f"PRAGMA user_version = {counter}")
    return counter


def _on_connect_unchanging(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    """A read of a file nobody can write meanwhile (a full or read-only disk)."""
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA query_only = ON")


def make_reader_without_room(database: Path) -> Engine:
    """Reads that write nothing: SQLite's ``immutable`` file, with no lock and no
    shared-memory file (WAL would need one made, which a full or read-only disk refuses)."""
    engine = create_engine(
        f"sqlite:///file:{database}?immutable=1&uri=true",
        connect_args={"check_same_thread": False, "uri": True},
        pool_pre_ping=False,
    )
    event.listen(engine, "connect", _on_connect_unchanging)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def make_engine(database: Path, *, immediate: bool) -> Engine:
    engine = create_engine(
        f"sqlite:///{database}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_pre_ping=False,
    )
    event.listen(engine, "connect", _on_connect)
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


class QuickCheck(threading.Thread):
    """``PRAGMA quick_check`` on a connection of its own, off the caller's thread.

    Every page of every b-tree is read (about 0.2 s for 10,000 notes), so it runs while
    the command or the window gets going; the first write waits for its verdict.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(name="fieldjournal-quick-check", daemon=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        self.problems: list[str] = []

    def run(self) -> None:
        try:
            rows = self._conn.execute("PRAGMA quick_check(5)").fetchall()
            self.problems = [] if [r[0] for r in rows] == ["ok"] else [str(r[0]) for r in rows]
        except sqlite3.Error as error:  # only damage is a verdict (not a lock, a read-only disk)
            if failures.is_damage(error):
                self.problems = [str(error)]
        except UnicodeDecodeError as error:  # a garbled schema quoted in SQLite's message
            garbled = failures.undecodable_message(error)
            if garbled is None:
                raise
            self.problems = [garbled]
        finally:
            self._conn.close()

    def stop(self) -> None:
        if self.is_alive():
            with contextlib.suppress(sqlite3.ProgrammingError):  # it has just closed it
                self._conn.interrupt()
            self.join()


class Database:
    """Two engines over one file: one for reads, one whose transactions take the write lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.root = path.parent
        self.read_engine = make_engine(path, immediate=False)
        self.write_engine = make_engine(path, immediate=True)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self.damage: JournalDamaged | None = None
        # Set when the journal is read as it stands (a full or read-only disk): why every
        # write is refused, and the one line that says so.
        self.read_only: StorageError | None = None
        self.read_only_notice = ""
        self._check: QuickCheck | None = None
        self.watch = ChangeWatch(path)

    def count_changes(self) -> None:
        """From now on (the schema prepared), every commit that changes a row advances
        the change counter; a schema set up or upgraded on open is not a change of data."""
        watch = self.watch

        def advance_on_commit(conn: Any) -> None:
            counter = _advance_counter(conn)
            if counter is not None:
                watch.counter_written(counter)

        event.listen(self.write_engine, "begin", _note_changes_at_begin)
        event.listen(self.write_engine, "commit", advance_on_commit)

    def foreign_commits(self) -> bool | None:
        """Whether another process (or another ``Database`` on this file) committed a
        change since the last question; None when that cannot be told now (ask again)."""
        try:
            return self.watch.foreign_commits()
        except sqlite3.Error:  # a lock or damage: the next read or write will say which
            return None

    def check_on_open(self) -> JournalDamaged | None:
        """The cheap checks (header, then the schema), and ``quick_check`` started.

        Returns the damage found (the journal is then read-only), None if none so far.
        """
        problem = header_problem(self.path)
        if problem is not None:
            self.damage = damaged_error(self.root, problem)
            return self.damage
        try:
            with self.read_engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
        except Exception as error:  # translated: damage, a lock, a refused permission
            try:
                self._raise_translated(error, failures.OPENING)
            except JournalDamaged as damage:
                return damage
        if self.path.stat().st_size:
            try:
                self._check = QuickCheck(self.path)
            except sqlite3.Error:  # cannot even connect: the first read or write will say why
                return None
            self._check.start()
        return None

    def read_as_it_stands(self, refusal: StorageError, notice: str) -> bool:
        """The journal cannot be opened as usual (a full disk, a read-only one): read it as
        it stands, every write refused with ``refusal``. False (nothing changed) when saves
        are still in the write-ahead log, which a read of the file alone would miss."""
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return False
        self.read_engine.dispose()
        self.read_engine = make_reader_without_room(self.path)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)
        self.read_only, self.read_only_notice = refusal, notice
        return True

    def _raise_translated(self, error: Exception, what: str) -> None:
        translated = failures.translate(error, self.root, what)
        if translated is None:
            raise error
        if isinstance(translated, JournalDamaged):
            self.damage = self.damage or translated
            translated = self.damage
        if translated is error:
            raise error
        raise translated from error

    def verdict(self) -> JournalDamaged | None:
        """The damage known once ``quick_check`` has finished (waiting for it if need be)."""
        self._quick_check_verdict()
        return self.damage

    def _quick_check_verdict(self) -> None:
        check, self._check = self._check, None
        if check is not None:
            check.join()
            if check.problems and self.damage is None:
                self.damage = damaged_error(self.root, "; ".join(check.problems))

    @contextmanager
    def reading(self) -> Iterator[Session]:
        try:
            with self._reader() as session, session.begin():
                yield session
        except FieldjournalError:
            raise
        except Exception as error:
            self._raise_translated(error, "reading the journal")

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error.

        Refused, with the damage's sentence, once the database is known to be damaged.
        """
        self._quick_check_verdict()
        if self.damage is not None:
            raise self.damage
        if self.read_only is not None:
            raise self.read_only
        committed = False
        self.watch.write_started()
        try:
            with self._writer() as session, session.begin():
                yield session
            committed = True
        except FieldjournalError:
            raise
        except Exception as error:
            self._raise_translated(error, "your change")
        finally:
            self.watch.write_ended(committed=committed)

    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity check finds (empty: the database is sound).

        Problems make the journal read-only, as damage found any other way does.
        """
        self._quick_check_verdict()
        try:
            with self.read_engine.connect() as conn:
                rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        except Exception as error:
            translated = failures.translate(error, self.root, "the check")
            if not isinstance(translated, JournalDamaged):
                raise
            rows = [translated.detail]
            self.damage = self.damage or translated
        if rows == ["ok"]:
            return []
        if self.damage is None:
            self.damage = damaged_error(self.root, "; ".join(rows))
        return [f"database: {line}" for r in rows for line in r.splitlines()]

    def dispose(self) -> None:
        if self._check is not None:
            self._check.stop()
            self._check = None
        self.watch.close()
        self.read_engine.dispose()
        self.write_engine.dispose()
