"""File > Rebuild search index… and Help > Check journal: background work, progress in
the status bar, the window usable meanwhile, the result or error said in the window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import JournalError
from fieldjournal.gui.main_window import MainWindow


def _finish(qtbot: QtBot, window: MainWindow) -> None:
    assert window.tasks is not None
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)  # type: ignore[union-attr]


def _visible_boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_rebuild_shows_progress_and_the_window_stays_usable(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    for n in range(5):
        gui_journal.add_entry(title=f"Tide table {n}", body="Low water at Polwithen.")
    assert window.tasks is not None and window.workspace is not None
    steps: list[tuple[int, int]] = []
    window.tasks.progressed.connect(lambda done, total: steps.append((done, total)))
    window.reindex_action.trigger()
    assert window.progress.isVisible() and not window.reindex_action.isEnabled()
    assert not window.check_action.isEnabled()  # one long task at a time
    entry = window.workspace.new_entry(EntryKind.FIELDNOTE)  # writing goes on meanwhile
    assert gui_journal.get_entry(entry.id).kind is EntryKind.FIELDNOTE
    _finish(qtbot, window)
    assert steps and steps[-1][0] == steps[-1][1] >= 5
    assert "Search index rebuilt" in window.statusBar().currentMessage()
    assert not window.progress.isVisible() and window.reindex_action.isEnabled()
    assert gui_journal.flush_index(5)
    assert gui_journal.search("Polwithen").total == 5


def test_progress_bar_counts_entries(window: MainWindow) -> None:
    window._task_progressed(40, 200)
    assert (window.progress.value(), window.progress.maximum()) == (40, 200)
    assert window.progress.text() == "40 of 200"


def test_check_of_a_sound_journal_says_so(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_entry(title="Quay", body="Crab pots stacked.")
    window.check_action.trigger()
    _finish(qtbot, window)
    assert window.task_report is not None and window.task_report.isVisible()
    assert "sound" in window.task_report.text()


def test_check_lists_the_problems_found(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = ["search index: 2 entries are not indexed as they are now"]
    monkeypatch.setattr(gui_journal, "check_consistency", lambda: found)
    window.check_action.trigger()
    _finish(qtbot, window)
    assert window.task_report is not None
    assert "1 problem" in window.task_report.text() and found[0] in window.task_report.text()


def test_a_failed_rebuild_is_reported_in_the_window(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(progress: object = None) -> int:
        raise JournalError("the search index folder is read-only")

    monkeypatch.setattr(gui_journal, "reindex", broken)
    window.reindex_action.trigger()
    _finish(qtbot, window)
    boxes = _visible_boxes(window)
    assert len(boxes) == 1 and "read-only" in boxes[0].text()
    assert window.reindex_action.isEnabled() and not window.progress.isVisible()
