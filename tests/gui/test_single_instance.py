"""One window per journal: a second launch finds the first and asks it to come forward."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import fieldjournal.app as app_module
import fieldjournal.gui.single_instance as single_instance
from fieldjournal import Journal
from fieldjournal.app import open_journal
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.settings import AppSettings
from fieldjournal.gui.single_instance import SingleInstance, ask_to_show


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "larkhill-study"
    folder.mkdir()
    return folder


class Answers:
    """A stand-in for a dialog or a request: records what it was given, answers ``reply``."""

    def __init__(self, reply: bool) -> None:
        self.reply = reply
        self.given: list[object] = []

    def __call__(self, *args: object) -> bool:
        self.given.append(args[-1])
        return self.reply


def in_thread(work: Callable[[], bool]) -> tuple[threading.Thread, list[bool]]:
    """Run a client's blocking call off the GUI thread, so this thread's loop can answer it."""
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    return thread, result


def test_a_second_window_finds_the_first_and_asks_it_to_come_forward(
    qtbot: QtBot, root: Path
) -> None:
    first, second = SingleInstance(), SingleInstance()
    assert first.claim(root)
    assert not second.claim(root)
    assert second.open_elsewhere(root) and not first.open_elsewhere(root)
    with qtbot.waitSignal(first.show_requested, timeout=10_000):
        thread, answered = in_thread(lambda: ask_to_show(second.path_for(root)))
    thread.join(10)
    assert answered == [True]
    first.release()


def test_every_spelling_of_the_folder_is_the_same_journal(root: Path) -> None:
    guard = SingleInstance()
    assert guard.claim(root)
    assert guard.holds(root / ".") and guard.holds(
        root.parent / ".." / root.parent.name / root.name
    )
    assert not guard.holds(root.with_name("other-study"))
    guard.release()


def test_a_socket_left_by_a_crashed_window_does_not_block_the_journal(root: Path) -> None:
    guard = SingleInstance()
    path = guard.path_for(root)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))  # bound and never listened on: what a killed process leaves
    dead.close()
    assert path.exists() and not guard.open_elsewhere(root)
    assert guard.claim(root)
    guard.release()


def test_closing_the_journal_lets_another_window_have_it(root: Path) -> None:
    first, second = SingleInstance(), SingleInstance()
    assert first.claim(root)
    first.release()
    assert not first.path_for(root).exists()
    assert second.claim(root)
    assert not first.claim(root)
    second.release()


def test_the_window_with_the_journal_comes_forward_when_asked(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    path = window.single_instance.path_for(gui_journal.paths.root)
    assert window.single_instance.holds(gui_journal.paths.root)
    with qtbot.waitSignal(window.single_instance.show_requested, timeout=10_000):
        thread, answered = in_thread(lambda: ask_to_show(path))
    thread.join(10)
    assert answered == [True]
    assert "started again on this journal" in window.statusBar().currentMessage()


def test_opening_a_journal_open_in_another_window_offers_that_window(
    qtbot: QtBot,
    window: MainWindow,
    gui_journal: Journal,
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offered, asked = Answers(True), Answers(True)
    monkeypatch.setattr(single_instance, "offer_to_show", offered)
    monkeypatch.setattr(single_instance, "ask_to_show", asked)
    other = MainWindow(app_settings, open_journal)
    qtbot.addWidget(other)
    other.open_journal(str(gui_journal.paths.root), create=False)
    assert offered.given == [gui_journal.paths.root.name]
    assert asked.given == [window.single_instance.path_for(gui_journal.paths.root)]
    assert other.journal is None and not other._opener.busy  # it did not open it twice


def test_a_second_launch_on_the_journal_opens_no_window(
    qtbot: QtBot, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = SingleInstance()
    assert first.claim(root)
    offered = Answers(False)
    monkeypatch.setattr(single_instance, "offer_to_show", offered)
    assert app_module.run(str(root)) == 0
    assert offered.given == [root.name]
    first.release()


def test_no_answer_from_the_other_window_is_told_to_the_user(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = Answers(True)
    monkeypatch.setattr(single_instance, "offer_to_show", Answers(True))
    monkeypatch.setattr(single_instance, "tell", told)
    hung = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # listens, never answers
    guard = SingleInstance()
    path = guard.path_for(root)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    hung.bind(str(path))
    hung.listen(1)
    monkeypatch.setattr(single_instance, "ANSWER_SECONDS", 0.2)
    with hung:
        assert not single_instance.show_other_window(None, guard, root)
    assert len(told.given) == 1 and "did not answer" in str(told.given[0])
