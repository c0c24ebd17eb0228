"""The one path every user action takes from the GUI to the journal (Anki's ``CollectionOp``).

An action is a call on the journal. :class:`Operations` saves what is typed in the editor
first (once, however many screens asked), runs the call (on a worker thread when it can
take long), shows a refused action's message in one place, and hands every screen one
:class:`Changed`: the ``ChangeSet`` of every commit the call made, the fresh entries it
returned and who asked. So the screen that made a change does not redo it, and no screen
reads again what it was handed.

The ``ChangeSet`` is collected from the journal's listener on the thread that runs the
call, so a compound action (several commits) reports all of them, and a background import
never mixes with what the editor saved meanwhile. Commits made outside the runner (a script
sharing the journal, a test) still arrive, as a ``Changed`` without records or initiator.

A runner made without a journal (the main window's) runs what has none open: opening one,
restoring a snapshot, the last snapshot of a journal just closed, the damage check and
salvage (which must work when the journal is too damaged to list). :class:`Reread` runs a
read whose answer may come a moment later (the sites for completion) through a runner,
once more when asked again meanwhile. There is no second mechanism for worker threads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from fieldjournal.domain.errors import FieldjournalError
from fieldjournal.domain.records import ChangeSet, Entry, Outcome

if TYPE_CHECKING:
    from fieldjournal.services.journal import Journal

log = logging.getLogger("fieldjournal")
R = TypeVar("R")
P = TypeVar("P")

# What the runner reports instead of raising: refusals written for the researcher, and
# the file system's complaints (a full disk, a folder that went away).
REPORTED = (FieldjournalError, OSError)


@dataclass(frozen=True)
class Changed:
    """What one action changed, the entries as it left them, and who asked for it."""

    changes: ChangeSet
    entries: Mapping[str, Entry] = field(default_factory=dict)
    initiator: object | None = None

    def fresh(self, entry_id: str) -> Entry | None:
        """The entry as the action left it, if the action handed it back."""
        return self.entries.get(entry_id)


def records_in(result: object) -> dict[str, Entry]:
    """The entries an action returned: an ``Entry``, an ``Outcome`` of one, or several."""
    if isinstance(result, Outcome):
        return records_in(result.value)
    if isinstance(result, Entry):
        return {result.id: result}
    if isinstance(result, list | tuple):
        found: dict[str, Entry] = {}
        for item in result:
            found.update(records_in(item))
        return found
    return {}


def _union(changes: Iterable[ChangeSet]) -> ChangeSet:
    total = ChangeSet()
    for change in changes:
        total = total | change
    return total


class Background(QObject):
    """One action running on a worker thread; its answer comes back by signal."""

    succeeded = Signal(object, object)  # result, ChangeSet
    errored = Signal(object, object)  # exception, ChangeSet committed before it

    def __init__(self, runner: Operations, call: Callable[[], Any]) -> None:
        super().__init__(runner)
        self._runner, self._call = runner, call
        self._thread = threading.Thread(target=self._work, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _work(self) -> None:
        collected: list[ChangeSet] = []
        try:
            result = self._runner._collecting(self._call, collected)
        except Exception as error:  # handed to the GUI thread, which reports it
            if not isinstance(error, REPORTED):
                log.exception("a background action failed")
            self.errored.emit(error, _union(collected))
            return
        self.succeeded.emit(result, _union(collected))


class _Relay(QObject):
    """Carries a worker's progress to the GUI thread (it lives there)."""

    progressed = Signal(object)


