"""The body editor: calm typography, a readable line length, light Markdown styling
and `@` actor completion.

Typing `@` opens a list of actor names; choosing one replaces `@prefix` with the name
and emits ``actor_chosen`` so the window links that actor to the entry.
"""

from __future__ import annotations

import re
import sys

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QPlainTextEdit, QTextEdit, QWidget

from fieldjournal.gui.editor.markdown_highlighter import MarkdownHighlighter

READABLE_COLUMNS = 82  # characters per line before the text is centred with margins
_STOP_KEYS = {
    Qt.Key.Key_Enter,
    Qt.Key.Key_Return,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
}


CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
# On macOS Option (Qt's Alt) types accented letters, and menus have no mnemonics.
ALT_TYPES = sys.platform == "darwin"


def _is_mnemonic(event: QKeyEvent) -> bool:
    modifiers = event.modifiers()
    return (
        not ALT_TYPES
        and bool(modifiers & ALT)
        and not modifiers & CTRL
        and event.text().isprintable()
        and bool(event.text())
    )


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
        self._names = QStringListModel(self)
        self._completer = QCompleter(self._names, self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.popup().setAccessibleName("Actor names")
        self._completer.activated.connect(self._insert_actor)
        self._at: int | None = None  # position of the `@` being completed
        self._marks: list[QTextEdit.ExtraSelection] = []

    def set_actor_names(self, names: list[str]) -> None:
        self._names.setStringList(names)

    @property
    def completer(self) -> QCompleter:
        return self._completer

    def popup(self) -> QAbstractItemView:
        popup = self._completer.popup()
        assert popup is not None
        return popup

    # --- `@` completion ------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.popup()
        if popup.isVisible() and event.key() in _STOP_KEYS:
            event.ignore()  # the completer's popup handles these
            return
        if event.key() == Qt.Key.Key_Tab and event.modifiers() == CTRL and not self.isReadOnly():
            self.insertPlainText("\t")  # plain Tab moves focus on (setTabChangesFocus)
            return
        if _is_mnemonic(event):
            # Alt+letter is a menu's or a field's key: one that no menu or visible field
            # took must not type its letter (Ctrl+Alt is AltGr on Windows: it types).
            event.ignore()
            return
        super().keyPressEvent(event)
        if event.text() == "@":
            self._at = self.textCursor().position() - 1
        self._follow_completion()

    def _prefix(self) -> str | None:
        if self._at is None:
            return None
        cursor = self.textCursor()
        text = self.toPlainText()
        if cursor.position() <= self._at or self._at >= len(text) or text[self._at] != "@":
            return None
        typed = text[self._at + 1 : cursor.position()]
        if "\n" in typed or len(typed) > 40:
            return None
        return typed

    def _follow_completion(self) -> None:
        prefix = self._prefix()
        if prefix is None:
            self._at = None
            self.popup().hide()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount() == 0:
            self.popup().hide()
            return
        popup = self.popup()
        popup.setCurrentIndex(self._completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8)
        self._completer.complete(rect)

    def _insert_actor(self, name: str) -> None:
        if self._at is None:
            return
        cursor = self.textCursor()
        cursor.setPosition(self._at)
        cursor.setPosition(self.textCursor().position(), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(name)
        self.setTextCursor(cursor)
        self._at = None
        self.actor_chosen.emit(name)

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
        # Margins first: the base class lays the text out for the viewport's new width.
        column = self.fontMetrics().averageCharWidth() * READABLE_COLUMNS
        side = max(0, self.width() - column - 40) // 2
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)  # resizes the viewport: comes back here
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Markdown colours follow the palette (a switch to dark mode) and the font size."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.markdown.restyle(self)
