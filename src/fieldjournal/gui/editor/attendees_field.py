"""A meeting's Attendees: names typed with commas between them, each offered from the actors.

The field only keeps the typing; the editor turns a finished name into a link. A name
counts as finished when the typing ends (Enter, Tab, a click elsewhere in the window, a
name picked from the completion list), not when another window takes the focus: Alt+Tab
in the middle of "Sam Ok" must not create an actor called that.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class AttendeesField(QLineEdit):
    """Comma-separated names, completed one at a time from the journal's actors."""

    finished = Signal()  # the typing ended: link what was typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Attendees, separated by commas")
        self.setAccessibleName("Attendees")
        self._typed = False  # names typed and not yet handed over by ``take_unlinked``
        self._names = QStringListModel(self)
        self._completer = QCompleter(self._names, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._complete)
        self.textEdited.connect(self._follow)
        self.editingFinished.connect(self._editing_finished)

    @property
    def typed(self) -> bool:
        """Whether names were typed that the editor has not yet linked."""
        return self._typed

    def set_names(self, names: list[str]) -> None:
        """The names the completion offers."""
        self._names.setStringList(names)

    def show_names(self, names: Iterable[str]) -> None:
        """Show the linked names from the start of the list (setText leaves it at its end)."""
        self.setText(", ".join(names))
        self.setCursorPosition(0)

    def forget_typing(self) -> None:
        self._typed = False

    def take_unlinked(self, linked: Iterable[str]) -> list[str]:
        """The names typed that are not in ``linked`` (case-insensitively), each once.

        The typing counts as handed over before the caller links anything: every link
        runs the editor's flush, which asks again and must then get nothing.
        """
        if not self._typed:
            return []
        self._typed = False
        seen = {name.casefold() for name in linked}
        names = []
        for name in (n.strip() for n in self.text().split(",")):
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        return names

    def _prefix(self) -> str:
        return self.text()[: self.cursorPosition()].rsplit(",", 1)[-1].strip()

    def _follow(self, _text: str) -> None:
        self._typed = True
        prefix = self._prefix()
        if not prefix:
            popup = self._completer.popup()
            if popup is not None:
                popup.hide()
            return
        self._completer.setCompletionPrefix(prefix)
        self._completer.complete()

    def _complete(self, name: str) -> None:
        head = self.text()[: self.cursorPosition()].rsplit(",", 1)
        kept = head[0] + ", " if len(head) == 2 else ""
        self.setText(f"{kept}{name}, ")
        self._typed = True
        self.finished.emit()

    def _editing_finished(self) -> None:
        """Another window taking the focus is no end of typing: the name stays typed."""
        if self.isActiveWindow():
            self.finished.emit()
