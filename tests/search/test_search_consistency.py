"""The index never drifts from the database: read-your-writes, repair on open, faults."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fieldjournal import Journal
from fieldjournal.domain.errors import Interrupted
from fieldjournal.search import store
from fieldjournal.search.clock import ManualClock
from fieldjournal.search.index import SearchIndex
from fieldjournal.search.indexer import Indexer
from fieldjournal.search.ledger import LEDGER_NAME
from fieldjournal.search.maintenance import OTHERS_GRACE
from fieldjournal.search.schedule import DEBOUNCE, DEEP_CHECK_DELAY, Task
from fieldjournal.search.store import LOCK_NAME
from fieldjournal.services.index_documents import JournalDocuments
from tests.search.search_helpers import indexer_of, open_driven, settle


def fill(journal: Journal, count: int) -> list[str]:
    return [
        journal.add_entry(
            title=f"Note {i}", body=f"meeting number{i} about the voluntary sector", codes=["Trust"]
        ).id
        for i in range(count)
    ]


def found(journal: Journal, query: str = "") -> set[str]:
    results = journal.search(query, limit=10_000)
    assert not results.indexing
    return {hit.id for hit in results.hits}


def test_read_your_writes(journal: Journal) -> None:
    for i in range(20):
        entry = journal.add_entry(title=f"t{i}", body=f"word{i} appears")
        assert [h.id for h in journal.search(f"word{i}").hits] == [entry.id]
        journal.update_entry(entry.id, body=f"changed{i}", autosave=True)
        assert journal.search(f"word{i}").total == 0
        assert journal.search(f"changed{i}").total == 1


def test_close_flushes_pending_work(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        ids = fill(journal, 30)
        versions = {entry_id: journal.get_entry(entry_id).version for entry_id in ids}
    index = SearchIndex(tmp_path / "j" / "index")
    try:
        assert index.indexed_versions() == versions  # on disk before any repair on open
    finally:
        index.close()
    with Journal.open(tmp_path / "j") as journal:
        journal.index_compared()  # until then results say the index is catching up
        assert journal.index_status().problems == ()
        assert found(journal, "voluntary") == set(ids)


def test_open_without_search_is_indexed_on_next_open(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j", search=False) as journal:
        ids = fill(journal, 25)
        with pytest.raises(Exception, match="without search"):
            journal.search("x")
    with open_driven(tmp_path / "j") as journal:
        settle(journal)
        assert found(journal, "voluntary") == set(ids)
        assert journal.check_consistency() == []


def damage_delete(index: Path) -> None:
    for path in index.iterdir():
        if path.suffix in (".pst", ".trm") or path.name.endswith(".toc"):
            path.unlink()


def damage_truncate(index: Path) -> None:
    for path in index.iterdir():
        if path.suffix == ".pst":
            with path.open("r+b") as handle:
                handle.truncate(max(1, path.stat().st_size // 2))


def damage_corrupt(index: Path) -> None:
    for path in index.iterdir():
        if path.suffix in (".pst", ".trm", ".seg"):
            data = bytearray(path.read_bytes())
            for at in range(0, len(data), max(1, len(data) // 7)):
                data[at] ^= 0x5A
            path.write_bytes(bytes(data))


def damage_ledger(index: Path) -> None:
    (index / LEDGER_NAME).write_bytes(b"not a database at all" * 50)


def damage_folder(index: Path) -> None:
    for path in index.iterdir():
        path.unlink()
    index.rmdir()


def damage_toc(index: Path) -> None:
    for path in index.iterdir():
        if path.name.endswith(".toc"):
            path.write_bytes(b"\x00" * 10)


@pytest.mark.parametrize(
    "damage",
    [damage_delete, damage_truncate, damage_corrupt, damage_ledger, damage_folder, damage_toc],
)
def test_damaged_index_is_rebuilt_on_open(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    with Journal.open(tmp_path / "j") as journal:
        ids = fill(journal, 40)
    damage(tmp_path / "j" / "index")
    with open_driven(tmp_path / "j") as journal:
        settle(journal)
        if damage is not damage_folder:  # a missing index is simply built
            assert journal.index_status().problems, "the damage should have been noticed"
        assert found(journal, "voluntary") == set(ids)
        assert found(journal, "number7") == {ids[7]}
    with Journal.open(tmp_path / "j") as journal:
        assert journal.check_consistency() == []


def test_stale_lock_file_does_not_block(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        fill(journal, 3)
    for name in (LOCK_NAME, "MAIN_WRITELOCK"):
        (tmp_path / "j" / "index" / name).write_text("12345")  # left by a dead process
    with Journal.open(tmp_path / "j") as journal:
        entry = journal.add_entry(title="after", body="unblocked")
        assert [h.id for h in journal.search("unblocked").hits] == [entry.id]


def test_missed_changes_are_repaired_on_open(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        ids = fill(journal, 10)
    with Journal.open(tmp_path / "j", search=False) as journal:  # changes the index never saw
        journal.update_entry(ids[0], body="rewritten entirely")
        journal.delete_entry(ids[1])
        added = journal.add_entry(title="new", body="voluntary sector again").id
    with open_driven(tmp_path / "j") as journal:
        settle(journal)
        assert found(journal, "voluntary") == set(ids[2:]) | {added}
        assert found(journal, "rewritten") == {ids[0]}
        assert journal.check_consistency() == []


def test_check_reports_and_repairs_a_stale_ledger(tmp_path: Path) -> None:
    with open_driven(tmp_path / "j") as journal:
        ids = fill(journal, 5)
        settle(journal)
        index = indexer_of(journal).index()
        with index.store.write_lock():
            index.store.ledger.record({ids[0]: 999}, (), index.store.ledger.files())
        problems = journal.check_consistency()
        assert problems == ["search index: 1 entry is not indexed as it is now (indexed again)"]
        assert journal.check_consistency() == []


def test_check_gives_another_process_time_to_index_its_save(tmp_path: Path) -> None:
    clock = ManualClock()  # one time for both
    with open_driven(tmp_path / "j", clock) as journal:
        fill(journal, 5)
        settle(journal)
        with open_driven(tmp_path / "j", clock) as other:  # its own indexer, as another has
            other.add_entry(title="Autosaved", body="typed in the app meanwhile")
            # Its save waits for a pause in typing (DEBOUNCE): the check finds it in the
            # database and not in the index, and looks again after the grace period,
            # while the other indexer applies it.
            assert indexer_of(other).status().busy
            assert DEBOUNCE < OTHERS_GRACE
            assert journal.check_consistency() == []  # not a fault, and no rebuild
            assert not indexer_of(other).status().busy
        assert journal.index_status().problems == ()


def test_check_repairs_what_is_still_missing_after_the_grace_period(tmp_path: Path) -> None:
    clock = ManualClock()
    with open_driven(tmp_path / "j", clock) as journal:
        fill(journal, 5)
        settle(journal)
        other = open_driven(tmp_path / "j", ManualClock())  # its time stands still
        try:
            other.add_entry(title="Autosaved", body="never indexed by its own process")
            assert journal.check_consistency() == [
                "search index: 1 entry is not indexed as it is now (indexed again)"
            ]
            assert found(journal, "autosaved") != set()
        finally:
            other.close()


def test_the_deep_check_takes_a_save_not_yet_indexed_for_no_fault(tmp_path: Path) -> None:
    """Another process's save is in the database before it is in the index."""
    clock = ManualClock()
    with open_driven(tmp_path / "j", clock) as journal:
        fill(journal, 5)
        journal.flush_index()
        with Journal.open(tmp_path / "j", search=False) as other:
            other.add_entry(title="From a script", body="imported while the app is open")
        clock.advance(DEEP_CHECK_DELAY)
        assert indexer_of(journal).schedule.deep_checked
        assert journal.index_status().problems == ()  # no rebuild for that


