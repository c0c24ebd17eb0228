"""A full disk, a refused permission, a lock held too long: sentences, never tracebacks.

Two ways to fill the disk: a fault injected where SQLite writes (always runs), and a real
2 MB tmpfs (runs where this process may mount one, as root in CI; skipped with the reason
otherwise). The tmpfs is also remounted read-only for the permission cases, since root
ignores permission bits.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from fieldjournal import Journal
from fieldjournal.domain.errors import AccessDenied, DiskFull, JournalBusy, StorageError
from fieldjournal.exchange.files import write_lines_atomically
from fieldjournal.storage.failures import OPENING, translate
from tests.disk_full import fill


def refuse_writes(journal: Journal, error: str) -> dict[str, bool]:
    state = {"on": True}

    def refuse(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if state["on"] and statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError(error)

    event.listen(journal.database.write_engine, "before_cursor_execute", refuse)
    return state


def test_a_full_disk_refuses_the_save_in_words_and_loses_nothing(journal: Journal) -> None:
    kept = journal.add_entry(title="kept", body="saved before")
    state = refuse_writes(journal, "database or disk is full")
    with pytest.raises(DiskFull) as caught:
        journal.update_entry(kept.id, body="typed on a full disk")
    message = str(caught.value)
    assert message.startswith("the disk is full: your change was not saved")
    assert str(journal.paths.root) in message and "\n" not in message
    assert journal.damage is None  # a full disk is not damage: saving works once there is room
    assert journal.get_entry(kept.id).body == "saved before"
    state["on"] = False
    assert journal.update_entry(kept.id, body="typed on a full disk").body == "typed on a full disk"


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        ("database is locked", JournalBusy, "locked by another program"),
        ("attempt to write a readonly database", AccessDenied, "may not write to"),
        ("disk I/O error", StorageError, "the disk reported an error"),
    ],
)
def test_each_storage_failure_is_a_sentence(
    journal: Journal, error: str, kind: type[Exception], words: str
) -> None:
    refuse_writes(journal, error)
    with pytest.raises(kind) as caught:
        journal.add_entry(title="x")
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_operating_system_errors_are_translated(tmp_path: Path) -> None:
    full = translate(OSError(errno.ENOSPC, "No space left on device"), tmp_path, "the export")
    assert isinstance(full, DiskFull) and str(full).startswith("the disk is full")
    denied = translate(
        PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "index" / "LOCK")),
        tmp_path,
        "the search",
    )
    assert isinstance(denied, AccessDenied) and "index/LOCK" in str(denied)
    in_the_way = translate(
        NotADirectoryError(errno.ENOTDIR, "Not a directory", str(tmp_path / "index")),
        tmp_path,
        "the search",
    )
    assert in_the_way is not None and "is in the way" in str(in_the_way)
    assert translate(KeyError("bug"), tmp_path, "x") is None  # a bug stays a bug


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database or disk is full"), "the disk is full: the journal"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "may not write to"),
        (OSError(errno.EIO, "Input/output error"), "the disk reported an error"),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory"), "is in the way"),
        (OSError(errno.EROFS, "Read-only file system"), "on a disk or mount that is read-only"),
    ],
)
def test_a_journal_that_cannot_be_opened_is_not_said_to_be_unsaved(
    tmp_path: Path, error: Exception, words: str
) -> None:
    """Opening saves nothing: its sentences say the journal could not be opened."""
    said = translate(error, tmp_path, OPENING)
    assert said is not None and words in str(said)
    assert "could not be opened" in str(said) and "was not saved" not in str(said)
    assert "opening the journal was" not in str(said)


def test_a_real_full_disk(small_disk: Path, empty_journal_db: Path) -> None:
    folder = small_disk / "journal"
    folder.mkdir(mode=0o700)
    (folder / "journal.db").write_bytes(empty_journal_db.read_bytes())
    with Journal.open(folder, create=False, search=False) as journal:
        kept = journal.add_entry(title="kept", body="before the disk filled")
        filler = fill(small_disk)
        with pytest.raises(DiskFull) as caught:
            for i in range(200):  # the WAL has some room left in its last pages
                journal.add_entry(title=f"note {i}", body="long text " * 2000)
        assert str(caught.value).startswith("the disk is full")
        # Exports on a full disk say so, and leave no partial file behind.
        with pytest.raises(DiskFull):
            write_lines_atomically(small_disk / "out.jsonl", journal.export_lines())
        assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "journal"]
        filler.unlink()  # room again: the same journal saves
        journal.add_entry(title="after", body="room again")
        assert journal.get_entry(kept.id).body == "before the disk filled"
        assert journal.check_consistency() == []


def test_a_read_only_journal_folder(small_disk: Path, empty_journal_db: Path) -> None:
    folder = small_disk / "journal"
    folder.mkdir(mode=0o700)
    (folder / "journal.db").write_bytes(empty_journal_db.read_bytes())
    with Journal.open(folder, create=False, search=False) as journal:
        journal.add_entry(title="kept")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with (
            pytest.raises(StorageError) as caught,
            Journal.open(folder, create=False, search=False) as journal,
        ):
            assert [e.title for e in journal.list_entries()] == ["kept"]  # read as it stands
            journal.add_entry(title="refused")
        message = str(caught.value)
        assert "is on a disk or mount that is read-only" in message, message
        assert "\n" not in message
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)
    assert os.access(folder, os.W_OK)
