"""The chapter editor with nothing to show says how to start (no blank panes), and it
opens ready to write."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.gui.chapters.window import ChapterEditorWindow


def test_an_empty_outline_says_how_to_start_a_chapter_then_a_section(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with Journal.open(tmp_path / "j") as journal:
        window = ChapterEditorWindow(journal)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        hint = window.editor.outline_empty
        assert hint.isVisible() and "New chapter…" in hint.text()
        window.editor.new_chapter("Arms")
        assert not hint.isVisible()  # a new chapter has its Introduction
        assert window.focusWidget() is window.editor.prose  # typing goes into it
        window.editor.remove_current_section()
        assert hint.isVisible() and "+ below adds one" in hint.text()
        window.close()


def test_the_window_opens_with_the_cursor_in_the_prose(qtbot: QtBot, tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        journal.add_chapter("Arms")
        window = ChapterEditorWindow(journal)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert window.focusWidget() is window.editor.prose  # not the chapter chooser
        window.close()


def test_tab_leaves_the_prose_for_the_sources_and_ctrl_tab_types_a_tab(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with Journal.open(tmp_path / "j") as journal:
        journal.add_chapter("Arms", [Section("One", 1, "First.")])
        window = ChapterEditorWindow(journal)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        prose = window.editor.prose
        qtbot.waitUntil(prose.hasFocus)
        prose.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClick(prose, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert prose.toPlainText() == "First.\t"
        qtbot.keyClick(prose, Qt.Key.Key_Tab)
        assert prose.toPlainText() == "First.\t"  # no tab typed: the focus moved on
        assert not prose.hasFocus()
        focused = QApplication.focusWidget()
        assert focused is not None and window.editor.side.isAncestorOf(focused)
        window.close()
