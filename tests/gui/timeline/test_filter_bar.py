"""The timeline's filter bar hands the timeline an EntryQuery; its dates are whole days."""

from __future__ import annotations

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.queries import EntryQuery
from fieldjournal.gui.timeline.filter_bar import FilterBar


def test_the_to_date_takes_in_that_day_and_not_the_next(qtbot: QtBot, gui_journal: Journal) -> None:
    late = gui_journal.add_entry(title="Late shift", occurred_at="2017-06-10T22:30")
    gui_journal.add_entry(title="Next morning", occurred_at="2017-06-11T08:00")
    early = gui_journal.add_entry(title="Before", occurred_at="2017-06-09T08:00")
    bar = FilterBar()
    qtbot.addWidget(bar)
    seen: list[EntryQuery] = []
    bar.changed.connect(seen.append)
    bar.since.setDate(QDate(2017, 6, 10))
    bar.until.setDate(QDate(2017, 6, 10))
    bar.use_until.setChecked(True)
    assert [e.id for e in gui_journal.list_entries(seen[-1])] == [late.id, early.id]
    bar.use_since.setChecked(True)
    assert [e.id for e in gui_journal.list_entries(bar.current())] == [late.id]


def test_empty_choices_leave_the_query_empty_and_a_kind_is_checked(qtbot: QtBot) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    assert bar.current() == EntryQuery()
    bar.kind.setCurrentIndex(bar.kind.findData(EntryKind.MEETING.value))
    assert bar.current() == EntryQuery(kind=EntryKind.MEETING)
