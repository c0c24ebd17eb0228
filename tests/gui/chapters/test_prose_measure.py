"""On a wide screen the chapter's prose keeps a readable measure, as the entry body does."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from fieldjournal.gui.chapters.prose_edit import ChapterProseEdit
from fieldjournal.gui.widgets.readable_column import READABLE_COLUMNS


def test_wide_prose_is_centred_in_a_readable_column(qtbot: QtBot) -> None:
    prose = ChapterProseEdit()
    qtbot.addWidget(prose)
    column = prose.fontMetrics().averageCharWidth() * READABLE_COLUMNS
    prose.resize(column + 40, 400)
    prose.show()
    assert prose.viewportMargins().left() == 0  # narrow: the whole width
    prose.resize(column + 640, 400)
    qtbot.waitUntil(lambda: prose.viewportMargins().left() == 300)
    assert prose.viewportMargins().right() == 300
    assert prose.viewport().width() <= column + 40
