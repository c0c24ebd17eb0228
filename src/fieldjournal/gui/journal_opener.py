"""Open a journal off the GUI thread so the window paints and stays responsive.

Importing the storage stack and checking (perhaps upgrading) the schema takes most of
a second; the window shows first and a busy indicator runs meanwhile. The opening runs
through the window's runner (made without a journal: none is open yet), which shows why
a journal could not be opened; ``failed`` is for the window's own bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Background, Operations
    from fieldjournal.services.journal import Journal

OpenFunction = Callable[[str | None, bool], "Journal"]


class JournalOpener(QObject):
    opened = Signal(object)  # Journal
    failed = Signal(object)  # the exception, already shown by the runner

    def __init__(
        self, ops: Operations, open_journal: OpenFunction, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._open = open_journal
        self._task: Background | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, path: str | None, create: bool) -> None:
        self._task = self._ops.run_in_background(
            lambda: self._open(path, create),
            done=self._opened,
            failed=self._failed,
            flush=False,  # no journal is open: nothing typed to save
        )

    def wait(self, timeout: float | None = None) -> None:
        if self._task is not None:
            self._task.wait(timeout)

    def _opened(self, journal: Journal) -> None:
        self._task = None
        self.opened.emit(journal)

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self.failed.emit(error)
