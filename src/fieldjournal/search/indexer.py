"""The background indexer: keeps the index in step with the journal, repairs it on open.

The index update is off the save path: a save only adds ids to a pending set (O(1)); the
indexer applies them in batches, reading each entry's current state (from its
``DocumentSource``) while it holds the index's write lock, so two processes can never
index an older state over a newer one. On open it verifies the index files and compares
the index's ledger with the journal, repairing the difference, or rebuilds a broken
index; searches meanwhile answer from what is indexed and say so. What runs when is
decided by ``schedule.Schedule``; each ``Task`` maps to one method here.

With the default clock a thread runs the tasks as they fall due. With a ``ManualClock``
there is no thread: tasks run in the caller's thread whenever someone waits for them
(``flush``, ``settle``...) or moves the clock on, which is how the tests drive it.

Whoosh is imported when the index is opened (the OPEN task), never on the caller's
start-up path.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from fieldjournal.domain.errors import JournalError
from fieldjournal.domain.search import IndexStatus
from fieldjournal.search.clock import Clock, MonotonicClock
from fieldjournal.search.fallback import IndexFolder, disk_full_problem, is_disk_full
from fieldjournal.search.schedule import (
    BULK_THRESHOLD,
    IDLE_MERGE_DELAY,
    Schedule,
    Step,
    Task,
)
from fieldjournal.search.source import DocumentSource

if TYPE_CHECKING:
    from fieldjournal.search.index import SearchIndex

log = logging.getLogger(__name__)
LEARN_MIN = 100  # a young journal learns its common words from this many entries on
DISK_RETRY = 30.0  # seconds before index work the disk had no room for is tried again
Progress = Callable[[int, int], None]


class Stopped(Exception):
    """Raised inside a repair batch or a rebuild when the journal closes (or is asked to)."""


class Indexer:
    """One per open journal: the index hook's other end, and what searches wait for."""

    def __init__(
        self,
        folder: Path,
        source: DocumentSource,
        *,
        clock: Clock | None = None,
        lock_timeout: float = 60.0,
    ) -> None:
        self.source = source
        self.place = IndexFolder.choose(folder)
        self._lock_timeout = lock_timeout
        self._clock: Clock = clock or MonotonicClock()
        self._index: SearchIndex | None = None
        self._cond = threading.Condition()
        self.work = threading.RLock()  # held by whoever writes to the index
        self.schedule = Schedule(opened_at=self._clock.now())
        if self.place.notice:
            self.schedule.problems.append(self.place.notice)
        # No index yet (a new journal, or one filled with search=False): building it
        # is not a repair.
        self._fresh = self.place.fresh
        self._tasks: dict[Task, Callable[[list[str]], None]] = {
            Task.OPEN: self._open,
            Task.COMPARE: self._compare,
            Task.APPLY: self._apply,
            Task.REBUILD: self._rebuild,
            Task.REPAIR: self._apply,
            Task.LEARN: self._learn,
            Task.RELEARN: self._apply_relearn,
            Task.FINISH_RELEARN: self._finish_relearn,
            Task.DEEP_CHECK: self._deep_check,
            Task.MERGE: self._merge_small,
        }
        self._stepping = threading.local()
        self._checksummed: set[str] = set()  # files the checksum pass found sound so far
        self._thread: threading.Thread | None = None
        if clock is None:
            self._thread = threading.Thread(
                target=self._run, name="fieldjournal-indexer", daemon=True
            )
            self._thread.start()
        else:
            self._clock.subscribe(self.run_due)

    # --- the index hook ---------------------------------------------------------------
    def entries_changed(self, entry_ids: Collection[str]) -> None:
        with self._cond:
            self.schedule.pending.update(entry_ids)
            self.schedule.last_change = self._clock.now()
            self._cond.notify_all()

    def entries_removed(self, entry_ids: Collection[str]) -> None:
        self.entries_changed(entry_ids)

    def close(self) -> None:
        """Flush this process's pending changes, then stop the indexer."""
        with self._cond:
            self.schedule.stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()
        else:
            while not self.schedule.failed and self.step() is not None:
                pass
        if self._index is not None:
            self._index.close()
        self.place.release()

    # --- running tasks ------------------------------------------------------------------
    def _run(self) -> None:
        """The background thread: each task as it falls due, until closed."""
        while (step := self._wait_for_step()) is not None:
            with self.work:
                self._run_step(step)

    def _wait_for_step(self) -> Step | None:
        with self._cond:
            while not self.schedule.failed:
                step = self.schedule.next_task(self._clock.now())
                if isinstance(step, Step):
                    return step
                if step is None and self.schedule.stopping:
                    return None
                timeout = None if step is None else max(0.0, step - self._clock.now())
                self._cond.wait(timeout)
            return None

    def step(self) -> Task | None:
        """Without a thread: run the next task if one is due now; the task run, or None."""
        if getattr(self._stepping, "active", False):
            return None  # a task moved the clock on: the tasks it made due come next
        self._stepping.active = True
        try:
            with self.work:
                with self._cond:
                    if self.schedule.failed:
                        return None
                    step = self.schedule.next_task(self._clock.now())
                if not isinstance(step, Step):
                    return None
                self._run_step(step)
                return step.task
        finally:
            self._stepping.active = False

    def run_due(self) -> list[Task]:
        """Without a thread: every task due now, in order (called when the clock moves)."""
        ran: list[Task] = []
        while (task := self.step()) is not None:
            ran.append(task)
        return ran

    def next_wake(self) -> float | None:
        """When a task falls due next, if none is due now (None: only on new work)."""
        with self._cond:
            return self.schedule.wake()

    def _run_step(self, step: Step) -> None:
        from fieldjournal.search.ledger import LedgerError
        from fieldjournal.search.store import IndexBroken

        try:
            self._tasks[step.task](step.batch)
        except (IndexBroken, LedgerError) as error:
            if step.task in (Task.OPEN, Task.REBUILD):
                self._failed(error)
            else:
                self.schedule_rebuild(str(error))  # found broken by a background task
        except Exception as error:  # never die silently: waiting callers are told
            if is_disk_full(error):
                self._no_room(step, error)
            elif isinstance(error, OSError) and step.task is Task.OPEN:
                self._elsewhere(error.strerror or str(error))
            else:
                self._failed(error)
        finally:
            with self._cond:
                if step.task is Task.OPEN and self.schedule.open_started:
                    self.schedule.opened = True
                self.schedule.step_done()
                self._cond.notify_all()

    def _failed(self, error: BaseException) -> None:
        log.error("search indexer failed", exc_info=error)
        with self._cond:
            self.schedule.problems.append(f"the search indexer failed: {error}")
            self.schedule.failed = True

    def _elsewhere(self, reason: str) -> None:
        """The index folder failed on opening: open again in a temporary folder."""
        if self._index is not None:
            self._index.close()
            self._index = None
        self.place = IndexFolder.instead_of(self.place.folder, f"opening failed: {reason}")
        self._fresh = True
        with self._cond:
            self.schedule.problems.append(self.place.notice)
            self.schedule.open_started = False

    def _no_room(self, step: Step, error: BaseException) -> None:
        """The disk is full: keep the work, say so once, and try again later.

        An index that has to be built from nothing (on opening, or a rebuild) is built in
        a temporary folder instead, often on another disk, so that searches answer now.
        """
        log.info("no room on the disk for the search index: %s", error)  # said in status
        if step.task in (Task.OPEN, Task.REBUILD) and not self.place.temporary:
            self._elsewhere(f"there is no room left on its disk ({error})")
            return
        with self._cond:
            problem = disk_full_problem(self.place.folder)
            if problem not in self.schedule.problems:
                self.schedule.problems.append(problem)
            if step.task is Task.APPLY:
                self.schedule.pending.update(step.batch)
            elif step.task is Task.REPAIR:
                self.schedule.repair.extendleft(reversed(step.batch))
            elif step.task in (Task.REBUILD, Task.OPEN):
                self.schedule.rebuild_reason = "the last rebuild ran out of disk space"
            self.schedule.disk_full_until = self._clock.now() + DISK_RETRY

    # --- waiting ----------------------------------------------------------------------
    def wait(self, ready: Callable[[], bool], timeout: float | None) -> bool:
        """Wait until ``ready()`` (called holding the lock); False on timeout.

        Without a thread the tasks run here, and a manual clock is moved on to each task
        that falls due, up to ``timeout``.
        """
        deadline = None if timeout is None else self._clock.now() + timeout
        if self._thread is None:
            while True:
                with self._cond:
                    if ready():
                        return True
                    self._raise_if_failed()
                if self.step() is not None:
                    continue
                wake = self.next_wake()
                if wake is None or (deadline is not None and wake > deadline):
                    with self._cond:
                        return ready()
                self._clock.wait_until(wake)
        with self._cond:
            while not ready():
                self._raise_if_failed()
                remaining = None if deadline is None else deadline - self._clock.now()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.5) if remaining is not None else 0.5)
            return True

    def _raise_if_failed(self) -> None:
        thread_died = self._thread is not None and not self._thread.is_alive()
        if self.schedule.failed or thread_died:
            raise JournalError(
                "the search indexer stopped: " + "; ".join(self.schedule.problems[-1:])
            )

    def flush(self, timeout: float | None = None, *, unless_catching_up: bool = False) -> bool:
        """Wait until this process's saves are searchable; False on timeout.

        ``unless_catching_up``: return at once while a repair or rebuild batch of more than
        BULK_THRESHOLD entries runs. Saves wait behind such a batch (seconds on a large
        journal, its commit included), and results say they are incomplete meanwhile
        anyway; a short batch (a new journal's first, say) is waited for.
        """
        with self._cond:
            self.schedule.flushers += 1
            self._cond.notify_all()
        try:
            return self.wait(lambda: self.schedule.saves_searchable(unless_catching_up), timeout)
        finally:
            with self._cond:
                self.schedule.flushers -= 1

    def compared(self, timeout: float | None = None) -> bool:
        """Wait until the open index has been compared with the database; False on timeout.

        Searches do not wait for this (the first one answers at once and says the index is
        catching up); a one-shot command does, so that its answer is definitive unless
        a repair is really under way.
        """
        return self.wait(self.schedule.compared, timeout)

    def catch_up(self, progress: Progress | None = None, poll: float = 0.25) -> IndexStatus:
        """Wait until no index work is queued or running (a repair after a bulk import).

        ``progress(indexed, total)`` is called whenever the figures move. Work the disk
        has no room for ends the wait (the status says so).
        """
        last: tuple[int, int] | None = None
        with self._cond:
            self.schedule.flushers += 1  # saves are applied at once, not after a pause
        try:
            while True:
                status = self.status()
                moved = (status.indexed, status.total) != last
                if progress and moved and (status.total or not status.busy):
                    last = (status.indexed, status.total)
                    progress(*last)
                if not status.busy or self.schedule.disk_full_until is not None:
                    return status
                self.wait(lambda: not self.schedule.status().busy, poll)
        finally:
            with self._cond:
                self.schedule.flushers -= 1

    @contextlib.contextmanager
    def searching(self) -> Iterator[None]:
        """Around a search: the comparison on open, the checksum pass and merges do not
        start meanwhile (nor for a moment after), and those running stop to let it by."""
        with self._cond:
            self.schedule.search_began(self._clock.now())
        try:
            yield
        finally:
            with self._cond:
                self.schedule.searching -= 1
                self.schedule.searched_at = self._clock.now()
                self._cond.notify_all()

    def _search_began(self) -> bool:
        with self._cond:
            return self.schedule.yield_to_search()

    def settle(self, timeout: float | None = None, *, merges: bool = True) -> bool:
        """Wait until the indexer is idle: repairs, rebuilds, checks and merges done.

        ``merges=False`` does not wait for a merge that is only due (a merge changes
        no answer, only how fast it comes).
        """
        return self.wait(lambda: self.schedule.idle(merges), timeout)

    def index(self) -> SearchIndex:
        """The open index, once the indexer has opened it."""
        self.wait(lambda: self.schedule.opened, None)
        if self._index is None:
            self._raise_if_failed()
        assert self._index is not None
        return self._index

    def status(self) -> IndexStatus:
        with self._cond:
            return self.schedule.status()

    @property
    def indexing(self) -> bool:
        """True while a repair or rebuild is running: results are not complete yet."""
        with self._cond:
            return self.schedule.catching_up

    def schedule_rebuild(self, reason: str) -> None:
        """The index failed: rebuild it in the background."""
        log.warning("search index failed, rebuilding: %s", reason)
        with self._cond:
            self.schedule.queue_rebuild(reason)
            self._cond.notify_all()

    def stopping(self) -> bool:
        with self._cond:
            return self.schedule.stopping

    def set_bulk(self, left: int, *, total: int | None = None, done: bool = False) -> None:
        """A rebuild in the caller's thread: entries it has still to apply (for the status).

        ``total``: it starts, and replaces whatever repair was queued; ``done``: it ended.
        """
        with self._cond:
            self.schedule.bulk = left
            if total is not None:
                self.schedule.repair.clear()
                self.schedule.relearn.clear()
                self.schedule.relearn_common = None
                self.schedule.repair_total = total
                self.schedule.long_batch = total > BULK_THRESHOLD
            if done:
                self.schedule.long_batch = False
            self._cond.notify_all()

    def deep_check_done(self) -> None:
        """The checksum pass is being done by the caller (``check``): not again when idle."""
        with self._cond:
            self.schedule.deep_checked = True

    @property
    def clock(self) -> Clock:
        return self._clock

    # --- the tasks (each called holding ``work``) ---------------------------------------
    def _open(self, _batch: list[str]) -> None:
        from fieldjournal.search.index import SearchIndex

        self._index = SearchIndex(self.place.folder, lock_timeout=self._lock_timeout)
        problems = self._index.verify(deep=False)
        if problems and self._fresh:
            self._start_rebuild()
        elif problems:
            log.warning("rebuilding the search index: %s", problems[0])
            with self._cond:
                self.schedule.problems.extend(problems)
            self._start_rebuild()
        else:
            # Searches read the index before it is compared with the database, and the
            # comparison waits for the searches under way (the first one after opening
            # need not share the processor with it). Until the difference is queued,
            # results say the index is still catching up.
            with self._cond:
                self.schedule.comparing = self.schedule.opened = True
                self.schedule.compare_pending = True
                self._cond.notify_all()
            return
        with self._cond:
            self.schedule.applied(self._clock.now())

    def _compare(self, _batch: list[str]) -> None:
        try:
            self.queue_difference()
        finally:
            with self._cond:
                self.schedule.comparing = False
                self.schedule.applied(self._clock.now())

    def _rebuild(self, _batch: list[str]) -> None:
        self._start_rebuild()

    def _start_rebuild(self) -> None:
        """Empty the index and queue every live entry."""
        assert self._index is not None
        self._index.recreate(self.source.sample_texts())
        ids = list(self.source.live_versions())
        with self._cond:
            self.schedule.queue_all(ids)

    def queue_difference(self) -> None:
        """Queue entries whose indexed version differs from the database's."""
        assert self._index is not None
        stale, gone, live = self.differences(self._index)
        with self._cond:
            self.schedule.repair = deque([*sorted(stale), *sorted(gone)])  # id order
            self.schedule.repair_total = live
            self._cond.notify_all()

    def differences(self, index: SearchIndex) -> tuple[set[str], set[str], int]:
        """(entries indexed at another version or not at all, indexed but gone, live)."""
        db = self.source.live_versions()
        indexed = index.indexed_versions()
        stale = {i for i, v in db.items() if indexed.get(i) != v}
        return stale, {i for i in indexed if i not in db}, len(db)

    def _apply(self, batch: list[str]) -> None:
        from fieldjournal.search.ledger import LedgerError
        from fieldjournal.search.store import IndexBroken

        assert self._index is not None
        changed = 0
        try:
            changed = self._index.apply(
                self.source.load, batch, bulk=len(batch) > BULK_THRESHOLD, progress=self._advance
            )
        except (IndexBroken, LedgerError) as error:
            with self._cond:
                self.schedule.pending.update(batch)
            self.schedule_rebuild(str(error))
        except Stopped:
            log.info("closing: the rest of the index repair is left to the next open")
        with self._cond:
            self.schedule.disk_full_until = None
            if changed:  # nothing written (another process got there first): still idle
                self.schedule.applied(self._clock.now())

    def _advance(self, done: int, total: int) -> None:
        """Progress within a repair batch, so the status bar moves during a long one.

        Closing stops a repair batch between chunks (its writer is cancelled; the next
        open repairs what is left), so an interrupted catch-up exits at once.
        """
        with self._cond:
            if self.schedule.bulk:
                if self.schedule.stopping:
                    raise Stopped
                self.schedule.bulk = max(1, total - done)

    def _learn(self, _batch: list[str]) -> None:
        """Learn the common words again if the journal has doubled since (see LEARN_MIN)."""
        from fieldjournal.search.analysis import LEARN_SAMPLE

        assert self._index is not None
        with self._cond:
            if self.schedule.relearn_common is not None:
                return  # a pass is under way: its end checks again
        pairs = self._index.pairs_analyzer()
        if pairs.learnt_from >= LEARN_SAMPLE and pairs.partial is None:
            with self._cond:
                self.schedule.mature = True
            return
        # A pass cut short (the journal was closed) is taken up again.
        common = pairs.common if pairs.partial is not None else None
        if pairs.learnt_from < LEARN_SAMPLE and self.source.live_count() >= max(
            LEARN_MIN, 2 * pairs.learnt_from
        ):
            common = self._index.relearn(self.source.sample_texts()) or common
        if common is not None:
            live = self.source.live_versions()
            with self._cond:
                # Entries queued already are indexed with the new words when their turn
                # comes (before the pass ends): a bulk import is not analysed twice.
                queued = self.schedule.pending.union(self.schedule.repair)
                self.schedule.relearn = deque(i for i in live if i not in queued)
                self.schedule.relearn_common = common
            log.info("indexing %d entries again with new common words", len(live))

    def _apply_relearn(self, batch: list[str]) -> None:
        """Index a batch again with the new common words' pairs (a rebuild if it fails)."""
        assert self._index is not None
        try:
            self._index.apply(self.source.load, batch, force=True)
        finally:
            with self._cond:
                self.schedule.merge_due = self._clock.now() + IDLE_MERGE_DELAY

    def _finish_relearn(self, _batch: list[str]) -> None:
        """Every entry has the new pairs (the pass and any queued work are done)."""
        assert self._index is not None
        with self._cond:
            common = self.schedule.relearn_common
        if common is not None:
            self._index.finish_relearn(common)
        with self._cond:
            self.schedule.relearn_common = None
            self.schedule.learn_due = not self.schedule.mature  # it may have doubled again

    def _deep_check(self, _batch: list[str]) -> None:
        """Once per open, when idle: checksums of the files and the document count.

        The count is the ledger's, not the database's: a save in this or another process
        may be committed to the database and not yet indexed, which is no fault (the
        comparison on open and the indexer take care of it).
        """
        from fieldjournal.search.ledger import Interrupted

        assert self._index is not None
        try:
            problems = self._index.verify(
                deep=True, checked=self._checksummed, stop=self._search_began
            )
        except Interrupted:
            with self._cond:  # a search began: carry on with the files left, later
                self.schedule.deep_check_stopped()
            return
        if problems:
            self.schedule_rebuild(problems[0])

    def _merge_small(self, _batch: list[str]) -> None:
        """Merge in a child at the lowest priority, stopped when a search begins (unless
        it gave way too often already) and when the journal closes."""
        assert self._index is not None
        with self._cond:
            may_yield = self.schedule.merge_may_yield()
        gave_way = False

        def stop() -> bool:
            nonlocal gave_way
            if self.stopping():
                return True
            gave_way = may_yield and self._search_began()
            return gave_way

        self._index.merge_small(stopping=stop)
        with self._cond:
            if gave_way:
                self.schedule.merge_stopped(self._clock.now())
            else:
                self.schedule.merge_ended()
