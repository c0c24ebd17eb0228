"""Search glue: index documents from the database, a background indexer, repair on open.

The index update is off the save path: a save only adds ids to a pending set (O(1)); one
indexer thread per journal applies them in batches, reading each entry's current state
while it holds the index's write lock (so two processes can never index an older state
over a newer one). On open the same thread verifies the index files and compares the
index's ledger with the database, repairing the difference, or rebuilds a broken index;
searches meanwhile answer from what is indexed and say so. ``search()`` first waits for
this process's own pending saves (read-your-writes), unless they wait behind a repair or
rebuild batch (its results say they are incomplete); ``close()`` flushes them.

When idle, in order: a young journal learns its common words again (``_learn``) and
indexes its entries again with the new pairs; the files are checksummed once per open;
small segments are merged (in a child process, see search.merging).

Whoosh is imported by the indexer thread, never on the caller's start-up path.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Collection
from datetime import datetime
from typing import TYPE_CHECKING

from fieldjournal.domain.errors import Interrupted, InvalidInput, JournalError
from fieldjournal.domain.search import IndexStatus, SearchResults
from fieldjournal.domain.wording import counted
from fieldjournal.services.context import ServiceContext
from fieldjournal.services.index_documents import DocumentSource
from fieldjournal.services.search_results import filters_from, hits_of

if TYPE_CHECKING:
    from fieldjournal.search.index import SearchIndex

log = logging.getLogger(__name__)
BATCH = 1000
REPAIR_BATCH = 2500
# A burst of saves (autosave while typing) is indexed once it pauses, so the indexer does
# not compete with the saves; a search (flush) does not wait for the pause.
DEBOUNCE = 0.2
# The checksum pass over every index file waits until the journal has been open a while,
# off the first search's way (the cheap size check runs at once).
DEEP_CHECK_DELAY = 5.0
IDLE_MERGE_DELAY = 1.0  # seconds without index work before small segments are merged
OTHERS_GRACE = 1.5  # seconds another process has to index its save (searchable within 1 s)
# A young journal learns its common words again each time it has doubled since they were
# learnt (from 100 entries on, until they are learnt from a full sample), and indexes its
# entries again in small batches when idle, every answer complete meanwhile.
LEARN_MIN = 100
RELEARN_BATCH = 100  # a search waits at most one batch for its own saves (0.7 s at 10k)
BULK_THRESHOLD = 200
Progress = Callable[[int, int], None]


class _Stopped(Exception):
    """Raised inside a repair batch or a rebuild when the journal closes (or is asked to)."""


class SearchService:
    """The journal's index hook: a background indexer over ``SearchIndex``."""

    def __init__(self, ctx: ServiceContext, *, lock_timeout: float = 60.0) -> None:
        self.source = DocumentSource(ctx)
        self._folder = ctx.paths.index
        self._lock_timeout = lock_timeout
        self._index: SearchIndex | None = None
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._last_change = 0.0
        self._flushers = 0  # threads waiting in flush(): pending work is applied at once
        self._repair: deque[str] = deque()
        self._repair_total = 0
        self._rebuild_reason: str | None = None
        self._deep_checked = False
        self._opened_at = time.monotonic()
        self._merge_due: float | None = None
        self._learn_due = True  # whether the common words should be learnt again
        self._learnt_before_bulk = False  # checked before the bulk of work now queued
        self._mature = False  # they were learnt from a full sample: never again
        self._relearn: deque[str] = deque()  # entries to index again with new pairs
        self._relearn_common: frozenset[str] | None = None
        self._opened = False
        self._comparing = False  # the open index is being compared with the database
        self._busy = False  # applying this process's own saves
        self._active = False  # doing any index work
        self._bulk = 0  # entries of a rebuild or repair being applied right now
        self._long_batch = False  # that batch is long enough for a search not to wait for
        self._stopping = False
        self._problems: list[str] = []
        self._work = threading.RLock()  # held by whoever writes to the index
        # No index yet (a new journal, or one filled with search=False): building it
        # is not a repair.
        self._fresh = not self._folder.exists() or not any(self._folder.iterdir())
        self._thread = threading.Thread(target=self._run, name="fieldjournal-indexer", daemon=True)
        self._thread.start()

    # --- the index hook ---------------------------------------------------------------
    def entries_changed(self, entry_ids: Collection[str]) -> None:
        with self._cond:
            self._pending.update(entry_ids)
            self._last_change = time.monotonic()
            self._cond.notify_all()

    def entries_removed(self, entry_ids: Collection[str]) -> None:
        self.entries_changed(entry_ids)

    def close(self) -> None:
        """Flush this process's pending changes, then stop the indexer."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join()
        if self._index is not None:
            self._index.close()

    # --- waiting ----------------------------------------------------------------------
    def _wait(self, ready: Callable[[], bool], timeout: float | None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not ready():
                if not self._thread.is_alive():
                    raise JournalError(
                        "the search indexer stopped: " + "; ".join(self._problems[-1:])
                    )
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.5) if remaining is not None else 0.5)
            return True

    def flush(self, timeout: float | None = None, *, unless_catching_up: bool = False) -> bool:
        """Wait until this process's saves are searchable; False on timeout.

        ``unless_catching_up``: return at once while a repair or rebuild batch of more than
        BULK_THRESHOLD entries runs. Saves wait behind such a batch (seconds on a large
        journal, its commit included), and results say they are incomplete meanwhile
        anyway; a short batch (a new journal's first, say) is waited for.
        """
        with self._cond:
            self._flushers += 1
            self._cond.notify_all()
        try:
            return self._wait(
                lambda: (
                    self._opened
                    and (
                        not (self._pending or self._busy)
                        or (unless_catching_up and self._long_batch and not self._busy)
                    )
                ),
                timeout,
            )
        finally:
            with self._cond:
                self._flushers -= 1

    def compared(self, timeout: float | None = None) -> bool:
        """Wait until the open index has been compared with the database; False on timeout.

        Searches do not wait for this (the first one answers at once and says the index is
        catching up); a one-shot command does, so that its answer is definitive unless
        a repair is really under way.
        """
        return self._wait(lambda: self._opened and not self._comparing, timeout)

    def catch_up(self, progress: Progress | None = None, poll: float = 0.25) -> IndexStatus:
        """Wait until no index work is queued or running (a repair after a bulk import).

        ``progress(indexed, total)`` is called whenever the figures move.
        """
        last: tuple[int, int] | None = None
        while True:
            status = self.status()
            moved = (status.indexed, status.total) != last
            if progress and moved and (status.total or not status.busy):
                last = (status.indexed, status.total)
                progress(*last)
            if not status.busy:
                return status
            self._wait(lambda: not self.status().busy, poll)

    def settle(self, timeout: float | None = None, *, merges: bool = True) -> bool:
        """Wait until the indexer is idle: repairs, rebuilds, checks and merges done.

        ``merges=False`` does not wait for a merge that is only due (a merge changes
        no answer, only how fast it comes).
        """
        return self._wait(
            lambda: (
                self._opened
                and self._deep_checked
                and (self._merge_due is None or not merges)
                and not (
                    self._learn_due
                    or self._relearn
                    or self._relearn_common is not None
                    or self._pending
                    or self._active
                    or self._repair
                    or self._rebuild_reason
                    or self._comparing
                )
            ),
            timeout,
        )

    def index(self) -> SearchIndex:
        """The open index, once the indexer has opened it."""
        self._wait(lambda: self._opened, None)
        assert self._index is not None
        return self._index

    def status(self) -> IndexStatus:
        """Busy whenever index work is queued or running, a rebuild or repair included."""
        with self._cond:
            left = len(self._repair) + self._bulk
            total = self._repair_total
            busy = (
                self._pending
                or self._busy
                or self._comparing
                or left
                or self._rebuild_reason is not None
            )
            return IndexStatus(
                indexed=max(0, total - left),
                total=total,
                busy=bool(busy) or not self._opened,
                problems=tuple(self._problems),
            )

    @property
    def indexing(self) -> bool:
        """True while a repair or rebuild is running: results are not complete yet."""
        with self._cond:
            catching_up = self._repair or self._bulk or self._rebuild_reason or self._comparing
            return bool(catching_up) or not self._opened

    def schedule_rebuild(self, reason: str) -> None:
        """The index failed: rebuild it in the background."""
        log.warning("search index failed, rebuilding: %s", reason)
        with self._cond:
            if reason not in self._problems:
                self._problems.append(reason)
            self._rebuild_reason = reason
            self._cond.notify_all()

    # --- the indexer thread -------------------------------------------------------------
    def _run(self) -> None:
        try:
            from fieldjournal.search.store import IndexBroken

            self._open()
            while (task := self._next_task()) is not None:
                kind, batch = task
                try:
                    with self._work:
                        if kind == "rebuild":
                            self._start_rebuild()
                        elif kind == "deep":
                            self._deep_check()
                        elif kind == "merge":
                            self._merge_small()
                        elif kind == "learn":
                            self._learn()
                        elif kind == "relearn":
                            self._apply_relearn(batch)
                        elif kind == "finish":
                            self._finish_relearn()
                        else:
                            self._apply(batch)
                            with self._cond:
                                self._merge_due = time.monotonic() + IDLE_MERGE_DELAY
                                self._learn_due = not self._mature
                                self._learnt_before_bulk = False
                except IndexBroken as error:
                    if kind == "rebuild":
                        raise
                    self.schedule_rebuild(str(error))  # found broken by a background task
                finally:
                    with self._cond:
                        self._busy = self._active = False
                        self._bulk = 0
                        self._long_batch = False
                        self._cond.notify_all()
        except Exception as error:  # never die silently: waiting callers are told
            log.exception("search indexer failed")
            with self._cond:
                self._problems.append(f"the search indexer failed: {error}")
        finally:
            with self._cond:
                self._opened = True
                self._cond.notify_all()

    def _next_task(self) -> tuple[str, list[str]] | None:
        """The next piece of work, most urgent first: own saves, rebuild, repair, checks."""
        with self._cond:
            while True:
                quiet_at = self._last_change + DEBOUNCE
                if self._pending and (
                    self._flushers or self._stopping or time.monotonic() >= quiet_at
                ):
                    if self._learn_first(len(self._pending)):
                        return "learn", []
                    batch = list(self._pending)[:BATCH]
                    self._pending.difference_update(batch)
                    self._busy = self._active = True
                    return "apply", batch
                if self._stopping:
                    return None
                self._active = True
                if self._rebuild_reason is not None:
                    self._rebuild_reason = None
                    self._bulk = max(1, self._repair_total)
                    return "rebuild", []
                if self._repair:
                    if self._learn_first(len(self._repair)):
                        return "learn", []
                    size = min(REPAIR_BATCH, len(self._repair))
                    self._bulk = size
                    self._long_batch = size > BULK_THRESHOLD
                    return "apply", [self._repair.popleft() for _ in range(size)]
                if self._learn_due:
                    self._learn_due = False
                    return "learn", []
                if self._relearn:
                    size = min(RELEARN_BATCH, len(self._relearn))
                    return "relearn", [self._relearn.popleft() for _ in range(size)]
                if self._relearn_common is not None:
                    return "finish", []
                deep_due = None if self._deep_checked else self._opened_at + DEEP_CHECK_DELAY
                if deep_due is not None and time.monotonic() >= deep_due:
                    self._deep_checked = True
                    return "deep", []
                if self._merge_due is not None and time.monotonic() >= self._merge_due:
                    self._merge_due = None
                    return "merge", []
                self._active = False
                wake = [
                    t
                    for t in (self._merge_due, quiet_at if self._pending else None, deep_due)
                    if t is not None
                ]
                self._cond.wait(max(0.0, min(wake) - time.monotonic()) if wake else None)

    def _learn(self) -> None:
        """Learn the common words again if the journal has doubled since (see LEARN_MIN)."""
        from fieldjournal.search.analysis import LEARN_SAMPLE

        assert self._index is not None
        with self._cond:
            if self._relearn_common is not None:
                return  # a pass is under way: its end checks again
        pairs = self._index.pairs_analyzer()
        if pairs.learnt_from >= LEARN_SAMPLE and pairs.partial is None:
            with self._cond:
                self._mature = True
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
                queued = self._pending.union(self._repair)
                self._relearn = deque(i for i in live if i not in queued)
                self._relearn_common = common
            log.info("indexing %d entries again with new common words", len(self._relearn))

    def _learn_first(self, queued: int) -> bool:
        """Before a bulk of index work: learn the common words first if they are due.

        Call holding ``_cond``.
        """
        if not self._mature and not self._learnt_before_bulk and queued >= BULK_THRESHOLD:
            self._learnt_before_bulk = True
            self._learn_due = False
            self._active = True
            return True
        return False

    def _apply_relearn(self, batch: list[str]) -> None:
        """Index a batch again with the new common words' pairs (a rebuild if it fails)."""
        assert self._index is not None
        try:
            self._index.apply(self.source.load, batch, force=True)
        finally:
            with self._cond:
                self._merge_due = time.monotonic() + IDLE_MERGE_DELAY

    def _finish_relearn(self) -> None:
        """Every entry has the new pairs (the pass and any queued work are done)."""
        assert self._index is not None
        with self._cond:
            common = self._relearn_common
        if common is not None:
            self._index.finish_relearn(common)
        with self._cond:
            self._relearn_common = None
            self._learn_due = not self._mature  # it may have doubled again meanwhile

    def _merge_small(self) -> None:
        assert self._index is not None
        self._index.merge_small(stopping=lambda: self._stopping)

    def _apply(self, batch: list[str]) -> None:
        from fieldjournal.search.store import IndexBroken

        assert self._index is not None
        try:
            self._index.apply(
                self.source.load, batch, bulk=len(batch) > BULK_THRESHOLD, progress=self._advance
            )
        except IndexBroken as error:
            with self._cond:
                self._pending.update(batch)
            self.schedule_rebuild(str(error))
        except _Stopped:
            log.info("closing: the rest of the index repair is left to the next open")

    def _advance(self, done: int, total: int) -> None:
        """Progress within a repair batch, so the status bar moves during a long one.

        Closing stops a repair batch between chunks (its writer is cancelled; the next
        open repairs what is left), so an interrupted catch-up exits at once.
        """
        with self._cond:
            if self._bulk:
                if self._stopping:
                    raise _Stopped
                self._bulk = max(1, total - done)

    def _open(self) -> None:
        from fieldjournal.search.index import SearchIndex

        with self._work:
            self._index = SearchIndex(self._folder, lock_timeout=self._lock_timeout)
            problems = self._index.verify(deep=False)
            if problems and self._fresh:
                self._start_rebuild()
            elif problems:
                log.warning("rebuilding the search index: %s", problems[0])
                self._problems.extend(problems)
                self._start_rebuild()
            else:
                # Searches may read the index while it is compared with the database (the
                # first search after opening need not wait for it); until the difference
                # is queued, results say the index is still catching up.
                with self._cond:
                    self._comparing = self._opened = True
                    self._cond.notify_all()
                try:
                    self._queue_difference()
                finally:
                    with self._cond:
                        self._comparing = False
        with self._cond:
            self._merge_due = time.monotonic() + IDLE_MERGE_DELAY
            self._opened = True
            self._cond.notify_all()

    def _start_rebuild(self) -> None:
        """Empty the index and queue every live entry (call holding ``_work``)."""
        assert self._index is not None
        self._index.recreate(self.source.sample_texts())
        ids = list(self.source.live_versions())
        with self._cond:
            self._relearn.clear()  # the new index learnt its words from the journal as it is
            self._relearn_common = None
            self._learn_due = not self._mature
            self._repair = deque(ids)
            self._repair_total = len(ids)
            self._deep_checked = True

    def _queue_difference(self) -> None:
        """Queue entries whose indexed version differs from the database's."""
        assert self._index is not None
        stale, gone, live = self._differences(self._index)
        with self._cond:
            self._repair = deque([*sorted(stale), *sorted(gone)])  # in id order, as stored
            self._repair_total = live
            self._cond.notify_all()

    def _deep_check(self) -> None:
        """Once per open, when idle: checksums of the files and the document count.

        The count is the ledger's, not the database's: a save in this or another process
        may be committed to the database and not yet indexed, which is no fault (the
        comparison on open and the indexer take care of it).
        """
        assert self._index is not None
        problems = self._index.verify(deep=True)
        if problems:
            self.schedule_rebuild(problems[0])

    # --- searching -------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        actor: str | None = None,
        code: str | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        limit: int = 20,
        offset: int = 0,
        facets: bool = False,
    ) -> SearchResults:
        from fieldjournal.search.store import IndexBroken

        if limit < 0 or offset < 0:
            raise InvalidInput("limit and offset must not be negative")
        filters = filters_from(kind, actor, code, since, until)
        self.flush(unless_catching_up=True)  # read-your-writes, but never minutes of wait
        try:
            raw = self.index().search(query, filters, limit=limit, offset=offset, facets=facets)
        except IndexBroken as error:
            self.schedule_rebuild(str(error))
            return SearchResults(
                query=query,
                total=0,
                hits=(),
                indexing=True,
                notice="the search index was damaged and is being rebuilt; try again shortly",
            )
        return SearchResults(
            query=query,
            total=raw.total,
            hits=hits_of(self.source.db, raw),
            facets=raw.facets,
            indexing=self.indexing,
            notice=raw.notice,
        )

    # --- synchronous operations ------------------------------------------------------------
    def reindex(
        self, progress: Progress | None = None, stop: Callable[[], bool] | None = None
    ) -> int:
        """Rebuild from scratch in the caller's thread, reporting (done, total).

        ``stop()`` (or the journal closing) cuts the rebuild short between chunks: it raises
        Interrupted, and the entries not yet in the index are repaired in the background,
        now or on the next open.
        """
        index = self.index()
        with self._work:
            with self._cond:
                self._bulk = max(1, self._repair_total)
            try:
                index.recreate(self.source.sample_texts())
                ids = list(self.source.live_versions())
                with self._cond:
                    self._repair.clear()
                    self._relearn.clear()
                    self._relearn_common = None
                    self._repair_total = self._bulk = len(ids)
                    self._long_batch = len(ids) > BULK_THRESHOLD

                def report(done: int, total: int) -> None:
                    with self._cond:
                        if self._stopping or (stop is not None and stop()):
                            raise _Stopped
                        self._bulk = total - done
                    if progress:
                        progress(done, total)

                report(0, len(ids))
                index.apply(self.source.load, ids, bulk=True, progress=report)
            except _Stopped:
                self._queue_difference()
                raise Interrupted(
                    "the rebuild of the search index was stopped; "
                    "the index catches up in the background"
                ) from None
            finally:
                with self._cond:
                    self._bulk = 0
                    self._long_batch = False
                    self._cond.notify_all()
        return len(ids)

    def check(self) -> list[str]:
        """Problems found on open or now (empty: the index matches the database).

        Whatever is found is repaired before this returns: damaged files by a rebuild,
        entries indexed as they no longer are by indexing them again. An entry another
        process has just saved is in the database before it is in the index; entries that
        differ are looked at again after ``OTHERS_GRACE`` before they count.
        """
        with self._cond:
            self._deep_checked = True  # done below, at once
        self.settle(merges=False)
        index = self.index()
        with self._cond:
            found = [f"repaired on open: {p}" for p in self._problems]
        with self._work:
            damaged = index.verify(deep=True)
            stale, extra, _ = self._differences(index)
        if not damaged and (stale or extra):
            time.sleep(OTHERS_GRACE)
            with self._work:
                again = self._differences(index)
            stale, extra = stale & again[0], extra & again[1]
        problems = list(damaged)
        if stale:
            one = len(stale) == 1
            problems.append(
                f"{counted(len(stale), 'entry')} {'is' if one else 'are'} not indexed "
                f"as {'it is' if one else 'they are'} now"
            )
        if extra:
            verb = "is" if len(extra) == 1 else "are"
            problems.append(
                f"{counted(len(extra), 'entry')} in the index {verb} no longer in the journal"
            )
        if damaged:
            self.reindex()
            return found + [f"{p} (the index was rebuilt)" for p in problems]
        if problems:
            with self._work:
                index.apply(self.source.load, sorted(stale | extra), force=True)
        return found + [f"{p} (indexed again)" for p in problems]

    def _differences(self, index: SearchIndex) -> tuple[set[str], set[str], int]:
        """(entries indexed at another version or not at all, indexed but gone, live)."""
        db = self.source.live_versions()
        indexed = index.indexed_versions()
        stale = {i for i, v in db.items() if indexed.get(i) != v}
        return stale, {i for i in indexed if i not in db}, len(db)
