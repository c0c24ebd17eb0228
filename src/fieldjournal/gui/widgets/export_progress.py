"""Follow an export on a worker thread (through the window's runner) with a progress dialog.

The dialog's Cancel closes the export generator before its next step: nothing is written
before the last one, so a cancelled export leaves no file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from fieldjournal.exchange.chapter_blocks import Progress

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Operations
    from fieldjournal.services.chapter_service import ExportReport, ExportSteps

# How much of the progress bar each export stage fills.
STAGE_SPAN = {"compile": (0, 20), "write": (20, 95), "check": (95, 100)}


def progress_value(progress: Progress) -> int:
    low, high = STAGE_SPAN.get(progress.stage, (0, 100))
    if progress.total <= 0:
        return high
    return low + (high - low) * progress.done // progress.total


class ExportProgress(QObject):
    """One export: ``finished(report or None)`` when done, cancelled or refused."""

    finished = Signal(object)  # ExportReport | None

    def __init__(self, ops: Operations, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.ops = ops
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(f"{title}…", "Cancel", 0, 100, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel.set)
        self._title = title
        self.report: ExportReport | None = None
        self.last: Progress | None = None  # the latest step shown

    def start(self, steps: Callable[[], ExportSteps], initiator: object | None = None) -> bool:
        """Start; False when the runner refused (what is typed could not be saved)."""
        task = self.ops.run_steps(
            steps,
            progress=self._progress,
            done=self._done,
            cancel=self.cancel,
            failed=lambda _error: self._done(None),
            initiator=initiator,
        )
        if task is None:
            self._close()
            return False
        return True

    def _progress(self, progress: Progress) -> None:
        self.last = progress
        self.dialog.setLabelText(f"{self._title}: {progress.stage}…")
        self.dialog.setValue(progress_value(progress))

    def _done(self, report: ExportReport | None) -> None:
        self.report = report
        self._close()
        self.finished.emit(report)

    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
