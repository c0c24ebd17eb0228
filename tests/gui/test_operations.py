"""The one operation runner: flush once, report once, hand out what changed with who asked."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.errors import InvalidInput
from fieldjournal.domain.records import Entry, Outcome
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.operations import Changed, Operations, Reread
from tests.gui.helpers import failures


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j", search=False) as j:
        yield j


@pytest.fixture
def ops(qtbot: QtBot, journal: Journal) -> Iterator[Operations]:
    runner = Operations(journal)
    yield runner
    runner.close()


def delivered(ops: Operations) -> list[Changed]:
    seen: list[Changed] = []
    ops.changed.connect(seen.append)
    return seen


def test_an_action_saves_what_is_typed_once_first(ops: Operations, journal: Journal) -> None:
    order: list[str] = []

    def flush() -> bool:
        order.append("flush")
        ops.flush()  # a save that asks for a save does not go round again
        return True

    ops.set_flush(flush)
    ops.run(lambda: order.append("call"))
    assert order == ["flush", "call"]
    ops.run(lambda: order.append("own save"), flush=False)  # the editor's own save
    assert order == ["flush", "call", "own save"]


def test_a_refused_save_stops_the_action_and_is_reported_once(
    ops: Operations, journal: Journal
) -> None:
    refused = failures(ops)
    ops.set_flush(lambda: ops.run(lambda: _refuse("the end time is before the start")) is not None)
    made: list[Entry] = []
    assert ops.run(lambda: made.append(journal.add_entry(body="x"))) is None
    assert made == [] and journal.count_entries() == 0
    assert refused == ["the end time is before the start"]


def test_a_refused_action_is_reported_once_with_who_asked(ops: Operations) -> None:
    reports: list[tuple[str, bool, object]] = []
    ops.failed.connect(lambda error, loud, who: reports.append((str(error), loud, who)))
    asker = object()
    assert ops.run(lambda: _refuse("no such code"), initiator=asker) is None
    assert reports == [("no such code", False, asker)]
    ops.run(lambda: _refuse("disk full"), loud=True)
    assert reports[-1] == ("disk full", True, None)


def test_what_changed_is_handed_out_once_with_the_fresh_entry_and_initiator(
    ops: Operations, journal: Journal
) -> None:
    entry = journal.add_entry(title="Harbour", body="Gulls")
    seen = delivered(ops)
    editor = object()
    outcome = ops.run(
        lambda: journal.entries.update(entry.id, body="Gulls and terns"), initiator=editor
    )
    assert isinstance(outcome, Outcome)
    (changed,) = seen  # the journal's listener did not deliver it a second time
    assert changed.initiator is editor
    assert changed.changes == outcome.changes and changed.changes.entries == {entry.id}
    assert changed.fresh(entry.id) == outcome.value
    assert outcome.value.body == "Gulls and terns"


def test_every_commit_of_a_compound_action_is_handed_out_together(
    ops: Operations, journal: Journal
) -> None:
    seen = delivered(ops)

    def two_commits() -> Entry:
        memo = journal.add_entry(kind="memo", body="About the harbour")
        return journal.add_entry_code(memo.id, "Place/Harbour")

    memo = ops.run(two_commits)
    assert memo is not None
    (changed,) = seen
    assert changed.changes.entries == {memo.id} and changed.changes.codes
    assert changed.fresh(memo.id) == memo


def test_what_committed_before_a_refusal_is_still_handed_out(
    ops: Operations, journal: Journal
) -> None:
    seen = delivered(ops)
    refused = failures(ops)

    def half() -> None:
        journal.add_code("Trust")
        _refuse("the second step failed")

    assert ops.run(half) is None
    assert [c.changes.codes for c in seen] == [True] and seen[0].entries == {}
    assert refused == ["the second step failed"]


def test_commits_made_outside_the_runner_still_arrive_without_initiator(
    ops: Operations, journal: Journal
) -> None:
    seen = delivered(ops)
    entry = journal.add_entry(body="from a script")
    (changed,) = seen
    assert changed.changes.entries == {entry.id}
    assert changed.initiator is None and changed.entries == {}


def test_a_background_action_delivers_on_the_gui_thread(
    qtbot: QtBot, ops: Operations, journal: Journal
) -> None:
    seen = delivered(ops)
    threads: list[threading.Thread] = []
    ops.changed.connect(lambda _changed: threads.append(threading.current_thread()))
    done: list[Entry] = []
    asker = object()
    flushed: list[bool] = []

    def flush() -> bool:
        flushed.append(True)
        return True

    ops.set_flush(flush)

    def slow() -> Entry:
        assert threading.current_thread() is not threading.main_thread()
        return journal.add_entry(body="imported")

    task = ops.run_in_background(slow, done=done.append, initiator=asker)
    assert task is not None and flushed == [True]
    qtbot.waitUntil(lambda: bool(done))
    (changed,) = seen
    assert changed.initiator is asker and changed.fresh(done[0].id) == done[0]
    assert threads == [threading.main_thread()]


def test_a_background_failure_is_shown_as_a_dialog_and_handed_back(
    qtbot: QtBot, ops: Operations
) -> None:
    reports: list[tuple[str, bool]] = []
    ops.failed.connect(lambda error, loud, _who: reports.append((str(error), loud)))
    errors: list[BaseException] = []
    ops.run_in_background(
        lambda: _refuse("line 3: entry: unknown entry kind 'note'"),
        done=lambda _r: None,
        failed=errors.append,
    )
    qtbot.waitUntil(lambda: bool(errors))
    assert reports == [("line 3: entry: unknown entry kind 'note'", True)]
    assert isinstance(errors[0], InvalidInput)


def _counting(calls: list[str], name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return real(*args, **kwargs)

    return counted


def test_the_window_does_not_read_again_the_entry_its_save_handed_over(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = window.workspace
    assert workspace is not None
    entry = gui_journal.add_entry(title="Harbour", body="Gulls over Polwithen.")
    workspace.open_entry(entry.id)
    qtbot.waitUntil(lambda: workspace.timeline.model.row_of(entry.id) >= 0)
    reads: list[str] = []
    for name in ("get_entry", "get_entries"):
        monkeypatch.setattr(gui_journal, name, _counting(reads, name, getattr(gui_journal, name)))
    for name in ("get", "get_many"):
        service = gui_journal.entries
        monkeypatch.setattr(service, name, _counting(reads, name, getattr(service, name)))
    seen = delivered(workspace.ops)
    workspace.editor.title.setFocus()
    qtbot.keyClicks(workspace.editor.title, " at dusk")
    assert workspace.save()
    assert reads == []  # neither the timeline, the inspector, coding nor the editor
    (changed,) = seen
    assert changed.initiator is workspace.editor
    row = workspace.timeline.model.row_of(entry.id)
    assert workspace.timeline.model.index(row, 0).data() == "Harbour at dusk"
    assert workspace.inspector.isEnabled() and workspace.editor.entry == changed.fresh(entry.id)


def _refuse(message: str) -> None:
    raise InvalidInput(message)


def test_a_runner_without_a_journal_runs_in_the_background_and_reports(qtbot: QtBot) -> None:
    """The window's runner: what runs with no journal open (opening, restoring)."""
    ops = Operations(None)
    with pytest.raises(RuntimeError, match="no journal"):
        _ = ops.journal
    reports: list[tuple[str, bool]] = []
    ops.failed.connect(lambda error, loud, _who: reports.append((str(error), loud)))
    ran_on: list[threading.Thread] = []
    done: list[int] = []

    def opening() -> int:
        ran_on.append(threading.current_thread())
        return 7

    ops.run_in_background(opening, done=done.append, flush=False)
    qtbot.waitUntil(lambda: done == [7])
    assert ran_on and ran_on[0] is not threading.main_thread()
    errors: list[BaseException] = []
    ops.run_in_background(
        lambda: _refuse("no snapshot called 'x'"), done=lambda _r: None, failed=errors.append
    )
    qtbot.waitUntil(lambda: bool(errors))
    assert reports == [("no snapshot called 'x'", True)]
    ops.run_in_background(lambda: _refuse("quiet"), done=lambda _r: None, loud=False)
    qtbot.waitUntil(lambda: len(reports) == 2)
    assert reports[1] == ("quiet", False)  # a read nobody waited for: the status bar
    ops.close()


