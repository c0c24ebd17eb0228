"""The app's side of automatic backups: the timer's results as signals for the window.

The scheduler ticks on its own thread (``Journal.schedule_backups``); its callbacks run
there and only emit signals, which Qt delivers on the GUI thread. A failed snapshot and
the first "mirror folder missing" are turned into sentences for the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from fieldjournal.gui.widgets.errors import message_for

if TYPE_CHECKING:
    from fieldjournal.services.backup_service import BackupOutcome
    from fieldjournal.services.journal import Journal


def outcome_notice(outcome: BackupOutcome) -> str | None:
    """What the researcher must hear about a snapshot that worked (None: nothing)."""
    return f"Backup: {outcome.mirror_notice}" if outcome.mirror_notice else None


def failure_notice(error: BaseException) -> str:
    return f"Backup failed: {message_for(error)}"


class BackupRunner(QObject):
    snapshot_taken = Signal(object)  # BackupOutcome
    notice = Signal(str)  # a sentence for the status bar

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scheduler = journal.schedule_backups(self._done, self._failed)

    def _done(self, outcome: BackupOutcome) -> None:
        self.snapshot_taken.emit(outcome)
        if text := outcome_notice(outcome):
            self.notice.emit(text)

    def _failed(self, error: Exception) -> None:
        self.notice.emit(failure_notice(error))
