"""Open a journal folder's database: create it, check it cheaply, bring its schema up.

Everything that can go wrong on the way (a file where the folder should be, a folder the
account may not write, a full disk during an upgrade, a lock held by another program, a
damaged file) ends as a sentence about the journal. A damaged database still opens, but
read-only and without an upgrade, so that what can be read can still be read or salvaged.
"""

from __future__ import annotations

from pathlib import Path

from fieldjournal.domain.errors import FieldjournalError, JournalError
from fieldjournal.storage import schema
from fieldjournal.storage.engine import Database
from fieldjournal.storage.failures import translate
from fieldjournal.storage.location import FILE_MODE, JournalPaths, make_private_dir


def open_database(paths: JournalPaths, *, create: bool) -> tuple[Database, Path | None]:
    """The journal's database, and the copy made before an upgrade (if one was made)."""
    try:
        return _open(paths, create=create)
    except FieldjournalError:
        raise
    except Exception as error:
        translated = translate(error, paths.root, "opening the journal")
        if translated is None:
            raise
        raise translated from error


def _open(paths: JournalPaths, *, create: bool) -> tuple[Database, Path | None]:
    root = paths.root
    if root.exists() and not root.is_dir():
        raise JournalError(f"{root} is a file; a journal is a folder")
    if not paths.database.exists():
        if not create:
            raise JournalError(f"no journal at {root} (create one with `fieldjournal init`)")
        make_private_dir(root)
        # SQLite would create the file with the umask's mode; make it private first.
        paths.database.touch(mode=FILE_MODE)
    paths.secure()
    db = Database(paths.database)
    try:
        backup = None if db.check_on_open() else schema.prepare(paths, db.write_engine)
    except Exception:
        db.dispose()
        raise
    db.count_changes()
    paths.secure()
    return db, backup
