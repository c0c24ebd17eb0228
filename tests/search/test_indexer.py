"""The indexer's schedule, driven step by step by a manual clock (no database, no sleeps).

A dictionary of documents stands in for the journal (``search.source.DocumentSource``);
the clock only moves when a test moves it, so each test says exactly when a piece of work
falls due: a burst of saves after its pause, the checksum pass some seconds after
opening, the merge after the journal has been idle, work retried once the disk has room.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fieldjournal.domain.queries import EntryQuery
from fieldjournal.search import ledger
from fieldjournal.search import store as store_module
from fieldjournal.search.clock import ManualClock
from fieldjournal.search.index import SearchIndex
from fieldjournal.search.indexer import DISK_RETRY, Indexer
from fieldjournal.search.schedule import (
    BULK_THRESHOLD,
    DEBOUNCE,
    DEEP_CHECK_DELAY,
    IDLE_MERGE_DELAY,
    MERGE_YIELDS,
    REPAIR_BATCH,
    SEARCH_QUIET,
    Schedule,
    Step,
    Task,
)
from fieldjournal.search.schema import IndexDocument


class Documents:
    """The journal as the indexer sees it: id -> (version, text)."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[int, str]] = {}
        self.loads: list[list[str]] = []

    def save(self, entry_id: str, text: str) -> str:
        version = self.entries.get(entry_id, (0, ""))[0] + 1
        self.entries[entry_id] = (version, text)
        return entry_id

    def live_versions(self) -> dict[str, int]:
        return {i: v for i, (v, _) in self.entries.items()}

    def live_count(self) -> int:
        return len(self.entries)

    def sample_texts(self, size: int | None = None) -> list[str]:
        return [text for _, text in self.entries.values()][: size or 1000]

    def load(self, ids: list[str]) -> tuple[list[IndexDocument], list[str]]:
        self.loads.append(list(ids))
        docs = [
            IndexDocument(
                id=i,
                version=self.entries[i][0],
                kind="fieldnote",
                memo_type="",
                title=i,
                body=self.entries[i][1],
                site="",
                occurred_at=datetime(2017, 3, 5, 10, tzinfo=UTC),
            )
            for i in ids
            if i in self.entries
        ]
        return docs, [i for i in ids if i not in self.entries]


@pytest.fixture
def docs() -> Documents:
    return Documents()


@pytest.fixture
def indexer(tmp_path: Path, docs: Documents, clock: ManualClock) -> Iterator[Indexer]:
    opened = Indexer(tmp_path / "index", docs, clock=clock)
    yield opened
    opened.close()


def indexed(indexer: Indexer) -> dict[str, int]:
    return indexer.index().indexed_versions()


def found(indexer: Indexer, text: str) -> set[str]:
    return {hit.id for hit in indexer.index().search(EntryQuery(text=text), limit=100).hits}


def test_nothing_runs_until_the_clock_moves_or_someone_waits(
    indexer: Indexer, docs: Documents
) -> None:
    indexer.entries_changed([docs.save("a", "lantern")])
    assert indexer.status().busy
    assert docs.loads == []  # not even opened: no thread does anything behind the test


def test_a_burst_of_saves_is_indexed_once_it_pauses(
    indexer: Indexer, docs: Documents, clock: ManualClock
) -> None:
    indexer.compared()  # opened: the empty index matches the empty journal
    indexer.entries_changed([docs.save("a", "lantern at the drop-in")])
    clock.advance(DEBOUNCE / 2)
    indexer.entries_changed([docs.save("b", "lantern again")])  # still typing
    clock.advance(DEBOUNCE / 2)
    assert indexed(indexer) == {}  # a pause after "a", but not after "b"
    clock.advance(DEBOUNCE / 2)
    assert indexed(indexer) == {"a": 1, "b": 1}
    assert docs.loads[-1:] == [sorted(["a", "b"])] or sorted(docs.loads[-1]) == ["a", "b"]
    assert found(indexer, "lantern") == {"a", "b"}


def test_a_search_does_not_wait_for_the_pause(
    indexer: Indexer, docs: Documents, clock: ManualClock
) -> None:
    indexer.entries_changed([docs.save("a", "lantern")])
    start = clock.now()
    assert indexer.flush()  # read-your-writes
    assert clock.now() == start  # no time had to pass
    assert found(indexer, "lantern") == {"a"}


