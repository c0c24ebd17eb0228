"""Backups of an open journal: on close, on the timer, the mirror, restore."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.domain.backups import BackupSettings, RotationPolicy
from fieldjournal.domain.errors import BackupFailed, NotFound
from fieldjournal.services.backup_service import BackupOutcome
from fieldjournal.storage import backups
from fieldjournal.storage.durable import sha256_of
from fieldjournal.storage.journal_lock import JournalInUse


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def unexpected(value: object) -> None:
    pytest.fail(f"not expected here: {value}")


def entry_count(database: Path) -> int:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM entry").fetchone()[0])
    finally:
        conn.close()


def test_closing_after_a_change_takes_a_snapshot(
    journal_dir: Path, new_journal: Callable[[Path], Journal]
) -> None:
    journal = new_journal(journal_dir)
    journal.add_entry(body="written before closing")
    journal.close()
    newest = backups.newest_verified(journal_dir)
    assert newest is not None and newest.entries == 1
    assert entry_count(newest.path) == 1
    assert journal.close_backup_error is None


def test_closing_without_a_change_takes_none(
    journal_dir: Path, new_journal: Callable[[Path], Journal]
) -> None:
    journal = new_journal(journal_dir)
    journal.list_entries()
    journal.close()
    reopened = new_journal(journal_dir / "again")
    reopened.close(backup=True)
    assert backups.list_snapshots(journal_dir) == []
    assert not (journal_dir / "backups").exists()


def test_the_change_counter_moves_with_changed_rows_only(journal: Journal) -> None:
    database = journal.paths.database
    start = backups.change_counter(database)
    journal.list_entries()
    with journal.database.writing():
        pass  # a unit of work that changed nothing
    assert backups.change_counter(database) == start
    entry = journal.add_entry(body="one")
    journal.update_entry(entry.id, body="two")
    assert backups.change_counter(database) == (start or 0) + 2
    snapshot = journal.backup_now().snapshot
    assert snapshot.changes == (start or 0) + 2
    assert backups.newest_verified(journal.paths.root) == snapshot  # kept in the manifest


def test_a_change_never_snapshotted_is_snapshotted_by_the_next_program_to_close(
    journal_dir: Path, new_journal: Callable[[Path], Journal]
) -> None:
    """As after a crash: the change counter in the file outlives the process."""
    first = new_journal(journal_dir)
    first.add_entry(body="saved, then the program was killed")
    first.close(backup=False)
    assert backups.list_snapshots(journal_dir) == []
    with Journal.open(journal_dir) as reader:
        reader.list_entries()
    (made,) = backups.list_snapshots(journal_dir)
    assert made.entries == 1
    with Journal.open(journal_dir) as again:
        again.list_entries()
    assert backups.list_snapshots(journal_dir) == [made]  # nothing changed since


def test_a_manifest_from_before_the_counter_means_one_more_snapshot(
    journal_dir: Path, new_journal: Callable[[Path], Journal]
) -> None:
    journal = new_journal(journal_dir)
    journal.add_entry(body="snapshotted by an older version")
    old = journal.backup_now().snapshot
    manifest = backups.manifest_path(old.path)
    document = json.loads(manifest.read_text(encoding="utf-8"))
    del document["changes"]
    manifest.write_text(json.dumps(document), encoding="utf-8")
    journal.close()
    assert backups.list_snapshots(journal_dir)[0].changes is None
    with Journal.open(journal_dir) as reader:
        reader.list_entries()
    assert len(backups.list_snapshots(journal_dir)) == 2


def test_the_timer_snapshots_only_when_changes_wait_and_the_interval_passed(
    journal: Journal,
) -> None:
    """At most one snapshot an interval, counted from opening and then from each one."""
    clock = FakeClock()
    done: list[BackupOutcome] = []
    scheduler = journal.schedule_backups(done.append, unexpected, clock=clock, start=False)
    journal.add_entry(body="first change")
    clock.now += 599
    assert scheduler.tick() is None  # under 10 minutes since opening
    clock.now += 1
    outcome = scheduler.tick()
    assert outcome is not None and done == [outcome]
    assert outcome.snapshot.entries == 1
    assert not journal.backup_pending
    clock.now += 3600
    assert scheduler.tick() is None  # nothing changed since: no snapshot however long
    journal.save_backup_settings(BackupSettings(interval_minutes=5))
    journal.add_entry(body="second change")
    second = scheduler.tick()  # over 5 minutes since the last snapshot: due at once
    assert second is not None and second.snapshot.entries == 2
    journal.add_entry(body="third change")
    clock.now += 299
    assert scheduler.tick() is None
    clock.now += 1
    third = scheduler.tick()
    assert third is not None and third.snapshot.entries == 3
    assert [s.entries for s in journal.list_backups()] == [3, 2, 1]


def test_a_failed_timer_snapshot_is_reported_and_retried_an_interval_later(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    failures: list[Exception] = []
    scheduler = journal.schedule_backups(unexpected, failures.append, clock=clock, start=False)
    journal.add_entry(body="to be backed up")

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise BackupFailed("the snapshot could not be made: database or disk is full")

    monkeypatch.setattr(backups, "take_snapshot", full_disk)
    clock.now += 600
    assert scheduler.tick() is None
    assert [str(f) for f in failures] == [
        "the snapshot could not be made: database or disk is full"
    ]
    clock.now += 1
    assert scheduler.tick() is None and len(failures) == 1  # not tried again at once
    assert journal.backup_pending  # the change is still waiting for a snapshot


def test_the_scheduler_thread_ticks_and_stops_with_the_journal(journal: Journal) -> None:
    journal.add_entry(body="noticed by the thread")
    journal.save_backup_settings(BackupSettings(interval_minutes=1))
    done = threading.Event()
    clock = FakeClock()
    scheduler = journal.schedule_backups(
        lambda _o: done.set(), unexpected, clock=clock, start=False
    )
    scheduler._poll_s = 0.01  # the thread waits this long between ticks
    scheduler.start()
    clock.now += 60
    assert done.wait(10)
    journal.close()
    assert scheduler._thread is None


def test_a_save_is_not_held_up_by_a_snapshot_being_copied(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot's read transaction is held open while a save commits."""
    journal.add_entry(body="before the snapshot")
    counting, release = threading.Event(), threading.Event()
    count = backups.table_counts
    calls = []

    def slow_counts(conn: sqlite3.Connection) -> dict[str, int]:
        found = count(conn)
        calls.append(found)
        if len(calls) == 1:  # inside the copy's read transaction
            counting.set()
            release.wait(30)
        return found

    monkeypatch.setattr(backups, "table_counts", slow_counts)
    outcomes: list[BackupOutcome] = []
    worker = threading.Thread(target=lambda: outcomes.append(journal.backup_now()))
    worker.start()
    assert counting.wait(30)
    started = time.perf_counter()
    journal.add_entry(body="saved while the snapshot reads")
    took = time.perf_counter() - started
    release.set()
    worker.join(30)
    assert took < 2.0  # without WAL this save would wait for the busy timeout (15 s)
    assert outcomes[0].snapshot.entries == 1  # the copy is of the moment it began
    assert journal.backup_pending  # the later save still needs a snapshot


