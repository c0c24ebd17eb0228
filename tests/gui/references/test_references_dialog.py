"""File › References…: the works in a table, where the selected one is cited, and a
memo that cites it opened in the editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.references.references_dialog import ReferenceTableModel

REFS = Path(__file__).parents[2] / "fixtures" / "references"


def test_the_table_model_passes_the_model_tester(
    qtmodeltester: ModelTester, journal: Journal
) -> None:
    journal.import_references(REFS / "library.bib")
    model = ReferenceTableModel()
    model.set_references(journal.list_references())
    qtmodeltester.check(model)
    assert model.rowCount() == 6
    assert [model.index(4, c).data() for c in range(4)] == [
        "marsh2019a",
        "Marsh",
        "2019",
        "Waiting rooms",
    ]


def test_a_work_shows_where_it_is_cited_and_opens_a_citing_memo(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.import_references(REFS / "library.bib")
    memo = gui_journal.add_entry(
        kind="memo", title="On stalling", occurred_at="2016-04-06", body="As @holt2000a argues."
    )
    gui_journal.add_chapter("Partners", [Section("S", 1, "[@holt2000a]")])
    window.menu_actions.references_action.trigger()
    dialog = window.references_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.reference(2).citekey == "holt2000a"
    dialog.table.selectRow(2)
    assert dialog.summary.text() == "@holt2000a is cited in 1 memo and 1 chapter."
    items = [dialog.cited.item(i).text() for i in range(dialog.cited.count())]
    assert items == ["Memo, 6 April 2016: On stalling", "Chapter: Partners"]
    dialog.cited.itemActivated.emit(dialog.cited.item(0))
    assert window.workspace is not None and window.workspace.editor.entry_id == memo.id
    dialog.table.selectRow(1)  # ferrand2011: cited nowhere
    assert dialog.summary.text() == "@ferrand2011 is cited in 0 memos and 0 chapters."
    assert dialog.cited.count() == 0


def test_a_citing_chapter_opens_in_the_chapter_editor_by_keyboard(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.import_references(REFS / "library.bib")
    chapter = gui_journal.add_chapter("Partners", [Section("S", 1, "[@holt2000a]")])
    window.open_chapters()  # showing another chapter, the one changed last
    gui_journal.add_chapter("Elsewhere", [Section("S", 1, "No citation.")])
    assert window._chapter_window is not None
    window._chapter_window.editor.load(gui_journal.list_chapters()[0].id)
    assert window._chapter_window.editor.chapter_id != chapter.id
    window.menu_actions.references_action.trigger()
    dialog = window.references_dialog
    assert dialog is not None
    dialog.table.setFocus()
    dialog.table.selectRow(2)  # holt2000a
    dialog.cited.setFocus()
    dialog.cited.setCurrentRow(0)
    qtbot.keyClick(dialog.cited, Qt.Key.Key_Return)
    chapters = window._chapter_window
    assert chapters is not None and chapters.editor.chapter_id == chapter.id
