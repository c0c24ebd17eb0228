"""Run something once a window is really on screen (mapped and exposed).

Opening the journal imports the storage stack on a worker thread; started before the
window is mapped, that thread competes with the GUI thread for the interpreter and
delays the window. So the work waits for the window's first expose event (with a
fallback timer for platforms that never expose a window, such as a minimised start).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000


class _ExposeWatch(QObject):
    def __init__(self, window: QWidget, action: Callable[[], None]) -> None:
        super().__init__(window)
        self._action: Callable[[], None] | None = action
        self._timer = QTimer(self, singleShot=True, interval=FALLBACK_MS)
        self._timer.timeout.connect(self._fire)
        self._timer.start()
        handle = window.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose:
            QTimer.singleShot(0, self._fire)  # after the expose has been painted
        return False

    def _fire(self) -> None:
        action, self._action = self._action, None
        if action is None:
            return
        self._timer.stop()
        self.deleteLater()
        action()


def call_when_exposed(window: QWidget, action: Callable[[], None]) -> None:
    """Call ``action`` once, right after ``window`` is first exposed (``show`` it first)."""
    _ExposeWatch(window, action)
