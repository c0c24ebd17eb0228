"""Linking actors and codes from the keyboard: inspector fields, `@` in the body, attendees."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind, LinkRole
from fieldjournal.gui.main_window import MainWindow
from tests.gui.helpers import press


def test_ctrl_l_links_an_actor_typed_in_the_inspector(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_actor("Ann Example")
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, Qt.Key.Key_L)
    field = workspace.inspector.actor_name
    assert QApplication.focusWidget() is field
    qtbot.keyClicks(field, "Ann Example")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    linked = gui_journal.get_entry(entry.id).actors
    assert [(a.name, a.role) for a in linked] == [("Ann Example", LinkRole.PRESENT)]
    qtbot.waitUntil(lambda: workspace.inspector.actors.count() == 1)
    assert "Ann Example" in workspace.inspector.actors.item(0).text()
    workspace.inspector.actors.setCurrentRow(0)
    workspace.inspector._unlink_selected_actor()
    assert gui_journal.get_entry(entry.id).actors == ()


def test_at_completes_an_actor_name_inserts_it_and_links_the_actor(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_actor("Bilal Moorcroft")
    gui_journal.add_actor("Ann Example")
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    body = workspace.editor.body
    qtbot.keyClicks(body, "Spoke with @bil")
    popup = body.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert body.toPlainText() == "Spoke with Bilal Moorcroft"
    assert [a.name for a in gui_journal.get_entry(entry.id).actors] == ["Bilal Moorcroft"]
    assert gui_journal.get_entry(entry.id).body == "Spoke with Bilal Moorcroft"


def test_meeting_attendees_are_linked_as_present(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_actor("Ann Example")
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.MEETING)
    assert entry is not None
    attendees = workspace.editor.attendees
    attendees.setFocus()
    qtbot.keyClicks(attendees, "Ann Example, Carol Newname")
    qtbot.keyClick(attendees, Qt.Key.Key_Return)
    names = {a.name for a in gui_journal.get_entry(entry.id).actors}
    assert names == {"Ann Example", "Carol Newname"}


def test_ctrl_k_codes_the_whole_entry_and_remove_takes_it_off(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_code("Trust/System trust")
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, Qt.Key.Key_K)
    field = workspace.inspector.code_path
    assert QApplication.focusWidget() is field
    qtbot.keyClicks(field, "Trust/System trust")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert gui_journal.get_entry(entry.id).codes == ("Trust/System trust",)
    workspace.inspector.codes.setCurrentRow(0)
    workspace.inspector._remove_selected_code()
    assert gui_journal.get_entry(entry.id).codes == ()


def test_clicking_a_coded_passage_selects_it_in_the_body(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    entry = gui_journal.add_entry(title="Board", body="They trust the board. Then tea.")
    gui_journal.code_segment(entry.id, "Trust/System trust", 5, 20)
    workspace = window.workspace
    assert workspace is not None
    workspace.open_entry(entry.id)
    item = workspace.inspector.segments.item(0)
    assert "Trust/System trust" in item.text()
    workspace.inspector.segments.itemClicked.emit(item)
    assert workspace.editor.body.textCursor().selectedText() == "trust the board"


def test_site_completion_comes_from_earlier_sites_read_in_the_background(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_entry(title="Drop-in", site="Millbrook CVS offices")
    workspace = window.workspace
    assert workspace is not None
    workspace.new_entry(EntryKind.FIELDNOTE)
    completer = workspace.editor.site.completer()
    assert completer is not None
    qtbot.waitUntil(lambda: completer.model().rowCount() == 1, timeout=3000)
    site = workspace.editor.site
    site.setFocus()
    qtbot.keyClicks(site, "millb")
    assert completer.currentCompletion() == "Millbrook CVS offices"
    assert workspace.filters.site.findData("Millbrook CVS offices") >= 0
