"""Verified snapshots of ``journal.db`` in the journal's ``backups/`` folder.

Layout (other modules and the damaged-journal messages rely on it)::

    backups/snapshot-YYYYMMDDTHHMMSSffffffZ.db     the copy, a single rollback-mode file
    backups/snapshot-YYYYMMDDTHHMMSSffffffZ.json   its manifest (written last)
    backups/journal-before-…-STAMP.db              copies made before a schema upgrade

A snapshot is copied with SQLite's online backup inside one read transaction, so under
WAL it never blocks a save, and the row counts and the change counter (see
``storage.engine``) read in that same transaction are exactly what the copy holds. The
copy is written under a hidden temporary name, synced, checked (``integrity_check`` and
the counts), and only then renamed; its manifest is written after it. A copy that fails
is deleted and ``BackupFailed`` raised: a bad copy is never kept as if it were good.
Only this module reads its own connection to the file, so a snapshot can be taken while
the journal is open in this or another process, or after it has been closed.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from fieldjournal.domain.backups import BEFORE_UPGRADE, Snapshot
from fieldjournal.domain.errors import BackupFailed, DiskFull, NotFound
from fieldjournal.storage.durable import (
    fsync_dir,
    fsync_file,
    sha256_of,
    temporary_name,
    write_atomically,
)
from fieldjournal.storage.location import (
    FILE_MODE,
    JournalPaths,
    make_private_dir,
    make_private_file,
)

STAMP = "%Y%m%dT%H%M%S%fZ"
PREFIX = "snapshot-"
MANIFEST_FORMAT = 1
BUSY_TIMEOUT_S = 15
_NAME = re.compile(r"^snapshot-(\d{8}T\d{12}Z)\.db$")
_UPGRADE_NAME = re.compile(r"^journal-.*-(\d{8}T\d{12}Z)\.db$")


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, STAMP).replace(tzinfo=UTC)


def manifest_path(snapshot_path: Path) -> Path:
    return snapshot_path.with_suffix(".json")


# --- taking a snapshot ----------------------------------------------------------------
def take_snapshot(
    database: Path, folder: Path, *, app_version: str, now: datetime | None = None
) -> Snapshot:
    """Copy ``database`` into ``folder`` as a verified snapshot, or raise ``BackupFailed``."""
    if not database.is_file():
        raise BackupFailed(f"there is no journal database at {database} to back up")
    make_private_dir(folder)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    target = folder / f"{PREFIX}{stamp(moment)}.db"
    while target.exists() or manifest_path(target).exists():  # two in one microsecond
        moment += timedelta(microseconds=1)
        target = folder / f"{PREFIX}{stamp(moment)}.db"
    part = temporary_name(target)
    try:
        counts, revision, changes = copy_database(database, part)
        fsync_file(part)
        problems = check_copy(part, counts)
    except sqlite3.Error as error:
        part.unlink(missing_ok=True)
        raise BackupFailed(snapshot_failure(error, folder)) from error
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    if problems:
        part.unlink(missing_ok=True)
        raise BackupFailed(
            f"the snapshot failed its check and was deleted ({problems[0]}); "
            "the journal itself was not changed"
        )
    snapshot = Snapshot(
        path=target,
        created_at=moment,
        size=part.stat().st_size,
        counts=MappingProxyType(dict(counts)),
        verified=True,
        sha256=sha256_of(part),
        schema_version=revision,
        app_version=app_version,
        changes=changes,
    )
    part.replace(target)
    write_manifest(snapshot)
    fsync_dir(folder)
    return snapshot


def snapshot_failure(error: sqlite3.Error | OSError, folder: Path) -> str:
    """Why a snapshot could not be made, as a sentence with what to do (a full disk,
    a refused permission...), or SQLite's own words for anything else."""
    from fieldjournal.storage.failures import translate

    said = translate(error, folder, "the snapshot")
    if isinstance(said, DiskFull):
        return (
            f"the disk is full: the snapshot could not be made; free some space on the disk "
            f"that holds {folder} and take one again (the journal itself was not changed)"
        )
    if said is not None:
        return str(said)
    return f"the snapshot could not be made: {error}"


def copy_database(database: Path, target: Path) -> tuple[dict[str, int], str, int]:
    """Online backup of ``database`` to ``target``; its counts, revision and change counter.

    Counts and copy come from one read transaction: what is counted is what is copied,
    whatever is saved meanwhile (WAL readers and writers do not wait for each other).
    """
    target.unlink(missing_ok=True)
    target.touch(mode=FILE_MODE)  # SQLite would create it with the umask's mode
    source = sqlite3.connect(database, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        source.execute("BEGIN")
        counts = table_counts(source)
        revision = _revision(source)
        changes = _changes(source)
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            source.backup(copy)
            source.execute("COMMIT")
            # One self-contained file: a snapshot opened later must not need a -wal beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        source.close()
    make_private_file(target)
    return counts, revision, changes


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}


def _changes(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def change_counter(database: Path) -> int | None:
    """The journal's change counter now (None when the file cannot be read)."""
    if not database.is_file():
        return None
    try:
        conn = sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)
        try:
            return _changes(conn)
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError):  # damaged or locked out: said elsewhere
        return None


