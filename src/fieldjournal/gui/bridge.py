"""Journal change sets as a Qt signal, so every view refreshes on the GUI thread.

The facade calls listeners on whatever thread committed; a queued signal hands the
``ChangeSet`` to the GUI thread (Anki's operation-did-execute idea).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from fieldjournal.domain.records import ChangeSet

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal


class JournalBridge(QObject):
    changed = Signal(object)  # ChangeSet

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        journal.subscribe(self._relay)

    def _relay(self, changes: ChangeSet) -> None:
        try:
            self.changed.emit(changes)
        except RuntimeError:  # the Qt object was destroyed: stop listening
            self.detach()

    def detach(self) -> None:
        self.journal.unsubscribe(self._relay)
