"""What the indexer does next: its work queue and the order of its tasks, without threads.

``Schedule`` holds every piece of index work the journal is waiting for (this process's
saves, a repair after opening, a rebuild, relearning the common words, the checksum pass,
merging small segments) and ``next_task(now)`` picks the most urgent one that is due at
``now``, or says when to look again. It takes no lock and reads no clock: the indexer
calls it under its own lock with its clock's time, so a test can ask it what happens at
any moment. The order, most urgent first:

1. opening (checking the files, or a rebuild of a broken index);
2. this process's saves, once a burst of them pauses (``DEBOUNCE``) or someone waits;
   then the comparison of the opened index with the database, once no search is under
   way: the first search after opening never competes with it;
3. a rebuild of an index found broken;
4. the repair queue, in batches (``REPAIR_BATCH``);
5. learning the common words again, then indexing every entry again with them;
6. the checksum pass, once per open, ``DEEP_CHECK_DELAY`` after opening;
7. merging small segments, once the journal has been idle ``IDLE_MERGE_DELAY``.

The last two are housekeeping, and a search the researcher waits for comes first: they
start only when no search is under way and none has ended in the last ``SEARCH_QUIET``
seconds (search as you type asks again at each pause), and the indexer stops either
when a search begins (``yield_to_search``), to carry on once the searching pauses. Under
searches that never pause (a script, a benchmark) housekeeping waits at most
``HOUSEKEEPING_PATIENCE`` from the first of them, then starts between two searches:
segments must not pile up and the checksum pass must run once.

Before a bulk of work (a repair or an import of ``BULK_THRESHOLD`` entries or more) the
common words are learnt first, so the bulk is analysed once, with them.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum

from fieldjournal.domain.search import IndexStatus

BATCH = 1000
REPAIR_BATCH = 2500
# A burst of saves (autosave while typing) is indexed once it pauses, so the indexer does
# not compete with the saves; a search (flush) does not wait for the pause.
DEBOUNCE = 0.2
# The checksum pass over every index file waits until the journal has been open a while,
# off the first search's way (the cheap size check runs at once).
DEEP_CHECK_DELAY = 5.0
IDLE_MERGE_DELAY = 1.0  # seconds without index work before small segments are merged
SEARCH_QUIET = 1.0  # seconds after a search before the checksum pass or a merge starts
HOUSEKEEPING_PATIENCE = 10.0  # the longest they wait for searches without a pause
# A merge stopped for searches this many times in a row runs to its end the next time
# (at the lowest priority): segments must not pile up under someone who never stops.
MERGE_YIELDS = 3
RELEARN_BATCH = 100  # a search waits at most one batch for its own saves (0.7 s at 10k)
BULK_THRESHOLD = 200


class Task(Enum):
    OPEN = "open"
    COMPARE = "compare"  # the opened index with the database, queueing the difference
    APPLY = "apply"  # this process's saves
    REBUILD = "rebuild"
    REPAIR = "repair"  # a batch of the repair queue
    LEARN = "learn"
    RELEARN = "relearn"  # a batch of entries indexed again with new common words
    FINISH_RELEARN = "finish relearn"
    DEEP_CHECK = "deep check"
    MERGE = "merge"


@dataclass(frozen=True, slots=True)
class Step:
    task: Task
    batch: list[str] = field(default_factory=list)


@dataclass
class Schedule:
    """The indexer's state; every method is called holding the indexer's lock."""

    opened_at: float
    pending: set[str] = field(default_factory=set)  # this process's saves, not yet applied
    last_change: float = 0.0
    flushers: int = 0  # callers waiting for the saves: they are applied at once
    repair: deque[str] = field(default_factory=deque)
    repair_total: int = 0
    rebuild_reason: str | None = None
    open_started: bool = False
    opened: bool = False  # searches may read the index
    comparing: bool = False  # the open index is not yet compared with the database
    compare_pending: bool = False  # the comparison has not started yet
    searching: int = 0  # searches under way: the comparison waits for them
    searched_at: float | None = None  # when the last search ended
    searches_since: float | None = None  # when the searches without a pause began
    merge_yields: int = 0  # merges stopped for a search since the last one that ended
    deep_checked: bool = False
    merge_due: float | None = None
    learn_due: bool = True  # whether the common words should be learnt again
    learnt_before_bulk: bool = False  # checked before the bulk of work now queued
    mature: bool = False  # they were learnt from a full sample: never again
    relearn: deque[str] = field(default_factory=deque)  # entries to index again
    relearn_common: frozenset[str] | None = None
    busy: bool = False  # applying this process's own saves
    active: bool = False  # doing any index work
    bulk: int = 0  # entries of a rebuild or repair being applied right now
    long_batch: bool = False  # that batch is long enough for a search not to wait for
    stopping: bool = False
    failed: bool = False  # the indexer gave up (see problems)
    disk_full_until: float | None = None  # no index writes until then (no room left)
    problems: list[str] = field(default_factory=list)

    def next_task(self, now: float) -> Step | float | None:
        """The next step due at ``now``; else when to look again (a time), or None.

        None while running means: wait to be told of new work; once stopping, it means
        there is nothing left to do before the indexer ends.
        """
        if not self.open_started:
            self.open_started = self.active = True
            return Step(Task.OPEN)
        if self.disk_full_until is not None and now < self.disk_full_until:
            return None if self.stopping else self.disk_full_until
        quiet_at = self.last_change + DEBOUNCE
        if self.pending and (self.flushers or self.stopping or now >= quiet_at):
            if self._learn_first(len(self.pending)):
                return Step(Task.LEARN)
            batch = list(self.pending)[:BATCH]
            self.pending.difference_update(batch)
            self.busy = self.active = True
            return Step(Task.APPLY, batch)
        if self.stopping:
            return None
        if self.compare_pending and not self.searching:
            self.compare_pending = False
            self.active = True
            return Step(Task.COMPARE)
        step = self._background_step(now)
        if step is not None:
            self.active = True
            return step
        return self.wake()

    def wake(self) -> float | None:
        """When the next task falls due, if none is due now (None: on new work only)."""
        if self.disk_full_until is not None:
            return self.disk_full_until
        quiet_at = self.last_change + DEBOUNCE
        # While a search runs housekeeping is not due (its end wakes the indexer) until the
        # searches have gone on without a pause for HOUSEKEEPING_PATIENCE.
        housekeeping: tuple[float | None, ...] = (self._merge_at(), self._deep_due())
        if self.searching:
            limit = self._patience_ends()
            housekeeping = tuple(
                None if t is None or limit is None else max(t, limit) for t in housekeeping
            )
        wake = [t for t in (quiet_at if self.pending else None, *housekeeping) if t is not None]
        return min(wake) if wake else None

    def _background_step(self, now: float) -> Step | None:
        if self.rebuild_reason is not None:
            self.rebuild_reason = None
            self.bulk = max(1, self.repair_total)
            return Step(Task.REBUILD)
        if self.repair:
            if self._learn_first(len(self.repair)):
                return Step(Task.LEARN)
            size = min(REPAIR_BATCH, len(self.repair))
            self.bulk = size
            self.long_batch = size > BULK_THRESHOLD
            return Step(Task.REPAIR, [self.repair.popleft() for _ in range(size)])
        if self.learn_due:
            self.learn_due = False
            return Step(Task.LEARN)
        if self.relearn:
            size = min(RELEARN_BATCH, len(self.relearn))
            return Step(Task.RELEARN, [self.relearn.popleft() for _ in range(size)])
        if self.relearn_common is not None:
            return Step(Task.FINISH_RELEARN)
        if self.searching and not self._patience_over(now):
            return None  # housekeeping waits for the searches (wake() says until when)
        deep_due = self._deep_due()
        if deep_due is not None and now >= deep_due:
            self.deep_checked = True
            return Step(Task.DEEP_CHECK)
        merge_at = self._merge_at()
        if merge_at is not None and now >= merge_at:
            self.merge_due = None
            return Step(Task.MERGE)
        return None

    def _deep_due(self) -> float | None:
        if self.deep_checked:
            return None
        return self._after_searches(self.opened_at + DEEP_CHECK_DELAY)

    def _merge_at(self) -> float | None:
        return None if self.merge_due is None else self._after_searches(self.merge_due)

    def _after_searches(self, due: float) -> float:
        """When housekeeping that fell due at ``due`` starts: once the searches pause, or
        ``HOUSEKEEPING_PATIENCE`` into searches that do not."""
        quiet = self._quiet_at()
        if self.searches_since is not None:
            quiet = min(quiet, self.searches_since + HOUSEKEEPING_PATIENCE)
        return max(due, quiet)

    def _patience_ends(self) -> float | None:
        if self.searches_since is None:
            return None
        return self.searches_since + HOUSEKEEPING_PATIENCE

    def _patience_over(self, now: float) -> bool:
        """The searches have gone on without a pause so long that housekeeping starts even
        under one (it yields at once, and after ``MERGE_YIELDS`` a merge runs through)."""
        ends = self._patience_ends()
        return ends is not None and now >= ends

    def search_began(self, now: float) -> None:
        paused = self.searched_at is None or now >= self.searched_at + SEARCH_QUIET
        if paused and not self.searching:
            self.searches_since = now
        self.searching += 1

    def _quiet_at(self) -> float:
        """When housekeeping may start as far as searches go."""
        return float("-inf") if self.searched_at is None else self.searched_at + SEARCH_QUIET

    def yield_to_search(self) -> bool:
        """Whether running housekeeping should stop now: a search has begun."""
        return bool(self.searching)

    def merge_stopped(self, now: float) -> None:
        """A merge stopped for a search: merge again once the journal is quiet."""
        self.merge_yields += 1
        self.merge_due = now + IDLE_MERGE_DELAY

    def merge_may_yield(self) -> bool:
        return self.merge_yields < MERGE_YIELDS

    def merge_ended(self) -> None:
        self.merge_yields = 0

    def deep_check_stopped(self) -> None:
        """The checksum pass gave way to a search: it carries on later."""
        self.deep_checked = False

    def _learn_first(self, queued: int) -> bool:
        """Before a bulk of index work: learn the common words first if they are due."""
        if not self.mature and not self.learnt_before_bulk and queued >= BULK_THRESHOLD:
            self.learnt_before_bulk = self.active = True
            self.learn_due = False
            return True
        return False

    # --- after each step ---------------------------------------------------------------
    def applied(self, now: float) -> None:
        """Entries were indexed: merge when idle, learn again if the journal has grown."""
        self.merge_due = now + IDLE_MERGE_DELAY
        self.learn_due = not self.mature
        self.learnt_before_bulk = False

    def step_done(self) -> None:
        self.busy = self.active = False
        self.bulk = 0
        self.long_batch = False

    def queue_rebuild(self, reason: str) -> None:
        if reason not in self.problems:
            self.problems.append(reason)
        self.rebuild_reason = reason

    def queue_all(self, ids: list[str]) -> None:
        """A new, empty index: every live entry is to be indexed (a rebuild)."""
        self.relearn.clear()  # the new index learnt its words from the journal as it is
        self.relearn_common = None
        self.learn_due = not self.mature
        self.repair = deque(ids)
        self.repair_total = len(ids)
        self.deep_checked = True

    # --- what callers wait for -----------------------------------------------------------
    def saves_searchable(self, unless_catching_up: bool) -> bool:
        if not self.opened:
            return False
        if not (self.pending or self.busy) or self.disk_full_until is not None:
            return True
        return unless_catching_up and self.long_batch and not self.busy

    def compared(self) -> bool:
        return self.opened and not self.comparing

    def idle(self, merges: bool) -> bool:
        if self.disk_full_until is not None:
            return True  # nothing more can be done until there is room
        return (
            self.opened
            and self.deep_checked
            and (self.merge_due is None or not merges)
            and not (
                self.learn_due
                or self.relearn
                or self.relearn_common is not None
                or self.pending
                or self.active
                or self.repair
                or self.rebuild_reason
                or self.comparing
            )
        )

    @property
    def catching_up(self) -> bool:
        """A repair or rebuild is under way: results are not complete yet."""
        pending_repair = self.repair or self.bulk or self.rebuild_reason or self.comparing
        # An indexer that gave up answers from what it holds: never as if complete.
        stuck = self.disk_full_until is not None or self.failed
        return bool(pending_repair) or not self.opened or stuck

    def status(self) -> IndexStatus:
        """Busy whenever index work is queued or running, a rebuild or repair included."""
        left = len(self.repair) + self.bulk
        busy = self.pending or self.busy or self.comparing or left or self.rebuild_reason
        return IndexStatus(
            indexed=max(0, self.repair_total - left),
            total=self.repair_total,
            busy=bool(busy) or not self.opened,
            problems=tuple(self.problems),
        )
