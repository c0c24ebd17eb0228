"""The body editor: calm typography, a readable line length, light Markdown styling
and `@` completion.

Typing `@` opens a list of actor names (and, in a memo, the bibliography's works);
choosing an actor replaces `@prefix` with the name and emits ``actor_chosen`` so the
window links that actor to the entry; choosing a work writes its ``@citekey``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QPlainTextEdit, QTextEdit, QWidget

from fieldjournal.gui.editor.exact_text import from_document, to_document
from fieldjournal.gui.editor.markdown_highlighter import MarkdownHighlighter
from fieldjournal.gui.widgets.at_completion import AtCompletion
from fieldjournal.gui.widgets.mnemonic_keys import unclaimed_mnemonic
from fieldjournal.gui.widgets.readable_column import fit_readable_column

CTRL = Qt.KeyboardModifier.ControlModifier


class BodyEdit(QPlainTextEdit):
    actor_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.markdown = MarkdownHighlighter(self)  # first: setFont below restyles it
        self.setAccessibleName("Entry body")
        self.setTabChangesFocus(True)  # Tab moves on to the next field; Ctrl+Tab types a tab
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.document().setDocumentMargin(12)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._at_completion = AtCompletion(self, "Actor names")
        self._at_completion.chosen.connect(self._chosen)
        self._actors: list[str] = []
        self._works: list[tuple[str, str]] = []
        self._offer_works = False
        self._marks: list[QTextEdit.ExtraSelection] = []

    def set_actor_names(self, names: list[str]) -> None:
        self._actors = list(names)
        self._offer()

    def set_works(self, works: list[tuple[str, str]]) -> None:
        """The bibliography's works as ``work_choices`` lists them (offered in memos)."""
        self._works = list(works)
        self._offer()

    def offer_works(self, offer: bool) -> None:
        """A memo cites the literature; a fieldnote or meeting names actors only."""
        if offer != self._offer_works:
            self._offer_works = offer
            self._offer()

    def _offer(self) -> None:
        actors = [(name, name) for name in self._actors]
        self._at_completion.set_choices(actors + (self._works if self._offer_works else []))

    # --- the text, exactly (see exact_text) -------------------------------------------
    def setPlainText(self, text: str) -> None:
        """Show the journal's text; every character comes back from ``toPlainText``."""
        super().setPlainText(to_document(text))

    def toPlainText(self) -> str:
        """The text as the journal keeps it: U+2028, U+2029, no-break spaces and line
        breaks other than ``\n`` as they were (Qt's own reading changes them)."""
        return from_document(self.document().toRawText())

    def insert_exact(self, cursor: QTextCursor, text: str) -> None:
        """Insert journal text at ``cursor`` (an undo or redo replaying a change)."""
        cursor.insertText(to_document(text))

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Pasted text keeps its separators as typed, as text opened from the journal does."""
        if source.hasText() and not self.isReadOnly():
            self.textCursor().insertText(to_document(source.text()))
            self.ensureCursorVisible()
            return
        super().insertFromMimeData(source)

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copied text is the journal's text (not the stand-ins the document holds)."""
        mime = QMimeData()
        mime.setText(from_document(self.textCursor().selectedText()))
        return mime

    @property
    def completer(self) -> QCompleter:
        return self._at_completion.completer

    def popup(self) -> QAbstractItemView:
        return self._at_completion.popup()

    # --- `@` completion ------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._at_completion.before_key(event):
            return  # the completer's popup handles these
        if event.key() == Qt.Key.Key_Tab and event.modifiers() == CTRL and not self.isReadOnly():
            self.insertPlainText("\t")  # plain Tab moves focus on (setTabChangesFocus)
            return
        if unclaimed_mnemonic(event):
            # Alt+letter is a menu's or a field's key: one that no menu or visible field
            # took must not type its letter (Ctrl+Alt is AltGr on Windows: it types).
            event.ignore()
            return
        super().keyPressEvent(event)
        self._at_completion.after_key(event)

    def _chosen(self, shown: str) -> None:
        if shown in self._actors:
            self.actor_chosen.emit(shown)

    # --- search matches ------------------------------------------------------------
    def highlight_terms(self, terms: list[str]) -> int:
        """Mark every occurrence of ``terms`` (case-insensitive); go to the first one."""
        self._marks = []
        words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
        if words:
            pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(255, 214, 10, 150))
            fmt.setFontWeight(QFont.Weight.Bold)
            for match in pattern.finditer(self.toPlainText()):
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.document())
                cursor.setPosition(match.start())
                cursor.setPosition(match.end(), QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                selection.format = fmt
                self._marks.append(selection)
        self.setExtraSelections(self._marks)
        if self._marks:
            first = QTextCursor(self._marks[0].cursor)
            first.setPosition(first.selectionStart())
            self.setTextCursor(first)
            self.centerCursor()
        return len(self._marks)

    def clear_highlights(self) -> None:
        self._marks = []
        self.setExtraSelections([])

    def highlight_count(self) -> int:
        return len(self._marks)

    # --- layout --------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        fit_readable_column(self)  # margins first: the text is then laid out for them
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Markdown colours follow the palette (a switch to dark mode) and the font size."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.markdown.restyle(self)
