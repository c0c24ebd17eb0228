"""Snapshots in backups/: verified copies, their manifests, and a bad copy never kept."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.domain.errors import BackupFailed
from fieldjournal.storage import backups
from fieldjournal.storage.durable import sha256_of

MOMENT = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_snapshot_is_a_verified_private_copy_with_its_manifest(journal: Journal) -> None:
    entry = journal.add_entry(title="Partnership board", body="kept in the snapshot")
    snapshot = backups.take_snapshot(
        journal.paths.database, journal.paths.backups, app_version="9.9", now=MOMENT
    )
    assert snapshot.path == journal.paths.backups / "snapshot-20260304T050607890123Z.db"
    manifest_file = journal.paths.backups / "snapshot-20260304T050607890123Z.json"
    manifest = json.loads(manifest_file.read_text())
    # Checked by a second path: a fresh connection, hashlib over the file, stat().
    assert rows(snapshot.path, "SELECT body FROM entry WHERE id = ?".replace("?", f"'{entry.id}'"))
    assert rows(snapshot.path, "SELECT count(*) FROM entry") == [(1,)]
    assert rows(snapshot.path, "PRAGMA journal_mode") == [("delete",)]
    assert manifest["sha256"] == sha256_of(snapshot.path)
    assert manifest["size"] == snapshot.path.stat().st_size
    assert manifest["counts"]["entry"] == 1
    assert (
        manifest["schema_version"]
        == rows(journal.paths.database, "SELECT * FROM alembic_version")[0][0]
    )
    assert manifest["app_version"] == "9.9"
    assert manifest["created_at"] == "2026-03-04T05:06:07.890123+00:00"
    assert manifest["verified"] is True
    for path in (snapshot.path, manifest_file):
        assert path.stat().st_mode & 0o777 == 0o600
    assert journal.paths.backups.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in journal.paths.backups.iterdir()) == [
        "snapshot-20260304T050607890123Z.db",
        "snapshot-20260304T050607890123Z.json",
    ]


def test_listing_is_newest_first_and_names_the_newest_verified(journal: Journal) -> None:
    journal.add_entry(body="one")
    older = backups.take_snapshot(
        journal.paths.database, journal.paths.backups, app_version="1", now=MOMENT
    )
    journal.add_entry(body="two")
    newer = backups.take_snapshot(
        journal.paths.database, journal.paths.backups, app_version="1", now=MOMENT.replace(hour=9)
    )
    listed = backups.list_snapshots(journal.paths.root)
    assert [s.name for s in listed] == [newer.name, older.name]
    assert [s.entries for s in listed] == [2, 1]
    assert all(s.verified for s in listed)
    assert backups.newest_verified(journal.paths.root) == newer
    backups.manifest_path(newer.path).unlink()  # a copy without its manifest is not trusted
    assert backups.newest_verified(journal.paths.root) == older
    assert not backups.list_snapshots(journal.paths.root)[0].verified


def test_the_copies_made_before_an_upgrade_are_listed_unverified(journal: Journal) -> None:
    from fieldjournal.storage import schema

    schema.backup(journal.paths, journal.database.write_engine, "before-0003-from-0002")
    listed = backups.list_snapshots(journal.paths.root)
    assert [s.kind for s in listed] == ["before upgrade"]
    assert not listed[0].verified
    assert backups.newest_verified(journal.paths.root) is None
    assert backups.verify_snapshot(listed[0]) == []


def test_an_empty_or_missing_backups_folder_lists_nothing(tmp_path: Path) -> None:
    assert backups.list_snapshots(tmp_path) == []
    assert backups.newest_verified(tmp_path / "nowhere") is None


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_verify_catches_a_changed_snapshot(journal: Journal, damage: str) -> None:
    for n in range(30):
        journal.add_entry(body=f"note {n} " * 50)
    snapshot = backups.take_snapshot(journal.paths.database, journal.paths.backups, app_version="1")
    assert backups.verify_snapshot(snapshot) == []
    data = bytearray(snapshot.path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0xFF
        data[len(data) // 2 + 1] ^= 0xFF
    else:
        data = data[: len(data) // 2]
    snapshot.path.write_bytes(bytes(data))
    problems = backups.verify_snapshot(snapshot)
    assert problems
    assert ("SHA-256" in problems[0]) if damage == "flip" else ("size" in problems[0])
    assert not backups.list_snapshots(journal.paths.root)[0].verified or damage == "flip"


def test_a_copy_that_fails_its_check_is_deleted_and_reported(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.add_entry(body="the copy goes wrong")
    copy = backups.copy_database

    def truncating_copy(database: Path, target: Path) -> tuple[dict[str, int], str, int]:
        result = copy(database, target)
        target.write_bytes(target.read_bytes()[:2048])
        return result

    monkeypatch.setattr(backups, "copy_database", truncating_copy)
    with pytest.raises(BackupFailed, match="failed its check and was deleted"):
        backups.take_snapshot(journal.paths.database, journal.paths.backups, app_version="1")
    assert list(journal.paths.backups.iterdir()) == []


def test_a_copy_with_the_wrong_counts_is_not_kept(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.add_entry(body="counted")
    copy = backups.copy_database

    def miscounting_copy(database: Path, target: Path) -> tuple[dict[str, int], str, int]:
        counts, revision, changes = copy(database, target)
        return {**counts, "entry": counts["entry"] + 1}, revision, changes

    monkeypatch.setattr(backups, "copy_database", miscounting_copy)
    with pytest.raises(BackupFailed, match="entry: 1 rows instead of 2"):
        backups.take_snapshot(journal.paths.database, journal.paths.backups, app_version="1")
    assert list(journal.paths.backups.iterdir()) == []


def test_counts_are_those_of_the_moment_of_the_copy(journal: Journal) -> None:
    """A save committed between the counting and the copy is in neither."""
    journal.add_entry(body="before")
    source = sqlite3.connect(journal.paths.database, isolation_level=None)
    source.execute("BEGIN")
    counted = backups.table_counts(source)
    journal.add_entry(body="after the read began")  # WAL: the save does not wait
    copy = journal.paths.root / "copy.db"
    target = sqlite3.connect(copy)
    source.backup(target)
    source.execute("COMMIT")
    target.close()
    source.close()
    assert counted["entry"] == 1
    assert backups.check_copy(copy, counted) == []
    assert journal.count_entries() == 2


def test_find_snapshot_by_name_or_start(journal: Journal) -> None:
    snapshot = backups.take_snapshot(
        journal.paths.database, journal.paths.backups, app_version="1", now=MOMENT
    )
    for name in (snapshot.name, snapshot.path.stem, "snapshot-20260304", str(snapshot.path)):
        assert backups.find_snapshot(journal.paths.root, name) == snapshot
    with pytest.raises(Exception, match="no snapshot called snapshot-1999"):
        backups.find_snapshot(journal.paths.root, "snapshot-1999")


def test_rotation_counts_only_verified_snapshots_and_drops_old_unverified_ones(
    journal: Journal,
) -> None:
    from datetime import timedelta

    from fieldjournal.domain.backups import RotationPolicy
    from fieldjournal.storage.backup_mirror import rotate

    folder = journal.paths.backups
    made = [
        backups.take_snapshot(
            journal.paths.database, folder, app_version="1", now=MOMENT + timedelta(hours=h)
        )
        for h in range(4)
    ]
    backups.manifest_path(made[3].path).unlink()  # the newest lost its manifest
    backups.manifest_path(made[0].path).unlink()  # and so did the oldest
    policy = RotationPolicy(recent=1, daily=0, weekly=0)
    removed = rotate(folder, MOMENT + timedelta(hours=25), policy)
    left = [s.name for s in backups.list_folder(folder)]
    # The newest verified (hour 2) stays; the unverified newest is under a day old here.
    assert left == [made[3].name, made[2].name]
    assert {s.name for s in removed} == {made[0].name, made[1].name}
    rotate(folder, MOMENT + timedelta(hours=60), policy)
    assert [s.name for s in backups.list_folder(folder)] == [made[2].name]
