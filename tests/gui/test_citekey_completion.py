"""`@` offers the bibliography's works in the chapter editor and in a memo (by citekey,
author, year or title) and writes ``@citekey``; a fieldnote's `@` names actors only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.chapters import Section
from fieldjournal.domain.enums import EntryKind
from fieldjournal.gui.chapters.editor import ChapterEditor
from fieldjournal.gui.main_window import MainWindow
from fieldjournal.gui.widgets.at_completion import work_choices

REFS = Path(__file__).parents[1] / "fixtures" / "references"


def shown(model: QAbstractItemModel) -> list[str]:
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_works_are_listed_by_citekey_authors_year_and_title(journal: Journal) -> None:
    journal.import_references(REFS / "library.bib")
    choices = dict(work_choices(journal.list_references()))
    assert choices["@holt2000a · Holt and Vangsgaard 2000, Making partnerships move"] == (
        "@holt2000a"
    )
    assert choices["@dunmore2015 · Dunmore et al. 2015, Tenants Together"] == "@dunmore2015"


def test_the_chapter_prose_completes_a_citekey_from_a_title_word(
    qtbot: QtBot, journal: Journal
) -> None:
    journal.import_references(REFS / "library.bib")
    chapter = journal.add_chapter("Repairs", [Section("Waiting", 1, "")])
    editor = ChapterEditor(journal)
    qtbot.addWidget(editor)
    editor.load(chapter.id)
    editor.show()
    prose = editor.prose
    prose.setFocus()
    qtbot.keyClicks(prose, "Repairs wait [@inertia")
    popup = prose.citekeys.popup()
    qtbot.waitUntil(popup.isVisible)
    assert shown(popup.model()) == [
        "@holt2000b · Holt and Vangsgaard 2000, The inertia of collaboration"
    ]
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.keyClicks(prose, "].")
    assert prose.toPlainText() == "Repairs wait [@holt2000b]."
    journal.import_references(REFS / "library.json")  # the bibliography grows elsewhere
    works = prose.citekeys.completer.model()
    qtbot.waitUntil(lambda: works.rowCount() == 7)  # tallis2003 added


def test_a_memo_offers_works_and_a_fieldnote_does_not(
    qtbot: QtBot, window: MainWindow, gui_journal: Journal
) -> None:
    gui_journal.add_actor("Tobin Quayle")
    workspace = window.workspace
    assert workspace is not None
    body = workspace.editor.body
    memo = workspace.new_entry(EntryKind.MEMO)
    assert memo is not None
    gui_journal.import_references(REFS / "library.bib")  # heard by the open window
    offered = body.completer.model()
    qtbot.waitUntil(lambda: offered.rowCount() == 7)  # the actor and six works
    note = workspace.new_entry(EntryKind.FIELDNOTE)
    assert offered.rowCount() == 1  # a fieldnote: the actor only
    qtbot.keyClicks(body, "@marsh")
    assert not body.popup().isVisible()
    assert note is not None and workspace.editor.load(gui_journal.get_entry(memo.id))
    qtbot.keyClicks(body, "As @marsh")
    popup = body.popup()
    qtbot.waitUntil(popup.isVisible)
    assert [s.split(" · ")[0] for s in shown(popup.model())] == ["@marsh2019a", "@marsh2019b"]
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert body.toPlainText() == "As @marsh2019a"
    qtbot.keyClicks(body, " argues, with @tob")
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert body.toPlainText() == "As @marsh2019a argues, with Tobin Quayle"
    assert [a.name for a in gui_journal.get_entry(memo.id).actors] == ["Tobin Quayle"]
