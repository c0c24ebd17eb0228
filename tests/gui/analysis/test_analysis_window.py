"""The Analysis window offscreen: views, filters, the table, and a mark's entries listed."""

from __future__ import annotations

import shutil
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.analysis import Arrangement, ChartData, ChartView, Cooccurrence
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange.charts.figure import DPI, HEIGHT, WIDTH
from fieldjournal.gui.analysis.export_dialog import ChartExportDialog
from fieldjournal.gui.analysis.window import (
    AFTER_CHANGES_ELSEWHERE_MS,
    AFTER_CHANGES_MS,
    AnalysisWindow,
    ExportAsker,
)
from fieldjournal.gui.main_window import MainWindow


def fill(journal: Journal) -> Journal:
    """Two actors in three notes of January and February 2016, coded Trust and Funding."""
    journal.add_actor("Jory Penrose", sector="voluntary")
    journal.add_actor("Wenna Trevithick", sector="nhs")
    for day, codes, kind in (
        ("2016-01-04", ["Trust"], "meeting"),
        ("2016-02-09", ["Trust", "Funding"], "fieldnote"),
        ("2016-02-11", ["Funding"], "fieldnote"),
    ):
        journal.add_entry(
            kind=kind,
            title=f"Note of {day}",
            body="We met.",
            occurred_at=day,
            actors=["Jory Penrose", "Wenna Trevithick"],
            codes=codes,
        )
    return journal


@pytest.fixture(scope="module")
def shared_fieldwork(
    tmp_path_factory: pytest.TempPathFactory, empty_journal_db: Path
) -> Iterator[Journal]:
    """One journal for the tests that only read it, without search (the window does not
    search): made once, from the template, instead of once per test."""
    folder = tmp_path_factory.mktemp("analysis-window") / "journal"
    folder.mkdir(mode=0o700)
    shutil.copyfile(empty_journal_db, folder / "journal.db")
    with Journal.open(folder, create=False, search=False) as journal:
        yield fill(journal)


@pytest.fixture
def fieldwork(gui_journal: Journal) -> Journal:
    """The same notes in the main window's journal."""
    return fill(gui_journal)


@pytest.fixture
def own_fieldwork(journal: Journal) -> Journal:
    """The same notes in a journal of the test's own, for a test that adds to it."""
    return fill(journal)


def counted(qtbot: QtBot, window: AnalysisWindow) -> AnalysisWindow:
    """Once the count asked for last is drawn (counts run on a worker thread)."""
    qtbot.waitUntil(lambda: not window.counting)
    return window


def drawn(qtbot: QtBot, window: AnalysisWindow) -> ChartData:
    """The chart of the count asked for last, once drawn."""
    counted(qtbot, window)
    assert window.data is not None
    return window.data


def shown(qtbot: QtBot, journal: Journal) -> AnalysisWindow:
    window = AnalysisWindow(journal)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return counted(qtbot, window)


@pytest.fixture
def analysis(qtbot: QtBot, shared_fieldwork: Journal) -> Iterator[AnalysisWindow]:
    window = shown(qtbot, shared_fieldwork)
    yield window
    window.close()  # its runner waits for an export and stops listening to the journal


def test_every_view_draws_and_tabulates(
    analysis: AnalysisWindow, qtmodeltester: ModelTester, qtbot: QtBot
) -> None:
    for row in range(analysis.view.count()):
        analysis.view.setCurrentIndex(row)
        counted(qtbot, analysis)
        view = analysis.current_view()
        assert analysis.data is not None and analysis.data.view is view
        assert analysis.table_model.rowCount() == len(analysis.data.marks) > 0
        assert analysis.drawn is not None and analysis.drawn.marks  # something to click
    qtmodeltester.check(analysis.table_model)


def test_the_chart_has_most_of_the_window(analysis: AnalysisWindow) -> None:
    assert analysis.pages.width() > 0.6 * analysis.width()  # hidden options take no room


def test_filters_narrow_the_numbers_and_errors_are_said(
    analysis: AnalysisWindow, qtbot: QtBot
) -> None:
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.CODES_OVER_TIME))
    assert drawn(qtbot, analysis).total == 4
    analysis.since.setText("2016-02-01")
    analysis.since.returnPressed.emit()
    assert drawn(qtbot, analysis).total == 3
    analysis.code.setText("Nowhere")
    analysis.code.returnPressed.emit()
    assert "no code 'Nowhere'" in counted(qtbot, analysis).message.text()
    assert drawn(qtbot, analysis).total == 3  # the last good chart stays
    analysis.code.setText("Trust")
    analysis.code.returnPressed.emit()
    assert drawn(qtbot, analysis).total == 1
    analysis.code.setText("Trust, Funding")  # a chosen set: a series each
    analysis.code.returnPressed.emit()
    assert {mark.second for mark in drawn(qtbot, analysis).marks} == {"Trust", "Funding"}
    assert drawn(qtbot, analysis).total == 3


