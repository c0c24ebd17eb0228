"""Edit › Undo in the chapter editor says what Ctrl+Z will do where the focus is, and
Ctrl+Z does it: the prose's or the title's typing while there is some, then the outline's
history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.gui.chapters.window import ChapterEditorWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[ChapterEditorWindow]:
    with Journal.open(tmp_path / "j") as journal:
        journal.add_chapter("Arms", [Section("One", 1, "First draft.")])
        win = ChapterEditorWindow(journal)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        yield win
        win.close()


def _undo_text(window: ChapterEditorWindow) -> str:
    window.edit_actions.refresh()  # as the Edit menu does when it opens
    return window.undo_action.text().replace("&", "")


def test_ctrl_z_in_the_prose_undoes_its_typing_then_the_outline(
    qtbot: QtBot, window: ChapterEditorWindow
) -> None:
    editor = window.editor
    editor.add_section("Goodwill")  # an outline change, then typing in the new section
    assert [s.heading for s in editor.outline.sections()] == ["One", "Goodwill"]
    editor.prose.setFocus()
    qtbot.waitUntil(editor.prose.hasFocus)
    assert _undo_text(window) == "Undo Add section 'Goodwill'"
    qtbot.keyClicks(editor.prose, "It ran on")
    assert _undo_text(window) == "Undo typing in Section text"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    qtbot.keyClick(editor.prose, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.prose.toPlainText() == ""  # the typing, as the menu said
    assert [s.heading for s in editor.outline.sections()] == ["One", "Goodwill"]
    assert _undo_text(window) == "Undo Add section 'Goodwill'"
    qtbot.keyClick(editor.prose, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.heading for s in editor.outline.sections()] == ["One"]  # then the outline
    assert [s.heading for s in editor.journal.get_chapter(editor.chapter_id or "").sections] == [
        "One"
    ]  # saved at once, like every outline change
    qtbot.keyClick(
        editor.prose,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [s.heading for s in editor.outline.sections()] == ["One", "Goodwill"]


def test_ctrl_z_in_the_title_undoes_the_titles_typing(
    qtbot: QtBot, window: ChapterEditorWindow
) -> None:
    editor = window.editor
    editor.title_edit.setFocus()
    qtbot.waitUntil(editor.title_edit.hasFocus)
    editor.title_edit.end(False)
    qtbot.keyClicks(editor.title_edit, " and legs")
    assert _undo_text(window) == "Undo typing in Chapter title"
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.title_edit.text() == "Arms"


def test_with_nothing_to_undo_the_menu_says_so(qtbot: QtBot, window: ChapterEditorWindow) -> None:
    editor = window.editor
    editor.prose.setFocus()
    qtbot.waitUntil(editor.prose.hasFocus)
    editor.prose.moveCursor(QTextCursor.MoveOperation.End)
    assert _undo_text(window) == "Undo"
    assert not window.undo_action.isEnabled()
    qtbot.keyClick(editor.prose, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.prose.toPlainText() == "First draft."


def test_alt_lending_the_focus_to_the_menu_bar_keeps_the_prose_typing_named(
    qtbot: QtBot, window: ChapterEditorWindow
) -> None:
    editor = window.editor
    editor.prose.setFocus()
    qtbot.waitUntil(editor.prose.hasFocus)
    qtbot.keyClicks(editor.prose, " More")
    window.menuBar().setFocus()  # Alt on X11: the menu bar takes the focus, then Edit opens
    qtbot.waitUntil(window.menuBar().hasFocus)
    assert window.undo_action.text() == "&Undo typing in Section text"
    window.undo_action.trigger()
    assert editor.prose.toPlainText() == "First draft."
