"""Capture from the keyboard: new entries by shortcut, autosave, save on switch and close."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind, MemoTarget
from fieldjournal.domain.timeutil import now
from fieldjournal.gui.editor.entry_editor import MAX_UNSAVED_MS, MEETING_HEADINGS
from fieldjournal.gui.main_window import MainWindow
from tests.gui.helpers import CTRL, SHIFT, press, retype


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_ctrl_n_creates_a_fieldnote_stamped_now_with_the_cursor_in_its_body(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    _activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_N)
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.current
    assert entry is not None and entry.kind is EntryKind.FIELDNOTE
    assert abs(entry.occurred_at - now()) < timedelta(minutes=1)
    assert QApplication.focusWidget() is workspace.editor.body
    assert gui_journal.count_entries() == 1
    assert workspace.timeline.selected_id() == entry.id


def test_typing_is_committed_within_two_seconds_of_the_last_keystroke(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    _activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_N)
    workspace = window.workspace
    assert workspace is not None and workspace.current is not None
    entry_id = workspace.current.id
    qtbot.keyClicks(workspace.editor.body, "Ann chaired; the CVS was quiet.")
    assert gui_journal.get_entry(entry_id).body == ""  # not yet: the quiet timer runs
    qtbot.waitUntil(
        lambda: gui_journal.get_entry(entry_id).body == "Ann chaired; the CVS was quiet.",
        timeout=2000,
    )


def test_steady_typing_is_saved_even_without_a_pause(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    body = workspace.editor.body
    typed = ""
    for step in range(12):  # a keystroke every 200 ms keeps restarting the quiet timer
        typed += f"w{step} "
        qtbot.keyClicks(body, f"w{step} ")
        qtbot.wait(200)
    saved = gui_journal.get_entry(entry.id).body
    assert saved and typed.startswith(saved)
    assert len(saved) >= len(typed) - 2 * len("w10 ") * (MAX_UNSAVED_MS // 200 + 1)


def test_meeting_and_memo_shortcuts_and_a_memo_is_linked_to_the_open_entry(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    _activate(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
    meeting = workspace.current
    assert meeting is not None and meeting.kind is EntryKind.MEETING
    assert workspace.editor.attendees.isVisible()
    assert "Decisions" in workspace.editor.body.placeholderText()
    workspace.editor.structure.click()
    assert workspace.editor.body.toPlainText() == MEETING_HEADINGS
    press(qtbot, window, Qt.Key.Key_M)
    memo = workspace.current
    assert memo is not None and memo.kind is EntryKind.MEMO
    assert workspace.editor.memo_type.isVisible()
    assert [m.id for m in gui_journal.memos_about(MemoTarget.ENTRY, meeting.id)] == [memo.id]
    # switching away saved the meeting's structure at once
    assert gui_journal.get_entry(meeting.id).body == MEETING_HEADINGS
    shown = [
        window.menu_actions.new_meeting_action.shortcut(),
        window.menu_actions.new_memo_action.shortcut(),
    ]
    assert all(not s.isEmpty() for s in shown)


def test_ctrl_s_saves_at_once(qtbot: QtBot, window: MainWindow, gui_journal: Journal) -> None:
    _activate(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    qtbot.keyClicks(workspace.editor.title, "Lunch club")
    qtbot.keyClicks(workspace.editor.body, "Soup and gossip")
    press(qtbot, window, Qt.Key.Key_S)
    saved = gui_journal.get_entry(entry.id)
    assert (saved.title, saved.body) == ("Lunch club", "Soup and gossip")
    assert not workspace.editor.dirty


def test_switching_entries_and_focus_loss_save_at_once(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    first = workspace.new_entry(EntryKind.FIELDNOTE)
    assert first is not None
    qtbot.keyClicks(workspace.editor.body, "first words")
    second = workspace.new_entry(EntryKind.FIELDNOTE)
    assert second is not None
    assert gui_journal.get_entry(first.id).body == "first words"
    workspace.editor.body.setFocus()
    qtbot.keyClicks(workspace.editor.body, "second words")
    workspace.search.query.setFocus()
    qtbot.waitUntil(lambda: gui_journal.get_entry(second.id).body == "second words", timeout=500)
    workspace.open_entry(first.id)
    assert workspace.editor.body.toPlainText() == "first words"


def test_closing_the_window_saves_and_closes_the_journal(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    qtbot.keyClicks(workspace.editor.body, "last thought before the bus")
    path = gui_journal.paths.root
    window.close()
    assert window.journal is None and window.workspace is None
    with Journal.open(path) as reopened:
        assert reopened.get_entry(entry.id).body == "last thought before the bus"


def test_an_edit_that_removes_codings_says_so_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = gui_journal.add_entry(title="Board", body="They trust the board. Then tea.")
    gui_journal.code_segment(entry.id, "Trust/System trust", 0, 21)
    workspace.open_entry(entry.id)
    body = workspace.editor.body
    body.selectAll()
    qtbot.keyClick(body, Qt.Key.Key_Delete)
    window.save_now()
    assert gui_journal.get_entry(entry.id).segments == ()
    assert "Trust/System trust" in window.statusBar().currentMessage()


def test_times_show_and_save_in_the_offset_the_researcher_wrote(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = gui_journal.add_entry(title="Board", occurred_at="2016-04-05T12:15+01:00")
    workspace.open_entry(entry.id)
    editor = workspace.editor
    assert editor.occurred.text() == "2016-04-05 12:15"
    retype(qtbot, editor.occurred, "12:45")
    window.save_now()
    saved = gui_journal.get_entry(entry.id).occurred_at
    assert saved.isoformat() == "2016-04-05T12:45:00+01:00"


def test_the_centre_shows_how_to_start_until_an_entry_is_open(
    qtbot: QtBot, window: MainWindow
) -> None:
    workspace = window.workspace
    assert workspace is not None
    assert workspace.centre.currentIndex() == 0
    hint = workspace.centre.currentWidget()
    assert isinstance(hint, QLabel)
    assert "Ctrl+N" in hint.text()
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    assert workspace.centre.currentWidget() is workspace.editor
    window.menu_actions.trash_action.trigger()
    assert workspace.editor.entry_id == entry.id  # trashed entries stay open, read only
