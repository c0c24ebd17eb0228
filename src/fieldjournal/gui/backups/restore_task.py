"""Restoring a snapshot from the app: off the GUI thread, with the journal closed.

The window detaches the journal first (nothing may read it while its file is swapped),
then this opens it again on a worker thread, restores (which snapshots the journal as it
was, replaces the file and rebuilds the index, reporting progress), and hands the open,
restored journal back for the window to show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from fieldjournal.domain.backups import entries_text

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal
    from fieldjournal.services.journal_backups import RestoreReport

OpenFunction = Callable[[str | None, bool], "Journal"]


def describe_restore(report: RestoreReport) -> str:
    text = f"Restored {report.restored.name}: {entries_text(report.entries)}."
    if report.before is not None:
        text += f" The journal as it was is kept as {report.before.name}."
    if report.damaged_copy is not None:
        text += f" The journal as it was failed its check; kept as {report.damaged_copy.name}."
    return text


class RestoreTask(QObject):
    progress = Signal(int, int)  # entries indexed, of
    restored = Signal(object, object)  # the open Journal, its RestoreReport
    failed = Signal(object)  # the exception

    def __init__(
        self,
        open_journal: OpenFunction,
        path: str,
        name: str,
        before: Callable[[], None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._open = open_journal
        self._path = path
        self._name = name
        self._before = before  # e.g. wait for the last snapshot of the closed journal
        self._thread = threading.Thread(target=self._run, name="restore", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            self._before()
            journal = self._open(self._path, False)
        except Exception as error:  # shown by the window, which opens the journal again
            self.failed.emit(error)
            return
        try:
            report = journal.restore_backup(self._name, self.progress.emit)
        except Exception as error:
            journal.close()
            self.failed.emit(error)
            return
        self.restored.emit(journal, report)
