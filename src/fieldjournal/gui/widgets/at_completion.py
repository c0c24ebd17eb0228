"""`@` completion in a plain-text editor: actors in a note, works of the bibliography in a
memo or a chapter draft.

Typing `@` opens a list of choices filtered by what follows it (any part of a choice:
a name, or a work's citekey, authors, year or title); picking one replaces `@typed`
with the choice's insertion: an actor's name, or a work's ``@citekey`` (Pandoc's
narrative form; typed inside brackets it becomes ``[@citekey]``). The editor forwards
its key presses (``before_key``, ``after_key``), as a completer needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QPlainTextEdit

from fieldjournal.domain.references import Reference

_STOP_KEYS = {
    Qt.Key.Key_Enter,
    Qt.Key.Key_Return,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
}
_LONGEST = 40  # characters typed after `@` before the completion gives up


def work_choices(references: Iterable[Reference]) -> list[tuple[str, str]]:
    """(what the list shows, what is inserted) for each work: its citekey, authors, year
    and title, so any of them finds it."""
    choices = []
    for ref in references:
        about = " ".join(part for part in (ref.authors, ref.year) if part)
        shown = (
            f"@{ref.citekey} · {about}, {ref.title}" if ref.title else f"@{ref.citekey} · {about}"
        )
        choices.append((shown, f"@{ref.citekey}"))
    return sorted(choices, key=lambda choice: choice[0].casefold())


class AtCompletion(QObject):
    chosen = Signal(str)  # what was shown, after its insertion replaced `@typed`

    def __init__(self, edit: QPlainTextEdit, accessible_name: str) -> None:
        super().__init__(edit)
        self.edit = edit
        self._inserted: dict[str, str] = {}
        self._choices = QStringListModel(self)
        self.completer = QCompleter(self._choices, edit)
        self.completer.setWidget(edit)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.popup().setAccessibleName(accessible_name)
        self.completer.activated.connect(self._insert)
        self._at: int | None = None  # position of the `@` being completed

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """(shown, inserted) pairs, in the order the list shows them."""
        self._inserted = dict(choices)
        self._choices.setStringList([shown for shown, _ in choices])

    def popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None
        return popup

    def before_key(self, event: QKeyEvent) -> bool:
        """True when the open list takes this key (the editor must not act on it)."""
        if self.popup().isVisible() and event.key() in _STOP_KEYS:
            event.ignore()
            return True
        return False

    def after_key(self, event: QKeyEvent) -> None:
        """Follow what was typed: `@` starts a completion, the rest filters it."""
        if event.text() == "@":
            self._at = self.edit.textCursor().position() - 1
        self._follow()

    def _prefix(self) -> str | None:
        if self._at is None:
            return None
        position = self.edit.textCursor().position()
        text = self.edit.toPlainText()
        if position <= self._at or self._at >= len(text) or text[self._at] != "@":
            return None
        typed = text[self._at + 1 : position]
        if "\n" in typed or len(typed) > _LONGEST:
            return None
        return typed

    def _follow(self) -> None:
        prefix = self._prefix()
        popup = self.popup()
        if prefix is None:
            self._at = None
            popup.hide()
            return
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.edit.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8)
        self.completer.complete(rect)

    def _insert(self, shown: str) -> None:
        if self._at is None:
            return
        cursor = self.edit.textCursor()
        end = cursor.position()
        cursor.setPosition(self._at)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(self._inserted.get(shown, shown))
        self.edit.setTextCursor(cursor)
        self._at = None
        self.chosen.emit(shown)


__all__ = ["AtCompletion", "work_choices"]