def test_the_checksum_pass_waits_until_the_journal_has_been_open_a_while(
    tmp_path: Path, docs: Documents
) -> None:
    first = Indexer(tmp_path / "index", docs, clock=ManualClock())
    first.entries_changed([docs.save("a", "lantern")])
    first.close()  # an index to check (a new one needs no checking)
    clock = ManualClock()
    indexer = Indexer(tmp_path / "index", docs, clock=clock)
    try:
        assert found(indexer, "lantern") == {"a"}
        clock.advance(DEEP_CHECK_DELAY / 2)
        assert not indexer.schedule.deep_checked  # off the first searches' way
        clock.advance(DEEP_CHECK_DELAY / 2)
        assert indexer.schedule.deep_checked
        assert indexer.status().problems == ()
    finally:
        indexer.close()


def test_small_segments_are_merged_once_the_journal_is_idle(
    indexer: Indexer, docs: Documents, clock: ManualClock
) -> None:
    for name in ("a", "b", "c"):
        indexer.entries_changed([docs.save(name, f"carers visit {name}")])
        indexer.flush()  # one commit, one segment each
    clock.advance(DEEP_CHECK_DELAY)  # the checksum pass first: nothing else due
    store = indexer.index().store
    assert store.segment_count() == 1  # idle for more than IDLE_MERGE_DELAY by now
    indexer.entries_changed([docs.save("d", "carers again")])
    indexer.flush()
    clock.advance(IDLE_MERGE_DELAY / 2)
    assert store.segment_count() == 2  # a save came: idle again only later
    clock.advance(IDLE_MERGE_DELAY / 2)
    assert store.segment_count() == 1
    assert found(indexer, "carers") == {"a", "b", "c", "d"}


def test_opening_repairs_what_the_index_missed(tmp_path: Path, docs: Documents) -> None:
    first = Indexer(tmp_path / "index", docs, clock=ManualClock())
    first.entries_changed([docs.save("a", "lantern"), docs.save("b", "lantern")])
    first.close()  # flushes its saves
    docs.save("b", "a kettle now")  # saved while the index was closed
    docs.save("c", "lantern too")
    del docs.entries["a"]
    again = Indexer(tmp_path / "index", docs, clock=ManualClock())
    try:
        assert again.compared()
        assert again.indexing and again.status().total == 2  # the difference is queued
        assert again.settle()
        assert indexed(again) == {"b": 2, "c": 1}
        assert found(again, "lantern") == {"c"}
        assert not again.indexing
    finally:
        again.close()


def test_closing_flushes_saves_not_yet_indexed(tmp_path: Path, docs: Documents) -> None:
    opened = Indexer(tmp_path / "index", docs, clock=ManualClock())
    opened.entries_changed([docs.save("a", "lantern")])
    opened.close()
    index = SearchIndex(tmp_path / "index")
    try:
        assert index.indexed_versions() == {"a": 1}
    finally:
        index.close()


def test_a_broken_index_found_later_is_rebuilt(
    indexer: Indexer, docs: Documents, tmp_path: Path
) -> None:
    indexer.entries_changed([docs.save("a", "lantern")])
    indexer.flush()
    for toc in (tmp_path / "index").glob("_MAIN_*.toc"):
        toc.unlink()
    indexer.schedule_rebuild("damaged on purpose")
    assert indexer.indexing
    assert indexer.run_due()[0] is Task.REBUILD
    assert indexer.settle()
    assert found(indexer, "lantern") == {"a"}
    assert "damaged on purpose" in indexer.status().problems


def test_no_room_on_the_disk_keeps_the_work_and_tries_again(
    indexer: Indexer, docs: Documents, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexer.compared()
    real = SearchIndex.apply
    full = [True]

    def apply(self: SearchIndex, *args: Any, **kwargs: Any) -> int:
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "apply", apply)
    indexer.entries_changed([docs.save("a", "lantern")])
    assert indexer.flush()  # returns: the save cannot be indexed now, and results say so
    assert indexer.indexing
    (problem,) = indexer.status().problems
    assert "is full" in problem and "Traceback" not in problem
    assert indexer.catch_up().problems == (problem,)  # does not wait for room
    full[0] = False  # room again
    clock.advance(DISK_RETRY / 2)
    assert indexed(indexer) == {}
    clock.advance(DISK_RETRY / 2)
    assert indexed(indexer) == {"a": 1}
    assert not indexer.indexing