def test_a_reread_asked_again_meanwhile_runs_once_more_off_the_gui_thread(
    qtbot: QtBot, ops: Operations
) -> None:
    gate = threading.Event()
    calls: list[threading.Thread] = []
    answers: list[int] = []

    def read() -> int:
        calls.append(threading.current_thread())
        gate.wait(10)
        return len(calls)

    reread = Reread(ops, read, answers.append)
    reread.start()
    reread.start()  # while the first runs: merged into one more read after it
    reread.start()
    gate.set()
    qtbot.waitUntil(lambda: answers == [1, 2])
    assert not reread.running and len(calls) == 2
    assert all(thread is not threading.main_thread() for thread in calls)
    refused = failures(ops)
    failing = Reread(ops, lambda: _refuse("the sites could not be read"), answers.append)
    failing.start()
    qtbot.waitUntil(lambda: bool(refused))
    assert refused == ["the sites could not be read"] and answers == [1, 2]
    qtbot.waitUntil(lambda: not failing.running)


def test_the_workspace_reads_the_sites_through_its_runner_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = window.workspace
    assert workspace is not None
    workspace._site_reader.wait()
    read_on: list[threading.Thread] = []
    sites = gui_journal.sites

    def watched() -> list[str]:
        read_on.append(threading.current_thread())
        return sites()

    monkeypatch.setattr(gui_journal, "sites", watched)
    workspace._site_reader._call = gui_journal.sites
    gui_journal.add_entry(body="at the quay", site="Polwithen harbour")
    qtbot.waitUntil(lambda: workspace._sites == {"Polwithen harbour"})
    assert read_on and all(t is not threading.main_thread() for t in read_on)

    def unreadable() -> list[str]:
        raise OSError(5, "Input/output error", str(gui_journal.paths.root / "journal.db"))

    workspace._site_reader._call = unreadable
    gui_journal.add_entry(body="at the chapel", site="Chapel Street")
    qtbot.waitUntil(lambda: "Input/output error" in window.statusBar().currentMessage())
    assert workspace._sites == {"Polwithen harbour"}  # the last answer stays
