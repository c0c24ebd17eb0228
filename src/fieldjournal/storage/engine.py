"""The SQLite engine: WAL, foreign keys, full sync, a busy timeout, explicit transactions.

Write units of work begin with ``BEGIN IMMEDIATE`` so that a second process waits for the
write lock (busy timeout) instead of failing halfway through a transaction; reads begin
deferred and never block writers under WAL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 15_000


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


class Database:
    """Two engines over one file: one for reads, one whose transactions take the write lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read_engine = make_engine(path, immediate=False)
        self.write_engine = make_engine(path, immediate=True)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error."""
        with self._writer() as session, session.begin():
            yield session

    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity check finds (empty: the database is sound)."""
        with self.read_engine.connect() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else [f"database: {r}" for r in rows]

    def dispose(self) -> None:
        self.read_engine.dispose()
        self.write_engine.dispose()
