"""Files that are either whole or absent: temporary name, fsync, rename, fsync the folder.

A backup that a power cut leaves half-written must never look like a backup, so every
file the backups write goes through here.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from fieldjournal.storage.location import FILE_MODE

CHUNK = 1 << 20


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems (and Windows) refuse to sync a folder
        pass
    finally:
        os.close(fd)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def temporary_name(target: Path) -> Path:
    """Beside ``target``, hidden, and never matched by a listing of snapshots."""
    return target.with_name(f".{target.name}.part")


def write_atomically(target: Path, data: bytes) -> None:
    part = temporary_name(target)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    part.replace(target)
    fsync_dir(target.parent)


def copy_atomically(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target`` durably; returns the SHA-256 of what was written."""
    part = temporary_name(target)
    digest = hashlib.sha256()
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with source.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        part.unlink(missing_ok=True)
        raise
    os.close(fd)
    part.replace(target)
    fsync_dir(target.parent)
    return digest.hexdigest()
