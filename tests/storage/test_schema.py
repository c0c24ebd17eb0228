"""The schema: Alembic owns it, the models match it, older journals are backed up and
upgraded, newer ones are refused unchanged."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine

from fieldjournal import Journal
from fieldjournal.domain.errors import JournalError, JournalTooNew
from fieldjournal.storage import schema
from fieldjournal.storage.location import JournalPaths
from fieldjournal.storage.models import Base


def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", "fieldjournal.storage:migrations")
    return ScriptDirectory.from_config(config)


def revisions_oldest_first() -> list[str]:
    return [r.revision for r in reversed(list(scripts().walk_revisions()))]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_head_is_the_one_alembic_knows() -> None:
    assert scripts().get_heads() == [schema.HEAD]
    assert set(schema.KNOWN) == set(revisions_oldest_first())


def test_the_migrated_schema_equals_the_models(journal: Journal) -> None:
    with journal.database.write_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == schema.HEAD


def test_a_newer_journal_is_refused_unchanged(journal_dir: Path) -> None:
    with Journal.open(journal_dir) as journal:
        journal.add_entry(body="from a newer day")
    db = journal_dir / "journal.db"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = digest(db)
    backups = sorted((journal_dir / "backups").iterdir())  # the snapshot taken on close
    with pytest.raises(JournalTooNew, match=r"newer version of Fieldjournal.*Nothing was changed"):
        Journal.open(journal_dir)
    assert digest(db) == before
    assert sorted((journal_dir / "backups").iterdir()) == backups  # no copy before upgrading


def test_a_database_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    with sqlite3.connect(folder / "journal.db") as conn:
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    with pytest.raises(JournalError, match="not a Fieldjournal journal"):
        Journal.open(folder)


def test_backup_is_a_checked_private_copy(journal: Journal) -> None:
    entry = journal.add_entry(body="kept in the backup")
    copy = schema.backup(journal.paths, journal.database.write_engine, "test")
    assert copy.parent == journal.paths.backups
    assert copy.stat().st_mode & 0o777 == 0o600
    assert journal.paths.backups.stat().st_mode & 0o777 == 0o700
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        body = conn.execute("SELECT body FROM entry WHERE id = ?", (entry.id,)).fetchone()
    conn.close()
    assert body == ("kept in the backup",)


def test_a_backup_that_fails_its_check_is_removed_and_stops_the_upgrade(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect = sqlite3.connect

    class BrokenCheck:
        def __init__(self, path: Path) -> None:
            self.conn = connect(path)

        def execute(self, sql: str) -> sqlite3.Cursor:
            return self.conn.execute("SELECT 'page 3 is never used'")

        def close(self) -> None:
            self.conn.close()

    monkeypatch.setattr(schema, "sqlite3", SimpleNamespace(connect=BrokenCheck))
    with pytest.raises(JournalError, match="failed its integrity check"):
        schema.backup(journal.paths, journal.database.write_engine, "test")
    assert list(journal.paths.backups.iterdir()) == []


def test_an_older_journal_is_backed_up_before_it_is_upgraded(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order of events, whatever the revisions: back up, check, then upgrade."""
    with Journal.open(journal_dir) as journal:
        journal.add_entry(body="written by the older version")
    steps: list[str] = []
    original_backup = schema.backup

    def backup(paths: JournalPaths, engine: Engine, label: str) -> Path:
        copy = original_backup(paths, engine, label)
        steps.append(f"backup {label}")
        return copy

    monkeypatch.setattr(schema, "backup", backup)
    monkeypatch.setattr(schema, "upgrade", lambda engine, target="head": steps.append("upgrade"))
    monkeypatch.setattr(schema, "HEAD", "future")
    monkeypatch.setattr(schema, "KNOWN", (*schema.KNOWN, "future"))
    with Journal.open(journal_dir) as journal:
        assert journal.backup_made is not None and journal.backup_made.exists()
        assert journal.list_entries()[0].first_line == "written by the older version"
    assert steps == [f"backup before-future-from-{revisions_oldest_first()[-1]}", "upgrade"]


OLDER = revisions_oldest_first()[:-1]


@pytest.mark.parametrize(
    "revision",
    OLDER
    or [pytest.param(None, marks=pytest.mark.skip(reason="only one schema revision exists yet"))],
)
def test_every_older_revision_upgrades_with_a_backup(tmp_path: Path, revision: str) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    db = folder / "journal.db"
    engine = create_engine(f"sqlite:///{db}")
    schema.upgrade(engine, revision)
    engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO actor (id, name, name_key, kind, role, pseudonym, consent, notes,"
            " created_at, updated_at) VALUES ('4c1a8e8e-0000-4000-8000-000000000001', 'Maya',"
            " 'maya', 'person', '', '', 'unknown', '', '2016-01-01T00:00:00.000000Z',"
            " '2016-01-01T00:00:00.000000Z')"
        )
    conn.close()
    with Journal.open(folder) as journal:
        assert journal.backup_made is not None
        assert journal.get_actor("Maya").name == "Maya"
        with journal.database.write_engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == schema.HEAD
    with sqlite3.connect(journal.backup_made) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
    conn.close()
