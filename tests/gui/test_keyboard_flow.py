"""The whole capture, link and search flow from the keyboard, against the real index."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import LinkRole
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.workspace import TAB_SEARCH
from tests.gui.helpers import press


def test_capture_link_code_and_find_again_without_the_mouse(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_actor("Ann Example")
    older = gui_journal.add_entry(title="Older note", body="Nothing about arms here.")
    workspace = window.workspace
    assert workspace is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    press(qtbot, window, Qt.Key.Key_N)
    body = workspace.editor.body
    qtbot.keyClicks(body, "Board today. @An")
    qtbot.waitUntil(body.popup().isVisible)
    qtbot.keyClick(body.popup(), Qt.Key.Key_Return)
    qtbot.keyClicks(body, " called the CVS the delivery arm.")
    entry = workspace.current
    assert entry is not None

    press(qtbot, window, Qt.Key.Key_L)
    qtbot.keyClicks(QApplication.focusWidget(), "Carol Fenwick")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_K)
    qtbot.keyClicks(QApplication.focusWidget(), "Power/Transmission belt")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    saved = gui_journal.get_entry(entry.id)
    assert saved.body == "Board today. Ann Example called the CVS the delivery arm."
    assert {(a.name, a.role) for a in saved.actors} == {
        ("Ann Example", LinkRole.PRESENT),
        ("Carol Fenwick", LinkRole.PRESENT),
    }
    assert saved.codes == ("Power/Transmission belt",)

    workspace.open_entry(older.id)
    press(qtbot, window, Qt.Key.Key_F)
    assert workspace.tabs.currentIndex() == TAB_SEARCH
    assert QApplication.focusWidget() is workspace.search.query
    qtbot.keyClicks(workspace.search.query, "delivery")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(workspace.search.query, Qt.Key.Key_Return)
    assert workspace.editor.entry_id == entry.id
    assert workspace.editor.body.highlight_count() == 1
    assert workspace.editor.body.textCursor().position() == saved.body.index("delivery")