def test_an_index_folder_that_is_a_file_gives_way_to_a_temporary_one(
    tmp_path: Path, docs: Documents
) -> None:
    (tmp_path / "index").write_text("not a folder")
    docs.save("a", "lantern")
    indexer = Indexer(tmp_path / "index", docs, clock=ManualClock())
    temporary = indexer.place.folder
    try:
        assert temporary != tmp_path / "index" and temporary.is_dir()
        assert "is a file" in indexer.place.notice
        assert indexer.settle()
        assert found(indexer, "lantern") == {"a"}
        assert (tmp_path / "index").read_text() == "not a folder"  # left alone
    finally:
        indexer.close()
    assert not temporary.exists()  # removed on closing


# --- the order of work, asked of the schedule alone ----------------------------------------
def due(schedule: Schedule, now: float) -> Step | float | None:
    return schedule.next_task(now)


def opened(now: float = 0.0) -> Schedule:
    schedule = Schedule(opened_at=now)
    assert due(schedule, now) == Step(Task.OPEN)
    schedule.opened = True
    schedule.step_done()
    schedule.applied(now)
    schedule.learn_due = False
    return schedule


def test_own_saves_come_before_a_repair() -> None:
    schedule = opened()
    schedule.repair.extend(["r1", "r2"])
    schedule.pending.add("mine")
    schedule.flushers = 1  # someone waits for it
    assert due(schedule, 0.0) == Step(Task.APPLY, ["mine"])
    schedule.step_done()
    assert due(schedule, 0.0) == Step(Task.REPAIR, ["r1", "r2"])


def test_a_rebuild_comes_before_the_repair_queue() -> None:
    schedule = opened()
    schedule.repair.extend(f"r{i}" for i in range(REPAIR_BATCH + 5))
    schedule.queue_rebuild("damaged")
    assert due(schedule, 0.0) == Step(Task.REBUILD)
    schedule.step_done()
    assert due(schedule, 0.0) == Step(Task.LEARN)  # before the bulk of the repair
    schedule.step_done()
    step = due(schedule, 0.0)
    assert isinstance(step, Step) and step.task is Task.REPAIR
    assert len(step.batch) == REPAIR_BATCH and len(schedule.repair) == 5  # in batches


def test_the_common_words_are_learnt_before_a_bulk_of_work() -> None:
    schedule = opened()
    schedule.repair.extend(f"r{i}" for i in range(BULK_THRESHOLD))
    assert due(schedule, 0.0) == Step(Task.LEARN)
    schedule.step_done()
    step = due(schedule, 0.0)
    assert isinstance(step, Step) and step.task is Task.REPAIR  # not learnt twice


def test_saves_wait_for_the_pause_then_the_idle_work_falls_due_in_turn() -> None:
    schedule = opened(now=0.0)
    schedule.pending.add("mine")
    schedule.last_change = 0.5
    assert due(schedule, 0.6) == 0.5 + DEBOUNCE  # when to look again
    assert due(schedule, 0.5 + DEBOUNCE) == Step(Task.APPLY, ["mine"])
    schedule.step_done()
    schedule.applied(0.8)
    schedule.learn_due = False
    assert due(schedule, 0.8) == 0.8 + IDLE_MERGE_DELAY
    assert due(schedule, 0.8 + IDLE_MERGE_DELAY) == Step(Task.MERGE)
    schedule.step_done()
    assert due(schedule, 2.0) == DEEP_CHECK_DELAY
    assert due(schedule, DEEP_CHECK_DELAY) == Step(Task.DEEP_CHECK)
    schedule.step_done()
    assert due(schedule, 100.0) is None  # nothing more until new work
    assert schedule.idle(merges=True)


def test_closing_applies_the_saves_and_nothing_else() -> None:
    schedule = opened()
    schedule.pending.add("mine")
    schedule.last_change = 0.0
    schedule.repair.append("r1")
    schedule.stopping = True
    assert due(schedule, 0.0) == Step(Task.APPLY, ["mine"])  # no pause waited for
    schedule.step_done()
    assert due(schedule, 0.0) is None  # the repair is left to the next open


