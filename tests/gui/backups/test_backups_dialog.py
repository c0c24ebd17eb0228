"""File › Backups…: the list, Back up now, Verify, Restore (asked first), the settings,
and failures or a missing mirror said in the window."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.backups import BackupSettings, Snapshot
from fieldjournal.domain.errors import BackupFailed
from fieldjournal.gui.backups.backups_dialog import BackupsDialog
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.widgets import confirm
from fieldjournal.storage import backups


def open_dialog(qtbot: QtBot, window: MainWindow) -> BackupsDialog:
    window.menu_actions.backups_action.trigger()
    dialog = window.backups.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def back_up(qtbot: QtBot, dialog: BackupsDialog) -> None:
    before = len(dialog.model.snapshots)
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: len(dialog.model.snapshots) > before, timeout=20_000)


def test_back_up_now_lists_the_verified_snapshot(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_entry(title="Board minutes", body="Tom Reyes chaired.")
    dialog = open_dialog(qtbot, window)
    assert dialog.model.rowCount() == 0
    assert "No verified snapshot yet" in dialog.where.text()
    back_up(qtbot, dialog)
    assert "Snapshot taken and verified" in dialog.status.text()
    assert dialog.model.rowCount() == 1
    row = [dialog.model.index(0, c).data() for c in range(5)]
    assert row[3] == "1" and row[4] == "verified"
    assert dialog.model.snapshots == backups.list_snapshots(gui_journal.paths.root)


def test_back_up_now_saves_what_is_typed_first_and_runs_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action of the window's runner: the editor is saved into the snapshot, and the
    copy is made on a worker thread while the dialog shows it is busy."""
    workspace = window.workspace
    assert workspace is not None
    entry = gui_journal.add_entry(title="Drop-in", body="")
    workspace.open_entry(entry.id)
    qtbot.keyClicks(workspace.editor.body, "typed a moment ago")
    threads: list[str] = []
    take = backups.take_snapshot

    def watched(*args: Any, **kwargs: Any) -> Snapshot:
        threads.append(threading.current_thread().name)
        return take(*args, **kwargs)

    monkeypatch.setattr(backups, "take_snapshot", watched)
    dialog = open_dialog(qtbot, window)
    dialog.back_up_button.click()
    assert not dialog.back_up_button.isEnabled() and dialog.progress.isVisibleTo(dialog)
    assert "Taking a snapshot" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)
    assert threads and threads[0] != threading.main_thread().name
    assert dialog.back_up_button.isEnabled() and not dialog.progress.isVisibleTo(dialog)
    with sqlite3.connect(dialog.model.snapshots[0].path) as copy:
        (body,) = copy.execute("SELECT body FROM entry WHERE title = 'Drop-in'").fetchone()
    assert body == "typed a moment ago"


def test_verify_says_when_a_snapshot_was_damaged(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_entry(body="to be checked")
    snapshot = gui_journal.backup_now().snapshot
    dialog = open_dialog(qtbot, window)
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "is sound" in dialog.status.text(), timeout=20_000)
    data = bytearray(snapshot.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    snapshot.path.write_bytes(bytes(data))
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "FAILED its check" in dialog.status.text(), timeout=20_000)
    assert "SHA-256" in dialog.status.text()


def test_a_failed_snapshot_is_shown_not_kept(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui_journal.add_entry(body="cannot be backed up")

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise BackupFailed("the snapshot could not be made: database or disk is full")

    monkeypatch.setattr(backups, "take_snapshot", full_disk)
    dialog = open_dialog(qtbot, window)
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: "Backup failed" in dialog.status.text(), timeout=20_000)
    assert "disk is full" in dialog.status.text()
    assert "disk is full" in window.statusBar().currentMessage()  # the runner's one place
    assert dialog.model.rowCount() == 0
    # The timer's failures reach the status bar.
    runner = window.backups.runner
    assert runner is not None
    runner.scheduler._clock = lambda: 1e12  # an interval has long passed
    runner.scheduler.tick()
    qtbot.waitUntil(lambda: "Backup failed" in window.statusBar().currentMessage(), timeout=10_000)


