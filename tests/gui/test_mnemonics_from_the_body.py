"""From the body: Alt+letter opens a menu or moves to a field and never types its letter;
Ctrl+T reaches the title. Key events, as the researcher presses them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import Workspace
from tests.gui.helpers import press

ALT = Qt.KeyboardModifier.AltModifier


def writing(qtbot: QtBot, window: MainWindow, kind: EntryKind) -> Workspace:
    workspace = window.workspace
    assert workspace is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    workspace.new_entry(kind)
    body = workspace.editor.body
    qtbot.waitUntil(lambda: QApplication.focusWidget() is body)
    qtbot.keyClicks(body, "Tea first")
    return workspace


def test_alt_and_a_menus_letter_opens_that_menu_from_the_body(
    qtbot: QtBot, window: MainWindow
) -> None:
    workspace = writing(qtbot, window, EntryKind.FIELDNOTE)
    body = workspace.editor.body
    for key, title in ((Qt.Key.Key_E, "&Edit"), (Qt.Key.Key_N, "E&ntry"), (Qt.Key.Key_V, "&View")):
        qtbot.keyClick(body, key, ALT)
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu) and menu.title() == title
        menu.close()
        body.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is body)
    assert body.toPlainText() == "Tea first"


def test_alt_and_a_letter_nothing_uses_types_nothing(qtbot: QtBot, window: MainWindow) -> None:
    """Alt+A is Attendees' key, a row a fieldnote hides; Alt+G is no one's."""
    workspace = writing(qtbot, window, EntryKind.FIELDNOTE)
    body = workspace.editor.body
    for key in (Qt.Key.Key_A, Qt.Key.Key_G):
        qtbot.keyClick(body, key, ALT)
    assert body.toPlainText() == "Tea first"
    assert QApplication.focusWidget() is body


def test_alt_a_moves_to_attendees_in_a_meeting(qtbot: QtBot, window: MainWindow) -> None:
    workspace = writing(qtbot, window, EntryKind.MEETING)
    qtbot.keyClick(workspace.editor.body, Qt.Key.Key_A, ALT)
    assert QApplication.focusWidget() is workspace.editor.attendees
    assert workspace.editor.body.toPlainText() == "Tea first"


def test_ctrl_t_reaches_the_title_and_ctrl_e_goes_back(qtbot: QtBot, window: MainWindow) -> None:
    workspace = writing(qtbot, window, EntryKind.FIELDNOTE)
    editor = workspace.editor
    editor.title.setText("Lunch club")
    press(qtbot, window, Qt.Key.Key_T)
    assert QApplication.focusWidget() is editor.title
    assert not editor.title.hasSelectedText()  # a key typed now adds to the title
    qtbot.keyClicks(editor.title, " at Riverside")
    press(qtbot, window, Qt.Key.Key_E)
    assert QApplication.focusWidget() is editor.body
    assert editor.title.text() == "Lunch club at Riverside"
    assert editor.body.toPlainText() == "Tea first"


def test_the_chapter_prose_types_no_alt_letter_and_opens_its_menus(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    chapter = gui_journal.add_chapter("Arms", [Section("One", 1, "First.")])
    window.open_chapters()
    chapters = window._chapter_window
    assert chapters is not None
    chapters.editor.load(chapter.id)
    chapters.show()
    chapters.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is chapters)
    prose = chapters.editor.prose
    prose.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is prose)
    qtbot.keyClick(prose, Qt.Key.Key_G, ALT)  # no one's key
    assert prose.toPlainText() == "First."
    qtbot.keyClick(prose, Qt.Key.Key_F, ALT)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.title() == "&File"
    menu.close()
    chapters.close()
