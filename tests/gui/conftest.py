"""Fixtures for driving the real window offscreen.

Settings go to an ini file under ``tmp_path`` (never the user's), and the journal is a
fresh folder per test, opened through the facade as the app does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.app import open_journal
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.settings import AppSettings
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
