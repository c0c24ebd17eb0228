"""Words typed beside an excerpt token start a paragraph of their own, so the token stays
a quotation and never reaches the document as brackets and an id."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from fieldjournal.gui.chapters.prose_edit import ChapterProseEdit

TOKEN = "[[entry:977891a2-5a25-47e1-9c8f-63a7f593c0e3]]"


@pytest.fixture
def prose(qtbot: QtBot) -> ChapterProseEdit:
    edit = ChapterProseEdit()
    qtbot.addWidget(edit)
    edit.show_draft(f"Intro.\n\n{TOKEN}")  # stored drafts end at their last token
    return edit


def test_typing_after_a_token_at_the_end_starts_a_paragraph(
    qtbot: QtBot, prose: ChapterProseEdit
) -> None:
    prose.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(prose, "It ran on goodwill.")
    assert prose.draft() == f"Intro.\n\n{TOKEN}\n\nIt ran on goodwill."


def test_typing_before_a_token_starts_a_paragraph_above_it(
    qtbot: QtBot, prose: ChapterProseEdit
) -> None:
    cursor = prose.textCursor()
    cursor.setPosition(len("Intro.\n\n"))
    prose.setTextCursor(cursor)
    qtbot.keyClicks(prose, "Before")
    assert prose.draft() == f"Intro.\n\nBefore\n\n{TOKEN}"


def test_typing_in_prose_is_left_alone(qtbot: QtBot, prose: ChapterProseEdit) -> None:
    prose.moveCursor(QTextCursor.MoveOperation.Start)
    prose.moveCursor(QTextCursor.MoveOperation.EndOfBlock)
    qtbot.keyClicks(prose, " More.")
    assert prose.draft() == f"Intro. More.\n\n{TOKEN}"
