"""Where the researcher was in an entry, put back after the entry is shown afresh.

The open entry is reloaded when someone else changed it (another process, an undo): the
cursor, the selection and the scroll follow the words they were on, through the same
position rule that keeps coded passages on their words (``domain.offsets``).
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from fieldjournal.domain.offsets import follow_position
from fieldjournal.gui.editor.segment_marks import Utf16Map


class ReadingPlace:
    """Where the researcher was in the entry: put back after it is shown afresh."""

    def __init__(
        self, body: str, anchor: int, position: int, scrolled: int, lines: dict[QLineEdit, int]
    ) -> None:
        self.body, self.anchor, self.position = body, anchor, position
        self.scrolled, self.lines = scrolled, lines

    def put_back(self, body: QPlainTextEdit) -> None:
        new = body.toPlainText()
        old16, new16 = Utf16Map(self.body), Utf16Map(new)

        def follow(u16: int) -> int:
            moved = follow_position(self.body, new, old16.to_code_point(u16))
            return new16.to_utf16(moved)

        cursor = body.textCursor()
        cursor.setPosition(follow(self.anchor))
        cursor.setPosition(follow(self.position), QTextCursor.MoveMode.KeepAnchor)
        body.setTextCursor(cursor)
        body.verticalScrollBar().setValue(self.scrolled)
        for line, position in self.lines.items():
            line.setCursorPosition(min(position, len(line.text())))
