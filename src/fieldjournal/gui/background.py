"""Run a slow read of the journal off the GUI thread and hand the answer back by signal.

For scans whose answer can arrive a moment later (the list of sites for completion),
so they never hold up painting or typing. A second ``start`` while one runs is merged:
it runs once more afterwards, so the last answer is always fresh. A failure is logged
and handed on by ``failed`` for callers whose errors the researcher must see.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("fieldjournal")


class BackgroundCall(QObject):
    done = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, call: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call = call
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = 10) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            try:
                self.done.emit(self._call())
            except Exception as error:  # a failed call must not take the app down
                log.exception("background call failed")
                self.failed.emit(error)
            with self._lock:
                if not self._again:
                    self._thread = None
                    return
                self._again = False
