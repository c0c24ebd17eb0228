"""A full disk while typing: the text stays in the editor and is saved once there is room.

The disk is made full by a fault injected where SQLite writes (every INSERT and UPDATE
fails with SQLite's own "database or disk is full"), so this runs everywhere; the tmpfs
tests in tests/storage fill a real file system.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
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
    disk = FullDisk(gui_journal)
    disk.full = True
    with qtbot.capture_exceptions() as raised:
        qtbot.keyClicks(editor.body, "typed on a full disk")
        qtbot.waitUntil(lambda: disk.refused >= 2, timeout=15_000)  # retried on the timer
    # The first refusal reached the window (one message), the retry did not.
    assert [type(e[1]) for e in raised] == [DiskFull]
    message = str(raised[0][1])
    assert message.startswith("the disk is full") and "\n" not in message
    assert "Traceback" not in message and "http" not in message
    assert editor.saved_label.text() == "Not saved: the disk is full"
    assert editor.body.toPlainText() == "typed on a full disk" and editor.dirty
    assert gui_journal.get_entry(entry.id).body == ""
    disk.full = False  # room again
    qtbot.waitUntil(
        lambda: gui_journal.get_entry(entry.id).body == "typed on a full disk", timeout=15_000
    )
    assert editor.saved_label.text().startswith("Saved")
    assert not editor.dirty


def test_switching_entries_on_a_full_disk_keeps_the_text(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
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
    with pytest.raises(DiskFull):
        editor.load(gui_journal.get_entry(second.id))  # the switch waits for room
    assert editor.entry_id == first.id and editor.body.toPlainText() == "not lost"
    disk.full = False
    editor.load(gui_journal.get_entry(second.id))
    assert gui_journal.get_entry(first.id).body == "not lost"
