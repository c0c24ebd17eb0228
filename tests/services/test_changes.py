"""ChangeSets, listeners and the index hook: told after commit, never after a failure."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from fieldjournal import Journal
from fieldjournal.domain.errors import Conflict, InvalidInput
from fieldjournal.domain.records import ChangeSet


class RecordingHook:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.calls: list[tuple[str, frozenset[str], int]] = []

    def entries_changed(self, entry_ids: Collection[str]) -> None:
        # Called after the commit: another connection already sees the change.
        self.calls.append(("changed", frozenset(entry_ids), self.journal.count_entries()))

    def entries_removed(self, entry_ids: Collection[str]) -> None:
        self.calls.append(("removed", frozenset(entry_ids), self.journal.count_entries()))

    def close(self) -> None:
        self.calls.append(("close", frozenset(), -1))


def test_listeners_receive_changes_after_commit(journal: Journal) -> None:
    seen: list[tuple[ChangeSet, int]] = []
    journal.subscribe(lambda changes: seen.append((changes, journal.count_entries())))
    outcome = journal.entries.add(body="x", actors=["Maya"], codes=["Trust"])
    changes, count = seen[-1]
    assert changes.entries == {outcome.value.id}
    assert changes.actors and changes.codes
    assert count == 1  # the listener already reads the committed entry
    assert outcome.changes == changes  # the caller is told what the listeners were told
    journal.add_code("Power")
    assert seen[-1][0] == ChangeSet(codes=True)
    journal.add_actor("Tom")
    assert seen[-1][0] == ChangeSet(actors=True)


def test_index_hook_is_told_about_changed_and_removed_entries(journal: Journal) -> None:
    hook = RecordingHook(journal)
    journal.attach_index(hook)
    entry = journal.add_entry(body="x")
    journal.delete_entry(entry.id)
    journal.purge_entry(entry.id)
    assert hook.calls == [
        ("changed", frozenset({entry.id}), 1),
        ("changed", frozenset({entry.id}), 0),
        ("removed", frozenset({entry.id}), 0),
    ]
    journal.close()
    assert hook.calls[-1][0] == "close"


def test_renaming_a_linked_actor_or_code_reports_its_entries(journal: Journal) -> None:
    entry = journal.add_entry(body="x", actors=["Maya"], codes=["Trust"])
    other = journal.add_entry(body="y")
    assert journal.codes.rename("Trust", "Confidence").changes.entries == {entry.id}
    renamed = journal.actors.update("Maya", name="Maya Okafor").changes
    assert renamed.entries == {entry.id}
    assert other.id not in renamed.entries


def test_a_failing_transaction_changes_nothing_and_tells_nobody(journal: Journal) -> None:
    journal.add_code("Other/Open")
    journal.add_code("Distrust/Open")
    entry = journal.add_entry(body="text", codes=["Other", "Other/Open"])
    journal.code_segment(entry.id, "Other/Open", 0, 4)
    seen: list[ChangeSet] = []
    hook = RecordingHook(journal)
    journal.attach_index(hook)
    journal.subscribe(seen.append)
    before_codes = journal.list_codes()
    before_entry = journal.get_entry(entry.id)
    # Merge fails half-way: links were already moved when the clash is found.
    with pytest.raises(Conflict):
        journal.merge_codes("Other", "Distrust")
    # Adding an entry whose actor list is invalid fails after the entry row was added.
    with pytest.raises(InvalidInput):
        journal.add_entry(body="y", actors=["Ann", ("Bob", "absent")])
    assert journal.list_codes() == before_codes
    assert journal.get_entry(entry.id) == before_entry
    assert journal.count_entries() == 1
    assert [a.name for a in journal.list_actors()] == []
    assert seen == [] and hook.calls == []