def test_the_deep_check_finds_a_document_its_ledger_does_not_know(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        ids = fill(journal, 5)
    index = SearchIndex(tmp_path / "j" / "index")
    try:
        writer = index.store._index().writer()
        writer.add_document(id=ids[0], title="a second copy", body="voluntary")
        writer.commit(merge=False)  # as a writer killed before it recorded its commit
        with index.store.write_lock():
            assert index.store.verify(deep=True) == ["the index holds 6 entries, its ledger 5"]
    finally:
        index.close()


def test_index_files_are_private(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        fill(journal, 3)
    index = tmp_path / "j" / "index"
    assert (index.stat().st_mode & 0o777) == 0o700
    for path in index.iterdir():
        assert (path.stat().st_mode & 0o077) == 0, path.name


def test_status_reports_progress(journal: Journal) -> None:
    fill(journal, 3)
    settle(journal)
    status = journal.index_status()
    assert not status.busy
    assert status.indexed == status.total
    assert journal.reindex(lambda done, total: None) == 3
    assert (journal.paths.index / LEDGER_NAME).exists()


def test_status_is_busy_throughout_a_rebuild(journal: Journal) -> None:
    fill(journal, 4)
    settle(journal)
    seen: list[tuple[bool, int, int]] = []

    def progress(done: int, total: int) -> None:
        status = journal.index_status()
        seen.append((status.busy, status.indexed, status.total))

    journal.reindex(progress)
    assert seen and all(busy for busy, _, _ in seen[:-1]), seen
    assert seen[0][1:] == (0, 4)
    assert not journal.index_status().busy


def test_status_is_busy_while_a_damaged_index_is_rebuilt(journal: Journal) -> None:
    fill(journal, 4)
    indexer = indexer_of(journal)
    settle(journal)
    indexer.schedule_rebuild("damaged on purpose")
    assert journal.index_status().busy  # queued: the driven indexer has not run it yet
    settle(journal)
    status = journal.index_status()
    assert not status.busy
    assert status.indexed == status.total == 4


def test_closing_stops_a_repair_batch_between_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open(tmp_path / "j", search=False) as journal:  # indexed on the next open
        ids = fill(journal, 60)
    monkeypatch.setattr(store, "LOAD_CHUNK", 10)
    load = JournalDocuments.load
    chunks: list[int] = []
    journal = open_driven(tmp_path / "j")
    indexer = indexer_of(journal)

    def closing(source: JournalDocuments, chunk: list[str]) -> Any:
        chunks.append(len(chunk))
        if len(chunks) == 2:
            indexer.schedule.stopping = True  # as close() does, from another thread
        return load(source, chunk)

    monkeypatch.setattr(JournalDocuments, "load", closing)
    journal.index_compared()  # the repair is queued
    assert journal.index_status().total == 60
    assert indexer.step() is Task.REPAIR  # stopped between chunks
    journal.close()
    assert chunks == [10, 10]  # the rest was left to the next open
    monkeypatch.setattr(JournalDocuments, "load", load)
    with open_driven(tmp_path / "j") as journal:
        settle(journal)
        assert found(journal, "voluntary") == set(ids)


@pytest.mark.parametrize("count", [60, 450])  # 450: the rebuild's two analysing processes
def test_a_rebuild_cut_short_is_caught_up_in_the_background(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    monkeypatch.setattr(store, "LOAD_CHUNK", 10)  # the rebuild checks between chunks
    ids = fill(journal, count)
    journal.flush_index()
    reported: list[int] = []
    with pytest.raises(Interrupted, match="catches up in the background"):
        journal.reindex(
            lambda done, _total: reported.append(done), stop=lambda: len(reported) > count // 20
        )
    assert reported[-1] < count  # cut short: the rebuild's one commit was cancelled
    assert not multiprocessing.active_children()  # no analysing process left behind
    journal.catch_up_index()
    assert found(journal, "voluntary") == set(ids)
    assert journal.check_consistency() == []


def test_a_search_does_not_wait_for_a_repair_batch_to_reach_its_own_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read-your-writes, except behind a repair batch (seconds to minutes): the search
    answers at once and says it is incomplete; the save is found once the batch ends."""
    with Journal.open(tmp_path / "j", search=False) as journal:  # indexed on the next open
        ids = fill(journal, 300)
    monkeypatch.setattr(store, "LOAD_CHUNK", 50)
    entered, release = threading.Event(), threading.Event()
    load = JournalDocuments.load

    def held(source: JournalDocuments, chunk: list[str]) -> Any:
        if len(chunk) > 1 and not release.is_set():  # a chunk of the repair batch
            entered.set()
            release.wait(20)
        return load(source, chunk)

    monkeypatch.setattr(JournalDocuments, "load", held)
    with Journal.open(tmp_path / "j") as journal:
        assert entered.wait(20)
        saved = journal.add_entry(title="Lantern", body="the lantern at the drop-in").id
        early = journal.search("lantern")  # the batch is still held: no waiting for it
        assert early.indexing and early.total == 0
        release.set()
        journal.catch_up_index()
        assert found(journal, "lantern") == {saved}
        assert found(journal, "voluntary") == set(ids)


def test_first_search_does_not_wait_for_the_comparison_with_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening compares the index with the database; a search meanwhile answers at once
    from the index and says it is still catching up."""
    folder = tmp_path / "journal"
    with Journal.open(folder) as journal:
        journal.add_entry(title="Lantern", body="the lantern at the drop-in")
    release = threading.Event()
    compare = Indexer.queue_difference

    def slow_compare(self: Indexer) -> None:
        release.wait(10)
        compare(self)

    monkeypatch.setattr(Indexer, "queue_difference", slow_compare)
    with Journal.open(folder) as journal:
        early = journal.search("lantern")
        assert [h.title for h in early.hits] == ["Lantern"]
        assert early.indexing and journal.index_status().busy
        release.set()
        journal.catch_up_index()
        settled = journal.search("lantern")
        assert not settled.indexing and settled.total == 1


def damage_ledger_versions(index: Path) -> None:
    """Garbage in the page of the ledger's versions only: the opening's look at the ledger
    (its layout and a count, answered from the id index) does not read it; the comparison
    with the database and the quick check do."""
    import sqlite3

    path = index / LEDGER_NAME
    conn = sqlite3.connect(path)
    try:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'indexed'"
        ).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\x5a" * page_size
    path.write_bytes(bytes(data))


def test_a_ledger_damaged_past_the_opening_look_is_found_and_rebuilt(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j") as journal:
        ids = fill(journal, 40)
    damage_ledger_versions(tmp_path / "j" / "index")
    with open_driven(tmp_path / "j") as journal:
        first = journal.search("voluntary", limit=100)  # from the index as it is, at once
        assert {hit.id for hit in first.hits} == set(ids) and first.indexing
        journal.update_entry(ids[3], body="changed after the damage", autosave=True)
        settle(journal)
        assert any("ledger" in p for p in journal.index_status().problems)
        assert found(journal, "changed") == {ids[3]}
        assert found(journal, "voluntary") == set(ids) - {ids[3]}
    with Journal.open(tmp_path / "j") as journal:
        assert journal.check_consistency() == []
