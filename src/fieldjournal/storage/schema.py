"""Create, check and upgrade a journal's schema on open.

Alembic owns the schema from the first revision. Opening looks at ``alembic_version``
with one query (Alembic itself is imported only when something must change):
- no tables: a new journal, created by running every migration;
- an older revision: the database is copied aside with ``VACUUM INTO``, the copy is
  checked, then the journal is upgraded;
- an unknown revision: a newer Fieldjournal wrote it, and it is refused.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from fieldjournal.domain.errors import JournalError, JournalTooNew
from fieldjournal.storage.location import JournalPaths, make_private_dir, make_private_file

# The newest revision this version knows; a test keeps it equal to Alembic's head.
HEAD = "0007"
KNOWN = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")


def _alembic_config(connection: Connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "fieldjournal.storage:migrations")
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if not has_table:
            tables = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).scalar_one()
            if tables:
                raise JournalError(
                    "this database has tables but no Fieldjournal schema version; "
                    "it is not a Fieldjournal journal"
                )
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        conn.rollback()
        return None if row is None else str(row[0])


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    with engine.connect() as conn:
        command.upgrade(_alembic_config(conn), target)
        conn.commit()


def backup(paths: JournalPaths, engine: Engine, label: str) -> Path:
    """Copy the database aside with ``VACUUM INTO`` and check the copy before trusting it."""
    make_private_dir(paths.backups)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = paths.backups / f"journal-{label}-{stamp}.db"
    # On the driver's connection: SQLAlchemy's begin (BEGIN IMMEDIATE, see engine.py) would
    # wrap it in a transaction, and SQLite cannot VACUUM inside one.
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM INTO ?", (str(target),))
        cursor.close()
    finally:
        raw.close()
    make_private_file(target)
    check = sqlite3.connect(target)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()
    finally:
        check.close()
    if not result or result[0] != "ok":
        target.unlink(missing_ok=True)
        raise JournalError(f"the backup before upgrading failed its integrity check: {result}")
    return target


def prepare(paths: JournalPaths, engine: Engine) -> Path | None:
    """Bring the schema to HEAD; returns the backup made before an upgrade, if any."""
    revision = current_revision(engine)
    if revision == HEAD:
        return None
    if revision is None:
        upgrade(engine)
        return None
    if revision not in KNOWN:
        raise JournalTooNew(
            f"{paths.root} was written by a newer version of Fieldjournal (schema {revision}); "
            "update Fieldjournal to open it. Nothing was changed."
        )
    saved = backup(paths, engine, f"before-{HEAD}-from-{revision}")
    upgrade(engine)
    return saved
