"""Small segments are merged when idle, in a child process, without changing any answer."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.search import merging
from fieldjournal.search.clock import ManualClock
from fieldjournal.search.schedule import IDLE_MERGE_DELAY, MERGE_YIELDS, SEARCH_QUIET, Task
from tests.search.search_helpers import indexer_of, open_driven


def commit_one_by_one(journal: Journal, count: int) -> list[str]:
    """Each flush is one commit, so each entry lands in a segment of its own."""
    ids = []
    for i in range(count):
        ids.append(journal.add_entry(title=f"Visit {i}", body=f"carers forum visit{i}").id)
        journal.flush_index()
    return ids


def generation(journal: Journal) -> int:
    return int(journal._searching().indexer.index().store._index().latest_generation())


def test_idle_merge_joins_small_segments_in_a_child(
    journal: Journal, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = commit_one_by_one(journal, 5)
    indexer = indexer_of(journal)
    store = indexer.index().store
    assert Task.MERGE not in indexer.run_due()  # what is due at once (the open-time repair)
    clock.advance(IDLE_MERGE_DELAY / 2)
    assert store.segment_count() == 5  # not idle long enough yet
    commands: list[list[str]] = []
    real = merging.merge_command

    def recorded(folder: Path, lock_timeout: float) -> list[str]:
        commands.append(real(folder, lock_timeout))
        return real(folder, lock_timeout)

    monkeypatch.setattr(merging, "merge_command", recorded)

    clock.advance(IDLE_MERGE_DELAY / 2)  # the journal has been idle long enough now

    assert commands and commands[0][:3] == [sys.executable, "-m", "fieldjournal.search.merging"]
    assert store.segment_count() == 1
    assert {h.id for h in journal.search("carers", limit=50).hits} == set(ids)
    assert [h.id for h in journal.search("visit3").hits] == [ids[3]]
    assert journal.check_consistency() == []  # the child recorded its files in the ledger


def test_nothing_to_merge_commits_nothing(journal: Journal) -> None:
    commit_one_by_one(journal, 1)
    before = generation(journal)
    assert journal._searching().indexer.index().merge_small() is False
    assert generation(journal) == before


def test_a_failed_merge_leaves_the_index_as_it_was(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ids = commit_one_by_one(journal, 3)
    before = generation(journal)
    failing = [sys.executable, "-c", "import sys; sys.exit('the disk is full')"]
    monkeypatch.setattr(merging, "merge_command", lambda *a: failing)
    with caplog.at_level(logging.WARNING, logger="fieldjournal.search.merging"):
        assert journal._searching().indexer.index().merge_small() is False
    assert "the disk is full" in caplog.text
    assert generation(journal) == before
    assert {h.id for h in journal.search("carers").hits} == set(ids)


def test_closing_stops_a_running_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(merging, "merge_command", lambda *a: slow)
    start = time.monotonic()
    assert merging.merge_in_child(tmp_path, lock_timeout=1.0, stopping=lambda: True) is False
    assert time.monotonic() - start < 10


def test_the_child_entry_point_merges(tmp_path: Path) -> None:
    with open_driven(tmp_path / "j") as journal:  # its clock stands still: no idle merge
        ids = commit_one_by_one(journal, 3)
        folder = journal.paths.index
    assert merging.main([str(folder), "5.0"]) == 0
    with Journal.open(tmp_path / "j") as journal:
        assert journal._searching().indexer.index().store.segment_count() == 1
        assert {h.id for h in journal.search("carers").hits} == set(ids)
        assert journal.check_consistency() == []


def test_the_packaged_app_merges_through_its_launcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frozen, there is no ``python -m``: the launcher takes the merge flag itself."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    folder = tmp_path / "j" / "index"
    command = merging.merge_command(folder, 5.0)
    assert command[:2] == [sys.executable, merging.FROZEN_FLAG]
    launcher = Path(__file__).parents[2] / "packaging" / "launcher.py"
    # Stand in for the frozen executable: the interpreter running the launcher script.
    monkeypatch.setattr(
        merging, "merge_command", lambda *a: [sys.executable, str(launcher), *command[1:]]
    )
    with open_driven(tmp_path / "j") as journal:
        ids = commit_one_by_one(journal, 3)
        assert journal._searching().indexer.index().merge_small() is True
        assert journal._searching().indexer.index().store.segment_count() == 1
        assert {h.id for h in journal.search("carers").hits} == set(ids)


def test_a_merge_gives_way_to_a_search_and_merges_once_the_searching_pauses(
    journal: Journal, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit_one_by_one(journal, 3)
    indexer = indexer_of(journal)
    store = indexer.index().store
    indexer.run_due()
    real = merging.merge_command

    def searched_meanwhile(folder: Path, lock_timeout: float) -> list[str]:
        indexer.schedule.searching += 1  # a search begins in another thread
        return [sys.executable, "-c", "import time; time.sleep(60)"]

    monkeypatch.setattr(merging, "merge_command", searched_meanwhile)
    start = time.monotonic()
    clock.advance(IDLE_MERGE_DELAY)
    assert time.monotonic() - start < 10  # the merge was stopped, not waited for
    assert store.segment_count() == 3 and indexer.schedule.merge_yields == 1
    assert indexer.schedule.merge_due is not None  # it is merged later
    monkeypatch.setattr(merging, "merge_command", real)
    clock.advance(IDLE_MERGE_DELAY + SEARCH_QUIET)
    assert store.segment_count() == 3  # not while the search runs
    with indexer._cond:
        indexer.schedule.searching -= 1
        indexer.schedule.searched_at = clock.now()
    clock.advance(IDLE_MERGE_DELAY + SEARCH_QUIET)
    assert store.segment_count() == 1 and indexer.schedule.merge_yields == 0


def test_a_merge_that_gave_way_often_runs_to_its_end(
    journal: Journal, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit_one_by_one(journal, 3)
    indexer = indexer_of(journal)
    indexer.run_due()
    indexer.schedule.merge_yields = MERGE_YIELDS
    ended: list[bool] = []
    real = merging.merge_command

    def searched_meanwhile(folder: Path, lock_timeout: float) -> list[str]:
        indexer.schedule.searching += 1
        ended.append(True)
        return real(folder, lock_timeout)

    monkeypatch.setattr(merging, "merge_command", searched_meanwhile)
    clock.advance(IDLE_MERGE_DELAY)
    assert ended and indexer.index().store.segment_count() == 1
    assert indexer.schedule.merge_yields == 0
    indexer.schedule.searching -= 1


def test_the_merge_child_runs_at_the_lowest_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "niceness"
    child = (
        "import os, sys, time\n"
        "start = time.monotonic()\n"  # the parent lowers it just after the start
        "while os.nice(0) == 0 and time.monotonic() - start < 5: time.sleep(0.01)\n"
        f"open({str(out)!r}, 'w').write(str(os.nice(0)))\n"
    )
    monkeypatch.setattr(merging, "merge_command", lambda *a: [sys.executable, "-c", child])
    assert merging.merge_in_child(tmp_path, lock_timeout=1.0) is True
    assert int(out.read_text()) == min(19, os.nice(0) + merging.MERGE_NICENESS)
