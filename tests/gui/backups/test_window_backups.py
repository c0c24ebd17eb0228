"""The window's backup work with no journal open: the last snapshot on close and a restore
run through the window's runner, off the GUI thread, with failures said in its one place."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.errors import BackupFailed
from fieldjournal.gui.main_window import MainWindow


def reported(window: MainWindow) -> list[tuple[str, bool]]:
    seen: list[tuple[str, bool]] = []
    window.ops.failed.connect(lambda error, loud, _who: seen.append((str(error), loud)))
    return seen


def test_the_last_snapshot_on_close_runs_off_the_gui_thread_and_a_failure_is_said(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui_journal.add_entry(body="changed since the last snapshot")
    ran_on: list[threading.Thread] = []

    def full_disk() -> None:
        ran_on.append(threading.current_thread())
        raise BackupFailed("the snapshot could not be made: database or disk is full")

    monkeypatch.setattr(gui_journal, "backup_if_pending", full_disk)
    seen = reported(window)
    window.detach()
    window.backups.wait(30)
    assert ran_on and ran_on[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("the snapshot could not be made: database or disk is full", False)]
    assert "disk is full" in window.statusBar().currentMessage()  # not a dialog: nobody waited


def test_a_restore_runs_off_the_gui_thread_and_a_refused_one_reopens_the_journal(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui_journal.add_entry(title="Kept", body="as it was")
    opened_on: list[threading.Thread] = []
    real_open = window.backups._open

    def watched(path: str | None, create: bool) -> Journal:
        opened_on.append(threading.current_thread())
        return real_open(path, create)

    monkeypatch.setattr(window.backups, "_open", watched)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box))
    seen = reported(window)
    window.backups.restore("no-such-snapshot.db")
    assert window.journal is None  # detached while its file could be swapped
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert opened_on and opened_on[0] is not threading.main_thread()
    assert len(seen) == 1 and seen[0][1]  # once, as a dialog: the researcher waited
    assert shown and shown[-1].text() == seen[0][0]
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)  # as it was
    reopened = window.journal
    assert reopened is not None and [e.title for e in reopened.list_entries()] == ["Kept"]
    window.detach()
    window.backups.wait(30)
    assert Path(reopened.paths.root) == Path(gui_journal.paths.root)
