"""A 1024×768 screen, and 200% scaling on a 1920×1080 one (960×540 to lay out in): the
windows fit, and nothing in them is cut off, whichever pane or tab is shown.

At 200% Qt lays the window out in logical pixels, exactly as at 100% on a screen half the
size; what scaling can break is the room, which the 960×540 checks cover.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.gui.chapters.window import ChapterEditorWindow
from fieldjournal.gui.main_window import MainWindow
from tests.gui.layout_checks import clipped

SMALL = QSize(1024, 768)
DOUBLED_1080 = QSize(960, 540 - 30)  # less a desktop panel


def _fits(size: QSize, screen: QSize) -> bool:
    return size.width() <= screen.width() and size.height() <= screen.height()


def _meeting(journal: Journal) -> str:
    entry = journal.add_entry(
        kind="meeting",
        title="Programme board, April",
        body="Ann (chair) thanked 'our partners in the voluntary sector'. Carol said little.",
        site="Millbrook CVS offices",
        actors=["Ann Example", "Bilal Moorcroft", "Carol Fenwick"],
        codes=["Leadership/Directive"],
    )
    journal.code_segment(entry.id, "Power/Transmission belt", 35, 72)
    journal.add_chapter("The delivery arm", [Section("Partners or instruments?", 1, "Words.")])
    return entry.id


@pytest.mark.parametrize("inspector", [False, True], ids=["folded", "inspector"])
def test_the_main_window_fits_and_nothing_is_cut_off(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal, inspector: bool
) -> None:
    assert _fits(window.minimumSizeHint(), DOUBLED_1080)
    entry_id = _meeting(gui_journal)
    workspace = window.workspace
    assert workspace is not None
    window.resize(SMALL)
    qtbot.waitUntil(lambda: window.size() == SMALL)
    workspace.open_entry(entry_id)
    workspace.show_inspector(inspector)
    for tab in range(workspace.tabs.count()):
        workspace.show_tab(tab)
        qtbot.wait(10)  # the tab's lazy list is read when shown
        assert clipped(window) == [], workspace.tabs.tabText(tab)


def test_the_chapter_editor_fits_and_nothing_is_cut_off(qtbot: QtBot, gui_journal: Journal) -> None:
    _meeting(gui_journal)
    gui_journal.add_entry(title="Corridor conversation after the board, by the lifts")
    editor = ChapterEditorWindow(gui_journal)
    qtbot.addWidget(editor)
    assert _fits(editor.minimumSizeHint(), DOUBLED_1080)
    editor.resize(SMALL)
    editor.show()
    qtbot.waitExposed(editor)
    assert clipped(editor) == []
