"""What the main window does about backups, kept out of it: timer, last snapshot, restore.

- While a journal is open its scheduler takes snapshots on its own thread; failures and
  the first "mirror missing" go to the status bar.
- When the journal closes, its last snapshot is taken on a worker thread, not the GUI's.
- File › Backups… opens the dialog; a restore detaches the journal, runs off the GUI
  thread with progress in the window's bar, then the window shows the restored journal.

The last snapshot and the restore run with no journal open in the window, so they go
through the window's own runner (``Window.ops``, made without a journal): a failure is
said in the one place every refused action is.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar, QWidget

from fieldjournal.gui.backups.backup_runner import BackupRunner
from fieldjournal.gui.backups.restore_task import (
    OpenFunction,
    Restored,
    describe_restore,
    restore_call,
)

if TYPE_CHECKING:
    from fieldjournal.gui.backups.backups_dialog import BackupsDialog
    from fieldjournal.gui.operations import Background, Operations
    from fieldjournal.gui.workspace import Workspace
    from fieldjournal.services.journal import Journal


class Window(Protocol):
    """The parts of the main window this uses."""

    journal: Journal | None
    workspace: Workspace | None
    progress: QProgressBar
    ops: Operations  # the window's runner, for what runs with no journal open

    def attach(self, journal: Journal) -> None: ...
    def detach(self) -> None: ...
    def open_journal(self, path: str | None, *, create: bool = True) -> None: ...
    def show_message(self, text: str) -> None: ...


class WindowBackups(QObject):
    progressed = Signal(int, int)  # a restore's entries indexed, of (queued to the GUI)

    def __init__(self, window: Window, open_journal: OpenFunction, parent: QObject) -> None:
        super().__init__(parent)
        self._window = window
        self._open = open_journal
        self.runner: BackupRunner | None = None
        self.last_backup: Background | None = None  # of the journal just closed
        self.dialog: BackupsDialog | None = None
        self.restore_task: Background | None = None
        self.progressed.connect(self._progress)

    def attach(self, journal: Journal) -> None:
        self.runner = BackupRunner(journal, self)
        self.runner.notice.connect(self._window.show_message)

    def close_journal(self, journal: Journal) -> None:
        """Close ``journal`` now; its last snapshot (if anything changed) follows off-thread."""
        journal.close(backup=False)
        self.last_backup = self._window.ops.run_in_background(
            journal.backup_if_pending, done=lambda _outcome: None, flush=False, loud=False
        )  # a failure goes to the status bar: the researcher did not wait for it
        if self.runner is not None:
            self.runner.deleteLater()
            self.runner = None

    def wait(self, timeout: float | None = 120) -> None:
        """Until the last snapshot of the closed journal is written."""
        if self.last_backup is not None:
            self.last_backup.wait(timeout)

    def open_dialog(self, parent: QWidget) -> None:
        workspace = self._window.workspace
        if workspace is None:
            return
        dialogs = importlib.import_module("fieldjournal.gui.backups.backups_dialog")
        self.dialog = dialogs.BackupsDialog(workspace.ops, parent)
        self.dialog.restore_requested.connect(self.restore)
        self.dialog.open()

    def restore(self, name: str) -> None:
        journal = self._window.journal
        if journal is None:
            return
        path = str(journal.paths.root)
        self._window.detach()
        self._window.progress.setRange(0, 0)
        self._window.progress.show()
        self._window.show_message(f"Restoring {name}…")
        restore = restore_call(self._open, path, name, self.progressed.emit, self.wait)
        self.restore_task = self._window.ops.run_in_background(
            restore,
            done=self._restored,
            failed=lambda _error: self._failed(path),
            flush=False,  # the editor was saved as the journal was detached
        )

    def _progress(self, done: int, total: int) -> None:
        self._window.progress.setRange(0, max(total, 1))
        self._window.progress.setValue(done)

    def _restored(self, restored: Restored) -> None:
        journal, report = restored
        self._window.attach(journal)
        self._window.show_message(describe_restore(report))

    def _failed(self, path: str) -> None:
        """The runner showed why; the journal as it was opens again."""
        self._window.progress.hide()
        self._window.open_journal(path, create=False)
