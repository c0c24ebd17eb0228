"""Search-index progress in the status bar while the index is built or repaired.

Opening a journal whose index is missing or stale rebuilds it in the background; the
researcher can write meanwhile, and sees how far indexing has got.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QProgressBar

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal

POLL_MS = 700


class IndexProgress(QObject):
    message = Signal(str)

    def __init__(self, journal: Journal, bar: QProgressBar, parent: QObject | None = None):
        super().__init__(parent)
        self._journal = journal
        self._bar = bar
        self._told = 0  # problems already reported
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self.poll()

    def poll(self) -> None:
        status = self._journal.index_status()
        if status.busy and status.total:
            self._bar.setRange(0, status.total)
            self._bar.setValue(min(status.indexed, status.total))
            self._bar.setFormat("Indexing %v of %m")
            self._bar.setTextVisible(True)
            self._bar.setToolTip("Building the search index; search covers what is done so far")
            self._bar.show()
        else:
            self._bar.hide()
        fresh = status.problems[self._told :]
        if fresh:
            self._told = len(status.problems)
            self.message.emit("Search index repaired: " + "; ".join(fresh))

    def stop(self) -> None:
        self._timer.stop()
        self._bar.hide()
