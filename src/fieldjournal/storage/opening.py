"""Open a journal folder's database: create it, check it cheaply, bring its schema up.

Everything that can go wrong on the way (a file where the folder should be, a folder the
account may not write, a full disk during an upgrade, a lock held by another program, a
damaged file) ends as a sentence about the journal. A damaged database still opens, but
read-only and without an upgrade, so that what can be read can still be read or salvaged.
So does a journal on a disk too full to open it as usual (SQLite's write-ahead log needs a
little room even to read): it is read as it stands, and every save says the disk is full.
"""

from __future__ import annotations

from pathlib import Path

from fieldjournal.domain.errors import DiskFull, FieldjournalError, JournalError
from fieldjournal.storage import schema
from fieldjournal.storage.engine import Database
from fieldjournal.storage.failures import OPENING, disk_full, translate
from fieldjournal.storage.location import FILE_MODE, JournalPaths, make_private_dir


def open_database(paths: JournalPaths, *, create: bool) -> tuple[Database, Path | None]:
    """The journal's database, and the copy made before an upgrade (if one was made)."""
    try:
        return _open(paths, create=create)
    except FieldjournalError:
        raise
    except Exception as error:
        translated = translate(error, paths.root, OPENING)
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
        try:
            damage = db.check_on_open()
        except DiskFull:
            if _read_without_room(paths, db):
                return db, None
            raise
        backup = None if damage else schema.prepare(paths, db.write_engine)
    except Exception:
        db.dispose()
        raise
    db.count_changes()
    paths.secure()
    return db, backup


def _read_without_room(paths: JournalPaths, db: Database) -> bool:
    """On a full disk: whether the journal can be read as it stands (its schema current,
    no saves waiting in the write-ahead log); every write then says the disk is full."""
    if not db.read_without_room(disk_full(paths.root, "your change")):
        return False
    try:
        current = schema.current_revision(db.read_engine) == schema.HEAD
    except Exception:  # not even that can be read: the full disk is the answer
        current = False
    if not current:
        db.no_room = None
    return current
