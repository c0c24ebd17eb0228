"""Fixtures for driving the real window offscreen.

Settings go to an ini file under ``tmp_path`` (never the user's), and the journal is a
fresh folder per test, opened through the facade as the app does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.app import open_journal
from fieldjournal.domain.records import Entry
from fieldjournal.gui.editor.conflict_dialog import ConflictDialog, Resolution
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.settings import AppSettings
from fieldjournal.gui.workspace import Workspace
from tests.conftest import copy_of_empty_journal


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> Iterator[Path]:
    """Any QSettings() made during the test lands in tmp_path."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def app_settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def gui_journal(tmp_path: Path, empty_journal_db: Path) -> Iterator[Journal]:
    """A fresh journal, copied from the session's newly created one: creating each anew
    (every migration) and closing it (its first snapshot) took about 1.5 s a test."""
    journal = copy_of_empty_journal(empty_journal_db, tmp_path / "mcp-study")
    yield journal
    journal.close()


@pytest.fixture
def window(qtbot: QtBot, app_settings: AppSettings, gui_journal: Journal) -> Iterator[MainWindow]:
    """The main window with ``gui_journal`` mounted, shown and exposed."""
    win = MainWindow(app_settings, open_journal)
    qtbot.addWidget(win)
    win.attach(gui_journal)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.workspace is not None:
        win.workspace.shutdown()
        win.workspace = None
    win.journal = None  # the fixture closes it


@pytest.fixture
def workspace(window: MainWindow) -> Workspace:
    """The workspace of ``window``'s journal."""
    assert window.workspace is not None
    return window.workspace


@pytest.fixture
def active_window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """``window`` as the active window: shortcuts reach it, and leaving it saves."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


OpenNewEntry = Callable[..., Entry]


@pytest.fixture
def open_new_entry(gui_journal: Journal, workspace: Workspace) -> OpenNewEntry:
    """Adds an entry (``Journal.add_entry``'s fields) and opens it in the editor."""

    def open_new(**fields: Any) -> Entry:
        entry = gui_journal.add_entry(**fields)
        workspace.open_entry(entry.id)
        return entry

    return open_new


@pytest.fixture
def script(gui_journal: Journal) -> Iterator[Journal]:
    """A second journal on the window's folder, as a script or the command line opens it."""
    other = Journal.open(gui_journal.paths.root, create=False, search=False)
    yield other
    other.close(backup=False)


AnswerConflicts = Callable[[Resolution], list[tuple[str, str]]]


@pytest.fixture
def answer_conflicts(monkeypatch: pytest.MonkeyPatch) -> AnswerConflicts:
    """``answer_conflicts(choice)``: the conflict dialog answers ``choice`` from now on;
    the list it returns fills with the texts (mine, theirs) each time it is asked."""

    def answer(choice: Resolution) -> list[tuple[str, str]]:
        shown: list[tuple[str, str]] = []

        def ask(_label: str, mine: str, theirs: str, _parent: object) -> tuple[Resolution, bool]:
            shown.append((mine, theirs))
            return choice, True

        monkeypatch.setattr(ConflictDialog, "ask", staticmethod(ask))
        return shown

    return answer
