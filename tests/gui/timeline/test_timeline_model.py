"""The timeline model passes QAbstractItemModelTester and loads lazily, page by page."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.domain.records import ChangeSet, Entry
from fieldjournal.gui.timeline.model import (
    ENTRY_ID_ROLE,
    HEADING_ROLE,
    MonthHeading,
    TimelineModel,
)

START = datetime(2016, 1, 4, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def _fill(journal: Journal, count: int) -> list[str]:
    lines = [
        json.dumps(
            {
                "type": "entry",
                "kind": "memo" if n % 10 == 0 else "fieldnote",
                "title": f"Visit {n}",
                "body": f"Notes {n}",
                "occurred_at": (START + timedelta(days=n)).isoformat(),
                "site": "Millbrook",
            }
        )
        for n in range(count)
    ]
    journal.import_lines(lines)
    return [s.id for s in journal.list_entries()]


def test_timeline_model_passes_the_model_tester_across_pages(
    qtmodeltester: ModelTester, gui_journal: Journal
) -> None:
    _fill(gui_journal, 450)
    model = TimelineModel(gui_journal)
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert len(model.entry_ids()) == 450
    qtmodeltester.check(model)


def test_timeline_pages_newest_first_with_month_headings(gui_journal: Journal) -> None:
    _fill(gui_journal, 450)
    model = TimelineModel(gui_journal)
    model.fetchMore(QModelIndex())
    assert len(model.entry_ids()) == TimelineModel.PAGE  # one page, not the journal
    first = model.index(0, 0)
    assert first.data(HEADING_ROLE) is True
    heading_flags = model.flags(first)
    assert not heading_flags & Qt.ItemFlag.ItemIsSelectable
    assert not heading_flags & Qt.ItemFlag.ItemIsEnabled  # arrow keys pass over it
    assert model.index(1, 0).data() == "Visit 449"
    headings = [
        model.index(r, 0).data()
        for r in range(model.rowCount())
        if model.index(r, 0).data(HEADING_ROLE)
    ]
    assert headings[0] == "March 2017" and len(headings) == len(set(headings))


def test_timeline_filters_and_updates_rows_in_place(
    qtmodeltester: ModelTester, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _fill(gui_journal, 30)
    memos = TimelineModel(gui_journal, EntryQuery(kind=EntryKind.MEMO))
    memos.fetchMore(QModelIndex())
    assert len(memos.entry_ids()) == 3
    model = TimelineModel(gui_journal)
    model.fetchMore(QModelIndex())
    qtmodeltester.check(model)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    renamed = gui_journal.entries.update(ids[5], title="Renamed visit")
    reads: list[list[str]] = []

    def counted(wanted: list[str]) -> list[Entry]:
        reads.append(wanted)
        return []

    monkeypatch.setattr(gui_journal, "get_entries", counted)
    model.apply_changes(renamed.changes, {ids[5]: renamed.value})
    assert reads == []  # the entry it was handed is not read again
    monkeypatch.undo()
    row = model.row_of(ids[5])
    assert changed == [row] and model.index(row, 0).data() == "Renamed visit"
    new = gui_journal.add_entry(title="Brand new", occurred_at="2030-01-01T10:00+00:00")
    model.apply_changes(ChangeSet(entries=frozenset({new.id})))  # not handed: read
    assert model.index(1, 0).data(ENTRY_ID_ROLE) == new.id
    assert isinstance(model.rowCount() and model._rows.items[0], MonthHeading)