class Operations(QObject):
    """Runs the GUI's actions on one journal; screens listen to ``changed``."""

    changed = Signal(object)  # Changed, always on the GUI thread
    failed = Signal(object, bool, object)  # the error, whether it deserves a dialog, initiator

    def __init__(self, journal: Journal | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._local = threading.local()  # per thread: the stack of lists collecting changes
        self._flush: Callable[[], bool] | None = None
        self._flushing = False
        self._loud_flush = False
        self._closed = False
        self._running: list[Background] = []
        if journal is not None:
            journal.subscribe(self._heard)

    @property
    def journal(self) -> Journal:
        """The journal the actions run on (the window's runner has none: a bug to ask)."""
        if self._journal is None:
            raise RuntimeError("this runner has no journal: it runs what needs none open")
        return self._journal

    # --- the editor ----------------------------------------------------------------------
    def set_flush(self, flush: Callable[[], bool] | None) -> None:
        """``flush()`` saves what is typed and says whether it could (the editor's save)."""
        self._flush = flush

    def flush(self, *, loud: bool = False) -> bool:
        """Save what is typed now; False when it was refused (the refusal is shown)."""
        if self._flush is None or self._flushing:
            return True
        self._flushing, self._loud_flush = True, loud
        try:
            return self._flush()
        finally:
            self._flushing = self._loud_flush = False

    # --- running actions -----------------------------------------------------------------
    def run(
        self,
        call: Callable[[], R],
        *,
        initiator: object | None = None,
        flush: bool = True,
        loud: bool = False,
    ) -> R | None:
        """Run ``call`` now; None when the editor could not be saved or the call was refused."""
        if flush and not self.flush():
            return None
        collected: list[ChangeSet] = []
        try:
            result = self._collecting(call, collected)
        except REPORTED as error:
            self._deliver(None, _union(collected), initiator)  # what committed before it
            self.report(error, loud=loud, initiator=initiator)
            return None
        self._deliver(result, _union(collected), initiator)
        return result

    def run_in_background(
        self,
        call: Callable[[], R],
        *,
        done: Callable[[R], None],
        failed: Callable[[BaseException], None] | None = None,
        initiator: object | None = None,
        flush: bool = True,
        loud: bool = True,
    ) -> Background | None:
        """Run a long ``call`` on a worker thread; ``done(result)`` on the GUI thread.

        A failure is shown (as a dialog unless not ``loud``: the researcher waited for it;
        a read they did not ask for goes to the status bar) and then handed to ``failed``,
        for the caller's own bookkeeping.
        """
        if flush and not self.flush():
            return None
        task = Background(self, call)
        self._running.append(task)

        def succeeded(result: R, changes: ChangeSet) -> None:
            self._finished(task)
            if self._closed:
                return
            self._deliver(result, changes, initiator)
            done(result)

        def errored(error: BaseException, changes: ChangeSet) -> None:
            self._finished(task)
            if self._closed:
                return
            self._deliver(None, changes, initiator)
            self.report(error, loud=loud, initiator=initiator)
            if failed is not None:
                failed(error)

        task.succeeded.connect(succeeded)
        task.errored.connect(errored)
        task.start()
        return task

    def run_steps(
        self,
        steps: Callable[[], Generator[P, None, R]],
        *,
        progress: Callable[[P], None],
        done: Callable[[R | None], None],
        cancel: threading.Event | None = None,
        failed: Callable[[BaseException], None] | None = None,
        initiator: object | None = None,
    ) -> Background | None:
        """Run a generator of progress (an export) on a worker thread.

        ``progress(step)`` and ``done(result)`` are called on the GUI thread; when
        ``cancel`` is set the generator is closed before its next step and ``done(None)``.
        """
        relay = _Relay(self)
        relay.progressed.connect(progress)

        def call() -> R | None:
            generator = steps()
            while True:
                if cancel is not None and cancel.is_set():
                    generator.close()
                    return None
                try:
                    step = next(generator)
                except StopIteration as stop:
                    result: R = stop.value
                    return result
                relay.progressed.emit(step)  # queued to the GUI thread

        def finished(result: R | None) -> None:
            relay.deleteLater()
            done(result)

        def refused(error: BaseException) -> None:
            relay.deleteLater()
            if failed is not None:
                failed(error)

        return self.run_in_background(call, done=finished, failed=refused, initiator=initiator)

    def report(
        self, error: BaseException, *, loud: bool = False, initiator: object | None = None
    ) -> None:
        """The one place a refused action is reported: the window shows ``failed``."""
        loud = loud or (self._flushing and self._loud_flush)
        self.failed.emit(error, loud, initiator)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the actions running in the background (closing the journal)."""
        for task in list(self._running):
            task.wait(timeout)

    def close(self) -> None:
        """Stop listening: the journal is closing, late answers are dropped."""
        self._closed = True
        if self._journal is not None:
            self._journal.unsubscribe(self._heard)

    # --- collecting and delivering -------------------------------------------------------
    def _collecting(self, call: Callable[[], R], collected: list[ChangeSet]) -> R:
        stack: list[list[ChangeSet]] = self._local.__dict__.setdefault("stack", [])
        stack.append(collected)
        try:
            return call()
        finally:
            stack.pop()

    def _heard(self, changes: ChangeSet) -> None:
        """The journal's listener, on the thread that committed."""
        stack: list[list[ChangeSet]] | None = self._local.__dict__.get("stack")
        if stack:
            stack[-1].append(changes)  # the runner delivers it with its records
        elif not self._closed:
            try:
                self.changed.emit(Changed(changes))  # queued to the GUI thread if need be
            except RuntimeError:  # the Qt object is gone: stop listening
                self.journal.unsubscribe(self._heard)

    def _deliver(self, result: object, changes: ChangeSet, initiator: object | None) -> None:
        if changes.empty:
            return
        fresh = {k: v for k, v in records_in(result).items() if k in changes.entries}
        self.changed.emit(Changed(changes, fresh, initiator))

    def _finished(self, task: Background) -> None:
        if task in self._running:
            self._running.remove(task)
        task.deleteLater()


class Reread(QObject):
    """A read run through a runner on a worker thread, whose answer may come a moment later.

    A ``start`` while one runs is merged: the read runs once more afterwards, so the last
    answer is always fresh and a burst of changes reads twice at most. Nothing is saved
    first (a read), and a failure goes to the runner's one place, in the status bar.
    """

    def __init__(
        self, runner: Operations, call: Callable[[], Any], done: Callable[[Any], None]
    ) -> None:
        super().__init__(runner)
        self._runner, self._call, self._done = runner, call, done
        self._task: Background | None = None
        self._again = False

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        if self._task is not None:
            self._again = True
            return
        self._task = self._runner.run_in_background(
            self._call, done=self._answered, failed=self._ended, flush=False, loud=False
        )

    def wait(self, timeout: float | None = 10) -> None:
        """Until the read in flight (not one merged after it) has its answer."""
        if self._task is not None:
            self._task.wait(timeout)

    def _answered(self, result: Any) -> None:
        self._done(result)
        self._ended(None)

    def _ended(self, _error: BaseException | None) -> None:
        self._task = None
        if self._again:
            self._again = False
            self.start()
