"""Bring the journal's change notifications to the GUI thread as a Qt signal.

``Journal.subscribe`` calls listeners in whatever thread committed (an import or an
index worker may run off the GUI thread); emitting a signal owned by a GUI-thread object
queues the call there. The relay unsubscribes itself when its owner is destroyed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from fieldjournal.domain.records import ChangeSet
from fieldjournal.services.journal import Journal


class JournalRelay(QObject):
    changed = Signal(object)  # ChangeSet

    def __init__(self, journal: Journal, parent: QObject) -> None:
        super().__init__(parent)
        self._journal = journal
        journal.subscribe(self._listen)
        self.destroyed.connect(lambda *_: journal.unsubscribe(self._listen))

    def _listen(self, changes: ChangeSet) -> None:
        try:
            self.changed.emit(changes)
        except RuntimeError:  # the Qt object is gone; stop listening
            self._journal.unsubscribe(self._listen)
