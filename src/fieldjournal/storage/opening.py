"""Open a journal folder's database: create it, check it cheaply, bring its schema up.

Everything that can go wrong on the way (a file where the folder should be, a folder the
account may not write, a full disk during an upgrade, a lock held by another program, a
damaged file) ends as a sentence about the journal. A damaged database still opens, but
read-only and without an upgrade, so that what can be read can still be read or salvaged.
So does a journal on a disk too full to open it as usual (SQLite's write-ahead log needs a
little room even to read), or on a disk mounted read-only (a backup drive, a locked card):
it is read as it stands, and every save says why it cannot be made.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from fieldjournal.domain.errors import (
    AccessDenied,
    DiskFull,
    FieldjournalError,
    JournalError,
    StorageError,
)
from fieldjournal.storage import schema
from fieldjournal.storage.engine import Database
from fieldjournal.storage.failures import OPENING, disk_full, read_only_disk, translate
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
    on_read_only_disk = False
    try:
        paths.secure()
    except OSError as error:
        if error.errno != errno.EROFS:
            raise
        on_read_only_disk = True
    db = Database(paths.database)
    try:
        try:
            damage = db.check_on_open()
        except (DiskFull, AccessDenied) as refused:
            if _read_as_it_stands(paths, db, refused):
                return db, None
            raise
        refusal = read_only_disk(root, "your change")
        if on_read_only_disk and damage is None and _read_as_it_stands(paths, db, refusal):
            return db, None
        backup = None if damage else schema.prepare(paths, db.write_engine)
    except Exception:
        db.dispose()
        raise
    db.count_changes()
    paths.secure()
    return db, backup


def _read_as_it_stands(paths: JournalPaths, db: Database, refused: StorageError) -> bool:
    """On a full or read-only disk: whether the journal can be read as it stands (its
    schema current, no saves waiting in the write-ahead log); every write then says why
    it cannot be made."""
    root = paths.root
    if isinstance(refused, DiskFull):
        refusal: StorageError = disk_full(root, "your change")
        notice = (
            f"the disk that holds {root} is full: the journal was read as it stands, and "
            "nothing can be saved until some space is freed there"
        )
    elif _on_read_only_disk(root):
        refusal = read_only_disk(root, "your change")
        notice = (
            f"{root} is on a disk or mount that is read-only: the journal was read as it "
            "stands, and nothing can be saved there"
        )
    else:
        return False  # a refused permission: the account must be given it, or a copy made
    if not db.read_as_it_stands(refusal, notice):
        return False
    try:
        current = schema.current_revision(db.read_engine) == schema.HEAD
    except Exception:  # not even that can be read: the refusal is the answer
        current = False
    if not current:
        db.read_only, db.read_only_notice = None, ""
    return current


def _on_read_only_disk(root: Path) -> bool:
    try:
        return bool(os.statvfs(root).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): not known to be read-only
        return False
