"""Turn what SQLite and the operating system raise into sentences about the journal.

The one place where ``sqlite3`` error codes, SQLAlchemy's wrappers and ``OSError`` numbers
are read. Each becomes an error of ``domain.errors`` whose message says what happened to
the researcher's journal and what to do: the disk is full, the account may not write
there, another program holds the journal, or the database is damaged. Anything else is
left alone (the caller re-raises it: it is a bug, and goes to the log).
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from fieldjournal.domain.errors import (
    AccessDenied,
    DiskFull,
    FieldjournalError,
    JournalBusy,
    StorageError,
)
from fieldjournal.storage.damage import damaged_error

# SQLite's primary result codes (sqlite3.h).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB = 26
# Below this much free space an I/O error while writing is taken to be a full disk.
NEARLY_FULL_BYTES = 4 * 1024 * 1024

_DAMAGE_WORDS = ("malformed", "file is not a database", "database corruption", "corrupt")
_FULL_WORDS = ("database or disk is full", "no space left", "disk quota")
_BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")
_DENIED_WORDS = ("readonly database", "read-only", "permission denied", "access permission")


def _sqlite_error(error: BaseException) -> sqlite3.Error | None:
    """The driver's error inside SQLAlchemy's wrapper (or the error itself)."""
    seen: BaseException | None = error
    for _ in range(5):
        if isinstance(seen, sqlite3.Error):
            return seen
        if seen is None:
            return None
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


def _os_error(error: BaseException) -> OSError | None:
    seen: BaseException | None = error
    for _ in range(5):
        if isinstance(seen, OSError):
            return seen
        if seen is None:
            return None
        seen = seen.__cause__ or seen.__context__
    return None


def _nearly_full(folder: Path) -> bool:
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            try:
                return shutil.disk_usage(candidate).free < NEARLY_FULL_BYTES
            except OSError:
                return False
    return False


# What ``translate`` is told when the journal itself failed to open: nothing was being
# saved, so its sentences say the journal could not be opened instead.
OPENING = "opening the journal"


def _not_done(what: str, verb: str) -> str:
    return "the journal could not be opened" if what == OPENING else f"{what} was not {verb}"


def disk_full(where: Path, what: str) -> DiskFull:
    """``where``: a folder on the disk that is full (the journal's, or an export's)."""
    if what == OPENING:
        return DiskFull(
            f"the disk is full: the journal at {where} could not be opened, as SQLite "
            "needs a little room even to read it; free some space on the disk that holds "
            f"{where} and try again (nothing saved before was lost)"
        )
    return DiskFull(
        f"the disk is full: {what} was not saved; free some space on the disk that holds "
        f"{where} and try again (nothing saved before was lost)"
    )


def access_denied(path: Path | str, what: str) -> AccessDenied:
    return AccessDenied(
        f"Fieldjournal may not write to {path} (permission denied), so "
        f"{_not_done(what, 'done')}: make that folder and its files writable for your "
        "account, or open a copy of the journal somewhere you may write"
    )


def read_only_disk(path: Path | str, what: str) -> AccessDenied:
    """The file system itself refuses writes (a disk mounted read-only, a locked card)."""
    return AccessDenied(
        f"{path} is on a disk or mount that is read-only, so {_not_done(what, 'saved')}: "
        "mount it writable (or unlock the card or stick), or copy the journal folder to "
        "a disk you may write and open the copy"
    )


def busy(root: Path) -> JournalBusy:
    return JournalBusy(
        f"the journal at {root} is locked by another program (Fieldjournal waited 15 "
        "seconds): close the other Fieldjournal window or command using it and try "
        "again; nothing was changed"
    )


def translate(error: BaseException, root: Path, what: str) -> FieldjournalError | None:
    """The researcher's sentence for a storage failure, or None for a bug.

    ``root`` is the journal folder; ``what`` names the work that failed ("your change",
    "the export") so the sentence can say what was not saved.
    """
    if isinstance(error, FieldjournalError):
        return error
    garbled = undecodable_message(error)
    if garbled is not None:
        return damaged_error(root, garbled)
    driver = _sqlite_error(error)
    if driver is not None:
        return _from_sqlite(driver, root, what)
    system = _os_error(error)
    if system is not None:
        return _from_os(system, root, what)
    return None


def undecodable_message(error: BaseException) -> str | None:
    """SQLite's message, when Python's driver could not decode it: a damaged schema is
    quoted in the message with its garbled bytes, and the driver raises
    ``UnicodeDecodeError`` instead of ``DatabaseError`` (None: not that)."""
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, UnicodeDecodeError) and isinstance(seen.object, bytes):
            message = seen.object.decode("utf-8", "replace")
            return message if any(w in message.lower() for w in _DAMAGE_WORDS) else None
        seen = seen.__cause__ or seen.__context__
    return None


def is_damage(error: sqlite3.Error) -> bool:
    """SQLite says the file is damaged (not full, locked or refused)."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    words = str(error).lower()
    return primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or any(w in words for w in _DAMAGE_WORDS)


def _from_sqlite(error: sqlite3.Error, root: Path, what: str) -> FieldjournalError | None:
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    words = str(error).lower()
    if is_damage(error):
        return damaged_error(root, str(error))
    if primary == SQLITE_FULL or any(w in words for w in _FULL_WORDS):
        return disk_full(root, what)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or any(w in words for w in _BUSY_WORDS):
        return busy(root)
    if primary in (SQLITE_READONLY, SQLITE_PERM) or any(w in words for w in _DENIED_WORDS):
        return access_denied(root / "journal.db", what)
    if primary == SQLITE_CANTOPEN or "unable to open" in words:
        return _cannot_open(root, what)
    if primary == SQLITE_IOERR or "disk i/o error" in words:
        if _nearly_full(root):
            return disk_full(root, what)
        return StorageError(
            f"the disk reported an error while Fieldjournal was reading or writing "
            f"{root / 'journal.db'}, so {_not_done(what, 'saved')}: check that the disk is "
            "connected and healthy, then try again"
        )
    return None


def _cannot_open(root: Path, what: str) -> StorageError:
    import os

    for path in (root, root / "journal.db"):
        if path.exists() and not os.access(path, os.W_OK):
            return access_denied(path, what)
    if _nearly_full(root):
        return disk_full(root, what)
    return StorageError(
        f"Fieldjournal could not open the database in {root}, so {_not_done(what, 'done')}: "
        "check that the folder exists, is a folder and is writable for your account"
    )


def _from_os(error: OSError, root: Path, what: str) -> FieldjournalError | None:
    path = error.filename or root
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return disk_full(Path(error.filename).parent if error.filename else root, what)
    if error.errno == errno.EROFS:
        return read_only_disk(path, what)
    if error.errno in (errno.EACCES, errno.EPERM):
        return access_denied(path, what)
    if error.errno in (errno.ENOTDIR, errno.EISDIR, errno.EEXIST):
        return StorageError(
            f"{path} is in the way ({error.strerror or 'wrong kind of file'}), so "
            f"{_not_done(what, 'done')}: move it aside, or open another journal folder"
        )
    if error.errno in (errno.EIO, errno.ENXIO, errno.ENODEV):
        return StorageError(
            f"the disk reported an error with {path}, so {_not_done(what, 'done')}: check that "
            "the disk is connected and healthy, then try again"
        )
    return None
