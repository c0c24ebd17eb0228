"""View › Inspector in its own window: the writing takes the whole width; closing the
inspector's window puts it back in its pane."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.gui.editor.inspector_window import InspectorWindow
from fieldjournal.gui.main_window import MainWindow
from tests.gui.layout_checks import clipped


def test_the_inspector_floats_and_comes_back(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    entry = gui_journal.add_entry(title="Lunch club", actors=["Dev Ashworth"])
    workspace = window.workspace
    assert workspace is not None
    window.resize(QSize(1024, 768))
    qtbot.waitUntil(lambda: window.width() == 1024)
    workspace.open_entry(entry.id)
    actions = window.menu_actions
    actions.inspector_action.trigger()  # Ctrl+Shift+I: open in its pane first
    text_in_pane = workspace.editor.width()
    actions.float_inspector_action.trigger()
    floating = workspace.inspector.window()
    assert isinstance(floating, InspectorWindow) and floating.isVisible()
    assert workspace.inspector_floating and workspace.count() == 2
    qtbot.waitUntil(lambda: workspace.editor.width() > text_in_pane)  # the text takes its room
    assert workspace.inspector.actors.count() == 1  # it still shows the open entry
    assert clipped(floating) == []
    actions.inspector_action.trigger()  # Ctrl+Shift+I hides its window...
    assert not floating.isVisible() and not actions.inspector_action.isChecked()
    actions.code_entry_action.trigger()  # ...and Ctrl+K brings it back at the code field
    assert floating.isVisible() and actions.inspector_action.isChecked()
    floating.close()  # back in its pane
    assert not workspace.inspector_floating and workspace.count() == 3
    assert workspace.inspector.window() is window
    assert workspace.inspector_shown and not actions.float_inspector_action.isChecked()
    assert workspace.sizes()[2] > 0


def test_the_layout_kept_on_closing_has_the_inspector_in_its_pane(
    qtbot: QtBot, window: MainWindow
) -> None:
    workspace = window.workspace
    assert workspace is not None
    workspace.float_inspector(True)
    state = workspace.saveState()
    assert not workspace.inspector_floating and workspace.count() == 3
    assert workspace.restoreState(state)


def test_the_main_windows_keys_work_in_the_floating_inspector(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    entry = gui_journal.add_entry(title="Lunch club", body="Soup.", actors=["Dev Ashworth"])
    workspace = window.workspace
    assert workspace is not None
    workspace.open_entry(entry.id)
    body = workspace.editor.body
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, " Bread")  # typing in the window's history
    window.menu_actions.float_inspector_action.trigger()
    floating = workspace.inspector.window()
    assert isinstance(floating, InspectorWindow)
    floating.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is floating)
    here = workspace.inspector.actors  # a list in the floating window, not a text field
    here.setFocus()
    qtbot.waitUntil(here.hasFocus)

    qtbot.keyClick(here, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert gui_journal.get_entry(entry.id).body == "Soup. Bread"
    assert window.statusBar().currentMessage() == "Saved"
    field = workspace.inspector.actor_name  # a text field with no typing of its own
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == "Soup."  # the window's history, as in the main window
    here.setFocus()
    qtbot.waitUntil(here.hasFocus)
    qtbot.keyClick(here, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert workspace.tabs.currentWidget() is workspace.search
    qtbot.keyClick(here, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert workspace.editor.entry_id not in (None, entry.id)  # a new fieldnote
    assert len(gui_journal.list_entries()) == 2


def test_the_chapter_window_keeps_its_own_edit_actions(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_chapter("Arms")
    window.open_chapters()
    chapters = window._chapter_window
    assert chapters is not None
    title = chapters.editor.title_edit
    chapters.activateWindow()
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClicks(title, " and legs")
    chapters.edit_actions.refresh()
    window.menu_actions.edit_actions.refresh()
    assert chapters.undo_action.text() == "&Undo typing in Chapter title"
    assert window.menu_actions.undo_action.text() == "&Undo"  # not the main window's field
