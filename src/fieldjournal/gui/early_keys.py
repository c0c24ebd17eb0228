"""Ctrl+N and the words typed after it while the journal is still opening.

The window shows before the journal is open (opening takes a second or two, more on a
busy laptop), and its actions wait for the journal. On site, a researcher starts the app,
presses Ctrl+N and types at once: the key and the jotting went nowhere. While the journal
opens, this filter keeps the last capture key pressed (Ctrl+N, Ctrl+Shift+N, Ctrl+M) and
the text typed after it; once the journal is open the window starts that entry with the
text in its body, as if the journal had been ready.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from fieldjournal.domain.enums import EntryKind

CAPTURE_KEYS = {
    "Ctrl+N": EntryKind.FIELDNOTE,
    "Ctrl+Shift+N": EntryKind.MEETING,
    "Ctrl+M": EntryKind.MEMO,
}


class EarlyKeys(QObject):
    """Watches the keys sent to ``window`` between ``start`` and ``take``."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._watching = False
        self.kind: EntryKind | None = None
        self.text = ""

    def start(self) -> None:
        """The journal starts opening: from now on, capture keys are kept."""
        self.kind, self.text = None, ""
        if not self._watching:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
                self._watching = True

    def take(self) -> tuple[EntryKind | None, str]:
        """The journal is open (or could not be): what was asked for meanwhile."""
        if self._watching:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._watching = False
        asked, self.kind, self.text = (self.kind, self.text), None, ""
        return asked

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        keys = QKeySequence(event.keyCombination()).toString()
        if keys in CAPTURE_KEYS:
            self.kind, self.text = CAPTURE_KEYS[keys], ""
            return True
        if self.kind is None:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.text += "\n"
        elif key == Qt.Key.Key_Backspace:
            self.text = self.text[:-1]
        elif event.text() and event.text().isprintable():
            self.text += event.text()
        else:
            return False
        return True
