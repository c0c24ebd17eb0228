"""Where the index lives when its folder cannot be used, and what a full disk means.

The index is derived from the database, so a journal whose ``index/`` folder is read-only,
replaced by a file or otherwise unusable still answers every search: the index is built
in a private temporary folder for as long as the journal is open (and removed when it
closes), and the journal says so in one sentence. A full disk stops index writes, not
the journal: the work is kept and tried again later, and searches say they may miss
entries meanwhile.
"""

from __future__ import annotations

import errno
import logging
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
PROBE_NAME = ".fieldjournal-probe"


SQLITE_FULL = 13  # sqlite3.h: the ledger's own "database or disk is full"


def is_disk_full(error: BaseException) -> bool:
    """No room left, said by the system (ENOSPC) or by SQLite (the index's ledger)."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return isinstance(code, int) and code & 0xFF == SQLITE_FULL
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def disk_full_problem(folder: Path) -> str:
    return (
        f"the disk holding {folder} is full: the search index cannot be brought up to date "
        "until there is room (searches may miss the newest entries meanwhile)"
    )


def unusable(folder: Path) -> str | None:
    """Why the index cannot be written in ``folder`` (None: it can)."""
    try:
        if folder.exists() and not folder.is_dir():
            return "it is a file, not a folder"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe = folder / PROBE_NAME
        with probe.open("wb"):
            pass
        probe.unlink()
    except PermissionError:
        return "it is read-only (permission denied)"
    except OSError as error:
        if is_disk_full(error):
            return None  # usable once there is room: the indexer waits for it
        if error.errno == errno.EROFS:
            return "it is on a disk or mount that is read-only"
        return f"it cannot be written: {error.strerror or error}"
    return None


@dataclass
class IndexFolder:
    """The folder the index is read and written in, and why it is not the usual one."""

    folder: Path
    fresh: bool  # no index there yet: building it is no repair
    notice: str = ""  # one sentence when a temporary folder stands in
    temporary: bool = False

    @classmethod
    def choose(cls, folder: Path) -> IndexFolder:
        reason = unusable(folder)
        if reason is None:
            fresh = not folder.is_dir() or not any(folder.iterdir())
            return cls(folder, fresh)
        return cls.instead_of(folder, reason)

    @classmethod
    def instead_of(cls, folder: Path, reason: str) -> IndexFolder:
        log.info("search index folder %s unusable: %s", folder, reason)  # said once, by notice
        temporary = Path(tempfile.mkdtemp(prefix="fieldjournal-index-"))
        notice = (
            f"the search index folder {folder} cannot be used: {reason}; search uses "
            "a temporary index built from the journal instead"
        )
        return cls(temporary, fresh=True, notice=notice, temporary=True)

    def release(self) -> None:
        """Remove a temporary index (the journal is closing)."""
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)
