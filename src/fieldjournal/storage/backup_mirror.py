"""Rotation of a folder of snapshots, and the mirror: a second place that gets each one.

The mirror (a USB stick, an encrypted volume, a synced folder) may be absent at any time;
``MirrorUnavailable`` says so and the caller carries on. A mirrored copy is written under
a temporary name, synced, renamed, and its SHA-256 compared with the snapshot's.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta
from pathlib import Path

from fieldjournal.domain.backups import SNAPSHOT, RotationPolicy, Snapshot, to_keep
from fieldjournal.domain.errors import BackupFailed
from fieldjournal.storage.backups import delete_snapshot, list_folder, manifest_path
from fieldjournal.storage.durable import copy_atomically, sha256_of
from fieldjournal.storage.location import JournalPaths, make_private_dir

STALE_PART_S = 3600  # a hidden partial copy this old was left by a crash
DAY = timedelta(days=1)


class MirrorUnavailable(BackupFailed):
    """The mirror folder is not there (unplugged, not mounted); nothing was copied."""


def mirror_folder(mirror: Path, journal: JournalPaths) -> Path:
    """The journal's own folder inside the mirror: one mirror may serve several journals,
    and rotation must never delete another journal's snapshots."""
    digest = hashlib.sha256(str(journal.root.resolve()).encode()).hexdigest()[:8]
    return mirror / f"{journal.name}-{digest}"


def mirror_snapshot(snapshot: Snapshot, mirror: Path, folder: Path) -> Path:
    """Copy a verified snapshot and its manifest into ``folder`` (inside ``mirror``)."""
    if not mirror.is_dir():
        raise MirrorUnavailable(f"the mirror folder {mirror} is not available")
    target = folder / snapshot.name
    try:
        make_private_dir(folder)
        written = copy_atomically(snapshot.path, target)
        if written != snapshot.sha256 or sha256_of(target) != snapshot.sha256:
            target.unlink(missing_ok=True)
            raise BackupFailed(f"the copy in the mirror folder {folder} did not match; removed")
        copy_atomically(manifest_path(snapshot.path), manifest_path(target))
    except OSError as error:
        raise BackupFailed(
            f"the snapshot could not be copied to the mirror folder {folder}: "
            f"{error.strerror or error}"
        ) from error
    return target


def rotate(folder: Path, now: datetime, policy: RotationPolicy) -> list[Snapshot]:
    """Delete the snapshots in ``folder`` that rotation does not keep; those deleted.

    The newest verified snapshot is never deleted, whatever the policy (``to_keep``
    always keeps the newest); copies made before a schema upgrade are not rotated.
    """
    snapshots = [s for s in list_folder(folder) if s.kind == SNAPSHOT]
    # Only verified snapshots count for the bands: an unverified one (its manifest lost
    # to a crash) must not take a good one's place, and goes once it is a day old.
    keep = to_keep([s.created_at for s in snapshots if s.verified], now, policy)
    keep.update(s.created_at for s in snapshots if not s.verified and now - s.created_at < DAY)
    removed = []
    for snapshot in snapshots:
        if snapshot.created_at in keep:
            continue
        delete_snapshot(snapshot)
        removed.append(snapshot)
    _remove_stale_parts(folder)
    return removed


def _remove_stale_parts(folder: Path) -> None:
    cutoff = time.time() - STALE_PART_S
    for part in folder.glob(".snapshot-*.part"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
        except OSError:
            continue
