"""Open a journal off the GUI thread so the window paints and stays responsive.

Importing the storage stack and checking (perhaps upgrading) the schema takes most of
a second; the window shows first and a busy indicator runs meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal

OpenFunction = Callable[[str | None, bool], "Journal"]


class JournalOpener(QObject):
    opened = Signal(object)  # Journal
    failed = Signal(object)  # the exception

    def __init__(self, open_journal: OpenFunction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open = open_journal
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, path: str | None, create: bool) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(path, create), name="open-journal", daemon=True
        )
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, path: str | None, create: bool) -> None:
        try:
            journal = self._open(path, create)
        except Exception as error:  # shown to the researcher by the window
            self.failed.emit(error)
            return
        self.opened.emit(journal)
