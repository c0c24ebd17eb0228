"""File > Rebuild search index… and Help > Check journal: background work, progress in
the status bar, the window usable meanwhile, the result or error said in the window."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.errors import JournalError
from fieldjournal.gui import main_window
from fieldjournal.gui.journal_tasks import rebuild_question
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.search import store
from fieldjournal.services.search_service import Progress


@pytest.fixture(autouse=True)
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The rebuild is asked for first: answered yes here, and the questions kept."""
    asked: list[str] = []

    def answer_yes(parent: object, question: str) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(main_window, "confirm", answer_yes)
    return asked


def _finish(qtbot: QtBot, window: MainWindow) -> None:
    tasks = window.tasks
    assert tasks is not None
    qtbot.waitUntil(lambda: not tasks.busy, timeout=10_000)


def _visible_boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def hold_rebuild(
    monkeypatch: pytest.MonkeyPatch, journal: Journal, release: threading.Event
) -> list[tuple[int, int]]:
    """The rebuild waits after its first chunk until ``release`` is set or it is stopped.

    Returns the (done, total) figures it reports, as they come.
    """
    monkeypatch.setattr(store, "LOAD_CHUNK", 5)  # a few chunks even for a small journal
    reported: list[tuple[int, int]] = []
    rebuild = journal.reindex

    def held(progress: Progress | None = None, stop: Callable[[], bool] | None = None) -> int:
        def report(done: int, total: int) -> None:
            reported.append((done, total))
            if progress:
                progress(done, total)
            deadline = time.monotonic() + 10
            while done and not release.is_set() and time.monotonic() < deadline:
                if stop is not None and stop():
                    return  # the rebuild sees it on its next check
                time.sleep(0.01)

        return rebuild(report, stop)

    monkeypatch.setattr(journal, "reindex", held)
    return reported


def test_rebuild_shows_progress_and_the_window_stays_usable(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    monkeypatch: pytest.MonkeyPatch,
    questions: list[str],
) -> None:
    for n in range(40):
        gui_journal.add_entry(title=f"Tide table {n}", body="Low water at Polwithen.")
    assert window.tasks is not None and window.workspace is not None
    release = threading.Event()
    reported = hold_rebuild(monkeypatch, gui_journal, release)
    window.menu_actions.reindex_action.trigger()
    assert questions == [rebuild_question(40)]
    assert (
        not window.menu_actions.reindex_action.isEnabled()
        and not window.menu_actions.check_action.isEnabled()
    )
    assert "Rebuilding the search index" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: any(done for done, _ in reported), timeout=10_000)
    assert window._index_progress is not None
    window._index_progress.poll()
    bar = window.index_bar  # one bar counts the rebuild: the search index's own
    assert bar.isVisible() and not window.progress.isVisible()
    assert (bar.value(), bar.maximum()) == (5, 40) and bar.text() == "Indexing 5 of 40"
    entry = window.workspace.new_entry(EntryKind.FIELDNOTE)  # writing goes on meanwhile
    assert entry is not None
    assert gui_journal.get_entry(entry.id).kind is EntryKind.FIELDNOTE
    release.set()
    _finish(qtbot, window)
    assert reported[-1] == (40, 40)
    assert "Search index rebuilt: 40 entries" in window.statusBar().currentMessage()
    assert window.menu_actions.reindex_action.isEnabled()
    assert gui_journal.flush_index(5)
    assert window._index_progress is not None
    window._index_progress.poll()
    assert not bar.isVisible()
    assert gui_journal.search("Polwithen").total == 40


def test_check_of_a_sound_journal_says_so(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_entry(title="Quay", body="Crab pots stacked.")
    window.menu_actions.check_action.trigger()
    _finish(qtbot, window)
    assert window.task_report is not None and window.task_report.isVisible()
    assert "sound" in window.task_report.text()


def test_check_lists_the_problems_found(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = ["search index: 2 entries are not indexed as they are now"]
    monkeypatch.setattr(gui_journal, "check_consistency", lambda: found)
    window.menu_actions.check_action.trigger()
    _finish(qtbot, window)
    assert window.task_report is not None
    assert "1 problem" in window.task_report.text() and found[0] in window.task_report.text()


def test_a_failed_rebuild_is_reported_in_the_window(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(progress: object = None, stop: object = None) -> int:
        raise JournalError("the search index folder is read-only")

    monkeypatch.setattr(gui_journal, "reindex", broken)
    window.menu_actions.reindex_action.trigger()
    _finish(qtbot, window)
    boxes = _visible_boxes(window)
    assert len(boxes) == 1 and "read-only" in boxes[0].text()
    assert window.menu_actions.reindex_action.isEnabled() and not window.progress.isVisible()


def test_closing_the_journal_stops_a_rebuild_and_the_next_open_catches_up(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(40):
        gui_journal.add_entry(title=f"Harbour log {n}", body="Nets mended at Polwithen.")
    gui_journal.flush_index()
    folder = gui_journal.paths.root
    reported = hold_rebuild(monkeypatch, gui_journal, threading.Event())  # held until stopped
    window.menu_actions.reindex_action.trigger()
    qtbot.waitUntil(lambda: any(done for done, _ in reported), timeout=10_000)
    window.detach()  # as closing the window or opening another journal does
    assert window.tasks is None and window.journal is None
    assert max(done for done, _ in reported) < 40  # stopped, not waited for to the end
    qtbot.wait(50)  # the stopped rebuild's end is not reported to the researcher
    assert not _visible_boxes(window) and not window.progress.isVisible()
    with Journal.open(folder) as reopened:
        reopened.catch_up_index()  # the rebuild left to this open, in the background
        assert reopened.search("Polwithen").total == 40
        assert reopened.check_consistency() == []


def test_the_rebuild_is_asked_for_with_how_long_it_takes(
    window: MainWindow, gui_journal: Journal, questions: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        gui_journal.add_entry(title=f"Quay {n}", body="Crab pots stacked.")
    refused: list[str] = []

    def answer_cancel(parent: object, question: str) -> bool:
        refused.append(question)
        return False

    monkeypatch.setattr(main_window, "confirm", answer_cancel)
    window.menu_actions.reindex_action.trigger()
    assert refused == [rebuild_question(3)] and "3 entries" in refused[0]
    assert window.tasks is not None and not window.tasks.busy  # cancelled: nothing started
    assert window.menu_actions.reindex_action.isEnabled()


def test_the_question_says_how_long_a_rebuild_takes() -> None:
    assert "under a minute" in rebuild_question(40)
    assert "about 1 minute." in rebuild_question(12_000)
    assert "about 4 minutes" in rebuild_question(50_000)
    assert "50,000 entries" in rebuild_question(50_000)
