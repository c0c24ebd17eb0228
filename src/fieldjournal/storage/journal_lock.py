"""Who has a journal open: a shared advisory lock on ``journal.lock`` in its folder.

Every open ``Journal`` holds it shared; a restore takes it exclusively, so a snapshot is
never put in place of ``journal.db`` under an app or command that has the journal open
(its next saves would go to the replaced file and be lost). ``flock`` locks are separate
from SQLite's own ``fcntl`` locks, and the lock has a file of its own, so closing it
cannot drop SQLite's locks on the database. Where ``flock`` does not exist (Windows)
there is no guard.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from fieldjournal.domain.errors import JournalError
from fieldjournal.storage.location import FILE_MODE, JournalPaths

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

LOCK_NAME = "journal.lock"


class JournalInUse(JournalError):
    """Another program (or another open journal here) has the journal open."""


class JournalLock:
    def __init__(self, paths: JournalPaths) -> None:
        self._path = paths.root / LOCK_NAME
        self._fd: int | None = None

    def share(self) -> None:
        """Hold the lock shared while the journal is open (waits out a restore)."""
        if fcntl is None or self._fd is not None:
            return
        try:
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as error:
            if error.errno != errno.EROFS:
                raise
            if not self._path.exists():
                return  # a read-only disk: no restore can happen there to wait out
            self._fd = os.open(self._path, os.O_RDONLY)  # a shared lock needs no write
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold it alone for a restore; ``JournalInUse`` if anyone else has it open."""
        if fcntl is None:
            yield
            return
        self.share()
        assert self._fd is not None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fcntl.flock(self._fd, fcntl.LOCK_SH)  # converting let go of the shared lock
            raise JournalInUse(
                "the journal is open in another program (the Fieldjournal app or another "
                "command): close it there, then restore again. Nothing was restored."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
