"""The coded passages behind a mark, against a brute-force search of the records."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldjournal import Journal
from fieldjournal.domain.analysis import (
    ChartFilter,
    ChartOptions,
    ChartView,
    Cooccurrence,
    Period,
)
from fieldjournal.domain.records import Entry
from tests.analysis_field import brute_force, build, passages_by_force


@pytest.fixture(scope="module")
def fieldwork(
    tmp_path_factory: pytest.TempPathFactory, empty_journal_db: Path
) -> Iterator[tuple[Journal, list[Entry]]]:
    folder = tmp_path_factory.mktemp("passages") / "journal"
    folder.mkdir(mode=0o700)
    shutil.copyfile(empty_journal_db, folder / "journal.db")
    with Journal.open(folder, create=False, search=False) as journal:
        yield journal, build(journal)


CASES = [
    (ChartView.CODES_OVER_TIME, ChartFilter(), ChartOptions()),
    (ChartView.CODES_OVER_TIME, ChartFilter.of(code="Trust"), ChartOptions(period=Period.QUARTER)),
    (ChartView.CODES_OVER_TIME, ChartFilter.of(code=["Trust", "Trust/Personal"]), ChartOptions()),
    (ChartView.COOCCURRENCE, ChartFilter(), ChartOptions()),
    (ChartView.COOCCURRENCE, ChartFilter(), ChartOptions(cooccurrence=Cooccurrence.SEGMENTS)),
    (
        ChartView.COOCCURRENCE,
        ChartFilter.of(since="2016-06-01"),
        ChartOptions(cooccurrence=Cooccurrence.SEGMENTS, gap=40),
    ),
    (ChartView.CODES_BY_ACTOR, ChartFilter(), ChartOptions()),
    (ChartView.CODES_BY_SECTOR, ChartFilter.of(kinds=["fieldnote"]), ChartOptions()),
]


@pytest.mark.parametrize(("view", "flt", "options"), CASES)
def test_every_mark_lists_the_passages_it_counts(
    fieldwork: tuple[Journal, list[Entry]],
    view: ChartView,
    flt: ChartFilter,
    options: ChartOptions,
) -> None:
    journal, entries = fieldwork
    data = journal.chart(view, flt, options, real_names=True)
    assert data.marks
    listed_any = False
    for mark in data.marks:
        behind = journal.behind(view, mark.first_key, mark.second_key, flt, options)
        ids = [p.id for p in behind.passages]
        assert len(ids) == len(set(ids))  # each passage once
        assert set(ids) == passages_by_force(entries, view, mark.first, mark.second, flt, options)
        listed_any = listed_any or bool(ids)
        assert {p.entry_id for p in behind.passages} <= set(behind.entry_ids)
        assert list(behind.entry_ids) == journal.entries_behind(
            view, mark.first_key, mark.second_key, flt, options
        )
        bodies = {e.id: e.body for e in entries}
        for passage in behind.passages:  # the words as they stand in the entry
            assert passage.text == bodies[passage.entry_id][passage.start : passage.end]
    assert listed_any


def test_a_use_over_time_is_a_passage_or_a_whole_entry(
    fieldwork: tuple[Journal, list[Entry]],
) -> None:
    """Codes over time counts passages and whole-entry codes: the passages listed and the
    entries coded as a whole add up to the mark's count."""
    journal, entries = fieldwork
    counts = brute_force(entries, ChartView.CODES_OVER_TIME)
    by_id = {e.id: e for e in entries}
    for mark in journal.chart(ChartView.CODES_OVER_TIME, real_names=True).marks:
        behind = journal.behind(ChartView.CODES_OVER_TIME, mark.first_key, mark.second_key)
        whole = sum(
            1
            for entry_id in behind.entry_ids
            for path in by_id[entry_id].codes
            if path.split("/")[0] == mark.second
        )
        assert len(behind.passages) + whole == mark.count == counts[(mark.first, mark.second)]


def test_activity_and_the_network_list_entries_only(
    fieldwork: tuple[Journal, list[Entry]],
) -> None:
    journal, _entries = fieldwork
    for view in (ChartView.ACTIVITY, ChartView.NETWORK):
        mark = journal.chart(view).marks[0]
        behind = journal.behind(view, mark.first_key, mark.second_key)
        assert behind.entry_ids and behind.passages == ()
    node = journal.chart(ChartView.NETWORK).nodes[0]
    assert journal.behind(ChartView.NETWORK, node.key).passages == ()
