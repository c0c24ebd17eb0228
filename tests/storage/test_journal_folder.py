"""The journal folder on disk: permissions, SQLite pragmas and a second writer waiting."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fieldjournal import Journal
from fieldjournal.domain.errors import JournalError
from fieldjournal.storage import schema
from fieldjournal.storage.engine import BUSY_TIMEOUT_MS
from fieldjournal.storage.location import JournalPaths


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folder_and_database_files_are_private(journal_dir: Path) -> None:
    old = os.umask(0o022)
    try:
        with Journal.open(journal_dir / "nested") as journal:
            journal.add_entry(body="names a real person")
            files = journal.paths.database_files()
            assert all(f.exists() for f in files)  # -wal and -shm while open
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
            assert mode(journal.paths.root) == 0o700
    finally:
        os.umask(old)
    assert mode(journal_dir / "nested" / "journal.db") == 0o600


def test_the_database_is_private_from_its_first_byte(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes: list[int] = []
    original = schema.prepare

    def spy(paths: JournalPaths, engine: Engine) -> Path | None:
        modes.append(mode(paths.database))
        return original(paths, engine)

    monkeypatch.setattr(schema, "prepare", spy)
    old = os.umask(0o022)
    try:
        Journal.open(journal_dir).close()
    finally:
        os.umask(old)
    assert modes == [0o600]


def test_pragmas(journal: Journal) -> None:
    for engine in (journal.database.read_engine, journal.database.write_engine):
        with engine.connect() as conn:

            def pragma(name: str) -> object:
                return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("synchronous") == 2  # FULL
            assert pragma("busy_timeout") == BUSY_TIMEOUT_MS


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO journal_meta (key, value) VALUES ('holder', 'was here')")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def test_a_writer_waits_for_another_process_holding_the_write_lock(journal: Journal) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(journal.paths.database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "locked"
        errors: list[BaseException] = []
        added: list[str] = []

        def write() -> None:
            try:
                added.append(journal.add_entry(body="written after the wait").id)
            except BaseException as error:  # reported below
                errors.append(error)

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(0.5)
        assert writer.is_alive(), f"the writer did not wait: {errors}"
        holder.stdin.write("go\n")
        holder.stdin.flush()
        writer.join(30)
        assert not writer.is_alive() and errors == []
        assert journal.get_entry(added[0]).body == "written after the wait"
    finally:
        holder.kill()
        holder.wait()
    with journal.database.reading() as session:
        held = session.connection().exec_driver_sql(
            "SELECT value FROM journal_meta WHERE key='holder'"
        )
        assert held.scalar() == "was here"


def test_a_file_or_a_missing_journal_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(JournalError, match="is a file"):
        Journal.open(file)
    with pytest.raises(JournalError, match="fieldjournal init"):
        Journal.open(tmp_path / "missing", create=False)
    assert not (tmp_path / "missing").exists()


def test_the_default_journal_follows_the_environment(tmp_path: Path) -> None:
    with Journal.open() as journal:
        assert journal.paths.root == tmp_path / "default-journal"
        assert journal.paths.database.exists()


def test_live_versions_come_from_the_covering_index(journal: Journal) -> None:
    """The open-time index check reads (id, version) pairs without touching row bodies."""
    from fieldjournal.services.index_documents import LIVE_VERSIONS

    with journal.database.reading() as session:
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + LIVE_VERSIONS).all()
    assert any("COVERING INDEX ix_entry_live_versions" in str(row) for row in plan)
