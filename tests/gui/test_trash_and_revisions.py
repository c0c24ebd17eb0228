"""Trash and restore, delete for good, and earlier texts viewed and restored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui import workspace as workspace_module
from fieldjournal.gui.editor.revision_dialog import RevisionDialog
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import TAB_TRASH
from tests.gui.helpers import CTRL, SHIFT, press


def test_trash_by_shortcut_then_restore_from_the_trash_tab(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    qtbot.keyClicks(workspace.editor.title, "Corridor chat")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, Qt.Key.Key_Delete, CTRL | SHIFT)
    assert gui_journal.get_entry(entry.id).deleted_at is not None
    assert gui_journal.get_entry(entry.id).title == "Corridor chat"  # saved before trashing
    assert workspace.timeline.model.row_of(entry.id) < 0
    assert workspace.editor.body.isReadOnly()
    workspace.tabs.setCurrentIndex(TAB_TRASH)
    assert workspace.trash.model.row_of(entry.id) >= 0
    workspace.trash.show_entry(entry.id)
    workspace.restore_button.click()
    assert gui_journal.get_entry(entry.id).deleted_at is None
    assert workspace.trash.model.total == 0
    assert workspace.timeline.model.row_of(entry.id) >= 0
    assert not workspace.editor.body.isReadOnly()


def test_delete_for_good_asks_first(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = gui_journal.add_entry(title="Duplicate note")
    gui_journal.delete_entry(entry.id)
    workspace = window.workspace
    assert workspace is not None
    workspace.trash.show_entry(entry.id)
    answers = iter([False, True])
    monkeypatch.setattr(workspace_module, "confirm", lambda _parent, _question: next(answers))
    workspace.purge_button.click()
    assert gui_journal.count_entries(trashed=True) == 1
    workspace.purge_button.click()
    assert gui_journal.count_entries(trashed=True) == 0
    assert workspace.editor.entry is None


def test_an_earlier_text_can_be_viewed_and_restored(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = gui_journal.add_entry(title="Drop-in", body="jotting: tea, 6 people")
    workspace = window.workspace
    assert workspace is not None
    workspace.open_entry(entry.id)
    body = workspace.editor.body
    body.selectAll()
    qtbot.keyClicks(body, "Six people came to the drop-in; tea was served by volunteers.")
    window.save_now()
    revisions = workspace.inspector.revisions
    qtbot.waitUntil(lambda: revisions.count() == 1)
    shown: list[str] = []

    def accept(dialog: RevisionDialog) -> QDialog.DialogCode:
        shown.append(dialog.text.toPlainText())
        assert dialog.text.isReadOnly()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RevisionDialog, "exec", accept)
    revisions.setCurrentRow(0)
    workspace.inspector._view_selected_revision()
    assert shown == ["jotting: tea, 6 people"]
    assert gui_journal.get_entry(entry.id).body == "jotting: tea, 6 people"
    assert body.toPlainText() == "jotting: tea, 6 people"
    assert any(
        r.body.startswith("Six people") for r in gui_journal.revisions(entry.id)
    )  # the expanded text is kept in turn


def test_the_blank_start_of_a_new_entry_is_not_listed_as_a_revision(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = workspace.new_entry(EntryKind.FIELDNOTE)
    assert entry is not None
    qtbot.keyClicks(workspace.editor.body, "first jotting")
    window.save_now()
    assert [r.body for r in gui_journal.revisions(entry.id)] == [""]
    assert workspace.inspector.revisions.count() == 0