def test_housekeeping_waits_while_a_search_runs_and_a_moment_after() -> None:
    """The checksum pass and merges never start under a search the researcher waits for."""
    schedule = opened(now=0.0)
    schedule.merge_due = 1.0
    schedule.searching = 1
    assert due(schedule, DEEP_CHECK_DELAY + 10) is None  # not even a time: its end wakes us
    schedule.searching = 0
    schedule.searched_at = DEEP_CHECK_DELAY + 10
    quiet = DEEP_CHECK_DELAY + 10 + SEARCH_QUIET
    assert due(schedule, DEEP_CHECK_DELAY + 10.5) == quiet  # the next keystroke may search
    assert due(schedule, quiet) == Step(Task.DEEP_CHECK)
    schedule.step_done()
    assert due(schedule, quiet) == Step(Task.MERGE)


def test_a_merge_stopped_for_searches_runs_to_its_end_after_a_few_times() -> None:
    schedule = opened(now=0.0)
    for n in range(MERGE_YIELDS):
        assert schedule.merge_may_yield()
        schedule.merge_stopped(float(n))
        assert schedule.merge_due == n + IDLE_MERGE_DELAY  # merged again once quiet
    assert not schedule.merge_may_yield()  # segments must not pile up for ever
    schedule.merge_ended()
    assert schedule.merge_may_yield()


def test_the_checksum_pass_gives_way_to_a_search_and_carries_on_after(
    tmp_path: Path, docs: Documents, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Indexer(tmp_path / "index", docs, clock=ManualClock())
    for name in ("a", "b", "c"):
        first.entries_changed([docs.save(name, f"lantern {name}")])
        first.flush()  # a segment each: several files to checksum
    first.close()
    clock = ManualClock()
    indexer = Indexer(tmp_path / "index", docs, clock=clock)
    try:
        assert found(indexer, "lantern") == {"a", "b", "c"}
        store = indexer.index().store
        files = set(store.current_files()) & set(store.ledger.files())
        read: list[str] = []
        checksum = ledger.file_checksum

        def counted(path: Path, stop: Any = None) -> int:
            read.append(path.name)
            if len(read) == 2:
                indexer.schedule.searching += 1  # a search begins, in another thread
            return checksum(path, stop)

        monkeypatch.setattr(store_module, "file_checksum", counted)
        clock.advance(DEEP_CHECK_DELAY)
        assert not indexer.schedule.deep_checked  # stopped, to carry on later
        assert indexer.status().problems == () and indexer.schedule.rebuild_reason is None
        assert len(indexer._checksummed) == 1  # the file it had finished
        clock.advance(10)
        assert not indexer.schedule.deep_checked  # not while the search runs
        with indexer._cond:
            indexer.schedule.searching -= 1  # it ends
            indexer.schedule.searched_at = clock.now()
        clock.advance(SEARCH_QUIET / 2)
        assert not indexer.schedule.deep_checked  # nor right after it
        clock.advance(SEARCH_QUIET / 2)
        assert indexer.schedule.deep_checked and indexer.status().problems == ()
        assert indexer._checksummed == files  # every file, once the pass carried on
        assert read.count(read[0]) == 1  # what was found sound is not read again
    finally:
        indexer.close()


def test_housekeeping_waits_for_searches_that_pause_but_not_for_ever() -> None:
    schedule = opened()
    schedule.deep_checked = True
    schedule.merge_due = 2.0
    schedule.search_began(1.0)  # searches from 1 s on, one after the other
    schedule.searching = 0
    for now in (2.0, 5.0, 10.5):  # a search ends just before each look: no pause yet
        schedule.searched_at = now - 0.1
        assert not isinstance(due(schedule, now), Step)
    schedule.searched_at = 10.9
    assert due(schedule, 11.0) == Step(Task.MERGE)  # ten seconds into searches: merged
    schedule.step_done()
    schedule.merge_due = 12.0  # it gave way to a search; one is under way once more
    schedule.searching = 1
    assert due(schedule, 11.5) == 12.0  # no end of a search is needed to wake it
    assert due(schedule, 12.0) == Step(Task.MERGE)
    schedule.searching = 0
    schedule.step_done()
    schedule.merge_due, schedule.searched_at = 30.0, 28.0
    schedule.search_began(29.5)  # after a pause: a new run of searches
    schedule.searching = 0
    schedule.searched_at = 29.9
    assert due(schedule, 30.0) == 30.9  # waits for this run's pause
