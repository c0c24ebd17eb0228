"""Coding by selection and undo/redo of structural edits, through the whole window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import TAB_CODEBOOK, Workspace
from tests.gui.helpers import CTRL, SHIFT, press


def _select(workspace: Workspace, words: str) -> None:
    body = workspace.editor.body
    start = body.toPlainText().index(words)
    cursor = body.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_code_a_selection_from_the_code_menu_then_undo_and_redo(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    gui_journal.add_code("Power/Transmission belt")
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    qtbot.keyClicks(workspace.editor.body, "She called us the delivery arm of the programme.")
    _select(workspace, "delivery arm")
    workspace.coding.pick_code = lambda _parent, _paths: ("Power/Transmission belt", True)
    window.apply_code_action.trigger()
    segments = gui_journal.get_entry(entry.id).segments
    assert [(s.code_path, s.text) for s in segments] == [
        ("Power/Transmission belt", "delivery arm")
    ]
    assert "Power/Transmission belt" in workspace.inspector.segments.item(0).text()

    _activate(qtbot, window)
    workspace.timeline.view.setFocus()
    press(qtbot, window, Qt.Key.Key_Z)
    assert gui_journal.get_entry(entry.id).segments == ()
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(gui_journal.get_entry(entry.id).segments) == 1


def test_links_and_trash_are_undoable_but_typing_undo_stays_in_the_editor(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    qtbot.keyClicks(workspace.editor.body, "abc")
    field = workspace.inspector.actor_name
    field.setFocus()
    qtbot.keyClicks(field, "Ann Example")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert gui_journal.get_entry(entry.id).actor_names == ["Ann Example"]
    assert window.undo_action.text() == "&Undo Link Ann Example"

    _activate(qtbot, window)
    workspace.editor.body.setFocus()
    press(qtbot, window, Qt.Key.Key_Z)  # in the body: the text's own undo
    assert gui_journal.get_entry(entry.id).actor_names == ["Ann Example"]
    assert workspace.editor.body.toPlainText() != "abc"

    workspace.timeline.view.setFocus()
    press(qtbot, window, Qt.Key.Key_Z)
    assert gui_journal.get_entry(entry.id).actors == ()

    window.trash_action.trigger()
    assert gui_journal.get_entry(entry.id).deleted_at is not None
    window.undo_action.trigger()
    assert gui_journal.get_entry(entry.id).deleted_at is None
    assert workspace.timeline.model.row_of(entry.id) >= 0


def test_the_codebook_is_mounted_and_a_code_filters_the_timeline(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    coded = gui_journal.add_entry(title="Coded", codes=["Trust/System trust"])
    gui_journal.add_entry(title="Not coded")
    workspace = window.workspace
    assert workspace is not None
    _activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert workspace.tabs.currentIndex() == TAB_CODEBOOK
    workspace.codebook.select_code("Trust/System trust")
    workspace.codebook.code_activated.emit("Trust/System trust")
    assert workspace.tabs.currentIndex() == 0
    assert workspace.timeline.model.entry_ids() == [coded.id]
