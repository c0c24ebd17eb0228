"""A mark leads to its data: the entries and coded passages behind a bar or a cell, listed
in the search panel, opened at the passage and put in a chapter, against brute force."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.analysis import Behind, ChartOptions, ChartView, Cooccurrence, Mark
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.records import Entry
from fieldjournal.gui.analysis.window import AnalysisWindow
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.search.passages import PassageModel, excerpt_token
from tests.analysis_field import brute_force, build, passages_by_force


@pytest.fixture(scope="module")
def field(
    tmp_path_factory: pytest.TempPathFactory, empty_journal_db: Path
) -> Iterator[tuple[Journal, list[Entry]]]:
    folder = tmp_path_factory.mktemp("mark-passages") / "journal"
    folder.mkdir(mode=0o700)
    shutil.copyfile(empty_journal_db, folder / "journal.db")
    with Journal.open(folder, create=False, search=False) as journal:
        yield journal, build(journal, entries=30)


def counted(qtbot: QtBot, window: AnalysisWindow) -> AnalysisWindow:
    qtbot.waitUntil(lambda: not window.counting and window.data is not None)
    return window


def pick(window: AnalysisWindow, artist: Any, index: int) -> None:
    """What a click on the chart does: matplotlib's pick event on the artist under it."""
    window._picked(type("Pick", (), {"artist": artist, "ind": [index]})())


def clickable(window: AnalysisWindow) -> list[tuple[Any, int, Mark]]:
    assert window.drawn is not None
    return [
        (artist, i, mark)
        for artist, marks in window.drawn.marks.items()
        for i, mark in enumerate(marks)
        if mark is not None
    ]


def entries_by_force(
    entries: list[Entry], view: ChartView, mark: Mark, options: ChartOptions
) -> set[str]:
    """The entries that count towards ``mark``: those whose own count has it."""
    return {
        e.id
        for e in entries
        if brute_force([e], view, options=options).get((mark.first, mark.second))
    }


@pytest.mark.parametrize(
    ("view", "segments"),
    [
        (ChartView.CODES_OVER_TIME, False),
        (ChartView.COOCCURRENCE, True),
        (ChartView.COOCCURRENCE, False),
        (ChartView.CODES_BY_ACTOR, False),
        (ChartView.CODES_BY_SECTOR, False),
    ],
)
def test_clicking_a_mark_lists_its_entries_and_passages(
    field: tuple[Journal, list[Entry]], qtbot: QtBot, view: ChartView, segments: bool
) -> None:
    journal, entries = field
    window = AnalysisWindow(journal)
    qtbot.addWidget(window)
    window.show()
    counted(qtbot, window)
    window.view.setCurrentIndex(window.view.findData(view))
    if segments:
        window.cooccurrence.setCurrentIndex(window.cooccurrence.findData(Cooccurrence.SEGMENTS))
    counted(qtbot, window)
    assert window.data is not None
    options = window.data.options
    with_passages = 0
    for artist, index, mark in clickable(window)[:25]:
        with qtbot.waitSignal(window.entries_requested) as signal:
            pick(window, artist, index)
        behind, description = signal.args
        assert isinstance(behind, Behind) and mark.first in description
        expected = passages_by_force(entries, view, mark.first, mark.second, options=options)
        assert {p.id for p in behind.passages} == expected
        if not segments:  # the entries of a use, a pair or a cell: its count's own
            assert set(behind.entry_ids) == entries_by_force(entries, view, mark, options)
        assert {p.entry_id for p in behind.passages} <= set(behind.entry_ids)
        with_passages += bool(expected)
    assert with_passages  # some mark had passages to list
    window.close()


def test_the_passage_model_drags_out_tokens(
    field: tuple[Journal, list[Entry]], qtmodeltester: ModelTester
) -> None:
    journal, _entries = field
    mark = journal.chart(ChartView.CODES_OVER_TIME).marks[0]
    behind = journal.behind(ChartView.CODES_OVER_TIME, mark.first_key, mark.second_key)
    model = PassageModel()
    model.show(behind.passages, {})
    qtmodeltester.check(model)
    first, second = model.index(0, 0), model.index(1, 0)
    text = model.mimeData([second, first]).text().splitlines()
    assert text == [excerpt_token(behind.passages[0]), excerpt_token(behind.passages[1])]
    assert text[0] == f"[[segment:{behind.passages[0].id}]]"


def fill(journal: Journal) -> tuple[Entry, Entry]:
    """Two notes of March 2016, each with a passage coded Trust, one coded Trust whole."""
    journal.add_actor("Jory Penrose", sector="voluntary")
    first = journal.add_entry(
        title="Board",
        body="The chair said trust was earned. Then we broke for tea.",
        occurred_at="2016-03-02",
        actors=["Jory Penrose"],
        codes=["Trust"],
    )
    second = journal.add_entry(
        title="Drop-in", body="Nobody trusted the new forms.", occurred_at="2016-03-09"
    )
    journal.code_segment(first.id, "Trust", 4, 32)
    journal.code_segment(second.id, "Trust", 0, 29)
    return first, second


def test_a_passage_opens_selected_and_goes_into_a_chapter(
    window: MainWindow, gui_journal: Journal, qtbot: QtBot
) -> None:
    first, second = fill(gui_journal)
    gui_journal.add_chapter("Trust", [Section("Findings", 1, "")])
    window.open_analysis()
    opened = window._analysis_window
    assert isinstance(opened, AnalysisWindow)
    counted(qtbot, opened)
    assert opened.current_view() is ChartView.CODES_OVER_TIME
    (artist, index, mark) = next(
        (a, i, m) for a, i, m in clickable(opened) if (m.first, m.second) == ("2016-03", "Trust")
    )
    assert mark.count == 3  # two passages and one entry coded as a whole
    pick(opened, artist, index)
    assert window.workspace is not None
    search = window.workspace.search
    assert search.model.rowCount() == 2
    assert "2 entries behind codes over time: 2016-03 × Trust" in search.summary.text()
    passages = search.passages
    assert passages.isVisibleTo(search) and passages.model.rowCount() == 2
    assert "2 coded passages behind" in passages.summary.text()
    assert "trust was earned" in passages.model.index(0, 0).data()

    passages.view.setCurrentIndex(passages.model.index(1, 0))
    passages.open_button.click()
    editor = window.workspace.editor
    assert editor.entry_id == second.id
    assert editor.body.textCursor().selectedText() == "Nobody trusted the new forms."

    passages.view.selectionModel().clearSelection()
    passages.view.setCurrentIndex(passages.model.index(0, 0))
    passages.insert_button.click()
    chapters = window._chapter_window
    assert chapters is not None
    segment = next(s for s in gui_journal.list_segments("Trust") if s.entry_id == first.id)
    assert f"[[segment:{segment.id}]]" in chapters.editor.prose.draft()

    search.query.setText("forms")
    search.run_now()  # a search of its own: the mark's passages go
    assert not passages.isVisibleTo(search)


def test_activity_lists_entries_and_no_passages(
    window: MainWindow, gui_journal: Journal, qtbot: QtBot
) -> None:
    fill(gui_journal)
    window.open_analysis()
    opened = window._analysis_window
    assert isinstance(opened, AnalysisWindow)
    opened.view.setCurrentIndex(opened.view.findData(ChartView.ACTIVITY))
    counted(qtbot, opened)
    assert opened.data is not None
    opened.show_entries(opened.data.marks[0])
    assert window.workspace is not None
    search = window.workspace.search
    assert search.model.rowCount() == 1
    assert not search.passages.isVisibleTo(search)
