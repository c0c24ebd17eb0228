"""A full disk while typing: the text stays in the editor and is saved once there is room.

The disk is made full by a fault injected where SQLite writes (every INSERT and UPDATE
fails with SQLite's own "database or disk is full"), so this runs everywhere; the tmpfs
tests in tests/storage fill a real file system.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from fieldjournal import Journal
from fieldjournal.domain.errors import DiskFull
from fieldjournal.gui.main_window import MainWindow


class FullDisk:
    """Refuses every write on the journal's write engine while ``full`` is set."""

    def __init__(self, journal: Journal) -> None:
        self.full = False
        self.refused = 0
        event.listen(journal.database.write_engine, "before_cursor_execute", self.refuse)

    def refuse(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.full and statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            self.refused += 1
            raise sqlite3.OperationalError("database or disk is full")


def test_the_typed_text_waits_for_room_and_is_saved_then(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    entry = gui_journal.add_entry(title="Drop-in", occurred_at="2016-04-05T10:00+01:00")
    workspace = window.workspace
    assert workspace is not None
    workspace.open_entry(entry.id)
    editor = workspace.editor
    refused: list[tuple[BaseException, bool]] = []
    workspace.ops.failed.connect(lambda error, loud, _who: refused.append((error, loud)))
    disk = FullDisk(gui_journal)
    disk.full = True
    qtbot.keyClicks(editor.body, "typed on a full disk")
    qtbot.waitUntil(lambda: disk.refused >= 2, timeout=15_000)  # tried again on the timer
    # Each refusal reached the one reporting place, as a status line (no dialog while typing).
    assert refused and all(isinstance(e, DiskFull) and not loud for e, loud in refused)
    message = str(refused[0][0])
    assert message.startswith("the disk is full") and "\n" not in message
    assert "Traceback" not in message and "http" not in message
    assert window.statusBar().currentMessage().startswith("the disk is full")
    assert editor.saved_label.text() == "Not saved: the disk is full"
    assert editor.body.toPlainText() == "typed on a full disk" and editor.dirty
    assert gui_journal.get_entry(entry.id).body == ""
    disk.full = False  # room again
    qtbot.waitUntil(
        lambda: gui_journal.get_entry(entry.id).body == "typed on a full disk", timeout=15_000
    )
    assert editor.saved_label.text().startswith("Saved")
    assert not editor.dirty


def test_switching_entries_and_closing_wait_for_room(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = gui_journal.add_entry(title="First")
    second = gui_journal.add_entry(title="Second")
    workspace = window.workspace
    assert workspace is not None
    workspace.open_entry(first.id)
    editor = workspace.editor
    disk = FullDisk(gui_journal)
    disk.full = True
    qtbot.keyClicks(editor.body, "not lost")
    assert editor.load(gui_journal.get_entry(second.id)) is False  # the switch waits
    assert editor.entry_id == first.id and editor.body.toPlainText() == "not lost"
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    assert not window.close()  # closing waits too, and says why
    assert shown and shown[0].startswith("the disk is full")
    disk.full = False
    assert editor.load(gui_journal.get_entry(second.id)) is True
    assert gui_journal.get_entry(first.id).body == "not lost"