def set_change_counter(database: Path, value: int) -> None:
    """Give a closed copy (a restore being staged) the change counter ``value``."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute(f"PRAGMA user_version = {int(value)}")
    finally:
        conn.close()


def _revision(conn: sqlite3.Connection) -> str:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return ""
    return "" if row is None else str(row[0])


def check_copy(path: Path, expected: dict[str, int] | None) -> list[str]:
    """What is wrong with the copy at ``path`` (empty: it is sound and holds ``expected``)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [f"it cannot be opened: {error}"]
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            return [f"integrity check: {r}" for r in rows]
        if expected is not None:
            found = table_counts(conn)
            if found != expected:
                wrong = sorted(
                    t for t in expected.keys() | found.keys() if found.get(t) != expected.get(t)
                )
                return [
                    f"{t}: {found.get(t, 'missing')} rows instead of {expected.get(t, 'none')}"
                    for t in wrong
                ]
        return []
    except sqlite3.Error as error:
        return [f"it cannot be read: {error}"]
    finally:
        conn.close()


def write_manifest(snapshot: Snapshot) -> None:
    document = {
        "format": MANIFEST_FORMAT,
        "snapshot": snapshot.name,
        "created_at": snapshot.created_at.isoformat(),
        "schema_version": snapshot.schema_version,
        "counts": dict(snapshot.counts),
        "sha256": snapshot.sha256,
        "size": snapshot.size,
        "app_version": snapshot.app_version,
        "verified": snapshot.verified,
        "changes": snapshot.changes,
    }
    data = (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")
    write_atomically(manifest_path(snapshot.path), data)


# --- reading what is there ------------------------------------------------------------
def list_snapshots(journal_dir: Path) -> list[Snapshot]:
    """Every snapshot of the journal in ``journal_dir``, newest first.

    The copies made before a schema upgrade are listed too (``kind`` says so), unverified
    since they have no manifest.
    """
    return list_folder(JournalPaths(Path(journal_dir)).backups)


def newest_verified(journal_dir: Path) -> Snapshot | None:
    """The newest snapshot that passed its check, if any: the one to restore first."""
    return next((s for s in list_snapshots(journal_dir) if s.verified), None)


def list_folder(folder: Path) -> list[Snapshot]:
    """The snapshots in ``folder`` (``backups/`` or a mirror), newest first."""
    try:
        names = sorted(p for p in folder.iterdir() if p.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return []
    found: list[Snapshot] = []
    for path in names:
        if match := _NAME.match(path.name):
            found.append(_read(path, parse_stamp(match.group(1))))
        elif match := _UPGRADE_NAME.match(path.name):
            created = parse_stamp(match.group(1))
            found.append(Snapshot(path, created, path.stat().st_size, kind=BEFORE_UPGRADE))
    return sorted(found, key=lambda s: s.created_at, reverse=True)


def _read(path: Path, created: datetime) -> Snapshot:
    """A snapshot and its manifest; a missing or unreadable manifest means unverified."""
    size = path.stat().st_size
    manifest = _load_manifest(manifest_path(path))
    if manifest is None:
        return Snapshot(path, created, size)
    counts = manifest.get("counts")
    changes = manifest.get("changes")
    return Snapshot(
        path=path,
        created_at=created,
        size=size,
        counts=MappingProxyType(
            {str(k): int(v) for k, v in counts.items()} if isinstance(counts, dict) else {}
        ),
        verified=manifest.get("verified") is True and manifest.get("size") == size,
        sha256=str(manifest.get("sha256", "")),
        schema_version=str(manifest.get("schema_version", "")),
        app_version=str(manifest.get("app_version", "")),
        changes=changes if isinstance(changes, int) and not isinstance(changes, bool) else None,
    )


def _load_manifest(path: Path) -> dict[str, Any] | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def find_snapshot(journal_dir: Path, name: str) -> Snapshot:
    """The snapshot called ``name`` (with or without ``.db``, or a unique start of it)."""
    wanted = Path(name).name.removesuffix(".json").removesuffix(".db")
    snapshots = list_snapshots(journal_dir)
    exact = [s for s in snapshots if s.path.stem == wanted]
    matches = exact or [s for s in snapshots if s.path.stem.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(f"no snapshot called {name} in {JournalPaths(journal_dir).backups}")
    raise NotFound(f"{name} matches {len(matches)} snapshots; give more of the name")


def verify_snapshot(snapshot: Snapshot) -> list[str]:
    """Check a stored snapshot again: its SHA-256, integrity and counts (empty: sound)."""
    path = snapshot.path
    if not path.is_file():
        return [f"{snapshot.name} is missing"]
    manifest = _load_manifest(manifest_path(path)) if snapshot.kind != BEFORE_UPGRADE else None
    problems: list[str] = []
    if snapshot.kind != BEFORE_UPGRADE:
        if manifest is None:
            return [f"{snapshot.name} has no readable manifest, so it cannot be verified"]
        if path.stat().st_size != manifest.get("size"):
            problems.append(
                f"its size is {path.stat().st_size:,} bytes, not {manifest.get('size'):,}"
            )
        if sha256_of(path) != manifest.get("sha256"):
            problems.append("its SHA-256 differs from the manifest's: the file has changed")
    if problems:  # a changed file: integrity_check could be slow or misleading
        return problems
    counts = manifest.get("counts") if manifest else None
    return check_copy(path, dict(counts) if isinstance(counts, dict) else None)


def delete_snapshot(snapshot: Snapshot) -> None:
    manifest_path(snapshot.path).unlink(missing_ok=True)
    snapshot.path.unlink(missing_ok=True)