def test_a_missing_mirror_is_said_once_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, tmp_path: Path
) -> None:
    gui_journal.save_backup_settings(BackupSettings(mirror=str(tmp_path / "usb-stick")))
    runner = window.backups.runner
    assert runner is not None
    said: list[str] = []
    runner.notice.connect(said.append)
    runner.scheduler._clock = lambda: 1e12
    for n in range(3):
        gui_journal.add_entry(body=f"change {n}")
        runner.scheduler._last = 0
        assert runner.scheduler.tick() is not None
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    qtbot.wait(50)
    assert len(said) == 1 and "usb-stick is not available" in said[0]
    assert "usb-stick is not available" in window.statusBar().currentMessage()
    assert len(gui_journal.list_backups()) == 3  # snapshots carried on meanwhile


def test_settings_are_shown_and_changed(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.interval.value() == 10 and dialog.mirror.text() == ""
    assert (dialog.keep_recent.value(), dialog.keep_daily.value(), dialog.keep_weekly.value()) == (
        48,
        30,
        52,
    )
    dialog.interval.setValue(25)
    dialog.mirror.setText(str(tmp_path / "mirror"))
    dialog.keep_recent.setValue(12)
    dialog.keep_daily.setValue(7)
    dialog.keep_weekly.setValue(4)
    dialog.save_settings_button.click()
    assert dialog.status.text() == "Settings saved."
    saved = gui_journal.backup_settings()
    assert saved.interval_minutes == 25 and saved.mirror == str(tmp_path / "mirror")
    assert (saved.rotation.recent, saved.rotation.daily, saved.rotation.weekly) == (12, 7, 4)


def test_restore_asks_first_then_shows_the_restored_journal(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = gui_journal.add_entry(title="Kept", body="in the snapshot")
    snapshot = gui_journal.backup_now().snapshot
    gui_journal.add_entry(title="Later", body="after the snapshot")
    asked: list[str] = []
    answers = iter([False, True])

    def answer(_parent: object, question: str) -> bool:
        asked.append(question)
        return next(answers)

    monkeypatch.setattr(confirm, "confirm", answer)
    dialog = open_dialog(qtbot, window)
    assert dialog.model.snapshots[0] == snapshot
    dialog.restore_button.click()  # answered no: nothing happens
    assert window.journal is gui_journal and gui_journal.count_entries() == 2
    dialog.restore_button.click()
    assert len(asked) == 2 and "(1 entry)" in asked[1] and "(2 entries)" in asked[1]
    task = window.backups.restore_task
    assert task is not None
    task.wait(60)
    qtbot.waitUntil(
        lambda: window.workspace is not None and window.journal is not None, timeout=20_000
    )
    restored = window.journal
    assert restored is not None and restored is not gui_journal
    assert [e.id for e in restored.list_entries()] == [kept.id]
    assert window.workspace is not None and window.workspace.timeline.model.total == 1
    assert "Restored " + snapshot.name in window.statusBar().currentMessage()
    restored.close()
    window.journal = None


def test_settings_that_cannot_be_saved_are_said_in_the_dialog_and_the_status_bar(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved through the runner: its one place (the status bar) and the dialog say why."""

    def read_only(_settings: BackupSettings) -> None:
        raise OSError(30, "Read-only file system", str(gui_journal.paths.root))

    monkeypatch.setattr(gui_journal, "save_backup_settings", read_only)
    dialog = open_dialog(qtbot, window)
    dialog.interval.setValue(25)
    dialog.save_settings_button.click()
    assert dialog.status.text().startswith("The settings were not saved: Read-only file system")
    assert "Read-only file system" in window.statusBar().currentMessage()
    assert gui_journal.backup_settings().interval_minutes == 10
