"""Ctrl+Z undoes typing inside the editor and structural edits everywhere else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.main_window import MainWindow
from tests.gui.helpers import press


def test_typing_undo_stays_in_the_editor_and_link_undo_outside_it(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    qtbot.keyClicks(workspace.editor.body, "abc")
    field = workspace.inspector.actor_name
    field.setFocus()
    qtbot.keyClicks(field, "Ann Example")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert gui_journal.get_entry(entry.id).actor_names == ["Ann Example"]
    assert window.menu_actions.undo_action.text() == "&Undo Link Ann Example"

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    workspace.editor.body.setFocus()
    press(qtbot, window, Qt.Key.Key_Z)  # in the body: the text's own undo
    assert gui_journal.get_entry(entry.id).actor_names == ["Ann Example"]
    assert workspace.editor.body.toPlainText() != "abc"

    workspace.timeline.view.setFocus()
    press(qtbot, window, Qt.Key.Key_Z)
    assert gui_journal.get_entry(entry.id).actors == ()
