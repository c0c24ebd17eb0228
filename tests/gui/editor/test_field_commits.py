"""Every field of the editor commits when focus leaves it, the entry changes or the window
closes, not only on Enter: typed key by key as the researcher does it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind, LinkRole, MemoType
from fieldjournal.domain.records import Entry
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import Workspace
from tests.gui.helpers import press


def timeline_to(qtbot: QtBot, window: MainWindow, workspace: Workspace, key: Qt.Key) -> None:
    """Ctrl+1, then an arrow: another entry opens from the timeline."""
    press(qtbot, window, Qt.Key.Key_1)
    assert QApplication.focusWidget() is workspace.timeline.view
    qtbot.keyClick(workspace.timeline.view, key)


def test_an_attendee_typed_then_tab_survives_switching_entries(
    qtbot: QtBot, active_window: MainWindow, workspace: Workspace, gui_journal: Journal
) -> None:
    """The reported sequence: `, Sam Okoro` at the end of Attendees, Tab, away and back."""
    gui_journal.add_entry(title="Corridor", occurred_at="2016-04-04T09:00+01:00")
    meeting = gui_journal.add_entry(
        title="Board",
        kind="meeting",
        occurred_at="2016-04-05T10:00+01:00",
        actors=["Ann Example"],
    )
    window = active_window
    qtbot.waitUntil(lambda: workspace.timeline.model.rowCount() == 3)  # one month heading
    timeline_to(qtbot, window, workspace, Qt.Key.Key_Down)
    assert workspace.editor.entry_id == meeting.id
    attendees = workspace.editor.attendees
    assert attendees.text() == "Ann Example"
    assert attendees.cursorPosition() == 0  # it opens showing its start
    attendees.setFocus()
    qtbot.keyClick(attendees, Qt.Key.Key_End)
    qtbot.keyClicks(attendees, ", Sam Okoro")
    qtbot.keyClick(attendees, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not attendees
    timeline_to(qtbot, window, workspace, Qt.Key.Key_Down)  # the corridor note
    assert workspace.editor.entry_id != meeting.id
    qtbot.keyClick(workspace.timeline.view, Qt.Key.Key_Up)
    assert workspace.editor.entry_id == meeting.id
    linked = gui_journal.get_entry(meeting.id).actors
    assert [(a.name, a.role) for a in linked] == [
        ("Ann Example", LinkRole.PRESENT),
        ("Sam Okoro", LinkRole.PRESENT),
    ]
    assert attendees.text() == "Ann Example, Sam Okoro"


def test_an_attendee_is_linked_when_the_entry_changes_with_the_focus_still_there(
    qtbot: QtBot, workspace: Workspace, gui_journal: Journal, new_meeting: Entry
) -> None:
    other = gui_journal.add_entry(title="Corridor")
    meeting = new_meeting
    attendees = workspace.editor.attendees
    attendees.setFocus()
    qtbot.keyClicks(attendees, "Sam Okoro")
    workspace.open_entry(other.id)  # a search hit opened by the mouse: focus never moved
    assert [a.name for a in gui_journal.get_entry(meeting.id).actors] == ["Sam Okoro"]
    assert [a.name for a in gui_journal.get_entry(other.id).actors] == []


def test_an_attendee_is_linked_when_the_window_closes(
    qtbot: QtBot,
    active_window: MainWindow,
    workspace: Workspace,
    gui_journal: Journal,
    new_meeting: Entry,
) -> None:
    attendees = workspace.editor.attendees
    attendees.setFocus()
    qtbot.keyClicks(attendees, "Sam Okoro, Ann Example")
    assert active_window.close()
    names = sorted(a.name for a in gui_journal.get_entry(new_meeting.id).actors)
    assert names == ["Ann Example", "Sam Okoro"]


def test_title_site_and_memo_type_survive_switching_entries(
    qtbot: QtBot, active_window: MainWindow, workspace: Workspace, gui_journal: Journal
) -> None:
    other = gui_journal.add_entry(title="Corridor", occurred_at="2016-04-04T09:00+01:00")
    memo = gui_journal.add_entry(
        title="", kind="memo", memo_type="analytic", occurred_at="2016-04-05T10:00+01:00"
    )
    workspace.open_entry(memo.id)
    editor = workspace.editor
    editor.title.setFocus()
    qtbot.keyClicks(editor.title, "On delivery arms")
    qtbot.keyClick(editor.title, Qt.Key.Key_Tab)
    editor.site.setFocus()
    qtbot.keyClicks(editor.site, "Millbrook CVS")
    editor.memo_type.setFocus()
    qtbot.keyClick(editor.memo_type, Qt.Key.Key_Down)  # analytic -> methodological
    workspace.open_entry(other.id)
    saved = gui_journal.get_entry(memo.id)
    assert (saved.title, saved.site, saved.memo_type) == (
        "On delivery arms",
        "Millbrook CVS",
        MemoType.METHODOLOGICAL,
    )
    workspace.open_entry(memo.id)
    assert (editor.title.text(), editor.site.text()) == ("On delivery arms", "Millbrook CVS")
    assert editor.memo_type.currentData() == "methodological"


def test_the_inspectors_actor_commits_when_focus_leaves_its_row_with_the_role_chosen(
    qtbot: QtBot, active_window: MainWindow, workspace: Workspace, gui_journal: Journal
) -> None:
    window = active_window
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    press(qtbot, window, Qt.Key.Key_L)
    inspector = workspace.inspector
    assert QApplication.focusWidget() is inspector.actor_name
    qtbot.keyClicks(inspector.actor_name, "Sam Okoro")
    qtbot.keyClick(inspector.actor_name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is inspector.actor_role
    assert gui_journal.get_entry(entry.id).actors == ()  # still in its row: not yet
    inspector.actor_role.showPopup()  # its list is still the row
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    assert gui_journal.get_entry(entry.id).actors == ()
    inspector.actor_role.hidePopup()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is inspector.actor_role)
    qtbot.keyClick(inspector.actor_role, Qt.Key.Key_Down)  # present -> mentioned
    qtbot.keyClick(inspector.actor_role, Qt.Key.Key_Tab)
    linked = gui_journal.get_entry(entry.id).actors
    assert [(a.name, a.role) for a in linked] == [("Sam Okoro", LinkRole.MENTIONED)]
    assert inspector.actor_name.text() == ""


def test_the_inspectors_fields_commit_to_their_entry_when_another_opens_or_on_closing(
    qtbot: QtBot, active_window: MainWindow, workspace: Workspace, gui_journal: Journal
) -> None:
    window = active_window
    other = gui_journal.add_entry(title="Corridor")
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    press(qtbot, window, Qt.Key.Key_K)
    qtbot.keyClicks(workspace.inspector.code_path, "Trust/System trust")
    workspace.open_entry(other.id)  # opened by the mouse: the field kept its focus
    assert gui_journal.get_entry(entry.id).codes == ("Trust/System trust",)
    assert gui_journal.get_entry(other.id).codes == ()
    press(qtbot, window, Qt.Key.Key_L)
    qtbot.keyClicks(workspace.inspector.actor_name, "Ann Example")
    assert window.close()
    assert [a.name for a in gui_journal.get_entry(other.id).actors] == ["Ann Example"]


def test_a_memos_about_field_commits_when_focus_leaves_it_and_when_another_entry_opens(
    qtbot: QtBot, active_window: MainWindow, workspace: Workspace, gui_journal: Journal
) -> None:
    gui_journal.add_actor("Ann Example")
    gui_journal.add_actor("Sam Okoro")
    other = gui_journal.add_entry(title="Corridor")
    memo = workspace.new_entry(EntryKind.MEMO)
    assert memo is not None
    about = workspace.inspector.about
    about.target.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is about.target)
    qtbot.keyClicks(about.target, "Ann Example")  # the kind is Actor
    workspace.editor.body.setFocus()  # a click in the text
    qtbot.waitUntil(lambda: QApplication.focusWidget() is workspace.editor.body)
    assert [link.label for link in gui_journal.get_entry(memo.id).memo_links] == ["Ann Example"]
    about.target.setFocus()
    qtbot.keyClicks(about.target, "Sam Okoro")
    workspace.open_entry(other.id)
    labels = sorted(link.label for link in gui_journal.get_entry(memo.id).memo_links)
    assert labels == ["Ann Example", "Sam Okoro"]


def test_switching_to_another_window_mid_name_links_nothing_half_typed(
    qtbot: QtBot,
    active_window: MainWindow,
    workspace: Workspace,
    gui_journal: Journal,
    new_meeting: Entry,
) -> None:
    """Alt+Tab to look a spelling up: the text is saved, the half name stays in its field."""
    window, meeting = active_window, new_meeting
    qtbot.keyClicks(workspace.editor.body, "Board")
    attendees = workspace.editor.attendees
    attendees.setFocus()
    qtbot.keyClicks(attendees, "Sam Ok")
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is elsewhere)
    assert gui_journal.get_entry(meeting.id).body == "Board"  # the text is saved
    assert gui_journal.get_entry(meeting.id).actors == ()  # no actor "Sam Ok"
    assert gui_journal.list_actors() == []
    assert attendees.text() == "Sam Ok"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    attendees.setFocus()
    qtbot.keyClick(attendees, Qt.Key.Key_End)
    qtbot.keyClicks(attendees, "oro")
    qtbot.keyClick(attendees, Qt.Key.Key_Tab)
    assert [a.name for a in gui_journal.get_entry(meeting.id).actors] == ["Sam Okoro"]
