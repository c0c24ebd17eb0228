"""The backup half of the ``Journal`` facade: snapshots, verifying and restoring them.

Kept apart from ``journal.py`` (which ``Journal`` inherits this from) so that file stays
small. A restore first snapshots the journal as it is, so a restore can itself be undone
by restoring that snapshot; then it swaps the database file while no engine has it
open, reopens it, and rebuilds the search index from the restored entries. Every open
journal holds a shared lock, so a restore refuses while another program has it open.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldjournal import __version__
from fieldjournal.domain.backups import BackupSettings, Snapshot
from fieldjournal.domain.errors import BackupFailed, JournalError
from fieldjournal.services.backup_schedule import BackupScheduler, Clock
from fieldjournal.services.backup_service import BackupOutcome, BackupService
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage import schema
from fieldjournal.storage.backups import take_snapshot
from fieldjournal.storage.engine import Database
from fieldjournal.storage.journal_lock import JournalLock
from fieldjournal.storage.location import JournalPaths, default_journal_dir
from fieldjournal.storage.restore import choose_snapshot, keep_damaged_copy, replace_database

if TYPE_CHECKING:  # imported when the index is rebuilt after a restore
    from fieldjournal.services.search_service import Progress, SearchService

log = logging.getLogger("fieldjournal")


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """What a restore did: the snapshot put back and where the journal before it went.

    ``before`` is the snapshot of the journal as it was; when that journal failed its
    check, ``damaged_copy`` holds it as it was instead (for salvage).
    """

    restored: Snapshot
    before: Snapshot | None
    damaged_copy: Path | None
    entries: int
    skipped: tuple[str, ...] = ()  # newer snapshots that failed their check again


class JournalBackups:
    _ctx: ServiceContext
    _search: SearchService | None
    _backups: BackupService
    _scheduler: BackupScheduler | None
    close_backup_error: BackupFailed | None
    _journal_lock: JournalLock

    def _init_backups(self) -> None:
        self._backups = BackupService(self._ctx)
        self._scheduler = None
        self.close_backup_error = None
        self._journal_lock = JournalLock(self._ctx.paths)
        self._journal_lock.share()

    def _release_lock(self) -> None:
        self._journal_lock.release()

    def backup_now(self) -> BackupOutcome:
        """Take a verified snapshot now (``BackupFailed`` if it cannot be made)."""
        return self._backups.snapshot_now()

    def backup_if_pending(self) -> BackupOutcome | None:
        """A snapshot if something changed since the last one (also after ``close``)."""
        return self._backups.snapshot_if_pending()

    @property
    def backup_pending(self) -> bool:
        return self._backups.pending

    def list_backups(self) -> list[Snapshot]:
        """The journal's snapshots, newest first."""
        return self._backups.snapshots()

    def verify_backup(self, name: str | None = None) -> tuple[Snapshot, list[str]]:
        """Check a snapshot again (None: the newest verified); its problems, empty if sound."""
        return self._backups.verify(name)

    def backup_settings(self) -> BackupSettings:
        return self._backups.settings()

    def save_backup_settings(self, settings: BackupSettings) -> None:
        self._backups.save_settings(settings)

    def schedule_backups(
        self,
        on_done: Callable[[BackupOutcome], None],
        on_failed: Callable[[Exception], None],
        *,
        clock: Clock = time.monotonic,
        start: bool = True,
    ) -> BackupScheduler:
        """Snapshot every interval while changes are pending, on a thread (the app's)."""
        self._scheduler = BackupScheduler(
            self._backups, on_done=on_done, on_failed=on_failed, clock=clock
        )
        if start:
            self._scheduler.start()
        return self._scheduler

    def _stop_backups(self) -> None:
        if self._scheduler is not None:
            self._scheduler.stop()
            self._scheduler = None

    def _backup_on_close(self) -> None:
        """After the engines are closed: a last snapshot if anything changed."""
        try:
            self._backups.snapshot_if_pending()
        except BackupFailed as error:
            log.warning("snapshot on close failed: %s", error)
            self.close_backup_error = error

    def restore_backup(
        self, name: str | None = None, progress: Progress | None = None
    ) -> RestoreReport:
        """Put snapshot ``name`` (None: the newest verified) in place of the database.

        The snapshot is verified first (nothing changes if it fails), the journal as it
        is now is snapshotted, then the database file is replaced and the index rebuilt.
        """
        target, skipped = choose_snapshot(self._ctx.paths.root, name)
        with self._journal_lock.exclusive(), self._backups.lock:
            before, damaged = self._snapshot_before_restore()
            self._ctx.index.close()
            self._ctx.db.dispose()
            try:
                replace_database(self._ctx.paths, target)
            finally:
                self._reopen_database()
        entries = self._search.reindex(progress) if self._search is not None else 0
        return RestoreReport(target, before, damaged, entries, skipped)

    @staticmethod
    def restore_folder(
        root: str | Path | None, name: str | None, progress: Progress | None = None
    ) -> RestoreReport:
        """Restore the journal in ``root`` without opening it first (it may be damaged).

        As ``restore_backup``: verify, keep the journal as it is (a snapshot, or its raw
        files when it fails its check), replace, then open it and rebuild the index.
        """
        from fieldjournal.services.journal import Journal

        paths = JournalPaths(Path(root).expanduser() if root else default_journal_dir())
        if not paths.database.is_file():
            raise JournalError(f"no journal at {paths.root}")
        target, skipped = choose_snapshot(paths.root, name)
        lock = JournalLock(paths)
        damaged: Path | None = None
        try:
            with lock.exclusive():
                try:
                    before: Snapshot | None = take_snapshot(
                        paths.database, paths.backups, app_version=__version__
                    )
                except BackupFailed as error:
                    log.warning("the journal before a restore failed its snapshot: %s", error)
                    before, damaged = None, keep_damaged_copy(paths, datetime.now(UTC))
                replace_database(paths, target)
        finally:
            lock.release()
        with Journal.open(paths.root, create=False) as journal:
            entries = journal.reindex(progress)
        return RestoreReport(target, before, damaged, entries, skipped)

    def _snapshot_before_restore(self) -> tuple[Snapshot | None, Path | None]:
        try:
            return self._backups.snapshot_now().snapshot, None
        except BackupFailed as error:
            log.warning("the journal before a restore failed its snapshot: %s", error)
            return None, keep_damaged_copy(self._ctx.paths, datetime.now(UTC))

    def _reopen_database(self) -> None:
        db = Database(self._ctx.paths.database)
        schema.prepare(self._ctx.paths, db.write_engine)  # an older snapshot is upgraded
        db.count_changes()
        self._ctx.db = db
        if self._search is not None:
            from fieldjournal.services.search_service import SearchService

            self._search = SearchService(self._ctx)
            self._ctx.index = self._search