def test_restore_round_trip(journal: Journal) -> None:
    kept = journal.add_entry(title="Kept", body="in the snapshot")
    snapshot = journal.backup_now().snapshot
    later = journal.add_entry(title="Later", body="written after the snapshot, partnership")
    journal.update_entry(kept.id, body="changed after the snapshot")
    report = journal.restore_backup(snapshot.name)
    assert report.restored == snapshot
    assert report.entries == 1
    assert [e.id for e in journal.list_entries()] == [kept.id]
    assert journal.get_entry(kept.id).body == "in the snapshot"
    with pytest.raises(NotFound):
        journal.get_entry(later.id)
    assert journal.search("partnership").total == 0
    assert journal.search("snapshot").total == 1
    # The journal as it was before the restore is itself a snapshot, holding the later entry.
    assert report.before is not None and report.before.entries == 2
    conn = sqlite3.connect(f"file:{report.before.path}?mode=ro", uri=True)
    assert conn.execute("SELECT title FROM entry WHERE id = ?", (later.id,)).fetchone() == (
        "Later",
    )
    conn.close()
    # The journal keeps working, and saves after the restore reach the next snapshot.
    journal.add_entry(body="after the restore")
    assert journal.backup_pending
    assert journal.backup_now().snapshot.entries == 2
    assert journal.check_consistency() == []


