"""Alt+1…Alt+9 after a restart: the journal keeps its recently applied codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.app import open_journal
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.settings import AppSettings
from fieldjournal.gui.workspace import Workspace

BODY = "Orla said the CVS is the delivery arm. Tam nodded."
ALT = Qt.KeyboardModifier.AltModifier


def started(qtbot: QtBot, settings: AppSettings, journal: Journal) -> tuple[MainWindow, Workspace]:
    """The app started on ``journal``."""
    window = MainWindow(settings, open_journal)
    qtbot.addWidget(window)
    window.attach(journal)
    window.show()
    qtbot.waitExposed(window)
    assert window.workspace is not None
    return window, window.workspace


def select(qtbot: QtBot, workspace: Workspace, words: str) -> None:
    body = workspace.editor.body
    body.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is body)
    cursor = body.textCursor()
    cursor.setPosition(BODY.index(words))
    cursor.setPosition(BODY.index(words) + len(words), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)


def test_recent_codes_are_the_same_after_a_restart(
    qtbot: QtBot,
    tmp_path: Path,
    app_settings: AppSettings,
    new_journal: Callable[[Path], Journal],
) -> None:
    """Two runs of the app on one journal; each close takes the journal's last snapshot,
    which makes this test take about 3 s."""
    folder = tmp_path / "mcp-study"
    journal = new_journal(folder)
    entry = journal.add_entry(title="Board", body=BODY)
    journal.add_code("Power")
    journal.add_code("Trust/System trust")
    window, workspace = started(qtbot, app_settings, journal)
    workspace.open_entry(entry.id)
    for words, path in (("Orla", "Power"), ("CVS", "Trust/System trust")):
        select(qtbot, workspace, words)
        assert workspace.coding.apply_code(path)
    assert workspace.coding.recent == ["Trust/System trust", "Power"]
    assert window.close()
    journal.close()

    journal = Journal.open(folder, create=False)
    window, workspace = started(qtbot, app_settings, journal)
    workspace.open_entry(entry.id)
    assert workspace.coding.recent == ["Trust/System trust", "Power"]
    select(qtbot, workspace, "Tam")
    qtbot.keyClick(workspace.editor.body, Qt.Key.Key_2, ALT)  # the second: Power
    assert workspace.coding.recent == ["Power", "Trust/System trust"]
    select(qtbot, workspace, "nodded")
    qtbot.keyClick(workspace.editor.body, Qt.Key.Key_2, ALT)
    coded = {(s.text, s.code_path) for s in journal.get_entry(entry.id).segments}
    assert {("Tam", "Power"), ("nodded", "Trust/System trust")} <= coded
    assert window.close()
    journal.close()
