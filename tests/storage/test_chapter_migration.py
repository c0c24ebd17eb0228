"""A journal at schema 0001 upgrades to 0002 (chapters), keeps its data and a checked backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.storage import schema
from fieldjournal.storage.engine import Database
from fieldjournal.storage.location import JournalPaths, make_private_dir

ENTRY_ID = "0b6f1e2a-4c1d-4f7e-9a51-2d8c3e9f1a10"
ACTOR_ID = "7d1c2b3a-5e6f-4a8b-9c0d-1e2f3a4b5c6d"


def make_0001_journal(root: Path) -> None:
    make_private_dir(root)
    db = Database(JournalPaths(root).database)
    try:
        schema.upgrade(db.write_engine, "0001")
        with db.writing() as session:
            session.execute(
                text(
                    "INSERT INTO actor (id, name, name_key, kind, role, pseudonym, consent, notes,"
                    " created_at, updated_at) VALUES (:id, 'Nessa Quill', 'nessa quill', 'person',"
                    " '', '', 'consented', '', '2016-01-01T00:00:00.000000Z',"
                    " '2016-01-01T00:00:00.000000Z')"
                ),
                {"id": ACTOR_ID},
            )
            session.execute(
                text(
                    "INSERT INTO entry (id, kind, title, body, occurred_at, occurred_offset, site,"
                    " created_at, updated_at, version) VALUES (:id, 'fieldnote', 'Old note',"
                    " 'Nessa Quill spoke first.', '2016-03-01T09:00:00.000000Z', 60, 'Hall',"
                    " '2016-03-01T09:00:00.000000Z', '2016-03-01T09:00:00.000000Z', 1)"
                ),
                {"id": ENTRY_ID},
            )
            session.execute(
                text(
                    "INSERT INTO entry_actor (entry_id, actor_id, role, position)"
                    " VALUES (:e, :a, 'present', 0)"
                ),
                {"e": ENTRY_ID, "a": ACTOR_ID},
            )
        assert schema.current_revision(db.write_engine) == "0001"
    finally:
        db.dispose()


def test_0001_journal_upgrades_keeping_data_and_a_checked_backup(tmp_path: Path) -> None:
    root = tmp_path / "old"
    make_0001_journal(root)
    with Journal.open(root) as journal:
        backup = journal.backup_made
        assert backup is not None and backup.parent == root / "backups"
        assert schema.current_revision(journal.database.write_engine) == schema.HEAD
        entry = journal.get_entry(ENTRY_ID)
        assert (entry.title, entry.body, entry.actor_names) == (
            "Old note",
            "Nessa Quill spoke first.",
            ["Nessa Quill"],
        )
        assert entry.occurred_at.isoformat() == "2016-03-01T10:00:00+01:00"
        chapter = journal.add_chapter("New", [Section("S", 1, f"[[entry:{ENTRY_ID[:8]}]]")])
        compiled = journal.compile_chapter(chapter.title, chapter.sections)
        assert compiled.generated == (("Nessa Quill", "[Participant 1]"),)

    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT title FROM entry").fetchall() == [("Old note",)]
    finally:
        copy.close()


def test_head_matches_the_newest_migration() -> None:
    versions = Path(schema.__file__).parent / "migrations" / "versions"
    newest = sorted(p.name for p in versions.glob("0*.py"))[-1]
    assert newest.startswith(schema.HEAD) and schema.KNOWN[-1] == schema.HEAD