def test_the_table_copies_with_its_header(analysis: AnalysisWindow, qtbot: QtBot) -> None:
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.CODES_BY_ACTOR))
    counted(qtbot, analysis).copy_table()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "actor\tcode\tcount"
    assert "Jory Penrose\tFunding\t2" in lines


def test_clicking_a_mark_asks_for_its_entries(analysis: AnalysisWindow, qtbot: QtBot) -> None:
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.CODES_BY_SECTOR))
    assert counted(qtbot, analysis).drawn is not None
    mesh, marks = next(iter(analysis.drawn.marks.items()))
    index = next(i for i, m in enumerate(marks) if m is not None and m.second == "Funding")
    event = type("Pick", (), {"artist": mesh, "ind": [index]})()
    with qtbot.waitSignal(analysis.entries_requested) as signal:
        analysis._picked(event)
    behind, description = signal.args
    assert len(behind.entry_ids) == 2 and "Funding" in description


def test_ctrl_7_opens_analysis_and_a_mark_lists_entries_in_search(
    window: MainWindow, fieldwork: Journal, qtbot: QtBot
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    opened = window._analysis_window
    assert isinstance(opened, AnalysisWindow)
    qtbot.waitExposed(opened)
    opened.view.setCurrentIndex(opened.view.findData(ChartView.ACTIVITY))
    mark = next(m for m in drawn(qtbot, opened).marks if m.second == "fieldnote")
    opened.show_entries(mark)
    assert window.workspace is not None
    search = window.workspace.search
    assert window.workspace.tabs.currentWidget() is search
    assert search.model.rowCount() == 2
    assert "2 entries behind activity" in search.summary.text()


def test_small_multiples_for_charts_over_time_only(analysis: AnalysisWindow, qtbot: QtBot) -> None:
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.CODES_OVER_TIME))
    assert analysis.arrangement.isVisibleTo(analysis)
    analysis.arrangement.setCurrentIndex(analysis.arrangement.findData(Arrangement.MULTIPLES))
    counted(qtbot, analysis)
    titles = [axes.get_title(loc="left") for axes in analysis.canvas.figure.axes]
    assert titles == ["Funding", "Trust"]  # one chart each, the larger first (ties by name)
    trust = analysis.canvas.figure.axes[1]
    (bars,) = trust.collections  # January, February: the bars of the second chart
    with qtbot.waitSignal(analysis.entries_requested) as signal:
        analysis._picked(type("Pick", (), {"artist": bars, "ind": [1]})())
    behind, description = signal.args
    assert len(behind.entry_ids) == 1 and description == "codes over time: 2016-02 × Trust"
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.NETWORK))
    assert not counted(qtbot, analysis).arrangement.isVisibleTo(analysis)
    assert len(analysis.canvas.figure.axes) == 1


def test_the_chart_follows_the_journal(own_fieldwork: Journal, qtbot: QtBot) -> None:
    fieldwork, analysis = own_fieldwork, shown(qtbot, own_fieldwork)
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.CODES_OVER_TIME))
    assert drawn(qtbot, analysis).total == 4
    fieldwork.add_entry(title="Later", occurred_at="2016-03-01", codes=["Trust"])
    fieldwork.add_entry(title="Later still", occurred_at="2016-03-02", codes=["Trust"])
    assert analysis.settle.isActive()  # two saves, one redraw once they settle
    waits = AFTER_CHANGES_MS if analysis.isActiveWindow() else AFTER_CHANGES_ELSEWHERE_MS
    assert analysis.settle.interval() == waits
    assert drawn(qtbot, analysis).total == 4  # not yet
    analysis.settle.start(0)  # the moment passes (the test does not sit through it)
    qtbot.waitUntil(lambda: analysis.data is not None and analysis.data.total == 6)
    analysis.hide()
    fieldwork.add_entry(title="Unseen", occurred_at="2016-03-03", codes=["Funding"])
    assert not analysis.settle.isActive() and drawn(qtbot, analysis).total == 6  # hidden
    analysis.show()
    assert drawn(qtbot, analysis).total == 7  # counted as it is shown again
    analysis.close()


def test_a_typed_filter_redraws_when_typing_pauses(analysis: AnalysisWindow, qtbot: QtBot) -> None:
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.CODES_OVER_TIME))
    qtbot.keyClicks(analysis.since, "2016-02-01")
    assert analysis.settle.isActive()
    qtbot.waitUntil(lambda: analysis.data is not None and analysis.data.total == 3)


