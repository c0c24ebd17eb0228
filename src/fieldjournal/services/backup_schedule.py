"""A snapshot every few minutes while there are changes not yet in one, off the GUI thread.

The clock is injected: tests call ``tick()`` with a fake clock instead of sleeping, and
the thread started by ``start()`` does nothing but wait and tick. A failure is handed to
``on_failed`` (the app shows it) and tried again only after another interval, so a full
disk does not turn into a snapshot attempt every few seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from fieldjournal.services.backup_service import BackupOutcome, BackupService

log = logging.getLogger("fieldjournal")
Clock = Callable[[], float]
POLL_S = 15.0


class BackupScheduler:
    def __init__(
        self,
        service: BackupService,
        *,
        on_done: Callable[[BackupOutcome], None] = lambda _outcome: None,
        on_failed: Callable[[Exception], None] = lambda _error: None,
        clock: Clock = time.monotonic,
        poll_s: float = POLL_S,
    ) -> None:
        self._service = service
        self._on_done = on_done
        self._on_failed = on_failed
        self._clock = clock
        self._poll_s = poll_s
        self._last = clock()  # the interval counts from opening, then from each attempt
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def due(self) -> bool:
        if not self._service.pending:  # the common case: no need to read the settings
            return False
        interval = self._service.settings().interval_minutes * 60
        return self._clock() - self._last >= interval

    def tick(self) -> BackupOutcome | None:
        """Take a snapshot if one is due; what it made (None: none was due or it failed)."""
        if not self.due():
            return None
        try:
            outcome = self._service.snapshot_now()
        except Exception as error:  # reported to the researcher, never lost in a thread
            self._last = self._clock()
            log.warning("scheduled snapshot failed: %s", error)
            self._on_failed(error)
            return None
        self._last = self._clock()
        self._on_done(outcome)
        return outcome

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="fieldjournal-backups", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop ticking; waits for a snapshot that is being taken to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self._poll_s):
            self.tick()
