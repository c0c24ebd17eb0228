"""When and Ends by keyboard: a date typed in the locale's order or ISO 8601, its value
shown in words beside the field, and nothing saved from what does not parse."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import Workspace
from tests.gui.helpers import retype

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def british() -> Iterator[QLocale]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield QLocale()
    QLocale.setDefault(before)


@pytest.fixture
def american() -> Iterator[QLocale]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield QLocale()
    QLocale.setDefault(before)


def opened(qtbot: QtBot, window: MainWindow, journal: Journal) -> tuple[Workspace, str]:
    workspace = window.workspace
    assert workspace is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    entry = journal.add_entry(title="Board", occurred_at="2016-03-01T09:30+01:00")
    workspace.open_entry(entry.id)
    return workspace, entry.id


def test_a_date_in_the_locales_order_is_shown_in_words_and_saved(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, british: QLocale
) -> None:
    workspace, entry_id = opened(qtbot, window, gui_journal)
    editor = workspace.editor
    assert editor.occurred.text() == "2016-03-01 09:30"
    assert editor.occurred.note.text() == "Tuesday 1 March 2016, 09:30"
    assert "5/4/2016 10:00" in editor.occurred.edit.toolTip()  # days first, as typed here
    editor.body.setFocus()
    qtbot.keyClick(editor.body, Qt.Key.Key_W, ALT)  # the When field, from the body
    assert QApplication.focusWidget() is editor.occurred.edit
    retype(qtbot, editor.occurred, "5/4/2016 10:00")
    assert editor.occurred.note.text() == "Tuesday 5 April 2016, 10:00"
    qtbot.keyClick(editor.occurred.edit, Qt.Key.Key_Tab)
    workspace.save()
    saved = gui_journal.get_entry(entry_id).occurred_at
    assert saved.isoformat() == "2016-04-05T10:00:00+01:00"


def test_month_first_where_the_locale_puts_it_first(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, american: QLocale
) -> None:
    workspace, entry_id = opened(qtbot, window, gui_journal)
    retype(qtbot, workspace.editor.occurred, "5/4/2016 10:00")
    assert workspace.editor.occurred.note.text() == "Wednesday 4 May 2016, 10:00"
    assert "4/5/2016 10:00" in workspace.editor.occurred.edit.toolTip()
    workspace.save()
    assert gui_journal.get_entry(entry_id).occurred_at.isoformat() == "2016-05-04T10:00:00+01:00"


def test_iso_a_date_alone_and_an_end_time_alone(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, american: QLocale
) -> None:
    workspace, entry_id = opened(qtbot, window, gui_journal)
    editor = workspace.editor
    retype(qtbot, editor.occurred, "2016-04-05")  # the time stays 09:30
    assert editor.occurred.note.text() == "Tuesday 5 April 2016, 09:30"
    editor.has_end.setFocus()
    qtbot.keyClick(editor.has_end, Qt.Key.Key_Space)
    assert editor.ended.isEnabled()
    retype(qtbot, editor.ended, "2016-04-05 11:15")
    workspace.save()
    saved = gui_journal.get_entry(entry_id)
    assert saved.occurred_at.isoformat() == "2016-04-05T09:30:00+01:00"
    assert saved.ended_at is not None and saved.ended_at.isoformat() == "2016-04-05T11:15:00+01:00"


def test_what_does_not_parse_is_said_beside_it_and_not_saved(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, british: QLocale
) -> None:
    other = gui_journal.add_entry(title="Corridor")
    workspace, entry_id = opened(qtbot, window, gui_journal)
    editor = workspace.editor
    retype(qtbot, editor.occurred, "31/2/2016 10:00")
    note = editor.occurred.note.text()
    assert "Not understood" in note and "there is no 31 February 2016" in note
    assert editor.occurred.edit.accessibleDescription() == note
    qtbot.keyClicks(editor.body, "Tea first")
    assert workspace.save()
    saved = gui_journal.get_entry(entry_id)
    assert saved.body == "Tea first"  # the rest is saved
    assert saved.occurred_at.isoformat() == "2016-03-01T09:30:00+01:00"  # the date is not
    assert editor.saved_label.text() == "Saved, except When: not understood"
    workspace.open_entry(other.id)
    message = window.statusBar().currentMessage()
    assert "When: “31/2/2016 10:00” was not saved" in message
    assert gui_journal.get_entry(entry_id).occurred_at == saved.occurred_at


def test_up_and_down_step_the_part_under_the_cursor(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, british: QLocale
) -> None:
    workspace, entry_id = opened(qtbot, window, gui_journal)
    edit = workspace.editor.occurred.edit
    edit.setFocus()
    edit.setCursorPosition(9)  # on the day of 2016-03-01 09:30
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.text() == "2016-02-29 09:30" and edit.cursorPosition() == 9
    edit.setCursorPosition(15)  # the minutes
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "2016-02-29 09:31"
    retype(qtbot, workspace.editor.occurred, "5/4/2016")  # another form: the day steps
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "2016-04-06 09:30"
    workspace.save()
    assert gui_journal.get_entry(entry_id).occurred_at.isoformat() == "2016-04-06T09:30:00+01:00"
