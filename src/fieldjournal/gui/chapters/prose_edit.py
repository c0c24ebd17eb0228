"""The prose editor of a section: plain text where excerpt tokens land on lines of their own.

The draft is stored with full ids and shown with short ones (``ShortIds``): load a
section with ``show_draft`` and read it back with ``draft``. Typing `@` offers the
bibliography's works (``set_works``), found by citekey, author, year or title.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.chapter_tokens import parse_token
from fieldjournal.gui.chapters.short_ids import ShortIds
from fieldjournal.gui.chapters.token_highlighter import TokenHighlighter
from fieldjournal.gui.widgets.at_completion import AtCompletion
from fieldjournal.gui.widgets.mnemonic_keys import unclaimed_mnemonic
from fieldjournal.gui.widgets.readable_column import fit_readable_column


def is_token(text: str) -> bool:
    try:
        return parse_token(text.strip()) is not None
    except InvalidInput:
        return False


class ChapterProseEdit(QPlainTextEdit):
    """Dropped or pasted excerpt tokens become paragraphs of their own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.highlighter = TokenHighlighter(self.document())
        self.ids = ShortIds()
        self.setPlaceholderText(
            "Prose in light Markdown (*emphasis*, **strong**, - lists, > quotes). "
            "Insert excerpts with the buttons on the right or drop them here; "
            "type @ to cite a work."
        )
        self.citekeys = AtCompletion(self, "Works to cite")
        # As in the entry's body: Tab moves on to the sources (a keyboard must get out of
        # the prose); Ctrl+Tab types a tab.
        self.setTabChangesFocus(True)

    def set_works(self, works: list[tuple[str, str]]) -> None:
        """The bibliography's works as ``work_choices`` lists them."""
        self.citekeys.set_choices(works)

    def resizeEvent(self, event: QResizeEvent) -> None:
        fit_readable_column(self)  # a wide screen: the prose keeps a readable measure
        super().resizeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.citekeys.before_key(event):
            return  # the list of works takes it
        if (
            event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and not self.isReadOnly()
        ):
            self.insertPlainText("\t")
            return
        if unclaimed_mnemonic(event):
            event.ignore()  # an Alt key no menu took: not a letter to type
            return
        self._keep_token_apart(event)
        super().keyPressEvent(event)
        self.citekeys.after_key(event)

    def _keep_token_apart(self, event: QKeyEvent) -> None:
        """Words typed at either end of an excerpt token start a paragraph of their own.

        A token shares its line with nothing: with words beside it, it is prose, and the
        export printed it as it stands (its full id and brackets). The stored draft ends
        at its last token, so the cursor at the end of a section lands on one."""
        typed = event.text()
        if not typed.strip() or not typed.isprintable():
            return
        cursor = self.textCursor()
        line = cursor.block().text()
        if cursor.hasSelection() or not line.strip() or not is_token(line):
            return
        if cursor.atBlockEnd():
            cursor.insertText("\n\n")
        elif cursor.atBlockStart():
            cursor.insertText("\n\n")
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter, n=2)
        else:
            return
        self.setTextCursor(cursor)

    def show_draft(self, body: str) -> None:
        """Show a stored section text (full ids), its ids short."""
        self.setPlainText(self.ids.shorten(body))

    def draft(self) -> str:
        """The text as it is stored: the ids shown short written in full again."""
        return self.ids.expand(self.toPlainText())

    def insert_token(self, token: str) -> None:
        """Insert ``token`` at the cursor as a paragraph of its own (its id shown short)."""
        token = self.ids.shorten(token.strip())
        cursor = self.textCursor()
        cursor.beginEditBlock()
        if cursor.positionInBlock() > 0:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertText("\n\n")
        elif cursor.block().previous().isValid() and cursor.block().previous().text().strip():
            cursor.insertText("\n")
        cursor.insertText(token.strip() + "\n\n")
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def insertFromMimeData(self, source: QMimeData) -> None:
        text = source.text() if source.hasText() else ""
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and all(is_token(line) for line in lines):
            for line in lines:
                self.insert_token(line)
            return
        super().insertFromMimeData(source)
