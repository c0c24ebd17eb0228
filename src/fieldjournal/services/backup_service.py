"""Backups of an open journal: snapshots when there are unsaved changes, rotation, mirror.

"Changes not yet in a snapshot" compares the journal's change counter (advanced by every
write transaction that changes a row, whichever service or process made it: see
``storage.engine``) with the one the newest verified snapshot's manifest recorded. It
needs no cooperation from the other services, and it survives the process: changes
saved by a program that was killed before its snapshot are snapshotted by the next one
to close, and a command that only reads takes none. One snapshot runs at a time; it
reads through its own SQLite connection, so a save made meanwhile neither waits for it
nor is lost from the next one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fieldjournal import __version__
from fieldjournal.domain.backups import BackupSettings, Snapshot
from fieldjournal.domain.errors import BackupFailed, NotFound
from fieldjournal.services.context import ServiceContext
from fieldjournal.storage import backups
from fieldjournal.storage.backup_mirror import (
    MirrorUnavailable,
    mirror_folder,
    mirror_snapshot,
    rotate,
)
from fieldjournal.storage.backup_settings import load_settings, save_settings

log = logging.getLogger("fieldjournal")
Now = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class BackupOutcome:
    """A snapshot made, what rotation removed, and what became of the mirror copy.

    ``mirror_notice`` is set the first time the mirror is found missing (not on every
    snapshot after that) or whenever copying to it fails.
    """

    snapshot: Snapshot
    removed: tuple[str, ...] = ()
    mirrored: Path | None = None
    mirror_notice: str | None = None


class BackupService:
    def __init__(self, ctx: ServiceContext, *, now: Now = utc_now) -> None:
        self._ctx = ctx
        self._now = now
        self.lock = threading.RLock()  # one snapshot (or restore) at a time
        self._mirror_missing_said = False
        self._newest: Snapshot | None = None  # the newest verified snapshot, once read
        self._newest_read = False

    # --- noticing changes -----------------------------------------------------------
    def _newest_verified(self, *, again: bool = False) -> Snapshot | None:
        if again or not self._newest_read:
            self._newest = backups.newest_verified(self._ctx.paths.root)
            self._newest_read = True
        return self._newest

    def _changed_since(self, newest: Snapshot | None) -> bool:
        current = backups.change_counter(self._ctx.paths.database)
        if current is None:  # unreadable: a snapshot could not be made either
            return False
        if newest is None:  # never snapshotted: only once something was written
            return current != 0
        return newest.changes != current  # None: a manifest from before the counter

    @property
    def pending(self) -> bool:
        """Whether the journal changed since the newest verified snapshot."""
        return self._changed_since(self._newest_verified())

    # --- settings -----------------------------------------------------------------
    def settings(self) -> BackupSettings:
        return load_settings(self._ctx.paths)

    def save_settings(self, settings: BackupSettings) -> None:
        save_settings(self._ctx.paths, settings)
        self._mirror_missing_said = False  # a new mirror deserves its own warning

    # --- snapshots ----------------------------------------------------------------
    def snapshot_now(self) -> BackupOutcome:
        """Take a verified snapshot, rotate, copy it to the mirror; ``BackupFailed``."""
        with self.lock:
            paths = self._ctx.paths
            snapshot = backups.take_snapshot(
                paths.database, paths.backups, app_version=__version__, now=self._now()
            )
            self._newest, self._newest_read = snapshot, True
            settings = self.settings()
            removed = rotate(paths.backups, self._now(), settings.rotation)
            mirrored, notice = self._mirror(snapshot, settings)
            return BackupOutcome(snapshot, tuple(s.name for s in removed), mirrored, notice)

    def snapshot_if_pending(self) -> BackupOutcome | None:
        """A snapshot if the journal changed since the newest verified one; the folder is
        read again first, as another program may have snapshotted the change already."""
        with self.lock:
            if not self.pending or not self._changed_since(self._newest_verified(again=True)):
                return None
            return self.snapshot_now()

    def _mirror(
        self, snapshot: Snapshot, settings: BackupSettings
    ) -> tuple[Path | None, str | None]:
        if not settings.mirror:
            return None, None
        mirror = Path(settings.mirror).expanduser()
        folder = mirror_folder(mirror, self._ctx.paths)
        try:
            copy = mirror_snapshot(snapshot, mirror, folder)
        except MirrorUnavailable as error:
            if self._mirror_missing_said:
                return None, None
            self._mirror_missing_said = True
            return None, f"{error}; snapshots are kept in the journal folder meanwhile"
        except BackupFailed as error:
            log.warning("mirror copy failed: %s", error)
            return None, str(error)
        self._mirror_missing_said = False  # it came back: say so again if it goes
        rotate(folder, self._now(), settings.rotation)
        return copy, None

    def snapshots(self) -> list[Snapshot]:
        return backups.list_snapshots(self._ctx.paths.root)

    def find(self, name: str | None) -> Snapshot:
        """The snapshot called ``name``; None: the newest verified one."""
        if name is not None:
            return backups.find_snapshot(self._ctx.paths.root, name)
        newest = backups.newest_verified(self._ctx.paths.root)
        if newest is None:
            raise NotFound(
                f"there is no verified snapshot in {self._ctx.paths.backups} "
                "(make one with `fieldjournal backup now`)"
            )
        return newest

    def verify(self, name: str | None) -> tuple[Snapshot, list[str]]:
        snapshot = self.find(name)
        return snapshot, backups.verify_snapshot(snapshot)
