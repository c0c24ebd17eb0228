"""The chapter editor with nothing to show says how to start: no blank panes."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from fieldjournal import Journal
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
        window.editor.remove_current_section()
        assert hint.isVisible() and "+ below adds one" in hint.text()
        window.close()