def test_restore_latest_and_a_bad_snapshot_is_refused(journal: Journal) -> None:
    journal.add_entry(body="one")
    first = journal.backup_now().snapshot
    journal.add_entry(body="two")
    second = journal.backup_now().snapshot
    data = bytearray(second.path.read_bytes())
    data[-100] ^= 0x55
    second.path.write_bytes(bytes(data))
    with pytest.raises(BackupFailed, match=r"SHA-256.*nothing was restored"):
        journal.restore_backup(second.name)
    assert journal.count_entries() == 2
    report = journal.restore_backup(None)  # the newest *verified*: the flipped one is not it
    assert report.restored == first
    assert report.skipped == (second.name,)
    assert journal.count_entries() == report.restored.entries


def test_no_verified_snapshot_to_restore(journal: Journal) -> None:
    with pytest.raises(NotFound, match="no verified snapshot"):
        journal.restore_backup()


def test_a_mirror_gets_each_snapshot_and_a_missing_one_is_said_once(
    journal: Journal, tmp_path: Path
) -> None:
    mirror = tmp_path / "usb-stick"
    journal.save_backup_settings(BackupSettings(mirror=str(mirror)))
    journal.add_entry(body="one")
    first = journal.backup_now()
    assert first.mirrored is None
    assert first.mirror_notice is not None and "usb-stick is not available" in first.mirror_notice
    second = journal.backup_now()
    assert second.mirrored is None and second.mirror_notice is None  # said once
    mirror.mkdir()
    third = journal.backup_now()
    assert third.mirrored is not None
    assert third.mirrored.parent.parent == mirror  # in the journal's own folder there
    assert third.mirrored.parent.name.startswith(journal.paths.name + "-")
    assert sha256_of(third.mirrored) == third.snapshot.sha256
    assert [s.name for s in backups.list_folder(third.mirrored.parent)] == [third.snapshot.name]
    assert backups.list_folder(third.mirrored.parent)[0].verified
    mirror.rename(tmp_path / "unplugged")
    fourth = journal.backup_now()
    assert fourth.mirror_notice is not None  # gone again after coming back: said again


def test_rotation_runs_after_each_snapshot(journal: Journal) -> None:
    journal.save_backup_settings(
        BackupSettings(rotation=RotationPolicy(recent=2, daily=0, weekly=0))
    )
    names = []
    for n in range(4):
        journal.add_entry(body=f"entry {n}")
        names.append(journal.backup_now().snapshot.name)
    assert [s.name for s in journal.list_backups()] == names[:-3:-1]


def test_settings_are_kept_in_the_journal_folder(journal: Journal, tmp_path: Path) -> None:
    settings = BackupSettings(
        interval_minutes=25, mirror=str(tmp_path / "m"), rotation=RotationPolicy(5, 6, 7)
    )
    journal.save_backup_settings(settings)
    assert journal.backup_settings() == settings
    path = journal.paths.backups / "settings.json"
    assert path.stat().st_mode & 0o777 == 0o600
    path.write_text("{not json")
    assert journal.backup_settings() == BackupSettings()


def test_restore_is_refused_while_another_program_has_the_journal_open(
    journal: Journal, new_journal: Callable[[Path], Journal]
) -> None:
    journal.add_entry(body="kept")
    snapshot = journal.backup_now().snapshot
    journal.add_entry(body="the other program is still writing")
    with pytest.raises(JournalInUse, match=r"open in another program.*Nothing was restored"):
        Journal.restore_folder(journal.paths.root, snapshot.name)
    other = Journal.open(journal.paths.root, create=False)
    with pytest.raises(JournalInUse):
        other.restore_backup(snapshot.name)
    other.close()
    assert journal.count_entries() == 2
    report = journal.restore_backup(snapshot.name)  # alone now: it goes ahead
    assert report.entries == 1 and journal.count_entries() == 1


def test_a_damaged_journal_is_restored_without_opening_it_and_kept_aside(
    journal_dir: Path, new_journal: Callable[[Path], Journal]
) -> None:
    journal = new_journal(journal_dir)
    for n in range(40):
        journal.add_entry(title=f"Note {n}", body=f"fieldnote {n} " * 80)
    journal.close()  # the snapshot on close holds all 40
    database = journal_dir / "journal.db"
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])  # cut to half, as a failing disk might
    report = Journal.restore_folder(journal_dir, None)
    assert report.before is None
    assert report.damaged_copy is not None
    assert report.damaged_copy.read_bytes() == data[: len(data) // 2]
    assert report.entries == 40
    with Journal.open(journal_dir, create=False) as restored:
        assert restored.count_entries() == 40
        assert restored.search("fieldnote").total == 40
        assert restored.check_consistency() == []