def test_export_writes_the_chart_as_drawn_pseudonymised(
    analysis: AnalysisWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.NETWORK))
    counted(qtbot, analysis)
    asked: list[Path] = []

    def answer(target: Path, real_names: bool) -> ExportAsker:
        def ask(_parent: object, suggested: Path) -> tuple[tuple[Path, bool], bool]:
            asked.append(suggested)
            return (target, real_names), True

        return ask

    analysis.ask_export = answer(tmp_path / "network.svg", False)
    assert analysis.export()
    qtbot.waitUntil(lambda: "Wrote" in analysis.message.text())
    assert asked[0].name == "Actor network.png"
    drawing = (tmp_path / "network.svg").read_text("utf-8")
    assert analysis.data is not None
    assert "Jory Penrose" in {node.label for node in analysis.data.nodes}  # on screen,
    assert "Penrose" not in drawing and "[Participant 1]" in drawing  # the file does not
    assert "pseudonymised" in analysis.message.text()
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.CODES_OVER_TIME))
    analysis.since.setText("2016-02-01")
    analysis.since.returnPressed.emit()
    counted(qtbot, analysis)
    analysis.ask_export = answer(tmp_path / "trust.png", False)
    assert analysis.export()
    qtbot.waitUntil(lambda: analysis.export_button.isEnabled())
    data = (tmp_path / "trust.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (round(WIDTH * DPI), round(HEIGHT * DPI))
    assert analysis.export_folder == tmp_path  # offered again next time


def test_a_refused_export_is_said_and_writes_nothing(
    analysis: AnalysisWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    analysis.ask_export = lambda _parent, _suggested: ((tmp_path / "gone" / "c.pdf", False), True)
    assert analysis.export()
    qtbot.waitUntil(lambda: analysis.export_button.isEnabled())
    assert "does not exist" in analysis.message.text()
    assert analysis.error_box is not None and "does not exist" in analysis.error_box.text()
    analysis.error_box.close()
    analysis.ask_export = lambda _parent, _suggested: (None, False)
    assert not analysis.export()  # cancelled
    assert not (tmp_path / "gone").exists()  # the export made no folder on its way


def test_the_export_dialog_keeps_format_and_suffix_together(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ChartExportDialog(tmp_path / "Activity.png")
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
    assert dialog.path_edit.text().endswith("Activity.pdf")
    dialog.path_edit.setText(str(tmp_path / "a.svg"))  # typing a suffix picks its format
    dialog.path_edit.textEdited.emit(dialog.path_edit.text())
    assert dialog.suffix() == "svg"
    assert not dialog.warning.isVisibleTo(dialog)
    dialog.real_names_box.setChecked(True)
    assert dialog.warning.isVisibleTo(dialog)
    assert dialog.value() == (tmp_path / "a.svg", True)


def test_nearby_passages_co_occur_within_the_gap(own_fieldwork: Journal, qtbot: QtBot) -> None:
    (entry,) = [e for e in own_fieldwork.list_entries() if e.title == "Note of 2016-02-09"]
    own_fieldwork.code_segment(entry.id, "Trust", 0, 2)  # "We met.": "We" and "t."
    own_fieldwork.code_segment(entry.id, "Funding", 5, 7)
    analysis = shown(qtbot, own_fieldwork)
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.COOCCURRENCE))
    assert not analysis.gap.isVisibleTo(analysis)  # same entry: no distance to set
    analysis.cooccurrence.setCurrentIndex(analysis.cooccurrence.findData(Cooccurrence.SEGMENTS))
    assert analysis.gap.isVisibleTo(analysis)
    assert drawn(qtbot, analysis).total == 0  # they do not overlap
    analysis.gap.setValue(10)
    qtbot.waitUntil(lambda: analysis.data is not None and analysis.data.total == 1)
    assert drawn(qtbot, analysis).options.gap == 10
    analysis.close()


def test_the_count_runs_through_the_runner_off_the_gui_thread(
    own_fieldwork: Journal, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting a large journal takes a moment: the window paints meanwhile, and a count
    the journal refuses is said in the window's one place (its message)."""
    analysis = shown(qtbot, own_fieldwork)
    counted_on: list[threading.Thread] = []
    chart = own_fieldwork.chart

    def watched(*args: Any, **kwargs: Any) -> Any:
        counted_on.append(threading.current_thread())
        return chart(*args, **kwargs)

    monkeypatch.setattr(own_fieldwork, "chart", watched)
    analysis.view.setCurrentIndex(analysis.view.findData(ChartView.ACTIVITY))
    assert drawn(qtbot, analysis).view is ChartView.ACTIVITY
    assert counted_on and counted_on[0] is not threading.main_thread()

    def unreadable(*_args: Any, **_kwargs: Any) -> Any:
        raise InvalidInput("the journal could not be read just now")

    monkeypatch.setattr(own_fieldwork, "chart", unreadable)
    analysis.redraw()
    assert "could not be read" in counted(qtbot, analysis).message.text()
    assert drawn(qtbot, analysis).view is ChartView.ACTIVITY  # the last good chart stays
    analysis.close()
