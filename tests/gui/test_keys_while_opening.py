"""Ctrl+N and a jotting typed straight after starting the app, while the journal is still
opening, are not lost: the fieldnote starts as soon as the journal is open, with the words."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.settings import AppSettings


@pytest.fixture
def slow_window(
    qtbot: QtBot, app_settings: AppSettings, gui_journal: Journal
) -> Iterator[tuple[MainWindow, threading.Event]]:
    """A window whose journal opens only when the test says so."""
    ready = threading.Event()

    def open_slowly(_path: str | None, _create: bool) -> Journal:
        assert ready.wait(30)
        return gui_journal

    window = MainWindow(app_settings, open_slowly)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, ready
    ready.set()
    window.wait_until_open(30)
    if window.workspace is not None:
        window.workspace.shutdown()
        window.workspace = None
    window.journal = None  # the fixture closes it


def test_a_jotting_typed_while_the_journal_opens_lands_in_a_new_fieldnote(
    qtbot: QtBot, slow_window: tuple[MainWindow, threading.Event], gui_journal: Journal
) -> None:
    window, ready = slow_window
    window.open_journal(str(gui_journal.paths.root), create=False)
    window.activateWindow()
    target = window.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(target, "Soup ran outx")
    qtbot.keyClick(target, Qt.Key.Key_Backspace)
    assert window.workspace is None  # still opening
    ready.set()
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.current is not None)
    workspace = window.workspace
    assert workspace is not None
    assert workspace.editor.body.toPlainText() == "Soup ran out"
    assert workspace.save()
    (entry,) = gui_journal.list_entries()
    assert gui_journal.get_entry(entry.id).body == "Soup ran out"
    assert gui_journal.get_entry(entry.id).kind is EntryKind.FIELDNOTE
    qtbot.keyClicks(workspace.editor.body, ".")  # the keys go where they always go again
    assert workspace.editor.body.toPlainText() == "Soup ran out."


def test_typing_without_asking_for_an_entry_starts_none(
    qtbot: QtBot, slow_window: tuple[MainWindow, threading.Event], gui_journal: Journal
) -> None:
    window, ready = slow_window
    window.open_journal(str(gui_journal.paths.root), create=False)
    qtbot.keyClicks(window.focusWidget() or window, "stray")
    ready.set()
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert gui_journal.list_entries() == []
